/* SPDX-License-Identifier: MIT */
/*
 * test_device.c - device memory costs host memory only as it is used, as
 * RAM does (issue 13, item 2): registering a 64 GiB device once spent
 * 2 GiB on struct pages at set-up.  The pages of such a device still work
 * when first used, DAX and device-private alike, with the checker on.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <errno.h>
#include <stdbool.h>
#include <unistd.h>
#include <cmocka.h>
#include "unit/mmk_test.h"

#define RW (MMK_PROT_READ | MMK_PROT_WRITE)
#define BIG (64 * GiB)

/* This process's resident memory, in bytes (/proc/self/statm). */
static uint64_t rss_now(void)
{
	unsigned long size = 0, resident = 0;
	FILE *f = fopen("/proc/self/statm", "r");

	assert_non_null(f);
	assert_int_equal(fscanf(f, "%lu %lu", &size, &resident), 2);
	fclose(f);
	return (uint64_t)resident * (uint64_t)sysconf(_SC_PAGESIZE);
}

static struct mmk_machine *big_machine(void)
{
	struct mmk_config cfg;
	struct mmk_machine *m;

	mmk_config_init(&cfg);
	cfg.ram_bytes = 64 * MiB;
	cfg.device_bytes = 2 * BIG + 8 * MiB;
	m = tm_machine_cfg(&cfg);
	mmk_set_checking(m, true);
	return m;
}

static void test_lazy_dax(void **state)
{
	struct mmk_machine *m = big_machine();
	struct mm_struct *mm = tm_mm(m);
	struct mmk_device *dev = NULL;
	struct mmk_device_stats st;
	uint64_t before = rss_now();
	uint64_t va = 0x40000000;

	(void)state;
	assert_int_equal(mmk_device_create(m, MMK_DEVICE_DAX, BIG, PG, &dev), 0);
	/* 16M struct pages of 128 bytes each, were they set up at once. */
	assert_true(rss_now() - before < 64 * MiB);
	/* The last pages of the device, so nothing before them is set up. */
	assert_int_equal(mmk_mmap_device(mm, va, 2 * PG, RW, dev, BIG - 2 * PG), 0);
	tm_put(mm, va, 42);
	tm_put(mm, va + PG, 43);
	assert_int_equal(tm_get(mm, va), 42);
	assert_true(tm_page(mm, va + PG).device);
	tm_check_clean(m);
	mmk_device_stats(dev, &st);
	assert_int_equal(st.pages, BIG / PG);
	assert_int_equal(st.used, 2);
	assert_int_equal(mmk_device_unbind(dev), 0);
	assert_int_equal(tm_read64(mm, va, &(uint64_t){ 0 }), -MMK_SIGBUS);
	tm_check_clean(m);
	mmk_exit(mm);
	tm_assert_empty(m);
	mmk_machine_destroy(m);
}

static void test_lazy_private(void **state)
{
	struct mmk_machine *m = big_machine();
	struct mm_struct *mm = tm_mm(m);
	struct mmk_device *dev = NULL;
	unsigned long moved = 0;
	uint64_t before = rss_now();
	uint64_t va = 0x40000000;

	(void)state;
	assert_int_equal(mmk_device_create(m, MMK_DEVICE_PRIVATE, BIG, 0, &dev), 0);
	assert_true(rss_now() - before < 64 * MiB);
	assert_int_equal(mmk_mmap(mm, va, 4 * PG, RW, MMK_MAP_PRIVATE), 0);
	tm_fill(mm, va, 4 * PG, 7);
	assert_int_equal(mmk_migrate_to_device(mm, va, 4, dev, &moved), 0);
	assert_int_equal(moved, 4);
	assert_true(tm_pte(mm, va + 3 * PG).device);
	tm_check_clean(m);
	/* A CPU access brings a page back; the others go back by migration. */
	tm_check_fill(mm, va, PG, 7);
	assert_int_equal(mmk_migrate_to_ram(mm, va, 4, &moved), 0);
	tm_check_fill(mm, va, 4 * PG, 7);
	/* Pages freed on the device are used again before new ones are set up. */
	assert_int_equal(mmk_migrate_to_device(mm, va, 4, dev, &moved), 0);
	assert_int_equal(moved, 4);
	tm_check_clean(m);
	assert_int_equal(mmk_device_unbind(dev), 0);
	tm_check_fill(mm, va, 4 * PG, 7);
	tm_check_clean(m);
	mmk_exit(mm);
	tm_assert_empty(m);
	mmk_machine_destroy(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lazy_dax),
		cmocka_unit_test(test_lazy_private),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

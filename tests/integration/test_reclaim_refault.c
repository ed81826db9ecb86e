/* SPDX-License-Identifier: MIT */
/*
 * test_reclaim_refault.c - the 2025 "incorrect reclaim of non-empty PTE
 * pages" scenario, interposed deterministically under every policy.
 *
 * With gather 8, MADV_DONTNEED of a fully populated table fills its
 * mmu_gather batch after 8 pages and drops the PTL to flush.  At exactly
 * that point (the zap_ptl_dropped tracepoint) the test writes to the first
 * page of the table, which the zap has already passed: a refault installs
 * a new entry in the table being zapped.  The zap then finishes and the
 * policy decides whether to free the table.  It must not: the new entry
 * keeps the table alive, and the written bytes stay readable.  A control
 * run without the refault shows the same zap does free the table under
 * every reclaiming policy, so the test can tell the difference.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include "internal.h"
#include "unit/mmk_test.h"

#define BASE 0x40000000UL

struct refault {
	int calls;
	int ret;
};

static void refault_hook(struct mm_struct *mm, uint64_t addr, void *arg)
{
	struct refault *rf = arg;

	(void)addr;
	if (rf->calls++ == 0)
		rf->ret = mmk_access(mm, BASE, "refault", 7, 1);
}

static void touch_table(struct mm_struct *mm, uint64_t start)
{
	for (uint64_t a = start; a < start + PMD_SIZE; a += PAGE_SIZE) {
		unsigned char v = 0x5a;
		assert_int_equal(mmk_access(mm, a, &v, 1, 1), 0);
	}
}

static bool table_present(struct mm_struct *mm, uint64_t addr)
{
	mmk_entry_t *pmdp = mm_find_pmd(mm, addr);

	return pmdp && !pmd_none(entry_read(pmdp));
}

static void run(enum mmk_policy policy)
{
	struct mmk_config cfg;
	struct mmk_machine *m;
	struct mm_struct *mm;
	struct refault rf = { 0 };
	char buf[8] = { 0 };
	unsigned char z = 1;
	bool reclaims = policy != MMK_POLICY_KEEP;

	mmk_config_init(&cfg);
	cfg.gather_pages = 8;
	cfg.policy = policy;
	assert_int_equal(mmk_machine_create(&cfg, &m), 0);
	assert_int_equal(mmk_cpu_attach(m, 0), 0);
	assert_int_equal(mmk_mm_create(m, &mm), 0);
	assert_int_equal(mmk_mmap(mm, BASE, 2 * PMD_SIZE, MMK_PROT_READ | MMK_PROT_WRITE, 0), 0);
	touch_table(mm, BASE);
	touch_table(mm, BASE + PMD_SIZE);

	/* Control: the same zap, uninterrupted, frees the table. */
	assert_int_equal(mmk_madvise(mm, BASE + PMD_SIZE, PMD_SIZE, MMK_MADV_DONTNEED), 0);
	assert_int_equal(table_present(mm, BASE + PMD_SIZE), !reclaims);

	/* Interposed: a refault while the zap has the PTL dropped. */
	m->trace_arg = &rf;
	m->trace_zap_ptl_dropped = refault_hook;
	assert_int_equal(mmk_madvise(mm, BASE, PMD_SIZE, MMK_MADV_DONTNEED), 0);
	m->trace_zap_ptl_dropped = NULL;
	assert_true(rf.calls > 0);
	assert_int_equal(rf.ret, 0);
	assert_true(table_present(mm, BASE));
	assert_int_equal(mmk_access(mm, BASE, buf, 7, 0), 0);
	assert_string_equal(buf, "refault");
	assert_int_equal(mmk_access(mm, BASE + PAGE_SIZE, &z, 1, 0), 0);
	assert_int_equal(z, 0);		/* the rest of the table was zapped */

	mmk_exit(mm);
	mmk_sync(m);
	struct mmk_sys_stats ss;
	mmk_machine_stats(m, &ss);
	assert_int_equal(ss.frames_used, 0);
	mmk_cpu_detach(m);
	mmk_machine_destroy(m);
}

MMK_POLICY_MAIN(run)

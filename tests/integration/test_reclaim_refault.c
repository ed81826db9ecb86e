/* SPDX-License-Identifier: MIT */
/*
 * test_reclaim_refault.c - the 2025 "incorrect reclaim of non-empty PTE
 * pages" scenario, interposed deterministically under every policy.
 *
 * With gather 8, MADV_DONTNEED of a fully populated table fills its
 * mmu_gather batch after 8 pages and drops the PTL to flush.  At exactly
 * that point (the zap_ptl_dropped tracepoint) another thread, on CPU 1,
 * writes to the first page of the table, which the zap has already
 * passed: a refault installs a new entry in the table being zapped.  (The
 * zapping thread waits for it; it must not fault itself, since it holds
 * mmap_lock for read and read locks do not nest.)  The zap then finishes and the
 * policy decides whether to free the table.  It must not: the new entry
 * keeps the table alive, and the written bytes stay readable.  A control
 * run without the refault shows the same zap does free the table under
 * every reclaiming policy, so the test can tell the difference.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <pthread.h>
#include <string.h>
#include "pgtable.h"
#include "unit/mmk_test.h"
#include "unit/pt_test.h"

#define BASE 0x40000000UL

struct refault {
	struct mm_struct *mm;
	int calls;
	int ret;
};

/* Another CPU writes to the table's first page. */
static void *refault_thread(void *arg)
{
	struct refault *rf = arg;
	struct mmk_machine *m = mmk_mm_machine(rf->mm);

	assert_int_equal(mmk_cpu_attach(m, 1), 0);
	rf->ret = mmk_access(rf->mm, BASE, "refault", 7, 1);
	mmk_cpu_detach(m);
	return NULL;
}

static void refault_hook(struct mm_struct *mm, uint64_t addr, void *arg)
{
	struct refault *rf = arg;
	pthread_t t;

	(void)addr;
	if (rf->calls++)
		return;
	rf->mm = mm;
	assert_int_equal(pthread_create(&t, NULL, refault_thread, rf), 0);
	pthread_join(t, NULL);
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
	mmk_entry_t *pmdp = tm_find_pmd(mm, addr);

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

/*
 * The same interposition with policies.md's bug reclaim_no_rescan (the
 * fast path taken although the PTL was dropped): the table is freed with
 * the refaulted entry in it.  The continuous checker reports invariant 2
 * at the free, and the write is lost.
 */
static void run_bug(enum mmk_policy policy)
{
	struct mmk_config cfg;
	struct mmk_machine *m;
	struct mm_struct *mm;
	struct refault rf = { 0 };
	struct mmk_violation v;
	char buf[8] = { 0 };

	mmk_config_init(&cfg);
	cfg.gather_pages = 8;
	cfg.policy = policy;
	cfg.bugs = MMK_BUG_RECLAIM_NO_RESCAN;
	assert_int_equal(mmk_machine_create(&cfg, &m), 0);
	mmk_set_checking(m, true);
	assert_int_equal(mmk_cpu_attach(m, 0), 0);
	assert_int_equal(mmk_mm_create(m, &mm), 0);
	assert_int_equal(mmk_mmap(mm, BASE, PMD_SIZE, MMK_PROT_READ | MMK_PROT_WRITE, 0), 0);
	touch_table(mm, BASE);
	m->trace_arg = &rf;
	m->trace_zap_ptl_dropped = refault_hook;
	assert_int_equal(mmk_madvise(mm, BASE, PMD_SIZE, MMK_MADV_DONTNEED), 0);
	m->trace_zap_ptl_dropped = NULL;
	assert_int_equal(rf.ret, 0);
	mmk_sync(m);		/* the table's RCU-deferred free runs the check */
	assert_int_equal(mmk_violation_pending(m, &v), 1);
	assert_int_equal(v.invariant, 2);
	assert_false(table_present(mm, BASE));
	assert_int_equal(mmk_access(mm, BASE, buf, 7, 0), 0);
	assert_string_not_equal(buf, "refault");	/* the write is gone */
	/* The leaked page is mapped by nothing but counts a mapping. */
	assert_int_equal(mmk_check(m, &v), 1);
	/* Tear down what is left; the lost page simply stays allocated. */
	mmk_set_checking(m, false);
	mmk_exit(mm);
	mmk_cpu_detach(m);
	mmk_machine_destroy(m);
}

static void test_bug_linux(void **s) { (void)s; run_bug(MMK_POLICY_LINUX); }
static void test_bug_full(void **s) { (void)s; run_bug(MMK_POLICY_FULL); }

MMK_POLICY_TESTS(run)

int main(void)
{
	const struct CMUnitTest tests[] = {
		MMK_POLICY_TEST_LIST,
		cmocka_unit_test(test_bug_linux),
		cmocka_unit_test(test_bug_full),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

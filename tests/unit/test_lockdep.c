/* SPDX-License-Identifier: MIT */
/*
 * test_lockdep.c - the run-time lock rules (src/lockdep.h).
 *
 * First the checker itself: locks taken in the wrong order on purpose, a
 * release of a lock not held, a second reader, an assertion about a lock
 * another thread holds, a wait under a spinlock; each must be reported
 * (to this thread's report hook, which keeps the report instead of
 * aborting), and the legal cases (ascending ranks, a nested subclass, a
 * trylock against the order) must not be.
 *
 * Then the library under it: reclaim runs from allocations made in every
 * context that allocates (a fault under each policy's walk protocol, fork
 * copying a pinned page, a table allocation) while other mms have lazily
 * freed pages and a device mirror registered; any lock taken against the
 * order on those paths aborts the test.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <pthread.h>
#include <cmocka.h>
#include "mmap_lock.h"
#include "unit/mmk_test.h"

static __thread char last_report[4096];
static __thread int reports;

static void keep_report(const char *report)
{
	snprintf(last_report, sizeof(last_report), "%s", report);
	reports++;
}

/* Expect exactly one new report, containing @needle. */
#define EXPECT_REPORT(needle) do {					\
		assert_int_equal(reports, 1);				\
		if (!strstr(last_report, (needle)))			\
			fail_msg("report lacks \"%s\": %s", (needle), last_report); \
		reports = 0;						\
	} while (0)
#define EXPECT_NO_REPORT() do {						\
		if (reports)						\
			fail_msg("unexpected report: %s", last_report);	\
	} while (0)

static int setup(void **state)
{
	(void)state;
	if (!LOCKDEP_ON)
		return 0;
	lockdep_report_hook = keep_report;
	reports = 0;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	lockdep_report_hook = NULL;
	return 0;
}

#define NEED_LOCKDEP() do {						\
		if (!LOCKDEP_ON) {					\
			fprintf(stderr, "skipped: a release build has no lock rules\n"); \
			skip();						\
		}							\
	} while (0)

/* A PTL, then a pmd lock: the order is pmd lock -> PTL. */
static void test_inversion_reported(void **state)
{
	spinlock_t ptl, pml;

	(void)state;
	NEED_LOCKDEP();
	spin_lock_init(&ptl, LOCK_RANK_PTL);
	spin_lock_init(&pml, LOCK_RANK_PMD);
	spin_lock(&ptl);
	EXPECT_NO_REPORT();
	spin_lock(&pml);
	EXPECT_REPORT("lock order inversion: pmd lock");
	assert_non_null(strstr(last_report, "holds PTL"));
	spin_unlock(&pml);
	spin_unlock(&ptl);
	EXPECT_NO_REPORT();
}

static void test_legal_orders_quiet(void **state)
{
	spinlock_t pml, ptl1, ptl2, tlb;

	(void)state;
	NEED_LOCKDEP();
	spin_lock_init(&pml, LOCK_RANK_PMD);
	spin_lock_init(&ptl1, LOCK_RANK_PTL);
	spin_lock_init(&ptl2, LOCK_RANK_PTL);
	spin_lock_init(&tlb, LOCK_RANK_TLB);
	spin_lock(&pml);
	spin_lock(&ptl1);
	spin_lock_nested(&ptl2, SINGLE_DEPTH_NESTING);	/* fork's second PTL */
	spin_lock(&tlb);
	spin_unlock(&tlb);
	spin_unlock(&ptl2);
	spin_unlock(&ptl1);
	spin_unlock(&pml);
	/* A PTL holder may trylock, never lock, a pmd lock. */
	spin_lock(&ptl1);
	assert_true(spin_trylock(&pml));
	spin_unlock(&pml);
	spin_unlock(&ptl1);
	EXPECT_NO_REPORT();
	/* Two PTLs without the nesting annotation are reported. */
	spin_lock(&ptl1);
	spin_lock(&ptl2);
	EXPECT_REPORT("lock order inversion: PTL");
	spin_unlock(&ptl2);
	spin_unlock(&ptl1);
}

static void test_release_not_held(void **state)
{
	spinlock_t l;

	(void)state;
	NEED_LOCKDEP();
	spin_lock_init(&l, LOCK_RANK_POOL);
	spin_lock(&l);
	spin_unlock(&l);
	spin_unlock(&l);
	EXPECT_REPORT("which this thread does not hold");
}

/* Read locks of mmap_lock never nest: a waiting writer would deadlock them. */
static void test_recursive_read(void **state)
{
	struct percpu_rw_semaphore s;

	(void)state;
	NEED_LOCKDEP();
	percpu_init_rwsem(&s, LOCK_RANK_MMAP);
	percpu_down_read(&s);
	percpu_down_read(&s);
	EXPECT_REPORT("taken again by the thread that holds it");
	percpu_up_read(&s);
	percpu_up_read(&s);
	EXPECT_NO_REPORT();
}

struct holder {
	struct mm_struct *mm;
	spinlock_t *l;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int stage;		/* 1: holds, 2: may let go */
};

static void *hold_locks(void *arg)
{
	struct holder *h = arg;

	mmap_write_lock(h->mm);
	spin_lock(h->l);
	pthread_mutex_lock(&h->mu);
	h->stage = 1;
	pthread_cond_broadcast(&h->cv);
	while (h->stage != 2)
		pthread_cond_wait(&h->cv, &h->mu);
	pthread_mutex_unlock(&h->mu);
	spin_unlock(h->l);
	mmap_write_unlock(h->mm);
	return NULL;
}

/* "Held" means held by this thread, not by somebody. */
static void test_assert_held_is_per_thread(void **state)
{
	struct holder h = { .mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER };
	struct mmk_machine *m = tm_machine(4 * MiB, 1, 0);
	spinlock_t l;
	pthread_t t;

	(void)state;
	NEED_LOCKDEP();
	spin_lock_init(&l, LOCK_RANK_PTL);
	h.mm = tm_mm(m);
	h.l = &l;
	assert_int_equal(pthread_create(&t, NULL, hold_locks, &h), 0);
	pthread_mutex_lock(&h.mu);
	while (h.stage != 1)
		pthread_cond_wait(&h.cv, &h.mu);
	pthread_mutex_unlock(&h.mu);
	lockdep_assert_held(&l);
	EXPECT_REPORT("must be held by this thread");
	mmap_assert_locked(h.mm);
	EXPECT_REPORT("must be held by this thread");
	mmap_assert_write_locked(h.mm);
	EXPECT_REPORT("must be held for write by this thread");
	pthread_mutex_lock(&h.mu);
	h.stage = 2;
	pthread_cond_broadcast(&h.cv);
	pthread_mutex_unlock(&h.mu);
	pthread_join(t, NULL);
	/* Held for read is held, not held for write. */
	mmap_read_lock(h.mm);
	mmap_assert_locked(h.mm);
	EXPECT_NO_REPORT();
	mmap_assert_write_locked(h.mm);
	EXPECT_REPORT("must be held for write");
	mmap_read_unlock(h.mm);
	mmk_exit(h.mm);
	mmk_cpu_detach(m);
	mmk_machine_destroy(m);
}

static void test_sleep_under_spinlock(void **state)
{
	struct rw_semaphore s;
	spinlock_t l;

	(void)state;
	NEED_LOCKDEP();
	init_rwsem(&s, LOCK_RANK_PT_RWSEM);
	spin_lock_init(&l, LOCK_RANK_PAGE_TABLE);
	spin_lock(&l);
	down_read(&s);
	/* Both: the rwsem ranks before the spinlock, and it may sleep. */
	assert_true(reports >= 1);
	assert_non_null(strstr(last_report, "pt_rwsem"));
	reports = 0;
	up_read(&s);
	spin_unlock(&l);
	destroy_rwsem(&s);
}

/* ---- the library's reclaim paths, under every policy ---- */
#define VA_A 0x10000000ULL
#define VA_B 0x20000000ULL
#define RW (MMK_PROT_READ | MMK_PROT_WRITE)

static void reclaim_everywhere(enum mmk_policy policy)
{
	struct mmk_config cfg;
	struct mmk_machine *m;
	struct mmk_device *dev;
	struct mm_struct *a, *b, *child;
	struct page *pin;
	uint64_t v = 0;
	char c;

	mmk_config_init(&cfg);
	cfg.ram_bytes = 48 * PG;
	cfg.ncpus = 1;
	cfg.policy = policy;
	assert_int_equal(mmk_machine_create(&cfg, &m), 0);
	assert_int_equal(mmk_cpu_attach(m, 0), 0);
	assert_int_equal(mmk_device_create(m, MMK_DEVICE_PRIVATE, 64 * PG, 0, &dev), 0);
	a = tm_mm(m);
	b = tm_mm(m);
	/* B: 16 pages, mirrored by the device (a notifier), then lazily freed. */
	assert_int_equal(mmk_mmap(b, VA_B, 16 * PG, RW, 0), 0);
	tm_fill(b, VA_B, 16 * PG, 1);
	assert_int_equal(mmk_device_access(dev, b, VA_B, &c, 1, 0), 0);
	assert_int_equal(mmk_madvise(b, VA_B, 16 * PG, MMK_MADV_FREE), 0);
	/* A: a pinned page, then faults until RAM is full and reclaim ran. */
	assert_int_equal(mmk_mmap(a, VA_A, 64 * PG, RW, 0), 0);
	tm_put(a, VA_A, 42);
	assert_int_equal(mmk_pin_user_pages(a, VA_A, 1, MMK_FOLL_WRITE, &pin), 1);
	for (uint64_t p = 1; tm_sys(m).frames_used < tm_sys(m).frames_total; p++)
		tm_put(a, VA_A + p * PG, p);
	/* fork copies the pinned page: its allocation reclaims too. */
	assert_int_equal(mmk_fork(a, &child), 0);
	assert_int_equal(tm_get(child, VA_A), 42);
	assert_int_not_equal(tm_page(child, VA_A).pfn, tm_page(a, VA_A).pfn);
	/* B's clean lazily freed pages were discarded for all of this. */
	assert_int_equal(tm_read64(b, VA_B, &v), 0);
	assert_int_equal(v, 0);
	mmk_unpin_user_pages(m, &pin, 1);
	mmk_exit(child);
	mmk_exit(a);
	mmk_exit(b);
	mmk_cpu_detach(m);
	mmk_machine_destroy(m);
}

MMK_POLICY_TESTS(reclaim_everywhere)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_inversion_reported, setup, teardown),
		cmocka_unit_test_setup_teardown(test_legal_orders_quiet, setup, teardown),
		cmocka_unit_test_setup_teardown(test_release_not_held, setup, teardown),
		cmocka_unit_test_setup_teardown(test_recursive_read, setup, teardown),
		cmocka_unit_test_setup_teardown(test_assert_held_is_per_thread, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sleep_under_spinlock, setup, teardown),
		MMK_POLICY_TEST_LIST,
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

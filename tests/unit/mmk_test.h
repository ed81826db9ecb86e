/* SPDX-License-Identifier: MIT */
/*
 * mmk_test.h - small helpers shared by the cmocka unit and integration
 * tests: a machine per test, word-sized loads and stores through the
 * calling thread's simulated CPU, and the end-of-test leak check.
 *
 * Include after <cmocka.h> (and its prerequisites).  Every helper asserts,
 * so a failing access fails the test at the caller's line via cmocka's
 * message plus the helper's.
 */
#ifndef MMK_TEST_H
#define MMK_TEST_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "mmkit/mmkit.h"

#define KiB (1ULL << 10)
#define MiB (1ULL << 20)
#define GiB (1ULL << 30)
#define PG MMK_PAGE_SIZE

/* A machine built from @cfg, the calling thread on CPU 0. */
static inline struct mmk_machine *tm_machine_cfg(const struct mmk_config *cfg)
{
	struct mmk_machine *m = NULL;

	assert_int_equal(mmk_machine_create(cfg, &m), 0);
	assert_non_null(m);
	assert_int_equal(mmk_cpu_attach(m, 0), 0);
	return m;
}

/* A machine with @ram bytes and @ncpus CPUs, the calling thread on CPU 0. */
static inline struct mmk_machine *tm_machine(uint64_t ram, unsigned int ncpus,
					     unsigned int gather)
{
	struct mmk_config cfg;

	mmk_config_init(&cfg);
	cfg.ram_bytes = ram;
	cfg.ncpus = ncpus;
	if (gather)
		cfg.gather_pages = gather;
	return tm_machine_cfg(&cfg);
}

/* The full invariant check passes; a violation fails the test with its text. */
static inline void tm_check_clean(struct mmk_machine *m)
{
	struct mmk_violation v;

	if (mmk_check(m, &v)) {
		print_error("invariant %d: %s\n", v.invariant, v.what);
		fail();
	}
}

static inline struct mm_struct *tm_mm(struct mmk_machine *m)
{
	struct mm_struct *mm = NULL;

	assert_int_equal(mmk_mm_create(m, &mm), 0);
	return mm;
}

static inline int tm_write64(struct mm_struct *mm, uint64_t addr, uint64_t v)
{
	return mmk_access(mm, addr, &v, sizeof(v), 1);
}

static inline int tm_read64(struct mm_struct *mm, uint64_t addr, uint64_t *v)
{
	return mmk_access(mm, addr, v, sizeof(*v), 0);
}

/* Store @v at @addr; the store must succeed. */
static inline void tm_put(struct mm_struct *mm, uint64_t addr, uint64_t v)
{
	assert_int_equal(tm_write64(mm, addr, v), 0);
}

/* Load the word at @addr; the load must succeed. */
static inline uint64_t tm_get(struct mm_struct *mm, uint64_t addr)
{
	uint64_t v = 0xdeadbeefdeadbeefULL;

	assert_int_equal(tm_read64(mm, addr, &v), 0);
	return v;
}

/* A word that names its own page: tag ^ page address. */
static inline uint64_t tm_pattern(uint64_t tag, uint64_t addr)
{
	return (tag * 0x9e3779b97f4a7c15ULL) ^ addr;
}

/* Write tm_pattern(tag, page) to the first word of every page of a range. */
static inline void tm_fill(struct mm_struct *mm, uint64_t addr, uint64_t len,
			   uint64_t tag)
{
	for (uint64_t a = addr; a < addr + len; a += PG)
		tm_put(mm, a, tm_pattern(tag, a));
}

static inline void tm_check_fill(struct mm_struct *mm, uint64_t addr,
				 uint64_t len, uint64_t tag)
{
	for (uint64_t a = addr; a < addr + len; a += PG)
		assert_int_equal(tm_get(mm, a), tm_pattern(tag, a));
}

static inline struct mmk_pte_info tm_pte(struct mm_struct *mm, uint64_t addr)
{
	struct mmk_pte_info pi;

	assert_int_equal(mmk_query_pte(mm, addr, &pi), 0);
	return pi;
}

static inline struct mmk_page_info tm_page(struct mm_struct *mm, uint64_t addr)
{
	struct mmk_page_info pi;

	assert_int_equal(mmk_query_page(mm, addr, &pi), 0);
	return pi;
}

static inline struct mmk_mm_stats tm_stats(struct mm_struct *mm)
{
	struct mmk_mm_stats st;

	mmk_mm_stats(mm, &st);
	return st;
}

static inline struct mmk_sys_stats tm_sys(struct mmk_machine *m)
{
	struct mmk_sys_stats st;

	mmk_machine_stats(m, &st);
	return st;
}

/* After every mm exited: nothing may be left allocated. */
static inline void tm_assert_empty(struct mmk_machine *m)
{
	struct mmk_sys_stats st;

	mmk_sync(m);
	mmk_machine_stats(m, &st);
	assert_int_equal(st.frames_used, 0);
	assert_int_equal(st.pgtable_frames, 0);
	assert_int_equal(st.pending_free, 0);
}

/* Round counts scale with MMK_TEST_SCALE (default 1). */
static inline unsigned int tm_scale(void)
{
	const char *s = getenv("MMK_TEST_SCALE");
	long v = s ? strtol(s, NULL, 10) : 1;

	return v > 0 ? (unsigned int)v : 1;
}

/* cmocka setup/teardown for tests that want one machine and one mm. */
struct tm_fix {
	struct mmk_machine *m;
	struct mm_struct *mm;
	struct mm_struct *mm2;	/* e.g. a child: exited by teardown if left */
};

static inline int tm_setup_1g(void **state)
{
	struct tm_fix *f = calloc(1, sizeof(*f));

	f->m = tm_machine(GiB, 2, 0);
	f->mm = tm_mm(f->m);
	*state = f;
	return 0;
}

/* For tests that make their own machine in f->m (or none). */
static inline int tm_setup_empty(void **state)
{
	*state = calloc(1, sizeof(struct tm_fix));
	return 0;
}

/* Create f->m from @cfg, the calling thread on CPU 0, and f->mm. */
static inline void tm_fix_start(struct tm_fix *f, const struct mmk_config *cfg)
{
	assert_null(f->m);
	assert_int_equal(mmk_machine_create(cfg, &f->m), 0);
	assert_int_equal(mmk_cpu_attach(f->m, 0), 0);
	f->mm = tm_mm(f->m);
}

/* Undo tm_fix_start (f->mm may already have exited) and check for leaks. */
static inline void tm_fix_stop(struct tm_fix *f)
{
	struct mmk_sys_stats st;

	if (f->mm)
		mmk_exit(f->mm);
	f->mm = NULL;
	mmk_sync(f->m);
	mmk_machine_stats(f->m, &st);
	mmk_machine_destroy(f->m);
	f->m = NULL;
	assert_int_equal(st.frames_used, 0);
	assert_int_equal(st.pgtable_frames, 0);
	assert_int_equal(st.pending_free, 0);
}

/*
 * Exits f->mm if the test left it, destroys the machine (which also
 * detaches this thread, so a failed test cannot break the next one's
 * setup), then checks that nothing was leaked.
 */
static inline int tm_teardown(void **state)
{
	struct tm_fix *f = *state;
	struct mmk_sys_stats st;

	if (!f->m) {		/* tm_setup_empty, and the test cleaned up */
		free(f);
		return 0;
	}
	if (f->mm2)
		mmk_exit(f->mm2);
	if (f->mm)
		mmk_exit(f->mm);
	mmk_sync(f->m);
	mmk_machine_stats(f->m, &st);
	mmk_machine_destroy(f->m);
	free(f);
	assert_int_equal(st.frames_used, 0);
	assert_int_equal(st.pgtable_frames, 0);
	assert_int_equal(st.pending_free, 0);
	return 0;
}

/*
 * One cmocka test per page-table policy: MMK_POLICY_TESTS(fn) defines
 * test_keep .. test_full and test_eager, each calling fn(policy); list
 * them in a CMUnitTest array with MMK_POLICY_TEST_LIST.  `eager` is the
 * example policy of docs/policies.md ("Adding a policy",
 * tests/policy/policy_eager.c): registered on first use, it runs the same
 * matrix as the built-ins.
 */
int mmk_test_eager_policy(void);
#define MMK_POLICY_TEST_1(name, policy, fn) \
	static void test_##name(void **state) { (void)state; fn(policy); }
#define MMK_POLICY_TESTS(fn) \
	MMK_POLICY_TEST_1(keep, MMK_POLICY_KEEP, fn) \
	MMK_POLICY_TEST_1(linux, MMK_POLICY_LINUX, fn) \
	MMK_POLICY_TEST_1(refcount, MMK_POLICY_REFCOUNT, fn) \
	MMK_POLICY_TEST_1(rwsem, MMK_POLICY_RWSEM, fn) \
	MMK_POLICY_TEST_1(full, MMK_POLICY_FULL, fn) \
	MMK_POLICY_TEST_1(eager, (enum mmk_policy)mmk_test_eager_policy(), fn)
#define MMK_POLICY_TEST_LIST \
	cmocka_unit_test(test_keep), cmocka_unit_test(test_linux), \
	cmocka_unit_test(test_refcount), cmocka_unit_test(test_rwsem), \
	cmocka_unit_test(test_full), cmocka_unit_test(test_eager)
/* A test program that is just fn(policy) under every policy. */
#define MMK_POLICY_MAIN(fn) \
	MMK_POLICY_TESTS(fn) \
	int main(void) \
	{ \
		const struct CMUnitTest tests[] = { MMK_POLICY_TEST_LIST }; \
		return cmocka_run_group_tests(tests, NULL, NULL); \
	}

#endif

/* SPDX-License-Identifier: MIT */
/*
 * test_oom.c - running out of frames, injected and real.
 *
 * Injection: for N = 1, 2, ... the Nth frame allocation of a fixed
 * operation sequence (mm creation, faults over several tables and levels,
 * a shared mapping, fork, COW writes) fails.  The failure must come back
 * as -ENOMEM from exactly the operation that allocated, leave everything
 * consistent (the same operation then succeeds, contents are intact) and
 * leak nothing: after exit and mmk_sync every frame is back.  N grows until
 * a run completes without reaching the Nth allocation.
 *
 * Exhaustion: a 16-frame machine is filled until faults fail, then
 * munmap/exit give frames back and work resumes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <errno.h>
#include <stdbool.h>
#include <cmocka.h>
#include "unit/mmk_test.h"

#define RW (MMK_PROT_READ | MMK_PROT_WRITE)
#define PRIV_VA (GiB - 2 * MiB)		/* 6 MiB across a 1 GiB boundary */
#define PRIV_LEN (6 * MiB)
#define SHM_VA (8 * GiB)
#define SHM_LEN (4 * PG)
#define STRIDE (512 * KiB)
#define MAX_RUNS 400

struct seq {
	struct mmk_machine *m;
	struct mm_struct *mm, *child;
	unsigned int enomem;		/* -ENOMEMs seen in this run */
	const char *failed_op;		/* where the last one came from */
};

/*
 * Run one operation until it succeeds: the first try may hit the injected
 * failure, which must surface as -ENOMEM; the retry runs with injection
 * spent and must succeed.
 */
#define RETRY(s, what, expr)						\
	do {								\
		int ret_ = (expr);					\
		if (ret_ == -ENOMEM) {					\
			(s)->enomem++;					\
			(s)->failed_op = (what);			\
			ret_ = (expr);					\
		}							\
		if (ret_ != 0)						\
			fail_msg("%s: %d", (what), ret_);		\
	} while (0)

static uint64_t val(uint64_t tag, uint64_t addr)
{
	return tm_pattern(tag, addr);
}

static void seq_run(struct seq *s)
{
	uint64_t v;

	RETRY(s, "mm_create", mmk_mm_create(s->m, &s->mm));
	assert_int_equal(mmk_mmap(s->mm, PRIV_VA, PRIV_LEN, RW, 0), 0);
	assert_int_equal(mmk_mmap(s->mm, SHM_VA, SHM_LEN, RW, MMK_MAP_SHARED), 0);

	/* Faults: every PTE table, both PMD tables, zero page then COW from it. */
	for (uint64_t a = PRIV_VA; a < PRIV_VA + PRIV_LEN; a += STRIDE)
		RETRY(s, "write", tm_write64(s->mm, a, val(1, a)));
	RETRY(s, "read", tm_read64(s->mm, PRIV_VA + PG, &v));
	assert_int_equal(v, 0);
	RETRY(s, "write-zero", tm_write64(s->mm, PRIV_VA + PG, val(1, PRIV_VA + PG)));
	for (uint64_t a = SHM_VA; a < SHM_VA + SHM_LEN; a += 2 * PG)
		RETRY(s, "shm-write", tm_write64(s->mm, a, val(2, a)));

	RETRY(s, "fork", mmk_fork(s->mm, &s->child));

	/* Child: COW copies, a shared write, a fresh fault in the shared map. */
	for (uint64_t a = PRIV_VA; a < PRIV_VA + PRIV_LEN; a += 2 * STRIDE)
		RETRY(s, "child-cow", tm_write64(s->child, a + 8, val(3, a)));
	RETRY(s, "child-shm", tm_write64(s->child, SHM_VA + PG, val(4, SHM_VA + PG)));
	/* Parent: reuse where the child copied, COW where it did not. */
	for (uint64_t a = PRIV_VA; a < PRIV_VA + PRIV_LEN; a += STRIDE)
		RETRY(s, "parent-write", tm_write64(s->mm, a + 16, val(5, a)));
}

static void seq_check(struct seq *s)
{
	uint64_t i = 0;

	for (uint64_t a = PRIV_VA; a < PRIV_VA + PRIV_LEN; a += STRIDE, i++) {
		assert_int_equal(tm_get(s->mm, a), val(1, a));
		assert_int_equal(tm_get(s->mm, a + 8), 0);
		assert_int_equal(tm_get(s->mm, a + 16), val(5, a));
		assert_int_equal(tm_get(s->child, a), val(1, a));
		assert_int_equal(tm_get(s->child, a + 8), i % 2 ? 0 : val(3, a));
		assert_int_equal(tm_get(s->child, a + 16), 0);
		assert_int_not_equal(tm_page(s->mm, a).pfn, tm_page(s->child, a).pfn);
	}
	assert_int_equal(tm_get(s->mm, PRIV_VA + PG), val(1, PRIV_VA + PG));
	assert_int_equal(tm_get(s->child, PRIV_VA + PG), val(1, PRIV_VA + PG));
	for (uint64_t a = SHM_VA; a < SHM_VA + SHM_LEN; a += 2 * PG) {
		assert_int_equal(tm_get(s->mm, a), val(2, a));
		assert_int_equal(tm_get(s->child, a), val(2, a));
	}
	assert_int_equal(tm_get(s->mm, SHM_VA + PG), val(4, SHM_VA + PG));

	/* Accounting is what a clean run gives. */
	struct mmk_mm_stats p = tm_stats(s->mm), c = tm_stats(s->child);
	assert_int_equal(p.pte_tables, 4);
	assert_int_equal(p.pmd_tables, 3);
	assert_int_equal(p.pud_tables, 1);
	assert_int_equal(c.pte_tables, 4);
	assert_int_equal(c.pmd_tables, 3);
	assert_int_equal(c.pud_tables, 1);
	assert_int_equal(p.vmas, 2);
	assert_int_equal(c.vmas, 2);
}

static void test_injected_failures(void **state)
{
	struct tm_fix *f = *state;
	struct mmk_config cfg;
	unsigned int runs_failed = 0, n;

	mmk_config_init(&cfg);
	cfg.ram_bytes = 64 * MiB;
	f->m = tm_machine(cfg.ram_bytes, 1, 0);
	struct seq s = { .m = f->m };

	for (n = 1; n <= MAX_RUNS; n++) {
		uint64_t before = mmk_injected_failures(f->m);

		s.enomem = 0;
		s.failed_op = NULL;
		mmk_fail_nth_alloc(f->m, n);
		seq_run(&s);
		uint64_t injected = mmk_injected_failures(f->m) - before;
		mmk_fail_nth_alloc(f->m, 0);
		f->mm = s.mm;
		f->mm2 = s.child;
		/* Every injected failure surfaced, once, as -ENOMEM. */
		assert_true(injected <= 1);
		if (s.enomem != injected)
			fail_msg("N=%u: %u -ENOMEM for %llu injected (%s)", n, s.enomem,
				 (unsigned long long)injected,
				 s.failed_op ? s.failed_op : "-");
		seq_check(&s);
		f->mm2 = NULL;
		mmk_exit(s.child);
		f->mm = NULL;
		mmk_exit(s.mm);
		mmk_sync(f->m);
		struct mmk_sys_stats st = tm_sys(f->m);
		if (st.frames_used || st.pgtable_frames)
			fail_msg("N=%u (%s): %llu frames, %llu tables leaked", n,
				 s.failed_op ? s.failed_op : "-",
				 (unsigned long long)st.frames_used,
				 (unsigned long long)st.pgtable_frames);
		if (!injected)
			break;
		runs_failed++;
	}
	assert_true(n <= MAX_RUNS);
	/* The sequence allocates dozens of frames; each one was made to fail. */
	assert_true(runs_failed >= 30);
	assert_int_equal(runs_failed, n - 1);
	assert_int_equal(mmk_injected_failures(f->m), runs_failed);
}

/* The countdown: N-1 allocations succeed, the Nth fails, later ones succeed. */
static void test_fail_nth_countdown(void **state)
{
	struct tm_fix *f = *state;
	struct mm_struct *mm = f->mm;
	const uint64_t va = 0x10000000;

	assert_int_equal(mmk_mmap(mm, va, 8 * PG, RW, 0), 0);
	tm_put(mm, va, 1);			/* tables exist now */
	uint64_t before = mmk_injected_failures(f->m);
	mmk_fail_nth_alloc(f->m, 3);
	tm_put(mm, va + PG, 2);
	tm_put(mm, va + 2 * PG, 3);
	assert_int_equal(tm_write64(mm, va + 3 * PG, 4), -ENOMEM);
	assert_int_equal(mmk_injected_failures(f->m), before + 1);
	assert_true(tm_pte(mm, va + 3 * PG).none);
	assert_int_equal(tm_stats(mm).rss, 3 * PG);
	tm_put(mm, va + 3 * PG, 4);
	tm_put(mm, va + 4 * PG, 5);
	assert_int_equal(mmk_injected_failures(f->m), before + 1);

	/* A store across pages fails at the page that could not be had. */
	mmk_fail_nth_alloc(f->m, 3);
	uint64_t buf[1024];
	for (unsigned int i = 0; i < 1024; i++)
		buf[i] = 0x1000 + i;
	assert_int_equal(mmk_access(mm, va + 5 * PG + 2048, buf, 2 * PG, 1), -ENOMEM);
	assert_int_equal(tm_get(mm, va + 5 * PG + 2048), 0x1000);	/* written */
	assert_true(tm_pte(mm, va + 6 * PG).write);
	assert_true(tm_pte(mm, va + 7 * PG).none);		/* not */
	/* Disarmed: 0 turns injection off. */
	mmk_fail_nth_alloc(f->m, 5);
	mmk_fail_nth_alloc(f->m, 0);
	assert_int_equal(mmk_access(mm, va + 5 * PG + 2048, buf, 2 * PG, 1), 0);
	assert_int_equal(mmk_injected_failures(f->m), before + 2);
	assert_int_equal(tm_get(mm, va + 7 * PG + 2040), 0x1000 + 1023);
}

/* A 16-frame machine: fill it, fail, give back, go on. */
static void test_real_exhaustion(void **state)
{
	struct tm_fix *f = *state;
	const uint64_t va = 0x10000000;
	uint64_t i, v;

	f->m = tm_machine(64 * KiB, 1, 0);
	f->mm = tm_mm(f->m);
	struct mm_struct *mm = f->mm, *child = NULL;
	assert_int_equal(tm_sys(f->m).frames_total, 16);
	assert_int_equal(mmk_mmap(mm, va, 64 * PG, RW, 0), 0);

	/* PGD + PUD + PMD + PTE tables leave 12 frames for data. */
	for (i = 0; i < 64; i++) {
		int ret = tm_write64(mm, va + i * PG, val(9, i));
		if (ret) {
			assert_int_equal(ret, -ENOMEM);
			break;
		}
	}
	assert_int_equal(i, 12);
	struct mmk_sys_stats st = tm_sys(f->m);
	assert_int_equal(st.frames_used, 16);
	assert_int_equal(st.frames_peak, 16);
	assert_true(tm_pte(mm, va + 12 * PG).none);
	assert_int_equal(tm_stats(mm).rss, 12 * PG);
	assert_int_equal(tm_write64(mm, va + 40 * PG, 1), -ENOMEM);
	/* Reads still work: the zero page is not from the pool. */
	assert_int_equal(tm_get(mm, va + 13 * PG), 0);
	/* fork cannot even get a PGD. */
	assert_int_equal(mmk_fork(mm, &child), -ENOMEM);
	assert_int_equal(tm_sys(f->m).frames_used, 16);
	for (i = 0; i < 12; i++)
		assert_int_equal(tm_get(mm, va + i * PG), val(9, i));

	/* munmap gives 8 data frames back. */
	assert_int_equal(mmk_munmap(mm, va, 8 * PG), 0);
	assert_int_equal(tm_sys(f->m).frames_used, 8);
	assert_int_equal(tm_read64(mm, va, &v), -MMK_SIGSEGV);

	/* Enough for a fork: PGD, PUD, PMD, PTE of the child. */
	assert_int_equal(mmk_fork(mm, &child), 0);
	f->mm2 = child;
	assert_int_equal(tm_sys(f->m).frames_used, 12);
	tm_put(child, va + 8 * PG, 100);		/* COW: 13 */
	tm_put(mm, va + 9 * PG, 101);		/* COW (child still maps it): 14 */
	tm_put(mm, va + 12 * PG, 102);		/* 15 */
	tm_put(mm, va + 13 * PG, 103);		/* 16 */
	assert_int_equal(tm_write64(mm, va + 14 * PG, 104), -ENOMEM);
	assert_int_equal(tm_write64(child, va + 10 * PG, 105), -ENOMEM);	/* COW needs one */
	assert_int_equal(tm_sys(f->m).frames_used, 16);
	assert_int_equal(tm_get(child, va + 8 * PG), 100);
	assert_int_equal(tm_get(child, va + 9 * PG), val(9, 9));
	assert_int_equal(tm_get(child, va + 10 * PG), val(9, 10));
	assert_int_equal(tm_get(mm, va + 8 * PG), val(9, 8));
	assert_int_equal(tm_get(mm, va + 9 * PG), 101);

	/*
	 * The child's exit returns its tables (after a GP), its copy of page 8
	 * and the original page 9, which only the child still mapped.
	 */
	f->mm2 = NULL;
	mmk_exit(child);
	mmk_sync(f->m);
	assert_int_equal(tm_sys(f->m).frames_used, 10);
	/* Page 10 is the parent's alone again: the write reuses it. */
	tm_put(mm, va + 10 * PG, 106);
	assert_int_equal(tm_sys(f->m).frames_used, 10);
	for (i = 14; i < 20; i++)
		tm_put(mm, va + i * PG, val(10, i));
	assert_int_equal(tm_write64(mm, va + 20 * PG, 0), -ENOMEM);
	assert_int_equal(tm_get(mm, va + 10 * PG), 106);
	assert_int_equal(tm_get(mm, va + 19 * PG), val(10, 19));
}

/*
 * Out of frames, reclaim first discards clean MADV_FREE pages (there is no
 * swap): those read as zeros afterwards; one written after MADV_FREE is
 * kept, and so is everything else.
 */
static void test_exhaustion_discards_lazyfree(void **state)
{
	struct tm_fix *f = *state;
	const uint64_t va = 0x10000000;
	uint64_t i;

	f->m = tm_machine(64 * KiB, 1, 0);
	f->mm = tm_mm(f->m);
	struct mm_struct *mm = f->mm;
	assert_int_equal(mmk_mmap(mm, va, 64 * PG, RW, 0), 0);
	for (i = 0; i < 12; i++)
		tm_put(mm, va + i * PG, val(11, i));
	assert_int_equal(tm_sys(f->m).frames_used, 16);

	assert_int_equal(mmk_madvise(mm, va, 4 * PG, MMK_MADV_FREE), 0);
	assert_int_equal(tm_get(mm, va + 2 * PG), val(11, 2));	/* a read keeps it lazy */
	tm_put(mm, va + PG + 8, 1);				/* a write does not */
	assert_int_equal(tm_stats(mm).rss, 12 * PG);

	/* Three lazily freed clean pages make room for three new ones. */
	for (i = 12; i < 15; i++)
		tm_put(mm, va + i * PG, val(11, i));
	assert_int_equal(tm_write64(mm, va + 15 * PG, 0), -ENOMEM);
	assert_int_equal(tm_sys(f->m).frames_used, 16);
	assert_int_equal(tm_stats(mm).rss, 12 * PG);
	for (i = 0; i < 15; i++) {
		bool discarded = i == 0 || i == 2 || i == 3;
		assert_int_equal(tm_get(mm, va + i * PG), discarded ? 0 : val(11, i));
	}
	assert_int_equal(tm_get(mm, va + PG + 8), 1);
	assert_true(tm_pte(mm, va).special);	/* the zero page, read after the discard */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_injected_failures, tm_setup_empty, tm_teardown),
		cmocka_unit_test_setup_teardown(test_fail_nth_countdown, tm_setup_1g, tm_teardown),
		cmocka_unit_test_setup_teardown(test_real_exhaustion, tm_setup_empty, tm_teardown),
		cmocka_unit_test_setup_teardown(test_exhaustion_discards_lazyfree, tm_setup_empty, tm_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

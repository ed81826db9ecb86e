/* SPDX-License-Identifier: MIT */
/*
 * test_thp.c - anonymous THP (src/huge_memory.c): data survives splits,
 * a THP fault falls back to 4 KiB pages when no aligned block is free,
 * and faults, splits, zaps and GUP-fast pins racing on the same PMDs from
 * three CPUs leave every invariant and every byte in place, under every
 * policy, with nothing leaked; so do shmem collapses (collapse_file and
 * retract_page_tables, khugepaged.c) racing two processes' faults, zaps
 * and pins of the same object.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <pthread.h>
#include <stdbool.h>
#include <cmocka.h>
#include "unit/mmk_test.h"

#define VA 0x40000000ULL
#define HUGE (2 * MiB)
#define RW (MMK_PROT_READ | MMK_PROT_WRITE)

static struct mmk_machine *thp_machine(enum mmk_policy policy, uint64_t ram,
				       unsigned int ncpus)
{
	struct mmk_config cfg;
	struct mmk_machine *m;

	mmk_config_init(&cfg);
	cfg.ram_bytes = ram;
	cfg.ncpus = ncpus;
	cfg.policy = policy;
	m = tm_machine_cfg(&cfg);
	mmk_set_checking(m, true);
	return m;
}

/* Every invariant holds, nothing is pending, and the machine leaks nothing. */
static void machine_done(struct mmk_machine *m)
{
	struct mmk_violation v;
	struct mmk_sys_stats st;

	tm_check_clean(m);
	assert_int_equal(mmk_violation_pending(m, &v), 0);
	mmk_sync(m);
	mmk_machine_stats(m, &st);
	mmk_machine_destroy(m);
	assert_int_equal(st.frames_used, 0);
	assert_int_equal(st.pgtable_frames, 0);
}

static uint64_t anon_thp(struct mm_struct *mm)
{
	struct mmk_mm_stats st;

	mmk_mm_stats(mm, &st);
	return st.anon_thp;
}

/* Every page of a THP keeps its bytes through a split and a partial zap. */
static void test_split_keeps_data(void **state)
{
	struct mmk_machine *m = thp_machine(MMK_POLICY_LINUX, GiB, 2);
	struct mm_struct *mm = tm_mm(m);

	(void)state;
	assert_int_equal(mmk_mmap(mm, VA, HUGE, RW, MMK_MAP_HUGE), 0);
	for (uint64_t a = VA; a < VA + HUGE; a += PG)
		tm_put(mm, a + 8, tm_pattern(1, a));
	assert_int_equal(anon_thp(mm), HUGE);
	/* DONTNEED of one page splits the PMD; the other 511 pages stay. */
	assert_int_equal(mmk_madvise(mm, VA + 17 * PG, PG, MMK_MADV_DONTNEED), 0);
	assert_int_equal(anon_thp(mm), 0);
	for (uint64_t a = VA; a < VA + HUGE; a += PG)
		assert_int_equal(tm_get(mm, a + 8), a == VA + 17 * PG ? 0 : tm_pattern(1, a));
	mmk_exit(mm);
	machine_done(m);
}

/*
 * With RAM fragmented (every aligned 2 MiB block holds a 4 KiB page), a
 * THP fault counts thp_fault_fallback and maps 4 KiB pages.
 */
static void test_fallback_when_fragmented(void **state)
{
	struct mmk_machine *m = thp_machine(MMK_POLICY_LINUX, 8 * MiB, 1);
	struct mm_struct *mm = tm_mm(m);
	struct mmk_sys_stats st;

	(void)state;
	/* Small pages from every 2 MiB block: the pool grows block by block. */
	assert_int_equal(mmk_mmap(mm, VA, 8 * MiB, RW, 0), 0);
	for (uint64_t a = VA; a < VA + 1536 * PG; a += PG)
		tm_put(mm, a, 1);
	assert_int_equal(mmk_mmap(mm, VA + GiB, HUGE, RW, MMK_MAP_HUGE), 0);
	tm_put(mm, VA + GiB, 2);
	mmk_machine_stats(m, &st);
	assert_int_equal(st.thp_fault_fallback, 1);
	assert_int_equal(st.thp_fault_alloc, 0);
	assert_int_equal(anon_thp(mm), 0);
	assert_int_equal(tm_get(mm, VA + GiB), 2);
	mmk_exit(mm);
	machine_done(m);
}

static const enum mmk_policy all_policies[] = {
	MMK_POLICY_KEEP, MMK_POLICY_LINUX, MMK_POLICY_REFCOUNT,
	MMK_POLICY_RWSEM, MMK_POLICY_FULL,
};

/* ---- three CPUs on the same PMDs ---- */
#define RACE_HUGES 4
#define RACE_ROUNDS 60

struct race {
	struct mmk_machine *m;
	struct mm_struct *mm;
	pthread_barrier_t *bar;
	unsigned int cpu;
	int failed;
};

/* The huge range CPU 2 zaps whole in @round (none in the last round). */
static unsigned int zapped_whole(unsigned int round)
{
	return round == RACE_ROUNDS ? RACE_HUGES : round % RACE_HUGES;
}

/*
 * CPU 1: writes a round's pattern into the even pages of every huge
 * range (faulting THPs back in where CPU 2 zapped), then checks them: a
 * page of the range zapped whole this round may read 0.
 */
static void race_writer(struct race *r, unsigned int round)
{
	for (uint64_t a = VA; a < VA + RACE_HUGES * HUGE; a += 2 * PG)
		if (tm_write64(r->mm, a, tm_pattern(round, a)))
			r->failed = 1;
	for (uint64_t a = VA; a < VA + RACE_HUGES * HUGE; a += 2 * PG) {
		bool may_be_gone = (a - VA) / HUGE == zapped_whole(round);
		uint64_t v = 0;

		if (tm_read64(r->mm, a, &v) ||
		    (v != tm_pattern(round, a) && !(may_be_gone && v == 0)))
			r->failed = 1;
	}
}

/*
 * CPU 2, then: collapse a range it split two rounds ago, while CPU 1
 * writes it and CPU 0 pins it: by MADV_COLLAPSE (0; EAGAIN when a pin
 * holds a page; EINVAL when a page is in the middle of a folio split,
 * under a migration entry; ENOMEM when the 4 KiB pages freed so far left
 * no free 2 MiB block) or, every third round, a khugepaged pass.
 */
static void race_collapser(struct race *r, unsigned int round)
{
	uint64_t base = VA + (round + 2) % RACE_HUGES * HUGE;
	int ret;

	if (round % 3 == 0) {
		if (mmk_khugepaged(r->m, r->mm))
			r->failed = 1;
		return;
	}
	ret = mmk_madvise(r->mm, base, HUGE, MMK_MADV_COLLAPSE);
	if (ret && ret != -EAGAIN && ret != -EINVAL && ret != -ENOMEM)
		r->failed = 1;
}

/*
 * CPU 2: DONTNEED and MADV_FREE of one odd page of each huge range, each
 * splitting a PMD still whole, and DONTNEED of one whole range, freeing
 * a THP (or, after a split, emptying its table: `linux` and the others
 * free it, so the next write faults a THP in again); then a collapse.
 */
static void race_zapper(struct race *r, unsigned int round)
{
	for (unsigned int h = 0; h < RACE_HUGES; h++) {
		uint64_t base = VA + h * HUGE;

		if (h == zapped_whole(round)) {
			if (mmk_madvise(r->mm, base, HUGE, MMK_MADV_DONTNEED))
				r->failed = 1;
			continue;
		}

		if (mmk_madvise(r->mm, base + (2 * round + 1) % 512 * PG, PG,
				MMK_MADV_DONTNEED))
			r->failed = 1;
		if (mmk_madvise(r->mm, base + (2 * round + 3) % 512 * PG, PG,
				MMK_MADV_FREE))
			r->failed = 1;
	}
	race_collapser(r, round);
}

/* CPU 0 (the test's thread): GUP-fast pins of even pages, then unpins. */
static void race_pinner(struct race *r, unsigned int round)
{
	struct page *pages[64];

	for (unsigned int h = 0; h < RACE_HUGES; h++) {
		uint64_t a = VA + h * HUGE + (round % 8) * 64 * PG;
		long n = mmk_pin_user_pages_fast(r->mm, a, 64, MMK_FOLL_WRITE, pages);

		if (n < 0) {
			r->failed = 1;
			continue;
		}
		mmk_unpin_user_pages(r->m, pages, (unsigned long)n);
	}
}

static void *race_main(void *arg)
{
	struct race *r = arg;

	if (r->cpu && mmk_cpu_attach(r->m, r->cpu))
		r->failed = 1;
	for (unsigned int round = 1; round <= RACE_ROUNDS; round++) {
		pthread_barrier_wait(r->bar);
		if (r->cpu == 1)
			race_writer(r, round);
		else if (r->cpu == 2)
			race_zapper(r, round);
		else
			race_pinner(r, round);
	}
	if (r->cpu)
		mmk_cpu_detach(r->m);
	return NULL;
}

static void race_policy(enum mmk_policy policy)
{
	struct mmk_machine *m = thp_machine(policy, 256 * MiB, 3);
	struct mm_struct *mm = tm_mm(m);
	struct mmk_sys_stats st;
	pthread_barrier_t bar;
	struct race r[3];
	pthread_t th[3];

	assert_int_equal(mmk_mmap(mm, VA, RACE_HUGES * HUGE, RW, MMK_MAP_HUGE), 0);
	pthread_barrier_init(&bar, NULL, 3);
	for (unsigned int t = 0; t < 3; t++)
		r[t] = (struct race){ m, mm, &bar, t, 0 };
	for (unsigned int t = 1; t < 3; t++)
		assert_int_equal(pthread_create(&th[t], NULL, race_main, &r[t]), 0);
	race_main(&r[0]);
	for (unsigned int t = 1; t < 3; t++)
		pthread_join(th[t], NULL);
	pthread_barrier_destroy(&bar);
	for (unsigned int t = 0; t < 3; t++)
		assert_int_equal(r[t].failed, 0);
	mmk_machine_stats(m, &st);
	/* Races happened: THPs faulted back in after whole zaps and split
	 * again, except under `keep`, which leaves the emptied PTE table. */
	if (policy != MMK_POLICY_KEEP) {
		assert_true(st.thp_split_pmd > RACE_HUGES);
		assert_true(st.thp_fault_alloc > RACE_HUGES);
	}
	assert_true(st.thp_collapse_alloc > 0);
	/* The last round's data, in place after every split. */
	for (uint64_t a = VA; a < VA + RACE_HUGES * HUGE; a += 2 * PG)
		assert_int_equal(tm_get(mm, a), tm_pattern(RACE_ROUNDS, a));
	mmk_exit(mm);
	machine_done(m);
}

static void test_race_every_policy(void **state)
{
	(void)state;
	for (unsigned int i = 0; i < sizeof(all_policies) / sizeof(all_policies[0]); i++)
		race_policy(all_policies[i]);
}

/* ---- shmem: collapse_file and retract against two processes ---- */
#define SHM_HUGES 2
#define SHM_ROUNDS 40

struct shm_race {
	struct mmk_machine *m;
	struct mm_struct *mm;		/* A for CPUs 0 and 1, B (A's child) for CPU 2 */
	pthread_barrier_t *bar;
	unsigned int cpu;
	unsigned int collapsed;		/* MADV_COLLAPSEs that returned 0 */
	int failed;
	bool split;			/* CPU 0 also splits (B is A then) */
};

/*
 * CPUs 1 (in A) and 2 (in B) each own every other page of the object:
 * each round they write the round's pattern to theirs and read it back,
 * and CPU 2 DONTNEEDs one huge range of B, whole or a page of it.  Shmem
 * keeps its bytes through every zap and collapse: no read may differ.
 */
static void shm_writer(struct shm_race *r, unsigned int round)
{
	uint64_t first = VA + (r->cpu == 1 ? 0 : PG);

	for (uint64_t a = first; a < VA + SHM_HUGES * HUGE; a += 2 * PG)
		if (tm_write64(r->mm, a, tm_pattern(round, a)))
			r->failed = 1;
	if (r->cpu == 2 && mmk_madvise(r->mm, VA + round % SHM_HUGES * HUGE,
				       round % 3 ? PG << (round % 10) : HUGE, MMK_MADV_DONTNEED))
		r->failed = 1;
	for (uint64_t a = first; a < VA + SHM_HUGES * HUGE; a += 2 * PG) {
		uint64_t v = 0;

		if (tm_read64(r->mm, a, &v) || v != tm_pattern(round, a))
			r->failed = 1;
	}
}

/*
 * CPU 0, in A: MADV_COLLAPSE of one huge range (0, or EAGAIN where a
 * page was held or locked at the moment), a khugepaged pass every fourth
 * round, and GUP-fast pins of a few pages, which make collapses fail.
 */
static void shm_collapser(struct shm_race *r, unsigned int round)
{
	struct page *pages[8];
	long n;
	int ret;

	if (round % 4 == 0) {
		if (mmk_khugepaged(r->m, r->mm))
			r->failed = 1;
		return;
	}
	if (r->split && round % 4 == 2) {	/* part of the range collapsed last */
		ret = mmk_madvise(r->mm, VA + (round - 1) % SHM_HUGES * HUGE + round * PG,
				  PG << (round % 6), MMK_MADV_PAGEOUT);
		r->failed |= ret != 0;
		return;
	}
	n = mmk_pin_user_pages_fast(r->mm, VA + (round + 1) % SHM_HUGES * HUGE + round * PG,
				    8, 0, pages);
	ret = mmk_madvise(r->mm, VA + round % SHM_HUGES * HUGE, HUGE, MMK_MADV_COLLAPSE);
	if (ret == 0)
		r->collapsed++;
	else if (ret != -EAGAIN)
		r->failed = 1;
	if (n < 0)
		r->failed = 1;
	else
		mmk_unpin_user_pages(r->m, pages, (unsigned long)n);
}

static void *shm_main(void *arg)
{
	struct shm_race *r = arg;

	if (r->cpu && mmk_cpu_attach(r->m, r->cpu))
		r->failed = 1;
	for (unsigned int round = 1; round <= SHM_ROUNDS; round++) {
		pthread_barrier_wait(r->bar);
		if (r->cpu)
			shm_writer(r, round);
		else
			shm_collapser(r, round);
	}
	if (r->cpu)
		mmk_cpu_detach(r->m);
	return NULL;
}

/* Quiet: MADV_PAGEOUT of one page of the PMD-mapped folio splits it. */
static void shm_split_quiet(struct mmk_machine *m, struct mm_struct *a)
{
	struct mmk_sys_stats before, after;

	mmk_machine_stats(m, &before);
	assert_int_equal(mmk_madvise(a, VA + 5 * PG, PG, MMK_MADV_PAGEOUT), 0);
	mmk_machine_stats(m, &after);
	assert_int_equal(after.thp_split_page, before.thp_split_page + 1);
	assert_true(tm_pte(a, VA).none);	/* unmapped */
	for (uint64_t p = VA; p < VA + HUGE; p += PG)
		assert_int_equal(tm_get(a, p), tm_pattern(SHM_ROUNDS, p));
	assert_int_equal(tm_pte(a, VA).level, 1);
	assert_int_equal(tm_page(a, VA).thp, 0);	/* small pages now */
}

static void shm_race_policy(enum mmk_policy policy, enum mmk_thp_mode shmem_thp, bool split)
{
	struct mmk_config cfg;
	struct mmk_machine *m;
	struct mm_struct *a, *b;
	struct mmk_sys_stats st;
	struct mmk_mm_stats ms;
	pthread_barrier_t bar;
	struct shm_race r[3];
	pthread_t th[3];

	mmk_config_init(&cfg);
	cfg.ram_bytes = 256 * MiB;
	cfg.ncpus = 3;
	cfg.policy = policy;
	/* never: collapses make every huge folio; always: the first faults do */
	cfg.shmem_thp = shmem_thp;
	m = tm_machine_cfg(&cfg);
	mmk_set_checking(m, true);
	a = tm_mm(m);
	assert_int_equal(mmk_mmap(a, VA, SHM_HUGES * HUGE, RW, MMK_MAP_SHARED), 0);
	tm_fill(a, VA, SHM_HUGES * HUGE, 0);
	mmk_mm_stats(a, &ms);
	assert_int_equal(ms.shmem_pmd, shmem_thp == MMK_THP_ALWAYS ? SHM_HUGES * HUGE : 0);
	if (split)
		b = a;		/* one process: a folio two map is never split */
	else
		assert_int_equal(mmk_fork(a, &b), 0);
	pthread_barrier_init(&bar, NULL, 3);
	for (unsigned int t = 0; t < 3; t++)
		r[t] = (struct shm_race){ m, t == 2 ? b : a, &bar, t, 0, 0, split };
	for (unsigned int t = 1; t < 3; t++)
		assert_int_equal(pthread_create(&th[t], NULL, shm_main, &r[t]), 0);
	shm_main(&r[0]);
	for (unsigned int t = 1; t < 3; t++)
		pthread_join(th[t], NULL);
	pthread_barrier_destroy(&bar);
	for (unsigned int t = 0; t < 3; t++)
		assert_int_equal(r[t].failed, 0);
	mmk_machine_stats(m, &st);
	if (shmem_thp == MMK_THP_NEVER)		/* else the faults made them huge */
		assert_true(st.thp_collapse_alloc > 0 && r[0].collapsed > 0);
	/* Both processes see the last round in every page. */
	for (uint64_t p = VA; p < VA + SHM_HUGES * HUGE; p += PG) {
		assert_int_equal(tm_get(a, p), tm_pattern(SHM_ROUNDS, p));
		assert_int_equal(tm_get(b, p), tm_pattern(SHM_ROUNDS, p));
	}
	/* Quiet now: a collapse succeeds and maps the folio by a PMD (B's
	 * PTEs of a folio that was huge already stay, as in Linux: only a
	 * new collapse unmaps and retracts other processes' tables). */
	assert_int_equal(mmk_madvise(a, VA, HUGE, MMK_MADV_COLLAPSE), 0);
	assert_int_equal(tm_get(b, VA + PG), tm_pattern(SHM_ROUNDS, VA + PG));
	assert_int_equal(tm_pte(a, VA).level, 2);
	if (split)	/* 10 tries, with no pin in the way: one at least went */
		assert_true(st.thp_split_page > 0);
	if (split)	/* and part of it paged out splits it, everywhere */
		shm_split_quiet(m, a);
	else
		mmk_exit(b);
	mmk_exit(a);
	machine_done(m);
}

/* ---- the deferred split queue and the THP shrinker, under pressure ---- */
#define DS_ROUNDS 24
#define DS_SLOTS 4			/* THPs CPU 1 keeps one page of */
#define DS_QUEUED (VA + DS_SLOTS * HUGE)	/* DS_SLOTS more, queued before the race */

struct ds_race {
	struct mmk_machine *m;
	struct mm_struct *mm;
	unsigned int cpu;
	int failed;
};

/*
 * CPU 1: fault a THP in each slot, write it, unmap all but its first page
 * (which queues it), check the page kept; over and over, so the queue
 * always holds some.  A fault may fail for want of frames (-ENOMEM): the
 * other CPU holds them.
 */
static void ds_thp_side(struct ds_race *r, unsigned int round)
{
	for (unsigned int s = 0; s < DS_SLOTS; s++) {
		uint64_t base = VA + s * HUGE, v = 0;

		mmk_munmap(r->mm, base, HUGE);
		if (mmk_mmap(r->mm, base, HUGE, RW, MMK_MAP_HUGE))
			r->failed = 1;
		for (uint64_t a = base; a < base + HUGE; a += 64 * PG)
			if (tm_write64(r->mm, a, tm_pattern(round, a)) == -ENOMEM)
				break;
		if (mmk_munmap(r->mm, base + PG, HUGE - PG))
			r->failed = 1;
		if (!tm_read64(r->mm, base, &v) && v && v != tm_pattern(round, base))
			r->failed = 1;
	}
}

/* Fill 4K pages of the region at VA + 1G until frames run out, check, drop them. */
static void ds_fill_side(struct ds_race *r, unsigned int round)
{
	uint64_t base = VA + GiB, a;

	for (a = base; a < base + 16 * MiB; a += PG)
		if (tm_write64(r->mm, a, tm_pattern(round, a)))
			break;
	for (uint64_t b = base; b < a; b += PG)
		if (tm_get(r->mm, b) != tm_pattern(round, b))
			r->failed = 1;
	if (mmk_madvise(r->mm, base, 16 * MiB, MMK_MADV_DONTNEED))
		r->failed = 1;
}

static void *ds_main(void *arg)
{
	struct ds_race *r = arg;

	if (mmk_cpu_attach(r->m, r->cpu))
		r->failed = 1;
	for (unsigned int round = 1; round <= DS_ROUNDS; round++)
		(r->cpu == 1 ? ds_thp_side : ds_fill_side)(r, round);
	mmk_cpu_detach(r->m);
	return NULL;
}

static void deferred_split_race(enum mmk_policy policy)
{
	struct mmk_config cfg;
	struct mmk_sys_stats st;
	struct ds_race r[2];
	pthread_t th[2];
	struct mm_struct *mm;

	mmk_config_init(&cfg);
	cfg.ram_bytes = 24 * MiB;
	cfg.ncpus = 3;
	cfg.policy = policy;
	r[0].m = tm_machine_cfg(&cfg);
	mmk_set_checking(r[0].m, true);
	mm = tm_mm(r[0].m);
	assert_int_equal(mmk_mmap(mm, VA + GiB, 16 * MiB, RW, 0), 0);
	assert_int_equal(mmk_mmap(mm, DS_QUEUED, DS_SLOTS * HUGE, RW, MMK_MAP_HUGE), 0);
	tm_fill(mm, DS_QUEUED, DS_SLOTS * HUGE, 7);
	for (unsigned int s = 0; s < DS_SLOTS; s++)	/* each keeps one page */
		assert_int_equal(mmk_munmap(mm, DS_QUEUED + s * HUGE + PG, HUGE - PG), 0);
	mmk_machine_stats(r[0].m, &st);
	assert_int_equal(st.thp_deferred_split_page, DS_SLOTS);
	for (unsigned int t = 0; t < 2; t++) {
		r[t] = (struct ds_race){ r[0].m, mm, t + 1, 0 };
		assert_int_equal(pthread_create(&th[t], NULL, ds_main, &r[t]), 0);
	}
	for (unsigned int t = 0; t < 2; t++) {
		pthread_join(th[t], NULL);
		assert_int_equal(r[t].failed, 0);
	}
	/* Quiet now: running out of frames splits what is still queued
	 * (the race's reclaim may have found mmap_lock taken), so every
	 * THP queued before the race has been split, its page kept. */
	ds_fill_side(&r[0], DS_ROUNDS + 1);	/* on this thread's CPU 0 */
	assert_int_equal(r[0].failed, 0);
	mmk_machine_stats(r[0].m, &st);
	assert_true(st.thp_split_page >= DS_SLOTS);
	for (unsigned int s = 0; s < DS_SLOTS; s++) {
		uint64_t a = DS_QUEUED + s * HUGE;

		assert_int_equal(tm_get(mm, a), tm_pattern(7, a));
		assert_int_equal(tm_page(mm, a).thp, 0);
	}
	mmk_exit(mm);
	machine_done(r[0].m);
}

static void test_deferred_split_every_policy(void **state)
{
	(void)state;
	for (unsigned int i = 0; i < sizeof(all_policies) / sizeof(all_policies[0]); i++)
		deferred_split_race(all_policies[i]);
}

static void test_shmem_race_every_policy(void **state)
{
	(void)state;
	for (unsigned int i = 0; i < sizeof(all_policies) / sizeof(all_policies[0]); i++) {
		shm_race_policy(all_policies[i], MMK_THP_NEVER, false);
		shm_race_policy(all_policies[i], MMK_THP_ALWAYS, false);
		shm_race_policy(all_policies[i], MMK_THP_NEVER, true);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split_keeps_data),
		cmocka_unit_test(test_fallback_when_fragmented),
		cmocka_unit_test(test_race_every_policy),
		cmocka_unit_test(test_shmem_race_every_policy),
		cmocka_unit_test(test_deferred_split_every_policy),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

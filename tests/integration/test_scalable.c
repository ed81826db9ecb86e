/* SPDX-License-Identifier: MIT */
/*
 * test_scalable.c - the fault path's scalable pieces under concurrency:
 * the per-CPU reader-writer semaphore (mmap_lock), the per-CPU RSS
 * counters and the per-CPU frames_used diffs.
 *
 * No timing is assumed; every check is exact:
 *  (a) percpu_rw_semaphore: a writer changes two plain words together
 *      and counts itself in; readers must always see the words equal and
 *      no writer inside, and a writer must see no reader inside.  Plain
 *      words make TSan check that the lock orders them.  Trylock rules
 *      are checked single-threaded.
 *  (b) mmap, munmap, mprotect and DONTNEED by one thread race faults by
 *      two others in the same range, under every policy.  An access may
 *      succeed or raise SIGSEGV (unmapped, or read-only now); nothing else.
 *      Afterwards the machine passes the invariant checker and, once the
 *      mm exited, every frame is back.
 *  (c) RSS and frames_used are exact after the threads that changed them
 *      were joined, whichever CPU (or none) faulted and zapped a page:
 *      pages faulted on one CPU are zapped from another, so per-CPU
 *      slots go negative and only their sum is right.
 *  (d) frames_peak is exact when one CPU allocates at a time, across
 *      several folds of its diff and with direct (unattached) updates.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <cmocka.h>
#include "unit/mmk_test.h"
#include "mmkit/check.h"
#include "mm_types.h"

#define RW (MMK_PROT_READ | MMK_PROT_WRITE)
#define BASE (1ULL << 30)

/* ---- (a) the per-CPU rwsem ---- */
struct rwsem_ctx {
	struct percpu_rw_semaphore sem;
	unsigned long a, b;		/* plain: written under the write lock */
	atomic_int readers_in, writers_in;
	atomic_int bad;
	unsigned int rounds;
};

static void *rwsem_reader(void *p)
{
	struct rwsem_ctx *c = p;

	for (unsigned int i = 0; i < c->rounds; i++) {
		bool tried = i & 1;

		if (tried) {
			if (!percpu_down_read_trylock(&c->sem))
				continue;
		} else {
			percpu_down_read(&c->sem);
		}
		atomic_fetch_add(&c->readers_in, 1);
		if (c->a != c->b || atomic_load(&c->writers_in))
			atomic_store(&c->bad, 1);
		atomic_fetch_sub(&c->readers_in, 1);
		percpu_up_read(&c->sem);
	}
	return NULL;
}

static void *rwsem_writer(void *p)
{
	struct rwsem_ctx *c = p;

	for (unsigned int i = 0; i < c->rounds / 8; i++) {
		if (i & 1) {
			if (!percpu_down_write_trylock(&c->sem))
				continue;
		} else {
			percpu_down_write(&c->sem);
		}
		if (atomic_fetch_add(&c->writers_in, 1) || atomic_load(&c->readers_in))
			atomic_store(&c->bad, 1);
		c->a++;
		c->b++;
		atomic_fetch_sub(&c->writers_in, 1);
		percpu_up_write(&c->sem);
	}
	return NULL;
}

static void test_percpu_rwsem_trylock(void **state)
{
	static struct percpu_rw_semaphore sem;

	(void)state;
	percpu_init_rwsem(&sem, LOCK_RANK_MMAP);
	percpu_down_read(&sem);
	assert_false(percpu_down_write_trylock(&sem));	/* a reader is in */
	percpu_up_read(&sem);
	assert_true(percpu_down_write_trylock(&sem));	/* the reader left */
	assert_false(percpu_down_read_trylock(&sem));	/* a writer holds it */
	assert_false(percpu_down_write_trylock(&sem));
	percpu_up_write(&sem);
	assert_true(percpu_down_read_trylock(&sem));
	percpu_up_read(&sem);
	percpu_down_write(&sem);
	percpu_up_write(&sem);
}

static void test_percpu_rwsem_exclusion(void **state)
{
	static struct rwsem_ctx c;
	pthread_t r[3], w[2];

	(void)state;
	percpu_init_rwsem(&c.sem, LOCK_RANK_MMAP);
	c.rounds = 20000 * tm_scale();
	for (int i = 0; i < 3; i++)
		assert_int_equal(pthread_create(&r[i], NULL, rwsem_reader, &c), 0);
	for (int i = 0; i < 2; i++)
		assert_int_equal(pthread_create(&w[i], NULL, rwsem_writer, &c), 0);
	for (int i = 0; i < 3; i++)
		pthread_join(r[i], NULL);
	for (int i = 0; i < 2; i++)
		pthread_join(w[i], NULL);
	assert_int_equal(atomic_load(&c.bad), 0);
	assert_int_equal(c.a, c.b);
	assert_true(c.a > 0);		/* blocking down_write always gets in */
	assert_true(percpu_down_write_trylock(&c.sem));	/* no reader left in */
	percpu_up_write(&c.sem);
}

/* ---- (b) VMA changes racing faults ---- */
#define RACE_SPAN (8 * MiB)
#define RACE_PAGES (RACE_SPAN / PG)

struct race_ctx {
	struct mmk_machine *m;
	struct mm_struct *mm;
	atomic_int stop, bad;
	atomic_uint next_cpu;		/* faulters take CPUs 1 and 2 */
	unsigned int rounds;
};

static uint64_t rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void *race_faulter(void *p)
{
	struct race_ctx *c = p;
	unsigned int cpu = atomic_fetch_add(&c->next_cpu, 1);
	uint64_t s = 0x9e3779b97f4a7c15ULL * cpu;

	if (mmk_cpu_attach(c->m, cpu)) {
		atomic_store(&c->bad, 1);
		return NULL;
	}
	while (!atomic_load(&c->stop)) {
		uint64_t addr = BASE + (rnd(&s) % RACE_PAGES) * PG, v = s;
		int ret = mmk_access(c->mm, addr, &v, sizeof(v), (int)(s & 1));

		if (ret && ret != -MMK_SIGSEGV)
			atomic_store(&c->bad, 2);
	}
	mmk_cpu_detach(c->m);
	return NULL;
}

/* One VMA change or zap somewhere in the range; every call must succeed. */
static int race_change(struct mm_struct *mm, uint64_t *s)
{
	uint64_t len = (1 + rnd(s) % 64) * 16 * KiB;
	uint64_t addr = BASE + (rnd(s) % ((RACE_SPAN - len) / PG)) * PG;
	int ret;

	switch (rnd(s) % 5) {
	case 0:
		ret = mmk_munmap(mm, addr, len);
		break;
	case 1:
		ret = mmk_munmap(mm, addr, len);
		if (!ret)
			ret = mmk_mmap(mm, addr, len, RW, MMK_MAP_PRIVATE);
		break;
	case 2:
		ret = mmk_mprotect(mm, addr, len, MMK_PROT_READ);
		if (ret == -ENOMEM)	/* part of it unmapped: fine */
			ret = 0;
		break;
	case 3:
		ret = mmk_mprotect(mm, addr, len, RW);
		if (ret == -ENOMEM)
			ret = 0;
		break;
	default:
		ret = mmk_madvise(mm, addr, len, MMK_MADV_DONTNEED);
		if (ret == -ENOMEM)
			ret = 0;
		break;
	}
	return ret;
}

static void vma_race(enum mmk_policy policy)
{
	struct mmk_config cfg;
	struct race_ctx c = { .next_cpu = 1, .rounds = 20000 * tm_scale() };
	pthread_t t[2];
	uint64_t s = 88172645463325252ULL;
	int ret = 0;

	mmk_config_init(&cfg);
	cfg.ram_bytes = 256 * MiB;
	cfg.ncpus = 3;
	cfg.policy = policy;
	assert_int_equal(mmk_machine_create(&cfg, &c.m), 0);
	assert_int_equal(mmk_cpu_attach(c.m, 0), 0);
	c.mm = tm_mm(c.m);
	assert_int_equal(mmk_mmap(c.mm, BASE, RACE_SPAN, RW, MMK_MAP_PRIVATE), 0);
	for (int i = 0; i < 2; i++)
		assert_int_equal(pthread_create(&t[i], NULL, race_faulter, &c), 0);
	for (unsigned int i = 0; i < c.rounds && !ret; i++)
		ret = race_change(c.mm, &s);
	atomic_store(&c.stop, 1);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	assert_int_equal(ret, 0);
	assert_int_equal(atomic_load(&c.bad), 0);
	mmk_sync(c.m);
	struct mmk_violation v;
	int bad = mmk_check(c.m, &v);
	if (bad)
		print_error("%s\n", v.what);
	assert_int_equal(bad, 0);
	assert_int_equal(mmk_munmap(c.mm, BASE, RACE_SPAN), 0);
	assert_int_equal(tm_stats(c.mm).rss, 0);
	mmk_exit(c.mm);
	tm_assert_empty(c.m);
	mmk_machine_destroy(c.m);
}
MMK_POLICY_TESTS(vma_race)

/* ---- (c) counters exact after join ---- */
struct count_job {
	struct mmk_machine *m;
	struct mm_struct *mm;
	int cpu;		/* -1: no CPU (MADV_POPULATE_WRITE / DONTNEED only) */
	uint64_t addr, len;
	bool zap;
	int ret;
};

static void *count_worker(void *p)
{
	struct count_job *j = p;

	if (j->cpu >= 0 && (j->ret = mmk_cpu_attach(j->m, (unsigned int)j->cpu)))
		return NULL;
	if (j->zap)
		j->ret = mmk_madvise(j->mm, j->addr, j->len, MMK_MADV_DONTNEED);
	else if (j->cpu < 0)
		j->ret = mmk_madvise(j->mm, j->addr, j->len, MMK_MADV_POPULATE_WRITE);
	else
		for (uint64_t a = j->addr; a < j->addr + j->len && !j->ret; a += PG)
			j->ret = tm_write64(j->mm, a, a);
	if (j->cpu >= 0)
		mmk_cpu_detach(j->m);
	return NULL;
}

static void run_jobs(struct count_job *j, int n)
{
	pthread_t t[4];

	for (int i = 0; i < n; i++)
		assert_int_equal(pthread_create(&t[i], NULL, count_worker, &j[i]), 0);
	for (int i = 0; i < n; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(j[i].ret, 0);
	}
}

static void test_counters_exact(void **state)
{
	struct mmk_config cfg;
	struct mmk_machine *m;
	struct mm_struct *mm;
	const uint64_t len = 3 * MiB + 20 * PG;		/* several folds per CPU */
	const uint64_t x = BASE, y = BASE + 4 * MiB, z = BASE + 8 * MiB;
	struct mmk_sys_stats st;

	(void)state;
	mmk_config_init(&cfg);
	cfg.ram_bytes = 256 * MiB;
	cfg.ncpus = 3;
	cfg.policy = MMK_POLICY_KEEP;	/* tables stay: exact frame counts */
	assert_int_equal(mmk_machine_create(&cfg, &m), 0);
	mm = tm_mm(m);
	assert_int_equal(mmk_mmap(mm, BASE, 12 * MiB, RW, MMK_MAP_PRIVATE), 0);

	struct count_job fill[3] = {
		{ m, mm, 0, x, len, false, 0 },
		{ m, mm, 1, y, len, false, 0 },
		{ m, mm, -1, z, len, false, 0 },
	};
	run_jobs(fill, 3);
	assert_int_equal(tm_stats(mm).rss, 3 * len);
	mmk_sync(m);
	st = tm_sys(m);
	assert_int_equal(st.frames_used, 3 * len / PG + st.pgtable_frames);

	/* Each range zapped from a CPU (or none) other than the one that faulted it. */
	struct count_job zap[3] = {
		{ m, mm, 1, x, len, true, 0 },
		{ m, mm, -1, y, len, true, 0 },
		{ m, mm, 0, z, len, true, 0 },
	};
	run_jobs(zap, 3);
	assert_int_equal(tm_stats(mm).rss, 0);
	mmk_sync(m);
	st = tm_sys(m);
	assert_int_equal(st.frames_used, st.pgtable_frames);
	mmk_exit(mm);
	tm_assert_empty(m);
	mmk_machine_destroy(m);
}

/* ---- (d) frames_peak with one CPU at a time ---- */
static void test_peak_one_cpu(void **state)
{
	struct mmk_machine *m = tm_machine(64 * MiB, 2, 0);
	struct mm_struct *mm = tm_mm(m);
	uint64_t base_used, peak;

	(void)state;
	assert_int_equal(mmk_mmap(mm, BASE, 4 * MiB, RW, MMK_MAP_PRIVATE), 0);
	tm_fill(mm, BASE, PG, 1);			/* the tables */
	base_used = tm_sys(m).frames_used;
	tm_fill(mm, BASE + PG, 299 * PG, 1);		/* folds on CPU 0 */
	peak = tm_sys(m).frames_used;
	assert_int_equal(peak, base_used + 299);
	assert_int_equal(tm_sys(m).frames_peak, peak);
	assert_int_equal(mmk_madvise(mm, BASE + PG, 200 * PG, MMK_MADV_DONTNEED), 0);
	assert_int_equal(tm_sys(m).frames_used, peak - 200);
	assert_int_equal(tm_sys(m).frames_peak, peak);
	tm_fill(mm, BASE + PG, 150 * PG, 2);		/* below the peak */
	assert_int_equal(tm_sys(m).frames_peak, peak);
	/* Now with no CPU: direct updates of the machine's count. */
	mmk_cpu_detach(m);
	/* Pages 151-200 and 300-350 are new: 101 frames, 51 above the peak. */
	assert_int_equal(mmk_madvise(mm, BASE + 151 * PG, 200 * PG,
				     MMK_MADV_POPULATE_WRITE), 0);
	assert_int_equal(tm_sys(m).frames_used, peak + 51);
	assert_int_equal(tm_sys(m).frames_peak, peak + 51);
	assert_int_equal(mmk_madvise(mm, BASE, 4 * MiB, MMK_MADV_DONTNEED), 0);
	assert_int_equal(mmk_cpu_attach(m, 1), 0);
	tm_fill(mm, BASE, 3 * PG, 3);
	assert_int_equal(tm_sys(m).frames_peak, peak + 51);
	mmk_exit(mm);
	tm_assert_empty(m);
	assert_int_equal(tm_sys(m).frames_peak, peak + 51);
	mmk_machine_destroy(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_percpu_rwsem_trylock),
		cmocka_unit_test(test_percpu_rwsem_exclusion),
		MMK_POLICY_TEST_LIST,
		cmocka_unit_test(test_counters_exact),
		cmocka_unit_test(test_peak_one_cpu),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

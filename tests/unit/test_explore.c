/* SPDX-License-Identifier: MIT */
/*
 * test_explore.c - the race lab's explorer (mmkit/explore.h) on synthetic
 * threads built from the sync layer's primitives, no machine involved.
 *
 *  - Coverage: threads that pass a known number of points; the number of
 *    interleavings explored must equal what a tiny independent enumerator
 *    counts (every order of the threads' steps with at most K switches
 *    away from a thread that had steps left), and C(2n, n) for two
 *    threads of n steps without a bound.
 *  - A lost update (read, then write back + 1) is found within one
 *    preemption and not within none; its choice sequence replays it.
 *  - Spinlocks: a thread that waits hands over for free and mutual
 *    exclusion holds in every interleaving; an ABBA order is reported as a
 *    deadlock (in a child process: deadlocked threads cannot be unwound).
 *  - Deterministic RCU: a reader inside rcu_read_lock() never sees the
 *    object freed by a call_rcu() callback queued after it entered; without
 *    the read-side section the explorer finds the use after free.
 *  - Partial-order reduction: two readers and a writer of one word, each
 *    after private steps.  With and without sleep sets the reduced search
 *    sees every outcome the full search sees (the order that only one
 *    class has among them) at K = 0, 1, 2, and sleep sets run strictly
 *    fewer executions.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "sync.h"
#include "cpu.h"
#include "mm_types.h"
#include "sched_explore.h"
#include "mmkit/explore.h"
#include "mmkit/mmkit.h"

#define MAXT 4

struct scenario;
typedef void (*thread_fn)(struct scenario *s, int i);

struct scenario {
	struct mmk_explorer *ex;
	int nthreads;
	thread_fn fn;
	int steps;			/* points per thread (count tests) */
	atomic_t objs[MAXT];		/* one private object per thread */
	/*
	 * Own pages: the explorer takes consecutive reads within one page
	 * for a scan of one page table (one decision, not one per entry).
	 */
	_Alignas(4096) mmk_entry_t shared;	/* the word threads race on */
	_Alignas(4096) mmk_entry_t freed;	/* RCU tests: the callback ran */
	struct mmk_rcu_head head;
	bool use_rcu;
	bool racer;			/* callback test: T1 races with the callback */
	spinlock_t a, b;
	struct percpu_rw_semaphore rw;	/* readers' test */
	int in_cs;			/* threads in the critical section */
	uint64_t seen[MAXT];		/* what each thread read (reduction test) */
	unsigned int shard_depth;	/* mmk_explore_set_shard's @depth (0: 2) */
	int bad;			/* an execution broke what it checks */
};

static struct scenario *cur;	/* the RCU callback has no argument */

struct arg {
	struct scenario *s;
	int i;
};

static void *thread_main(void *p)
{
	struct arg *a = p;
	static const char *const names[MAXT] = { "T0", "T1", "T2", "T3" };

	mmk_explore_thread_begin(a->s->ex, a->i, names[a->i]);
	a->s->fn(a->s, a->i);
	mmk_explore_thread_end();
	return NULL;
}

/* One execution: run every thread of @s under the explorer, wait for all. */
static void run_once(struct scenario *s)
{
	pthread_t th[MAXT];
	struct arg args[MAXT];

	mmk_explore_exec_begin(s->ex);
	assert_int_equal(mmk_explore_run_begin(s->ex, NULL, s->nthreads), 0);
	for (int i = 0; i < s->nthreads; i++) {
		args[i] = (struct arg){ s, i };
		assert_int_equal(pthread_create(&th[i], NULL, thread_main, &args[i]), 0);
	}
	for (int i = 0; i < s->nthreads; i++)
		pthread_join(th[i], NULL);
	mmk_explore_run_end(s->ex);
	mmk_explore_exec_end(s->ex);
	assert_null(mmk_explore_error(s->ex));
}

static void reset(struct scenario *s)
{
	for (int i = 0; i < MAXT; i++)
		atomic_set(&s->objs[i], 0);
	atomic_store(&s->shared, 0);
	atomic_store(&s->freed, 0);
	spin_lock_init(&s->a, LOCK_RANK_NONE);
	spin_lock_init(&s->b, LOCK_RANK_NONE);
	percpu_init_rwsem(&s->rw, LOCK_RANK_NONE);
	s->in_cs = 0;
}

enum { FULL, POR_NO_SLEEP, POR };

static uint64_t last_cut;	/* executions the last explore_mode() cut */

/*
 * Every interleaving (with @mode's reduction); @each (may be NULL) sees
 * each finished execution.  Returns the number explored.
 */
static uint64_t explore_mode(struct scenario *s, int k, void (*each)(struct scenario *s),
			     unsigned int shard, unsigned int nshards, int mode)
{
	assert_int_equal(mmk_explorer_create(k, &s->ex), 0);
	if (nshards)
		assert_int_equal(mmk_explore_set_shard(s->ex, shard, nshards,
							 s->shard_depth ? s->shard_depth : 2), 0);
	if (mode != FULL) {
		assert_int_equal(mmk_explore_set_por(s->ex, true), 0);
		assert_int_equal(mmk_explore_set_sleep_sets(s->ex, mode == POR), 0);
	}
	cur = s;
	do {
		reset(s);
		run_once(s);
		if (each)
			each(s);
	} while (mmk_explore_next(s->ex));
	uint64_t n = mmk_explore_count(s->ex);
	last_cut = mmk_explore_sleep_blocked(s->ex);
	mmk_explorer_destroy(s->ex);
	s->ex = NULL;
	return n;
}

static uint64_t explore_shard(struct scenario *s, int k, void (*each)(struct scenario *s),
			      unsigned int shard, unsigned int nshards)
{
	return explore_mode(s, k, each, shard, nshards, FULL);
}

static uint64_t explore(struct scenario *s, int k, void (*each)(struct scenario *s))
{
	return explore_shard(s, k, each, 0, 0);
}

/* ---- coverage ---- */

static void steps_fn(struct scenario *s, int i)
{
	for (int j = 0; j < s->steps; j++)
		atomic_inc(&s->objs[i]);	/* one ATOMIC point each */
}

/*
 * The independent count: orders of the threads' steps (left[t] to go)
 * where switching away from a thread with steps left costs one preemption.
 */
static uint64_t enumerate(int *left, int n, int last, int used, int k)
{
	uint64_t total = 0;
	bool any = false;

	for (int t = 0; t < n; t++) {
		int cost;

		if (!left[t])
			continue;
		any = true;
		cost = last >= 0 && t != last && left[last] ? 1 : 0;
		if (used + cost > k)
			continue;
		left[t]--;
		total += enumerate(left, n, t, used + cost, k);
		left[t]++;
	}
	return any ? total : 1;
}

static uint64_t expected(int threads, int steps, int k)
{
	int left[MAXT];

	for (int t = 0; t < threads; t++)
		left[t] = steps;
	return enumerate(left, threads, -1, 0, k);
}

static uint64_t binomial(int n, int r)
{
	uint64_t c = 1;

	for (int i = 1; i <= r; i++)
		c = c * (uint64_t)(n - r + i) / (uint64_t)i;
	return c;
}

static uint64_t count(int threads, int steps, int k)
{
	struct scenario s = { .nthreads = threads, .fn = steps_fn, .steps = steps };

	return explore(&s, k, NULL);
}

static void test_count_two_unbounded(void **state)
{
	(void)state;
	for (int n = 1; n <= 5; n++) {
		assert_int_equal(expected(2, n, 1000), binomial(2 * n, n));
		assert_int_equal(count(2, n, 1000), binomial(2 * n, n));
	}
}

static void test_count_bounded(void **state)
{
	static const int cases[][3] = {
		{ 2, 5, 0 }, { 2, 5, 1 }, { 2, 6, 2 }, { 2, 8, 3 },
		{ 3, 1, 0 }, { 3, 2, 1 }, { 3, 3, 2 }, { 3, 2, 1000 },
		{ 4, 2, 1 }, { 4, 1, 1000 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint64_t want = expected(cases[i][0], cases[i][1], cases[i][2]);

		print_message("threads %d, steps %d, K %d: %llu interleavings\n",
			      cases[i][0], cases[i][1], cases[i][2], (unsigned long long)want);
		assert_int_equal(count(cases[i][0], cases[i][1], cases[i][2]), want);
	}
	/* Sanity of the enumerator itself: 3! orders at K = 0, 6!/(2!)^3 unbounded. */
	assert_int_equal(expected(3, 4, 0), 6);
	assert_int_equal(expected(3, 2, 1000), 90);
}

/* ---- the share of the search done (mmk_explore_covered) ---- */

static double covered_last;
static int covered_bad;

static void covered_each(struct scenario *s)
{
	double c = mmk_explore_covered(s->ex);

	/* Each execution adds its leaf: the share grows, and stays below 1
	 * until the last (checked after the search). */
	if (!(c > covered_last) || c > 1 + 1e-9)
		covered_bad++;
	covered_last = c;
}

static void test_covered(void **state)
{
	static const int cases[][3] = { { 2, 5, 1 }, { 3, 2, 1 }, { 3, 3, 2 }, { 2, 4, 1000 } };

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct scenario s = { .nthreads = cases[i][0], .fn = steps_fn,
				      .steps = cases[i][1] };
		uint64_t n;

		covered_last = 0;
		covered_bad = 0;
		n = explore(&s, cases[i][2], covered_each);
		assert_int_equal(n, expected(cases[i][0], cases[i][1], cases[i][2]));
		assert_int_equal(covered_bad, 0);
		/* The last leaf completes the search: all of it, to rounding. */
		assert_true(covered_last > 1 - 1e-9 && covered_last < 1 + 1e-9);
	}
}

/* ---- partial-order reduction and sleep sets ---- */

/*
 * T0 and T1 read the shared word, T2 writes it, each after s->steps
 * private steps (independent of everything).  The reads commute, so
 * what matters is where the write falls among them: four classes, told
 * apart by what the readers saw (bit 2 * T0's value + T1's).  Bit 2,
 * T0 new and T1 old, needs the order T1, T2, T0: the seeded violation.
 */
static void rw_fn(struct scenario *s, int i)
{
	for (int j = 0; j < s->steps; j++)
		atomic_inc(&s->objs[i]);
	if (i == 2)
		entry_write(&s->shared, 1);
	else
		s->seen[i] = entry_read(&s->shared);
}

static unsigned int rw_outcomes;

static void rw_each(struct scenario *s)
{
	rw_outcomes |= 1u << (2 * s->seen[0] + s->seen[1]);
}

static void test_sleep_sets(void **state)
{
	(void)state;
	for (int steps = 0; steps <= 2; steps++) {
		for (int k = 0; k <= 2; k++) {
			struct scenario s = { .nthreads = 3, .fn = rw_fn, .steps = steps };
			uint64_t n[3];
			unsigned int seen[3];

			for (int mode = FULL; mode <= POR; mode++) {
				rw_outcomes = 0;
				n[mode] = explore_mode(&s, k, rw_each, 0, 0, mode);
				seen[mode] = rw_outcomes;
			}
			print_message("steps %d, K %d: %llu interleavings, --por %llu, "
				      "with sleep sets %llu\n", steps, k,
				      (unsigned long long)n[FULL],
				      (unsigned long long)n[POR_NO_SLEEP],
				      (unsigned long long)n[POR]);
			assert_true(seen[FULL] & 1u << 2);	/* reachable within K */
			assert_int_equal(seen[POR_NO_SLEEP], seen[FULL]);
			assert_int_equal(seen[POR], seen[FULL]);
			assert_true(n[POR_NO_SLEEP] <= n[FULL]);
			assert_true(n[POR] < n[POR_NO_SLEEP]);
		}
	}
}

/*
 * Lost updates under a lock: each thread reads the word unlocked, then
 * writes a value made of what it read and its index under the spinlock
 * (a thread that finds it taken waits: a free switch).  The final value
 * tells the order of the writes and what each write was made from.
 */
static void mixed_fn(struct scenario *s, int i)
{
	uint64_t v = entry_read(&s->shared);

	atomic_inc(&s->objs[i]);
	spin_lock(&s->a);
	entry_write(&s->shared, v * 4 + (uint64_t)i + 1);
	spin_unlock(&s->a);
}

static uint64_t finals[256];
static size_t nfinals;

static void mixed_each(struct scenario *s)
{
	uint64_t v = atomic_load(&s->shared);

	for (size_t i = 0; i < nfinals; i++)
		if (finals[i] == v)
			return;
	assert_true(nfinals < sizeof(finals) / sizeof(finals[0]));
	finals[nfinals++] = v;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static void test_sleep_sets_waits(void **state)
{
	(void)state;
	for (int k = 0; k <= 2; k++) {
		struct scenario s = { .nthreads = 3, .fn = mixed_fn };
		uint64_t seen[3][256];
		size_t nseen[3];

		for (int mode = FULL; mode <= POR; mode++) {
			nfinals = 0;
			explore_mode(&s, k, mixed_each, 0, 0, mode);
			qsort(finals, nfinals, sizeof(finals[0]), cmp_u64);
			memcpy(seen[mode], finals, nfinals * sizeof(finals[0]));
			nseen[mode] = nfinals;
		}
		print_message("K %d: %zu final values\n", k, nseen[FULL]);
		for (int mode = POR_NO_SLEEP; mode <= POR; mode++) {
			assert_int_equal(nseen[mode], nseen[FULL]);
			assert_memory_equal(seen[mode], seen[FULL], nseen[FULL] * sizeof(seen[0][0]));
		}
	}
}

/*
 * The share done under the reduction (mmk_explore_covered over the
 * backtrack sets): it may shrink when a race adds an alternative above
 * the current path, but it stays in (0, 1], and the last execution of
 * an exhausted search completes it, so count / covered, the estimate of
 * the total, is the count itself at the end.  With and without sleep
 * sets, and over a shard's split search.
 */
static void covered_any_each(struct scenario *s)
{
	double c = mmk_explore_covered(s->ex);

	if (!(c > 0) || c > 1 + 1e-9)
		covered_bad++;
	covered_last = c;
}

static void test_covered_por(void **state)
{
	(void)state;
	for (int mode = POR_NO_SLEEP; mode <= POR; mode++) {
		for (int k = 0; k <= 2; k++) {
			for (unsigned int shards = 0; shards <= 1; shards++) {
				struct scenario s = { .nthreads = 3, .fn = rw_fn, .steps = 2,
						      .shard_depth = 8 };

				covered_last = 0;
				covered_bad = 0;
				explore_mode(&s, k, covered_any_each, 0, shards, mode);
				print_message("mode %d, K %d, shards %u: covered at the end %.6f\n",
					      mode, k, shards, covered_last);
				assert_int_equal(covered_bad, 0);
				assert_true(covered_last > 1 - 1e-9 && covered_last < 1 + 1e-9);
			}
		}
	}
}

/* ---- shards of a reduced search ---- */

/* What the executions of one search (or of its shards together) were. */
struct por_seen {
	uint64_t count;			/* interleavings, as the explorers counted them */
	uint64_t paths[4096];		/* a hash of each one's choices */
	size_t npaths;
	unsigned int outcomes;		/* rw_fn's, as rw_outcomes */
};

static struct por_seen *por_seen;
static uint64_t por_cut;		/* the explorer's sleep_blocked so far */

/* An execution the explorer counted (its shard's, not cut): record it. */
static void por_each(struct scenario *s)
{
	uint64_t cut = mmk_explore_sleep_blocked(s->ex), h = 14695981039346656037ULL;
	size_t n;
	const uint8_t *k = mmk_explore_choices(s->ex, &n);
	bool counted = mmk_explore_owned(s->ex) && cut == por_cut;

	por_cut = cut;
	if (!counted)
		return;
	for (size_t i = 0; i < n; i++)
		h = (h ^ k[i]) * 1099511628211ULL;
	assert_true(por_seen->npaths < sizeof(por_seen->paths) / sizeof(por_seen->paths[0]));
	por_seen->paths[por_seen->npaths++] = h ^ n;
	por_seen->outcomes |= 1u << (2 * s->seen[0] + s->seen[1]);
}

/* Shards 0..@n-1 of the reduced search of @s at @k, into @out (sorted). */
static void por_shards(struct scenario *s, int k, unsigned int n, struct por_seen *out)
{
	memset(out, 0, sizeof(*out));
	por_seen = out;
	for (unsigned int i = 0; i < n; i++) {
		por_cut = 0;
		out->count += explore_mode(s, k, por_each, i, n, POR);
	}
	qsort(out->paths, out->npaths, sizeof(out->paths[0]), cmp_u64);
}

/*
 * --por with --shard: the N shards together run exactly the executions
 * of the split search (--shard 0/1: full above the split, reduced
 * below), each in one shard, whatever N; and they see every outcome the
 * unsharded --por search (and the full one) sees.  A shard that skipped
 * or repeated a subtree changes the set of paths.
 */
static void test_por_shards(void **state)
{
	static struct por_seen whole, one, some;

	(void)state;
	for (int steps = 1; steps <= 2; steps++) {
		for (int k = 0; k <= 2; k++) {
			struct scenario s = { .nthreads = 3, .fn = rw_fn, .steps = steps,
					      .shard_depth = 8 };
			uint64_t full;

			rw_outcomes = 0;
			full = explore_mode(&s, k, rw_each, 0, 0, FULL);
			memset(&whole, 0, sizeof(whole));
			por_seen = &whole;
			por_cut = 0;
			whole.count = explore_mode(&s, k, por_each, 0, 0, POR);
			assert_int_equal(whole.outcomes, rw_outcomes);
			por_shards(&s, k, 1, &one);
			print_message("steps %d, K %d: %llu interleavings, --por %llu, "
				      "split for shards %llu\n", steps, k,
				      (unsigned long long)full, (unsigned long long)whole.count,
				      (unsigned long long)one.count);
			assert_int_equal(one.count, one.npaths);
			assert_int_equal(one.outcomes, whole.outcomes);
			assert_true(one.count <= full);
			for (unsigned int n = 2; n <= 3; n++) {
				por_shards(&s, k, n, &some);
				assert_int_equal(some.count, one.count);
				assert_int_equal(some.npaths, one.npaths);
				assert_memory_equal(some.paths, one.paths,
						    one.npaths * sizeof(one.paths[0]));
				assert_int_equal(some.outcomes, whole.outcomes);
			}
		}
	}
}

/* ---- shards: each interleaving in exactly one ---- */

static void test_shards(void **state)
{
	static const int cases[][3] = { { 2, 5, 1 }, { 3, 2, 1 }, { 3, 3, 2 }, { 2, 4, 1000 },
					{ 4, 2, 1 } };
	struct mmk_explorer *ex;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint64_t want = expected(cases[i][0], cases[i][1], cases[i][2]);

		for (unsigned int n = 1; n <= 4; n++) {
			uint64_t sum = 0;

			for (unsigned int sh = 0; sh < n; sh++) {
				struct scenario s = { .nthreads = cases[i][0], .fn = steps_fn,
						      .steps = cases[i][1] };

				sum += explore_shard(&s, cases[i][2], NULL, sh, n);
			}
			assert_int_equal(sum, want);
		}
	}
	assert_int_equal(mmk_explorer_create(1, &ex), 0);
	assert_int_equal(mmk_explore_set_shard(ex, 2, 2, 4), -EINVAL);
	assert_int_equal(mmk_explore_set_shard(ex, 0, 0, 4), -EINVAL);
	assert_int_equal(mmk_explore_set_shard(ex, 0, 2, 0), -EINVAL);
	mmk_explorer_destroy(ex);
}

/* ---- a lost update ---- */

static void incr_fn(struct scenario *s, int i)
{
	uint64_t v;

	(void)i;
	v = entry_read(&s->shared);
	entry_write(&s->shared, v + 1);
}

static int lost_seen, kept_seen;
static uint8_t lost_choices[64];
static size_t lost_n;

static void incr_each(struct scenario *s)
{
	uint64_t v = atomic_load(&s->shared);

	if (v == 2) {
		kept_seen++;
	} else {
		size_t n;
		const uint8_t *ch = mmk_explore_choices(s->ex, &n);

		assert_true(n <= sizeof(lost_choices));
		if (!lost_seen++) {
			memcpy(lost_choices, ch, n);
			lost_n = n;
		}
	}
}

static void test_lost_update(void **state)
{
	struct scenario s = { .nthreads = 2, .fn = incr_fn };

	(void)state;
	lost_seen = kept_seen = 0;
	explore(&s, 0, incr_each);
	assert_int_equal(lost_seen, 0);		/* no preemption: no race */
	assert_true(kept_seen > 0);
	explore(&s, 1, incr_each);
	assert_true(lost_seen > 0);
	/* Its choices replay it. */
	assert_int_equal(mmk_explorer_create(1, &s.ex), 0);
	assert_int_equal(mmk_explore_set_prefix(s.ex, lost_choices, lost_n), 0);
	reset(&s);
	run_once(&s);
	assert_int_equal(atomic_load(&s.shared), 1);
	mmk_explorer_destroy(s.ex);
}

/* ---- spinlocks ---- */

static void cs_fn(struct scenario *s, int i)
{
	uint64_t v;

	(void)i;
	spin_lock(&s->a);
	if (s->in_cs++)
		s->bad++;
	v = entry_read(&s->shared);		/* a point inside: may be preempted */
	entry_write(&s->shared, v + 1);
	s->in_cs--;
	spin_unlock(&s->a);
}

static void cs_each(struct scenario *s)
{
	if (atomic_load(&s->shared) != 3)
		s->bad++;
}

static void test_spinlock_exclusion(void **state)
{
	struct scenario s = { .nthreads = 3, .fn = cs_fn };
	uint64_t n;

	(void)state;
	n = explore(&s, 2, cs_each);
	assert_int_equal(s.bad, 0);
	assert_true(n > 6);	/* more than the 3! orders without preemption */
}

static void abba_fn(struct scenario *s, int i)
{
	spinlock_t *first = i ? &s->b : &s->a, *second = i ? &s->a : &s->b;

	spin_lock(first);
	spin_lock(second);
	spin_unlock(second);
	spin_unlock(first);
}

static void stuck_exit(struct mmk_explorer *ex, void *arg)
{
	const char *why = mmk_explore_error(ex);

	(void)arg;
	_exit(why && strstr(why, "deadlock:") && strstr(why, "T0 waits") &&
	      strstr(why, "T1 waits") ? 42 : 43);
}

static void test_deadlock(void **state)
{
	pid_t pid;
	int status;

	(void)state;
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct scenario s = { .nthreads = 2, .fn = abba_fn };

		assert_int_equal(mmk_explorer_create(1, &s.ex), 0);
		mmk_explore_set_on_stuck(s.ex, stuck_exit, NULL);
		do {
			reset(&s);
			run_once(&s);
		} while (mmk_explore_next(s.ex));
		_exit(44);	/* explored everything: the deadlock was missed */
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 42);
}

/* ---- deterministic RCU ---- */

static void free_cb(struct mmk_rcu_head *head)
{
	(void)head;
	entry_write(&cur->freed, 1);
}

/* T0 reads the published object twice; T1 unpublishes and frees it. */
static void rcu_fn(struct scenario *s, int i)
{
	if (i == 0) {
		if (s->use_rcu)
			rcu_read_lock();
		if (entry_read(&s->shared) && entry_read(&s->freed))
			s->bad++;	/* saw it published, then freed: use after free */
		if (s->use_rcu)
			rcu_read_unlock();
	} else {
		entry_write(&s->shared, 0);
		call_rcu(&s->head, free_cb);
	}
}

static void test_rcu(void **state)
{
	struct scenario s = { .nthreads = 2, .fn = rcu_fn, .use_rcu = true };

	(void)state;
	/* By hand rather than explore(): the object starts published. */
	assert_int_equal(mmk_explorer_create(2, &s.ex), 0);
	cur = &s;
	do {
		reset(&s);
		atomic_store(&s.shared, 1);
		run_once(&s);
		assert_int_equal(atomic_load(&s.freed), 1);	/* the callback ran */
	} while (mmk_explore_next(s.ex));
	assert_int_equal(s.bad, 0);
	mmk_explorer_destroy(s.ex);

	s.use_rcu = false;
	assert_int_equal(mmk_explorer_create(2, &s.ex), 0);
	do {
		reset(&s);
		atomic_store(&s.shared, 1);
		run_once(&s);
	} while (!s.bad && mmk_explore_next(s.ex));
	assert_true(s.bad > 0);		/* found without the read-side section */
	mmk_explorer_destroy(s.ex);
}

/*
 * An RCU callback is ordered after the step that queued it (the explorer
 * joins the queuer's clock into the RCU thread's): they are never
 * co-enabled, so that is no race to reverse.  T0 updates its own word a
 * few times and a shared one, then queues a callback that updates T0's
 * word again and reads the shared one.  If T1 touches only its own word,
 * the reduced search has nothing to reverse: one execution, none cut
 * (without the edge every update of T0's word raced with the callback's,
 * and the backtrack sets took every candidate).  If T1 reads and writes
 * the shared word too, the reduced search must still see every outcome
 * the full one sees.
 */
static void queued_cb(struct mmk_rcu_head *head)
{
	(void)head;
	atomic_inc(&cur->objs[0]);
	cur->seen[2] = entry_read(&cur->shared);
}

static void queue_fn(struct scenario *s, int i)
{
	if (i == 1 && !s->racer) {
		atomic_inc(&s->objs[1]);
		return;
	}
	if (i == 1) {
		s->seen[1] = entry_read(&s->shared);
		entry_write(&s->shared, 2);
		return;
	}
	for (int j = 0; j < s->steps; j++)
		atomic_inc(&s->objs[0]);
	entry_write(&s->shared, 1);
	call_rcu(&s->head, queued_cb);
}

static unsigned int queue_outcomes;

static void queue_each(struct scenario *s)
{
	queue_outcomes |= 1u << (4 * s->seen[1] + s->seen[2]);
	s->seen[1] = s->seen[2] = 0;
}

static void test_rcu_callback_order(void **state)
{
	(void)state;
	for (int k = 0; k <= 2; k++) {
		struct scenario s = { .nthreads = 2, .fn = queue_fn, .steps = 3 };
		unsigned int seen[3];

		for (int mode = POR_NO_SLEEP; mode <= POR; mode++) {
			assert_int_equal(explore_mode(&s, k, NULL, 0, 0, mode), 1);
			assert_int_equal(last_cut, 0);
		}
		s.racer = true;
		for (int mode = FULL; mode <= POR; mode++) {
			queue_outcomes = 0;
			explore_mode(&s, k, queue_each, 0, 0, mode);
			seen[mode] = queue_outcomes;
		}
		print_message("K %d: outcomes 0x%x\n", k, seen[FULL]);
		assert_int_equal(seen[POR_NO_SLEEP], seen[FULL]);
		assert_int_equal(seen[POR], seen[FULL]);
	}
}

/*
 * Readers of a percpu_rw_semaphore (mmap_lock) commute: to the reduction
 * their acquisitions and releases read the lock, and only a writer's
 * write it.  Two readers that each update their own word under the read
 * lock give one execution under --por (before, each acquisition wrote
 * the lock and the readers' orders were all tried).  With a writer that
 * sets the shared word under the write lock, --por must see every
 * outcome the full search sees (what each reader read).
 */
static void readers_fn(struct scenario *s, int i)
{
	if (i == 2) {
		percpu_down_write(&s->rw);
		entry_write(&s->shared, 1);
		percpu_up_write(&s->rw);
		return;
	}
	percpu_down_read(&s->rw);
	atomic_inc(&s->objs[i]);
	s->seen[i] = entry_read(&s->shared);
	percpu_up_read(&s->rw);
}

static unsigned int readers_outcomes;

static void readers_each(struct scenario *s)
{
	readers_outcomes |= 1u << (2 * s->seen[0] + s->seen[1]);
}

static void test_shared_lock(void **state)
{
	(void)state;
	for (int k = 0; k <= 2; k++) {
		struct scenario s = { .nthreads = 2, .fn = readers_fn };
		unsigned int seen[3];

		for (int mode = POR_NO_SLEEP; mode <= POR; mode++) {
			assert_int_equal(explore_mode(&s, k, NULL, 0, 0, mode), 1);
			assert_int_equal(last_cut, 0);
		}
		s.nthreads = 3;
		for (int mode = FULL; mode <= POR; mode++) {
			readers_outcomes = 0;
			explore_mode(&s, k, readers_each, 0, 0, mode);
			seen[mode] = readers_outcomes;
		}
		print_message("K %d: outcomes 0x%x\n", k, seen[FULL]);
		assert_int_equal(seen[POR_NO_SLEEP], seen[FULL]);
		assert_int_equal(seen[POR], seen[FULL]);
	}
}

/* ---- object names: the same in every execution ---- */

/*
 * Sleep sets compare a sleeping thread's accesses, recorded in an
 * earlier execution, with the steps of this one, each on a fresh
 * machine.  Two machines alive at once sit at different addresses: the
 * same frame's entry, page, CPU and mm lock must still have one name.
 */
static void test_object_names(void **state)
{
	struct mmk_machine *m[2];
	struct mm_struct *mm[2];
	const void *name[2][5];

	(void)state;
	for (int i = 0; i < 2; i++) {
		struct mmk_config cfg;

		mmk_config_init(&cfg);
		cfg.ncpus = 2;
		assert_int_equal(mmk_machine_create(&cfg, &m[i]), 0);
		assert_int_equal(mmk_mm_create(m[i], &mm[i]), 0);
		name[i][0] = machine_object(m[i], m[i]->mem + 5 * 4096 + 16);
		name[i][1] = machine_object(m[i], &m[i]->pages[7]._refcount);
		name[i][2] = machine_object(m[i], &m[i]->cpus[1]);
		name[i][3] = machine_object(m[i], &mm[i]->page_table_lock);
		name[i][4] = machine_object(m[i], &m[i]->pool_lock);
	}
	assert_ptr_not_equal(m[0], m[1]);
	for (int j = 0; j < 5; j++)
		assert_ptr_equal(name[0][j], name[1][j]);
	/* Different things keep different names. */
	assert_ptr_not_equal(machine_object(m[0], &m[0]->pages[7]._mapcount), name[0][0]);
	assert_ptr_equal(machine_object(m[0], &m[0]->pages[7]._mapcount), name[0][1]);
	assert_ptr_not_equal(machine_object(m[0], &mm[0]->mmap_lock), name[0][3]);
	for (int i = 0; i < 2; i++) {
		mmk_exit(mm[i]);
		mmk_machine_destroy(m[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_count_two_unbounded),
		cmocka_unit_test(test_count_bounded),
		cmocka_unit_test(test_covered),
		cmocka_unit_test(test_shards),
		cmocka_unit_test(test_sleep_sets),
		cmocka_unit_test(test_sleep_sets_waits),
		cmocka_unit_test(test_por_shards),
		cmocka_unit_test(test_covered_por),
		cmocka_unit_test(test_lost_update),
		cmocka_unit_test(test_spinlock_exclusion),
		cmocka_unit_test(test_deadlock),
		cmocka_unit_test(test_rcu),
		cmocka_unit_test(test_rcu_callback_order),
		cmocka_unit_test(test_shared_lock),
		cmocka_unit_test(test_object_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

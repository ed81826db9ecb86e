/* SPDX-License-Identifier: MIT */
/*
 * test_concurrent.c - several threads, each on its own simulated CPU, on
 * one address space: faults, stores, loads, MADV_DONTNEED (with PTE-table
 * reclaim when a zap covers a whole table) and fork, all at once.
 *
 * No timing is assumed; every check is exact wherever the outcome is
 * determined:
 *  (a) disjoint: each thread owns a page range (neighbours share PTE
 *      tables at the edges) and checks its own writes and zaps;
 *  (b) overlapping: all threads write their own 8-byte slot of the same
 *      pages while others zap random sub-ranges (whole tables too).  Per
 *      page, a zapper counts zaps begun before its madvise and ended after
 *      it; a writer samples the counts around its read-write-read window.
 *      Its slot must read zero if a zap that began after its last window
 *      has ended, else its last value if neither window overlapped a zap,
 *      else one of the two.  "locked": an rwlock per group of pages (read:
 *      a writer's window; write: a zapper's madvise) keeps every window
 *      clear of zaps, so every check is exact; "racy": no lock, so zaps
 *      race with faults on the same pages and tables (the PT_RECLAIM
 *      slow path must find refilled tables);
 *  (c) fork while writers store rounds into their pages: the child must
 *      hold, for each writer, a state the writer's memory really went
 *      through: pages [0, k) at round r, the rest at r - 1 (write order),
 *      with r between the last round completed before fork() and the
 *      round begun when fork() returned.
 * At the end every frame and page table must be back.
 *
 * Worker threads record the first failure (cmocka asserts only from the
 * main thread) and everyone stops early.  MMK_TEST_SCALE multiplies the
 * round counts.
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
#include <sched.h>
#include <cmocka.h>
#include "unit/mmk_test.h"

#define RW (MMK_PROT_READ | MMK_PROT_WRITE)
#define TABLE (2 * MiB)
#define TABLE_PAGES (TABLE / PG)
#define MAX_THREADS 4

struct ctx {
	struct mmk_machine *m;
	struct mm_struct *mm;
	unsigned int nthreads;
	pthread_barrier_t start;
	atomic_int failed;
	pthread_mutex_t msg_mu;
	char msg[512];
	/* (b) */
	bool racy;
	uint64_t shared_va;
	pthread_rwlock_t *page_lock;
	atomic_uint_fast64_t *zap_begin, *zap_end;
	/* (c) */
	atomic_uint_fast64_t started[MAX_THREADS], completed[MAX_THREADS];
	atomic_int stop;
};

struct worker {
	struct ctx *c;
	unsigned int t;
	pthread_t th;
	uint64_t rng;
};

static void record(struct ctx *c, int line, const char *fmt, ...)
{
	va_list ap;

	pthread_mutex_lock(&c->msg_mu);
	if (!atomic_load(&c->failed)) {
		int n = snprintf(c->msg, sizeof(c->msg), "line %d: ", line);
		va_start(ap, fmt);
		vsnprintf(c->msg + n, sizeof(c->msg) - (size_t)n, fmt, ap);
		va_end(ap);
		atomic_store(&c->failed, 1);
	}
	pthread_mutex_unlock(&c->msg_mu);
}

/* In a worker: on failure, record it and leave the current function. */
#define CHECK(c, cond, ...)						\
	do {								\
		if (!(cond)) {						\
			record((c), __LINE__, __VA_ARGS__);		\
			goto out;					\
		}							\
	} while (0)

static uint64_t rnd(struct worker *w)
{
	/* xorshift64 */
	uint64_t x = w->rng;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return w->rng = x;
}

static uint64_t encode(unsigned int t, uint64_t page, uint64_t round)
{
	return ((uint64_t)(t + 1) << 56) | (page << 32) | (round & 0xffffffffULL);
}

static struct ctx *ctx_new(unsigned int nthreads, enum mmk_policy policy,
			   unsigned int gather)
{
	struct ctx *c = calloc(1, sizeof(*c));
	struct mmk_config cfg;

	assert_non_null(c);
	mmk_config_init(&cfg);
	cfg.ram_bytes = 256 * MiB;
	cfg.ncpus = nthreads;
	cfg.policy = policy;
	cfg.gather_pages = gather;
	assert_int_equal(mmk_machine_create(&cfg, &c->m), 0);
	assert_int_equal(mmk_mm_create(c->m, &c->mm), 0);
	c->nthreads = nthreads;
	pthread_barrier_init(&c->start, NULL, nthreads);
	pthread_mutex_init(&c->msg_mu, NULL);
	return c;
}

static void ctx_run(struct ctx *c, void *(*fn)(void *))
{
	struct worker w[MAX_THREADS];

	for (unsigned int t = 0; t < c->nthreads; t++) {
		w[t] = (struct worker){ .c = c, .t = t, .rng = 0x9e3779b97f4a7c15ULL * (t + 1) };
		assert_int_equal(pthread_create(&w[t].th, NULL, fn, &w[t]), 0);
	}
	for (unsigned int t = 0; t < c->nthreads; t++)
		pthread_join(w[t].th, NULL);
}

/* Exit the mm, check every frame came back, destroy.  Asserts last. */
static void ctx_finish(struct ctx *c)
{
	struct mmk_sys_stats st;
	char msg[sizeof(c->msg)];
	int failed = atomic_load(&c->failed);

	memcpy(msg, c->msg, sizeof(msg));
	if (c->mm)
		mmk_exit(c->mm);
	mmk_sync(c->m);
	mmk_machine_stats(c->m, &st);
	mmk_machine_destroy(c->m);
	pthread_barrier_destroy(&c->start);
	pthread_mutex_destroy(&c->msg_mu);
	free(c);
	if (failed)
		fail_msg("%s", msg);
	assert_int_equal(st.frames_used, 0);
	assert_int_equal(st.pgtable_frames, 0);
	assert_int_equal(st.pending_free, 0);
}

/* Attach to CPU t and wait for everybody; false if something failed. */
static bool worker_begin(struct worker *w)
{
	struct ctx *c = w->c;
	int ret = mmk_cpu_attach(c->m, w->t);

	if (ret)
		record(c, __LINE__, "thread %u: attach: %d", w->t, ret);
	pthread_barrier_wait(&c->start);
	return !atomic_load(&c->failed);
}

/* ---- (a) disjoint ranges ---- */
#define A_BASE (1 * GiB)
#define A_SPAN (2 * TABLE + 16 * PG)	/* not table-aligned: edges shared */
#define A_PAGES (A_SPAN / PG)
#define A_STRIDE 4

static void *disjoint_worker(void *p)
{
	struct worker *w = p;
	struct ctx *c = w->c;
	const uint64_t base = A_BASE + w->t * A_SPAN;
	const unsigned int rounds = 24 * tm_scale();
	static _Thread_local uint64_t want[A_PAGES];

	if (!worker_begin(w))
		goto out;
	for (unsigned int r = 1; r <= rounds && !atomic_load(&c->failed); r++) {
		/* Write two words of every 4th page (and of the last one). */
		for (uint64_t i = 0; i < A_PAGES; i++) {
			want[i] = 0;
			if (i % A_STRIDE && i != A_PAGES - 1)
				continue;
			uint64_t a = base + i * PG, v = encode(w->t, i, r);
			CHECK(c, tm_write64(c->mm, a, v) == 0, "t%u write %#llx", w->t,
			      (unsigned long long)a);
			CHECK(c, tm_write64(c->mm, a + PG - 8, ~v) == 0, "t%u write", w->t);
			want[i] = v;
		}
		for (uint64_t i = 0; i < A_PAGES; i += A_STRIDE) {
			uint64_t a = base + i * PG, got = 0;
			CHECK(c, tm_read64(c->mm, a, &got) == 0, "t%u read", w->t);
			CHECK(c, got == want[i], "t%u r%u page %llu: %#llx != %#llx", w->t, r,
			      (unsigned long long)i, (unsigned long long)got,
			      (unsigned long long)want[i]);
		}
		/* Zap: every third round a whole table (reclaimed), else a random span. */
		uint64_t z0, z1;
		if (r % 3 == 0) {
			uint64_t t0 = (base + TABLE - 1) & ~(TABLE - 1);
			z0 = (t0 - base) / PG;
			z1 = z0 + TABLE_PAGES;
		} else {
			z0 = rnd(w) % A_PAGES;
			z1 = z0 + 1 + rnd(w) % (A_PAGES - z0);
		}
		CHECK(c, mmk_madvise(c->mm, base + z0 * PG, (z1 - z0) * PG,
				     MMK_MADV_DONTNEED) == 0, "t%u madvise", w->t);
		for (uint64_t i = 0; i < A_PAGES; i++) {
			if (!want[i])
				continue;
			uint64_t a = base + i * PG, got = 1, tail = 1;
			bool zapped = i >= z0 && i < z1;
			CHECK(c, tm_read64(c->mm, a, &got) == 0, "t%u read", w->t);
			CHECK(c, tm_read64(c->mm, a + PG - 8, &tail) == 0, "t%u read", w->t);
			CHECK(c, got == (zapped ? 0 : want[i]) && tail == (zapped ? 0 : ~want[i]),
			      "t%u r%u page %llu (zap %llu..%llu): %#llx/%#llx, want %#llx",
			      w->t, r, (unsigned long long)i, (unsigned long long)z0,
			      (unsigned long long)z1, (unsigned long long)got,
			      (unsigned long long)tail, (unsigned long long)want[i]);
		}
	}
out:
	mmk_cpu_detach(c->m);
	return NULL;
}

static void run_disjoint(unsigned int nthreads, enum mmk_policy policy)
{
	struct ctx *c = ctx_new(nthreads, policy, 64);

	assert_int_equal(mmk_mmap(c->mm, A_BASE, nthreads * A_SPAN, RW, 0), 0);
	ctx_run(c, disjoint_worker);
	struct mmk_mm_stats st = tm_stats(c->mm);
	assert_int_equal(st.vmas, 1);
	ctx_finish(c);
}


/* ---- (b) overlapping ranges: own 8-byte slots of shared pages ---- */
#define B_BASE (3 * GiB)
#define B_PAGES (2 * TABLE_PAGES + 64)	/* two whole tables and a bit */
#define B_GROUP 16			/* pages per rwlock (TSan: < 64 held) */
#define B_GROUPS (B_PAGES / B_GROUP)
_Static_assert(B_PAGES % B_GROUP == 0, "whole groups");

/*
 * A zap of pages [p0, p1): every page's begin count goes up before the
 * madvise, its end count after.  Locked mode also holds the write side of
 * the groups' rwlocks, so no writer's window overlaps a zap.
 */
static bool zap_pages(struct worker *w, uint64_t p0, uint64_t p1)
{
	struct ctx *c = w->c;
	const uint64_t g0 = p0 / B_GROUP, g1 = (p1 - 1) / B_GROUP;
	int ret;

	if (!c->racy)
		for (uint64_t g = g0; g <= g1; g++)
			pthread_rwlock_wrlock(&c->page_lock[g]);
	for (uint64_t p = p0; p < p1; p++)
		atomic_fetch_add(&c->zap_begin[p], 1);
	ret = mmk_madvise(c->mm, c->shared_va + p0 * PG, (p1 - p0) * PG, MMK_MADV_DONTNEED);
	for (uint64_t p = p0; p < p1; p++)
		atomic_fetch_add(&c->zap_end[p], 1);
	if (!c->racy)
		for (uint64_t g = g1 + 1; g-- > g0;)
			pthread_rwlock_unlock(&c->page_lock[g]);
	if (ret)
		record(c, __LINE__, "t%u madvise(%llu..%llu): %d", w->t,
		       (unsigned long long)p0, (unsigned long long)p1, ret);
	return !ret;
}

/* What one thread last did to its slot of one page. */
struct bslot {
	uint64_t v;		/* the value written */
	uint64_t b_after;	/* zaps begun when its read-back was done */
	bool certain;		/* no zap overlapped that write and read-back */
};

static void *overlap_worker(void *p)
{
	struct worker *w = p;
	struct ctx *c = w->c;
	const unsigned int ops = 1500 * tm_scale();
	static _Thread_local struct bslot my[B_PAGES];
	const uint64_t off = w->t * 8;

	for (uint64_t i = 0; i < B_PAGES; i++)
		my[i] = (struct bslot){ .v = 0, .b_after = 0, .certain = true };
	if (!worker_begin(w))
		goto out;
	for (unsigned int i = 1; i <= ops && !atomic_load(&c->failed); i++) {
		if (i % 64 == w->t * 16) {
			/* Zap: a whole table now and then, else 1..32 pages. */
			uint64_t p0, p1;
			if (rnd(w) % 4 == 0) {
				p0 = (rnd(w) % 2) * TABLE_PAGES;
				p1 = p0 + TABLE_PAGES;
			} else {
				p0 = rnd(w) % B_PAGES;
				p1 = p0 + 1 + rnd(w) % 32;
				if (p1 > B_PAGES)
					p1 = B_PAGES;
			}
			if (!zap_pages(w, p0, p1))
				goto out;
			continue;
		}
		/* Pages cluster so that threads meet on the same entries. */
		uint64_t pg = (rnd(w) % 8 == 0) ? rnd(w) % B_PAGES : (i / 4 + rnd(w) % 16) % B_PAGES;
		uint64_t a = c->shared_va + pg * PG + off, got = 1, back = 1, v = encode(w->t, pg, i);
		struct bslot *s = &my[pg];

		if (!c->racy)
			pthread_rwlock_rdlock(&c->page_lock[pg / B_GROUP]);
		uint64_t b0 = atomic_load(&c->zap_begin[pg]), e0 = atomic_load(&c->zap_end[pg]);
		int r1 = tm_read64(c->mm, a, &got);
		int r2 = r1 ? r1 : tm_write64(c->mm, a, v);
		int r3 = r2 ? r2 : tm_read64(c->mm, a, &back);
		uint64_t b1 = atomic_load(&c->zap_begin[pg]);
		if (!c->racy)
			pthread_rwlock_unlock(&c->page_lock[pg / B_GROUP]);
		CHECK(c, !r1 && !r2 && !r3, "t%u access page %llu: %d %d %d", w->t,
		      (unsigned long long)pg, r1, r2, r3);

		/* No zap in progress at the start, none begun since: exact. */
		bool clean = b0 == e0 && b1 == b0;
		CHECK(c, clean || c->racy, "t%u page %llu: a zap ran under the lock", w->t,
		      (unsigned long long)pg);
		/* A zap that began after my last write has completed: all zero. */
		bool zeroed = e0 > s->b_after;
		if (zeroed || (clean && s->certain)) {
			uint64_t want = zeroed ? 0 : s->v;
			CHECK(c, got == want, "t%u op %u page %llu: found %#llx, want %#llx "
			      "(zaps %llu/%llu, mine at %llu)", w->t, i, (unsigned long long)pg,
			      (unsigned long long)got, (unsigned long long)want,
			      (unsigned long long)b0, (unsigned long long)e0,
			      (unsigned long long)s->b_after);
		} else {
			CHECK(c, got == s->v || got == 0, "t%u op %u page %llu: found %#llx, "
			      "want %#llx or 0", w->t, i, (unsigned long long)pg,
			      (unsigned long long)got, (unsigned long long)s->v);
		}
		CHECK(c, back == v || (!clean && back == 0),
		      "t%u page %llu: wrote %#llx, read back %#llx%s", w->t,
		      (unsigned long long)pg, (unsigned long long)v, (unsigned long long)back,
		      clean ? " (no zap overlapped)" : "");
		*s = (struct bslot){ .v = v, .b_after = b1, .certain = clean };
	}
out:
	mmk_cpu_detach(c->m);
	return NULL;
}

static void run_overlap(unsigned int nthreads, enum mmk_policy policy, bool racy)
{
	/* A small gather: zaps of 16+ present pages drop the PTL midway. */
	struct ctx *c = ctx_new(nthreads, policy, 16);

	c->racy = racy;
	c->shared_va = B_BASE;
	c->page_lock = calloc(B_GROUPS, sizeof(*c->page_lock));
	c->zap_begin = calloc(B_PAGES, sizeof(*c->zap_begin));
	c->zap_end = calloc(B_PAGES, sizeof(*c->zap_end));
	assert_non_null(c->page_lock);
	assert_non_null(c->zap_begin);
	assert_non_null(c->zap_end);
	for (uint64_t g = 0; g < B_GROUPS; g++)
		pthread_rwlock_init(&c->page_lock[g], NULL);
	for (uint64_t p = 0; p < B_PAGES; p++) {
		atomic_init(&c->zap_begin[p], 0);
		atomic_init(&c->zap_end[p], 0);
	}
	assert_int_equal(mmk_mmap(c->mm, B_BASE, B_PAGES * PG, RW, 0), 0);
	ctx_run(c, overlap_worker);
	assert_true(tm_stats(c->mm).rss <= B_PAGES * PG);
	for (uint64_t g = 0; g < B_GROUPS; g++)
		pthread_rwlock_destroy(&c->page_lock[g]);
	free(c->page_lock);
	free(c->zap_begin);
	free(c->zap_end);
	ctx_finish(c);
}

/* Writers and zappers of one page never overlap: every check is exact. */
static void run_overlap_locked(unsigned int nthreads, enum mmk_policy policy)
{
	run_overlap(nthreads, policy, false);
}

/* Zaps race with faults on the same pages: exact where no zap overlapped. */
static void run_overlap_racy(unsigned int nthreads, enum mmk_policy policy)
{
	run_overlap(nthreads, policy, true);
}

/* ---- (c) fork racing with writers ---- */
#define C_BASE (5 * GiB - 64 * PG)	/* each writer's pages straddle tables */
#define C_PAGES 160
#define C_SPAN (2 * MiB)

static uint64_t c_page(unsigned int t, uint64_t i)
{
	return C_BASE + t * C_SPAN + i * PG;
}

static void *fork_writer(void *p)
{
	struct worker *w = p;
	struct ctx *c = w->c;
	const uint64_t off = (w->t * 8) % PG;

	if (!worker_begin(w))
		goto out;
	for (uint64_t r = 1; !atomic_load(&c->stop) && !atomic_load(&c->failed); r++) {
		atomic_store(&c->started[w->t], r);
		for (uint64_t i = 0; i < C_PAGES; i++)
			CHECK(c, tm_write64(c->mm, c_page(w->t, i) + off, encode(w->t, i, r)) == 0,
			      "t%u write", w->t);
		atomic_store(&c->completed[w->t], r);
	}
out:
	mmk_cpu_detach(c->m);
	return NULL;
}

/* The child's view of writer t: a state the writer's memory went through. */
static bool check_child(struct ctx *c, struct mm_struct *child, unsigned int t,
			uint64_t lo, uint64_t hi)
{
	const uint64_t off = (t * 8) % PG;
	uint64_t first = 0, prev = 0;

	for (uint64_t i = 0; i < C_PAGES; i++) {
		uint64_t v = 0;
		int ret = tm_read64(child, c_page(t, i) + off, &v);
		uint64_t r = v & 0xffffffffULL;

		CHECK(c, ret == 0, "child read: %d", ret);
		CHECK(c, v == encode(t, i, r), "writer %u page %llu: %#llx is not a value it wrote",
		      t, (unsigned long long)i, (unsigned long long)v);
		CHECK(c, r >= lo && r <= hi, "writer %u page %llu: round %llu outside [%llu, %llu]",
		      t, (unsigned long long)i, (unsigned long long)r, (unsigned long long)lo,
		      (unsigned long long)hi);
		if (i == 0)
			first = r;
		else
			CHECK(c, r <= prev && first - r <= 1,
			      "writer %u page %llu: round %llu after %llu (page 0: %llu): "
			      "not a state the writer went through", t, (unsigned long long)i,
			      (unsigned long long)r, (unsigned long long)prev,
			      (unsigned long long)first);
		prev = r;
	}
	return true;
out:
	return false;
}

static void run_fork(unsigned int nthreads, enum mmk_policy policy)
{
	struct ctx *c = ctx_new(nthreads, policy, 64);
	struct worker w[MAX_THREADS];
	const unsigned int forks = 6 * tm_scale();

	/* Thread 0 is this one (it forks); writers 1..n-1. */
	assert_int_equal(mmk_cpu_attach(c->m, 0), 0);
	for (unsigned int t = 1; t < nthreads; t++) {
		assert_int_equal(mmk_mmap(c->mm, c_page(t, 0), C_PAGES * PG, RW, 0), 0);
		for (uint64_t i = 0; i < C_PAGES; i++)
			tm_put(c->mm, c_page(t, i) + (t * 8) % PG, encode(t, i, 0));
	}
	for (unsigned int t = 1; t < nthreads; t++) {
		w[t] = (struct worker){ .c = c, .t = t };
		assert_int_equal(pthread_create(&w[t].th, NULL, fork_writer, &w[t]), 0);
	}
	pthread_barrier_wait(&c->start);
	for (unsigned int k = 0; k < forks && !atomic_load(&c->failed); k++) {
		uint64_t lo[MAX_THREADS], hi[MAX_THREADS];
		struct mm_struct *child = NULL;

		/* Let every writer finish a round or two first. */
		for (unsigned int t = 1; t < nthreads; t++) {
			uint64_t want = atomic_load(&c->completed[t]) + 1;
			while (atomic_load(&c->completed[t]) < want && !atomic_load(&c->failed))
				sched_yield();
			lo[t] = atomic_load(&c->completed[t]);
		}
		int ret = mmk_fork(c->mm, &child);
		for (unsigned int t = 1; t < nthreads; t++)
			hi[t] = atomic_load(&c->started[t]);
		if (ret) {
			record(c, __LINE__, "fork: %d", ret);
			break;
		}
		/* Writers go on (COW-ing away from the child) while we check. */
		for (unsigned int t = 1; t < nthreads; t++)
			if (!check_child(c, child, t, lo[t], hi[t]))
				break;
		mmk_exit(child);
	}
	atomic_store(&c->stop, 1);
	for (unsigned int t = 1; t < nthreads; t++)
		pthread_join(w[t].th, NULL);
	/* The parent holds every writer's last completed round in full. */
	for (unsigned int t = 1; t < nthreads && !atomic_load(&c->failed); t++) {
		uint64_t r = atomic_load(&c->completed[t]);
		if (atomic_load(&c->started[t]) != r)
			continue;	/* stopped mid-round */
		for (uint64_t i = 0; i < C_PAGES; i++) {
			uint64_t v = 0;
			if (tm_read64(c->mm, c_page(t, i) + (t * 8) % PG, &v) ||
			    v != encode(t, i, r)) {
				record(c, __LINE__, "parent: writer %u page %llu: %#llx", t,
				       (unsigned long long)i, (unsigned long long)v);
				break;
			}
		}
	}
	mmk_cpu_detach(c->m);
	ctx_finish(c);
}

/* Every scenario with 2 and 4 threads, under every page-table policy. */
#define SCENARIO(name, n, pol, POL)					\
	static void test_##name##_##n##_##pol(void **state)		\
	{								\
		(void)state;						\
		run_##name(n, MMK_POLICY_##POL);			\
	}
#define POLICIES(name, n)						\
	SCENARIO(name, n, keep, KEEP)					\
	SCENARIO(name, n, linux, LINUX)					\
	SCENARIO(name, n, refcount, REFCOUNT)				\
	SCENARIO(name, n, rwsem, RWSEM)					\
	SCENARIO(name, n, full, FULL)
POLICIES(disjoint, 2)
POLICIES(disjoint, 4)
POLICIES(overlap_locked, 2)
POLICIES(overlap_locked, 4)
POLICIES(overlap_racy, 2)
POLICIES(overlap_racy, 4)
POLICIES(fork, 2)
POLICIES(fork, 4)

#define T(name, n)							\
	cmocka_unit_test(test_##name##_##n##_keep),			\
	cmocka_unit_test(test_##name##_##n##_linux),			\
	cmocka_unit_test(test_##name##_##n##_refcount),			\
	cmocka_unit_test(test_##name##_##n##_rwsem),			\
	cmocka_unit_test(test_##name##_##n##_full)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(disjoint, 2), T(disjoint, 4),
		T(overlap_locked, 2), T(overlap_locked, 4),
		T(overlap_racy, 2), T(overlap_racy, 4),
		T(fork, 2), T(fork, 4),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

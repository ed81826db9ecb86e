/* SPDX-License-Identifier: MIT */
/*
 * bench/threads.c - the threaded parts of `mmkit bench`: fault throughput
 * with 1 and 2 threads (scaling), and the churn workload with page-table
 * memory sampled over time.  Both run on an mmkit machine or, in the host
 * helper process (bench/helper.c calls host_scale_run() and host_churn()),
 * on real memory, through the same driver.
 *
 * A team of threads starts together: each prepares (attaches to its CPU),
 * says it is ready and waits (yielding) for the start flag; the clock
 * starts when the main thread raises it and stops when the last thread
 * finishes its work (before it detaches or exits), so thread creation and
 * teardown are not timed.  The main thread blocks in pthread_join, or samples page-table
 * memory while it waits (churn).
 *
 * The churn workload is the one `mmkit gen-churn` prints (its --help says
 * what it is): threads share one private anonymous mapping (the arena) and
 * its page tables; each keeps at most 8 live extents of 64 KiB to 2 MiB
 * (64 KiB aligned, anywhere in the arena), touching (writing) one page at
 * a time of a new extent and giving a live one back with MADV_DONTNEED,
 * half the time each, and gives every extent back at the end.  The
 * sequence of each thread is fixed by the seed, so every subject does the
 * same work.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "bench/op.h"
#include "bench/threads.h"
#include "common/splitmix.h"

#define SCALE_BASE 0x40000000ULL
#define CHURN_BASE 0x40000000ULL
#define CHURN_UNIT (64u * 1024)
#define CHURN_MAX_UNITS 32
#define CHURN_LIVE_MAX 8
#define CHURN_SAMPLE_NS 250000

/* ---- a team of threads that start together ---- */

struct team {
	int threads;
	void *arg;
	int (*prepare)(void *arg, int t);	/* before the start line */
	int (*work)(void *arg, int t);
	void (*finish)(void *arg, int t);	/* after the clock stopped */
	void (*poll)(void *arg);		/* the main thread, while it waits */
	atomic_int ready, go, done, err;
	_Atomic uint64_t t_end;
};

struct team_member {
	struct team *tm;
	int t;
	pthread_t tid;
};

static void *team_main(void *p)
{
	struct team_member *me = p;
	struct team *tm = me->tm;
	int ret = tm->prepare ? tm->prepare(tm->arg, me->t) : 0;

	if (ret)
		atomic_store(&tm->err, ret);
	atomic_fetch_add(&tm->ready, 1);
	/* Yield, not spin: the main thread needs a CPU to raise the flag. */
	while (!atomic_load_explicit(&tm->go, memory_order_acquire))
		sched_yield();
	if (!ret && atomic_load(&tm->go) > 0) {
		ret = tm->work(tm->arg, me->t);
		if (ret)
			atomic_store(&tm->err, ret);
	}
	if (atomic_fetch_add(&tm->done, 1) + 1 == tm->threads)
		atomic_store(&tm->t_end, clock_ns());
	if (tm->finish)
		tm->finish(tm->arg, me->t);
	return NULL;
}

/* Run the team; *ns from the start line to the last thread's end. */
static int team_run(struct team *tm, uint64_t *ns)
{
	struct team_member mb[MMK_MAX_CPUS];
	uint64_t t0;
	int i, created = 0, ret = 0;

	atomic_init(&tm->ready, 0);
	atomic_init(&tm->go, 0);
	atomic_init(&tm->done, 0);
	atomic_init(&tm->err, 0);
	atomic_init(&tm->t_end, 0);
	for (i = 0; i < tm->threads && !ret; i++) {
		mb[i].tm = tm;
		mb[i].t = i;
		ret = -pthread_create(&mb[i].tid, NULL, team_main, &mb[i]);
		created += !ret;
	}
	while (atomic_load(&tm->ready) < created)
		sched_yield();
	t0 = clock_ns();
	atomic_store_explicit(&tm->go, ret ? -1 : 1, memory_order_release);
	if (tm->poll && !ret) {
		struct timespec nap = { 0, CHURN_SAMPLE_NS };

		while (atomic_load(&tm->done) < created) {
			tm->poll(tm->arg);
			nanosleep(&nap, NULL);
		}
	}
	for (i = 0; i < created; i++)
		pthread_join(mb[i].tid, NULL);
	*ns = atomic_load(&tm->t_end) - t0;
	return ret ? ret : atomic_load(&tm->err);
}

/* ---- scaling: touch SCALE_PAGES pages, DONTNEED them, repeat ---- */

/* Thread @t's first page: its own table (disjoint) or its half of table 0. */
static uint64_t scale_offset(int t, int shared)
{
	return shared ? (uint64_t)t * SCALE_PAGES * BENCH_PAGE
		      : (uint64_t)t * BENCH_TABLE_SPAN;
}

struct sim_scale_arg {
	struct mmk_machine *m;
	struct mm_struct *mm;
	int shared;
	uint64_t rounds;
};

static int sim_scale_prepare(void *p, int t)
{
	struct sim_scale_arg *a = p;

	return mmk_cpu_attach(a->m, (unsigned int)t);
}

static int sim_scale_work(void *p, int t)
{
	struct sim_scale_arg *a = p;
	uint64_t base = SCALE_BASE + scale_offset(t, a->shared);
	int ret = 0;

	for (uint64_t r = 0; r < a->rounds && !ret; r++) {
		for (uint64_t i = 0; i < SCALE_PAGES && !ret; i++) {
			uint64_t v = r;

			ret = mmk_access(a->mm, base + i * BENCH_PAGE, &v, sizeof(v), 1);
		}
		if (!ret)
			ret = mmk_madvise(a->mm, base, SCALE_PAGES * BENCH_PAGE,
					  MMK_MADV_DONTNEED);
	}
	return ret;
}

static void sim_scale_finish(void *p, int t)
{
	struct sim_scale_arg *a = p;

	mmk_cpu_detach(a->m);
}

int sim_scale(struct mmk_machine *m, int threads, int shared, uint64_t rounds,
	      uint64_t *ns)
{
	struct sim_scale_arg a = { m, NULL, shared, rounds };
	struct team tm = { .threads = threads, .arg = &a, .prepare = sim_scale_prepare,
			   .work = sim_scale_work, .finish = sim_scale_finish };
	int ret = mmk_mm_create(m, &a.mm);

	if (ret)
		return ret;
	ret = mmk_mmap(a.mm, SCALE_BASE, 2 * BENCH_TABLE_SPAN,
		       MMK_PROT_READ | MMK_PROT_WRITE, MMK_MAP_PRIVATE);
	if (!ret)
		ret = team_run(&tm, ns);
	mmk_exit(a.mm);
	return ret;
}

/* The host's and the raw limit's rounds: plain memory, no mmkit. */
struct mem_scale_arg {
	unsigned char *mem;
	int shared;
	uint64_t rounds;
};

static int host_scale_work(void *p, int t)
{
	struct mem_scale_arg *a = p;
	unsigned char *base = a->mem + scale_offset(t, a->shared);

	for (uint64_t r = 0; r < a->rounds; r++) {
		for (uint64_t i = 0; i < SCALE_PAGES; i++)
			((volatile unsigned char *)base)[i * BENCH_PAGE] = (unsigned char)r;
		if (madvise(base, SCALE_PAGES * BENCH_PAGE, MADV_DONTNEED))
			return -errno;
	}
	return 0;
}

int host_scale_run(unsigned char *mem, int threads, int shared,
		   uint64_t rounds, uint64_t *ns)
{
	struct mem_scale_arg a = { mem, shared, rounds };
	struct team tm = { .threads = threads, .arg = &a, .work = host_scale_work };

	return team_run(&tm, ns);
}

/*
 * The raw limit of the same work: each thread zeroes SCALE_PAGES frames of
 * its own per round (what a fault must do per page), with no mm at all.
 * It shows what the machine's CPUs and memory give two threads.
 */
static int raw_scale_work(void *p, int t)
{
	struct mem_scale_arg *a = p;
	unsigned char *base = a->mem + scale_offset(t, a->shared);

	for (uint64_t r = 0; r < a->rounds; r++)
		for (uint64_t i = 0; i < SCALE_PAGES; i++) {
			memset(base + i * BENCH_PAGE, 0, BENCH_PAGE);
			__asm__ volatile("" : : "r"(base) : "memory");
		}
	return 0;
}

int raw_scale_run(struct op_ctx *c, int threads, int shared, uint64_t rounds,
		  uint64_t *ns)
{
	struct mem_scale_arg a = { NULL, shared, rounds };
	struct team tm = { .threads = threads, .arg = &a, .work = raw_scale_work };

	if (!c->mem) {
		int ret = host_mem_map(c, 2 * BENCH_TABLE_SPAN, 0);

		if (ret)
			return ret;
		memset(c->mem, 1, c->mem_len);
	}
	a.mem = c->mem;
	return team_run(&tm, ns);
}

/* ---- churn ---- */

/* What the churn driver does the work with: mmkit, or the host. */
struct churn_backend {
	void *arg;
	int (*thread_begin)(void *arg, int t);	/* may be NULL */
	void (*thread_end)(void *arg, int t);	/* may be NULL */
	int (*touch)(void *arg, uint64_t off, uint64_t len);	/* write each page */
	int (*dontneed)(void *arg, uint64_t off, uint64_t len);
	double (*pgtable_kib)(void *arg);	/* sampled from the main thread */
};
struct churn_run {
	const struct churn_cfg *cfg;
	const struct churn_backend *b;
	struct churn_trace *tr;
	uint64_t t0;
	int err;
};

static int churn_trace_add(struct churn_trace *tr, double ms, double kib)
{
	if (tr->n == tr->cap) {
		int cap = tr->cap ? 2 * tr->cap : 1024;
		double *x = realloc(tr->ms, (size_t)cap * sizeof(*x));

		if (!x)
			return -ENOMEM;
		tr->ms = x;
		x = realloc(tr->kib, (size_t)cap * sizeof(*x));
		if (!x)
			return -ENOMEM;
		tr->kib = x;
		tr->cap = cap;
	}
	tr->ms[tr->n] = ms;
	tr->kib[tr->n] = kib;
	tr->n++;
	if (kib > tr->peak_kib)
		tr->peak_kib = kib;
	return 0;
}

static void churn_poll(void *p)
{
	struct churn_run *cr = p;
	double ms = (double)(clock_ns() - cr->t0) / 1e6;

	if (churn_trace_add(cr->tr, ms, cr->b->pgtable_kib(cr->b->arg)))
		cr->err = -ENOMEM;
}

static int churn_prepare(void *p, int t)
{
	struct churn_run *cr = p;

	return cr->b->thread_begin ? cr->b->thread_begin(cr->b->arg, t) : 0;
}

static void churn_finish(void *p, int t)
{
	struct churn_run *cr = p;

	if (cr->b->thread_end)
		cr->b->thread_end(cr->b->arg, t);
}

static int churn_work(void *p, int t)
{
	struct churn_run *cr = p;
	const struct churn_backend *b = cr->b;
	uint64_t units = cr->cfg->arena / CHURN_UNIT;
	uint64_t rng = cr->cfg->seed * 0x100000001b3ULL + (uint64_t)t;
	uint64_t live_off[CHURN_LIVE_MAX], live_len[CHURN_LIVE_MAX];
	int nlive = 0, ret = 0;

	for (uint64_t i = 0; i < cr->cfg->ops && !ret; i++) {
		int alloc = nlive < CHURN_LIVE_MAX && (!nlive || splitmix64(&rng) % 2);

		if (alloc) {
			uint64_t n = 1 + splitmix64(&rng) % CHURN_MAX_UNITS;
			uint64_t off = splitmix64(&rng) % (units - n + 1) * CHURN_UNIT;

			live_off[nlive] = off;
			live_len[nlive++] = n * CHURN_UNIT;
			ret = b->touch(b->arg, off, n * CHURN_UNIT);
		} else {
			int k = (int)(splitmix64(&rng) % (uint64_t)nlive);

			ret = b->dontneed(b->arg, live_off[k], live_len[k]);
			live_off[k] = live_off[--nlive];
			live_len[k] = live_len[nlive];
		}
	}
	while (nlive && !ret) {
		nlive--;
		ret = b->dontneed(b->arg, live_off[nlive], live_len[nlive]);
	}
	return ret;
}

static int churn_drive(const struct churn_cfg *cfg, const struct churn_backend *b,
		struct churn_trace *tr)
{
	struct churn_run cr = { cfg, b, tr, 0, 0 };
	struct team tm = { .threads = cfg->threads, .arg = &cr, .prepare = churn_prepare,
			   .work = churn_work, .finish = churn_finish, .poll = churn_poll };
	uint64_t ns;
	int ret;

	memset(tr, 0, sizeof(*tr));
	cr.t0 = clock_ns();
	ret = churn_trace_add(tr, 0, b->pgtable_kib(b->arg));
	if (!ret)
		ret = team_run(&tm, &ns);
	tr->total_ms = (double)(clock_ns() - cr.t0) / 1e6;
	if (!ret)
		ret = cr.err;
	if (!ret)
		ret = churn_trace_add(tr, tr->total_ms, b->pgtable_kib(b->arg));
	tr->end_kib = tr->n ? tr->kib[tr->n - 1] : 0;
	for (int i = 1; i < tr->n; i++)	/* time-weighted mean */
		tr->mean_kib += tr->kib[i - 1] * (tr->ms[i] - tr->ms[i - 1]);
	if (tr->total_ms > 0)
		tr->mean_kib /= tr->total_ms;
	tr->ops = cfg->ops * (uint64_t)cfg->threads;
	return ret;
}

void churn_trace_free(struct churn_trace *tr)
{
	free(tr->ms);
	free(tr->kib);
	tr->ms = tr->kib = NULL;
	tr->n = tr->cap = 0;
}

/* mmkit's side: a machine with one CPU per thread, one mm. */
struct sim_churn {
	struct mmk_machine *m;
	struct mm_struct *mm;
};

static int sim_churn_begin(void *p, int t)
{
	struct sim_churn *c = p;

	return mmk_cpu_attach(c->m, (unsigned int)t);
}

static void sim_churn_end(void *p, int t)
{
	struct sim_churn *c = p;

	mmk_cpu_detach(c->m);
}

static int sim_churn_touch(void *p, uint64_t off, uint64_t len)
{
	struct sim_churn *c = p;
	int ret = 0;

	for (uint64_t o = 0; o < len && !ret; o += BENCH_PAGE) {
		uint64_t v = o;

		ret = mmk_access(c->mm, CHURN_BASE + off + o, &v, sizeof(v), 1);
	}
	return ret;
}

static int sim_churn_dontneed(void *p, uint64_t off, uint64_t len)
{
	struct sim_churn *c = p;

	return mmk_madvise(c->mm, CHURN_BASE + off, len, MMK_MADV_DONTNEED);
}

static double sim_churn_kib(void *p)
{
	struct sim_churn *c = p;
	struct mmk_sys_stats st;

	mmk_machine_stats(c->m, &st);
	return (double)(st.pte_tables + st.pmd_tables + st.pud_tables) * 4.0;
}

int churn_run(enum mmk_policy p, const struct churn_cfg *cfg, struct churn_trace *tr)
{
	struct sim_churn c = { NULL, NULL };
	struct churn_backend b = { &c, sim_churn_begin, sim_churn_end, sim_churn_touch,
				   sim_churn_dontneed, sim_churn_kib };
	struct mmk_config mc;
	int ret;

	mmk_config_init(&mc);
	mc.ncpus = (unsigned int)cfg->threads;
	mc.policy = p;
	mc.ram_bytes = cfg->arena + (256ULL << 20);
	ret = mmk_machine_create(&mc, &c.m);
	if (ret)
		return ret;
	ret = mmk_mm_create(c.m, &c.mm);
	if (!ret) {
		ret = mmk_mmap(c.mm, CHURN_BASE, cfg->arena, MMK_PROT_READ | MMK_PROT_WRITE,
			       MMK_MAP_PRIVATE);
		if (!ret)
			ret = churn_drive(cfg, &b, tr);
		mmk_exit(c.mm);
	}
	tr->policy = mmk_policy_name(p);
	mmk_machine_destroy(c.m);
	return ret;
}

/* The host's side, on real memory (run in the helper process). */
struct host_churn {
	unsigned char *arena;
	uint64_t base_kib;	/* VmPTE before the arena was touched */
};

static int host_churn_touch(void *p, uint64_t off, uint64_t len)
{
	struct host_churn *h = p;

	/* Threads' extents overlap, as an allocator's threads' would: atomic. */
	for (uint64_t o = 0; o < len; o += BENCH_PAGE)
		__atomic_store_n(&h->arena[off + o], 1, __ATOMIC_RELAXED);
	return 0;
}

static int host_churn_dontneed(void *p, uint64_t off, uint64_t len)
{
	struct host_churn *h = p;

	return host_dontneed(h->arena + off, len);
}

static double host_churn_kib(void *p)
{
	struct host_churn *h = p;
	double kib = (double)(vmpte_bytes() / 1024);

	return kib > (double)h->base_kib ? kib - (double)h->base_kib : 0;
}

int host_churn(const struct churn_cfg *cfg, struct churn_trace *tr)
{
	struct host_churn h;
	struct churn_backend b = { &h, NULL, NULL, host_churn_touch,
				   host_churn_dontneed, host_churn_kib };
	struct op_ctx c;
	int ret;

	memset(&c, 0, sizeof(c));
	/* 1 GiB aligned like mmkit's arena, so the same PMD tables are needed. */
	ret = host_mem_map(&c, cfg->arena + (1ULL << 30), 1);
	if (ret)
		return ret;
	h.arena = (unsigned char *)(((uintptr_t)c.mem + (1ULL << 30) - 1) &
				    ~(uintptr_t)((1ULL << 30) - 1));
	h.base_kib = vmpte_bytes() / 1024;
	ret = churn_drive(cfg, &b, tr);
	tr->policy = "host";
	host_mem_unmap(&c);
	return ret;
}

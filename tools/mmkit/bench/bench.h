/* SPDX-License-Identifier: MIT */
/*
 * bench/bench.h - `mmkit bench` (bench/bench.c and the files it drives).
 *
 * Glossary:
 *   subject   who does the work: one mmkit machine per page-table policy
 *             (keep linux refcount rwsem full), the host kernel (real
 *             syscalls and faults, in a helper process), or the raw limit
 *             (plain C over plain memory, no synchronisation).
 *   op        one measured operation (struct bench_op), e.g. fault.anon.
 *             Each subject that can do it has a setup, a round and a
 *             teardown; a subject that cannot has a NULL round.
 *   round     one timed run of n units of an op (n pages faulted, n walks).
 *             Only the part that is the op is timed: set-up and clean-up
 *             inside a round (DONTNEED after a fault round, fork before a
 *             COW round) are not.
 *   sample    (t(n2) - t(n1)) / (u(n2) - u(n1)) for two rounds of one
 *             subject, taken back to back in steady state (after an
 *             untimed round that brings the subject's memory back into the
 *             caches): the fixed costs of a round (call overhead, timer
 *             reads, cache refills) cancel.
 *   rep       one sample of every subject of an op, in rotated order
 *             (A B C, B C A, ...), so that a noisy second on the machine
 *             hits every subject alike.  Tables show the median over reps,
 *             and the min and max; a ratio of two subjects is the median
 *             of the ratios of their samples of the same rep (paired).
 */
#ifndef MMKIT_TOOL_BENCH_H
#define MMKIT_TOOL_BENCH_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <mmkit/mmkit.h>

/* Sanitizer builds: the numbers mean nothing, keep the run short. */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define BENCH_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define BENCH_SANITIZED 1
#endif
#endif
#ifndef BENCH_SANITIZED
#define BENCH_SANITIZED 0
#endif

enum {
	SUBJ_HOST = MMK_NR_POLICIES,	/* subjects 0.. are the policies */
	SUBJ_RAW,
	NR_SUBJECTS,
};

#define BENCH_PAGE 4096UL
#define BENCH_TABLE_SPAN (2UL << 20)	/* bytes one PTE table maps */
#define BENCH_WSET 4096			/* pages the walk/TLB ops cycle over */
#define BENCH_HOT 256			/* pages of the cache-hot fault ops: 1 MiB */

/*
 * What one subject keeps for one op between rounds.  mmkit subjects use
 * m, mm and addr (a simulated user address); the host and the raw limit
 * use mem (host memory).  Each op uses what it needs.
 */
struct op_ctx {
	struct mmk_machine *m;
	struct mm_struct *mm;
	uint64_t addr;
	unsigned char *mem;	/* host memory (aligned to BENCH_TABLE_SPAN) */
	size_t mem_len;
	unsigned char *map;	/* what mmap returned, for munmap */
	size_t map_len;
	uint64_t cap;		/* the largest n a round will be asked for */
	uint64_t populated;	/* fork: pages populated now */
	uint64_t cursor;	/* cycling ops: where the last round stopped */
	uint64_t batch;		/* faults: pages per batch (0: a round is one) */
	struct page **pages;
	uint64_t *table_pool;	/* raw.walk: its own page tables */
	uint64_t pgd_pfn;
};

/* The next batch of a round of @n units of which @done are done. */
static inline uint64_t bench_batch(const struct op_ctx *c, uint64_t n, uint64_t done)
{
	return c->batch && c->batch < n - done ? c->batch : n - done;
}

/*
 * A round: do @n units, put the nanoseconds of the timed part in *ns and
 * the units actually done (an op may round n to its granularity) in
 * *units.  Returns 0 or a negative errno.
 */
typedef int (*round_fn)(struct op_ctx *c, uint64_t n, uint64_t *ns,
			uint64_t *units);
/* Prepare @c for rounds of up to @cap units.  0 or a negative errno. */
typedef int (*setup_fn)(struct op_ctx *c, uint64_t cap);
typedef void (*teardown_fn)(struct op_ctx *c);

struct subject_ops {
	setup_fn setup;
	round_fn round;		/* NULL: this subject cannot do the op */
	teardown_fn teardown;
};

struct bench_op {
	const char *name;	/* "fault.anon" */
	const char *unit;	/* "page": what one unit is */
	const char *desc;	/* one line for the table's legend */
	uint64_t n1, n2;	/* units of the short and long round (full run) */
	unsigned int gran;	/* n1 and n2 are multiples of it (0: 1) */
	struct subject_ops mmk;	/* every policy */
	struct subject_ops host;
	struct subject_ops raw;
};

/* `mmkit bench ...` (bench/bench.c): returns the exit status. */
int cmd_bench(int argc, char **argv);

extern const struct bench_op bench_ops[];
extern const int bench_nr_ops;

/* Monotonic nanoseconds. */
uint64_t bench_now(void);

/* ---- the host kernel's side (bench/host.c) ---- */

/*
 * The host ops run in a helper process forked before any machine exists,
 * so its fork() copies only the op's own memory, not mmkit's simulated
 * RAM.  Requests go over a pipe, one at a time.
 */
struct host_worker {
	int req_fd, resp_fd;
	int pid;
};

int host_worker_start(struct host_worker *w);
void host_worker_stop(struct host_worker *w);
int host_setup(struct host_worker *w, int op, uint64_t cap);
int host_round(struct host_worker *w, int op, uint64_t n, uint64_t *ns,
	       uint64_t *units);
void host_teardown(struct host_worker *w, int op);
/* Threads touching and DONTNEEDing pages (see sim_scale()). */
int host_scale(struct host_worker *w, int threads, int shared,
	       uint64_t rounds, uint64_t *ns);
/*
 * VmPTE of the helper (bytes, from /proc/self/status) before and after it
 * writes one byte per 2 MiB of @bytes, and after it DONTNEEDs them.
 */
int host_pgtable_probe(struct host_worker *w, uint64_t bytes,
		       uint64_t out[3]);

/* Host memory: mmap'd, aligned to BENCH_TABLE_SPAN, small pages. */
int host_mem_map(struct op_ctx *c, size_t len, int noreserve);
void host_mem_unmap(struct op_ctx *c);

/* The host's side of the ops of bench/ops.c (run in the helper). */
int host_fault_setup(struct op_ctx *c, uint64_t cap);
int host_fault_hot_setup(struct op_ctx *c, uint64_t cap);
int host_fault_anon(struct op_ctx *c, uint64_t n, uint64_t *ns, uint64_t *units);
int host_fault_zero(struct op_ctx *c, uint64_t n, uint64_t *ns, uint64_t *units);
int host_populated_setup(struct op_ctx *c, uint64_t cap);
int host_fault_cow(struct op_ctx *c, uint64_t n, uint64_t *ns, uint64_t *units);
int host_dontneed_setup(struct op_ctx *c, uint64_t cap);
int host_dontneed_keep(struct op_ctx *c, uint64_t n, uint64_t *ns, uint64_t *units);
int host_dontneed_reclaim(struct op_ctx *c, uint64_t n, uint64_t *ns, uint64_t *units);
int host_sparse_setup(struct op_ctx *c, uint64_t cap);
int host_sparse(struct op_ctx *c, uint64_t n, uint64_t *ns, uint64_t *units);
int host_mprotect_setup(struct op_ctx *c, uint64_t cap);
int host_mprotect(struct op_ctx *c, uint64_t n, uint64_t *ns, uint64_t *units);
int host_fork_setup(struct op_ctx *c, uint64_t cap);
int host_fork_exit(struct op_ctx *c, uint64_t n, uint64_t *ns, uint64_t *units);
int host_munmap_setup(struct op_ctx *c, uint64_t cap);
int host_munmap_round(struct op_ctx *c, uint64_t n, uint64_t *ns, uint64_t *units);

/* ---- threads: scaling and the churn workload (bench/threads.c) ---- */

/*
 * Scaling: each of @threads threads does @rounds rounds of "write one
 * byte to each of SCALE_PAGES pages, then DONTNEED them".  Disjoint: each
 * thread's pages fill half of its own PTE table; shared: the threads use
 * the two halves of the same tables.
 */
#define SCALE_PAGES 256
/* On @m, in a fresh mm; *ns from the start line to the last thread's end. */
int sim_scale(struct mmk_machine *m, int threads, int shared, uint64_t rounds,
	      uint64_t *ns);
/* The same on real memory (@mem: two PTE tables' worth, aligned). */
int host_scale_run(unsigned char *mem, int threads, int shared,
		   uint64_t rounds, uint64_t *ns);
/* The same number of 4 KiB frames zeroed per round, nothing else. */
int raw_scale_run(struct op_ctx *c, int threads, int shared, uint64_t rounds,
		  uint64_t *ns);

/* Page-table memory over time while the churn workload runs. */
struct churn_trace {
	const char *policy;
	int n, cap;
	double *ms;		/* sample times since the start */
	double *kib;		/* PTE+PMD+PUD tables attached, KiB */
	double total_ms;
	double peak_kib, end_kib, mean_kib;
	uint64_t ops;
};
struct churn_cfg {
	int threads;
	uint64_t ops;		/* per thread */
	uint64_t arena;		/* bytes */
	uint64_t seed;
};
/* What the churn driver does the work with: mmkit, or the host. */
struct churn_backend {
	void *arg;
	int (*thread_begin)(void *arg, int t);	/* may be NULL */
	void (*thread_end)(void *arg, int t);	/* may be NULL */
	int (*touch)(void *arg, uint64_t off, uint64_t len);	/* write each page */
	int (*dontneed)(void *arg, uint64_t off, uint64_t len);
	double (*pgtable_kib)(void *arg);	/* sampled from the main thread */
};
int churn_drive(const struct churn_cfg *cfg, const struct churn_backend *b,
		struct churn_trace *tr);
/* On a fresh machine of policy @p with one CPU per thread. */
int churn_run(enum mmk_policy p, const struct churn_cfg *cfg,
	      struct churn_trace *tr);
/* In the host helper, on real memory; VmPTE above what it was before. */
int host_churn_run(struct host_worker *w, const struct churn_cfg *cfg,
		   struct churn_trace *tr);
void churn_trace_free(struct churn_trace *tr);

/* ---- charts (bench/svg.c) ---- */

struct svg_series {
	const char *name;
	const double *x, *y;
	int n;
	int dashed;
	int colour;		/* index into the palette */
};
struct svg_chart {
	const char *title, *xlabel, *ylabel;
	int x_from_min;		/* x axis from the smallest x, not from 0 */
};
/* A line chart; returns 0 or -errno (the file could not be written). */
int svg_line_chart(const char *path, const struct svg_chart *c,
		   const struct svg_series *s, int ns);

#endif

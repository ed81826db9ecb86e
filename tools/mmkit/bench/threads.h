/* SPDX-License-Identifier: MIT */
/*
 * bench/threads.h - the threaded parts of `mmkit bench` (bench/threads.c):
 * fault throughput with 1 and 2 threads, and the churn workload with its
 * page-table memory over time, each on mmkit, on the host (run in the
 * helper process, bench/helper.c) and, for scaling, as the raw limit.
 */
#ifndef MMKIT_TOOL_BENCH_THREADS_H
#define MMKIT_TOOL_BENCH_THREADS_H

#include <stdint.h>

#include <mmkit/mmkit.h>

#include "bench/op.h"

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
/* On a fresh machine of policy @p with one CPU per thread. */
int churn_run(enum mmk_policy p, const struct churn_cfg *cfg,
	      struct churn_trace *tr);
/* On real memory, in this process: VmPTE above what it was before. */
int host_churn(const struct churn_cfg *cfg, struct churn_trace *tr);
void churn_trace_free(struct churn_trace *tr);

#endif

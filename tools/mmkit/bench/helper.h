/* SPDX-License-Identifier: MIT */
/*
 * bench/helper.h - the host helper process (bench/helper.c): start it
 * before any machine exists, then ask it for the host's rounds, threaded
 * runs and page-table figures.  Each request returns what the helper's
 * run returned, or -EPIPE if the helper died.
 */
#ifndef MMKIT_TOOL_BENCH_HELPER_H
#define MMKIT_TOOL_BENCH_HELPER_H

#include "bench/op.h"
#include "bench/threads.h"

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
/* The churn workload on real memory in the helper (bench/threads.c). */
int host_churn_run(struct host_worker *w, const struct churn_cfg *cfg,
		   struct churn_trace *tr);

#endif

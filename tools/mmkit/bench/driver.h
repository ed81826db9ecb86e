/* SPDX-License-Identifier: MIT */
/*
 * bench/driver.h - what the driver of `mmkit bench` (bench/bench.c) keeps
 * of a run, for itself and for what prints it (bench/print.c): the
 * subjects, the samples of every op and of the threaded parts, the host.
 *
 * Who calls whom in bench/: bench.c drives the run through the helper
 * process (helper.c), the op table (ops.c and the op files), the threaded
 * parts (threads.c) and the statistics (stats.c), then hands the results
 * to print.c (which uses stats.c).  The op files use sim.c,
 * mem.c and raw.c only; the helper uses the op table and threads.c.
 * Nothing calls back up.
 */
#ifndef MMKIT_TOOL_BENCH_DRIVER_H
#define MMKIT_TOOL_BENCH_DRIVER_H

#include <stdint.h>
#include <stdio.h>

#include "bench/helper.h"
#include "bench/op.h"
#include "bench/stats.h"
#include "bench/threads.h"
#include "cli/cli.h"

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

#define POLICIES MMK_NR_POLICIES

struct op_res {
	int ran;		/* the subject does this op */
	int err;		/* first error, negative errno */
	double *samples;	/* [rep]: ns per unit */
	int n;
	struct stats st;
	uint64_t n1, n2;
};

enum { SC_ONE, SC_DISJOINT, SC_SHARED, NR_SC };
extern const char *const sc_names[NR_SC];
extern const int sc_threads[NR_SC], sc_shared[NR_SC];

struct bench {
	int quick, json, trace, reps, warm, divisor;
	const char *only;	/* --only: comma-separated names */
	struct progress bar;	/* only on a terminal, and not with --trace */
	uint64_t scale_n1, scale_n2, sparse_bytes;
	struct churn_cfg churn_cfg;

	struct mmk_machine *m[POLICIES];
	int attached;		/* policy whose CPU 0 we hold, or -1 */
	struct host_worker host;
	int host_ok;

	struct op_ctx ctx[NR_SUBJECTS];	/* the op being measured */
	struct op_res *res;		/* [op][subject] */
	int ran_scale;
	int pgt_ran[NR_SUBJECTS], churn_ran[NR_SUBJECTS];
	double *scale_samples[NR_SC][NR_SUBJECTS];	/* [rep]: pages per us */
	int scale_n[NR_SUBJECTS];
	struct stats scale[NR_SC][NR_SUBJECTS];
	int scale_err[NR_SUBJECTS];
	uint64_t pgt[NR_SUBJECTS][2];	/* after touch, after DONTNEED */
	int pgt_err[NR_SUBJECTS];
	struct churn_trace churn[NR_SUBJECTS];
	int churn_err[NR_SUBJECTS];
	int failures;
	double seconds;

	int steps, steps_done;	/* progress */
};

struct host_info {
	long nproc;
	char cpu[128];
	char kernel[256];
	const char *build;
	double load[2];		/* 1-minute load average at the start, the end */
};

/* ---- bench/bench.c ---- */

const char *subject_name(int s);
struct op_res *res_of(struct bench *b, int op, int s);
/* Paired ratio of two subjects of one op; n 0 if either has no sample. */
struct stats op_ratio(struct bench *b, int op, int num, int den);
/* Thread scaling of subject @s: configuration @sc against one thread. */
struct stats scale_ratio(struct bench *b, int s, int sc);
/* Disjoint scaling from the best samples (see bench/bench.c). */
double best_scaling(struct bench *b, int s);
/* The index of op @name, or -1. */
int op_index(const char *name);
/* Report that @what failed for @who (a subject or a file); count it. */
void bench_fail(struct bench *b, const char *what, const char *who, int err);

/* ---- bench/print.c ---- */

void print_tables(FILE *f, struct bench *b, const struct host_info *hi);
void print_json(FILE *f, struct bench *b, const struct host_info *hi);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * bench/stats.h - the statistics of `mmkit bench` (bench/stats.c): the
 * median of samples with its spread and a distribution-free confidence
 * interval, and paired ratios.
 */
#ifndef MMKIT_TOOL_BENCH_STATS_H
#define MMKIT_TOOL_BENCH_STATS_H

/*
 * Median, extremes, quartiles, and a 95% confidence interval of the
 * median (distribution-free: the order statistics n/2 -+ 0.98 sqrt(n)).
 */
struct stats {
	double med, min, max, q1, q3, ci_lo, ci_hi;
	int n;
};

/* Of the finite values among v[0..n): a discarded sample is NAN. */
struct stats stats_of(const double *v, int n);
/*
 * a[i] / b[i] for the reps both have: samples of one rep were taken next
 * to each other, so slow drifts of the machine cancel in the ratio.
 */
struct stats paired(const double *a, int na, const double *b, int nb);

#endif

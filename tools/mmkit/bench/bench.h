/* SPDX-License-Identifier: MIT */
/*
 * bench/bench.h - `mmkit bench` (bench/): what mmkit's operations cost
 * under each page-table policy, next to the raw limit and the host kernel
 * doing the same work, measured in one run.  bench/driver.h says how the
 * folder is built.
 */
#ifndef MMKIT_TOOL_BENCH_H
#define MMKIT_TOOL_BENCH_H

/* `mmkit bench ...`: returns the exit status. */
int cmd_bench(int argc, char **argv);

#endif

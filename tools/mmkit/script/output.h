/* SPDX-License-Identifier: MIT */
/*
 * script/output.h - what a run of scripts prints at the end (script/output.c):
 * `mmkit run --stats` and `--json`, and the pieces `mmkit compare` shares.
 */
#ifndef MMKIT_TOOL_SCRIPT_OUTPUT_H
#define MMKIT_TOOL_SCRIPT_OUTPUT_H

#include <stdio.h>

#include "script/script.h"

/* --stats: per file, its live address spaces, the machine, the costs. */
void report_stats(FILE *f, const struct file_report *rep);
/*
 * --json: one object with @status ("ok", "failed", "malformed"), the
 * totals, @message (or NULL), the last file's figures and each file's,
 * with their time series where the runs kept one (run_opts.series).
 */
void report_json(FILE *f, const struct file_report *reps, int n,
		 const char *status, const char *message);
/* `"counters": {...}`: the policy cost counters, by name. */
void json_counters(FILE *f, const uint64_t *counters);

#endif

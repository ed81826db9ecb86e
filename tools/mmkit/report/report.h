/* SPDX-License-Identifier: MIT */
/*
 * report/report.h - `mmkit report` (shared/spec/cli.md, extensions): one
 * self-contained HTML page of the --json results of run, compare, stress,
 * explore and bench.  report/cmd_report.c reads the inputs and tells their
 * kinds apart; a file per kind writes its section (report/in_series.c: run
 * and compare; in_bench.c; in_lab.c: explore and stress) through
 * report/page.h.  docs/report.md says what each chart shows.
 */
#ifndef MMKIT_TOOL_REPORT_H
#define MMKIT_TOOL_REPORT_H

#include <jansson.h>

struct page;

int cmd_report(int argc, char **argv);

/* The section of one input, by kind; @name is the input as given. */
void in_run(struct page *p, const char *name, json_t *doc);
void in_compare(struct page *p, const char *name, json_t *doc);
void in_bench(struct page *p, const char *name, json_t *doc);
void in_explore(struct page *p, const char *name, json_t *doc);
void in_stress(struct page *p, const char *name, json_t *doc);

/* Member @key of object @o as a number (NAN if absent or not one), as a
 * string (NULL if not one). */
double jnum(const json_t *o, const char *key);
const char *jstr(const json_t *o, const char *key);
/*
 * A table titled @title of the objects in @rows (keyed by policy): the
 * string member @lead (or none: NULL), then the numbers @keys[0..n).
 */
void figures_table(struct page *p, const char *title, const json_t *rows,
		   const char *lead, const char *const *keys, int n);

#endif

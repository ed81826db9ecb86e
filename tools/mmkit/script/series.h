/* SPDX-License-Identifier: MIT */
/*
 * script/series.h - the time series of `run --json` and `compare --json`
 * (script/series.c): each address space's page tables per level, pgtable
 * and rss bytes after statements, for `mmkit report` to draw over time.
 *
 * Bounded: a point is taken after every statement while there are few;
 * each time SERIES_MAX_POINTS are held, every other one is dropped and
 * points are taken half as often from then on (every 1, 2, 4, ...
 * statements), so a recording of millions of statements keeps at most
 * SERIES_MAX_POINTS points, evenly spread, plus one at the end.
 *
 * Who samples: the runner after each statement it runs (runner_step()),
 * main flow and thread blocks alike, and after each `run`.  Statements of
 * thread blocks run at once on several threads, so the series has a lock;
 * a block samples only the address spaces that were alive when its `run`
 * began (series_run_begin()), which no block may release (script.md), so
 * none disappears under the sampler; those a block makes show from the
 * first point after its `run`.
 */
#ifndef MMKIT_TOOL_SCRIPT_SERIES_H
#define MMKIT_TOOL_SCRIPT_SERIES_H

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

#define SERIES_MAX_POINTS 2000

struct runner;
struct stmt;
struct mm_struct;

struct series_mm {
	int slot;		/* mm slot: its name is the script's */
	uint64_t pte, pmd, pud, pgtable, rss;
};

struct series_point {
	uint64_t n;		/* statements run so far (its x) */
	int i, line;		/* the statement after which it was taken */
	int thread;		/* thread slot of its block, or -1 */
	int end;		/* the end figures, after the last statement */
	size_t mm0;		/* its address spaces: mms[mm0 .. mm0 + nmm) */
	int nmm;
};

struct run_series {
	pthread_mutex_t lock;
	const struct script *sc;
	uint64_t every;		/* a point every @every statements */
	uint64_t n;		/* statements run so far */
	int last_i, last_line;	/* the last statement run */
	struct series_point pts[SERIES_MAX_POINTS + 1];
	int npts;
	struct series_mm *mms;
	size_t nmms, cap;
	int truncated;		/* out of memory: sampling stopped */
	/* the address spaces blocks sample during a `run` */
	struct mm_struct **live;
	int *live_slot;
	int nlive;
};

/* A new, empty series for one run of @sc; NULL if out of memory. */
struct run_series *series_new(const struct script *sc);
void series_free(struct run_series *se);

/* After statement @s ran (on the main flow or in a block). */
void series_step(struct run_series *se, const struct runner *r,
		 const struct stmt *s);
/* Before a `run` starts its blocks, and after it joined them. */
void series_run_begin(struct run_series *se, const struct runner *r);
void series_run_end(struct run_series *se);
/* The end figures (after the final sync, if any): the last point. */
void series_end(struct run_series *se, const struct runner *r);

/* `"series": {...}` (the shape is in docs/report.md). */
void series_json(FILE *f, const struct run_series *se);

#endif

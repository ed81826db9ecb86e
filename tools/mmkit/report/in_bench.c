/* SPDX-License-Identifier: MIT */
/*
 * report/in_bench.c - the section of `bench --json`: each target's figure
 * against its limit, every op against the raw limit, thread scaling, the
 * page tables of a sparse mapping, and page tables during the churn
 * workload over time (bench/print.c writes what is read here).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report/page.h"
#include "report/report.h"

/* The subjects in bench's order, as its JSON names them. */
static const char *const subjects[] = { "keep", "linux", "refcount", "rwsem", "full",
					"host", "raw" };
enum { NSUBJ = sizeof(subjects) / sizeof(subjects[0]) };

/* Colours: a subject keeps its colour on every chart. */
static int subject_color(int s)
{
	return s;
}

static double median(const json_t *stats)
{
	return jnum(stats, "median");
}

/* Each target's median per subject over its limit: 1 is the limit. */
static void targets(struct page *p, const json_t *ts)
{
	static const char *const head[] = { "target", "measure", "limit", "subject",
					    "median", "95% CI", "verdict (linux)" };
	const char *cats[CHART_MAX_SERIES];
	char catbuf[CHART_MAX_SERIES][16];
	struct chart c;
	int limit, ser[NSUBJ];
	size_t i;
	json_t *t;

	if (!json_array_size(ts))
		return;
	chart_init(&c, "Targets: each figure over its limit", "target",
		   "median / limit", "x");
	c.note = "1 is the limit (dashed).  For a target that is a bound from above "
		 "(<=), below the line is met; for one from below (>=), above it.  The "
		 "table names the targets and gives the confidence intervals.";
	c.text_name = "target";
	limit = chart_series(&c, "limit", STYLE_LINE, 9);
	c.s[limit].dash = 1;
	for (int s = 0; s < NSUBJ; s++)
		ser[s] = chart_series(&c, subjects[s], STYLE_DOTS, subject_color(s));
	json_array_foreach(ts, i, t) {
		double lim = jnum(t, "limit");
		int r;

		if (i == CHART_MAX_SERIES)
			break;
		snprintf(catbuf[i], sizeof(catbuf[i]), "%zu", i + 1);
		cats[i] = catbuf[i];
		r = chart_row(&c, (double)i, jstr(t, "name"));
		chart_set(&c, r, limit, 1);
		for (int s = 0; s < NSUBJ; s++)
			chart_set(&c, r, ser[s], median(json_object_get(json_object_get(t,
				  "values"), subjects[s])) / lim);
	}
	c.xcats = cats;
	c.ncats = (int)(i < CHART_MAX_SERIES ? i : CHART_MAX_SERIES);
	page_chart(p, &c);
	page_table_begin(p, "summary", head, 7);
	json_array_foreach(ts, i, t) {
		const char *name;
		json_t *v;
		char lim[32], med[32], ci[64];

		snprintf(lim, sizeof(lim), "%s %g", json_is_true(json_object_get(t, "at_most")) ?
			 "<=" : ">=", jnum(t, "limit"));
		json_object_foreach(json_object_get(t, "values"), name, v) {
			snprintf(med, sizeof(med), "%.4g", median(v));
			snprintf(ci, sizeof(ci), "%.4g .. %.4g", jnum(v, "ci95_lo"),
				 jnum(v, "ci95_hi"));
			page_table_row(p, (const char *const[]){ jstr(t, "name"),
				jstr(t, "measure"), lim, name, med, ci,
				jstr(t, "verdict_linux") }, 7);
		}
	}
	page_table_end(p);
}

/* Every op's ns per unit per subject, the raw limit among them. */
static void ops(struct page *p, const json_t *o)
{
	const char *cats[64], *name;
	struct chart c;
	int ser[NSUBJ], n = 0;
	json_t *op;

	chart_init(&c, "Every operation, per subject, against the raw limit",
		   "operation", "ns per unit (median)", "");
	c.note = "Log scale.  raw is the limit: the same walk over plain page tables, "
		 "or memset/memcpy of 4 KiB; host is the kernel doing the same work.";
	c.y[0].log = 1;
	c.text_name = "unit";
	for (int s = 0; s < NSUBJ; s++)
		ser[s] = chart_series(&c, subjects[s], STYLE_DOTS, subject_color(s));
	json_object_foreach((json_t *)o, name, op) {
		const json_t *subj = json_object_get(op, "subjects");
		int r;

		if (n == 64)
			break;
		cats[n] = name;
		r = chart_row(&c, n++, jstr(op, "unit"));
		for (int s = 0; s < NSUBJ; s++) {
			double v = median(json_object_get(json_object_get(subj, subjects[s]), "ns"));

			chart_set(&c, r, ser[s], v > 0 ? v : NAN);	/* log scale */
		}
	}
	c.xcats = cats;
	c.ncats = n;
	page_chart(p, &c);
}

/* Throughput with two threads over one, disjoint and shared. */
static void threads(struct page *p, const json_t *th)
{
	struct chart c;
	int perfect, r1, r2;

	chart_init(&c, "Thread scaling: fault throughput relative to one thread",
		   "threads", "throughput / one thread's", "x");
	c.note = "Solid: disjoint ranges; dashed: shared page tables; grey: perfect "
		 "scaling.  Medians of paired ratios.";
	r1 = chart_row(&c, 1, NULL);
	r2 = chart_row(&c, 2, NULL);
	perfect = chart_series(&c, "perfect", STYLE_LINE, 9);
	c.s[perfect].dash = 1;
	chart_set(&c, r1, perfect, 1);
	chart_set(&c, r2, perfect, 2);
	for (int s = 0; s < NSUBJ; s++) {
		const json_t *v = json_object_get(th, subjects[s]);
		char name[2][48];
		int k;

		if (!v)
			continue;
		for (int sh = 0; sh < 2; sh++) {
			snprintf(name[sh], sizeof(name[sh]), "%s %s", subjects[s],
				 sh ? "shared" : "disjoint");
			k = chart_series(&c, name[sh], STYLE_LINE, subject_color(s));
			c.s[k].dash = sh;
			chart_set(&c, r1, k, 1);
			chart_set(&c, r2, k, jnum(v, sh ? "scaling_shared" : "scaling_disjoint"));
		}
	}
	page_chart(p, &c);
}

/* Page-table memory of the sparse mapping after touch and DONTNEED. */
static void sparse(struct page *p, const json_t *sp)
{
	const char *cats[NSUBJ];
	struct chart c;
	int touch, dn, n = 0;

	chart_init(&c, "Page tables of a sparse mapping", "subject", "page tables", "B");
	touch = chart_series(&c, "after touch", STYLE_BARS, 0);
	dn = chart_series(&c, "after MADV_DONTNEED", STYLE_DOTS, 1);
	for (int s = 0; s < NSUBJ; s++) {
		const json_t *v = json_object_get(sp, subjects[s]);
		int r;

		if (!json_is_object(v))
			continue;
		cats[n] = subjects[s];
		r = chart_row(&c, n++, NULL);
		chart_set(&c, r, touch, jnum(v, "after_touch"));
		chart_set(&c, r, dn, jnum(v, "after_dontneed"));
	}
	c.xcats = cats;
	c.ncats = n;
	page_chart(p, &c);
}

/* Page tables attached over time during churn, one line per subject. */
static void churn(struct page *p, const json_t *ch)
{
	struct chart c;
	char note[256];

	chart_init(&c, "Page tables during the churn workload", "time", "page tables",
		   "KiB");
	c.xunit = "ms";
	snprintf(note, sizeof(note), "%.0f threads, %.0f operations each, on a %.0f MiB "
		 "arena (mmkit gen-churn); host: the kernel's VmPTE.", jnum(ch, "threads"),
		 jnum(ch, "ops"), jnum(ch, "arena") / 1048576);
	c.note = note;
	for (int s = 0; s < NSUBJ; s++) {
		const json_t *tr = json_object_get(json_object_get(ch, subjects[s]), "trace");
		const json_t *ms = json_object_get(tr, "ms"), *kib = json_object_get(tr, "kib");
		int k;

		if (!json_array_size(ms))
			continue;
		k = chart_series(&c, subjects[s], STYLE_LINE, subject_color(s));
		c.s[k].dash = s == 5;
		for (size_t i = 0; i < json_array_size(ms); i++) {
			int r = chart_row(&c, json_number_value(json_array_get(ms, i)), NULL);

			chart_set(&c, r, k, json_number_value(json_array_get(kib, i)));
		}
	}
	chart_sort(&c);
	page_chart(p, &c);
}

void in_bench(struct page *p, const char *name, json_t *doc)
{
	const json_t *m = json_object_get(doc, "machine");

	page_section(p, "bench%s", json_is_true(json_object_get(doc, "quick")) ? " --quick" : "");
	page_para(p, "meta", "From %s: %.0f reps, %.0f s; %.0f CPUs, %s, %s; build %s; load "
		  "average %.2f at the start, %.2f at the end.", name, jnum(doc, "reps"),
		  jnum(doc, "seconds"), jnum(m, "nproc"), jstr(m, "cpu") ? jstr(m, "cpu") : "?",
		  jstr(m, "kernel") ? jstr(m, "kernel") : "?",
		  jstr(m, "build") ? jstr(m, "build") : "?", jnum(m, "loadavg_start"),
		  jnum(m, "loadavg_end"));
	if (jnum(doc, "failures") > 0)
		page_para(p, "alert", "%.0f operations failed (bench's stderr names them).",
			  jnum(doc, "failures"));
	targets(p, json_object_get(doc, "targets"));
	ops(p, json_object_get(doc, "ops"));
	threads(p, json_object_get(doc, "threads"));
	sparse(p, json_object_get(doc, "pgtable_sparse"));
	churn(p, json_object_get(doc, "churn"));
}

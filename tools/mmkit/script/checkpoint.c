/* SPDX-License-Identifier: MIT */
/*
 * script/checkpoint.c - `checkpoint MM KEY=BYTES...` (script.md,
 * "Recordings"): what the kernel reported for a recorded process at this
 * point, set beside mmkit's own figures for the same address space.
 *
 * A checkpoint never fails a statement: a recording replays to its end and
 * the differences are reported then (report_checkpoints(), and
 * json_checkpoints() for --json), because a person comparing mmkit with the
 * kernel wants every difference, not the first.  `--strict-checkpoints
 * REL` turns a difference beyond REL into a failed run, at the end, naming
 * the first checkpoint that went beyond it (ckpt_strict()).
 *
 * Relative difference: |mmkit - kernel| / max(kernel, 4K), so an address
 * space the kernel reports as empty compares in pages, not as a division
 * by zero.  "final" is each address space's last checkpoint (for a
 * recording, the one taken just before the process exited), the largest
 * over address spaces.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "common/json.h"
#include "script/series.h"
#include "script/runner.h"

double ckpt_rel(uint64_t mmkit, uint64_t kernel)
{
	double d = mmkit > kernel ? (double)(mmkit - kernel)
				  : (double)(kernel - mmkit);

	return d / (double)(kernel > MMK_PAGE_SIZE ? kernel : MMK_PAGE_SIZE);
}

const char *ckpt_key_name(int k)
{
	return ckpt_keys[k].name;	/* the table is in CKPT_* order */
}

static int ckpt_grow(struct ckpt_report *c, int nslots)
{
	if (c->npoints == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 64;
		struct ckpt_point *v = realloc(c->points, cap * sizeof(*v));

		if (!v)
			return -1;
		c->points = v;
		c->cap = cap;
	}
	if (!c->last) {
		c->last = malloc((size_t)(nslots + 1) * sizeof(*c->last));
		if (!c->last)
			return -1;
		for (int i = 0; i <= nslots; i++)
			c->last[i] = -1;
		c->nlast = nslots;
	}
	return 0;
}

void run_checkpoint(struct runner *r, const struct stmt *s,
		    struct outcome *out)
{
	struct mm_struct *mm = runner_mm(r, s, 0, out);
	struct ckpt_report *c = r->ckpt;
	struct ckpt_point *pt;
	struct mmk_mm_stats st;

	if (!mm || !c)
		return;
	if (ckpt_grow(c, r->sc->slots[SLOT_MM].n)) {
		fail(out, "out of memory");
		return;
	}
	mmk_mm_stats(mm, &st);
	pt = &c->points[c->npoints];
	memset(pt, 0, sizeof(*pt));
	pt->i = r->index;
	pt->line = s->line;
	pt->mm = r->sc->slots[SLOT_MM].v[s->a[0].slot].name;
	pt->mmkit[CKPT_PGTABLE] = st.pgtable;
	pt->mmkit[CKPT_RSS] = st.rss;
	for (int k = 0; k < s->nkv; k++) {
		pt->has[s->kv[k].key] = 1;
		pt->kernel[s->kv[k].key] = s->kv[k].val;
	}
	if (!c->count)
		for (int k = 0; k < CKPT_NKEYS; k++)
			c->max_at[k] = -1;
	for (int k = 0; k < CKPT_NKEYS; k++) {
		double rel = ckpt_rel(pt->mmkit[k], pt->kernel[k]);

		if (pt->has[k] && (c->max_at[k] < 0 || rel > c->max_rel[k])) {
			c->max_rel[k] = rel;
			c->max_at[k] = (long)c->npoints;
		}
	}
	if (s->a[0].slot < c->nlast)
		c->last[s->a[0].slot] = (long)c->npoints;
	c->npoints++;
	c->count++;
}

void ckpt_finish(struct ckpt_report *c)
{
	for (int k = 0; k < CKPT_NKEYS; k++)
		c->final_rel[k] = 0;
	for (int i = 0; c->last && i < c->nlast; i++) {
		const struct ckpt_point *pt;

		if (c->last[i] < 0)
			continue;
		pt = &c->points[c->last[i]];
		for (int k = 0; k < CKPT_NKEYS; k++) {
			double rel = ckpt_rel(pt->mmkit[k], pt->kernel[k]);

			if (pt->has[k] && rel > c->final_rel[k])
				c->final_rel[k] = rel;
		}
	}
}

int ckpt_strict(const struct ckpt_report *c, double limit, const char *file,
		char *msg, size_t size)
{
	for (size_t i = 0; i < c->npoints; i++) {
		const struct ckpt_point *pt = &c->points[i];

		for (int k = 0; k < CKPT_NKEYS; k++) {
			double rel = ckpt_rel(pt->mmkit[k], pt->kernel[k]);

			if (!pt->has[k] || rel <= limit)
				continue;
			snprintf(msg, size, "%s:%d: checkpoint %s: %s mmkit %" PRIu64
				 ", kernel %" PRIu64 ": relative difference %.4f, "
				 "more than --strict-checkpoints %g", file,
				 pt->line, pt->mm, ckpt_key_name(k), pt->mmkit[k],
				 pt->kernel[k], rel, limit);
			return 1;
		}
	}
	return 0;
}

void file_report_release(struct file_report *rep)
{
	series_free(rep->series);
	rep->series = NULL;
	free(rep->ckpt.points);
	free(rep->ckpt.last);
	memset(&rep->ckpt, 0, sizeof(rep->ckpt));
}

/* "pgtable: max 1.20% (line 812, mm p101: mmkit 45056, kernel 45960)" */
static void report_key(FILE *f, const struct ckpt_report *c, int k)
{
	const struct ckpt_point *pt;

	if (c->max_at[k] < 0) {
		fprintf(f, "  %-8s not recorded\n", ckpt_key_name(k));
		return;
	}
	pt = &c->points[c->max_at[k]];
	fprintf(f, "  %-8s largest difference %.2f%% (line %d, mm %s: mmkit %"
		PRIu64 " B, kernel %" PRIu64 " B); at each mm's last "
		"checkpoint at most %.2f%%\n", ckpt_key_name(k),
		100 * c->max_rel[k], pt->line, pt->mm, pt->mmkit[k],
		pt->kernel[k], 100 * c->final_rel[k]);
}

void report_checkpoints(FILE *f, const struct file_report *rep)
{
	const struct ckpt_report *c = &rep->ckpt;

	if (!c->count)
		return;
	fprintf(f, "%s: %" PRIu64 " checkpoints, mmkit (policy %s) beside the "
		"kernel:\n", rep->file, c->count, rep->policy);
	for (int k = 0; k < CKPT_NKEYS; k++)
		report_key(f, c, k);
}

/* A relative difference, or null where no checkpoint gave that key. */
static void json_rel(FILE *f, const struct ckpt_report *c, int k, double v)
{
	if (c->max_at[k] < 0)
		fputs("null", f);
	else
		json_num(f, v);
}

/* Both figures always (one shape for every point); a key the statement
 * did not give is null on the kernel's side. */
static void json_figures(FILE *f, const struct ckpt_point *pt,
			 const uint64_t *v, int kernel)
{
	fputc('{', f);
	for (int k = 0; k < CKPT_NKEYS; k++) {
		fprintf(f, "%s\"%s\": ", k ? ", " : "", ckpt_key_name(k));
		if (kernel && !pt->has[k])
			fputs("null", f);
		else
			fprintf(f, "%" PRIu64, v[k]);
	}
	fputc('}', f);
}

void json_checkpoints(FILE *f, const struct file_report *rep)
{
	const struct ckpt_report *c = &rep->ckpt;

	if (!c->count)
		return;
	fprintf(f, ", \"checkpoints\": {\"count\": %" PRIu64
		", \"pgtable_max_rel\": ", c->count);
	json_rel(f, c, CKPT_PGTABLE, c->max_rel[CKPT_PGTABLE]);
	fputs(", \"rss_max_rel\": ", f);
	json_rel(f, c, CKPT_RSS, c->max_rel[CKPT_RSS]);
	fputs(", \"final_pgtable_rel\": ", f);
	json_rel(f, c, CKPT_PGTABLE, c->final_rel[CKPT_PGTABLE]);
	fputs(", \"final_rss_rel\": ", f);
	json_rel(f, c, CKPT_RSS, c->final_rel[CKPT_RSS]);
	fputs(", \"points\": [", f);
	for (size_t i = 0; i < c->npoints; i++) {
		const struct ckpt_point *pt = &c->points[i];

		fprintf(f, "%s{\"i\": %d, \"line\": %d, \"mm\": ", i ? ", " : "",
			pt->i, pt->line);
		json_string(f, pt->mm);
		fputs(", \"kernel\": ", f);
		json_figures(f, pt, pt->kernel, 1);
		fputs(", \"mmkit\": ", f);
		json_figures(f, pt, pt->mmkit, 0);
		fputc('}', f);
	}
	fputs("]}", f);
}

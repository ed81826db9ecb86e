/* SPDX-License-Identifier: MIT */
/*
 * script/series.c - the bounded time series of a script's run
 * (script/series.h): sampling after statements, thinning, and its JSON.
 *
 * Thinning keeps the points whose n is a multiple of the new step, so
 * the points left are those a run sampling at that step from the start
 * would have taken: the spacing stays even whatever the length.
 */
#include <stdlib.h>
#include <string.h>

#include "common/json.h"
#include "script/runner.h"
#include "script/series.h"

struct run_series *series_new(const struct script *sc)
{
	struct run_series *se = calloc(1, sizeof(*se));

	if (!se)
		return NULL;
	pthread_mutex_init(&se->lock, NULL);
	se->sc = sc;
	se->every = 1;
	se->last_i = -1;
	return se;
}

void series_free(struct run_series *se)
{
	if (!se)
		return;
	pthread_mutex_destroy(&se->lock);
	free(se->mms);
	free(se->live);
	free(se->live_slot);
	free(se);
}

/* Room for @n more address spaces; 0, or -1 (sampling stops). */
static int mms_reserve(struct run_series *se, size_t n)
{
	struct series_mm *v;
	size_t cap;

	if (se->nmms + n <= se->cap)
		return 0;
	cap = se->cap ? se->cap * 2 : 64;
	while (cap < se->nmms + n)
		cap *= 2;
	v = realloc(se->mms, cap * sizeof(*v));
	if (!v) {
		se->truncated = 1;
		return -1;
	}
	se->mms = v;
	se->cap = cap;
	return 0;
}

/* Drop every other point (those off the doubled step); lock held. */
static void thin(struct run_series *se)
{
	size_t m = 0;
	int k = 0;

	se->every *= 2;
	for (int j = 0; j < se->npts; j++) {
		struct series_point p = se->pts[j];

		if (p.n % se->every)
			continue;
		memmove(&se->mms[m], &se->mms[p.mm0], (size_t)p.nmm * sizeof(se->mms[0]));
		p.mm0 = m;
		m += (size_t)p.nmm;
		se->pts[k++] = p;
	}
	se->npts = k;
	se->nmms = m;
}

/* Append one point of @n address spaces (@mms[k], named by @slot[k]). */
static void add_point(struct run_series *se, struct mm_struct *const *mms,
		      const int *slot, int n, int thread, int end)
{
	struct series_point *p = &se->pts[se->npts];

	if (mms_reserve(se, (size_t)n))
		return;
	*p = (struct series_point){ .n = se->n, .i = se->last_i,
		.line = se->last_line, .thread = thread, .end = end,
		.mm0 = se->nmms };
	for (int k = 0; k < n; k++) {
		struct series_mm *v = &se->mms[se->nmms++];
		struct mmk_mm_stats st;

		mmk_mm_stats(mms[k], &st);
		*v = (struct series_mm){ slot[k], st.pte_tables, st.pmd_tables,
					 st.pud_tables, st.pgtable, st.rss };
		p->nmm++;
	}
	se->npts++;
}

/* The main flow's live address spaces, in slot order. */
static void sample_main(struct run_series *se, const struct runner *r, int end)
{
	int n = r->sc->slots[SLOT_MM].n, k = 0;
	struct mm_struct **mms = calloc((size_t)n + 1, sizeof(*mms));
	int *slot = calloc((size_t)n + 1, sizeof(*slot));

	if (mms && slot) {
		for (int i = 0; i < n; i++)
			if (r->mms[i]) {
				mms[k] = r->mms[i];
				slot[k++] = i;
			}
		add_point(se, mms, slot, k, -1, end);
	} else {
		se->truncated = 1;
	}
	free(mms);
	free(slot);
}

void series_step(struct run_series *se, const struct runner *r,
		 const struct stmt *s)
{
	pthread_mutex_lock(&se->lock);
	se->n++;
	/* A streamed statement is not in sc->stmts: the runner knows its index. */
	se->last_i = r->sc->streamed ? r->index : (int)(s - r->sc->stmts);
	se->last_line = s->line;
	if (se->truncated || se->n % se->every)
		goto out;
	if (se->npts == SERIES_MAX_POINTS) {
		thin(se);
		if (se->n % se->every)
			goto out;
	}
	if (r->worker) {
		int th = r->sc->stmts[s->block].a[0].slot;

		add_point(se, se->live, se->live_slot, se->nlive, th, 0);
	} else {
		sample_main(se, r, 0);
	}
out:
	pthread_mutex_unlock(&se->lock);
}

void series_run_begin(struct run_series *se, const struct runner *r)
{
	int n = r->sc->slots[SLOT_MM].n;

	/* Only this thread runs now: no lock needed until the blocks start. */
	se->nlive = 0;
	free(se->live);
	free(se->live_slot);
	se->live = calloc((size_t)n + 1, sizeof(*se->live));
	se->live_slot = calloc((size_t)n + 1, sizeof(*se->live_slot));
	if (!se->live || !se->live_slot) {
		se->truncated = 1;
		return;
	}
	for (int i = 0; i < n; i++)
		if (r->mms[i]) {
			se->live[se->nlive] = r->mms[i];
			se->live_slot[se->nlive++] = i;
		}
}

void series_run_end(struct run_series *se)
{
	se->nlive = 0;
}

void series_end(struct run_series *se, const struct runner *r)
{
	if (se->truncated)
		return;
	/* A point just taken after the last statement gives way to the
	 * end figures (taken after the final sync, where there is one). */
	if (se->npts && se->pts[se->npts - 1].n == se->n) {
		se->npts--;
		se->nmms = se->pts[se->npts].mm0;
	}
	sample_main(se, r, 1);
}

static void json_point(FILE *f, const struct run_series *se,
		       const struct series_point *p)
{
	const struct slot_table *mm = &se->sc->slots[SLOT_MM];

	fprintf(f, "{\"n\": %llu, \"i\": %d, \"line\": %d",
		(unsigned long long)p->n, p->i, p->line);
	if (p->thread >= 0) {
		fprintf(f, ", \"thread\": ");
		json_string(f, se->sc->slots[SLOT_THREAD].v[p->thread].name);
	}
	if (p->end)
		fprintf(f, ", \"end\": true");
	fprintf(f, ", \"mms\": {");
	for (int k = 0; k < p->nmm; k++) {
		const struct series_mm *v = &se->mms[p->mm0 + (size_t)k];

		fprintf(f, "%s", k ? ", " : "");
		json_string(f, mm->v[v->slot].name);
		fprintf(f, ": {\"pte\": %llu, \"pmd\": %llu, \"pud\": %llu, "
			"\"pgtable\": %llu, \"rss\": %llu}",
			(unsigned long long)v->pte, (unsigned long long)v->pmd,
			(unsigned long long)v->pud, (unsigned long long)v->pgtable,
			(unsigned long long)v->rss);
	}
	fprintf(f, "}}");
}

void series_json(FILE *f, const struct run_series *se)
{
	fprintf(f, "\"series\": {\"every\": %llu, \"max_points\": %d",
		(unsigned long long)se->every, SERIES_MAX_POINTS);
	if (se->truncated)
		fprintf(f, ", \"truncated\": true");
	fprintf(f, ", \"points\": [");
	for (int j = 0; j < se->npts; j++) {
		fprintf(f, "%s", j ? ", " : "");
		json_point(f, se, &se->pts[j]);
	}
	fprintf(f, "]}");
}

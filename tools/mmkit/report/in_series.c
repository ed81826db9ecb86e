/* SPDX-License-Identifier: MIT */
/*
 * report/in_series.c - the sections of `run --json` and `compare --json`:
 * page-table memory over time, stacked by level, with rss; for compare the
 * policies side by side; a recording's kernel checkpoints beside mmkit's
 * line (docs/report.md has the input shapes).
 *
 * The x of every chart here is n, the statements run so far (the series'
 * own x).  A checkpoint names its statement by index (i); its x is the n
 * of the series point at that statement, or interpolated between the
 * points around it when the series thinned that one out.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <mmkit/mmkit.h>

#include "report/page.h"
#include "report/report.h"

enum { LV_PTE, LV_PMD, LV_PUD, NR_LV };

static const char *const level_key[NR_LV] = { "pte", "pmd", "pud" };
static const char *const level_name[NR_LV] = { "PTE tables", "PMD tables", "PUD tables" };

/* A point's figures summed over its address spaces. */
struct sums {
	double tables[NR_LV], pgtable, rss;
};

static void point_sums(const json_t *pt, struct sums *s)
{
	const char *name;
	json_t *mm;

	memset(s, 0, sizeof(*s));
	json_object_foreach(json_object_get(pt, "mms"), name, mm) {
		for (int l = 0; l < NR_LV; l++)
			s->tables[l] += jnum(mm, level_key[l]);
		s->pgtable += jnum(mm, "pgtable");
		s->rss += jnum(mm, "rss");
	}
}

/* "line 12", "line 12 (T0)", "line 40, end": where a point was taken. */
static void point_text(const json_t *pt, char *buf, size_t size)
{
	const char *th = jstr(pt, "thread");

	snprintf(buf, size, "line %.0f%s%s%s%s", jnum(pt, "line"), th ? " (" : "",
		 th ? th : "", th ? ")" : "", json_is_true(json_object_get(pt, "end")) ?
		 ", end" : "");
}

static json_t *points_of(const json_t *series)
{
	json_t *pts = json_object_get(series, "points");

	return json_is_array(pts) && json_array_size(pts) ? pts : NULL;
}

static const char *every_note(const json_t *series, char *buf, size_t size)
{
	double every = jnum(series, "every");

	if (!(every > 1))
		return "A point after every statement; page-table memory is "
		       "(tables) x 4 KiB, summed over the address spaces.";
	snprintf(buf, size, "A point every %.0f statements (the series is "
		 "thinned to at most %.0f points); tables x 4 KiB, summed over the "
		 "address spaces.", every, jnum(series, "max_points"));
	return buf;
}

/* Page-table memory stacked by level, and rss on the right axis. */
static void levels_chart(struct page *p, const json_t *series, const char *title)
{
	const json_t *pts = points_of(series);
	struct chart c;
	int lv[NR_LV], rss;
	char note[256];
	size_t i;
	json_t *pt;

	if (!pts)
		return;
	chart_init(&c, title, "statements run", "page-table memory", "B");
	c.note = every_note(series, note, sizeof(note));
	c.text_name = "where";
	c.y[1].label = "rss";
	c.y[1].unit = "B";
	c.ny = 2;
	for (int l = 0; l < NR_LV; l++) {
		lv[l] = chart_series(&c, level_name[l], STYLE_LINE, l);
		c.s[lv[l]].stack = 1;
	}
	rss = chart_series(&c, "rss", STYLE_LINE, 9);
	c.s[rss].axis = 1;
	c.s[rss].dash = 1;
	json_array_foreach(pts, i, pt) {
		struct sums s;
		char where[96];
		int r;

		point_sums(pt, &s);
		point_text(pt, where, sizeof(where));
		r = chart_row(&c, jnum(pt, "n"), where);
		for (int l = 0; l < NR_LV; l++)
			chart_set(&c, r, lv[l], s.tables[l] * MMK_PAGE_SIZE);
		chart_set(&c, r, rss, s.rss);
	}
	page_chart(p, &c);
}

/* With several address spaces: each one's page-table memory. */
static void mms_chart(struct page *p, const json_t *series)
{
	const json_t *pts = points_of(series);
	const char *names[CHART_MAX_SERIES];
	struct chart c;
	json_t *pt, *mm;
	const char *name;
	size_t i;
	int n = 0;

	if (!pts)
		return;
	chart_init(&c, "Page-table memory per address space", "statements run",
		   "pgtable", "B");
	json_array_foreach(pts, i, pt) {
		int r = chart_row(&c, jnum(pt, "n"), NULL);

		json_object_foreach(json_object_get(pt, "mms"), name, mm) {
			int k;

			for (k = 0; k < n && strcmp(names[k], name); k++)
				;
			if (k == n) {
				if (n == CHART_MAX_SERIES)
					continue;	/* the table above has them all */
				names[n++] = name;
				chart_series(&c, name, STYLE_LINE, k);
			}
			chart_set(&c, r, k, jnum(mm, "pgtable"));
		}
	}
	if (n > 1)
		page_chart(p, &c);
	else
		chart_discard(&c);	/* one address space: the chart above */
}

/* The x (n) of statement @stmt: its point's, or between its neighbours'. */
static double x_of_stmt(const json_t *pts, double stmt)
{
	double lo_i = -1, lo_n = 0, hi_i = -1, hi_n = 0;
	size_t i;
	json_t *pt;

	json_array_foreach(pts, i, pt) {
		double pi = jnum(pt, "i"), pn = jnum(pt, "n");

		if (json_object_get(pt, "thread"))
			continue;	/* in a block: i is not in time order */
		if (pi <= stmt && pi > lo_i) {
			lo_i = pi;
			lo_n = pn;
		}
		if (pi >= stmt && (hi_i < 0 || pi < hi_i)) {
			hi_i = pi;
			hi_n = pn;
		}
	}
	if (lo_i >= 0 && hi_i >= 0 && hi_i > lo_i)
		return lo_n + (hi_n - lo_n) * (stmt - lo_i) / (hi_i - lo_i);
	if (lo_i >= 0)
		return lo_n + (stmt - lo_i);
	if (hi_i >= 0)
		return hi_n - (hi_i - stmt);
	return stmt + 1;
}

/* The relative difference of script.md: |mmkit - kernel| / max(kernel, 4K). */
static double rel_diff(double mmkit, double kernel)
{
	return fabs(mmkit - kernel) / fmax(kernel, MMK_PAGE_SIZE);
}

/* mmkit's line of one figure of @mm, the kernel's checkpoints beside it. */
static void checkpoint_chart(struct page *p, const json_t *series, const json_t *cps,
			     const char *mm, const char *key)
{
	const json_t *pts = points_of(series);
	char title[160];
	struct chart c;
	int line = -1, kern, ours, rel;
	size_t i;
	json_t *pt;

	snprintf(title, sizeof(title), "%s of address space %s: mmkit and the kernel's "
		 "checkpoints", key, mm);
	chart_init(&c, title, "statements run", key, "B");
	c.note = "The line is mmkit's figure after each statement, the red dots "
		 "what the kernel reported at the checkpoints of the recording; the "
		 "relative difference |mmkit - kernel| / max(kernel, 4 KiB) is on the "
		 "right axis.";
	c.text_name = "where";
	c.y[1].label = "relative difference";
	c.y[1].unit = "%";
	c.ny = 2;
	if (pts)
		line = chart_series(&c, "mmkit", STYLE_LINE, 0);
	kern = chart_series(&c, "kernel (checkpoint)", STYLE_DOTS, 1);
	ours = chart_series(&c, "mmkit at the checkpoint", STYLE_DOTS, 0);
	c.s[ours].size = 5;
	rel = chart_series(&c, "relative difference", STYLE_DOTS, 4);
	c.s[rel].axis = 1;
	c.s[rel].size = 6;
	json_array_foreach(pts, i, pt) {
		json_t *v = json_object_get(json_object_get(pt, "mms"), mm);
		char where[96];

		if (!v)
			continue;
		point_text(pt, where, sizeof(where));
		chart_set(&c, chart_row(&c, jnum(pt, "n"), where), line, jnum(v, key));
	}
	json_array_foreach(json_object_get(cps, "points"), i, pt) {
		const char *name = jstr(pt, "mm");
		double k = jnum(json_object_get(pt, "kernel"), key);
		double m = jnum(json_object_get(pt, "mmkit"), key);
		char where[96];
		int r;

		if (!name || strcmp(name, mm))
			continue;
		r = chart_row_at(&c, pts ? x_of_stmt(pts, jnum(pt, "i")) : jnum(pt, "i") + 1);
		snprintf(where, sizeof(where), "line %.0f, checkpoint", jnum(pt, "line"));
		free(c.text[r]);
		c.text[r] = xstrdup(where);
		chart_set(&c, r, kern, k);
		chart_set(&c, r, ours, m);
		chart_set(&c, r, rel, 100 * rel_diff(m, k));
	}
	chart_sort(&c);
	page_chart(p, &c);
}

/* "checkpoints": the spec'd figures, and the charts when it has points. */
static void checkpoints(struct page *p, const json_t *series, const json_t *cps)
{
	static const char *const keys[] = { "count", "pgtable_max_rel", "rss_max_rel",
					    "final_pgtable_rel", "final_rss_rel" };
	static const char *const head[] = { "figure", "value" };
	const char *mms[CHART_MAX_SERIES];
	int nmm = 0;
	size_t i;
	json_t *pt;

	if (!json_is_object(cps))
		return;
	page_h3(p, "Kernel checkpoints");
	page_para(p, "note", "How far mmkit's figures stayed from what the kernel "
		  "reported while the program was recorded: relative differences "
		  "|mmkit - kernel| / max(kernel, 4 KiB), the largest over all "
		  "checkpoints and over each address space's last one.");
	page_table_begin(p, "summary", head, 2);
	for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
		char v[64];
		double x = jnum(cps, keys[k]);

		if (isnan(x))
			continue;
		if (k)
			snprintf(v, sizeof(v), "%.4g (%.2f%%)", x, 100 * x);
		else
			snprintf(v, sizeof(v), "%.0f", x);
		page_table_row(p, (const char *const[]){ keys[k], v }, 2);
	}
	page_table_end(p);
	json_array_foreach(json_object_get(cps, "points"), i, pt) {
		const char *name = jstr(pt, "mm");
		int k;

		for (k = 0; name && k < nmm && strcmp(mms[k], name); k++)
			;
		if (name && k == nmm && nmm < CHART_MAX_SERIES)
			mms[nmm++] = name;
	}
	for (int k = 0; k < nmm; k++) {
		checkpoint_chart(p, series, cps, mms[k], "pgtable");
		checkpoint_chart(p, series, cps, mms[k], "rss");
	}
}

/* The end figures of each address space of a run's file entry. */
static void mms_table(struct page *p, const json_t *mms)
{
	static const char *const head[] = { "address space", "rss", "pgtable",
					    "PTE tables", "PMD tables", "PUD tables", "VMAs" };
	static const char *const keys[] = { "rss", "pgtable", "pte_tables",
					    "pmd_tables", "pud_tables", "vmas" };
	const char *name;
	json_t *mm;

	if (!json_object_size(mms))
		return;
	page_h3(p, "At the end");
	page_table_begin(p, "summary", head, 7);
	json_object_foreach((json_t *)mms, name, mm) {
		char cell[6][32];
		const char *row[7] = { name };

		for (int k = 0; k < 6; k++) {
			snprintf(cell[k], sizeof(cell[k]), "%.0f", jnum(mm, keys[k]));
			row[k + 1] = cell[k];
		}
		page_table_row(p, row, 7);
	}
	page_table_end(p);
}

void in_run(struct page *p, const char *name, json_t *doc)
{
	json_t *files = json_object_get(doc, "files"), *fe;
	size_t i, n = json_array_size(files);

	if (!n) {
		page_section(p, "run: %s", name);
		page_para(p, "alert", "%s: %s", jstr(doc, "status") ? jstr(doc, "status") : "?",
			  jstr(doc, "message") ? jstr(doc, "message") : "no file was run");
		return;
	}
	json_array_foreach(files, i, fe) {
		const json_t *cps = json_object_get(fe, "checkpoints");
		const json_t *series = json_object_get(fe, "series");
		char title[512];

		page_section(p, "run %s (policy %s)", jstr(fe, "file") ? jstr(fe, "file") : "?",
			     jstr(fe, "policy") ? jstr(fe, "policy") : "?");
		page_para(p, "meta", "From %s: %s, %.0f statements, %.0f expectations.",
			  name, jstr(fe, "status") ? jstr(fe, "status") : "?",
			  jnum(fe, "statements"), jnum(fe, "expectations"));
		/* The top level speaks for the last file (and says why it failed). */
		if (i + 1 == n) {
			if (!cps)
				cps = json_object_get(doc, "checkpoints");
			if (jstr(doc, "message"))
				page_para(p, "alert", "%s", jstr(doc, "message"));
		}
		if (!points_of(series))
			page_para(p, "note", "No time series in this input (made by an "
				  "mmkit before series were added): end figures only.");
		snprintf(title, sizeof(title), "Page-table memory by level, and rss");
		levels_chart(p, series, title);
		mms_chart(p, series);
		checkpoints(p, series, cps);
		mms_table(p, json_object_get(fe, "mms"));
	}
}

/* Total page-table memory per policy over time: which keeps how much when. */
static void policies_chart(struct page *p, const json_t *pols)
{
	struct chart c;
	const char *pol;
	json_t *v;
	int k = 0;

	chart_init(&c, "Page-table memory per policy", "statements run", "pgtable", "B");
	c.note = "All address spaces together, after each statement (the end point is "
		 "after the final sync).";
	json_object_foreach((json_t *)pols, pol, v) {
		const json_t *pts = points_of(json_object_get(v, "series"));
		size_t i;
		json_t *pt;

		if (!pts || k == CHART_MAX_SERIES)
			continue;
		chart_series(&c, pol, STYLE_LINE, k);
		json_array_foreach(pts, i, pt) {
			struct sums s;

			point_sums(pt, &s);
			chart_set(&c, chart_row_at(&c, jnum(pt, "n")), k, s.pgtable);
		}
		k++;
	}
	chart_sort(&c);
	page_chart(p, &c);
}

/* The figures compare prints, one row per policy. */
static const char *const compare_keys[] = { "statements", "expectations_held",
	"expectations", "time_ms", "pte_tables", "pte_tables_peak", "pmd_tables",
	"pmd_tables_peak", "pud_tables", "pud_tables_peak", "pgtable_kb",
	"pgtable_kb_peak_bound", "frames_used", "frames_peak", "pending_free" };

/* End and peak page-table memory, and time, per policy. */
static void compare_end_chart(struct page *p, const json_t *pols)
{
	const char *cats[CHART_MAX_SERIES], *pol;
	struct chart c;
	int end, peak, n = 0;
	json_t *v;

	chart_init(&c, "Page-table memory at the end and at its peak, per policy",
		   "policy", "pgtable", "KiB");
	c.note = "The peak is the sum of the per-level peaks: an upper bound.";
	end = chart_series(&c, "at the end", STYLE_BARS, 0);
	peak = chart_series(&c, "sum of the per-level peaks", STYLE_DOTS, 1);
	json_object_foreach((json_t *)pols, pol, v) {
		int r;

		if (n == CHART_MAX_SERIES)
			break;
		cats[n] = pol;
		r = chart_row(&c, n++, NULL);
		chart_set(&c, r, end, jnum(v, "pgtable_kb"));
		chart_set(&c, r, peak, jnum(v, "pgtable_kb_peak_bound"));
	}
	c.xcats = cats;
	c.ncats = n;
	page_chart(p, &c);
}

void in_compare(struct page *p, const char *name, json_t *doc)
{
	const json_t *pols = json_object_get(doc, "policies");
	const char *pol;
	json_t *v;

	page_section(p, "compare %s", jstr(doc, "file") ? jstr(doc, "file") : name);
	page_para(p, "meta", "From %s: %s.  One run per policy, each on a fresh machine.",
		  name, jstr(doc, "status") ? jstr(doc, "status") : "?");
	if (jstr(doc, "message"))
		page_para(p, "alert", "%s", jstr(doc, "message"));
	policies_chart(p, pols);
	compare_end_chart(p, pols);
	/*
	 * A recording's checkpoints are the kernel's figures, and the kernel
	 * frees tables as the linux policy does: that is the run to set beside
	 * them (every policy's run carries them).  Near the top: how close
	 * mmkit stayed is the page's second question.
	 */
	v = json_object_get(pols, mmk_policy_name(MMK_POLICY_LINUX));
	checkpoints(p, json_object_get(v, "series"), json_object_get(v, "checkpoints"));
	figures_table(p, "Figures at the end, per policy", pols, "status", compare_keys,
		      (int)(sizeof(compare_keys) / sizeof(compare_keys[0])));
	json_object_foreach((json_t *)pols, pol, v) {
		char title[128];

		if (jstr(v, "message"))
			page_para(p, "alert", "%s: %s", pol, jstr(v, "message"));
		snprintf(title, sizeof(title), "Policy %s: page-table memory by level, and rss",
			 pol);
		levels_chart(p, json_object_get(v, "series"), title);
	}
}

/* SPDX-License-Identifier: MIT */
/*
 * report/chart.c - a chart on the page (report/page.h): its columns, the
 * spec report.js draws it from, and the table of the same numbers beside
 * it.  The spec is written with jansson, escaping `/` so no value can end
 * the <script> block the specs live in.
 */
#define _GNU_SOURCE	/* qsort_r */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report/page.h"

static const char *const unit_words[][2] = {
	{ "B", "bytes" }, { "KiB", "KiB" }, { "%", "%" }, { "x", "x" },
};

void chart_init(struct chart *c, const char *title, const char *xlabel,
		const char *ylabel, const char *yunit)
{
	memset(c, 0, sizeof(*c));
	c->title = xstrdup(title);	/* callers may build it in a buffer */
	c->xlabel = xlabel;
	c->xunit = "";
	c->y[0].label = ylabel;
	c->y[0].unit = yunit;
	c->ny = 1;
}

int chart_series(struct chart *c, const char *name, enum series_style style,
		 int color)
{
	int k = c->ns;

	if (k == CHART_MAX_SERIES) {
		fprintf(stderr, "mmkit: report: more than %d series in one chart\n",
			CHART_MAX_SERIES);
		exit(1);
	}
	c->s[k] = (struct chart_series){ .name = xstrdup(name), .style = style,
					 .color = color };
	c->v[k] = xrealloc(NULL, (size_t)(c->cap ? c->cap : 1) * sizeof(double));
	for (int r = 0; r < c->nrows; r++)
		c->v[k][r] = NAN;
	c->ns++;
	return k;
}

int chart_row(struct chart *c, double x, const char *text)
{
	int r = c->nrows;

	if (r == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 64;
		c->x = xrealloc(c->x, (size_t)c->cap * sizeof(double));
		c->text = xrealloc(c->text, (size_t)c->cap * sizeof(char *));
		for (int k = 0; k < c->ns; k++)
			c->v[k] = xrealloc(c->v[k], (size_t)c->cap * sizeof(double));
	}
	c->x[r] = x;
	c->text[r] = text ? xstrdup(text) : NULL;
	for (int k = 0; k < c->ns; k++)
		c->v[k][r] = NAN;
	c->nrows++;
	return r;
}

int chart_row_at(struct chart *c, double x)
{
	for (int r = c->nrows - 1; r >= 0; r--)
		if (c->x[r] == x)
			return r;
	return chart_row(c, x, NULL);
}

void chart_set(struct chart *c, int row, int series, double v)
{
	c->v[series][row] = v;
}

/* qsort_r's comparison of row indexes by their x (@arg); ties keep their order. */
static int by_x(const void *a, const void *b, void *arg)
{
	const double *x = arg;
	int i = *(const int *)a, j = *(const int *)b;

	if (x[i] != x[j])
		return x[i] < x[j] ? -1 : 1;
	return i - j;
}

void chart_sort(struct chart *c)
{
	int n = c->nrows, *idx;
	double *tmp;
	char **text;

	if (n < 2)
		return;		/* sorted; and an empty chart has no columns yet */
	idx = xrealloc(NULL, (size_t)n * sizeof(int));
	tmp = xrealloc(NULL, (size_t)n * sizeof(double));
	text = xrealloc(NULL, (size_t)n * sizeof(char *));

	for (int r = 0; r < n; r++)
		idx[r] = r;
	qsort_r(idx, (size_t)n, sizeof(int), by_x, c->x);
	for (int k = -1; k < c->ns; k++) {
		double *col = k < 0 ? c->x : c->v[k];

		for (int r = 0; r < n; r++)
			tmp[r] = col[idx[r]];
		memcpy(col, tmp, (size_t)n * sizeof(double));
	}
	for (int r = 0; r < n; r++)
		text[r] = c->text[idx[r]];
	memcpy(c->text, text, (size_t)n * sizeof(char *));
	free(idx);
	free(tmp);
	free(text);
}

/*
 * A JSON string value.  Not jansson's json_string(): the tool's
 * common/json.h has a json_string() of its own (a writer), and within the
 * mmkit binary that name binds to it.  json_stringn() is jansson's.
 */
static json_t *jstring(const char *s)
{
	return json_stringn(s, strlen(s));
}

static json_t *num_or_null(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

static json_t *names(const char *const *v, int n)
{
	json_t *a = json_array();

	for (int i = 0; i < n; i++)
		json_array_append_new(a, jstring(v[i]));
	return a;
}

static const char *style_name(enum series_style s)
{
	return s == STYLE_DOTS ? "dots" : s == STYLE_BARS ? "bars" : "line";
}

static json_t *spec(const struct chart *c)
{
	json_t *sp = json_object(), *y = json_array(), *ser = json_array();
	json_t *data = json_array(), *col;
	int stacked = 0;

	json_object_set_new(sp, "x", json_pack("{s:s, s:s}", "label", c->xlabel,
					       "unit", c->xunit ? c->xunit : ""));
	if (c->xcats)
		json_object_set_new(json_object_get(sp, "x"), "cats",
				    names(c->xcats, c->ncats));
	for (int a = 0; a < c->ny; a++)
		json_array_append_new(y, json_pack("{s:s, s:s, s:b}", "label", c->y[a].label,
						   "unit", c->y[a].unit ? c->y[a].unit : "",
						   "log", c->y[a].log));
	json_object_set_new(sp, "y", y);
	if (c->lanes)
		json_object_set_new(sp, "lanes", names(c->lanes, c->nlanes));
	for (int k = 0; k < c->ns; k++) {
		const struct chart_series *s = &c->s[k];

		stacked |= s->stack;
		json_array_append_new(ser, json_pack("{s:s, s:s, s:i, s:b, s:b, s:i, s:i}",
			"name", s->name, "style", style_name(s->style), "axis", s->axis,
			"dash", s->dash, "stack", s->stack, "color", s->color,
			"size", s->size ? s->size : 8));
	}
	json_object_set_new(sp, "type", jstring(stacked ? "stacked" : "plain"));
	json_object_set_new(sp, "series", ser);
	col = json_array();
	for (int r = 0; r < c->nrows; r++)
		json_array_append_new(col, json_real(c->x[r]));
	json_array_append_new(data, col);
	for (int k = 0; k < c->ns; k++) {
		col = json_array();
		for (int r = 0; r < c->nrows; r++)
			json_array_append_new(col, num_or_null(c->v[k][r]));
		json_array_append_new(data, col);
	}
	json_object_set_new(sp, "data", data);
	return sp;
}

/* A number as the table shows it: whole numbers whole, others to 6 digits. */
static void cell_num(FILE *f, double v)
{
	if (!isfinite(v))
		return;
	if (v == floor(v) && fabs(v) < 1e15)
		fprintf(f, "%.0f", v);
	else
		fprintf(f, "%.6g", v);
}

static const char *unit_word(const char *unit)
{
	for (size_t i = 0; i < sizeof(unit_words) / sizeof(unit_words[0]); i++)
		if (unit && !strcmp(unit, unit_words[i][0]))
			return unit_words[i][1];
	return unit && *unit ? unit : NULL;
}

static void heading(FILE *f, const char *name, const char *unit, const char *cls)
{
	const char *u = unit_word(unit);

	fprintf(f, "<th%s>", cls);
	html_text(f, name);
	if (u) {
		fputs(" (", f);
		html_text(f, u);
		fputc(')', f);
	}
	fputs("</th>", f);
}

static void table(FILE *f, const struct chart *c)
{
	fputs("<div class=\"numbers\"><button class=\"copy\" type=\"button\">copy</button>"
	      "<table><thead><tr>", f);
	heading(f, c->xlabel, c->xcats ? NULL : c->xunit, c->xcats ? " class=\"t\"" : "");
	if (c->text_name)
		heading(f, c->text_name, NULL, " class=\"t\"");
	for (int k = 0; k < c->ns; k++)
		heading(f, c->s[k].name, c->lanes ? NULL : c->y[c->s[k].axis].unit, "");
	fputs("</tr></thead><tbody>\n", f);
	for (int r = 0; r < c->nrows; r++) {
		fputs("<tr>", f);
		if (c->xcats) {
			int i = (int)c->x[r];

			fputs("<td class=\"t\">", f);
			html_text(f, i >= 0 && i < c->ncats ? c->xcats[i] : "");
		} else {
			fputs("<td>", f);
			cell_num(f, c->x[r]);
		}
		fputs("</td>", f);
		if (c->text_name) {
			fputs("<td class=\"t\">", f);
			html_text(f, c->text[r] ? c->text[r] : "");
			fputs("</td>", f);
		}
		for (int k = 0; k < c->ns; k++) {
			fputs("<td>", f);
			if (c->lanes)
				fputs(isfinite(c->v[k][r]) ? "x" : "", f);
			else
				cell_num(f, c->v[k][r]);
			fputs("</td>", f);
		}
		fputs("</tr>\n", f);
	}
	fputs("</tbody></table></div>\n", f);
}

void chart_discard(struct chart *c)
{
	for (int r = 0; r < c->nrows; r++)
		free(c->text[r]);
	free(c->text);
	free(c->x);
	for (int k = 0; k < c->ns; k++) {
		free(c->v[k]);
		free((char *)c->s[k].name);
	}
	free((char *)c->title);
}

static int has_values(const struct chart *c)
{
	for (int k = 0; k < c->ns; k++)
		for (int r = 0; r < c->nrows; r++)
			if (isfinite(c->v[k][r]))
				return 1;
	return 0;
}

void page_chart(struct page *p, struct chart *c)
{
	char id[32];

	if (has_values(c)) {
		snprintf(id, sizeof(id), "chart-%d", ++p->ncharts);
		page_h3(p, "%s", c->title);
		if (c->note)
			page_para(p, "note", "%s", c->note);
		if (c->no_table) {
			fprintf(p->f, "<div class=\"chart\" id=\"%s\"></div>\n", id);
		} else {
			fprintf(p->f, "<div class=\"block\"><div class=\"chart\" "
				"id=\"%s\"></div>\n", id);
			table(p->f, c);
			fputs("</div>\n", p->f);
		}
		json_object_set_new(p->specs, id, spec(c));
	}
	chart_discard(c);
}

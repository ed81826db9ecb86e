/* SPDX-License-Identifier: MIT */
/*
 * report/page.h - the one HTML page `mmkit report` writes (report/page.c)
 * and the charts on it (report/chart.c).  What reads each kind of input
 * (report/in_*.c) describes sections, notes, tables and charts here; only
 * page.c writes HTML around them, only chart.c writes a chart.
 *
 * A chart is columns of numbers: x and one column per series, NAN where a
 * series has no value at that x, with an optional text column (the line of
 * a statement, a thread).  page_chart() writes it twice: as the spec that
 * report.js hands to uPlot, and as the table beside the chart, so what is
 * drawn and what can be copied are the same numbers.
 */
#ifndef MMKIT_TOOL_REPORT_PAGE_H
#define MMKIT_TOOL_REPORT_PAGE_H

#include <stdio.h>

#include <jansson.h>

struct page {
	FILE *f;
	int nlanes;		/* of the lane table being written */
	json_t *specs;		/* chart id -> spec, written at the end */
	int ncharts;
	int nsections;
};

/* The head of the page (styles, the error guard) and its title. */
void page_begin(struct page *p, FILE *f, const char *const *inputs, int n);
/* The specs, uPlot with its licence, report.js, the self-check's place. */
void page_end(struct page *p);

/* Text with <, >, & and quotes escaped. */
void html_text(FILE *f, const char *s);
/* An <h2> section (it ends where the next begins), an <h3>. */
void page_section(struct page *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void page_h3(struct page *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* A paragraph of class @cls ("meta", "note", "alert", "ok"), escaped. */
void page_para(struct page *p, const char *cls, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A line of code (a command to copy), escaped. */
void page_code(struct page *p, const char *text);

/* A table of text cells: page_table_begin(), rows, page_table_end(). */
void page_table_begin(struct page *p, const char *cls, const char *const *head, int n);
void page_table_row(struct page *p, const char *const *cells, int n);
void page_table_end(struct page *p);

/*
 * Swimlanes: one column per lane (thread), one row per step, the step's
 * cell in its lane's column: a heading (the statement, when it changes),
 * the kind of point, the object, and how it ended (a switch to another
 * lane, @mark 1; a preemption, 2).
 */
struct lane_cell {
	int lane;
	const char *head, *kind, *text, *after;
	int mark;
};
void page_lanes_begin(struct page *p, const char *const *lanes, int n);
void page_lanes_row(struct page *p, const char *step, const struct lane_cell *c);
void page_lanes_end(struct page *p);

/* ---- charts (report/chart.c) ---- */

#define CHART_MAX_SERIES 16

enum series_style { STYLE_LINE, STYLE_DOTS, STYLE_BARS };

struct chart_series {
	const char *name;
	enum series_style style;
	int axis;		/* 0 left, 1 right */
	int dash, stack, color, size;
};

struct chart {
	const char *title, *note;
	const char *xlabel, *xunit;	/* units: "B", "KiB", "%", "x", "" */
	const char *const *xcats;	/* x is a category 0..ncats-1, or NULL */
	int ncats;
	struct { const char *label, *unit; int log; } y[2];
	int ny;
	const char *const *lanes;	/* y is a lane 0..nlanes-1, or NULL */
	int nlanes;
	const char *text_name;		/* the text column's heading, or NULL */
	int no_table;			/* full width, its numbers follow (lanes) */
	struct chart_series s[CHART_MAX_SERIES];
	int ns;
	int nrows, cap;
	double *x, *v[CHART_MAX_SERIES];
	char **text;
};

/* An empty chart titled @title, x labelled @xlabel, one y axis @ylabel
 * (the chart keeps copies of its title and series names). */
void chart_init(struct chart *c, const char *title, const char *xlabel,
		const char *ylabel, const char *yunit);
/* Add a series; returns its index (the chart holds at most 16). */
int chart_series(struct chart *c, const char *name, enum series_style style,
		 int color);
/* Add a row at @x (its text column @text, or NULL); returns its index. */
int chart_row(struct chart *c, double x, const char *text);
/* The row at @x, made if there is none (x ascending or not: a lookup). */
int chart_row_at(struct chart *c, double x);
void chart_set(struct chart *c, int row, int series, double v);
/* Sort the rows by x (for charts filled out of order). */
void chart_sort(struct chart *c);
/* Write the chart and its table if any series has a value; free it. */
void page_chart(struct page *p, struct chart *c);
/* Free a chart without writing it. */
void chart_discard(struct chart *c);

/* Memory for the report, or exit 1 saying so: a report has no use half done. */
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *s);

#endif

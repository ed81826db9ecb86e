/* SPDX-License-Identifier: MIT */
/*
 * report/page.c - the HTML around what report/in_*.c say (report/page.h):
 * the head, sections, paragraphs, tables, and the end of the page with
 * every chart's spec and the inlined scripts.
 *
 * The page must work offline and fetch nothing: every script and style is
 * inline, and its Content-Security-Policy forbids any load from anywhere
 * (default-src 'none'), so even a stray URL in the data is never fetched;
 * guard.js records what the policy blocks, the self-check reports it.
 * Scripts go last so that the charts' <div>s exist when report.js runs.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <mmkit/mmkit.h>

#include "report/assets.h"
#include "report/page.h"

void *xrealloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);

	if (!p) {
		fprintf(stderr, "mmkit: report: out of memory\n");
		exit(1);
	}
	return p;
}

char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(xrealloc(NULL, n), s, n);
}

void html_text(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '&': fputs("&amp;", f); break;
		case '"': fputs("&quot;", f); break;
		default: fputc(*s, f);
		}
	}
}

static void vtext(FILE *f, const char *fmt, va_list ap)
{
	char buf[4096];

	vsnprintf(buf, sizeof(buf), fmt, ap);
	html_text(f, buf);
}

void page_begin(struct page *p, FILE *f, const char *const *inputs, int n)
{
	memset(p, 0, sizeof(*p));
	p->f = f;
	p->specs = json_object();
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
	      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	      "script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	      "<title>mmkit report", f);
	for (int i = 0; i < n; i++) {
		fputs(i ? ", " : ": ", f);
		html_text(f, inputs[i]);
	}
	fputs("</title>\n<script>\n", f);
	fwrite(report_guard_js, 1, report_guard_js_len, f);
	fputs("</script>\n<style>\n", f);
	fwrite(report_uplot_css, 1, report_uplot_css_len, f);
	fputs("\n</style>\n<style>\n", f);
	fwrite(report_css, 1, report_css_len, f);
	fprintf(f, "</style>\n</head>\n<body>\n<h1>mmkit report</h1>\n"
		"<p class=\"meta\">Written by mmkit %s from ", MMKIT_VERSION);
	for (int i = 0; i < n; i++) {
		fputs(i ? ", " : "", f);
		fputs("<code>", f);
		html_text(f, inputs[i]);
		fputs("</code>", f);
	}
	fputs(".  Each chart has its numbers beside it (<em>copy</em> takes them as "
	      "tab-separated text); drag across a chart to zoom, double-click to "
	      "zoom out.</p>\n<pre id=\"mmkit-selfcheck\" hidden></pre>\n", f);
}

void page_end(struct page *p)
{
	FILE *f = p->f;

	fputs("<script type=\"application/json\" id=\"mmkit-charts\">", f);
	json_dumpf(p->specs, f, JSON_COMPACT | JSON_ESCAPE_SLASH | JSON_REAL_PRECISION(10));
	json_decref(p->specs);
	fprintf(f, "</script>\n<!-- uPlot %s (MIT licence, from the npm registry), "
		"inlined by the build:\n", MMK_UPLOT_VERSION);
	/* The licence must not end the comment early: it has no "--". */
	fwrite(report_uplot_license, 1, report_uplot_license_len, f);
	fputs("-->\n<script>\n", f);
	fwrite(report_uplot_js, 1, report_uplot_js_len, f);
	fputs("\n</script>\n<script>\n", f);
	fwrite(report_js, 1, report_js_len, f);
	fputs("</script>\n</body></html>\n", f);
}

void page_section(struct page *p, const char *fmt, ...)
{
	va_list ap;

	p->nsections++;
	fprintf(p->f, "<h2 id=\"s%d\">", p->nsections);
	va_start(ap, fmt);
	vtext(p->f, fmt, ap);
	va_end(ap);
	fputs("</h2>\n", p->f);
}

void page_h3(struct page *p, const char *fmt, ...)
{
	va_list ap;

	fputs("<h3>", p->f);
	va_start(ap, fmt);
	vtext(p->f, fmt, ap);
	va_end(ap);
	fputs("</h3>\n", p->f);
}

void page_para(struct page *p, const char *cls, const char *fmt, ...)
{
	va_list ap;

	fprintf(p->f, "<p class=\"%s\">", cls);
	va_start(ap, fmt);
	vtext(p->f, fmt, ap);
	va_end(ap);
	fputs("</p>\n", p->f);
}

void page_code(struct page *p, const char *text)
{
	fputs("<pre class=\"mono\">", p->f);
	html_text(p->f, text);
	fputs("</pre>\n", p->f);
}

void page_table_begin(struct page *p, const char *cls, const char *const *head, int n)
{
	fprintf(p->f, "<div class=\"numbers\"><button class=\"copy\" type=\"button\">copy"
		"</button><table class=\"%s\"><thead><tr>", cls);
	for (int i = 0; i < n; i++) {
		fputs("<th class=\"t\">", p->f);
		html_text(p->f, head[i]);
		fputs("</th>", p->f);
	}
	fputs("</tr></thead><tbody>\n", p->f);
}

void page_table_row(struct page *p, const char *const *cells, int n)
{
	fputs("<tr>", p->f);
	for (int i = 0; i < n; i++) {
		fputs("<td class=\"t\">", p->f);
		html_text(p->f, cells[i] ? cells[i] : "");
		fputs("</td>", p->f);
	}
	fputs("</tr>\n", p->f);
}

void page_table_end(struct page *p)
{
	fputs("</tbody></table></div>\n", p->f);
}

void page_lanes_begin(struct page *p, const char *const *lanes, int n)
{
	p->nlanes = n;
	fputs("<div class=\"lanes-box\"><table class=\"lanes\"><thead><tr><th>step</th>", p->f);
	for (int i = 0; i < n; i++) {
		fputs("<th class=\"t\">", p->f);
		html_text(p->f, lanes[i]);
		fputs("</th>", p->f);
	}
	fputs("</tr></thead><tbody>\n", p->f);
}

void page_lanes_row(struct page *p, const char *step, const struct lane_cell *c)
{
	static const char *const mark_class[] = { "run", "run switch", "run preempt" };

	fputs("<tr><td class=\"step\">", p->f);
	html_text(p->f, step);
	fputs("</td>", p->f);
	for (int i = 0; i < p->nlanes; i++) {
		if (i != c->lane) {
			fputs("<td></td>", p->f);
			continue;
		}
		fprintf(p->f, "<td class=\"%s\">", mark_class[c->mark]);
		if (c->head) {
			fputs("<span class=\"stmt\">", p->f);
			html_text(p->f, c->head);
			fputs("</span>", p->f);
		}
		fputs("<span class=\"kind\">", p->f);
		html_text(p->f, c->kind);
		fputs("</span> ", p->f);
		html_text(p->f, c->text);
		if (c->after) {
			fputs(" <b>", p->f);
			html_text(p->f, c->after);
			fputs("</b>", p->f);
		}
		fputs("</td>", p->f);
	}
	fputs("</tr>\n", p->f);
}

void page_lanes_end(struct page *p)
{
	fputs("</tbody></table></div>\n", p->f);
}

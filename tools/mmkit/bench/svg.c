/* SPDX-License-Identifier: MIT */
/*
 * bench/svg.c - line charts as standalone SVG files, for `mmkit bench
 * --svg DIR`: axes from zero with round tick steps, one colour per series,
 * a legend, and nothing that needs a script or a font file to render.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>

#include "bench/svg.h"

#define W 760
#define H 420
#define ML 80	/* margins: left, right, top, bottom */
#define MR 150
#define MT 40
#define MB 56

static const char *const colours[] = {
	"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#444444",
	"#8c564b", "#aaaaaa",
};

/* A round step (1, 2 or 5 times a power of ten) giving about 5 ticks. */
static double tick_step(double max)
{
	double raw = max / 5, p, m;

	if (raw <= 0)
		return 1;
	p = pow(10, floor(log10(raw)));
	m = raw / p;
	return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

static void svg_text_escaped(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '<')
			fputs("&lt;", f);
		else if (*s == '>')
			fputs("&gt;", f);
		else if (*s == '&')
			fputs("&amp;", f);
		else
			fputc(*s, f);
	}
}

/* Plot coordinates of (x, y). */
#define PX(x) (ML + ((x) - xmin) / (xmax - xmin) * pw)
#define PY(y) (MT + ph - (y) / ymax * ph)

int svg_line_chart(const char *path, const struct svg_chart *c,
		   const struct svg_series *s, int ns)
{
	double xmin = INFINITY, xmax = 0, ymax = 0, xstep, ystep;
	int pw = W - ML - MR, ph = H - MT - MB;
	FILE *f = fopen(path, "w");

	if (!f)
		return -errno;
	for (int i = 0; i < ns; i++)
		for (int j = 0; j < s[i].n; j++) {
			if (!isfinite(s[i].x[j]) || !isfinite(s[i].y[j]))
				continue;
			xmin = fmin(xmin, s[i].x[j]);
			xmax = fmax(xmax, s[i].x[j]);
			ymax = fmax(ymax, s[i].y[j]);
		}
	if (!c->x_from_min || !isfinite(xmin) || xmin >= xmax)
		xmin = 0;
	xstep = tick_step(xmax - xmin);
	ystep = tick_step(ymax);
	xmax = xmax > xmin ? xmin + ceil((xmax - xmin) / xstep) * xstep : xmin + 1;
	ymax = ymax > 0 ? ceil(ymax / ystep) * ystep : 1;

	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
		"viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">\n",
		W, H, W, H);
	fprintf(f, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n", W, H);
	fprintf(f, "<text x=\"%d\" y=\"22\" font-size=\"15\" text-anchor=\"middle\">", W / 2);
	svg_text_escaped(f, c->title);
	fputs("</text>\n", f);

	for (int t = 0; t * ystep <= ymax + ystep / 2; t++) {
		double v = t * ystep, y = PY(v);

		fprintf(f, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>\n",
			ML, y, ML + pw, y);
		fprintf(f, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%g</text>\n",
			ML - 6, y + 4, v);
	}
	for (int t = 0; xmin + t * xstep <= xmax + xstep / 2; t++) {
		double v = xmin + t * xstep, x = PX(v);

		fprintf(f, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>\n",
			x, MT, x, MT + ph);
		fprintf(f, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%g</text>\n",
			x, MT + ph + 16, v);
	}
	fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
		"stroke=\"black\"/>\n", ML, MT, pw, ph);
	fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">", ML + pw / 2, H - 14);
	svg_text_escaped(f, c->xlabel);
	fprintf(f, "</text>\n<text x=\"18\" y=\"%d\" text-anchor=\"middle\" "
		"transform=\"rotate(-90 18 %d)\">", MT + ph / 2, MT + ph / 2);
	svg_text_escaped(f, c->ylabel);
	fputs("</text>\n", f);

	for (int i = 0; i < ns; i++) {
		const char *col = colours[s[i].colour % (int)(sizeof(colours) / sizeof(colours[0]))];
		int ly = MT + 10 + 20 * i;

		fprintf(f, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.8\"%s points=\"",
			col, s[i].dashed ? " stroke-dasharray=\"6 4\"" : "");
		for (int j = 0; j < s[i].n; j++)
			if (isfinite(s[i].x[j]) && isfinite(s[i].y[j]))
				fprintf(f, "%.1f,%.1f ", PX(s[i].x[j]), PY(s[i].y[j]));
		fputs("\"/>\n", f);
		if (s[i].n <= 8)	/* few points: mark them */
			for (int j = 0; j < s[i].n; j++)
				if (isfinite(s[i].x[j]) && isfinite(s[i].y[j]))
					fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" "
						"fill=\"%s\"/>\n", PX(s[i].x[j]), PY(s[i].y[j]), col);
		fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" "
			"stroke-width=\"2\"%s/>\n", ML + pw + 12, ly, ML + pw + 36, ly, col,
			s[i].dashed ? " stroke-dasharray=\"6 4\"" : "");
		fprintf(f, "<text x=\"%d\" y=\"%d\">", ML + pw + 42, ly + 4);
		svg_text_escaped(f, s[i].name);
		fputs("</text>\n", f);
	}
	fputs("</svg>\n", f);
	return fclose(f) ? -errno : 0;
}

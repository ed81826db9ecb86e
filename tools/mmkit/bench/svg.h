/* SPDX-License-Identifier: MIT */
/*
 * bench/svg.h - line charts as standalone SVG files (bench/svg.c).
 */
#ifndef MMKIT_TOOL_BENCH_SVG_H
#define MMKIT_TOOL_BENCH_SVG_H

struct svg_series {
	const char *name;
	const double *x, *y;
	int n;
	int dashed;
	int colour;		/* index into the palette */
};
struct svg_chart {
	const char *title, *xlabel, *ylabel;
	int x_from_min;		/* x axis from the smallest x, not from 0 */
};
/* A line chart; returns 0 or -errno (the file could not be written). */
int svg_line_chart(const char *path, const struct svg_chart *c,
		   const struct svg_series *s, int ns);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * cli/progress.c - the progress line of long work (cli/cli.h): one look
 * for every command, drawn only on a terminal.
 */
#include <stdarg.h>

#include "cli/cli.h"
#include "common/clock.h"

#define BAR_WIDTH 30
#define REDRAW_EVERY 0.1	/* seconds */

void progress_init(struct progress *p)
{
	p->on = cli_progress();
	p->shown = false;
	p->last = 0;
}

void progress_show(struct progress *p, const char *label, double frac,
		   const char *fmt, ...)
{
	double t;
	va_list ap;

	if (!p->on)
		return;
	if (frac > 1)
		frac = 1;
	t = clock_seconds();
	if (p->shown && t - p->last < REDRAW_EVERY)
		return;
	p->last = t;
	fprintf(stderr, "\r%s", label);
	if (frac >= 0) {
		int fill = (int)(frac * BAR_WIDTH);

		fprintf(stderr, " [%.*s%.*s] %3d%%", fill,
			"##############################", BAR_WIDTH - fill,
			"..............................", (int)(frac * 100));
	}
	fputc(' ', stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\033[K", stderr);	/* what a longer line left */
	fflush(stderr);
	p->shown = true;
}

void progress_clear(struct progress *p)
{
	if (p->shown)
		fputs("\r\033[K", stderr);
	p->shown = false;
}

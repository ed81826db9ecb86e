/* SPDX-License-Identifier: MIT */
/*
 * script/step.c - a script one statement at a time (script.h, the step
 * API), for a caller that does something between statements: `mmkit
 * kdiff` runs each statement on the host kernel too and compares.
 *
 * Unlike script_run(), nothing is judged and nothing stops: a failed
 * operation is an outcome like success, an expect-error runs the
 * statement it wraps and returns that statement's own outcome, and the
 * caller decides what happens next.  The machine is the one script_run()
 * builds (runner_open()), so a statement does here exactly what it does
 * in `mmkit run`.
 */
#include <stdlib.h>
#include <string.h>

#include "common/errname.h"
#include "script/runner.h"

struct script_step {
	struct runner r;
};

int script_step_start(const struct script *sc, const struct run_opts *o,
		      struct script_step **out, char *msg, size_t size)
{
	struct script_step *st = calloc(1, sizeof(*st));
	int rc;

	if (!st) {
		snprintf(msg, size, "%s: out of memory", sc->file);
		return 1;
	}
	if (runner_open(&st->r, sc, o, msg, size)) {
		free(st);
		return 1;
	}
	rc = mmk_cpu_attach(st->r.m, 0);
	if (rc < 0) {
		snprintf(msg, size, "%s: cannot attach to cpu 0: %s", sc->file,
			 err_name(-rc));
		runner_close(&st->r);
		free(st);
		return 1;
	}
	st->r.cpu = 0;
	*out = st;
	return 0;
}

int script_step_run(struct script_step *st, int i, char *msg, size_t size)
{
	const struct stmt *s = &st->r.sc->stmts[i];
	struct outcome out;

	if (s->inner)
		s = s->inner;	/* the caller judges the outcome */
	st->r.index = i;
	runner_exec(&st->r, s, &out);
	st->r.statements++;
	if (out.kind == OUT_OK)
		return 0;
	if (out.kind == OUT_ERRNO)
		return out.err;
	snprintf(msg, size, "%s", out.msg);
	return -1;
}

struct mm_struct *script_step_mm(const struct script_step *st, int slot)
{
	return st->r.mms[slot];
}

void script_step_end(struct script_step *st)
{
	if (!st)
		return;
	runner_close(&st->r);
	free(st);
}

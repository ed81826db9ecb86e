/* SPDX-License-Identifier: MIT */
/*
 * script/run.c - execute a parsed script on a fresh machine.
 *
 * The runner thread is attached to CPU 0 for the whole run; a statement
 * with cpu=N moves it to CPU N for that statement only.  Set-up statements
 * take effect when the machine is built; one that a later issue brings
 * fails the run there, before the first statement, at its own line.
 *
 * A statement's outcome is OK, an errno (or signal) from the library, or a
 * failure message (an expectation that did not hold, "not implemented
 * yet").  The first outcome that is not OK stops the run and is printed as
 * "FILE:LINE: STATEMENT: message".  With run_opts.soft_expect (`mmkit
 * compare`), an expectation that does not hold is counted and the run goes
 * on; any other failure still stops it.
 *
 * Thread blocks are script/blocks.c, the statements' handlers
 * script/exec_*.c.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/clock.h"
#include "common/errname.h"
#include "script/runner.h"
#include "script/series.h"

static void set_fail(struct outcome *out, int is_unmet, const char *fmt,
		     va_list ap)
{
	out->kind = OUT_FAIL;
	out->unmet = is_unmet;
	vsnprintf(out->msg, sizeof(out->msg), fmt, ap);
}

void fail(struct outcome *out, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	set_fail(out, 0, fmt, ap);
	va_end(ap);
}

void unmet(struct outcome *out, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	set_fail(out, 1, fmt, ap);
	va_end(ap);
}

void op_result(struct outcome *out, int rc)
{
	if (rc >= 0) {
		out->kind = OUT_OK;
		return;
	}
	out->kind = OUT_ERRNO;
	out->err = -rc;
}

const char *outcome_text(const struct outcome *out)
{
	if (out->kind == OUT_FAIL)
		return out->msg;
	if (out->err == ENOSYS)
		return "not implemented yet (the library returns ENOSYS)";
	return err_name(out->err);
}

/* ---- progress line (only on a terminal) ---- */

void runner_progress(struct runner *r, double frac)
{
	if (!r->progress.on || clock_seconds() - r->start < 1.0)
		return;		/* short runs show nothing */
	if (r->sc->streamed)
		frac = r->stream_frac;
	else
		frac = (r->index + frac) / (r->sc->nstmts ? r->sc->nstmts : 1);
	progress_show(&r->progress, r->sc->file, frac, "line %d",
		      r->sc->streamed ? r->line : r->sc->stmts[r->index].line);
}

/* ---- helpers ---- */

struct mm_struct *runner_mm(struct runner *r, const struct stmt *s, int k,
			    struct outcome *out)
{
	struct mm_struct *mm = r->mms[s->a[k].slot];

	if (!mm)
		fail(out, "mm `%s` does not exist (its creation failed)",
		     r->sc->slots[SLOT_MM].v[s->a[k].slot].name);
	return mm;
}

int runner_use_cpu(struct runner *r, int cpu, struct outcome *out)
{
	int rc;

	if (cpu == r->cpu)
		return 0;
	mmk_cpu_detach(r->m);
	r->cpu = -1;
	rc = mmk_cpu_attach(r->m, (unsigned int)cpu);
	if (rc < 0) {
		fail(out, "cannot attach to cpu %d: %s", cpu, err_name(-rc));
		return -1;
	}
	r->cpu = cpu;
	return 0;
}

/* The issue a statement waits for, if it uses something not built yet. */
static const char *stmt_notimpl(const struct stmt *s)
{
	if (s->desc->notimpl)
		return s->desc->notimpl;
	for (int i = 0; i < NR_OPTS; i++)
		if ((s->opts & (1u << i)) && opt_table[i].notimpl)
			return opt_table[i].notimpl;
	for (int k = 0; k < s->nargs; k++)
		if (s->a[k].notimpl)
			return s->a[k].notimpl;
	return NULL;
}

void runner_exec(struct runner *r, const struct stmt *s, struct outcome *out)
{
	const char *ni = stmt_notimpl(s);
	struct outcome back;

	out->kind = OUT_OK;
	out->unmet = 0;
	if (ni) {
		fail(out, "not implemented yet (%s)", ni);
		return;
	}
	if (s->cpu >= 0 && runner_use_cpu(r, s->cpu, out))
		return;
	s->desc->run(r, s, out);
	if (runner_use_cpu(r, r->home, &back) && out->kind == OUT_OK)
		*out = back;
}

/* ---- the run ---- */

static void report_failure(const struct run_opts *o, struct file_report *rep,
			   const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void report_failure(const struct run_opts *o, struct file_report *rep,
			   const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(rep->message, sizeof(rep->message), fmt, ap);
	va_end(ap);
	rep->failed = 1;
	if (!o->quiet)
		fprintf(stderr, "%s\n", rep->message);
}

/*
 * A set-up statement a later issue brings fails the run before the
 * machine is built, at its own line.  Returns 0 or 1.
 */
static int check_setup(const struct script *sc, const struct run_opts *o,
		       struct file_report *rep)
{
	for (int i = 0; i < sc->nstmts; i++) {
		const struct stmt *s = &sc->stmts[i];
		const char *ni = stmt_notimpl(s);

		if (!(s->desc->flags & D_SETUP) || !ni)
			continue;
		report_failure(o, rep, "%s:%d: %s: not implemented yet (%s)",
			       sc->file, s->line, s->text, ni);
		return 1;
	}
	return 0;
}

static void collect(struct runner *r, struct file_report *rep)
{
	const struct slot_table *st = &r->sc->slots[SLOT_MM];
	int i;

	mmk_machine_stats(r->m, &rep->sys);
	mmk_pt_counters(r->m, rep->counters);
	rep->nmms = 0;
	for (i = 0; i < st->n && rep->nmms < REPORT_MAX_MMS; i++) {
		if (!r->mms[i])
			continue;
		rep->mms[rep->nmms].name = st->v[i].name;
		mmk_mm_stats(r->mms[i], &rep->mms[rep->nmms].st);
		rep->nmms++;
	}
}

static void teardown(struct runner *r)
{
	int i;

	pinsets_release(r);
	free(r->pins);
	for (i = 0; i < r->sc->slots[SLOT_MM].n; i++)
		if (r->mms[i])
			mmk_exit(r->mms[i]);
	/* Files after the mms: their pages stay cached until the last put. */
	for (i = 0; i < r->sc->slots[SLOT_FILE].n; i++)
		mmk_file_put(r->files[i]);
	if (r->cpu >= 0)
		mmk_cpu_detach(r->m);
	mmk_machine_destroy(r->m);
	free(r->mms);
	free(r->files);
}

void runner_note_failure(struct runner *r, const struct stmt *s,
			 const char *what, const char *checks)
{
	if (r->fail_line)
		return;
	r->fail_line = s->line;
	r->fail_checks = checks;
	snprintf(r->fail_msg, sizeof(r->fail_msg), "%s:%d: %s: %s",
		 r->sc->file, s->line, s->text, what);
}

/*
 * --check: a violation the continuous checks recorded, or (between
 * statements of the main thread, when nothing runs concurrently) one the
 * full check finds.  Names the script's mms in place of their addresses.
 */
int runner_check(struct runner *r, struct outcome *out)
{
	struct mmk_violation v;
	char msg[sizeof(v.what) + 64];
	int bad;

	mmk_explore_mute(true);		/* the checker is not explored */
	bad = mmk_violation_pending(r->m, &v);
	if (!bad && (!r->worker || (r->o->explore && mmk_explore_quiescent())))
		bad = mmk_check(r->m, &v) == 1;
	mmk_explore_mute(false);
	if (!bad)
		return 0;
	snprintf(msg, sizeof(msg), "%s", v.what);
	for (int i = 0; i < r->sc->slots[SLOT_MM].n; i++) {
		char ptr[40], *at;
		if (!r->mms[i])
			continue;
		snprintf(ptr, sizeof(ptr), "mm %p", (void *)r->mms[i]);
		while ((at = strstr(msg, ptr))) {
			char rest[sizeof(msg)];
			snprintf(rest, sizeof(rest), "%s", at + strlen(ptr));
			snprintf(at, sizeof(msg) - (size_t)(at - msg), "mm %s%s",
				 r->sc->slots[SLOT_MM].v[i].name, rest);
		}
	}
	fail(out, "%s", msg);
	return 1;
}

/* One statement, judged and counted; r->fail_msg says why it stops the run. */
static int step_judged(struct runner *r, const struct stmt *s)
{
	struct outcome out;

	if (r->worker && r->o->explore)
		mmk_explore_label(s->text);
	runner_exec(r, s, &out);
	if (out.kind == OUT_OK && r->o->check && runner_check(r, &out)) {
		runner_note_failure(r, s, outcome_text(&out), NULL);
		return -1;
	}
	if (out.kind == OUT_OK || (out.unmet && r->o->soft_expect)) {
		r->statements++;
		if (s->desc->flags & D_EXPECT)
			r->expectations++;
		if (out.kind == OUT_OK)
			return 0;
		r->unmet++;
		if (!r->unmet_line) {
			r->unmet_line = s->line;
			snprintf(r->unmet_msg, sizeof(r->unmet_msg),
				 "%s:%d: %s: %s", r->sc->file, s->line, s->text,
				 outcome_text(&out));
		}
		return 0;
	}
	/* A failure that is no errno is a data check's (or a missing object). */
	runner_note_failure(r, s, outcome_text(&out),
			    out.kind == OUT_FAIL ? s->desc->checks : NULL);
	return -1;
}

int runner_step(struct runner *r, const struct stmt *s)
{
	int rc = step_judged(r, s);

	if (!rc && r->series)
		series_step(r->series, r, s);
	return rc;
}

/* `run` at @ri: its blocks, and the time series around them. */
static int run_blocks_sampled(struct runner *r, int ri)
{
	int rc;

	if (r->series)
		series_run_begin(r->series, r);
	rc = run_blocks(r, ri);
	if (r->series) {
		series_run_end(r->series);
		if (!rc)
			series_step(r->series, r, &r->sc->stmts[ri]);
	}
	return rc;
}

/* A streamed statement (parse_stream()): run it; nonzero stops. */
static int stream_sink(void *arg, const struct stmt *s, uint64_t index,
		       uint64_t done)
{
	struct runner *r = arg;

	r->index = (int)index;
	r->line = s->line;
	r->stream_frac = (double)done / (double)(r->sc->stream_bytes ?
						 r->sc->stream_bytes : 1);
	runner_progress(r, 0);
	return runner_step(r, s);
}

/* Run every statement after set-up; stop at the first failure. */
static void run_statements(struct runner *r)
{
	const struct script *sc = r->sc;

	if (sc->streamed) {
		char msg[sizeof(r->fail_msg)];

		if (parse_stream(sc, stream_sink, r, msg, sizeof(msg)) &&
		    !r->fail_line) {
			r->fail_line = -1;
			snprintf(r->fail_msg, sizeof(r->fail_msg), "%s", msg);
		}
		progress_clear(&r->progress);
		return;
	}

	for (r->index = 0; r->index < sc->nstmts; r->index++) {
		const struct stmt *s = &sc->stmts[r->index];

		if ((s->desc->flags & (D_SETUP | D_THREAD)) || s->block >= 0)
			continue;
		runner_progress(r, 0);
		if (s->desc->flags & D_RUN) {
			if (run_blocks_sampled(r, r->index))
				break;
			continue;
		}
		if (runner_step(r, s))
			break;
	}
	progress_clear(&r->progress);
}

int runner_open(struct runner *r, const struct script *sc,
		const struct run_opts *o, char *msg, size_t size)
{
	struct mmk_config cfg = sc->cfg;
	int rc;

	if (o->policy >= 0)
		cfg.policy = (enum mmk_policy)o->policy;
	if (o->shmem_thp > 0)
		cfg.shmem_thp = (enum mmk_thp_mode)(o->shmem_thp - 1);
	cfg.bugs |= o->bugs;
	r->sc = sc;
	r->o = o;
	r->cpu = -1;
	r->start = clock_seconds();
	r->progress = (struct progress){ .on = o->progress };
	r->mms = calloc((size_t)sc->slots[SLOT_MM].n + 1, sizeof(*r->mms));
	r->files = calloc((size_t)sc->slots[SLOT_FILE].n + 1, sizeof(*r->files));
	r->pins = calloc((size_t)sc->slots[SLOT_PIN].n + 1, sizeof(*r->pins));
	rc = r->mms && r->pins && r->files ? mmk_machine_create(&cfg, &r->m) : -ENOMEM;
	if (rc < 0) {
		free(r->mms);
		free(r->files);
		free(r->pins);
		snprintf(msg, size, "%s: cannot build the machine: %s",
			 sc->file, err_name(-rc));
		return -1;
	}
	rc = devices_create(r);
	if (rc < 0) {
		snprintf(msg, size, "%s: cannot create the devices: %s",
			 sc->file, err_name(-rc));
		mmk_machine_destroy(r->m);
		free(r->mms);
		free(r->pins);
		return -1;
	}
	return 0;
}

void runner_close(struct runner *r)
{
	teardown(r);
}

int script_run(const struct script *sc, const struct run_opts *o,
	       struct file_report *rep)
{
	struct runner *r = calloc(1, sizeof(*r));
	char msg[sizeof(rep->message)];
	int rc;

	rep->file = sc->file;
	rep->policy = mmk_policy_name(o->policy >= 0 ? (enum mmk_policy)o->policy
				      : sc->cfg.policy);
	if (!r) {
		report_failure(o, rep, "%s: out of memory", sc->file);
		return 1;
	}
	if (check_setup(sc, o, rep)) {
		free(r);
		return 1;
	}
	if (o->series && !(r->series = rep->series = series_new(sc))) {
		free(r);
		report_failure(o, rep, "%s: out of memory", sc->file);
		return 1;
	}
	if (runner_open(r, sc, o, msg, sizeof(msg))) {
		free(r);
		report_failure(o, rep, "%s", msg);
		return 1;
	}
	rep->ran = 1;
	if (o->check)
		mmk_set_checking(r->m, true);
	rc = mmk_cpu_attach(r->m, 0);
	if (rc < 0) {
		report_failure(o, rep, "%s: cannot attach to cpu 0: %s",
			       sc->file, err_name(-rc));
	} else {
		double t0;
		int i;

		r->cpu = 0;
		r->ckpt = &rep->ckpt;
		for (i = 0; i < sc->nstmts; i++)
			if (sc->stmts[i].desc->flags & D_SETUP)
				r->statements++;
		t0 = clock_seconds();
		run_statements(r);
		rep->seconds = clock_seconds() - t0;
		rep->statements = r->statements;
		rep->expectations = r->expectations;
		rep->unmet = r->unmet;
		if (r->unmet_line)
			snprintf(rep->unmet_message, sizeof(rep->unmet_message),
				 "%s", r->unmet_msg);
		ckpt_finish(&rep->ckpt);
		if (r->fail_line) {
			report_failure(o, rep, "%s", r->fail_msg);
			rep->checks = r->fail_checks;
		} else if (o->strict_ckpt &&
			   ckpt_strict(&rep->ckpt, o->strict_rel, sc->file,
				       msg, sizeof(msg))) {
			report_failure(o, rep, "%s", msg);
		}
	}
	if (o->settle)
		mmk_sync(r->m);	/* end figures after deferred frees settle */
	collect(r, rep);
	if (r->series)
		series_end(r->series, r);
	runner_close(r);
	free(r);
	return rep->failed;
}

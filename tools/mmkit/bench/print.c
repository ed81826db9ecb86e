/* SPDX-License-Identifier: MIT */
/*
 * bench/print.c - what `mmkit bench` prints once everything is measured:
 * the tables (or one JSON object) of every op, the thread scaling, the
 * page tables of a sparse mapping, the churn traces, the targets with
 * their verdicts.  Charts of them are `mmkit report`'s.  Nothing here measures.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "bench/driver.h"
#include "common/errname.h"
#include "common/json.h"

/* ---- targets ---- */

struct target {
	const char *name;
	const char *measure;	/* how the value is made */
	struct stats v[NR_SUBJECTS];	/* paired ratios, per subject */
	double limit;
	int at_most;		/* met when the median <= limit (else >=) */
};

enum { T_GUP, T_FAULT_KEEP, T_HOST, T_SCALE, NR_TARGETS };

static void targets(struct bench *b, struct target *t)
{
	static const struct target init[NR_TARGETS] = {
		{ .name = "GUP-fast per page <= 1.5x the raw walk",
		  .measure = "gup.fast / raw walk, per page", .limit = 1.5, .at_most = 1 },
		{ .name = "linux fault throughput within 2% of keep",
		  .measure = "fault.anon time / keep's (throughput ratio = 1 / this)",
		  .limit = 1.02, .at_most = 1 },
		{ .name = "anon fault-in >= 20x faster than the host kernel's",
		  .measure = "host fault.anon / fault.anon", .limit = 20 },
		{ .name = "2 threads on disjoint ranges >= 1.8x one thread",
		  .measure = "throughput, 2 threads disjoint / 1 thread", .limit = 1.8 },
	};
	int gup = op_index("gup.fast"), fault = op_index("fault.anon");

	memcpy(t, init, sizeof(init));
	for (int s = 0; s < SUBJ_RAW; s++) {
		if (s < POLICIES) {
			t[T_GUP].v[s] = op_ratio(b, gup, s, SUBJ_RAW);
			t[T_FAULT_KEEP].v[s] = op_ratio(b, fault, s, MMK_POLICY_KEEP);
			t[T_HOST].v[s] = op_ratio(b, fault, SUBJ_HOST, s);
		}
		t[T_SCALE].v[s] = scale_ratio(b, s, SC_DISJOINT);
	}
	t[T_SCALE].v[SUBJ_RAW] = scale_ratio(b, SUBJ_RAW, SC_DISJOINT);
}

/*
 * "met" or "NOT met" when the whole confidence interval of the median is
 * on one side of the limit; "undecided" when the limit lies inside it.
 */
static const char *verdict(const struct target *t, const struct stats *v)
{
	double good = t->at_most ? v->ci_hi : v->ci_lo, bad = t->at_most ? v->ci_lo : v->ci_hi;

	if (!v->n)
		return "not measured";
	if (t->at_most ? good <= t->limit : good >= t->limit)
		return "met";
	if (t->at_most ? bad > t->limit : bad < t->limit)
		return "NOT met";
	return "undecided (the limit is inside the 95% CI)";
}

/* ---- the tables ---- */

static void cell(FILE *f, int width, double v, const char *fmt)
{
	char buf[32];

	if (isfinite(v))
		snprintf(buf, sizeof(buf), fmt, v);
	else
		snprintf(buf, sizeof(buf), "-");
	fprintf(f, "%*s", width, buf);
}

static double med_of(struct stats st)
{
	return st.n ? st.med : NAN;
}

static void print_op(FILE *f, struct bench *b, int op)
{
	const struct bench_op *o = bench_ops[op];
	const struct op_res *r0 = NULL;

	for (int s = 0; s < NR_SUBJECTS && !r0; s++)
		if (res_of(b, op, s)->ran)
			r0 = res_of(b, op, s);
	if (!r0)
		return;
	fprintf(f, "%s  ns/%s, n %" PRIu64 "/%" PRIu64 ": %s\n", o->name, o->unit, r0->n1,
		r0->n2, o->desc);
	for (int s = 0; s < NR_SUBJECTS; s++) {
		const struct op_res *r = res_of(b, op, s);

		if (!r->ran)
			continue;
		fprintf(f, "  %-9s", subject_name(s));
		if (r->err || !r->n) {
			fprintf(f, "  failed: %s\n", r->err ? err_name(-r->err) : "no sample");
			continue;
		}
		cell(f, 11, r->st.med, "%.1f");
		cell(f, 11, r->st.min, "%.1f");
		cell(f, 11, r->st.max, "%.1f");
		cell(f, 9, s < POLICIES ? med_of(op_ratio(b, op, s, MMK_POLICY_KEEP)) : NAN,
		     "%.3f");
		cell(f, 9, s != SUBJ_RAW ? med_of(op_ratio(b, op, s, SUBJ_RAW)) : NAN, "%.2f");
		cell(f, 11, s < POLICIES ? med_of(op_ratio(b, op, SUBJ_HOST, s)) : NAN, "%.2fx");
		fputc('\n', f);
	}
}

static void print_threads(FILE *f, struct bench *b)
{
	fprintf(f, "\nthreads: each thread writes one byte to each of %d pages, then DONTNEEDs\n"
		"them, over and over; disjoint = each thread its own PTE table, shared = the\n"
		"two halves of one table; raw = each thread only zeroes %d frames of its own.\n"
		"Pages per microsecond, all threads together: median [min..max]; scaling =\n"
		"2 threads / 1 (paired median); best = max 2-disjoint / max 1.\n",
		SCALE_PAGES, SCALE_PAGES);
	fprintf(f, "  %-9s", "subject");
	for (int sc = 0; sc < NR_SC; sc++)
		fprintf(f, "%22s", sc_names[sc]);
	fprintf(f, "%10s%10s%8s\n", "disjoint", "shared", "best");
	for (int s = 0; s < NR_SUBJECTS; s++) {
		if (!b->scale_samples[0][s])
			continue;
		fprintf(f, "  %-9s", subject_name(s));
		for (int sc = 0; sc < NR_SC; sc++) {
			char buf[64];
			const struct stats *st = &b->scale[sc][s];

			if (st->n)
				snprintf(buf, sizeof(buf), "%.2f [%.2f..%.2f]", st->med, st->min,
					 st->max);
			else
				snprintf(buf, sizeof(buf), "-");
			fprintf(f, "%22s", buf);
		}
		cell(f, 10, med_of(scale_ratio(b, s, SC_DISJOINT)), "%.2fx");
		cell(f, 10, med_of(scale_ratio(b, s, SC_SHARED)), "%.2fx");
		cell(f, 8, best_scaling(b, s), "%.2fx");
		fputc('\n', f);
	}
}

static void print_pgtables(FILE *f, struct bench *b)
{
	fprintf(f, "\npage tables of a sparse mapping: one byte written per 2 MiB of %" PRIu64
		" MiB, then\nDONTNEED of it all (KiB of PTE+PMD+PUD tables; host: the helper's "
		"VmPTE above\nits level before)\n", b->sparse_bytes >> 20);
	fprintf(f, "  %-9s%14s%16s\n", "subject", "after touch", "after DONTNEED");
	for (int s = 0; s < SUBJ_RAW; s++) {
		if (!b->pgt_ran[s])
			continue;
		if (b->pgt_err[s])
			fprintf(f, "  %-9s  failed: %s\n", subject_name(s), err_name(-b->pgt_err[s]));
		else
			fprintf(f, "  %-9s%14" PRIu64 "%16" PRIu64 "\n", subject_name(s),
				b->pgt[s][0] / 1024, b->pgt[s][1] / 1024);
	}
}

static void print_churn(FILE *f, struct bench *b)
{
	fprintf(f, "\nchurn: %d threads x %" PRIu64 " ops, %" PRIu64 " MiB arena (the gen-churn "
		"workload, one run\neach); page tables attached (host: VmPTE), KiB\n",
		b->churn_cfg.threads, b->churn_cfg.ops, b->churn_cfg.arena >> 20);
	fprintf(f, "  %-9s%10s%10s%10s%10s%9s\n", "subject", "ms", "peak", "mean", "end",
		"samples");
	for (int s = 0; s < SUBJ_RAW; s++) {
		const struct churn_trace *tr = &b->churn[s];

		if (!b->churn_ran[s])
			continue;
		if (b->churn_err[s])
			fprintf(f, "  %-9s  failed: %s\n", subject_name(s), err_name(-b->churn_err[s]));
		else
			fprintf(f, "  %-9s%10.1f%10.0f%10.0f%10.0f%9d\n", subject_name(s),
				tr->total_ms, tr->peak_kib, tr->mean_kib, tr->end_kib, tr->n);
	}
}

static void print_targets(FILE *f, struct bench *b)
{
	struct target t[NR_TARGETS];

	int any = 0;

	targets(b, t);
	for (int i = 0; i < NR_TARGETS; i++)
		for (int s = 0; s < NR_SUBJECTS; s++)
			any |= t[i].v[s].n > 0;
	if (!any)
		return;
	fprintf(f, "\ntargets (reported, never asserted): paired median [95%% confidence "
		"interval];\nthe verdict is on `linux`:\n");
	for (int i = 0; i < NR_TARGETS; i++) {
		int col = 4, measured = 0;

		for (int s = 0; s < NR_SUBJECTS; s++)
			measured |= t[i].v[s].n > 0;
		if (!measured)
			continue;

		fprintf(f, "  %s (%s):\n   ", t[i].name, t[i].measure);
		for (int s = 0; s < NR_SUBJECTS; s++) {
			const struct stats *v = &t[i].v[s];

			if (!v->n)
				continue;
			if (col > 50) {
				fputs("\n   ", f);
				col = 3;
			}
			col += fprintf(f, " %s %.3f [%.3f..%.3f]", subject_name(s), v->med,
				       v->ci_lo, v->ci_hi);
		}
		fprintf(f, "  -> %s\n", verdict(&t[i], &t[i].v[MMK_POLICY_LINUX]));
	}
}

void print_tables(FILE *f, struct bench *b, const struct host_info *hi)
{
	int any_op = 0;

	fprintf(f, "mmkit bench%s: %d reps, %d warm-up; %.0f s\n", b->quick ? " --quick" : "",
		b->reps, b->warm, b->seconds);
	fprintf(f, "machine: %ld CPUs, %s, %s; build: %s\n", hi->nproc, hi->cpu, hi->kernel,
		hi->build);
	fprintf(f, "load average (1 min) at the start %.2f, at the end %.2f\n", hi->load[0],
		hi->load[1]);
	for (int op = 0; op < bench_nr_ops; op++)
		for (int s = 0; s < NR_SUBJECTS; s++)
			any_op |= res_of(b, op, s)->ran;
	if (any_op) {
		fprintf(f, "\nns per unit: (t(n2) - t(n1)) / (n2 - n1) in steady state, median min "
			"max over reps.\nRatios are paired medians (samples of one rep side by "
			"side): vs keep = this /\nkeep; vs raw = this / the raw limit; host/this = "
			"host kernel / this.\n\n");
		fprintf(f, "  %-9s%11s%11s%11s%9s%9s%11s\n", "subject", "median", "min", "max",
			"vs keep", "vs raw", "host/this");
		for (int op = 0; op < bench_nr_ops; op++)
			print_op(f, b, op);
	}
	if (b->ran_scale)
		print_threads(f, b);
	if (memchr(b->pgt_ran, 1, sizeof(b->pgt_ran)) || b->pgt_ran[0])
		print_pgtables(f, b);
	for (int s = 0; s < NR_SUBJECTS; s++)
		if (b->churn_ran[s]) {
			print_churn(f, b);
			break;
		}
	print_targets(f, b);
}

/* ---- JSON ---- */

static void json_stats(FILE *f, const struct stats *st)
{
	const struct { const char *key; double v; } field[] = {
		{ "median", st->med }, { "min", st->min }, { "max", st->max },
		{ "q1", st->q1 }, { "q3", st->q3 }, { "ci95_lo", st->ci_lo },
		{ "ci95_hi", st->ci_hi },
	};

	fputc('{', f);
	for (size_t i = 0; i < sizeof(field) / sizeof(field[0]); i++) {
		fprintf(f, "\"%s\": ", field[i].key);
		json_num(f, st->n ? field[i].v : NAN);
		fputs(", ", f);
	}
	fprintf(f, "\"samples\": %d}", st->n);
}

/* `"key": "value"`, after @sep. */
static void json_str_field(FILE *f, const char *sep, const char *key, const char *val)
{
	fprintf(f, "%s\"%s\": ", sep, key);
	json_string(f, val);
}

static void json_op(FILE *f, struct bench *b, int op)
{
	const struct bench_op *o = bench_ops[op];
	const char *sep = "";

	json_string(f, o->name);
	json_str_field(f, ": {", "unit", o->unit);
	json_str_field(f, ", ", "desc", o->desc);
	fputs(", \"subjects\": {", f);
	for (int s = 0; s < NR_SUBJECTS; s++) {
		const struct op_res *r = res_of(b, op, s);
		/* the paired ratios of the table's columns */
		const struct { const char *key; int ok, num, den; } ratios[] = {
			{ "vs_keep", s < POLICIES, s, MMK_POLICY_KEEP },
			{ "vs_raw", s != SUBJ_RAW, s, SUBJ_RAW },
			{ "host_over_this", s < POLICIES, SUBJ_HOST, s },
		};

		if (!r->ran)
			continue;
		fprintf(f, "%s\n      \"%s\": {\"n1\": %" PRIu64 ", \"n2\": %" PRIu64, sep,
			subject_name(s), r->n1, r->n2);
		sep = ",";
		if (r->err) {
			json_str_field(f, ", ", "error", err_name(-r->err));
			fputc('}', f);
			continue;
		}
		fputs(", \"ns\": ", f);
		json_stats(f, &r->st);
		for (size_t i = 0; i < sizeof(ratios) / sizeof(ratios[0]); i++) {
			fprintf(f, ", \"%s\": ", ratios[i].key);
			json_num(f, ratios[i].ok ? med_of(op_ratio(b, op, ratios[i].num,
								   ratios[i].den)) : NAN);
		}
		fputc('}', f);
	}
	fputs("}}", f);
}

#define TRACE_MAX_POINTS 2000

/*
 * `"trace": {...}`: the churn samples over time for `mmkit report`, every
 * @every-th one so that at most TRACE_MAX_POINTS are written, and the last.
 */
static void json_trace(FILE *f, const struct churn_trace *tr)
{
	int every = tr->n > TRACE_MAX_POINTS ? (tr->n + TRACE_MAX_POINTS - 1) / TRACE_MAX_POINTS : 1;
	const char *sep = "";

	fprintf(f, "\"trace\": {\"every\": %d, \"ms\": [", every);
	for (int i = 0; i < tr->n; i++)
		if (i % every == 0 || i == tr->n - 1) {
			fprintf(f, "%s%.3f", sep, tr->ms[i]);
			sep = ", ";
		}
	fputs("], \"kib\": [", f);
	sep = "";
	for (int i = 0; i < tr->n; i++)
		if (i % every == 0 || i == tr->n - 1) {
			fprintf(f, "%s%.0f", sep, tr->kib[i]);
			sep = ", ";
		}
	fputs("]}", f);
}

void print_json(FILE *f, struct bench *b, const struct host_info *hi)
{
	struct target t[NR_TARGETS];
	const char *sep = "";

	fprintf(f, "{\n  \"quick\": %s, \"reps\": %d, \"warmup\": %d, \"seconds\": %.1f,\n",
		b->quick ? "true" : "false", b->reps, b->warm, b->seconds);
	fprintf(f, "  \"machine\": {\"nproc\": %ld", hi->nproc);
	json_str_field(f, ", ", "cpu", hi->cpu);
	json_str_field(f, ", ", "kernel", hi->kernel);
	json_str_field(f, ", ", "build", hi->build);
	fputs(", \"loadavg_start\": ", f);
	json_num(f, hi->load[0]);
	fputs(", \"loadavg_end\": ", f);
	json_num(f, hi->load[1]);
	fputs("},\n  \"ops\": {", f);
	for (int op = 0; op < bench_nr_ops; op++) {
		int ran = 0;

		for (int s = 0; s < NR_SUBJECTS; s++)
			ran |= res_of(b, op, s)->ran;
		if (!ran)
			continue;
		fprintf(f, "%s\n    ", sep);
		json_op(f, b, op);
		sep = ",";
	}
	fprintf(f, "\n  },\n  \"threads\": {\"unit\": \"pages per microsecond\", "
		"\"pages_per_round\": %d", SCALE_PAGES);
	for (int s = 0; s < NR_SUBJECTS; s++) {
		if (!b->scale_samples[0][s])
			continue;
		fprintf(f, ",\n    \"%s\": {", subject_name(s));
		for (int sc = 0; sc < NR_SC; sc++) {
			fprintf(f, "\"%s\": ", sc_names[sc]);
			json_stats(f, &b->scale[sc][s]);
			fputs(", ", f);
		}
		fputs("\"scaling_disjoint\": ", f);
		json_num(f, med_of(scale_ratio(b, s, SC_DISJOINT)));
		fputs(", \"scaling_shared\": ", f);
		json_num(f, med_of(scale_ratio(b, s, SC_SHARED)));
		fputs(", \"scaling_disjoint_best\": ", f);
		json_num(f, best_scaling(b, s));
		fputc('}', f);
	}
	fprintf(f, "},\n  \"pgtable_sparse\": {\"bytes\": %" PRIu64, b->sparse_bytes);
	for (int s = 0; s < SUBJ_RAW; s++)
		if (b->pgt_ran[s] && !b->pgt_err[s])
			fprintf(f, ", \"%s\": {\"after_touch\": %" PRIu64
				", \"after_dontneed\": %" PRIu64 "}", subject_name(s),
				b->pgt[s][0], b->pgt[s][1]);
	fprintf(f, "},\n  \"churn\": {\"threads\": %d, \"ops\": %" PRIu64
		", \"arena\": %" PRIu64, b->churn_cfg.threads, b->churn_cfg.ops,
		b->churn_cfg.arena);
	for (int s = 0; s < SUBJ_RAW; s++) {
		const struct churn_trace *tr = &b->churn[s];

		if (!b->churn_ran[s] || b->churn_err[s])
			continue;
		fprintf(f, ", \"%s\": {\"ms\": %.2f, \"peak_kib\": %.0f, \"mean_kib\": %.1f, "
			"\"end_kib\": %.0f, \"samples\": %d, ", subject_name(s), tr->total_ms,
			tr->peak_kib, tr->mean_kib, tr->end_kib, tr->n);
		json_trace(f, tr);
		fputc('}', f);
	}
	fputs("},\n  \"targets\": [", f);
	targets(b, t);
	for (int i = 0; i < NR_TARGETS; i++) {
		fprintf(f, "%s\n    {", i ? "," : "");
		json_str_field(f, "", "name", t[i].name);
		json_str_field(f, ", ", "measure", t[i].measure);
		fprintf(f, ", \"limit\": %g, \"at_most\": %s, \"values\": {", t[i].limit,
			t[i].at_most ? "true" : "false");
		sep = "";
		for (int s = 0; s < NR_SUBJECTS; s++)
			if (t[i].v[s].n) {
				fprintf(f, "%s\"%s\": ", sep, subject_name(s));
				json_stats(f, &t[i].v[s]);
				sep = ", ";
			}
		json_str_field(f, "}, ", "verdict_linux", verdict(&t[i], &t[i].v[MMK_POLICY_LINUX]));
		fputc('}', f);
	}
	fprintf(f, "\n  ],\n  \"failures\": %d\n}\n", b->failures);
}

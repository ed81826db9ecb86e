/* SPDX-License-Identifier: MIT */
/*
 * script/compare.c - `mmkit compare [--json] FILE`: one script under every
 * page-table lifetime policy, side by side (shared/spec/cli.md).
 *
 * The script is parsed once, then run once per policy, each time on a
 * fresh machine with the script's `policy` overridden.  Figures differ
 * between policies by design, so expectations are evaluated but not
 * enforced: an expectation that does not hold is counted ("7/9 held") and
 * the run goes on; a failed operation still stops that policy's run, and
 * makes the exit status 1.  Before the end figures are taken the machine
 * is synced (rcu_barrier), so tables waiting for a grace period are freed.
 *
 * Figures, all machine-wide (every address space):
 *   - page tables per level at the end and their peaks (struct
 *     mmk_sys_stats), and pgtable kB = (PTE + PMD + PUD tables) x 4;
 *     the top-level tables are not counted, as VmPTE does not;
 *   - frames used at the end and their peak;
 *   - wall time of the statements (CLOCK_MONOTONIC; not parsing, machine
 *     set-up or teardown, nor the final sync), after one untimed warm-up
 *     run so the first column does not pay the process's start-up;
 *   - every policy cost counter (mmk_pt_counters), and per-walk ratios.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "common/json.h"
#include "script/output.h"
#include "script/series.h"

static const char compare_help[] =
	"usage: mmkit compare [--json] FILE | -\n"
	"\n"
	"Runs one script under every page-table policy (keep linux refcount\n"
	"rwsem full), each on a fresh machine, overriding the script's `policy`,\n"
	"and prints a side-by-side table, one column per policy:\n"
	"  status, statements, expectations held (n/m)\n"
	"  time (ms) of the statements, and time vs keep\n"
	"  PTE/PMD/PUD tables at the end and at their peak (all address spaces)\n"
	"  pgtable kB at the end ((PTE+PMD+PUD) x 4) and vs keep; the sum of the\n"
	"    per-level peaks (an upper bound of the true peak)\n"
	"  frames used at the end and frames_peak\n"
	"  every cost counter of the policies (walks, walk_atomics, walk_locks,\n"
	"    retries, rechecks, fast_path, slow_path, freed_pte/pmd/pud, queued)\n"
	"    and atomics and locks per walk\n"
	"The end figures are taken after a final `sync`, with the address spaces\n"
	"the script left still alive.  Times are of one run each (after one\n"
	"untimed warm-up run under keep), so compare them with care.\n"
	"\n"
	"Expectations are evaluated but not enforced, since figures differ per\n"
	"policy: the table counts those that held, and stderr names the first\n"
	"that did not under each policy.  A failed operation stops that policy's\n"
	"run (its column shows the figures at that point, stderr the message).\n"
	"`mmkit run --policy all FILE` does the same.\n"
	"\n"
	"options:\n"
	"  --json      print one JSON object instead: file, status, and per policy\n"
	"              (under \"policies\", keyed by name) the same figures, and\n"
	"              each policy's \"series\": every address space's tables,\n"
	"              pgtable and rss after statements (at most 2000 points;\n"
	"              `mmkit report` draws them)\n"
	"  -h, --help  this text\n"
	"\n"
	"exit status: 0 every policy ran without a failed operation, 1 one did\n"
	"             not, 2 malformed script or usage error\n";

#define LABEL_W 26
#define COL_W 12

static double ms(const struct file_report *r)
{
	return r->seconds * 1e3;
}

static uint64_t pgtable_kb(uint64_t pte, uint64_t pmd, uint64_t pud)
{
	return (pte + pmd + pud) * (MMK_PAGE_SIZE / 1024);
}

static void row_label(FILE *f, const char *label)
{
	fprintf(f, "%-*s", LABEL_W, label);
}

/* One row of numbers; a policy whose machine was never built shows "-". */
static void row_u64(FILE *f, const char *label, struct file_report *runs,
		    uint64_t (*get)(const struct file_report *))
{
	int p;

	row_label(f, label);
	for (p = 0; p < MMK_NR_POLICIES; p++) {
		if (runs[p].ran)
			fprintf(f, "%*" PRIu64, COL_W, get(&runs[p]));
		else
			fprintf(f, "%*s", COL_W, "-");
	}
	fputc('\n', f);
}

/* @num / @den per policy, or "-" where @den is 0. */
static void row_ratio(FILE *f, const char *label, const double *num,
		      const double *den, const char *fmt)
{
	char cell[32];
	int p;

	row_label(f, label);
	for (p = 0; p < MMK_NR_POLICIES; p++) {
		if (den[p] > 0)
			snprintf(cell, sizeof(cell), fmt, num[p] / den[p]);
		else
			snprintf(cell, sizeof(cell), "-");
		fprintf(f, "%*s", COL_W, cell);
	}
	fputc('\n', f);
}

#define GETTER(name, expr) \
	static uint64_t name(const struct file_report *r) { return (expr); }

GETTER(get_statements, r->statements)
GETTER(get_pte, r->sys.pte_tables)
GETTER(get_pte_peak, r->sys.pte_tables_peak)
GETTER(get_pmd, r->sys.pmd_tables)
GETTER(get_pmd_peak, r->sys.pmd_tables_peak)
GETTER(get_pud, r->sys.pud_tables)
GETTER(get_pud_peak, r->sys.pud_tables_peak)
GETTER(get_pgtable, pgtable_kb(r->sys.pte_tables, r->sys.pmd_tables,
			       r->sys.pud_tables))
GETTER(get_pgtable_peak, pgtable_kb(r->sys.pte_tables_peak,
				    r->sys.pmd_tables_peak,
				    r->sys.pud_tables_peak))
GETTER(get_frames, r->sys.frames_used)
GETTER(get_frames_peak, r->sys.frames_peak)
GETTER(get_pending, r->sys.pending_free)

static const struct {
	const char *label;
	uint64_t (*get)(const struct file_report *);
} figure_rows[] = {
	{ "PTE tables, end", get_pte },
	{ "PTE tables, peak", get_pte_peak },
	{ "PMD tables, end", get_pmd },
	{ "PMD tables, peak", get_pmd_peak },
	{ "PUD tables, end", get_pud },
	{ "PUD tables, peak", get_pud_peak },
	{ "pgtable kB, end", get_pgtable },
	{ "pgtable kB, sum of peaks", get_pgtable_peak },
};

static void print_table(FILE *f, const char *file, struct file_report *runs)
{
	double t[MMK_NR_POLICIES], keep_t[MMK_NR_POLICIES];
	double pg[MMK_NR_POLICIES], keep_pg[MMK_NR_POLICIES];
	double walks[MMK_NR_POLICIES], num[MMK_NR_POLICIES];
	char cell[32];
	size_t i;
	int p, c;

	fprintf(f, "mmkit compare %s: one run per policy\n\n", file);
	row_label(f, "");
	for (p = 0; p < MMK_NR_POLICIES; p++)
		fprintf(f, "%*s", COL_W, mmk_policy_name((enum mmk_policy)p));
	fputc('\n', f);
	row_label(f, "status");
	for (p = 0; p < MMK_NR_POLICIES; p++)
		fprintf(f, "%*s", COL_W, runs[p].failed ? "FAILED" : "ok");
	fputc('\n', f);
	row_u64(f, "statements", runs, get_statements);
	row_label(f, "expectations held");
	for (p = 0; p < MMK_NR_POLICIES; p++) {
		const struct file_report *r = &runs[p];

		snprintf(cell, sizeof(cell), "%" PRIu64 "/%" PRIu64,
			 r->expectations - r->unmet, r->expectations);
		fprintf(f, "%*s", COL_W, cell);
	}
	fputc('\n', f);
	row_label(f, "time (ms)");
	for (p = 0; p < MMK_NR_POLICIES; p++) {
		snprintf(cell, sizeof(cell), "%.1f", ms(&runs[p]));
		fprintf(f, "%*s", COL_W, runs[p].ran ? cell : "-");
		t[p] = ms(&runs[p]);
		keep_t[p] = runs[0].ran ? ms(&runs[0]) : 0;
		pg[p] = (double)get_pgtable(&runs[p]);
		keep_pg[p] = runs[0].ran ? (double)get_pgtable(&runs[0]) : 0;
		walks[p] = (double)runs[p].counters[MMK_PTC_WALKS];
	}
	fputc('\n', f);
	row_ratio(f, "time vs keep", t, keep_t, "%.2fx");
	for (i = 0; i < sizeof(figure_rows) / sizeof(figure_rows[0]); i++)
		row_u64(f, figure_rows[i].label, runs, figure_rows[i].get);
	row_ratio(f, "pgtable end vs keep", pg, keep_pg, "%.3fx");
	row_u64(f, "frames used, end", runs, get_frames);
	row_u64(f, "frames used, peak", runs, get_frames_peak);
	row_u64(f, "pending_free, end", runs, get_pending);
	for (c = 0; c < MMK_PTC_NR; c++) {
		row_label(f, mmk_pt_counter_name((enum mmk_pt_counter)c));
		for (p = 0; p < MMK_NR_POLICIES; p++) {
			if (runs[p].ran)
				fprintf(f, "%*" PRIu64, COL_W,
					runs[p].counters[c]);
			else
				fprintf(f, "%*s", COL_W, "-");
		}
		fputc('\n', f);
	}
	for (p = 0; p < MMK_NR_POLICIES; p++)
		num[p] = (double)runs[p].counters[MMK_PTC_WALK_ATOMICS];
	row_ratio(f, "walk_atomics per walk", num, walks, "%.2f");
	for (p = 0; p < MMK_NR_POLICIES; p++)
		num[p] = (double)runs[p].counters[MMK_PTC_WALK_LOCKS];
	row_ratio(f, "walk_locks per walk", num, walks, "%.2f");
}

static void json_policy(FILE *f, const struct file_report *r,
			const struct file_report *keep)
{
	const struct mmk_sys_stats *s = &r->sys;

	fprintf(f, "{\"status\": \"%s\"", r->failed ? "failed" : "ok");
	if (r->failed) {
		fprintf(f, ", \"message\": ");
		json_string(f, r->message);
	}
	if (r->unmet) {
		fprintf(f, ", \"first_unmet\": ");
		json_string(f, r->unmet_message);
	}
	fprintf(f, ", \"statements\": %" PRIu64 ", \"expectations\": %" PRIu64
		", \"expectations_held\": %" PRIu64, r->statements,
		r->expectations, r->expectations - r->unmet);
	if (!r->ran) {
		fputc('}', f);
		return;
	}
	fprintf(f, ", \"time_ms\": %.3f", ms(r));
	if (keep->ran && keep->seconds > 0)
		fprintf(f, ", \"time_vs_keep\": %.4f", r->seconds / keep->seconds);
	fprintf(f, ", \"pte_tables\": %" PRIu64 ", \"pte_tables_peak\": %" PRIu64
		", \"pmd_tables\": %" PRIu64 ", \"pmd_tables_peak\": %" PRIu64
		", \"pud_tables\": %" PRIu64 ", \"pud_tables_peak\": %" PRIu64
		", \"pgtable_kb\": %" PRIu64 ", \"pgtable_kb_peak_bound\": %"
		PRIu64 ", \"frames_used\": %" PRIu64 ", \"frames_peak\": %"
		PRIu64 ", \"pending_free\": %" PRIu64 ", ",
		s->pte_tables, s->pte_tables_peak, s->pmd_tables,
		s->pmd_tables_peak, s->pud_tables, s->pud_tables_peak,
		get_pgtable(r), get_pgtable_peak(r), s->frames_used,
		s->frames_peak, s->pending_free);
	json_counters(f, r->counters);
	json_checkpoints(f, r);
	if (r->series) {
		fprintf(f, ", ");
		series_json(f, r->series);
	}
	fputc('}', f);
}

static void print_json(FILE *f, const char *file, struct file_report *runs,
		       int failed)
{
	int p;

	fprintf(f, "{\"file\": ");
	json_string(f, file);
	fprintf(f, ", \"status\": \"%s\", \"policies\": {",
		failed ? "failed" : "ok");
	for (p = 0; p < MMK_NR_POLICIES; p++) {
		fprintf(f, "%s\"%s\": ", p ? ", " : "",
			mmk_policy_name((enum mmk_policy)p));
		json_policy(f, &runs[p], &runs[0]);
	}
	fprintf(f, "}}\n");
}

/* Messages about each policy's run, on stderr. */
static void report_messages(struct file_report *runs)
{
	int p;

	for (p = 0; p < MMK_NR_POLICIES; p++) {
		const struct file_report *r = &runs[p];
		const char *name = mmk_policy_name((enum mmk_policy)p);

		if (r->failed)
			fprintf(stderr, "%s: failed: %s\n", name, r->message);
		if (r->unmet)
			fprintf(stderr, "%s: %" PRIu64 " of %" PRIu64
				" expectations did not hold; the first: %s\n",
				name, r->unmet, r->expectations,
				r->unmet_message);
	}
}

int compare_script(const char *path, int json, FILE *out)
{
	struct script *sc = NULL;
	struct file_report *runs;
	char msg[1024];
	int p, failed = 0;

	if (script_load_stream(path, &sc, msg, sizeof(msg))) {
		if (json) {
			fprintf(out, "{\"status\": \"malformed\", \"message\": ");
			json_string(out, msg);
			fprintf(out, "}\n");
		}
		return 2;
	}
	runs = calloc(MMK_NR_POLICIES, sizeof(*runs));
	if (!runs) {
		fprintf(stderr, "mmkit: out of memory\n");
		script_free(sc);
		return 1;
	}
	/*
	 * p == -1 is an untimed warm-up under keep, thrown away: the first
	 * run in a process pays start-up costs (allocator arenas, liburcu's
	 * threads) that would otherwise count against the first column.
	 */
	for (p = -1; p < MMK_NR_POLICIES; p++) {
		struct run_opts o;

		memset(&o, 0, sizeof(o));
		o.policy = p < 0 ? MMK_POLICY_KEEP : p;
		o.soft_expect = 1;
		o.quiet = 1;
		o.settle = 1;
		o.progress = cli_progress();
		if (p < 0) {
			script_run(sc, &o, &runs[0]);
			file_report_release(&runs[0]);
			memset(&runs[0], 0, sizeof(runs[0]));
			continue;
		}
		o.series = json;	/* not in the warm-up: it is thrown away */
		failed |= script_run(sc, &o, &runs[p]);
	}
	report_messages(runs);
	if (json)
		print_json(out, script_file(sc), runs, failed);
	else
		print_table(out, script_file(sc), runs);
	fflush(out);
	for (p = 0; p < MMK_NR_POLICIES; p++)
		file_report_release(&runs[p]);
	free(runs);
	script_free(sc);
	return failed ? 1 : 0;
}

static void compare_help_print(FILE *f)
{
	fputs(compare_help, f);
}

int cmd_compare(int argc, char **argv)
{
	int json = 0, nargs, rc;
	const char **args;
	const struct cli_opt opts[] = {
		{ .name = "json", .kind = CLI_FLAG, .dst = &json },
		{ .name = NULL },
	};
	const struct cli cli = { "compare", compare_help_print, opts, 1, 1,
				 "no script given (FILE or - for stdin)" };

	rc = cli_parse(&cli, argc, argv, &args, &nargs);
	if (rc)
		return rc == CLI_HELP ? 0 : rc;
	rc = compare_script(args[0], json, stdout);
	free(args);
	return rc;
}

/* SPDX-License-Identifier: MIT */
/*
 * script/output.c - what `mmkit run --stats` and `--json` print about the
 * machine and the address spaces a script left behind.
 */
#include <inttypes.h>
#include <stdio.h>

#include "common/json.h"
#include "script/output.h"
#include "script/series.h"

/* The policy's cost counters, wrapped at 78 columns. */
static void report_counters(FILE *f, const struct file_report *rep)
{
	int i, col = fprintf(f, "policy %s costs:", rep->policy);

	for (i = 0; i < MMK_PTC_NR; i++) {
		char item[64];
		int len = snprintf(item, sizeof(item), " %s %" PRIu64,
				   mmk_pt_counter_name((enum mmk_pt_counter)i),
				   rep->counters[i]);

		if (col + len > 78) {
			fputs("\n ", f);
			col = 1;
		}
		col += fprintf(f, "%s%s", item, i + 1 < MMK_PTC_NR ? "," : "");
	}
	fputc('\n', f);
}

void report_stats(FILE *f, const struct file_report *rep)
{
	const struct mmk_sys_stats *sys = &rep->sys;
	int i;

	fprintf(f, "== %s (policy %s)\n", rep->file, rep->policy);
	if (!rep->ran) {
		fprintf(f, "   no machine was built\n");
		return;
	}
	fprintf(f, "%-16s %12s %12s %10s %10s %10s %8s\n", "mm", "rss kB",
		"pgtable kB", "pte_tables", "pmd_tables", "pud_tables", "vmas");
	for (i = 0; i < rep->nmms; i++) {
		const struct mmk_mm_stats *st = &rep->mms[i].st;

		fprintf(f, "%-16s %12" PRIu64 " %12" PRIu64 " %10" PRIu64
			" %10" PRIu64 " %10" PRIu64 " %8" PRIu64 "\n",
			rep->mms[i].name, st->rss / 1024, st->pgtable / 1024,
			st->pte_tables, st->pmd_tables, st->pud_tables, st->vmas);
	}
	if (!rep->nmms)
		fprintf(f, "(no live address space)\n");
	fprintf(f, "machine: frames_used %" PRIu64 " (%" PRIu64 " kB), "
		"frames_peak %" PRIu64 ", pgtable_frames %" PRIu64
		", pending_free %" PRIu64 ", frames_total %" PRIu64 "\n",
		sys->frames_used, sys->frames_used * (MMK_PAGE_SIZE / 1024),
		sys->frames_peak, sys->pgtable_frames, sys->pending_free,
		sys->frames_total);
	report_counters(f, rep);
}

void json_counters(FILE *f, const uint64_t *counters)
{
	fprintf(f, "\"counters\": {");
	for (int i = 0; i < MMK_PTC_NR; i++)
		fprintf(f, "%s\"%s\": %" PRIu64, i ? ", " : "",
			mmk_pt_counter_name((enum mmk_pt_counter)i), counters[i]);
	fputc('}', f);
}

static void json_machine(FILE *f, const struct file_report *rep)
{
	const struct mmk_sys_stats *s = &rep->sys;
	int i;

	fprintf(f, "\"machine\": {\"frames_total\": %" PRIu64
		", \"frames_used\": %" PRIu64 ", \"frames_peak\": %" PRIu64
		", \"pgtable_frames\": %" PRIu64 ", \"pending_free\": %" PRIu64
		"}, ", s->frames_total, s->frames_used, s->frames_peak,
		s->pgtable_frames, s->pending_free);
	json_counters(f, rep->counters);
	fprintf(f, ", \"mms\": {");
	for (i = 0; i < rep->nmms; i++) {
		const struct mmk_mm_stats *st = &rep->mms[i].st;

		fprintf(f, "%s", i ? ", " : "");
		json_string(f, rep->mms[i].name);
		fprintf(f, ": {\"rss\": %" PRIu64 ", \"pgtable\": %" PRIu64
			", \"pte_tables\": %" PRIu64 ", \"pmd_tables\": %" PRIu64
			", \"pud_tables\": %" PRIu64 ", \"vmas\": %" PRIu64 "}",
			st->rss, st->pgtable, st->pte_tables, st->pmd_tables,
			st->pud_tables, st->vmas);
	}
	fputc('}', f);
	json_checkpoints(f, rep);
}

/*
 * One object: the overall status, totals, the failure message, the machine
 * and address spaces of the last file run (at the end of the run, or at
 * the failure), and the same per file under "files".
 */
void report_json(FILE *f, const struct file_report *reps, int n,
		 const char *status, const char *message)
{
	uint64_t stmts = 0, expects = 0;
	const struct file_report *last = NULL;
	int i;

	for (i = 0; i < n; i++) {
		stmts += reps[i].statements;
		expects += reps[i].expectations;
		if (reps[i].file)
			last = &reps[i];
	}
	fprintf(f, "{\"status\": \"%s\", \"statements\": %" PRIu64
		", \"expectations\": %" PRIu64, status, stmts, expects);
	if (message) {
		fprintf(f, ", \"message\": ");
		json_string(f, message);
	}
	if (last && last->ran) {
		fprintf(f, ", \"policy\": ");
		json_string(f, last->policy);
		fprintf(f, ", ");
		json_machine(f, last);
		if (last->series) {
			fprintf(f, ", ");
			series_json(f, last->series);
		}
	}
	fprintf(f, ", \"files\": [");
	for (i = 0; i < n && reps[i].file; i++) {
		fprintf(f, "%s{\"file\": ", i ? ", " : "");
		json_string(f, reps[i].file);
		fprintf(f, ", \"policy\": ");
		json_string(f, reps[i].policy);
		fprintf(f, ", \"status\": \"%s\", \"statements\": %" PRIu64
			", \"expectations\": %" PRIu64,
			reps[i].failed ? "failed" : "ok", reps[i].statements,
			reps[i].expectations);
		if (reps[i].ran) {
			fprintf(f, ", ");
			json_machine(f, &reps[i]);
		}
		if (reps[i].ran && reps[i].series) {
			fprintf(f, ", ");
			series_json(f, reps[i].series);
		}
		fputc('}', f);
	}
	fprintf(f, "]}\n");
}

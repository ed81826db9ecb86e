/* SPDX-License-Identifier: MIT */
/*
 * kdiff/report.c - how a disagreement is told (kdiff/diff.h): one line
 * per disagreement, "FILE:LINE: STATEMENT: [mm A ]KEY: kernel X, mmkit Y",
 * and the JSON form of a script's result for --json.
 */
#include <inttypes.h>

#include "common/json.h"
#include "kdiff/diff.h"

void kd_print(FILE *f, const char *file, const struct kd_disagreement *d)
{
	fprintf(f, "%s:%d: %s: %s%s%s%s: kernel %s, mmkit %s\n", file, d->line,
		d->stmt ? d->stmt : "", d->mm[0] ? "mm " : "", d->mm,
		d->mm[0] ? " " : "", d->key, d->kernel, d->mmkit);
}

static void json_disagreement(FILE *f, const struct kd_disagreement *d)
{
	fprintf(f, "{\"line\": %d, \"statement\": ", d->line);
	json_string(f, d->stmt ? d->stmt : "");
	fputs(", \"mm\": ", f);
	if (d->mm[0])
		json_string(f, d->mm);
	else
		fputs("null", f);
	fputs(", \"key\": ", f);
	json_string(f, d->key);
	fputs(", \"kernel\": ", f);
	json_string(f, d->kernel);
	fputs(", \"mmkit\": ", f);
	json_string(f, d->mmkit);
	fputc('}', f);
}

void kd_json_result(FILE *f, const struct kd_result *res)
{
	fprintf(f, "\"statements\": %" PRIu64 ", \"compared\": %" PRIu64
		", \"agreed\": %s, \"error\": ", res->statements, res->compared,
		!res->n && !res->error[0] ? "true" : "false");
	if (res->error[0])
		json_string(f, res->error);
	else
		fputs("null", f);
	fputs(", \"notes\": [", f);
	for (int i = 0; i < res->nnotes; i++) {
		fputs(i ? ", " : "", f);
		json_string(f, res->notes[i]);
	}
	fputs("], \"disagreements\": [", f);
	for (int i = 0; i < res->n; i++) {
		fputs(i ? ",\n      " : "\n      ", f);
		json_disagreement(f, &res->v[i]);
	}
	fputs(res->n ? "\n    ]" : "]", f);
}

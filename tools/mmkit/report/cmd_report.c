/* SPDX-License-Identifier: MIT */
/*
 * report/cmd_report.c - `mmkit report [-o FILE.html] INPUT...`: options,
 * reading every input (jansson, which says where a file stops being JSON),
 * telling its kind by its keys, and writing the page.
 *
 * Everything is read and recognised before a byte is written, so a bad
 * input leaves no half page behind; the page goes to a temporary file
 * renamed over FILE.html once complete.
 *
 * An INPUT whose first non-blank byte is not '{' is a script: compare
 * runs it in this process and its JSON is read back.
 *
 * Kinds, by the keys the commands print (docs/report.md):
 *   "command": "explore" / "stress"      explore --json, stress --json
 *   "policies" (object) and "file"       compare --json
 *   "files" (array) and "status"         run --json
 *   "ops" (object) and "targets" (array) bench --json
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "report/page.h"
#include "report/report.h"
#include "script/script.h"

#define EXIT_USAGE 2

static const char report_help[] =
	"usage: mmkit report [-o FILE.html] INPUT...\n"
	"\n"
	"Writes one self-contained HTML page (it works offline: every script and\n"
	"style is inside, and it fetches nothing) of the --json output of `mmkit\n"
	"run`, `compare`, `stress`, `explore` and `bench`, one section per INPUT\n"
	"in order; each kind is recognised by its keys.  An INPUT that is a\n"
	"script (a recording too) is run under every policy first, as `mmkit\n"
	"compare --json` would.  `-` reads an INPUT from standard input.\n"
	"Charts, each with its numbers in a table beside it:\n"
	"  run, compare  page-table memory over time stacked by level (PTE, PMD,\n"
	"                PUD) with rss, per policy; all policies on one chart;\n"
	"                a recording's kernel checkpoints beside mmkit's line,\n"
	"                with the relative difference\n"
	"  bench         each figure against its target, every op against the\n"
	"                raw limit, thread scaling, page tables during churn\n"
	"  explore       a failing interleaving as swimlanes (one lane per\n"
	"                thread; each step's operation, object and statement)\n"
	"                with its replay token\n"
	"  stress        the figures per policy, the seed, a violation's last\n"
	"                operations per thread and its replay command\n"
	"\n"
	"examples:\n"
	"  mmkit report -o churn.html examples/churn.mmk\n"
	"  mmkit bench --json > bench.json; mmkit report -o bench.html bench.json\n"
	"\n"
	"options:\n"
	"  -o, --output FILE.html  write the page there (default: standard\n"
	"                          output, unless it is a terminal)\n"
	"  -h, --help              this text\n"
	"\n"
	"exit status: 0 the page was written; 2 usage error, or an INPUT that\n"
	"             cannot be read, is not JSON (FILE:LINE:COL: why), is not\n"
	"             the output of one of those commands, or is a malformed\n"
	"             script (FILE:LINE:COL: why)\n";

enum kind { K_RUN, K_COMPARE, K_BENCH, K_EXPLORE, K_STRESS, K_NONE };

static void (*const writers[])(struct page *, const char *, json_t *) = {
	in_run, in_compare, in_bench, in_explore, in_stress,
};

double jnum(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	return json_is_number(v) ? json_number_value(v) : NAN;
}

const char *jstr(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

void figures_table(struct page *p, const char *title, const json_t *rows,
		   const char *lead, const char *const *keys, int n)
{
	int lead_col = lead ? 1 : 0, ncol = 1 + lead_col + n;
	const char **head = xrealloc(NULL, (size_t)ncol * sizeof(*head));
	const char **row = xrealloc(NULL, (size_t)ncol * sizeof(*row));
	char (*cell)[32] = xrealloc(NULL, (size_t)(n ? n : 1) * sizeof(*cell));
	const char *name;
	json_t *v;

	head[0] = "policy";
	if (lead)
		head[1] = lead;
	for (int k = 0; k < n; k++)
		head[1 + lead_col + k] = keys[k];
	page_h3(p, "%s", title);
	page_table_begin(p, "summary", head, ncol);
	json_object_foreach((json_t *)rows, name, v) {
		row[0] = name;
		if (lead)
			row[1] = jstr(v, lead);
		for (int k = 0; k < n; k++) {
			double x = jnum(v, keys[k]);

			snprintf(cell[k], sizeof(cell[k]), isnan(x) ? "-" : "%.6g", x);
			row[1 + lead_col + k] = cell[k];
		}
		page_table_row(p, row, ncol);
	}
	page_table_end(p);
	free(head);
	free(row);
	free(cell);
}

static enum kind kind_of(const json_t *doc)
{
	const char *cmd = jstr(doc, "command");

	if (!json_is_object(doc))
		return K_NONE;
	if (cmd)
		return !strcmp(cmd, "explore") ? K_EXPLORE :
		       !strcmp(cmd, "stress") ? K_STRESS : K_NONE;
	if (json_is_object(json_object_get(doc, "policies")) && jstr(doc, "file"))
		return K_COMPARE;
	if (json_is_array(json_object_get(doc, "files")) && jstr(doc, "status"))
		return K_RUN;
	if (json_is_object(json_object_get(doc, "ops")) &&
	    json_is_array(json_object_get(doc, "targets")))
		return K_BENCH;
	return K_NONE;
}

/*
 * Is @path a script rather than JSON?  A JSON input of these commands is an
 * object, so its first non-blank byte is '{'; a script's never is (a
 * statement or a comment starts every line).  Standard input is peeked.
 */
static int is_script(const char *path)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	int c;

	if (!f)
		return 0;	/* jansson will say why it cannot be opened */
	do
		c = getc(f);
	while (c == ' ' || c == '\t' || c == '\n' || c == '\r');
	if (f == stdin) {
		if (c != EOF)
			ungetc(c, f);
	} else {
		fclose(f);
	}
	return c != '{' && c != EOF;
}

/*
 * A script given as INPUT: what `mmkit compare --json` would print for it,
 * made here, so one command goes from a script or a recording to the page.
 */
static json_t *load_script(const char *path, const char *name)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	json_error_t err;
	json_t *doc = NULL;
	int rc;

	if (!mem) {
		fprintf(stderr, "mmkit: report: %s\n", strerror(errno));
		return NULL;
	}
	fprintf(stderr, "report: %s is a script: running it under every policy "
		"(mmkit compare)\n", name);
	rc = compare_script(path, 1, mem);
	fclose(mem);
	if (rc != 2)	/* malformed: said on stderr, FILE:LINE:COL */
		doc = json_loadb(buf, len, 0, &err);
	if (rc != 2 && !doc)
		fprintf(stderr, "mmkit: report: %s: compare's output is not JSON "
			"(%d:%d: %s)\n", name, err.line, err.column, err.text);
	free(buf);
	return doc;
}

/* Read and recognise @path.  0, or EXIT_USAGE after saying why. */
static int load(const char *path, json_t **doc, enum kind *kind)
{
	json_error_t err;
	const char *name = strcmp(path, "-") ? path : "<stdin>";

	if (is_script(path)) {
		*doc = load_script(path, name);
		*kind = K_COMPARE;
		return *doc ? 0 : EXIT_USAGE;
	}
	*doc = strcmp(path, "-") ? json_load_file(path, JSON_DECODE_ANY, &err) :
				   json_loadf(stdin, JSON_DECODE_ANY, &err);
	if (!*doc) {
		/* jansson says "unable to open ...: No such file" with line -1 */
		if (err.line < 0)
			fprintf(stderr, "mmkit: report: %s\n", err.text);
		else
			fprintf(stderr, "%s:%d:%d: %s\n", name, err.line, err.column,
				err.text);
		return EXIT_USAGE;
	}
	*kind = kind_of(*doc);
	if (*kind == K_NONE) {
		fprintf(stderr, "%s: not the --json output of mmkit run, compare, "
			"stress, explore or bench (none of their keys)\n", name);
		json_decref(*doc);
		*doc = NULL;	/* the caller frees every doc it holds */
		return EXIT_USAGE;
	}
	return 0;
}

/* The page into @out ("-": stdout).  0, or 1 after saying why. */
static int write_page(const char *out, const char *const *names, json_t **docs,
		      const enum kind *kinds, int n)
{
	char tmp[4096];
	struct page p;
	FILE *f = stdout;
	int bad;

	if (strcmp(out, "-")) {
		snprintf(tmp, sizeof(tmp), "%s.tmp", out);
		f = fopen(tmp, "w");
		if (!f) {
			fprintf(stderr, "mmkit: report: %s: %s\n", tmp, strerror(errno));
			return 1;
		}
	}
	page_begin(&p, f, names, n);
	for (int i = 0; i < n; i++)
		writers[kinds[i]](&p, names[i], docs[i]);
	page_end(&p);
	bad = ferror(f) | fflush(f);
	if (f != stdout)
		bad |= fclose(f);
	if (!bad && f != stdout && rename(tmp, out))
		bad = 1;
	if (bad) {
		fprintf(stderr, "mmkit: report: cannot write %s: %s\n",
			f == stdout ? "standard output" : out, strerror(errno));
		if (f != stdout)
			unlink(tmp);
		return 1;
	}
	if (f != stdout)
		fprintf(stderr, "report: wrote %s (%d sections, %d charts)\n", out,
			p.nsections, p.ncharts);
	return 0;
}

static void report_help_print(FILE *f)
{
	fputs(report_help, f);
}

int cmd_report(int argc, char **argv)
{
	const char *out = NULL, **args = NULL;
	const struct cli_opt opts[] = {
		{ .name = "output", .kind = CLI_TEXT, .dst = &out,
		  .what = "a file name (FILE.html)", .short_name = 'o' },
		{ .name = NULL },
	};
	const struct cli cli = { "report", report_help_print, opts, 1, -1,
				 "no INPUT given (the --json output of run, compare, "
				 "stress, explore or bench; - for stdin)" };
	json_t **docs = NULL;
	enum kind *kinds = NULL;
	int nargs, rc, stdin_seen = 0, i;

	rc = cli_parse(&cli, argc, argv, &args, &nargs);
	if (rc)
		return rc == CLI_HELP ? 0 : rc;
	for (i = 0; i < nargs; i++)
		if (!strcmp(args[i], "-") && stdin_seen++) {
			free(args);
			return cli_usage("report", "standard input given twice");
		}
	if (out && !*out) {
		free(args);
		return cli_usage("report", "-o needs a file name (FILE.html)");
	}
	if (!out && isatty(STDOUT_FILENO)) {
		free(args);
		return cli_usage("report", "standard output is a terminal: give "
				 "-o FILE.html");
	}
	docs = calloc((size_t)nargs, sizeof(*docs));
	kinds = calloc((size_t)nargs, sizeof(*kinds));
	if (!docs || !kinds) {
		fprintf(stderr, "mmkit: report: out of memory\n");
		rc = 1;
	}
	for (i = 0; i < nargs && !rc; i++)
		rc = load(args[i], &docs[i], &kinds[i]);
	if (!rc)
		rc = write_page(out ? out : "-", args, docs, kinds, nargs);
	for (i = 0; docs && i < nargs; i++)
		json_decref(docs[i]);
	free(docs);
	free(kinds);
	free(args);
	return rc;
}

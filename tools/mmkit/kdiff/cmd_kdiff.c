/* SPDX-License-Identifier: MIT */
/*
 * kdiff/cmd_kdiff.c - `mmkit kdiff` (shared/spec/cli.md, extensions): its
 * options and help, the two drivers (script files; seeded random
 * scripts), the summary and the JSON report.  The comparison itself is
 * kdiff/diff.c; how the kernel side works, kdiff/agent.c and host.c.
 *
 * Exit status: 0 every observation agreed, 1 a disagreement, 2 usage, a
 * malformed script, a script the kernel side cannot run, or a kernel side
 * that cannot run here (not Linux, no /proc, a sanitizer build).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "common/json.h"
#include "common/number.h"
#include "common/splitmix.h"
#include "kdiff/gen.h"
#include "kdiff/kdiff.h"

#define EXIT_DISAGREE 1
#define EXIT_USAGE 2
#define SHOW_PER_SEED 5		/* disagreements printed per failing seed */
#define MAX_SEEDS 1000000	/* seeds in one run (and no wrap-around) */

static const char kdiff_help[] =
	"usage: mmkit kdiff [--json] [--minimize] [--keep DIR] FILE...\n"
	"       mmkit kdiff --random [--seeds A-B] [--ops A-B] [--thp] [--json]\n"
	"                   [--minimize] [--keep DIR]\n"
	"\n"
	"Run each script on the host kernel and on mmkit, and compare every\n"
	"observation statement by statement.  On the kernel, each address space\n"
	"is a real process (an agent kdiff starts and drives); on mmkit, the\n"
	"script runs under policy linux, whatever its `policy` says.  Compared:\n"
	"  result    each statement's outcome: ok, an errno, or the signal an\n"
	"            access raised (for expect-error, the statement it wraps)\n"
	"  bytes     what a read loaded: the kernel's bytes against mmkit's\n"
	"  rss pgtable vmas  after every statement, for every live address space\n"
	"            (the agent's own memory and page tables left out); with THP\n"
	"            in the script, anon_thp (AnonHugePages) too\n"
	"  probes    `expect pte` keys none present; `expect page` keys mapcount\n"
	"            anon zero dirty thp, and same-frame/distinct-frame (these need\n"
	"            root: /proc/kpagecount, /proc/kpageflags)\n"
	"Expectations are not judged (they may state mmkit-only facts); only the\n"
	"comparison counts.  `expect stat|sys` are skipped; `ram`, `cpus` and\n"
	"`gather` set up mmkit's machine only.  docs/fidelity.md has the details.\n"
	"\n"
	"options (`--opt VALUE` or `--opt=VALUE`, before or after the files):\n"
	"  --random    run generated scripts instead of files: one to three\n"
	"              processes, every operation the kernel side can run, over\n"
	"              dense, sparse, table-straddling and edge regions\n"
	"  --seeds A-B the seeds of --random (default 1-100); `--seeds N` is one\n"
	"  --thp       generated scripts map `huge` ranges and give THP advice\n"
	"              (the host's THP mode must be madvise, the scripts' own)\n"
	"  --ops A-B   operations per generated script (default 50); with a\n"
	"              range, each seed's count is drawn from it (the same on\n"
	"              every run)\n"
	"  --keep DIR  write the script of each disagreeing seed to\n"
	"              DIR/seed-N.mmk, to replay with `mmkit kdiff\n"
	"              DIR/seed-N.mmk`; with --minimize, each minimized script\n"
	"              to DIR/NAME.min.mmk (seeds and files alike)\n"
	"  --minimize  shrink each disagreeing script to the fewest statements\n"
	"              that still show its first disagreement (delta debugging)\n"
	"              and print it\n"
	"  --json      print one JSON object on stdout instead: status (agree,\n"
	"              disagree, error, malformed), and per file or seed its\n"
	"              statements, compared observations and disagreements\n"
	"              (line, statement, mm, key, kernel, mmkit); the summary\n"
	"              line then goes to stderr\n"
	"  -h, --help  this text\n"
	"\n"
	"output: each disagreement as\n"
	"    FILE:LINE: STATEMENT: [mm NAME ]KEY: kernel X, mmkit Y\n"
	"  told where it appears or changes (a figure that stays wrong is not\n"
	"  told again after every statement); --random prints only disagreeing\n"
	"  seeds, with their script and first disagreements.  The last line:\n"
	"    kdiff: N files|seeds, M agreed fully, K statements compared,\n"
	"    D disagreements\n"
	"\n"
	"cannot run (exit 2, `FILE:LINE:COL: kdiff cannot run this on the\n"
	"  kernel: ...`): pin get unpin dma-* migrate unbind dev-* device bug,\n"
	"  thread blocks, huge and dev= mappings, THP advice, and any range that\n"
	"  meets the agent's own memory (its 512 GiB regions at 0x2a8000000000\n"
	"  and 0x550000000000; elsewhere in those regions pgtable is not\n"
	"  compared).  The kernel side needs Linux and /proc, and is not\n"
	"  available in sanitizer builds.\n"
	"\n"
	"exit status: 0 all agree, 1 a disagreement, 2 usage, malformed input or\n"
	"             no kernel side\n";

static void kdiff_usage_help(FILE *f)
{
	fputs(kdiff_help, f);
}

struct kdiff_args {
	int json, random, minimize, thp;
	const char *seeds, *keep, *ops;
	uint64_t ops_lo, ops_hi;
	uint64_t seed_lo, seed_hi;
	const char **files;
	int nfiles;
};

/* What every script adds to the summary. */
struct kdiff_total {
	uint64_t scripts, agreed, statements, compared, disagreements;
	int errors;
	int json_items;		/* scripts written to the JSON array */
};

/* "A-B" or "N" into [*lo, *hi] for --@opt.  0, or CLI_USAGE. */
static int parse_range(const char *opt, const char *text, uint64_t *lo, uint64_t *hi)
{
	const char *dash = strchr(text, '-');
	size_t l1 = dash ? (size_t)(dash - text) : strlen(text);
	const char *why;

	if (number_parse(text, l1, lo, &why) ||
	    (dash && number_parse(dash + 1, strlen(dash + 1), hi, &why)))
		return cli_usage("kdiff", "--%s needs A-B or N (numbers), got `%s`",
				 opt, text);
	if (!dash)
		*hi = *lo;
	if (*hi < *lo)
		return cli_usage("kdiff", "--%s %s: the range is empty", opt, text);
	return 0;
}

/* --seeds and --ops.  0, or CLI_USAGE. */
static int parse_ranges(struct kdiff_args *a)
{
	int rc = parse_range("seeds", a->seeds, &a->seed_lo, &a->seed_hi);

	if (rc)
		return rc;
	if (a->seed_hi - a->seed_lo >= MAX_SEEDS)
		return cli_usage("kdiff", "--seeds %s: more than %d seeds", a->seeds,
				 MAX_SEEDS);
	rc = parse_range("ops", a->ops, &a->ops_lo, &a->ops_hi);
	if (rc)
		return rc;
	if (!a->ops_lo || a->ops_hi > 100000)
		return cli_usage("kdiff", "--ops %s: from 1 to 100000 operations", a->ops);
	return 0;
}

/* The operations of @seed's script: the same for a seed on every run. */
static uint64_t seed_ops(const struct kdiff_args *a, uint64_t seed)
{
	uint64_t state = seed ^ 0x6f70730000000000ULL;	/* "ops" */

	if (a->ops_lo == a->ops_hi)
		return a->ops_lo;
	return a->ops_lo + splitmix64(&state) % (a->ops_hi - a->ops_lo + 1);
}

static int parse_kdiff_args(int argc, char **argv, struct kdiff_args *a)
{
	bool seeds_given = false, ops_given = false;
	const struct cli_opt opts[] = {
		{ .name = "json", .kind = CLI_FLAG, .dst = &a->json },
		{ .name = "random", .kind = CLI_FLAG, .dst = &a->random },
		{ .name = "minimize", .kind = CLI_FLAG, .dst = &a->minimize },
		{ .name = "thp", .kind = CLI_FLAG, .dst = &a->thp },
		{ .name = "seeds", .kind = CLI_TEXT, .dst = &a->seeds,
		  .what = "A-B", .given = &seeds_given },
		{ .name = "ops", .kind = CLI_TEXT, .dst = &a->ops,
		  .what = "A-B", .given = &ops_given },
		{ .name = "keep", .kind = CLI_TEXT, .dst = &a->keep,
		  .what = "a directory" },
		{ .name = NULL },
	};
	const struct cli cli = { "kdiff", kdiff_usage_help, opts, 0, -1, "" };
	int rc;

	a->seeds = "1-100";
	a->ops = "50";
	rc = cli_parse(&cli, argc, argv, &a->files, &a->nfiles);
	if (rc)
		return rc;
	if (a->random && a->nfiles)
		return cli_usage("kdiff", "--random runs generated scripts: no FILE "
				 "too (got `%s`)", a->files[0]);
	if (!a->random && !a->nfiles)
		return cli_usage("kdiff", "no script given (FILE... or --random)");
	if (!a->random && a->thp)
		return cli_usage("kdiff", "--thp needs --random");
	if (!a->random && (seeds_given || ops_given))
		return cli_usage("kdiff", "--%s needs --random",
				 seeds_given ? "seeds" : "ops");
	if (a->keep && mkdir(a->keep, 0777) && errno != EEXIST)
		return cli_usage("kdiff", "--keep %s: %s", a->keep, strerror(errno));
	return a->random ? parse_ranges(a) : 0;
}

/* ---- output ---- */

static void total_add(struct kdiff_total *t, const struct kd_result *res)
{
	t->scripts++;
	t->agreed += !res->n && !res->error[0];
	t->statements += res->statements;
	t->compared += res->compared;
	t->disagreements += (uint64_t)res->n;
	t->errors += !!res->error[0];
}

static void print_summary(FILE *f, const struct kdiff_total *t, const char *what)
{
	fprintf(f, "kdiff: %" PRIu64 " %s, %" PRIu64 " agreed fully, %" PRIu64
		" statements compared, %" PRIu64 " disagreements\n", t->scripts,
		what, t->agreed, t->statements, t->disagreements);
}

static void json_open(const struct kside *k)
{
	printf("{\"policy\": \"linux\", \"frames\": %s,\n \"scripts\": [",
	       kside_frames(k) ? "true" : "false");
}

/* One script of the JSON array: file (or seed), its result, minimized. */
static void json_script(struct kdiff_total *t, const char *file, int64_t seed,
			const struct kd_result *res, const char *minimized)
{
	printf("%s\n  {\"file\": ", t->json_items++ ? "," : "");
	json_string(stdout, file);
	if (seed >= 0)
		printf(", \"seed\": %" PRId64, seed);
	fputs(", ", stdout);
	kd_json_result(stdout, res);
	if (minimized) {
		fputs(", \"minimized\": ", stdout);
		json_string(stdout, minimized);
	}
	fputc('}', stdout);
}

static void json_close(const struct kdiff_total *t)
{
	const char *status = t->errors ? "error" :
			     t->disagreements ? "disagree" : "agree";

	printf("],\n \"summary\": {\"scripts\": %" PRIu64 ", \"agreed\": %" PRIu64
	       ", \"statements\": %" PRIu64 ", \"compared\": %" PRIu64
	       ", \"disagreements\": %" PRIu64 "},\n \"status\": \"%s\"}\n",
	       t->scripts, t->agreed, t->statements, t->compared,
	       t->disagreements, status);
}

/* --json when nothing ran: status and message only. */
static void json_failure(const char *status, const char *msg)
{
	printf("{\"status\": \"%s\", \"message\": ", status);
	json_string(stdout, msg);
	fputs("}\n", stdout);
}

static int exit_status(const struct kdiff_total *t)
{
	if (t->errors)
		return EXIT_USAGE;
	return t->disagreements ? EXIT_DISAGREE : 0;
}

/* Write @text to DIR/NAME.  Says so on stderr when it cannot. */
static void keep_file(const char *dir, const char *name, const char *text)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f || fputs(text, f) < 0 || fclose(f)) {
		fprintf(stderr, "kdiff: cannot write %s: %s\n", path, strerror(errno));
		return;
	}
}

/* @text indented, for a script printed among results. */
static void print_indented(const char *text)
{
	while (*text) {
		size_t len = strcspn(text, "\n");

		printf("    %.*s\n", (int)len, text);
		text += len + (text[len] != '\0');
	}
}

/* --minimize: the shorter script, printed (and kept), or NULL. */
static char *minimize(struct kside *k, const struct kdiff_args *a,
		      const char *text, const struct kd_result *res,
		      const char *keep_name)
{
	int runs = 0;
	char *min;

	if (!a->minimize || !res->n)
		return NULL;
	min = kd_minimize(k, text, &res->v[0], &runs);
	if (min && a->keep)
		keep_file(a->keep, keep_name, min);
	if (a->json)
		return min;
	if (!min) {
		printf("  minimize: nothing shorter shows it (%d candidates)\n", runs);
		return NULL;
	}
	printf("  minimized (%d candidates run):\n", runs);
	print_indented(min);
	return min;
}

/* ---- script files ---- */

/* Load and check every file before anything runs.  0, or 2. */
static int load_files(const struct kdiff_args *a, struct script **sc,
		      char *msg, size_t size)
{
	for (int i = 0; i < a->nfiles; i++) {
		if (script_load(a->files[i], &sc[i], msg, size))
			return 2;
		if (kd_check_statements(sc[i], msg, size)) {
			fprintf(stderr, "%s\n", msg);
			return 2;
		}
	}
	return 0;
}

static int check_files(const struct kdiff_args *a, struct script **sc,
		       const struct kside *k, char *msg, size_t size)
{
	for (int i = 0; i < a->nfiles; i++)
		if (kd_check_ranges(sc[i], &k->layout, msg, size)) {
			fprintf(stderr, "%s\n", msg);
			return 2;
		}
	return 0;
}

/* The text of a loaded file, for --minimize (malloc'd). */
static char *file_text(const char *path)
{
	FILE *f = fopen(path, "r");
	char *text = NULL;
	size_t cap = 0;
	ssize_t n;

	if (!f)
		return NULL;
	n = getdelim(&text, &cap, '\0', f);
	fclose(f);
	if (n < 0) {
		free(text);
		return NULL;
	}
	return text;
}

static void run_file(struct kside *k, const struct kdiff_args *a,
		     struct script *sc, struct kdiff_total *t)
{
	struct kd_opts o = { .live = a->json ? NULL : stdout, .quiet = a->json };
	struct kd_result res;
	char *text = NULL, *min = NULL;

	kd_run(k, sc, &o, &res);
	if (res.error[0])
		fprintf(stderr, "%s: %s\n", script_file(sc), res.error);
	if (res.n && a->minimize && strcmp(script_file(sc), "<stdin>")) {
		const char *base = strrchr(script_file(sc), '/');
		char name[4096];

		snprintf(name, sizeof(name), "%s.min.mmk",
			 base ? base + 1 : script_file(sc));
		text = file_text(script_file(sc));
		min = text ? minimize(k, a, text, &res, name) : NULL;
	}
	if (a->json)
		json_script(t, script_file(sc), -1, &res, min);
	total_add(t, &res);
	kd_result_free(&res);
	free(text);
	free(min);
}

static int run_files(const struct kdiff_args *a)
{
	struct script **sc = calloc((size_t)a->nfiles, sizeof(*sc));
	struct kdiff_total t = { 0 };
	struct kside k;
	char msg[1024];
	int rc = sc ? load_files(a, sc, msg, sizeof(msg)) : EXIT_USAGE;

	if (!rc && kside_open(&k, msg, sizeof(msg))) {
		fprintf(stderr, "%s\n", msg);
		rc = EXIT_USAGE;
	} else if (!rc) {
		rc = check_files(a, sc, &k, msg, sizeof(msg));
		if (!rc && a->json)
			json_open(&k);
		for (int i = 0; i < a->nfiles && !rc; i++)
			run_file(&k, a, sc[i], &t);
		if (!rc && a->json)
			json_close(&t);
		kside_close(&k);
	}
	if (rc && a->json)
		json_failure(rc == EXIT_USAGE ? "malformed" : "error", msg);
	if (!rc) {
		print_summary(a->json ? stderr : stdout, &t, "files");
		rc = exit_status(&t);
	}
	for (int i = 0; sc && i < a->nfiles; i++)
		script_free(sc[i]);
	free(sc);
	return rc;
}

/* ---- random scripts ---- */

/* A disagreeing seed: its script (or where it is kept), what disagreed. */
static void print_seed(const struct kdiff_args *a, uint64_t seed,
		       const char *text, const struct kd_result *res)
{
	char name[64];

	if (res->error[0])
		printf("seed %" PRIu64 ": kdiff could not compare: %s", seed,
		       res->error);
	else
		printf("seed %" PRIu64 ": %d disagreements", seed, res->n);
	if (a->keep) {
		printf(" (script: %s/seed-%" PRIu64 ".mmk)\n", a->keep, seed);
	} else {
		printf("; its script:\n");
		print_indented(text);
	}
	snprintf(name, sizeof(name), "seed-%" PRIu64, seed);
	for (int i = 0; i < res->n && i < SHOW_PER_SEED; i++) {
		fputs("  ", stdout);
		kd_print(stdout, name, &res->v[i]);
	}
	if (res->n > SHOW_PER_SEED)
		printf("  ... and %d more\n", res->n - SHOW_PER_SEED);
}

/* One seed: generate, check, run, report.  Returns 0, or 2. */
static int run_seed(struct kside *k, const struct kdiff_args *a, uint64_t seed,
		    struct kdiff_total *t)
{
	struct kd_opts o = { .live = NULL, .quiet = 1 };
	char *text = kd_generate(seed, seed_ops(a, seed), a->thp), *min = NULL, msg[1024];
	char name[64], file[80];
	struct script *sc = NULL;
	struct kd_result res;

	snprintf(name, sizeof(name), "seed-%" PRIu64, seed);
	if (!text || script_parse_text(name, text, &sc, msg, sizeof(msg)) ||
	    kd_check_statements(sc, msg, sizeof(msg)) ||
	    kd_check_ranges(sc, &k->layout, msg, sizeof(msg))) {
		fprintf(stderr, "kdiff: the generator made a script kdiff cannot "
			"run (a bug): %s\n", text ? msg : "out of memory");
		free(text);
		script_free(sc);
		return 2;
	}
	kd_run(k, sc, &o, &res);
	if ((res.n || res.error[0]) && a->keep) {
		snprintf(file, sizeof(file), "%s.mmk", name);
		keep_file(a->keep, file, text);
	}
	if ((res.n || res.error[0]) && !a->json)
		print_seed(a, seed, text, &res);
	snprintf(file, sizeof(file), "%s.min.mmk", name);
	min = minimize(k, a, text, &res, file);
	if (a->json)
		json_script(t, name, (int64_t)seed, &res, min);
	fflush(stdout);
	total_add(t, &res);
	kd_result_free(&res);
	script_free(sc);
	free(text);
	free(min);
	return 0;
}

static int run_random(const struct kdiff_args *a)
{
	struct kdiff_total t = { 0 };
	struct progress p;
	struct kside k;
	char msg[1024];
	int rc = 0;

	if (kside_open(&k, msg, sizeof(msg))) {
		fprintf(stderr, "%s\n", msg);
		if (a->json)
			json_failure("error", msg);
		return EXIT_USAGE;
	}
	if (!kside_frames(&k))
		fprintf(stderr, "kdiff: page-frame keys (mapcount anon zero dirty thp, "
			"same-frame) are not compared: they need root "
			"(/proc/kpageflags)\n");
	progress_init(&p);
	if (a->json)
		json_open(&k);
	for (uint64_t i = 0, n = a->seed_hi - a->seed_lo + 1; !rc && i < n; i++) {
		progress_show(&p, "kdiff", (double)(i + 1) / (double)n,
			      "seed %" PRIu64, a->seed_lo + i);
		rc = run_seed(&k, a, a->seed_lo + i, &t);
	}
	progress_clear(&p);
	if (a->json)
		json_close(&t);
	kside_close(&k);
	print_summary(a->json ? stderr : stdout, &t, "seeds");
	return rc ? rc : exit_status(&t);
}

int cmd_kdiff(int argc, char **argv)
{
	struct kdiff_args a;
	int rc;

	memset(&a, 0, sizeof(a));
	rc = parse_kdiff_args(argc, argv, &a);
	if (!rc)
		rc = a.random ? run_random(&a) : run_files(&a);
	else if (rc == CLI_HELP)
		rc = 0;
	free(a.files);
	fflush(stdout);
	return rc;
}

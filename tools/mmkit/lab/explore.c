/* SPDX-License-Identifier: MIT */
/*
 * lab/explore.c - `mmkit explore`: every interleaving of a threaded script's
 * `run` blocks with at most K preemptions (shared/spec/cli.md), under the
 * library's explorer (mmkit/explore.h), with the invariant checker on.
 *
 * Each interleaving is one complete run of the script on a fresh machine
 * (script_run() with run_opts.explore and .check): the statements before
 * and after `run` blocks are run each time too.  An interleaving fails if
 * any statement fails: an operation error, an expectation, or a violation
 * the checker found (continuously while threads run, fully between
 * statements where every thread is between statements, and after `run`).
 * The first failure stops the exploration; its interleaving is run again
 * with the trace on and printed with a replay token.
 *
 * Replay tokens
 * -------------
 *   x1.POLICY.BUGS.K.HASH.CHOICES.SUM
 * POLICY the policy name; BUGS the enum mmk_bug bits in hex; K the
 * preemption bound; HASH 8 hex digits of FNV-1a over the script's
 * statements (line numbers and text, comments excluded), so a token is
 * refused for another script; CHOICES the choice sequence, run-length
 * coded: decimal count of default choices (0) before each non-default
 * one, which is a letter (a = 1 ... z = 26, A = 27 ... F = 32); default
 * choices after the last letter are implied; SUM 4 hex digits of FNV-1a
 * over everything before it.
 *
 * The process state a deadlock leaves (threads that cannot be unwound)
 * is why the deadlock handler prints its report and exits at once.  It
 * reaches the report through one per-process pointer (stuck_ctx), the
 * only global state of this file.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "common/clock.h"
#include "common/json.h"
#include "lab/lab.h"
#include "script/script.h"

#define EXIT_FAILED 1
#define EXIT_USAGE 2
#define TOKEN_MAX 8192
#define CHOICE_LETTERS "abcdefghijklmnopqrstuvwxyzABCDEF"

static const char explore_help[] =
	"usage: mmkit explore [--policy P] [--preemptions K] [--bug NAME]\n"
	"                     [--replay TOKEN] [--json] FILE\n"
	"\n"
	"Run the thread blocks of a script (`thread ... run`, script.md) under a\n"
	"deterministic scheduler through every interleaving with at most K\n"
	"preemptions, with the invariant checker on (as `mmkit run --check`).\n"
	"The scheduler switches threads only at the points of mmkit's\n"
	"synchronisation layer (locks, atomics, page-table entry reads and\n"
	"writes, RCU, TLB fill and flush); a switch away from a thread that could\n"
	"go on is a preemption, one when it blocks or ends is free.  RCU grace\n"
	"periods and callbacks are scheduled events: callbacks run on a thread of\n"
	"their own, `rcu`.  Each interleaving runs the whole script on a fresh\n"
	"machine; statements outside thread blocks run the same way every time.\n"
	"\n"
	"options (`--opt VALUE` or `--opt=VALUE`):\n"
	"  --policy P        page-table policy, overriding the script's\n"
	"  --preemptions K   the preemption bound (default 2)\n"
	"  --bug NAME        switch a historical bug back on (repeatable), as\n"
	"                    the `bug` statement does\n"
	"  --replay TOKEN    run the one interleaving a violation report gave,\n"
	"                    with its trace (the token fixes policy, bugs and K)\n"
	"  --shard I/N       explore only shard I (0..N-1) of N: subtrees of the\n"
	"                    search dealt out round-robin, about 64 per shard; the\n"
	"                    N shards' interleavings add up to the whole search's.\n"
	"                    With --por the decisions above a fixed depth are\n"
	"                    explored in full and the 256 or so subtrees there\n"
	"                    dealt out, each reduced by its shard: together the\n"
	"                    shards find what --por alone finds, in more\n"
	"                    interleavings, the same number for every N\n"
	"  --merge           FILE... are the --json outputs of the shards of one\n"
	"                    search: print their sum (with --json: as one object)\n"
	"  --por             partial-order reduction: interleavings that differ\n"
	"                    only in the order of independent steps run once\n"
	"                    (docs/race-lab.md)\n"
	"  --no-sleep-sets   --por without sleep sets (to compare; slower)\n"
	"  --max N           stop after N interleavings\n"
	"  --seconds S       stop after S seconds (the interleaving running then\n"
	"                    finishes first)\n"
	"  --json            print one JSON object on stdout instead of the last\n"
	"                    line: file, policy, bugs, bound, status (ok,\n"
	"                    violation), interleavings, and on a violation its\n"
	"                    message, replay token and every step of the trace\n"
	"                    (thread, point, object, statement, switches), for\n"
	"                    `mmkit report`; the report on stderr stays\n"
	"  -h, --help        this text\n"
	"\n"
	"An interleaving fails when a statement fails (an error, an expectation,\n"
	"or an invariant the checker finds), or when no thread can go on (a\n"
	"deadlock).  The first failure is printed on stderr: the failing\n"
	"statement and the invariant, the interleaving step by step (thread,\n"
	"point, object, statement; where the scheduler switched), and a replay\n"
	"token.  The last line on stdout is `explored N interleavings`.\n"
	"\n"
	"Progress (on a terminal) and a run stopped by --max or --seconds give\n"
	"the share of the search done and an estimate of its size: each choice\n"
	"on the path just run is taken to split what is below it evenly (a\n"
	"depth-first search's usual estimate: rough early, exact at the end).\n"
	"With --por each alternative still to run is taken to hold as many\n"
	"interleavings as the subtrees completed at its depth did, on average.\n"
	"\n"
	"exit status: 0 no violation in any interleaving explored (all of them,\n"
	"             unless --max or --seconds stopped the search: stderr says\n"
	"             so), 1 a violation, 2 usage error, malformed script, or a\n"
	"             token that does not fit\n";

struct explore_args {
	int policy;		/* -1: the script's */
	int json;		/* --json: the result as JSON on stdout */
	int k;
	uint64_t bugs;
	const char *token;
	const char *file;
	uint64_t max;		/* --max: interleavings (0: no bound) */
	double seconds;		/* --seconds (0: no bound) */
	/* how the search ended */
	int stopped;		/* by --max or --seconds, before the end */
	double covered;		/* share of the search done (1: all) */
	const char *shard;	/* --shard I/N, as given */
	unsigned int shard_i, shard_n;	/* parsed; shard_n 0: none */
	int merge;		/* --merge: the files are shard results */
	int por;		/* --por: partial-order reduction */
	int no_sleep;		/* --no-sleep-sets: --por without them */
	const char **files;	/* --merge: every FILE */
	int nfiles;
};

/* About this many subtrees per shard (mmk_explore_set_shard's @depth). */
#define SHARD_DEPTH 64
/*
 * With --por, about this many subtrees in all, whatever N: enough for
 * dozens of shards; the full exploration above them is what sharding
 * --por costs (docs/race-lab.md, "Shards").
 */
#define POR_SHARD_UNITS 256

/* What a deadlock report needs (see the header comment). */
struct stuck_ctx {
	const struct script *sc;
	const struct run_opts *o;
	const struct explore_args *a;
	int policy;
	uint64_t bugs;
};
static struct stuck_ctx *stuck_ctx;

static void explore_help_print(FILE *f)
{
	fputs(explore_help, f);
}

/* 0, CLI_USAGE (printed) or CLI_HELP (help printed). */
static int parse_args(int argc, char **argv, struct explore_args *a)
{
	uint64_t k = 2;
	const struct cli_opt opts[] = {
		{ .name = "policy", .kind = CLI_POLICY, .dst = &a->policy },
		{ .name = "preemptions", .kind = CLI_COUNT, .dst = &k, .max = 1000 },
		{ .name = "bug", .kind = CLI_BUG, .dst = &a->bugs },
		{ .name = "replay", .kind = CLI_TEXT, .dst = &a->token, .what = "a replay token" },
		{ .name = "json", .kind = CLI_FLAG, .dst = &a->json },
		{ .name = "shard", .kind = CLI_TEXT, .dst = &a->shard, .what = "I/N" },
		{ .name = "merge", .kind = CLI_FLAG, .dst = &a->merge },
		{ .name = "por", .kind = CLI_FLAG, .dst = &a->por },
		{ .name = "no-sleep-sets", .kind = CLI_FLAG, .dst = &a->no_sleep },
		{ .name = "max", .kind = CLI_COUNT, .dst = &a->max, .min = 1,
		  .max = UINT64_MAX },
		{ .name = "seconds", .kind = CLI_SECONDS, .dst = &a->seconds,
		  .max = 1000000 },
		{ .name = NULL },
	};
	const struct cli cli = { "explore", explore_help_print, opts, 1, 4096,
				 "no script given" };
	const char **args;
	int nargs, rc;

	a->policy = -1;
	rc = cli_parse(&cli, argc, argv, &args, &nargs);
	if (rc)
		return rc;
	a->k = (int)k;
	a->file = args[0];
	if (!a->merge && nargs > 1) {
		rc = cli_usage("explore", "one FILE only, got `%s` too", args[1]);
		free(args);
		return rc;
	}
	if (a->merge && (a->shard || a->token || a->max || a->seconds > 0)) {
		free(args);
		return cli_usage("explore", "--merge takes the shards' --json files "
				 "only (and --json)");
	}
	a->files = args;
	a->nfiles = nargs;
	return a->shard ? cli_shard("explore", a->shard, &a->shard_i, &a->shard_n) : 0;
}

/* ---- tokens ---- */

static uint32_t fnv1a(uint32_t h, const void *p, size_t n)
{
	const unsigned char *c = p;

	for (size_t i = 0; i < n; i++)
		h = (h ^ c[i]) * 16777619u;
	return h;
}

static uint32_t script_hash(const struct script *sc)
{
	uint32_t h = 2166136261u;

	for (int i = 0; i < script_nstmts(sc); i++) {
		int line;
		const char *text = script_stmt(sc, i, &line);

		h = fnv1a(h, &line, sizeof(line));
		h = fnv1a(h, text, strlen(text) + 1);
	}
	return h;
}

/* Write the token for @k[0..n) into @buf; false if it does not fit. */
static int token_make(char *buf, size_t size, int policy, uint64_t bugs, int kmax,
		      uint32_t hash, const uint8_t *k, size_t n)
{
	size_t len, zeros = 0;

	len = (size_t)snprintf(buf, size, "x1.%s.%llx.%d.%08x.",
			       mmk_policy_name((enum mmk_policy)policy),
			       (unsigned long long)bugs, kmax, hash);
	for (size_t i = 0; i < n && len < size; i++) {
		if (!k[i]) {
			zeros++;
			continue;
		}
		if (zeros)
			len += (size_t)snprintf(buf + len, size - len, "%zu", zeros);
		if (len < size)
			len += (size_t)snprintf(buf + len, size - len, "%c",
						CHOICE_LETTERS[k[i] - 1]);
		zeros = 0;
	}
	if (len >= size)
		return 0;
	len += (size_t)snprintf(buf + len, size - len, ".%04x",
				fnv1a(2166136261u, buf, len) & 0xffff);
	return len < size;
}

struct token {
	int policy;
	uint64_t bugs;
	int k;
	uint32_t hash;
	uint8_t *choices;
	size_t n;
};

/* Parse @s; NULL or the reason it is not a token. */
static const char *token_parse(const char *s, struct token *t)
{
	char policy[32];
	unsigned long long bugs;
	unsigned int hash, sum;
	int k, pos = 0;
	const char *choices, *dot;
	memset(t, 0, sizeof(*t));
	if (sscanf(s, "x1.%31[a-z].%llx.%d.%8x.%n", policy, &bugs, &k, &hash, &pos) != 4 || !pos)
		return "not a replay token (x1.POLICY.BUGS.K.HASH.CHOICES.SUM)";
	choices = s + pos;
	dot = strchr(choices, '.');
	if (!dot || sscanf(dot, ".%4x", &sum) != 1 || strlen(dot) != 5)
		return "not a replay token (x1.POLICY.BUGS.K.HASH.CHOICES.SUM)";
	if ((fnv1a(2166136261u, s, (size_t)(dot - s)) & 0xffff) != sum)
		return "the token's checksum does not match: it was changed or cut";
	t->policy = mmk_policy_parse(policy);
	if (t->policy < 0 || k < 0 || k > 1000)
		return "the token names no policy or bound mmkit knows";
	for (unsigned int b = 0; b < 64; b++)
		if ((bugs >> b & 1) && b >= MMK_NR_BUGS)
			return "the token names a bug this build lacks";
	t->bugs = bugs;
	t->k = k;
	t->hash = hash;
	for (const char *c = choices; c < dot;) {
		size_t zeros = 0;
		const char *l;

		while (c < dot && *c >= '0' && *c <= '9') {
			zeros = zeros * 10 + (size_t)(*c++ - '0');
			if (zeros > 100000000)
				return "the token's choice sequence is too long";
		}
		if (c == dot || !(l = strchr(CHOICE_LETTERS, *c)) || !*c)
			return "the token's choice sequence is malformed";
		c++;
		uint8_t *n = realloc(t->choices, t->n + zeros + 1);
		if (!n)
			return "out of memory";
		t->choices = n;
		memset(t->choices + t->n, 0, zeros);
		t->n += zeros;
		t->choices[t->n++] = (uint8_t)(l - CHOICE_LETTERS + 1);
	}
	return NULL;
}

/* ---- reports ---- */

static void print_step(const struct mmk_explorer *ex, const struct mmk_explore_step *s,
		       size_t i)
{
	fprintf(stderr, "    #%-5zu %-4s %-12s %s", i + 1,
		mmk_explore_thread_name(ex, s->thread), mmk_explore_kind_name(s->kind),
		s->what);
	if (s->next >= 0)
		fprintf(stderr, "  -> %s%s runs", s->preempted ? "PREEMPTED, " : "",
			mmk_explore_thread_name(ex, s->next));
	fputc('\n', stderr);
}

/*
 * The trace, one block per stretch of one thread: its statement, its
 * first steps and the last ones before the switch (where races happen).
 */
static void print_trace(const struct mmk_explorer *ex)
{
	size_t n, i = 0;
	const struct mmk_explore_step *st = mmk_explore_trace(ex, &n);

	if (!n) {
		fprintf(stderr, "interleaving: replay the token below to see it\n");
		return;
	}
	fprintf(stderr, "interleaving (step, thread, point, object; -> where the "
		"scheduler switched):\n");
	while (i < n) {
		size_t j = i;

		while (j + 1 < n && st[j + 1].thread == st[i].thread && st[j].next < 0)
			j++;
		fprintf(stderr, "  %s: %s\n", mmk_explore_thread_name(ex, st[i].thread),
			st[i].label ? st[i].label : "(start)");
		for (size_t s = i; s <= j; s++) {
			if (s == i + 2 && j - i > 7) {
				fprintf(stderr, "    ... %zu steps ...\n", j - i - 6);
				s = j - 4;
				continue;
			}
			if (s > i && st[s].label != st[s - 1].label)
				fprintf(stderr, "  %s: %s\n",
					mmk_explore_thread_name(ex, st[s].thread),
					st[s].label ? st[s].label : "");
			print_step(ex, &st[s], s);
		}
		i = j + 1;
	}
}

/* The token of the last execution into @token; 0 if it does not fit. */
static int last_token(char *token, size_t size, const struct script *sc, int policy,
		      uint64_t bugs, int k, const struct mmk_explorer *ex)
{
	size_t n;
	const uint8_t *ch = mmk_explore_choices(ex, &n);

	return token_make(token, size, policy, bugs, k, script_hash(sc), ch, n);
}

static void print_token_line(const struct script *sc, int policy, uint64_t bugs, int k,
			     const struct mmk_explorer *ex, const char *file)
{
	char token[TOKEN_MAX];

	if (last_token(token, sizeof(token), sc, policy, bugs, k, ex))
		fprintf(stderr, "replay: mmkit explore --replay %s %s\n", token, file);
	else
		fprintf(stderr, "replay: the choice sequence is too long for a token\n");
}

static void list_bugs(uint64_t bugs, char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = '\0';
	for (unsigned int b = 0; b < MMK_NR_BUGS && len < size; b++)
		if (bugs >> b & 1)
			len += (size_t)snprintf(buf + len, size - len, "%s%s",
						len ? " " : "", mmk_bug_name(1u << b));
}

/* What the JSON says of a violation (NULL: none was found). */
struct found {
	const char *message, *checks;
	uint64_t which;		/* its interleaving, counted from 1 */
};

static void json_bugs(FILE *f, uint64_t bugs)
{
	const char *sep = "";

	fputc('[', f);
	for (unsigned int b = 0; b < MMK_NR_BUGS; b++)
		if (bugs >> b & 1) {
			fputs(sep, f);
			json_string(f, mmk_bug_name(1u << b));
			sep = ", ";
		}
	fputc(']', f);
}

/* Every step of the last (traced) execution, and its threads. */
static void json_trace(FILE *f, const struct mmk_explorer *ex)
{
	size_t n;
	const struct mmk_explore_step *st = mmk_explore_trace(ex, &n);
	int nthreads = 0;

	for (size_t i = 0; i < n; i++)
		if (st[i].thread + 1 > nthreads)
			nthreads = st[i].thread + 1;
	fputs(", \"threads\": [", f);
	for (int t = 0; t < nthreads; t++) {
		fputs(t ? ", " : "", f);
		json_string(f, mmk_explore_thread_name(ex, t));
	}
	fputs("], \"steps\": [", f);
	for (size_t i = 0; i < n; i++) {
		fprintf(f, "%s{\"thread\": ", i ? ", " : "");
		json_string(f, mmk_explore_thread_name(ex, st[i].thread));
		fputs(", \"kind\": ", f);
		json_string(f, mmk_explore_kind_name(st[i].kind));
		fputs(", \"what\": ", f);
		json_string(f, st[i].what);
		fputs(", \"statement\": ", f);
		json_string(f, st[i].label ? st[i].label : "");
		if (st[i].next >= 0) {
			fputs(", \"switch_to\": ", f);
			json_string(f, mmk_explore_thread_name(ex, st[i].next));
			fprintf(f, ", \"preempted\": %s", st[i].preempted ? "true" : "false");
		}
		fputc('}', f);
	}
	fputc(']', f);
}

/*
 * The end of a run: `explored N interleavings` on stdout, or with --json
 * that line on stderr and the result as one JSON object on stdout.
 */
static void print_result(const struct script *sc, const struct explore_args *a,
			 int policy, uint64_t bugs, const struct mmk_explorer *ex,
			 uint64_t explored, const struct found *v)
{
	char token[TOKEN_MAX];

	/* Cut executions repeat explored classes: said apart, on stderr. */
	if (mmk_explore_sleep_blocked(ex))
		fprintf(stderr, "explore: %llu more executions cut by sleep sets (not "
			"counted)\n", (unsigned long long)mmk_explore_sleep_blocked(ex));
	fprintf(a->json ? stderr : stdout, "explored %llu interleavings\n",
		(unsigned long long)explored);
	if (!a->json)
		return;
	fputs("{\"command\": \"explore\", \"file\": ", stdout);
	json_string(stdout, a->file);
	fputs(", \"policy\": ", stdout);
	json_string(stdout, mmk_policy_name((enum mmk_policy)policy));
	fputs(", \"bugs\": ", stdout);
	json_bugs(stdout, bugs);
	fprintf(stdout, ", \"por\": %s", a->por && !a->token ? "true" : "false");
	if (a->por && !a->token)
		fprintf(stdout, ", \"sleep_sets\": %s, \"sleep_blocked\": %llu",
			a->no_sleep ? "false" : "true",
			(unsigned long long)mmk_explore_sleep_blocked(ex));
	fprintf(stdout, ", \"preemptions_bound\": %d, \"status\": \"%s\", "
		"\"interleavings\": %llu, \"complete\": %s, \"covered\": %.6g, "
		"\"estimated_total\": %.0f", a->k, v ? "violation" : "ok",
		(unsigned long long)explored, !v && !a->stopped ? "true" : "false",
		a->covered, a->covered > 0 ? (double)explored / a->covered : 0.0);
	if (a->shard_n)
		fprintf(stdout, ", \"shard\": \"%u/%u\", \"skipped\": %llu", a->shard_i,
			a->shard_n, (unsigned long long)mmk_explore_skipped(ex));
	if (v) {
		fprintf(stdout, ", \"violation\": {\"interleaving\": %llu, "
			"\"preemptions\": %d, \"message\": ", (unsigned long long)v->which,
			mmk_explore_preemptions(ex));
		json_string(stdout, v->message);
		if (v->checks) {
			fputs(", \"checks\": ", stdout);
			json_string(stdout, v->checks);
		}
		if (last_token(token, sizeof(token), sc, policy, bugs, a->k, ex)) {
			fputs(", \"token\": ", stdout);
			json_string(stdout, token);
		}
		json_trace(stdout, ex);
		fputc('}', stdout);
	}
	fputs("}\n", stdout);
}

static void print_violation(const struct script *sc, const struct explore_args *a,
			    int policy, uint64_t bugs, const struct mmk_explorer *ex,
			    const char *message, const char *checks, uint64_t which)
{
	char bn[256];

	list_bugs(bugs, bn, sizeof(bn));
	fprintf(stderr, "explore: violation in interleaving %llu (%d preemption%s), "
		"policy %s%s%s:\n", (unsigned long long)which, mmk_explore_preemptions(ex),
		mmk_explore_preemptions(ex) == 1 ? "" : "s",
		mmk_policy_name((enum mmk_policy)policy), bn[0] ? ", bug " : "", bn);
	fprintf(stderr, "  %s\n", message);
	/* A data check names no invariant itself: say which one it checks. */
	if (checks)
		fprintf(stderr, "  (%s)\n", checks);
	print_trace(ex);
	print_token_line(sc, policy, bugs, a->k, ex, a->file);
}

static void on_stuck(struct mmk_explorer *ex, void *arg)
{
	struct stuck_ctx *c = stuck_ctx;

	(void)arg;
	fflush(stdout);
	struct found v = { mmk_explore_error(ex), NULL, mmk_explore_count(ex) + 1 };

	print_violation(c->sc, c->a, c->policy, c->bugs, ex, v.message, NULL, v.which);
	print_result(c->sc, c->a, c->policy, c->bugs, ex, v.which, &v);
	fflush(stdout);
	fflush(stderr);
	_exit(EXIT_FAILED);
}

/* ---- running ---- */

/* One interleaving: 0 ok, 1 a statement failed (rep->message). */
static int run_one(struct mmk_explorer *ex, const struct script *sc,
		   const struct run_opts *o, struct file_report *rep)
{
	int rc;

	memset(rep, 0, sizeof(*rep));
	mmk_explore_exec_begin(ex);
	rc = script_run(sc, o, rep);
	mmk_explore_exec_end(ex);
	return rc;
}

static int explore_all(struct mmk_explorer *ex, const struct script *sc,
		       const struct run_opts *o, struct explore_args *a,
		       int policy, uint64_t bugs)
{
	struct file_report *rep = calloc(1, sizeof(*rep));
	int rc = 0, reran = 0;
	struct progress bar;
	char first[sizeof(rep->message)];
	struct found v = { first, NULL, 0 };

	double t0 = clock_seconds();

	progress_init(&bar);
	if (!rep)
		return EXIT_FAILED;
	for (;;) {
		int failed = run_one(ex, sc, o, rep), stop;

		/* Another shard's interleaving, run only to find where we are:
		 * that shard reports what goes wrong in it. */
		if (failed && mmk_explore_owned(ex)) {
			a->covered = mmk_explore_covered(ex);
			rc = EXIT_FAILED;
			break;
		}
		if (mmk_explore_error(ex)) {
			rc = EXIT_FAILED;
			break;
		}
		stop = (a->max && mmk_explore_count(ex) >= a->max) ||
		       (a->seconds > 0 && clock_seconds() - t0 >= a->seconds);
		/* The estimate walks the whole path: only when it is shown. */
		if (stop || bar.on) {
			a->covered = mmk_explore_covered(ex);
			progress_show(&bar, "explore:", a->covered,
				      "%llu of about %.0f interleavings",
				      (unsigned long long)mmk_explore_count(ex),
				      (double)mmk_explore_count(ex) / a->covered);
		}
		if (!mmk_explore_next(ex)) {
			a->covered = 1;
			break;
		}
		if (stop) {
			a->stopped = 1;
			break;
		}
	}
	progress_clear(&bar);
	if (a->stopped)
		fprintf(stderr, "explore: stopped by %s after %llu interleavings (%.1f s): about "
			"%.1f%% of the search within %d preemption%s, estimated at %.0f "
			"interleavings in all; none failed\n", a->max && mmk_explore_count(ex) >= a->max ?
			"--max" : "--seconds", (unsigned long long)mmk_explore_count(ex),
			clock_seconds() - t0, 100 * a->covered, a->k, a->k == 1 ? "" : "s",
			(double)mmk_explore_count(ex) / a->covered);
	if (rc && !mmk_explore_error(ex)) {
		/* Run the failing interleaving again, traced, to show it. */
		uint64_t which = mmk_explore_count(ex);
		const char *checks = rep->checks;
		size_t n;
		const uint8_t *ch = mmk_explore_choices(ex, &n);

		snprintf(first, sizeof(first), "%s", rep->message);
		if (mmk_explore_set_prefix(ex, ch, n) == 0) {
			mmk_explore_set_trace(ex, true);
			run_one(ex, sc, o, rep);
			reran = 1;
		}
		print_violation(sc, a, policy, bugs, ex, first, checks, which);
		v.checks = checks;
		v.which = which;
		if (mmk_explore_error(ex) || strcmp(first, rep->message))
			fprintf(stderr, "explore: warning: the traced rerun ended "
				"differently (%s): the run is not deterministic\n",
				mmk_explore_error(ex) ? mmk_explore_error(ex) : rep->message);
	} else if (rc) {
		fprintf(stderr, "explore: the run is not deterministic: %s\n",
			mmk_explore_error(ex));
	}
	print_result(sc, a, policy, bugs, ex, mmk_explore_count(ex) - (uint64_t)reran,
		     v.which ? &v : NULL);
	free(rep);
	return rc;
}

static int replay(struct mmk_explorer *ex, const struct script *sc,
		  const struct run_opts *o, const struct explore_args *a,
		  const struct token *t)
{
	struct file_report *rep = calloc(1, sizeof(*rep));
	int rc;

	if (!rep || mmk_explore_set_prefix(ex, t->choices, t->n)) {
		free(rep);
		fprintf(stderr, "mmkit: explore: out of memory\n");
		return EXIT_FAILED;
	}
	mmk_explore_set_trace(ex, true);
	rc = run_one(ex, sc, o, rep);
	if (mmk_explore_error(ex)) {
		fprintf(stderr, "mmkit: explore: --replay: the token does not fit %s: %s\n",
			a->file, mmk_explore_error(ex));
		free(rep);
		return EXIT_USAGE;
	}
	struct found v = { rep->message, rep->checks, 1 };

	if (rc)
		print_violation(sc, a, t->policy, t->bugs, ex, rep->message,
				rep->checks, 1);
	print_result(sc, a, t->policy, t->bugs, ex, 1, rc ? &v : NULL);
	free(rep);
	return rc ? EXIT_FAILED : 0;
}

int cmd_explore(int argc, char **argv)
{
	struct explore_args a = { 0 };
	struct script *sc = NULL;
	struct run_opts o = { 0 };
	struct mmk_explorer *ex = NULL;
	struct token t = { 0 };
	struct stuck_ctx ctx;
	char msg[1024];
	int rc = parse_args(argc, argv, &a);

	if (rc) {
		free(a.files);
		return rc == CLI_HELP ? 0 : rc;
	}
	if (a.merge) {
		rc = explore_merge(a.files, a.nfiles, a.json);
		free(a.files);
		return rc;
	}
	free(a.files);
	a.files = NULL;
	if (a.token) {
		const char *why = token_parse(a.token, &t);

		if (why) {
			free(t.choices);
			return cli_usage("explore", "--replay: %s", why);
		}
		if ((a.policy >= 0 && a.policy != t.policy) || (a.bugs && a.bugs != t.bugs)) {
			free(t.choices);
			return cli_usage("explore", "--replay: the token fixes the "
					 "policy and bugs; drop --policy and --bug");
		}
		a.k = t.k;
	}
	if (script_load(a.file, &sc, msg, sizeof(msg)))
		return EXIT_USAGE;
	if (a.token && t.hash != script_hash(sc)) {
		free(t.choices);
		script_free(sc);
		return cli_usage("explore", "--replay: the token was made for "
				 "another script than `%s`", a.file);
	}
	o.policy = a.token ? t.policy : a.policy;
	o.bugs = a.token ? t.bugs : a.bugs;
	o.check = 1;
	o.quiet = 1;
	rc = mmk_explorer_create(a.k, &ex);
	if (rc) {
		fprintf(stderr, "mmkit: explore: %s\n", strerror(-rc));
		script_free(sc);
		free(t.choices);
		return EXIT_FAILED;
	}
	if (a.shard_n)
		mmk_explore_set_shard(ex, a.shard_i, a.shard_n,
				      a.por && !a.token ? POR_SHARD_UNITS : SHARD_DEPTH);
	if (a.por && !a.token) {
		mmk_explore_set_por(ex, true);
		mmk_explore_set_sleep_sets(ex, !a.no_sleep);
	}
	o.explore = ex;
	ctx.sc = sc;
	ctx.o = &o;
	ctx.a = &a;
	ctx.policy = o.policy >= 0 ? o.policy : (int)script_policy(sc);
	ctx.bugs = script_bugs(sc) | o.bugs;
	stuck_ctx = &ctx;
	mmk_explore_set_on_stuck(ex, on_stuck, NULL);
	if (a.token)
		rc = replay(ex, sc, &o, &a, &t);
	else
		rc = explore_all(ex, sc, &o, &a, ctx.policy, ctx.bugs);
	stuck_ctx = NULL;
	mmk_explorer_destroy(ex);
	script_free(sc);
	free(t.choices);
	return rc;
}

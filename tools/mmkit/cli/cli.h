/* SPDX-License-Identifier: MIT */
/*
 * cli/cli.h - the one option layer every subcommand of `mmkit` uses
 * (shared/spec/cli.md): options, usage errors, help, and whether to show
 * progress.
 *
 * A command describes its options in a table (struct cli_opt) and calls
 * cli_parse(), which reads them with getopt_long: `--opt value` and
 * `--opt=value` are the same everywhere, options and arguments may come in
 * any order, `--` ends the options, `-` is an argument (standard input),
 * `-h` and `--help` print the command's help.  Long options must be
 * spelled out: getopt_long's abbreviations (`--pol`) are refused, so an
 * option added later cannot change what an old command line means.
 *
 * The kinds of value (enum cli_kind) each have one parser and one message,
 * so `--policy`, `--bug`, counts and durations read and complain alike in
 * every command.  A usage error prints
 *     mmkit: COMMAND: MESSAGE
 *     Try `mmkit COMMAND --help`.
 * on stderr; the command then exits 2.
 *
 * Progress bars go to stderr, only when stderr is a terminal
 * (cli_progress()): output that is piped or captured never gets one.
 */
#ifndef MMKIT_TOOL_CLI_H
#define MMKIT_TOOL_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define CLI_USAGE 2		/* the exit status of a usage error */
#define CLI_HELP (-1)		/* cli_parse(): the help was printed */
#define CLI_ALL (-2)		/* CLI_POLICY_ALL: `--policy all` */

enum cli_kind {
	CLI_FLAG,		/* --json: *(int *)dst = 1 */
	CLI_POLICY,		/* --policy P: *(int *)dst = enum mmk_policy */
	CLI_POLICY_ALL,		/* --policy P|all: `all` gives CLI_ALL */
	CLI_BUG,		/* --bug NAME, repeatable: *(uint64_t *)dst |= its bit */
	CLI_COUNT,		/* --ops N: a number (4K, 0x10) in [min, max], *(uint64_t *)dst */
	CLI_SECONDS,		/* --seconds S: 0 < S <= max, *(double *)dst */
	CLI_TEXT,		/* --replay TOKEN: *(const char **)dst */
	CLI_FRACTION,		/* --strict-checkpoints REL: a number >= 0,
				 * *(double *)dst */
};

struct cli_opt {
	const char *name;	/* without the dashes; NULL ends the table */
	enum cli_kind kind;
	void *dst;
	uint64_t min, max;	/* CLI_COUNT: the range; CLI_SECONDS: max */
	uint64_t align;		/* CLI_COUNT: a multiple of it (0: any) */
	const char *what;	/* what the value is, for messages ("a token");
				 * CLI_COUNT: instead of "a number from MIN to MAX" */
	bool *given;		/* set when the option appears, or NULL */
	char short_name;	/* also `-x VALUE` / `-xVALUE` (report's -o), or 0 */
};

struct cli {
	const char *cmd;	/* "stress" */
	void (*help)(FILE *f);	/* prints the command's --help */
	const struct cli_opt *opts;
	int min_args, max_args;	/* positional arguments; max -1: any number */
	const char *no_args;	/* message when fewer than min_args */
};

/*
 * Parse the options of @argv[1..@argc) (argv[0] is the command's name).
 * Returns 0 with the positional arguments, in order, in *args (malloc'd,
 * NULL-terminated; free() it) and their number in *nargs; CLI_HELP after
 * printing the help on stdout; or CLI_USAGE after a usage error.
 */
int cli_parse(const struct cli *c, int argc, char **argv, const char ***args,
	      int *nargs);

/* A usage error of @cmd (see the top); returns CLI_USAGE. */
int cli_usage(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * `--shard I/N` of @cmd (explore, stress): I and N with 0 <= I < N <=
 * CLI_SHARDS_MAX, or a usage error printed (returns CLI_USAGE).
 */
#define CLI_SHARDS_MAX 1000000
int cli_shard(const char *cmd, const char *text, unsigned int *i, unsigned int *n);

/* Whether to show progress: stderr is a terminal. */
bool cli_progress(void);

/*
 * A progress line on stderr, redrawn in place: "LABEL [#####.....] NN%
 * TAIL", or "LABEL TAIL" for work of unknown length (frac < 0).  Drawn
 * only when @on, at most every 0.1 s; progress_clear() erases it.
 */
struct progress {
	bool on;		/* cli_progress() at the start */
	bool shown;		/* a line is on the screen */
	double last;		/* when it was drawn */
};

void progress_init(struct progress *p);
void progress_show(struct progress *p, const char *label, double frac,
		   const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void progress_clear(struct progress *p);

#endif

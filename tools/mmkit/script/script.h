/* SPDX-License-Identifier: MIT */
/*
 * script/script.h - scripts (shared/spec/script.md) as the rest of the tool
 * uses them: load one, run it on a fresh machine, read what it left behind.
 * The language itself (tokens, the statement table, the parsed form) is
 * script/lang.h, private to this folder.
 *
 * Life of a script: script_load() reads and parses the whole file (nothing
 * runs if any line is malformed); script_run() builds a machine, runs the
 * statements in order and stops at the first failure; it may be called
 * again and again on the same script (compare, explore), each time on a
 * fresh machine.
 *
 * The commands of this folder: run, compare, gen-churn.
 */
#ifndef MMKIT_TOOL_SCRIPT_H
#define MMKIT_TOOL_SCRIPT_H

#include <stdint.h>
#include <stdio.h>

#include <mmkit/mmkit.h>
#include <mmkit/explore.h>

struct script;

/*
 * Read @path ("-" for stdin) and parse it completely.  Returns 0, or 2
 * after printing "FILE:LINE:COL: message" (or an I/O error) to stderr and
 * copying it to @msg.
 */
int script_load(const char *path, struct script **out, char *msg,
		size_t size);
void script_free(struct script *sc);

/* The file as messages name it ("<stdin>" for -). */
const char *script_file(const struct script *sc);
/* The policy and the bug switches its set-up statements chose. */
enum mmk_policy script_policy(const struct script *sc);
uint64_t script_bugs(const struct script *sc);
/* Statement @i (0 <= i < script_nstmts()): its text, trimmed, without its
 * comment, and its line. */
int script_nstmts(const struct script *sc);
const char *script_stmt(const struct script *sc, int i, int *line);

struct run_opts {
	int policy;		/* overrides the script's, or -1 */
	int progress;		/* show a progress line (cli_progress()) */
	int soft_expect;	/* count expectations that do not hold, go on */
	int quiet;		/* do not print the failure (the caller will) */
	int settle;		/* sync before taking the end figures */
	int check;		/* --check: invariant checker after every statement */
	uint64_t bugs;		/* --bug NAME...: enum mmk_bug bits, added */
	struct mmk_explorer *explore; /* `mmkit explore`: thread blocks run
				 * under this explorer's scheduler */
};

#define REPORT_MAX_MMS 256

struct mm_report {
	const char *name;
	struct mmk_mm_stats st;
};

/* What one run of a script left behind, for --stats and --json. */
struct file_report {
	const char *file;
	const char *policy;
	int ran;		/* a machine was built */
	int failed;
	uint64_t statements, expectations;
	uint64_t unmet;		/* soft_expect: expectations that did not hold */
	double seconds;		/* wall time of the statements (not set-up) */
	char message[1024];	/* the failure line, without newline */
	char unmet_message[1024]; /* soft_expect: the first that did not hold */
	const char *checks;	/* the failed statement is a data check that
				 * stands for this invariant, or NULL */
	struct mmk_sys_stats sys;
	uint64_t counters[MMK_PTC_NR];	/* policy cost counters */
	int nmms;
	struct mm_report mms[REPORT_MAX_MMS];
};

/* Run @sc on a fresh machine.  0 ok, 1 failed (message printed unless
 * o->quiet). */
int script_run(const struct script *sc, const struct run_opts *o,
	       struct file_report *rep);

/* The commands (script/cmd_run.c, compare.c, gen_churn.c): exit status. */
int cmd_run(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_gen_churn(int argc, char **argv);

#endif

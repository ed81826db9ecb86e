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
 * A caller that watches a script statement by statement (`mmkit kdiff`,
 * which runs it on the host kernel beside mmkit) reads each statement
 * through script_view() and runs it with the step API (script_step_*):
 * one statement at a time on a machine it keeps, each outcome returned
 * rather than judged.
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
struct run_series;

/*
 * Read @path ("-" for stdin) and parse it completely.  Returns 0, or 2
 * after printing "FILE:LINE:COL: message" (or an I/O error) to stderr and
 * copying it to @msg.
 */
int script_load(const char *path, struct script **out, char *msg,
		size_t size);
/*
 * script_load(), for a script that is to be run (run, compare): a regular
 * file without thread blocks is checked whole here (a malformed one runs
 * nothing, as script.md requires) but not kept: each script_run() reads it
 * again statement by statement, so its memory does not grow with its
 * length.  Standard input and scripts with thread blocks load whole.  The
 * statement API (script_stmt, script_view, the step API) needs
 * script_load().
 */
int script_load_stream(const char *path, struct script **out, char *msg,
		       size_t size);
/*
 * script_load() of the text @text, named @name in messages; it prints
 * nothing (a generated script that does not parse is the caller's to
 * report).
 */
int script_parse_text(const char *name, const char *text, struct script **out,
		      char *msg, size_t size);
void script_free(struct script *sc);

/* The file as messages name it ("<stdin>" for -). */
const char *script_file(const struct script *sc);
/* The policy and the bug switches its set-up statements chose. */
enum mmk_policy script_policy(const struct script *sc);
/* The `thp` set-up (MMK_THP_MADVISE unless the script says otherwise). */
enum mmk_thp_mode script_thp(const struct script *sc);
uint64_t script_bugs(const struct script *sc);
/* Statement @i (0 <= i < script_nstmts()): its text, trimmed, without its
 * comment, and its line. */
int script_nstmts(const struct script *sc);
const char *script_stmt(const struct script *sc, int i, int *line);

struct run_opts {
	int policy;		/* overrides the script's, or -1 */
	int shmem_thp;		/* 1 + enum mmk_thp_mode: overrides the script's
				 * shmem_enabled (kdiff: the host's); 0: not */
	int progress;		/* show a progress line (cli_progress()) */
	int soft_expect;	/* count expectations that do not hold, go on */
	int quiet;		/* do not print the failure (the caller will) */
	int settle;		/* sync before taking the end figures */
	int check;		/* --check: invariant checker after every statement */
	uint64_t bugs;		/* --bug NAME...: enum mmk_bug bits, added */
	int series;		/* keep a time series (file_report.series) */
	struct mmk_explorer *explore; /* `mmkit explore`: thread blocks run
				 * under this explorer's scheduler */
	/* `mmkit kdiff`: what a read loads goes here, chunk by chunk (@off
	 * bytes into its DATA), instead of being compared with DATA. */
	void (*read_sink)(void *arg, uint64_t off, const unsigned char *buf,
			  size_t n);
	void *sink_arg;
	/* --strict-checkpoints REL: a checkpoint whose pgtable or rss differs
	 * from the kernel's by more than REL (relative) fails the run at the
	 * end. */
	int strict_ckpt;
	double strict_rel;
};

#define REPORT_MAX_MMS 256

/* ---- checkpoints of a recording (script/checkpoint.c) ---- */

enum { CKPT_PGTABLE, CKPT_RSS, CKPT_NKEYS };

/* One `checkpoint` statement: the kernel's figures beside mmkit's. */
struct ckpt_point {
	int i;			/* the statement's index, in file order from 0 */
	int line;
	const char *mm;		/* the address space's name (the script's) */
	int has[CKPT_NKEYS];	/* the statement gave this key */
	uint64_t kernel[CKPT_NKEYS], mmkit[CKPT_NKEYS];
};

/*
 * Every checkpoint of a run and the summary script.md specifies: relative
 * differences |mmkit - kernel| / max(kernel, 4K), their largest over all
 * checkpoints and over each address space's last (final_rel).
 */
struct ckpt_report {
	uint64_t count;
	double max_rel[CKPT_NKEYS];
	double final_rel[CKPT_NKEYS];
	long max_at[CKPT_NKEYS];	/* the point with the largest, or -1 */
	struct ckpt_point *points;	/* in the order they ran */
	size_t npoints, cap;
	long *last;		/* by mm slot: its last point, or -1 */
	int nlast;
};

/* The relative difference of one figure, as script.md defines it. */
double ckpt_rel(uint64_t mmkit, uint64_t kernel);
/* The name of figure @k ("pgtable", "rss"). */
const char *ckpt_key_name(int k);

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
	/* run_opts.series: the figures over time (script/series.h); the
	 * caller frees it with series_free() */
	struct run_series *series;
	struct ckpt_report ckpt;	/* free with file_report_release() */
};

/* Free what a report holds beside itself (its checkpoints). */
void file_report_release(struct file_report *rep);
/* The checkpoint summary, a few lines for a person, when there were any. */
void report_checkpoints(FILE *f, const struct file_report *rep);
/*
 * `"checkpoints": {...}` (script.md, with the points as an extension),
 * preceded by ", ", when there were any.
 */
void json_checkpoints(FILE *f, const struct file_report *rep);

/* Run @sc on a fresh machine.  0 ok, 1 failed (message printed unless
 * o->quiet). */
int script_run(const struct script *sc, const struct run_opts *o,
	       struct file_report *rep);

/* ---- statements seen from outside (script/view.c) ---- */

/* What a statement does, for a caller that carries it out elsewhere. */
enum script_op {
	SOP_SETUP,		/* policy ram cpus gather: the machine's set-up */
	SOP_MM, SOP_MMAP, SOP_MUNMAP, SOP_MPROTECT, SOP_MADVISE, SOP_MREMAP,
	SOP_FORK, SOP_EXIT, SOP_WRITE, SOP_READ, SOP_TOUCH, SOP_SYNC,
	SOP_EXPECT_PTE, SOP_EXPECT_PAGE, SOP_SAME_FRAME, SOP_DISTINCT_FRAME,
	SOP_EXPECT_STAT, SOP_EXPECT_SYS,
	SOP_OTHER,		/* what a view does not describe: GUP, DMA,
				 * devices, threads, `bug`, `device` */
};

#define SCRIPT_VIEW_KV 16

/*
 * Statement i as plain values.  Numbers are as written; PROT and ADVICE
 * are Linux's PROT_* and MADV_* values.  A statement under expect-error or
 * may-fail is described by the statement it wraps (@wrap names the
 * wrapper): its outcome is the caller's to judge.
 */
struct script_view {
	enum script_op op;
	const char *word;	/* the statement's name ("mmap", "expect pte") */
	const char *wrap;	/* "expect-error", "may-fail", or NULL */
	int line, col;		/* col: where `word` starts */
	const char *text;	/* the whole line, trimmed, without comment */
	int mm[2];		/* mm slots (fork: PARENT, CHILD; frames: MM1,
				 * MM2), or -1 */
	uint64_t addr[2], len[2]; /* ADDR LEN (write/read: len(DATA));
				 * mremap: OLD OLDLEN, NEW NEWLEN; frames:
				 * ADDR1, ADDR2 */
	int addr_col[2];
	int prot, advice;
	const char *advice_word;
	int advice_col;
	int shared, populate, dontunmap; /* mmap and mremap options */
	int huge;		/* mmap: then MADV_HUGEPAGE */
	int store;		/* touch: w */
	uint64_t stride;	/* touch: the stride (4K unless stride=) */
	const char *other_opt;	/* an option this view leaves out (dev=,
				 * off=, file=), or NULL */
	int other_col;
	const unsigned char *bytes; /* write/read DATA: its bytes, or NULL
				 * for BYTE*COUNT (@fill) */
	uint8_t fill;
	int nkv;		/* expect pte|page: KEY=VAL pairs */
	struct {
		const char *key;
		uint64_t val;
	} kv[SCRIPT_VIEW_KV];
};

void script_view(const struct script *sc, int i, struct script_view *v);
/* How many mm slots the script has (names defined), and a slot's name. */
int script_nmms(const struct script *sc);
const char *script_mm_name(const struct script *sc, int slot);

/* ---- one statement at a time (script/step.c) ---- */

struct script_step;

/*
 * A fresh machine for @sc under @o (its policy, bugs and devices, as
 * script_run() builds it), the calling thread attached to CPU 0.  0, or
 * 1 with the reason in @msg.
 */
int script_step_start(const struct script *sc, const struct run_opts *o,
		      struct script_step **out, char *msg, size_t size);
/*
 * Run statement @i (not set-up, not thread blocks; the statement an
 * expect-error or may-fail wraps, unjudged).  Returns 0, a positive errno
 * or MMK_SIGSEGV/MMK_SIGBUS, or -1 with @msg for any other failure.
 */
int script_step_run(struct script_step *st, int i, char *msg, size_t size);
/* The address space of mm slot @slot, or NULL (never made, or exited). */
struct mm_struct *script_step_mm(const struct script_step *st, int slot);
void script_step_end(struct script_step *st);

/* The commands (script/cmd_run.c, compare.c, gen_churn.c): exit status. */
int cmd_run(int argc, char **argv);
int cmd_compare(int argc, char **argv);
/*
 * compare's work on one script, its table (or with @json its JSON) on @out:
 * 0, 1 when a run failed, 2 when the script is malformed (said on stderr).
 * `mmkit report` calls it for an INPUT that is a script.
 */
int compare_script(const char *path, int json, FILE *out);
int cmd_gen_churn(int argc, char **argv);

#endif

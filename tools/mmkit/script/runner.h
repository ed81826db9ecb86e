/* SPDX-License-Identifier: MIT */
/*
 * script/runner.h - what runs a parsed script (script/run.c), its thread
 * blocks (script/blocks.c) and the statement handlers (script/exec_*.c)
 * share: the runner, the outcome of one statement, the handlers.
 *
 * A handler carries out one statement on the runner's machine and says
 * how it went in its outcome: OK, an errno (or signal) from the library,
 * or a failure message (an expectation that did not hold, "not
 * implemented yet").  It reads its arguments from the parsed statement
 * and the runner's tables of live objects (mms, pin sets, devices), which
 * it updates when it makes or releases one.
 */
#ifndef MMKIT_TOOL_SCRIPT_RUNNER_H
#define MMKIT_TOOL_SCRIPT_RUNNER_H

#include <stdarg.h>

#include "cli/cli.h"
#include "script/lang.h"

#define CHUNK (64u * 1024)	/* bytes per library call of a long DATA */

enum outcome_kind { OUT_OK, OUT_ERRNO, OUT_FAIL };

struct outcome {
	enum outcome_kind kind;
	int err;		/* OUT_ERRNO: positive errno or MMK_SIG* */
	int unmet;		/* OUT_FAIL: an expectation that did not hold */
	char msg[768];		/* OUT_FAIL: what follows "STATEMENT: " */
};

struct pinset;

struct runner {
	const struct script *sc;
	const struct run_opts *o;
	struct mmk_machine *m;
	struct mm_struct **mms;	/* by mm slot; NULL: exited or never made */
	struct pinset **pins;	/* by pin slot; NULL: released or never made */
	struct mmk_device *devs[MMK_MAX_DEVICES];	/* by device slot */
	struct mmk_file **files;	/* by file slot; NULL: not made yet */
	int cpu;		/* the CPU the runner is attached to */
	int home;		/* its CPU between statements (0, or the block's) */
	int worker;		/* runs a thread block: no progress line */
	int index;		/* statement being run, for the progress line */
	int line;		/* streamed: its line */
	double stream_frac;	/* streamed: how much of the file was read */
	double start;		/* when the statements began */
	struct progress progress;
	/* what it ran; a thread block's runner has its own, added up at `run` */
	uint64_t statements, expectations, unmet;
	int fail_line;		/* line of the failure, or 0 */
	const char *fail_checks; /* the invariant its data check stands for */
	int unmet_line;		/* line of the first unmet expectation, or 0 */
	struct ckpt_report *ckpt; /* where `checkpoint`s go, or NULL (the step
				 * API: compared with nothing) */
	char fail_msg[1024];	/* "FILE:LINE: STATEMENT: message" */
	char unmet_msg[1024];
	struct run_series *series; /* run_opts.series: sampled after statements */
};

/* ---- outcomes (script/run.c) ---- */

/* A statement failed with a message rather than an errno. */
void fail(struct outcome *out, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* An expectation did not hold (as opposed to a failed operation). */
void unmet(struct outcome *out, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* A library call's return value (0 or more, or a negative errno). */
void op_result(struct outcome *out, int rc);
/* The text that follows "STATEMENT: " for an outcome that is not OK. */
const char *outcome_text(const struct outcome *out);

/* ---- the runner (script/run.c) ---- */

/*
 * Set up @r (zeroed) for @sc under @o: a fresh machine with the script's
 * configuration (@o's policy and bugs on top) and its devices; no CPU
 * attached yet (r->cpu is -1).  0, or -1 with "FILE: why" in @msg and
 * nothing left to free.
 */
int runner_open(struct runner *r, const struct script *sc,
		const struct run_opts *o, char *msg, size_t size);
/* Release every pin set and mm, detach, destroy the machine. */
void runner_close(struct runner *r);

/* The mm of argument @k, or NULL after a failure saying it does not exist. */
struct mm_struct *runner_mm(struct runner *r, const struct stmt *s, int k,
			    struct outcome *out);
/* Run @s on the runner's CPU (or its cpu=N) into @out. */
void runner_exec(struct runner *r, const struct stmt *s, struct outcome *out);
/* Move the runner to @cpu.  0, or -1 with @out saying why not. */
int runner_use_cpu(struct runner *r, int cpu, struct outcome *out);
/* Run one statement and count it.  0 to go on, -1 when the run must stop. */
int runner_step(struct runner *r, const struct stmt *s);
/*
 * Record a failure at @s's line unless an earlier one is recorded; @checks
 * is the invariant a failed data check stands for, or NULL.
 */
void runner_note_failure(struct runner *r, const struct stmt *s,
			 const char *what, const char *checks);
/* --check: a violation found now.  1 (and @out says which) or 0. */
int runner_check(struct runner *r, struct outcome *out);
/* Show how far the run is (@frac of the current statement done). */
void runner_progress(struct runner *r, double frac);

/* `run` at statement @ri: its thread blocks, at once (script/blocks.c).
 * 0, or -1 with the failure noted. */
int run_blocks(struct runner *r, int ri);

/* ---- handlers (script/exec_*.c), named in the statement table ---- */

typedef void handler_fn(struct runner *r, const struct stmt *s,
			struct outcome *out);

/* Address spaces and memory access (script/exec_mm.c). */
handler_fn run_file, run_cache, run_mm, run_mmap, run_munmap, run_brk, run_mprotect, run_madvise,
	run_mremap, run_fork, run_exit, run_sync, run_khugepaged, run_write, run_read,
	run_touch;
/* GUP, DMA and devices (script/exec_dev.c). */
handler_fn run_pin, run_get, run_unpin, run_dma_write, run_dma_read,
	run_migrate, run_unbind, run_dev_read, run_dev_write;
/* Expectations (script/exec_expect.c). */
handler_fn run_expect_error, run_may_fail, run_expect_pte, run_expect_page,
	run_expect_stat, run_expect_sys, run_expect_same_frame,
	run_expect_distinct_frame;
/* Recordings (script/checkpoint.c). */
handler_fn run_checkpoint;
/* The "final" figures, once every statement ran. */
void ckpt_finish(struct ckpt_report *c);
/*
 * --strict-checkpoints: 1 with "FILE:LINE: checkpoint MM: ..." in @msg for
 * the first checkpoint that differs by more than @limit, else 0.
 */
int ckpt_strict(const struct ckpt_report *c, double limit, const char *file,
		char *msg, size_t size);

/* Bytes [off, off+n) of DATA (a pattern is expanded into @buf). */
const unsigned char *data_chunk(const struct data *d, uint64_t off, size_t n,
				unsigned char *buf);
/*
 * Compare @n bytes read back (@got) with DATA's (@want); at the first
 * difference fail @out and return 1.  @off is the first byte's offset
 * into DATA, *@addr its address (NULL: @off is into a pin set).
 */
int data_differs(struct outcome *out, const unsigned char *want,
		 const unsigned char *got, size_t n, uint64_t off,
		 const uint64_t *addr);
/* Moves @n bytes between @buf and @addr of @mm, for @who (a CPU or device). */
typedef int access_fn(void *who, struct mm_struct *mm, uint64_t addr, void *buf,
		      size_t n, int write);
/*
 * DATA to (@write) or from @addr of @mm in CHUNK-sized calls of @access,
 * into @out; what a read finds must equal DATA.
 */
void data_transfer(struct runner *r, struct mm_struct *mm, uint64_t addr,
		   const struct data *d, int write, access_fn *access, void *who,
		   struct outcome *out);
/* memremap_pages for every `device` of the script; release every pin set. */
int devices_create(struct runner *r);
void pinsets_release(struct runner *r);

#endif

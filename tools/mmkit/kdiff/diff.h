/* SPDX-License-Identifier: MIT */
/*
 * kdiff/diff.h - one script, run on the host kernel and on mmkit side by
 * side, statement by statement (kdiff/diff.c, kdiff/observe.c), after the
 * checks that it can be (kdiff/check.c); and how a disagreement is told
 * (kdiff/report.c).
 *
 * What is compared, statement by statement:
 *   result    each statement's outcome: ok, an errno, or the signal an
 *             access raised (the statement an expect-error wraps counts,
 *             not the expectation);
 *   bytes     what a read loaded, the kernel's bytes against mmkit's;
 *   rss pgtable vmas   after every statement, for every live address
 *             space (kdiff/host.h says how the agent is left out);
 *   exists    whether the address space exists on each side;
 *   probe keys  `expect pte` and `expect page` lines are probes: the keys
 *             they name that the kernel shows (none present; with root
 *             mapcount anon zero dirty thp) are compared, and `expect
 *             same-frame`/`distinct-frame` compare frame identity (root).
 * An observation that disagrees again with the same two values after the
 * next statement is not told again: a disagreement is told where it
 * appears or changes.
 */
#ifndef MMKIT_TOOL_KDIFF_DIFF_H
#define MMKIT_TOOL_KDIFF_DIFF_H

#include <stdint.h>
#include <stdio.h>

#include "kdiff/host.h"
#include "script/script.h"

struct kd_disagreement {
	int line;
	char *stmt;		/* the statement's text (malloc'd) */
	char mm[32];		/* "" for a statement's own result */
	char key[32];		/* result, bytes, rss, pgtable, vmas, ... */
	char kernel[96], mmkit[96];
};

struct kd_result {
	uint64_t statements;	/* statements run (or probed) on both sides */
	uint64_t compared;	/* observations compared */
	int n, cap;		/* disagreements */
	struct kd_disagreement *v;
	char **notes;		/* what was not compared, and why */
	int nnotes;
	char error[512];	/* why the comparison stopped, or "" */
};

struct kd_opts {
	FILE *live;		/* print each disagreement here as found, or NULL */
	int quiet;		/* notes only in the result, not on stderr */
	int max;		/* stop after this many disagreements (0: never) */
};

/*
 * Whether the kernel side can run every statement of @sc (kdiff/check.c):
 * 0, or 2 with "FILE:LINE:COL: kdiff cannot run this on the kernel: why"
 * in @msg.  The first looks at statements alone; the second at their
 * addresses against the agent's own memory.
 */
int kd_host_shmem_thp(void);
int kd_check_statements(const struct script *sc, char *msg, size_t size);
/* Does @sc ask for THP (`huge`, hugepage advice, `thp always`)? */
int kd_uses_thp(const struct script *sc);
int kd_check_ranges(const struct script *sc, const struct klayout *l,
		    char *msg, size_t size);

/*
 * Run @sc on both sides (mmkit under policy linux) and compare.  Returns
 * 0 when everything agreed, 1 after a disagreement, 2 when the comparison
 * could not be carried out (res->error says why).
 */
int kd_run(struct kside *k, const struct script *sc, const struct kd_opts *o,
	   struct kd_result *res);
void kd_result_free(struct kd_result *res);

/* ---- kdiff/report.c ---- */

/* "FILE:LINE: STATEMENT: mm A rss: kernel X, mmkit Y" and a newline. */
void kd_print(FILE *f, const char *file, const struct kd_disagreement *d);
/* The members of the result as JSON: statements, compared, agreed,
 * error, notes, disagreements (no braces, no newline after them). */
void kd_json_result(FILE *f, const struct kd_result *res);

/* ---- kdiff/layout.c: what scripts keep away from ---- */

/* The agent's own mapping that [addr, addr+len) overlaps or adjoins. */
const struct kmap *klayout_meets(const struct klayout *l, uint64_t addr,
				 uint64_t len);
/* Whether [addr, addr+len) is in a 512 GiB region (one PUD table) where
 * the agent has mappings: its page tables would be the agent's too. */
int klayout_shares_tables(const struct klayout *l, uint64_t addr,
			  uint64_t len);

#endif

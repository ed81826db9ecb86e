/* SPDX-License-Identifier: MIT */
/*
 * kdiff/run.h - what the comparison of one script (kdiff/diff.c) and its
 * observations (kdiff/observe.c) share: the run, its two sides and the
 * ways to record what was compared.
 */
#ifndef MMKIT_TOOL_KDIFF_RUN_H
#define MMKIT_TOOL_KDIFF_RUN_H

#include "kdiff/diff.h"

/* A statement's outcome on one side: 0, an errno or MMK_SIG*, or -1 with
 * a message. */
struct kd_outcome {
	int code;
	char msg[256];
};

/* Per mm slot: what was told already. */
struct kd_slot {
	int pt_shared;		/* pgtable not compared from here on */
	char told[6][2][32];	/* the last values told per stat key (or "") */
};

/* Things a run says once (notes on stderr). */
enum {
	NOTE_FRAMES = 1u << 0,	/* page-frame keys need root */
	NOTE_KEYS = 1u << 1,	/* probe keys the kernel does not show */
	NOTE_POLICY = 1u << 2,	/* the script's policy is overridden */
};

/* A read being compared as mmkit loads it (kdiff/diff.c's read sink). */
struct kd_read {
	const struct script_view *v;
	struct agent *a;
	struct kd_outcome k;	/* the kernel's, once it failed */
	uint64_t kdone;		/* bytes the kernel has loaded */
	int told;		/* a byte difference was told */
};

struct kd_run {
	struct kside *k;
	const struct script *sc;
	const struct kd_opts *o;
	struct kd_result *res;
	struct run_opts ro;
	struct script_step *st;
	int nmms;
	struct agent *agents;	/* by mm slot */
	struct kd_slot *slots;
	struct kd_read rd;
	unsigned char *kbuf;	/* a chunk the kernel loaded */
	unsigned int noted;	/* NOTE_* said */
	int stop;		/* the kernel side failed, or enough told */
};

/* Record a disagreement at @v (and print it when o->live). */
void kd_tell(struct kd_run *r, const struct script_view *v, int slot,
	     const char *key, const char *kernel, const char *mmkit);
/* Count one comparison of @kernel and @mmkit; tell it if they differ. */
void kd_compare(struct kd_run *r, const struct script_view *v, int slot,
		const char *key, const char *kernel, const char *mmkit);
/* The kernel side failed: record why and stop. */
void kd_fail(struct kd_run *r, const char *msg);
/* A note (what is not compared, and why), once per run for each @bit (0:
 * every time): in the result, and on stderr unless quiet. */
void kd_note(struct kd_run *r, unsigned int bit, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* ---- kdiff/observe.c ---- */

/* After a statement: rss, pgtable and vmas of every live address space. */
void kd_observe_mms(struct kd_run *r, const struct script_view *v);
/* `expect pte|page`, `expect same-frame|distinct-frame` as probes. */
void kd_probe(struct kd_run *r, const struct script_view *v);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * kdiff/host.h - the kernel side of `mmkit kdiff`, as the controller sees
 * it: whether this host can run it, its agents (one process per address
 * space, kdiff/agent.c) and what the kernel shows of them.
 *
 * Figures of an agent leave out the agent itself (kdiff/agent.c explains
 * how the agent keeps its own memory fixed):
 *   rss     the Rss of /proc/PID/smaps entries that are not the agent's
 *           own mappings (VmRSS would count the agent's pages too);
 *   pgtable VmPTE less the agent's baseline, taken when it was ready;
 *   vmas    the smaps entries that are not the agent's own.
 * The agent's own mappings are known by address: every agent has the
 * layout the first one had (struct klayout); kdiff/layout.c says what a
 * script must keep away from.
 */
#ifndef MMKIT_TOOL_KDIFF_HOST_H
#define MMKIT_TOOL_KDIFF_HOST_H

#include <stddef.h>
#include <stdint.h>

#include "kdiff/proto.h"

#define KLAYOUT_MAX 128

/* The agent's own mappings and page tables. */
struct klayout {
	int n;
	struct kmap {
		uint64_t start, end;
		char name[64];	/* the path or [vdso]; "" for anonymous */
	} v[KLAYOUT_MAX];
	uint64_t pgtable;	/* VmPTE of the agent alone, bytes */
};

/* The host: what every agent shares. */
struct kside {
	struct klayout layout;	/* the first agent's */
	int kpagecount_fd;	/* /proc/kpagecount, or -1 (not root) */
	int kpageflags_fd;
	int cpu;		/* the CPU every agent runs on */
	int thp;		/* agents keep THP on (the script asks for it) */
};

/* One agent; fd -1 when there is none (never started, or exited). */
struct agent {
	int fd;
	int pid;
};

struct kstats {
	uint64_t rss, pgtable, vmas, anon_thp, shmem_pmd;
};

/*
 * Whether this host can run the kernel side, and its layout: Linux,
 * /proc, not a sanitizer build; then one agent is started and stopped to
 * learn the layout.  0, or -1 with why in @msg.
 */
int kside_open(struct kside *k, char *msg, size_t size);
void kside_close(struct kside *k);
/* Whether page-frame figures (kpagecount, kpageflags, PFNs) can be read. */
int kside_frames(const struct kside *k);

/* A new agent (a new, empty address space).  0, or -1 with @msg. */
int agent_start(struct kside *k, struct agent *a, char *msg, size_t size);
/*
 * fork(): @child becomes the agent of the copy.  0 (*err: fork's errno,
 * 0 when it worked), or -1 with @msg when the protocol failed.
 */
int agent_fork(struct agent *parent, struct agent *child, int *err,
	       char *msg, size_t size);
/* exit(): returns once the agent's address space is gone.  0, or -1. */
int agent_exit(struct agent *a, char *msg, size_t size);
/* Leave an agent: it exits when its socket closes. */
void agent_drop(struct agent *a);
/*
 * One request (@data: the bytes after it) and its answer; @buf gets the
 * bytes after the answer (at most @cap).  0, or -1 with @msg.
 */
int agent_call(struct agent *a, const struct agent_req *rq, const void *data,
	       size_t n, struct agent_resp *rs, void *buf, size_t cap,
	       char *msg, size_t size);

/* The agent's figures, without its own.  0, or -1 with @msg. */
int agent_stats(const struct kside *k, const struct agent *a,
		struct kstats *st, char *msg, size_t size);
/* The agent's /proc/PID/pagemap entry for @addr.  0, or -1. */
int agent_pagemap(const struct agent *a, uint64_t addr, uint64_t *pme);
/* /proc/kpagecount and /proc/kpageflags of @pfn.  0, or -1. */
int kpage_read(const struct kside *k, uint64_t pfn, uint64_t *count,
	       uint64_t *flags);

/* Reap the agents that exited (kdiff is their subreaper). */
void agents_reap(int wait_all);

#endif

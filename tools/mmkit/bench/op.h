/* SPDX-License-Identifier: MIT */
/*
 * bench/op.h - what an operation of `mmkit bench` is, and what the files
 * that define them share: the context a subject keeps between rounds, the
 * table of ops (bench/ops.c), and the helpers of each kind of subject:
 * mmkit machines (bench/sim.c), host memory (bench/mem.c) and the raw
 * limit (bench/raw.c).  An op file (access.c, fault.c, gup.c, madvise.c,
 * vma.c) defines its ops with their rounds on each subject that can do
 * them; it calls those helpers and nothing else of bench/.
 *
 * Glossary:
 *   subject   who does the work: one mmkit machine per page-table policy
 *             (keep linux refcount rwsem full), the host kernel (real
 *             syscalls and faults, in a helper process), or the raw limit
 *             (plain C over plain memory, no synchronisation).
 *   op        one measured operation (struct bench_op), e.g. fault.anon.
 *             Each subject that can do it has a setup, a round and a
 *             teardown; a subject that cannot has a NULL round.
 *   round     one timed run of n units of an op (n pages faulted, n walks).
 *             Only the part that is the op is timed: set-up and clean-up
 *             inside a round (DONTNEED after a fault round, fork before a
 *             COW round) are not.
 *   sample    (t(n2) - t(n1)) / (u(n2) - u(n1)) for two rounds of one
 *             subject, taken back to back in steady state (after an
 *             untimed round that brings the subject's memory back into the
 *             caches): the fixed costs of a round (call overhead, timer
 *             reads, cache refills) cancel.
 *   rep       one sample of every subject of an op, in rotated order
 *             (A B C, B C A, ...), so that a noisy second on the machine
 *             hits every subject alike.  Tables show the median over reps,
 *             and the min and max; a ratio of two subjects is the median
 *             of the ratios of their samples of the same rep (paired).
 */
#ifndef MMKIT_TOOL_BENCH_OP_H
#define MMKIT_TOOL_BENCH_OP_H

#include <stddef.h>
#include <stdint.h>

#include <mmkit/mmkit.h>

#include "common/clock.h"	/* rounds are timed with clock_ns() */

#define BENCH_PAGE 4096UL
#define BENCH_TABLE_SPAN (2UL << 20)	/* bytes one PTE table maps */
#define BENCH_WSET 4096			/* pages the walk/TLB ops cycle over */
#define BENCH_HOT 256			/* pages of the cache-hot fault ops: 1 MiB */
#define BENCH_BASE 0x40000000ULL	/* 1 GiB aligned: one PMD table spans the ops */
#define PAGES(n) ((uint64_t)(n) * BENCH_PAGE)

/*
 * What one subject keeps for one op between rounds.  mmkit subjects use
 * m, mm and addr (a simulated user address); the host and the raw limit
 * use mem (host memory).  Each op uses what it needs.
 */
struct op_ctx {
	struct mmk_machine *m;
	struct mm_struct *mm;
	uint64_t addr;
	unsigned char *mem;	/* host memory (aligned to BENCH_TABLE_SPAN) */
	size_t mem_len;
	unsigned char *map;	/* what mmap returned, for munmap */
	size_t map_len;
	uint64_t cap;		/* the largest n a round will be asked for */
	uint64_t populated;	/* fork: pages populated now */
	uint64_t cursor;	/* cycling ops: where the last round stopped */
	uint64_t batch;		/* faults: pages per batch (0: a round is one) */
	struct page **pages;
	uint64_t *table_pool;	/* raw.walk: its own page tables */
	uint64_t pgd_pfn;
};

/* The next batch of a round of @n units of which @done are done. */
static inline uint64_t bench_batch(const struct op_ctx *c, uint64_t n, uint64_t done)
{
	return c->batch && c->batch < n - done ? c->batch : n - done;
}

/*
 * A round: do @n units, put the nanoseconds of the timed part in *ns and
 * the units actually done (an op may round n to its granularity) in
 * *units.  Returns 0 or a negative errno.
 */
typedef int (*round_fn)(struct op_ctx *c, uint64_t n, uint64_t *ns,
			uint64_t *units);
/* Prepare @c for rounds of up to @cap units.  0 or a negative errno. */
typedef int (*setup_fn)(struct op_ctx *c, uint64_t cap);
typedef void (*teardown_fn)(struct op_ctx *c);

struct subject_ops {
	setup_fn setup;
	round_fn round;		/* NULL: this subject cannot do the op */
	teardown_fn teardown;
};

struct bench_op {
	const char *name;	/* "fault.anon" */
	const char *unit;	/* "page": what one unit is */
	const char *desc;	/* one line for the table's legend */
	uint64_t n1, n2;	/* units of the short and long round (full run) */
	unsigned int gran;	/* n1 and n2 are multiples of it (0: 1) */
	struct subject_ops mmk;	/* every policy */
	struct subject_ops host;
	struct subject_ops raw;
};


/* The ops, in the order of the tables (bench/ops.c). */
extern const struct bench_op *const bench_ops[];
extern const int bench_nr_ops;

extern const struct bench_op op_tlb_hit, op_tlb_miss;		/* access.c */
extern const struct bench_op op_fault_anon, op_fault_anon_hot,	/* fault.c */
	op_fault_zero, op_fault_cow, op_fault_thp;
extern const struct bench_op op_gup_fast, op_gup_slow,		/* gup.c */
	op_gup_pin_unpin;
extern const struct bench_op op_madv_dontneed, op_madv_dontneed_rcl,	/* madvise.c */
	op_madv_sparse, op_collapse_thp;
extern const struct bench_op op_mprotect, op_fork, op_munmap;	/* vma.c */

/* A table row's subject_ops. */
#define MMK(s, r) { .setup = (s), .round = (r), .teardown = sim_ctx_unmap }
#define HOST(s, r) { .setup = (s), .round = (r), .teardown = host_mem_unmap }
#define RAW(s, r) { .setup = (s), .round = (r), .teardown = host_mem_unmap }

/* @pages rounded up to whole PTE tables, at least one. */
static inline uint64_t tables_of(uint64_t pages)
{
	uint64_t t = (pages + 511) / 512;

	return t ? t : 1;
}

/* ---- mmkit machines (bench/sim.c) ---- */

/* A fresh mm of c->m with @bytes mapped rw at BENCH_BASE (0: nothing). */
int sim_ctx_map(struct op_ctx *c, uint64_t bytes);
void sim_ctx_unmap(struct op_ctx *c);
/* Whole tables for up to @cap pages; @cap pages, populated. */
int sim_tables_setup(struct op_ctx *c, uint64_t cap);
int sim_populated_setup(struct op_ctx *c, uint64_t cap);
int sim_populate(struct op_ctx *c, uint64_t addr, uint64_t len);
int sim_dontneed(struct op_ctx *c, uint64_t addr, uint64_t len);

/* One store or load of 8 bytes by the attached CPU. */
static inline int sim_poke(struct op_ctx *c, uint64_t addr)
{
	uint64_t v = addr;

	return mmk_access(c->mm, addr, &v, sizeof(v), 1);
}

static inline int sim_peek(struct op_ctx *c, uint64_t addr)
{
	uint64_t v;

	return mmk_access(c->mm, addr, &v, sizeof(v), 0);
}

/* ---- host memory (bench/mem.c) ---- */

/* Host memory: mmap'd, aligned to BENCH_TABLE_SPAN, small pages. */
int host_mem_map(struct op_ctx *c, size_t len, int noreserve);
void host_mem_unmap(struct op_ctx *c);
/* Whole tables for up to @cap pages; @cap pages, populated. */
int host_tables_setup(struct op_ctx *c, uint64_t cap);
int host_populated_setup(struct op_ctx *c, uint64_t cap);
/* Write one byte of each of @n pages; populate; DONTNEED. */
void host_touch(unsigned char *p, size_t n);
int host_populate(unsigned char *p, size_t len);
int host_dontneed(unsigned char *p, size_t len);
/* The VmPTE line of /proc/self/status, in bytes; 0 if unknown. */
uint64_t vmpte_bytes(void);

/* ---- the raw limit (bench/raw.c) ---- */

/* Walks: cycling over BENCH_WSET pages, or pages 0..n-1 once each. */
int raw_wset_setup(struct op_ctx *c, uint64_t cap);
int raw_walk_cycle(struct op_ctx *c, uint64_t n, uint64_t *ns, uint64_t *units);
int raw_range_setup(struct op_ctx *c, uint64_t cap);
int raw_walk_range(struct op_ctx *c, uint64_t n, uint64_t *ns, uint64_t *units);
/* Frames zeroed (in the op's batches) or copied. */
int raw_frames_setup(struct op_ctx *c, uint64_t cap);
int raw_frames_hot_setup(struct op_ctx *c, uint64_t cap);
int raw_zero(struct op_ctx *c, uint64_t n, uint64_t *ns, uint64_t *units);
int raw_copy(struct op_ctx *c, uint64_t n, uint64_t *ns, uint64_t *units);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * bench/raw.c - the raw limit, a subject of the ops it bounds (measured
 * interleaved with them, bench/bench.c):
 * with them:
 *  - the walk (access.tlb_miss, gup.*) is a 4-level walk written as plainly
 *    as possible, over page tables this file builds in plain memory with
 *    the layout mmkit's have after the same pages were touched: the same
 *    x86-64 entry format and index bits, the same order of frames in one
 *    contiguous pool (PGD, PUD, PMD, PTE table, its 512 data frames, next
 *    PTE table, ...), the same addresses in the same order as the op.
 *    Each walk's address depends on the previous walk's leaf entry (ANDed
 *    with a zero the compiler cannot see), so walks do not overlap: the
 *    latency of one walk, a pointer chase.
 *  - zeroing (fault.anon) and copying (fault.cow) are memset and memcpy of
 *    the same number of 4 KiB frames as the op's round, over the same
 *    number of distinct frames.
 */
#include <errno.h>
#include <string.h>

#include "bench/op.h"

#define RAW_PRESENT 0x001ULL
#define RAW_FLAGS 0x067ULL	/* present, rw, user, accessed, dirty */
#define RAW_PFN_MASK 0x000ffffffffff000ULL
/*
 * Page tables for @pages pages from BENCH_BASE, in a pool of frames laid
 * out in mmkit's allocation order (see the top), data frames included.
 */
static int raw_tables_setup(struct op_ctx *c, uint64_t pages)
{
	uint64_t next = 0, pud, pmd = 0, pte = 0;
	uint64_t frames = 2 + (pages + (1ULL << 18) - 1) / (1ULL << 18) + tables_of(pages) + pages;
	int ret = host_mem_map(c, frames * BENCH_PAGE, 0);

	if (ret)
		return ret;
	memset(c->mem, 0, c->mem_len);	/* and fault it in */
	c->table_pool = (uint64_t *)c->mem;
	c->pgd_pfn = next++;
	pud = next++;
	c->table_pool[c->pgd_pfn * 512 + ((BENCH_BASE >> 39) & 511)] = (pud << 12) | RAW_FLAGS;
	for (uint64_t i = 0; i < pages; i++) {
		uint64_t addr = BENCH_BASE + PAGES(i);

		if (i % (1ULL << 18) == 0) {
			pmd = next++;
			c->table_pool[pud * 512 + ((addr >> 30) & 511)] = (pmd << 12) | RAW_FLAGS;
		}
		if (i % 512 == 0) {
			pte = next++;
			c->table_pool[pmd * 512 + ((addr >> 21) & 511)] = (pte << 12) | RAW_FLAGS;
		}
		c->table_pool[pte * 512 + ((addr >> 12) & 511)] = (next++ << 12) | RAW_FLAGS;
	}
	return 0;
}

int raw_wset_setup(struct op_ctx *c, uint64_t cap)
{
	return raw_tables_setup(c, BENCH_WSET);
}

int raw_range_setup(struct op_ctx *c, uint64_t cap)
{
	return raw_tables_setup(c, cap);
}

/* The leaf entry mapping @addr, or 0. */
static inline uint64_t raw_walk(const uint64_t *pool, uint64_t pfn, uint64_t addr)
{
	uint64_t ent = 0;

	for (int shift = 39; shift >= 12; shift -= 9) {
		ent = pool[pfn * 512 + ((addr >> shift) & 511)];
		if (!(ent & RAW_PRESENT))
			return 0;
		pfn = (ent & RAW_PFN_MASK) >> 12;
	}
	return ent;
}

/* A zero the compiler cannot fold: makes each walk wait for the last. */
static volatile uint64_t raw_dep_zero;
static volatile uint64_t raw_sink;

/* n walks of pages k, k+1, ... (mod @wrap) from the cursor. */
static int raw_walks(struct op_ctx *c, uint64_t n, uint64_t wrap, uint64_t *ns,
		     uint64_t *units)
{
	uint64_t k = c->cursor % wrap, dep = raw_dep_zero, ent = 0, acc = 0;
	uint64_t t0 = clock_ns();

	for (uint64_t i = 0; i < n; i++) {
		ent = raw_walk(c->table_pool, c->pgd_pfn, (BENCH_BASE + PAGES(k)) | (ent & dep));
		acc += ent;
		k = k + 1 == wrap ? 0 : k + 1;
	}
	*ns = clock_ns() - t0;
	raw_sink = acc;
	c->cursor = k;
	*units = n;
	return acc ? 0 : -EFAULT;
}

/* As access.tlb_miss: cycling over BENCH_WSET pages. */
int raw_walk_cycle(struct op_ctx *c, uint64_t n, uint64_t *ns, uint64_t *units)
{
	return raw_walks(c, n, BENCH_WSET, ns, units);
}

/* As GUP: pages 0..n-1, once each. */
int raw_walk_range(struct op_ctx *c, uint64_t n, uint64_t *ns, uint64_t *units)
{
	c->cursor = 0;
	return raw_walks(c, n, n, ns, units);
}

/* Frames: [0, cap) are written, [cap, 2 cap) are copied from. */
int raw_frames_setup(struct op_ctx *c, uint64_t cap)
{
	int ret = host_mem_map(c, (size_t)PAGES(2 * cap), 0);

	if (!ret)
		memset(c->mem, 1, c->mem_len);
	return ret;
}

int raw_frames_hot_setup(struct op_ctx *c, uint64_t cap)
{
	c->batch = BENCH_HOT;
	return raw_frames_setup(c, BENCH_HOT);
}

/* As fault.anon: n frames zeroed, in the op's batches. */
int raw_zero(struct op_ctx *c, uint64_t n, uint64_t *ns, uint64_t *units)
{
	uint64_t t0 = clock_ns();

	for (uint64_t done = 0, k; done < n; done += k) {
		k = bench_batch(c, n, done);
		for (uint64_t i = 0; i < k; i++) {
			memset(c->mem + PAGES(i), 0, BENCH_PAGE);
			__asm__ volatile("" : : "r"(c->mem) : "memory");
		}
	}
	*ns = clock_ns() - t0;
	*units = n;
	return 0;
}

/* As fault.cow: n frames copied. */
int raw_copy(struct op_ctx *c, uint64_t n, uint64_t *ns, uint64_t *units)
{
	uint64_t t0 = clock_ns();

	for (uint64_t i = 0; i < n; i++) {
		memcpy(c->mem + PAGES(i), c->mem + PAGES(c->cap + i), BENCH_PAGE);
		__asm__ volatile("" : : "r"(c->mem) : "memory");
	}
	*ns = clock_ns() - t0;
	*units = n;
	return 0;
}

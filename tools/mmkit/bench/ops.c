/* SPDX-License-Identifier: MIT */
/*
 * bench/ops.c - what `mmkit bench` measures: the table of operations, and
 * each one's rounds on an mmkit machine and for the raw limit (the host
 * kernel's rounds are in bench/host.c).
 *
 * Every mmkit op has an address space of its own on each machine, with
 * its memory at BENCH_BASE, so no op's leftovers (tables, pages, VMAs)
 * change another's cost, and fork copies only what the op populated.  The
 * calling thread is attached to CPU 0 of the machine (bench/bench.c).
 *
 * A round times only the op itself.  What puts the address space back in
 * the state the next round needs (the DONTNEED after a fault round, the
 * fork before a COW round, populating before a DONTNEED round) is done in
 * the round but outside the clock, so rounds repeat in steady state.
 *
 * The raw limit:
 * The raw limit is a subject of the ops it bounds, measured interleaved
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
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "bench/bench.h"

#define BENCH_BASE 0x40000000ULL	/* 1 GiB aligned: one PMD table spans the ops */
#define PAGES(n) ((uint64_t)(n) * BENCH_PAGE)

/* ---- mmkit helpers ---- */

static int sim_ctx_map(struct op_ctx *c, uint64_t bytes)
{
	int ret = mmk_mm_create(c->m, &c->mm);

	if (ret)
		return ret;
	c->addr = BENCH_BASE;
	if (!bytes)
		return 0;
	return mmk_mmap(c->mm, c->addr, bytes, MMK_PROT_READ | MMK_PROT_WRITE,
			MMK_MAP_PRIVATE);
}

static void sim_ctx_unmap(struct op_ctx *c)
{
	if (c->mm)
		mmk_exit(c->mm);
	c->mm = NULL;
	free(c->pages);
	c->pages = NULL;
}

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

static int sim_populate(struct op_ctx *c, uint64_t addr, uint64_t len)
{
	return len ? mmk_madvise(c->mm, addr, len, MMK_MADV_POPULATE_WRITE) : 0;
}

static int sim_dontneed(struct op_ctx *c, uint64_t addr, uint64_t len)
{
	return len ? mmk_madvise(c->mm, addr, len, MMK_MADV_DONTNEED) : 0;
}

/* n rounded up to whole PTE tables' worth of pages, at least one. */
static uint64_t tables_of(uint64_t pages)
{
	uint64_t t = (pages + 511) / 512;

	return t ? t : 1;
}

/* ---- access: TLB hit and TLB miss (hardware walk) ---- */

static int sim_wset_setup(struct op_ctx *c, uint64_t cap)
{
	int ret = sim_ctx_map(c, PAGES(BENCH_WSET));

	return ret ? ret : sim_populate(c, c->addr, PAGES(BENCH_WSET));
}

static int sim_tlb_hit(struct op_ctx *c, uint64_t n, uint64_t *ns, uint64_t *units)
{
	uint64_t t0 = bench_now();
	int ret = 0;

	for (uint64_t i = 0; i < n && !ret; i++)
		ret = sim_peek(c, c->addr);
	*ns = bench_now() - t0;
	*units = n;
	return ret;
}

/*
 * Cycling over BENCH_WSET pages misses in the 256-entry direct-mapped TLB
 * every time: each run of 256 consecutive pages fills every slot once.
 */
static int sim_tlb_miss(struct op_ctx *c, uint64_t n, uint64_t *ns, uint64_t *units)
{
	uint64_t k = c->cursor, t0 = bench_now();
	int ret = 0;

	for (uint64_t i = 0; i < n && !ret; i++) {
		ret = sim_peek(c, c->addr + PAGES(k));
		k = k + 1 == BENCH_WSET ? 0 : k + 1;
	}
	*ns = bench_now() - t0;
	c->cursor = k;
	*units = n;
	return ret;
}

/* ---- faults ---- */

static int sim_fault_setup(struct op_ctx *c, uint64_t cap)
{
	return sim_ctx_map(c, PAGES(tables_of(cap) * 512));
}

/* Only BENCH_HOT pages, faulted over and over: the frames stay cached. */
static int sim_fault_hot_setup(struct op_ctx *c, uint64_t cap)
{
	c->batch = BENCH_HOT;
	return sim_ctx_map(c, PAGES(BENCH_HOT));
}

/*
 * Write (anon) or read (zero page) faults on n clean pages, in batches of
 * c->batch pages from c->addr each DONTNEEDed after it (untimed).
 */
static int sim_fault_round(struct op_ctx *c, uint64_t n, uint64_t *ns,
			   uint64_t *units, int write)
{
	int ret = 0;

	*ns = 0;
	for (uint64_t done = 0, k; done < n && !ret; done += k) {
		uint64_t t0 = bench_now();

		k = bench_batch(c, n, done);
		for (uint64_t i = 0; i < k && !ret; i++)
			ret = write ? sim_poke(c, c->addr + PAGES(i))
				    : sim_peek(c, c->addr + PAGES(i));
		*ns += bench_now() - t0;
		if (!ret)
			ret = sim_dontneed(c, c->addr, PAGES(k));
	}
	*units = n;
	return ret;
}

static int sim_fault_anon(struct op_ctx *c, uint64_t n, uint64_t *ns, uint64_t *units)
{
	return sim_fault_round(c, n, ns, units, 1);
}

static int sim_fault_zero(struct op_ctx *c, uint64_t n, uint64_t *ns, uint64_t *units)
{
	return sim_fault_round(c, n, ns, units, 0);
}

static int sim_populated_setup(struct op_ctx *c, uint64_t cap)
{
	int ret = sim_ctx_map(c, PAGES(cap));

	return ret ? ret : sim_populate(c, c->addr, PAGES(cap));
}

/* fork (not timed), then write faults on n pages the child shares. */
static int sim_fault_cow(struct op_ctx *c, uint64_t n, uint64_t *ns, uint64_t *units)
{
	struct mm_struct *child;
	uint64_t t0;
	int ret = mmk_fork(c->mm, &child);

	if (ret)
		return ret;
	t0 = bench_now();
	for (uint64_t i = 0; i < n && !ret; i++)
		ret = sim_poke(c, c->addr + PAGES(i));
	*ns = bench_now() - t0;
	*units = n;
	mmk_exit(child);
	return ret;
}

/* ---- GUP ---- */

static int sim_gup_setup(struct op_ctx *c, uint64_t cap)
{
	int ret = sim_populated_setup(c, cap);

	if (ret)
		return ret;
	c->pages = calloc(cap, sizeof(*c->pages));
	return c->pages ? 0 : -ENOMEM;
}

/*
 * Pin n populated pages, the fast way (GUP-fast, falling back to the slow
 * path for what it cannot take) or the slow way, and unpin them; the
 * clock stops before the unpin unless @time_unpin.
 */
static int sim_gup_round(struct op_ctx *c, uint64_t n, uint64_t *ns, uint64_t *units,
			 int fast, int time_unpin)
{
	uint64_t t0 = bench_now();
	long got = fast ? mmk_pin_user_pages_fast(c->mm, c->addr, n, MMK_FOLL_WRITE, c->pages)
			: mmk_pin_user_pages(c->mm, c->addr, n, MMK_FOLL_WRITE, c->pages);

	if (!time_unpin)
		*ns = bench_now() - t0;
	if (got > 0)
		mmk_unpin_user_pages(c->m, c->pages, (unsigned long)got);
	if (time_unpin)
		*ns = bench_now() - t0;
	*units = n;
	if (got < 0)
		return (int)got;
	return (uint64_t)got == n ? 0 : -EFAULT;
}

static int sim_gup_fast(struct op_ctx *c, uint64_t n, uint64_t *ns, uint64_t *units)
{
	return sim_gup_round(c, n, ns, units, 1, 0);
}

static int sim_gup_slow(struct op_ctx *c, uint64_t n, uint64_t *ns, uint64_t *units)
{
	return sim_gup_round(c, n, ns, units, 0, 0);
}

static int sim_pin_unpin(struct op_ctx *c, uint64_t n, uint64_t *ns, uint64_t *units)
{
	return sim_gup_round(c, n, ns, units, 1, 1);
}

/* ---- MADV_DONTNEED ---- */

static int sim_dontneed_setup(struct op_ctx *c, uint64_t cap)
{
	uint64_t t = tables_of(cap);
	int ret = sim_ctx_map(c, PAGES(t * 512));

	/* The first page of each table stays: no policy may free a table. */
	for (uint64_t i = 0; i < t && !ret; i++)
		ret = sim_populate(c, c->addr + i * BENCH_TABLE_SPAN, BENCH_PAGE);
	return ret;
}

/* Pages 1..511 of each table, one call per table: tables stay non-empty. */
static int sim_dontneed_keep(struct op_ctx *c, uint64_t n, uint64_t *ns, uint64_t *units)
{
	uint64_t t = tables_of(n), t0;
	int ret = 0;

	for (uint64_t i = 0; i < t && !ret; i++)
		ret = sim_populate(c, c->addr + i * BENCH_TABLE_SPAN + BENCH_PAGE,
				   BENCH_TABLE_SPAN - BENCH_PAGE);
	if (ret)
		return ret;
	t0 = bench_now();
	for (uint64_t i = 0; i < t && !ret; i++)
		ret = sim_dontneed(c, c->addr + i * BENCH_TABLE_SPAN + BENCH_PAGE,
				   BENCH_TABLE_SPAN - BENCH_PAGE);
	*ns = bench_now() - t0;
	*units = t * 511;
	return ret;
}

/* Whole tables in one call: the policies that reclaim free them. */
static int sim_dontneed_reclaim(struct op_ctx *c, uint64_t n, uint64_t *ns,
				uint64_t *units)
{
	uint64_t t = tables_of(n), t0;
	int ret = sim_populate(c, c->addr, t * BENCH_TABLE_SPAN);

	if (ret)
		return ret;
	t0 = bench_now();
	ret = sim_dontneed(c, c->addr, t * BENCH_TABLE_SPAN);
	*ns = bench_now() - t0;
	*units = t * 512;
	return ret;
}

/* ---- sparse: one byte per 2 MiB, then DONTNEED of it all ---- */

static int sim_sparse_setup(struct op_ctx *c, uint64_t cap)
{
	return sim_ctx_map(c, cap * BENCH_TABLE_SPAN);
}

static int sim_sparse(struct op_ctx *c, uint64_t n, uint64_t *ns, uint64_t *units)
{
	uint64_t t0 = bench_now();
	int ret = 0;

	for (uint64_t i = 0; i < n && !ret; i++)
		ret = sim_poke(c, c->addr + i * BENCH_TABLE_SPAN);
	if (!ret)
		ret = sim_dontneed(c, c->addr, n * BENCH_TABLE_SPAN);
	*ns = bench_now() - t0;
	*units = n;
	return ret;
}

/* ---- mprotect ---- */

/*
 * The mapping is a table longer than any round's range, so every round
 * splits the VMA and merges it back alike, and the difference of two
 * rounds is the per-page work.
 */
static int sim_mprotect_setup(struct op_ctx *c, uint64_t cap)
{
	return sim_populated_setup(c, cap + 512);
}

static int sim_mprotect_round(struct op_ctx *c, uint64_t n, uint64_t *ns, uint64_t *units)
{
	uint64_t t0 = bench_now();
	int ret = mmk_mprotect(c->mm, c->addr, PAGES(n), MMK_PROT_READ);

	if (!ret)
		ret = mmk_mprotect(c->mm, c->addr, PAGES(n), MMK_PROT_READ | MMK_PROT_WRITE);
	*ns = bench_now() - t0;
	*units = 2 * n;
	return ret;
}

/* ---- fork of a populated address space, and munmap ---- */

static int sim_fork_setup(struct op_ctx *c, uint64_t cap)
{
	c->populated = 0;
	return sim_ctx_map(c, PAGES(cap));
}

/* Exactly [0, n) populated, not timed. */
static int sim_fork_populate(struct op_ctx *c, uint64_t n)
{
	int ret;

	if (c->populated < n)
		ret = sim_populate(c, c->addr + PAGES(c->populated), PAGES(n - c->populated));
	else
		ret = sim_dontneed(c, c->addr + PAGES(n), PAGES(c->populated - n));
	if (!ret)
		c->populated = n;
	return ret;
}

/* fork, and the child exits at once (the parent waits for it). */
static int sim_fork_exit(struct op_ctx *c, uint64_t n, uint64_t *ns, uint64_t *units)
{
	struct mm_struct *child;
	uint64_t t0;
	int ret = sim_fork_populate(c, n);

	if (ret)
		return ret;
	t0 = bench_now();
	ret = mmk_fork(c->mm, &child);
	if (!ret)
		mmk_exit(child);
	*ns = bench_now() - t0;
	*units = n;
	return ret;
}

static int sim_munmap_setup(struct op_ctx *c, uint64_t cap)
{
	return sim_ctx_map(c, 0);
}

static int sim_munmap_round(struct op_ctx *c, uint64_t n, uint64_t *ns, uint64_t *units)
{
	uint64_t t0;
	int ret = mmk_mmap(c->mm, c->addr, PAGES(n), MMK_PROT_READ | MMK_PROT_WRITE,
			   MMK_MAP_PRIVATE);

	if (!ret)
		ret = sim_populate(c, c->addr, PAGES(n));
	if (ret)
		return ret;
	t0 = bench_now();
	ret = mmk_munmap(c->mm, c->addr, PAGES(n));
	*ns = bench_now() - t0;
	*units = n;
	return ret;
}

/* ---- the raw limit ---- */

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

static int raw_wset_setup(struct op_ctx *c, uint64_t cap)
{
	return raw_tables_setup(c, BENCH_WSET);
}

static int raw_range_setup(struct op_ctx *c, uint64_t cap)
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
	uint64_t t0 = bench_now();

	for (uint64_t i = 0; i < n; i++) {
		ent = raw_walk(c->table_pool, c->pgd_pfn, (BENCH_BASE + PAGES(k)) | (ent & dep));
		acc += ent;
		k = k + 1 == wrap ? 0 : k + 1;
	}
	*ns = bench_now() - t0;
	raw_sink = acc;
	c->cursor = k;
	*units = n;
	return acc ? 0 : -EFAULT;
}

/* As access.tlb_miss: cycling over BENCH_WSET pages. */
static int raw_walk_cycle(struct op_ctx *c, uint64_t n, uint64_t *ns, uint64_t *units)
{
	return raw_walks(c, n, BENCH_WSET, ns, units);
}

/* As GUP: pages 0..n-1, once each. */
static int raw_walk_range(struct op_ctx *c, uint64_t n, uint64_t *ns, uint64_t *units)
{
	c->cursor = 0;
	return raw_walks(c, n, n, ns, units);
}

/* Frames: [0, cap) are written, [cap, 2 cap) are copied from. */
static int raw_frames_setup(struct op_ctx *c, uint64_t cap)
{
	int ret = host_mem_map(c, (size_t)PAGES(2 * cap), 0);

	if (!ret)
		memset(c->mem, 1, c->mem_len);
	return ret;
}

static int raw_frames_hot_setup(struct op_ctx *c, uint64_t cap)
{
	c->batch = BENCH_HOT;
	return raw_frames_setup(c, BENCH_HOT);
}

/* As fault.anon: n frames zeroed, in the op's batches. */
static int raw_zero(struct op_ctx *c, uint64_t n, uint64_t *ns, uint64_t *units)
{
	uint64_t t0 = bench_now();

	for (uint64_t done = 0, k; done < n; done += k) {
		k = bench_batch(c, n, done);
		for (uint64_t i = 0; i < k; i++) {
			memset(c->mem + PAGES(i), 0, BENCH_PAGE);
			__asm__ volatile("" : : "r"(c->mem) : "memory");
		}
	}
	*ns = bench_now() - t0;
	*units = n;
	return 0;
}

/* As fault.cow: n frames copied. */
static int raw_copy(struct op_ctx *c, uint64_t n, uint64_t *ns, uint64_t *units)
{
	uint64_t t0 = bench_now();

	for (uint64_t i = 0; i < n; i++) {
		memcpy(c->mem + PAGES(i), c->mem + PAGES(c->cap + i), BENCH_PAGE);
		__asm__ volatile("" : : "r"(c->mem) : "memory");
	}
	*ns = bench_now() - t0;
	*units = n;
	return 0;
}

/* ---- the table ---- */

#define MMK(s, r) { .setup = (s), .round = (r), .teardown = sim_ctx_unmap }
#define HOST(s, r) { .setup = (s), .round = (r), .teardown = host_mem_unmap }
#define RAW(s, r) { .setup = (s), .round = (r), .teardown = host_mem_unmap }

const struct bench_op bench_ops[] = {
	{ "access.tlb_hit", "access", "8-byte load by the attached CPU, TLB hit",
	  16384, 147456, 0, .mmk = MMK(sim_wset_setup, sim_tlb_hit) },
	{ "access.tlb_miss", "access",
	  "8-byte load, TLB miss: hardware walk, fill (4096 pages cycled); raw: the walk alone",
	  16384, 147456, 0, .mmk = MMK(sim_wset_setup, sim_tlb_miss),
	  .raw = RAW(raw_wset_setup, raw_walk_cycle) },
	{ "fault.anon", "page",
	  "write fault on an empty page (pages then DONTNEEDed, untimed); raw: memset 4 KiB",
	  512, 4096, 512, .mmk = MMK(sim_fault_setup, sim_fault_anon),
	  .host = HOST(host_fault_setup, host_fault_anon), .raw = RAW(raw_frames_setup, raw_zero) },
	{ "fault.anon_hot", "page",
	  "the same, 256 pages (1 MiB) at a time: the frames stay in the L2 cache",
	  1024, 8192, 0, .mmk = MMK(sim_fault_hot_setup, sim_fault_anon),
	  .host = HOST(host_fault_hot_setup, host_fault_anon),
	  .raw = RAW(raw_frames_hot_setup, raw_zero) },
	{ "fault.zero", "page", "read fault mapping the zero page",
	  512, 4096, 512, .mmk = MMK(sim_fault_setup, sim_fault_zero),
	  .host = HOST(host_fault_setup, host_fault_zero) },
	{ "fault.cow", "page",
	  "write fault on a page shared with a fork child (fork untimed); raw: memcpy 4 KiB",
	  512, 4096, 0, .mmk = MMK(sim_populated_setup, sim_fault_cow),
	  .host = HOST(host_populated_setup, host_fault_cow), .raw = RAW(raw_frames_setup, raw_copy) },
	{ "gup.fast", "page",
	  "pin_user_pages_fast(FOLL_WRITE) of populated pages; raw: a 4-level walk per page",
	  2048, 16384, 0, .mmk = MMK(sim_gup_setup, sim_gup_fast),
	  .raw = RAW(raw_range_setup, raw_walk_range) },
	{ "gup.slow", "page", "pin_user_pages(FOLL_WRITE): mmap_lock, PTL per table",
	  2048, 16384, 0, .mmk = MMK(sim_gup_setup, sim_gup_slow),
	  .raw = RAW(raw_range_setup, raw_walk_range) },
	{ "gup.pin_unpin", "page", "pin_user_pages_fast + unpin_user_pages",
	  2048, 16384, 0, .mmk = MMK(sim_gup_setup, sim_pin_unpin) },
	{ "madv.dontneed", "page", "DONTNEED of pages 1-511 of each table: tables stay (no reclaim)",
	  1024, 8192, 512, .mmk = MMK(sim_dontneed_setup, sim_dontneed_keep),
	  .host = HOST(host_dontneed_setup, host_dontneed_keep) },
	{ "madv.dontneed_rcl", "page", "DONTNEED of whole PTE tables (policies may reclaim them)",
	  1024, 8192, 512, .mmk = MMK(sim_fault_setup, sim_dontneed_reclaim),
	  .host = HOST(host_fault_setup, host_dontneed_reclaim) },
	{ "madv.sparse", "2MiB",
	  "write 1 byte per 2 MiB, then DONTNEED it all: one PTE table per byte",
	  64, 512, 0, .mmk = MMK(sim_sparse_setup, sim_sparse),
	  .host = HOST(host_sparse_setup, host_sparse) },
	{ "mprotect", "page", "mprotect R then RW of populated pages (per page and call)",
	  512, 4096, 0, .mmk = MMK(sim_mprotect_setup, sim_mprotect_round),
	  .host = HOST(host_mprotect_setup, host_mprotect) },
	{ "fork", "page", "fork + child exit, per page populated in the parent",
	  512, 4096, 0, .mmk = MMK(sim_fork_setup, sim_fork_exit),
	  .host = HOST(host_fork_setup, host_fork_exit) },
	{ "munmap", "page", "munmap of populated pages (mmap and populate untimed)",
	  512, 4096, 0, .mmk = MMK(sim_munmap_setup, sim_munmap_round),
	  .host = HOST(host_munmap_setup, host_munmap_round) },
};

const int bench_nr_ops = (int)(sizeof(bench_ops) / sizeof(bench_ops[0]));

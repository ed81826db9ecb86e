/* SPDX-License-Identifier: MIT */
/*
 * bench/access.c - access.tlb_hit and access.tlb_miss: an 8-byte load by
 * the attached CPU, its TLB hitting, or missing and walking the page
 * tables (the raw limit: the walk alone, bench/raw.c).
 */
#include "bench/op.h"

static int sim_wset_setup(struct op_ctx *c, uint64_t cap)
{
	int ret = sim_ctx_map(c, PAGES(BENCH_WSET));

	return ret ? ret : sim_populate(c, c->addr, PAGES(BENCH_WSET));
}

static int sim_tlb_hit(struct op_ctx *c, uint64_t n, uint64_t *ns, uint64_t *units)
{
	uint64_t t0 = clock_ns();
	int ret = 0;

	for (uint64_t i = 0; i < n && !ret; i++)
		ret = sim_peek(c, c->addr);
	*ns = clock_ns() - t0;
	*units = n;
	return ret;
}

/*
 * Cycling over BENCH_WSET pages misses in the 256-entry direct-mapped TLB
 * every time: each run of 256 consecutive pages fills every slot once.
 */
static int sim_tlb_miss(struct op_ctx *c, uint64_t n, uint64_t *ns, uint64_t *units)
{
	uint64_t k = c->cursor, t0 = clock_ns();
	int ret = 0;

	for (uint64_t i = 0; i < n && !ret; i++) {
		ret = sim_peek(c, c->addr + PAGES(k));
		k = k + 1 == BENCH_WSET ? 0 : k + 1;
	}
	*ns = clock_ns() - t0;
	c->cursor = k;
	*units = n;
	return ret;
}

const struct bench_op op_tlb_hit = {
	.name = "access.tlb_hit", .unit = "access",
	.desc = "8-byte load by the attached CPU, TLB hit",
	.n1 = 16384, .n2 = 147456,
	.mmk = MMK(sim_wset_setup, sim_tlb_hit),
};

const struct bench_op op_tlb_miss = {
	.name = "access.tlb_miss", .unit = "access",
	.desc = "8-byte load, TLB miss: hardware walk, fill (4096 pages cycled); raw: the walk alone",
	.n1 = 16384, .n2 = 147456,
	.mmk = MMK(sim_wset_setup, sim_tlb_miss),
	.raw = RAW(raw_wset_setup, raw_walk_cycle),
};

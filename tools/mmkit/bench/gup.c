/* SPDX-License-Identifier: MIT */
/*
 * bench/gup.c - pinning: gup.fast (pin_user_pages_fast), gup.slow
 * (pin_user_pages) and gup.pin_unpin, of populated pages; the raw limit
 * of a pin is a 4-level walk per page (bench/raw.c).
 */
#include <errno.h>
#include <stdlib.h>

#include "bench/op.h"

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
	uint64_t t0 = clock_ns();
	long got = fast ? mmk_pin_user_pages_fast(c->mm, c->addr, n, MMK_FOLL_WRITE, c->pages)
			: mmk_pin_user_pages(c->mm, c->addr, n, MMK_FOLL_WRITE, c->pages);

	if (!time_unpin)
		*ns = clock_ns() - t0;
	if (got > 0)
		mmk_unpin_user_pages(c->m, c->pages, (unsigned long)got);
	if (time_unpin)
		*ns = clock_ns() - t0;
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

const struct bench_op op_gup_fast = {
	.name = "gup.fast", .unit = "page",
	.desc = "pin_user_pages_fast(FOLL_WRITE) of populated pages; raw: a 4-level walk per page",
	.n1 = 2048, .n2 = 16384,
	.mmk = MMK(sim_gup_setup, sim_gup_fast),
	.raw = RAW(raw_range_setup, raw_walk_range),
};

const struct bench_op op_gup_slow = {
	.name = "gup.slow", .unit = "page",
	.desc = "pin_user_pages(FOLL_WRITE): mmap_lock, PTL per table",
	.n1 = 2048, .n2 = 16384,
	.mmk = MMK(sim_gup_setup, sim_gup_slow),
	.raw = RAW(raw_range_setup, raw_walk_range),
};

const struct bench_op op_gup_pin_unpin = {
	.name = "gup.pin_unpin", .unit = "page",
	.desc = "pin_user_pages_fast + unpin_user_pages",
	.n1 = 2048, .n2 = 16384,
	.mmk = MMK(sim_gup_setup, sim_pin_unpin),
};

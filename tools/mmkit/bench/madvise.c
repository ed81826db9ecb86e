/* SPDX-License-Identifier: MIT */
/*
 * bench/madvise.c - MADV_DONTNEED: of pages 1-511 of each PTE table (tables
 * stay), of whole tables (the policies that reclaim free them), and the
 * sparse case (one byte per 2 MiB, then all of it); MADV_COLLAPSE of 2 MiB
 * of small pages into a THP; on mmkit and on the host.
 */
#include <errno.h>
#include <sys/mman.h>

#include "bench/op.h"

#ifndef MADV_COLLAPSE
#define MADV_COLLAPSE 25	/* Linux 6.1; older headers lack it */
#endif

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
	t0 = clock_ns();
	for (uint64_t i = 0; i < t && !ret; i++)
		ret = sim_dontneed(c, c->addr + i * BENCH_TABLE_SPAN + BENCH_PAGE,
				   BENCH_TABLE_SPAN - BENCH_PAGE);
	*ns = clock_ns() - t0;
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
	t0 = clock_ns();
	ret = sim_dontneed(c, c->addr, t * BENCH_TABLE_SPAN);
	*ns = clock_ns() - t0;
	*units = t * 512;
	return ret;
}

static int sim_sparse_setup(struct op_ctx *c, uint64_t cap)
{
	return sim_ctx_map(c, cap * BENCH_TABLE_SPAN);
}

static int sim_sparse(struct op_ctx *c, uint64_t n, uint64_t *ns, uint64_t *units)
{
	uint64_t t0 = clock_ns();
	int ret = 0;

	for (uint64_t i = 0; i < n && !ret; i++)
		ret = sim_poke(c, c->addr + i * BENCH_TABLE_SPAN);
	if (!ret)
		ret = sim_dontneed(c, c->addr, n * BENCH_TABLE_SPAN);
	*ns = clock_ns() - t0;
	*units = n;
	return ret;
}

int host_dontneed_setup(struct op_ctx *c, uint64_t cap)
{
	uint64_t t = tables_of(cap);
	int ret = host_mem_map(c, PAGES(t * 512), 0);

	for (uint64_t i = 0; i < t && !ret; i++)
		ret = host_populate(c->mem + i * BENCH_TABLE_SPAN, BENCH_PAGE);
	return ret;
}

int host_dontneed_keep(struct op_ctx *c, uint64_t n, uint64_t *ns, uint64_t *units)
{
	uint64_t t = tables_of(n), t0;
	int ret = 0;

	for (uint64_t i = 0; i < t && !ret; i++)
		ret = host_populate(c->mem + i * BENCH_TABLE_SPAN + BENCH_PAGE,
			       BENCH_TABLE_SPAN - BENCH_PAGE);
	t0 = clock_ns();
	for (uint64_t i = 0; i < t && !ret; i++)
		ret = host_dontneed(c->mem + i * BENCH_TABLE_SPAN + BENCH_PAGE,
			       BENCH_TABLE_SPAN - BENCH_PAGE);
	*ns = clock_ns() - t0;
	*units = t * 511;
	return ret;
}

int host_dontneed_reclaim(struct op_ctx *c, uint64_t n, uint64_t *ns, uint64_t *units)
{
	uint64_t t = tables_of(n), t0;
	int ret = host_populate(c->mem, t * BENCH_TABLE_SPAN);

	t0 = clock_ns();
	if (!ret)
		ret = host_dontneed(c->mem, t * BENCH_TABLE_SPAN);
	*ns = clock_ns() - t0;
	*units = t * 512;
	return ret;
}

int host_sparse_setup(struct op_ctx *c, uint64_t cap)
{
	return host_mem_map(c, cap * BENCH_TABLE_SPAN, 1);
}

int host_sparse(struct op_ctx *c, uint64_t n, uint64_t *ns, uint64_t *units)
{
	uint64_t t0 = clock_ns();
	int ret;

	for (uint64_t i = 0; i < n; i++)
		((volatile unsigned char *)c->mem)[i * BENCH_TABLE_SPAN] = 1;
	ret = host_dontneed(c->mem, n * BENCH_TABLE_SPAN);
	*ns = clock_ns() - t0;
	*units = n;
	return ret;
}

const struct bench_op op_madv_dontneed = {
	.name = "madv.dontneed", .unit = "page",
	.desc = "DONTNEED of pages 1-511 of each table: tables stay (no reclaim)",
	.n1 = 1024, .n2 = 8192, .gran = 512,
	.mmk = MMK(sim_dontneed_setup, sim_dontneed_keep),
	.host = HOST(host_dontneed_setup, host_dontneed_keep),
};

const struct bench_op op_madv_dontneed_rcl = {
	.name = "madv.dontneed_rcl", .unit = "page",
	.desc = "DONTNEED of whole PTE tables (policies may reclaim them)",
	.n1 = 1024, .n2 = 8192, .gran = 512,
	.mmk = MMK(sim_tables_setup, sim_dontneed_reclaim),
	.host = HOST(host_tables_setup, host_dontneed_reclaim),
};

const struct bench_op op_madv_sparse = {
	.name = "madv.sparse", .unit = "2MiB",
	.desc = "write 1 byte per 2 MiB, then DONTNEED it all: one PTE table per byte",
	.n1 = 64, .n2 = 512,
	.mmk = MMK(sim_sparse_setup, sim_sparse),
	.host = HOST(host_sparse_setup, host_sparse),
};

/* ---- collapse.thp ---- */
#define COLLAPSE_SPAN (2UL << 20)
#define COLLAPSE_BATCH 16	/* 2 MiB ranges per batch: 32 MiB */

static int sim_collapse_setup(struct op_ctx *c, uint64_t cap)
{
	(void)cap;
	c->batch = COLLAPSE_BATCH;
	return sim_ctx_map(c, COLLAPSE_BATCH * COLLAPSE_SPAN);
}

/*
 * n MADV_COLLAPSEs, each of a 2 MiB range whose 512 pages were written
 * one byte each by 4 KiB faults (untimed, as is the DONTNEED after).
 */
static int sim_collapse(struct op_ctx *c, uint64_t n, uint64_t *ns, uint64_t *units)
{
	int ret = 0;

	*ns = 0;
	for (uint64_t done = 0, k; done < n && !ret; done += k) {
		uint64_t t0;

		k = bench_batch(c, n, done);
		for (uint64_t p = 0; p < k * 512 && !ret; p++)
			ret = sim_poke(c, c->addr + PAGES(p));
		t0 = clock_ns();
		for (uint64_t i = 0; i < k && !ret; i++)
			ret = mmk_madvise(c->mm, c->addr + i * COLLAPSE_SPAN, COLLAPSE_SPAN,
					  MMK_MADV_COLLAPSE);
		*ns += clock_ns() - t0;
		if (!ret)
			ret = sim_dontneed(c, c->addr, k * COLLAPSE_SPAN);
	}
	*units = n;
	return ret;
}

/*
 * The host: small pages (host_mem_map's MADV_NOHUGEPAGE), which
 * MADV_COLLAPSE refuses; so the advice is lifted for the collapses and
 * put back before the next batch's faults (untimed).
 */
static int host_collapse_setup(struct op_ctx *c, uint64_t cap)
{
	(void)cap;
	c->batch = COLLAPSE_BATCH;
	return host_mem_map(c, COLLAPSE_BATCH * COLLAPSE_SPAN, 0);
}

/*
 * EAGAIN says "try again" (a page still in a CPU's LRU batch, or locked
 * by khugepaged scanning the range meanwhile), and a program would: the
 * retries are part of what the host's collapse costs.
 */
static int host_collapse_one(unsigned char *p)
{
	for (int tries = 0; tries < 10; tries++) {
		if (!madvise(p, COLLAPSE_SPAN, MADV_COLLAPSE))
			return 0;
		if (errno != EAGAIN)
			break;
	}
	return -errno;
}

static int host_collapse(struct op_ctx *c, uint64_t n, uint64_t *ns, uint64_t *units)
{
	int ret = 0;

	*ns = 0;
	for (uint64_t done = 0, k; done < n && !ret; done += k) {
		uint64_t t0;

		k = bench_batch(c, n, done);
		host_touch(c->mem, k * 512);
		if (madvise(c->mem, k * COLLAPSE_SPAN, MADV_HUGEPAGE))
			return -errno;
		t0 = clock_ns();
		for (uint64_t i = 0; i < k && !ret; i++)
			ret = host_collapse_one(c->mem + i * COLLAPSE_SPAN);
		*ns += clock_ns() - t0;
		if (!ret && madvise(c->mem, k * COLLAPSE_SPAN, MADV_NOHUGEPAGE))
			ret = -errno;
		if (!ret)
			ret = host_dontneed(c->mem, k * COLLAPSE_SPAN);
	}
	*units = n;
	return ret;
}

const struct bench_op op_collapse_thp = {
	.name = "collapse.thp", .unit = "THP",
	.desc = "MADV_COLLAPSE of 2 MiB of written 4 KiB pages into a THP (faults and DONTNEED untimed)",
	.n1 = 16, .n2 = 64, .gran = 16,
	.mmk = MMK(sim_collapse_setup, sim_collapse),
	.host = HOST(host_collapse_setup, host_collapse),
};

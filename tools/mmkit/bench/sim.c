/* SPDX-License-Identifier: MIT */
/*
 * bench/sim.c - what the ops' rounds on an mmkit machine share: each op
 * has an address space of its own on each machine, with its memory at
 * BENCH_BASE, so no op's leftovers (tables, pages, VMAs) change another's
 * cost, and fork copies only what the op populated.  The calling thread
 * is attached to CPU 0 of the machine (bench/bench.c).
 */
#include <stdlib.h>

#include "bench/op.h"

int sim_ctx_map(struct op_ctx *c, uint64_t bytes)
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

void sim_ctx_unmap(struct op_ctx *c)
{
	if (c->mm)
		mmk_exit(c->mm);
	c->mm = NULL;
	free(c->pages);
	c->pages = NULL;
}

int sim_populate(struct op_ctx *c, uint64_t addr, uint64_t len)
{
	return len ? mmk_madvise(c->mm, addr, len, MMK_MADV_POPULATE_WRITE) : 0;
}

int sim_dontneed(struct op_ctx *c, uint64_t addr, uint64_t len)
{
	return len ? mmk_madvise(c->mm, addr, len, MMK_MADV_DONTNEED) : 0;
}

/* Whole PTE tables' worth of pages for rounds of up to @cap pages. */
int sim_tables_setup(struct op_ctx *c, uint64_t cap)
{
	return sim_ctx_map(c, PAGES(tables_of(cap) * 512));
}

int sim_populated_setup(struct op_ctx *c, uint64_t cap)
{
	int ret = sim_ctx_map(c, PAGES(cap));

	return ret ? ret : sim_populate(c, c->addr, PAGES(cap));
}

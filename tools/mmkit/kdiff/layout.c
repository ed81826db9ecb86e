/* SPDX-License-Identifier: MIT */
/*
 * kdiff/layout.c - where a script's memory would meet the agent's own
 * (kdiff/diff.h).  Every agent has the same layout (kdiff/agent.c): its
 * executable and .bss at 0x555555554000, its libraries, vDSO and vvar
 * from 0x2aaaaaaab000; nothing else, and nothing near the top.
 *
 * Two ways to meet it:
 *   - overlap or adjoin one of its mappings: the script would unmap or
 *     change the agent itself, or merge a VMA with one of the agent's.
 *     kdiff refuses such a script (kdiff/check.c).
 *   - share a page table with it: Linux allocates a PTE table per 2 MiB,
 *     a PMD table per 1 GiB and a PUD table per 512 GiB, and a table the
 *     agent already has is not counted again when a script's mapping uses
 *     it, while mmkit (with no agent) counts it.  kdiff then does not
 *     compare `pgtable` of that address space (kdiff/diff.c says so).
 *     The granule is the PUD table's 512 GiB: a mapping anywhere in a
 *     512 GiB region the agent uses shares at least that table.
 */
#include "kdiff/diff.h"

#define PUD_SPAN (1ull << 39)	/* what one PUD table maps */
#define PAGE 4096ull

/* The end of [addr, addr+len), at most 2^64 - 1. */
static uint64_t range_end(uint64_t addr, uint64_t len)
{
	return addr + len < addr ? UINT64_MAX : addr + len;
}

const struct kmap *klayout_meets(const struct klayout *l, uint64_t addr,
				 uint64_t len)
{
	uint64_t end = range_end(addr, len);

	for (int i = 0; i < l->n; i++)
		if (addr <= l->v[i].end && l->v[i].start <= end)
			return &l->v[i];	/* adjoining counts: merges */
	return NULL;
}

int klayout_shares_tables(const struct klayout *l, uint64_t addr,
			  uint64_t len)
{
	uint64_t end = range_end(addr, len);

	if (!len)
		return 0;
	for (int i = 0; i < l->n; i++) {
		uint64_t lo = l->v[i].start & ~(PUD_SPAN - 1);
		uint64_t hi = (l->v[i].end + PUD_SPAN - 1) & ~(PUD_SPAN - 1);

		if (addr < hi && lo < end)
			return 1;
	}
	return 0;
}

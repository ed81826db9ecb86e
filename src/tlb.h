/* SPDX-License-Identifier: MIT */
/*
 * tlb.h - TLB flushes and the mmu_gather (tlb.c).
 */
#ifndef MMK_TLB_H
#define MMK_TLB_H

#include "mm_types.h"

void flush_tlb_range(struct mm_struct *mm, uint64_t start, uint64_t end);
void flush_tlb_mm(struct mm_struct *mm);
static inline void flush_tlb_page(struct mm_struct *mm, uint64_t addr)
{
	flush_tlb_range(mm, addr, addr + PAGE_SIZE);
}
pte_t ptep_clear_flush(struct mm_struct *mm, uint64_t addr, mmk_entry_t *ptep);

#define MMK_GATHER_MAX MMK_GATHER_PAGES_MAX
#define MMK_GATHER_THPS 8
struct mmu_gather {
	struct mm_struct *mm;
	bool fullmm;
	uint64_t start, end;		/* range to flush; start >= end: none */
	unsigned int nr, max;
	struct page *pages[MMK_GATHER_MAX];
	struct page *tables;		/* detached tables, not yet flushed */
	struct page *tables_flushed;	/* flushed: freed after one GP at finish */
	/* anonymous THPs the zap unmapped pages of, referenced (tlb_note_thp) */
	struct page *thps[MMK_GATHER_THPS];
	unsigned int nr_thps;
};
void tlb_gather_mmu(struct mmu_gather *tlb, struct mm_struct *mm);
void tlb_gather_mmu_fullmm(struct mmu_gather *tlb, struct mm_struct *mm);
static inline void tlb_flush_pte_range(struct mmu_gather *tlb, uint64_t a, uint64_t size)
{
	if (a < tlb->start)
		tlb->start = a;
	if (a + size > tlb->end)
		tlb->end = a + size;
}
/* Returns true when the batch is full: the caller must flush (force_flush). */
bool tlb_remove_page(struct mmu_gather *tlb, struct page *page);
void tlb_remove_table(struct mmu_gather *tlb, struct page *table);
void tlb_note_thp(struct mmu_gather *tlb, struct page *folio);
void tlb_flush_mmu_tlbonly(struct mmu_gather *tlb);
void tlb_flush_mmu(struct mmu_gather *tlb);
void tlb_finish_mmu(struct mmu_gather *tlb);

#endif

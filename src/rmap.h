/* SPDX-License-Identifier: MIT */
/*
 * rmap.h - reverse mapping of shmem pages: from a page of an object to
 * the entries that map it, through the object's i_mmap list (rmap.c).
 */
#ifndef MMK_RMAP_H
#define MMK_RMAP_H

#include "mm_types.h"

/*
 * MM_ID (Linux 6.15+): a large folio knows which mms map it, in two slots
 * each with the mm's id and its number of mappings of the folio, plus the
 * total (_large_mapcount: a PMD counts one, each PTE one) and a flag that
 * more than one mm may map it.  folio_maybe_mapped_shared() reads that
 * flag, exact while at most two mms ever mapped the folio at once; a third
 * mm's mappings are in no slot, and the flag then stays set until the
 * folio is unmapped everywhere (Linux's documented false positive).
 * Every change of a large folio's mapcounts goes through the helpers
 * below, with the mm the mapping is in.
 */
void folio_mm_id_init(struct page *folio);
void folio_add_large_mapcount(struct page *folio, int diff, struct mm_struct *mm);
void folio_sub_large_mapcount(struct page *folio, int diff, struct mm_struct *mm);
bool folio_maybe_mapped_shared(struct page *folio);
static inline int folio_large_mapcount(struct page *folio)
{
	return atomic_read(&folio[2]._large_mapcount);
}

/* A PTE of @mm now maps @page (folio_add_*_rmap_ptes for one page). */
static inline void page_add_pte_rmap(struct page *page, struct mm_struct *mm)
{
	struct page *folio = page_folio(page);

	atomic_inc(&page->_mapcount);
	if (folio_test_large(folio))
		folio_add_large_mapcount(folio, 1, mm);
}
/* A PTE of @mm no longer maps @page. */
static inline void page_remove_pte_rmap(struct page *page, struct mm_struct *mm)
{
	struct page *folio = page_folio(page);

	atomic_dec(&page->_mapcount);
	if (folio_test_large(folio))
		folio_sub_large_mapcount(folio, 1, mm);
}
/* A PMD of @mm now maps (no longer maps) the whole of @folio. */
static inline void folio_add_pmd_rmap(struct page *folio, struct mm_struct *mm)
{
	atomic_inc(&folio->_entire_mapcount);
	folio_add_large_mapcount(folio, 1, mm);
}
static inline void folio_remove_pmd_rmap(struct page *folio, struct mm_struct *mm)
{
	atomic_dec(&folio->_entire_mapcount);
	folio_sub_large_mapcount(folio, 1, mm);
}

/* The address of page @pgoff of its object in @vma, or 0 if @vma does not map it. */
uint64_t vma_address(struct vm_area_struct *vma, uint64_t pgoff);

/*
 * try_to_unmap of pages [start, start + 512) of @s (rmap.c): page i is
 * @pages[i] (NULL: skip), or @folio + i when @pages is NULL.
 */
void try_to_unmap_file(struct shmem *s, uint64_t start, struct page *const *pages,
		       struct page *folio, struct mm_struct *held);

#endif

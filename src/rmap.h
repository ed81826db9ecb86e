/* SPDX-License-Identifier: MIT */
/*
 * rmap.h - reverse mapping of shmem pages: from a page of an object to
 * the entries that map it, through the object's i_mmap list (rmap.c).
 */
#ifndef MMK_RMAP_H
#define MMK_RMAP_H

#include "mm_types.h"

/* The address of page @pgoff of its object in @vma, or 0 if @vma does not map it. */
uint64_t vma_address(struct vm_area_struct *vma, uint64_t pgoff);

/*
 * try_to_unmap of pages [start, start + 512) of @s (rmap.c): page i is
 * @pages[i] (NULL: skip), or @folio + i when @pages is NULL.
 */
void try_to_unmap_file(struct shmem *s, uint64_t start, struct page *const *pages,
		       struct page *folio, struct mm_struct *held);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * page_alloc.h - physical frames: allocation, references, the pool (page_alloc.c).
 */
#ifndef MMK_PAGE_ALLOC_H
#define MMK_PAGE_ALLOC_H

#include "mm_types.h"

#define __GFP_ZERO 1u
struct page *alloc_page(struct mmk_machine *m, unsigned int gfp);
void free_frame(struct mmk_machine *m, struct page *p);
/* Give every quarantined page-table frame back to the pool; any released? */
bool drain_quarantine(struct mmk_machine *m);
void get_page(struct page *p);
void put_page(struct mmk_machine *m, struct page *p);
/* A PMD-sized folio (THP), or NULL: page_alloc.c */
struct page *alloc_huge_folio(struct mmk_machine *m);
/* The huge zero folio: reserved, outside frames_used (page_alloc.c). */
struct page *alloc_huge_zero_folio(struct mmk_machine *m);
void free_huge_zero_folio(struct mmk_machine *m, struct page *zero);
/* A folio whose refcount reached 0, small or large. */
void free_folio(struct mmk_machine *m, struct page *folio);
void release_pages(struct mmk_machine *m, struct page **pages, unsigned int nr);
/* Page-table frames: zeroed, from and to the quicklist where possible. */
struct page *alloc_pgtable_page(struct mmk_machine *m);
void put_pgtable_page(struct mmk_machine *m, struct page *p);
bool drain_pt_quicklist(struct mmk_machine *m);
uint64_t frames_used_read(struct mmk_machine *m);
uint64_t frames_peak_read(struct mmk_machine *m);
int page_pool_init(struct mmk_machine *m);
void page_pool_destroy(struct mmk_machine *m);

#endif

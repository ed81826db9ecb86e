/* SPDX-License-Identifier: MIT */
/*
 * huge_memory.h - anonymous THP mapped by PMD leaves (huge_memory.c).
 */
#ifndef MMK_HUGE_MEMORY_H
#define MMK_HUGE_MEMORY_H

#include "memory.h"

struct mmu_gather;

bool thp_vma_allowable(struct vm_area_struct *vma, uint64_t addr);
bool is_huge_zero_pmd(struct mmk_machine *m, pmd_t pmd);
/* A PMD leaf mapping an anonymous THP (not the huge zero page, not devmap). */
bool pmd_is_anon_thp(struct mmk_machine *m, pmd_t pmd);
/* A PMD leaf mapping a shmem (file) THP: no deposit, split by zapping. */
bool pmd_is_file_thp(struct mmk_machine *m, pmd_t pmd);
bool zap_huge_pmd_file(struct mmu_gather *tlb, struct vm_area_struct *vma,
		       mmk_entry_t *pmdp, uint64_t addr);
/* Map a PMD-sized shmem folio whole (finish_fault); folio lock held. */
int do_set_pmd(struct vm_area_struct *vma, mmk_entry_t *pmdp, uint64_t addr,
	       struct page *page, bool write);
/* Faults: mmap_lock held for read.  0, VM_FAULT_OOM or VM_FAULT_FALLBACK. */
int do_huge_pmd_anonymous_page(struct vm_area_struct *vma, mmk_entry_t *pmdp,
			       uint64_t addr, unsigned int flags);
int do_huge_pmd_wp_page(struct vm_area_struct *vma, mmk_entry_t *pmdp, uint64_t addr,
			unsigned int flags, pmd_t orig);
void huge_pmd_set_accessed(struct vm_area_struct *vma, mmk_entry_t *pmdp, pmd_t orig,
			   bool write);
/* Mappings of @folio in every mm: its PMDs, and the PTEs of each page. */
int folio_mapcount(struct page *folio);
int folio_mapcount_of_pages(struct page *folio);
/* Zap an anonymous or huge zero leaf the zap covers whole. */
bool zap_huge_pmd_anon(struct mmu_gather *tlb, struct vm_area_struct *vma,
		       mmk_entry_t *pmdp, uint64_t addr);
/* The leaf's deposited PTE table takes its place; no-op on anything else. */
void split_huge_pmd(struct vm_area_struct *vma, mmk_entry_t *pmdp, uint64_t addr);
/* mremap of a whole leaf: moved (with its deposit), or false. */
bool move_huge_pmd(struct mm_struct *mm, mmk_entry_t *old, mmk_entry_t *new,
		   uint64_t old_addr);
/* split_folio of a THP whose PMD was split: 0 or -EBUSY (huge_memory.c). */
int split_folio_at(struct vm_area_struct *vma, struct page *folio);
/* A write fault on a PTE of a THP: may it reuse the page?  PTL of @pte's table held. */
bool wp_can_reuse_large_anon_folio(struct page *folio);
/* MADV_FREE/PAGEOUT of part of a PTE table: split the THPs met there. */
void split_pte_mapped_thps(struct vm_area_struct *vma, mmk_entry_t *pmdp, uint64_t addr,
			   uint64_t end, bool whole_too);
/* MADV_PAGEOUT on a whole shmem PMD leaf: unmap; a clean folio leaves the cache. */
void pageout_shmem_pmd(struct vm_area_struct *vma, mmk_entry_t *pmdp, uint64_t addr,
		       uint64_t next);
int split_shmem_folio(struct page *folio, struct mm_struct *held);
void deferred_split_folio(struct mmk_machine *m, struct page *folio);
void deferred_split_dequeue(struct mmk_machine *m, struct page *folio);
uint64_t deferred_split_mm(struct mm_struct *mm);
int split_shmem_folio_put(struct vm_area_struct *vma, struct page *folio);
/* MADV_PAGEOUT on a huge PMD: split PMD and folio (no swap). */
void pageout_huge_pmd(struct vm_area_struct *vma, mmk_entry_t *pmdp, uint64_t addr);
/* MADV_FREE on [addr, next) of a huge PMD (huge_memory.c). */
void madvise_free_huge_pmd(struct mmu_gather *tlb, struct vm_area_struct *vma,
			   mmk_entry_t *pmdp, uint64_t addr, uint64_t next);
/* Before @vma is split at @addr: split the huge PMD that would straddle. */
void split_huge_pmd_at_boundary(struct vm_area_struct *vma, uint64_t addr);
/* fork: 0, -ENOMEM, or 1 (the parent's leaf was split: copy PTEs). */
int copy_huge_pmd(struct vm_area_struct *dst_vma, struct vm_area_struct *src_vma,
		  mmk_entry_t *dst_pmd, mmk_entry_t *src_pmd, uint64_t addr);


/* For khugepaged.c: the pieces of a THP it builds by collapse. */
void thp_count(struct mmk_machine *m, enum thp_stat s);
/* Under the pmd lock of @pmdp: @table becomes the deposit of its huge PMD. */
void pgtable_trans_huge_deposit(struct mm_struct *mm, mmk_entry_t *pmdp, struct page *table);
void prepare_anon_thp(struct vm_area_struct *vma, struct page *folio, uint64_t haddr);
void free_anon_thp(struct mmk_machine *m, struct page *folio);
pmd_t mk_anon_thp_pmd(struct vm_area_struct *vma, struct page *folio);
/* MADV_COLLAPSE of [start, end) in one VMA; mmap_lock held for read,
 * perhaps dropped and retaken (khugepaged.c). */
int madvise_collapse(struct mm_struct *mm, uint64_t start, uint64_t end);

#endif

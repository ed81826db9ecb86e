/* SPDX-License-Identifier: MIT */
/*
 * pgtable.h - page-table pages and the walk API (pgtable.c), with Linux's
 * names.  The entry layout, its glossary and its predicates are
 * pgtable_types.h.
 *
 * Locks: a PGD or PUD entry is populated under mm->page_table_lock, a PMD
 * entry under the pmd lock (the PTL of the PMD table), a PTE under its
 * table's PTL.  pte_offset_map*() enter an RCU read-side section that
 * pte_unmap() leaves: a table is freed only after a grace period.
 */
#ifndef MMK_PGTABLE_H
#define MMK_PGTABLE_H

#include "mm_types.h"

/* pgtable.c: tables, the walk API */
mmk_entry_t *pgd_offset(struct mm_struct *mm, uint64_t addr);
mmk_entry_t *pud_offset(struct mmk_machine *m, pgd_t pgd, uint64_t addr);
mmk_entry_t *pmd_offset(struct mmk_machine *m, pud_t pud, uint64_t addr);
int __pte_alloc_install(struct mm_struct *mm, mmk_entry_t *pmdp, struct page **installed);
/*
 * pte_alloc_install - make sure a PTE table hangs below *@pmdp.  0, -ENOMEM,
 * or -EAGAIN if the PMD table was detached (policy full): start over.
 * *@installed gets the new table if this call installed one: under the
 * refcount policy the caller then owns its install reference and drops it
 * with pte_install_put() once it mapped the table.
 */
static inline int pte_alloc_install(struct mm_struct *mm, mmk_entry_t *pmdp,
				    struct page **installed)
{
	*installed = NULL;
	return unlikely(pmd_none(entry_read(pmdp))) ? __pte_alloc_install(mm, pmdp, installed) : 0;
}
void pte_install_put(struct mm_struct *mm, struct page *installed);
/* pte_alloc for callers that keep no reference (tests, tools). */
int __pte_alloc(struct mm_struct *mm, mmk_entry_t *pmdp);
static inline int pte_alloc(struct mm_struct *mm, mmk_entry_t *pmdp)
{
	return unlikely(pmd_none(entry_read(pmdp))) ? __pte_alloc(mm, pmdp) : 0;
}
/* The next level's entry for @addr, allocating its table; NULL on failure. */
mmk_entry_t *pud_alloc(struct mm_struct *mm, mmk_entry_t *pgdp, uint64_t addr);
mmk_entry_t *pmd_alloc(struct mm_struct *mm, mmk_entry_t *pudp, uint64_t addr);
int walk_alloc_pmd(struct mm_struct *mm, uint64_t addr, mmk_entry_t **pmdp);
mmk_entry_t *mm_find_pmd(struct mm_struct *mm, uint64_t addr);
/* Account @n tables at @level (1 PTE .. 3 PUD) attached to / detached from @mm. */
void mm_pgtables_add(struct mm_struct *mm, int level, int n);
void atomic64_max(atomic64_t *peak, long long v);
spinlock_t *pmd_lockptr(struct mm_struct *mm, mmk_entry_t *pmdp);
spinlock_t *pmd_lock(struct mm_struct *mm, mmk_entry_t *pmdp);
spinlock_t *pte_lockptr(struct mm_struct *mm, pmd_t pmdval);
mmk_entry_t *__pte_offset_map(struct mm_struct *mm, mmk_entry_t *pmdp,
			      uint64_t addr, pmd_t *pmdvalp);
mmk_entry_t *pte_offset_map(struct mm_struct *mm, mmk_entry_t *pmdp, uint64_t addr);
mmk_entry_t *pte_offset_map_lock(struct mm_struct *mm, mmk_entry_t *pmdp,
				 uint64_t addr, spinlock_t **ptlp);
mmk_entry_t *pte_offset_map_ro_nolock(struct mm_struct *mm, mmk_entry_t *pmdp,
				      uint64_t addr, spinlock_t **ptlp);
mmk_entry_t *pte_offset_map_rw_nolock(struct mm_struct *mm, mmk_entry_t *pmdp,
				      uint64_t addr, pmd_t *pmdvalp,
				      spinlock_t **ptlp);
void pte_unmap(mmk_entry_t *pte);
void pte_unmap_unlock(mmk_entry_t *pte, spinlock_t *ptl);
struct page *pte_alloc_one(struct mm_struct *mm, int level);
void pte_free_now(struct mmk_machine *m, struct page *table);
void pte_free_defer(struct mmk_machine *m, struct page *table);
void pte_free_defer_list(struct mmk_machine *m, struct page *list);
void pte_free_defer_flush(struct mmk_machine *m);
#endif

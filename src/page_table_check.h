/* SPDX-License-Identifier: MIT */
/*
 * page_table_check.h - the invariant checker's hooks (page_table_check.c).
 */
#ifndef MMK_PAGE_TABLE_CHECK_H
#define MMK_PAGE_TABLE_CHECK_H

#include "mm_types.h"

/*
 * page_table_check.c: the invariant checker (include/mmkit/check.h).
 * With checking off (the default) each hook below costs one predictable
 * branch where it is called.
 */
static inline bool pt_checking(struct mmk_machine *m)
{
	return unlikely(atomic_read(&m->checking) != 0);
}
int pt_check_init(struct mmk_machine *m);
void pt_check_destroy(struct mmk_machine *m);
/* @walker read PTE_POISON from *@entryp (a freed table) walking to @addr. */
void pt_check_poison(struct mm_struct *mm, const mmk_entry_t *entryp,
		     uint64_t addr, const char *walker);
/* Checking on: a pmd read by @walker leads to @table; is it a live PTE table? */
void pt_check_pte_table(struct mm_struct *mm, const mmk_entry_t *pmdp,
			struct page *table, uint64_t addr, const char *walker);
/*
 * Invariant 7's bookkeeping: a FOLL_PIN pin of @page was handed to the
 * caller (counted while checking is on) / is being released.  The
 * checker's own atomics: not instrumentation points (not explored).
 */
static inline void pt_check_pin_commit(struct mmk_machine *m, struct page *page)
{
	if (pt_checking(m) && !is_zero_page(page))
		atomic_fetch_add_explicit(&page_check_pins(m, page)->v, 1, memory_order_relaxed);
}
static inline void pt_check_unpin(struct mmk_machine *m, struct page *page)
{
	atomic_t *pins = page_check_pins(m, page);
	int old = atomic_load_explicit(&pins->v, memory_order_relaxed);

	while (old > 0 && !atomic_compare_exchange_weak_explicit(&pins->v,
			&old, old - 1, memory_order_relaxed, memory_order_relaxed))
		;
}
/* Checking on: @table is being freed: no entry may be left (2); poison it. */
void pt_check_free_table(struct mmk_machine *m, struct page *table);
/* Record violation @inv of invariants.md (the first one wins). */
void __attribute__((format(printf, 4, 5)))
pt_check_record(struct mmk_machine *m, int inv, uint64_t addr, const char *fmt, ...);
/* Hold freed, poisoned table frame @p back; returns the one it displaces, or NULL. */
struct page *pt_quarantine_swap(struct mmk_machine *m, struct page *p);
/* Empty the quarantine: a list through ->next, *@n frames long. */
struct page *pt_quarantine_take_all(struct mmk_machine *m, unsigned int *n);




#endif

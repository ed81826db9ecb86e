/* SPDX-License-Identifier: MIT */
/*
 * pgtable.h - page-table pages, the walk API and the page-table iterator
 * (pgtable.c), with Linux's names.  The entry layout, its glossary and
 * its predicates are pgtable_types.h.
 *
 * Who may write what (lockdep.h ranks the locks):
 *  - a PGD or PUD entry: under mm->page_table_lock (populating), or with
 *    mmap_lock held for write (free_pgtables), or under the policy's own
 *    exclusion (the rwsem policy's pt_rwsem held for write);
 *  - a PMD entry: under the pmd lock, the lock of the PMD table's page;
 *  - a PTE: under its table's PTL, the lock of the PTE table's page.
 *    The hardware walker's accessed/dirty compare-and-swap is the one
 *    writer without a lock.
 * The lock of a table is reached through the *value* of the entry that
 * points at it, which is why pte_offset_map_lock() rechecks, once it holds
 * the PTL, that the pmd still holds the value it sampled: the table may
 * have been detached meanwhile.
 *
 * Lifetime: a table page is freed only after a grace period
 * (pte_free_defer(), or tlb_remove_table() then tlb_finish_mmu()), so a
 * reader inside rcu_read_lock() may read a detached table, never reused
 * memory.
 */
#ifndef MMK_PGTABLE_H
#define MMK_PGTABLE_H

#include "mm_types.h"
#include "pt_policy.h"

/* ---- tables ---- */

/* A zeroed table page for @mm at @level (1 = PTE ... 4 = PGD), or NULL. */
struct page *pte_alloc_one(struct mm_struct *mm, int level);
/* Free a table nobody can reach any more, not even lockless walkers. */
void pte_free_now(struct mmk_machine *m, struct page *table);
/* Free a detached table (a list through ->next) after a grace period. */
void pte_free_defer(struct mmk_machine *m, struct page *table);
void pte_free_defer_list(struct mmk_machine *m, struct page *list);
/* Start the grace period for the tables deferred so far (batched). */
void pte_free_defer_flush(struct mmk_machine *m);
/* Account @n tables at @level (1 PTE .. 3 PUD) attached to / detached from @mm. */
void mm_pgtables_add(struct mm_struct *mm, int level, int n);

/*
 * free_pgtable - the table below an entry at @level + 1 holding @entryval
 * was unhooked (the caller cleared the entry under the lock the table's
 * rules ask for): account it and queue it on @tlb, which frees it after
 * the TLB flush and a grace period.  @level is the freed table's.
 */
struct mmu_gather;
void free_pgtable(struct mmu_gather *tlb, int level, uint64_t entryval);
/* Clear *@entryp and free_pgtable() what it pointed at. */
void detach_pgtable(struct mmu_gather *tlb, mmk_entry_t *entryp, int level);

/*
 * pte_alloc_install - make sure a PTE table hangs below *@pmdp.  0, -ENOMEM,
 * or -EAGAIN if the PMD table was detached (policy full): start over.
 * *@installed gets the new table if this call installed one: under the
 * refcount policy the caller then owns its install reference and drops it
 * with pte_install_put() once it mapped the table.
 */
int __pte_alloc_install(struct mm_struct *mm, mmk_entry_t *pmdp, struct page **installed);
static inline int pte_alloc_install(struct mm_struct *mm, mmk_entry_t *pmdp,
				    struct page **installed)
{
	*installed = NULL;
	return unlikely(pmd_none(entry_read(pmdp))) ? __pte_alloc_install(mm, pmdp, installed) : 0;
}
void pte_install_put(struct mm_struct *mm, struct page *installed);

/*
 * walk_alloc - the entry at @level (2: PMD, 3: PUD) for @addr in *@entryp,
 * allocating the tables above it (pud_alloc / pmd_alloc).  0, -ENOMEM,
 * -EAGAIN (a table was detached meanwhile: start over) or -EFAULT (a PUD
 * leaf, or poison).  Walk rules as the iterator's.
 */
int walk_alloc(struct mm_struct *mm, uint64_t addr, int level, mmk_entry_t **entryp);
static inline int walk_alloc_pmd(struct mm_struct *mm, uint64_t addr, mmk_entry_t **pmdp)
{
	return walk_alloc(mm, addr, 2, pmdp);
}
/* The PGD entry for @addr (the hardware walker's first read). */
static inline mmk_entry_t *pgd_offset(struct mm_struct *mm, uint64_t addr)
{
	return &mm->pgd[pgd_index(addr)];
}
/* The PMD entry for @addr, or NULL if no PMD table covers it. */
mmk_entry_t *mm_find_pmd(struct mm_struct *mm, uint64_t addr);

/* ---- locks ---- */
spinlock_t *pmd_lockptr(struct mm_struct *mm, mmk_entry_t *pmdp);
spinlock_t *pmd_lock(struct mm_struct *mm, mmk_entry_t *pmdp);
spinlock_t *pte_lockptr(struct mm_struct *mm, pmd_t pmdval);
/* The lock of the table that holds entry @entryp (a PTL, or a pmd lock). */
static inline spinlock_t *ptlock_ptr(struct mmk_machine *m, const mmk_entry_t *entryp)
{
	return &virt_to_page(m, entryp)->ptl;
}
/* This thread holds the lock of the table holding @ptep (Linux's assert_pte_locked). */
#define assert_pte_locked(m, ptep) lockdep_assert_held(ptlock_ptr((m), (ptep)))

/* ---- mapping a PTE table: the pte_offset_map family ---- */
/*
 * __pte_offset_map - enter RCU and map the PTE table below *@pmdp.
 * Returns NULL, having left RCU, if the pmd is none, non-present (a
 * migration entry) or a leaf, or the policy refuses the table (being
 * freed); clears a bad pmd first.  Otherwise returns the entry for @addr
 * with RCU held until pte_unmap(); *@pmdvalp gets the pmd value the table
 * was found through.  Maps nest, and unmap in reverse order.
 */
mmk_entry_t *__pte_offset_map(struct mm_struct *mm, mmk_entry_t *pmdp,
			      uint64_t addr, pmd_t *pmdvalp);
mmk_entry_t *pte_offset_map(struct mm_struct *mm, mmk_entry_t *pmdp, uint64_t addr);
/*
 * pte_offset_map_lock - map and lock: the entry for @addr with the PTL
 * held, and the pmd guaranteed to point at this table while it is held;
 * NULL if there is no table.  Release with pte_unmap_unlock().
 */
mmk_entry_t *pte_offset_map_lock(struct mm_struct *mm, mmk_entry_t *pmdp,
				 uint64_t addr, spinlock_t **ptlp);
/* Map without locking, *@ptlp the PTL; the table may be detached: read only. */
mmk_entry_t *pte_offset_map_ro_nolock(struct mm_struct *mm, mmk_entry_t *pmdp,
				      uint64_t addr, spinlock_t **ptlp);
/*
 * As _ro_nolock, plus the pmd value the table was found through.  A caller
 * that writes must first take *@ptlp and confirm pmd_same(*pmdvalp, *pmdp)
 * (or pte_same against a non-none entry it read before).
 */
mmk_entry_t *pte_offset_map_rw_nolock(struct mm_struct *mm, mmk_entry_t *pmdp,
				      uint64_t addr, pmd_t *pmdvalp,
				      spinlock_t **ptlp);
void pte_unmap(mmk_entry_t *pte);
void pte_unmap_unlock(mmk_entry_t *pte, spinlock_t *ptl);

/*
 * ---- the entry summary of a PTE table (struct page's pt_used) ----
 * A line is PTE_LINE_ENTRIES entries, one cache line of the table.  All
 * but pte_summary_fill() need the table's PTL.
 */
#define PTE_LINE_ENTRIES 8
#define PTE_LINE_SPAN ((uint64_t)PTE_LINE_ENTRIES << PAGE_SHIFT)	/* 32 KiB mapped */

static inline unsigned int pte_line(const mmk_entry_t *ptep)
{
	return ((uintptr_t)ptep & (PAGE_SIZE - 1)) / (PTE_LINE_ENTRIES * sizeof(*ptep));
}
static inline bool pte_line_used(struct page *table, unsigned int line)
{
	return atomic_load_explicit(&table->pt_used, memory_order_relaxed) >> line & 1;
}
/* *@ptep is about to become non-none: its line must be in the summary. */
static inline void pte_summary_mark(struct page *table, const mmk_entry_t *ptep)
{
	uint64_t bit = (uint64_t)1 << pte_line(ptep);

	if (!(atomic_load_explicit(&table->pt_used, memory_order_relaxed) & bit))
		atomic_fetch_or_explicit(&table->pt_used, bit, memory_order_relaxed);
}
/* Every line may be used: a table filled whole (a PMD split). */
static inline void pte_summary_fill(struct page *table)
{
	atomic_store_explicit(&table->pt_used, ~(uint64_t)0, memory_order_relaxed);
}
/*
 * Are the eight entries of the line starting at @first none?  Read
 * without scheduling points: the summary is mmkit's bookkeeping, not a
 * step of any protocol, and the explorer must not see it.
 */
static inline bool pte_line_none(const mmk_entry_t *first)
{
	uint64_t any = 0;

	for (unsigned int i = 0; i < PTE_LINE_ENTRIES; i++)
		any |= entry_read_nosched(&first[i]);
	return !any;
}
/* Debug builds: is every line the summary leaves out really none? */
static inline bool pte_summary_covers(struct page *table, const mmk_entry_t *ptes)
{
	for (unsigned int line = 0; line < PTRS_PER_TABLE / PTE_LINE_ENTRIES; line++)
		if (!pte_line_used(table, line) && !pte_line_none(&ptes[line * PTE_LINE_ENTRIES]))
			return false;
	return true;
}
/* A scan saw the line of @ptep; drop it from the summary if it is none. */
static inline void pte_line_forget(struct page *table, const mmk_entry_t *ptep)
{
	const mmk_entry_t *first = ptep - ((uintptr_t)ptep / sizeof(*ptep)) % PTE_LINE_ENTRIES;

	if (pte_line_none(first))
		atomic_fetch_and_explicit(&table->pt_used, ~((uint64_t)1 << pte_line(ptep)),
					  memory_order_relaxed);
}
/* Where the line holding @addr's entry ends, or @end if that is sooner. */
static inline uint64_t pte_line_end(uint64_t addr, uint64_t end)
{
	uint64_t next = (addr + PTE_LINE_SPAN) & ~(PTE_LINE_SPAN - 1);

	return next < end ? next : end;
}
/*
 * How many entries from *@ptep (mapping @addr) on a scan up to @end may
 * skip: the rest of its line if the summary leaves the line out, else 0.
 */
static inline uint64_t pte_unused_run(struct page *table, const mmk_entry_t *ptep,
				      uint64_t addr, uint64_t end)
{
	if (pte_line_used(table, pte_line(ptep)))
		return 0;
	return (pte_line_end(addr, end) - addr) >> PAGE_SHIFT;
}
/* Are all 512 entries of the PTE table @ptes (page @table) none?  PTL held. */
bool pte_table_empty(struct page *table, const mmk_entry_t *ptes);

/* ---- PTE changes a policy may count (none <-> not none), PTL held ---- */
/* Install @entry in the none *@ptep. */
static inline void pte_install(struct mm_struct *mm, mmk_entry_t *ptep, pte_t entry)
{
	assert_pte_locked(mm->m, ptep);
	pte_summary_mark(virt_to_page(mm->m, ptep), ptep);
	entry_write(ptep, entry);
	pt_entries_changed(mm->m, virt_to_page(mm->m, ptep), 1);
}
/* Clear *@ptep atomically (ptep_get_and_clear); returns what it held. */
static inline pte_t pte_clear_get(struct mm_struct *mm, mmk_entry_t *ptep)
{
	pte_t old;

	assert_pte_locked(mm->m, ptep);
	old = entry_xchg(ptep, 0);
	if (!pte_none(old))
		pt_entries_changed(mm->m, virt_to_page(mm->m, ptep), -1);
	return old;
}

/*
 * ---- the page-table iterator ----
 * Every software walk of the tables goes through it (the hardware walker
 * in cpu.c models the MMU and stays apart).  for_each_pt_entry(it, mm,
 * start, end, min_level, flags) visits, in address order, the entries
 * that map [start, end):
 *  - each non-none entry it does not descend into: entries at @min_level,
 *    leaves above it (huge PMDs), non-present, bad and poisoned entries;
 *  - with PT_ITER_NONE, none entries too (a walk to one address);
 *  - with PT_ITER_PRE, entries pointing at a table, before it descends
 *    (it.post false); pt_iter_skip() keeps it from descending;
 *  - with PT_ITER_POST, the same entries again after their table's walk
 *    (it.post true), read anew: the visit may free the table.
 * Each entry is read once, into it.entry, and the walk descends through
 * the value it read.  it.level is the level of the table holding the entry
 * (4 PGD .. 1 PTE); it.addr and it.next bound the part of [start, end) it
 * maps.
 *
 * Rules, checked once, where the walk starts (debug builds):
 *  - upper tables stay allocated while read: mmap_lock held for write; or
 *    held for read inside the policy's walk protocol (pt_walk_begin:
 *    RCU under `full`, pt_rwsem under `rwsem`, nothing under the others,
 *    which free upper tables only under mmap_lock for write); or an RCU
 *    read-side section (GUP-fast: every table is freed after a grace
 *    period, under every policy);
 *  - descending into PTE tables (@min_level 1) needs RCU, mmap_lock for
 *    write, or PT_ITER_LOCK.  Walks that change PTEs stop at the PMD
 *    (@min_level 2) and map the table with pte_offset_map_lock().
 * PT_ITER_LOCK (the checker) holds mm->page_table_lock through the walk,
 * and each PMD table's pmd lock and each PTE table's PTL while inside it;
 * a loop left early must call pt_iter_end().  PT_ITER_NOSCHED reads
 * without scheduling points (the checker's own reads).  A walker that
 * meets poison (a freed table) reports it as invariant 1, unless
 * PT_ITER_NOSCHED says the caller checks for it itself.
 */
#define PT_ITER_NONE 0x1
#define PT_ITER_PRE 0x2
#define PT_ITER_POST 0x4
#define PT_ITER_LOCK 0x8
#define PT_ITER_NOSCHED 0x10
#define PT_ITER_UNCHECKED 0x20	/* a historical bug switched back on walks unprotected */

struct pt_iter {
	/* the entry being visited */
	int level;
	bool valid, post;
	uint64_t addr, next;
	mmk_entry_t *entryp;
	uint64_t entry;
	/* the walk */
	struct mm_struct *mm;
	uint64_t start, end;
	int min_level;
	unsigned int flags;
	const char *who;		/* names the walker in poison reports */
	bool skip;
	mmk_entry_t *pos[5];		/* the entry being visited at each level */
	spinlock_t *lock[5];		/* PT_ITER_LOCK: held per level */
};

void pt_iter_start(struct pt_iter *it, struct mm_struct *mm, uint64_t start, uint64_t end,
		   int min_level, unsigned int flags, const char *who);
void pt_iter_next(struct pt_iter *it);
/* Do not descend into the table the current (pre-order) entry points at. */
static inline void pt_iter_skip(struct pt_iter *it) { it->skip = true; }
/*
 * pt_descend - the walk to one address, as a walk of [addr, addr + 1)
 * with PT_ITER_NONE starts: from the PGD down through every table entry
 * above @min_level, each read once.  Returns the entry where it stopped
 * (at @min_level, or above where no table continues: none, a leaf, not
 * present, bad, poison), its level in *@levelp and value in *@ep.  The
 * iterator's rules; for the hot walks (faults, GUP, migration).
 */
mmk_entry_t *pt_descend(struct mm_struct *mm, uint64_t addr, int min_level, const char *who,
			int *levelp, uint64_t *ep);
/* Read the current entry again (the caller populated it) and go on from it. */
void pt_iter_reread(struct pt_iter *it);
/* Release what PT_ITER_LOCK holds, after a loop left early. */
void pt_iter_end(struct pt_iter *it);
/* Bytes one entry at @level maps: 4 KiB, 2 MiB, 1 GiB, 512 GiB. */
static inline uint64_t pt_level_size(int level)
{
	return 1ULL << (PAGE_SHIFT + 9 * (level - 1));
}
/*
 * Does the visited entry point at a table of the next level?  A table
 * entry is exactly _PAGE_TABLE and a pfn (anything else is a leaf, not
 * present, or pmd_bad): one compare.
 */
static inline bool pt_iter_table(const struct pt_iter *it)
{
	return it->level > 1 && (it->entry & ~PTE_PFN_MASK) == _PAGE_TABLE;
}

#define for_each_pt_entry(it, mm, start, end, min_level, flags)			\
	for (pt_iter_start(&(it), (mm), (start), (end), (min_level), (flags), __func__); \
	     (it).valid; pt_iter_next(&(it)))
/* Each non-none PMD entry of [start, end): a table, a huge leaf or non-present. */
#define for_each_pmd_entry(it, mm, start, end)					\
	for_each_pt_entry(it, mm, start, end, 2, 0)				\
		if ((it).level != 2) {} else

#endif

/* SPDX-License-Identifier: MIT */
/*
 * pt_reclaim.c - freeing empty page tables while the address space lives:
 * the mechanisms the policies share (pt_policy.h; the policies are
 * policy_*.c).
 *
 * PT_RECLAIM (Linux 6.14+): after a zap that may reclaim
 * ------------------------------------------------------
 * zap_pte_range() ends in one of two ways:
 *
 *  Fast path: it never dropped the PTL since it began clearing the table.
 *  Still holding the PTL it *trylocks* the pmd lock (the order is pmd lock
 *  then PTL, so blocking here could deadlock) and, on success, saves and
 *  clears the pmd (try_get_and_clear_pmd).  Every entry is none and nobody
 *  could have added one: adding one needs the PTL, and anybody who reaches
 *  the table through the old pmd value fails pte_offset_map_lock()'s
 *  pmd_same() recheck.
 *
 *  Slow path: the PTL was dropped midway (a full mmu_gather batch forced a
 *  flush) or the trylock failed.  Another thread may have refilled the
 *  table meanwhile (the 2025 "fix incorrect reclaim of non-empty PTE pages"
 *  bug), so: take the pmd lock, map the table with _rw_nolock, take its PTL
 *  nested, and check all 512 entries are none before clearing the pmd
 *  (try_to_free_pte).
 *
 * Either way the table is then freed through the mmu_gather: after the
 * TLB flush, and after an RCU grace period, because lockless walkers (the
 * hardware walker, GUP-fast, pte_offset_map() users) may still be reading
 * it.  nr_ptes (VmPTE) drops when the pmd is cleared.  pt_reclaim_table()
 * is the one entry for both paths.
 *
 * Upper levels (policy full): after a PTE table was freed, its PMD table
 * is freed if that became empty (under mm->page_table_lock, which guards
 * PUD entries, and the PMD table's own lock, which populating any of its
 * entries takes), then its PUD table (try_free_upper).  Populating an
 * entry rechecks, under the same lock, that the table being populated is
 * still attached (pgtable.c: populate()), and walkers of such a policy run
 * under RCU (its walk_begin), so a detached upper table is only ever seen
 * empty and is never written.
 *
 * Every level at once (policy rwsem): free_empty_tables() detaches every
 * empty table of a range without taking table locks; its caller holds the
 * policy's walk lock for write, so no software walker is inside any table
 * of the mm (lockless walkers are kept safe by the flush and RCU as always).
 */
#include "pgtable.h"
#include "tlb.h"
#include "pt_policy.h"

static const enum mmk_pt_counter freed_counter[4] = { 0, MMK_PTC_FREED_PTE,
	MMK_PTC_FREED_PMD, MMK_PTC_FREED_PUD };

bool table_empty(const mmk_entry_t *table)
{
	for (int i = 0; i < PTRS_PER_TABLE; i++)
		if (!pmd_none(entry_read(&table[i])))
			return false;
	return true;
}

/*
 * The same for a PTE table, reading only the lines its entry summary has
 * (and dropping those it finds none).  PTL held, or every writer of the
 * table excluded otherwise.
 */
bool pte_table_empty(struct page *table, const mmk_entry_t *ptes)
{
	uint64_t used = atomic_load_explicit(&table->pt_used, memory_order_relaxed);

	assert(pte_summary_covers(table, ptes));
	while (used) {
		unsigned int line = __builtin_ctzll(used);

		used &= used - 1;
		pte_line_forget(table, &ptes[line * PTE_LINE_ENTRIES]);
	}
	return !atomic_load_explicit(&table->pt_used, memory_order_relaxed);
}

/* A table of @level emptied by a zap goes: counted as reclaimed, then freed. */
static void reclaim_pgtable(struct mmu_gather *tlb, int level, uint64_t entryval)
{
	pt_count(tlb->mm->m, freed_counter[level], 1);
	free_pgtable(tlb, level, entryval);
}

bool try_get_and_clear_pmd(struct mm_struct *mm, mmk_entry_t *pmdp, spinlock_t *ptl,
			   pmd_t *pmdvalp)
{
	spinlock_t *pml = pmd_lockptr(mm, pmdp);

	lockdep_assert_held(ptl);
	if (!spin_trylock(pml))
		return false;
	*pmdvalp = entry_xchg(pmdp, 0);
	spin_unlock(pml);
	return true;
}

/* Slow path: recheck every entry under pmd lock + PTL, then free. */
static bool try_to_free_pte(struct mmu_gather *tlb, mmk_entry_t *pmdp, uint64_t addr)
{
	struct mm_struct *mm = tlb->mm;
	spinlock_t *pml = pmd_lock(mm, pmdp), *ptl = NULL;
	pmd_t pmdval;
	mmk_entry_t *pte;
	bool empty;

	pt_count(mm->m, MMK_PTC_SLOW, 1);
	pte = pte_offset_map_rw_nolock(mm, pmdp, addr, &pmdval, &ptl);
	if (!pte) {
		spin_unlock(pml);
		return false;
	}
	/* The pmd lock keeps *pmdp == pmdval: no pmd_same() needed. */
	if (ptl != pml)
		spin_lock(ptl);
	pt_count(mm->m, MMK_PTC_RECHECKS, 1);
	empty = pte_table_empty(pfn_to_page(mm->m, pmd_pfn(pmdval)), pte - pte_index(addr));
	if (empty)
		entry_write(pmdp, 0);
	if (ptl != pml)
		spin_unlock(ptl);
	pte_unmap(pte);
	spin_unlock(pml);
	if (empty)
		reclaim_pgtable(tlb, 1, pmdval);
	return empty;
}

/*
 * After a PTE table at @addr was freed: free its PMD table and then its
 * PUD table if they are empty.  page_table_lock keeps PGD and PUD entries
 * stable; the PMD table's lock excludes populating its entries.
 */
static void try_free_upper(struct mmu_gather *tlb, uint64_t addr)
{
	struct mm_struct *mm = tlb->mm;
	struct mmk_machine *m = mm->m;
	struct pt_iter it;

	spin_lock(&mm->page_table_lock);
	for_each_pt_entry(it, mm, addr, addr + 1, 3, PT_ITER_POST) {
		mmk_entry_t *below = pfn_to_virt(m, pmd_pfn(it.entry));

		if (!pt_iter_table(&it))
			continue;
		if (it.level == 3) {		/* a PUD entry: its PMD table */
			spinlock_t *pml = ptlock_ptr(m, below);

			spin_lock(pml);
			if (table_empty(below))
				reclaim_pgtable(tlb, 2, entry_xchg(it.entryp, 0));
			spin_unlock(pml);
		} else if (table_empty(below)) {	/* a PGD entry, after: its PUD table */
			reclaim_pgtable(tlb, 3, entry_xchg(it.entryp, 0));
		}
	}
	spin_unlock(&mm->page_table_lock);
}

void pt_reclaim_table(struct mmu_gather *tlb, mmk_entry_t *pmdp, uint64_t addr,
		      pmd_t cleared)
{
	struct mm_struct *mm = tlb->mm;

	mmap_assert_locked(mm);
	if (cleared) {
		pt_count(mm->m, MMK_PTC_FAST, 1);
		reclaim_pgtable(tlb, 1, cleared);
	} else if (!try_to_free_pte(tlb, pmdp, addr)) {
		return;
	}
	if (pt_frees_upper(mm->m))
		try_free_upper(tlb, addr);
}

/*
 * free_empty_tables - detach every empty table, at every level, that maps
 * part of [start, end).  The caller excludes every software walker of the
 * mm (the rwsem policy's pt_rwsem held for write).
 */
void free_empty_tables(struct mmu_gather *tlb, uint64_t start, uint64_t end)
{
	struct mmk_machine *m = tlb->mm->m;
	struct pt_iter it;

	/* PMD entries are the walk's leaves; the others come after their tables. */
	for_each_pt_entry(it, tlb->mm, start, end, 2, PT_ITER_POST) {
		if (!pt_iter_table(&it))
			continue;
		if (it.level == 2)
			pt_count(m, MMK_PTC_RECHECKS, 1);
		if (it.level == 2 ? pte_table_empty(pfn_to_page(m, pmd_pfn(it.entry)),
						    pfn_to_virt(m, pmd_pfn(it.entry))) :
				    table_empty(pfn_to_virt(m, pmd_pfn(it.entry))))
			reclaim_pgtable(tlb, it.level - 1, entry_xchg(it.entryp, 0));
	}
}

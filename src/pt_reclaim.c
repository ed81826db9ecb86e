/* SPDX-License-Identifier: MIT */
/*
 * pt_reclaim.c - freeing empty page tables while the address space lives:
 * the policies `keep`, `linux`, `full` and `rwsem` (policies.md).  The
 * `refcount` policy lives in pte_ref.c.
 *
 * linux: Linux 6.14+ PT_RECLAIM
 * -----------------------------
 * Only a zap that asked for it (MADV_DONTNEED) and that covered a whole
 * table may free the table, and only if no entry was left behind.
 * zap_pte_range() ends in one of two ways:
 *
 *  Fast path: it never dropped the PTL since it began clearing the table.
 *  Still holding the PTL it *trylocks* the pmd lock (the order is pmd lock
 *  then PTL, so blocking here could deadlock) and, on success, saves and
 *  clears the pmd.  Every entry is none and nobody could have added one:
 *  adding one needs the PTL, and anybody who reaches the table through the
 *  old pmd value fails pte_offset_map_lock()'s pmd_same() recheck.
 *
 *  Slow path: the PTL was dropped midway (a full mmu_gather batch forced a
 *  flush) or the trylock failed.  Another thread may have refilled the
 *  table meanwhile (the 2025 "fix incorrect reclaim of non-empty PTE pages"
 *  bug), so: take the pmd lock, map the table with _rw_nolock, take its PTL
 *  nested, and check all 512 entries are none before clearing the pmd.
 *
 * Either way the table is then freed through the mmu_gather: after the
 * TLB flush, and after an RCU grace period, because lockless walkers (the
 * hardware walker, GUP-fast, pte_offset_map() users) may still be reading
 * it.  nr_ptes (VmPTE) drops when the pmd is cleared.
 *
 * full: the same at every level and on every zap
 * ----------------------------------------------
 * Any zap but exit (DONTNEED of any size, munmap of part of a VMA,
 * discarded MADV_FREE pages) rescans the tables it touched; a table found
 * empty is freed, then its PMD table if that became empty (under
 * mm->page_table_lock, which guards PUD entries, and the PMD table's own
 * lock, which populating any of its entries takes), then its PUD table.
 * Populating an entry rechecks, under the same lock, that the table being
 * populated is still attached (pgtable.c: populate()), and walkers run
 * under RCU (walk_begin), so a detached upper table is only ever seen
 * empty and is never written.
 *
 * rwsem: Jason Gunthorpe's page-table rwsem
 * -----------------------------------------
 * Walkers under mmap_lock read hold mm->pt_rwsem for read.  After a
 * DONTNEED (or discard, or partial munmap) the zapper trylocks it for
 * write; with it held no software walker is inside any table of the mm,
 * so empty tables of every level in the range are detached without
 * further locking, and freed through the mmu_gather (lockless walkers are
 * kept safe by the flush and RCU as always).  If the trylock fails the
 * range is queued and the next writer frees it.
 */
#include <string.h>
#include "pgtable.h"
#include "tlb.h"
#include "pt_policy.h"

bool table_empty(const mmk_entry_t *table)
{
	for (int i = 0; i < PTRS_PER_TABLE; i++)
		if (!pmd_none(entry_read(&table[i])))
			return false;
	return true;
}

/* Fast path, PTL held: clear the pmd if its lock is free right now. */
bool try_get_and_clear_pmd(struct mm_struct *mm, mmk_entry_t *pmdp, pmd_t *pmdvalp)
{
	spinlock_t *pml = pmd_lockptr(mm, pmdp);

	if (!spin_trylock(pml))
		return false;
	*pmdvalp = entry_xchg(pmdp, 0);
	spin_unlock(pml);
	return true;
}

/* The pmd was cleared: account and queue the table on the gather. */
void free_pte(struct mm_struct *mm, struct mmu_gather *tlb, pmd_t pmdval)
{
	mm_pgtables_add(mm, 1, -1);
	pt_count(mm->m, MMK_PTC_FREED_PTE, 1);
	tlb_remove_table(tlb, pfn_to_page(mm->m, pmd_pfn(pmdval)));
}

/* Slow path: recheck every entry under pmd lock + PTL, then free. */
bool try_to_free_pte(struct mm_struct *mm, mmk_entry_t *pmdp, uint64_t addr,
		     struct mmu_gather *tlb)
{
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
	empty = table_empty(pte - pte_index(addr));
	if (empty)
		entry_write(pmdp, 0);
	if (ptl != pml)
		spin_unlock(ptl);
	pte_unmap(pte);
	spin_unlock(pml);
	if (empty)
		free_pte(mm, tlb, pmdval);
	return empty;
}

/* Detach the table below *@entryp (already checked empty) onto @tlb. */
static void detach_table(struct mmu_gather *tlb, mmk_entry_t *entryp, int level)
{
	static const enum mmk_pt_counter stat[4] = { 0, MMK_PTC_FREED_PTE,
		MMK_PTC_FREED_PMD, MMK_PTC_FREED_PUD };
	struct mmk_machine *m = tlb->mm->m;
	struct page *table = pfn_to_page(m, pmd_pfn(entry_read(entryp)));

	entry_write(entryp, 0);
	mm_pgtables_add(tlb->mm, level, -1);
	pt_count(m, stat[level], 1);
	tlb_remove_table(tlb, table);
}

/*
 * full: after a PTE table at @addr was freed, free its PMD table and then
 * its PUD table if they are empty.  page_table_lock keeps PGD and PUD
 * entries stable; the PMD table's lock excludes populating its entries.
 */
void try_free_upper(struct mmu_gather *tlb, uint64_t addr)
{
	struct mm_struct *mm = tlb->mm;
	struct mmk_machine *m = mm->m;
	mmk_entry_t *pgdp = pgd_offset(mm, addr), *pudp;
	pgd_t pgd;
	pud_t pud;

	spin_lock(&mm->page_table_lock);
	pgd = entry_read(pgdp);
	if (pgd_none(pgd))
		goto out;
	pudp = pud_offset(m, pgd, addr);
	pud = entry_read(pudp);
	if (!pud_none(pud) && !pud_leaf(pud)) {
		struct page *pmd_table = pfn_to_page(m, pud_pfn(pud));
		spin_lock(&pmd_table->ptl);
		if (table_empty(page_address(m, pmd_table)))
			detach_table(tlb, pudp, 2);
		spin_unlock(&pmd_table->ptl);
	}
	if (table_empty(pfn_to_virt(m, pgd_pfn(pgd))))
		detach_table(tlb, pgdp, 3);
out:
	spin_unlock(&mm->page_table_lock);
}

static bool linux_zap_reclaims(enum zap_reason reason, bool whole_table)
{
	return reason == ZAP_DONTNEED && whole_table;
}

static bool full_zap_reclaims(enum zap_reason reason, bool whole_table)
{
	(void)whole_table;
	return reason != ZAP_EXIT;	/* exit's free_pgtables frees all */
}

static void full_walk_begin(struct mm_struct *mm)
{
	(void)mm;
	rcu_read_lock();	/* upper tables may be freed under us */
}

static void full_walk_end(struct mm_struct *mm)
{
	(void)mm;
	rcu_read_unlock();
}

/* ---- rwsem ---- */
/*
 * How often this thread holds pt_rwsem (a walk for read, reclaim for
 * write): that, not RCU, keeps its PTL-less reads safe under this policy
 * (pt_walk_lock_held(), for the race lab's noise).
 */
static __thread int rwsem_walk_depth;

bool pt_walk_lock_held(void)
{
	return rwsem_walk_depth > 0;
}

static void rwsem_walk_begin(struct mm_struct *mm)
{
	down_read(&mm->pt_rwsem);
	rwsem_walk_depth++;
	pt_count(mm->m, MMK_PTC_WALK_LOCKS, 1);
	pt_count(mm->m, MMK_PTC_WALK_ATOMICS, 2);	/* lock and unlock */
}

static bool rwsem_walk_trylock(struct mm_struct *mm)
{
	if (!down_read_trylock(&mm->pt_rwsem))
		return false;
	rwsem_walk_depth++;
	pt_count(mm->m, MMK_PTC_WALK_LOCKS, 1);
	pt_count(mm->m, MMK_PTC_WALK_ATOMICS, 2);	/* lock and unlock */
	return true;
}

static void rwsem_walk_end(struct mm_struct *mm)
{
	rwsem_walk_depth--;
	up_read(&mm->pt_rwsem);
}

/* With pt_rwsem held for write: free every empty table meeting [start, end). */
static void rwsem_reclaim_range(struct mmu_gather *tlb, uint64_t start, uint64_t end)
{
	struct mm_struct *mm = tlb->mm;
	struct mmk_machine *m = mm->m;

	for (uint64_t a = start; a < end; a = pgd_addr_end(a, end)) {
		mmk_entry_t *pgdp = pgd_offset(mm, a);
		uint64_t pgd_end = pgd_addr_end(a, end);
		pgd_t pgd = entry_read(pgdp);

		if (pgd_none(pgd))
			continue;
		for (uint64_t b = a; b < pgd_end; b = pud_addr_end(b, pgd_end)) {
			mmk_entry_t *pudp = pud_offset(m, pgd, b);
			uint64_t pud_end = pud_addr_end(b, pgd_end);
			pud_t pud = entry_read(pudp);

			if (pud_none(pud) || pud_leaf(pud))
				continue;
			for (uint64_t c = b; c < pud_end; c = pmd_addr_end(c, pud_end)) {
				mmk_entry_t *pmdp = pmd_offset(m, pud, c);
				pmd_t pmd = entry_read(pmdp);

				if (pmd_none(pmd) || pmd_leaf(pmd))
					continue;
				pt_count(m, MMK_PTC_RECHECKS, 1);
				if (table_empty(pfn_to_virt(m, pmd_pfn(pmd))))
					detach_table(tlb, pmdp, 1);
			}
			if (table_empty(pfn_to_virt(m, pud_pfn(pud))))
				detach_table(tlb, pudp, 2);
		}
		if (table_empty(pfn_to_virt(m, pgd_pfn(pgd))))
			detach_table(tlb, pgdp, 3);
	}
}

static void rwsem_enqueue(struct mm_struct *mm, uint64_t start, uint64_t end)
{
	spin_lock(&mm->reclaim_lock);
	if (mm->nr_queued && mm->reclaim_queue[mm->nr_queued - 1].end == start) {
		mm->reclaim_queue[mm->nr_queued - 1].end = end;
	} else {
		if (mm->nr_queued == mm->queue_cap) {
			unsigned int cap = mm->queue_cap ? mm->queue_cap * 2 : 16;
			void *n = realloc(mm->reclaim_queue, cap * sizeof(*mm->reclaim_queue));
			if (!n)
				goto out;	/* memory stays used; nothing else is lost */
			mm->reclaim_queue = n;
			mm->queue_cap = cap;
		}
		mm->reclaim_queue[mm->nr_queued].start = start;
		mm->reclaim_queue[mm->nr_queued].end = end;
		mm->nr_queued++;
	}
	pt_count(mm->m, MMK_PTC_QUEUED, 1);
out:
	spin_unlock(&mm->reclaim_lock);
}

static bool rwsem_dequeue(struct mm_struct *mm, uint64_t *start, uint64_t *end)
{
	bool got = false;

	spin_lock(&mm->reclaim_lock);
	if (mm->nr_queued) {
		mm->nr_queued--;
		*start = mm->reclaim_queue[mm->nr_queued].start;
		*end = mm->reclaim_queue[mm->nr_queued].end;
		got = true;
	}
	spin_unlock(&mm->reclaim_lock);
	return got;
}

static void rwsem_zap_done(struct mm_struct *mm, uint64_t start, uint64_t end,
			   enum zap_reason reason)
{
	struct mmu_gather tlb;

	if (reason == ZAP_EXIT)
		return;
	if (!down_write_trylock(&mm->pt_rwsem)) {
		rwsem_enqueue(mm, start, end);
		return;
	}
	rwsem_walk_depth++;
	tlb_gather_mmu(&tlb, mm);
	do {
		rwsem_reclaim_range(&tlb, start, end);
	} while (rwsem_dequeue(mm, &start, &end));
	rwsem_walk_depth--;
	up_write(&mm->pt_rwsem);
	tlb_finish_mmu(&tlb);
}

static void rwsem_mm_exit(struct mm_struct *mm)
{
	free(mm->reclaim_queue);
	mm->reclaim_queue = NULL;
	mm->nr_queued = mm->queue_cap = 0;
}

const struct pt_policy_ops pt_policy_keep = {
	.name = "keep",
};

const struct pt_policy_ops pt_policy_linux = {
	.name = "linux",
	.zap_reclaims = linux_zap_reclaims,
};

const struct pt_policy_ops pt_policy_full = {
	.name = "full",
	.walk_begin = full_walk_begin,
	.walk_end = full_walk_end,
	.zap_reclaims = full_zap_reclaims,
	.free_upper = true,
};

const struct pt_policy_ops pt_policy_rwsem = {
	.name = "rwsem",
	.walk_begin = rwsem_walk_begin,
	.walk_end = rwsem_walk_end,
	.walk_trylock = rwsem_walk_trylock,
	.zap_done = rwsem_zap_done,
	.mm_exit = rwsem_mm_exit,
};

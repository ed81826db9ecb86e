/* SPDX-License-Identifier: MIT */
/*
 * pt_reclaim.c - freeing empty PTE tables after MADV_DONTNEED (Linux 6.14+
 * PT_RECLAIM, policy `linux`).
 *
 * The protocol
 * ------------
 * Only a zap that asked for it (MADV_DONTNEED sets zap_details.reclaim_pt)
 * and that covered a whole table (end - start >= PMD_SIZE) may free the
 * table, and only if no entry was left behind.  zap_pte_range() ends in one
 * of two ways:
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
 */
#include "internal.h"

static const struct pt_policy_ops policies[MMK_NR_POLICIES] = {
	[MMK_POLICY_KEEP] = { .name = "keep", .dontneed_reclaims_pte = false },
	[MMK_POLICY_LINUX] = { .name = "linux", .dontneed_reclaims_pte = true },
};

const struct pt_policy_ops *pt_policy(struct mmk_machine *m)
{
	return &policies[m->cfg.policy];
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
	atomic64_add(-1, &mm->nr_ptes);
	tlb_remove_table(tlb, pfn_to_page(mm->m, pmd_pfn(pmdval)));
}

/* Slow path: recheck every entry under pmd lock + PTL, then free. */
void try_to_free_pte(struct mm_struct *mm, mmk_entry_t *pmdp, uint64_t addr,
		     struct mmu_gather *tlb)
{
	spinlock_t *pml = pmd_lock(mm, pmdp), *ptl = NULL;
	pmd_t pmdval;
	mmk_entry_t *start_pte = pte_offset_map_rw_nolock(mm, pmdp, addr, &pmdval, &ptl);

	if (!start_pte)
		goto out;
	/* The pmd lock keeps *pmdp == pmdval: no pmd_same() needed. */
	if (ptl != pml)
		spin_lock(ptl);
	for (int i = 0; i < PTRS_PER_TABLE; i++) {
		if (!pte_none(entry_read(&start_pte[i]))) {
			if (ptl != pml)
				spin_unlock(ptl);
			pte_unmap(start_pte);
			goto out;
		}
	}
	entry_write(pmdp, 0);
	if (ptl != pml)
		spin_unlock(ptl);
	pte_unmap(start_pte);
	spin_unlock(pml);
	free_pte(mm, tlb, pmdval);
	return;
out:
	spin_unlock(pml);
}

/* SPDX-License-Identifier: MIT */
/*
 * policy_refcount.c - the `refcount` policy: the 2021 "Free user PTE page table
 * pages" design (Qi Zheng), a pte_refcount in every PTE table page.
 *
 * References are held by every non-none entry and by every walker that
 * has the table mapped: pte_offset_map*() does pte_try_get() (increment
 * unless zero) and pte_unmap() does pte_put().  A new table starts with
 * one reference, the installer's, dropped by pte_install_put() once the
 * installer mapped it.  Whoever drops the count to zero frees the table:
 * under the pmd lock it clears the pmd if it still points at the table,
 * flushes the TLB, and frees the page after an RCU grace period (the
 * hardware walker and GUP-fast take no reference).  A walker whose
 * try_get fails treats the table as absent, and faults retry until the
 * freer has cleared the pmd.
 *
 * The counter is pt_refcount in the table's struct page; pt_parent is
 * the back-pointer to the pmd entry (as pte_ref_init() kept it).  This is
 * the "two atomics on every PTE map" the thread argued about: the cost
 * counters count them (MMK_PTC_WALK_ATOMICS).
 */
#include "pgtable.h"
#include "tlb.h"
#include "pt_policy.h"

static bool pte_try_get(struct mmk_machine *m, struct page *table)
{
	pt_count(m, MMK_PTC_WALK_ATOMICS, 1);
	if (atomic_add_unless_zero(&table->pt_refcount, 1))
		return true;
	pt_count(m, MMK_PTC_RETRIES, 1);
	return false;
}

/* The count reached zero: detach the table if still attached, and free it. */
static void pte_free_unused(struct mmk_machine *m, struct page *table)
{
	struct mm_struct *mm = table->pt_mm;
	mmk_entry_t *pmdp = table->pt_parent;
	spinlock_t *pml = pmd_lock(mm, pmdp);
	bool attached = entry_read(pmdp) == pfn_table(page_to_pfn(m, table));

	if (attached) {
		entry_write(pmdp, 0);
		mm_pgtables_add(mm, 1, -1);
	}
	spin_unlock(pml);
	if (!attached)
		return;		/* somebody else detached it: theirs to free */
	pt_count(m, MMK_PTC_FREED_PTE, 1);
	flush_tlb_mm(mm);
	pte_free_defer(m, table);
}

static void pte_put(struct mmk_machine *m, struct page *table)
{
	pt_count(m, MMK_PTC_WALK_ATOMICS, 1);
	if (atomic_dec_and_test(&table->pt_refcount))
		pte_free_unused(m, table);
}

/* Under the PTL, with a walker reference held: the count stays above 0. */
static void pte_entries_changed(struct mmk_machine *m, struct page *table, int n)
{
	pt_count(m, MMK_PTC_WALK_ATOMICS, 1);
	int left = atomic_add_return(n, &table->pt_refcount);
	assert(left > 0);
	(void)left;
}

const struct pt_policy_ops pt_policy_refcount = {
	.name = "refcount",
	.table_get = pte_try_get,
	.table_put = pte_put,
	.entries_changed = pte_entries_changed,
	.install_refs = 1,
	.retract_locked = true,
};

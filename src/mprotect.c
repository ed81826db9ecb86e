/* SPDX-License-Identifier: MIT */
/*
 * mprotect.c - changing the protection of a range: VMA flags (with split
 * and merge) and every present entry of the range.
 *
 * Runs with mmap_lock held for write.  Each PTE is changed under its
 * table's PTL with Linux's ptep_modify_prot_start/commit pair (an atomic
 * get-and-clear, then the new value), so a dirty or accessed bit set by a
 * CPU in between is never lost; the TLB flush for the whole range follows
 * through the mmu_gather before mprotect returns.
 */
#include "pgtable.h"
#include "mmap_lock.h"
#include "mmap.h"
#include "memory.h"
#include "tlb.h"
#include "mmu_notifier.h"
#include "huge_memory.h"

/*
 * can_change_pte_writable - may mprotect map this entry writable at once,
 * without a write fault?  Private: only an exclusive anonymous page (a
 * shared one must go through COW).  Shared: the protection already says so.
 */
static bool can_change_pte_writable(struct vm_area_struct *vma, uint64_t addr,
				    pte_t pte)
{
	struct page *page;

	if (!(vma->vm_flags & VM_WRITE) || pte_protnone(pte))
		return false;
	if (vma->vm_flags & VM_SHARED)
		return pte_dirty(pte);
	page = vm_normal_page(vma, addr, pte);
	return page && PageAnon(page) && PageAnonExclusive(page);
}

/*
 * change_huge_pmd: a devmap PMD leaf (mprotect splits DAX VMAs at 2 MiB
 * only), or an anonymous one the change covers whole.
 */
static void change_huge_pmd(struct vm_area_struct *vma, mmk_entry_t *pmdp,
			    uint64_t addr, struct mmu_gather *tlb)
{
	spinlock_t *ptl = pmd_lock(vma->vm_mm, pmdp);
	pmd_t old = entry_read(pmdp), new;

	if (pmd_leaf(old)) {
		old = entry_xchg(pmdp, 0);
		new = pte_modify(old, vma->vm_page_prot);
		if (!pte_write(new) && can_change_pte_writable(vma, addr, new))
			new = pte_mkwrite(new);
		entry_write(pmdp, new);
		tlb_flush_pte_range(tlb, addr & PMD_MASK, PMD_SIZE);
	}
	spin_unlock(ptl);
}

/* A writable device-private entry loses write permission with its VMA. */
static void change_nonpresent_pte(struct vm_area_struct *vma, mmk_entry_t *pte, pte_t old)
{
	assert_pte_locked(vma->vm_mm->m, pte);

	if (swp_type(old) == SWP_DEVICE_WRITE && !(vma->vm_flags & VM_WRITE))
		entry_write(pte, swp_entry_to_pte(SWP_DEVICE_READ, pte_pfn(old)));
}

static void change_pte_range(struct vm_area_struct *vma, mmk_entry_t *pmdp,
			     uint64_t addr, uint64_t end, struct mmu_gather *tlb)
{
	spinlock_t *ptl;
	mmk_entry_t *start_pte, *pte;

	pmd_t pmd = entry_read(pmdp);

	if (pmd_leaf(pmd)) {
		/* A THP the change covers whole keeps its PMD; part of one splits. */
		if (pmd_devmap(pmd) || end - addr == PMD_SIZE) {
			change_huge_pmd(vma, pmdp, addr, tlb);
			return;
		}
		split_huge_pmd(vma, pmdp, addr);
	}
	start_pte = pte = pte_offset_map_lock(vma->vm_mm, pmdp, addr, &ptl);
	if (!pte)
		return;
	for (; addr < end; pte++, addr += PAGE_SIZE) {
		pte_t old = entry_read(pte), new;

		if (is_device_private_entry(old))
			change_nonpresent_pte(vma, pte, old);
		if (!pte_present(old))
			continue;
		old = entry_xchg(pte, 0);		/* ptep_modify_prot_start */
		new = pte_modify(old, vma->vm_page_prot);
		if (!pte_write(new) && can_change_pte_writable(vma, addr, new))
			new = pte_mkwrite(new);
		entry_write(pte, new);			/* ptep_modify_prot_commit */
		tlb_flush_pte_range(tlb, addr, PAGE_SIZE);
	}
	pte_unmap_unlock(start_pte, ptl);
}

static void change_protection(struct mmu_gather *tlb, struct vm_area_struct *vma,
		       uint64_t start, uint64_t end)
{
	struct pt_iter it;

	mmu_notifier_invalidate_range_start(vma->vm_mm, start, end);
	for_each_pmd_entry(it, vma->vm_mm, start, end)
		change_pte_range(vma, it.entryp, it.addr, it.next, tlb);
	mmu_notifier_invalidate_range_end(vma->vm_mm, start, end);
}

/* Apply @newflags to [start, end) of vmas[idx] (Linux's mprotect_fixup). */
/*
 * VM_ACCOUNT as mprotect_fixup() keeps it: private memory that becomes
 * writable is committed; memory that stops being writable before it ever
 * had an anonymous page is uncommitted again.  The flag takes part in
 * VMA merging.
 */
static unsigned long mprotect_account(struct vm_area_struct *vma, unsigned long newflags)
{
	unsigned long oldflags = vma->vm_flags;

	if (newflags & VM_WRITE) {
		if (!(oldflags & (VM_ACCOUNT | VM_WRITE | VM_SHARED)))
			newflags |= VM_ACCOUNT;
	} else if ((oldflags & VM_ACCOUNT) && vma_is_anonymous(vma) &&
		   !atomic_load_explicit(&vma->anon_vma, memory_order_relaxed)) {
		newflags &= ~VM_ACCOUNT;
	}
	return newflags;
}

static int mprotect_fixup(struct mm_struct *mm, unsigned int idx, uint64_t start,
			  uint64_t end, unsigned long newflags)
{
	struct mmu_gather tlb;
	int ret;

	mmap_assert_write_locked(mm);
	/* Unchanged access: nothing to do, not even dropping VM_ACCOUNT. */
	if (newflags == mm->vmas[idx]->vm_flags)
		return 0;
	newflags = mprotect_account(mm->vmas[idx], newflags);
	ret = vma_modify_flags(mm, &idx, start, end, newflags);
	if (ret)
		return ret;
	tlb_gather_mmu(&tlb, mm);
	change_protection(&tlb, mm->vmas[idx], start, end);
	tlb_finish_mmu(&tlb);
	vma_try_merge(mm, idx);
	return 0;
}

int mmk_mprotect(struct mm_struct *mm, uint64_t start, uint64_t len, int prot)
{
	misuse_null(mm);
	uint64_t end = start + len, tmp = start;
	unsigned long vm_prot;
	int ret = 0;

	if (prot & ~(MMK_PROT_READ | MMK_PROT_WRITE | MMK_PROT_EXEC))
		return -EINVAL;
	if ((start & ~PAGE_MASK) || (len & ~PAGE_MASK))
		return -EINVAL;
	if (!len)
		return 0;
	if (start + len < start)
		return -ENOMEM;		/* wraps around */
	/* No TASK_SIZE check: the VMAs below it change, then the hole is ENOMEM. */
	vm_prot = (prot & MMK_PROT_READ ? VM_READ : 0) |
		  (prot & MMK_PROT_WRITE ? VM_WRITE : 0) |
		  (prot & MMK_PROT_EXEC ? VM_EXEC : 0);
	mmap_write_lock(mm);
	while (tmp < end) {
		unsigned int idx = (unsigned int)vma_index(mm, tmp);
		struct vm_area_struct *v = idx < mm->nr_vmas ? mm->vmas[idx] : NULL;
		unsigned long newflags;
		uint64_t stop;

		if (!v || v->vm_start > tmp) {
			ret = -ENOMEM;		/* a hole in the range */
			break;
		}
		newflags = (v->vm_flags & ~VM_ACCESS_FLAGS) | vm_prot;
		/* Each VM_MAY* bit sits 4 above its VM_* bit. */
		if ((newflags & ~(newflags >> 4)) & VM_ACCESS_FLAGS) {
			ret = -EACCES;
			break;
		}
		stop = v->vm_end < end ? v->vm_end : end;
		ret = mprotect_fixup(mm, idx, tmp, stop, newflags);
		if (ret)
			break;
		tmp = stop;
	}
	mmap_write_unlock(mm);
	return ret;
}

/* SPDX-License-Identifier: MIT */
/*
 * madvise.c - MADV_DONTNEED, MADV_FREE, MADV_POPULATE_(READ|WRITE) and
 * the VMA-flag advice (DONTFORK/DOFORK, WIPEONFORK/KEEPONFORK).
 *
 * DONTNEED and FREE run with mmap_lock held for read, concurrently with
 * faults and other zaps on the same tables; they change entries only under
 * the PTL.  Flag advice takes mmap_lock for write since it splits and
 * merges VMAs.  As in Linux, holes in the range are skipped and reported
 * as -ENOMEM once the mapped parts were advised.
 *
 * POPULATE is the exception, as in Linux since 6.9: no per-VMA walk, but
 * GUP's fault-in loop over the whole range (faultin_page_range, gup.c)
 * under mmap_lock for read.  It stops at the first problem: a hole gives
 * -ENOMEM (the part before it is populated, the part after it is not), a
 * VMA without the permission -EINVAL, a fault that would raise SIGBUS or
 * SIGSEGV -EFAULT, and running out of memory -ENOMEM.
 */
#include "pgtable.h"
#include "mmap_lock.h"
#include "mmap.h"
#include "tlb.h"
#include "pt_policy.h"
#include "vmscan.h"
#include "huge_memory.h"

static int madvise_dontneed(struct vm_area_struct *vma, uint64_t start, uint64_t end)
{
	struct zap_details details = { .reason = ZAP_DONTNEED };
	struct mmu_gather tlb;

	mmap_assert_locked(vma->vm_mm);
	tlb_gather_mmu(&tlb, vma->vm_mm);
	unmap_page_range(&tlb, vma, start, end, &details);
	tlb_finish_mmu(&tlb);
	return 0;
}

/*
 * madvise_free_pte_range - mark anon pages lazily free: clean and old in
 * the entry, PG_swapbacked cleared.  A page still shared after fork is
 * marked too, as Linux does (only a PG_dirty one must be exclusive, to
 * clear that flag); reclaim takes it once it is mapped here alone, unless
 * a write re-dirtied the entry.
 */
static void madvise_free_pte_range(struct vm_area_struct *vma, mmk_entry_t *pmdp,
				   uint64_t addr, uint64_t end, struct mmu_gather *tlb)
{
	spinlock_t *ptl;
	mmk_entry_t *start_pte = pte_offset_map_lock(vma->vm_mm, pmdp, addr, &ptl);
	mmk_entry_t *pte = start_pte;

	if (!pte)
		return;
	for (; addr < end; pte++, addr += PAGE_SIZE) {
		pte_t ptent = entry_read(pte);
		struct page *page;

		if (!pte_present(ptent))
			continue;
		page = vm_normal_page(vma, addr, ptent);
		if (!page || !PageAnon(page))
			continue;	/* the zero page */
		if (PageDirty(page)) {
			/* Only an exclusive page may forget its PG_dirty. */
			if (page_mapcount(page) != 1)
				continue;
			ClearPageFlag(page_folio(page), PG_dirty);
		}
		if (pte_young(ptent) || pte_dirty(ptent)) {
			ptent = entry_xchg(pte, 0);
			entry_write(pte, pte_mkold(pte_mkclean(ptent)));
			tlb_flush_pte_range(tlb, addr, PAGE_SIZE);
		}
		ClearPageFlag(page, PG_swapbacked);	/* folio_mark_lazyfree */
	}
	pte_unmap_unlock(start_pte, ptl);
}

static int madvise_free(struct vm_area_struct *vma, uint64_t start, uint64_t end)
{
	struct mmu_gather tlb;
	struct pt_iter it;

	mmap_assert_locked(vma->vm_mm);
	if (!vma_is_anonymous(vma))
		return -EINVAL;
	tlb_gather_mmu(&tlb, vma->vm_mm);
	for_each_pmd_entry(it, vma->vm_mm, start, end) {
		if (pmd_leaf(it.entry)) {
			madvise_free_huge_pmd(&tlb, vma, it.entryp, it.addr, it.next);
			if (pmd_leaf(entry_read(it.entryp)))
				continue;	/* whole, shared, or the zero page */
		}
		split_pte_mapped_thps(vma, it.entryp, it.addr, it.next, false);
		madvise_free_pte_range(vma, it.entryp, it.addr, it.next, &tlb);
	}
	tlb_finish_mmu(&tlb);
	return 0;
}

static int madvise_flags(struct mm_struct *mm, struct vm_area_struct *vma,
			 uint64_t start, uint64_t end, int advice)
{
	unsigned long f = vma->vm_flags;
	unsigned int idx = (unsigned int)vma_index(mm, start);
	int ret;

	mmap_assert_write_locked(mm);
	switch (advice) {
	case MMK_MADV_DONTFORK: f |= VM_DONTCOPY; break;
	case MMK_MADV_DOFORK: f &= ~VM_DONTCOPY; break;
	case MMK_MADV_WIPEONFORK:
		if (vma->vm_flags & VM_SHARED)
			return -EINVAL;
		f |= VM_WIPEONFORK;
		break;
	case MMK_MADV_KEEPONFORK: f &= ~VM_WIPEONFORK; break;
	case MMK_MADV_HUGEPAGE: f = (f & ~VM_NOHUGEPAGE) | VM_HUGEPAGE; break;
	case MMK_MADV_NOHUGEPAGE: f = (f & ~VM_HUGEPAGE) | VM_NOHUGEPAGE; break;
	}
	if (f == vma->vm_flags)
		return 0;
	ret = vma_modify_flags(mm, &idx, start, end, f);
	if (!ret)
		vma_try_merge(mm, idx);
	return ret;
}

/* madvise_populate - fault [start, end) in, readable or writable. */
static int madvise_populate(struct mm_struct *mm, uint64_t start, uint64_t end,
			    int advice)
{
	bool write = advice == MMK_MADV_POPULATE_WRITE;

	while (start < end) {
		long pages = faultin_page_range(mm, start, end, write);

		if (pages < 0) {
			switch (pages) {
			case -EINVAL:	/* the VMA does not allow it */
			case -EFAULT:	/* SIGBUS or SIGSEGV */
				return (int)pages;
			default:	/* a hole, or out of memory */
				return -ENOMEM;
			}
		}
		start += (uint64_t)pages << PAGE_SHIFT;
	}
	return 0;
}

static bool madvise_need_mmap_write(int advice)
{
	return advice == MMK_MADV_DONTFORK || advice == MMK_MADV_DOFORK ||
	       advice == MMK_MADV_WIPEONFORK || advice == MMK_MADV_KEEPONFORK ||
	       advice == MMK_MADV_HUGEPAGE || advice == MMK_MADV_NOHUGEPAGE;
}

static int madvise_vma(struct mm_struct *mm, struct vm_area_struct *vma,
		       uint64_t start, uint64_t end, int advice)
{
	int ret;

	switch (advice) {
	case MMK_MADV_DONTNEED:
	case MMK_MADV_FREE:
		pt_walk_begin(mm);
		if (advice == MMK_MADV_DONTNEED)
			ret = madvise_dontneed(vma, start, end);
		else
			ret = madvise_free(vma, start, end);
		pt_walk_end(mm);
		if (advice == MMK_MADV_DONTNEED)
			pt_reclaim_after_zap(mm, start, end, ZAP_DONTNEED);
		return ret;
	case MMK_MADV_PAGEOUT:
		return madvise_pageout(vma, start, end);
	case MMK_MADV_COLLAPSE:
		/* May drop mmap_lock: the caller finds its next VMA afresh. */
		return madvise_collapse(mm, start, end);
	default:
		return madvise_flags(mm, vma, start, end, advice);
	}
}

int mmk_madvise(struct mm_struct *mm, uint64_t start, uint64_t len, int advice)
{
	misuse_null(mm);
	uint64_t end = start + len;
	bool write = madvise_need_mmap_write(advice);
	int unmapped = 0, ret = 0;

	switch (advice) {
	case MMK_MADV_DONTNEED: case MMK_MADV_FREE: case MMK_MADV_DONTFORK:
	case MMK_MADV_DOFORK: case MMK_MADV_WIPEONFORK: case MMK_MADV_KEEPONFORK:
	case MMK_MADV_PAGEOUT: case MMK_MADV_POPULATE_READ: case MMK_MADV_POPULATE_WRITE:
	case MMK_MADV_HUGEPAGE: case MMK_MADV_NOHUGEPAGE:
		break;
	case MMK_MADV_COLLAPSE:
		break;
	default:
		return -EINVAL;
	}
	if ((start & ~PAGE_MASK) || (len & ~PAGE_MASK))
		return -EINVAL;
	if (end < start)
		return -EINVAL;		/* wraps around */
	if (!len)
		return 0;
	/* No TASK_SIZE check, as in Linux: no VMA lies beyond it, so ENOMEM. */
	if (advice == MMK_MADV_POPULATE_READ || advice == MMK_MADV_POPULATE_WRITE) {
		mmap_read_lock(mm);
		ret = madvise_populate(mm, start, end, advice);
		mmap_read_unlock(mm);
		return ret;
	}
	if (write)
		mmap_write_lock(mm);
	else
		mmap_read_lock(mm);
	while (start < end) {
		struct vm_area_struct *vma = find_vma(mm, start);
		uint64_t stop;

		if (!vma || vma->vm_start >= end) {
			unmapped = -ENOMEM;
			break;
		}
		if (vma->vm_start > start) {
			unmapped = -ENOMEM;
			start = vma->vm_start;
		}
		stop = vma->vm_end < end ? vma->vm_end : end;
		ret = madvise_vma(mm, vma, start, stop, advice);
		if (ret)
			break;
		start = stop;
	}
	if (write)
		mmap_write_unlock(mm);
	else
		mmap_read_unlock(mm);
	return ret ? ret : unmapped;
}

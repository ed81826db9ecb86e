/* SPDX-License-Identifier: MIT */
/*
 * mremap.c - moving a range of an address space: VMAs and page-table
 * entries move, pages stay where they are.
 *
 * Runs with mmap_lock held for write, so no fault, zap or reclaimer of
 * this mm runs meanwhile; lockless walkers (the hardware walker, GUP-fast)
 * still may.  move_ptes() holds the old table's PTL and, nested, the new
 * one's (as Linux does; one lock if both ranges share a table), clears each
 * old entry atomically (its dirty bit travels with it) and installs it at
 * the new address, then flushes the old range before dropping the locks,
 * so no CPU keeps writing through a translation of the old address once
 * the page is reachable from the new one.  Reference counts and mapcounts
 * do not change: the mapping moves, it is not copied.
 */
#include "pgtable.h"
#include "mmap_lock.h"
#include "mmap.h"
#include "tlb.h"
#include "memremap.h"
#include "mmu_notifier.h"
#include "pt_policy.h"

static uint64_t min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

/* Move [old_addr, old_addr + len) within one PTE table of each side. */
static int move_ptes(struct mm_struct *mm, mmk_entry_t *old_pmd, uint64_t old_addr,
		     mmk_entry_t *new_pmd, uint64_t new_addr, uint64_t len)
{
	spinlock_t *old_ptl, *new_ptl;
	mmk_entry_t *old_pte, *new_pte;
	struct page *installed;
	bool flush = false;
	int ret = pte_alloc_install(mm, new_pmd, &installed);

	if (ret)
		return ret;
	old_pte = pte_offset_map_lock(mm, old_pmd, old_addr, &old_ptl);
	if (!old_pte)
		goto out;
	new_pte = pte_offset_map_rw_nolock(mm, new_pmd, new_addr, &(pmd_t){ 0 }, &new_ptl);
	if (!new_pte) {		/* cannot happen under mmap_lock for write */
		pte_unmap_unlock(old_pte, old_ptl);
		ret = -EAGAIN;
		goto out;
	}
	if (new_ptl != old_ptl)
		spin_lock_nested(new_ptl, SINGLE_DEPTH_NESTING);
	for (uint64_t off = 0; off < len; off += PAGE_SIZE) {
		mmk_entry_t *src = old_pte + (off >> PAGE_SHIFT);
		pte_t pte;

		if (pte_none(entry_read(src)))
			continue;
		pte = pte_clear_get(mm, src);
		flush |= pte_hw_present(pte);
		pte_install(mm, new_pte + (off >> PAGE_SHIFT), pte);
	}
	if (flush)
		flush_tlb_range(mm, old_addr, old_addr + len);
	if (new_ptl != old_ptl)
		spin_unlock(new_ptl);
	pte_unmap(new_pte);
	pte_unmap_unlock(old_pte, old_ptl);
out:
	if (installed)
		pte_install_put(mm, installed);
	return ret;
}

/* Move the entries of [old_addr, +len) to new_addr; returns bytes moved. */
static uint64_t move_page_tables(struct mm_struct *mm, uint64_t old_addr,
				 uint64_t new_addr, uint64_t len, int *err)
{
	uint64_t done = 0;

	mmap_assert_write_locked(mm);
	*err = 0;
	mmu_notifier_invalidate_range_start(mm, old_addr, old_addr + len);
	while (done < len) {
		uint64_t old = old_addr + done, new = new_addr + done;
		uint64_t extent = min_u64(pmd_addr_end(old, old_addr + len) - old,
					  pmd_addr_end(new, new_addr + len) - new);
		mmk_entry_t *old_pmd = mm_find_pmd(mm, old), *new_pmd;

		if (old_pmd && !pmd_none(entry_read(old_pmd))) {
			*err = walk_alloc_pmd(mm, new, &new_pmd);
			if (!*err)
				*err = move_ptes(mm, old_pmd, old, new_pmd, new, extent);
			if (*err == -EAGAIN)
				continue;
			if (*err)
				break;
		}
		done += extent;
	}
	mmu_notifier_invalidate_range_end(mm, old_addr, old_addr + len);
	return done;
}

/* Split so that one VMA covers exactly [start, end); returns it. */
static struct vm_area_struct *isolate_vma(struct mm_struct *mm, uint64_t start,
					  uint64_t end, int *err)
{
	unsigned int idx = (unsigned int)vma_index(mm, start);
	struct vm_area_struct *v = mm->vmas[idx];

	*err = 0;
	if (v->vm_start < start) {
		*err = split_vma(mm, idx, start);
		if (*err)
			return NULL;
		v = mm->vmas[++idx];
	}
	if (v->vm_end > end) {
		*err = split_vma(mm, idx, end);
		if (*err)
			return NULL;
	}
	return v;
}

static int mremap_locked(struct mm_struct *mm, uint64_t old_addr, uint64_t old_len,
			 uint64_t new_addr, uint64_t new_len, int flags)
{
	struct vm_area_struct *vma = vma_lookup(mm, old_addr), *new_vma;
	uint64_t moved;
	int ret;

	mmap_assert_write_locked(mm);
	if (!vma || old_addr + old_len > vma->vm_end)
		return -EFAULT;
	if ((flags & MMK_MREMAP_DONTUNMAP) && !vma_is_anonymous(vma))
		return -EINVAL;
	if (vma->dev && ((old_addr | old_len | new_addr | new_len) & (vma->dev->align - 1)))
		return -EINVAL;		/* device-dax: whole device pages only */
	ret = do_munmap(mm, new_addr, new_len);		/* MREMAP_FIXED */
	if (!ret && new_len < old_len) {
		ret = do_munmap(mm, old_addr + new_len, old_len - new_len);
		old_len = new_len;
	}
	if (ret)
		return ret;
	vma = isolate_vma(mm, old_addr, old_addr + old_len, &ret);
	if (!vma)
		return ret;
	new_vma = vma_dup(vma, mm);
	if (!new_vma)
		return -ENOMEM;
	new_vma->vm_start = new_addr;
	new_vma->vm_end = new_addr + old_len;
	ret = vma_insert(mm, new_vma);
	if (ret) {
		vma_free(new_vma);
		return ret;
	}
	/* DAX entries are not moved: the new range faults them in again. */
	moved = vma->dev ? old_len : move_page_tables(mm, old_addr, new_addr, old_len, &ret);
	if (ret) {
		/* Out of memory for new tables: put back what moved, drop the new VMA. */
		int err2;
		move_page_tables(mm, new_addr, old_addr, moved, &err2);
		do_munmap(mm, new_addr, old_len);
		return ret;
	}
	/* Growing: the VMA just extends (a shmem object does not: SIGBUS beyond it). */
	new_vma->vm_end = new_addr + new_len;
	if (!(flags & MMK_MREMAP_DONTUNMAP))
		do_munmap(mm, old_addr, old_len);
	vma_try_merge(mm, (unsigned int)vma_index(mm, new_addr));
	return 0;
}

int mmk_mremap(struct mm_struct *mm, uint64_t old_addr, uint64_t old_len,
	       uint64_t new_addr, uint64_t new_len, int flags)
{
	int ret;

	if (flags & ~MMK_MREMAP_DONTUNMAP)
		return -EINVAL;
	if (!old_len || !new_len || !range_ok(old_addr, old_len) ||
	    !range_ok(new_addr, new_len))
		return -EINVAL;
	if (new_addr < old_addr + old_len && old_addr < new_addr + new_len)
		return -EINVAL;		/* the ranges overlap */
	if ((flags & MMK_MREMAP_DONTUNMAP) && old_len != new_len)
		return -EINVAL;
	mmap_write_lock(mm);
	ret = mremap_locked(mm, old_addr, old_len, new_addr, new_len, flags);
	mmap_write_unlock(mm);
	return ret;
}

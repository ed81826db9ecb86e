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
#include "huge_memory.h"
#include "pgtable.h"
#include "mmap_lock.h"
#include "mmap.h"
#include "shmem.h"
#include "tlb.h"
#include "memremap.h"
#include "mmu_notifier.h"
#include "pt_policy.h"

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

/*
 * get_extent - how far one step may go with @size-sized tables: to the
 * next @size boundary of the old address and of the new one, and no
 * further than @old_end.  @size-sized means a whole table can move.
 */
static uint64_t get_extent(uint64_t size, uint64_t old, uint64_t old_end, uint64_t new)
{
	uint64_t extent = ((old + size) & ~(size - 1)) - old;

	if (extent > old_end - old)
		extent = old_end - old;
	if (extent > ((new + size) & ~(size - 1)) - new)
		extent = ((new + size) & ~(size - 1)) - new;
	return extent;
}

/* A table moved to map from @base on: so do the tables below it. */
static void moved_table_base(struct mmk_machine *m, struct page *table, uint64_t base)
{
	mmk_entry_t *e = page_address(m, table);

	table_set_addr(table, base);
	for (int i = 0; table_level(table) > 1 && i < PTRS_PER_TABLE; i++) {
		uint64_t v = entry_read(&e[i]);

		if ((v & ~PTE_PFN_MASK) == _PAGE_TABLE)
			moved_table_base(m, pfn_to_page(m, pmd_pfn(v)),
					 base + ((uint64_t)i << (PAGE_SHIFT + 9 * (table_level(table) - 1))));
	}
}

/*
 * move_normal_pud / move_normal_pmd: the whole table below *@old moves to
 * the none *@new, under the lock of the entries' level (@old_lock, and the
 * new side's nested when it differs); the old range is flushed before the
 * locks drop.  False if *@old holds no table any more or *@new is taken.
 */
static bool move_table_entry(struct mm_struct *mm, mmk_entry_t *old, mmk_entry_t *new,
			     spinlock_t *old_lock, spinlock_t *new_lock, uint64_t old_addr,
			     uint64_t new_addr, uint64_t size)
{
	struct mmk_machine *m = mm->m;
	bool moved = false;
	uint64_t v;

	spin_lock(old_lock);
	if (new_lock != old_lock)
		spin_lock_nested(new_lock, SINGLE_DEPTH_NESTING);
	v = entry_read(old);
	if ((v & ~PTE_PFN_MASK) == _PAGE_TABLE && pmd_none(entry_read(new))) {
		struct page *table = pfn_to_page(m, pmd_pfn(v));

		entry_write(old, 0);
		table->pt_parent = new;
		moved_table_base(m, table, new_addr);
		entry_write(new, v);
		flush_tlb_range(mm, old_addr, old_addr + size);
		moved = true;
	}
	if (new_lock != old_lock)
		spin_unlock(new_lock);
	spin_unlock(old_lock);
	return moved;
}

/* One PMD-sized step: a whole PTE table, or the entries within one. */
static int move_pmd_extent(struct mm_struct *mm, uint64_t old, uint64_t new, uint64_t extent)
{
	mmk_entry_t *old_pmd, *new_pmd;
	uint64_t e;
	int level, ret;

	old_pmd = pt_descend(mm, old, 2, __func__, &level, &e);
	if (level != 2 || pmd_none(e))
		return 0;		/* get_old_pmd: nothing here to move */
	ret = walk_alloc(mm, new, 2, &new_pmd);		/* alloc_new_pmd */
	if (ret)
		return ret;
	if (pmd_leaf(e) && !pmd_devmap(e)) {
		/* A whole THP moves as one entry; part of one splits first. */
		if (extent == PMD_SIZE && move_huge_pmd(mm, old_pmd, new_pmd, old))
			return 0;
		split_huge_pmd(find_vma(mm, old), old_pmd, old);
		if (pmd_none(entry_read(old_pmd)))
			return 0;	/* a shmem leaf is zapped, not split: nothing to move */
	}
	if (extent == PMD_SIZE &&
	    move_table_entry(mm, old_pmd, new_pmd, pmd_lockptr(mm, old_pmd),
			     pmd_lockptr(mm, new_pmd), old, new, PMD_SIZE))
		return 0;
	return move_ptes(mm, old_pmd, old, new_pmd, new, extent);
}

/*
 * move_page_tables - the entries of [old_addr, +len) to new_addr, as
 * Linux's does: by PUD-sized extents where the old range has a PMD table,
 * giving the new side its PUD table (alloc_new_pud) even if nothing below
 * moves; a whole PMD table moves when the extent is PUD-sized and aligned
 * on both sides, a whole PTE table when it is PMD-sized, else the entries.
 * Returns the bytes done; *@err the first error.
 */
static uint64_t move_page_tables(struct mm_struct *mm, uint64_t old_addr,
				 uint64_t new_addr, uint64_t len, int *err)
{
	uint64_t done = 0, extent;

	mmap_assert_write_locked(mm);
	*err = 0;
	mmu_notifier_invalidate_range_start(mm, old_addr, old_addr + len);
	for (; done < len && !*err; done += extent) {
		uint64_t old = old_addr + done, new = new_addr + done, e;
		mmk_entry_t *old_pud, *new_pud;
		int level;

		extent = get_extent(PUD_SIZE, old, old_addr + len, new);
		old_pud = pt_descend(mm, old, 3, __func__, &level, &e);
		if (level != 3 || pmd_none(e))
			continue;	/* get_old_pud: no PMD table here */
		*err = walk_alloc(mm, new, 3, &new_pud);	/* alloc_new_pud */
		if (*err)
			break;
		if (extent == PUD_SIZE &&
		    move_table_entry(mm, old_pud, new_pud, &mm->page_table_lock,
				     &mm->page_table_lock, old, new, PUD_SIZE))
			continue;
		extent = get_extent(PMD_SIZE, old, old_addr + len, new);
		*err = move_pmd_extent(mm, old, new, extent);
		if (*err == -EAGAIN) {	/* a table went meanwhile: this extent again */
			*err = 0;
			extent = 0;
		}
	}
	mmu_notifier_invalidate_range_end(mm, old_addr, old_addr + len);
	return done;
}

/*
 * dontunmap_complete - the old VMA stays; if all of it moved, its
 * anonymous pages went with the tables, and so does its anon_vma
 * (unlink_anon_vmas): it may then merge as a VMA that never faulted.
 */
static void dontunmap_complete(struct vm_area_struct *vma, uint64_t addr, uint64_t len)
{
	if (addr == vma->vm_start && addr + len == vma->vm_end) {
		atomic_store_explicit(&vma->anon_vma, 0, memory_order_relaxed);
		vma->anon_vma_forked = false;
	}
}

/*
 * The new VMA (copy_vma): the moved part of @vma, at @new_addr.  An
 * anonymous VMA that never had an anonymous page takes the offset of its
 * new address, so it may merge with what is mapped beside it there.
 */
static struct vm_area_struct *copy_vma(struct vm_area_struct *vma, uint64_t old_addr,
				       uint64_t new_addr, uint64_t len)
{
	struct vm_area_struct *n = vma_dup(vma, vma->vm_mm);

	if (!n)
		return NULL;
	n->vm_start = new_addr;
	n->vm_end = new_addr + len;
	n->vm_pgoff = vma->vm_pgoff + ((old_addr - vma->vm_start) >> PAGE_SHIFT);
	if (vma_is_anonymous(vma) && !atomic_load_explicit(&vma->anon_vma, memory_order_relaxed))
		n->vm_pgoff = new_addr >> PAGE_SHIFT;
	return n;
}

/*
 * mremap_one - move [old_addr, +old_len) of one VMA to new_addr, giving it
 * new_len (check_prep_vma + mremap_to + move_vma): the destination is
 * unmapped first (MREMAP_FIXED), then the tail of a shrink, and only then
 * may the move still fail (EPERM below mmap_min_addr, ENOMEM).  A zero
 * old_len duplicates a shared mapping, as Linux still allows.
 */
static int mremap_one(struct mm_struct *mm, uint64_t old_addr, uint64_t old_len,
		      uint64_t new_addr, uint64_t new_len, int flags)
{
	struct vm_area_struct *vma = vma_lookup(mm, old_addr), *new_vma;
	uint64_t moved;
	int ret;

	mmap_assert_write_locked(mm);
	if (!vma)
		return -EFAULT;
	if (!old_len && !(vma->vm_flags & VM_MAYSHARE))
		return -EINVAL;		/* no duplicating a private mapping */
	if ((old_len < new_len ? old_len : new_len) > vma->vm_end - old_addr)
		return -EFAULT;		/* the part that moves lies in one VMA */
	if (vma->dev && ((old_addr | old_len | new_addr | new_len) & (vma->dev->align - 1)))
		return -EINVAL;		/* device-dax: whole device pages only */
	ret = do_munmap(mm, new_addr, new_len);		/* MREMAP_FIXED */
	if (ret)
		return ret;
	if (!vma_lookup(mm, old_addr))
		return -EFAULT;
	if (new_len < old_len) {
		/* shrink_vma's munmap of the tail checks it as munmap(2) does */
		if (!range_ok(old_addr + new_len, old_len - new_len))
			return -EINVAL;
		ret = do_munmap(mm, old_addr + new_len, old_len - new_len);
		if (ret)
			return ret;
		old_len = new_len;
		if (!vma_lookup(mm, old_addr))
			return -EFAULT;
	}
	if (new_addr < MMK_MMAP_MIN_ADDR)
		return -EPERM;	/* get_unmapped_area's security_mmap_addr, after the munmaps */
	vma = vma_lookup(mm, old_addr);		/* the munmaps may have split it */
	new_vma = copy_vma(vma, old_addr, new_addr, new_len);
	if (!new_vma)
		return -ENOMEM;
	new_vma->vm_end = new_addr + old_len;
	ret = vma_insert(mm, new_vma);
	if (ret) {
		vma_free(new_vma);
		return ret;
	}
	/* take_rmap_locks: retract must not meet tables half moved */
	if (vma->shm)
		i_mmap_lock_write(vma->shm);
	/* DAX entries are not moved: the new range faults them in again. */
	moved = vma->dev ? old_len : move_page_tables(mm, old_addr, new_addr, old_len, &ret);
	if (ret) {
		/* Out of memory for new tables: put back what moved, drop the new VMA. */
		int err2;
		move_page_tables(mm, new_addr, old_addr, moved, &err2);
		if (vma->shm)
			i_mmap_unlock_write(vma->shm);
		do_munmap(mm, new_addr, old_len);
		return ret;
	}
	/* Growing: the VMA just extends (a shmem object does not: SIGBUS beyond it). */
	new_vma->vm_end = new_addr + new_len;
	if (vma->shm) {
		__vma_link_file(new_vma);
		i_mmap_unlock_write(vma->shm);
	}
	if (!old_len)
		;			/* a duplicate: the original stays as it is */
	else if (!(flags & MMK_MREMAP_DONTUNMAP))
		do_munmap(mm, old_addr, old_len);
	else
		dontunmap_complete(vma, old_addr, old_len);
	vma_try_merge(mm, (unsigned int)vma_index(mm, new_addr));
	return 0;
}

/*
 * remap_move - a move that keeps the size (MREMAP_FIXED, old_len ==
 * new_len) may span several VMAs since Linux 6.17: each is moved in turn,
 * the gaps between them kept at the destination.  The range must start in
 * a VMA; a failure part-way leaves the VMAs moved so far where they went.
 */
static int remap_move(struct mm_struct *mm, uint64_t start, uint64_t len,
		      uint64_t new_addr, int flags)
{
	uint64_t end = start + len, cursor = start, target = new_addr, last_end = 0;
	bool seen = false;

	mmap_assert_write_locked(mm);
	for (;;) {
		struct vm_area_struct *vma = find_vma(mm, cursor);
		uint64_t addr, piece, dest;
		int ret;

		if (!vma || vma->vm_start >= end || cursor >= end)
			return seen ? 0 : -EFAULT;
		if (!seen && start < vma->vm_start)
			return -EFAULT;
		addr = vma->vm_start > start ? vma->vm_start : start;
		piece = (vma->vm_end < end ? vma->vm_end : end) - addr;
		dest = target + (seen ? vma->vm_start - last_end : 0);
		last_end = vma->vm_end;
		ret = mremap_one(mm, addr, piece, dest, piece, flags);
		if (ret)
			return ret;
		seen = true;
		target = dest + piece;
		cursor = last_end;	/* the next VMA (with dontunmap this one stays) */
	}
}

/*
 * mremap(MREMAP_MAYMOVE | MREMAP_FIXED [| MREMAP_DONTUNMAP]), with
 * check_mremap_params()'s checks in its order: the new range must lie
 * below TASK_SIZE (EINVAL), the old one need not (no VMA: EFAULT).
 */
int mmk_mremap(struct mm_struct *mm, uint64_t old_addr, uint64_t old_len,
	       uint64_t new_addr, uint64_t new_len, int flags)
{
	misuse_null(mm);
	int ret;

	if (flags & ~MMK_MREMAP_DONTUNMAP)
		return -EINVAL;
	if ((old_addr | old_len | new_len) & ~PAGE_MASK)
		return -EINVAL;		/* script.md: lengths too must be aligned */
	if (!new_len || new_len > TASK_SIZE || new_addr > TASK_SIZE - new_len ||
	    (new_addr & ~PAGE_MASK))
		return -EINVAL;
	if ((flags & MMK_MREMAP_DONTUNMAP) && old_len != new_len)
		return -EINVAL;
	if (new_addr < old_addr + old_len && old_addr < new_addr + new_len)
		return -EINVAL;		/* the ranges overlap */
	mmap_write_lock(mm);
	if (old_len == new_len)
		ret = remap_move(mm, old_addr, old_len, new_addr, flags);
	else
		ret = mremap_one(mm, old_addr, old_len, new_addr, new_len, flags);
	mmap_write_unlock(mm);
	return ret;
}

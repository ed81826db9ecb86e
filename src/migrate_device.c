/* SPDX-License-Identifier: MIT */
/*
 * migrate_device.c - moving anonymous pages to device-private memory and
 * back (migrate_vma_setup / migrate_vma_pages / migrate_vma_finalize), and
 * the CPU fault that brings a device-private page home (migrate_to_ram).
 *
 * The protocol (linux-reference.md section 5; the 2022 fixes)
 * -----------------------------------------------------------
 * Collection runs table by table under the PTL.  For each page it takes:
 *   1. trylock the page (another migration holds it: skip) and take our
 *      reference;
 *   2. anon-exclusive page: clear the entry *and flush* (ptep_clear_flush),
 *      then full barrier and look for pins (folio_try_share_anon_rmap_pte):
 *      a maybe-pinned page gets its entry back exactly as it was and is
 *      skipped, since the pin must keep seeing the page the process maps;
 *      otherwise the page stops being exclusive (the migration entry's type
 *      remembers it);
 *      any other page: clear the entry atomically (ptep_get_and_clear);
 *   3. the dirty bit comes from the entry the clear *returned*: a CPU may
 *      set it up to the moment of the clear, so an earlier read would miss
 *      it (fix "Copy pte dirty bit to page");
 *   4. install a migration entry (write / read-exclusive / read, with the
 *      dirty and young bits), drop the mapping's mapcount and reference;
 *   5. before the PTL is dropped, flush the TLB for every entry cleared
 *      without a flush (fix "flush TLB while holding PTL"): no CPU may keep
 *      writing through a stale translation into a page we are about to copy.
 * Then a page with references beyond ours and other mms' mappings (a GUP
 * reference) is not migrated: its entry is restored.  The "driver" copies
 * each page into a new one (device memory, or RAM on the way back), and
 * finalize points each migration entry at the new page, or back at the old
 * one, unless a concurrent zap removed the entry meanwhile.
 *
 * Restoring uses remove_migration_pte's rule: writable again only for a
 * write migration entry, dirty only if the entry *and* the page are dirty.
 * So a dirty bit lost in step 3 makes the page look clean, and reclaim may
 * discard it: the write is lost.  That is historical bug migrate_no_dirty.
 * Historical bug migrate_flush_late defers every flush collection owes
 * (step 2's and step 5's) until after the copy, so a CPU can write through
 * its stale TLB entry into the old page after it was copied.
 *
 * What mmkit skips that Linux would move: pages mapped by more than one mm
 * (Linux's rmap moves every mapping; mmkit has no rmap), holes and the zero
 * page (spec: "not present").  On the way back a device page mapped by
 * several mms (after fork) is copied for the faulting mm alone.
 *
 * Locks: caller holds mmap_lock for read (so fork, which holds it for
 * write, never sees a migration entry) and is inside the policy's walk
 * protocol; PTLs as above; page "locks" are PG_locked, trylock only.
 */
#include <inttypes.h>
#include "rmap.h"
#include <string.h>
#include "huge_memory.h"
#include "page_alloc.h"
#include "highmem.h"
#include "pgtable.h"
#include "mmap_lock.h"
#include "mmap.h"
#include "tlb.h"
#include "memremap.h"
#include "mmu_notifier.h"
#include "pt_policy.h"
#include "page_table_check.h"

struct migrate_page {
	struct page *src, *dst;
	bool movable;		/* no reference but ours and other mappings */
	uint64_t addr;
	pte_t mig;		/* the migration entry installed */
};

struct migrate_vma {
	struct vm_area_struct *vma;
	uint64_t start, end;
	bool to_device;			/* MIGRATE_VMA_SELECT_SYSTEM; else DEVICE_PRIVATE */
	struct dev_pagemap *pgmap;	/* target, or (to RAM) a filter; NULL = any */
	struct migrate_page *pages;
	unsigned long cpages;
	struct page *busy;		/* a page another migration holds */
	struct page *held;		/* a page with references beyond ours */
	bool flush_owed;		/* migrate_flush_late: flush at finalize */
};

/* ---- collection ---- */

/* Steps 2 (exclusive part) and 3-4 for a present entry.  False: skipped. */
static bool collect_present(struct migrate_vma *mv, mmk_entry_t *ptep, uint64_t addr,
			    struct page *page, bool *need_flush)
{
	struct mm_struct *mm = mv->vma->vm_mm;
	bool late = mmk_bug(mm->m, MMK_BUG_MIGRATE_FLUSH_LATE);
	bool exclusive = PageAnonExclusive(page);
	pte_t old = entry_xchg(ptep, 0);	/* the value the hardware last set */
	unsigned int type;

	assert_pte_locked(mm->m, ptep);
	if (exclusive && !late && pte_hw_present(old))
		flush_tlb_page(mm, addr);	/* ptep_clear_flush */
	else if (pte_hw_present(old))
		*need_flush = true;
	if (exclusive) {
		smp_mb();	/* A2: the cleared entry before the pin check */
		if (folio_maybe_dma_pinned(page)) {
			entry_write(ptep, old);	/* A4: exactly as it was */
			return false;
		}
		ClearPageFlag(page, PG_anon_exclusive);	/* A3 */
	}
	if (pte_dirty(old) && !mmk_bug(mm->m, MMK_BUG_MIGRATE_NO_DIRTY))
		folio_mark_dirty(page);
	if (unlikely(pt_checking(mm->m)) && pte_dirty(old) && !PageDirty(page))
		pt_check_record(mm->m, 11, addr, "migration replaced the dirty PTE for 0x%" PRIx64
				" in mm %p (0x%" PRIx64 ") with a migration entry, but page pfn "
				"0x%" PRIx64 " is not dirty: the dirty bit was lost", addr,
				(void *)mm, old, pte_pfn(old));
	type = pte_write(old) ? SWP_MIGRATION_WRITE :
	       exclusive ? SWP_MIGRATION_READ_EXCLUSIVE : SWP_MIGRATION_READ;
	entry_write(ptep, swp_entry_to_pte(type, pte_pfn(old)) |
			  (old & (_PAGE_DIRTY | _PAGE_ACCESSED)));
	return true;
}

/* A device-private entry on the way back: no TLB holds it, no flush. */
static void collect_device(mmk_entry_t *ptep, pte_t pte, struct page *page)
{
	unsigned int type = swp_type(pte) == SWP_DEVICE_WRITE ? SWP_MIGRATION_WRITE :
			    PageAnonExclusive(page) ? SWP_MIGRATION_READ_EXCLUSIVE :
			    SWP_MIGRATION_READ;

	entry_write(ptep, swp_entry_to_pte(type, pte_pfn(pte)));
}

/* Which page at this entry would this migration take?  NULL: none. */
static struct page *select_page(struct migrate_vma *mv, uint64_t addr, pte_t pte)
{
	struct mmk_machine *m = mv->vma->vm_mm->m;
	struct page *page;

	if (!mv->to_device) {
		if (!is_device_private_entry(pte))
			return NULL;
		page = pfn_to_page(m, pte_pfn(pte));
		return !mv->pgmap || page->pgmap == mv->pgmap ? page : NULL;
	}
	if (!pte_present(pte) || pte_protnone(pte))
		return NULL;	/* holes, migration and device entries */
	page = vm_normal_page(mv->vma, addr, pte);
	if (!page || !PageAnon(page) || is_zone_device_page(page))
		return NULL;	/* zero page, shmem, device memory */
	if (page_mapcount(page) != 1)
		return NULL;	/* mapped by another mm too: no rmap to move it */
	return page;
}

static void collect_pte(struct migrate_vma *mv, mmk_entry_t *ptep, uint64_t addr,
			bool *need_flush)
{
	struct mm_struct *mm = mv->vma->vm_mm;
	pte_t pte = entry_read(ptep);
	struct page *page = select_page(mv, addr, pte);
	struct migrate_page *mp;

	assert_pte_locked(mm->m, ptep);
	if (!page)
		return;
	if (!trylock_page(page)) {
		mv->busy = page;
		return;
	}
	get_page(page);
	if (mv->to_device) {
		if (!collect_present(mv, ptep, addr, page, need_flush)) {
			unlock_page(page);
			put_page(mm->m, page);
			return;
		}
	} else {
		collect_device(ptep, pte, page);
	}
	/* folio_remove_rmap_pte; the migration keeps its own reference. */
	page_remove_pte_rmap(page, mm);
	put_page(mm->m, page);
	mp = &mv->pages[mv->cpages++];
	mp->src = page;
	mp->dst = NULL;
	mp->addr = addr;
	mp->mig = entry_read(ptep);
}

static void collect_pmd(struct migrate_vma *mv, mmk_entry_t *pmdp, uint64_t addr,
			uint64_t end)
{
	struct mm_struct *mm = mv->vma->vm_mm;
	bool need_flush = false;
	uint64_t start = addr;
	spinlock_t *ptl;
	mmk_entry_t *pte;

	/* migrate_vma_collect_pmd: a THP is split, its pages migrate one by one. */
	if (pmd_leaf(entry_read(pmdp)) && !pmd_devmap(entry_read(pmdp)))
		split_huge_pmd(mv->vma, pmdp, addr);
	pte = pte_offset_map_lock(mm, pmdp, addr, &ptl);
	if (!pte)
		return;		/* no table, or a DAX leaf: nothing anonymous here */
	for (mmk_entry_t *p = pte; addr < end; p++, addr += PAGE_SIZE)
		collect_pte(mv, p, addr, &need_flush);
	if (need_flush) {
		if (mmk_bug(mm->m, MMK_BUG_MIGRATE_FLUSH_LATE))
			mv->flush_owed = true;
		else
			flush_tlb_range(mm, start, end);	/* step 5: PTL still held */
	}
	pte_unmap_unlock(pte, ptl);
}

static void migrate_vma_collect(struct migrate_vma *mv)
{
	struct mm_struct *mm = mv->vma->vm_mm;

	for (uint64_t addr = mv->start; addr < mv->end;) {
		mmk_entry_t *pmdp = mm_find_pmd(mm, addr);
		uint64_t next = pmd_addr_end(addr, mv->end);

		if (!pmdp) {
			addr = pud_addr_end(addr, mv->end);
			continue;
		}
		if (!pmd_none(entry_read(pmdp)))
			collect_pmd(mv, pmdp, addr, next);
		addr = next;
	}
}

/* migrate_vma_check_page: only our reference and other mms' mappings. */
static bool migrate_page_movable(struct page *page)
{
	return page_ref_count(page) <= page_mapcount(page) + 1;
}

/* ---- the driver's part: allocate and copy ---- */
static void migrate_alloc_and_copy(struct migrate_vma *mv)
{
	struct mmk_machine *m = mv->vma->vm_mm->m;

	for (unsigned long i = 0; i < mv->cpages; i++) {
		struct migrate_page *mp = &mv->pages[i];
		struct page *dst;

		mp->movable = migrate_page_movable(mp->src);
		if (!mp->movable) {
			mv->held = mp->src;
			continue;
		}
		dst = mv->to_device ? alloc_device_private_page(mv->pgmap) : alloc_page(m, 0);
		if (!dst)
			continue;
		copy_user_highpage(m, dst, mp->src);
		mp->dst = dst;
	}
}

/* migrate_vma_pages: the new page takes over the old one's identity. */
static void migrate_vma_pages(struct migrate_vma *mv)
{
	for (unsigned long i = 0; i < mv->cpages; i++) {
		struct migrate_page *mp = &mv->pages[i];
		unsigned int keep;

		if (!mp->dst)
			continue;
		/* folio_migrate_flags: dirty, swap-backed (not lazily freed). */
		keep = atomic_load(&mp->src->flags) & (PG_dirty | PG_swapbacked);
		SetPageFlag(mp->dst, PG_anon | keep);
		mp->dst->mapping = NULL;
		mp->dst->index = mp->src->index;
	}
}

/* ---- finalize ---- */

/*
 * Invariant 10, checked where migration could break it: once every flush
 * has returned no CPU can reach the old page, so it must still equal its
 * copy.  A difference is a write that landed after the copy and is lost.
 */
static void check_copies(struct migrate_vma *mv)
{
	struct mmk_machine *m = mv->vma->vm_mm->m;

	for (unsigned long i = 0; i < mv->cpages; i++) {
		struct migrate_page *mp = &mv->pages[i];

		if (!mp->dst || !frames_differ(m, mp->src, mp->dst))
			continue;
		pt_check_record(m, 10, mp->addr, "a write to 0x%" PRIx64 " in mm %p landed in "
				"pfn 0x%" PRIx64 " after migration copied it to pfn 0x%"
				PRIx64 ": the write is lost (a CPU wrote through a TLB entry "
				"that was not flushed before the copy)", mp->addr,
				(void *)mv->vma->vm_mm, page_to_pfn(m, mp->src),
				page_to_pfn(m, mp->dst));
		return;
	}
}

/* The entry that maps @page where migration entry @mig was (remove_migration_pte). */
static pte_t entry_for(struct migrate_vma *mv, struct page *page, pte_t mig)
{
	struct mmk_machine *m = mv->vma->vm_mm->m;
	bool write = swp_type(mig) == SWP_MIGRATION_WRITE;
	pte_t pte;

	if (is_device_private_page(page))
		return swp_entry_to_pte(write ? SWP_DEVICE_WRITE : SWP_DEVICE_READ,
					page_to_pfn(m, page));
	pte = pfn_pte(page_to_pfn(m, page), mv->vma->vm_page_prot) | (mig & _PAGE_ACCESSED);
	if (write)
		pte = pte_mkwrite(pte);
	if (pte_dirty(mig) && PageDirty(page))
		pte = pte_mkdirty(pte);
	return pte;
}

static void finalize_one(struct migrate_vma *mv, struct migrate_page *mp)
{
	struct mm_struct *mm = mv->vma->vm_mm;
	struct page *page = mp->dst ? mp->dst : mp->src;
	mmk_entry_t *pmdp = mm_find_pmd(mm, mp->addr), *ptep;
	spinlock_t *ptl;

	ptep = pmdp ? pte_offset_map_lock(mm, pmdp, mp->addr, &ptl) : NULL;
	if (!ptep)
		return;		/* zapped, table and all */
	if (pte_same(entry_read(ptep), mp->mig)) {
		if (swp_type(mp->mig) != SWP_MIGRATION_READ)
			SetPageFlag(page, PG_anon_exclusive);
		get_page(page);			/* the mapping's reference */
		page_add_pte_rmap(page, mm);
		entry_write(ptep, entry_for(mv, page, mp->mig));
	}
	pte_unmap_unlock(ptep, ptl);
}

static void migrate_vma_finalize(struct migrate_vma *mv)
{
	struct mmk_machine *m = mv->vma->vm_mm->m;

	if (mv->flush_owed)	/* migrate_flush_late: after the copy */
		flush_tlb_range(mv->vma->vm_mm, mv->start, mv->end);
	if (unlikely(pt_checking(m)))
		check_copies(mv);
	for (unsigned long i = 0; i < mv->cpages; i++) {
		struct migrate_page *mp = &mv->pages[i];

		finalize_one(mv, mp);
		unlock_page(mp->src);
		put_page(m, mp->src);		/* ours: frees a migrated page */
		if (mp->dst)
			put_page(m, mp->dst);	/* the allocation's */
	}
}

/*
 * migrate_vma - the whole of setup, copy, pages and finalize over
 * [start, end) of @vma, which the caller holds as the file header says.
 * Returns the number of pages moved, or -ENOMEM if no page could move
 * for lack of memory at the destination.
 */
static long migrate_vma(struct migrate_vma *mv)
{
	struct mm_struct *mm = mv->vma->vm_mm;
	unsigned long moved = 0, wanted = 0;

	mmap_assert_locked(mm);
	if (mv->pages == NULL) {
		mv->pages = calloc((mv->end - mv->start) >> PAGE_SHIFT, sizeof(*mv->pages));
		if (!mv->pages)
			return -ENOMEM;
	}
	mmu_notifier_invalidate_range_start(mm, mv->start, mv->end);
	migrate_vma_collect(mv);
	migrate_alloc_and_copy(mv);
	migrate_vma_pages(mv);
	for (unsigned long i = 0; i < mv->cpages; i++) {
		wanted += mv->pages[i].movable;
		moved += mv->pages[i].dst != NULL;
	}
	migrate_vma_finalize(mv);
	mmu_notifier_invalidate_range_end(mm, mv->start, mv->end);
	return wanted && !moved ? -ENOMEM : (long)moved;
}

/* ---- entry points ---- */

/*
 * The page could not move because another thread holds it: its migration
 * holds the page lock, or it holds a reference (the migration that just
 * put this page here keeps its allocation's until the end of finalize).
 * The refault would find the same entry until that changes, so wait for
 * it, through the scheduler.  Test again first: it may have changed while
 * we finalized, and a wait for a change that already happened would wait
 * for nothing (the explorer reports it as a deadlock).  No sched point
 * lies between the test and the wait.  Only the address is used: the page
 * may have been freed meanwhile; then the test fails, or costs one turn.
 */
static void migrate_to_ram_wait(const struct migrate_vma *mv)
{
	unsigned int spins = 128;	/* straight to a yield: the wait is a sleep */

	if (mv->busy && PageTest(mv->busy, PG_locked))
		mmk_wait_relax(mv->busy, &spins);
	else if (!mv->busy && mv->held &&
		 page_ref_count(mv->held) > page_mapcount(mv->held))
		mmk_wait_relax(&mv->held->_refcount, &spins);
}

/* do_swap_page on a device-private entry: this page, back to RAM. */
int migrate_to_ram(struct vm_area_struct *vma, uint64_t addr)
{
	struct migrate_page one;
	struct migrate_vma mv = {
		.vma = vma, .start = addr & PAGE_MASK, .end = (addr & PAGE_MASK) + PAGE_SIZE,
		.pages = &one,
	};
	long ret = migrate_vma(&mv);

	if (ret == -ENOMEM)
		return VM_FAULT_OOM;
	migrate_to_ram_wait(&mv);
	return 0;	/* the access retries and finds the new entry */
}

/* migrate_vma inside the policy's walk protocol, with its own page array. */
static long migrate_vma_walk(struct migrate_vma *mv)
{
	struct mm_struct *mm = mv->vma->vm_mm;
	long ret;

	pt_walk_begin(mm);
	ret = migrate_vma(mv);
	pt_walk_end(mm);
	free(mv->pages);
	return ret;
}

long migrate_vma_range_to_ram(struct vm_area_struct *vma, uint64_t start, uint64_t end,
			      struct dev_pagemap *only)
{
	struct migrate_vma mv = { .vma = vma, .start = start, .end = end, .pgmap = only };

	return migrate_vma_walk(&mv);
}

/* The public calls: one VMA, not DAX. */
static int migrate_range(struct mm_struct *mm, uint64_t addr, unsigned long npages,
			 struct dev_pagemap *pgmap, unsigned long *migrated)
{
	struct vm_area_struct *vma;
	uint64_t end = addr + (npages << PAGE_SHIFT);
	long ret;

	if (migrated)
		*migrated = 0;
	if ((addr & ~PAGE_MASK) || !npages || npages > (TASK_SIZE >> PAGE_SHIFT) ||
	    addr >= TASK_SIZE || end > TASK_SIZE)
		return -EINVAL;
	mmap_read_lock(mm);
	vma = vma_lookup(mm, addr);
	/* migrate_vma_setup refuses DAX; shmem pages are skipped one by one. */
	if (!vma || end > vma->vm_end || vma_is_dax(vma)) {
		mmap_read_unlock(mm);
		return -EINVAL;
	}
	if (pgmap) {
		struct migrate_vma mv = { .vma = vma, .start = addr, .end = end,
					  .to_device = true, .pgmap = pgmap };

		if (!pgmap_use_begin(pgmap)) {
			mmap_read_unlock(mm);
			return -ENODEV;		/* unbind began */
		}
		ret = migrate_vma_walk(&mv);
		pgmap_use_end(pgmap);
	} else {
		ret = migrate_vma_range_to_ram(vma, addr, end, NULL);
	}
	mmap_read_unlock(mm);
	if (ret < 0)
		return (int)ret;
	if (migrated)
		*migrated = (unsigned long)ret;
	return 0;
}

int mmk_migrate_to_device(struct mm_struct *mm, uint64_t addr, unsigned long npages,
			  struct mmk_device *dev, unsigned long *migrated)
{
	misuse_null(mm);
	misuse_null(dev);
	struct dev_pagemap *pgmap = mmk_device_pgmap(dev);

	if (pgmap->m != mm->m || pgmap->type != MEMORY_DEVICE_PRIVATE)
		return -EINVAL;
	return migrate_range(mm, addr, npages, pgmap, migrated);
}

int mmk_migrate_to_ram(struct mm_struct *mm, uint64_t addr, unsigned long npages,
		       unsigned long *migrated)
{
	misuse_null(mm);
	return migrate_range(mm, addr, npages, NULL, migrated);
}

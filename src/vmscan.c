/* SPDX-License-Identifier: MIT */
/*
 * vmscan.c - reclaim of lazily freed (MADV_FREE) anonymous pages, by
 * MADV_PAGEOUT and when simulated RAM runs out.
 *
 * The machine has no swap, so the only anonymous pages reclaim can take
 * are clean lazily freed ones (PG_swapbacked cleared by MADV_FREE).  For
 * each such page mapped once, under the PTL, Linux's try_to_unmap_one does:
 *   1. clear the entry and flush the TLB (ptep_clear_flush), so no CPU can
 *      dirty the page through a stale translation any more;
 *   2. look at the *cleared* entry's dirty bit, the page's PG_dirty and its
 *      reference count: if a CPU wrote since MADV_FREE (dirty), or someone
 *      holds a reference (GUP), put the entry back, mark the page
 *      swap-backed again (the write cancelled the lazy free) and keep it;
 *   3. otherwise the page is discarded: the address reads zeros afterwards.
 * MADV_PAGEOUT also reclaims shmem pages mapped by this process only:
 * shrink_folio_list() unmaps them (try_to_unmap; the entry's dirty bit
 * moves to the page).  A dirty page then fails its writeout for want of
 * swap and stays in the object, and the next access maps it again; a
 * clean one (never written) nobody else holds is dropped, and the hole
 * reads zeros as it did.  The out-of-memory path leaves shmem alone.
 * Tables emptied this way are then reclaimed as the policy says
 * (ZAP_DISCARD: `full` rescans and frees, `rwsem` write-trylocks,
 * `refcount` frees on the last put, `linux` and `keep` keep them).
 *
 * Out of memory: alloc_page() calls try_to_free_pages() once before it
 * fails, which also runs the THP shrinker (deferred_split_mm,
 * huge_memory.c).  The allocating thread may already hold locks of some
 * mm (a fault holds mmap_lock and maybe the page-table rwsem), so this
 * path only *trylocks* mmap_lock and the policy's walk lock, and skips
 * what it cannot get.  Discarding trylocks PTLs too; the shrinker's split
 * waits for them, which is safe while no allocation runs under a PTL
 * (fork preallocates) or a lock ranked after it: lockdep checks that in
 * debug builds whenever reclaim runs.
 * mm_list_grab() keeps every mm it visits alive.
 */
#include "huge_memory.h"
#include "page_alloc.h"
#include "pgtable.h"
#include "mmap_lock.h"
#include "mmap.h"
#include "tlb.h"
#include "mmu_notifier.h"
#include "pt_policy.h"
#include "shmem.h"
#include "rmap.h"

struct reclaim_walk {
	struct mmu_gather *tlb;
	bool trylock;
	uint64_t discarded;	/* pages discarded or unmapped */
};

/* Steps 1-3 for one entry; PTL held.  Returns true if the page went. */
static bool try_discard_pte(struct vm_area_struct *vma, mmk_entry_t *pte, uint64_t addr)
{
	struct mm_struct *mm = vma->vm_mm;
	pte_t ptent = entry_read(pte), old;
	struct page *page;

	assert_pte_locked(mm->m, pte);
	if (!pte_present(ptent) || pte_protnone(ptent))
		return false;
	page = vm_normal_page(vma, addr, ptent);
	if (!page || !PageAnon(page) || PageTest(page, PG_swapbacked) ||
	    page_mapcount(page) != 1)
		return false;
	old = ptep_clear_flush(mm, addr, pte);
	if (pte_dirty(old) || PageDirty(page) || page_ref_count(page) != 1) {
		entry_write(pte, old);
		if (pte_dirty(old) || PageDirty(page))
			SetPageFlag(page, PG_swapbacked);	/* written: not lazy any more */
		return false;
	}
	pt_entries_changed(mm->m, virt_to_page(mm->m, pte), -1);
	page_remove_pte_rmap(page, mm);
	add_mm_counter(mm, MM_ANONPAGES, -1);
	put_page(mm->m, page);
	return true;
}

/*
 * A shmem page mapped here alone is unmapped by reclaim (try_to_unmap_one)
 * and kept by the object; PTL held.  Returns true if the entry went.
 */
static bool try_unmap_shmem_pte(struct vm_area_struct *vma, mmk_entry_t *pte, uint64_t addr)
{
	struct mm_struct *mm = vma->vm_mm;
	pte_t ptent = entry_read(pte), old;
	struct page *page;

	assert_pte_locked(mm->m, pte);
	if (!pte_present(ptent))
		return false;
	page = vm_normal_page(vma, addr, ptent);
	if (!page || !PageTest(page, PG_shmem) || page_mapcount(page) != 1)
		return false;
	old = ptep_clear_flush(mm, addr, pte);
	if (pte_dirty(old))
		folio_mark_dirty(page);	/* writeout fails: it stays dirty */
	pt_entries_changed(mm->m, virt_to_page(mm->m, pte), -1);
	page_remove_pte_rmap(page, mm);
	add_mm_counter(mm, MM_SHMEMPAGES, -1);
	put_page(mm->m, page);		/* the object keeps its own reference */
	shmem_remove_clean(page);
	return true;
}

/*
 * madvise_folio_pte_batch: how many entries from @pte on, within [addr,
 * end) of one table, map consecutive pages of @page's folio from @page on.
 */
static unsigned int folio_pte_batch(struct mmk_machine *m, mmk_entry_t *pte, uint64_t addr,
				    uint64_t end, struct page *page)
{
	uint64_t pfn = page_to_pfn(m, page);
	uint64_t stop = page_to_pfn(m, page_folio(page)) + HPAGE_PMD_NR;
	unsigned int n = 1;

	while (addr + ((uint64_t)n << PAGE_SHIFT) < end && pfn + n < stop) {
		pte_t e = entry_read(&pte[n]);

		if (!pte_present(e) || pte_pfn(e) != pfn + n)
			break;
		n++;
	}
	return n;
}

/*
 * MADV_PAGEOUT meets a page of a shmem THP mapped by PTEs, PTL held; as
 * madvise_cold_or_pageout_pte_range: a folio the range covers in part is
 * to be split unless others share it (*@splitp: referenced, for the
 * caller to split without the PTL); one it covers whole is unmapped if
 * these entries are all its mappings, and leaves the cache if clean.
 * Returns the number of entries that map it from @pte on.
 */
static unsigned int reclaim_shmem_thp(struct vm_area_struct *vma, mmk_entry_t *pte,
				      uint64_t addr, uint64_t end, struct page *page,
				      struct page **splitp, uint64_t *unmapped)
{
	struct page *folio = page_folio(page);
	unsigned int nr = folio_pte_batch(vma->vm_mm->m, pte, addr, end, page);

	if (nr < HPAGE_PMD_NR) {
		if (folio_maybe_mapped_shared(folio))
			return nr;
		get_page(folio);
		*splitp = folio;
		return nr;
	}
	if (folio_mapcount(folio) != HPAGE_PMD_NR)
		return nr;
	for (unsigned int i = 0; i < nr; i++)
		*unmapped += try_unmap_shmem_pte(vma, pte + i, addr + ((uint64_t)i << PAGE_SHIFT));
	shmem_remove_clean_folio(folio);
	return nr;
}

/*
 * One entry in use of a VMA's table, PTL held: the entries dealt with
 * (or, with *@splitp set, to skip if the split fails: reclaim_shmem_thp).
 */
static unsigned int reclaim_one(struct vm_area_struct *vma, mmk_entry_t *pte, uint64_t addr,
				uint64_t end, struct page **splitp, uint64_t *n)
{
	pte_t ptent = entry_read(pte);
	struct page *page;

	if (!vma->shm) {
		*n += try_discard_pte(vma, pte, addr);
		return 1;
	}
	page = pte_present(ptent) ? vm_normal_page(vma, addr, ptent) : NULL;
	if (page && PageTest(page, PG_shmem) && folio_test_large(page_folio(page)))
		return reclaim_shmem_thp(vma, pte, addr, end, page, splitp, n);
	*n += try_unmap_shmem_pte(vma, pte, addr);
	return 1;
}

/* Like pte_offset_map_lock(), but gives up instead of waiting for the PTL. */
static mmk_entry_t *pte_offset_map_trylock(struct mm_struct *mm, mmk_entry_t *pmdp,
					   uint64_t addr, spinlock_t **ptlp)
{
	pmd_t pmdval;
	mmk_entry_t *pte = pte_offset_map_rw_nolock(mm, pmdp, addr, &pmdval, ptlp);

	if (!pte)
		return NULL;
	if (!spin_trylock(*ptlp)) {
		pte_unmap(pte);
		return NULL;
	}
	if (!pmd_same(pmdval, entry_read(pmdp))) {
		pte_unmap_unlock(pte, *ptlp);
		return NULL;
	}
	return pte;
}

static void reclaim_pte_range(struct vm_area_struct *vma, mmk_entry_t *pmdp,
			      uint64_t addr, uint64_t end, struct reclaim_walk *rw)
{
	struct mm_struct *mm = vma->vm_mm;
	uint64_t start = addr, n = 0;
	spinlock_t *ptl;
	mmk_entry_t *start_pte = rw->trylock ? pte_offset_map_trylock(mm, pmdp, addr, &ptl)
					     : pte_offset_map_lock(mm, pmdp, addr, &ptl);
	mmk_entry_t *pte = start_pte;
	struct page *table;

	if (!pte)
		return;
	table = virt_to_page(mm->m, pte);
	while (addr < end) {
		uint64_t step = pte_unused_run(table, pte, addr, end);
		struct page *split = NULL;

		if (!step)	/* a line in use: from this entry */
			step = reclaim_one(vma, pte, addr, end, &split, &n);
		if (split) {
			pte_unmap_unlock(start_pte, ptl);
			if (!split_shmem_folio_put(vma, split))
				step = 0;	/* this entry again: it went with the split */
			start_pte = pte = pte_offset_map_lock(mm, pmdp, addr, &ptl);
			if (!pte)
				break;
			table = virt_to_page(mm->m, pte);
		}
		pte += step;
		addr += step << PAGE_SHIFT;
	}
	if (start_pte)
		pte_unmap_unlock(start_pte, ptl);
	rw->discarded += n;
	if (n && !rw->trylock && pt_zap_reclaims(mm->m, ZAP_DISCARD, false))
		pt_reclaim_table(rw->tlb, pmdp, start, 0);
}

/* Discard the clean lazily freed pages of [start, end); mmap_lock held. */
static uint64_t reclaim_range(struct vm_area_struct *vma, uint64_t start,
			      uint64_t end, bool trylock)
{
	struct mm_struct *mm = vma->vm_mm;
	struct mmu_gather tlb;
	struct reclaim_walk rw = { .tlb = &tlb, .trylock = trylock };
	struct pt_iter it;

	mmap_assert_locked(mm);
	if (!vma_is_anonymous(vma) && !(vma->shm && !trylock))
		return 0;	/* shmem only for MADV_PAGEOUT; never device memory */
	if (!trylock)
		pt_walk_begin(mm);
	else if (!pt_walk_trylock(mm))
		return 0;	/* the rwsem policy's reclaim holds it: skip */
	tlb_gather_mmu(&tlb, mm);
	mmu_notifier_invalidate_range_start(mm, start, end);
	for_each_pmd_entry(it, mm, start, end) {
		if (!trylock && vma_is_anonymous(vma)) {	/* MADV_PAGEOUT */
			if (pmd_leaf(it.entry))
				pageout_huge_pmd(vma, it.entryp, it.addr);
			split_pte_mapped_thps(vma, it.entryp, it.addr, it.next, true);
		} else if (!trylock && pmd_leaf(it.entry)) {
			pageout_shmem_pmd(vma, it.entryp, it.addr, it.next);
		}
		reclaim_pte_range(vma, it.entryp, it.addr, it.next, &rw);
	}
	pt_walk_end(mm);
	mmu_notifier_invalidate_range_end(mm, start, end);
	tlb_finish_mmu(&tlb);
	if (rw.discarded && !trylock)
		pt_reclaim_after_zap(mm, start, end, ZAP_DISCARD);
	return rw.discarded;
}

/* MADV_PAGEOUT on one VMA: caller holds mmap_lock for read. */
int madvise_pageout(struct vm_area_struct *vma, uint64_t start, uint64_t end)
{
	reclaim_range(vma, start, end, false);
	return 0;
}

/*
 * Out of frames (direct reclaim): discard clean lazily freed pages
 * anywhere on the machine, and split the THPs on the deferred split queue
 * (the THP shrinker: their unmapped pages are freed).  Returns the number
 * of pages discarded plus folios split.  Never waits for mmap_lock or the
 * walk lock; a split takes PTLs, which no allocating path holds.
 */
uint64_t try_to_free_pages(struct mmk_machine *m)
{
	static __thread bool in_reclaim;
	struct mm_struct **mms;
	uint64_t freed = 0;
	unsigned int n;

	if (in_reclaim)
		return 0;
	in_reclaim = true;
	mms = mm_list_grab(m, &n);
	for (unsigned int i = 0; i < n; i++) {
		struct mm_struct *mm = mms[i];

		if (!mmap_read_trylock(mm))
			continue;
		for (unsigned int v = 0; !mm->exited && v < mm->nr_vmas; v++)
			freed += reclaim_range(mm->vmas[v], mm->vmas[v]->vm_start,
					       mm->vmas[v]->vm_end, true);
		freed += deferred_split_mm(mm);
		mmap_read_unlock(mm);
	}
	mm_list_drop(mms, n);
	in_reclaim = false;
	return freed;
}

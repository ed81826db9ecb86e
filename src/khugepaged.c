/* SPDX-License-Identifier: MIT */
/*
 * khugepaged.c - collapse: the 512 PTE-mapped pages of an aligned 2 MiB
 * of anonymous memory become one PMD-mapped THP (Linux's mm/khugepaged.c),
 * for MADV_COLLAPSE and for the `khugepaged` pass (one full scan of an mm,
 * run synchronously instead of by a kernel thread); and of shmem, whose
 * page cache is collapsed (collapse_file, retract_page_tables: the second
 * half of this file).
 *
 * Scan, then collapse
 * -------------------
 * hpage_collapse_scan_pmd looks at the PTE table under mmap_lock for read
 * and the PTL: every entry must be none, the zero page, or a present
 * anonymous page with no reference beyond its mappings.  collapse_huge_page
 * then drops mmap_lock, allocates the huge folio, takes mmap_lock for
 * write (no fault, zap or slow GUP can run), revalidates the VMA, and:
 *   1. pmdp_collapse_flush: clears the pmd under the pmd lock and flushes
 *      the range, so no CPU can fill a translation from the old table;
 *   2. waits out the lockless walkers that read the pmd before it was
 *      cleared (GUP-fast, the hardware walker: both under RCU here, so
 *      synchronize_rcu is mmkit's tlb_remove_table_sync_one);
 *   3. isolates: under the old table's PTL every page is checked again
 *      for extra references.  A pin or a GUP reference taken before step 1
 *      shows here and the pmd is put back (-EAGAIN for MADV_COLLAPSE); one
 *      GUP-fast tries after step 1 fails its pmd recheck and drops;
 *   4. copies each page into the new folio (none and zero-page entries
 *      stay zeros), clears the old entries and drops the old pages;
 *   5. deposits the old table, now empty, as the THP's deposit (so nr_ptes
 *      does not change, as VmPTE does not on a kernel) and installs the pmd.
 *
 * Why step 2: a deposited table is freed without a grace period when the
 * THP is zapped (zap_deposited_table) and refilled when it is split, as
 * in Linux; a GUP-fast walker still inside the old table would read freed
 * or rewritten memory.  Linux has waited since 2022 ("mm/khugepaged: fix
 * GUP-fast interaction by sending IPI").  Bug switch
 * collapse_no_gup_fast_sync leaves the wait out (tests/races).
 *
 * Locks: mmap_lock (read for the scan, write from step 1 to 5); the pmd
 * lock for the pmd and the deposit; the PTL of the table for the scan
 * and the isolation.  The deposited table is reachable by no walker:
 * its policy state (the refcount policy's count) is rewritten when a
 * split hangs it again.
 */
#include "page_alloc.h"
#include "pgtable.h"
#include "mmap_lock.h"
#include "mmap.h"
#include "tlb.h"
#include "pt_policy.h"
#include "highmem.h"
#include "mmu_notifier.h"
#include "huge_memory.h"
#include "misuse.h"
#include "shmem.h"
#include "rmap.h"

/* khugepaged's default tunables (/sys/kernel/mm/transparent_hugepage/khugepaged) */
#define KHUGEPAGED_MAX_PTES_NONE 511
#define KHUGEPAGED_MAX_PTES_SHARED 256

enum scan_result {
	SCAN_SUCCEED, SCAN_PMD_NULL, SCAN_PMD_MAPPED, SCAN_EXCEED_NONE_PTE,
	SCAN_EXCEED_SHARED_PTE, SCAN_PTE_NON_PRESENT, SCAN_LACK_REFERENCED_PAGE,
	SCAN_PAGE_NULL, SCAN_PAGE_COUNT, SCAN_PAGE_LOCK, SCAN_PAGE_ANON,
	SCAN_VMA_NULL, SCAN_VMA_CHECK, SCAN_ADDRESS_RANGE,
	SCAN_ALLOC_HUGE_PAGE_FAIL, SCAN_FAIL, SCAN_PAGE_COMPOUND, SCAN_PTE_MAPPED_HUGEPAGE,
	SCAN_TRUNCATED,
};

struct collapse_control {
	bool is_khugepaged;	/* the tunables apply; MADV_COLLAPSE ignores them */
};

static bool is_zero_pte(struct mmk_machine *m, pte_t pte)
{
	return pte_present(pte) && pte_pfn(pte) == page_to_pfn(m, m->zero_page);
}

/*
 * is_refcount_suitable: nobody holds @folio but its mappings (each holds
 * one reference): no pin, no GUP reference, no migration in progress.
 */
static bool is_refcount_suitable(struct page *folio)
{
	return atomic_read(&folio->_refcount) == folio_mapcount(folio);
}

/* thp_vma_allowable_order for a collapse of [haddr, haddr + 2M) of @vma. */
static bool collapse_allowed(struct vm_area_struct *vma, uint64_t haddr,
			     const struct collapse_control *cc)
{
	if (vma->vm_flags & VM_NOHUGEPAGE)
		return false;
	if (!cc->is_khugepaged)		/* MADV_COLLAPSE ignores the sysfs mode */
		return true;
	return thp_vma_allowable(vma, haddr);
}

/*
 * thp_vma_suitable_order: the 2 MiB lies in @vma, and for a file or shmem
 * VMA at an offset a PMD of the page cache can map (an anonymous VMA's
 * offset does not matter).
 */
static bool collapse_suitable(struct vm_area_struct *vma, uint64_t haddr)
{
	if (!vma_is_anonymous(vma) &&
	    ((vma->vm_start >> PAGE_SHIFT) - vma->vm_pgoff) % HPAGE_PMD_NR)
		return false;
	return haddr >= vma->vm_start && haddr + PMD_SIZE <= vma->vm_end;
}

/* hugepage_vma_revalidate: after mmap_lock was dropped, is @haddr still collapsible? */
static int hugepage_vma_revalidate(struct mm_struct *mm, uint64_t haddr,
				   const struct collapse_control *cc,
				   struct vm_area_struct **vmap)
{
	struct vm_area_struct *vma = find_vma(mm, haddr);

	mmap_assert_locked(mm);
	*vmap = vma;
	if (!vma || vma->vm_start > haddr)
		return SCAN_VMA_NULL;
	if (!collapse_suitable(vma, haddr))
		return SCAN_ADDRESS_RANGE;
	if (!collapse_allowed(vma, haddr, cc))
		return SCAN_VMA_CHECK;
	if (!vma->anon_vma || !vma_is_anonymous(vma))
		return SCAN_PAGE_ANON;
	return SCAN_SUCCEED;
}

/* find_pmd_or_thp_or_none: the pmd of @haddr, if it points to a PTE table. */
static int find_pmd_or_thp_or_none(struct mm_struct *mm, uint64_t haddr, mmk_entry_t **pmdp)
{
	pmd_t pmd;

	*pmdp = mm_find_pmd(mm, haddr);
	if (!*pmdp)
		return SCAN_PMD_NULL;
	pmd = entry_read(*pmdp);
	if (pmd_none(pmd))
		return SCAN_PMD_NULL;
	return pmd_leaf(pmd) ? SCAN_PMD_MAPPED : SCAN_SUCCEED;
}

/* What one present entry of the table holds, for the scan and the isolation. */
static int check_pte_page(struct vm_area_struct *vma, uint64_t addr, pte_t pte,
			  struct page **foliop)
{
	struct page *page = vm_normal_page(vma, addr, pte);

	if (!page)
		return SCAN_PAGE_NULL;
	if (!PageAnon(page) || is_zone_device_page(page))
		return SCAN_PAGE_ANON;
	*foliop = page_folio(page);
	if (PageTest(*foliop, PG_locked))
		return SCAN_PAGE_LOCK;
	if (!is_refcount_suitable(*foliop))
		return SCAN_PAGE_COUNT;
	return SCAN_SUCCEED;
}

/*
 * Check the 512 entries at @pte (PTL held) for a collapse: each none, the
 * zero page, or a page check_pte_page() accepts; with @cc's tunables.
 * *@referenced counts young entries.
 */
static int scan_entries(struct vm_area_struct *vma, uint64_t haddr, mmk_entry_t *pte,
			const struct collapse_control *cc, int *referenced)
{
	struct mmk_machine *m = vma->vm_mm->m;
	int none_or_zero = 0, shared = 0, ret;

	assert_pte_locked(m, pte);
	*referenced = 0;
	for (unsigned int i = 0; i < PTRS_PER_TABLE; i++) {
		uint64_t addr = haddr + ((uint64_t)i << PAGE_SHIFT);
		pte_t e = entry_read(&pte[i]);
		struct page *folio;

		if (pte_none(e) || is_zero_pte(m, e)) {
			if (cc->is_khugepaged && ++none_or_zero > KHUGEPAGED_MAX_PTES_NONE)
				return SCAN_EXCEED_NONE_PTE;
			continue;
		}
		if (!pte_present(e))
			return SCAN_PTE_NON_PRESENT;	/* migration, device-private */
		ret = check_pte_page(vma, addr, e, &folio);
		if (ret != SCAN_SUCCEED)
			return ret;
		if (page_mapcount(pfn_to_page(m, pte_pfn(e))) > 1 && cc->is_khugepaged &&
		    ++shared > KHUGEPAGED_MAX_PTES_SHARED)
			return SCAN_EXCEED_SHARED_PTE;
		if (pte_young(e))
			(*referenced)++;
	}
	if (cc->is_khugepaged && !*referenced)
		return SCAN_LACK_REFERENCED_PAGE;
	return SCAN_SUCCEED;
}

/* hpage_collapse_scan_pmd: mmap_lock held for read. */
static int hpage_collapse_scan_pmd(struct vm_area_struct *vma, uint64_t haddr,
				   const struct collapse_control *cc)
{
	struct mm_struct *mm = vma->vm_mm;
	mmk_entry_t *pmdp, *pte;
	spinlock_t *ptl;
	int ret, referenced;

	pt_walk_begin(mm);
	ret = find_pmd_or_thp_or_none(mm, haddr, &pmdp);
	if (ret == SCAN_SUCCEED) {
		pte = pte_offset_map_lock(mm, pmdp, haddr, &ptl);
		if (pte) {
			ret = scan_entries(vma, haddr, pte, cc, &referenced);
			pte_unmap_unlock(pte, ptl);
		} else {
			ret = SCAN_PMD_NULL;
		}
	}
	pt_walk_end(mm);
	return ret;
}

/*
 * Steps 4 and 5 of the collapse, on the detached table @table: copy into
 * @folio, drop the old pages, deposit @table and map @folio at @pmdp.
 */
static void collapse_copy_and_install(struct vm_area_struct *vma, uint64_t haddr,
				      mmk_entry_t *pmdp, struct page *table, struct page *folio)
{
	struct mm_struct *mm = vma->vm_mm;
	struct mmk_machine *m = mm->m;
	mmk_entry_t *pte = page_address(m, table);
	long long old_pages = 0;
	spinlock_t *ptl;

	mmap_assert_write_locked(mm);
	for (unsigned int i = 0; i < PTRS_PER_TABLE; i++) {
		pte_t e = entry_xchg(&pte[i], 0);
		struct page *page;

		if (pte_none(e) || is_zero_pte(m, e))
			continue;
		page = pfn_to_page(m, pte_pfn(e));
		copy_user_highpage(m, folio + i, page);
		page_remove_pte_rmap(page, mm);
		put_page(m, page);
		old_pages++;
	}
	ptl = pmd_lock(mm, pmdp);
	folio_add_pmd_rmap(folio, mm);
	pgtable_trans_huge_deposit(mm, pmdp, table);
	add_mm_counter(mm, MM_ANONPAGES, HPAGE_PMD_NR - old_pages);
	add_mm_counter(mm, MM_ANON_THP, 1);
	entry_write(pmdp, mk_anon_thp_pmd(vma, folio));
	spin_unlock(ptl);
}

/* Step 3: every page of the detached @table may go (its PTL taken here). */
static int collapse_isolate(struct vm_area_struct *vma, uint64_t haddr, struct page *table,
			    const struct collapse_control *cc)
{
	mmk_entry_t *pte = page_address(vma->vm_mm->m, table);
	int ret, referenced;

	spin_lock(&table->ptl);
	ret = scan_entries(vma, haddr, pte, cc, &referenced);
	spin_unlock(&table->ptl);
	return ret;
}

/*
 * collapse_huge_page - called with mmap_lock held for read, returns with
 * it released (Linux's *mmap_locked = false); steps 1-5 above.
 */
static int collapse_huge_page(struct mm_struct *mm, uint64_t haddr,
			      const struct collapse_control *cc)
{
	struct vm_area_struct *vma;
	struct page *folio, *table;
	mmk_entry_t *pmdp;
	spinlock_t *ptl;
	pmd_t pmd;
	int ret;

	mmap_read_unlock(mm);
	folio = alloc_huge_folio(mm->m);
	if (!folio)
		return SCAN_ALLOC_HUGE_PAGE_FAIL;
	thp_count(mm->m, THP_COLLAPSE_ALLOC);
	mmap_write_lock(mm);
	ret = hugepage_vma_revalidate(mm, haddr, cc, &vma);
	if (ret == SCAN_SUCCEED)
		ret = find_pmd_or_thp_or_none(mm, haddr, &pmdp);
	if (ret != SCAN_SUCCEED)
		goto out;
	prepare_anon_thp(vma, folio, haddr);
	mmu_notifier_invalidate_range_start(mm, haddr, haddr + PMD_SIZE);
	ptl = pmd_lock(mm, pmdp);
	pmd = entry_xchg(pmdp, 0);		/* pmdp_collapse_flush */
	flush_tlb_range(mm, haddr, haddr + PMD_SIZE);
	spin_unlock(ptl);
	mmu_notifier_invalidate_range_end(mm, haddr, haddr + PMD_SIZE);
	if (!mmk_bug(mm->m, MMK_BUG_COLLAPSE_NO_GUP_FAST_SYNC))
		synchronize_rcu();		/* tlb_remove_table_sync_one */
	table = pfn_to_page(mm->m, pmd_pfn(pmd));
	ret = collapse_isolate(vma, haddr, table, cc);
	if (ret != SCAN_SUCCEED) {
		ptl = pmd_lock(mm, pmdp);
		entry_write(pmdp, pmd);		/* pmd_populate: as it was */
		spin_unlock(ptl);
		goto out;
	}
	collapse_copy_and_install(vma, haddr, pmdp, table, folio);
	folio = NULL;
out:
	mmap_write_unlock(mm);
	if (folio)
		free_anon_thp(mm->m, folio);
	return ret;
}

/*
 * One aligned 2 MiB of @vma, mmap_lock held for read: scan and collapse.
 * *@locked says whether mmap_lock is still held on return.
 */
static int collapse_one(struct vm_area_struct *vma, uint64_t haddr,
			const struct collapse_control *cc, bool *locked)
{
	int ret = hpage_collapse_scan_pmd(vma, haddr, cc);

	*locked = true;
	if (ret != SCAN_SUCCEED)
		return ret;
	*locked = false;
	return collapse_huge_page(vma->vm_mm, haddr, cc);
}

/* ---- file and shmem: collapse_file, retract_page_tables ---- */
/*
 * A shmem range is collapsed in the page cache, not in one mm: the 512
 * slots of an aligned 2 MiB of the object become the pages of one new
 * folio (collapse_file), every VMA mapping them loses its PTEs of them,
 * and the PTE tables left empty are freed (retract_page_tables) without
 * the mmap_lock of the mms they belong to.  Faults map the new folio
 * with one PMD leaf (do_set_pmd); MADV_COLLAPSE maps it at once in the
 * caller's mm (collapse_pte_mapped_thp).
 *
 * What keeps a retracted table empty is the new folio's lock: collapse
 * holds it from before the folio enters the cache until retract is done,
 * and a fault maps a shmem page only with its folio locked
 * (shmem_lock_page).  What keeps the table a table is the pmd lock and
 * the recheck under it: between reading the pmd (pte_offset_map_rw_nolock)
 * and taking the locks, a zap may have freed the empty table (PT_RECLAIM)
 * and a fault-around may have installed another; retract frees only the
 * table the pmd still names.  Bug switch retract_no_pmd_recheck skips
 * that recheck (tests/races/retract_no_pmd_recheck.mmk).
 *
 * Policies: keep, linux and full retract as Linux 6.6+ does, under RCU
 * and the locks only.  refcount and rwsem walkers trust a table reference
 * or their walk lock instead of rechecking the pmd, so for them retract
 * takes the mm's mmap_lock for write by trylock and skips the mm when it
 * is busy (Linux before 6.6).  The rmap walk that unmaps the old pages
 * (try_to_unmap) enters each mm's walk under mmap_lock for read, also by
 * trylock; a page left mapped fails the collapse with EAGAIN.
 */

/*
 * retract_one - free the PTE table that maps [addr, addr + 2M) of @vma,
 * empty as the folio lock keeps it: under RCU, the pmd lock, the PTL,
 * and the rechecks of the pmd and of the anon_vma.  No mmu notifier: the
 * PTEs were notified when they were unmapped, and mmkit's mirrors keep
 * no page-table structure of their own.
 */
static void retract_one(struct vm_area_struct *vma, uint64_t addr)
{
	struct mm_struct *mm = vma->vm_mm;
	struct mmk_machine *m = mm->m;
	bool locked = pt_retract_locked(m), freed = false;
	mmk_entry_t *pmdp, *pte;
	spinlock_t *pml, *ptl;
	pmd_t pmdval;

	if (locked && !mmap_write_trylock(mm))
		return;
	rcu_read_lock();
	pmdp = mm_find_pmd(mm, addr);
	pte = pmdp ? pte_offset_map_rw_nolock(mm, pmdp, addr, &pmdval, &ptl) : NULL;
	if (!pte)
		goto out;
	pml = pmd_lock(mm, pmdp);
	if (mmk_bug(m, MMK_BUG_RETRACT_NO_PMD_RECHECK) || pmd_same(pmdval, entry_read(pmdp))) {
		if (ptl != pml)
			spin_lock_nested(ptl, SINGLE_DEPTH_NESTING);
		/* a racing COW fault of a private mapping made one meanwhile */
		if (!atomic_load_explicit(&vma->anon_vma, memory_order_acquire)) {
			entry_xchg(pmdp, 0);		/* pmdp_collapse_flush */
			flush_tlb_range(mm, addr, addr + PMD_SIZE);
			freed = true;
		}
		if (ptl != pml)
			spin_unlock(ptl);
	}
	spin_unlock(pml);
	pte_unmap(pte);
	if (freed) {
		mm_pgtables_add(mm, 1, -1);
		pte_free_defer(m, pfn_to_page(m, pmd_pfn(pmdval)));
	}
out:
	rcu_read_unlock();
	if (locked)
		mmap_write_unlock(mm);
}

/* retract_page_tables: every VMA of @s that maps [pgoff, pgoff + 512) by one PMD. */
static void retract_page_tables(struct shmem *s, uint64_t pgoff)
{
	i_mmap_lock_read(s);
	for (unsigned int v = 0; v < s->nr_i_mmap; v++) {
		struct vm_area_struct *vma = s->i_mmap[v];
		uint64_t addr = vma_address(vma, pgoff);

		/*
		 * MAP_PRIVATE ones written to keep theirs: a PMD would split.
		 * An exiting mm needs no test: exit takes its VMAs out of
		 * i_mmap before it frees their tables (unmap_region).
		 */
		if (atomic_load_explicit(&vma->anon_vma, memory_order_acquire) || !addr ||
		    (addr & ~PMD_MASK) || addr + PMD_SIZE > vma->vm_end)
			continue;
		retract_one(vma, addr);
	}
	i_mmap_unlock_read(s);
}

/* hpage_collapse_scan_file: may [start, start + 512) of @s be collapsed? */
static int scan_file(struct shmem *s, uint64_t start, const struct collapse_control *cc)
{
	unsigned int present = 0;

	if (start + HPAGE_PMD_NR > s->nr_pages)
		return SCAN_FAIL;		/* the folio would reach past the end */
	for (unsigned int i = 0; i < HPAGE_PMD_NR; i++) {
		uint64_t slot = entry_read(&s->slots[start + i]);
		struct page *page, *folio;

		if (!slot)
			continue;
		page = pfn_to_page(s->m, slot - 1);
		folio = page_folio(page);
		if (folio_test_large(folio))
			return i == 0 && folio == page && folio->index == start ?
			       SCAN_PTE_MAPPED_HUGEPAGE : SCAN_PAGE_COMPOUND;
		if (PageTest(folio, PG_locked))
			return SCAN_PAGE_LOCK;
		/* the cache's reference and one per mapping, no other */
		if (page_ref_count(folio) != 1 + page_mapcount(folio))
			return SCAN_PAGE_COUNT;
		present++;
	}
	if (cc->is_khugepaged && present < HPAGE_PMD_NR - KHUGEPAGED_MAX_PTES_NONE)
		return SCAN_EXCEED_NONE_PTE;
	/* collapse_file finds nothing in the range: no folio is made (EINVAL) */
	return present ? SCAN_SUCCEED : SCAN_TRUNCATED;
}

/* Undo what collapse_file did so far: the holes it filled, its locks. */
static void collapse_file_rollback(struct shmem *s, uint64_t start, struct page *folio,
				   struct page **old, unsigned int filled)
{
	shmem_unclaim_folio(s, folio, start, filled, old);
	for (unsigned int i = 0; i < HPAGE_PMD_NR; i++) {
		if (old[i]) {
			unlock_page(old[i]);
			put_page(s->m, old[i]);
		}
	}
}

/*
 * Steps 1 and 2: lock every page of the range and claim every hole with
 * the new folio's page (a fault that finds it waits on the folio lock).
 * *@filled: how many slots were looked at.
 */
static int collapse_file_claim(struct shmem *s, uint64_t start, struct page *folio,
			       struct page **old, unsigned int *filled)
{
	struct mmk_machine *m = s->m;

	for (*filled = 0; *filled < HPAGE_PMD_NR; (*filled)++) {
		unsigned int i = *filled;
		uint64_t none = 0;

		old[i] = shmem_try_get(s, start + i);
		if (!old[i]) {
			if (entry_cmpxchg(&s->slots[start + i], &none,
					  page_to_pfn(m, folio + i) + 1))
				continue;
			return SCAN_PAGE_LOCK;	/* a fault filled it first */
		}
		if (folio_test_large(page_folio(old[i])) || !trylock_page(old[i])) {
			int ret = folio_test_large(page_folio(old[i])) ? SCAN_PAGE_COMPOUND
								       : SCAN_PAGE_LOCK;

			put_page(m, old[i]);
			old[i] = NULL;
			return ret;
		}
		if (entry_read(&s->slots[start + i]) != page_to_pfn(m, old[i]) + 1) {
			unlock_page(old[i]);
			put_page(m, old[i]);
			old[i] = NULL;
			return SCAN_PAGE_LOCK;	/* reclaimed meanwhile */
		}
	}
	return SCAN_SUCCEED;
}

/*
 * Step 4: every old page held by the cache and by us alone, frozen at 0
 * (folio_ref_freeze), or none: a pin or a GUP reference fails it.
 */
static bool collapse_file_freeze(struct page **old)
{
	for (unsigned int i = 0; i < HPAGE_PMD_NR; i++) {
		if (old[i] && (page_mapcount(old[i]) || atomic_cmpxchg(&old[i]->_refcount, 2, 0) != 2)) {
			while (i--)
				if (old[i])
					atomic_set(&old[i]->_refcount, 2);
			return false;
		}
	}
	return true;
}

/*
 * collapse_file - the shmem pages of [start, start + 512) of @s become one
 * PMD-sized folio, no mmap_lock held: lock the old pages and claim the
 * holes (1, 2), unmap the old pages everywhere (3), copy them and freeze
 * their references (4), put the new pages in their slots and free the old
 * (5), retract the page tables left empty (6), unlock (7).
 */
static int collapse_file(struct shmem *s, uint64_t start, const struct collapse_control *cc)
{
	struct mmk_machine *m = s->m;
	struct page *folio = alloc_huge_folio(m), **old;
	unsigned int filled;
	int ret;

	(void)cc;
	if (!folio)
		return SCAN_ALLOC_HUGE_PAGE_FAIL;
	old = calloc(HPAGE_PMD_NR, sizeof(*old));
	if (!old) {
		put_page(m, folio);
		return SCAN_ALLOC_HUGE_PAGE_FAIL;
	}
	thp_count(m, THP_COLLAPSE_ALLOC);
	shmem_prepare_folio(s, folio, start, true);
	ret = collapse_file_claim(s, start, folio, old, &filled);
	if (ret == SCAN_SUCCEED) {
		try_to_unmap_file(s, start, old, NULL, NULL);
		for (unsigned int i = 0; i < HPAGE_PMD_NR; i++)
			if (old[i])
				copy_user_highpage(m, folio + i, old[i]);
		if (!collapse_file_freeze(old))
			ret = SCAN_PAGE_COUNT;
	}
	if (ret != SCAN_SUCCEED) {
		collapse_file_rollback(s, start, folio, old, filled);
		free(old);
		return ret;
	}
	for (unsigned int i = 0; i < HPAGE_PMD_NR; i++) {
		if (!old[i])
			continue;
		entry_write(&s->slots[start + i], page_to_pfn(m, folio + i) + 1);
		unlock_page(old[i]);
		free_frame(m, old[i]);		/* frozen at 0: ours alone */
	}
	free(old);
	retract_page_tables(s, start);
	unlock_page(folio);
	put_page(m, folio);
	return SCAN_SUCCEED;
}

/*
 * Every entry of the PTE table at @pte either none or mapping page i of
 * @folio at index i, present: what may be cleared for the PMD.  PTL held.
 */
static bool ptes_map_folio(struct mmk_machine *m, mmk_entry_t *pte, struct page *folio)
{
	for (unsigned int i = 0; i < PTRS_PER_TABLE; i++) {
		pte_t e = entry_read(&pte[i]);

		if (!pte_none(e) && (!pte_present(e) || pte_pfn(e) != page_to_pfn(m, folio + i)))
			return false;
	}
	return true;
}

/*
 * The middle of collapse_pte_mapped_thp: the PTE table at *@pmdp maps
 * only pages of @folio (locked by us, so no fault adds any): check that
 * under its PTL, then under the pmd lock and the PTL again (the pmd
 * rechecked with pmd_same), clear the entries, clear the pmd, flush, and
 * free the table after a grace period.  True if the pmd is none now.
 */
static bool clear_folio_ptes(struct vm_area_struct *vma, mmk_entry_t *pmdp, uint64_t haddr,
			     struct page *folio)
{
	struct mm_struct *mm = vma->vm_mm;
	struct mmk_machine *m = mm->m;
	spinlock_t *pml, *ptl;
	mmk_entry_t *pte = pte_offset_map_lock(mm, pmdp, haddr, &ptl);
	unsigned int cleared = 0;
	bool ok;
	pmd_t pmdval;

	if (!pte)
		return pmd_none(entry_read(pmdp));
	ok = ptes_map_folio(m, pte, folio);
	pte_unmap_unlock(pte, ptl);
	if (!ok)
		return false;	/* something else is mapped there: leave it */
	mmu_notifier_invalidate_range_start(mm, haddr, haddr + PMD_SIZE);
	pml = pmd_lock(mm, pmdp);
	pte = pte_offset_map_rw_nolock(mm, pmdp, haddr, &pmdval, &ptl);
	if (pte && ptl != pml)
		spin_lock_nested(ptl, SINGLE_DEPTH_NESTING);
	ok = pte && pmd_same(pmdval, entry_read(pmdp)) && ptes_map_folio(m, pte, folio);
	for (unsigned int i = 0; ok && i < PTRS_PER_TABLE; i++) {
		pte_t e = pte_clear_get(mm, &pte[i]);

		if (pte_none(e))
			continue;
		if (pte_dirty(e))
			SetPageFlag(folio, PG_dirty);
		page_remove_pte_rmap(folio + i, mm);
		cleared++;
	}
	if (ok) {
		entry_xchg(pmdp, 0);			/* pmdp_collapse_flush */
		flush_tlb_range(mm, haddr, haddr + PMD_SIZE);
		add_mm_counter(mm, MM_SHMEMPAGES, -(long long)cleared);
	}
	if (pte && ptl != pml)
		spin_unlock(ptl);
	spin_unlock(pml);
	if (pte)
		pte_unmap(pte);
	mmu_notifier_invalidate_range_end(mm, haddr, haddr + PMD_SIZE);
	if (!ok)
		return false;
	mm_pgtables_add(mm, 1, -1);
	pte_free_defer(m, pfn_to_page(m, pmd_pfn(pmdval)));
	atomic_add(-(int)cleared, &folio->_refcount);	/* the entries' references; ours stays */
	return true;
}

/*
 * collapse_pte_mapped_thp with install_pmd, for MADV_COLLAPSE: map the
 * folio now in the cache at @haddr of @mm with one PMD leaf.  The pmd is
 * none if retract freed the table; a table left there (the folio was huge
 * already, or retract skipped this mm) is emptied and freed first, if it
 * maps nothing but the folio's pages.  mmap_lock held: for read, or for
 * write under policies that retract only so (pt_retract_locked).
 */
static void collapse_pte_mapped_thp(struct mm_struct *mm, uint64_t haddr)
{
	struct vm_area_struct *vma = vma_lookup(mm, haddr);
	mmk_entry_t *pmdp;
	struct page *page;

	mmap_assert_locked(mm);
	if (!vma || !vma->shm || !collapse_suitable(vma, haddr) ||
	    (vma->vm_flags & VM_NOHUGEPAGE))
		return;
	pt_walk_begin(mm);	/* the rwsem policy's walk lock ranks before page locks */
	if (!shmem_lock_page(vma->shm, linear_page_index(vma, haddr), false, &page)) {
		/* the host allocates the upper tables a never-touched range lacks */
		if (walk_alloc_pmd(mm, haddr, &pmdp) || !folio_test_large(page_folio(page)) ||
		    (!pmd_none(entry_read(pmdp)) &&
		     (pmd_leaf(entry_read(pmdp)) ||
		      !clear_folio_ptes(vma, pmdp, haddr, page_folio(page)))) ||
		    do_set_pmd(vma, pmdp, haddr, page, false))
			put_page(mm->m, page);
		unlock_page(page_folio(page));
	}
	pt_walk_end(mm);
}

/*
 * One aligned 2 MiB of the shmem VMA @vma at @haddr, mmap_lock held for
 * read on entry and dropped on return (the caller looks the VMA up again):
 * scan and collapse the object's range, then map it here if @install.
 */
static int collapse_file_one(struct vm_area_struct *vma, uint64_t haddr,
			     const struct collapse_control *cc, bool install)
{
	struct mm_struct *mm = vma->vm_mm;
	struct shmem *s = vma->shm;
	uint64_t pgoff = linear_page_index(vma, haddr);
	int ret;

	shmem_get(s);
	mmap_read_unlock(mm);
	ret = scan_file(s, pgoff, cc);
	if (ret == SCAN_SUCCEED)
		ret = collapse_file(s, pgoff, cc);
	if (ret == SCAN_PTE_MAPPED_HUGEPAGE)
		ret = SCAN_SUCCEED;
	if (ret == SCAN_SUCCEED && install) {
		/* refcount and rwsem free a table only with walkers shut out */
		if (pt_retract_locked(mm->m))
			mmap_write_lock(mm);
		else
			mmap_read_lock(mm);
		collapse_pte_mapped_thp(mm, haddr);
		if (pt_retract_locked(mm->m))
			mmap_write_unlock(mm);
		else
			mmap_read_unlock(mm);
	}
	shmem_put(s);
	return ret;
}

/* madvise_collapse_errno */
static int madvise_collapse_errno(int result)
{
	switch (result) {
	case SCAN_ALLOC_HUGE_PAGE_FAIL:
	case SCAN_EXCEED_NONE_PTE:
		return -ENOMEM;
	case SCAN_PAGE_COUNT:
	case SCAN_PAGE_LOCK:
		return -EAGAIN;
	default:
		return -EINVAL;
	}
}

/* Results after which MADV_COLLAPSE goes on to the next 2 MiB. */
static bool collapse_result_continues(int result)
{
	switch (result) {
	case SCAN_PTE_NON_PRESENT: case SCAN_LACK_REFERENCED_PAGE: case SCAN_PAGE_NULL:
	case SCAN_PAGE_COUNT: case SCAN_PAGE_LOCK: case SCAN_PAGE_COMPOUND:
		return true;
	default:
		return false;
	}
}

/* MADV_COLLAPSE of the whole 2 MiBs [hstart, hend) of the shmem VMA @vma. */
static int madvise_collapse_file(struct mm_struct *mm, struct vm_area_struct *vma,
				 uint64_t hstart, uint64_t hend)
{
	const struct collapse_control cc = { .is_khugepaged = false };
	unsigned int thps = 0;
	int last_fail = SCAN_FAIL, ret;

	for (uint64_t addr = hstart; addr < hend; addr += PMD_SIZE) {
		ret = collapse_file_one(vma, addr, &cc, true);
		mmap_read_lock(mm);
		if (ret == SCAN_SUCCEED) {
			thps++;
		} else {
			last_fail = ret;
			if (!collapse_result_continues(ret))
				break;
		}
		vma = vma_lookup(mm, addr + PMD_SIZE);
		if (addr + PMD_SIZE < hend && (!vma || !vma->shm || !collapse_suitable(vma, addr + PMD_SIZE))) {
			last_fail = SCAN_VMA_CHECK;
			break;
		}
	}
	if (thps == (hend - hstart) >> PMD_SHIFT)
		return 0;
	return madvise_collapse_errno(last_fail);
}

/*
 * madvise_collapse for [start, end) of the VMA at @start; mmap_lock held
 * for read on entry and on return, though it may be dropped between (the
 * caller must find its VMA again).  0, or an errno as Linux returns it.
 */
int madvise_collapse(struct mm_struct *mm, uint64_t start, uint64_t end)
{
	const struct collapse_control cc = { .is_khugepaged = false };
	struct vm_area_struct *vma = find_vma(mm, start);
	uint64_t hstart = (start + PMD_SIZE - 1) & PMD_MASK, hend = end & PMD_MASK;
	unsigned int thps = 0;
	int last_fail = SCAN_FAIL, ret;
	bool locked = true;

	mmap_assert_locked(mm);
	/*
	 * thp_vma_allowable_order: the advice, room for one 2 MiB at the end,
	 * and (outside a fault) an anon_vma: a VMA only ever read, or mapped
	 * alone and never touched, has none and is refused at once, even for
	 * a range with no whole 2 MiB in it (the host: EINVAL).
	 */
	if ((vma->vm_flags & VM_NOHUGEPAGE) || vma->vm_end - vma->vm_start < PMD_SIZE ||
	    !collapse_suitable(vma, (vma->vm_end - PMD_SIZE) & PMD_MASK))
		return -EINVAL;
	if (vma->shm)
		return madvise_collapse_file(mm, vma, hstart, hend);
	if (!vma_is_anonymous(vma) || !vma->anon_vma)
		return -EINVAL;
	for (uint64_t addr = hstart; addr < hend; addr += PMD_SIZE) {
		if (!locked) {
			mmap_read_lock(mm);
			locked = true;
			ret = hugepage_vma_revalidate(mm, addr, &cc, &vma);
			if (ret != SCAN_SUCCEED) {
				last_fail = ret;
				break;
			}
			if ((vma->vm_end & PMD_MASK) < hend)
				hend = vma->vm_end & PMD_MASK;
		}
		ret = collapse_one(vma, addr, &cc, &locked);
		if (ret == SCAN_SUCCEED || ret == SCAN_PMD_MAPPED) {
			thps++;
			continue;
		}
		last_fail = ret;
		if (!collapse_result_continues(ret))
			break;
	}
	if (!locked)
		mmap_read_lock(mm);
	/*
	 * As Linux computes it, in unsigned arithmetic: a range that reaches
	 * no 2 MiB boundary (hstart > hend) counts as failed, EINVAL; one
	 * with boundaries but no whole 2 MiB (hstart == hend) succeeds.
	 */
	if (thps == (hend - hstart) >> PMD_SHIFT)
		return 0;
	return madvise_collapse_errno(last_fail);
}

/* khugepaged and shmem_enabled (mmk_config.shmem_thp; `thp` in scripts). */
static bool shmem_collapse_allowed(struct vm_area_struct *vma, uint64_t haddr)
{
	enum mmk_thp_mode mode = vma->vm_mm->m->cfg.shmem_thp;

	if ((vma->vm_flags & VM_NOHUGEPAGE) || !collapse_suitable(vma, haddr))
		return false;
	return mode == MMK_THP_ALWAYS || (mode == MMK_THP_MADVISE && (vma->vm_flags & VM_HUGEPAGE));
}

/* One khugepaged pass over @mm: every 2 MiB it would collapse, collapsed. */
static void khugepaged_scan_mm(struct mm_struct *mm)
{
	const struct collapse_control cc = { .is_khugepaged = true };
	uint64_t addr = 0;
	bool locked;

	mmap_read_lock(mm);
	for (;;) {
		struct vm_area_struct *vma = mm->exited ? NULL : find_vma(mm, addr);
		uint64_t haddr;

		if (!vma)
			break;
		haddr = (vma->vm_start > addr ? vma->vm_start : addr) + PMD_SIZE - 1;
		haddr &= PMD_MASK;
		if (vma->shm) {
			if (haddr + PMD_SIZE > vma->vm_end || !shmem_collapse_allowed(vma, haddr)) {
				addr = vma->vm_end;
				continue;
			}
			addr = haddr + PMD_SIZE;
			collapse_file_one(vma, haddr, &cc, false);
			mmap_read_lock(mm);
			continue;
		}
		/* Within @vma, revalidation's checks are the scan's own. */
		if (haddr + PMD_SIZE > vma->vm_end ||
		    hugepage_vma_revalidate(mm, haddr, &cc, &vma) != SCAN_SUCCEED) {
			addr = vma->vm_end;
			continue;
		}
		addr = haddr + PMD_SIZE;
		collapse_one(vma, haddr, &cc, &locked);
		if (!locked)
			mmap_read_lock(mm);
	}
	mmap_read_unlock(mm);
}

int mmk_khugepaged(struct mmk_machine *m, struct mm_struct *mm)
{
	struct mm_struct **mms;
	unsigned int n;

	misuse_null(m);
	if (mm) {
		khugepaged_scan_mm(mm);
		return 0;
	}
	mms = mm_list_grab(m, &n);
	if (!mms && n)
		return -ENOMEM;
	for (unsigned int i = 0; i < n; i++)
		khugepaged_scan_mm(mms[i]);
	mm_list_drop(mms, n);
	return 0;
}

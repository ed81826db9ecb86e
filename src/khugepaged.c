/* SPDX-License-Identifier: MIT */
/*
 * khugepaged.c - collapse: the 512 PTE-mapped pages of an aligned 2 MiB
 * of anonymous memory become one PMD-mapped THP (Linux's mm/khugepaged.c),
 * for MADV_COLLAPSE and for the `khugepaged` pass (one full scan of an mm,
 * run synchronously instead of by a kernel thread).  File and shmem
 * collapse (collapse_file, retract_page_tables) is not here yet: a range
 * of a file mapping gives -ENOSYS.
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

/* khugepaged's default tunables (/sys/kernel/mm/transparent_hugepage/khugepaged) */
#define KHUGEPAGED_MAX_PTES_NONE 511
#define KHUGEPAGED_MAX_PTES_SHARED 256

enum scan_result {
	SCAN_SUCCEED, SCAN_PMD_NULL, SCAN_PMD_MAPPED, SCAN_EXCEED_NONE_PTE,
	SCAN_EXCEED_SHARED_PTE, SCAN_PTE_NON_PRESENT, SCAN_LACK_REFERENCED_PAGE,
	SCAN_PAGE_NULL, SCAN_PAGE_COUNT, SCAN_PAGE_LOCK, SCAN_PAGE_ANON,
	SCAN_VMA_NULL, SCAN_VMA_CHECK, SCAN_ADDRESS_RANGE,
	SCAN_ALLOC_HUGE_PAGE_FAIL, SCAN_FAIL,
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

/* thp_vma_suitable_order: the 2 MiB lies in @vma at an offset a PMD can map. */
static bool collapse_suitable(struct vm_area_struct *vma, uint64_t haddr)
{
	if (((vma->vm_start >> PAGE_SHIFT) - vma->vm_pgoff) % HPAGE_PMD_NR)
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
		atomic_dec(&page->_mapcount);
		put_page(m, page);
		old_pages++;
	}
	ptl = pmd_lock(mm, pmdp);
	atomic_set(&folio->_entire_mapcount, 1);
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
	case SCAN_PAGE_COUNT: case SCAN_PAGE_LOCK:
		return true;
	default:
		return false;
	}
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
	if (!vma_is_anonymous(vma))
		return -ENOSYS;		/* file and shmem collapse: not yet */
	if (!vma->anon_vma)
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

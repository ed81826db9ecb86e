/* SPDX-License-Identifier: MIT */
/*
 * memory.c - page faults, zapping, copying page tables at fork, and
 * freeing page tables at munmap/exit.
 *
 * Faults run with mmap_lock held for read, like Linux's per-VMA-locked
 * faults: several faults, zaps (MADV_DONTNEED) and lockless walkers may run
 * on the same tables at once.  Every PTE-level change happens under the
 * table's PTL, reached with pte_offset_map_lock() (which may fail if the
 * table went away: the fault is then simply retried) or with
 * pte_offset_map_rw_nolock() followed by a pte_same() check under the PTL.
 *
 * Anonymous pages follow Linux's anon-exclusive rules: a new page and a COW
 * copy are exclusive; fork clears the flag on every page it shares, except
 * that a maybe-pinned exclusive page is copied for the child at once; a
 * write fault reuses an exclusive page, or a page whose only reference is
 * this mapping, and copies otherwise.
 *
 * Unshare faults (FAULT_FLAG_UNSHARE) come from GUP: a read-only pin must
 * not see a page some other mm may still write to, nor one this mm may
 * later replace on a write fault (gup_must_unshare).  In a COW mapping they
 * make the page behind a read-only entry exclusive to this mm without
 * making the entry writable: reuse the page if it is exclusive or ours
 * alone (setting PG_anon_exclusive), else map an exclusive copy read-only;
 * the zero page is replaced by a new zeroed exclusive page, read-only.
 * Writes through a FOLL_FORCE fault in a read-only private mapping likewise
 * break COW but leave the entry read-only (maybe_mkwrite).
 *
 * free_pgtables() (free_pgd_range) takes neither PTLs nor RCU: it runs with
 * mmap_lock held for write on a range no VMA covers, so no software walker
 * can be there; lockless walkers are kept safe by freeing the tables
 * through the mmu_gather (after the TLB flush and a grace period).
 */
#include "page_alloc.h"
#include "highmem.h"
#include "pgtable.h"
#include "mmap_lock.h"
#include "mmap.h"
#include "tlb.h"
#include "memremap.h"
#include "mmu_notifier.h"
#include "pt_policy.h"
#include "shmem.h"
#include "rmap.h"
#include "huge_memory.h"

struct vm_fault {
	struct vm_area_struct *vma;
	uint64_t address;
	unsigned int flags;
	mmk_entry_t *pmd;
	pmd_t orig_pmd;
	pte_t orig_pte;
	mmk_entry_t *pte;
	spinlock_t *ptl;
};

static inline bool fault_write(struct vm_fault *vmf)
{
	return vmf->flags & FAULT_FLAG_WRITE;
}

static inline bool fault_unshare(struct vm_fault *vmf)
{
	return vmf->flags & FAULT_FLAG_UNSHARE;
}

/* The struct page a present PTE maps, or NULL for special mappings. */
struct page *vm_normal_page(struct vm_area_struct *vma, uint64_t addr, pte_t pte)
{
	struct mmk_machine *m = vma->vm_mm->m;
	uint64_t pfn = pte_pfn(pte);

	(void)addr;
	if (pte_special(pte) || !pfn_valid(m, pfn))
		return NULL;
	return pfn_to_page(m, pfn);
}

/* Writable only if the VMA is: FOLL_FORCE writes to R/O private mappings. */
static inline pte_t maybe_mkwrite(pte_t entry, struct vm_area_struct *vma)
{
	return vma->vm_flags & VM_WRITE ? pte_mkwrite(entry) : entry;
}

static void rss_add(struct mm_struct *mm, struct page *page, int n)
{
	add_mm_counter(mm, mm_counter_of(page), n);
}

/* Install a fresh anonymous page (folio_add_new_anon_rmap). */
static void page_add_new_anon(struct page *page, struct vm_area_struct *vma,
			      uint64_t addr)
{
	atomic_store_explicit(&page->flags, PG_anon | PG_anon_exclusive | PG_swapbacked,
			      memory_order_release);
	page->mapping = NULL;
	page->index = linear_page_index(vma, addr);
	atomic_set(&page->_mapcount, 1);
}

/*
 * anon_vma_prepare - @vma gets an anon_vma before its first anonymous page
 * (__anon_vma_prepare): a neighbour's, where find_mergeable_anon_vma()
 * allows, else a new one.  Faults run under mmap_lock for read and race
 * here: page_table_lock decides, as in Linux.
 */
void anon_vma_prepare(struct vm_area_struct *vma)
{
	struct mm_struct *mm = vma->vm_mm;
	uint64_t id, none = 0;

	mmap_assert_locked(mm);
	if (likely(atomic_load_explicit(&vma->anon_vma, memory_order_acquire)))
		return;
	id = find_mergeable_anon_vma(vma);
	if (!id)
		id = (uint64_t)atomic64_add_return_relaxed(1, &mm->m->next_anon_vma);
	spin_lock(&mm->page_table_lock);
	atomic_compare_exchange_strong_explicit(&vma->anon_vma, &none, id,
						memory_order_release, memory_order_relaxed);
	spin_unlock(&mm->page_table_lock);
}

static pte_t mk_anon_pte(struct mmk_machine *m, struct page *page,
			 struct vm_area_struct *vma)
{
	pte_t entry = pfn_pte(page_to_pfn(m, page), vma->vm_page_prot);

	if (vma->vm_flags & VM_WRITE)
		entry = pte_mkwrite(pte_mkdirty(entry));
	return entry;
}

/* Map the shared zero page, or a new zeroed page for a write fault. */
static int do_anonymous_page(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct mm_struct *mm = vma->vm_mm;
	struct page *page = NULL, *installed;
	pte_t entry;
	int ret = pte_alloc_install(mm, vmf->pmd, &installed);

	if (ret)
		return ret == -ENOMEM ? VM_FAULT_OOM : 0;
	if (!fault_write(vmf)) {
		entry = pte_mkspecial(pfn_pte(page_to_pfn(mm->m, mm->m->zero_page),
					      vma->vm_page_prot));
	} else {
		anon_vma_prepare(vma);		/* vmf_anon_prepare */
		page = alloc_page(mm->m, __GFP_ZERO);
		if (!page) {
			ret = VM_FAULT_OOM;
			goto release;
		}
		entry = mk_anon_pte(mm->m, page, vma);
	}
	vmf->pte = pte_offset_map_lock(mm, vmf->pmd, vmf->address, &vmf->ptl);
	if (!vmf->pte)
		goto release;		/* table reclaimed meanwhile: retry */
	if (!pte_none(entry_read(vmf->pte))) {
		pte_unmap_unlock(vmf->pte, vmf->ptl);
		goto release;		/* somebody else faulted it in */
	}
	if (page) {
		page_add_new_anon(page, vma, vmf->address);
		add_mm_counter(mm, MM_ANONPAGES, 1);
	}
	pte_install(mm, vmf->pte, entry);
	pte_unmap_unlock(vmf->pte, vmf->ptl);
	page = NULL;
release:
	if (page)
		put_page(mm->m, page);
	if (installed)
		pte_install_put(mm, installed);
	return ret;
}

/*
 * fault_around_bytes: a read fault on shmem maps up to 64 KiB of pages the
 * object already holds, so a reader of a populated buffer takes one fault
 * per 16 pages rather than one per page.
 */
#define FAULT_AROUND_PAGES 16

/* The shmem page mapped read-faulting at @addr: young, clean, as vm_page_prot allows. */
static pte_t mk_shmem_pte(struct vm_fault *vmf, struct page *page)
{
	struct mm_struct *mm = vmf->vma->vm_mm;

	return pte_mkyoung(pfn_pte(page_to_pfn(mm->m, page), vmf->vma->vm_page_prot));
}

/*
 * shmem_map_pages - under the PTL of the table *@vmf->pmd points to, map
 * the pages of [from, to] (indices in that table) which the object holds
 * and whose entries are none (filemap_map_pages).  True if @vmf->address
 * got its page.
 */
static bool shmem_map_pages(struct vm_fault *vmf, unsigned long from, unsigned long to)
{
	struct vm_area_struct *vma = vmf->vma;
	struct mm_struct *mm = vma->vm_mm;
	uint64_t base = vmf->address & ~(PMD_SIZE - 1);
	bool mapped = false;
	mmk_entry_t *pte;
	spinlock_t *ptl;
	int n = 0;

	pte = pte_offset_map_lock(mm, vmf->pmd, base, &ptl);
	if (!pte)
		return false;
	for (unsigned long i = from; i <= to; i++) {
		uint64_t addr = base + (i << PAGE_SHIFT);
		struct page *page;

		if (!pte_none(entry_read(&pte[i])))
			continue;
		/* next_uptodate_folio: a hole or a locked folio is skipped */
		if (shmem_lock_page(vma->shm, linear_page_index(vma, addr), false, &page))
			continue;
		page_add_pte_rmap(page, mm);
		pte_install(mm, &pte[i], mk_shmem_pte(vmf, page));
		unlock_page(page_folio(page));
		mapped |= addr == (vmf->address & PAGE_MASK);
		n++;
	}
	add_mm_counter(mm, MM_SHMEMPAGES, n);
	pte_unmap_unlock(pte, ptl);
	return mapped;
}

/* Does the object hold a page for any entry of [from, to] of this table? */
static bool shmem_window_populated(struct vm_fault *vmf, unsigned long from, unsigned long to)
{
	struct vm_area_struct *vma = vmf->vma;
	uint64_t base = vmf->address & ~(PMD_SIZE - 1);

	for (unsigned long i = from; i <= to; i++)
		if (entry_read(&vma->shm->slots[linear_page_index(vma, base + (i << PAGE_SHIFT))]))
			return true;
	return false;
}

/*
 * filemap_map_pmd - fault-around on a none pmd where the object holds a
 * PMD-sized folio at the address: map it whole (do_set_pmd).
 */
static bool filemap_map_pmd(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct page *page;
	int ret;

	if (!pmd_none(entry_read(vmf->pmd)) ||
	    shmem_lock_page(vma->shm, linear_page_index(vma, vmf->address), false, &page))
		return false;
	ret = folio_test_large(page_folio(page)) ?
	      do_set_pmd(vma, vmf->pmd, vmf->address, page, false) : VM_FAULT_FALLBACK;
	unlock_page(page_folio(page));
	if (ret)
		put_page(vma->vm_mm->m, page);
	return !ret;
}

/*
 * Linux 6.18 maps a large folio whole on fault-around when the VMA and
 * the PTE table hold all of it ("map entire large folio faultaround"):
 * widen [*from, *to) to the folio of the faulting page if it is one.
 */
static void fault_around_folio(struct vm_fault *vmf, unsigned long *from, unsigned long *to)
{
	struct vm_area_struct *vma = vmf->vma;
	uint64_t idx = linear_page_index(vma, vmf->address), slot;
	unsigned long first;
	struct page *page;

	slot = idx < vma->shm->nr_pages ? entry_read(&vma->shm->slots[idx]) : 0;
	if (!slot)
		return;
	page = pfn_to_page(vma->vm_mm->m, slot - 1);
	if (!folio_test_large(page_folio(page)))
		return;		/* a stale look is harmless: mapping rechecks */
	first = pte_index(vmf->address) - (unsigned long)(page - page_folio(page));
	if (first > pte_index(vmf->address) || first + HPAGE_PMD_NR > PTRS_PER_TABLE ||
	    (vmf->address & PMD_MASK) + ((uint64_t)first << PAGE_SHIFT) < vma->vm_start ||
	    (vmf->address & PMD_MASK) + ((uint64_t)(first + HPAGE_PMD_NR) << PAGE_SHIFT) > vma->vm_end)
		return;
	if (first < *from)
		*from = first;
	if (first + HPAGE_PMD_NR > *to)
		*to = first + HPAGE_PMD_NR;
}

/*
 * do_fault_around - the window of FAULT_AROUND_PAGES entries aligned
 * around the address, clamped to the VMA, to this PTE table and to the
 * object's end, as Linux computes it.  As filemap_map_pages, it installs
 * a PTE table only if the window has a page to map, even when the fault
 * itself lies beyond the object's end and will be SIGBUS.  *@mapped
 * says whether the address got its page; returns 0 or VM_FAULT_OOM.
 */
static int do_fault_around(struct vm_fault *vmf, bool *mapped)
{
	struct vm_area_struct *vma = vmf->vma;
	struct mm_struct *mm = vma->vm_mm;
	unsigned long pte_off = pte_index(vmf->address);
	unsigned long vma_off = (vmf->address - vma->vm_start) >> PAGE_SHIFT;
	unsigned long from = pte_off & ~(unsigned long)(FAULT_AROUND_PAGES - 1), to;
	uint64_t vma_left = (vma->vm_end - vmf->address) >> PAGE_SHIFT;
	uint64_t first_pgoff, obj_end = vma->shm->nr_pages;
	struct page *installed;
	int ret;

	*mapped = false;
	/* A window cut by the VMA's start slides up: it still spans 16 pages. */
	if (from < pte_off - (pte_off < vma_off ? pte_off : vma_off))
		from = pte_off - (pte_off < vma_off ? pte_off : vma_off);
	to = from + FAULT_AROUND_PAGES;
	if (to > PTRS_PER_TABLE)
		to = PTRS_PER_TABLE;
	if (to > pte_off + vma_left)
		to = pte_off + vma_left;
	first_pgoff = linear_page_index(vma, vmf->address) - (pte_off - from);
	if (first_pgoff >= obj_end)
		return 0;
	if (to - from > obj_end - first_pgoff)
		to = from + (unsigned long)(obj_end - first_pgoff);
	if (!shmem_window_populated(vmf, from, to - 1))
		return 0;
	if (filemap_map_pmd(vmf)) {
		*mapped = true;
		return 0;
	}
	fault_around_folio(vmf, &from, &to);
	ret = pte_alloc_install(mm, vmf->pmd, &installed);
	if (ret)
		return ret == -ENOMEM ? VM_FAULT_OOM : 0;
	*mapped = shmem_map_pages(vmf, from, to - 1);
	if (installed)
		pte_install_put(mm, installed);
	return 0;
}

/*
 * do_cow_fault - a write fault with no entry in a private file mapping:
 * the file's page (brought into the cache if it was a hole, as
 * shmem_fault does) is copied into a new anonymous page, which is mapped
 * writable; the file never sees the write.
 */
static int do_cow_fault(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct mm_struct *mm = vma->vm_mm;
	uint64_t idx = linear_page_index(vma, vmf->address);
	struct page *page, *new = NULL, *installed;
	int ret;

	if (idx >= vma->shm->nr_pages)
		return VM_FAULT_SIGBUS;
	anon_vma_prepare(vma);		/* vmf_anon_prepare */
	ret = pte_alloc_install(mm, vmf->pmd, &installed);
	if (ret)
		return ret == -ENOMEM ? VM_FAULT_OOM : 0;
	page = shmem_get_page(vma->shm, idx);
	if (page)
		new = alloc_page(mm->m, 0);
	if (!new) {
		ret = VM_FAULT_OOM;
		goto out;
	}
	copy_user_highpage(mm->m, new, page);
	vmf->pte = pte_offset_map_lock(mm, vmf->pmd, vmf->address, &vmf->ptl);
	if (vmf->pte && pte_none(entry_read(vmf->pte))) {
		page_add_new_anon(new, vma, vmf->address);
		add_mm_counter(mm, MM_ANONPAGES, 1);
		pte_install(mm, vmf->pte, mk_anon_pte(mm->m, new, vma));
		new = NULL;
	}
	if (vmf->pte)
		pte_unmap_unlock(vmf->pte, vmf->ptl);
out:
	if (new)
		put_page(mm->m, new);
	if (page)
		put_page(mm->m, page);
	if (installed)
		pte_install_put(mm, installed);
	return ret;
}

static int finish_fault(struct vm_fault *vmf, struct page *page);

/*
 * shmem_fault's huge case: where shmem_enabled allows (mmk_config
 * .shmem_thp, and MADV_HUGEPAGE for advise), the pmd is none, the VMA can
 * map the aligned 2 MiB with one PMD and the object holds nothing there
 * yet, a PMD-sized folio goes into the page cache and is mapped whole.
 * 0 if done (or the pmd changed: retry), VM_FAULT_FALLBACK otherwise.
 */
static int shmem_fault_huge(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	enum mmk_thp_mode mode = vma->vm_mm->m->cfg.shmem_thp;
	uint64_t haddr = vmf->address & PMD_MASK, start;
	struct page *folio;

	if (mode == MMK_THP_NEVER || (mode == MMK_THP_MADVISE && !(vma->vm_flags & VM_HUGEPAGE)) ||
	    (vma->vm_flags & VM_NOHUGEPAGE) || !pmd_none(entry_read(vmf->pmd)) ||
	    ((vma->vm_start >> PAGE_SHIFT) - vma->vm_pgoff) % HPAGE_PMD_NR ||
	    haddr < vma->vm_start || haddr + PMD_SIZE > vma->vm_end)
		return VM_FAULT_FALLBACK;
	start = linear_page_index(vma, haddr);
	if (start + HPAGE_PMD_NR > vma->shm->nr_pages)
		return VM_FAULT_FALLBACK;
	folio = shmem_add_huge_folio(vma->shm, start);
	if (!folio)
		return VM_FAULT_FALLBACK;
	if (fault_write(vmf))
		SetPageFlag(folio, PG_dirty);	/* fault_dirty_shared_page */
	if (do_set_pmd(vma, vmf->pmd, haddr, folio, fault_write(vmf)))
		put_page(vma->vm_mm->m, folio);	/* it stays cached; the retry maps it */
	unlock_page(folio);
	return 0;
}

/*
 * do_fault - no entry yet in a mapping of a shmem object (a file, or
 * shared anonymous memory): a read maps around first (do_read_fault), and
 * whatever the address still lacks comes from shmem_fault + finish_fault;
 * a write to a private mapping copies (do_cow_fault); a write to a shared
 * one maps the page writable and dirties it (do_shared_fault).
 */
static int do_fault(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	uint64_t idx = linear_page_index(vma, vmf->address);
	struct page *page;
	int ret;

	if (!fault_write(vmf)) {
		bool mapped;

		ret = do_fault_around(vmf, &mapped);
		if (ret || mapped)
			return ret;
	} else if (!(vma->vm_flags & VM_SHARED)) {
		return do_cow_fault(vmf);
	}
	if (idx >= vma->shm->nr_pages)
		return VM_FAULT_SIGBUS;
	/* shmem_fault: the page comes locked, or the fault is retried */
	if (shmem_fault_huge(vmf) == 0)
		return 0;
	ret = shmem_lock_page(vma->shm, idx, true, &page);
	if (ret)
		return ret == -ENOMEM ? VM_FAULT_OOM : 0;
	if (fault_write(vmf))
		folio_mark_dirty(page);	/* fault_dirty_shared_page */
	ret = finish_fault(vmf, page);
	unlock_page(page_folio(page));
	return ret;
}

/*
 * finish_fault's large-folio case (Linux 6.18, anonymous shmem only):
 * with the PTL held, map every page of @page's folio that the VMA and
 * this table cover, if all their entries are none.  False: map one page.
 */
static bool map_whole_folio(struct vm_fault *vmf, struct page *page, pte_t entry)
{
	struct vm_area_struct *vma = vmf->vma;
	struct mm_struct *mm = vma->vm_mm;
	struct page *folio = page_folio(page);
	unsigned int idx = (unsigned int)(page - folio);
	uint64_t start = vmf->address - ((uint64_t)idx << PAGE_SHIFT);
	mmk_entry_t *pte = vmf->pte - idx;
	uint64_t pfn0 = page_to_pfn(mm->m, folio);

	if (!vma->shm->anon || !folio_test_large(folio) || start < vma->vm_start ||
	    start + PMD_SIZE > vma->vm_end || pte_index(vmf->address) != idx)
		return false;
	for (unsigned int i = 0; i < HPAGE_PMD_NR; i++)
		if (!pte_none(entry_read(&pte[i])))
			return false;
	folio_add_large_mapcount(folio, HPAGE_PMD_NR, mm);	/* folio_add_file_rmap_ptes */
	for (unsigned int i = 0; i < HPAGE_PMD_NR; i++) {
		atomic_inc(&folio[i]._mapcount);
		pte_install(mm, &pte[i], (entry & ~PTE_PFN_MASK) | ((pfn0 + i) << PAGE_SHIFT));
	}
	atomic_add(HPAGE_PMD_NR - 1, &folio->_refcount);	/* ours is one of them */
	add_mm_counter(mm, MM_SHMEMPAGES, HPAGE_PMD_NR);
	return true;
}

/*
 * finish_fault for the locked shmem page @page, on which we hold a
 * reference that a mapping takes over: a PMD leaf if the pmd is none
 * and @page's folio is PMD-sized (do_set_pmd), else PTEs: the whole
 * folio's where map_whole_folio() can, else one.
 */
static int finish_fault(struct vm_fault *vmf, struct page *page)
{
	struct vm_area_struct *vma = vmf->vma;
	struct mm_struct *mm = vma->vm_mm;
	struct page *installed;
	pte_t entry;
	int ret;

	if (pmd_none(entry_read(vmf->pmd)) && folio_test_large(page_folio(page))) {
		ret = do_set_pmd(vma, vmf->pmd, vmf->address, page, fault_write(vmf));
		if (ret != VM_FAULT_FALLBACK) {
			if (ret)
				put_page(mm->m, page);	/* the pmd changed: retry */
			return 0;
		}
	}
	ret = pte_alloc_install(mm, vmf->pmd, &installed);
	if (ret) {
		put_page(mm->m, page);
		return ret == -ENOMEM ? VM_FAULT_OOM : 0;
	}
	entry = mk_shmem_pte(vmf, page);
	if (fault_write(vmf))
		entry = pte_mkdirty(entry);
	vmf->pte = pte_offset_map_lock(mm, vmf->pmd, vmf->address, &vmf->ptl);
	if (!vmf->pte || !pte_none(entry_read(vmf->pte))) {
		if (vmf->pte)
			pte_unmap_unlock(vmf->pte, vmf->ptl);
		put_page(mm->m, page);
		goto out;
	}
	if (!map_whole_folio(vmf, page, entry)) {
		page_add_pte_rmap(page, mm);
		add_mm_counter(mm, MM_SHMEMPAGES, 1);
		pte_install(mm, vmf->pte, entry);
	}
	pte_unmap_unlock(vmf->pte, vmf->ptl);
out:
	if (installed)
		pte_install_put(mm, installed);
	return 0;
}

/*
 * Under the PTL: make the entry writable in place (wp_page_reuse); only
 * dirty for a FOLL_FORCE write to a read-only VMA.
 */
static int wp_page_reuse(struct vm_fault *vmf)
{
	pte_t old = vmf->orig_pte;
	pte_t entry = maybe_mkwrite(pte_mkdirty(pte_mkyoung(old)), vmf->vma);

	assert_pte_locked(vmf->vma->vm_mm->m, vmf->pte);
	/* An upgrade needs no flush; a racing accessed-bit update means retry. */
	entry_cmpxchg(vmf->pte, &old, entry);
	pte_unmap_unlock(vmf->pte, vmf->ptl);
	return 0;
}

/*
 * Copy-on-write: replace the read-only entry with a new exclusive page.
 * Called without the PTL (the copy is made unlocked, as in Linux); @old is
 * the page mapped before (NULL for the zero page) and holds a reference of
 * ours.  A write maps the copy dirty, writable if the VMA is; an unshare
 * maps it clean and read-only, like the entry it replaces.
 */
static int wp_page_copy(struct vm_fault *vmf, struct page *old)
{
	struct vm_area_struct *vma = vmf->vma;
	struct mm_struct *mm = vma->vm_mm;
	struct mmk_machine *m = mm->m;
	bool from_zero = !old || is_zero_page(old);
	struct page *new;

	anon_vma_prepare(vma);		/* vmf_anon_prepare */
	new = alloc_page(m, __GFP_ZERO * from_zero);
	if (!new) {
		if (old)
			put_page(m, old);
		return VM_FAULT_OOM;
	}
	if (!from_zero)
		copy_user_highpage(m, new, old);
	mmu_notifier_invalidate_range_start(mm, vmf->address, vmf->address + PAGE_SIZE);
	vmf->pte = pte_offset_map_lock(mm, vmf->pmd, vmf->address, &vmf->ptl);
	if (vmf->pte && pte_same(entry_read(vmf->pte), vmf->orig_pte)) {
		pte_t entry = pfn_pte(page_to_pfn(m, new), vma->vm_page_prot);

		if (!fault_unshare(vmf))
			entry = maybe_mkwrite(pte_mkdirty(entry), vma);
		assert(!fault_unshare(vmf) || !pte_write(entry));
		page_add_new_anon(new, vma, vmf->address);
		ptep_clear_flush(mm, vmf->address, vmf->pte);
		entry_write(vmf->pte, entry);
		add_mm_counter(mm, MM_ANONPAGES, 1);
		if (!from_zero) {
			/* folio_remove_rmap_pte, then drop the mapping's reference. */
			page_remove_pte_rmap(old, mm);
			rss_add(mm, old, -1);
			put_page(m, old);
		}
		new = NULL;
	}
	if (vmf->pte)
		pte_unmap_unlock(vmf->pte, vmf->ptl);
	mmu_notifier_invalidate_range_end(mm, vmf->address, vmf->address + PAGE_SIZE);
	if (new)
		put_page(m, new);
	if (old && !new && !from_zero)	/* it left @old's folio: part of a THP? */
		deferred_split_folio(m, page_folio(old));
	if (old)
		put_page(m, old);
	return 0;
}

/*
 * wp_can_reuse_anon_folio: this mapping holds the only reference; or, for
 * a THP mapped by PTEs, this mm's mappings hold every reference (its
 * PTL'd table @vmf->pte is in).
 */
static bool wp_can_reuse_anon_page(struct vm_fault *vmf, struct page *page)
{
	struct page *folio = page_folio(page);

	if (folio_test_large(folio))
		return wp_can_reuse_large_anon_folio(folio);
	return page_ref_count(page) == 1 && page_mapcount(page) == 1;
}

/*
 * Write or unshare fault on a present read-only entry; PTL held.  A write
 * comes from a writable VMA, or from FOLL_FORCE in a private one; an
 * unshare only ever from a COW mapping (handle_mm_fault).
 */
static int do_wp_page(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct page *page;

	assert_pte_locked(vmf->vma->vm_mm->m, vmf->pte);
	if (vma->vm_flags & VM_SHARED) {	/* wp_page_shared */
		page = vm_normal_page(vma, vmf->address, vmf->orig_pte);
		if (page && fault_write(vmf))
			folio_mark_dirty(page);	/* fault_dirty_shared_page */
		return wp_page_reuse(vmf);
	}
	page = vm_normal_page(vma, vmf->address, vmf->orig_pte);
	if (page && PageAnon(page) &&
	    (PageAnonExclusive(page) || wp_can_reuse_anon_page(vmf, page))) {
		if (!PageAnonExclusive(page))
			SetPageFlag(page, PG_anon_exclusive);
		if (fault_unshare(vmf)) {
			/* Exclusive now; the entry stays read-only. */
			pte_unmap_unlock(vmf->pte, vmf->ptl);
			return 0;
		}
		return wp_page_reuse(vmf);
	}
	if (page)
		get_page(page);
	pte_unmap_unlock(vmf->pte, vmf->ptl);
	return wp_page_copy(vmf, page);
}


/* ---- device-dax faults (dev_dax_huge_fault) ---- */
/* A devmap leaf for the device memory at @pfn: young, and dirty+writable for a write. */
static uint64_t mk_devmap_entry(struct vm_fault *vmf, uint64_t pfn)
{
	uint64_t e = pfn_pte(pfn, vmf->vma->vm_page_prot) | _PAGE_DEVMAP | _PAGE_ACCESSED;

	if (fault_write(vmf))
		e = pte_mkwrite(pte_mkdirty(e));
	return e;
}

/* Map one 4 KiB device page (device alignment 4 KiB); the pmd is a table or none. */
static int dax_insert_pte(struct vm_fault *vmf, struct dev_pagemap *pg, uint64_t pgoff)
{
	struct vm_area_struct *vma = vmf->vma;
	struct mm_struct *mm = vma->vm_mm;
	struct page *page, *installed;
	int ret = pte_alloc_install(mm, vmf->pmd, &installed);

	if (ret)
		return ret == -ENOMEM ? VM_FAULT_OOM : 0;
	page = dax_map_page(pg, pgoff);
	vmf->pte = pte_offset_map_lock(mm, vmf->pmd, vmf->address, &vmf->ptl);
	if (vmf->pte && pte_none(entry_read(vmf->pte))) {
		atomic_inc(&page->_mapcount);
		rss_add(mm, page, 1);
		percpu_ref_get(&pg->ref);	/* the entry's pagemap reference */
		pte_install(mm, vmf->pte, mk_devmap_entry(vmf, pg->pfn_first + pgoff));
		page = NULL;
	}
	if (vmf->pte)
		pte_unmap_unlock(vmf->pte, vmf->ptl);
	if (page)
		put_page(mm->m, page);
	if (installed)
		pte_install_put(mm, installed);
	return 0;
}

/*
 * Map the 2 MiB of device memory around the fault with one PMD leaf
 * (device alignment 2 MiB), or make a read-only leaf writable.  Each of
 * the 512 pages gets a mapping reference and a mapcount; the leaf holds
 * one pagemap reference.
 */
static int dax_insert_pmd(struct vm_fault *vmf, struct dev_pagemap *pg, uint64_t pgoff)
{
	struct mm_struct *mm = vmf->vma->vm_mm;
	spinlock_t *ptl = pmd_lock(mm, vmf->pmd);
	pmd_t pmd = entry_read(vmf->pmd);
	int ret = 0;

	if (pmd_leaf(pmd)) {
		pmd_t want = pmd | _PAGE_ACCESSED;

		if (fault_write(vmf))
			want = pte_mkwrite(pte_mkdirty(want));
		if (want != pmd)
			entry_cmpxchg(vmf->pmd, &pmd, want);	/* pmdp_set_access_flags */
	} else if (!pmd_none(pmd)) {
		ret = VM_FAULT_SIGBUS;	/* a PTE table below a 2 MiB-aligned device */
	} else {
		for (unsigned int i = 0; i < PTRS_PER_TABLE; i++) {
			struct page *page = dax_map_page(pg, pgoff + i);

			atomic_inc(&page->_mapcount);
		}
		add_mm_counter(mm, MM_SHMEMPAGES, PTRS_PER_TABLE);
		percpu_ref_get(&pg->ref);
		entry_write(vmf->pmd, mk_devmap_entry(vmf, pg->pfn_first + pgoff) | _PAGE_PSE);
	}
	spin_unlock(ptl);
	return ret;
}

/*
 * do_swap_page for the entries mmkit has: a migration entry means the page
 * is being migrated (wait for the entry to change, then retry); a
 * device-private entry means the CPU must have the page back in RAM first.
 */
static int do_swap_page(struct vm_fault *vmf)
{
	pte_t entry = vmf->orig_pte;
	unsigned int spins = 128;	/* straight to a yield: the wait is a sleep */

	pte_unmap(vmf->pte);
	if (is_migration_entry(entry)) {
		/* migration_entry_wait: the migrating thread rewrites this entry. */
		mmk_wait_relax(vmf->pte, &spins);
		return 0;
	}
	if (is_device_private_entry(entry))
		return migrate_to_ram(vmf->vma, vmf->address);
	return VM_FAULT_SIGBUS;
}

static int handle_pte_fault(struct vm_fault *vmf)
{
	struct mm_struct *mm = vmf->vma->vm_mm;
	pmd_t pmdval = entry_read(vmf->pmd);
	pte_t entry;

	vmf->pte = NULL;
	if (pmd_leaf(pmdval))	/* a THP appeared meanwhile: retry; DAX: no PTEs */
		return vmf->vma->dev ? VM_FAULT_SIGBUS : 0;
	if (!pmd_none(pmdval)) {
		vmf->pte = pte_offset_map_rw_nolock(mm, vmf->pmd, vmf->address,
						    &vmf->orig_pmd, &vmf->ptl);
		if (!vmf->pte)
			return 0;	/* the pmd changed under us: retry */
		vmf->orig_pte = entry_read(vmf->pte);
		if (pte_none(vmf->orig_pte)) {
			pte_unmap(vmf->pte);
			vmf->pte = NULL;
		}
	}
	if (!vmf->pte) {
		if (vmf->vma->dev)
			return dax_insert_pte(vmf, vmf->vma->dev,
					      linear_page_index(vmf->vma, vmf->address));
		return vmf->vma->shm ? do_fault(vmf) : do_anonymous_page(vmf);
	}
	if (!pte_present(vmf->orig_pte))
		return do_swap_page(vmf);
	if (pte_protnone(vmf->orig_pte)) {
		/* PROT_NONE VMAs never get here: a stale entry, retry. */
		pte_unmap(vmf->pte);
		return 0;
	}
	spin_lock(vmf->ptl);
	/* orig_pte is not none, so pte_same also proves the table is still ours. */
	if (!pte_same(entry_read(vmf->pte), vmf->orig_pte)) {
		pte_unmap_unlock(vmf->pte, vmf->ptl);
		return 0;
	}
	entry = vmf->orig_pte;
	if (fault_write(vmf) || fault_unshare(vmf)) {
		if (!pte_write(entry))
			return do_wp_page(vmf);
		if (fault_write(vmf))
			entry = pte_mkdirty(entry);
	}
	entry = pte_mkyoung(entry);
	if (entry != vmf->orig_pte) {
		pte_t old = vmf->orig_pte;
		entry_cmpxchg(vmf->pte, &old, entry);	/* ptep_set_access_flags */
	}
	pte_unmap_unlock(vmf->pte, vmf->ptl);
	return 0;
}

/*
 * A fault on a device-dax VMA, inside the pagemap's use section (unbind
 * waits for it): a PMD leaf for a 2 MiB-aligned device, else the PTE path,
 * whose none case maps the device page (dax_insert_pte).
 */
static int do_dax_fault(struct vm_fault *vmf)
{
	struct dev_pagemap *pg = vmf->vma->dev;
	uint64_t pgoff = linear_page_index(vmf->vma, vmf->address);
	int ret;

	if (!pgmap_use_begin(pg))
		return VM_FAULT_SIGBUS;		/* the device is going away */
	if (pgoff >= pg->nr_pages)
		ret = VM_FAULT_SIGBUS;		/* beyond the end of the device */
	else if (pg->align == PMD_SIZE)
		ret = dax_insert_pmd(vmf, pg, pgoff & ~(uint64_t)(PTRS_PER_TABLE - 1));
	else
		ret = handle_pte_fault(vmf);	/* SIGBUS on a leaf, as for THP */
	pgmap_use_end(pg);
	return ret;
}

/*
 * The PMD level of __handle_mm_fault: a none PMD where a THP may be gets
 * one (create_huge_pmd); a huge PMD is written, unshared or marked
 * accessed as a whole.  VM_FAULT_FALLBACK sends the fault on to the PTEs.
 */
static int huge_pmd_fault(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	pmd_t pmd = entry_read(vmf->pmd);

	if (pmd_none(pmd))
		return thp_vma_allowable(vma, vmf->address) ?
		       do_huge_pmd_anonymous_page(vma, vmf->pmd, vmf->address, vmf->flags) :
		       VM_FAULT_FALLBACK;
	if (!pmd_leaf(pmd))
		return VM_FAULT_FALLBACK;
	if ((fault_write(vmf) || fault_unshare(vmf)) && !pte_write(pmd))
		return do_huge_pmd_wp_page(vma, vmf->pmd, vmf->address, vmf->flags, pmd);
	huge_pmd_set_accessed(vma, vmf->pmd, pmd, fault_write(vmf));
	return 0;
}

/*
 * handle_mm_fault - caller holds mmap_lock (read) and checked VMA access.
 * Returns 0 (done, or a race was lost: the caller retries) or VM_FAULT_*.
 */
int handle_mm_fault(struct vm_area_struct *vma, uint64_t addr, unsigned int flags)
{
	struct mm_struct *mm = vma->vm_mm;
	struct vm_fault vmf;
	int ret;

	mmap_assert_locked(mm);
	if (flags & FAULT_FLAG_UNSHARE) {
		/* sanitize_fault_flags: unsharing means something in COW mappings only. */
		if (flags & FAULT_FLAG_WRITE)
			return VM_FAULT_SIGSEGV;
		if (!is_cow_mapping(vma->vm_flags))
			flags &= ~FAULT_FLAG_UNSHARE;
	}
	vmf = (struct vm_fault){ .vma = vma, .address = addr & PAGE_MASK, .flags = flags };
	ret = walk_alloc_pmd(mm, addr, &vmf.pmd);

	if (ret == -ENOMEM)
		return VM_FAULT_OOM;
	if (ret)
		return ret == -EAGAIN ? 0 : VM_FAULT_SIGBUS;
	if (vma_is_dax(vma))
		return do_dax_fault(&vmf);
	ret = huge_pmd_fault(&vmf);
	return ret == VM_FAULT_FALLBACK ? handle_pte_fault(&vmf) : ret;
}

/* The page-fault exception: find the VMA, check access, handle. */
int do_user_fault(struct mm_struct *mm, uint64_t addr, bool write)
{
	struct vm_area_struct *vma;
	int ret;

	mmap_read_lock(mm);
	vma = find_vma(mm, addr);
	if (vma && vma->vm_start > addr && (vma->vm_flags & VM_GROWSDOWN)) {
		/* lock_mm_and_find_vma: a stack grows under mmap_lock for write */
		mmap_read_unlock(mm);
		mmap_write_lock(mm);
		vma = find_vma(mm, addr);
		if (vma && vma->vm_start > addr && (vma->vm_flags & VM_GROWSDOWN))
			expand_downwards(mm, vma, addr);
		mmap_write_unlock(mm);
		mmap_read_lock(mm);
		vma = find_vma(mm, addr);	/* the lock was dropped: look again */
	}
	/* vma_lookup() without a second search: find_vma's VMA must hold @addr. */
	if (vma && vma->vm_start > addr)
		vma = NULL;
	/* As on x86, any access right makes a VMA readable. */
	if (!vma || !(vma->vm_flags & (write ? VM_WRITE : VM_ACCESS_FLAGS))) {
		mmap_read_unlock(mm);
		return -MMK_SIGSEGV;
	}
	pt_walk_begin(mm);
	ret = handle_mm_fault(vma, addr, write ? FAULT_FLAG_WRITE : 0);
	pt_walk_end(mm);
	mmap_read_unlock(mm);
	return vm_fault_to_errno(ret, true);
}

int vm_fault_to_errno(int fault, bool signals)
{
	if (fault & VM_FAULT_OOM)
		return -ENOMEM;
	if (fault & VM_FAULT_SIGBUS)
		return signals ? -MMK_SIGBUS : -EFAULT;
	if (fault & VM_FAULT_SIGSEGV)
		return signals ? -MMK_SIGSEGV : -EFAULT;
	return 0;
}

/* ---- zap ---- */
/*
 * A migration or device-private entry, PTL held.  Neither is cached by a
 * TLB, so no flush.  A migration entry's page belongs to the migration
 * (it dropped the mapping's reference and mapcount); the entry only still
 * counts in rss.  A device-private entry holds a mapping of its page.
 */
static void zap_nonpresent_pte(struct mm_struct *mm, mmk_entry_t *pte)
{
	pte_t ptent = pte_clear_get(mm, pte);
	struct page *page = pfn_to_page(mm->m, pte_pfn(ptent));

	rss_add(mm, page, -1);
	if (is_device_private_entry(ptent)) {
		atomic_dec(&page->_mapcount);
		put_page(mm->m, page);
	}
}

/*
 * zap_huge_pmd for a devmap PMD leaf: a zap of any part of it clears the
 * whole leaf (Linux splits a DAX PMD by zapping it; faults map it again).
 * The flush comes before the references go, under the pmd lock.
 */
static bool zap_huge_pmd(struct vm_area_struct *vma, mmk_entry_t *pmdp, uint64_t addr)
{
	struct mm_struct *mm = vma->vm_mm;
	spinlock_t *ptl = pmd_lock(mm, pmdp);
	pmd_t pmd = entry_read(pmdp);
	uint64_t haddr = addr & PMD_MASK;

	if (!pmd_leaf(pmd) || !pmd_devmap(pmd)) {
		spin_unlock(ptl);
		return false;
	}
	entry_write(pmdp, 0);
	flush_tlb_range(mm, haddr, haddr + PMD_SIZE);
	spin_unlock(ptl);
	for (unsigned int i = 0; i < PTRS_PER_TABLE; i++) {
		struct page *page = pfn_to_page(mm->m, pmd_pfn(pmd) + i);

		atomic_dec(&page->_mapcount);
		put_page(mm->m, page);
	}
	add_mm_counter(mm, MM_SHMEMPAGES, -PTRS_PER_TABLE);
	put_dev_pagemap(pfn_to_page(mm->m, pmd_pfn(pmd))->pgmap);
	return true;
}

/*
 * Clear the entries of one line of a table, [addr, line_end), PTL held;
 * see zap_entries().
 */
static uint64_t zap_line(struct mmu_gather *tlb, struct vm_area_struct *vma,
			 mmk_entry_t *pte, uint64_t addr, uint64_t line_end,
			 bool *force_flush)
{
	struct mm_struct *mm = vma->vm_mm;

	for (; addr != line_end; pte++, addr += PAGE_SIZE) {
		pte_t ptent = entry_read(pte);
		struct page *page;

		if (pte_none(ptent))
			continue;
		if (!pte_present(ptent)) {
			zap_nonpresent_pte(mm, pte);
			continue;
		}
		page = vm_normal_page(vma, addr, ptent);
		ptent = pte_clear_get(mm, pte);	/* ptep_get_and_clear_full */
		tlb_flush_pte_range(tlb, addr, PAGE_SIZE);
		if (!page)
			continue;
		if (!PageAnon(page) && pte_dirty(ptent))
			folio_mark_dirty(page);
		page_remove_pte_rmap(page, mm);
		if (PageAnon(page) && page_folio(page) != page)
			tlb_note_thp(tlb, page_folio(page));
		rss_add(mm, page, -1);
		if (tlb_remove_page(tlb, page)) {
			*force_flush = true;
			return addr + PAGE_SIZE;
		}
	}
	return addr;
}

/*
 * Clear entries of one table from @addr until @end or a full batch, PTL
 * held.  Returns where it stopped; *@force_flush says the batch is full.
 * Lines the table's entry summary leaves out hold only none entries and
 * are not read: a zap of a sparse table touches the lines in use, not
 * 4 KiB (the kernel must read all 512 entries).
 */
static uint64_t zap_entries(struct mmu_gather *tlb, struct vm_area_struct *vma,
			    mmk_entry_t *pte, uint64_t addr, uint64_t end,
			    bool *force_flush)
{
	struct page *table = virt_to_page(vma->vm_mm->m, pte);

	assert_pte_locked(vma->vm_mm->m, pte);
	assert(pte_summary_covers(table, pte - pte_index(addr)));
	while (addr != end) {
		uint64_t line_end = pte_line_end(addr, end);
		uint64_t n = (line_end - addr) >> PAGE_SHIFT;

		if (pte_line_used(table, pte_line(pte))) {
			uint64_t stop = zap_line(tlb, vma, pte, addr, line_end, force_flush);

			pte_line_forget(table, pte);
			if (*force_flush)
				return stop;
		}
		pte += n;
		addr = line_end;
	}
	return addr;
}

/*
 * zap_pte_range - clear [start, end) of one PTE table.  A full batch
 * forces a flush: the TLB is flushed under the PTL, the lock dropped, the
 * batch freed, and the zap resumes (Linux's force_flush).  With
 * details->reclaim_pt and the whole table covered, the emptied table is
 * then freed (pt_reclaim.c): by the fast path only if the PTL was never
 * dropped, otherwise by the slow path's full rescan.  Returns where it
 * stopped: @end, or earlier if the table went (zap_pmd looks again).
 */
static uint64_t zap_pte_range(struct mmu_gather *tlb, struct vm_area_struct *vma,
			      mmk_entry_t *pmdp, uint64_t start, uint64_t end,
			      struct zap_details *details)
{
	struct mm_struct *mm = vma->vm_mm;
	bool whole = end - start >= PMD_SIZE;
	bool can_reclaim_pt = details && pt_zap_reclaims(mm->m, details->reason, whole);
	/* The fast path needs every entry cleared by us, under one PTL hold. */
	bool direct_reclaim = whole;
	uint64_t addr = start;
	pmd_t pmdval = 0;

	mmap_assert_locked(mm);
	for (;;) {
		bool force_flush = false;
		spinlock_t *ptl;
		mmk_entry_t *pte = pte_offset_map_lock(mm, pmdp, addr, &ptl);

		if (!pte)
			return addr;	/* no table (any more), or a leaf now */
		addr = zap_entries(tlb, vma, pte, addr, end, &force_flush);
		/* The PTL is dropped midway: only a rescan may free the table. */
		if (force_flush && !mmk_bug(mm->m, MMK_BUG_RECLAIM_NO_RESCAN))
			direct_reclaim = false;
		if (addr == end && can_reclaim_pt && direct_reclaim)
			direct_reclaim = try_get_and_clear_pmd(mm, pmdp, ptl, &pmdval);
		if (force_flush)
			tlb_flush_mmu_tlbonly(tlb);
		pte_unmap_unlock(pte, ptl);
		if (force_flush)
			tlb_flush_mmu(tlb);
		if (addr == end)
			break;
		if (unlikely(mm->m->trace_zap_ptl_dropped))
			mm->m->trace_zap_ptl_dropped(mm, addr, mm->m->trace_arg);
	}
	if (can_reclaim_pt)
		pt_reclaim_table(tlb, pmdp, start, direct_reclaim ? pmdval : 0);
	return end;
}

/*
 * zap_pmd_range's step for one PMD entry, @pmd as the lockless walk read
 * it.  The entry may change before its lock is taken: another thread
 * splits the leaf (a partial DONTNEED, a migration), or frees the emptied
 * table and a fault maps a THP there.  So, as Linux does, a leaf that is
 * no longer one falls through to the PTE table, and a table that went is
 * looked at again; skipping either would leave pages of the range mapped
 * after the zap returned.
 */
static void zap_pmd(struct mmu_gather *tlb, struct vm_area_struct *vma, mmk_entry_t *pmdp,
		    pmd_t pmd, uint64_t addr, uint64_t next, struct zap_details *details)
{
	for (;;) {
		if (pmd_leaf(pmd) && pmd_devmap(pmd)) {
			if (zap_huge_pmd(vma, pmdp, addr))
				return;
		} else if (pmd_is_file_thp(vma->vm_mm->m, pmd)) {
			/* whole or in part: a file leaf goes whole, faults remap */
			if (zap_huge_pmd_file(tlb, vma, pmdp, addr))
				return;
		} else if (pmd_leaf(pmd) && next - addr == PMD_SIZE) {
			if (zap_huge_pmd_anon(tlb, vma, pmdp, addr))
				return;
		} else if (pmd_leaf(pmd) || !pmd_bad(pmd)) {
			if (pmd_leaf(pmd))
				split_huge_pmd(vma, pmdp, addr);	/* part of it */
			addr = zap_pte_range(tlb, vma, pmdp, addr, next, details);
			if (addr == next)
				return;
		} else {
			return;		/* none, or nothing a zap clears */
		}
		pmd = entry_read(pmdp);
	}
}

/*
 * A zap of a sparse range (a table per 2 MiB, an entry or two in each)
 * misses on every table it visits: the table's struct page (its PTL and
 * entry summary) and the line of its first entry.  While the PMD entry
 * at @it is zapped, fetch those of the next one, if it is a table in the
 * range.  Only a hint: the zap reads the entry again, as it must.
 */
static void zap_prefetch_next(struct mmk_machine *m, const struct pt_iter *it,
			      uint64_t end)
{
	pmd_t pmd;
	uint64_t pfn;

	if (it->next >= end || !pmd_index(it->next))
		return;		/* the range ends, or the next is in another table */
	pmd = entry_read_hint(it->entryp + 1);
	pfn = pmd_pfn(pmd);
	if (pmd_bad(pmd) || pfn >= m->nr_frames)
		return;		/* none, a leaf, or not a table */
	prefetchw(pfn_to_page(m, pfn));
	prefetch((mmk_entry_t *)pfn_to_virt(m, pfn) + pte_index(it->next));
}

void unmap_page_range(struct mmu_gather *tlb, struct vm_area_struct *vma,
		      uint64_t addr, uint64_t end, struct zap_details *details)
{
	struct pt_iter it;

	mmap_assert_locked(vma->vm_mm);
	mmu_notifier_invalidate_range_start(vma->vm_mm, addr, end);
	for_each_pmd_entry(it, vma->vm_mm, addr, end) {
		zap_prefetch_next(vma->vm_mm->m, &it, end);
		zap_pmd(tlb, vma, it.entryp, it.entry, it.addr, it.next, details);
	}
	mmu_notifier_invalidate_range_end(vma->vm_mm, addr, end);
}

/* ---- freeing page tables (free_pgtables) ---- */
/*
 * Free the page tables under [addr, end), the range just unmapped, that
 * serve nothing else: each table the walk meets whose whole span lies in
 * [floor, ceiling), the gap between the neighbouring VMAs; PTE tables
 * first, then (after their own tables) the PMD and PUD tables above.
 * Only [addr, end) is walked, as Linux walks it: a gap's tables all
 * overlap some VMA's range (the last unmap there freed the rest), and
 * walking the whole gap cost an unmap in a sparse address space every
 * table of it (a V8 heap reservation: 1,300 PMD tables per munmap).
 */
void free_pgd_range(struct mmu_gather *tlb, uint64_t addr, uint64_t end,
		    uint64_t floor, uint64_t ceiling)
{
	struct pt_iter it;

	mmap_assert_write_locked(tlb->mm);
	for_each_pt_entry(it, tlb->mm, addr, end, 2, PT_ITER_POST) {
		uint64_t size = pt_level_size(it.level);
		uint64_t base = it.addr & ~(size - 1);

		if (pt_iter_table(&it) && base >= floor && base + size <= ceiling)
			detach_pgtable(tlb, it.entryp, it.level - 1);
	}
}

/* ---- fork: copy_page_range ---- */
/*
 * Under both PTLs: copy one present entry (copy_present_pte).  A
 * maybe-pinned exclusive page is copied for the child into *@prealloc,
 * which the caller allocated with no PTL held (an allocation may reclaim,
 * and reclaim takes locks a PTL holder must not wait for); without one,
 * returns COPY_NEED_PAGE and copies nothing.
 */
#define COPY_NEED_PAGE 1
static int copy_present_pte(struct vm_area_struct *dst_vma, struct vm_area_struct *src_vma,
			    mmk_entry_t *dst_pte, mmk_entry_t *src_pte, uint64_t addr,
			    struct page **prealloc)
{
	struct mm_struct *src_mm = src_vma->vm_mm, *dst_mm = dst_vma->vm_mm;
	pte_t pte = entry_read(src_pte);
	struct page *page = vm_normal_page(src_vma, addr, pte);

	assert_pte_locked(dst_mm->m, dst_pte);
	if (page && PageAnon(page) && PageAnonExclusive(page) &&
	    folio_maybe_dma_pinned(page) && !mmk_bug(dst_mm->m, MMK_BUG_FORK_SHARE_PINNED)) {
		/* A maybe-pinned exclusive page stays the parent's: copy for the child. */
		struct page *new = *prealloc;

		if (!new)
			return COPY_NEED_PAGE;
		*prealloc = NULL;
		copy_user_highpage(dst_mm->m, new, page);
		page_add_new_anon(new, dst_vma, addr);
		add_mm_counter(dst_mm, MM_ANONPAGES, 1);
		pte_install(dst_mm, dst_pte, pte_mkold(mk_anon_pte(dst_mm->m, new, dst_vma)));
		return 0;
	}
	if (page) {
		get_page(page);
		page_add_pte_rmap(page, dst_mm);
		ClearPageFlag(page, PG_anon_exclusive);	/* folio_try_dup_anon_rmap */
		rss_add(dst_mm, page, 1);
	}
	if (pte_write(pte)) {
		/* ptep_set_wrprotect: keep bits the hardware may be setting. */
		pte_t old = pte;
		while (!entry_cmpxchg(src_pte, &old, pte_wrprotect(old)))
			;
		pte = pte_wrprotect(old);
	}
	(void)src_mm;
	pte_install(dst_mm, dst_pte, pte_mkold(pte));
	return 0;
}

/*
 * Under both PTLs: a device-private entry is shared COW like a page
 * (copy_nonpresent_pte): both sides end up read-only and the page is no
 * longer exclusive.  Migration entries cannot be here: migrations hold
 * the mmap_lock for read and fork holds it for write.
 */
static void copy_nonpresent_pte(struct vm_area_struct *dst_vma, mmk_entry_t *dst_pte,
				mmk_entry_t *src_pte)
{
	struct mm_struct *dst_mm = dst_vma->vm_mm;
	pte_t pte = entry_read(src_pte);
	struct page *page = pfn_to_page(dst_mm->m, pte_pfn(pte));

	assert_pte_locked(dst_mm->m, dst_pte);
	assert(is_device_private_entry(pte));
	get_page(page);
	atomic_inc(&page->_mapcount);
	ClearPageFlag(page, PG_anon_exclusive);
	rss_add(dst_mm, page, 1);
	if (swp_type(pte) == SWP_DEVICE_WRITE) {
		pte = swp_entry_to_pte(SWP_DEVICE_READ, pte_pfn(pte));
		entry_write(src_pte, pte);
	}
	pte_install(dst_mm, dst_pte, pte);
}

/*
 * Copy [*addr, end) of one PTE table under both PTLs (the child's, then
 * the parent's nested).  Stops early with COPY_NEED_PAGE, *@addr at the
 * entry that needs *@prealloc.
 */
static int copy_pte_range_locked(struct vm_area_struct *dst_vma, struct vm_area_struct *src_vma,
				 mmk_entry_t *dst_pmd, mmk_entry_t *src_pmd,
				 uint64_t *addr, uint64_t end, struct page **prealloc)
{
	struct mm_struct *dst_mm = dst_vma->vm_mm, *src_mm = src_vma->vm_mm;
	spinlock_t *dst_ptl, *src_ptl;
	mmk_entry_t *dst_pte, *src_pte;
	pmd_t src_pmdval;
	int ret = 0;

	dst_pte = pte_offset_map_lock(dst_mm, dst_pmd, *addr, &dst_ptl);
	if (!dst_pte)
		return -EAGAIN;
	src_pte = pte_offset_map_rw_nolock(src_mm, src_pmd, *addr, &src_pmdval, &src_ptl);
	if (!src_pte) {
		pte_unmap_unlock(dst_pte, dst_ptl);
		return 0;	/* nothing to copy */
	}
	spin_lock_nested(src_ptl, SINGLE_DEPTH_NESTING);
	if (pmd_same(src_pmdval, entry_read(src_pmd))) {
		struct page *src_table = virt_to_page(src_mm->m, src_pte);

		for (unsigned int i = 0; *addr < end; i++, *addr += PAGE_SIZE) {
			uint64_t unused = pte_unused_run(src_table, &src_pte[i], *addr, end);
			pte_t ptent;

			if (unused) {	/* a line of none entries: the next one */
				i += unused - 1;
				*addr += (unused - 1) << PAGE_SHIFT;
				continue;
			}
			ptent = entry_read(&src_pte[i]);
			if (pte_none(ptent))
				continue;
			if (!pte_present(ptent)) {
				copy_nonpresent_pte(dst_vma, &dst_pte[i], &src_pte[i]);
				continue;
			}
			ret = copy_present_pte(dst_vma, src_vma, &dst_pte[i], &src_pte[i],
					       *addr, prealloc);
			if (ret)
				break;
		}
	}
	spin_unlock(src_ptl);
	pte_unmap(src_pte);
	pte_unmap_unlock(dst_pte, dst_ptl);
	return ret;
}

static int copy_pte_range(struct vm_area_struct *dst_vma, struct vm_area_struct *src_vma,
			  mmk_entry_t *dst_pmd, mmk_entry_t *src_pmd,
			  uint64_t addr, uint64_t end)
{
	struct mm_struct *dst_mm = dst_vma->vm_mm;
	struct page *installed, *prealloc = NULL;
	int ret = pte_alloc_install(dst_mm, dst_pmd, &installed);

	while (!ret) {
		ret = copy_pte_range_locked(dst_vma, src_vma, dst_pmd, src_pmd, &addr, end,
					    &prealloc);
		if (ret != COPY_NEED_PAGE)
			break;
		prealloc = alloc_page(dst_mm->m, 0);	/* no PTL held: may reclaim */
		ret = prealloc ? 0 : -ENOMEM;
	}
	if (prealloc)
		put_page(dst_mm->m, prealloc);
	if (installed)
		pte_install_put(dst_mm, installed);
	return ret;
}

/*
 * copy_page_range - fork's copy of @src's entries into @dst.  Only private
 * anonymous VMAs are copied (shared ones refault from the object, wipe-on-
 * fork ones start empty).  Caller holds both mmap_locks for write.
 */
int copy_page_range(struct vm_area_struct *dst, struct vm_area_struct *src)
{
	struct mm_struct *src_mm = src->vm_mm, *dst_mm = dst->vm_mm;
	struct pt_iter it;
	int ret = 0;

	mmap_assert_write_locked(src_mm);
	mmap_assert_write_locked(dst_mm);
	/*
	 * vma_needs_copy(): without an anon_vma the VMA has no anonymous page,
	 * and whatever it maps (the zero page, a shared object, device
	 * memory) the child's faults map again; wipe-on-fork starts empty.
	 */
	if (!atomic_load_explicit(&src->anon_vma, memory_order_relaxed) ||
	    (dst->vm_flags & VM_WIPEONFORK))
		return 0;
	mmu_notifier_invalidate_range_start(src_mm, src->vm_start, src->vm_end);
	atomic_inc(&src_mm->write_protect_seq);	/* raw_write_seqcount_begin */
	/*
	 * Order the odd count before our reads of page refcounts (is it maybe
	 * pinned?): GUP-fast pins, then rereads the count, so either it sees
	 * this fork or we see its pin.
	 */
	smp_mb();
	/*
	 * As copy_pud_range and copy_pmd_range do: every src PGD or PUD entry
	 * that holds a table gets the child its own table at that level,
	 * whether or not a PTE table is left below (PT_RECLAIM may have
	 * freed them all); every src table PMD entry gets a PTE table.
	 */
	for_each_pt_entry(it, src_mm, src->vm_start, src->vm_end, 2, PT_ITER_PRE) {
		mmk_entry_t *dst_entry;

		if (it.level > 2 && !pt_iter_table(&it))
			continue;	/* a PUD leaf: none are made */
		do {	/* -EAGAIN: a dst table went meanwhile (policy full) */
			ret = walk_alloc(dst_mm, it.addr, it.level == 2 ? 2 : it.level - 1,
					 &dst_entry);
			if (!ret && it.level == 2 && pmd_leaf(it.entry) &&
			    !pmd_devmap(it.entry))
				ret = copy_huge_pmd(dst, src, dst_entry, it.entryp, it.addr);
			if (ret == 1 || (!ret && it.level == 2 && !pmd_leaf(it.entry)))
				ret = copy_pte_range(dst, src, dst_entry, it.entryp, it.addr,
						     it.next);
		} while (ret == -EAGAIN);
		if (ret)
			break;
	}
	atomic_inc(&src_mm->write_protect_seq);	/* raw_write_seqcount_end */
	mmu_notifier_invalidate_range_end(src_mm, src->vm_start, src->vm_end);
	return ret;
}

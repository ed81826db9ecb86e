/* SPDX-License-Identifier: MIT */
/*
 * rmap.c - try_to_unmap for shmem pages: every entry that maps a locked
 * page of an object, in any mm, is cleared, found through the object's
 * i_mmap list (Linux's rmap_walk_file and try_to_unmap_one).  Used by
 * collapse_file (the old small pages go) and by the split of a shmem
 * folio (its mappings go; faults map the pages again, one by one).
 *
 * Locks, in rank order: the caller holds the pages' lock (PAGE), which
 * keeps faults from mapping them again meanwhile (shmem_lock_page); this
 * file takes i_mmap_rwsem for read (I_MMAP), which keeps the VMAs and
 * their tables alive (unmap_region unlinks a VMA before it frees its
 * tables); then, for each mm, mmap_lock for read and the policy's
 * page-table walk by trylock (both rank before the page lock, so they
 * cannot be waited for here), or nothing for @held, the mm whose lock and
 * walk the caller already holds; then the pmd lock or the PTL of each
 * entry.  An mm whose trylock fails keeps its mappings: the caller's
 * refcount freeze then fails and it gives up (EAGAIN).
 *
 * MM_ID (the second half): a large folio's slots, kept under its
 * _mm_lock (in page[2]), taken inside whatever lock guards the entry
 * that changes (a PTL or pmd lock) and holding nothing else.
 */
#include "rmap.h"
#include "huge_memory.h"
#include "mmap_lock.h"
#include "mmu_notifier.h"
#include "page_alloc.h"
#include "pgtable.h"
#include "pt_policy.h"
#include "shmem.h"
#include "tlb.h"

uint64_t vma_address(struct vm_area_struct *vma, uint64_t pgoff)
{
	if (pgoff < vma->vm_pgoff)
		return 0;
	if ((pgoff - vma->vm_pgoff) >= (vma->vm_end - vma->vm_start) >> PAGE_SHIFT)
		return 0;
	return vma->vm_start + ((pgoff - vma->vm_pgoff) << PAGE_SHIFT);
}

/* try_to_unmap_one: @page's PTE at @addr of @vma goes (its mm entered). */
static void unmap_file_pte(struct vm_area_struct *vma, struct page *page, uint64_t addr)
{
	struct mm_struct *mm = vma->vm_mm;
	mmk_entry_t *pmdp = mm_find_pmd(mm, addr), *pte;
	spinlock_t *ptl;
	pte_t old;

	if (!pmdp)
		return;
	pte = pte_offset_map_lock(mm, pmdp, addr, &ptl);
	if (!pte)
		return;		/* none, or a PMD leaf: unmap_file_pmd's */
	old = entry_read(pte);
	if (pte_present(old) && pte_pfn(old) == page_to_pfn(mm->m, page)) {
		old = ptep_clear_flush(mm, addr, pte);
		if (pte_dirty(old))
			folio_mark_dirty(page);
		pt_entries_changed(mm->m, virt_to_page(mm->m, pte), -1);
		page_remove_pte_rmap(page, mm);
		add_mm_counter(mm, MM_SHMEMPAGES, -1);
		put_page(mm->m, page);
	}
	pte_unmap_unlock(pte, ptl);
}

/* The PMD leaf that maps @folio at @addr of @vma, if one does, goes. */
static void unmap_file_pmd(struct vm_area_struct *vma, struct page *folio, uint64_t addr)
{
	struct mm_struct *mm = vma->vm_mm;
	mmk_entry_t *pmdp;
	pmd_t pmd;

	if ((addr & ~PMD_MASK) || addr + PMD_SIZE > vma->vm_end ||
	    !atomic_read(&folio->_entire_mapcount))
		return;
	pmdp = mm_find_pmd(mm, addr);
	pmd = pmdp ? entry_read(pmdp) : 0;
	if (!pmd_is_file_thp(mm->m, pmd) || pmd_pfn(pmd) != page_to_pfn(mm->m, folio))
		return;
	mmu_notifier_invalidate_range_start(mm, addr, addr + PMD_SIZE);
	zap_huge_pmd_file(NULL, vma, pmdp, addr);	/* rechecks under the pmd lock */
	mmu_notifier_invalidate_range_end(mm, addr, addr + PMD_SIZE);
}

/* Enter @mm's page tables for the walk, unless the caller already has. */
static bool rmap_enter(struct mm_struct *mm, struct mm_struct *held)
{
	if (mm == held)
		return true;
	if (!mmap_read_trylock(mm))
		return false;
	if (!pt_walk_trylock(mm)) {
		mmap_read_unlock(mm);
		return false;
	}
	return true;
}

static void rmap_leave(struct mm_struct *mm, struct mm_struct *held)
{
	if (mm == held)
		return;
	pt_walk_end(mm);
	mmap_read_unlock(mm);
}

/*
 * try_to_unmap_file - clear every mapping of pages [start, start + 512)
 * of @s, page i being @pages[i] (NULL: skip it) or, with @pages NULL,
 * page i of the PMD-sized @folio (whose PMD leaves go too).  The pages
 * are locked by the caller; @held is an mm the caller has entered
 * (mmap_lock and page-table walk), or NULL.
 */
void try_to_unmap_file(struct shmem *s, uint64_t start, struct page *const *pages,
		       struct page *folio, struct mm_struct *held)
{
	i_mmap_lock_read(s);
	for (unsigned int v = 0; v < s->nr_i_mmap; v++) {
		struct vm_area_struct *vma = s->i_mmap[v];
		struct mm_struct *mm = vma->vm_mm;

		if (!rmap_enter(mm, held))
			continue;	/* its mappings stay: the freeze fails */
		if (!pages)
			unmap_file_pmd(vma, folio, vma_address(vma, start));
		for (unsigned int i = 0; i < HPAGE_PMD_NR; i++) {
			struct page *page = pages ? pages[i] : folio + i;
			uint64_t addr = page ? vma_address(vma, start + i) : 0;

			if (addr && atomic_read(&page->_mapcount)) {	/* its PTEs */
				mmu_notifier_invalidate_range_start(mm, addr, addr + PAGE_SIZE);
				unmap_file_pte(vma, page, addr);
				mmu_notifier_invalidate_range_end(mm, addr, addr + PAGE_SIZE);
			}
		}
		rmap_leave(mm, held);
	}
	i_mmap_unlock_read(s);
}

/* ---- MM_ID: which mms map a large folio ---- */

/* The slot id of @mm: its id, never 0 (0 is a free slot). */
static uint32_t mm_slot_id(const struct mm_struct *mm)
{
	uint32_t id = (uint32_t)mm->id;

	return id ? id : 1;
}

/* A new large folio, before anything maps it: both slots free. */
void folio_mm_id_init(struct page *folio)
{
	folio[1]._mm_id[0] = folio[1]._mm_id[1] = 0;
	folio[1]._mm_id_mapcount[0] = folio[1]._mm_id_mapcount[1] = 0;
	atomic_set(&folio[2]._large_mapcount, 0);
	atomic_set(&folio[2]._mm_ids_shared, 0);
	spin_lock_init(&folio[2]._mm_lock, LOCK_RANK_FOLIO_MM);
}

/*
 * folio_add_return_large_mapcount: @diff more mappings of @folio in @mm.
 * An mm already in a slot counts there; a new one takes a free slot, and
 * the folio may be shared from then on if anything else mapped it
 * already (the first slot) or always (the second: the first is taken).
 */
void folio_add_large_mapcount(struct page *folio, int diff, struct mm_struct *mm)
{
	struct page *p1 = folio + 1, *p2 = folio + 2;
	uint32_t id = mm_slot_id(mm);
	int total;

	spin_lock(&p2->_mm_lock);
	total = atomic_read(&p2->_large_mapcount) + diff;
	atomic_set(&p2->_large_mapcount, total);
	if (p1->_mm_id[0] == id) {
		p1->_mm_id_mapcount[0] += diff;
	} else if (p1->_mm_id[1] == id) {
		p1->_mm_id_mapcount[1] += diff;
	} else if (!p1->_mm_id[0]) {
		p1->_mm_id[0] = id;
		p1->_mm_id_mapcount[0] = diff;
		if (total != diff)
			atomic_set(&p2->_mm_ids_shared, 1);
	} else if (!p1->_mm_id[1]) {
		p1->_mm_id[1] = id;
		p1->_mm_id_mapcount[1] = diff;
		atomic_set(&p2->_mm_ids_shared, 1);
	}
	spin_unlock(&p2->_mm_lock);
}

/*
 * folio_sub_return_large_mapcount: @diff fewer mappings in @mm.  A slot
 * whose count reaches 0 is freed; whenever a slot changes owner or an mm
 * in no slot unmaps, the flag clears if one slot holds every mapping (or
 * none is left).  A count can go below 0 where mappings were added when
 * no slot was free and removed once one was: the slot is freed then too.
 */
void folio_sub_large_mapcount(struct page *folio, int diff, struct mm_struct *mm)
{
	struct page *p1 = folio + 1, *p2 = folio + 2;
	uint32_t id = mm_slot_id(mm);
	int total;

	spin_lock(&p2->_mm_lock);
	total = atomic_read(&p2->_large_mapcount) - diff;
	atomic_set(&p2->_large_mapcount, total);
	for (unsigned int s = 0; s < 2; s++) {
		if (p1->_mm_id[s] != id)
			continue;
		p1->_mm_id_mapcount[s] -= diff;
		if (p1->_mm_id_mapcount[s] > 0)
			goto out;
		p1->_mm_id_mapcount[s] = 0;
		p1->_mm_id[s] = 0;
		break;
	}
	if ((p1->_mm_id[0] && p1->_mm_id_mapcount[0] == total) ||
	    (p1->_mm_id[1] && p1->_mm_id_mapcount[1] == total) || !total)
		atomic_set(&p2->_mm_ids_shared, 0);
out:
	spin_unlock(&p2->_mm_lock);
}

/*
 * folio_maybe_mapped_shared for a large folio: one mapping is never
 * shared; else the flag.  No lock: a caller that needs it exact holds
 * the locks that keep the mappings from changing.
 */
bool folio_maybe_mapped_shared(struct page *folio)
{
	if (folio_large_mapcount(folio) <= 1)
		return false;
	return atomic_read(&folio[2]._mm_ids_shared);
}


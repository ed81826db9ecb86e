/* SPDX-License-Identifier: MIT */
/*
 * task_mmu.c - what /proc/PID/status and a page-table dump would show:
 * per-mm statistics and the entry and page behind one address.
 *
 * Queries take mmap_lock for read and read entries locklessly inside the
 * pte_offset_map() read-side section, so they are safe against every
 * concurrent operation; what they report is a snapshot.
 */
#include <string.h>
#include "pgtable.h"
#include "mmap_lock.h"
#include "pt_policy.h"

void mmk_mm_stats(struct mm_struct *mm, struct mmk_mm_stats *st)
{
	misuse_null(mm);
	misuse_null(st);
	st->pte_tables = (uint64_t)atomic64_read(&mm->nr_ptes);
	st->pmd_tables = (uint64_t)atomic64_read(&mm->nr_pmds);
	st->pud_tables = (uint64_t)atomic64_read(&mm->nr_puds);
	st->pgtable = (st->pte_tables + st->pmd_tables + st->pud_tables) * PAGE_SIZE;
	st->rss = (uint64_t)(get_mm_counter(mm, MM_ANONPAGES) +
			     get_mm_counter(mm, MM_SHMEMPAGES)) * PAGE_SIZE;
	st->anon_thp = (uint64_t)get_mm_counter(mm, MM_ANON_THP) * PMD_SIZE;
	st->shmem_pmd = (uint64_t)get_mm_counter(mm, MM_SHMEM_PMD) * PMD_SIZE;
	mmap_read_lock(mm);
	st->vmas = mm->nr_vmas;
	mmap_read_unlock(mm);
}

static void fill_pte_info(struct mm_struct *mm, pte_t e, int level,
			  struct mmk_pte_info *pi)
{
	memset(pi, 0, sizeof(*pi));
	pi->level = level;
	pi->none = pte_none(e);
	if (pi->none)
		return;
	pi->present = pte_present(e);	/* as pagemap: PROT_NONE entries too */
	pi->protnone = pte_protnone(e);
	pi->write = pte_present(e) && pte_write(e);
	pi->dirty = pte_present(e) ? pte_dirty(e) : (is_migration_entry(e) && pte_dirty(e));
	pi->young = pte_present(e) ? pte_young(e) : (is_migration_entry(e) && pte_young(e));
	pi->huge = level > 1;
	pi->devmap = pte_present(e) && pte_devmap(e);
	pi->special = pte_present(e) && pte_special(e);
	pi->migration = is_migration_entry(e);
	pi->device = is_device_private_entry(e);
	pi->pfn = pte_pfn(e);
	if (pte_present(e) && pfn_valid(mm->m, pi->pfn)) {
		struct page *p = pfn_to_page(mm->m, pi->pfn);
		pi->exclusive = PageAnon(p) && PageAnonExclusive(p);
	}
}

/* The entry mapping @addr at whatever level maps it. */
static void query_locked(struct mm_struct *mm, uint64_t addr, struct mmk_pte_info *pi)
{
	struct pt_iter it;
	mmk_entry_t *pte;

	mmap_assert_locked(mm);
	pt_iter_start(&it, mm, addr, addr + 1, 2, PT_ITER_NONE, __func__);
	if (!it.valid || it.level > 2 || pmd_leaf(it.entry)) {
		/* none above the PTE table, or a huge leaf */
		fill_pte_info(mm, it.valid && pmd_leaf(it.entry) ? it.entry : 0,
			      it.valid && pmd_leaf(it.entry) ? it.level : 1, pi);
		return;
	}
	fill_pte_info(mm, 0, 1, pi);
	pte = pte_offset_map(mm, it.entryp, addr);
	if (!pte)
		return;
	fill_pte_info(mm, entry_read(pte), 1, pi);
	pte_unmap(pte);
}

int mmk_query_pte(struct mm_struct *mm, uint64_t addr, struct mmk_pte_info *pi)
{
	misuse_null(mm);
	misuse_null(pi);
	if (addr >= TASK_SIZE)
		return -EINVAL;
	mmap_read_lock(mm);
	pt_walk_begin(mm);
	query_locked(mm, addr, pi);
	pt_walk_end(mm);
	mmap_read_unlock(mm);
	return 0;
}

int mmk_query_page(struct mm_struct *mm, uint64_t addr, struct mmk_page_info *pi)
{
	misuse_null(mm);
	misuse_null(pi);
	struct mmk_pte_info e;
	struct page *p;

	if (addr >= TASK_SIZE)
		return -EINVAL;
	mmap_read_lock(mm);
	pt_walk_begin(mm);
	query_locked(mm, addr, &e);
	if (!(e.present || e.protnone) || !pfn_valid(mm->m, e.pfn)) {
		pt_walk_end(mm);
		mmap_read_unlock(mm);
		return -ENOENT;
	}
	if (e.level == 2)
		e.pfn += (addr >> PAGE_SHIFT) & 511;
	p = pfn_to_page(mm->m, e.pfn);
	memset(pi, 0, sizeof(*pi));
	pi->pfn = e.pfn;
	pi->mapcount = page_mapcount(p);
	pi->refcount = page_ref_count(p);
	pi->pinned = folio_maybe_dma_pinned(p);
	pi->dirty = PageDirty(page_folio(p));	/* a folio flag, as kpageflags shows */
	pi->anon = PageAnon(p);
	pi->zero = is_zero_page(p);
	pi->device = PageTest(p, PG_device);
	pi->exclusive = PageAnon(p) && PageAnonExclusive(p);
	pi->lazyfree = PageAnon(p) && !PageTest(p, PG_swapbacked);
	pi->thp = folio_test_large(page_folio(p));
	pt_walk_end(mm);
	mmap_read_unlock(mm);
	return 0;
}

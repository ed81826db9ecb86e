/* SPDX-License-Identifier: MIT */
/*
 * huge_memory.c - anonymous transparent huge pages mapped by PMD leaves
 * (Linux's mm/huge_memory.c): which VMAs may have them, the huge PMD
 * fault and the huge zero page, the deposited PTE table, zap, split,
 * fork's copy, and the write fault on a huge PMD.  (mprotect changes a
 * whole huge PMD with the devmap code in mprotect.c.)
 *
 * A PMD-sized folio is 512 aligned frames (page_alloc.c); its refcount,
 * _pincount and _entire_mapcount live in the head page (mm_types.h).  A
 * PMD leaf holds one folio reference and one entire mapping; after
 * split_huge_pmd() every PTE holds one reference and one mapping of its
 * own page, and the folio stays large (Linux splits the folio itself
 * later, under memory pressure; mmkit does not yet).
 *
 * The deposit.  Every anonymous huge PMD, and every huge zero PMD, has a
 * PTE table set aside when it is made (pgtable_trans_huge_deposit), so
 * that a split, which must not fail, never allocates; the table counts in
 * nr_ptes, and so in VmPTE, as in Linux.  The deposits of one PMD table
 * are a stack in its struct page (pmd_huge_pte) under its pmd lock.  A
 * deposited table is reachable by no walker: zap frees it at once
 * (zap_deposited_table), split hangs it in the PMD in place of the leaf.
 * No policy frees a deposited table; once a split hung it, it is a PTE
 * table like any other (the refcount policy gives it one reference per
 * entry the split wrote).
 *
 * Locks: every change of a huge PMD, and every deposit and withdrawal,
 * happens under that pmd lock (the PTL of the PMD table page); faults and
 * zaps hold mmap_lock for read, fork and munmap for write.  Lockless
 * walkers (the hardware walker, GUP-fast) read the PMD once: a split
 * clears it and flushes the TLB before the PTE table appears, so they see
 * the leaf, none (and fault, waiting on the pmd lock), or the new table.
 */
#include "page_alloc.h"
#include "pgtable.h"
#include "mmap_lock.h"
#include "mmap.h"
#include "tlb.h"
#include "pt_policy.h"
#include "highmem.h"
#include "shmem.h"
#include "rmap.h"
#include "huge_memory.h"

void thp_count(struct mmk_machine *m, enum thp_stat s)
{
	atomic64_add(1, &m->thp_stat[s]);
}

/*
 * thp_vma_allowable_order for an anonymous fault at @addr: the mode and
 * the VMA's advice allow it, and the aligned 2 MiB around @addr lies in
 * the VMA (thp_vma_suitable_order).  Not its page offset: that matters
 * to a file's page cache, and an anonymous VMA that mremap moved to an
 * address its vm_pgoff does not match still gets THPs (the host agrees).
 */
bool thp_vma_allowable(struct vm_area_struct *vma, uint64_t addr)
{
	enum mmk_thp_mode mode = vma->vm_mm->m->cfg.thp;
	uint64_t haddr = addr & PMD_MASK;

	if (mode == MMK_THP_NEVER || !vma_is_anonymous(vma) ||
	    (vma->vm_flags & VM_NOHUGEPAGE))
		return false;
	if (mode == MMK_THP_MADVISE && !(vma->vm_flags & VM_HUGEPAGE))
		return false;
	return haddr >= vma->vm_start && haddr + PMD_SIZE <= vma->vm_end;
}

/* The huge zero folio, made on first use and kept (mm_get_huge_zero_folio). */
static struct page *get_huge_zero_folio(struct mmk_machine *m)
{
	struct page *zero = atomic_load_explicit(&m->huge_zero_folio, memory_order_acquire);
	struct page *none = NULL;

	if (zero)
		return zero;
	zero = alloc_huge_zero_folio(m);
	if (!zero)
		return NULL;
	if (!atomic_compare_exchange_strong(&m->huge_zero_folio, &none, zero)) {
		free_huge_zero_folio(m, zero);	/* lost the race: the winner's it is */
		return none;
	}
	thp_count(m, THP_ZERO_PAGE_ALLOC);
	return zero;
}

bool is_huge_zero_pmd(struct mmk_machine *m, pmd_t pmd)
{
	struct page *zero = atomic_load_explicit(&m->huge_zero_folio, memory_order_acquire);

	return zero && pmd_leaf(pmd) && pmd_pfn(pmd) == page_to_pfn(m, zero);
}

bool pmd_is_anon_thp(struct mmk_machine *m, pmd_t pmd)
{
	return pmd_leaf(pmd) && !pmd_devmap(pmd) && !is_huge_zero_pmd(m, pmd) &&
	       PageAnon(pfn_to_page(m, pmd_pfn(pmd)));
}

bool pmd_is_file_thp(struct mmk_machine *m, pmd_t pmd)
{
	return pmd_leaf(pmd) && !pmd_devmap(pmd) && !is_huge_zero_pmd(m, pmd) &&
	       !PageAnon(pfn_to_page(m, pmd_pfn(pmd)));
}

/* ---- the deposit (pgtable_trans_huge_deposit / _withdraw) ---- */
void pgtable_trans_huge_deposit(struct mm_struct *mm, mmk_entry_t *pmdp, struct page *table)
{
	struct page *pmd_table = virt_to_page(mm->m, pmdp);

	lockdep_assert_held(&pmd_table->ptl);
	set_page_next(table, pmd_table->pmd_huge_pte);
	pmd_table->pmd_huge_pte = table;
}

static struct page *pgtable_trans_huge_withdraw(struct mm_struct *mm, mmk_entry_t *pmdp)
{
	struct page *pmd_table = virt_to_page(mm->m, pmdp);
	struct page *table = pmd_table->pmd_huge_pte;

	lockdep_assert_held(&pmd_table->ptl);
	assert(table);
	pmd_table->pmd_huge_pte = page_next(table);
	set_page_next(table, NULL);
	return table;
}

/* A withdrawn table nobody ever saw: free it now (zap_deposited_table). */
static void zap_deposited_table(struct mm_struct *mm, struct page *table)
{
	mm_pgtables_add(mm, 1, -1);
	pte_free_now(mm->m, table);
}

/* ---- the huge PMD fault ---- */
static pmd_t mk_huge_pmd(struct mmk_machine *m, struct page *folio, pgprot_t prot)
{
	return pfn_pte(page_to_pfn(m, folio), prot) | _PAGE_PSE;
}

/* A read fault: the huge zero page, read-only, with its deposit. */
static int do_huge_zero_pmd(struct vm_area_struct *vma, mmk_entry_t *pmdp)
{
	struct mm_struct *mm = vma->vm_mm;
	struct page *zero = get_huge_zero_folio(mm->m), *table;
	spinlock_t *ptl;

	if (!zero)
		return VM_FAULT_FALLBACK;
	table = pte_alloc_one(mm, 1);
	if (!table)
		return VM_FAULT_OOM;
	ptl = pmd_lock(mm, pmdp);
	if (pmd_none(entry_read(pmdp))) {
		pgtable_trans_huge_deposit(mm, pmdp, table);
		mm_pgtables_add(mm, 1, 1);
		entry_write(pmdp, pte_wrprotect(mk_huge_pmd(mm->m, zero, vma->vm_page_prot)));
		table = NULL;
	}
	spin_unlock(ptl);
	if (table)
		pte_free_now(mm->m, table);	/* lost the race: retry */
	return 0;
}

/* Every page of @folio anonymous and exclusive, for @vma at @haddr
 * (folio_add_new_anon_rmap, before anyone can see it). */
void prepare_anon_thp(struct vm_area_struct *vma, struct page *folio, uint64_t haddr)
{
	for (unsigned int i = 0; i < HPAGE_PMD_NR; i++) {
		struct page *p = folio + i;

		SetPageFlag(p, PG_anon | PG_anon_exclusive | PG_swapbacked);
		p->mapping = NULL;
		p->index = vma->vm_pgoff + ((haddr - vma->vm_start) >> PAGE_SHIFT) + i;
	}
}

/* A new THP for @vma at @haddr (prepare_anon_thp), or NULL. */
static struct page *alloc_anon_thp(struct vm_area_struct *vma, uint64_t haddr)
{
	struct page *folio;

	anon_vma_prepare(vma);
	folio = alloc_huge_folio(vma->vm_mm->m);
	if (folio)
		prepare_anon_thp(vma, folio, haddr);
	return folio;
}

/* Undo alloc_anon_thp() (or a prepare_anon_thp()) for a folio nobody saw. */
void free_anon_thp(struct mmk_machine *m, struct page *folio)
{
	for (unsigned int i = 0; i < HPAGE_PMD_NR; i++)
		ClearPageFlag(folio + i, PG_anon | PG_anon_exclusive | PG_swapbacked);
	put_page(m, folio);
}

pmd_t mk_anon_thp_pmd(struct vm_area_struct *vma, struct page *folio)
{
	pmd_t entry = pte_mkyoung(mk_huge_pmd(vma->vm_mm->m, folio, vma->vm_page_prot));

	if (vma->vm_flags & VM_WRITE)
		entry = pte_mkwrite(pte_mkdirty(entry));
	return entry;
}

/*
 * do_huge_pmd_anonymous_page - the fault on a none PMD of a VMA that may
 * have a THP.  0 (mapped, or a race lost: retry), VM_FAULT_OOM, or
 * VM_FAULT_FALLBACK: no huge folio to be had, map 4 KiB pages.
 */
int do_huge_pmd_anonymous_page(struct vm_area_struct *vma, mmk_entry_t *pmdp,
			       uint64_t addr, unsigned int flags)
{
	struct mm_struct *mm = vma->vm_mm;
	struct mmk_machine *m = mm->m;
	uint64_t haddr = addr & PMD_MASK;
	struct page *folio, *table;
	spinlock_t *ptl;
	pmd_t entry;

	mmap_assert_locked(mm);
	/* vmf_anon_prepare comes first: a VMA with only the huge zero page
	 * has an anon_vma, so fork copies its PMD (the 4 KiB zero page's
	 * read fault makes none). */
	anon_vma_prepare(vma);
	if (!(flags & FAULT_FLAG_WRITE))
		return do_huge_zero_pmd(vma, pmdp);
	folio = alloc_anon_thp(vma, haddr);
	if (!folio) {
		thp_count(m, THP_FAULT_FALLBACK);
		return VM_FAULT_FALLBACK;
	}
	table = pte_alloc_one(mm, 1);
	if (!table) {
		free_anon_thp(m, folio);
		return VM_FAULT_OOM;
	}
	entry = mk_anon_thp_pmd(vma, folio);
	ptl = pmd_lock(mm, pmdp);
	if (!pmd_none(entry_read(pmdp))) {
		spin_unlock(ptl);
		pte_free_now(m, table);
		free_anon_thp(m, folio);
		return 0;	/* somebody mapped it first: retry */
	}
	folio_add_pmd_rmap(folio, mm);
	pgtable_trans_huge_deposit(mm, pmdp, table);
	mm_pgtables_add(mm, 1, 1);
	add_mm_counter(mm, MM_ANONPAGES, HPAGE_PMD_NR);
	add_mm_counter(mm, MM_ANON_THP, 1);
	entry_write(pmdp, entry);
	thp_count(m, THP_FAULT_ALLOC);	/* before any split can see the THP */
	spin_unlock(ptl);
	return 0;
}

/*
 * do_huge_zero_wp_pmd - a write to the huge zero page: a new THP takes
 * its place under the same deposit (Linux 6.13+).  0, or
 * VM_FAULT_FALLBACK when no huge folio is to be had.
 */
static int do_huge_zero_wp_pmd(struct vm_area_struct *vma, mmk_entry_t *pmdp,
			       uint64_t addr, pmd_t orig)
{
	struct mm_struct *mm = vma->vm_mm;
	uint64_t haddr = addr & PMD_MASK;
	struct page *folio = alloc_anon_thp(vma, haddr);
	spinlock_t *ptl;

	if (!folio) {
		thp_count(mm->m, THP_FAULT_FALLBACK);
		return VM_FAULT_FALLBACK;
	}
	ptl = pmd_lock(mm, pmdp);
	if (!pmd_same(entry_read(pmdp), orig)) {
		spin_unlock(ptl);
		free_anon_thp(mm->m, folio);
		return 0;
	}
	entry_write(pmdp, 0);		/* pmdp_huge_clear_flush */
	flush_tlb_range(mm, haddr, haddr + PMD_SIZE);
	folio_add_pmd_rmap(folio, mm);
	add_mm_counter(mm, MM_ANONPAGES, HPAGE_PMD_NR);
	add_mm_counter(mm, MM_ANON_THP, 1);
	entry_write(pmdp, mk_anon_thp_pmd(vma, folio));
	thp_count(mm->m, THP_FAULT_ALLOC);	/* before any split can see the THP */
	spin_unlock(ptl);
	return 0;
}

/*
 * do_huge_pmd_wp_page - a write (or unshare) fault on a read-only huge
 * PMD.  The folio is reused when it is this mapping's alone (every page
 * anon-exclusive, or a single reference: the PMD's); otherwise the PMD is
 * split and the fault falls back to the PTE level, which copies one 4 KiB
 * page, as Linux 6.18 does.  The huge zero page is replaced by a new
 * THP, or split when none is to be had.  Returns 0 (done or retry) or
 * VM_FAULT_FALLBACK.
 */
int do_huge_pmd_wp_page(struct vm_area_struct *vma, mmk_entry_t *pmdp, uint64_t addr,
			unsigned int flags, pmd_t orig)
{
	struct mm_struct *mm = vma->vm_mm;
	struct page *folio;
	spinlock_t *ptl;
	pmd_t entry;

	if (is_huge_zero_pmd(mm->m, orig)) {
		if (do_huge_zero_wp_pmd(vma, pmdp, addr, orig) == 0)
			return 0;
		goto split;
	}
	/* wp_huge_pmd: shmem has no huge_fault; PTEs map what is written */
	if (pmd_is_file_thp(mm->m, orig))
		goto split;
	ptl = pmd_lock(mm, pmdp);
	if (!pmd_same(entry_read(pmdp), orig)) {
		spin_unlock(ptl);
		return 0;
	}
	folio = pfn_to_page(mm->m, pmd_pfn(orig));
	if (!PageAnonExclusive(folio)) {
		if (page_ref_count(folio) != 1) {
			spin_unlock(ptl);
			goto split;
		}
		for (unsigned int i = 0; i < HPAGE_PMD_NR; i++)
			SetPageFlag(folio + i, PG_anon_exclusive);
	}
	if (flags & FAULT_FLAG_UNSHARE) {
		spin_unlock(ptl);	/* exclusive now: nothing else to do */
		return 0;
	}
	entry = pte_mkyoung(pte_mkdirty(orig));
	if (vma->vm_flags & VM_WRITE)
		entry = pte_mkwrite(entry);
	entry_cmpxchg(pmdp, &orig, entry);	/* pmdp_set_access_flags */
	spin_unlock(ptl);
	return 0;
split:
	split_huge_pmd(vma, pmdp, addr);
	return VM_FAULT_FALLBACK;
}

/* huge_pmd_set_accessed: a fault on a present huge PMD that allows it. */
void huge_pmd_set_accessed(struct vm_area_struct *vma, mmk_entry_t *pmdp, pmd_t orig,
			   bool write)
{
	spinlock_t *ptl = pmd_lock(vma->vm_mm, pmdp);
	pmd_t entry = pte_mkyoung(orig);

	if (write)
		entry = pte_mkdirty(entry);
	if (entry != orig)
		entry_cmpxchg(pmdp, &orig, entry);
	spin_unlock(ptl);
}

/* ---- zap ---- */
/*
 * zap_huge_pmd for an anonymous or huge zero PMD leaf that the zap covers
 * whole: clear it, withdraw and free its deposit, and give the folio to
 * the mmu_gather (freed after the TLB flush).
 */
bool zap_huge_pmd_anon(struct mmu_gather *tlb, struct vm_area_struct *vma,
		       mmk_entry_t *pmdp, uint64_t addr)
{
	struct mm_struct *mm = vma->vm_mm;
	spinlock_t *ptl = pmd_lock(mm, pmdp);
	pmd_t pmd = entry_read(pmdp);
	struct page *table, *folio = NULL;

	if (!pmd_leaf(pmd) || pmd_devmap(pmd)) {
		spin_unlock(ptl);
		return false;	/* split meanwhile: the caller zaps the table */
	}
	entry_write(pmdp, 0);		/* pmdp_huge_get_and_clear_full */
	tlb_flush_pte_range(tlb, addr & PMD_MASK, PMD_SIZE);
	table = pgtable_trans_huge_withdraw(mm, pmdp);
	if (!is_huge_zero_pmd(mm->m, pmd)) {
		folio = pfn_to_page(mm->m, pmd_pfn(pmd));
		folio_remove_pmd_rmap(folio, mm);
		add_mm_counter(mm, MM_ANONPAGES, -(long long)HPAGE_PMD_NR);
		add_mm_counter(mm, MM_ANON_THP, -1);
	}
	spin_unlock(ptl);
	zap_deposited_table(mm, table);
	if (folio && tlb_remove_page(tlb, folio))
		tlb_flush_mmu(tlb);
	return true;
}

/*
 * zap_huge_pmd for a PMD leaf of a shmem THP (and the split of one: Linux
 * splits a file PMD by clearing it, faults map the pages again): clear
 * it, flush, carry its dirty bit to the folio, drop the PMD's mapping
 * and its reference.  No deposit.  @tlb NULL: flush here, put at once.
 * False if the entry is no such leaf any more.
 */
bool zap_huge_pmd_file(struct mmu_gather *tlb, struct vm_area_struct *vma,
		       mmk_entry_t *pmdp, uint64_t addr)
{
	struct mm_struct *mm = vma->vm_mm;
	uint64_t haddr = addr & PMD_MASK;
	spinlock_t *ptl = pmd_lock(mm, pmdp);
	pmd_t pmd = entry_read(pmdp);
	struct page *folio;

	if (!pmd_is_file_thp(mm->m, pmd)) {
		spin_unlock(ptl);
		return false;
	}
	pmd = entry_xchg(pmdp, 0);	/* the walker's dirty bit comes with it */
	if (tlb)
		tlb_flush_pte_range(tlb, haddr, PMD_SIZE);
	else
		flush_tlb_range(mm, haddr, haddr + PMD_SIZE);
	folio = pfn_to_page(mm->m, pmd_pfn(pmd));
	if (pte_dirty(pmd))
		SetPageFlag(folio, PG_dirty);
	folio_remove_pmd_rmap(folio, mm);
	add_mm_counter(mm, MM_SHMEMPAGES, -(long long)HPAGE_PMD_NR);
	add_mm_counter(mm, MM_SHMEM_PMD, -1);
	spin_unlock(ptl);
	if (!tlb)
		put_page(mm->m, folio);
	else if (tlb_remove_page(tlb, folio))
		tlb_flush_mmu(tlb);
	return true;
}

/*
 * do_set_pmd - map the PMD-sized shmem folio of @page with one leaf at
 * the 2 MiB around @addr (finish_fault and filemap_map_pmd), the fault's
 * reference on it becoming the leaf's.  The caller holds the folio lock,
 * so no collapse or retract runs on it.  0 if mapped (the reference is
 * taken), VM_FAULT_FALLBACK if the leaf cannot be (then map PTEs), or
 * -EAGAIN: the pmd is no longer none.
 */
int do_set_pmd(struct vm_area_struct *vma, mmk_entry_t *pmdp, uint64_t addr,
	       struct page *page, bool write)
{
	struct mm_struct *mm = vma->vm_mm;
	struct page *folio = page_folio(page);
	uint64_t haddr = addr & PMD_MASK;
	spinlock_t *ptl;
	pmd_t entry;

	/* vma_thp_disabled and thp_vma_suitable_order; no sysfs mode here */
	if (!folio_test_large(folio) || (vma->vm_flags & VM_NOHUGEPAGE) ||
	    ((vma->vm_start >> PAGE_SHIFT) - vma->vm_pgoff) % HPAGE_PMD_NR ||
	    haddr < vma->vm_start || haddr + PMD_SIZE > vma->vm_end ||
	    folio->index != linear_page_index(vma, haddr))
		return VM_FAULT_FALLBACK;
	entry = pte_mkyoung(mk_huge_pmd(mm->m, folio, vma->vm_page_prot));
	if (write)
		entry = pte_mkdirty(entry);
	ptl = pmd_lock(mm, pmdp);
	if (!pmd_none(entry_read(pmdp))) {
		spin_unlock(ptl);
		return -EAGAIN;
	}
	folio_add_pmd_rmap(folio, mm);
	add_mm_counter(mm, MM_SHMEMPAGES, HPAGE_PMD_NR);
	add_mm_counter(mm, MM_SHMEM_PMD, 1);
	entry_write(pmdp, entry);
	spin_unlock(ptl);
	return 0;
}

/* ---- split ---- */
/*
 * Under the pmd lock: the 512 PTEs that map what the leaf @pmd mapped,
 * written into the withdrawn deposit, which nobody reaches before
 * pmd_populate (a collapse's deposit was waited out by its RCU sync).
 */
static void fill_split_table(struct vm_area_struct *vma, pmd_t pmd, mmk_entry_t *pte)
{
	struct mmk_machine *m = vma->vm_mm->m;
	uint64_t pfn = pmd_pfn(pmd);

	if (is_huge_zero_pmd(m, pmd)) {
		/* __split_huge_zero_page_pmd: the 4 KiB zero page, 512 times */
		pte_t z = pte_mkspecial(pfn_pte(page_to_pfn(m, m->zero_page), vma->vm_page_prot));

		for (unsigned int i = 0; i < PTRS_PER_TABLE; i++)
			entry_init(&pte[i], z);
		return;
	}
	for (unsigned int i = 0; i < PTRS_PER_TABLE; i++) {
		pte_t e = pfn_pte(pfn + i, vma->vm_page_prot);

		if (pte_write(pmd))
			e = pte_mkwrite(e);
		else
			e = pte_wrprotect(e);
		if (pte_dirty(pmd))
			e = pte_mkdirty(e);
		if (pte_young(pmd))
			e = pte_mkyoung(e);
		atomic_inc(&pfn_to_page(m, pfn + i)->_mapcount);
		entry_init(&pte[i], e);
	}
	/* The PMD's dirty bit reaches the folio; its one reference and
	 * mapping become one per PTE. */
	if (pte_dirty(pmd))
		SetPageFlag(pfn_to_page(m, pfn), PG_dirty);
	atomic_add(HPAGE_PMD_NR - 1, &pfn_to_page(m, pfn)->_refcount);
	atomic_dec(&pfn_to_page(m, pfn)->_entire_mapcount);
	/* one PMD mapping becomes 512 PTE mappings, in the same mm */
	folio_add_large_mapcount(pfn_to_page(m, pfn), HPAGE_PMD_NR - 1, vma->vm_mm);
}

/*
 * split_huge_pmd - replace the anonymous (or huge zero) PMD leaf mapping
 * @addr by its deposited PTE table mapping the same pages with the same
 * bits.  The leaf is cleared and the TLB flushed before the table
 * appears, so no CPU holds a 2 MiB translation beside the new 4 KiB ones.
 * Devmap leaves and anything else are left alone.
 */
void split_huge_pmd(struct vm_area_struct *vma, mmk_entry_t *pmdp, uint64_t addr)
{
	struct mm_struct *mm = vma->vm_mm;
	struct mmk_machine *m = mm->m;
	uint64_t haddr = addr & PMD_MASK;
	spinlock_t *ptl = pmd_lock(mm, pmdp);
	pmd_t pmd = entry_read(pmdp);
	struct page *table;

	if (!pmd_leaf(pmd) || pmd_devmap(pmd)) {
		spin_unlock(ptl);
		return;
	}
	thp_count(m, THP_SPLIT_PMD);
	if (pmd_is_file_thp(m, pmd)) {
		spin_unlock(ptl);
		zap_huge_pmd_file(NULL, vma, pmdp, addr);
		return;
	}
	if (!is_huge_zero_pmd(m, pmd))
		add_mm_counter(mm, MM_ANON_THP, -1);
	table = pgtable_trans_huge_withdraw(mm, pmdp);
	/*
	 * pmdp_invalidate: never none, or a lockless zap would skip the 2 MiB;
	 * and an exchange, so that accessed and dirty bits the hardware walker
	 * set since the read above reach the PTEs.
	 */
	pmd = entry_xchg(pmdp, mmk_bug(m, MMK_BUG_SPLIT_CLEARS_PMD) ? 0 : pmd_mkinvalid(pmd));
	flush_tlb_range(mm, haddr, haddr + PMD_SIZE);
	fill_split_table(vma, pmd, page_address(m, table));
	pte_summary_fill(table);	/* 512 entries, none of them through pte_install */
	table->pt_parent = pmdp;
	table_set_addr(table, haddr);
	/* The refcount policy: one reference per entry written. */
	atomic_set(&table->pt_refcount, PTRS_PER_TABLE);
	entry_write(pmdp, pfn_table(page_to_pfn(m, table)));	/* pmd_populate */
	spin_unlock(ptl);
}

/* ---- splitting the folio itself ---- */
/*
 * The mappings of a large @folio counted page by page: its PMDs and the
 * PTEs of each of its 512 pages, in every mm.  What its MM_ID total must
 * equal (the checker compares them); everyone else reads the total.
 */
int folio_mapcount_of_pages(struct page *folio)
{
	int mapped = atomic_read(&folio->_entire_mapcount);

	for (unsigned int i = 0; i < HPAGE_PMD_NR; i++)
		mapped += atomic_read(&folio[i]._mapcount);
	return mapped;
}

/* All mappings of @folio, PMDs and PTEs, in every mm (O(1): MM_ID's total). */
int folio_mapcount(struct page *folio)
{
	if (!folio_test_large(folio))
		return atomic_read(&folio->_mapcount);
	return folio_large_mapcount(folio);
}

/*
 * __wp_can_reuse_large_anon_folio: may a write fault on a PTE of the
 * PTE-mapped THP @folio reuse its page, the PTL of table @pte held?  As
 * Linux 6.18: not if a single page of it is mapped (better to let the
 * folio go), nor if another mm may map it (MM_ID), nor if anything but
 * its mappings holds it.  Rechecked under the folio's _mm_lock, so no
 * mapping in another mm comes meanwhile.
 */
bool wp_can_reuse_large_anon_folio(struct page *folio)
{
	bool exclusive;

	if (folio_large_mapcount(folio) <= 1 || folio_maybe_mapped_shared(folio) ||
	    folio_large_mapcount(folio) != page_ref_count(folio))
		return false;
	spin_lock(&folio[2]._mm_lock);
	exclusive = !folio_maybe_mapped_shared(folio) &&
		    folio_large_mapcount(folio) == page_ref_count(folio);
	spin_unlock(&folio[2]._mm_lock);
	return exclusive;
}

/* ---- the folio split by rmap: its pages mapped in several tables ---- */
/*
 * __split_folio_to_order's end for @folio, its refcount frozen at 0: 512
 * folios of one page.  The head keeps the lock and gets @head_refs
 * references, each tail @tail_refs, plus one each where @extra says (the
 * migration entry a page is mapped back from).  The dirty flag is the
 * folio's, so every page gets it.
 */
static void split_frozen_folio(struct mmk_machine *m, struct page *folio, int head_refs,
			       int tail_refs, const bool *extra)
{
	bool dirty = PageDirty(folio);

	deferred_split_dequeue(m, folio);
	for (unsigned int i = 1; i <= 2; i++) {	/* their MM_ID state: unmapped now */
		atomic_set(&folio[i]._entire_mapcount, 0);
		atomic_set(&folio[i]._pincount, 0);
	}
	ClearPageFlag(folio, PG_head);
	for (unsigned int i = 1; i < HPAGE_PMD_NR; i++) {
		if (dirty)
			SetPageFlag(folio + i, PG_dirty);
		atomic_set(&folio[i]._refcount, tail_refs + (extra && extra[i]));
		atomic_store_explicit(&folio[i].compound_head, 0, memory_order_release);
	}
	atomic_set_release(&folio->_refcount, head_refs + (extra && extra[0]));	/* unfreeze */
}

/* One mapping of a page of the folio, unmapped to a migration entry. */
struct thp_unmap {
	uint64_t addr;
	pte_t mig;
	unsigned int idx;
};

/* Where page @p (index @idx of its anon VMA) is mapped in @v, or 0 if not in @v. */
static uint64_t anon_address(struct vm_area_struct *v, struct page *p)
{
	uint64_t pages = (v->vm_end - v->vm_start) >> PAGE_SHIFT;

	if (!vma_is_anonymous(v) || p->index < v->vm_pgoff || p->index - v->vm_pgoff >= pages)
		return 0;
	return v->vm_start + ((p->index - v->vm_pgoff) << PAGE_SHIFT);
}

/*
 * try_to_migrate_one for page @i of @folio at @addr: if this mm's entry
 * there maps it, clear it, flush, and leave a migration entry (the
 * mapping's reference becomes the migration's).  True if it did.
 */
static bool unmap_one(struct mm_struct *mm, struct page *folio, unsigned int i,
		      uint64_t addr, struct thp_unmap *u)
{
	uint64_t pfn = page_to_pfn(mm->m, folio + i);
	mmk_entry_t *pmdp = mm_find_pmd(mm, addr), *pte;
	spinlock_t *ptl;
	pte_t old = 0;

	pte = pmdp ? pte_offset_map_lock(mm, pmdp, addr, &ptl) : NULL;
	if (!pte)
		return false;
	if (pte_present(entry_read(pte)) && pte_pfn(entry_read(pte)) == pfn) {
		unsigned int type;

		old = entry_xchg(pte, 0);
		flush_tlb_range(mm, addr, addr + PAGE_SIZE);
		if (pte_dirty(old))
			SetPageFlag(folio, PG_dirty);	/* folio_mark_dirty */
		type = pte_write(old) ? SWP_MIGRATION_WRITE :
		       PageAnonExclusive(folio + i) ? SWP_MIGRATION_READ_EXCLUSIVE :
		       SWP_MIGRATION_READ;
		u->mig = swp_entry_to_pte(type, pfn) | (old & (_PAGE_DIRTY | _PAGE_ACCESSED));
		u->addr = addr;
		u->idx = i;
		entry_write(pte, u->mig);
		page_remove_pte_rmap(folio + i, mm);
	}
	pte_unmap_unlock(pte, ptl);
	return old != 0;
}

/*
 * remove_migration_pte for @u: the page back, its mapping taking the
 * migration's reference (true); or, with @zero, the zero page in its
 * place with the protection of its VMA, or nothing if a zap took the
 * entry meanwhile (false: the reference is the caller's to drop).
 */
static bool remap_one(struct mm_struct *mm, struct page *page, const struct thp_unmap *u,
		      bool zero)
{
	struct vm_area_struct *v = find_vma(mm, u->addr);
	mmk_entry_t *pmdp = mm_find_pmd(mm, u->addr), *pte;
	spinlock_t *ptl;
	bool mapped = false;

	pte = pmdp ? pte_offset_map_lock(mm, pmdp, u->addr, &ptl) : NULL;
	if (!pte)
		return false;
	if (pte_same(entry_read(pte), u->mig) && zero) {
		entry_write(pte, pte_mkspecial(pfn_pte(page_to_pfn(mm->m, mm->m->zero_page),
						       v->vm_page_prot)));
		add_mm_counter(mm, MM_ANONPAGES, -1);
	} else if (pte_same(entry_read(pte), u->mig)) {
		pte_t e = pfn_pte(page_to_pfn(mm->m, page), v->vm_page_prot) |
			  (u->mig & (_PAGE_ACCESSED | _PAGE_DIRTY));

		if (swp_type(u->mig) == SWP_MIGRATION_WRITE)
			e = pte_mkwrite(e);
		page_add_pte_rmap(page, mm);
		entry_write(pte, e);
		mapped = true;
	}
	pte_unmap_unlock(pte, ptl);
	return mapped;
}

/*
 * split_folio by rmap, mmap_lock held for read: unmap every mapping this
 * mm has of @folio to migration entries (faults and GUP wait on them, a
 * zap just drops them), so that no PTL need cover them all; freeze and
 * split as __split_folio does; then map each page back, or the zero page
 * for a zero-filled one (Linux's try_to_migrate, __folio_split and
 * remove_migration_ptes).  A mapping in another mm (not found here), a pin
 * or any other reference undoes it all: -EBUSY.
 */
static int split_folio_rmap(struct vm_area_struct *vma, struct page *folio)
{
	struct mm_struct *mm = vma->vm_mm;
	struct thp_unmap u[HPAGE_PMD_NR];
	bool done[HPAGE_PMD_NR] = { false }, ok = true;
	unsigned int n = 0;

	for (unsigned int i = 0; i < HPAGE_PMD_NR; i++) {
		struct page *p = folio + i;
		uint64_t addr = atomic_read(&p->_mapcount) ? anon_address(vma, p) : 0;

		if (addr && unmap_one(mm, folio, i, addr, &u[n])) {
			n++;
			continue;
		}
		for (unsigned int v = 0; atomic_read(&p->_mapcount) && v < mm->nr_vmas; v++) {
			addr = anon_address(mm->vmas[v], p);
			if (addr && unmap_one(mm, folio, i, addr, &u[n]))
				n++;
		}
	}
	for (unsigned int i = 0; i < HPAGE_PMD_NR && ok; i++)
		ok = !atomic_read(&folio[i]._mapcount);	/* another mm maps it */
	ok = ok && !atomic_read(&folio->_entire_mapcount) && !atomic_read(&folio->_pincount) &&
	     atomic_cmpxchg(&folio->_refcount, (int)n + 1, 0) == (int)n + 1;
	if (ok) {
		for (unsigned int k = 0; k < n; k++)
			done[u[k].idx] = true;
		split_frozen_folio(mm->m, folio, 1, 0, done);
		thp_count(mm->m, THP_SPLIT_PAGE);
		for (unsigned int i = 1; i < HPAGE_PMD_NR; i++)
			if (!done[i])
				free_folio(mm->m, folio + i);	/* nothing maps it */
	}
	for (unsigned int k = 0; k < n; k++) {
		struct page *p = folio + u[k].idx;
		bool zero = ok && frame_is_zero(mm->m, page_to_pfn(mm->m, p));

		if (!remap_one(mm, p, &u[k], zero))
			put_page(mm->m, p);	/* the zero page took its place, or a zap */
	}
	return ok ? 0 : -EBUSY;
}

/*
 * split_folio for a THP whose PMD was split, the caller holding a
 * reference to it and mmap_lock for read: 0, or -EBUSY when it cannot be
 * (pinned, referenced, still PMD-mapped, mapped by another mm).  Where
 * Linux splits the folio itself, not only the PMD: MADV_FREE or
 * MADV_PAGEOUT of part of a THP, and reclaim of a whole one with no swap.
 */
int split_folio_at(struct vm_area_struct *vma, struct page *folio)
{
	return folio_test_large(folio) ? split_folio_rmap(vma, folio) : -EBUSY;
}

/*
 * split_shmem_folio - split_folio of a PMD-sized shmem folio (Linux's
 * __folio_split of a file folio): every mapping of it goes, in any mm
 * (try_to_unmap_file; Linux maps only an anonymous folio's pages back,
 * faults map these again one page at a time), and its 512 pages become
 * folios of one page, each still in its slot of the cache, each dirty if
 * the folio was.  The caller holds the folio's lock and a reference (the
 * head's, after); @held is an mm the caller has entered, or NULL.
 * -EAGAIN if anything but the cache, the mappings and the caller holds
 * it (a pin or a GUP reference: seen before anything is unmapped, as
 * can_split_folio does), or if a mapping stayed (a busy mm, or a GUP-fast
 * reference taken meanwhile): then it stays whole, unmapped.
 */
int split_shmem_folio(struct page *folio, struct mm_struct *held)
{
	const int frozen = HPAGE_PMD_NR + 1;	/* the cache's and ours */
	struct shmem *s = folio->mapping;

	if (!folio_test_large(folio) || page_ref_count(folio) != frozen + folio_mapcount(folio))
		return -EAGAIN;
	try_to_unmap_file(s, folio->index, NULL, folio, held);
	if (folio_mapcount(folio) || atomic_cmpxchg(&folio->_refcount, frozen, 0) != frozen)
		return -EAGAIN;
	split_frozen_folio(s->m, folio, 2, 1, NULL);
	thp_count(s->m, THP_SPLIT_PAGE);
	return 0;
}

/*
 * Under the PTL of @pte (mapping [addr, end)): the first anonymous THP
 * mapped there that is not in @tried, not maybe shared and, with
 * @deferred_only, on the deferred split queue; referenced.  NULL if none.
 */
static struct page *next_thp_to_split(struct vm_area_struct *vma, mmk_entry_t *pte,
				      uint64_t addr, uint64_t end, struct page *const *tried,
				      unsigned int ntried, bool deferred_only)
{
	for (uint64_t a = addr; a < end; a += PAGE_SIZE) {
		pte_t e = entry_read(&pte[(a - addr) >> PAGE_SHIFT]);
		struct page *p = pte_present(e) ? vm_normal_page(vma, a, e) : NULL;
		struct page *f = p ? page_folio(p) : NULL;
		unsigned int t;

		if (!f || !folio_test_large(f) || !PageAnon(f) || folio_maybe_mapped_shared(f) ||
		    (deferred_only && !PageTest(f, PG_partially_mapped)))
			continue;
		for (t = 0; t < ntried && tried[t] != f; t++)
			;
		if (t == ntried) {
			get_page(f);
			return f;
		}
	}
	return NULL;
}

/*
 * Split (split_folio_at) the THPs next_thp_to_split finds in [addr, end)
 * of one PTE table, a few at most; those that cannot be (pinned) stay.
 * Returns how many were split.
 */
static unsigned int split_thps_in_table(struct vm_area_struct *vma, mmk_entry_t *pmdp,
					uint64_t addr, uint64_t end, bool deferred_only)
{
	struct mm_struct *mm = vma->vm_mm;
	struct page *tried[8];
	unsigned int ntried = 0, split = 0;

	while (ntried < sizeof(tried) / sizeof(tried[0])) {
		spinlock_t *ptl;
		mmk_entry_t *pte = pte_offset_map_lock(mm, pmdp, addr, &ptl);
		struct page *folio;

		if (!pte)
			break;
		folio = next_thp_to_split(vma, pte, addr, end, tried, ntried, deferred_only);
		pte_unmap_unlock(pte, ptl);
		if (!folio)
			break;
		tried[ntried++] = folio;
		split += !split_folio_at(vma, folio);
		put_page(mm->m, folio);
	}
	return split;
}

/*
 * Before MADV_FREE or MADV_PAGEOUT of [addr, end) of one PTE table: each
 * THP mapped there by PTEs that the range does not cover whole is split
 * (madvise_free_pte_range and madvise_cold_or_pageout_pte_range split
 * such a folio first), unless others map it too; with @whole_too
 * (pageout: reclaim with no swap splits any THP) also those it covers.  A
 * folio that cannot be split (pinned) is left as it is.
 */
void split_pte_mapped_thps(struct vm_area_struct *vma, mmk_entry_t *pmdp, uint64_t addr,
			   uint64_t end, bool whole_too)
{
	struct mmk_machine *m = vma->vm_mm->m;

	if (end - addr == PMD_SIZE && !whole_too)
		return;		/* all of it: no folio is covered in part */
	/* A machine that never made a THP (by fault or collapse) has none:
	 * skip the second scan. */
	if (!atomic64_read(&m->thp_stat[THP_FAULT_ALLOC]) &&
	    !atomic64_read(&m->thp_stat[THP_COLLAPSE_ALLOC]))
		return;
	split_thps_in_table(vma, pmdp, addr, end, false);
}

/* ---- the deferred split queue ---- */
/*
 * Linux queues an anonymous THP that some of its mappings left while
 * others stay (deferred_split_folio, from folio_remove_rmap_ptes), and its
 * THP shrinker splits the queued folios when memory runs short, freeing
 * the pages nothing maps.  mmkit's queue is the flag Linux also sets on a
 * queued folio, PG_partially_mapped, and a count of flagged folios; the
 * shrinker (deferred_split_mm, called by reclaim when an allocation finds
 * no frame) finds them through the page tables of each mm, which also
 * gives it the VMA the split needs.  A folio another mm maps too is not
 * split (split_folio_at cannot reach other mms' mappings; Linux can).
 *
 * Callers flag a folio at the end of an operation (a zap's
 * tlb_finish_mmu, a COW) rather than per entry, which is what Linux's
 * batched rmap removal amounts to: a zap of all of a PTE-mapped THP does
 * not queue it.
 */

/* Some pages of @folio are mapped by PTEs and some by nothing. */
static bool folio_partially_mapped_now(struct page *folio)
{
	bool mapped = false, unmapped = false;

	if (atomic_read(&folio->_entire_mapcount))
		return false;
	for (unsigned int i = 0; i < HPAGE_PMD_NR && !(mapped && unmapped); i++) {
		if (atomic_read(&folio[i]._mapcount))
			mapped = true;
		else
			unmapped = true;
	}
	return mapped && unmapped;
}

/*
 * deferred_split_folio: queue @folio (the caller holds a reference) if it
 * is an anonymous THP now mapped in part; thp_deferred_split_page counts
 * the first time.
 */
void deferred_split_folio(struct mmk_machine *m, struct page *folio)
{
	if (!folio_test_large(folio) || !PageAnon(folio) ||
	    PageTest(folio, PG_partially_mapped) || !folio_partially_mapped_now(folio))
		return;
	if (TestSetPageFlag(folio, PG_partially_mapped))
		return;
	atomic64_add(1, &m->nr_partially_mapped);
	thp_count(m, THP_DEFERRED_SPLIT_PAGE);
}

/* Off the queue: @folio is being split or freed. */
void deferred_split_dequeue(struct mmk_machine *m, struct page *folio)
{
	if (TestClearPageFlag(folio, PG_partially_mapped))
		atomic64_add(-1, &m->nr_partially_mapped);
}

/*
 * deferred_split_scan for one mm, its mmap_lock held for read: split the
 * queued THPs its anonymous VMAs map by PTEs.  Never waits for the
 * page-table walk lock (reclaim may run inside a fault).  Returns how
 * many were split.
 */
uint64_t deferred_split_mm(struct mm_struct *mm)
{
	uint64_t split = 0;
	struct pt_iter it;

	if (!atomic64_read(&mm->m->nr_partially_mapped) || !pt_walk_trylock(mm))
		return 0;
	for (unsigned int v = 0; !mm->exited && v < mm->nr_vmas; v++) {
		struct vm_area_struct *vma = mm->vmas[v];

		if (!vma_is_anonymous(vma))
			continue;
		for_each_pmd_entry(it, mm, vma->vm_start, vma->vm_end)
			if (!pmd_leaf(it.entry))
				split += split_thps_in_table(vma, it.entryp, it.addr, it.next, true);
	}
	pt_walk_end(mm);
	return split;
}

/*
 * With the pmd lock @ptl held over the anonymous THP leaf mapping @folio:
 * split the PMD and then the folio itself, holding a reference to the
 * folio across the unlocked part.  The lock is dropped.
 */
static void split_thp_unlock(struct vm_area_struct *vma, mmk_entry_t *pmdp, uint64_t addr,
			     struct page *folio, spinlock_t *ptl)
{
	get_page(folio);
	spin_unlock(ptl);
	split_huge_pmd(vma, pmdp, addr);
	split_folio_at(vma, folio);
	put_page(vma->vm_mm->m, folio);
}

/*
 * madvise_free_huge_pmd: MADV_FREE meets a huge PMD.  The huge zero page
 * and a THP other processes map are left alone; a THP covered whole is
 * made clean, old and lazily free without a split; part of one is split,
 * PMD and folio (its zero-filled pages go), for the PTE level to mark just
 * those pages.  MADV_PAGEOUT and reclaim later split the lazily freed
 * THP (split_pte_mapped_thps) and discard its clean pages one by one.
 */
void madvise_free_huge_pmd(struct mmu_gather *tlb, struct vm_area_struct *vma,
			   mmk_entry_t *pmdp, uint64_t addr, uint64_t next)
{
	struct mm_struct *mm = vma->vm_mm;
	spinlock_t *ptl = pmd_lock(mm, pmdp);
	pmd_t pmd = entry_read(pmdp);
	struct page *folio;

	if (!pmd_is_anon_thp(mm->m, pmd))
		goto out;
	folio = pfn_to_page(mm->m, pmd_pfn(pmd));
	if (folio_maybe_mapped_shared(folio))
		goto out;
	if (next - addr != PMD_SIZE) {
		split_thp_unlock(vma, pmdp, addr, folio, ptl);
		return;
	}
	ClearPageFlag(folio, PG_dirty);
	if (pte_young(pmd) || pte_dirty(pmd)) {
		entry_write(pmdp, pte_mkold(pte_mkclean(pmd)));
		tlb_flush_pte_range(tlb, addr & PMD_MASK, PMD_SIZE);
	}
	for (unsigned int i = 0; i < HPAGE_PMD_NR; i++)
		ClearPageFlag(folio + i, PG_swapbacked);	/* folio_mark_lazyfree */
out:
	spin_unlock(ptl);
}

/*
 * MADV_PAGEOUT meets a huge PMD.  With no swap an anonymous THP cannot be
 * written out: reclaim splits it, PMD and folio, and what remains of it
 * is its pages with data (Linux: add_to_swap fails, split_folio_to_list,
 * the zero-filled pages mapped to the zero page).  Partly covered or
 * whole alike.  The huge zero page is left alone.
 */
void pageout_huge_pmd(struct vm_area_struct *vma, mmk_entry_t *pmdp, uint64_t addr)
{
	struct mm_struct *mm = vma->vm_mm;
	spinlock_t *ptl = pmd_lock(mm, pmdp);
	pmd_t pmd = entry_read(pmdp);
	struct page *folio;

	if (!pmd_is_anon_thp(mm->m, pmd) ||
	    folio_maybe_mapped_shared(folio = pfn_to_page(mm->m, pmd_pfn(pmd)))) {
		spin_unlock(ptl);	/* the zero page; or mapped by others too */
		return;
	}
	split_thp_unlock(vma, pmdp, addr, folio, ptl);
}

/*
 * MADV_PAGEOUT of a whole shmem PMD leaf: reclaim unmaps a folio mapped
 * here alone (try_to_unmap), then finds nothing to write it to: a dirty
 * one stays in the page cache whole (no swap), a clean one (faulted in,
 * never written) leaves the cache.  As the host does: pageout then a
 * fault maps the same folio by a PMD again.
 */
static void pageout_shmem_pmd_whole(struct vm_area_struct *vma, mmk_entry_t *pmdp,
				    uint64_t addr, struct page *folio)
{
	if (folio_mapcount(folio) != 1 || !zap_huge_pmd_file(NULL, vma, pmdp, addr))
		return;		/* mapped elsewhere too (or changed meanwhile) */
	shmem_remove_clean_folio(folio);
}

/*
 * split_folio of a shmem THP, the folio's lock taken by trylock (the
 * caller holds locks that a fault holding it may wait for), @vma's mm
 * entered; the caller's reference is dropped.  0 or -EAGAIN, as
 * split_shmem_folio.
 */
int split_shmem_folio_put(struct vm_area_struct *vma, struct page *folio)
{
	int err = -EAGAIN;

	if (trylock_page(folio)) {
		err = split_shmem_folio(folio, vma->vm_mm);
		unlock_page(folio);
	}
	put_page(vma->vm_mm->m, folio);
	return err;
}

/*
 * MADV_PAGEOUT meets the shmem PMD leaf at @addr, [addr, next) of it in
 * the range.  Part of it: the folio is split (unless other mappings share
 * it), which unmaps it; nothing more is paged out, as in Linux, where the
 * walk then finds the pmd none.
 */
void pageout_shmem_pmd(struct vm_area_struct *vma, mmk_entry_t *pmdp, uint64_t addr,
		       uint64_t next)
{
	struct mm_struct *mm = vma->vm_mm;
	spinlock_t *ptl;
	struct page *folio;
	pmd_t pmd = entry_read(pmdp);

	if (!pmd_is_file_thp(mm->m, pmd))
		return;
	folio = pfn_to_page(mm->m, pmd_pfn(pmd));
	if (next - addr == PMD_SIZE) {
		pageout_shmem_pmd_whole(vma, pmdp, addr, folio);
		return;
	}
	ptl = pmd_lock(mm, pmdp);
	if (!pmd_same(pmd, entry_read(pmdp)) || folio_maybe_mapped_shared(folio)) {
		spin_unlock(ptl);
		return;
	}
	get_page(folio);
	spin_unlock(ptl);
	split_shmem_folio_put(vma, folio);
}

/*
 * split_huge_pmd_if_needed (vma_adjust_trans_huge): @vma is about to be
 * split at @addr; a huge PMD that would straddle the two VMAs is split
 * first, so no leaf ever maps across a VMA boundary.  mmap_lock held for
 * write.
 */
void split_huge_pmd_at_boundary(struct vm_area_struct *vma, uint64_t addr)
{
	struct mm_struct *mm = vma->vm_mm;
	uint64_t haddr = addr & PMD_MASK;
	mmk_entry_t *pmdp;

	mmap_assert_write_locked(mm);
	if (!(addr & ~PMD_MASK) || haddr < vma->vm_start || haddr + PMD_SIZE > vma->vm_end ||
	    vma_is_dax(vma))
		return;
	pt_walk_begin(mm);
	pmdp = mm_find_pmd(mm, addr);
	if (pmdp && pmd_leaf(entry_read(pmdp)))
		split_huge_pmd(vma, pmdp, addr);
	pt_walk_end(mm);
}

/* ---- fork ---- */
/*
 * copy_huge_pmd - share the anonymous huge PMD at *@src_pmd with the child
 * write-protected on both sides, with a deposit of the child's own.  A
 * maybe-pinned folio cannot be shared (folio_try_dup_anon_rmap_pmd): the
 * parent's PMD is split and 1 returned, for the PTE copy to copy the
 * pinned pages.  0 when done, -ENOMEM.
 */
int copy_huge_pmd(struct vm_area_struct *dst_vma, struct vm_area_struct *src_vma,
		  mmk_entry_t *dst_pmd, mmk_entry_t *src_pmd, uint64_t addr)
{
	struct mm_struct *dst_mm = dst_vma->vm_mm, *src_mm = src_vma->vm_mm;
	struct mmk_machine *m = src_mm->m;
	struct page *table = pte_alloc_one(dst_mm, 1), *folio;
	spinlock_t *dst_ptl, *src_ptl;
	pmd_t pmd;
	int ret = 0;

	if (!table)
		return -ENOMEM;
	dst_ptl = pmd_lock(dst_mm, dst_pmd);
	src_ptl = pmd_lockptr(src_mm, src_pmd);
	spin_lock_nested(src_ptl, SINGLE_DEPTH_NESTING);
	pmd = entry_read(src_pmd);
	if (!pmd_leaf(pmd) || pmd_devmap(pmd)) {
		ret = 1;	/* split meanwhile: a PTE table now */
		goto out;
	}
	if (pmd_is_file_thp(m, pmd))
		goto out;	/* a shmem leaf is not copied: the child faults it */
	if (!is_huge_zero_pmd(m, pmd)) {
		folio = pfn_to_page(m, pmd_pfn(pmd));
		if (PageAnonExclusive(folio) && folio_maybe_dma_pinned(folio) &&
		    !mmk_bug(m, MMK_BUG_FORK_SHARE_PINNED)) {
			ret = 1;
			goto out;
		}
		get_page(folio);
		folio_add_pmd_rmap(folio, dst_mm);
		for (unsigned int i = 0; i < HPAGE_PMD_NR; i++)
			ClearPageFlag(folio + i, PG_anon_exclusive);
		add_mm_counter(dst_mm, MM_ANONPAGES, HPAGE_PMD_NR);
		add_mm_counter(dst_mm, MM_ANON_THP, 1);
	}
	if (pte_write(pmd)) {
		pmd_t old = pmd;

		while (!entry_cmpxchg(src_pmd, &old, pte_wrprotect(old)))
			;
		pmd = pte_wrprotect(old);
	}
	pgtable_trans_huge_deposit(dst_mm, dst_pmd, table);
	mm_pgtables_add(dst_mm, 1, 1);
	entry_write(dst_pmd, pte_mkold(pmd));
	table = NULL;
out:
	spin_unlock(src_ptl);
	spin_unlock(dst_ptl);
	if (table)
		pte_free_now(m, table);
	if (ret == 1)
		split_huge_pmd(src_vma, src_pmd, addr);
	return ret;
}

/* ---- mremap ---- */
/*
 * move_huge_pmd - a whole anonymous (or huge zero) leaf moves from *@old
 * to the none *@new with its deposit; the old range is flushed before the
 * locks drop.  False if *@old holds no such leaf or *@new is taken.
 */
bool move_huge_pmd(struct mm_struct *mm, mmk_entry_t *old, mmk_entry_t *new,
		   uint64_t old_addr)
{
	spinlock_t *old_ptl = pmd_lockptr(mm, old), *new_ptl = pmd_lockptr(mm, new);
	bool moved = false;
	pmd_t pmd;

	spin_lock(old_ptl);
	if (new_ptl != old_ptl)
		spin_lock_nested(new_ptl, SINGLE_DEPTH_NESTING);
	pmd = entry_read(old);
	if (pmd_leaf(pmd) && !pmd_devmap(pmd) && pmd_none(entry_read(new))) {
		entry_write(old, 0);
		if (!pmd_is_file_thp(mm->m, pmd))	/* a shmem leaf has no deposit */
			pgtable_trans_huge_deposit(mm, new, pgtable_trans_huge_withdraw(mm, old));
		entry_write(new, pmd);
		flush_tlb_range(mm, old_addr, old_addr + PMD_SIZE);
		moved = true;
	}
	if (new_ptl != old_ptl)
		spin_unlock(new_ptl);
	spin_unlock(old_ptl);
	return moved;
}

/* SPDX-License-Identifier: MIT */
/*
 * gup.c - get_user_pages: references (FOLL_GET) and pins (FOLL_PIN) on the
 * pages behind user addresses, the lockless GUP-fast walk, and the
 * fault-in loop that MADV_POPULATE_(READ|WRITE) shares with them.
 *
 * Grabbing
 * --------
 * FOLL_GET adds 1 to the page's refcount, FOLL_PIN on a small page adds
 * GUP_PIN_COUNTING_BIAS (1024), so folio_maybe_dma_pinned() (refcount >=
 * 1024) may report a pin that is not there, never miss one.  The shared
 * zero page is returned but never counted, and never released.
 *
 * The slow path: __get_user_pages()
 * ---------------------------------
 * With mmap_lock held for read (VMAs stable) and inside pt_walk_begin/end
 * (the policy's walker protocol), for each address: check the VMA allows
 * the access (check_vma_flags), then follow_page_pte() looks at the entry
 * under its PTL (pte_offset_map_lock, so the table is attached while we
 * look) and grabs the page there, where the mapping's own reference keeps
 * the count above zero.  When the entry is missing, not writable enough, or
 * maps a page a read-only pin must not take as is, it returns a code asking
 * for a fault; faultin_page() runs handle_mm_fault() (write, or unshare)
 * and the follow is retried.  A fault that lost a race returns 0 and is
 * simply retried too.
 *
 * Anon exclusivity (gup_must_unshare)
 * -----------------------------------
 * A pin is a promise that the page is the one the process maps.  A
 * writable entry of a private mapping only ever maps an exclusive page, so
 * FOLL_WRITE is safe by itself.  A read-only pin of a read-only entry is
 * not: if the anonymous page behind it is not PageAnonExclusive (shared
 * with a fork child, say), the next write by either side would move one of
 * them to a copy and the pin would go stale.  So such a pin first takes an
 * unshare fault, which makes the page exclusive to this mm (reusing or
 * copying it) while leaving the entry read-only.  FOLL_LONGTERM read-only
 * pins do the same for the zero page in a COW mapping: a later write would
 * replace it, so the pin gets a private zeroed page now.
 *
 * FOLL_FORCE writes to a private read-only mapping (ptrace's poke) break
 * COW through a write fault that leaves the entry read-only; the follow
 * then accepts the read-only entry because its page is exclusive
 * (can_follow_write_pte).
 *
 * GUP-fast: gup_fast()
 * --------------------
 * No mmap_lock, no PTL, no table reference: the walk runs inside
 * rcu_read_lock(), mmkit's model of Linux's local_irq_save().  Under every
 * policy a page table is freed only after the TLB flush that removed it
 * and a grace period, so a table read here is valid memory until
 * rcu_read_unlock(), even if it was detached meanwhile (invariants 1, 2).
 * Every entry is read once with entry_read(); per PTE:
 *   B1  read the entry; give up on none, non-present, PROT_NONE, special
 *       (the zero page) and non-user entries;
 *   B2  with FOLL_WRITE, give up on a read-only entry;
 *   B3  grab the page with increment-unless-zero: a page already freed
 *       (refcount 0) is not resurrected; a frame freed and reused meanwhile
 *       is grabbed harmlessly and let go below;
 *   B4  re-read the pmd and the PTE: unchanged means the table was still
 *       attached and the entry still mapped this page after we grabbed it
 *       (anyone who unmaps it changes one of the two first); otherwise let
 *       go and give up;
 *   B5  a read-only entry whose page gup_must_unshare() (no VMA known:
 *       any non-anonymous page counts for LONGTERM) is let go: the slow
 *       path will unshare it.
 * FOLL_PIN also brackets the walk with mm->write_protect_seq, which fork
 * holds odd while it copies page tables: odd at the start means no fast
 * path at all; a different value after the walk means a fork may have
 * shared a page we pinned before it saw the pin, so every pin is dropped
 * and the slow path (which excludes fork by mmap_lock) does the work.  A
 * full barrier sits between our pins and that second read, paired with
 * one in copy_page_range() between the count going odd and fork's
 * maybe-pinned checks.
 *
 * Only then are the pins the caller's: with checking on, each is counted
 * in m->check_pins for the checker's invariant 7, which must not mistake
 * a grab a recheck is about to undo for a pin (the slow path counts its
 * pins as it takes them, under the PTL and mmap_lock, where fork cannot
 * run).
 *
 * What GUP-fast could not do it leaves to the slow path from the first
 * page it could not take on (gup_fast_fallback), as Linux does.  The walk
 * counts nothing in the policy counters: it is the hardware walker's kind
 * of walk.
 */
#include "huge_memory.h"
#include "page_alloc.h"
#include "highmem.h"
#include "pgtable.h"
#include "mmap_lock.h"
#include "mmap.h"
#include "memremap.h"
#include "pt_policy.h"
#include "page_table_check.h"

/* gup_flags: the public MMK_FOLL_* values plus internal ones. */
#define FOLL_WRITE MMK_FOLL_WRITE
#define FOLL_GET 0x02u
#define FOLL_FORCE MMK_FOLL_FORCE
#define FOLL_LONGTERM MMK_FOLL_LONGTERM
#define FOLL_TOUCH (1u << 16)		/* mark the page dirty on a write */
#define FOLL_PIN (1u << 17)
#define FOLL_MADV_POPULATE (1u << 18)	/* VMA errors as MADV_POPULATE reports them */
#define FOLL_PUBLIC (FOLL_WRITE | FOLL_FORCE | FOLL_LONGTERM)

/* Internal "ask for a fault" codes of follow_page_pte(). */
#define GUP_NEED_FAULT 1
#define GUP_NEED_UNSHARE 2

/* ---- grabbing and releasing ---- */

/* A FOLL_GET reference is the caller's now (m->debug_gets). */
static inline void debug_get_commit(struct mmk_machine *m, struct page *page)
{
#ifndef NDEBUG
	if (!is_zero_page(page))
		atomic_inc(page_debug_gets(m, page));
#else
	(void)m;
	(void)page;
#endif
}

/*
 * Under the PTL: the mapping's reference keeps the count above zero.  The
 * slow path's pin is the caller's at once (mmap_lock keeps fork out), so
 * it counts for the checker here.
 */
/*
 * What one grab adds to the folio's refcount: a pin of a small folio adds
 * the bias, a pin of a large one adds 1 and counts in its _pincount.
 */
static int gup_refs(struct page *folio, unsigned int flags)
{
	return (flags & FOLL_PIN) && !folio_test_large(folio) ? GUP_PIN_COUNTING_BIAS : 1;
}

static void try_grab_page(struct mmk_machine *m, struct page *page, unsigned int flags)
{
	struct page *folio = page_folio(page);

	if (is_zero_page(page))
		return;
	if (flags & FOLL_GET) {
		atomic_inc(&folio->_refcount);
		debug_get_commit(m, page);
	} else if (flags & FOLL_PIN) {
		atomic_add(gup_refs(folio, flags), &folio->_refcount);
		if (folio_test_large(folio))
			atomic_inc(&folio->_pincount);
		pt_check_pin_commit(m, page);
	}
}

/*
 * Lockless: take a reference only if the folio is not free (B3), and
 * only if @page still belongs to it afterwards (a THP freed and its
 * frames reused meanwhile would be the wrong folio: try_grab_folio_fast).
 */
static bool try_grab_page_fast(struct mmk_machine *m, struct page *page, unsigned int flags)
{
	struct page *folio = page_folio(page);
	int refs = gup_refs(folio, flags);

	if (!atomic_add_unless_zero(&folio->_refcount, refs))
		return false;
	if (unlikely(page_folio(page) != folio || gup_refs(folio, flags) != refs)) {
		/* Split meanwhile: @folio is a small folio of its own now. */
		if (atomic_add_return(-refs, &folio->_refcount) == 0)
			free_folio(m, folio);
		return false;
	}
	if ((flags & FOLL_PIN) && folio_test_large(folio))
		atomic_inc(&folio->_pincount);
	return true;
}

/*
 * Undo a grab; frees the page if ours was the last reference.  A device
 * page's grab also held its pagemap (gup_get_dev_pagemap): let that go too.
 */
static void gup_put_page(struct mmk_machine *m, struct page *page, unsigned int flags)
{
	struct page *folio = page_folio(page);
	int refs = gup_refs(folio, flags);
	bool devmap = is_device_dax_page(page);

	if (is_zero_page(page))
		return;
	assert(page_ref_count(page) >= refs);
	if ((flags & FOLL_PIN) && folio_test_large(folio))
		atomic_dec(&folio->_pincount);
	if (atomic_add_return(-refs, &folio->_refcount) == 0)
		free_folio(m, folio);
	if (devmap)
		gup_put_dev_pagemap(m, page);
}


/*
 * gup_must_unshare - may a pin with @flags not take @page behind a
 * read-only entry as it is?  @vma is NULL for GUP-fast, which then
 * assumes the worst for non-anonymous pages.
 */
static bool gup_must_unshare(struct mmk_machine *m, struct vm_area_struct *vma,
			     unsigned int flags, struct page *page)
{
	if (mmk_bug(m, MMK_BUG_GUP_NO_UNSHARE))
		return false;	/* historical bug: pin whatever the entry maps */
	if ((flags & (FOLL_WRITE | FOLL_PIN)) != FOLL_PIN)
		return false;	/* writes need a writable entry anyway */
	if (!PageAnon(page)) {
		/* Short-term R/O pins need not see later writes by the process. */
		if (!(flags & FOLL_LONGTERM))
			return false;
		return !vma || is_cow_mapping(vma->vm_flags);
	}
	/*
	 * Our pin (B3) before our look at the flag: pairs with the full
	 * barrier (A2) of whoever clears PG_anon_exclusive only after finding
	 * no pin, so one of us sees the other.
	 */
	smp_mb();
	return !PageAnonExclusive(page);
}

/* ---- the slow path ---- */

/* May this GUP touch @vma at all?  0 or -EFAULT. */
static int check_vma_flags(struct vm_area_struct *vma, unsigned int gup_flags)
{
	unsigned long vm_flags = vma->vm_flags;

	/* mmkit: PROT_NONE is refused even with FOLL_FORCE (docs/design.md). */
	if (!(vm_flags & VM_ACCESS_FLAGS))
		return -EFAULT;
	if (gup_flags & FOLL_WRITE) {
		if (!(vm_flags & VM_WRITE)) {
			if (!(gup_flags & FOLL_FORCE))
				return -EFAULT;
			/* A forced write breaks COW: only in private mappings. */
			if (!is_cow_mapping(vm_flags))
				return -EFAULT;
		}
	} else if (!(vm_flags & VM_READ)) {
		if (!(gup_flags & FOLL_FORCE) || !(vm_flags & VM_MAYREAD))
			return -EFAULT;
	}
	return 0;
}

/* May FOLL_WRITE use this entry as it is, or must a write fault come first? */
static bool can_follow_write_pte(pte_t pte, struct page *page,
				 struct vm_area_struct *vma, unsigned int flags)
{
	if (pte_write(pte))
		return true;
	if (!(flags & FOLL_FORCE))
		return false;
	/* FOLL_FORCE: a private, read-only VMA whose page COW already made ours. */
	if (vma->vm_flags & (VM_SHARED | VM_MAYSHARE))
		return false;
	if (!(vma->vm_flags & VM_MAYWRITE) || (vma->vm_flags & VM_WRITE))
		return false;
	return page && PageAnon(page) && PageAnonExclusive(page);
}

/*
 * follow_page_pte - the page mapped at @addr, grabbed as @flags say, in
 * *@pagep.  Returns 0, GUP_NEED_FAULT (no usable entry: fault it in),
 * GUP_NEED_UNSHARE, or -EFAULT for an entry with no page GUP can return.
 */
static int follow_page_pte(struct vm_area_struct *vma, uint64_t addr,
			   mmk_entry_t *pmdp, unsigned int flags, struct page **pagep)
{
	struct mm_struct *mm = vma->vm_mm;
	struct mmk_machine *m = mm->m;
	spinlock_t *ptl;
	mmk_entry_t *ptep = pte_offset_map_lock(mm, pmdp, addr, &ptl);
	struct page *page;
	int ret = 0;
	pte_t pte;

	if (!ptep)
		return GUP_NEED_FAULT;		/* no table (any more) */
	pte = entry_read(ptep);
	if (!pte_present(pte) || pte_protnone(pte)) {
		ret = GUP_NEED_FAULT;
		goto out;
	}
	page = vm_normal_page(vma, addr, pte);
	if ((flags & FOLL_WRITE) && !can_follow_write_pte(pte, page, vma, flags)) {
		ret = GUP_NEED_FAULT;
		goto out;
	}
	if (!page) {
		if (pte_pfn(pte) != page_to_pfn(m, m->zero_page)) {
			ret = -EFAULT;	/* a pfn with no struct page */
			goto out;
		}
		page = m->zero_page;
	}
	if (pte_devmap(pte) && !gup_get_dev_pagemap(m, page)) {
		ret = -EFAULT;		/* the device is going away */
		goto out;
	}
	if (!pte_write(pte) && gup_must_unshare(m, vma, flags, page)) {
		ret = GUP_NEED_UNSHARE;
		goto out;
	}
	assert(!(flags & FOLL_PIN) || !PageAnon(page) || PageAnonExclusive(page) ||
	       mmk_bug(m, MMK_BUG_GUP_NO_UNSHARE));
	try_grab_page(m, page, flags);
	/* FOLL_TOUCH: the caller will write; keep reclaim from dropping that. */
	if ((flags & (FOLL_TOUCH | FOLL_WRITE)) == (FOLL_TOUCH | FOLL_WRITE) &&
	    !pte_dirty(pte) && !PageDirty(page))
		folio_mark_dirty(page);
	*pagep = page;
out:
	pte_unmap_unlock(ptep, ptl);
	return ret;
}

/* follow_devmap_pmd: the page of a DAX PMD leaf, under the pmd lock. */
static int follow_devmap_pmd(struct vm_area_struct *vma, uint64_t addr,
			     mmk_entry_t *pmdp, unsigned int flags, struct page **pagep)
{
	struct mmk_machine *m = vma->vm_mm->m;
	spinlock_t *ptl = pmd_lock(vma->vm_mm, pmdp);
	pmd_t pmd = entry_read(pmdp);
	int ret = 0;

	if (!pmd_leaf(pmd) || ((flags & FOLL_WRITE) && !pte_write(pmd))) {
		ret = GUP_NEED_FAULT;	/* zapped meanwhile, or read-only */
	} else {
		struct page *page = pfn_to_page(m, pmd_pfn(pmd) + pte_index(addr));

		if (!gup_get_dev_pagemap(m, page)) {
			ret = -EFAULT;
		} else {
			try_grab_page(m, page, flags);
			*pagep = page;
		}
	}
	spin_unlock(ptl);
	return ret;
}

/*
 * follow_huge_pmd: the page of an anonymous (or huge zero) PMD leaf,
 * under the pmd lock, with the checks follow_page_pte() makes of a PTE.
 */
static int follow_huge_pmd(struct vm_area_struct *vma, uint64_t addr,
			   mmk_entry_t *pmdp, unsigned int flags, struct page **pagep)
{
	struct mmk_machine *m = vma->vm_mm->m;
	spinlock_t *ptl = pmd_lock(vma->vm_mm, pmdp);
	pmd_t pmd = entry_read(pmdp);
	struct page *page;
	int ret = 0;

	if (!pmd_leaf(pmd)) {
		spin_unlock(ptl);
		return GUP_NEED_FAULT;	/* split or zapped meanwhile: look again */
	}
	page = pfn_to_page(m, pmd_pfn(pmd) + pte_index(addr));
	if ((flags & FOLL_WRITE) && !can_follow_write_pte(pmd, page, vma, flags))
		ret = GUP_NEED_FAULT;
	else if (!pte_write(pmd) && gup_must_unshare(m, vma, flags, page))
		ret = GUP_NEED_UNSHARE;
	if (!ret) {
		try_grab_page(m, page, flags);
		*pagep = page;
	}
	spin_unlock(ptl);
	return ret;
}

/*
 * follow_page_mask - the upper levels, lockless: mmap_lock and the
 * policy's walk protocol keep the tables readable (full frees upper
 * tables, but only after a grace period, and its walk_begin is RCU).
 */
static int follow_page_mask(struct vm_area_struct *vma, uint64_t addr,
			    unsigned int flags, struct page **pagep)
{
	mmk_entry_t *pmdp = mm_find_pmd(vma->vm_mm, addr);
	pmd_t pmd;

	if (!pmdp)
		return GUP_NEED_FAULT;
	pmd = entry_read(pmdp);
	if (pmd_none(pmd))
		return GUP_NEED_FAULT;
	if (pmd_leaf(pmd))
		return pmd_devmap(pmd) ? follow_devmap_pmd(vma, addr, pmdp, flags, pagep)
				       : follow_huge_pmd(vma, addr, pmdp, flags, pagep);
	return follow_page_pte(vma, addr, pmdp, flags, pagep);
}

/* Fault @addr in for GUP: 0 (follow again) or -ENOMEM / -EFAULT. */
static int faultin_page(struct vm_area_struct *vma, uint64_t addr,
			unsigned int flags, bool unshare)
{
	unsigned int fault_flags = 0;
	int ret;

	mmap_assert_locked(vma->vm_mm);
	if (flags & FOLL_WRITE)
		fault_flags |= FAULT_FLAG_WRITE;
	if (unshare)
		fault_flags |= FAULT_FLAG_UNSHARE;
	assert(!(fault_flags & FAULT_FLAG_WRITE) || !unshare);
	ret = handle_mm_fault(vma, addr, fault_flags);
	return vm_fault_to_errno(ret, false);
}

/*
 * __get_user_pages - take @nr_pages pages from @start.  Caller holds
 * mmap_lock for read and is inside pt_walk_begin().  @pages may be NULL
 * only without FOLL_GET/FOLL_PIN (populate).  Returns the number of pages
 * done if any, else a negative errno; never 0 for nr_pages > 0.
 */
static long __get_user_pages(struct mm_struct *mm, uint64_t start,
			     unsigned long nr_pages, unsigned int gup_flags,
			     struct page **pages)
{
	struct vm_area_struct *vma = NULL;
	long i = 0;
	int ret = 0;

	mmap_assert_locked(mm);
	assert(!pages == !(gup_flags & (FOLL_GET | FOLL_PIN)));
	for (; nr_pages; nr_pages--, i++, start += PAGE_SIZE) {
		struct page *page = NULL;

		if (!vma || start >= vma->vm_end) {
			vma = vma_lookup(mm, start);
			if (gup_flags & FOLL_MADV_POPULATE) {
				/* Holes and permissions are reported MADV_POPULATE's way. */
				ret = !vma ? -ENOMEM : check_vma_flags(vma, gup_flags) ? -EINVAL : 0;
			} else {
				ret = !vma ? -EFAULT : check_vma_flags(vma, gup_flags);
			}
			if (ret)
				break;
		}
		for (;;) {
			ret = follow_page_mask(vma, start, gup_flags, &page);
			if (ret <= 0)
				break;
			ret = faultin_page(vma, start, gup_flags, ret == GUP_NEED_UNSHARE);
			if (ret)
				break;
		}
		if (ret)
			break;
		if (pages)
			pages[i] = page;
	}
	assert(i || ret < 0);
	return i ? i : ret;
}

/*
 * Linux's is_valid_gup_args(), plus mmkit's alignment rule: @gup_flags as
 * the caller gave them, @kind FOLL_GET or FOLL_PIN.
 */
static int gup_check_args(uint64_t start, unsigned long nr_pages,
			  unsigned int gup_flags, unsigned int kind, struct page **pages)
{
	if (gup_flags & ~FOLL_PUBLIC)
		return -EINVAL;
	if ((gup_flags & FOLL_LONGTERM) && kind != FOLL_PIN)
		return -EINVAL;		/* LONGTERM is for pins only */
	if (!pages || (start & ~PAGE_MASK))
		return -EINVAL;
	if (nr_pages > (UINT64_MAX - start) >> PAGE_SHIFT)
		return -EOVERFLOW;
	return 0;
}

/* The slow path as a caller holding nothing uses it (__gup_longterm_locked). */
static long __gup_longterm_locked(struct mm_struct *mm, uint64_t start,
				  unsigned long nr_pages, unsigned int gup_flags,
				  struct page **pages)
{
	long ret;

	mmap_read_lock(mm);
	pt_walk_begin(mm);
	ret = __get_user_pages(mm, start, nr_pages, gup_flags | FOLL_TOUCH, pages);
	pt_walk_end(mm);
	mmap_read_unlock(mm);
	/* FOLL_LONGTERM would migrate pages out of movable zones here: none yet. */
	return ret;
}

static long gup_slow(struct mm_struct *mm, uint64_t start, unsigned long nr_pages,
		     unsigned int gup_flags, unsigned int kind, struct page **pages)
{
	int ret = gup_check_args(start, nr_pages, gup_flags, kind, pages);

	if (ret)
		return ret;
	if (!nr_pages)
		return 0;
	return __gup_longterm_locked(mm, start, nr_pages, gup_flags | kind, pages);
}

long mmk_get_user_pages(struct mm_struct *mm, uint64_t start, unsigned long nr_pages,
			unsigned int gup_flags, struct page **pages)
{
	misuse_null(mm);
	return gup_slow(mm, start, nr_pages, gup_flags, FOLL_GET, pages);
}

long mmk_pin_user_pages(struct mm_struct *mm, uint64_t start, unsigned long nr_pages,
			unsigned int gup_flags, struct page **pages)
{
	misuse_null(mm);
	return gup_slow(mm, start, nr_pages, gup_flags, FOLL_PIN, pages);
}

long faultin_page_range(struct mm_struct *mm, uint64_t start, uint64_t end, bool write)
{
	unsigned int gup_flags = FOLL_TOUCH | FOLL_MADV_POPULATE | (write ? FOLL_WRITE : 0);
	long ret;

	assert(!(start & ~PAGE_MASK) && !(end & ~PAGE_MASK) && start < end);
	pt_walk_begin(mm);
	ret = __get_user_pages(mm, start, (end - start) >> PAGE_SHIFT, gup_flags, NULL);
	pt_walk_end(mm);
	return ret;
}

/* ---- GUP-fast ---- */

/* B1-B5 over [addr, end) of one PTE table.  False: stop, the rest is slow. */
static bool gup_fast_pte_range(struct mm_struct *mm, pmd_t pmd, mmk_entry_t *pmdp,
			       uint64_t addr, uint64_t end, unsigned int flags,
			       struct page **pages, unsigned long *nr)
{
	struct mmk_machine *m = mm->m;
	/* RCU keeps the table readable even if it is detached meanwhile. */
	mmk_entry_t *ptep = (mmk_entry_t *)pfn_to_virt(m, pmd_pfn(pmd)) + pte_index(addr);

	for (; addr != end; ptep++, addr += PAGE_SIZE) {
		pte_t pte = entry_read(ptep);			/* B1 */
		struct page *page;

		if (unlikely(pte == PTE_POISON)) {	/* the table was freed (1) */
			pt_check_poison(mm, ptep, addr, "GUP-fast");
			return false;
		}
		/* PROT_NONE entries lack _PAGE_PRESENT: refused here too. */
		if (!pte_hw_present(pte) || !(pte & _PAGE_USER) || pte_special(pte))
			return false;
		if ((flags & FOLL_WRITE) && !pte_write(pte))	/* B2 */
			return false;
		if (!pfn_valid(m, pte_pfn(pte)))
			return false;
		page = pfn_to_page(m, pte_pfn(pte));
		if (pte_devmap(pte) &&		/* LONGTERM devmap pins: slow path */
		    ((flags & FOLL_LONGTERM) || !gup_get_dev_pagemap(m, page)))
			return false;
		if (!try_grab_page_fast(m, page, flags)) {		/* B3 */
			if (pte_devmap(pte))
				gup_put_dev_pagemap(m, page);
			return false;
		}
		if (!pmd_same(entry_read(pmdp), pmd) ||	/* B4 */
		    !pte_same(entry_read(ptep), pte)) {
			gup_put_page(m, page, flags);
			return false;
		}
		if (!pte_write(pte) && gup_must_unshare(m, NULL, flags, page)) {	/* B5 */
			gup_put_page(m, page, flags);
			return false;
		}
		pages[(*nr)++] = page;
	}
	return true;
}

/*
 * __gup_device_huge_pmd: the pages of a DAX PMD leaf, each with a pagemap
 * reference and a grab, then the pmd re-read (B4 at PMD level).
 */
static bool gup_fast_devmap_pmd(struct mmk_machine *m, pmd_t pmd, mmk_entry_t *pmdp,
				uint64_t addr, uint64_t end, unsigned int flags,
				struct page **pages, unsigned long *nr)
{
	unsigned long first = *nr;

	if (!(pmd & _PAGE_USER) || ((flags & FOLL_WRITE) && !pte_write(pmd)) ||
	    (flags & FOLL_LONGTERM))
		return false;
	for (; addr != end; addr += PAGE_SIZE) {
		struct page *page = pfn_to_page(m, pmd_pfn(pmd) + pte_index(addr));

		if (!gup_get_dev_pagemap(m, page))
			goto undo;
		if (!try_grab_page_fast(m, page, flags)) {
			gup_put_dev_pagemap(m, page);
			goto undo;
		}
		pages[(*nr)++] = page;
	}
	if (pmd_same(entry_read(pmdp), pmd))
		return true;
undo:
	while (*nr > first)
		gup_put_page(m, pages[--*nr], flags);
	return false;
}

/*
 * gup_fast_pmd_leaf: the pages of an anonymous THP leaf, each grabbed,
 * then the pmd re-read (B4 at PMD level) and unsharing judged (B5).  The
 * huge zero page is left to the slow path, as the 4 KiB one is.
 */
static bool gup_fast_pmd_leaf(struct mmk_machine *m, pmd_t pmd, mmk_entry_t *pmdp,
			      uint64_t addr, uint64_t end, unsigned int flags,
			      struct page **pages, unsigned long *nr)
{
	unsigned long first = *nr;

	if (!pte_hw_present(pmd) || !(pmd & _PAGE_USER) ||
	    ((flags & FOLL_WRITE) && !pte_write(pmd)) || is_huge_zero_pmd(m, pmd))
		return false;
	for (; addr != end; addr += PAGE_SIZE) {
		struct page *page = pfn_to_page(m, pmd_pfn(pmd) + pte_index(addr));

		if (!try_grab_page_fast(m, page, flags))
			goto undo;
		pages[(*nr)++] = page;
	}
	if (!pmd_same(entry_read(pmdp), pmd))
		goto undo;
	if (!pte_write(pmd) && gup_must_unshare(m, NULL, flags, pages[first]))
		goto undo;
	return true;
undo:
	while (*nr > first)
		gup_put_page(m, pages[--*nr], flags);
	return false;
}

/*
 * The lockless walk over [addr, end): the iterator reads each upper entry
 * once and stops with the first gap, which the slow path then takes over.
 */
static void gup_fast_pgd_range(struct mm_struct *mm, uint64_t addr, uint64_t end,
			       unsigned int flags, struct page **pages, unsigned long *nr)
{
	unsigned int iter_flags = PT_ITER_NONE;
	struct pt_iter it;

	if (mmk_bug(mm->m, MMK_BUG_GUP_FAST_NO_RCU))
		iter_flags |= PT_ITER_UNCHECKED;	/* walks without RCU on purpose */
	for (pt_iter_start(&it, mm, addr, end, 2, iter_flags, "GUP-fast"); it.valid;
	     pt_iter_next(&it)) {
		pmd_t pmd = it.entry;
		bool ok;

		if (it.level != 2)
			break;	/* a hole above the PMD level */
		if (pmd_leaf(pmd) && pmd_devmap(pmd))
			ok = gup_fast_devmap_pmd(mm->m, pmd, it.entryp, it.addr, it.next,
						 flags, pages, nr);
		else if (pmd_leaf(pmd))
			ok = gup_fast_pmd_leaf(mm->m, pmd, it.entryp, it.addr, it.next,
					       flags, pages, nr);
		else if (!pmd_present(pmd) || pmd_bad(pmd))
			ok = false;	/* none, migration entries: the slow path's */
		else
			ok = gup_fast_pte_range(mm, pmd, it.entryp, it.addr, it.next, flags,
						pages, nr);
		if (!ok)
			break;
	}
}

/* Drop what a failed FOLL_PIN GUP-fast pinned. */
static void gup_fast_unpin_user_pages(struct mmk_machine *m, struct page **pages,
				      unsigned long n)
{
	for (unsigned long i = 0; i < n; i++)
		gup_put_page(m, pages[i], FOLL_PIN);
}

/* The lockless walk: how many pages from @start it took (a prefix). */
static unsigned long gup_fast(struct mm_struct *mm, uint64_t start, uint64_t end,
			      unsigned int flags, struct page **pages)
{
	unsigned long nr = 0;
	int seq = 0;

	if (end > TASK_SIZE)
		return 0;
	if (flags & FOLL_PIN) {
		seq = atomic_read(&mm->write_protect_seq);
		smp_mb();	/* the count before any entry (raw_seqcount_try_begin) */
		if (seq & 1)
			return 0;	/* fork is copying page tables right now */
	}
	/* local_irq_save(); the historical bug walks unprotected */
	bool protect = !mmk_bug(mm->m, MMK_BUG_GUP_FAST_NO_RCU);
	if (protect)
		rcu_read_lock();
	gup_fast_pgd_range(mm, start, end, flags, pages, &nr);
	if (protect)
		rcu_read_unlock();
	if (flags & FOLL_PIN) {
		smp_mb();	/* our pins before the reread (read_seqcount_retry) */
		if (atomic_read(&mm->write_protect_seq) != seq) {
			gup_fast_unpin_user_pages(mm->m, pages, nr);
			return 0;
		}
		/* Every recheck passed: these pins are the caller's now. */
		for (unsigned long i = 0; i < nr; i++)
			pt_check_pin_commit(mm->m, pages[i]);
	} else {
		for (unsigned long i = 0; i < nr; i++)
			debug_get_commit(mm->m, pages[i]);
	}
	return nr;
}

/* GUP-fast, then the slow path for the rest (gup_fast_fallback). */
static long gup_fast_fallback(struct mm_struct *mm, uint64_t start, unsigned long nr_pages,
			      unsigned int gup_flags, unsigned int kind, struct page **pages)
{
	int err = gup_check_args(start, nr_pages, gup_flags, kind, pages);
	unsigned long nr;
	long ret;

	if (err)
		return err;
	gup_flags |= kind;
	if (!nr_pages)
		return 0;
	if (start + (nr_pages << PAGE_SHIFT) > TASK_SIZE)
		return -EFAULT;
	nr = gup_fast(mm, start, start + (nr_pages << PAGE_SHIFT), gup_flags, pages);
	if (nr == nr_pages)
		return (long)nr;
	ret = __gup_longterm_locked(mm, start + (nr << PAGE_SHIFT), nr_pages - nr,
				    gup_flags, pages + nr);
	if (ret < 0)
		return nr ? (long)nr : ret;	/* the caller must release those */
	return ret + (long)nr;
}

long mmk_get_user_pages_fast(struct mm_struct *mm, uint64_t start, unsigned long nr_pages,
			     unsigned int gup_flags, struct page **pages)
{
	misuse_null(mm);
	return gup_fast_fallback(mm, start, nr_pages, gup_flags, FOLL_GET, pages);
}

long mmk_pin_user_pages_fast(struct mm_struct *mm, uint64_t start, unsigned long nr_pages,
			     unsigned int gup_flags, struct page **pages)
{
	misuse_null(mm);
	return gup_fast_fallback(mm, start, nr_pages, gup_flags, FOLL_PIN, pages);
}

/* ---- releasing, DMA ---- */

void mmk_unpin_user_pages(struct mmk_machine *m, struct page **pages, unsigned long n)
{
	misuse_null(m);
	misuse_if(!pages && n, "pages is NULL with n %lu", n);
	for (unsigned long i = 0; i < n; i++)
		if (pages[i]) {
			pt_check_unpin(m, pages[i]);
			gup_put_page(m, pages[i], FOLL_PIN);
		}
}

void mmk_unpin_user_pages_dirty_lock(struct mmk_machine *m, struct page **pages,
				     unsigned long n, bool make_dirty)
{
	misuse_null(m);
	misuse_if(!pages && n, "pages is NULL with n %lu", n);
	for (unsigned long i = 0; i < n; i++) {
		struct page *page = pages[i];

		if (!page)
			continue;
		/* There is no page lock to take: setting the flag is atomic. */
		if (make_dirty && !is_zero_page(page) && !PageDirty(page))
			folio_mark_dirty(page);
		pt_check_unpin(m, page);
		gup_put_page(m, page, FOLL_PIN);
	}
}

void mmk_put_page(struct mmk_machine *m, struct page *page)
{
	misuse_null(m);
	misuse_null(page);
#ifndef NDEBUG
	if (!is_zero_page(page)) {
		atomic_t *debug_gets = page_debug_gets(m, page);
		int gets = atomic_read(debug_gets);

		do {
			misuse_if(gets <= 0, "page pfn 0x%llx holds no reference from "
				  "mmk_get_user_pages*()%s", (unsigned long long)
				  mmk_page_pfn(m, page), folio_maybe_dma_pinned(page) ?
				  ": it is pinned, release it with mmk_unpin_user_pages()" : "");
		} while (!atomic_compare_exchange_weak_explicit(&debug_gets->v,
				&gets, gets - 1, memory_order_relaxed, memory_order_relaxed));
	}
#endif
	gup_put_page(m, page, FOLL_GET);
}

/* A page of @m that somebody holds. */
static bool dma_page_ok(struct mmk_machine *m, struct page *page, size_t off, size_t len)
{
	return page >= m->pages && pfn_valid(m, (uint64_t)(page - m->pages)) &&
	       page_ref_count(page) > 0 &&
	       !PageTable(page) && off <= PAGE_SIZE && len <= PAGE_SIZE - off;
}

int mmk_dma_write(struct mmk_machine *m, struct page *page, size_t off,
		  const void *buf, size_t len)
{
	misuse_null(m);
	misuse_null(page);
	misuse_if(!buf && len, "buf is NULL with len %zu", len);
	if (!dma_page_ok(m, page, off, len))
		return -EINVAL;
	if (is_zero_page(page))
		return -EFAULT;
	frame_store(m, page_to_pfn(m, page), off, buf, len);
	return 0;
}

int mmk_dma_read(struct mmk_machine *m, struct page *page, size_t off,
		 void *buf, size_t len)
{
	misuse_null(m);
	misuse_null(page);
	misuse_if(!buf && len, "buf is NULL with len %zu", len);
	if (!dma_page_ok(m, page, off, len))
		return -EINVAL;
	frame_load(m, page_to_pfn(m, page), off, buf, len);
	return 0;
}

uint64_t mmk_page_pfn(struct mmk_machine *m, struct page *page)
{
	misuse_null(m);
	misuse_null(page);
	return page_to_pfn(m, page);
}

/* SPDX-License-Identifier: MIT */
/*
 * memremap.c - ZONE_DEVICE memory: registering a device's memory
 * (memremap_pages), the dev_pagemap live reference, device page lifetime,
 * and unbinding a device (memunmap_pages).
 *
 * Frames.  The machine reserves a window of pfns after RAM and the zero
 * page (mmk_config.device_bytes); each device takes a consecutive range of
 * it, with struct pages flagged PG_device and pointing at their pagemap,
 * set up on first use only (memremap.h, struct dev_pagemap): registering
 * a device costs no host memory, as RAM costs none until used.  An idle
 * device page has refcount 0 and PG_free (or, never used, no flags), like
 * a free RAM frame, so the checker's "nothing maps a free frame" covers
 * device memory too.
 *
 * The live reference (percpu_ref, kept in atomic mode: one counter with a
 * DEAD bit).  Who holds it is listed at struct dev_pagemap (memremap.h).
 * Its tryget (Linux's get_dev_pagemap) fails once unbind killed the ref,
 * which is how a DAX fault, a GUP or a migration to the device learns that
 * the device is going away.
 *
 * Unbind, step by step:
 *   1. GUP references held?  -EBUSY.  (Checked again after step 2: a GUP
 *      raises gup_refs *before* its tryget and an unbind kills *before*
 *      reading gup_refs, both with full barriers, so one sees the other.)
 *   2. Kill the ref: every later tryget fails.
 *   3. Revoke: zap every VMA mapping the device (DAX) or move every
 *      device-private page back to RAM, in every mm.
 *   4. Wait until the ref drains: in-flight faults have finished, every
 *      entry is gone, every page is back.
 * With the historical bug devmap_no_pgmap_ref, GUP takes no pagemap
 * reference, step 1 sees nothing, and unbind completes under a pin: the
 * checker reports invariant 12.
 *
 * Locks: dev_lock (machine) guards registration; a pagemap's lock guards
 * its private free list and the idle/in-use transition of DAX pages.
 * Unbinds of one device are serialised by the state word (LIVE -> DYING
 * by compare-and-swap), never by a lock held across mmap_lock.
 */
#include <inttypes.h>
#include <string.h>
#include "mmap_lock.h"
#include "mmap.h"
#include "tlb.h"
#include "memremap.h"
#include "pt_policy.h"
#include "page_table_check.h"
#include "highmem.h"

struct mmk_device {
	struct dev_pagemap pgmap;
};

static struct dev_pagemap *to_pgmap(struct mmk_device *dev)
{
	return &dev->pgmap;
}

/* ---- percpu_ref, atomic mode ---- */
bool percpu_ref_tryget_live(struct percpu_ref *r)
{
	mmk_sched_point(MMK_SP_ATOMIC, r);
	int v = atomic_load_explicit(&r->count.v, memory_order_relaxed);

	while (!(v & PERCPU_REF_DEAD))
		if (atomic_compare_exchange_weak_explicit(&r->count.v, &v, v + 1,
				memory_order_seq_cst, memory_order_relaxed))
			return true;
	return false;
}

void percpu_ref_get(struct percpu_ref *r)
{
	atomic_inc(&r->count);
}

void percpu_ref_put(struct percpu_ref *r)
{
	int v = atomic_add_return(-1, &r->count);

	assert((v & ~PERCPU_REF_DEAD) >= 0);
	(void)v;
}

static void percpu_ref_kill(struct percpu_ref *r)
{
	mmk_sched_point(MMK_SP_ATOMIC, r);
	atomic_fetch_or_explicit(&r->count.v, PERCPU_REF_DEAD, memory_order_seq_cst);
}

static void percpu_ref_resurrect(struct percpu_ref *r)
{
	mmk_sched_point(MMK_SP_ATOMIC, r);
	atomic_fetch_and_explicit(&r->count.v, ~PERCPU_REF_DEAD, memory_order_seq_cst);
}

static int percpu_ref_count(struct percpu_ref *r)
{
	return atomic_read(&r->count) & ~PERCPU_REF_DEAD;
}

/* ---- lookups ---- */
struct dev_pagemap *pfn_to_pgmap(struct mmk_machine *m, uint64_t pfn)
{
	int n = atomic_load_explicit(&m->nr_pgmaps, memory_order_acquire);

	for (int i = 0; i < n; i++) {
		struct dev_pagemap *pg = m->pgmaps[i];
		if (pfn >= pg->pfn_first && pfn - pg->pfn_first < pg->nr_pages)
			return pg;
	}
	return NULL;
}

/*
 * GUP's reference on the pagemap of a device page it is about to grab.
 * gup_refs goes up first so that an unbind that killed the ref meanwhile
 * either sees it (EBUSY) or makes our tryget fail.
 */
bool gup_get_dev_pagemap(struct mmk_machine *m, struct page *page)
{
	struct dev_pagemap *pg = page->pgmap;

	if (mmk_bug(m, MMK_BUG_DEVMAP_NO_PGMAP_REF))
		return atomic_read(&pg->state) == PGMAP_LIVE;	/* a look, no reference */
	atomic_inc(&pg->gup_refs);
	if (percpu_ref_tryget_live(&pg->ref))
		return true;
	atomic_dec(&pg->gup_refs);
	return false;
}

void gup_put_dev_pagemap(struct mmk_machine *m, struct page *page)
{
	struct dev_pagemap *pg = page->pgmap;

	if (mmk_bug(m, MMK_BUG_DEVMAP_NO_PGMAP_REF))
		return;
	atomic_dec(&pg->gup_refs);
	put_dev_pagemap(pg);
}

/* ---- device pages ---- */

/*
 * First use of page @pgoff of @pg (see struct dev_pagemap): no memset, as
 * a DAX fault may be reading its refcount (still 0) locklessly; the rest
 * of the page is zero already.  Under pg->lock.
 */
static struct page *device_page_setup(struct dev_pagemap *pg, uint64_t pgoff)
{
	struct page *p = pfn_to_page(pg->m, pg->pfn_first + pgoff);

	lockdep_assert_held(&pg->lock);
	if (p->pgmap)
		return p;
	p->pgmap = pg;
	atomic_store_explicit(&p->flags, PG_device | PG_free, memory_order_release);
	if (pgoff >= pg->touched)
		pg->touched = pgoff + 1;
	return p;
}

uint64_t pgmap_touched(struct dev_pagemap *pg)
{
	uint64_t n;

	spin_lock(&pg->lock);
	n = pg->touched;
	spin_unlock(&pg->lock);
	return n;
}

/* Mark an idle device page in use: refcount 1 (RAM pages: alloc_page). */
static void device_page_get_first(struct page *p)
{
	atomic_store_explicit(&p->flags, PG_device, memory_order_release);
	assert(page_mapcount(p) == 0);
	p->mapping = NULL;
	p->index = 0;
	atomic_set(&p->_refcount, 1);
}

struct page *alloc_device_private_page(struct dev_pagemap *pg)
{
	struct page *p;

	if (!percpu_ref_tryget_live(&pg->ref))
		return NULL;		/* going away: migrate nothing to it */
	spin_lock(&pg->lock);
	p = pg->free;
	if (p)
		pg->free = page_next(p);
	else if (pg->touched < pg->nr_pages)	/* never used yet */
		p = device_page_setup(pg, pg->touched);
	spin_unlock(&pg->lock);
	if (!p) {
		put_dev_pagemap(pg);
		return NULL;
	}
	set_page_next(p, NULL);
	frame_lines_reset(pg->m, page_to_pfn(pg->m, p));	/* reads as zeros */
	device_page_get_first(p);	/* keeps the pagemap reference */
	return p;
}

/* free_zone_device_folio: the last reference to a device page went. */
void free_zone_device_page(struct mmk_machine *m, struct page *p)
{
	struct dev_pagemap *pg = p->pgmap;

	(void)m;
	spin_lock(&pg->lock);
	if (pg->type != MEMORY_DEVICE_PRIVATE) {
		/* DAX: idle until mapped again, unless a fault took it meanwhile. */
		if (page_ref_count(p) == 0)
			atomic_store_explicit(&p->flags, PG_device | PG_free,
					      memory_order_release);
		spin_unlock(&pg->lock);
		return;
	}
	atomic_store_explicit(&p->flags, PG_device | PG_free, memory_order_release);
	set_page_next(p, pg->free);
	pg->free = p;
	spin_unlock(&pg->lock);
	put_dev_pagemap(pg);
}

/*
 * A DAX fault or a migration to the device takes the pagemap reference for
 * its duration and counts itself in users (Linux: the dax_read_lock() SRCU
 * section plus the alive check); an entry it installs takes its own
 * reference.  False once unbind began: the fault raises SIGBUS.  users goes
 * up before the tryget, the kill comes before unbind reads users (both
 * seq_cst read-modify-writes): either the tryget fails or unbind waits.
 */
bool pgmap_use_begin(struct dev_pagemap *pg)
{
	atomic_inc(&pg->users);
	if (percpu_ref_tryget_live(&pg->ref))
		return true;
	atomic_dec(&pg->users);
	return false;
}

void pgmap_use_end(struct dev_pagemap *pg)
{
	put_dev_pagemap(pg);
	atomic_dec(&pg->users);
}

/* The device page behind a DAX fault; it gets a mapping's reference. */
struct page *dax_map_page(struct dev_pagemap *pg, uint64_t pgoff)
{
	struct page *p = pfn_to_page(pg->m, pg->pfn_first + pgoff);

	if (atomic_add_unless_zero(&p->_refcount, 1))
		return p;
	/* Idle: the first user.  Concurrent first users: one wins the flag. */
	spin_lock(&pg->lock);
	device_page_setup(pg, pgoff);
	if (!atomic_add_unless_zero(&p->_refcount, 1))
		device_page_get_first(p);
	spin_unlock(&pg->lock);
	return p;
}

/* ---- create ---- */
int mmk_device_create(struct mmk_machine *m, enum mmk_device_type type,
		      uint64_t bytes, uint64_t align, struct mmk_device **out)
{
	misuse_null(m);
	misuse_null(out);
	struct mmk_device *dev;
	struct dev_pagemap *pg;
	uint64_t n = bytes >> PAGE_SHIFT;
	int ret = 0;

	if (type == MMK_DEVICE_DAX && align == 0)
		align = PMD_SIZE;
	if (!bytes || (bytes & ~PAGE_MASK) ||
	    (type != MMK_DEVICE_DAX && type != MMK_DEVICE_PRIVATE) ||
	    (type == MMK_DEVICE_DAX && align != PAGE_SIZE && align != PMD_SIZE) ||
	    (type == MMK_DEVICE_DAX && (bytes & (align - 1))))
		return -EINVAL;
	dev = calloc(1, sizeof(*dev));
	if (!dev)
		return -ENOMEM;
	pg = to_pgmap(dev);
	pg->m = m;
	pg->type = type == MMK_DEVICE_DAX ? MEMORY_DEVICE_GENERIC : MEMORY_DEVICE_PRIVATE;
	pg->align = type == MMK_DEVICE_DAX ? align : PAGE_SIZE;
	pg->nr_pages = n;
	spin_lock_init(&pg->lock, LOCK_RANK_PGMAP);
	spin_lock(&m->dev_lock);
	int nr = atomic_load_explicit(&m->nr_pgmaps, memory_order_relaxed);
	/* A PMD-aligned range, so device pfns can back 2 MiB leaves. */
	uint64_t first = (m->dev_next_pfn + 511) & ~511ULL;
	if (nr >= MMK_MAX_DEVICES || first + n > m->dev_base_pfn + m->dev_frames) {
		ret = -ENOMEM;
	} else {
		m->dev_next_pfn = first + n;
		pg->pfn_first = first;
		pg->id = (unsigned int)nr;
	}
	spin_unlock(&m->dev_lock);
	if (ret) {
		free(dev);
		return ret;
	}
	spin_lock(&m->dev_lock);
	nr = atomic_load_explicit(&m->nr_pgmaps, memory_order_relaxed);
	m->pgmaps[nr] = pg;
	pg->id = (unsigned int)nr;
	atomic_store_explicit(&m->nr_pgmaps, nr + 1, memory_order_release);
	spin_unlock(&m->dev_lock);
	*out = dev;
	return 0;
}

void memremap_destroy(struct mmk_machine *m)
{
	int n = atomic_load_explicit(&m->nr_pgmaps, memory_order_acquire);

	for (int i = 0; i < n; i++) {
		dmirror_destroy(m->pgmaps[i]);
		free((struct mmk_device *)m->pgmaps[i]);
	}
	atomic_store(&m->nr_pgmaps, 0);
}

struct dev_pagemap *mmk_device_pgmap(struct mmk_device *dev)
{
	return to_pgmap(dev);
}

/* ---- unbind ---- */

/* Zap every mapping of DAX @pg in @mm (unmap_mapping_range). */
static void revoke_dax(struct mm_struct *mm, struct dev_pagemap *pg)
{
	mmap_assert_locked(mm);

	for (unsigned int i = 0; i < mm->nr_vmas; i++) {
		struct vm_area_struct *vma = mm->vmas[i];
		struct zap_details details = { .reason = ZAP_REVOKE };
		struct mmu_gather tlb;

		if (vma->dev != pg)
			continue;
		tlb_gather_mmu(&tlb, mm);
		pt_walk_begin(mm);
		unmap_page_range(&tlb, vma, vma->vm_start, vma->vm_end, &details);
		pt_walk_end(mm);
		tlb_finish_mmu(&tlb);
	}
}

/* Move every private page of @pg that @mm maps back to RAM. */
static void evict_private(struct mm_struct *mm, struct dev_pagemap *pg)
{
	mmap_assert_locked(mm);

	for (unsigned int i = 0; i < mm->nr_vmas; i++) {
		struct vm_area_struct *vma = mm->vmas[i];

		if (vma_is_anonymous(vma))
			migrate_vma_range_to_ram(vma, vma->vm_start, vma->vm_end, pg);
	}
}

/* Step 3 in every mm: each is kept alive by mmgrab while we sleep on it. */
static void revoke_all(struct dev_pagemap *pg)
{
	unsigned int n;
	struct mm_struct **mms = mm_list_grab(pg->m, &n);

	/* Without host memory for the list, the wait below still covers. */
	for (unsigned int i = 0; i < n; i++) {
		struct mm_struct *mm = mms[i];

		mmap_read_lock(mm);
		if (!mm->exited) {
			if (pg->type == MEMORY_DEVICE_PRIVATE)
				evict_private(mm, pg);
			else
				revoke_dax(mm, pg);
		}
		mmap_read_unlock(mm);
	}
	mm_list_drop(mms, n);
}

/* With checking on: a page still referenced after teardown is invariant 12. */
static void check_teardown(struct dev_pagemap *pg)
{
	struct mmk_machine *m = pg->m;

	if (!pt_checking(m))
		return;
	for (uint64_t i = 0, n = pgmap_touched(pg); i < n; i++) {
		struct page *p = pfn_to_page(m, pg->pfn_first + i);

		if (page_ref_count(p) > 0) {
			pt_check_record(m, 12, 0, "unbind of device %u completed while its "
					"page pfn 0x%" PRIx64 " is still referenced (refcount "
					"%d%s): teardown did not wait for every reference",
					pg->id, pg->pfn_first + i, page_ref_count(p),
					folio_maybe_dma_pinned(p) ? ", pinned" : "");
			return;
		}
	}
}

int mmk_device_unbind(struct mmk_device *dev)
{
	misuse_null(dev);
	struct dev_pagemap *pg = to_pgmap(dev);
	unsigned int spins = 0;

	if (atomic_cmpxchg(&pg->state, PGMAP_LIVE, PGMAP_DYING) != PGMAP_LIVE)
		return -ENODEV;		/* unbound, or another unbind runs */
	if (atomic_read(&pg->gup_refs))
		goto busy;
	percpu_ref_kill(&pg->ref);
	smp_mb();	/* the kill before reading gup_refs: pairs with GUP's order */
	if (atomic_read(&pg->gup_refs)) {
		percpu_ref_resurrect(&pg->ref);
		goto busy;
	}
	/* In-flight faults and migrations finish their installs first. */
	while (atomic_read(&pg->users) > 0)
		mmk_wait_relax(&pg->users, &spins);
	revoke_all(pg);
	while (percpu_ref_count(&pg->ref) > 0)
		mmk_wait_relax(&pg->ref, &spins);
	dmirror_unbind(pg);
	atomic_set(&pg->state, PGMAP_GONE);
	check_teardown(pg);
	return 0;
busy:
	atomic_set(&pg->state, PGMAP_LIVE);
	return -EBUSY;
}

void mmk_device_stats(struct mmk_device *dev, struct mmk_device_stats *st)
{
	misuse_null(dev);
	misuse_null(st);
	struct dev_pagemap *pg = to_pgmap(dev);
	uint64_t used = 0;

	for (uint64_t i = 0, n = pgmap_touched(pg); i < n; i++)
		used += page_ref_count(pfn_to_page(pg->m, pg->pfn_first + i)) > 0;
	st->pages = pg->nr_pages;
	st->used = used;
	st->mirrored = dmirror_entries(pg);
	st->bound = atomic_read(&pg->state) == PGMAP_LIVE;
}

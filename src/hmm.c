/* SPDX-License-Identifier: MIT */
/*
 * hmm.c - a device that mirrors process page tables the way
 * lib/test_hmm.c's dmirror does (hmm_range_fault, then access through the
 * mirror), kept coherent by mmu notifiers (mmu_notifier.c).
 *
 * The mirror.  A hash of (mm, virtual page) -> (pfn, writable), under
 * dmirror->lock, which is also held across every copy through it: an
 * invalidation waits for a copy in flight, as dmirror's mutex makes it.
 * A miss runs hmm_range_fault: with mmap_lock held for read, sample the
 * sequence, walk the CPU page table (faulting the page in, writable for a
 * write; a device-private page of this very device is used in place, any
 * other is migrated home by the fault), then under the mirror lock install
 * the entry only if no invalidation ran meanwhile, else start again.
 *
 * Locks: mmap_lock (read) -> dmirror->lock (lockdep.h ranks them).
 */
#include <string.h>
#include "highmem.h"
#include "pgtable.h"
#include "mmap_lock.h"
#include "mmap.h"
#include "memremap.h"
#include "mmu_notifier.h"
#include "pt_policy.h"

#define DMIRROR_BUCKETS 1024

struct dmirror_entry {
	uint64_t mm_id, vpn, pfn;
	bool write;
	struct dmirror_entry *next;
};

/* One mm this device mirrors: its notifier registration. */
struct dmirror_mm {
	struct mmu_notifier mn;		/* first: container_of by cast */
	struct dmirror *dmirror;
	struct mm_struct *mm;		/* NULL once the mm exited */
	struct dmirror_mm *next;	/* dmirror->mms, under dmirror->lock */
};

struct dmirror {
	struct dev_pagemap *pgmap;
	spinlock_t lock;
	struct dmirror_entry *buckets[DMIRROR_BUCKETS];
	uint64_t nr;
	struct dmirror_mm *mms;
	bool dead;			/* unbound */
};

/* ---- the mirror table (dmirror->lock held) ---- */
static unsigned int bucket_of(uint64_t mm_id, uint64_t vpn)
{
	return (unsigned int)((vpn * 0x9e3779b97f4a7c15ULL + mm_id) >> 54) % DMIRROR_BUCKETS;
}

static struct dmirror_entry *mirror_lookup(struct dmirror *d, uint64_t mm_id, uint64_t vpn)
{
	lockdep_assert_held(&d->lock);

	for (struct dmirror_entry *e = d->buckets[bucket_of(mm_id, vpn)]; e; e = e->next)
		if (e->mm_id == mm_id && e->vpn == vpn)
			return e;
	return NULL;
}

static int mirror_set(struct dmirror *d, uint64_t mm_id, uint64_t vpn, uint64_t pfn,
		      bool write)
{
	struct dmirror_entry *e = mirror_lookup(d, mm_id, vpn);

	lockdep_assert_held(&d->lock);
	if (!e) {
		unsigned int b = bucket_of(mm_id, vpn);

		e = malloc(sizeof(*e));
		if (!e)
			return -ENOMEM;
		e->mm_id = mm_id;
		e->vpn = vpn;
		e->next = d->buckets[b];
		d->buckets[b] = e;
		d->nr++;
	}
	e->pfn = pfn;
	e->write = write;
	return 0;
}

static void mirror_remove(struct dmirror *d, uint64_t mm_id, uint64_t vpn)
{
	lockdep_assert_held(&d->lock);

	for (struct dmirror_entry **pp = &d->buckets[bucket_of(mm_id, vpn)]; *pp;
	     pp = &(*pp)->next) {
		struct dmirror_entry *e = *pp;

		if (e->mm_id == mm_id && e->vpn == vpn) {
			*pp = e->next;
			free(e);
			d->nr--;
			return;
		}
	}
}

/* Drop the entries of @mm_id in [start, end) (all of them for end == 0). */
static void mirror_clear(struct dmirror *d, uint64_t mm_id, uint64_t start, uint64_t end)
{
	uint64_t vs = start >> PAGE_SHIFT, ve = end >> PAGE_SHIFT;

	lockdep_assert_held(&d->lock);
	for (unsigned int b = 0; b < DMIRROR_BUCKETS && d->nr; b++) {
		struct dmirror_entry **pp = &d->buckets[b];

		while (*pp) {
			struct dmirror_entry *e = *pp;

			if ((mm_id == 0 || e->mm_id == mm_id) &&
			    (end == 0 || (e->vpn >= vs && e->vpn < ve))) {
				*pp = e->next;
				free(e);
				d->nr--;
			} else {
				pp = &e->next;
			}
		}
	}
}

/* ---- notifier callbacks ---- */
static void dmirror_invalidate(struct mmu_notifier *mn, struct mm_struct *mm,
			       uint64_t start, uint64_t end)
{
	struct dmirror *d = ((struct dmirror_mm *)mn)->dmirror;

	spin_lock(&d->lock);
	if (end - start <= 64 * PAGE_SIZE) {
		for (uint64_t a = start; a < end; a += PAGE_SIZE)
			mirror_remove(d, mm->id, a >> PAGE_SHIFT);
	} else {
		mirror_clear(d, mm->id, start, end);
	}
	spin_unlock(&d->lock);
}

static void dmirror_release(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct dmirror_mm *dm = (struct dmirror_mm *)mn;
	struct dmirror *d = dm->dmirror;

	spin_lock(&d->lock);
	mirror_clear(d, mm->id, 0, 0);
	dm->mm = NULL;
	spin_unlock(&d->lock);
}

/* ---- per device ---- */
static struct dmirror *dmirror_get(struct dev_pagemap *pg)
{
	struct dmirror *d = atomic_load_explicit(&pg->mirror, memory_order_acquire), *none = NULL;

	if (d)
		return d;
	d = calloc(1, sizeof(*d));
	if (!d)
		return NULL;
	d->pgmap = pg;
	spin_lock_init(&d->lock, LOCK_RANK_DMIRROR);
	if (!atomic_compare_exchange_strong(&pg->mirror, &none, d)) {
		free(d);
		d = none;
	}
	return d;
}

/* Register with @mm once (dmirror_fops_open's mmu_notifier_register). */
static int dmirror_attach(struct dmirror *d, struct mm_struct *mm)
{
	struct dmirror_mm *dm;

	spin_lock(&d->lock);
	for (dm = d->mms; dm; dm = dm->next)
		if (dm->mm == mm)
			break;
	spin_unlock(&d->lock);
	if (dm)
		return 0;
	dm = calloc(1, sizeof(*dm));
	if (!dm)
		return -ENOMEM;
	dm->mn.invalidate_range_start = dmirror_invalidate;
	dm->mn.release = dmirror_release;
	dm->dmirror = d;
	dm->mm = mm;
	/* Two attaching threads may both get here: the list decides. */
	spin_lock(&d->lock);
	for (struct dmirror_mm *o = d->mms; o; o = o->next) {
		if (o->mm == mm) {
			spin_unlock(&d->lock);
			free(dm);
			return 0;
		}
	}
	dm->next = d->mms;
	d->mms = dm;
	spin_unlock(&d->lock);
	mmu_notifier_register(mm, &dm->mn);
	return 0;
}

/*
 * One page of hmm_range_fault: what the CPU page table maps at @addr,
 * usable as @write asks, or a code saying to fault.  Caller holds
 * mmap_lock (read) and the walk protocol.
 */
static int hmm_vma_walk(struct dmirror *d, struct vm_area_struct *vma, uint64_t addr,
			bool write, uint64_t *pfnp, bool *writablep)
{
	struct mm_struct *mm = vma->vm_mm;
	mmk_entry_t *pmdp = mm_find_pmd(mm, addr), *ptep;
	spinlock_t *ptl;
	pmd_t pmd;
	pte_t pte;

	mmap_assert_locked(mm);
	if (!pmdp || pmd_none(pmd = entry_read(pmdp)))
		return 1;
	if (pmd_leaf(pmd)) {
		if (write && !pte_write(pmd))
			return 1;
		*pfnp = pmd_pfn(pmd) + pte_index(addr);
		*writablep = pte_write(pmd);
		return 0;
	}
	ptep = pte_offset_map_lock(mm, pmdp, addr, &ptl);
	if (!ptep)
		return 1;
	pte = entry_read(ptep);
	pte_unmap_unlock(ptep, ptl);
	if (is_device_private_entry(pte) &&
	    pfn_to_page(mm->m, pte_pfn(pte))->pgmap == d->pgmap &&
	    (!write || swp_type(pte) == SWP_DEVICE_WRITE)) {
		*pfnp = pte_pfn(pte);	/* our own memory: used in place */
		*writablep = swp_type(pte) == SWP_DEVICE_WRITE;
		return 0;
	}
	if (!pte_present(pte) || pte_protnone(pte) || (write && !pte_write(pte)))
		return 1;
	*pfnp = pte_pfn(pte);
	*writablep = pte_write(pte);
	return 0;
}

/* hmm_range_fault + install into the mirror, for the page at @addr. */
static int dmirror_fault(struct dmirror *d, struct mm_struct *mm, uint64_t addr, bool write)
{
	mmap_assert_locked(mm);

	for (;;) {
		int seq = mmu_interval_read_begin(mm);
		struct vm_area_struct *vma = vma_lookup(mm, addr);
		uint64_t pfn = 0;
		bool writable = false;
		int ret;

		if (!vma || !(vma->vm_flags & VM_ACCESS_FLAGS))
			return -EFAULT;
		if (write && !(vma->vm_flags & VM_WRITE))
			return -EPERM;
		pt_walk_begin(mm);
		ret = hmm_vma_walk(d, vma, addr, write, &pfn, &writable);
		if (ret) {
			ret = vm_fault_to_errno(handle_mm_fault(vma, addr,
						write ? FAULT_FLAG_WRITE : 0), false);
			pt_walk_end(mm);
			if (ret)
				return ret;
			continue;
		}
		pt_walk_end(mm);
		spin_lock(&d->lock);
		if (mmu_interval_read_retry(mm, seq)) {
			spin_unlock(&d->lock);
			continue;
		}
		ret = mirror_set(d, mm->id, addr >> PAGE_SHIFT, pfn, writable);
		spin_unlock(&d->lock);
		return ret;
	}
}

/* Copy through the mirror if it maps @addr well enough; dmirror->lock held. */
static bool dmirror_copy(struct dmirror *d, struct mm_struct *mm, uint64_t addr,
			 unsigned char *buf, size_t n, bool write)
{
	struct dmirror_entry *e = mirror_lookup(d, mm->id, addr >> PAGE_SHIFT);
	size_t off = addr & ~PAGE_MASK;

	lockdep_assert_held(&d->lock);
	if (!e || (write && !e->write))
		return false;
	if (write) {
		frame_store(mm->m, e->pfn, off, buf, n);
		folio_mark_dirty(pfn_to_page(mm->m, e->pfn));	/* set_page_dirty */
	} else {
		frame_load(mm->m, e->pfn, off, buf, n);
	}
	return true;
}

static int dmirror_access_page(struct dmirror *d, struct mm_struct *mm, uint64_t addr,
			       unsigned char *buf, size_t n, bool write)
{
	for (;;) {
		bool done;
		int ret;

		spin_lock(&d->lock);
		done = !d->dead && dmirror_copy(d, mm, addr, buf, n, write);
		ret = d->dead ? -ENODEV : 0;
		spin_unlock(&d->lock);
		if (done || ret)
			return ret;
		mmap_read_lock(mm);
		ret = dmirror_fault(d, mm, addr, write);
		mmap_read_unlock(mm);
		if (ret)
			return ret;
	}
}

int mmk_device_access(struct mmk_device *dev, struct mm_struct *mm, uint64_t addr,
		      void *buf, size_t len, int write)
{
	misuse_null(dev);
	misuse_null(mm);
	misuse_if(!buf && len, "buf is NULL with len %zu", len);
	struct dev_pagemap *pg = mmk_device_pgmap(dev);
	struct dmirror *d;
	unsigned char *p = buf;
	int ret;

	if (pg->m != mm->m)
		return -EINVAL;
	if (addr >= TASK_SIZE || len > TASK_SIZE - addr)
		return -EFAULT;
	if (atomic_read(&pg->state) != PGMAP_LIVE)
		return -ENODEV;
	d = dmirror_get(pg);
	if (!d)
		return -ENOMEM;
	ret = dmirror_attach(d, mm);
	while (!ret && len) {
		size_t n = PAGE_SIZE - (addr & ~PAGE_MASK);

		if (n > len)
			n = len;
		ret = dmirror_access_page(d, mm, addr, p, n, write);
		addr += n;
		p += n;
		len -= n;
	}
	return ret;
}

void dmirror_unbind(struct dev_pagemap *pg)
{
	struct dmirror *d = pg->mirror;

	if (!d)
		return;
	spin_lock(&d->lock);
	d->dead = true;
	mirror_clear(d, 0, 0, 0);
	spin_unlock(&d->lock);
}

/* Machine teardown: every mm has exited, so no notifier is registered. */
void dmirror_destroy(struct dev_pagemap *pg)
{
	struct dmirror *d = pg->mirror;

	if (!d)
		return;
	spin_lock(&d->lock);
	mirror_clear(d, 0, 0, 0);
	spin_unlock(&d->lock);
	while (d->mms) {
		struct dmirror_mm *dm = d->mms;
		d->mms = dm->next;
		free(dm);
	}
	free(d);
	pg->mirror = NULL;
}

uint64_t dmirror_entries(struct dev_pagemap *pg)
{
	struct dmirror *d = pg->mirror;
	uint64_t n;

	if (!d)
		return 0;
	spin_lock(&d->lock);
	n = d->nr;
	spin_unlock(&d->lock);
	return n;
}

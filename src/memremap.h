/* SPDX-License-Identifier: MIT */
/*
 * memremap.h - device memory: ZONE_DEVICE pagemaps (memremap.c), the
 * device mirror (hmm.c) and device migration (migrate_device.c).
 */
#ifndef MMK_MEMREMAP_H
#define MMK_MEMREMAP_H

#include "mm_types.h"

/* ---- ZONE_DEVICE (memremap.c) ---- */
enum memory_type {
	MEMORY_DEVICE_PRIVATE = 1,	/* not CPU addressable: device-private entries */
	MEMORY_DEVICE_GENERIC,		/* device-dax: devmap entries */
};

/*
 * percpu_ref in atomic mode: a count with a DEAD bit.  tryget_live fails
 * once the ref was killed; get is for holders of a reference already.
 */
#define PERCPU_REF_DEAD (1 << 30)
struct percpu_ref {
	atomic_t count;
};

/*
 * struct dev_pagemap - one device's memory (memremap_pages).
 *
 * ref (the live reference) is held by: every devmap entry installed (one
 * per PTE or PMD leaf), a DAX fault while it runs (Linux's dax_read_lock
 * plus the alive check), every GUP reference to one of its pages (the 2015
 * design: get_dev_pagemap), every allocated device-private page.  gup_refs
 * counts the GUP part alone: unbind fails with -EBUSY while it is nonzero.
 * Unbind kills ref, revokes mappings and waits for ref to drain to 0.
 *
 * lock protects the device-private free list, DAX pages going idle and
 * @touched.  The mirror (hmm.c) has its own lock.
 *
 * Struct pages are set up lazily, as RAM's pool grows (page_alloc.c): a
 * device of 512 GiB would otherwise spend 16 GiB of host memory on struct
 * pages before its first use.  The host mapping they live in starts zeroed,
 * so a page never used reads as idle (refcount 0, no flags) to every
 * reader; it gets PG_device and its pagemap, under @lock, before it is
 * first handed out.  @touched bounds the pages that may have been set up,
 * so walks over "every page of the device" stop there.
 */
struct dev_pagemap {
	struct mmk_machine *m;
	enum memory_type type;
	unsigned int id;
	uint64_t pfn_first, nr_pages;
	uint64_t align;			/* DAX: bytes, PAGE_SIZE or PMD_SIZE */
	struct percpu_ref ref;
	atomic_t users;			/* pgmap_use_begin() sections in flight */
	atomic_t gup_refs;
	atomic_t state;			/* PGMAP_LIVE, _DYING, _GONE */
	spinlock_t lock;
	struct page *free;		/* idle device-private pages */
	uint64_t touched;		/* pages [0, touched) may be set up */
	struct dmirror *_Atomic mirror;	/* hmm.c, created on first use */
};
#define PGMAP_LIVE 0
#define PGMAP_DYING 1
#define PGMAP_GONE 2

static inline bool is_device_private_page(struct page *p)
{
	return is_zone_device_page(p) && p->pgmap->type == MEMORY_DEVICE_PRIVATE;
}
static inline bool is_device_dax_page(struct page *p)
{
	return is_zone_device_page(p) && p->pgmap->type == MEMORY_DEVICE_GENERIC;
}
bool percpu_ref_tryget_live(struct percpu_ref *r);
void percpu_ref_get(struct percpu_ref *r);
void percpu_ref_put(struct percpu_ref *r);
static inline void put_dev_pagemap(struct dev_pagemap *pgmap)
{
	percpu_ref_put(&pgmap->ref);
}
/*
 * GUP's reference on a device page's pagemap, taken before the page's
 * (get_dev_pagemap in the 2015 design; Linux 6.15+ relies on the page
 * refcount alone); not taken with devmap_no_pgmap_ref.
 */
bool gup_get_dev_pagemap(struct mmk_machine *m, struct page *page);
void gup_put_dev_pagemap(struct mmk_machine *m, struct page *page);
void free_zone_device_page(struct mmk_machine *m, struct page *p);
/* A free page of device-private @pgmap with refcount 1, or NULL. */
struct page *alloc_device_private_page(struct dev_pagemap *pgmap);
void memremap_destroy(struct mmk_machine *m);
struct dev_pagemap *pfn_to_pgmap(struct mmk_machine *m, uint64_t pfn);
/* How many leading pages of @pgmap may have been set up (its touched). */
uint64_t pgmap_touched(struct dev_pagemap *pgmap);
/* The DAX page at @pgoff of @pgmap with a new reference (a mapping's). */
struct page *dax_map_page(struct dev_pagemap *pgmap, uint64_t pgoff);
struct dev_pagemap *mmk_device_pgmap(struct mmk_device *dev);

/* hmm.c: the device's mirror of process page tables (lib/test_hmm.c's dmirror) */
struct dmirror;
void dmirror_unbind(struct dev_pagemap *pgmap);
void dmirror_destroy(struct dev_pagemap *pgmap);
uint64_t dmirror_entries(struct dev_pagemap *pgmap);
/* DAX faults: the device page for @pgoff, and the fault-time reference. */
/*
 * pgmap_use_begin/end bracket an operation that may install entries
 * naming the device's pages (a DAX fault, a migration to the device):
 * unbind waits for every one in flight before it revokes, or an entry
 * installed after the revoke would hold the pagemap forever (Linux: the
 * dax_read_lock SRCU section and kill_dev_dax's synchronize_srcu).
 */
bool pgmap_use_begin(struct dev_pagemap *pgmap);
void pgmap_use_end(struct dev_pagemap *pgmap);

/* migrate_device.c */
/* do_swap_page for a device-private entry: move the page back to RAM. */
int migrate_to_ram(struct vm_area_struct *vma, uint64_t addr);
/* Device-private pages of @pgmap in [start, end) of @vma back to RAM. */
long migrate_vma_range_to_ram(struct vm_area_struct *vma, uint64_t start, uint64_t end,
			      struct dev_pagemap *only);

#endif

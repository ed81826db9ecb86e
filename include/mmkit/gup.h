/* SPDX-License-Identifier: MIT */
/*
 * mmkit/gup.h - get_user_pages: references and pins on the pages behind a
 * range of user addresses, for a simulated device to DMA into or out of.
 *
 * Two kinds of hold, as in Linux (Documentation/core-api/pin_user_pages.rst):
 *  - a reference (mmk_get_user_pages*, FOLL_GET) adds 1 to the page's
 *    refcount and only keeps the frame from being freed: what the process
 *    maps there later is not promised to be the same page;
 *  - a pin (mmk_pin_user_pages*, FOLL_PIN) adds 1024 (GUP_PIN_COUNTING_BIAS)
 *    and is meant for DMA: the page stays the one the process maps as long
 *    as the process does not discard it itself (MADV_DONTNEED, munmap).
 *    fork copies a pinned anonymous page for the child at once, and a
 *    read-only pin of a page shared with another process first gives this
 *    process its own copy (unsharing), so that its later writes stay visible
 *    to the device.
 * Release a reference with mmk_put_page() and a pin with
 * mmk_unpin_user_pages*().  The shared zero page is never counted: it is
 * returned, and released, without touching its refcount.
 *
 * The _fast variants first walk the page tables without any lock (under
 * RCU, as Linux's GUP-fast walks with interrupts off) and hand what they
 * could not take that way to the normal path, which takes mmap_lock for
 * read and faults pages in.  The caller holds no mmkit lock.
 *
 * Return value (as Linux documents it):
 *  - nr_pages == 0: 0;
 *  - no page could be taken: a negative errno: -EFAULT (no VMA at the
 *    address, no permission, PROT_NONE, or the fault failed with SIGBUS/
 *    SIGSEGV), -ENOMEM (out of memory), -EINVAL (unknown flags, LONGTERM
 *    on a reference, @start not page aligned, @pages NULL), -EOVERFLOW
 *    (the range wraps);
 *  - otherwise the number of pages taken, which may be less than nr_pages:
 *    pages[0..ret) hold references or pins the caller must release, and
 *    the error that stopped the walk is not reported.
 */
#ifndef MMKIT_GUP_H
#define MMKIT_GUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "machine.h"
#include "mm.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A physical page (frame).  Opaque outside the library. */
struct page;

/* gup_flags: Linux's FOLL_* values.  FOLL_GET/FOLL_PIN follow from the call. */
#define MMK_FOLL_WRITE 0x01	/* the device will write: break COW, need a writable mapping */
#define MMK_FOLL_FORCE 0x08	/* ptrace-style: write to a private read-only mapping (via COW) */
#define MMK_FOLL_LONGTERM 0x100	/* pin for an unbounded time (pins only) */

long mmk_get_user_pages(struct mm_struct *mm, uint64_t start, unsigned long nr_pages,
			unsigned int gup_flags, struct page **pages);
long mmk_pin_user_pages(struct mm_struct *mm, uint64_t start, unsigned long nr_pages,
			unsigned int gup_flags, struct page **pages);
long mmk_get_user_pages_fast(struct mm_struct *mm, uint64_t start, unsigned long nr_pages,
			     unsigned int gup_flags, struct page **pages);
long mmk_pin_user_pages_fast(struct mm_struct *mm, uint64_t start, unsigned long nr_pages,
			     unsigned int gup_flags, struct page **pages);

/* Drop pins taken by mmk_pin_user_pages*().  NULL entries are skipped. */
void mmk_unpin_user_pages(struct mmk_machine *m, struct page **pages, unsigned long n);
/*
 * The same, first marking each page dirty (PG_dirty) if @make_dirty: what
 * a driver does after a device wrote into the pages, so that reclaim keeps
 * the data (a lazily freed page that was written is not discarded).
 */
void mmk_unpin_user_pages_dirty_lock(struct mmk_machine *m, struct page **pages,
				     unsigned long n, bool make_dirty);
/*
 * Drop a reference taken by mmk_get_user_pages*().  A page the caller
 * holds no such reference to (a pinned page: unpin it) is a programmer
 * error (mmkit.h, "Misuse").
 */
void mmk_put_page(struct mmk_machine *m, struct page *page);

/*
 * A device reads or writes a page it holds, by physical address: no page
 * table and no TLB are involved.  [off, off + len) must lie within the page
 * (else -EINVAL); writing the shared zero page is refused with -EFAULT (an
 * IOMMU maps it read-only).  Returns 0.
 */
int mmk_dma_write(struct mmk_machine *m, struct page *page, size_t off,
		  const void *buf, size_t len);
int mmk_dma_read(struct mmk_machine *m, struct page *page, size_t off,
		 void *buf, size_t len);

/* The frame number of @page (what mmk_query_page reports as pfn). */
uint64_t mmk_page_pfn(struct mmk_machine *m, struct page *page);

#ifdef __cplusplus
}
#endif
#endif

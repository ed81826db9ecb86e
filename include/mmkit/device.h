/* SPDX-License-Identifier: MIT */
/*
 * mmkit/device.h - device memory (ZONE_DEVICE), device migration and a
 * device's mirror of a process's page table (HMM).
 *
 * A device registers its memory with mmk_device_create() (Linux's
 * memremap_pages): frames in the machine's device window, each with a
 * struct page, and a dev_pagemap with a live reference that GUP takes.
 *
 *  - MMK_DEVICE_DAX: CPU-addressable memory (persistent memory) that
 *    processes map with mmk_mmap_device(), as they would mmap /dev/daxX.Y.
 *    Entries carry the devmap bit; with 2 MiB alignment (the default) they
 *    are PMD leaves, with 4 KiB alignment PTEs.
 *  - MMK_DEVICE_PRIVATE: memory the CPU cannot address (a GPU's VRAM).
 *    Anonymous pages move there with mmk_migrate_to_device(); the process
 *    then holds device-private entries, and a CPU access or any GUP moves
 *    the page back to RAM first.
 *
 * mmk_device_unbind() is memunmap_pages(): every mapping of the device's
 * pages is revoked (later accesses get SIGBUS) and private pages go back to
 * RAM.  It fails with -EBUSY while GUP holds any of its pages.
 *
 * All calls are safe from many threads at once and return 0 or a
 * negative errno.
 */
#ifndef MMKIT_DEVICE_H
#define MMKIT_DEVICE_H

#include <stdint.h>
#include <stddef.h>
#include "machine.h"

#ifdef __cplusplus
extern "C" {
#endif

struct mm_struct;
struct mmk_device;

enum mmk_device_type {
	MMK_DEVICE_PRIVATE,	/* MEMORY_DEVICE_PRIVATE */
	MMK_DEVICE_DAX,		/* device-dax: MEMORY_DEVICE_GENERIC, devmap entries */
};

/*
 * memremap_pages: register @bytes of device memory.  @align (DAX only)
 * is the device alignment: 4 KiB or 2 MiB (0 means 2 MiB).  -ENOMEM when
 * the machine's device window (mmk_config.device_bytes) is full or more
 * than MMK_MAX_DEVICES devices exist; -EINVAL for a bad size or alignment.
 */
int mmk_device_create(struct mmk_machine *m, enum mmk_device_type type,
		      uint64_t bytes, uint64_t align, struct mmk_device **out);

/*
 * memunmap_pages: revoke every mapping of the device's memory and move
 * its private pages back to RAM, then wait until no reference is left.
 * -EBUSY (and nothing changed) while GUP holds a page of the device;
 * -ENODEV if it was unbound already.  The device object stays valid until
 * the machine is destroyed.
 */
int mmk_device_unbind(struct mmk_device *dev);

/*
 * mmap a DAX device at exactly @addr (MAP_SHARED|MAP_FIXED_NOREPLACE of
 * /dev/daxX.Y at offset @off).  @addr, @len and @off must be multiples of
 * the device alignment (-EINVAL), the device must be DAX (-EINVAL) and
 * bound (-ENODEV).  Pages beyond the device's end fault with SIGBUS.
 */
int mmk_mmap_device(struct mm_struct *mm, uint64_t addr, uint64_t len, int prot,
		    struct mmk_device *dev, uint64_t off);

/*
 * migrate_vma_setup/pages/finalize over @npages pages from @addr (one
 * VMA, not DAX, else -EINVAL) to device-private @dev.  Pages
 * Linux would skip (pinned, locked, shared with another mm, not
 * anonymous) stay where they are; *@migrated (may be NULL) says how many
 * moved.  -ENOMEM only if no page could move for lack of device memory.
 */
int mmk_migrate_to_device(struct mm_struct *mm, uint64_t addr, unsigned long npages,
			  struct mmk_device *dev, unsigned long *migrated);

/* Move the device-private pages of [addr, +npages) back to system RAM. */
int mmk_migrate_to_ram(struct mm_struct *mm, uint64_t addr, unsigned long npages,
		       unsigned long *migrated);

/*
 * The device reads (@write 0) or writes @len bytes at @addr of @mm
 * through its own mirror of the page table: hmm_range_fault fills the
 * mirror (faulting pages in, write-enabled for a write), kept coherent by
 * mmu notifier invalidations; the copy then goes through the mirror.
 * -EFAULT for an unmapped or PROT_NONE address, -EPERM writing a
 * read-only one, -ENOMEM out of memory, -ENODEV after unbind.
 */
int mmk_device_access(struct mmk_device *dev, struct mm_struct *mm, uint64_t addr,
		      void *buf, size_t len, int write);

/* What the device holds: for stats and tests. */
struct mmk_device_stats {
	uint64_t pages;		/* size in pages */
	uint64_t used;		/* pages with a reference */
	uint64_t mirrored;	/* entries in its mirror page table */
	int bound;
};
void mmk_device_stats(struct mmk_device *dev, struct mmk_device_stats *st);

#ifdef __cplusplus
}
#endif
#endif

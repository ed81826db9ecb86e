/* SPDX-License-Identifier: MIT */
/*
 * mmkit/mm.h - address spaces (Linux's mm_struct) and what a process does
 * with one: mmap, munmap, mprotect, madvise, fork, exit, loads and stores.
 *
 * Every call is safe from many threads at once.  Calls take the mm's
 * mmap_lock (read or write, as Linux does) and return 0 or a negative errno
 * exactly where Linux would.  Addresses and lengths must be page aligned
 * (else -EINVAL) except for mmk_access, which takes any byte range.
 */
#ifndef MMKIT_MM_H
#define MMKIT_MM_H

#include <stdint.h>
#include <stddef.h>
#include "machine.h"

#ifdef __cplusplus
extern "C" {
#endif

struct mm_struct;

/*
 * The end of the user address space: Linux's TASK_SIZE on x86-64 with
 * 4-level tables, one page below 128 TiB (the last page stays unmapped,
 * a guard against the non-canonical hole).  No mapping, access or GUP
 * range reaches it.
 */
#define MMK_TASK_SIZE ((1ULL << 47) - 4096)

/*
 * The lowest address a process may map: vm.mmap_min_addr's default on
 * x86-64.  mmkit's processes are unprivileged (no CAP_SYS_RAWIO), so
 * mmap or an mremap destination below it is EPERM, as security_mmap_addr
 * answers them.
 */
#define MMK_MMAP_MIN_ADDR 4096ULL

/* mmap protections: the PROT_* values of Linux. */
#define MMK_PROT_NONE 0x0
#define MMK_PROT_READ 0x1
#define MMK_PROT_WRITE 0x2
#define MMK_PROT_EXEC 0x4

/* mmap flags.  Mappings are always MAP_FIXED_NOREPLACE|MAP_ANONYMOUS. */
#define MMK_MAP_PRIVATE 0x0
#define MMK_MAP_SHARED 0x1	/* MAP_SHARED|MAP_ANONYMOUS (shmem-backed) */
#define MMK_MAP_POPULATE 0x2	/* MAP_POPULATE: fault the mapping in now */
#define MMK_MAP_HUGE 0x4	/* then MADV_HUGEPAGE on the range */
#define MMK_MAP_GROWSDOWN 0x8	/* MAP_GROWSDOWN: a stack that faults below it grow */

/* madvise advice: Linux's MADV_* values. */
#define MMK_MADV_DONTNEED 4
#define MMK_MADV_FREE 8
#define MMK_MADV_DONTFORK 10
#define MMK_MADV_DOFORK 11
#define MMK_MADV_HUGEPAGE 14
#define MMK_MADV_NOHUGEPAGE 15
#define MMK_MADV_WIPEONFORK 18
#define MMK_MADV_KEEPONFORK 19
#define MMK_MADV_PAGEOUT 21
#define MMK_MADV_POPULATE_READ 22
#define MMK_MADV_POPULATE_WRITE 23
#define MMK_MADV_COLLAPSE 25

/* A new, empty address space: no VMAs, only a top-level (PGD) table. */
int mmk_mm_create(struct mmk_machine *m, struct mm_struct **out);

/*
 * The process exits: every mapping is torn down, every frame it held is
 * returned (page tables after a grace period), and @mm is freed.  Once:
 * a second mmk_exit() of @mm is a programmer error (mmkit.h, "Misuse").
 */
void mmk_exit(struct mm_struct *mm);

/*
 * fork(): *child gets a copy of @parent with Linux's COW rules: private
 * anon pages are shared write-protected on both sides (the parent's TLBs
 * are flushed), anon-exclusive is cleared on shared pages, maybe-pinned
 * exclusive pages are copied at once; MADV_DONTFORK ranges are absent and
 * MADV_WIPEONFORK ranges are empty in the child.
 */
int mmk_fork(struct mm_struct *parent, struct mm_struct **child);

/*
 * mmap(addr, len, prot, flags|MAP_FIXED_NOREPLACE|MAP_ANONYMOUS).
 * -EEXIST if anything is mapped in [addr, addr+len), -EINVAL for bad
 * alignment or zero length, -ENOMEM if the range does not fit below
 * MMK_TASK_SIZE, -EPERM if it starts below MMK_MMAP_MIN_ADDR.
 */
int mmk_mmap(struct mm_struct *mm, uint64_t addr, uint64_t len, int prot,
	     int flags);
int mmk_munmap(struct mm_struct *mm, uint64_t addr, uint64_t len);

/*
 * The program break.  mmk_brk_init() is execve's set-up: the break starts
 * (and ends) at @start, page aligned (-EINVAL otherwise); nothing is
 * mapped.  mmk_brk() is brk(@brk): 0 if the break moved there, growing or
 * shrinking the heap VMA as sys_brk does, or -ENOMEM where Linux refuses
 * and returns the old break (below start_brk, into another mapping or
 * within a page of it, past TASK_SIZE).  mmk_brk_get() is brk(0)'s answer.
 */
int mmk_brk_init(struct mm_struct *mm, uint64_t start);
int mmk_brk(struct mm_struct *mm, uint64_t brk);
uint64_t mmk_brk_get(struct mm_struct *mm);
int mmk_mprotect(struct mm_struct *mm, uint64_t addr, uint64_t len, int prot);
/*
 * madvise().  Unmapped holes in the range give -ENOMEM after the advice
 * was applied to the mapped parts, as in Linux.  MADV_POPULATE_(READ|WRITE)
 * fault the range in as GUP would, without keeping references, and stop at
 * the first problem (Linux 6.9+): -ENOMEM for a hole (nothing after it is
 * populated) or out of memory, -EINVAL for a VMA without the permission
 * (PROT_NONE; READ needs PROT_READ, WRITE needs PROT_WRITE), -EFAULT when a
 * fault would raise SIGBUS or SIGSEGV.  MADV_COLLAPSE collapses every
 * aligned 2 MiB of the range into a PMD-mapped THP, whatever the `thp`
 * mode: -EINVAL where it cannot (VM_NOHUGEPAGE, a VMA too small, nothing
 * mapped there), -EAGAIN where a page has references beyond its mappings
 * (a pin), -ENOMEM without a huge folio; -ENOSYS on file and shmem
 * mappings, whose collapse a later part of the THP issue brings.
 */
int mmk_madvise(struct mm_struct *mm, uint64_t addr, uint64_t len, int advice);

/*
 * One full pass of khugepaged over @mm (NULL: every address space of @m),
 * synchronously: each aligned 2 MiB of an anonymous VMA that may have THP
 * (`thp always`, or `madvise` and MADV_HUGEPAGE) is collapsed if the
 * default tunables allow (max_ptes_none 511, max_ptes_shared 256, at least
 * one young entry, no page with extra references).  0, or -ENOMEM when
 * the list of address spaces cannot be made.
 */
int mmk_khugepaged(struct mmk_machine *m, struct mm_struct *mm);

/*
 * mremap(old_addr, old_len, new_len, MREMAP_MAYMOVE|MREMAP_FIXED, new_addr):
 * move [old_addr, old_addr + old_len), which must lie in one VMA (else
 * -EFAULT), to new_addr, shrinking or growing it to new_len; whatever was
 * mapped at the destination is unmapped first.  Page-table entries move
 * with their pages (no copy, no fault).  MMK_MREMAP_DONTUNMAP keeps the old
 * range mapped but empty (private anonymous only, old_len == new_len, else
 * -EINVAL).  Overlapping ranges and misalignment are -EINVAL.
 */
#define MMK_MREMAP_DONTUNMAP 0x4	/* Linux's value */
int mmk_mremap(struct mm_struct *mm, uint64_t old_addr, uint64_t old_len,
	       uint64_t new_addr, uint64_t new_len, int flags);

/*
 * A load (@write == 0) or store by the calling thread's simulated CPU:
 * TLB, then the lockless hardware walk, then the page-fault handler, page
 * by page.  Returns 0, -MMK_SIGSEGV, -MMK_SIGBUS, -ENOMEM (a fault could
 * not allocate) or -EPERM if the thread is attached to no CPU.  A store
 * that fails midway has written the pages before the failing one.
 */
int mmk_access(struct mm_struct *mm, uint64_t addr, void *buf, size_t len,
	       int write);
/*
 * A read-modify-write of [addr, addr + len) that stores back what it reads
 * (a locked add of 0): the same faults, permission checks and dirty bits
 * as a store, one write fault per page and no read fault first, and the
 * contents stay as they were.  Returns as mmk_access().
 */
int mmk_rmw(struct mm_struct *mm, uint64_t addr, size_t len);

struct mmk_mm_stats {
	uint64_t rss;		/* bytes: anon + shmem pages mapped (VmRSS) */
	uint64_t pgtable;	/* bytes of PTE+PMD+PUD tables (VmPTE) */
	uint64_t pte_tables, pmd_tables, pud_tables;
	uint64_t vmas;
	uint64_t anon_thp;	/* bytes of anon memory mapped by PMDs (AnonHugePages) */
	uint64_t shmem_pmd;	/* bytes of shmem mapped by PMDs (ShmemPmdMapped) */
};
void mmk_mm_stats(struct mm_struct *mm, struct mmk_mm_stats *st);
struct mmk_machine *mmk_mm_machine(struct mm_struct *mm);

/* What the page table says about one address (expect pte). */
struct mmk_pte_info {
	int none;	/* no entry (or no page table at all) */
	int present, write, dirty, young, huge, devmap, special;
	int migration, device; /* non-present encodings */
	int protnone;
	int exclusive;	/* mapped anon page is PageAnonExclusive */
	uint64_t pfn;	/* frame number (present, migration, device) */
	int level;	/* 1 = PTE, 2 = PMD leaf, 3 = PUD leaf */
};
int mmk_query_pte(struct mm_struct *mm, uint64_t addr, struct mmk_pte_info *pi);

/* The page mapped at an address (expect page).  -ENOENT if none. */
struct mmk_page_info {
	uint64_t pfn;
	int mapcount, refcount, pinned, dirty, anon, zero, device, exclusive;
	int lazyfree;
	int thp;	/* the page belongs to a PMD-sized folio */
};
int mmk_query_page(struct mm_struct *mm, uint64_t addr,
		   struct mmk_page_info *pi);

#ifdef __cplusplus
}
#endif
#endif

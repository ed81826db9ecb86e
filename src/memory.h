/* SPDX-License-Identifier: MIT */
/*
 * memory.h - faults, zap, copying and freeing page tables (memory.c), and
 * the RSS counters they keep.
 */
#ifndef MMK_MEMORY_H
#define MMK_MEMORY_H

#include "cpu.h"

struct mmu_gather;

/*
 * ---- RSS counters (Linux's mm->rss_stat percpu_counters) ----
 * One slot per simulated CPU of the machine, each on its own cache line,
 * plus a shared last slot.  A thread attached to one of the machine's
 * CPUs is the only writer of that CPU's slot (mmk_cpu_attach excludes
 * others), so it updates it with a plain load and store: no locked
 * instruction, no shared line.  Other threads (unattached, RCU callbacks,
 * another machine's CPUs) add to the shared slot atomically.  A slot may
 * go negative (a page faulted on one CPU, zapped on another); readers sum
 * all slots, which is exact whenever no update is running (after the
 * threads that made them were joined, or by the thread that made them),
 * and a snapshot otherwise, as Linux's get_mm_counter() is.
 */
/*
 * MM_ANON_THP counts PMD leaves mapping an anonymous THP (AnonHugePages /
 * 2 MiB): smaps walks for it, a stats call on every statement cannot.
 */
/* MM_SHMEM_PMD counts PMD leaves mapping a shmem THP (ShmemPmdMapped). */
enum mm_counter { MM_ANONPAGES, MM_SHMEMPAGES, MM_ANON_THP, MM_SHMEM_PMD, NR_MM_COUNTERS };
struct mm_rss_slot {
	atomic64_t count[NR_MM_COUNTERS];
	char pad[64 - NR_MM_COUNTERS * sizeof(atomic64_t)];
};
static inline void add_mm_counter(struct mm_struct *mm, enum mm_counter member, long long n)
{
	struct cpu *cpu = cpu_of(mm->m);

	if (likely(cpu)) {
		atomic64_t *c = &mm->rss_stat[cpu->id].count[member];
		atomic64_set(c, atomic64_read(c) + n);	/* owner-only slot */
	} else {
		atomic64_add(n, &mm->rss_stat[mm->m->cfg.ncpus].count[member]);
	}
}
static inline long long get_mm_counter(struct mm_struct *mm, enum mm_counter member)
{
	long long v = 0;

	for (unsigned int i = 0; i <= mm->m->cfg.ncpus; i++)
		v += atomic64_read(&mm->rss_stat[i].count[member]);
	return v;
}
/* The page offset of @addr in the object @vma maps (Linux's linear_page_index). */
static inline uint64_t linear_page_index(struct vm_area_struct *vma, uint64_t addr)
{
	return vma->vm_pgoff + ((addr - vma->vm_start) >> PAGE_SHIFT);
}
/* The counter a mapped page of @page's kind counts in. */
static inline enum mm_counter mm_counter_of(struct page *page)
{
	return PageAnon(page) ? MM_ANONPAGES : MM_SHMEMPAGES;
}

/* memory.c: faults, zap, copying and freeing page tables */
#define VM_FAULT_OOM 0x1
#define VM_FAULT_SIGBUS 0x2
#define VM_FAULT_SIGSEGV 0x4
#define VM_FAULT_RETRY 0x8
#define VM_FAULT_FALLBACK 0x800	/* no huge page here: map 4 KiB pages */
#define FAULT_FLAG_WRITE 0x1
/*
 * GUP wants the page exclusive to this mm (gup_must_unshare) without
 * writing: an R/O entry of a COW mapping gets its own anonymous page,
 * still mapped R/O.  Never together with FAULT_FLAG_WRITE.
 */
#define FAULT_FLAG_UNSHARE 0x2
/* The struct page a present PTE maps, or NULL for special mappings. */
struct page *vm_normal_page(struct vm_area_struct *vma, uint64_t addr, pte_t pte);
/* @vma gets an anon_vma (a neighbour's where it may), before its first anon page. */
void anon_vma_prepare(struct vm_area_struct *vma);
int handle_mm_fault(struct vm_area_struct *vma, uint64_t addr, unsigned int flags);
/* The page-fault exception of a CPU's access (cpu.c): 0, -ENOMEM or -MMK_SIG*. */
int do_user_fault(struct mm_struct *mm, uint64_t addr, bool write);
/*
 * vm_fault_to_errno - what handle_mm_fault()'s VM_FAULT_* mean to its
 * caller: 0, -ENOMEM (OOM), and for SIGBUS/SIGSEGV -EFAULT (GUP, a
 * device's hmm_range_fault), or with @signals the -MMK_SIG* an access
 * raises (the page-fault exception).
 */
int vm_fault_to_errno(int fault, bool signals);
enum zap_reason {
	ZAP_DONTNEED,		/* MADV_DONTNEED */
	ZAP_MUNMAP,		/* munmap of part of the address space */
	ZAP_EXIT,		/* exit: free_pgtables frees everything anyway */
	ZAP_DISCARD,		/* reclaim discarding clean MADV_FREE pages */
	ZAP_REVOKE,		/* device unbind revoking DAX mappings */
};
struct zap_details {
	enum zap_reason reason;
};
void unmap_page_range(struct mmu_gather *tlb, struct vm_area_struct *vma,
		      uint64_t addr, uint64_t end, struct zap_details *details);
void free_pgd_range(struct mmu_gather *tlb, uint64_t addr, uint64_t end,
		    uint64_t floor, uint64_t ceiling);
int copy_page_range(struct vm_area_struct *dst, struct vm_area_struct *src);

/* gup.c */
/*
 * faultin_page_range - MADV_POPULATE_(READ|WRITE): fault [start, end) in,
 * readable or writable, taking no page.  Caller holds mmap_lock for read.
 * Returns the pages done (> 0), or -ENOMEM (hole, or out of memory),
 * -EINVAL (VMA lacks the permission), -EFAULT (SIGBUS/SIGSEGV).
 */
long faultin_page_range(struct mm_struct *mm, uint64_t start, uint64_t end, bool write);


#endif

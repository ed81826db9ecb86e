/* SPDX-License-Identifier: MIT */
/*
 * cpu.h - a simulated CPU (cpu.c): its TLB, and the per-CPU data other
 * subsystems keep in it (page_alloc.c's frame cache and frames_used diff,
 * the policies' cost counters), each written by the attached thread.
 */
#ifndef MMK_CPU_H
#define MMK_CPU_H

#include "mm_types.h"

#define TLB_ENTRIES 256

struct tlb_entry {
	uint64_t mm_id;		/* ASID; 0 = invalid */
	uint64_t vpn;
	uint64_t pfn;
	bool write, dirty;
};

struct cpu {
	struct mmk_machine *m;
	unsigned int id;
	atomic_int owner;	/* mmk_self() of the attached thread, 0 = none */
	/*
	 * tlb_lock is held by the owning thread across TLB lookup, hardware
	 * walk, fill and the memory copy of one access, and by a flusher while
	 * it invalidates entries: a flush that returned has waited out every
	 * access that could use a stale entry (an IPI cannot interrupt an
	 * instruction either).
	 */
	spinlock_t tlb_lock;
	struct tlb_entry tlb[TLB_ENTRIES];	/* under tlb_lock */
	/*
	 * Which 2 MiB regions (region number mod 64, one bit each) the TLB
	 * may hold entries of: a superset.  The owner sets a region's bit,
	 * holding tlb_lock, before it walks for an address there (as it sets
	 * its mm->cpumask bit); a flusher clears it, holding tlb_lock, only
	 * when the TLB is left empty.  Read locklessly by flushers, to skip a
	 * CPU that cannot cache their range: on a line of its own, since the
	 * owner writes the lock's line on every access.
	 */
	_Alignas(64) atomic_uint_fast64_t tlb_regions;
	/* per-CPU free frames (Linux's pcp lists), under pcp_lock */
	spinlock_t pcp_lock;
	struct page *pcp;
	unsigned int pcp_count;
	/*
	 * frames_used, split (Linux's per-CPU vmstat diffs): frames this CPU's
	 * thread allocated minus those it freed since its last fold into
	 * m->frames_used, and the largest value that difference reached
	 * since.  Written by the owner only (page_alloc.c: frames_stat_add).
	 */
	atomic64_t frames_diff, frames_diff_max;
	/* statistics, written by the owner, read relaxed */
	atomic64_t tlb_hits, tlb_misses, tlb_flushes;
	atomic64_t ptc[MMK_PTC_NR];
};

/*
 * The calling thread's CPUs, one per machine it is attached to (at most
 * MMK_THREAD_MACHINES machines at once), and of them the one it used
 * last, so that the common case, one machine, is one compare.
 */
extern MMK_TLS_HOT struct cpu *current_cpu;
struct cpu *cpu_of_slow(struct mmk_machine *m);

/* The calling thread's CPU of @m, or NULL. */
static inline struct cpu *cpu_of(struct mmk_machine *m)
{
	struct cpu *c = current_cpu;

	if (likely(c && c->m == m))
		return c;
	return cpu_of_slow(m);
}

/*
 * The shootdown's work on CPU @c, an IPI handler's on a real machine:
 * invalidate @mm_id's entries in [start, end) (all of them if end == 0),
 * waiting for an access in flight; skipped when @c's tlb_regions share no
 * bit with @regions (tlb_region_bits of the range).
 */
void cpu_tlb_shootdown(struct cpu *c, uint64_t mm_id, uint64_t start, uint64_t end,
		       uint64_t regions);
/* The tlb_regions bits of every 2 MiB region [start, end) meets; all if end == 0. */
uint64_t tlb_region_bits(uint64_t start, uint64_t end);

#endif

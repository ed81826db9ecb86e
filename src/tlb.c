/* SPDX-License-Identifier: MIT */
/*
 * tlb.c - the kernel's side of TLBs: shootdowns (flush_tlb_range and
 * friends) and the mmu_gather that batches a zap's flush and frees.  The
 * TLBs themselves, and the hardware walker that fills them, are cpu.c.
 *
 * Why a flush is a real shootdown
 * -------------------------------
 * flush_tlb_range() invalidates the entries of every CPU in the mm's
 * cpumask, each under that CPU's tlb_lock (cpu_tlb_shootdown).  Because
 * an access holds the lock from lookup to the end of its copy, a flush
 * that has returned has waited for every access that could still use a
 * stale entry.  The cpumask bit is set before the walk, and a flusher
 * issues a full barrier between changing an entry and reading the mask, so
 * either the walker sees the new entry or the flusher sees the CPU.
 *
 * Real shootdowns interrupt only the CPUs in the mask, and each
 * invalidates its own TLB.  Here the flusher does the invalidating, which
 * pulls the other CPU's lock and TLB lines over; for two threads faulting
 * and zapping disjoint ranges of one mm that cost more than the zap.  So
 * each CPU also publishes which 2 MiB regions (mod 64) its TLB may cache
 * (cpu->tlb_regions), by the same Dekker pattern as the mask: the bit is
 * set before the walk, the flusher reads it after its barrier, so either
 * the walker sees the new entry or the flusher sees the bit.  A ranged
 * flush skips a CPU whose bits miss the range; a CPU whose TLB a flush
 * leaves empty starts over with no bits.
 *
 * The mmu_gather collects the pages and tables a zap removes and frees
 * them only after the flush: pages at once, tables after a grace period
 * too, since lockless walkers may still be reading them.
 *
 * Nested gathers
 * --------------
 * Two MADV_DONTNEEDs of one range run at once under mmap_lock read.  The
 * first clears an entry and batches its flush; the second finds the entry
 * already none, has nothing to flush, and returns while another CPU still
 * holds the old translation (and the page, not yet freed, its old bytes).
 * A caller told "the range is zero" would read stale data.  As Linux does
 * (mm_tlb_flush_nested), each gather counts itself in the mm's
 * tlb_flush_pending from start to finish, and one that finishes while
 * another is in progress flushes the whole mm before returning.  The
 * count is raised before the gather touches any entry and read after the
 * last PTL it took is released, so a gather that saw an entry another
 * cleared also sees that other's count.
 */
#include "cpu.h"
#include "page_alloc.h"
#include "pgtable.h"
#include "tlb.h"
#include "memremap.h"
#include "huge_memory.h"
#include <string.h>

static void flush_tlb_cpus(struct mm_struct *mm, uint64_t start, uint64_t end)
{
	uint64_t mask, regions = tlb_region_bits(start, end);

	mmk_sched_point(MMK_SP_TLB_FLUSH, mm);
	/* Order the entry change before reading which CPUs may cache it. */
	__smp_mb();
	mask = atomic_load(&mm->cpumask);
	while (mask) {
		unsigned int i = (unsigned int)__builtin_ctzll(mask);
		struct cpu *c = &mm->m->cpus[i];

		mask &= mask - 1;
		cpu_tlb_shootdown(c, mm->id, start, end, regions);
	}
}

/* Shootdown: returns when no CPU can use a translation of [start, end). */
void flush_tlb_range(struct mm_struct *mm, uint64_t start, uint64_t end)
{
	flush_tlb_cpus(mm, start, end);
}

void flush_tlb_mm(struct mm_struct *mm)
{
	flush_tlb_cpus(mm, 0, 0);
}

pte_t ptep_clear_flush(struct mm_struct *mm, uint64_t addr, mmk_entry_t *ptep)
{
	pte_t old = entry_xchg(ptep, 0);

	if (pte_hw_present(old))
		flush_tlb_page(mm, addr);
	return old;
}

/* ---- mmu_gather ---- */
/* __tlb_reset_range: nothing batched to flush. */
static void tlb_reset_range(struct mmu_gather *tlb)
{
	tlb->start = UINT64_MAX;
	tlb->end = 0;
}

void tlb_gather_mmu(struct mmu_gather *tlb, struct mm_struct *mm)
{
	tlb->mm = mm;
	tlb->fullmm = false;
	tlb_reset_range(tlb);
	tlb->nr = 0;
	tlb->max = mm->m->cfg.gather_pages;
	tlb->tables = NULL;
	tlb->tables_flushed = NULL;
	tlb->nr_thps = 0;
	atomic_inc(&mm->tlb_flush_pending);
}

void tlb_gather_mmu_fullmm(struct mmu_gather *tlb, struct mm_struct *mm)
{
	tlb_gather_mmu(tlb, mm);
	tlb->fullmm = true;
}

bool tlb_remove_page(struct mmu_gather *tlb, struct page *page)
{
	assert(tlb->nr < tlb->max);
	tlb->pages[tlb->nr++] = page;
	return tlb->nr >= tlb->max;
}

/* The zap left @folio as it is: queue it for the THP shrinker if mapped in part. */
static void tlb_check_thp(struct mmu_gather *tlb, struct page *folio)
{
	deferred_split_folio(tlb->mm->m, folio);
	put_page(tlb->mm->m, folio);
}

/*
 * The zap unmapped a page of the anonymous THP @folio.  Whether that left
 * it mapped in part (deferred_split_folio) is decided when the zap is
 * done (tlb_finish_mmu), as Linux decides once per batch of a folio's
 * entries: a zap of all of it must not queue it.  Beyond a few folios the
 * oldest is decided at once.  Not for an exiting mm.
 */
void tlb_note_thp(struct mmu_gather *tlb, struct page *folio)
{
	if (tlb->fullmm || (tlb->nr_thps && tlb->thps[tlb->nr_thps - 1] == folio))
		return;
	for (unsigned int i = 0; i < tlb->nr_thps; i++)
		if (tlb->thps[i] == folio)
			return;
	if (tlb->nr_thps == MMK_GATHER_THPS) {
		tlb_check_thp(tlb, tlb->thps[0]);
		memmove(tlb->thps, tlb->thps + 1, (MMK_GATHER_THPS - 1) * sizeof(*tlb->thps));
		tlb->nr_thps--;
	}
	get_page(folio);
	tlb->thps[tlb->nr_thps++] = folio;
}

/* Queue a detached table: freed after the flush and a grace period. */
void tlb_remove_table(struct mmu_gather *tlb, struct page *table)
{
	set_page_next(table, tlb->tables);
	tlb->tables = table;
}

void tlb_flush_mmu_tlbonly(struct mmu_gather *tlb)
{
	if (tlb->fullmm)
		flush_tlb_mm(tlb->mm);
	else if (tlb->start < tlb->end)
		flush_tlb_range(tlb->mm, tlb->start, tlb->end);
	tlb_reset_range(tlb);
}

/*
 * Flush, then free what the batch holds: pages now; tables, which lockless
 * walkers may still read, join the flushed list and wait for the one grace
 * period tlb_finish_mmu() starts for all of them.
 */
void tlb_flush_mmu(struct mmu_gather *tlb)
{
	struct mmk_machine *m = tlb->mm->m;

	tlb_flush_mmu_tlbonly(tlb);
	release_pages(m, tlb->pages, tlb->nr);
	/* A devmap PTE held a pagemap reference too: dropped after the flush. */
	for (unsigned int i = 0; i < tlb->nr; i++)
		if (unlikely(is_zone_device_page(tlb->pages[i])))
			put_dev_pagemap(tlb->pages[i]->pgmap);
	tlb->nr = 0;
	while (tlb->tables) {
		struct page *t = tlb->tables;
		tlb->tables = page_next(t);
		set_page_next(t, tlb->tables_flushed);
		tlb->tables_flushed = t;
	}
}

/* Another gather on this mm is between tlb_gather_mmu and its finish. */
static bool mm_tlb_flush_nested(struct mm_struct *mm)
{
	if (mmk_bug(mm->m, MMK_BUG_TLB_NO_FLUSH_NESTED))
		return false;
	return atomic_add_return(0, &mm->tlb_flush_pending) > 1;
}

void tlb_finish_mmu(struct mmu_gather *tlb)
{
	struct mm_struct *mm = tlb->mm;

	/*
	 * Freed tables must not outlive a stale translation either; and a
	 * nested gather may have left entries this one found empty in other
	 * CPUs' TLBs.  Either way: the whole mm, before anything is freed.
	 */
	if (!tlb->fullmm && (mm_tlb_flush_nested(mm) ||
			     (tlb->tables && tlb->start >= tlb->end))) {
		flush_tlb_mm(mm);
		tlb_reset_range(tlb);
	}
	tlb_flush_mmu(tlb);
	pte_free_defer_list(mm->m, tlb->tables_flushed);
	tlb->tables_flushed = NULL;
	for (unsigned int i = 0; i < tlb->nr_thps; i++)
		tlb_check_thp(tlb, tlb->thps[i]);
	tlb->nr_thps = 0;
	atomic_dec(&mm->tlb_flush_pending);
}

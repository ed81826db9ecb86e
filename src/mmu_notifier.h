/* SPDX-License-Identifier: MIT */
/*
 * mmu_notifier.h - secondary MMUs that mirror a page table (mmu_notifier.c).
 */
#ifndef MMK_MMU_NOTIFIER_H
#define MMK_MMU_NOTIFIER_H

#include "mm_types.h"

struct mmu_notifier {
	/* Before entries of [start, end) are cleared or write-protected. */
	void (*invalidate_range_start)(struct mmu_notifier *mn, struct mm_struct *mm,
				       uint64_t start, uint64_t end);
	/* The mm goes away: drop everything mirrored from it. */
	void (*release)(struct mmu_notifier *mn, struct mm_struct *mm);
	struct mmu_notifier *next;
};
void __mmu_notifier_invalidate_range_start(struct mm_struct *mm, uint64_t start,
					   uint64_t end);
void __mmu_notifier_invalidate_range_end(struct mm_struct *mm, uint64_t start,
					 uint64_t end);
static inline void mmu_notifier_invalidate_range_start(struct mm_struct *mm,
							uint64_t start, uint64_t end)
{
	if (unlikely(atomic_load_explicit(&mm->notifiers, memory_order_acquire) != NULL))
		__mmu_notifier_invalidate_range_start(mm, start, end);
}
static inline void mmu_notifier_invalidate_range_end(struct mm_struct *mm,
						      uint64_t start, uint64_t end)
{
	if (unlikely(atomic_load_explicit(&mm->notifiers, memory_order_acquire) != NULL))
		__mmu_notifier_invalidate_range_end(mm, start, end);
}
/* The mm exits: each notifier's release, once; the list is emptied. */
void mmu_notifier_release(struct mm_struct *mm);
/* Add @mn to @mm's notifiers (it stays until the mm exits); takes mmap_lock. */
void mmu_notifier_register(struct mm_struct *mm, struct mmu_notifier *mn);
/*
 * mmu_interval_read_begin/retry: a mirror samples the count before it
 * reads the page table (waiting out an invalidation that runs) and, under
 * its own lock, installs what it read only if retry says no invalidation
 * ran or runs since.
 */
int mmu_interval_read_begin(struct mm_struct *mm);
bool mmu_interval_read_retry(struct mm_struct *mm, int seq);

#endif

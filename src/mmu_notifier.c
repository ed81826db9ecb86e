/* SPDX-License-Identifier: MIT */
/*
 * mmu_notifier.c - secondary MMUs (a device's mirror, hmm.c) told when a
 * process page table changes.
 *
 * Notifiers.  Every operation that clears, replaces or write-protects
 * entries (zap, mprotect, fork's COW, a COW break, migration, mremap,
 * reclaim) brackets the change with mmu_notifier_invalidate_range_start()
 * and _end().  Between them mm->invalidating is nonzero, and each bracket
 * bumps mm->invalidate_seq twice: mmu_interval_read_begin() waits for no
 * invalidation and samples the count, mmu_interval_read_retry() says
 * whether one ran or runs since.  (Linux keeps the count per interval
 * tree; one per mm only retries more often.)  A page a mirror maps is
 * freed only after such a bracket began, so the mirror, which drops its
 * entries in the start callback under its lock, never reaches a freed
 * page.  The callbacks run with mmap_lock held by the caller and no
 * page-table lock.
 *
 * Registering takes mmap_lock for write, as Linux's mmu_notifier_register
 * does: _start() and _end() each look at mm->notifiers on their own, so a
 * notifier added between them would see an _end() without its _start():
 * mm->invalidating would go below zero and every later
 * mmu_interval_read_begin() wait for ever (tests/scripts/
 * hmm-invalidate-race.mmk found it).  Every bracket runs under mmap_lock,
 * so none straddles a registration.
 *
 * Locks: mmap_lock (write) -> mm->notifier_lock, which only guards pushing
 * onto mm->notifiers; walkers read the list without it (entries are never
 * removed before the mm exits).
 */
#include "mmap_lock.h"
#include "mmu_notifier.h"

void __mmu_notifier_invalidate_range_start(struct mm_struct *mm, uint64_t start,
					   uint64_t end)
{
	mmap_assert_locked(mm);

	atomic_inc(&mm->invalidating);
	atomic_inc(&mm->invalidate_seq);
	for (struct mmu_notifier *mn = atomic_load_explicit(&mm->notifiers,
			memory_order_acquire); mn; mn = mn->next)
		mn->invalidate_range_start(mn, mm, start, end);
}

void __mmu_notifier_invalidate_range_end(struct mm_struct *mm, uint64_t start,
					 uint64_t end)
{
	(void)start;
	(void)end;
	atomic_inc(&mm->invalidate_seq);
	atomic_dec(&mm->invalidating);
}

void mmu_notifier_release(struct mm_struct *mm)
{
	struct mmu_notifier *mn = atomic_exchange(&mm->notifiers, NULL);

	for (; mn; mn = mn->next)
		mn->release(mn, mm);
}

void mmu_notifier_register(struct mm_struct *mm, struct mmu_notifier *mn)
{
	mmap_write_lock(mm);	/* no invalidate bracket is half done */
	spin_lock(&mm->notifier_lock);
	mn->next = atomic_load_explicit(&mm->notifiers, memory_order_relaxed);
	atomic_store_explicit(&mm->notifiers, mn, memory_order_release);
	spin_unlock(&mm->notifier_lock);
	mmap_write_unlock(mm);
}

int mmu_interval_read_begin(struct mm_struct *mm)
{
	unsigned int spins = 0;

	while (atomic_read(&mm->invalidating))
		mmk_wait_relax(&mm->invalidating, &spins);
	smp_mb();	/* the sample before the walk it validates */
	return atomic_read(&mm->invalidate_seq);
}

bool mmu_interval_read_retry(struct mm_struct *mm, int seq)
{
	smp_mb();	/* the walk before the re-read */
	return atomic_read(&mm->invalidating) || atomic_read(&mm->invalidate_seq) != seq;
}

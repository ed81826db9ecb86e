/* SPDX-License-Identifier: MIT */
/*
 * lockdep.c - the run-time check of the lock order (lockdep.h).
 *
 * Owns: each thread's stack of held locks (thread-local, so no lock of
 * its own), and the report.  The sync layer calls lockdep_acquire()
 * before it waits for a lock, so that an inversion is reported instead of
 * deadlocking, and lockdep_release() before it lets go.  Nothing here is
 * a scheduling point: the race lab explores mmkit, not its checks.
 *
 * A thread that holds more than LOCKDEP_DEPTH locks (the full checker
 * trylocks the mmap_lock of every live mm) stops recording the extra ones
 * and counts them instead; their releases are then forgiven.  The order
 * is still checked against every lock recorded.
 */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include "lockdep.h"

static const char *const rank_names[LOCK_RANK_NR] = {
	[LOCK_RANK_NONE] = "unranked",
	[LOCK_RANK_MMAP] = "mmap_lock",
	[LOCK_RANK_PT_RWSEM] = "pt_rwsem",
	[LOCK_RANK_PAGE] = "page lock",
	[LOCK_RANK_I_MMAP] = "i_mmap_rwsem",
	[LOCK_RANK_DMIRROR] = "dmirror lock",
	[LOCK_RANK_PAGE_TABLE] = "page_table_lock",
	[LOCK_RANK_PMD] = "pmd lock",
	[LOCK_RANK_PTL] = "PTL",
	[LOCK_RANK_RECLAIM_QUEUE] = "reclaim_lock",
	[LOCK_RANK_NOTIFIER] = "notifier_lock",
	[LOCK_RANK_MM_LIST] = "mm_list_lock",
	[LOCK_RANK_PGMAP] = "pgmap lock",
	[LOCK_RANK_DEV] = "dev_lock",
	[LOCK_RANK_TLB] = "tlb_lock",
	[LOCK_RANK_PCP] = "pcp_lock",
	[LOCK_RANK_POOL] = "pool_lock",
	[LOCK_RANK_PT_QUICKLIST] = "pt_quicklist_lock",
	[LOCK_RANK_PT_DEFER] = "pt_defer_lock",
	[LOCK_RANK_FOLIO_MM] = "_mm_lock",
	[LOCK_RANK_CHECK] = "checker lock",
};

const char *lock_rank_name(unsigned int rank)
{
	return rank < LOCK_RANK_NR ? rank_names[rank] : "?";
}

__thread lockdep_report_fn lockdep_report_hook;

#ifndef NDEBUG
#include <stdarg.h>

#define LOCKDEP_DEPTH 256

struct held_lock {
	const void *lock;
	unsigned char rank, subclass, flags;
	const char *file;	/* where it was taken */
	int line;
};

static __thread struct held_lock held[LOCKDEP_DEPTH];
static __thread int nheld, untracked;

/* Describe the held stack, then hand the report over (or abort). */
static void __attribute__((format(printf, 1, 2))) report(const char *fmt, ...)
{
	char buf[4096];
	size_t n;
	va_list ap;

	va_start(ap, fmt);
	n = (size_t)vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	for (int i = nheld - 1; i >= 0 && n < sizeof(buf); i--) {
		const struct held_lock *h = &held[i];

		n += (size_t)snprintf(buf + n, sizeof(buf) - n,
				      "\n  holds %s %p%s%s (subclass %u), taken at %s:%d",
				      lock_rank_name(h->rank), h->lock,
				      h->flags & LOCKDEP_READ ? " for read" : "",
				      h->flags & LOCKDEP_TRY ? " by trylock" : "",
				      h->subclass, h->file, h->line);
	}
	if (lockdep_report_hook) {
		lockdep_report_hook(buf);
		return;
	}
	fprintf(stderr, "mmkit lockdep: %s\n", buf);
	abort();
}

static int find_held(const void *lock)
{
	for (int i = nheld - 1; i >= 0; i--)
		if (held[i].lock == lock)
			return i;
	return -1;
}

/* Is (@rank, @subclass) after every held lock in the order? */
static const struct held_lock *order_broken(unsigned int rank, unsigned int subclass)
{
	for (int i = 0; i < nheld; i++) {
		const struct held_lock *h = &held[i];

		if (h->rank == LOCK_RANK_NONE)
			continue;
		if (h->rank > rank || (h->rank == rank && h->subclass >= subclass))
			return h;
	}
	return NULL;
}

void lockdep_acquire(const void *lock, unsigned int rank, unsigned int subclass,
		     unsigned int flags, const char *file, int line)
{
	/* A trylock can only get a lock held for read, and cannot deadlock. */
	if (!(flags & LOCKDEP_TRY) && find_held(lock) >= 0)
		report("%s:%d: %s %p taken again by the thread that holds it",
		       file, line, lock_rank_name(rank), lock);
	else if (rank != LOCK_RANK_NONE && !(flags & LOCKDEP_TRY)) {
		const struct held_lock *h = order_broken(rank, subclass);

		if (h)
			report("%s:%d: lock order inversion: %s %p (subclass %u) taken while "
			       "holding %s %p (subclass %u, taken at %s:%d); the order is "
			       "lockdep.h's rank table", file, line, lock_rank_name(rank),
			       lock, subclass, lock_rank_name(h->rank), h->lock, h->subclass,
			       h->file, h->line);
	}
	if (nheld == LOCKDEP_DEPTH) {
		untracked++;
		return;
	}
	held[nheld++] = (struct held_lock){ .lock = lock, .rank = (unsigned char)rank,
		.subclass = (unsigned char)subclass, .flags = (unsigned char)flags,
		.file = file, .line = line };
}

void lockdep_release(const void *lock, const char *file, int line)
{
	int i = find_held(lock);

	if (i < 0) {
		if (untracked) {
			untracked--;
			return;
		}
		report("%s:%d: release of lock %p, which this thread does not hold",
		       file, line, lock);
		return;
	}
	for (; i < nheld - 1; i++)
		held[i] = held[i + 1];
	nheld--;
}

bool lockdep_is_held(const void *lock, bool write)
{
	int i = find_held(lock);

	if (i < 0)
		return untracked > 0;	/* it may be one of those not recorded */
	return !write || !(held[i].flags & LOCKDEP_READ);
}

int lockdep_depth(void)
{
	return nheld + untracked;
}

void lockdep_assert_fail(const void *lock, const char *what, const char *func,
			 const char *file, int line)
{
	report("%s:%d: %s: lock %p must be %s by this thread", file, line, func,
	       lock, what);
}

void lockdep_might_sleep(const char *func, const char *file, int line)
{
	for (int i = 0; i < nheld; i++)
		if (held[i].flags & LOCKDEP_SPIN)
			report("%s:%d: %s waits for other threads while holding a "
			       "spinlock (%s %p)", file, line, func,
			       lock_rank_name(held[i].rank), held[i].lock);
}
#endif

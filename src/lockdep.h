/* SPDX-License-Identifier: MIT */
/*
 * lockdep.h - the lock order of mmkit, and its run-time check (lockdep.c).
 *
 * The rank table below is the one statement of the lock order.  Every
 * lock is created with a rank; a thread may block on a lock only if its
 * rank is higher than that of every lock it already holds (jemalloc's
 * witness: "higher valued locks can only be acquired after lower-valued
 * ones").  Two locks of one rank nest only through an explicit subclass,
 * as Linux's spin_lock_nested(SINGLE_DEPTH_NESTING) does for fork's two
 * PTLs.  A trylock never waits, so it may take a lock of any rank (Linux's
 * lockdep skips the order check for trylocks too); the lock it got counts
 * as held for the checks that follow.
 *
 * In debug and sanitizer builds (NDEBUG unset) each thread keeps a stack
 * of the locks it holds.  The checks, each reported with the file and
 * line of the call and the held stack:
 *  - an acquisition that breaks the order (an inversion);
 *  - an acquisition of a lock this thread holds already (read locks
 *    included: a reader that re-takes mmap_lock while a writer waits
 *    deadlocks);
 *  - a release of a lock this thread does not hold;
 *  - lockdep_assert_held() and friends: *this thread* holds the lock (in
 *    the mode asked), not merely somebody.
 * A report goes to the calling thread's lockdep_report_hook if it set
 * one (the tests), else to stderr, and then aborts, as a failed assert
 * does.  Release builds compile all of it out.
 *
 * Ranks, outermost first.  Each names what the lock protects; the data
 * itself says so again where it is declared.
 */
#ifndef MMK_LOCKDEP_H
#define MMK_LOCKDEP_H

#include <stdbool.h>

enum lock_rank {
	LOCK_RANK_NONE = 0,	/* not checked (locks of tests, never nested) */
	/* mm->mmap_lock: the VMA array and VMA fields (percpu rwsem) */
	LOCK_RANK_MMAP,
	/* mm's pt_rwsem, rwsem policy: walkers (read) against reclaim (write) */
	LOCK_RANK_PT_RWSEM,
	/* PG_locked, trylocks (faults wait a turn): migration, shmem faults, collapse_file */
	LOCK_RANK_PAGE,
	/* a shmem object's i_mmap_rwsem: its list of VMAs (rmap walks, retract) */
	LOCK_RANK_I_MMAP,
	/* a device mirror's table, held across copies through it (hmm.c) */
	LOCK_RANK_DMIRROR,
	/* mm->page_table_lock: populating PGD and PUD entries */
	LOCK_RANK_PAGE_TABLE,
	/* a PMD table's lock (its page's ptl): its entries */
	LOCK_RANK_PMD,
	/* a PTE table's lock (PTL): its entries; two nest by subclass */
	LOCK_RANK_PTL,
	/* rwsem policy: the queue of ranges left for the next writer */
	LOCK_RANK_RECLAIM_QUEUE,
	/* mm->notifier_lock: pushing onto the notifier list */
	LOCK_RANK_NOTIFIER,
	/* m->mm_list_lock: the list of live mms */
	LOCK_RANK_MM_LIST,
	/* a dev_pagemap's lock: its free pages, DAX pages going idle */
	LOCK_RANK_PGMAP,
	/* m->dev_lock: registering devices */
	LOCK_RANK_DEV,
	/* cpu->tlb_lock: a CPU's TLB, held across one access */
	LOCK_RANK_TLB,
	/* cpu->pcp_lock: a CPU's cached free frames */
	LOCK_RANK_PCP,
	/* m->pool_lock: the global free list */
	LOCK_RANK_POOL,
	/* m->pt_quicklist_lock: free zeroed page-table frames */
	LOCK_RANK_PT_QUICKLIST,
	/* m->pt_defer_lock: tables waiting to start a grace period */
	LOCK_RANK_PT_DEFER,
	/* a large folio's _mm_lock: its MM_ID slots and large mapcount (rmap.c) */
	LOCK_RANK_FOLIO_MM,
	/* the checker's first violation and quarantine: innermost */
	LOCK_RANK_CHECK,
	LOCK_RANK_NR
};

/* The rank's name as reports and docs/design.md spell it. */
const char *lock_rank_name(unsigned int rank);

/* Flags of an acquisition. */
#define LOCKDEP_READ 0x1	/* a shared hold of a rwsem */
#define LOCKDEP_TRY 0x2		/* a trylock that succeeded: no order check */
#define LOCKDEP_SPIN 0x4	/* a spinlock: nothing may sleep while it is held */

/* What a thread that set lockdep_report_hook gets instead of an abort. */
typedef void (*lockdep_report_fn)(const char *report);
extern __thread lockdep_report_fn lockdep_report_hook;

#ifndef NDEBUG
#define LOCKDEP_ON 1
void lockdep_acquire(const void *lock, unsigned int rank, unsigned int subclass,
		     unsigned int flags, const char *file, int line);
void lockdep_release(const void *lock, const char *file, int line);
/* Held by this thread: in any mode (@write false), or for write. */
bool lockdep_is_held(const void *lock, bool write);
/* How many locks this thread holds. */
int lockdep_depth(void);
void lockdep_assert_fail(const void *lock, const char *what, const char *func,
			 const char *file, int line);
#define lockdep_assert_held(l) \
	((void)(lockdep_is_held((l), false) || \
		(lockdep_assert_fail((l), "held", __func__, __FILE__, __LINE__), 0)))
#define lockdep_assert_held_write(l) \
	((void)(lockdep_is_held((l), true) || \
		(lockdep_assert_fail((l), "held for write", __func__, __FILE__, __LINE__), 0)))
#define lockdep_assert_not_held(l) \
	((void)(!lockdep_is_held((l), false) || \
		(lockdep_assert_fail((l), "not held", __func__, __FILE__, __LINE__), 0)))
/* might_sleep(): about to wait for something other threads do; no spinlock held. */
void lockdep_might_sleep(const char *func, const char *file, int line);
#define might_sleep() lockdep_might_sleep(__func__, __FILE__, __LINE__)
#else
#define LOCKDEP_ON 0
#define lockdep_acquire(...) ((void)0)
#define lockdep_release(...) ((void)0)
#define lockdep_assert_held(l) ((void)(l))
#define lockdep_assert_held_write(l) ((void)(l))
#define lockdep_assert_not_held(l) ((void)(l))
#define might_sleep() ((void)0)
#endif

#endif

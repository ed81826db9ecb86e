/* SPDX-License-Identifier: MIT */
/*
 * policy_full.c - the `full` policy: PT_RECLAIM at every level and on
 * every zap, so that an address space returns to its baseline page-table
 * memory.
 *
 * Any zap but exit (DONTNEED of any size, munmap of part of a VMA,
 * discarded MADV_FREE pages) rescans the tables it touched; a table found
 * empty is freed, then its PMD table and its PUD table if they became
 * empty (pt_reclaim.c, try_free_upper).  Because an upper table may now go
 * while mmap_lock is only held for read, software walkers run inside an
 * RCU read-side section (walk_begin), as lockless ones always do: a
 * detached upper table stays readable until they leave it, and populating
 * an entry rechecks under its lock that its table is still attached.
 */
#include "pt_policy.h"

static bool full_zap_reclaims(enum zap_reason reason, bool whole_table)
{
	(void)whole_table;
	return reason != ZAP_EXIT;	/* exit's free_pgtables frees all */
}

static void full_walk_begin(struct mm_struct *mm)
{
	(void)mm;
	rcu_read_lock();	/* upper tables may be freed under us */
}

static void full_walk_end(struct mm_struct *mm)
{
	(void)mm;
	rcu_read_unlock();
}

static bool full_walk_held(struct mm_struct *mm)
{
	(void)mm;
	return rcu_read_held();
}

const struct pt_policy_ops pt_policy_full = {
	.name = "full",
	.walk_begin = full_walk_begin,
	.walk_end = full_walk_end,
	.walk_held = full_walk_held,
	.zap_reclaims = full_zap_reclaims,
	.free_upper = true,
};

/* SPDX-License-Identifier: MIT */
/*
 * policy_rwsem.c - the `rwsem` policy: Jason Gunthorpe's page-table rwsem.
 *
 * Software walkers under mmap_lock (read) hold the mm's page-table rwsem
 * for read around the walk.  After a zap (DONTNEED, the discard of lazily
 * freed pages, a partial munmap) the zapper trylocks it for write; with it
 * held no software walker is inside any table of the mm, so the empty
 * tables of every level in the range are detached without table locks
 * (free_empty_tables) and freed through the mmu_gather, after the flush
 * and a grace period: GUP-fast and the hardware walker stay lockless
 * under RCU, as under every policy.  If the trylock fails, the range is
 * queued and the next zapper that gets the lock frees it too.  (munmap
 * holds mmap_lock for write, so no walker holds the rwsem and it always
 * gets it: what free_pgtables keeps because a neighbouring VMA shares the
 * table goes here if the zap emptied it.)
 *
 * The policy's state is per mm (mm->pt_priv, struct rwsem_mm): the rwsem,
 * and the queue under its own lock.  Which thread holds the rwsem for
 * read or write is also counted per thread (rwsem_walk_depth): that, not
 * RCU, keeps this thread's table reads safe (walk_held).
 */
#include <stdlib.h>
#include "tlb.h"
#include "pt_policy.h"

struct pt_range {
	uint64_t start, end;
};

struct rwsem_mm {
	struct rw_semaphore pt_rwsem;	/* walkers read, reclaim write */
	spinlock_t reclaim_lock;	/* the queue: */
	struct pt_range *queue;
	unsigned int nr_queued, queue_cap;
};

static __thread int rwsem_walk_depth;

static struct rwsem_mm *rwsem_mm(struct mm_struct *mm)
{
	return mm->pt_priv;
}

static int rwsem_mm_init(struct mm_struct *mm)
{
	struct rwsem_mm *r = calloc(1, sizeof(*r));

	if (!r)
		return -ENOMEM;
	init_rwsem(&r->pt_rwsem, LOCK_RANK_PT_RWSEM);
	spin_lock_init(&r->reclaim_lock, LOCK_RANK_RECLAIM_QUEUE);
	mm->pt_priv = r;
	return 0;
}

static void rwsem_mm_exit(struct mm_struct *mm)
{
	struct rwsem_mm *r = rwsem_mm(mm);

	destroy_rwsem(&r->pt_rwsem);
	free(r->queue);
	free(r);
	mm->pt_priv = NULL;
}

static void rwsem_walk_begin(struct mm_struct *mm)
{
	down_read(&rwsem_mm(mm)->pt_rwsem);
	rwsem_walk_depth++;
	pt_count(mm->m, MMK_PTC_WALK_LOCKS, 1);
	pt_count(mm->m, MMK_PTC_WALK_ATOMICS, 2);	/* lock and unlock */
}

static bool rwsem_walk_trylock(struct mm_struct *mm)
{
	if (!down_read_trylock(&rwsem_mm(mm)->pt_rwsem))
		return false;
	rwsem_walk_depth++;
	pt_count(mm->m, MMK_PTC_WALK_LOCKS, 1);
	pt_count(mm->m, MMK_PTC_WALK_ATOMICS, 2);
	return true;
}

static void rwsem_walk_end(struct mm_struct *mm)
{
	rwsem_walk_depth--;
	up_read(&rwsem_mm(mm)->pt_rwsem);
}

static bool rwsem_walk_held(struct mm_struct *mm)
{
	(void)mm;
	return rwsem_walk_depth > 0;
}

static void rwsem_enqueue(struct rwsem_mm *r, struct mmk_machine *m, uint64_t start,
			  uint64_t end)
{
	spin_lock(&r->reclaim_lock);
	if (r->nr_queued && r->queue[r->nr_queued - 1].end == start) {
		r->queue[r->nr_queued - 1].end = end;
	} else {
		if (r->nr_queued == r->queue_cap) {
			unsigned int cap = r->queue_cap ? r->queue_cap * 2 : 16;
			void *n = realloc(r->queue, cap * sizeof(*r->queue));

			if (!n)
				goto out;	/* memory stays used; nothing else is lost */
			r->queue = n;
			r->queue_cap = cap;
		}
		r->queue[r->nr_queued++] = (struct pt_range){ start, end };
	}
	pt_count(m, MMK_PTC_QUEUED, 1);
out:
	spin_unlock(&r->reclaim_lock);
}

static bool rwsem_dequeue(struct rwsem_mm *r, uint64_t *start, uint64_t *end)
{
	bool got = false;

	spin_lock(&r->reclaim_lock);
	if (r->nr_queued) {
		r->nr_queued--;
		*start = r->queue[r->nr_queued].start;
		*end = r->queue[r->nr_queued].end;
		got = true;
	}
	spin_unlock(&r->reclaim_lock);
	return got;
}

static void rwsem_after_zap(struct mm_struct *mm, uint64_t start, uint64_t end,
			    enum zap_reason reason)
{
	struct rwsem_mm *r = rwsem_mm(mm);
	struct mmu_gather tlb;

	(void)reason;
	if (!down_write_trylock(&r->pt_rwsem)) {
		rwsem_enqueue(r, mm->m, start, end);
		return;
	}
	rwsem_walk_depth++;
	tlb_gather_mmu(&tlb, mm);
	do {
		free_empty_tables(&tlb, start, end);
	} while (rwsem_dequeue(r, &start, &end));
	rwsem_walk_depth--;
	up_write(&r->pt_rwsem);
	tlb_finish_mmu(&tlb);
}

static const char *rwsem_describe(struct mm_struct *mm, const void *obj)
{
	struct rwsem_mm *r = rwsem_mm(mm);

	return obj == &r->pt_rwsem ? "pt_rwsem" : obj == &r->reclaim_lock ? "reclaim_lock" : NULL;
}

const struct pt_policy_ops pt_policy_rwsem = {
	.name = "rwsem",
	.walk_begin = rwsem_walk_begin,
	.walk_end = rwsem_walk_end,
	.walk_trylock = rwsem_walk_trylock,
	.walk_held = rwsem_walk_held,
	.after_zap = rwsem_after_zap,
	.retract_locked = true,
	.mm_init = rwsem_mm_init,
	.mm_exit = rwsem_mm_exit,
	.describe = rwsem_describe,
};

/* SPDX-License-Identifier: MIT */
/*
 * spinlock.c - the sync layer's thread-locals (the scheduling hook, thread
 * ids) and the spinlock's slow path (sync.h has the fast paths and the
 * rules).
 */
#include <sched.h>
#include "sync.h"

MMK_TLS_HOT mmk_sched_hook_t mmk_sched_hook;
#ifdef MMK_TSAN
__thread atomic_int mmk_mb_word;
#endif
MMK_TLS_HOT int mmk_tid;
static atomic_int next_tid = 1;

int mmk_tid_slow(void)
{
	mmk_tid = atomic_fetch_add(&next_tid, 1);
	return mmk_tid;
}

void mmk_wait_relax_hard(void)
{
	sched_yield();
}

/* ---- spinlock slow path ---- */
void spin_lock_hard(spinlock_t *l)
{
	unsigned int spins = 0;

	for (;;) {
		while (atomic_load_explicit(&l->owner, memory_order_relaxed))
			mmk_wait_relax(l, &spins);
		if (__spin_trylock_raw(l))
			return;
	}
}

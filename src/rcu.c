/* SPDX-License-Identifier: MIT */
/*
 * rcu.c - mmkit's RCU (the lock primitives' slow paths are spinlock.c,
 * rwsem.c and percpu_rwsem.c).
 *
 * Owns: the thread registration with liburcu (lazy, undone at thread exit
 * through a pthread key), the read-side nesting count, and the mapping of
 * mmkit's rcu_head onto liburcu's call_rcu.
 *
 * On a thread run by the race lab's explorer (mmk_explorer set, sync.h),
 * the RCU calls divert to the explorer (sched_explore.c): RCU is its
 * deterministic RCU.
 * liburcu is then never called, so it starts no thread of its own.
 *
 * Under ThreadSanitizer, liburcu's own synchronisation is invisible (it is
 * not instrumented and uses inline assembly), so grace periods are told to
 * TSan explicitly: every read-side unlock releases a token that every grace
 * period (synchronize_rcu, and each callback) acquires.  That is exactly the
 * guarantee RCU gives: whatever a reader did happens before the end of a
 * grace period that began after the reader's section started.
 */
/*
 * liburcu's inline read side (_LGPL_SOURCE) is sync.h's business: it
 * includes urcu-memb.h for the inline fast paths, except under TSan,
 * where liburcu's inline code synchronises through plain accesses and
 * fences TSan cannot follow, so that build calls the (uninstrumented)
 * library instead and states the grace-period ordering with annotations
 * below.
 */
#include "sync.h"
#include <urcu/urcu-memb.h>
#include <sched.h>
#include <stddef.h>
#include "sched_explore.h"

#ifdef MMK_TSAN
#include <sanitizer/tsan_interface.h>
static char rcu_tsan_token, rcu_tsan_barrier;
#define tsan_release(a) __tsan_release(a)
#define tsan_acquire(a) __tsan_acquire(a)
#else
#define tsan_release(a) ((void)0)
#define tsan_acquire(a) ((void)0)
#endif


/* ---- RCU ---- */
static pthread_key_t rcu_key;
static pthread_once_t rcu_once = PTHREAD_ONCE_INIT;
MMK_TLS_HOT struct mmk_rcu_reader mmk_rcu_reader;

static void rcu_thread_exit(void *arg)
{
	(void)arg;
	if (mmk_rcu_reader.registered) {
		urcu_memb_unregister_thread();
		mmk_rcu_reader.registered = false;
	}
}

static void rcu_key_init(void)
{
	pthread_key_create(&rcu_key, rcu_thread_exit);
}

static void rcu_register_slow(void)
{
	pthread_once(&rcu_once, rcu_key_init);
	urcu_memb_register_thread();
	mmk_rcu_reader.registered = true;
	/* Any non-NULL value makes the destructor run at thread exit. */
	pthread_setspecific(rcu_key, (void *)1);
}

/*
 * What rcu_read_lock() (sync.h) does not do inline, after its scheduling
 * point: the explorer's RCU, the first section of a thread, and every
 * section under TSan.
 */
void rcu_read_lock_hard(void)
{
	if (unlikely(mmk_explorer)) {
		if (!mmk_rcu_reader.nesting++)
			explore_rcu_enter(mmk_explorer);
		return;
	}
	if (unlikely(!mmk_rcu_reader.registered))
		rcu_register_slow();
	mmk_rcu_reader.nesting++;
	urcu_memb_read_lock();
}

/* rcu_read_unlock() under the explorer or TSan, scheduling point included. */
void rcu_read_unlock_hard(void)
{
	assert(mmk_rcu_reader.nesting > 0);
	if (unlikely(mmk_explorer)) {
		if (!--mmk_rcu_reader.nesting)
			explore_rcu_exit(mmk_explorer);
		mmk_sched_point(MMK_SP_RCU_UNLOCK, NULL);
		return;
	}
	tsan_release(&rcu_tsan_token);
	urcu_memb_read_unlock();
	mmk_rcu_reader.nesting--;
	mmk_sched_point(MMK_SP_RCU_UNLOCK, NULL);
}

void synchronize_rcu(void)
{
	assert(mmk_rcu_reader.nesting == 0);
	mmk_sched_point(MMK_SP_GP, NULL);
	if (unlikely(mmk_explorer)) {
		explore_synchronize_rcu(mmk_explorer);
		return;
	}
	if (unlikely(!mmk_rcu_reader.registered))
		rcu_register_slow();
	urcu_memb_synchronize_rcu();
	tsan_acquire(&rcu_tsan_token);
}

/* liburcu's rcu_head is { next, func }: ours starts with the same two words. */
_Static_assert(offsetof(struct mmk_rcu_head, func) == offsetof(struct rcu_head, func),
	       "mmk_rcu_head must begin with liburcu's rcu_head");

static void rcu_trampoline(struct rcu_head *h)
{
	struct mmk_rcu_head *head = (struct mmk_rcu_head *)h;

	tsan_acquire(head);
	tsan_acquire(&rcu_tsan_token);
	head->fn(head);
	tsan_release(&rcu_tsan_barrier);	/* rcu_barrier() waits for us */
}

void call_rcu(struct mmk_rcu_head *head, mmk_rcu_func_t fn)
{
	if (unlikely(mmk_explorer)) {
		explore_call_rcu(mmk_explorer, head, fn);
		return;
	}
	if (unlikely(!mmk_rcu_reader.registered))
		rcu_register_slow();
	head->fn = fn;
	tsan_release(head);
	urcu_memb_call_rcu((struct rcu_head *)head, rcu_trampoline);
}

void rcu_barrier(void)
{
	assert(mmk_rcu_reader.nesting == 0);
	if (unlikely(mmk_explorer)) {
		explore_rcu_barrier(mmk_explorer);
		return;
	}
	if (unlikely(!mmk_rcu_reader.registered))
		rcu_register_slow();
	urcu_memb_barrier();
	tsan_acquire(&rcu_tsan_barrier);
}

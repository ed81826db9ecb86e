/* SPDX-License-Identifier: MIT */
/*
 * percpu_rwsem.c - the slow paths of the per-CPU reader-writer semaphore
 * (sync.h explains the protocol and its ordering).
 *
 * Owns nothing but the semaphore's own words.  A writer claims @writer
 * with a compare-and-swap (writers exclude each other there), then waits
 * for the reader counts to drain; a reader that met a claimed @writer
 * waits for it to be released and tries again.  Every wait turns
 * mmk_wait_relax(), so the race lab's scheduler can run the thread being
 * waited for.
 */
#include "sync.h"

void percpu_init_rwsem(struct percpu_rw_semaphore *s, enum lock_rank rank)
{
	atomic_init(&s->writer, 0);
	s->rank = (unsigned char)rank;
	for (unsigned int i = 0; i < PCPU_RWSEM_SLOTS; i++)
		atomic_init(&s->slot[i].count, 0);
}

/*
 * Sum of the reader counts.  The acquire loads pair with up_read's release
 * decrements: a zero sum read after the writer claimed the lock means every
 * section that counted itself in has ended and is visible to the writer.
 */
static long percpu_rwsem_sum(struct percpu_rw_semaphore *s)
{
	long sum = 0;

	for (unsigned int i = 0; i < PCPU_RWSEM_SLOTS; i++)
		sum += atomic_load_explicit(&s->slot[i].count, memory_order_seq_cst);
	return sum;
}

/* A writer held or claimed the lock when we tried: wait for it, retry. */
void percpu_down_read_hard(struct percpu_rw_semaphore *s, atomic_long *cnt)
{
	unsigned int spins = 0;

	assert(atomic_load_explicit(&s->writer, memory_order_relaxed) != mmk_self());
	do {
		while (atomic_load_explicit(&s->writer, memory_order_relaxed))
			mmk_wait_relax(s, &spins);
	} while (!__percpu_down_read_try(s, cnt));
}

static bool percpu_writer_claim(struct percpu_rw_semaphore *s)
{
	int none = 0;

	return atomic_compare_exchange_strong_explicit(&s->writer, &none, mmk_self(),
			memory_order_seq_cst, memory_order_relaxed);
}

/* Claimed: new readers back out; wait for those already in to leave. */
static void percpu_writer_drain(struct percpu_rw_semaphore *s)
{
	unsigned int spins = 0;

	while (percpu_rwsem_sum(s) != 0)
		mmk_wait_relax(&s->slot, &spins);
}

void __percpu_down_write(struct percpu_rw_semaphore *s, unsigned int subclass, LD_ARGS)
{
	unsigned int spins = 0;

	LD_UNUSED;
	(void)subclass;
	might_sleep();
	lockdep_acquire(s, s->rank, subclass, 0, LD_PASS);
	mmk_sched_point(MMK_SP_LOCK, s);
	assert(atomic_load_explicit(&s->writer, memory_order_relaxed) != mmk_self());
	while (!percpu_writer_claim(s))
		mmk_wait_relax(s, &spins);
	percpu_writer_drain(s);
}

/* Fails if another writer holds it or any reader is in; never waits. */
bool __percpu_down_write_trylock(struct percpu_rw_semaphore *s, LD_ARGS)
{
	LD_UNUSED;
	mmk_sched_point(MMK_SP_LOCK, s);
	if (!percpu_writer_claim(s))
		return false;
	if (percpu_rwsem_sum(s) == 0) {
		lockdep_acquire(s, s->rank, 0, LOCKDEP_TRY, LD_PASS);
		return true;
	}
	atomic_store_explicit(&s->writer, 0, memory_order_release);
	return false;
}

/* Release pairs with the acquire (seq_cst) load of @writer by readers. */
void __percpu_up_write(struct percpu_rw_semaphore *s, LD_ARGS)
{
	LD_UNUSED;
	mmk_sched_point(MMK_SP_UNLOCK, s);
	lockdep_release(s, LD_PASS);
	assert(atomic_load_explicit(&s->writer, memory_order_relaxed) == mmk_self());
	atomic_store_explicit(&s->writer, 0, memory_order_release);
}

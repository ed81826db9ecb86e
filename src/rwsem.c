/* SPDX-License-Identifier: MIT */
/*
 * rwsem.c - struct rw_semaphore (sync.h): a pthread rwlock that records
 * its writer and counts its readers, for the lock rules.
 *
 * On a thread run by the race lab's explorer (mmk_explorer set, sync.h) a
 * blocked thread must hand over to the scheduler rather than sleep in
 * pthread_rwlock_*lock, where no other explored thread would ever run to
 * release it: it trylocks, and waits through mmk_wait_relax().
 */
#include "sync.h"

/* Trylock, and wait on @s (the unlocker's UNLOCK point on @s wakes the waiter). */
static void rwsem_wait(struct rw_semaphore *s, bool write)
{
	unsigned int spins = 0;

	while (write ? pthread_rwlock_trywrlock(&s->rw) : pthread_rwlock_tryrdlock(&s->rw))
		mmk_wait_relax(s, &spins);
}

void init_rwsem(struct rw_semaphore *s)
{
	pthread_rwlock_init(&s->rw, NULL);
	atomic_init(&s->writer, 0);
	atomic_init(&s->readers, 0);
}
void destroy_rwsem(struct rw_semaphore *s) { pthread_rwlock_destroy(&s->rw); }

void down_read(struct rw_semaphore *s)
{
	mmk_sched_point(MMK_SP_LOCK, s);
	if (unlikely(mmk_explorer))
		rwsem_wait(s, false);
	else
		pthread_rwlock_rdlock(&s->rw);
	atomic_fetch_add_explicit(&s->readers, 1, memory_order_relaxed);
}
bool down_read_trylock(struct rw_semaphore *s)
{
	mmk_sched_point(MMK_SP_LOCK, s);
	if (pthread_rwlock_tryrdlock(&s->rw))
		return false;
	atomic_fetch_add_explicit(&s->readers, 1, memory_order_relaxed);
	return true;
}
void up_read(struct rw_semaphore *s)
{
	mmk_sched_point(MMK_SP_UNLOCK, s);
	atomic_fetch_sub_explicit(&s->readers, 1, memory_order_relaxed);
	pthread_rwlock_unlock(&s->rw);
}
void down_write(struct rw_semaphore *s)
{
	mmk_sched_point(MMK_SP_LOCK, s);
	if (unlikely(mmk_explorer))
		rwsem_wait(s, true);
	else
		pthread_rwlock_wrlock(&s->rw);
	atomic_store_explicit(&s->writer, mmk_self(), memory_order_relaxed);
}
bool down_write_trylock(struct rw_semaphore *s)
{
	mmk_sched_point(MMK_SP_LOCK, s);
	if (pthread_rwlock_trywrlock(&s->rw))
		return false;
	atomic_store_explicit(&s->writer, mmk_self(), memory_order_relaxed);
	return true;
}
void up_write(struct rw_semaphore *s)
{
	mmk_sched_point(MMK_SP_UNLOCK, s);
	atomic_store_explicit(&s->writer, 0, memory_order_relaxed);
	pthread_rwlock_unlock(&s->rw);
}

/* SPDX-License-Identifier: MIT */
/*
 * rwsem.c - struct rw_semaphore (sync.h): a pthread rwlock with a rank
 * for the lock rules (lockdep.h).
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

void init_rwsem(struct rw_semaphore *s, enum lock_rank rank)
{
	pthread_rwlock_init(&s->rw, NULL);
	s->rank = (unsigned char)rank;
}

void destroy_rwsem(struct rw_semaphore *s)
{
	pthread_rwlock_destroy(&s->rw);
}

static void rwsem_lock(struct rw_semaphore *s, bool write, LD_ARGS)
{
	LD_UNUSED;
	might_sleep();
	lockdep_acquire(s, s->rank, 0, write ? 0 : LOCKDEP_READ, LD_PASS);
	mmk_sched_point(MMK_SP_LOCK, s);
	if (unlikely(mmk_explorer))
		rwsem_wait(s, write);
	else if (write)
		pthread_rwlock_wrlock(&s->rw);
	else
		pthread_rwlock_rdlock(&s->rw);
}

static bool rwsem_trylock(struct rw_semaphore *s, bool write, LD_ARGS)
{
	LD_UNUSED;
	mmk_sched_point(MMK_SP_LOCK, s);
	if (write ? pthread_rwlock_trywrlock(&s->rw) : pthread_rwlock_tryrdlock(&s->rw))
		return false;
	lockdep_acquire(s, s->rank, 0, LOCKDEP_TRY | (write ? 0 : LOCKDEP_READ), LD_PASS);
	return true;
}

static void rwsem_unlock(struct rw_semaphore *s, LD_ARGS)
{
	LD_UNUSED;
	mmk_sched_point(MMK_SP_UNLOCK, s);
	lockdep_release(s, LD_PASS);
	pthread_rwlock_unlock(&s->rw);
}

void __down_read(struct rw_semaphore *s, LD_ARGS) { rwsem_lock(s, false, LD_PASS); }
void __down_write(struct rw_semaphore *s, LD_ARGS) { rwsem_lock(s, true, LD_PASS); }
bool __down_read_trylock(struct rw_semaphore *s, LD_ARGS) { return rwsem_trylock(s, false, LD_PASS); }
bool __down_write_trylock(struct rw_semaphore *s, LD_ARGS) { return rwsem_trylock(s, true, LD_PASS); }
void __up_read(struct rw_semaphore *s, LD_ARGS) { rwsem_unlock(s, LD_PASS); }
void __up_write(struct rw_semaphore *s, LD_ARGS) { rwsem_unlock(s, LD_PASS); }

/* SPDX-License-Identifier: MIT */
/*
 * mmap_lock.h - the mmap_lock API (Linux's include/linux/mmap_lock.h).
 *
 * mm->mmap_lock is a per-CPU rwsem (sync.h) of rank LOCK_RANK_MMAP, the
 * outermost lock: it protects the VMA array and every VMA field.  Held
 * for write to change them (mmap, munmap, mprotect, mremap, fork, exit,
 * flag advice); for read by faults, zaps (DONTNEED, FREE), GUP, migration
 * and queries.  Read locks never nest.  Macros, so that a lock-rule report
 * names the caller's line.
 */
#ifndef MMK_MMAP_LOCK_H
#define MMK_MMAP_LOCK_H

#include "mm_types.h"

#define mmap_read_lock(mm) percpu_down_read(&(mm)->mmap_lock)
#define mmap_read_trylock(mm) percpu_down_read_trylock(&(mm)->mmap_lock)
#define mmap_read_unlock(mm) percpu_up_read(&(mm)->mmap_lock)
#define mmap_write_lock(mm) percpu_down_write(&(mm)->mmap_lock)
/* fork: the child's, while the parent's is held (mmap_write_lock_nested). */
#define mmap_write_lock_nested(mm, subclass) \
	percpu_down_write_nested(&(mm)->mmap_lock, (subclass))
#define mmap_write_trylock(mm) percpu_down_write_trylock(&(mm)->mmap_lock)
#define mmap_write_unlock(mm) percpu_up_write(&(mm)->mmap_lock)

/* This thread holds the mm's mmap_lock (for read or write / for write). */
#define mmap_assert_locked(mm) lockdep_assert_held(&(mm)->mmap_lock)
#define mmap_assert_write_locked(mm) lockdep_assert_held_write(&(mm)->mmap_lock)

#endif

/* SPDX-License-Identifier: MIT */
/*
 * mmap_lock.h - the mmap_lock API (Linux's include/linux/mmap_lock.h).
 */
#ifndef MMK_MMAP_LOCK_H
#define MMK_MMAP_LOCK_H

#include "mm_types.h"

static inline void mmap_read_lock(struct mm_struct *mm) { percpu_down_read(&mm->mmap_lock); }
static inline bool mmap_read_trylock(struct mm_struct *mm)
{
	return percpu_down_read_trylock(&mm->mmap_lock);
}
static inline void mmap_read_unlock(struct mm_struct *mm) { percpu_up_read(&mm->mmap_lock); }
static inline void mmap_write_lock(struct mm_struct *mm) { percpu_down_write(&mm->mmap_lock); }
static inline void mmap_write_unlock(struct mm_struct *mm) { percpu_up_write(&mm->mmap_lock); }
#define mmap_assert_locked(mm) percpu_rwsem_assert_held(&(mm)->mmap_lock)
#define mmap_assert_write_locked(mm) percpu_rwsem_assert_held_write(&(mm)->mmap_lock)

#endif

/* SPDX-License-Identifier: MIT */
/*
 * highmem.h - reading and writing the bytes of simulated frames (Linux's
 * include/linux/highmem.h): every copy into, out of or between frames
 * goes through these.
 *
 * Frame contents are the simulated program's memory.  Races on them are
 * the simulated program's races (two CPUs storing to one byte), so under
 * TSan they are copied with relaxed atomics (highmem.c); mmkit's own
 * safety is checked through the entries and metadata, and by the
 * invariant checker.
 */
#ifndef MMK_HIGHMEM_H
#define MMK_HIGHMEM_H

#include <string.h>
#include "mm_types.h"

#ifdef MMK_TSAN
void frame_copy(void *dst, const void *src, size_t n);
void frame_zero(void *dst, size_t n);
#else
static inline void frame_copy(void *dst, const void *src, size_t n) { memcpy(dst, src, n); }
static inline void frame_zero(void *dst, size_t n) { memset(dst, 0, n); }
#endif

/* Copy a whole frame (COW, fork of a pinned page, migration). */
static inline void copy_user_highpage(struct mmk_machine *m, struct page *to, struct page *from)
{
	frame_copy(page_address(m, to), page_address(m, from), PAGE_SIZE);
}

#endif

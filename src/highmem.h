/* SPDX-License-Identifier: MIT */
/*
 * highmem.h - reading and writing the bytes of simulated frames (Linux's
 * include/linux/highmem.h): every load, store and copy of a data frame's
 * contents goes through these.  Page tables are the exception: their
 * entries are read and written with entry_read()/entry_write() (sync.h).
 *
 * Lazy zero-fill
 * --------------
 * The kernel zeroes 4 KiB for every page it hands a program, because the
 * hardware would otherwise show the last owner's bytes.  A simulator can
 * do better: each frame has a record of which of its 64 cache lines hold
 * data (struct frame_lines, an array beside struct page), so
 *   - a new frame costs no zeroing: allocation clears the record, and a
 *     load of a line the record does not have reads zeros;
 *   - a store makes the lines it touches data first, zeroing only those;
 *   - a copy (COW, fork, migration) copies only the lines that hold data,
 *     and a comparison treats the others as zeros.
 * A recording's replay touches pages by the hundred thousand and never
 * stores a byte (mmk_rmw()): none of those frames is ever brought into the
 * host's memory.
 *
 * The record, per frame:
 *   data     lines this frame's owner has stored into; reads see memory.
 *            Cleared when the frame is allocated.
 *   claimed  lines a store is making data (a superset of data): the claim
 *            decides which of two CPUs storing into a fresh line zeroes it
 *            first, the other waits for it to become data.  Cleared with
 *            data.
 *   dirty    lines whose host bytes may not be zero, across owners: a
 *            claim zeroes a line only if it is dirty, and a page table
 *            (written without this layer) is given a frame whose dirty
 *            lines are zeroed first (frame_zero_dirty()).  Never cleared
 *            by allocation: the bytes outlive their owner.
 * All three are atomics of the frame's own, not sync-layer objects: like
 * the bytes, they are the simulated memory's state, and no scheduling
 * point falls between a claim and its line becoming data, so the race
 * lab's explorer never sees a half-made line.  A store that finds another
 * store's claim waits (mmk_wait_relax) for a memset of 64 bytes.
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

#define FRAME_LINE_SHIFT 6
#define FRAME_LINE_SIZE (1u << FRAME_LINE_SHIFT)	/* 64 lines of 64 bytes */
#define FRAME_LINES_ALL (~(uint64_t)0)

struct frame_lines {
	_Atomic uint64_t data, claimed, dirty;
};

static inline struct frame_lines *pfn_lines(struct mmk_machine *m, uint64_t pfn)
{
	return &m->lines[pfn];
}

/* The lines bytes [off, off + n) of a frame fall in (n > 0). */
static inline uint64_t frame_line_mask(size_t off, size_t n)
{
	unsigned int first = off >> FRAME_LINE_SHIFT;
	unsigned int last = (off + n - 1) >> FRAME_LINE_SHIFT;
	uint64_t upto = last == 63 ? FRAME_LINES_ALL : ((uint64_t)2 << last) - 1;

	return upto & ~(((uint64_t)1 << first) - 1);
}

#ifdef MMK_TSAN
void frame_copy(void *dst, const void *src, size_t n);
void frame_zero(void *dst, size_t n);
#else
/*
 * Most accesses move a word or less (mmk_access of a u64).  GCC expands a
 * memcpy of a variable size below a page into `rep movs`, whose start-up
 * costs more than such a copy (a tenth of a 4 KiB fault's samples sat on
 * it), so up to 16 bytes are copied as two fixed-size moves that overlap
 * when n is not a power of two.  @dst and @src never overlap.
 */
static inline void frame_copy_small(unsigned char *d, const unsigned char *s, size_t n)
{
	uint64_t a, b;
	uint32_t x, y;

	if (n >= 8) {
		memcpy(&a, s, 8);
		memcpy(&b, s + n - 8, 8);
		memcpy(d, &a, 8);
		memcpy(d + n - 8, &b, 8);
	} else if (n >= 4) {
		memcpy(&x, s, 4);
		memcpy(&y, s + n - 4, 4);
		memcpy(d, &x, 4);
		memcpy(d + n - 4, &y, 4);
	} else {
		for (size_t i = 0; i < n; i++)
			d[i] = s[i];
	}
}

static inline void frame_copy(void *dst, const void *src, size_t n)
{
	if (likely(n <= 16))
		frame_copy_small(dst, src, n);
	else
		memcpy(dst, src, n);
}
static inline void frame_zero(void *dst, size_t n) { memset(dst, 0, n); }
#endif

/* The slow part of frame_store(): make @need's lines data. */
void frame_lines_fill(struct mmk_machine *m, uint64_t pfn, uint64_t need);
/* The slow part of frame_load(): lines that are not data read as zeros. */
void frame_load_sparse(struct mmk_machine *m, uint64_t pfn, uint64_t data,
		       size_t off, void *buf, size_t n);

/* The race lab's partial-order reduction hears of every access to frame bytes. */
static inline void frame_access(struct mmk_machine *m, uint64_t pfn)
{
	mmk_sched_point(MMK_SP_DATA, &m->pages[pfn]);
}

/* Store @n bytes of @buf at @off into frame @pfn (off + n <= PAGE_SIZE). */
static inline void frame_store(struct mmk_machine *m, uint64_t pfn, size_t off,
			       const void *buf, size_t n)
{
	uint64_t want = frame_line_mask(off, n);
	uint64_t have = atomic_load_explicit(&pfn_lines(m, pfn)->data, memory_order_acquire);

	frame_access(m, pfn);
	if (unlikely(want & ~have))
		frame_lines_fill(m, pfn, want & ~have);
	frame_copy(m->mem + (pfn << PAGE_SHIFT) + off, buf, n);
}

/* Load @n bytes at @off of frame @pfn into @buf. */
static inline void frame_load(struct mmk_machine *m, uint64_t pfn, size_t off,
			      void *buf, size_t n)
{
	uint64_t want = frame_line_mask(off, n);
	uint64_t have = atomic_load_explicit(&pfn_lines(m, pfn)->data, memory_order_acquire);

	frame_access(m, pfn);
	if (likely((want & have) == want))
		frame_copy(buf, m->mem + (pfn << PAGE_SHIFT) + off, n);
	else
		frame_load_sparse(m, pfn, have, off, buf, n);
}

/*
 * A frame being allocated: nothing in it is data, it reads as zeros.  The
 * allocator's hand-over orders this before the new owner's first access.
 */
static inline void frame_lines_reset(struct mmk_machine *m, uint64_t pfn)
{
	struct frame_lines *l = pfn_lines(m, pfn);

	atomic_store_explicit(&l->data, 0, memory_order_relaxed);
	atomic_store_explicit(&l->claimed, 0, memory_order_relaxed);
}

/* Make every byte of frame @pfn zero, for a page table: its dirty lines. */
void frame_zero_dirty(struct mmk_machine *m, uint64_t pfn);
/* The checker wrote poison over the frame's bytes: all of it is dirty. */
void frame_mark_dirty(struct mmk_machine *m, uint64_t pfn);

/*
 * Copy a whole frame (COW, fork of a pinned page, migration): only the
 * lines that hold data.  @to is a frame its caller just allocated: nobody
 * else reads or writes it yet.
 */
void copy_user_highpage(struct mmk_machine *m, struct page *to, struct page *from);
/* Do two frames hold different bytes?  Lines that are not data are zeros. */
bool frames_differ(struct mmk_machine *m, struct page *a, struct page *b);
/* Does frame @pfn hold only zero bytes (memchr_inv)?  Data lines are read. */
bool frame_is_zero(struct mmk_machine *m, uint64_t pfn);

#endif

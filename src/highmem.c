/* SPDX-License-Identifier: MIT */
/*
 * highmem.c - the slow paths of lazy zero-fill (highmem.h has the essay:
 * the data, claimed and dirty records of each frame), whole-frame copies
 * and comparisons, and the TSan build's frame copies (relaxed atomics
 * there, memcpy and memset inline elsewhere).
 */
#include "highmem.h"

#ifdef MMK_TSAN
void frame_copy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	for (size_t i = 0; i < n; i++)
		__atomic_store_n(&d[i], __atomic_load_n(&s[i], __ATOMIC_RELAXED),
				 __ATOMIC_RELAXED);
}
void frame_zero(void *dst, size_t n)
{
	unsigned char *d = dst;

	for (size_t i = 0; i < n; i++)
		__atomic_store_n(&d[i], 0, __ATOMIC_RELAXED);
}
#endif

static unsigned char *line_address(struct mmk_machine *m, uint64_t pfn, unsigned int line)
{
	return m->mem + (pfn << PAGE_SHIFT) + ((size_t)line << FRAME_LINE_SHIFT);
}

/* Zero the lines of @mask in frame @pfn, a memset per run of lines. */
static void zero_lines(struct mmk_machine *m, uint64_t pfn, uint64_t mask)
{
	while (mask) {
		unsigned int first = (unsigned int)__builtin_ctzll(mask);
		uint64_t rest = mask >> first;
		unsigned int len = ~rest ? (unsigned int)__builtin_ctzll(~rest) : 64 - first;

		frame_zero(line_address(m, pfn, first), (size_t)len << FRAME_LINE_SHIFT);
		if (first + len >= 64)
			break;
		mask &= ~((((uint64_t)1 << len) - 1) << first);
	}
}

/*
 * Make the lines of @need data before a store into them.  Lines this call
 * claims are zeroed if dirty and published as data at once, zeros and
 * all: a concurrent load may then read zeros where the store has not yet
 * landed, as it could on hardware.  Lines another store claimed first are
 * waited for, so that its zeroing cannot fall after this store's bytes.
 */
void frame_lines_fill(struct mmk_machine *m, uint64_t pfn, uint64_t need)
{
	struct frame_lines *l = pfn_lines(m, pfn);
	uint64_t mine = need & ~atomic_fetch_or_explicit(&l->claimed, need, memory_order_acq_rel);
	unsigned int spins = 0;

	if (mine) {
		uint64_t dirty = atomic_fetch_or_explicit(&l->dirty, mine, memory_order_relaxed);

		zero_lines(m, pfn, mine & dirty);
		atomic_fetch_or_explicit(&l->data, mine, memory_order_release);
	}
	while ((atomic_load_explicit(&l->data, memory_order_acquire) & need) != need)
		mmk_wait_relax(l, &spins);
}

void frame_load_sparse(struct mmk_machine *m, uint64_t pfn, uint64_t data,
		       size_t off, void *buf, size_t n)
{
	unsigned char *out = buf;

	while (n) {
		unsigned int line = off >> FRAME_LINE_SHIFT;
		size_t chunk = FRAME_LINE_SIZE - (off & (FRAME_LINE_SIZE - 1));

		if (chunk > n)
			chunk = n;
		if (data & ((uint64_t)1 << line))
			frame_copy(out, m->mem + (pfn << PAGE_SHIFT) + off, chunk);
		else
			memset(out, 0, chunk);
		out += chunk;
		off += chunk;
		n -= chunk;
	}
}

void frame_zero_dirty(struct mmk_machine *m, uint64_t pfn)
{
	struct frame_lines *l = pfn_lines(m, pfn);
	uint64_t dirty = atomic_exchange_explicit(&l->dirty, 0, memory_order_relaxed);

	zero_lines(m, pfn, dirty);
}

void frame_mark_dirty(struct mmk_machine *m, uint64_t pfn)
{
	atomic_store_explicit(&pfn_lines(m, pfn)->dirty, FRAME_LINES_ALL, memory_order_relaxed);
}

void copy_user_highpage(struct mmk_machine *m, struct page *to, struct page *from)
{
	uint64_t src = page_to_pfn(m, from), dst = page_to_pfn(m, to);
	struct frame_lines *sl = pfn_lines(m, src), *dl = pfn_lines(m, dst);
	uint64_t data = atomic_load_explicit(&sl->data, memory_order_acquire);
	uint64_t left = data;

	frame_access(m, src);
	frame_access(m, dst);
	while (left) {
		unsigned int line = (unsigned int)__builtin_ctzll(left);

		frame_copy(line_address(m, dst, line), line_address(m, src, line),
			   FRAME_LINE_SIZE);
		left &= left - 1;
	}
	atomic_fetch_or_explicit(&dl->dirty, data, memory_order_relaxed);
	atomic_store_explicit(&dl->claimed, data, memory_order_relaxed);
	atomic_store_explicit(&dl->data, data, memory_order_release);
}

bool frame_is_zero(struct mmk_machine *m, uint64_t pfn)
{
	uint64_t data = atomic_load_explicit(&pfn_lines(m, pfn)->data, memory_order_acquire);
	static const unsigned char zeros[FRAME_LINE_SIZE];

	frame_access(m, pfn);
	for (unsigned int line = 0; line < 64; line++)
		if ((data >> line & 1) && memcmp(line_address(m, pfn, line), zeros, FRAME_LINE_SIZE))
			return false;
	return true;
}

bool frames_differ(struct mmk_machine *m, struct page *a, struct page *b)
{
	uint64_t pa = page_to_pfn(m, a), pb = page_to_pfn(m, b);
	uint64_t da = atomic_load_explicit(&pfn_lines(m, pa)->data, memory_order_acquire);
	uint64_t db = atomic_load_explicit(&pfn_lines(m, pb)->data, memory_order_acquire);
	static const unsigned char zeros[FRAME_LINE_SIZE];

	frame_access(m, pa);
	frame_access(m, pb);
	for (unsigned int line = 0; line < 64; line++) {
		uint64_t bit = (uint64_t)1 << line;
		const void *x = da & bit ? line_address(m, pa, line) : zeros;
		const void *y = db & bit ? line_address(m, pb, line) : zeros;

		if ((da | db) & bit && memcmp(x, y, FRAME_LINE_SIZE))
			return true;
	}
	return false;
}

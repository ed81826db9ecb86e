/* SPDX-License-Identifier: MIT */
/*
 * highmem.c - the TSan build's frame copies (highmem.h says why they are
 * relaxed atomics there).  Other builds use memcpy and memset inline.
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

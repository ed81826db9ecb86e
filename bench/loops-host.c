/* SPDX-License-Identifier: MIT */
/*
 * bench/loops-host.c - the speed issue's two loops on the host kernel, in
 * a real process: `loops-host dense|sparse ROUNDS` prints the nanoseconds
 * the rounds took, one number.  bench/loops.sh runs it beside `mmkit run`
 * of the same loops and prints the ratio.
 *
 *   dense   one byte written per 4 KiB page of a 64 MiB mapping, then
 *           MADV_DONTNEED of all of it (an allocator's reuse pattern)
 *   sparse  one byte written per 2 MiB of a 50 GiB mapping, then
 *           MADV_DONTNEED of all of it: a PTE table made and, with
 *           PT_RECLAIM, freed for each byte
 * The mapping is made, and the first round run, before the clock starts.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/mman.h>

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void round_once(volatile char *p, size_t len, size_t stride)
{
	for (size_t off = 0; off < len; off += stride)
		p[off] = (char)(off >> 12);
	if (madvise((void *)p, len, MADV_DONTNEED)) {
		perror("madvise");
		exit(1);
	}
}

int main(int argc, char **argv)
{
	size_t len, stride;
	long rounds;
	char *p;
	long long t0;

	if (argc != 3 || (strcmp(argv[1], "dense") && strcmp(argv[1], "sparse")) ||
	    (rounds = atol(argv[2])) < 1) {
		fprintf(stderr, "usage: loops-host dense|sparse ROUNDS\n");
		return 2;
	}
	if (!strcmp(argv[1], "dense")) {
		len = 64UL << 20;
		stride = 4096;
	} else {
		len = 50UL << 30;
		stride = 2UL << 20;
	}
	p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	/* The same pages as mmkit's: no THP (mmkit's scripts run with it off). */
	madvise(p, len, MADV_NOHUGEPAGE);
	round_once(p, len, stride);
	t0 = now_ns();
	for (long r = 0; r < rounds; r++)
		round_once(p, len, stride);
	printf("%lld\n", now_ns() - t0);
	return 0;
}

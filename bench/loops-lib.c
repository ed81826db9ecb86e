/* SPDX-License-Identifier: MIT */
/*
 * bench/loops-lib.c - the speed issue's two loops through libmmkit in one
 * process, timed in thread CPU time: `loops-lib dense|sparse ROUNDS [BUILD]`
 * prints the medians over ROUNDS rounds of a round, its touch half and
 * its DONTNEED half, in ms.  bench/loops-lib.sh compiles it against a
 * build's libmmkit.a and runs two builds' copies alternately.
 *
 * Why beside loops.sh: loops.sh times whole `mmkit run` processes, the
 * figure the issue asks for, but on a shared 2-core machine a round of
 * the dense loop (2 ms) is smaller than the start-up noise, and wall time
 * counts the other sessions' work.  Thread CPU time does not count time
 * the thread waited for a core, and medians of many rounds in one process
 * leave the start-up out; the cache effects of the other work remain.
 *
 * The loops are loops.sh's: dense writes one byte per 4 KiB page of
 * 64 MiB (256 MiB of RAM), sparse one byte per 2 MiB of 50 GiB (1 GiB of
 * RAM), each then MADV_DONTNEED of all of it, under `linux`.  A byte is
 * written as `touch ... w` does (mmk_rmw).  Eight untimed rounds first:
 * the pool's frames take that long to be backed by host memory.
 */
#include <mmkit/mmkit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define WARMUP 8
#define BASE 0x4000000000ULL

static long long cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

static double median_ms(long long *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_ll);
	return (double)v[n / 2] / 1e6;
}

/* One round: touch every @stride of [BASE, BASE + @len), then DONTNEED it. */
static int round_once(struct mm_struct *mm, uint64_t len, uint64_t stride,
		      long long *touch, long long *zap)
{
	long long t0 = cpu_ns(), t1;

	for (uint64_t off = 0; off < len; off += stride)
		if (mmk_rmw(mm, BASE + off, 1))
			return -1;
	t1 = cpu_ns();
	if (mmk_madvise(mm, BASE, len, MMK_MADV_DONTNEED))
		return -1;
	*touch = t1 - t0;
	*zap = cpu_ns() - t1;
	return 0;
}

int main(int argc, char **argv)
{
	int sparse = argc > 1 && !strcmp(argv[1], "sparse");
	int rounds = argc > 2 ? atoi(argv[2]) : 0;
	uint64_t len = sparse ? 50ULL << 30 : 64ULL << 20;
	uint64_t stride = sparse ? 2ULL << 20 : 4096;
	struct mmk_machine *m;
	struct mm_struct *mm;
	struct mmk_config cfg;
	long long *t;

	if (argc < 3 || (!sparse && strcmp(argv[1], "dense")) || rounds < 1) {
		fprintf(stderr, "usage: loops-lib dense|sparse ROUNDS [BUILD]\n");
		return 2;
	}
	mmk_config_init(&cfg);
	cfg.ram_bytes = sparse ? 1ULL << 30 : 256ULL << 20;
	cfg.policy = MMK_POLICY_LINUX;
	t = calloc((size_t)rounds * 3, sizeof(*t));
	if (!t || mmk_machine_create(&cfg, &m) || mmk_cpu_attach(m, 0) ||
	    mmk_mm_create(m, &mm) ||
	    mmk_mmap(mm, BASE, len, MMK_PROT_READ | MMK_PROT_WRITE, MMK_MAP_PRIVATE))
		return 1;
	for (int r = -WARMUP; r < rounds; r++) {
		long long touch, zap;

		if (round_once(mm, len, stride, &touch, &zap))
			return 1;
		if (r >= 0) {
			t[r] = touch + zap;
			t[rounds + r] = touch;
			t[2 * rounds + r] = zap;
		}
	}
	printf("%-6s %s round %.3f touch %.3f dontneed %.3f ms (CPU, medians of %d)\n",
	       argv[1], argc > 3 ? argv[3] : "", median_ms(t, rounds),
	       median_ms(t + rounds, rounds), median_ms(t + 2 * rounds, rounds), rounds);
	return 0;
}

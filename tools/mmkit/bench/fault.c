/* SPDX-License-Identifier: MIT */
/*
 * bench/fault.c - page faults: fault.anon (a write fault on an empty page),
 * fault.anon_hot (the same on few pages, whose frames stay cached),
 * fault.zero (a read fault mapping the zero page), fault.cow (a write
 * fault on a page shared with a fork child), fault.thp (a write fault
 * mapping a 2 MiB THP with its deposited table); on mmkit and on the host.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench/op.h"

/* Only BENCH_HOT pages, faulted over and over: the frames stay cached. */
static int sim_fault_hot_setup(struct op_ctx *c, uint64_t cap)
{
	c->batch = BENCH_HOT;
	return sim_ctx_map(c, PAGES(BENCH_HOT));
}

/*
 * Write (anon, THP) or read (zero page) faults at n addresses @stride
 * apart, in batches of c->batch from c->addr, each batch's range
 * DONTNEEDed after it (untimed).
 */
static int sim_fault_round(struct op_ctx *c, uint64_t n, uint64_t *ns,
			   uint64_t *units, int write, uint64_t stride)
{
	int ret = 0;

	*ns = 0;
	for (uint64_t done = 0, k; done < n && !ret; done += k) {
		uint64_t t0 = clock_ns();

		k = bench_batch(c, n, done);
		for (uint64_t i = 0; i < k && !ret; i++)
			ret = write ? sim_poke(c, c->addr + i * stride)
				    : sim_peek(c, c->addr + i * stride);
		*ns += clock_ns() - t0;
		if (!ret)
			ret = sim_dontneed(c, c->addr, k * stride);
	}
	*units = n;
	return ret;
}

static int sim_fault_anon(struct op_ctx *c, uint64_t n, uint64_t *ns, uint64_t *units)
{
	return sim_fault_round(c, n, ns, units, 1, BENCH_PAGE);
}

static int sim_fault_zero(struct op_ctx *c, uint64_t n, uint64_t *ns, uint64_t *units)
{
	return sim_fault_round(c, n, ns, units, 0, BENCH_PAGE);
}

/* fork (not timed), then write faults on n pages the child shares. */
static int sim_fault_cow(struct op_ctx *c, uint64_t n, uint64_t *ns, uint64_t *units)
{
	struct mm_struct *child;
	uint64_t t0;
	int ret = mmk_fork(c->mm, &child);

	if (ret)
		return ret;
	t0 = clock_ns();
	for (uint64_t i = 0; i < n && !ret; i++)
		ret = sim_poke(c, c->addr + PAGES(i));
	*ns = clock_ns() - t0;
	*units = n;
	mmk_exit(child);
	return ret;
}

int host_fault_hot_setup(struct op_ctx *c, uint64_t cap)
{
	c->batch = BENCH_HOT;
	return host_mem_map(c, PAGES(BENCH_HOT), 0);
}

/* As sim_fault_round(): batches, each DONTNEEDed after it (untimed). */
int host_fault_anon(struct op_ctx *c, uint64_t n, uint64_t *ns, uint64_t *units)
{
	int ret = 0;

	*ns = 0;
	for (uint64_t done = 0, k; done < n && !ret; done += k) {
		uint64_t t0 = clock_ns();

		k = bench_batch(c, n, done);
		host_touch(c->mem, k);
		*ns += clock_ns() - t0;
		ret = host_dontneed(c->mem, PAGES(k));
	}
	*units = n;
	return ret;
}

int host_fault_zero(struct op_ctx *c, uint64_t n, uint64_t *ns, uint64_t *units)
{
	unsigned int sum = 0;
	uint64_t t0 = clock_ns();

	for (uint64_t i = 0; i < n; i++)
		sum += ((volatile unsigned char *)c->mem)[PAGES(i)];
	*ns = clock_ns() - t0;
	*units = n;
	return sum ? -EIO : host_dontneed(c->mem, PAGES(n));
}

/* A child that keeps the pages shared until told to go. */
int host_fault_cow(struct op_ctx *c, uint64_t n, uint64_t *ns, uint64_t *units)
{
	int fds[2], status;
	uint64_t t0;
	pid_t pid;
	char b;

	if (pipe(fds))
		return -errno;
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return -errno;
	}
	if (!pid) {
		close(fds[1]);
		while (read(fds[0], &b, 1) < 0 && errno == EINTR)
			;
		_exit(0);
	}
	close(fds[0]);
	t0 = clock_ns();
	host_touch(c->mem, n);
	*ns = clock_ns() - t0;
	*units = n;
	close(fds[1]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return 0;
}

/* ---- fault.thp ---- */
#define THP_SPAN (2UL << 20)
#define THP_BATCH 16		/* THPs per batch: 32 MiB, DONTNEEDed after */

static int sim_thp_setup(struct op_ctx *c, uint64_t cap)
{
	int ret = sim_ctx_map(c, 0);

	(void)cap;
	c->batch = THP_BATCH;
	return ret ? ret : mmk_mmap(c->mm, c->addr, THP_BATCH * THP_SPAN,
				    MMK_PROT_READ | MMK_PROT_WRITE, MMK_MAP_HUGE);
}

/* One store per 2 MiB: each a THP fault. */
static int sim_fault_thp(struct op_ctx *c, uint64_t n, uint64_t *ns, uint64_t *units)
{
	return sim_fault_round(c, n, ns, units, 1, THP_SPAN);
}

/* The host's THPs: MADV_HUGEPAGE on 2 MiB-aligned memory (THP mode madvise). */
static int host_thp_setup(struct op_ctx *c, uint64_t cap)
{
	int ret = host_mem_map(c, THP_BATCH * THP_SPAN, 0);

	(void)cap;
	c->batch = THP_BATCH;
	if (!ret && madvise(c->mem, THP_BATCH * THP_SPAN, MADV_HUGEPAGE))
		ret = -errno;
	return ret;
}

static int host_fault_thp(struct op_ctx *c, uint64_t n, uint64_t *ns, uint64_t *units)
{
	int ret = 0;

	*ns = 0;
	for (uint64_t done = 0, k; done < n && !ret; done += k) {
		uint64_t t0 = clock_ns();

		k = bench_batch(c, n, done);
		for (uint64_t i = 0; i < k; i++)
			((volatile unsigned char *)c->mem)[i * THP_SPAN] = 1;
		*ns += clock_ns() - t0;
		ret = host_dontneed(c->mem, k * THP_SPAN);
	}
	*units = n;
	return ret;
}

const struct bench_op op_fault_thp = {
	.name = "fault.thp", .unit = "THP",
	.desc = "write fault mapping a 2 MiB THP (huge range; the host's with MADV_HUGEPAGE; DONTNEEDed, untimed)",
	.n1 = 16, .n2 = 128, .gran = 16,
	.mmk = MMK(sim_thp_setup, sim_fault_thp),
	.host = HOST(host_thp_setup, host_fault_thp),
};

const struct bench_op op_fault_anon = {
	.name = "fault.anon", .unit = "page",
	.desc = "write fault on an empty page (pages then DONTNEEDed, untimed); raw: memset 4 KiB",
	.n1 = 512, .n2 = 4096, .gran = 512,
	.mmk = MMK(sim_tables_setup, sim_fault_anon),
	.host = HOST(host_tables_setup, host_fault_anon),
	.raw = RAW(raw_frames_setup, raw_zero),
};

const struct bench_op op_fault_anon_hot = {
	.name = "fault.anon_hot", .unit = "page",
	.desc = "the same, 256 pages (1 MiB) at a time: the frames stay in the L2 cache",
	.n1 = 1024, .n2 = 8192,
	.mmk = MMK(sim_fault_hot_setup, sim_fault_anon),
	.host = HOST(host_fault_hot_setup, host_fault_anon),
	.raw = RAW(raw_frames_hot_setup, raw_zero),
};

const struct bench_op op_fault_zero = {
	.name = "fault.zero", .unit = "page",
	.desc = "read fault mapping the zero page",
	.n1 = 512, .n2 = 4096, .gran = 512,
	.mmk = MMK(sim_tables_setup, sim_fault_zero),
	.host = HOST(host_tables_setup, host_fault_zero),
};

const struct bench_op op_fault_cow = {
	.name = "fault.cow", .unit = "page",
	.desc = "write fault on a page shared with a fork child (fork untimed); raw: memcpy 4 KiB",
	.n1 = 512, .n2 = 4096,
	.mmk = MMK(sim_populated_setup, sim_fault_cow),
	.host = HOST(host_populated_setup, host_fault_cow),
	.raw = RAW(raw_frames_setup, raw_copy),
};

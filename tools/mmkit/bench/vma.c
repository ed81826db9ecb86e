/* SPDX-License-Identifier: MIT */
/*
 * bench/vma.c - the operations on whole mappings: mprotect (R then RW),
 * fork (and the child's exit) of a populated address space, munmap of
 * populated pages; on mmkit and on the host.
 */
#include <errno.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench/op.h"

/*
 * The mapping is a table longer than any round's range, so every round
 * splits the VMA and merges it back alike, and the difference of two
 * rounds is the per-page work.
 */
static int sim_mprotect_setup(struct op_ctx *c, uint64_t cap)
{
	return sim_populated_setup(c, cap + 512);
}

static int sim_mprotect_round(struct op_ctx *c, uint64_t n, uint64_t *ns, uint64_t *units)
{
	uint64_t t0 = clock_ns();
	int ret = mmk_mprotect(c->mm, c->addr, PAGES(n), MMK_PROT_READ);

	if (!ret)
		ret = mmk_mprotect(c->mm, c->addr, PAGES(n), MMK_PROT_READ | MMK_PROT_WRITE);
	*ns = clock_ns() - t0;
	*units = 2 * n;
	return ret;
}

static int sim_fork_setup(struct op_ctx *c, uint64_t cap)
{
	c->populated = 0;
	return sim_ctx_map(c, PAGES(cap));
}

/* Exactly [0, n) populated, not timed. */
static int sim_fork_populate(struct op_ctx *c, uint64_t n)
{
	int ret;

	if (c->populated < n)
		ret = sim_populate(c, c->addr + PAGES(c->populated), PAGES(n - c->populated));
	else
		ret = sim_dontneed(c, c->addr + PAGES(n), PAGES(c->populated - n));
	if (!ret)
		c->populated = n;
	return ret;
}

/* fork, and the child exits at once (the parent waits for it). */
static int sim_fork_exit(struct op_ctx *c, uint64_t n, uint64_t *ns, uint64_t *units)
{
	struct mm_struct *child;
	uint64_t t0;
	int ret = sim_fork_populate(c, n);

	if (ret)
		return ret;
	t0 = clock_ns();
	ret = mmk_fork(c->mm, &child);
	if (!ret)
		mmk_exit(child);
	*ns = clock_ns() - t0;
	*units = n;
	return ret;
}

static int sim_munmap_setup(struct op_ctx *c, uint64_t cap)
{
	return sim_ctx_map(c, 0);
}

static int sim_munmap_round(struct op_ctx *c, uint64_t n, uint64_t *ns, uint64_t *units)
{
	uint64_t t0;
	int ret = mmk_mmap(c->mm, c->addr, PAGES(n), MMK_PROT_READ | MMK_PROT_WRITE,
			   MMK_MAP_PRIVATE);

	if (!ret)
		ret = sim_populate(c, c->addr, PAGES(n));
	if (ret)
		return ret;
	t0 = clock_ns();
	ret = mmk_munmap(c->mm, c->addr, PAGES(n));
	*ns = clock_ns() - t0;
	*units = n;
	return ret;
}

int host_mprotect_setup(struct op_ctx *c, uint64_t cap)
{
	return host_populated_setup(c, cap + 512);
}

int host_mprotect(struct op_ctx *c, uint64_t n, uint64_t *ns, uint64_t *units)
{
	uint64_t t0 = clock_ns();
	int ret = mprotect(c->mem, PAGES(n), PROT_READ);

	if (!ret)
		ret = mprotect(c->mem, PAGES(n), PROT_READ | PROT_WRITE);
	*ns = clock_ns() - t0;
	*units = 2 * n;
	return ret ? -errno : 0;
}

int host_fork_setup(struct op_ctx *c, uint64_t cap)
{
	c->populated = 0;
	return host_mem_map(c, PAGES(cap), 0);
}

int host_fork_exit(struct op_ctx *c, uint64_t n, uint64_t *ns, uint64_t *units)
{
	int ret = 0, status;
	uint64_t t0;
	pid_t pid;

	if (c->populated < n)
		ret = host_populate(c->mem + PAGES(c->populated), PAGES(n - c->populated));
	else
		ret = host_dontneed(c->mem + PAGES(n), PAGES(c->populated - n));
	if (ret)
		return ret;
	c->populated = n;
	t0 = clock_ns();
	pid = fork();
	if (!pid)
		_exit(0);
	if (pid < 0)
		return -errno;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	*ns = clock_ns() - t0;
	*units = n;
	return 0;
}

int host_munmap_setup(struct op_ctx *c, uint64_t cap)
{
	return 0;
}

int host_munmap_round(struct op_ctx *c, uint64_t n, uint64_t *ns, uint64_t *units)
{
	uint64_t t0;
	int ret = host_mem_map(c, PAGES(n), 0);

	if (ret)
		return ret;
	ret = host_populate(c->mem, PAGES(n));
	t0 = clock_ns();
	if (munmap(c->map, c->map_len))
		ret = -errno;
	*ns = clock_ns() - t0;
	*units = n;
	c->map = c->mem = NULL;
	return ret;
}

const struct bench_op op_mprotect = {
	.name = "mprotect", .unit = "page",
	.desc = "mprotect R then RW of populated pages (per page and call)",
	.n1 = 512, .n2 = 4096,
	.mmk = MMK(sim_mprotect_setup, sim_mprotect_round),
	.host = HOST(host_mprotect_setup, host_mprotect),
};

const struct bench_op op_fork = {
	.name = "fork", .unit = "page",
	.desc = "fork + child exit, per page populated in the parent",
	.n1 = 512, .n2 = 4096,
	.mmk = MMK(sim_fork_setup, sim_fork_exit),
	.host = HOST(host_fork_setup, host_fork_exit),
};

const struct bench_op op_munmap = {
	.name = "munmap", .unit = "page",
	.desc = "munmap of populated pages (mmap and populate untimed)",
	.n1 = 512, .n2 = 4096,
	.mmk = MMK(sim_munmap_setup, sim_munmap_round),
	.host = HOST(host_munmap_setup, host_munmap_round),
};

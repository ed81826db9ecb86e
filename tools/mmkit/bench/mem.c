/* SPDX-License-Identifier: MIT */
/*
 * bench/mem.c - host memory for the host kernel's and the raw limit's
 * rounds: mapped with MADV_NOHUGEPAGE (mmkit maps 4 KiB pages only) and
 * 2 MiB aligned, so a range of 512 pages is exactly one PTE table, as in
 * mmkit; and the host's VmPTE.
 */
#include <errno.h>
#include <stdio.h>
#include <sys/mman.h>

#include "bench/op.h"

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

int host_mem_map(struct op_ctx *c, size_t len, int noreserve)
{
	size_t map_len = len + BENCH_TABLE_SPAN;
	unsigned char *p = mmap(NULL, map_len, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS | (noreserve ? MAP_NORESERVE : 0),
				-1, 0);

	if (p == MAP_FAILED)
		return -errno;
	c->map = p;
	c->map_len = map_len;
	c->mem = (unsigned char *)(((uintptr_t)p + BENCH_TABLE_SPAN - 1) &
				   ~(uintptr_t)(BENCH_TABLE_SPAN - 1));
	c->mem_len = len;
	madvise(c->map, c->map_len, MADV_NOHUGEPAGE);
	return 0;
}

void host_mem_unmap(struct op_ctx *c)
{
	if (c->map)
		munmap(c->map, c->map_len);
	c->map = c->mem = NULL;
	c->map_len = c->mem_len = 0;
}

void host_touch(unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		((volatile unsigned char *)p)[PAGES(i)] = 1;
}

int host_populate(unsigned char *p, size_t len)
{
	if (!len || !madvise(p, len, MADV_POPULATE_WRITE))
		return 0;
	host_touch(p, len / BENCH_PAGE);
	return 0;
}

int host_dontneed(unsigned char *p, size_t len)
{
	return !len || !madvise(p, len, MADV_DONTNEED) ? 0 : -errno;
}

/* Whole PTE tables' worth of pages for rounds of up to @cap pages. */
int host_tables_setup(struct op_ctx *c, uint64_t cap)
{
	return host_mem_map(c, PAGES(tables_of(cap) * 512), 0);
}

int host_populated_setup(struct op_ctx *c, uint64_t cap)
{
	int ret = host_mem_map(c, PAGES(cap), 0);

	return ret ? ret : host_populate(c->mem, c->mem_len);
}

/* The VmPTE line of /proc/self/status, in bytes; 0 if unknown. */
uint64_t vmpte_bytes(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	unsigned long long kb = 0;
	char line[256];

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "VmPTE: %llu kB", &kb) == 1)
			break;
	fclose(f);
	return kb * 1024;
}

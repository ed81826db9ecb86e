/* SPDX-License-Identifier: MIT */
/*
 * tests/kdiff/deferred-split.c - the host kernel's side of
 * tests/scripts/thp-deferred-split.mmk's shrinker part, run by
 * deferred-split.sh inside a small memory cgroup: two THPs, all but one
 * page of each unmapped (queued for deferred split), then 5 MiB more
 * touched, which only fits if reclaim splits them and frees what nothing
 * maps.  Prints the vmstat deltas and the byte kept in each THP.
 */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

static long vmstat(const char *key)
{
	FILE *f = fopen("/proc/vmstat", "r");
	char name[128];
	long v = -1, x;

	if (!f)
		return -1;
	while (fscanf(f, "%127s %ld", name, &x) == 2)
		if (!strcmp(name, key))
			v = x;
	fclose(f);
	return v;
}

static char *map(unsigned long addr, size_t len, int advice)
{
	char *p = mmap((void *)addr, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);

	if (p == MAP_FAILED || madvise(p, len, advice))
		return NULL;
	return p;
}

int main(void)
{
	long faults = vmstat("thp_fault_alloc"), queued = vmstat("thp_deferred_split_page");
	long split = vmstat("thp_split_page");
	char *a = map(0x40000000, 4 << 20, MADV_HUGEPAGE), *b;

	if (!a)
		return 2;
	memset(a, 1, 4 << 20);
	munmap(a + 4096, (2 << 20) - 4096);
	munmap(a + (2 << 20) + 4096, (2 << 20) - 4096);
	printf("thp_fault_alloc +%ld\nthp_deferred_split_page +%ld\n",
	       vmstat("thp_fault_alloc") - faults, vmstat("thp_deferred_split_page") - queued);
	b = map(0x80000000, 5 << 20, MADV_NOHUGEPAGE);
	if (!b)
		return 2;
	memset(b, 2, 5 << 20);
	printf("thp_split_page +%ld\nkept %d %d\n", vmstat("thp_split_page") - split,
	       a[0], a[2 << 20]);
	return 0;
}

/* SPDX-License-Identifier: MIT */
/*
 * mmkit/file.h - files to map: tmpfs files in the simulated page cache.
 *
 * A file is SIZE bytes, all zero until written through a shared mapping;
 * its pages are in the page cache or holes.  mmap it shared (writes reach
 * the file and every other mapping of it) or private (reads see the file,
 * writes copy the page first: copy-on-write), as MAP_SHARED and
 * MAP_PRIVATE do.  Read faults map the cached pages around the address
 * (fault-around, 64 KiB); an access beyond the file's end is SIGBUS.  The
 * pages count as shmem in rss, as tmpfs pages do in Linux.
 *
 * Every call is safe from many threads at once.
 */
#ifndef MMKIT_FILE_H
#define MMKIT_FILE_H
#include <stdint.h>
#include "machine.h"
#include "mm.h"

struct mmk_file;

/* A file of @size bytes (its last page may be partial); -EINVAL for 0. */
int mmk_file_create(struct mmk_machine *m, uint64_t size, struct mmk_file **out);
/* Drop the creator's reference: mappings keep the file until unmapped. */
void mmk_file_put(struct mmk_file *f);
uint64_t mmk_file_size(const struct mmk_file *f);
/*
 * The pages of [off, off + len) enter the page cache, clean and up to
 * date, as a read(2) would leave them; pages already there stay as they
 * are.  -EINVAL for misaligned or out-of-file ranges, -ENOMEM without RAM.
 */
int mmk_file_cache(struct mmk_file *f, uint64_t off, uint64_t len);
/* How many of the file's pages are in the page cache. */
uint64_t mmk_file_cached_pages(const struct mmk_file *f);

/*
 * mmap(addr, len, prot, flags|MAP_FIXED_NOREPLACE, fd, off): @flags
 * MMK_MAP_SHARED for a shared mapping (else private), MMK_MAP_POPULATE.
 * Errors as mmk_mmap(), and -EINVAL for a misaligned @off.
 */
int mmk_mmap_file(struct mm_struct *mm, uint64_t addr, uint64_t len, int prot,
		  int flags, struct mmk_file *f, uint64_t off);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * shmem.h - the object behind shared anonymous mappings (shmem.c).
 */
#ifndef MMK_SHMEM_H
#define MMK_SHMEM_H

#include "mm_types.h"

struct shmem *shmem_create(struct mmk_machine *m, uint64_t nr_pages);
void shmem_get(struct shmem *s);
void shmem_put(struct shmem *s);
struct page *shmem_try_get(struct shmem *s, uint64_t idx);
struct page *shmem_get_page(struct shmem *s, uint64_t idx);
bool shmem_remove_clean(struct page *page);
/* The object behind a file (mmkit/file.h): no reference taken. */
struct shmem *file_shmem(struct mmk_file *f);

#endif

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
bool shmem_remove_clean_folio(struct page *folio);
void shmem_prepare_folio(struct shmem *s, struct page *folio, uint64_t start, bool dirty);
struct page *shmem_add_huge_folio(struct shmem *s, uint64_t start);
void shmem_unclaim_folio(struct shmem *s, struct page *folio, uint64_t start,
			 unsigned int nr, struct page *const *old);
/* The page at @idx locked and referenced (shmem.c): 0 or -errno. */
int shmem_lock_page(struct shmem *s, uint64_t idx, bool alloc, struct page **pagep);
/* i_mmap (mm_types.h): the VMAs mapping an object */
#define i_mmap_lock_read(s) down_read(&(s)->i_mmap_rwsem)
#define i_mmap_unlock_read(s) up_read(&(s)->i_mmap_rwsem)
#define i_mmap_lock_write(s) down_write(&(s)->i_mmap_rwsem)
#define i_mmap_unlock_write(s) up_write(&(s)->i_mmap_rwsem)
void __vma_link_file(struct vm_area_struct *v);
void vma_link_file(struct vm_area_struct *v);
void vma_unlink_file(struct vm_area_struct *v);
/* The object behind a file (mmkit/file.h): no reference taken. */
struct shmem *file_shmem(struct mmk_file *f);

#endif

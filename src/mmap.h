/* SPDX-License-Identifier: MIT */
/*
 * mmap.h - the VMA array and mm lifetime (mmap.c).
 */
#ifndef MMK_MMAP_H
#define MMK_MMAP_H

#include "mm_types.h"

struct vm_area_struct *find_vma(struct mm_struct *mm, uint64_t addr);
struct vm_area_struct *vma_lookup(struct mm_struct *mm, uint64_t addr);
int vma_index(struct mm_struct *mm, uint64_t addr);
int split_vma(struct mm_struct *mm, unsigned int idx, uint64_t addr);
void vma_try_merge(struct mm_struct *mm, unsigned int idx);
/* A neighbour's anon_vma that @vma may share (its first anonymous page), or 0. */
uint64_t find_mergeable_anon_vma(struct vm_area_struct *vma);
int vma_insert(struct mm_struct *mm, struct vm_area_struct *vma);
struct vm_area_struct *vma_dup(struct vm_area_struct *v, struct mm_struct *mm);
void vma_free(struct vm_area_struct *v);
bool range_ok(uint64_t addr, uint64_t len);
int do_munmap(struct mm_struct *mm, uint64_t addr, uint64_t len);
/* expand_stack: grow the VM_GROWSDOWN @vma down to @addr; mmap_lock for write. */
int expand_downwards(struct mm_struct *mm, struct vm_area_struct *vma, uint64_t addr);
int vma_modify_flags(struct mm_struct *mm, unsigned int *idx, uint64_t start,
		     uint64_t end, unsigned long newflags);
void mmgrab(struct mm_struct *mm);
void mmdrop(struct mm_struct *mm);
/* mmk_machine_destroy(): drop what exited_keep() kept (mmap.c). */
void exited_mms_free(struct mmk_machine *m);
struct mm_struct **mm_list_grab(struct mmk_machine *m, unsigned int *n);
void mm_list_drop(struct mm_struct **mms, unsigned int n);

#endif

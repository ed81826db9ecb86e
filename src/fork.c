/* SPDX-License-Identifier: MIT */
/*
 * fork.c - dup_mmap: the child's address space.
 *
 * The parent's mmap_lock is held for write for the whole copy, so its VMAs
 * cannot change; its page tables still can (the hardware walker sets
 * accessed/dirty bits, other mms share nothing here), which is why
 * copy_page_range write-protects with compare-and-swap.  After the copy the
 * parent's TLBs are flushed: from then on no CPU of the parent can write
 * to a page it now shares with the child.
 */
#include "mmap_lock.h"
#include "mmap.h"
#include "memory.h"
#include "tlb.h"

int mmk_fork(struct mm_struct *parent, struct mm_struct **childp)
{
	struct mm_struct *child;
	int ret = mmk_mm_create(parent->m, &child);

	if (ret)
		return ret;
	mmap_write_lock(parent);
	mmap_write_lock_nested(child, SINGLE_DEPTH_NESTING);
	for (unsigned int i = 0; i < parent->nr_vmas && !ret; i++) {
		struct vm_area_struct *src = parent->vmas[i], *dst;

		if (src->vm_flags & VM_DONTCOPY)
			continue;
		dst = vma_dup(src, child);
		if (!dst) {
			ret = -ENOMEM;
			break;
		}
		ret = vma_insert(child, dst);
		if (ret) {
			vma_free(dst);
			break;
		}
		ret = copy_page_range(dst, src);
	}
	flush_tlb_mm(parent);
	mmap_write_unlock(child);
	mmap_write_unlock(parent);
	if (ret) {
		mmk_exit(child);
		return ret;
	}
	*childp = child;
	return 0;
}

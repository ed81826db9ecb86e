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
 *
 * anon_vma (anon_vma_fork): a VMA with one gives the child's copy a new
 * anon_vma whose chain also holds the parent's (anon_vma_forked); a
 * wipe-on-fork VMA starts over with none.
 */
#include "mmap_lock.h"
#include "mmap.h"
#include "shmem.h"
#include "memory.h"
#include "tlb.h"

static void anon_vma_fork(struct vm_area_struct *dst, struct vm_area_struct *src)
{
	struct mmk_machine *m = src->vm_mm->m;
	bool has = atomic_load_explicit(&src->anon_vma, memory_order_relaxed);

	if (!has || (dst->vm_flags & VM_WIPEONFORK)) {
		atomic_store_explicit(&dst->anon_vma, 0, memory_order_relaxed);
		dst->anon_vma_forked = false;
		return;
	}
	atomic_store_explicit(&dst->anon_vma,
			      (uint64_t)atomic64_add_return_relaxed(1, &m->next_anon_vma),
			      memory_order_relaxed);
	dst->anon_vma_forked = true;
}

int mmk_fork(struct mm_struct *parent, struct mm_struct **childp)
{
	misuse_null(parent);
	misuse_null(childp);
	struct mm_struct *child;
	int ret = mmk_mm_create(parent->m, &child);

	if (ret)
		return ret;
	mmap_write_lock(parent);
	mmap_write_lock_nested(child, SINGLE_DEPTH_NESTING);
	child->start_brk = parent->start_brk;
	child->brk = parent->brk;
	for (unsigned int i = 0; i < parent->nr_vmas && !ret; i++) {
		struct vm_area_struct *src = parent->vmas[i], *dst;

		if (src->vm_flags & VM_DONTCOPY)
			continue;
		dst = vma_dup(src, child);
		if (!dst) {
			ret = -ENOMEM;
			break;
		}
		anon_vma_fork(dst, src);
		ret = vma_insert(child, dst);
		if (ret) {
			vma_free(dst);
			break;
		}
		vma_link_file(dst);
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

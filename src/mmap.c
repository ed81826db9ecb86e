/* SPDX-License-Identifier: MIT */
/*
 * mmap.c - address spaces and their VMAs: mm creation, mmap, munmap, exit,
 * VMA split and merge.
 *
 * Locks: mm->mmap_lock protects the VMA array (sorted by address, at most
 * MAX_MAP_COUNT entries) and every VMA field.  Changing the VMA layout
 * takes it for write; faults, madvise(DONTNEED/FREE) and queries take it
 * for read.  A shmem object's refcount counts the VMAs using it.
 */
#include <string.h>
#include "page_alloc.h"
#include "pgtable.h"
#include "mmap_lock.h"
#include "mmap.h"
#include "tlb.h"
#include "memremap.h"
#include "mmu_notifier.h"
#include "pt_policy.h"
#include "shmem.h"
#include "huge_memory.h"
#include "page_table_check.h"

#define MAX_MAP_COUNT 65530	/* vm.max_map_count */

bool range_ok(uint64_t addr, uint64_t len)
{
	return !(addr & ~PAGE_MASK) && !(len & ~PAGE_MASK) && addr < TASK_SIZE &&
	       len <= TASK_SIZE - addr;
}

/* ---- the VMA array ---- */
/* Index of the first VMA ending above @addr (nr_vmas if none). */
int vma_index(struct mm_struct *mm, uint64_t addr)
{
	unsigned int lo = 0, hi = mm->nr_vmas;

	mmap_assert_locked(mm);
	while (lo < hi) {
		unsigned int mid = (lo + hi) / 2;
		if (mm->vmas[mid]->vm_end > addr)
			hi = mid;
		else
			lo = mid + 1;
	}
	return (int)lo;
}

struct vm_area_struct *find_vma(struct mm_struct *mm, uint64_t addr)
{
	unsigned int i = (unsigned int)vma_index(mm, addr);

	return i < mm->nr_vmas ? mm->vmas[i] : NULL;
}

struct vm_area_struct *vma_lookup(struct mm_struct *mm, uint64_t addr)
{
	struct vm_area_struct *v = find_vma(mm, addr);

	return v && v->vm_start <= addr ? v : NULL;
}

static int vma_array_insert(struct mm_struct *mm, unsigned int idx,
			    struct vm_area_struct *v)
{
	mmap_assert_write_locked(mm);
	if (mm->nr_vmas >= MAX_MAP_COUNT)
		return -ENOMEM;
	if (mm->nr_vmas == mm->vmas_cap) {
		unsigned int cap = mm->vmas_cap ? mm->vmas_cap * 2 : 16;
		void *n = realloc(mm->vmas, cap * sizeof(*mm->vmas));
		if (!n)
			return -ENOMEM;
		mm->vmas = n;
		mm->vmas_cap = cap;
	}
	memmove(&mm->vmas[idx + 1], &mm->vmas[idx],
		(mm->nr_vmas - idx) * sizeof(*mm->vmas));
	mm->vmas[idx] = v;
	mm->nr_vmas++;
	return 0;
}

static void vma_array_remove(struct mm_struct *mm, unsigned int idx, unsigned int n)
{
	if (!n)
		return;
	memmove(&mm->vmas[idx], &mm->vmas[idx + n],
		(mm->nr_vmas - idx - n) * sizeof(*mm->vmas));
	mm->nr_vmas -= n;
}

int vma_insert(struct mm_struct *mm, struct vm_area_struct *v)
{
	return vma_array_insert(mm, (unsigned int)vma_index(mm, v->vm_start), v);
}

struct vm_area_struct *vma_dup(struct vm_area_struct *v, struct mm_struct *mm)
{
	struct vm_area_struct *n = malloc(sizeof(*n));

	if (!n)
		return NULL;
	*n = *v;
	n->vm_mm = mm;
	if (n->shm)
		shmem_get(n->shm);
	return n;
}

void vma_free(struct vm_area_struct *v)
{
	vma_unlink_file(v);
	shmem_put(v->shm);
	free(v);
}

/* Split vmas[idx] at @addr: [start, addr) stays at idx, the rest follows. */
int split_vma(struct mm_struct *mm, unsigned int idx, uint64_t addr)
{
	struct vm_area_struct *v = mm->vmas[idx], *n;
	int ret;

	mmap_assert_write_locked(mm);
	assert(addr > v->vm_start && addr < v->vm_end && !(addr & ~PAGE_MASK));
	if (v->dev && (addr & (v->dev->align - 1)))
		return -EINVAL;		/* dev_dax_may_split: device pages stay whole */
	split_huge_pmd_at_boundary(v, addr);
	n = vma_dup(v, mm);
	if (!n)
		return -ENOMEM;
	n->vm_start = addr;
	n->vm_pgoff += (addr - v->vm_start) >> PAGE_SHIFT;
	ret = vma_array_insert(mm, idx + 1, n);
	if (ret) {
		vma_free(n);
		return ret;
	}
	/* rmap walkers see either the whole of v or its two halves */
	if (v->shm)
		i_mmap_lock_write(v->shm);
	v->vm_end = addr;
	if (v->shm) {
		__vma_link_file(n);
		i_mmap_unlock_write(v->shm);
	}
	return 0;
}

/*
 * Linux's is_mergeable_anon_vma(): the same anon_vma, or one has none and
 * the other's is not forked from a parent's (merging would spread the
 * parent's anon_vma lock over the new range).
 */
static bool anon_vma_compatible(const struct vm_area_struct *a, const struct vm_area_struct *b)
{
	uint64_t x = atomic_load_explicit(&a->anon_vma, memory_order_relaxed);
	uint64_t y = atomic_load_explicit(&b->anon_vma, memory_order_relaxed);

	if (x == y)
		return true;
	return x ? !y && !a->anon_vma_forked : !b->anon_vma_forked;
}

/* Adjacent, the same flags, object and offsets, compatible anon_vmas. */
static bool can_merge(struct vm_area_struct *a, struct vm_area_struct *b)
{
	return a->vm_end == b->vm_start && a->vm_flags == b->vm_flags &&
	       a->shm == b->shm && a->dev == b->dev &&
	       a->vm_pgoff + ((a->vm_end - a->vm_start) >> PAGE_SHIFT) == b->vm_pgoff &&
	       anon_vma_compatible(a, b);
}

/*
 * find_mergeable_anon_vma - an anon_vma @vma may share: the next VMA's,
 * else the previous one's, if it is adjacent, differs at most in access
 * rights, continues the offsets, and is not forked from a parent's
 * (anon_vma_compatible + reusable_anon_vma).  0 if none.
 */
static uint64_t reusable_anon_vma(const struct vm_area_struct *old,
				  const struct vm_area_struct *a, const struct vm_area_struct *b)
{
	bool compatible = a->vm_end == b->vm_start && a->shm == b->shm && a->dev == b->dev &&
			  !((a->vm_flags ^ b->vm_flags) & ~VM_ACCESS_FLAGS) &&
			  b->vm_pgoff == a->vm_pgoff + ((b->vm_start - a->vm_start) >> PAGE_SHIFT);

	return compatible && !old->anon_vma_forked ?
	       atomic_load_explicit(&old->anon_vma, memory_order_relaxed) : 0;
}

uint64_t find_mergeable_anon_vma(struct vm_area_struct *vma)
{
	struct mm_struct *mm = vma->vm_mm;
	unsigned int i = (unsigned int)vma_index(mm, vma->vm_start);
	uint64_t id = 0;

	if (i + 1 < mm->nr_vmas)
		id = reusable_anon_vma(mm->vmas[i + 1], vma, mm->vmas[i + 1]);
	if (!id && i > 0)
		id = reusable_anon_vma(mm->vmas[i - 1], mm->vmas[i - 1], vma);
	return id;
}

/* @into grows over the VMA after it, which goes; an anon_vma either had is kept. */
static void vma_absorb(struct mm_struct *mm, struct vm_area_struct *into, unsigned int from_idx)
{
	struct vm_area_struct *from = mm->vmas[from_idx];

	assert(from->vm_start == into->vm_end);
	vma_unlink_file(from);
	if (into->shm)
		i_mmap_lock_write(into->shm);
	into->vm_end = from->vm_end;
	if (into->shm)
		i_mmap_unlock_write(into->shm);
	if (!atomic_load_explicit(&into->anon_vma, memory_order_relaxed)) {
		atomic_store_explicit(&into->anon_vma, atomic_load_explicit(&from->anon_vma,
				      memory_order_relaxed), memory_order_relaxed);
		into->anon_vma_forked = from->anon_vma_forked;
	}
	vma_free(from);
	vma_array_remove(mm, from_idx, 1);
}

/*
 * Merge vmas[idx] with its neighbours where Linux would: with the previous
 * one, with the next one, or with both if those two are compatible with
 * each other too (vma_merge's can_merge_left / can_merge_right).
 */
void vma_try_merge(struct mm_struct *mm, unsigned int idx)
{
	struct vm_area_struct *v = mm->vmas[idx];
	struct vm_area_struct *prev = idx > 0 ? mm->vmas[idx - 1] : NULL;
	struct vm_area_struct *next = idx + 1 < mm->nr_vmas ? mm->vmas[idx + 1] : NULL;
	bool left = prev && can_merge(prev, v);
	bool right = next && can_merge(v, next) && (!left || anon_vma_compatible(prev, next));

	mmap_assert_write_locked(mm);
	if (right)
		vma_absorb(mm, v, idx + 1);
	if (left)
		vma_absorb(mm, prev, idx);
}

/*
 * Give [start, end) of vmas[*idx] the flags @newflags, splitting as needed;
 * on return *idx is the VMA that now covers exactly [start, end).  The
 * caller changes the page tables, then calls vma_try_merge().
 */
int vma_modify_flags(struct mm_struct *mm, unsigned int *idx, uint64_t start,
		     uint64_t end, unsigned long newflags)
{
	struct vm_area_struct *v = mm->vmas[*idx];
	int ret;

	mmap_assert_write_locked(mm);
	if (start > v->vm_start) {
		ret = split_vma(mm, *idx, start);
		if (ret)
			return ret;
		(*idx)++;
		v = mm->vmas[*idx];
	}
	if (end < v->vm_end) {
		ret = split_vma(mm, *idx, end);
		if (ret)
			return ret;
	}
	v->vm_flags = newflags;
	v->vm_page_prot = vm_get_page_prot(newflags);
	return 0;
}

/* ---- mm lifetime ---- */
int mmk_mm_create(struct mmk_machine *m, struct mm_struct **out)
{
	misuse_null(m);
	misuse_null(out);
	struct mm_struct *mm = calloc(1, sizeof(*mm));
	int ret;

	if (!mm)
		return -ENOMEM;
	mm->m = m;
	mm->id = (uint64_t)atomic64_add_return_relaxed(1, &m->next_mm_id);
	percpu_init_rwsem(&mm->mmap_lock, LOCK_RANK_MMAP);
	spin_lock_init(&mm->page_table_lock, LOCK_RANK_PAGE_TABLE);
	spin_lock_init(&mm->notifier_lock, LOCK_RANK_NOTIFIER);
	atomic_set(&mm->mm_count, 1);
	/* One slot per CPU and a shared one (add_mm_counter), zeroed. */
	mm->rss_stat = calloc(m->cfg.ncpus + 1, sizeof(*mm->rss_stat));
	ret = mm->rss_stat ? pt_policy_mm_init(mm) : -ENOMEM;
	if (!ret) {
		mm->pgd_page = pte_alloc_one(mm, 4);
		if (!mm->pgd_page) {
			pt_policy_mm_exit(mm);
			ret = -ENOMEM;
		}
	}
	if (ret) {
		free(mm->rss_stat);
		free(mm);
		return ret;
	}
	mm->pgd = page_address(m, mm->pgd_page);
	spin_lock(&m->mm_list_lock);
	mm->mm_next = m->mm_list;
	if (m->mm_list)
		m->mm_list->mm_pprev = &mm->mm_next;
	mm->mm_pprev = &m->mm_list;
	m->mm_list = mm;
	spin_unlock(&m->mm_list_lock);
	*out = mm;
	return 0;
}

struct mmk_machine *mmk_mm_machine(struct mm_struct *mm)
{
	misuse_null(mm);
	return mm->m;
}

/* Zap and free everything in vmas[first, first + n), then drop them. */
static void unmap_region(struct mm_struct *mm, unsigned int first, unsigned int n,
			 struct mmu_gather *tlb)
{
	uint64_t floor = first > 0 ? mm->vmas[first - 1]->vm_end : 0;
	uint64_t ceiling = first + n < mm->nr_vmas ? mm->vmas[first + n]->vm_start :
			   USER_PGTABLES_CEILING;

	mmap_assert_write_locked(mm);
	struct zap_details details = { .reason = tlb->fullmm ? ZAP_EXIT : ZAP_MUNMAP };

	for (unsigned int i = first; i < first + n; i++)
		unmap_page_range(tlb, mm->vmas[i], mm->vmas[i]->vm_start,
				 mm->vmas[i]->vm_end, &details);
	/* free_pgtables: out of i_mmap first, so retract cannot meet the tables */
	for (unsigned int i = first; i < first + n; i++)
		vma_unlink_file(mm->vmas[i]);
	/* Exit walks it all, so that nothing can outlive the mm. */
	if (tlb->fullmm)
		free_pgd_range(tlb, 0, USER_PGTABLES_CEILING, floor, ceiling);
	else if (n)
		free_pgd_range(tlb, mm->vmas[first]->vm_start,
			       mm->vmas[first + n - 1]->vm_end, floor, ceiling);
	for (unsigned int i = first; i < first + n; i++)
		vma_free(mm->vmas[i]);
	vma_array_remove(mm, first, n);
}

/*
 * Debug builds keep the struct of the last MM_EXITED_KEEP mms to exit
 * (mm_types.h), so that mmk_exit() of one of them again is caught.
 */
static void exited_keep(struct mm_struct *mm)
{
#ifndef NDEBUG
	struct mmk_machine *m = mm->m;
	struct mm_struct *old;

	mmgrab(mm);
	spin_lock(&m->mm_list_lock);
	old = m->exited_mms[m->exited_next];
	m->exited_mms[m->exited_next] = mm;
	m->exited_next = (m->exited_next + 1) % MM_EXITED_KEEP;
	spin_unlock(&m->mm_list_lock);
	if (old)
		mmdrop(old);
#else
	(void)mm;
#endif
}

void exited_mms_free(struct mmk_machine *m)
{
	for (unsigned int i = 0; i < MM_EXITED_KEEP; i++) {
		if (m->exited_mms[i])
			mmdrop(m->exited_mms[i]);
		m->exited_mms[i] = NULL;
	}
}

void mmk_exit(struct mm_struct *mm)
{
	struct mmu_gather tlb;

	misuse_null(mm);
	misuse_if(atomic_exchange(&mm->exit_called, 1), "the address space (id %llu) "
		  "has exited already", (unsigned long long)mm->id);
	exited_keep(mm);
	spin_lock(&mm->m->mm_list_lock);
	*mm->mm_pprev = mm->mm_next;
	if (mm->mm_next)
		mm->mm_next->mm_pprev = mm->mm_pprev;
	spin_unlock(&mm->m->mm_list_lock);

	mmu_notifier_release(mm);
	mmap_write_lock(mm);
	tlb_gather_mmu_fullmm(&tlb, mm);
	unmap_region(mm, 0, mm->nr_vmas, &tlb);
	tlb_finish_mmu(&tlb);
	mm->exited = true;
	mmap_write_unlock(mm);
	/* The race lab's bug switches can unbalance them: the checker says so. */
	if (atomic64_read(&mm->nr_ptes) || atomic64_read(&mm->nr_pmds) ||
	    atomic64_read(&mm->nr_puds)) {
		assert(pt_checking(mm->m));
		pt_check_record(mm->m, 4, 0, "mm %p exited with nr_ptes %lld, nr_pmds %lld, "
				"nr_puds %lld: every table is gone", (void *)mm,
				(long long)atomic64_read(&mm->nr_ptes),
				(long long)atomic64_read(&mm->nr_pmds),
				(long long)atomic64_read(&mm->nr_puds));
	}
	/* Lockless walkers may still be reading the PGD: free it after a GP. */
	pte_free_defer(mm->m, mm->pgd_page);
	mmdrop(mm);
}

/*
 * mm_list_grab - every live mm of @m, each kept alive by mmgrab(), for a
 * caller that visits them taking other locks (reclaim, unbind), which it
 * must not do under mm_list_lock.  A snapshot: mms created meanwhile are
 * not in it, mms that exit meanwhile are (check mm->exited under their
 * mmap_lock).  NULL, *n = 0, if there is none or no host memory.
 */
struct mm_struct **mm_list_grab(struct mmk_machine *m, unsigned int *n)
{
	struct mm_struct **mms = NULL;
	unsigned int cap = 0;

	*n = 0;
	spin_lock(&m->mm_list_lock);
	for (struct mm_struct *mm = m->mm_list; mm; mm = mm->mm_next) {
		if (*n == cap) {
			struct mm_struct **bigger = realloc(mms, (cap ? 2 * cap : 16) * sizeof(*mms));

			if (!bigger)
				break;
			mms = bigger;
			cap = cap ? 2 * cap : 16;
		}
		mmgrab(mm);
		mms[(*n)++] = mm;
	}
	spin_unlock(&m->mm_list_lock);
	return mms;
}

/* Drop what mm_list_grab() took. */
void mm_list_drop(struct mm_struct **mms, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		mmdrop(mms[i]);
	free(mms);
}

/* Keep the mm_struct itself (not its address space) alive. */
void mmgrab(struct mm_struct *mm)
{
	atomic_inc(&mm->mm_count);
}

void mmdrop(struct mm_struct *mm)
{
	if (!atomic_dec_and_test(&mm->mm_count))
		return;
	pt_policy_mm_exit(mm);		/* nobody can walk it any more */
	free(mm->rss_stat);
	free(mm->vmas);
	free(mm);
}

/* ---- mmap / munmap ---- */
static void mm_populate(struct mm_struct *mm, uint64_t addr, uint64_t len, bool write);
static unsigned long prot_to_vm_flags(int prot)
{
	return (prot & MMK_PROT_READ ? VM_READ : 0) |
	       (prot & MMK_PROT_WRITE ? VM_WRITE : 0) |
	       (prot & MMK_PROT_EXEC ? VM_EXEC : 0);
}

/* A new VMA of @mm over [start, end), not yet in the array. */
static struct vm_area_struct *vma_alloc(struct mm_struct *mm, uint64_t start, uint64_t end,
					unsigned long vm_flags, uint64_t pgoff)
{
	struct vm_area_struct *v = calloc(1, sizeof(*v));

	if (!v)
		return NULL;
	v->vm_mm = mm;
	v->vm_start = start;
	v->vm_end = end;
	v->vm_flags = vm_flags;
	v->vm_pgoff = pgoff;
	v->vm_page_prot = vm_get_page_prot(vm_flags);
	return v;
}

/*
 * do_mmap - a new VMA at exactly [addr, addr + len): anonymous, or of
 * @dev (device-dax) or @file (a shmem object: a file, mapped shared or
 * private) from byte @off.
 */
static int do_mmap(struct mm_struct *mm, uint64_t addr, uint64_t len, int prot, int flags,
		   struct dev_pagemap *dev, struct shmem *file, uint64_t off)
{
	unsigned long vm_flags;
	uint64_t pgoff;
	struct vm_area_struct *v;
	unsigned int idx;
	int ret;

	if (!len || (len & ~PAGE_MASK))
		return -EINVAL;
	/*
	 * A fixed address in the last 4095 bytes comes back from the arch
	 * hook unchanged and then reads as an error (IS_ERR_VALUE): Linux
	 * returns it as the errno.  A quirk, kept because kdiff sees it.
	 */
	if (addr >= (uint64_t)-4095)
		return (int)(int64_t)addr;
	/* __get_unmapped_area's order: room below TASK_SIZE, then alignment. */
	if (addr >= TASK_SIZE || len > TASK_SIZE - addr)
		return -ENOMEM;
	if (addr & ~PAGE_MASK)
		return -EINVAL;
	if (addr < MMK_MMAP_MIN_ADDR)
		return -EPERM;		/* security_mmap_addr, unprivileged */
	if (prot & ~(MMK_PROT_READ | MMK_PROT_WRITE | MMK_PROT_EXEC))
		return -EINVAL;
	if (flags & ~(MMK_MAP_SHARED | MMK_MAP_POPULATE | MMK_MAP_HUGE | MMK_MAP_GROWSDOWN))
		return -EINVAL;
	if ((flags & MMK_MAP_GROWSDOWN) && ((flags & MMK_MAP_SHARED) || dev))
		return -EINVAL;		/* shared mappings do not grow */
	vm_flags = prot_to_vm_flags(prot) | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;
	if ((prot & MMK_PROT_WRITE) && !(flags & MMK_MAP_SHARED) && !dev)
		vm_flags |= VM_ACCOUNT;	/* accountable_mapping: private writable */
	if ((flags & MMK_MAP_SHARED) || dev)	/* /dev/daxX.Y is MAP_SHARED only */
		vm_flags |= VM_SHARED | VM_MAYSHARE;
	if (flags & MMK_MAP_GROWSDOWN)
		vm_flags |= VM_GROWSDOWN;
	/* pgoff: into the file or device; 0 into a new shmem object; else the page */
	pgoff = file || dev ? off >> PAGE_SHIFT : (flags & MMK_MAP_SHARED) ? 0 : addr >> PAGE_SHIFT;
	v = vma_alloc(mm, addr, addr + len, vm_flags, pgoff);
	if (!v)
		return -ENOMEM;
	if (file) {
		shmem_get(file);
		v->shm = file;
	} else if (flags & MMK_MAP_SHARED) {
		/* shmem_zero_setup: a new object of the mapping's size */
		v->shm = shmem_create(mm->m, len >> PAGE_SHIFT);
		if (!v->shm) {
			free(v);
			return -ENOMEM;
		}
		v->shm->anon = true;
	}
	v->dev = dev;	/* faults map device pages */

	mmap_write_lock(mm);
	idx = (unsigned int)vma_index(mm, addr);
	if (idx < mm->nr_vmas && mm->vmas[idx]->vm_start < addr + len) {
		ret = -EEXIST;	/* MAP_FIXED_NOREPLACE */
	} else {
		ret = vma_array_insert(mm, idx, v);
		if (!ret) {
			vma_link_file(v);
			vma_try_merge(mm, idx);
		}
	}
	mmap_write_unlock(mm);
	if (ret) {
		vma_free(v);
		return ret;
	}
	/*
	 * `huge` is madvise(MADV_HUGEPAGE) right after the mmap, as a program
	 * (and kdiff's agent) does it: the new range first merges with its
	 * neighbours, taking an anon_vma one of them has, then the advice
	 * splits it off again.  Where the advice does not apply the mapping
	 * stays as mapped, as a program ignoring madvise's error would.
	 */
	if (flags & MMK_MAP_HUGE)
		(void)mmk_madvise(mm, addr, len, MMK_MADV_HUGEPAGE);
	if (flags & MMK_MAP_POPULATE)
		mm_populate(mm, addr, len, (prot & MMK_PROT_WRITE) && !(flags & MMK_MAP_SHARED));
	return 0;
}

int mmk_mmap(struct mm_struct *mm, uint64_t addr, uint64_t len, int prot, int flags)
{
	misuse_null(mm);
	return do_mmap(mm, addr, len, prot, flags, NULL, NULL, 0);
}

int mmk_mmap_file(struct mm_struct *mm, uint64_t addr, uint64_t len, int prot,
		  int flags, struct mmk_file *f, uint64_t off)
{
	misuse_null(mm);
	if (off & ~PAGE_MASK)
		return -EINVAL;
	return do_mmap(mm, addr, len, prot, flags, NULL, file_shmem(f), off);
}

int mmk_mmap_device(struct mm_struct *mm, uint64_t addr, uint64_t len, int prot,
		    struct mmk_device *device, uint64_t off)
{
	misuse_null(mm);
	misuse_null(device);
	struct dev_pagemap *dev = mmk_device_pgmap(device);

	if (dev->m != mm->m || dev->type != MEMORY_DEVICE_GENERIC)
		return -EINVAL;
	/* check_vma: the mapping must cover whole device pages. */
	if ((addr | len | off) & (dev->align - 1))
		return -EINVAL;
	if (atomic_read(&dev->state) != PGMAP_LIVE)
		return -ENODEV;
	return do_mmap(mm, addr, len, prot, 0, dev, NULL, off);
}

/*
 * MAP_POPULATE: fault the new mapping in, writable where a write would
 * otherwise COW (private writable), as Linux's __mm_populate does; like
 * Linux, failures (out of memory) are not reported: mmap succeeded.
 */
static void mm_populate(struct mm_struct *mm, uint64_t addr, uint64_t len, bool write)
{
	mmap_read_lock(mm);
	faultin_page_range(mm, addr, addr + len, write);
	mmap_read_unlock(mm);
}

/* Split so that VMAs begin at @start and end at @end; returns the first index. */
static int split_around(struct mm_struct *mm, uint64_t start, uint64_t end,
			unsigned int *first, unsigned int *n)
{
	unsigned int i = (unsigned int)vma_index(mm, start), j;
	int ret;

	*first = i;
	*n = 0;
	if (i == mm->nr_vmas || mm->vmas[i]->vm_start >= end)
		return 0;
	if (mm->vmas[i]->vm_start < start) {
		ret = split_vma(mm, i, start);
		if (ret)
			return ret;
		*first = ++i;
	}
	for (j = i; j < mm->nr_vmas && mm->vmas[j]->vm_start < end; j++)
		;
	if (mm->vmas[j - 1]->vm_end > end) {
		ret = split_vma(mm, j - 1, end);
		if (ret)
			return ret;
	}
	*n = j - i;
	return 0;
}

/* munmap with mmap_lock held for write (Linux's do_vmi_munmap). */
int do_munmap(struct mm_struct *mm, uint64_t addr, uint64_t len)
{
	struct mmu_gather tlb;
	unsigned int first, n;
	int ret;

	mmap_assert_write_locked(mm);
	ret = split_around(mm, addr, addr + len, &first, &n);
	if (!ret && n) {
		tlb_gather_mmu(&tlb, mm);
		unmap_region(mm, first, n, &tlb);
		tlb_finish_mmu(&tlb);
		/* Tables a neighbouring VMA shares stayed: the policy may free them. */
		pt_reclaim_after_zap(mm, addr, addr + len, ZAP_MUNMAP);
	}
	return ret;
}

int mmk_munmap(struct mm_struct *mm, uint64_t addr, uint64_t len)
{
	misuse_null(mm);
	int ret;

	if (!len || !range_ok(addr, len))
		return -EINVAL;
	mmap_write_lock(mm);
	ret = do_munmap(mm, addr, len);
	mmap_write_unlock(mm);
	return ret;
}

/* ---- stacks and the program break ---- */

#define STACK_GUARD_GAP (256ULL << PAGE_SHIFT)	/* stack_guard_gap */
#define RLIMIT_STACK_BYTES (8ULL << 20)		/* ulimit -s: 8 MiB */

/* Where @v's guard gap starts: below a stack, stack_guard_gap stays free. */
static uint64_t vm_start_gap(const struct vm_area_struct *v)
{
	if (!(v->vm_flags & VM_GROWSDOWN))
		return v->vm_start;
	return v->vm_start > STACK_GUARD_GAP ? v->vm_start - STACK_GUARD_GAP : 0;
}

/*
 * expand_downwards - a fault at @addr below the stack @vma: the stack
 * grows to its page if it stays within RLIMIT_STACK and keeps
 * stack_guard_gap from an accessible VMA below that is not a stack.
 */
int expand_downwards(struct mm_struct *mm, struct vm_area_struct *vma, uint64_t addr)
{
	unsigned int idx = (unsigned int)vma_index(mm, vma->vm_start);
	struct vm_area_struct *prev = idx ? mm->vmas[idx - 1] : NULL;

	mmap_assert_write_locked(mm);
	addr &= PAGE_MASK;
	if (addr < MMK_MMAP_MIN_ADDR)
		return -EPERM;
	if (prev && !(prev->vm_flags & VM_GROWSDOWN) && (prev->vm_flags & VM_ACCESS_FLAGS) &&
	    addr - prev->vm_end < STACK_GUARD_GAP)
		return -ENOMEM;
	if (vma->vm_end - addr > RLIMIT_STACK_BYTES)
		return -ENOMEM;		/* acct_stack_growth */
	anon_vma_prepare(vma);
	vma->vm_pgoff -= (vma->vm_start - addr) >> PAGE_SHIFT;
	vma->vm_start = addr;
	return 0;
}

int mmk_brk_init(struct mm_struct *mm, uint64_t start)
{
	misuse_null(mm);
	if ((start & ~PAGE_MASK) || start >= TASK_SIZE)
		return -EINVAL;
	mmap_write_lock(mm);
	mm->start_brk = mm->brk = start;
	mmap_write_unlock(mm);
	return 0;
}

uint64_t mmk_brk_get(struct mm_struct *mm)
{
	misuse_null(mm);
	uint64_t brk;

	mmap_read_lock(mm);
	brk = mm->brk;
	mmap_read_unlock(mm);
	return brk;
}

/*
 * do_brk_flags - [addr, addr + len) joins the heap VMA that ends at @addr
 * (a VMA above start_brk with the heap's flags and a contiguous offset),
 * or becomes a new one.  Linux never merges it with what lies below
 * start_brk, the bss included.
 */
static int do_brk_flags(struct mm_struct *mm, uint64_t addr, uint64_t len)
{
	const unsigned long flags = VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE |
				    VM_MAYEXEC | VM_ACCOUNT;
	unsigned int idx = (unsigned int)vma_index(mm, addr);
	struct vm_area_struct *prev = idx ? mm->vmas[idx - 1] : NULL, *v;
	int ret;

	if (prev && prev->vm_end == addr && prev->vm_end > mm->start_brk &&
	    vma_is_anonymous(prev) && prev->vm_flags == flags &&
	    prev->vm_pgoff + ((addr - prev->vm_start) >> PAGE_SHIFT) == addr >> PAGE_SHIFT) {
		prev->vm_end = addr + len;
		return 0;
	}
	if (mm->nr_vmas >= MAX_MAP_COUNT)
		return -ENOMEM;
	v = vma_alloc(mm, addr, addr + len, flags, addr >> PAGE_SHIFT);
	if (!v)
		return -ENOMEM;
	ret = vma_array_insert(mm, idx, v);
	if (ret)
		vma_free(v);
	return ret;
}

/* sys_brk's growth, under mmap_lock for write: 0, or -ENOMEM as refused. */
static int brk_grow(struct mm_struct *mm, uint64_t oldbrk, uint64_t newbrk)
{
	struct vm_area_struct *next;

	/* check_brk_limits: get_unmapped_area(MAP_FIXED) of the new part */
	if (newbrk > TASK_SIZE || oldbrk < MMK_MMAP_MIN_ADDR)
		return -ENOMEM;
	/* a page and, below a stack, its guard gap stay free above the heap */
	next = find_vma(mm, oldbrk);
	if (next && newbrk + PAGE_SIZE > vm_start_gap(next))
		return -ENOMEM;
	return do_brk_flags(mm, oldbrk, newbrk - oldbrk);
}

int mmk_brk(struct mm_struct *mm, uint64_t brk)
{
	misuse_null(mm);
	uint64_t newbrk = (brk + PAGE_SIZE - 1) & PAGE_MASK, oldbrk;
	struct vm_area_struct *v;
	int ret = -ENOMEM;

	mmap_write_lock(mm);
	oldbrk = (mm->brk + PAGE_SIZE - 1) & PAGE_MASK;
	if (brk < mm->start_brk || brk > TASK_SIZE)
		goto out;		/* brk(0) lands here: it only asks */
	if (newbrk == oldbrk) {
		mm->brk = brk;
		ret = 0;
	} else if (brk <= mm->brk) {
		/* Always allowed, if the heap is there to shrink. */
		v = find_vma(mm, newbrk);
		if (v && v->vm_start < oldbrk && !do_munmap(mm, newbrk, oldbrk - newbrk)) {
			mm->brk = brk;
			ret = 0;
		}
	} else if (!brk_grow(mm, oldbrk, newbrk)) {
		mm->brk = brk;
		ret = 0;
	}
out:
	mmap_write_unlock(mm);
	return ret;
}

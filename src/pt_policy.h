/* SPDX-License-Identifier: MIT */
/*
 * pt_policy.h - page-table lifetime policies (pt_reclaim.c, pte_ref.c).
 */
#ifndef MMK_PT_POLICY_H
#define MMK_PT_POLICY_H

#include "cpu.h"
#include "memory.h"

struct mmu_gather;

/* pt_reclaim.c, pte_ref.c: page-table lifetime policies */

/*
 * One page-table lifetime policy (shared/spec/policies.md).  NULL hooks
 * cost nothing.  Every hook is called with mmap_lock held.
 */
struct pt_policy_ops {
	const char *name;
	/* Around a walk under mmap_lock read (faults, madvise, queries). */
	void (*walk_begin)(struct mm_struct *mm);
	void (*walk_end)(struct mm_struct *mm);
	/* walk_begin that fails instead of waiting (reclaim); NULL: walk_begin. */
	bool (*walk_trylock)(struct mm_struct *mm);
	/* pte_offset_map*(): take a reference on the table; false = no table. */
	bool (*table_get)(struct mmk_machine *m, struct page *table);
	/* pte_unmap(), and the drop of an install reference. */
	void (*table_put)(struct mmk_machine *m, struct page *table);
	/* Under the PTL: entries of @table went none -> not none (+n) or back (-n). */
	void (*entries_changed)(struct mmk_machine *m, struct page *table, int n);
	/* New PTE tables start with this many references (the installer's). */
	int install_refs;
	/* Does a zap of one table for @reason try to free it (zap_pte_range)? */
	bool (*zap_reclaims)(enum zap_reason reason, bool whole_table);
	/* After freeing a PTE table, also free emptied PMD and PUD tables. */
	bool free_upper;
	/* After a whole zap of [start, end), with no walk in progress. */
	void (*zap_done)(struct mm_struct *mm, uint64_t start, uint64_t end,
			 enum zap_reason reason);
	/* mm teardown: drop policy state. */
	void (*mm_exit)(struct mm_struct *mm);
};
extern const struct pt_policy_ops pt_policy_keep, pt_policy_linux, pt_policy_refcount,
	pt_policy_rwsem, pt_policy_full;
static inline const struct pt_policy_ops *pt_policy(struct mmk_machine *m)
{
	return m->pt_ops;
}
static inline void pt_walk_begin(struct mm_struct *mm)
{
	if (mm->m->pt_ops->walk_begin)
		mm->m->pt_ops->walk_begin(mm);
}
/* pt_walk_begin() for a path that must not wait (reclaim): false if busy. */
static inline bool pt_walk_trylock(struct mm_struct *mm)
{
	if (mm->m->pt_ops->walk_trylock)
		return mm->m->pt_ops->walk_trylock(mm);
	pt_walk_begin(mm);
	return true;
}
static inline void pt_walk_end(struct mm_struct *mm)
{
	if (mm->m->pt_ops->walk_end)
		mm->m->pt_ops->walk_end(mm);
}

/* Does this thread hold the rwsem policy's pt_rwsem (a walk, or reclaim)? */
bool pt_walk_lock_held(void);

/* Cost counters: per CPU, written by the attached thread only. */
static inline void pt_count(struct mmk_machine *m, enum mmk_pt_counter c, long long n)
{
	struct cpu *cpu = current_cpu;

	if (likely(cpu && cpu->m == m))
		atomic64_set(&cpu->ptc[c], atomic64_read(&cpu->ptc[c]) + n);
	else
		atomic64_add(n, &m->ptc[c]);
}

/* Entry changes that a policy may count (none <-> not none), PTL held. */
static inline void pte_install(struct mm_struct *mm, mmk_entry_t *ptep, pte_t entry)
{
	entry_write(ptep, entry);
	if (mm->m->pt_ops->entries_changed)
		mm->m->pt_ops->entries_changed(mm->m, virt_to_page(mm->m, ptep), 1);
}
static inline pte_t pte_clear_get(struct mm_struct *mm, mmk_entry_t *ptep)
{
	pte_t old = entry_xchg(ptep, 0);

	if (!pte_none(old) && mm->m->pt_ops->entries_changed)
		mm->m->pt_ops->entries_changed(mm->m, virt_to_page(mm->m, ptep), -1);
	return old;
}

bool try_get_and_clear_pmd(struct mm_struct *mm, mmk_entry_t *pmdp, pmd_t *pmdvalp);
void free_pte(struct mm_struct *mm, struct mmu_gather *tlb, pmd_t pmdval);
bool try_to_free_pte(struct mm_struct *mm, mmk_entry_t *pmdp, uint64_t addr,
		     struct mmu_gather *tlb);
void try_free_upper(struct mmu_gather *tlb, uint64_t addr);
bool table_empty(const mmk_entry_t *table);

#endif

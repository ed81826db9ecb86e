/* SPDX-License-Identifier: MIT */
/*
 * pt_policy.h - the machine's page-table lifetime policy, as the rest of
 * mmkit calls it.
 *
 * A policy (shared/spec/policies.md) answers one question: when a PTE
 * table becomes empty, who may free it, and what must walkers do to stay
 * safe?  mmkit asks its policy at these points, and only through the
 * wrappers below:
 *
 *   pt_walk_begin/_end     around a software walk under mmap_lock (faults,
 *                          zaps, GUP, migration, queries, the checker)
 *   pt_walk_trylock        the same for a path that must not wait (reclaim)
 *   pt_walk_held           is this thread inside such a walk of the mm
 *   pt_table_get/_put      pte_offset_map*() and pte_unmap()
 *   pt_install_refs        references a new PTE table starts with
 *   pt_entries_changed     PTL held: entries went none <-> not none
 *   pt_zap_reclaims        may zap_pte_range() free the table it emptied?
 *   pt_reclaim_table       what follows such a zap (pt_reclaim.c)
 *   pt_reclaim_after_zap   after a whole zap, outside the walk
 *   pt_policy_mm_init/exit the policy's own per-mm state (mm->pt_priv)
 *
 * When they run: every hook but mm_init and mm_exit runs with the mm's
 * mmap_lock held by the calling thread (read or write); entries_changed
 * with the table's PTL held too; reclaim_after_zap outside the walk, so
 * that it may take the walk lock for write.  mm_init runs before the mm is
 * published, mm_exit after its last user (no lock).  The wrappers assert
 * these in debug builds.
 *
 * The policies are one file each (policy_NAME.c, a const struct
 * pt_policy_ops) and one entry of the table in pt_policy.c; the
 * mechanisms several share (PT_RECLAIM's fast and slow paths, freeing
 * emptied upper tables) are pt_reclaim.c.  Only the wrappers here and
 * pt_policy.c read a struct pt_policy_ops (a test greps for it).
 * docs/policies.md walks through adding one.
 */
#ifndef MMK_PT_POLICY_H
#define MMK_PT_POLICY_H

#include "cpu.h"
#include "memory.h"
#include "mmap_lock.h"

struct mmu_gather;

/* ---- for policy implementations ---- */
/* A NULL hook costs one predictable branch and means "nothing to do". */
struct pt_policy_ops {
	const char *name;		/* as scripts spell it */
	void (*walk_begin)(struct mm_struct *mm);
	void (*walk_end)(struct mm_struct *mm);
	bool (*walk_trylock)(struct mm_struct *mm);	/* NULL: walk_begin, true */
	bool (*walk_held)(struct mm_struct *mm);	/* mm NULL: any mm */
	/* pte_offset_map*(): take a reference on the table; false = no table. */
	bool (*table_get)(struct mmk_machine *m, struct page *table);
	/* pte_unmap(), and the drop of an install reference; may free the table. */
	void (*table_put)(struct mmk_machine *m, struct page *table);
	void (*entries_changed)(struct mmk_machine *m, struct page *table, int n);
	int install_refs;
	/* Does a zap of one table for @reason try to free it?  NULL: never. */
	bool (*zap_reclaims)(enum zap_reason reason, bool whole_table);
	/* Freeing a PTE table after a zap also frees emptied PMD and PUD tables. */
	bool free_upper;
	/*
	 * retract_page_tables may free a table only with the mm's mmap_lock
	 * held for write (taken by trylock), as Linux did before 6.6: walkers
	 * that hold a table reference or the policy's walk lock instead of
	 * rechecking the pmd cannot meet a retract otherwise.
	 */
	bool retract_locked;
	/* After a whole zap of [start, end) for @reason (not exit). */
	void (*after_zap)(struct mm_struct *mm, uint64_t start, uint64_t end,
			  enum zap_reason reason);
	int (*mm_init)(struct mm_struct *mm);
	void (*mm_exit)(struct mm_struct *mm);
	/* A name for @obj if it is part of the policy's state of @mm (traces). */
	const char *(*describe)(struct mm_struct *mm, const void *obj);
};

extern const struct pt_policy_ops pt_policy_keep, pt_policy_linux, pt_policy_refcount,
	pt_policy_rwsem, pt_policy_full;

/*
 * Add a policy to the process's table (built-ins are there from the
 * start): returns its number, for mmk_config.policy and mmk_policy_name(),
 * or -EEXIST (name taken), -ENOSPC.  Call it before any machine uses it.
 */
#define PT_MAX_POLICIES 16
int pt_policy_register(const struct pt_policy_ops *ops);
/* The policy numbered @policy, or NULL. */
const struct pt_policy_ops *pt_policy_lookup(unsigned int policy);
/* How many policies there are: MMK_NR_POLICIES plus the registered. */
unsigned int pt_nr_policies(void);
/* Give machine @m policy number @policy (at creation): 0 or -EINVAL. */
int pt_policy_attach(struct mmk_machine *m, unsigned int policy);

/* ---- the wrappers ---- */
#define PT_OPS(m) ((m)->pt_ops)

static inline void pt_walk_begin(struct mm_struct *mm)
{
	mmap_assert_locked(mm);
	if (PT_OPS(mm->m)->walk_begin)
		PT_OPS(mm->m)->walk_begin(mm);
}
static inline void pt_walk_end(struct mm_struct *mm)
{
	if (PT_OPS(mm->m)->walk_end)
		PT_OPS(mm->m)->walk_end(mm);
}
/* pt_walk_begin() for a path that must not wait (reclaim): false if busy. */
static inline bool pt_walk_trylock(struct mm_struct *mm)
{
	mmap_assert_locked(mm);
	if (PT_OPS(mm->m)->walk_trylock)
		return PT_OPS(mm->m)->walk_trylock(mm);
	pt_walk_begin(mm);
	return true;
}
/* Has the policy a walk protocol (do walks of upper tables need it)? */
static inline bool pt_walk_needed(struct mmk_machine *m)
{
	return PT_OPS(m)->walk_begin != NULL;
}
/*
 * Is this thread inside a walk of @mm (NULL: of any mm of @m)?  False if
 * the policy has no walk protocol.
 */
static inline bool __pt_walk_held(struct mmk_machine *m, struct mm_struct *mm)
{
	return PT_OPS(m)->walk_held && PT_OPS(m)->walk_held(mm);
}
static inline bool pt_walk_held(struct mm_struct *mm)
{
	return __pt_walk_held(mm->m, mm);
}

static inline bool pt_table_get(struct mmk_machine *m, struct page *table)
{
	return !PT_OPS(m)->table_get || PT_OPS(m)->table_get(m, table);
}
static inline void pt_table_put(struct mmk_machine *m, struct page *table)
{
	if (PT_OPS(m)->table_put)
		PT_OPS(m)->table_put(m, table);
}
static inline int pt_install_refs(struct mmk_machine *m)
{
	return PT_OPS(m)->install_refs;
}
static inline void pt_entries_changed(struct mmk_machine *m, struct page *table, int n)
{
	lockdep_assert_held(&table->ptl);
	if (PT_OPS(m)->entries_changed)
		PT_OPS(m)->entries_changed(m, table, n);
}
static inline bool pt_zap_reclaims(struct mmk_machine *m, enum zap_reason reason,
				   bool whole_table)
{
	return PT_OPS(m)->zap_reclaims && PT_OPS(m)->zap_reclaims(reason, whole_table);
}
static inline bool pt_frees_upper(struct mmk_machine *m)
{
	return PT_OPS(m)->free_upper;
}
static inline bool pt_retract_locked(struct mmk_machine *m)
{
	return PT_OPS(m)->retract_locked;
}

/*
 * pt_reclaim_after_zap - a zap of [start, end) for @reason is over
 * (DONTNEED, the discard of lazily freed pages, a partial munmap): the
 * policy may now free what the zap emptied.  mmap_lock held, no walk.
 */
static inline void pt_reclaim_after_zap(struct mm_struct *mm, uint64_t start, uint64_t end,
					enum zap_reason reason)
{
	mmap_assert_locked(mm);
	assert(!pt_walk_held(mm));
	if (PT_OPS(mm->m)->after_zap && reason != ZAP_EXIT)
		PT_OPS(mm->m)->after_zap(mm, start, end, reason);
}

static inline int pt_policy_mm_init(struct mm_struct *mm)
{
	return PT_OPS(mm->m)->mm_init ? PT_OPS(mm->m)->mm_init(mm) : 0;
}
static inline const char *pt_policy_describe(struct mm_struct *mm, const void *obj)
{
	return PT_OPS(mm->m)->describe && mm->pt_priv ? PT_OPS(mm->m)->describe(mm, obj) : NULL;
}
static inline void pt_policy_mm_exit(struct mm_struct *mm)
{
	if (PT_OPS(mm->m)->mm_exit)
		PT_OPS(mm->m)->mm_exit(mm);
}

/*
 * pt_reclaim_table (pt_reclaim.c) - a zap that may reclaim emptied the PTE
 * table below *@pmdp, from @addr: free it if it is still empty.
 * @cleared: the pmd value the zap's fast path took (try_get_and_clear_pmd),
 * or 0, and then the slow path rechecks every entry.  Then, for policies
 * that free upper levels, the PMD and PUD tables above if they emptied.
 */
void pt_reclaim_table(struct mmu_gather *tlb, mmk_entry_t *pmdp, uint64_t addr,
		      pmd_t cleared);
/*
 * Fast path, @ptl (the PTL of the table the caller just emptied) held:
 * clear the pmd if its lock is free right now.
 */
bool try_get_and_clear_pmd(struct mm_struct *mm, mmk_entry_t *pmdp, spinlock_t *ptl,
			   pmd_t *pmdvalp);
/* Are all 512 entries of @table none? */
bool table_empty(const mmk_entry_t *table);
/* Detach every empty table of [start, end); the caller excludes all walkers. */
void free_empty_tables(struct mmu_gather *tlb, uint64_t start, uint64_t end);

/* ---- cost counters: per CPU, written by the attached thread only ---- */
static inline void pt_count(struct mmk_machine *m, enum mmk_pt_counter c, long long n)
{
	struct cpu *cpu = cpu_of(m);

	if (likely(cpu))
		atomic64_set(&cpu->ptc[c], atomic64_read(&cpu->ptc[c]) + n);
	else
		atomic64_add(n, &m->ptc[c]);
}

#endif

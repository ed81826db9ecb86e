/* SPDX-License-Identifier: MIT */
/*
 * pagewalk.c - the page-table iterator (pgtable.h states its rules), and
 * mm_find_pmd(), the lockless walk to one PMD entry.
 *
 * Owns nothing but the struct pt_iter of its caller.  Its rules are those
 * of KVM's tdp_iter and of Linux's pagewalk: a walk reads each entry once
 * and descends through the value it read, so a table freed meanwhile is
 * read as a whole (RCU keeps it valid memory) or not at all; whoever acts
 * on an entry rechecks it under the entry's lock (pte_offset_map_lock's
 * pmd_same, populate's none check).
 *
 * The walk, as a state machine.  The iterator stands on one entry
 * (it->level, it->pos[level]).  Settling looks at the entry there: a none
 * entry is passed over (visited with PT_ITER_NONE), a table entry above
 * @min_level is descended into (first visited with PT_ITER_PRE), anything
 * else is visited.  Advancing steps to the next entry of the same table,
 * or, at the end of the table or of the range, climbs to the entry above
 * (visited again with PT_ITER_POST) and steps there.
 */
#include <string.h>
#include "pgtable.h"
#include "mmap_lock.h"
#include "pt_policy.h"
#include "page_table_check.h"

/* The walk's steps are small and run per fault: inline them into the loop. */
#define ITER_STEP static inline __attribute__((always_inline))

/* The first address of the level-@level entry holding @addr. */
ITER_STEP uint64_t entry_base(uint64_t addr, int level)
{
	return addr & ~(pt_level_size(level) - 1);
}

ITER_STEP mmk_entry_t *table_entry(mmk_entry_t *table, uint64_t addr, int level)
{
	return table + ((addr >> (PAGE_SHIFT + 9 * (level - 1))) & (PTRS_PER_TABLE - 1));
}

ITER_STEP uint64_t iter_read(const struct pt_iter *it, mmk_entry_t *p)
{
	return (it->flags & PT_ITER_NOSCHED) ? entry_read_nosched(p) : entry_read(p);
}

/* Stand on the entry for it->addr in the table at it->level. */
ITER_STEP void iter_load(struct pt_iter *it)
{
	it->entryp = it->pos[it->level];
	it->entry = iter_read(it, it->entryp);
	it->post = false;
	if (unlikely(it->entry == PTE_POISON) && !(it->flags & PT_ITER_NOSCHED))
		pt_check_poison(it->mm, it->entryp, it->addr, it->who);
}

/* The entry is visited: bound the part of the range it maps. */
ITER_STEP void iter_visit(struct pt_iter *it)
{
	uint64_t end = entry_base(it->addr, it->level) + pt_level_size(it->level);

	it->next = end - 1 < it->end - 1 ? end : it->end;
}

/* The walk's rules (pgtable.h), where it starts. */
static void check_rules(struct mm_struct *mm, int min_level, unsigned int flags)
{
#ifndef NDEBUG
	bool rcu = rcu_read_held();

	if (flags & PT_ITER_UNCHECKED)
		return;
	if (flags & PT_ITER_LOCK) {
		mmap_assert_locked(mm);
		return;
	}
	if (!rcu && !lockdep_is_held(&mm->mmap_lock, true)) {
		mmap_assert_locked(mm);
		assert(!pt_walk_needed(mm->m) || pt_walk_held(mm));
	}
	assert(min_level > 1 || rcu || lockdep_is_held(&mm->mmap_lock, true));
#else
	(void)mm;
	(void)min_level;
	(void)flags;
#endif
}

/* Enter the table *it->entryp points at (PT_ITER_LOCK: take its lock). */
ITER_STEP void iter_descend(struct pt_iter *it)
{
	struct mmk_machine *m = it->mm->m;
	mmk_entry_t *table = pfn_to_virt(m, pmd_pfn(it->entry));

	it->level--;
	it->pos[it->level] = table_entry(table, it->addr, it->level);
	if ((it->flags & PT_ITER_LOCK) && it->level <= 2) {
		it->lock[it->level] = ptlock_ptr(m, table);
		spin_lock(it->lock[it->level]);
	}
	iter_load(it);
}

/*
 * From the PGD down through every table entry above @min_level: the first
 * steps of every walk without pre-order visits or locks, in registers.
 * @pos (if not NULL) gets the entry used at each level; returns the entry
 * where it stopped, its level in *@levelp and its value in *@ep.
 */
ITER_STEP mmk_entry_t *dive(struct mm_struct *mm, uint64_t addr, int min_level, bool nosched,
			    mmk_entry_t **pos, int *levelp, uint64_t *ep)
{
	unsigned char *mem = mm->m->mem;
	mmk_entry_t *p = table_entry(mm->pgd, addr, 4);
	uint64_t e = nosched ? entry_read_nosched(p) : entry_read(p);
	int level = 4;

	while (level > min_level && (e & ~PTE_PFN_MASK) == _PAGE_TABLE) {
		if (pos)
			pos[level] = p;
		level--;
		p = table_entry((mmk_entry_t *)(mem + (e & PTE_PFN_MASK)), addr, level);
		e = nosched ? entry_read_nosched(p) : entry_read(p);
	}
	if (pos)
		pos[level] = p;
	*levelp = level;
	*ep = e;
	return p;
}

ITER_STEP void iter_dive(struct pt_iter *it)
{
	bool nosched = it->flags & PT_ITER_NOSCHED;

	it->entryp = dive(it->mm, it->addr, it->min_level, nosched, it->pos, &it->level,
			  &it->entry);
	it->post = false;
	if (unlikely(it->entry == PTE_POISON) && !nosched)
		pt_check_poison(it->mm, it->entryp, it->addr, it->who);
}

/* Leave the table at it->level for the entry above it. */
static void iter_ascend(struct pt_iter *it)
{
	if ((it->flags & PT_ITER_LOCK) && it->lock[it->level]) {
		spin_unlock(it->lock[it->level]);
		it->lock[it->level] = NULL;
	}
	it->level++;
	it->addr = entry_base(it->addr, it->level);
	if (it->addr < it->start)
		it->addr = it->start;
	iter_load(it);
}

/* Step past the current entry; false when the walk is over. */
static bool iter_advance(struct pt_iter *it)
{
	for (;;) {
		uint64_t size = pt_level_size(it->level);
		uint64_t next = entry_base(it->addr, it->level) + size;
		bool table_end = !(next & ((size << 9) - 1));

		if (next < it->end && next > it->addr && !(table_end && it->level < 4)) {
			it->addr = next;
			it->pos[it->level]++;
			iter_load(it);
			return true;
		}
		if (it->level == 4 || next <= it->addr) {
			pt_iter_end(it);
			return false;
		}
		iter_ascend(it);
		if (it->flags & PT_ITER_POST) {
			it->post = true;
			iter_visit(it);
			return true;
		}
	}
}

/* From the current entry on, stand on the next one to visit. */
static void iter_settle(struct pt_iter *it)
{
	while (it->valid && !it->post) {
		if (it->level > it->min_level && pt_iter_table(it)) {
			if (it->flags & PT_ITER_PRE)
				break;
			iter_descend(it);
			continue;
		}
		if (!pmd_none(it->entry) || (it->flags & PT_ITER_NONE))
			break;
		it->valid = iter_advance(it);
	}
	if (it->valid && !it->post)
		iter_visit(it);
}

void pt_iter_start(struct pt_iter *it, struct mm_struct *mm, uint64_t start, uint64_t end,
		   int min_level, unsigned int flags, const char *who)
{
	/* Field by field: lock[] is only ever read with PT_ITER_LOCK. */
	it->mm = mm;
	it->start = start;
	it->end = end;
	it->min_level = min_level;
	it->flags = flags;
	it->who = who;
	it->level = 4;
	it->addr = start;
	it->skip = false;
	assert(min_level >= 1 && min_level <= 4 && start < end && end <= USER_PGTABLES_CEILING);
	check_rules(mm, min_level, flags);
	it->valid = true;
	if (!(flags & (PT_ITER_LOCK | PT_ITER_PRE))) {
		iter_dive(it);
		if (it->entry || (flags & PT_ITER_NONE)) {
			iter_visit(it);		/* the usual end: a leaf of the walk */
			return;
		}
	} else {
		if (flags & PT_ITER_LOCK) {
			memset(it->lock, 0, sizeof(it->lock));
			it->lock[4] = &mm->page_table_lock;	/* PGD and PUD entries */
			spin_lock(it->lock[4]);
		}
		it->pos[4] = table_entry(mm->pgd, start, 4);
		iter_load(it);
	}
	iter_settle(it);
}

void pt_iter_next(struct pt_iter *it)
{
	if (!it->post && !it->skip && it->level > it->min_level && pt_iter_table(it)) {
		iter_descend(it);	/* after a pre-order visit */
	} else {
		it->skip = false;
		it->valid = iter_advance(it);
		if (it->post)
			return;
	}
	iter_settle(it);
}

void pt_iter_reread(struct pt_iter *it)
{
	it->entry = iter_read(it, it->entryp);
	iter_settle(it);
}

void pt_iter_end(struct pt_iter *it)
{
	for (int level = 1; (it->flags & PT_ITER_LOCK) && level <= 4; level++) {
		if (it->lock[level]) {
			spin_unlock(it->lock[level]);
			it->lock[level] = NULL;
		}
	}
	it->valid = false;
}

mmk_entry_t *pt_descend(struct mm_struct *mm, uint64_t addr, int min_level, const char *who,
			int *levelp, uint64_t *ep)
{
	mmk_entry_t *p;

	assert(min_level >= 1 && min_level <= 4 && addr < USER_PGTABLES_CEILING);
	check_rules(mm, min_level, 0);
	p = dive(mm, addr, min_level, false, NULL, levelp, ep);
	if (unlikely(*ep == PTE_POISON))
		pt_check_poison(mm, p, addr, who);
	return p;
}

/*
 * mm_find_pmd - the PMD entry for @addr (none or not), or NULL if no PMD
 * table covers it.  Lockless, under the iterator's rules.
 */
mmk_entry_t *mm_find_pmd(struct mm_struct *mm, uint64_t addr)
{
	uint64_t e;
	int level;
	mmk_entry_t *p = pt_descend(mm, addr, 2, __func__, &level, &e);

	return level == 2 ? p : NULL;
}

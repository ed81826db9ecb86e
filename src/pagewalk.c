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
#include "pgtable.h"
#include "mmap_lock.h"
#include "pt_policy.h"
#include "page_table_check.h"

/* The first address of the level-@level entry holding @addr. */
static uint64_t entry_base(uint64_t addr, int level)
{
	return addr & ~(pt_level_size(level) - 1);
}

static mmk_entry_t *table_entry(mmk_entry_t *table, uint64_t addr, int level)
{
	return table + ((addr >> (PAGE_SHIFT + 9 * (level - 1))) & (PTRS_PER_TABLE - 1));
}

static uint64_t iter_read(const struct pt_iter *it, mmk_entry_t *p)
{
	return (it->flags & PT_ITER_NOSCHED) ? entry_read_nosched(p) : entry_read(p);
}

/* Stand on the entry for it->addr in the table at it->level. */
static void iter_load(struct pt_iter *it)
{
	uint64_t end = entry_base(it->addr, it->level) + pt_level_size(it->level);

	it->entryp = it->pos[it->level];
	it->entry = iter_read(it, it->entryp);
	it->next = end - 1 < it->end - 1 ? end : it->end;
	it->post = false;
	if (unlikely(it->entry == PTE_POISON) && !(it->flags & PT_ITER_NOSCHED))
		pt_check_poison(it->mm, it->entryp, it->addr, it->who);
}

/* The walk's rules (pgtable.h), where it starts. */
static void iter_check_rules(const struct pt_iter *it)
{
#ifndef NDEBUG
	struct mm_struct *mm = it->mm;
	bool rcu = rcu_read_held();

	if (it->flags & PT_ITER_UNCHECKED)
		return;
	if (it->flags & PT_ITER_LOCK) {
		mmap_assert_locked(mm);
		return;
	}
	if (!rcu && !lockdep_is_held(&mm->mmap_lock, true)) {
		mmap_assert_locked(mm);
		assert(!pt_walk_needed(mm->m) || pt_walk_held(mm));
	}
	assert(it->min_level > 1 || rcu || lockdep_is_held(&mm->mmap_lock, true));
#else
	(void)it;
#endif
}

/* Enter the table *it->entryp points at (PT_ITER_LOCK: take its lock). */
static void iter_descend(struct pt_iter *it)
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

/* Leave the table at it->level for the entry above it. */
static void iter_ascend(struct pt_iter *it)
{
	if (it->lock[it->level]) {
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
			return true;
		}
	}
}

/* From the current entry on, stand on the next one to visit. */
static void iter_settle(struct pt_iter *it)
{
	while (it->valid && !it->post) {
		if (pmd_none(it->entry)) {
			if (it->flags & PT_ITER_NONE)
				return;
		} else if (pt_iter_table(it) && it->level > it->min_level) {
			if (it->flags & PT_ITER_PRE)
				return;
			iter_descend(it);
			continue;
		} else {
			return;
		}
		it->valid = iter_advance(it);
	}
}

void pt_iter_start(struct pt_iter *it, struct mm_struct *mm, uint64_t start, uint64_t end,
		   int min_level, unsigned int flags, const char *who)
{
	*it = (struct pt_iter){ .mm = mm, .start = start, .end = end, .min_level = min_level,
				.flags = flags, .who = who, .level = 4, .addr = start };
	assert(min_level >= 1 && min_level <= 4 && start < end && end <= USER_PGTABLES_CEILING);
	iter_check_rules(it);
	if (flags & PT_ITER_LOCK) {
		it->lock[4] = &mm->page_table_lock;	/* PGD and PUD entries */
		spin_lock(it->lock[4]);
	}
	it->pos[4] = table_entry(mm->pgd, start, 4);
	it->valid = true;
	iter_load(it);
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
	for (int level = 1; level <= 4; level++) {
		if (it->lock[level]) {
			spin_unlock(it->lock[level]);
			it->lock[level] = NULL;
		}
	}
	it->valid = false;
}

/*
 * mm_find_pmd - the PMD entry for @addr (none or not), or NULL if no PMD
 * table covers it.  Lockless, under the iterator's rules.
 */
mmk_entry_t *mm_find_pmd(struct mm_struct *mm, uint64_t addr)
{
	struct pt_iter it;

	pt_iter_start(&it, mm, addr, addr + 1, 2, PT_ITER_NONE, __func__);
	return it.valid && it.level == 2 ? it.entryp : NULL;
}

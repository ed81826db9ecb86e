/* SPDX-License-Identifier: MIT */
/*
 * pt_test.h - helpers for white-box tests that look at page tables
 * directly, following the walk rules of src/pgtable.h.
 */
#ifndef MMK_PT_TEST_H
#define MMK_PT_TEST_H

#include "pgtable.h"

/*
 * The PMD entry for @addr, found as a walker would (mmap_lock for read,
 * the policy's walk protocol).  The pointer stays valid while the test
 * itself frees no table.
 */
static inline mmk_entry_t *tm_find_pmd(struct mm_struct *mm, uint64_t addr)
{
	mmk_entry_t *pmdp;

	mmap_read_lock(mm);
	pt_walk_begin(mm);
	pmdp = mm_find_pmd(mm, addr);
	pt_walk_end(mm);
	mmap_read_unlock(mm);
	return pmdp;
}

#endif

/* SPDX-License-Identifier: MIT */
/*
 * test_vma.c - mmap/munmap/mprotect: argument checking, VMA split and
 * merge, which page tables munmap frees, and what mprotect does to the
 * entries (Linux's can_change_pte_writable rules).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <errno.h>
#include <cmocka.h>
#include "unit/mmk_test.h"

#define VA 0x10000000ULL	/* 2 MiB aligned (256 MiB) */
#define RW (MMK_PROT_READ | MMK_PROT_WRITE)
#define TOP MMK_TASK_SIZE	/* 0x7ffffffff000, as Linux 6.18 on x86-64 */

static void test_mmap_errors(void **state)
{
	struct tm_fix *f = *state;
	struct mm_struct *mm = f->mm;

	assert_int_equal(mmk_mmap(mm, VA, 4 * PG, RW, 0), 0);
	/* MAP_FIXED_NOREPLACE: any overlap is -EEXIST. */
	assert_int_equal(mmk_mmap(mm, VA, 4 * PG, RW, 0), -EEXIST);
	assert_int_equal(mmk_mmap(mm, VA - PG, 2 * PG, RW, 0), -EEXIST);
	assert_int_equal(mmk_mmap(mm, VA + 3 * PG, 2 * PG, RW, 0), -EEXIST);
	assert_int_equal(mmk_mmap(mm, VA + PG, PG, RW, 0), -EEXIST);
	assert_int_equal(mmk_mmap(mm, VA - PG, 6 * PG, RW, 0), -EEXIST);
	assert_int_equal(mmk_mmap(mm, VA + PG, PG, RW, MMK_MAP_SHARED), -EEXIST);
	/* Alignment, length: -EINVAL. */
	assert_int_equal(mmk_mmap(mm, VA + 64 * PG + 1, PG, RW, 0), -EINVAL);
	assert_int_equal(mmk_mmap(mm, VA + 64 * PG, PG + 1, RW, 0), -EINVAL);
	assert_int_equal(mmk_mmap(mm, VA + 64 * PG, 0, RW, 0), -EINVAL);
	/* Linux's IS_ERR_VALUE quirk: such an address comes back as its own errno. */
	assert_int_equal(mmk_mmap(mm, (uint64_t)-2048, PG, RW, 0), -2048);
	/* Room is checked first: TOP + 1 does not fit, so -ENOMEM, not -EINVAL. */
	assert_int_equal(mmk_mmap(mm, TOP + 1, PG, RW, 0), -ENOMEM);
	/* No room below TASK_SIZE: -ENOMEM (__get_unmapped_area). */
	assert_int_equal(mmk_mmap(mm, TOP, PG, RW, 0), -ENOMEM);
	assert_int_equal(mmk_mmap(mm, (1ULL << 47) - PG, PG, RW, 0), -ENOMEM);
	assert_int_equal(mmk_mmap(mm, TOP - PG, 2 * PG, RW, 0), -ENOMEM);
	assert_int_equal(mmk_mmap(mm, 1ULL << 63, PG, RW, 0), -ENOMEM);
	assert_int_equal(mmk_mmap(mm, VA + 64 * PG, UINT64_MAX & ~(PG - 1), RW, 0), -ENOMEM);
	/* Unknown protection or flag bits. */
	assert_int_equal(mmk_mmap(mm, VA + 64 * PG, PG, 0x8, 0), -EINVAL);
	assert_int_equal(mmk_mmap(mm, VA + 64 * PG, PG, RW, 0x100), -EINVAL);
	assert_int_equal(tm_stats(mm).vmas, 1);
	/* The very top page of user space is fine. */
	assert_int_equal(mmk_mmap(mm, TOP - PG, PG, RW, 0), 0);
	tm_put(mm, TOP - 8, 0x70f);
	assert_int_equal(tm_get(mm, TOP - 8), 0x70f);
	assert_int_equal(tm_stats(mm).vmas, 2);
}

static void test_mmap_merge(void **state)
{
	struct tm_fix *f = *state;
	struct mm_struct *mm = f->mm;

	/* Adjacent, same protection: one VMA, from either side. */
	assert_int_equal(mmk_mmap(mm, VA, 4 * PG, RW, 0), 0);
	assert_int_equal(mmk_mmap(mm, VA + 4 * PG, 4 * PG, RW, 0), 0);
	assert_int_equal(tm_stats(mm).vmas, 1);
	assert_int_equal(mmk_mmap(mm, VA - 2 * PG, 2 * PG, RW, 0), 0);
	assert_int_equal(tm_stats(mm).vmas, 1);
	/* Filling a gap merges all three. */
	assert_int_equal(mmk_mmap(mm, VA + 10 * PG, 2 * PG, RW, 0), 0);
	assert_int_equal(tm_stats(mm).vmas, 2);
	assert_int_equal(mmk_mmap(mm, VA + 8 * PG, 2 * PG, RW, 0), 0);
	assert_int_equal(tm_stats(mm).vmas, 1);
	/* The merged VMA behaves as one: a store across the old seams. */
	unsigned char buf[3 * PG];
	memset(buf, 0x5a, sizeof(buf));
	assert_int_equal(mmk_access(mm, VA + 3 * PG, buf, sizeof(buf), 1), 0);
	assert_int_equal(mmk_munmap(mm, VA - 2 * PG, 14 * PG), 0);
	assert_int_equal(tm_stats(mm).vmas, 0);

	/* Different protection, or shared objects: no merge. */
	assert_int_equal(mmk_mmap(mm, VA, 4 * PG, RW, 0), 0);
	assert_int_equal(mmk_mmap(mm, VA + 4 * PG, 4 * PG, MMK_PROT_READ, 0), 0);
	assert_int_equal(tm_stats(mm).vmas, 2);
	assert_int_equal(mmk_mmap(mm, VA + 8 * PG, 4 * PG, RW, MMK_MAP_SHARED), 0);
	assert_int_equal(mmk_mmap(mm, VA + 12 * PG, 4 * PG, RW, MMK_MAP_SHARED), 0);
	assert_int_equal(tm_stats(mm).vmas, 4);
	/* A private mapping next to a shared one stays separate too. */
	assert_int_equal(mmk_mmap(mm, VA + 16 * PG, 4 * PG, RW, 0), 0);
	assert_int_equal(tm_stats(mm).vmas, 5);
	/* mprotect to the neighbour's protection merges. */
	assert_int_equal(mmk_mprotect(mm, VA + 4 * PG, 4 * PG, RW), 0);
	assert_int_equal(tm_stats(mm).vmas, 4);
}

static void test_munmap_split_and_tables(void **state)
{
	struct tm_fix *f = *state;
	struct mm_struct *mm = f->mm;
	struct mmk_machine *m = f->m;
	const uint64_t len = 16 * MiB;

	assert_int_equal(mmk_mmap(mm, VA, len, RW, 0), 0);
	tm_fill(mm, VA, len, 1);
	struct mmk_mm_stats st = tm_stats(mm);
	assert_int_equal(st.pte_tables, 8);
	assert_int_equal(st.pmd_tables, 1);
	uint64_t used = tm_sys(m).frames_used;

	/*
	 * Unmap [3M, 10M): tables [4M,6M) [6M,8M) [8M,10M) lie wholly inside
	 * and go; [2M,4M) is shared with the left neighbour and stays.
	 */
	assert_int_equal(mmk_munmap(mm, VA + 3 * MiB, 7 * MiB), 0);
	st = tm_stats(mm);
	assert_int_equal(st.vmas, 2);
	assert_int_equal(st.pte_tables, 5);
	assert_int_equal(st.pmd_tables, 1);
	assert_int_equal(st.pud_tables, 1);
	assert_int_equal(st.rss, len - 7 * MiB);
	mmk_sync(m);
	assert_int_equal(tm_sys(m).frames_used, used - 7 * MiB / PG - 3);
	uint64_t v;
	assert_int_equal(tm_read64(mm, VA + 3 * MiB, &v), -MMK_SIGSEGV);
	assert_int_equal(tm_read64(mm, VA + 10 * MiB - 8, &v), -MMK_SIGSEGV);
	assert_true(tm_pte(mm, VA + 3 * MiB).none);
	tm_check_fill(mm, VA, 3 * MiB, 1);
	tm_check_fill(mm, VA + 10 * MiB, 6 * MiB, 1);

	/* Unmapping nothing, or a hole, succeeds and changes nothing. */
	assert_int_equal(mmk_munmap(mm, VA + 4 * MiB, 2 * MiB), 0);
	assert_int_equal(mmk_munmap(mm, 100 * GiB, PG), 0);
	assert_int_equal(tm_stats(mm).vmas, 2);
	/* Bad arguments. */
	assert_int_equal(mmk_munmap(mm, VA + 1, PG), -EINVAL);
	assert_int_equal(mmk_munmap(mm, VA, 0), -EINVAL);
	assert_int_equal(mmk_munmap(mm, TOP, PG), -EINVAL);
	assert_int_equal(mmk_munmap(mm, TOP - PG, 2 * PG), -EINVAL);

	/* Unmap [2M, 3M): now the [2M,4M) table serves nobody and goes. */
	assert_int_equal(mmk_munmap(mm, VA + 2 * MiB, 1 * MiB), 0);
	st = tm_stats(mm);
	assert_int_equal(st.pte_tables, 4);
	assert_int_equal(st.vmas, 2);

	/* Unmap a page in the middle of a table: table stays, VMA splits. */
	assert_int_equal(mmk_munmap(mm, VA + 11 * MiB, PG), 0);
	st = tm_stats(mm);
	assert_int_equal(st.vmas, 3);
	assert_int_equal(st.pte_tables, 4);
	assert_int_equal(tm_read64(mm, VA + 11 * MiB, &v), -MMK_SIGSEGV);
	assert_int_equal(tm_get(mm, VA + 11 * MiB + PG), tm_pattern(1, VA + 11 * MiB + PG));

	/* One munmap across several VMAs and holes. */
	assert_int_equal(mmk_munmap(mm, VA - 4 * MiB, 24 * MiB), 0);
	st = tm_stats(mm);
	assert_int_equal(st.vmas, 0);
	assert_int_equal(st.rss, 0);
	assert_int_equal(st.pte_tables, 0);
	assert_int_equal(st.pmd_tables, 0);
	assert_int_equal(st.pud_tables, 0);
	mmk_sync(m);
	assert_int_equal(tm_sys(m).frames_used, 1);	/* the PGD */
}

/* Upper-level tables shared with a neighbour in another PTE table stay. */
static void test_munmap_keeps_shared_upper_tables(void **state)
{
	struct tm_fix *f = *state;
	struct mm_struct *mm = f->mm;

	assert_int_equal(mmk_mmap(mm, VA, PG, RW, 0), 0);
	assert_int_equal(mmk_mmap(mm, VA + 4 * MiB, PG, RW, 0), 0);
	assert_int_equal(mmk_mmap(mm, 600 * GiB, PG, RW, 0), 0);
	tm_put(mm, VA, 1);
	tm_put(mm, VA + 4 * MiB, 2);
	tm_put(mm, 600 * GiB, 3);
	struct mmk_mm_stats st = tm_stats(mm);
	assert_int_equal(st.pte_tables, 3);
	assert_int_equal(st.pmd_tables, 2);
	assert_int_equal(st.pud_tables, 2);

	assert_int_equal(mmk_munmap(mm, VA + 4 * MiB, PG), 0);
	st = tm_stats(mm);
	assert_int_equal(st.pte_tables, 2);
	assert_int_equal(st.pmd_tables, 2);
	assert_int_equal(st.pud_tables, 2);
	assert_int_equal(mmk_munmap(mm, 600 * GiB, PG), 0);
	st = tm_stats(mm);
	assert_int_equal(st.pte_tables, 1);
	assert_int_equal(st.pmd_tables, 1);
	assert_int_equal(st.pud_tables, 1);
	assert_int_equal(tm_get(mm, VA), 1);
}

static void test_mprotect_split_merge(void **state)
{
	struct tm_fix *f = *state;
	struct mm_struct *mm = f->mm;
	uint64_t v;

	assert_int_equal(mmk_mmap(mm, VA, 8 * PG, RW, 0), 0);
	tm_fill(mm, VA, 8 * PG, 2);
	assert_int_equal(mmk_mprotect(mm, VA + 2 * PG, 3 * PG, MMK_PROT_READ), 0);
	assert_int_equal(tm_stats(mm).vmas, 3);
	assert_int_equal(tm_write64(mm, VA + 2 * PG, 0), -MMK_SIGSEGV);
	assert_int_equal(tm_write64(mm, VA + 4 * PG, 0), -MMK_SIGSEGV);
	tm_put(mm, VA + PG, tm_pattern(2, VA + PG));
	tm_put(mm, VA + 5 * PG, tm_pattern(2, VA + 5 * PG));
	assert_int_equal(mmk_mprotect(mm, VA + 2 * PG, 3 * PG, RW), 0);
	assert_int_equal(tm_stats(mm).vmas, 1);
	tm_check_fill(mm, VA, 8 * PG, 2);

	/* Whole VMA, and the same protection again: no split, still 1. */
	assert_int_equal(mmk_mprotect(mm, VA, 8 * PG, RW), 0);
	assert_int_equal(tm_stats(mm).vmas, 1);
	/* Edges: 2 VMAs each time, merged back after. */
	assert_int_equal(mmk_mprotect(mm, VA, PG, MMK_PROT_READ), 0);
	assert_int_equal(tm_stats(mm).vmas, 2);
	assert_int_equal(mmk_mprotect(mm, VA + 7 * PG, PG, MMK_PROT_READ), 0);
	assert_int_equal(tm_stats(mm).vmas, 3);
	assert_int_equal(mmk_mprotect(mm, VA, 8 * PG, RW), 0);
	assert_int_equal(tm_stats(mm).vmas, 1);

	/* Over a hole: -ENOMEM; the part before the hole was changed. */
	assert_int_equal(mmk_mmap(mm, VA + 10 * PG, 2 * PG, RW, 0), 0);
	assert_int_equal(mmk_mprotect(mm, VA + 6 * PG, 6 * PG, MMK_PROT_READ), -ENOMEM);
	assert_int_equal(tm_write64(mm, VA + 6 * PG, 0), -MMK_SIGSEGV);
	tm_put(mm, VA + 5 * PG, 1);
	assert_int_equal(mmk_mprotect(mm, VA + 8 * PG, PG, MMK_PROT_READ), -ENOMEM);
	assert_int_equal(mmk_mprotect(mm, VA + 64 * PG, PG, MMK_PROT_READ), -ENOMEM);
	/* Argument errors. */
	assert_int_equal(mmk_mprotect(mm, VA + 1, PG, MMK_PROT_READ), -EINVAL);
	assert_int_equal(mmk_mprotect(mm, VA, PG + 1, MMK_PROT_READ), -EINVAL);
	assert_int_equal(mmk_mprotect(mm, VA, PG, 0x10), -EINVAL);
	assert_int_equal(mmk_mprotect(mm, VA, 0, MMK_PROT_READ), 0);
	assert_int_equal(mmk_mprotect(mm, TOP, PG, MMK_PROT_READ), -ENOMEM);
	assert_int_equal(tm_read64(mm, VA, &v), 0);
}

static void test_mprotect_write_upgrade(void **state)
{
	struct tm_fix *f = *state;
	struct mm_struct *mm = f->mm, *child = NULL;

	assert_int_equal(mmk_mmap(mm, VA, 4 * PG, RW, 0), 0);
	tm_put(mm, VA, 1);			/* exclusive anon */
	assert_int_equal(tm_get(mm, VA + PG), 0);	/* zero page */
	tm_put(mm, VA + 2 * PG, 3);		/* will be COW-shared */
	assert_int_equal(mmk_fork(mm, &child), 0);
	f->mm2 = child;

	assert_int_equal(mmk_mprotect(mm, VA, 4 * PG, MMK_PROT_READ), 0);
	assert_false(tm_pte(mm, VA).write);
	assert_true(tm_pte(mm, VA).dirty);
	assert_false(tm_pte(mm, VA + 2 * PG).write);

	/* Still exclusive after fork? No: fork shared page 0 too. */
	assert_false(tm_page(mm, VA).exclusive);
	f->mm2 = NULL;
	mmk_exit(child);

	/* Make page 0 exclusive again through a write under RW, then R -> RW. */
	assert_int_equal(mmk_mprotect(mm, VA, 4 * PG, RW), 0);
	tm_put(mm, VA, 11);			/* reuse: exclusive */
	assert_true(tm_page(mm, VA).exclusive);
	assert_int_equal(mmk_mprotect(mm, VA, 4 * PG, MMK_PROT_READ), 0);
	assert_false(tm_pte(mm, VA).write);
	assert_int_equal(mmk_mprotect(mm, VA, 4 * PG, RW), 0);
	struct mmk_pte_info pi = tm_pte(mm, VA);
	assert_true(pi.write);			/* exclusive anon: at once */
	assert_true(pi.dirty);
	assert_false(tm_pte(mm, VA + PG).write);	/* zero page: never */
	assert_true(tm_pte(mm, VA + PG).special);
	/* Page 2: its only user now, but not marked exclusive: wait for the fault. */
	assert_false(tm_page(mm, VA + 2 * PG).exclusive);
	assert_false(tm_pte(mm, VA + 2 * PG).write);
	tm_put(mm, VA + 2 * PG, 33);
	assert_true(tm_pte(mm, VA + 2 * PG).write);
	assert_int_equal(tm_get(mm, VA), 11);
	assert_int_equal(tm_get(mm, VA + 2 * PG), 33);
}

/* COW-shared pages stay read-only across R -> RW while the child lives. */
static void test_mprotect_cow_shared_stays_readonly(void **state)
{
	struct tm_fix *f = *state;
	struct mm_struct *mm = f->mm, *child = NULL;

	assert_int_equal(mmk_mmap(mm, VA, PG, RW, 0), 0);
	tm_put(mm, VA, 5);
	assert_int_equal(mmk_mprotect(mm, VA, PG, MMK_PROT_READ), 0);
	assert_int_equal(mmk_fork(mm, &child), 0);
	f->mm2 = child;
	assert_int_equal(mmk_mprotect(mm, VA, PG, RW), 0);
	assert_false(tm_pte(mm, VA).write);
	assert_int_equal(tm_page(mm, VA).mapcount, 2);
	tm_put(mm, VA, 6);			/* COW */
	assert_int_equal(tm_get(child, VA), 5);
	assert_int_equal(tm_get(mm, VA), 6);
	assert_true(tm_page(mm, VA).exclusive);
}

static void test_mprotect_readonly_then_write(void **state)
{
	struct tm_fix *f = *state;
	struct mm_struct *mm = f->mm;

	assert_int_equal(mmk_mmap(mm, VA, 2 * PG, RW, 0), 0);
	tm_put(mm, VA, 0x1234);			/* CPU 0 caches a writable entry */
	assert_int_equal(mmk_mprotect(mm, VA, 2 * PG, MMK_PROT_READ), 0);
	assert_int_equal(tm_write64(mm, VA, 0x9999), -MMK_SIGSEGV);
	assert_int_equal(tm_write64(mm, VA + 8, 0x9999), -MMK_SIGSEGV);
	assert_int_equal(tm_get(mm, VA), 0x1234);
	assert_int_equal(tm_get(mm, VA + 8), 0);

	/* PROT_NONE: protnone entries, contents kept for the way back. */
	assert_int_equal(mmk_mprotect(mm, VA, 2 * PG, MMK_PROT_NONE), 0);
	struct mmk_pte_info pi = tm_pte(mm, VA);
	assert_true(pi.protnone);
	assert_true(pi.present);		/* as the kernel's pte_present() and pagemap */
	assert_false(pi.none);
	uint64_t v;
	assert_int_equal(tm_read64(mm, VA, &v), -MMK_SIGSEGV);
	assert_int_equal(tm_stats(mm).rss, PG);
	assert_int_equal(tm_page(mm, VA).mapcount, 1);
	assert_int_equal(mmk_mprotect(mm, VA, 2 * PG, RW), 0);
	pi = tm_pte(mm, VA);
	assert_true(pi.present);
	assert_false(pi.protnone);
	assert_true(pi.write);
	assert_int_equal(tm_get(mm, VA), 0x1234);
	tm_put(mm, VA + 8, 0x4321);
	assert_int_equal(tm_get(mm, VA + 8), 0x4321);
	assert_int_equal(tm_stats(mm).vmas, 1);
}

static void test_mprotect_shared_split_merge(void **state)
{
	struct tm_fix *f = *state;
	struct mm_struct *mm = f->mm, *child = NULL;

	assert_int_equal(mmk_mmap(mm, VA, 8 * PG, RW, MMK_MAP_SHARED), 0);
	tm_fill(mm, VA, 8 * PG, 4);
	assert_int_equal(mmk_mprotect(mm, VA + 2 * PG, 2 * PG, MMK_PROT_READ), 0);
	assert_int_equal(tm_stats(mm).vmas, 3);
	assert_int_equal(tm_write64(mm, VA + 2 * PG, 0), -MMK_SIGSEGV);
	assert_false(tm_pte(mm, VA + 2 * PG).write);
	assert_true(tm_pte(mm, VA + 4 * PG).write);
	tm_check_fill(mm, VA, 8 * PG, 4);

	/* The pieces still share one object: a child sees every part. */
	assert_int_equal(mmk_fork(mm, &child), 0);
	f->mm2 = child;
	tm_put(child, VA + 6 * PG, 66);
	assert_int_equal(tm_get(mm, VA + 6 * PG), 66);
	assert_int_equal(tm_get(child, VA + 3 * PG), tm_pattern(4, VA + 3 * PG));

	assert_int_equal(mmk_mprotect(mm, VA + 2 * PG, 2 * PG, RW), 0);
	assert_int_equal(tm_stats(mm).vmas, 1);
	/* Shared writable entries are writable at once (no COW). */
	assert_true(tm_pte(mm, VA + 2 * PG).write);
	tm_put(mm, VA + 2 * PG, 22);
	assert_int_equal(tm_get(child, VA + 2 * PG), 22);

	/* munmap of the middle of a shared mapping keeps the rest's data. */
	assert_int_equal(mmk_munmap(mm, VA + 3 * PG, 2 * PG), 0);
	assert_int_equal(tm_stats(mm).vmas, 2);
	assert_int_equal(tm_get(mm, VA + 6 * PG), 66);
	tm_put(mm, VA + 7 * PG, 77);
	assert_int_equal(tm_get(child, VA + 7 * PG), 77);
	assert_int_equal(tm_get(child, VA + 4 * PG), tm_pattern(4, VA + 4 * PG));
	f->mm2 = NULL;
	mmk_exit(child);
	assert_int_equal(tm_get(mm, VA + 7 * PG), 77);
}

/* An mm that never had a VMA exits, and forks, cleanly (UBSan: no memmove from NULL). */
static void test_empty_mm_exit_and_fork(void **state)
{
	struct tm_fix *f = *state;
	struct mm_struct *child = NULL, *grandchild = NULL;

	assert_int_equal(mmk_fork(f->mm, &child), 0);
	assert_int_equal(tm_stats(child).vmas, 0);
	assert_int_equal(mmk_fork(child, &grandchild), 0);
	mmk_exit(grandchild);
	mmk_exit(child);
	assert_int_equal(mmk_munmap(f->mm, VA, PG), 0);
	mmk_exit(f->mm);
	f->mm = NULL;
	mmk_sync(f->m);
	assert_int_equal(tm_sys(f->m).frames_used, 0);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, tm_setup_1g, tm_teardown)
	const struct CMUnitTest tests[] = {
		T(test_mmap_errors),
		T(test_empty_mm_exit_and_fork),
		T(test_mmap_merge),
		T(test_munmap_split_and_tables),
		T(test_munmap_keeps_shared_upper_tables),
		T(test_mprotect_split_merge),
		T(test_mprotect_write_upgrade),
		T(test_mprotect_cow_shared_stays_readonly),
		T(test_mprotect_readonly_then_write),
		T(test_mprotect_shared_split_merge),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

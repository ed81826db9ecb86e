/* SPDX-License-Identifier: MIT */
/*
 * test_fault.c - page faults, fork/COW with anon-exclusive pages, and
 * MADV_DONTNEED / MADV_FREE, through the public API.
 *
 * Each test runs on a fresh 1 GiB machine with the calling thread on CPU 0
 * and ends with the leak check of mmk_test.h (every frame returned).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <errno.h>
#include <cmocka.h>
#include "unit/mmk_test.h"

#define VA 0x10000000ULL
#define RW (MMK_PROT_READ | MMK_PROT_WRITE)

static uint64_t zero_pfn(struct tm_fix *f)
{
	/* The zero page sits just past the frame pool. */
	return tm_sys(f->m).frames_total;
}

static void test_read_fault_maps_zero_page(void **state)
{
	struct tm_fix *f = *state;
	struct mm_struct *mm = f->mm;

	assert_int_equal(mmk_mmap(mm, VA, 4 * PG, RW, 0), 0);
	struct mmk_pte_info pi = tm_pte(mm, VA);
	assert_true(pi.none);
	assert_int_equal(tm_get(mm, VA + 8), 0);

	pi = tm_pte(mm, VA);
	assert_false(pi.none);
	assert_true(pi.present);
	assert_true(pi.special);
	assert_false(pi.write);
	assert_int_equal(pi.level, 1);
	assert_int_equal(pi.pfn, zero_pfn(f));
	struct mmk_page_info pg = tm_page(mm, VA);
	assert_true(pg.zero);
	assert_false(pg.anon);
	assert_false(pg.exclusive);
	assert_int_equal(tm_stats(mm).rss, 0);
	/* Only page tables were allocated for the read. */
	assert_int_equal(tm_sys(f->m).frames_used, 4);

	/* A write replaces the zero page with an exclusive anon page. */
	tm_put(mm, VA + 16, 0x1122334455667788ULL);
	pi = tm_pte(mm, VA);
	assert_true(pi.present);
	assert_false(pi.special);
	assert_true(pi.write);
	assert_true(pi.dirty);
	assert_true(pi.exclusive);
	assert_int_not_equal(pi.pfn, zero_pfn(f));
	pg = tm_page(mm, VA);
	assert_false(pg.zero);
	assert_true(pg.anon);
	assert_true(pg.exclusive);
	assert_int_equal(pg.mapcount, 1);
	assert_int_equal(pg.refcount, 1);
	assert_int_equal(pg.pfn, pi.pfn);
	assert_int_equal(tm_get(mm, VA + 8), 0);
	assert_int_equal(tm_get(mm, VA + 16), 0x1122334455667788ULL);
	assert_int_equal(tm_stats(mm).rss, PG);
	/* The zero page itself was never written. */
	assert_int_equal(tm_get(mm, VA + PG + 16), 0);
	assert_int_equal(tm_page(mm, VA + PG).pfn, zero_pfn(f));
}

static void test_write_fault_fresh_page(void **state)
{
	struct tm_fix *f = *state;
	struct mm_struct *mm = f->mm;

	assert_int_equal(mmk_mmap(mm, VA, 2 * PG, RW, 0), 0);
	tm_put(mm, VA + PG + 4088, 77);
	struct mmk_pte_info pi = tm_pte(mm, VA + PG);
	assert_true(pi.present);
	assert_true(pi.write);
	assert_true(pi.dirty);
	assert_true(pi.young);
	assert_false(pi.special);
	assert_true(pi.exclusive);
	struct mmk_page_info pg = tm_page(mm, VA + PG);
	assert_true(pg.anon && pg.exclusive);
	assert_int_equal(pg.mapcount, 1);
	assert_int_equal(pg.refcount, 1);
	assert_true(tm_pte(mm, VA).none);	/* the neighbour was not touched */
	assert_int_equal(tm_get(mm, VA + PG + 4088), 77);
	assert_int_equal(tm_get(mm, VA + PG), 0);	/* fresh pages are zeroed */
}

static void test_access_errors(void **state)
{
	struct tm_fix *f = *state;
	struct mm_struct *mm = f->mm;
	uint64_t v = 5;

	assert_int_equal(mmk_mmap(mm, VA, PG, MMK_PROT_READ, 0), 0);
	assert_int_equal(mmk_mmap(mm, VA + 2 * PG, PG, MMK_PROT_NONE, 0), 0);
	assert_int_equal(mmk_mmap(mm, VA + 4 * PG, PG, MMK_PROT_WRITE, 0), 0);

	/* Read-only: readable, a store is SIGSEGV, before and after a read. */
	assert_int_equal(tm_write64(mm, VA, v), -MMK_SIGSEGV);
	assert_int_equal(tm_get(mm, VA), 0);
	assert_int_equal(tm_write64(mm, VA, v), -MMK_SIGSEGV);
	assert_int_equal(tm_stats(mm).rss, 0);

	/* PROT_NONE: neither. */
	assert_int_equal(tm_read64(mm, VA + 2 * PG, &v), -MMK_SIGSEGV);
	assert_int_equal(tm_write64(mm, VA + 2 * PG, v), -MMK_SIGSEGV);
	assert_true(tm_pte(mm, VA + 2 * PG).none);

	/* Unmapped: the hole between, past the end, and beyond user space. */
	assert_int_equal(tm_read64(mm, VA + PG, &v), -MMK_SIGSEGV);
	assert_int_equal(tm_write64(mm, VA + 3 * PG, v), -MMK_SIGSEGV);
	assert_int_equal(tm_read64(mm, 0, &v), -MMK_SIGSEGV);
	assert_int_equal(tm_read64(mm, 1ULL << 47, &v), -MMK_SIGSEGV);
	assert_int_equal(tm_read64(mm, (1ULL << 47) - 4, &v), -MMK_SIGSEGV);

	/* Write-only is readable, as on x86. */
	assert_int_equal(tm_get(mm, VA + 4 * PG), 0);
	tm_put(mm, VA + 4 * PG + 8, 99);
	assert_int_equal(tm_get(mm, VA + 4 * PG + 8), 99);

	/* A read that starts in a mapping and runs into the hole. */
	unsigned char buf[16];
	assert_int_equal(mmk_access(mm, VA + PG - 8, buf, sizeof(buf), 0), -MMK_SIGSEGV);

	/* A thread on no CPU cannot access memory. */
	mmk_cpu_detach(f->m);
	assert_int_equal(tm_read64(mm, VA, &v), -EPERM);
	assert_int_equal(mmk_cpu_attach(f->m, 0), 0);
	assert_int_equal(tm_read64(mm, VA, &v), 0);
}

/* mmk_rmw: a store's faults and dirty bits, a load's contents. */
static void test_rmw_is_a_store_that_keeps_contents(void **state)
{
	struct tm_fix *f = *state;
	struct mm_struct *mm = f->mm;
	struct mmk_file *file;

	assert_int_equal(mmk_mmap(mm, VA, 2 * PG, RW, 0), 0);
	tm_put(mm, VA, 0x1234);
	assert_int_equal(mmk_rmw(mm, VA, 8), 0);
	assert_int_equal(tm_get(mm, VA), 0x1234);
	assert_true(tm_pte(mm, VA).dirty);
	/* An untouched page: one write fault, a fresh page, not the zero page. */
	assert_int_equal(mmk_rmw(mm, VA + PG, 1), 0);
	assert_false(tm_page(mm, VA + PG).zero);
	assert_true(tm_pte(mm, VA + PG).write);
	assert_int_equal(tm_stats(mm).rss, 2 * PG);
	/* Read-only: the store's SIGSEGV, and nothing mapped. */
	assert_int_equal(mmk_mmap(mm, VA + 8 * PG, PG, MMK_PROT_READ, 0), 0);
	assert_int_equal(mmk_rmw(mm, VA + 8 * PG, 1), -MMK_SIGSEGV);
	assert_true(tm_pte(mm, VA + 8 * PG).none);
	/* A private file mapping: no read fault first, so no fault-around. */
	assert_int_equal(mmk_file_create(mmk_mm_machine(mm), 16 * PG, &file), 0);
	assert_int_equal(mmk_file_cache(file, 0, 16 * PG), 0);
	assert_int_equal(mmk_mmap_file(mm, VA + 32 * PG, 16 * PG, RW, 0, file, 0), 0);
	assert_int_equal(mmk_rmw(mm, VA + 33 * PG, 1), 0);
	assert_true(tm_page(mm, VA + 33 * PG).anon);
	assert_true(tm_pte(mm, VA + 34 * PG).none);
	assert_int_equal(tm_stats(mm).rss, 3 * PG);
	mmk_file_put(file);
}

static void test_cross_page_access(void **state)
{
	struct tm_fix *f = *state;
	struct mm_struct *mm = f->mm;
	unsigned char buf[2 * PG + 64], out[sizeof(buf)];

	assert_int_equal(mmk_mmap(mm, VA, 4 * PG, RW, 0), 0);
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (unsigned char)(i * 7 + 3);
	/* [VA + PG - 32, VA + 3 PG + 32): four pages touched. */
	assert_int_equal(mmk_access(mm, VA + PG - 32, buf, sizeof(buf), 1), 0);
	memset(out, 0, sizeof(out));
	assert_int_equal(mmk_access(mm, VA + PG - 32, out, sizeof(out), 0), 0);
	assert_memory_equal(buf, out, sizeof(buf));
	assert_int_equal(tm_stats(mm).rss, 4 * PG);

	/* Word by word, from the other side of each boundary. */
	uint64_t w;
	memcpy(&w, buf + 24, 8);
	assert_int_equal(tm_get(mm, VA + PG - 8), w);
	memcpy(&w, buf + 32, 8);
	assert_int_equal(tm_get(mm, VA + PG), w);
	memcpy(&w, buf + 32 + 2 * PG, 8);
	assert_int_equal(tm_get(mm, VA + 3 * PG), w);
	assert_int_equal(tm_get(mm, VA + PG - 40), 0);	/* before the write */

	/* A store straddling a boundary, then reads of each half. */
	uint64_t x = 0x0102030405060708ULL;
	assert_int_equal(mmk_access(mm, VA + 2 * PG - 3, &x, 8, 1), 0);
	uint64_t y = 0;
	assert_int_equal(mmk_access(mm, VA + 2 * PG - 3, &y, 8, 0), 0);
	assert_int_equal(y, x);
	unsigned char tail[5];
	assert_int_equal(mmk_access(mm, VA + 2 * PG, tail, 5, 0), 0);
	assert_memory_equal(tail, (unsigned char *)&x + 3, 5);
}

static void test_shared_mapping_fork(void **state)
{
	struct tm_fix *f = *state;
	struct mm_struct *mm = f->mm, *child = NULL;

	assert_int_equal(mmk_mmap(mm, VA, 4 * PG, RW, MMK_MAP_SHARED), 0);
	tm_put(mm, VA, 1);
	tm_put(mm, VA + PG, 2);
	assert_int_equal(tm_stats(mm).rss, 2 * PG);	/* shmem pages count */
	struct mmk_page_info pg = tm_page(mm, VA);
	assert_false(pg.anon);
	assert_int_equal(pg.mapcount, 1);
	assert_int_equal(pg.refcount, 2);	/* page cache + mapping */
	struct mmk_pte_info pi = tm_pte(mm, VA);
	assert_true(pi.write);

	/* A read fault maps the object's page, writable (shared). */
	assert_int_equal(tm_get(mm, VA + 2 * PG), 0);
	pi = tm_pte(mm, VA + 2 * PG);
	assert_false(pi.special);
	assert_true(pi.write);
	assert_false(pi.dirty);
	assert_int_equal(tm_stats(mm).rss, 3 * PG);

	assert_int_equal(mmk_fork(mm, &child), 0);
	/* Shared mappings are not copied: the child refaults. */
	assert_int_equal(tm_stats(child).rss, 0);
	assert_int_equal(tm_get(child, VA), 1);
	assert_int_equal(tm_get(child, VA + PG), 2);
	assert_int_equal(tm_page(child, VA).pfn, tm_page(mm, VA).pfn);
	assert_int_equal(tm_page(mm, VA).mapcount, 2);
	assert_int_equal(tm_page(mm, VA).refcount, 3);

	/* The child's stores are the parent's, both ways. */
	tm_put(child, VA + 8, 0xc0ffee);
	tm_put(child, VA + 3 * PG, 0xbeef);
	assert_int_equal(tm_get(mm, VA + 8), 0xc0ffee);
	assert_int_equal(tm_get(mm, VA + 3 * PG), 0xbeef);
	tm_put(mm, VA + PG + 8, 0xfeed);
	assert_int_equal(tm_get(child, VA + PG + 8), 0xfeed);
	/* The child's first read mapped pages 0-2 around it (fault-around). */
	assert_int_equal(tm_stats(child).rss, 4 * PG);
	assert_int_equal(tm_stats(mm).rss, 4 * PG);

	mmk_exit(child);
	assert_int_equal(tm_page(mm, VA).mapcount, 1);
	assert_int_equal(tm_get(mm, VA + 8), 0xc0ffee);
}

static void test_fork_cow(void **state)
{
	struct tm_fix *f = *state;
	struct mm_struct *mm = f->mm, *child = NULL;

	assert_int_equal(mmk_mmap(mm, VA, 4 * PG, RW, 0), 0);
	tm_put(mm, VA, 10);
	tm_put(mm, VA + 8, 11);
	tm_put(mm, VA + PG, 20);
	assert_int_equal(tm_get(mm, VA + 2 * PG), 0);	/* zero page */
	uint64_t pfn0 = tm_page(mm, VA).pfn, pfn1 = tm_page(mm, VA + PG).pfn;

	assert_int_equal(mmk_fork(mm, &child), 0);
	assert_int_equal(tm_stats(child).rss, 2 * PG);
	assert_int_equal(tm_stats(child).vmas, 1);
	for (int side = 0; side < 2; side++) {
		struct mm_struct *x = side ? child : mm;
		struct mmk_page_info pg = tm_page(x, VA);
		struct mmk_pte_info pi = tm_pte(x, VA);
		assert_int_equal(pg.pfn, pfn0);
		assert_false(pg.exclusive);
		assert_int_equal(pg.refcount, 2);
		assert_int_equal(pg.mapcount, 2);
		assert_false(pi.write);
		assert_false(pi.exclusive);
		assert_int_equal(tm_page(x, VA + 2 * PG).pfn, zero_pfn(f));
	}
	assert_int_equal(tm_get(child, VA), 10);

	/* Child write: a copy, exclusive to the child. */
	tm_put(child, VA, 100);
	struct mmk_page_info cpg = tm_page(child, VA);
	assert_int_not_equal(cpg.pfn, pfn0);
	assert_true(cpg.exclusive);
	assert_int_equal(cpg.mapcount, 1);
	assert_int_equal(cpg.refcount, 1);
	assert_true(tm_pte(child, VA).write);
	assert_int_equal(tm_get(child, VA), 100);
	assert_int_equal(tm_get(child, VA + 8), 11);	/* copied */
	assert_int_equal(tm_get(mm, VA), 10);
	struct mmk_page_info ppg = tm_page(mm, VA);
	assert_int_equal(ppg.pfn, pfn0);
	assert_int_equal(ppg.refcount, 1);
	assert_int_equal(ppg.mapcount, 1);
	assert_false(ppg.exclusive);
	assert_false(tm_pte(mm, VA).write);

	/* Parent write: the only reference left, so reuse, exclusive again. */
	tm_put(mm, VA, 1000);
	ppg = tm_page(mm, VA);
	assert_int_equal(ppg.pfn, pfn0);
	assert_true(ppg.exclusive);
	assert_true(tm_pte(mm, VA).write);
	assert_int_equal(tm_get(child, VA), 100);
	assert_int_equal(tm_get(mm, VA + 8), 11);

	/* Zero page in both: the child's write gets a fresh zeroed page. */
	tm_put(child, VA + 2 * PG + 8, 5);
	assert_int_not_equal(tm_page(child, VA + 2 * PG).pfn, zero_pfn(f));
	assert_int_equal(tm_get(child, VA + 2 * PG), 0);
	assert_int_equal(tm_page(mm, VA + 2 * PG).pfn, zero_pfn(f));
	assert_int_equal(tm_get(mm, VA + 2 * PG + 8), 0);

	/* Page 1 still shared; after the child exits the parent reuses it. */
	assert_int_equal(tm_page(mm, VA + PG).refcount, 2);
	mmk_exit(child);
	struct mmk_page_info p1 = tm_page(mm, VA + PG);
	assert_int_equal(p1.refcount, 1);
	assert_int_equal(p1.mapcount, 1);
	assert_false(p1.exclusive);
	tm_put(mm, VA + PG + 8, 21);
	p1 = tm_page(mm, VA + PG);
	assert_int_equal(p1.pfn, pfn1);
	assert_true(p1.exclusive);
	assert_int_equal(tm_get(mm, VA + PG), 20);
}

/*
 * VmRSS across COW: replacing a mapped anon page by its copy leaves the
 * count alone (Linux's wp_page_copy() only counts a new page when the old
 * one was the zero page or a file page).  Regression: a COW copy used to
 * lose a page of rss, and the counter could wrap below zero.
 */
static void test_cow_keeps_rss(void **state)
{
	struct tm_fix *f = *state;
	struct mm_struct *mm = f->mm, *child = NULL;

	assert_int_equal(mmk_mmap(mm, VA, 4 * PG, RW, 0), 0);
	tm_fill(mm, VA, 4 * PG, 1);
	assert_int_equal(mmk_fork(mm, &child), 0);
	f->mm2 = child;
	assert_int_equal(tm_stats(child).rss, 4 * PG);
	tm_fill(child, VA, 4 * PG, 2);		/* four COW copies */
	assert_int_equal(tm_stats(child).rss, 4 * PG);
	assert_int_equal(tm_stats(mm).rss, 4 * PG);
	tm_fill(mm, VA, 2 * PG, 3);		/* two reuses */
	assert_int_equal(tm_stats(mm).rss, 4 * PG);
	f->mm2 = NULL;
	mmk_exit(child);
	/* After the zap the child's count must have gone back to zero, not wrapped. */
	assert_int_equal(tm_stats(mm).rss, 4 * PG);
}

/* Both write the shared page: each gets a private copy in turn. */
static void test_fork_cow_two_children(void **state)
{
	struct tm_fix *f = *state;
	struct mm_struct *mm = f->mm, *c1 = NULL, *c2 = NULL;

	assert_int_equal(mmk_mmap(mm, VA, PG, RW, 0), 0);
	tm_put(mm, VA, 1);
	uint64_t pfn = tm_page(mm, VA).pfn;
	assert_int_equal(mmk_fork(mm, &c1), 0);
	assert_int_equal(mmk_fork(mm, &c2), 0);
	assert_int_equal(tm_page(mm, VA).mapcount, 3);
	assert_int_equal(tm_page(mm, VA).refcount, 3);
	/* Parent write with two other references: it must copy. */
	tm_put(mm, VA, 2);
	assert_int_not_equal(tm_page(mm, VA).pfn, pfn);
	assert_int_equal(tm_page(c1, VA).refcount, 2);
	tm_put(c1, VA, 3);
	assert_int_not_equal(tm_page(c1, VA).pfn, pfn);
	/* c2 is the last user of the original: reuse. */
	tm_put(c2, VA, 4);
	assert_int_equal(tm_page(c2, VA).pfn, pfn);
	assert_int_equal(tm_get(mm, VA), 2);
	assert_int_equal(tm_get(c1, VA), 3);
	assert_int_equal(tm_get(c2, VA), 4);
	mmk_exit(c1);
	mmk_exit(c2);
}

static void test_fork_dontfork_wipeonfork(void **state)
{
	struct tm_fix *f = *state;
	struct mm_struct *mm = f->mm, *child = NULL;
	uint64_t v;

	assert_int_equal(mmk_mmap(mm, VA, 6 * PG, RW, 0), 0);
	tm_fill(mm, VA, 6 * PG, 3);
	assert_int_equal(mmk_madvise(mm, VA + PG, PG, MMK_MADV_DONTFORK), 0);
	assert_int_equal(mmk_madvise(mm, VA + 3 * PG, 2 * PG, MMK_MADV_WIPEONFORK), 0);
	assert_int_equal(tm_stats(mm).vmas, 5);
	/* WIPEONFORK is for private mappings only. */
	assert_int_equal(mmk_mmap(mm, VA + 16 * PG, PG, RW, MMK_MAP_SHARED), 0);
	assert_int_equal(mmk_madvise(mm, VA + 16 * PG, PG, MMK_MADV_WIPEONFORK), -EINVAL);

	assert_int_equal(mmk_fork(mm, &child), 0);
	assert_int_equal(tm_read64(child, VA + PG, &v), -MMK_SIGSEGV);
	assert_int_equal(tm_get(child, VA), tm_pattern(3, VA));
	assert_int_equal(tm_get(child, VA + 2 * PG), tm_pattern(3, VA + 2 * PG));
	assert_int_equal(tm_get(child, VA + 3 * PG), 0);
	assert_int_equal(tm_get(child, VA + 4 * PG), 0);
	assert_int_equal(tm_get(child, VA + 5 * PG), tm_pattern(3, VA + 5 * PG));
	assert_int_equal(tm_stats(child).vmas, 5);	/* no DONTFORK vma; + shared */
	/* The wiped range is a normal, writable, private mapping. */
	tm_put(child, VA + 3 * PG, 9);
	assert_int_equal(tm_get(child, VA + 3 * PG), 9);
	tm_check_fill(mm, VA, 6 * PG, 3);

	/* DOFORK / KEEPONFORK undo it, and the VMAs merge back. */
	assert_int_equal(mmk_madvise(mm, VA, 6 * PG, MMK_MADV_DOFORK), 0);
	assert_int_equal(mmk_madvise(mm, VA, 6 * PG, MMK_MADV_KEEPONFORK), 0);
	assert_int_equal(tm_stats(mm).vmas, 2);
	struct mm_struct *c2 = NULL;
	assert_int_equal(mmk_fork(mm, &c2), 0);
	tm_check_fill(c2, VA, 6 * PG, 3);
	mmk_exit(c2);
	mmk_exit(child);
}

static void test_madv_dontneed(void **state)
{
	struct tm_fix *f = *state;
	struct mm_struct *mm = f->mm;

	assert_int_equal(mmk_mmap(mm, VA, 8 * PG, RW, 0), 0);
	tm_fill(mm, VA, 8 * PG, 4);
	assert_int_equal(tm_get(mm, VA), tm_pattern(4, VA));	/* in the TLB */
	assert_int_equal(tm_stats(mm).rss, 8 * PG);
	uint64_t used = tm_sys(f->m).frames_used;

	assert_int_equal(mmk_madvise(mm, VA + 2 * PG, 4 * PG, MMK_MADV_DONTNEED), 0);
	assert_int_equal(tm_stats(mm).rss, 4 * PG);
	assert_int_equal(tm_sys(f->m).frames_used, used - 4);
	for (uint64_t a = VA + 2 * PG; a < VA + 6 * PG; a += PG)
		assert_true(tm_pte(mm, a).none);
	assert_int_equal(tm_get(mm, VA + 2 * PG), 0);
	assert_int_equal(tm_get(mm, VA + 5 * PG + 8), 0);
	tm_check_fill(mm, VA, 2 * PG, 4);
	tm_check_fill(mm, VA + 6 * PG, 2 * PG, 4);

	/* Everything: reads zeros, rss 0, entries none. */
	assert_int_equal(mmk_madvise(mm, VA, 8 * PG, MMK_MADV_DONTNEED), 0);
	assert_int_equal(tm_stats(mm).rss, 0);
	for (uint64_t a = VA; a < VA + 8 * PG; a += PG)
		assert_true(tm_pte(mm, a).none);
	assert_int_equal(tm_get(mm, VA), 0);
	assert_int_equal(tm_get(mm, VA + 7 * PG), 0);
	tm_put(mm, VA, 1);
	assert_int_equal(tm_get(mm, VA), 1);
	assert_int_equal(tm_stats(mm).rss, PG);
	assert_int_equal(mmk_madvise(mm, VA, 0, MMK_MADV_DONTNEED), 0);
	assert_int_equal(tm_get(mm, VA), 1);
}

/* DONTNEED of shmem drops the mapping, not the data. */
static void test_madv_dontneed_shared(void **state)
{
	struct tm_fix *f = *state;
	struct mm_struct *mm = f->mm;

	assert_int_equal(mmk_mmap(mm, VA, 2 * PG, RW, MMK_MAP_SHARED), 0);
	tm_put(mm, VA, 0xabc);
	assert_int_equal(mmk_madvise(mm, VA, 2 * PG, MMK_MADV_DONTNEED), 0);
	assert_true(tm_pte(mm, VA).none);
	assert_int_equal(tm_stats(mm).rss, 0);
	assert_int_equal(tm_get(mm, VA), 0xabc);
	assert_int_equal(tm_stats(mm).rss, PG);
}

/* DONTNEED of whole PTE tables, with the smallest gather (a flush per page). */
static void run_dontneed_tables(struct tm_fix *f, enum mmk_policy policy,
				unsigned int gather)
{
	struct mmk_config cfg;
	const uint64_t va = 0x40000000, len = 3 * (2 * MiB);

	mmk_config_init(&cfg);
	cfg.policy = policy;
	cfg.gather_pages = gather;
	cfg.ram_bytes = 64 * MiB;
	tm_fix_start(f, &cfg);
	struct mm_struct *mm = f->mm;
	struct mmk_machine *m = f->m;

	assert_int_equal(mmk_mmap(mm, va, len, RW, 0), 0);
	tm_fill(mm, va, len, 6);
	assert_int_equal(tm_stats(mm).pte_tables, 3);
	/* The middle table whole, plus half of the last one. */
	assert_int_equal(mmk_madvise(mm, va + 2 * MiB, 3 * MiB, MMK_MADV_DONTNEED), 0);
	assert_int_equal(tm_stats(mm).rss, len - 3 * MiB);
	/* linux (PT_RECLAIM) frees the table the zap covered whole. */
	uint64_t want = policy == MMK_POLICY_KEEP ? 3 : 2;
	assert_int_equal(tm_stats(mm).pte_tables, want);
	mmk_sync(m);
	assert_int_equal(tm_sys(m).pgtable_frames, 1 + 1 + 1 + want);
	assert_int_equal(tm_get(mm, va + 2 * MiB), 0);
	assert_int_equal(tm_get(mm, va + 5 * MiB - 8), 0);
	tm_check_fill(mm, va, 2 * MiB, 6);
	tm_check_fill(mm, va + 5 * MiB, 1 * MiB, 6);
	tm_fill(mm, va + 2 * MiB, 3 * MiB, 7);
	tm_check_fill(mm, va + 2 * MiB, 3 * MiB, 7);
	assert_int_equal(tm_stats(mm).pte_tables, 3);
	tm_fix_stop(f);
}

static void test_dontneed_whole_tables(void **state)
{
	run_dontneed_tables(*state, MMK_POLICY_LINUX, 64);
	run_dontneed_tables(*state, MMK_POLICY_LINUX, 1);
	run_dontneed_tables(*state, MMK_POLICY_KEEP, 64);
	run_dontneed_tables(*state, MMK_POLICY_KEEP, 1);
}

/* DONTNEED of PROT_NONE pages, and fork of them: the entries are real. */
static void test_protnone_dontneed_and_fork(void **state)
{
	struct tm_fix *f = *state;
	struct mm_struct *mm = f->mm, *child = NULL;

	assert_int_equal(mmk_mmap(mm, VA, 4 * PG, RW, 0), 0);
	tm_fill(mm, VA, 4 * PG, 5);
	assert_int_equal(mmk_mprotect(mm, VA, 4 * PG, MMK_PROT_NONE), 0);
	assert_int_equal(mmk_fork(mm, &child), 0);
	f->mm2 = child;
	assert_true(tm_pte(child, VA).protnone);
	assert_int_equal(tm_page(mm, VA).mapcount, 2);
	assert_int_equal(tm_stats(child).rss, 4 * PG);

	/* The parent drops two protnone pages; the child keeps its view. */
	assert_int_equal(mmk_madvise(mm, VA, 2 * PG, MMK_MADV_DONTNEED), 0);
	assert_true(tm_pte(mm, VA).none);
	assert_int_equal(tm_stats(mm).rss, 2 * PG);
	assert_int_equal(mmk_mprotect(mm, VA, 4 * PG, RW), 0);
	assert_int_equal(tm_get(mm, VA), 0);
	tm_check_fill(mm, VA + 2 * PG, 2 * PG, 5);
	assert_false(tm_pte(mm, VA + 2 * PG).write);	/* still COW-shared */

	assert_int_equal(mmk_mprotect(child, VA, 4 * PG, MMK_PROT_READ), 0);
	tm_check_fill(child, VA, 4 * PG, 5);
	assert_int_equal(tm_page(child, VA).mapcount, 1);
	assert_int_equal(tm_page(child, VA).refcount, 1);
	f->mm2 = NULL;
	mmk_exit(child);
	tm_put(mm, VA + 2 * PG, 7);			/* reuse now */
	assert_true(tm_page(mm, VA + 2 * PG).exclusive);
}

/* A shared object outlives the mapping it was created with. */
static void test_shared_outlives_parent_mapping(void **state)
{
	struct tm_fix *f = *state;
	struct mm_struct *mm = f->mm, *child = NULL;
	uint64_t v;

	assert_int_equal(mmk_mmap(mm, VA, 4 * PG, RW, MMK_MAP_SHARED), 0);
	tm_fill(mm, VA, 4 * PG, 6);
	assert_int_equal(mmk_fork(mm, &child), 0);
	f->mm2 = child;
	assert_int_equal(mmk_munmap(mm, VA, 4 * PG), 0);
	assert_int_equal(tm_read64(mm, VA, &v), -MMK_SIGSEGV);
	assert_int_equal(tm_stats(mm).rss, 0);
	tm_check_fill(child, VA, 4 * PG, 6);
	tm_put(child, VA + 8, 1);
	/* The parent maps something new there: private, zero. */
	assert_int_equal(mmk_mmap(mm, VA, 4 * PG, RW, 0), 0);
	assert_int_equal(tm_get(mm, VA + 8), 0);
	assert_int_equal(tm_get(child, VA + 8), 1);
	f->mm2 = NULL;
	mmk_exit(child);
}

static void test_madv_free(void **state)
{
	struct tm_fix *f = *state;
	struct mm_struct *mm = f->mm;

	assert_int_equal(mmk_mmap(mm, VA, 4 * PG, RW, 0), 0);
	tm_fill(mm, VA, 3 * PG, 8);		/* page 3 stays untouched */
	assert_int_equal(tm_get(mm, VA + 2 * PG), tm_pattern(8, VA + 2 * PG));
	struct mmk_pte_info pi = tm_pte(mm, VA);
	assert_true(pi.dirty && pi.young && pi.write);
	uint64_t pfn = tm_page(mm, VA).pfn;
	assert_false(tm_page(mm, VA).lazyfree);

	assert_int_equal(mmk_madvise(mm, VA, 4 * PG, MMK_MADV_FREE), 0);
	for (uint64_t a = VA; a < VA + 3 * PG; a += PG) {
		pi = tm_pte(mm, a);
		assert_true(pi.present);
		assert_false(pi.dirty);
		assert_false(pi.young);
		struct mmk_page_info pg = tm_page(mm, a);
		assert_true(pg.lazyfree);
		assert_false(pg.dirty);
		assert_int_equal(pg.pfn, a == VA ? pfn : pg.pfn);
	}
	assert_true(tm_pte(mm, VA + 3 * PG).none);
	assert_int_equal(tm_stats(mm).rss, 3 * PG);	/* not discarded yet */

	/* Still readable; a read makes the entry young but not dirty. */
	tm_check_fill(mm, VA, 3 * PG, 8);
	pi = tm_pte(mm, VA);
	assert_true(pi.young);
	assert_false(pi.dirty);

	/* A store must re-dirty the entry: CPU 0's dirty TLB entry is gone. */
	tm_put(mm, VA + 8, 12);
	pi = tm_pte(mm, VA);
	assert_true(pi.dirty);
	assert_true(pi.write);
	assert_int_equal(tm_page(mm, VA).pfn, pfn);
	assert_int_equal(tm_get(mm, VA + 8), 12);
	assert_int_equal(tm_get(mm, VA), tm_pattern(8, VA));
	assert_false(tm_pte(mm, VA + PG).dirty);
}

static void test_madv_free_shared_pages(void **state)
{
	struct tm_fix *f = *state;
	struct mm_struct *mm = f->mm, *child = NULL;

	assert_int_equal(mmk_mmap(mm, VA, 2 * PG, RW, 0), 0);
	assert_int_equal(mmk_mmap(mm, VA + 4 * PG, 2 * PG, RW, MMK_MAP_SHARED), 0);
	tm_fill(mm, VA, 2 * PG, 1);
	tm_fill(mm, VA + 4 * PG, 2 * PG, 1);
	assert_int_equal(mmk_madvise(mm, VA + 4 * PG, 2 * PG, MMK_MADV_FREE), -EINVAL);
	assert_true(tm_pte(mm, VA + 4 * PG).dirty);

	/*
	 * COW-shared anon pages (clean PG_dirty) are marked lazily free too,
	 * as Linux's madvise_free_pte_range does (kdiff seed 5847); reclaim
	 * leaves them while the child maps them, then takes them.
	 */
	assert_int_equal(mmk_fork(mm, &child), 0);
	assert_int_equal(mmk_madvise(mm, VA, 2 * PG, MMK_MADV_FREE), 0);
	assert_true(tm_page(mm, VA).lazyfree);
	assert_int_equal(tm_page(mm, VA).mapcount, 2);
	assert_int_equal(mmk_madvise(mm, VA, 2 * PG, MMK_MADV_PAGEOUT), 0);
	tm_check_fill(mm, VA, 2 * PG, 1);
	tm_check_fill(child, VA, 2 * PG, 1);
	mmk_exit(child);
	assert_int_equal(mmk_madvise(mm, VA, 2 * PG, MMK_MADV_PAGEOUT), 0);
	assert_int_equal(tm_get(mm, VA), 0);
	assert_int_equal(tm_stats(mm).rss, 2 * PG);	/* the shmem pages; the zero page is not counted */
}

static void test_madvise_errors_and_holes(void **state)
{
	struct tm_fix *f = *state;
	struct mm_struct *mm = f->mm;

	assert_int_equal(mmk_mmap(mm, VA, 2 * PG, RW, 0), 0);
	assert_int_equal(mmk_mmap(mm, VA + 4 * PG, 2 * PG, RW, 0), 0);
	tm_fill(mm, VA, 2 * PG, 1);
	tm_fill(mm, VA + 4 * PG, 2 * PG, 1);

	/* Invalid advice and arguments: nothing happens. */
	assert_int_equal(mmk_madvise(mm, VA, 2 * PG, 12345), -EINVAL);
	assert_int_equal(mmk_madvise(mm, VA, 2 * PG, -1), -EINVAL);
	assert_int_equal(mmk_madvise(mm, VA, 0, 12345), -EINVAL);
	assert_int_equal(mmk_madvise(mm, VA + 1, PG, MMK_MADV_DONTNEED), -EINVAL);
	assert_int_equal(tm_stats(mm).rss, 4 * PG);

	/* A hole in the middle: -ENOMEM, both sides zapped. */
	assert_int_equal(mmk_madvise(mm, VA, 6 * PG, MMK_MADV_DONTNEED), -ENOMEM);
	assert_int_equal(tm_stats(mm).rss, 0);
	assert_true(tm_pte(mm, VA).none);
	assert_true(tm_pte(mm, VA + 5 * PG).none);

	/* A hole at the start, and at the end. */
	tm_fill(mm, VA + 4 * PG, 2 * PG, 2);
	assert_int_equal(mmk_madvise(mm, VA + 3 * PG, 2 * PG, MMK_MADV_DONTNEED), -ENOMEM);
	assert_true(tm_pte(mm, VA + 4 * PG).none);
	assert_false(tm_pte(mm, VA + 5 * PG).none);
	assert_int_equal(mmk_madvise(mm, VA + 5 * PG, 4 * PG, MMK_MADV_DONTNEED), -ENOMEM);
	assert_true(tm_pte(mm, VA + 5 * PG).none);
	/* Nothing mapped at all. */
	assert_int_equal(mmk_madvise(mm, VA + 64 * PG, PG, MMK_MADV_DONTNEED), -ENOMEM);

	/* MADV_FREE over a hole too. */
	tm_fill(mm, VA, 2 * PG, 3);
	assert_int_equal(mmk_madvise(mm, VA + PG, 4 * PG, MMK_MADV_FREE), -ENOMEM);
	assert_true(tm_page(mm, VA + PG).lazyfree);
	assert_false(tm_page(mm, VA).lazyfree);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, tm_setup_1g, tm_teardown)
	const struct CMUnitTest tests[] = {
		T(test_read_fault_maps_zero_page),
		T(test_write_fault_fresh_page),
		T(test_access_errors),
		T(test_rmw_is_a_store_that_keeps_contents),
		T(test_cross_page_access),
		T(test_shared_mapping_fork),
		T(test_fork_cow),
		T(test_fork_cow_two_children),
		T(test_cow_keeps_rss),
		T(test_fork_dontfork_wipeonfork),
		T(test_madv_dontneed),
		T(test_madv_dontneed_shared),
		T(test_protnone_dontneed_and_fork),
		T(test_shared_outlives_parent_mapping),
		cmocka_unit_test_setup_teardown(test_dontneed_whole_tables, tm_setup_empty, tm_teardown),
		T(test_madv_free),
		T(test_madv_free_shared_pages),
		T(test_madvise_errors_and_holes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

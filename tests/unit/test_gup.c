/* SPDX-License-Identifier: MIT */
/*
 * test_gup.c - get_user_pages and pin_user_pages (slow and fast), unshare
 * faults, FOLL_FORCE, fork with pinned pages, MADV_POPULATE, and the
 * COW/GUP contract of Linux's tools/testing/selftests/mm/cow.c for base
 * pages, through the public API.
 *
 * Each test runs on a fresh 1 GiB machine with the calling thread on CPU 0
 * and ends with the leak check of mmk_test.h: a pin or reference left
 * behind keeps its frame and fails the test.  Tests that care about the
 * path run once per variant (slow, fast), each in an mm of its own.
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
#define RO MMK_PROT_READ
#define BIAS 1024
#define LT MMK_FOLL_LONGTERM
#define WR MMK_FOLL_WRITE

typedef long (*gup_fn)(struct mm_struct *mm, uint64_t start, unsigned long nr,
		       unsigned int flags, struct page **pages);

struct variant {
	gup_fn pin, get;
};

static const struct variant variants[] = {
	{ mmk_pin_user_pages, mmk_get_user_pages },			/* slow */
	{ mmk_pin_user_pages_fast, mmk_get_user_pages_fast },	/* fast */
};

/* Run @body once per variant, each in a new mm that is exited afterwards. */
static void for_each_variant(struct tm_fix *f,
			     void (*body)(struct tm_fix *f, struct mm_struct *mm,
					  const struct variant *v))
{
	for (size_t i = 0; i < sizeof(variants) / sizeof(variants[0]); i++) {
		struct mm_struct *mm = tm_mm(f->m);

		body(f, mm, &variants[i]);
		mmk_exit(mm);
	}
}

static uint64_t zero_pfn(struct tm_fix *f)
{
	return tm_sys(f->m).frames_total;	/* just past the frame pool */
}

/* The word at @off of a held page, read by a device. */
static uint64_t dma_get(struct tm_fix *f, struct page *p, size_t off)
{
	uint64_t v = 0xdeadbeefdeadbeefULL;

	assert_int_equal(mmk_dma_read(f->m, p, off, &v, sizeof(v)), 0);
	return v;
}

static void dma_put(struct tm_fix *f, struct page *p, size_t off, uint64_t v)
{
	assert_int_equal(mmk_dma_write(f->m, p, off, &v, sizeof(v)), 0);
}

static void pin1(struct mm_struct *mm, gup_fn fn, uint64_t addr, unsigned int flags,
		 struct page **p)
{
	*p = NULL;
	assert_int_equal(fn(mm, addr, 1, flags, p), 1);
	assert_non_null(*p);
}

static uint64_t pt_walks(struct tm_fix *f)
{
	uint64_t c[MMK_PTC_NR];

	mmk_pt_counters(f->m, c);
	return c[MMK_PTC_WALKS];
}

/* ---- accounting ---- */

static void test_pin_accounting(void **state)
{
	struct tm_fix *f = *state;
	struct mm_struct *mm = f->mm;
	struct page *p[2], *g;

	assert_int_equal(mmk_mmap(mm, VA, 4 * PG, RW, 0), 0);
	tm_put(mm, VA, 42);
	assert_int_equal(tm_page(mm, VA).refcount, 1);
	assert_false(tm_page(mm, VA).pinned);

	pin1(mm, mmk_pin_user_pages, VA, WR, &p[0]);
	assert_int_equal(mmk_page_pfn(f->m, p[0]), tm_page(mm, VA).pfn);
	assert_int_equal(tm_page(mm, VA).refcount, 1 + BIAS);
	assert_true(tm_page(mm, VA).pinned);
	pin1(mm, mmk_pin_user_pages_fast, VA, 0, &p[1]);
	assert_ptr_equal(p[0], p[1]);
	assert_int_equal(tm_page(mm, VA).refcount, 1 + 2 * BIAS);
	assert_int_equal(tm_page(mm, VA).mapcount, 1);

	mmk_unpin_user_pages(f->m, &p[1], 1);
	assert_int_equal(tm_page(mm, VA).refcount, 1 + BIAS);
	assert_true(tm_page(mm, VA).pinned);
	mmk_unpin_user_pages(f->m, &p[0], 1);
	assert_int_equal(tm_page(mm, VA).refcount, 1);
	assert_false(tm_page(mm, VA).pinned);

	/* A reference is +1 and never looks pinned. */
	assert_int_equal(mmk_get_user_pages(mm, VA, 1, 0, &g), 1);
	assert_int_equal(tm_page(mm, VA).refcount, 2);
	assert_false(tm_page(mm, VA).pinned);
	mmk_put_page(f->m, g);
	assert_int_equal(mmk_get_user_pages_fast(mm, VA, 1, WR, &g), 1);
	assert_int_equal(tm_page(mm, VA).refcount, 2);
	mmk_put_page(f->m, g);
	assert_int_equal(tm_page(mm, VA).refcount, 1);
	assert_int_equal(tm_get(mm, VA), 42);
}

static void test_zero_page_never_counted(void **state)
{
	struct tm_fix *f = *state;
	struct mm_struct *mm = f->mm;
	struct page *p[4];

	assert_int_equal(mmk_mmap(mm, VA, 4 * PG, RW, 0), 0);
	assert_int_equal(tm_get(mm, VA), 0);	/* maps the zero page */
	assert_int_equal(tm_page(mm, VA).pfn, zero_pfn(f));
	int zref = tm_page(mm, VA).refcount;

	/* Short-term R/O pins and references take the zero page as it is. */
	for (size_t i = 0; i < 2; i++) {
		pin1(mm, variants[i].pin, VA, 0, &p[0]);
		pin1(mm, variants[i].get, VA, 0, &p[1]);
		assert_int_equal(mmk_page_pfn(f->m, p[0]), zero_pfn(f));
		assert_ptr_equal(p[0], p[1]);
		assert_int_equal(tm_page(mm, VA).refcount, zref);
		assert_false(tm_page(mm, VA).pinned);
		assert_int_equal(dma_get(f, p[0], 8), 0);
		/* A device may not write the zero page. */
		uint64_t v = 1;
		assert_int_equal(mmk_dma_write(f->m, p[0], 0, &v, sizeof(v)), -EFAULT);
		mmk_unpin_user_pages_dirty_lock(f->m, &p[0], 1, true);
		mmk_put_page(f->m, p[1]);
		assert_int_equal(tm_page(mm, VA).refcount, zref);
		assert_false(tm_page(mm, VA).dirty);
	}
	assert_int_equal(tm_page(mm, VA).pfn, zero_pfn(f));
	assert_int_equal(tm_stats(mm).rss, 0);
}

static void test_args(void **state)
{
	struct tm_fix *f = *state;
	struct mm_struct *mm = f->mm;
	struct page *p[8] = { 0 };

	assert_int_equal(mmk_mmap(mm, VA, 2 * PG, RW, 0), 0);
	for (size_t i = 0; i < 2; i++) {
		const struct variant *v = &variants[i];

		assert_int_equal(v->pin(mm, VA, 0, 0, p), 0);
		assert_int_equal(v->pin(mm, VA + 8, 1, 0, p), -EINVAL);
		assert_int_equal(v->pin(mm, VA, 1, 0x1000, p), -EINVAL);
		assert_int_equal(v->pin(mm, VA, 1, 0x2, p), -EINVAL);	/* FOLL_GET */
		assert_int_equal(v->get(mm, VA, 1, 1u << 16, p), -EINVAL);
		assert_int_equal(v->pin(mm, VA, 1, 0, NULL), -EINVAL);
		assert_int_equal(v->get(mm, VA, 1, LT, p), -EINVAL);
		assert_int_equal(v->pin(mm, VA, ~0UL, 0, p), -EOVERFLOW);
		assert_int_equal(v->pin(mm, VA + 2 * PG, 1, 0, p), -EFAULT);
		assert_int_equal(v->get(mm, 1ULL << 47, 1, 0, p), -EFAULT);
		/* Two pages, then a hole: a partial result, the error is dropped. */
		assert_int_equal(v->pin(mm, VA, 4, WR, p), 2);
		assert_int_equal(tm_page(mm, VA + PG).refcount, 1 + BIAS);
		mmk_unpin_user_pages(f->m, p, 2);
		assert_int_equal(tm_page(mm, VA + PG).refcount, 1);
	}
	/* DMA stays within one page. */
	assert_int_equal(mmk_pin_user_pages(mm, VA, 1, WR, p), 1);
	uint64_t w = 0;
	assert_int_equal(mmk_dma_write(f->m, p[0], PG - 4, &w, 8), -EINVAL);
	assert_int_equal(mmk_dma_read(f->m, p[0], PG + 1, &w, 0), -EINVAL);
	assert_int_equal(mmk_dma_read(f->m, p[0], PG - 8, &w, 8), 0);
	mmk_unpin_user_pages(f->m, p, 1);
}

/* ---- slow and fast agree ---- */

static void agree(struct tm_fix *f, struct mm_struct *mm, uint64_t addr, unsigned int n,
		  unsigned int flags)
{
	struct page *s[8], *q[8];
	struct mmk_page_info before[8];

	assert_true(n <= 8);
	assert_int_equal(mmk_pin_user_pages(mm, addr, n, flags, s), n);
	for (unsigned int i = 0; i < n; i++)
		before[i] = tm_page(mm, addr + i * PG);
	assert_int_equal(mmk_pin_user_pages_fast(mm, addr, n, flags, q), n);
	for (unsigned int i = 0; i < n; i++) {
		struct mmk_page_info now = tm_page(mm, addr + i * PG);
		int add = now.zero ? 0 : BIAS;

		assert_ptr_equal(s[i], q[i]);
		assert_int_equal(now.pfn, before[i].pfn);
		assert_int_equal(now.refcount, before[i].refcount + add);
		assert_int_equal(now.mapcount, before[i].mapcount);
	}
	mmk_unpin_user_pages(f->m, q, n);
	for (unsigned int i = 0; i < n; i++)
		assert_int_equal(tm_page(mm, addr + i * PG).refcount, before[i].refcount);
	mmk_unpin_user_pages(f->m, s, n);
	/* And references (never LONGTERM): the same pages. */
	flags &= ~LT;
	assert_int_equal(mmk_get_user_pages(mm, addr, n, flags, s), n);
	assert_int_equal(mmk_get_user_pages_fast(mm, addr, n, flags, q), n);
	for (unsigned int i = 0; i < n; i++) {
		assert_ptr_equal(s[i], q[i]);
		mmk_put_page(f->m, s[i]);
		mmk_put_page(f->m, q[i]);
	}
}

static void test_slow_fast_agree(void **state)
{
	struct tm_fix *f = *state;
	struct mm_struct *mm = f->mm;
	uint64_t walks;
	struct page *p[4];

	/* Private anon, written: the fast path does it all, walking nothing. */
	assert_int_equal(mmk_mmap(mm, VA, 4 * PG, RW, 0), 0);
	tm_fill(mm, VA, 4 * PG, 1);
	agree(f, mm, VA, 4, WR);
	agree(f, mm, VA, 4, 0);
	agree(f, mm, VA, 4, LT | WR);
	walks = pt_walks(f);
	assert_int_equal(mmk_pin_user_pages_fast(mm, VA, 4, WR, p), 4);
	assert_int_equal(pt_walks(f), walks);
	mmk_unpin_user_pages(f->m, p, 4);

	/* Zero-page mapping read: GUP-fast leaves special entries to the slow path. */
	assert_int_equal(mmk_mmap(mm, VA + 16 * PG, 4 * PG, RW, 0), 0);
	for (uint64_t a = VA + 16 * PG; a < VA + 20 * PG; a += PG)
		assert_int_equal(tm_get(mm, a), 0);
	agree(f, mm, VA + 16 * PG, 4, 0);
	walks = pt_walks(f);
	assert_int_equal(mmk_pin_user_pages_fast(mm, VA + 16 * PG, 4, 0, p), 4);
	assert_true(pt_walks(f) > walks);
	for (int i = 0; i < 4; i++)
		assert_int_equal(mmk_page_pfn(f->m, p[i]), zero_pfn(f));
	mmk_unpin_user_pages(f->m, p, 4);

	/* Shared mapping. */
	assert_int_equal(mmk_mmap(mm, VA + 32 * PG, 4 * PG, RW, MMK_MAP_SHARED), 0);
	tm_fill(mm, VA + 32 * PG, 4 * PG, 2);
	agree(f, mm, VA + 32 * PG, 4, WR);
	agree(f, mm, VA + 32 * PG, 4, LT);
	agree(f, mm, VA + 32 * PG, 4, 0);
	assert_int_equal(tm_page(mm, VA + 32 * PG).refcount, 2);	/* page cache + map */
}

/* Pages not mapped yet: both paths fault them in, writable for FOLL_WRITE. */
static void faultin_body(struct tm_fix *f, struct mm_struct *mm, const struct variant *v)
{
	struct page *p[4];

	assert_int_equal(mmk_mmap(mm, VA, 4 * PG, RW, 0), 0);
	assert_int_equal(v->pin(mm, VA, 4, WR, p), 4);
	for (int i = 0; i < 4; i++) {
		struct mmk_pte_info pi = tm_pte(mm, VA + i * PG);

		assert_true(pi.present && pi.write && pi.exclusive);
		assert_int_equal(pi.pfn, mmk_page_pfn(f->m, p[i]));
		dma_put(f, p[i], 0, 100 + i);
	}
	for (int i = 0; i < 4; i++)
		assert_int_equal(tm_get(mm, VA + i * PG), 100 + i);
	mmk_unpin_user_pages(f->m, p, 4);
	assert_int_equal(tm_page(mm, VA).refcount, 1);
}

static void test_faultin(void **state)
{
	for_each_variant(*state, faultin_body);
}

/* ---- permissions, FOLL_FORCE ---- */

static void test_permissions(void **state)
{
	struct tm_fix *f = *state;
	struct mm_struct *mm = f->mm;
	struct page *p;

	assert_int_equal(mmk_mmap(mm, VA, PG, RO, 0), 0);
	assert_int_equal(mmk_mmap(mm, VA + PG, PG, MMK_PROT_NONE, 0), 0);
	assert_int_equal(mmk_mmap(mm, VA + 2 * PG, PG, MMK_PROT_WRITE, 0), 0);
	assert_int_equal(mmk_mmap(mm, VA + 3 * PG, PG, RO, MMK_MAP_SHARED), 0);
	for (size_t i = 0; i < 2; i++) {
		const struct variant *v = &variants[i];

		assert_int_equal(v->pin(mm, VA, 1, WR, &p), -EFAULT);
		assert_int_equal(v->get(mm, VA, 1, WR, &p), -EFAULT);
		assert_int_equal(v->pin(mm, VA + PG, 1, 0, &p), -EFAULT);
		assert_int_equal(v->pin(mm, VA + PG, 1, MMK_FOLL_FORCE, &p), -EFAULT);
		assert_int_equal(v->pin(mm, VA + PG, 1, WR | MMK_FOLL_FORCE, &p), -EFAULT);
		/* Write-only: GUP reads need FOLL_FORCE, as in Linux. */
		assert_int_equal(v->get(mm, VA + 2 * PG, 1, 0, &p), -EFAULT);
		pin1(mm, v->get, VA + 2 * PG, MMK_FOLL_FORCE, &p);
		mmk_put_page(f->m, p);
		/* FOLL_FORCE does not write to read-only shared mappings. */
		assert_int_equal(v->pin(mm, VA + 3 * PG, 1, WR | MMK_FOLL_FORCE, &p), -EFAULT);
		pin1(mm, v->pin, VA + 3 * PG, 0, &p);
		mmk_unpin_user_pages(f->m, &p, 1);
	}
	assert_true(tm_pte(mm, VA + PG).none);
	assert_true(tm_pte(mm, VA).none);
}

/* FOLL_FORCE write pin of a private R/O mapping: COW, entry stays R/O. */
static void force_body(struct tm_fix *f, struct mm_struct *mm, const struct variant *v)
{
	struct mm_struct *child;
	struct page *p;
	uint64_t old_pfn;

	assert_int_equal(mmk_mmap(mm, VA, 2 * PG, RW, 0), 0);
	tm_put(mm, VA, 7);
	tm_put(mm, VA + PG, 10);
	assert_int_equal(mmk_fork(mm, &child), 0);
	assert_int_equal(mmk_mprotect(mm, VA, 2 * PG, RO), 0);
	old_pfn = tm_page(mm, VA).pfn;
	assert_int_equal(tm_page(child, VA).pfn, old_pfn);

	pin1(mm, v->pin, VA, WR | MMK_FOLL_FORCE, &p);
	struct mmk_pte_info pi = tm_pte(mm, VA);
	assert_true(pi.present);
	assert_false(pi.write);
	assert_true(pi.exclusive);
	assert_int_not_equal(pi.pfn, old_pfn);
	assert_int_equal(pi.pfn, mmk_page_pfn(f->m, p));
	assert_int_equal(dma_get(f, p, 0), 7);
	dma_put(f, p, 0, 8);
	assert_int_equal(tm_get(mm, VA), 8);
	assert_int_equal(tm_get(child, VA), 7);
	assert_int_equal(tm_page(child, VA).pfn, old_pfn);
	/* A second forced pin finds the exclusive page and takes it as is. */
	struct page *p2;
	pin1(mm, v->pin, VA, WR | MMK_FOLL_FORCE, &p2);
	assert_ptr_equal(p, p2);
	assert_false(tm_pte(mm, VA).write);
	mmk_unpin_user_pages(f->m, &p2, 1);
	mmk_unpin_user_pages(f->m, &p, 1);
	/* The process still may not write. */
	uint64_t x = 9;
	assert_int_equal(mmk_access(mm, VA, &x, sizeof(x), 1), -MMK_SIGSEGV);

	/*
	 * Previously shared and now ours alone: the write fault reuses the
	 * page in place, and still does not make the entry writable.
	 */
	assert_false(tm_page(mm, VA + PG).exclusive);
	mmk_exit(child);
	uint64_t pfn = tm_page(mm, VA + PG).pfn;
	assert_false(tm_page(mm, VA + PG).zero);
	pin1(mm, v->pin, VA + PG, WR | MMK_FOLL_FORCE, &p);
	assert_int_equal(mmk_page_pfn(f->m, p), pfn);
	assert_false(tm_pte(mm, VA + PG).write);
	assert_true(tm_page(mm, VA + PG).exclusive);
	mmk_unpin_user_pages(f->m, &p, 1);

	/* The zero page of a read-only mapping: a new page, read-only. */
	assert_int_equal(mmk_mmap(mm, VA + 2 * PG, PG, RO, 0), 0);
	assert_int_equal(tm_get(mm, VA + 2 * PG), 0);
	pin1(mm, v->pin, VA + 2 * PG, WR | MMK_FOLL_FORCE, &p);
	pi = tm_pte(mm, VA + 2 * PG);
	assert_int_not_equal(pi.pfn, zero_pfn(f));
	assert_false(pi.write);
	assert_true(pi.exclusive);
	dma_put(f, p, 0, 11);
	assert_int_equal(tm_get(mm, VA + 2 * PG), 11);
	mmk_unpin_user_pages(f->m, &p, 1);
}

static void test_force_write(void **state)
{
	for_each_variant(*state, force_body);
}

/* ---- unsharing ---- */

/* R/O pin of a page shared with a child: the pinner gets an exclusive copy. */
static void unshare_body(struct tm_fix *f, struct mm_struct *mm, const struct variant *v)
{
	struct mm_struct *child;
	struct page *p;
	uint64_t old_pfn;

	assert_int_equal(mmk_mmap(mm, VA, PG, RW, 0), 0);
	tm_put(mm, VA, 5);
	assert_int_equal(mmk_fork(mm, &child), 0);
	old_pfn = tm_page(mm, VA).pfn;
	assert_false(tm_page(mm, VA).exclusive);

	pin1(mm, v->pin, VA, 0, &p);
	struct mmk_page_info pg = tm_page(mm, VA);
	assert_true(pg.exclusive);
	assert_true(pg.pinned);
	assert_int_equal(pg.pfn, mmk_page_pfn(f->m, p));
	assert_int_not_equal(pg.pfn, old_pfn);
	assert_false(tm_pte(mm, VA).write);	/* unsharing does not make it writable */
	assert_int_equal(tm_page(child, VA).pfn, old_pfn);
	assert_int_equal(tm_page(child, VA).mapcount, 1);
	assert_int_equal(dma_get(f, p, 0), 5);
	/* The pinner's writes reach the pinned page, the child's do not. */
	tm_put(mm, VA, 6);
	assert_int_equal(tm_page(mm, VA).pfn, mmk_page_pfn(f->m, p));
	assert_int_equal(dma_get(f, p, 0), 6);
	tm_put(child, VA, 99);
	assert_int_equal(dma_get(f, p, 0), 6);
	assert_int_equal(tm_get(child, VA), 99);
	mmk_unpin_user_pages(f->m, &p, 1);
	mmk_exit(child);
}

static void test_ro_pin_unshares(void **state)
{
	for_each_variant(*state, unshare_body);
}

/* Previously shared (the child exited): the page is reused, made exclusive. */
static void prev_shared_body(struct tm_fix *f, struct mm_struct *mm, const struct variant *v)
{
	struct mm_struct *child;
	struct page *p;

	assert_int_equal(mmk_mmap(mm, VA, PG, RW, 0), 0);
	tm_put(mm, VA, 5);
	assert_int_equal(mmk_fork(mm, &child), 0);
	mmk_exit(child);
	uint64_t pfn = tm_page(mm, VA).pfn;
	assert_false(tm_page(mm, VA).exclusive);
	pin1(mm, v->pin, VA, 0, &p);
	assert_int_equal(mmk_page_pfn(f->m, p), pfn);
	assert_true(tm_page(mm, VA).exclusive);
	assert_false(tm_pte(mm, VA).write);
	mmk_unpin_user_pages(f->m, &p, 1);
}

static void test_ro_pin_previously_shared(void **state)
{
	for_each_variant(*state, prev_shared_body);
}

/* R/O LONGTERM pin of the zero page in a COW mapping: a private zeroed page. */
static void zero_longterm_body(struct tm_fix *f, struct mm_struct *mm, const struct variant *v)
{
	struct page *p;

	assert_int_equal(mmk_mmap(mm, VA, PG, RW, 0), 0);
	assert_int_equal(mmk_mmap(mm, VA + PG, PG, RO, 0), 0);
	assert_int_equal(mmk_mmap(mm, VA + 2 * PG, PG, RW, MMK_MAP_SHARED), 0);
	for (uint64_t a = VA; a < VA + 2 * PG; a += PG) {
		assert_int_equal(tm_get(mm, a), 0);
		assert_int_equal(tm_page(mm, a).pfn, zero_pfn(f));
		pin1(mm, v->pin, a, LT, &p);
		struct mmk_page_info pg = tm_page(mm, a);
		assert_false(pg.zero);
		assert_true(pg.anon && pg.exclusive && pg.pinned);
		assert_int_equal(pg.pfn, mmk_page_pfn(f->m, p));
		assert_false(tm_pte(mm, a).write);
		assert_int_equal(dma_get(f, p, 16), 0);
		if (a == VA) {
			/* Coherent: the write fault reuses the exclusive page. */
			tm_put(mm, a, 3);
			assert_int_equal(tm_page(mm, a).pfn, mmk_page_pfn(f->m, p));
			assert_int_equal(dma_get(f, p, 0), 3);
		}
		mmk_unpin_user_pages(f->m, &p, 1);
	}
	/* Not unshared from an empty entry of a shared mapping. */
	pin1(mm, v->pin, VA + 2 * PG, LT, &p);
	assert_false(tm_page(mm, VA + 2 * PG).anon);
	mmk_unpin_user_pages(f->m, &p, 1);
	assert_int_equal(tm_stats(mm).rss, 3 * PG);
}

static void test_ro_longterm_pin_zero_page(void **state)
{
	for_each_variant(*state, zero_longterm_body);
}

/* ---- fork with a pinned page ---- */

static void fork_pinned_body(struct tm_fix *f, struct mm_struct *mm, const struct variant *v)
{
	struct mm_struct *child;
	struct page *p;

	assert_int_equal(mmk_mmap(mm, VA, 2 * PG, RW, 0), 0);
	tm_put(mm, VA, 1);
	tm_put(mm, VA + PG, 2);
	pin1(mm, v->pin, VA, WR, &p);
	assert_int_equal(mmk_fork(mm, &child), 0);
	struct mmk_page_info pp = tm_page(mm, VA), cp = tm_page(child, VA);
	assert_int_not_equal(pp.pfn, cp.pfn);
	assert_int_equal(pp.pfn, mmk_page_pfn(f->m, p));
	assert_true(pp.exclusive && cp.exclusive);
	assert_int_equal(cp.refcount, 1);
	/* The parent keeps its writable entry: no COW fault will replace the page. */
	assert_true(tm_pte(mm, VA).write);
	assert_int_equal(tm_get(child, VA), 1);
	/* The unpinned page is shared as usual. */
	assert_int_equal(tm_page(child, VA + PG).pfn, tm_page(mm, VA + PG).pfn);
	dma_put(f, p, 0, 77);
	assert_int_equal(tm_get(mm, VA), 77);
	assert_int_equal(tm_get(child, VA), 1);
	mmk_unpin_user_pages(f->m, &p, 1);
	mmk_exit(child);
}

static void test_fork_copies_pinned(void **state)
{
	for_each_variant(*state, fork_pinned_body);
}

/* A pin keeps the page alive across MADV_DONTNEED and munmap. */
static void zap_pinned_body(struct tm_fix *f, struct mm_struct *mm, const struct variant *v)
{
	struct page *p[2];

	assert_int_equal(mmk_mmap(mm, VA, 2 * PG, RW, 0), 0);
	tm_fill(mm, VA, 2 * PG, 3);
	assert_int_equal(v->pin(mm, VA, 2, WR, p), 2);
	mmk_sync(f->m);		/* an earlier variant's tables, freed after a GP */
	uint64_t used = tm_sys(f->m).frames_used;
	assert_int_equal(mmk_madvise(mm, VA, PG, MMK_MADV_DONTNEED), 0);
	assert_int_equal(mmk_munmap(mm, VA + PG, PG), 0);
	mmk_sync(f->m);
	assert_int_equal(tm_sys(f->m).frames_used, used);
	assert_int_equal(dma_get(f, p[0], 0), tm_pattern(3, VA));
	assert_int_equal(dma_get(f, p[1], 0), tm_pattern(3, VA + PG));
	assert_int_equal(tm_get(mm, VA), 0);	/* a new (zero) page */
	mmk_unpin_user_pages(f->m, p, 2);
	assert_int_equal(tm_sys(f->m).frames_used, used - 2);
}

static void test_zap_pinned(void **state)
{
	for_each_variant(*state, zap_pinned_body);
}

/* ---- dirty ---- */

static void test_unpin_dirty(void **state)
{
	struct tm_fix *f = *state;
	struct mm_struct *mm = f->mm;
	struct page *p[2];

	assert_int_equal(mmk_mmap(mm, VA, 2 * PG, RW, 0), 0);
	tm_fill(mm, VA, 2 * PG, 1);
	assert_false(tm_page(mm, VA).dirty);
	assert_int_equal(mmk_pin_user_pages_fast(mm, VA, 2, WR, p), 2);
	mmk_unpin_user_pages_dirty_lock(f->m, p, 1, false);
	mmk_unpin_user_pages_dirty_lock(f->m, p + 1, 1, true);
	assert_false(tm_page(mm, VA).dirty);
	assert_true(tm_page(mm, VA + PG).dirty);
	assert_int_equal(tm_page(mm, VA + PG).refcount, 1);
}

/*
 * A write pin of a lazily freed page marks it dirty (FOLL_TOUCH), so
 * reclaim keeps what the device wrote; without that the page goes.
 */
static void test_write_pin_cancels_lazyfree(void **state)
{
	struct tm_fix *f = *state;
	struct mm_struct *mm = f->mm;
	struct page *p;

	assert_int_equal(mmk_mmap(mm, VA, 2 * PG, RW, 0), 0);
	tm_fill(mm, VA, 2 * PG, 1);
	assert_int_equal(mmk_madvise(mm, VA, 2 * PG, MMK_MADV_FREE), 0);
	assert_true(tm_page(mm, VA).lazyfree);
	assert_false(tm_pte(mm, VA).dirty);

	pin1(mm, mmk_pin_user_pages, VA, WR, &p);
	assert_true(tm_page(mm, VA).dirty);
	dma_put(f, p, 8, 55);
	/* Pinned: reclaim leaves it alone. */
	assert_int_equal(mmk_madvise(mm, VA, 2 * PG, MMK_MADV_PAGEOUT), 0);
	assert_false(tm_pte(mm, VA).none);
	assert_true(tm_pte(mm, VA + PG).none);	/* the untouched one went */
	mmk_unpin_user_pages(f->m, &p, 1);
	assert_int_equal(mmk_madvise(mm, VA, 2 * PG, MMK_MADV_PAGEOUT), 0);
	assert_false(tm_pte(mm, VA).none);
	uint64_t v = 0;
	assert_int_equal(mmk_access(mm, VA + 8, &v, sizeof(v), 0), 0);
	assert_int_equal(v, 55);
}

/* ---- MADV_POPULATE ---- */

static void test_populate(void **state)
{
	struct tm_fix *f = *state;
	struct mm_struct *mm = f->mm;

	assert_int_equal(mmk_mmap(mm, VA, 4 * PG, RW, 0), 0);
	assert_int_equal(mmk_madvise(mm, VA, 2 * PG, MMK_MADV_POPULATE_READ), 0);
	for (uint64_t a = VA; a < VA + 2 * PG; a += PG) {
		struct mmk_pte_info pi = tm_pte(mm, a);
		assert_true(pi.present && pi.special && !pi.write);
		assert_int_equal(pi.pfn, zero_pfn(f));
	}
	assert_true(tm_pte(mm, VA + 2 * PG).none);
	/* WRITE breaks COW of the zero page and fills the rest. */
	assert_int_equal(mmk_madvise(mm, VA, 4 * PG, MMK_MADV_POPULATE_WRITE), 0);
	for (uint64_t a = VA; a < VA + 4 * PG; a += PG) {
		struct mmk_pte_info pi = tm_pte(mm, a);
		assert_true(pi.present && pi.write && pi.dirty && pi.exclusive);
		assert_int_equal(tm_page(mm, a).refcount, 1);	/* nothing kept */
	}
	assert_int_equal(tm_stats(mm).rss, 4 * PG);
	/* Breaks COW after fork too. */
	struct mm_struct *child;
	assert_int_equal(mmk_fork(mm, &child), 0);
	assert_false(tm_pte(mm, VA).write);
	assert_int_equal(mmk_madvise(mm, VA, PG, MMK_MADV_POPULATE_READ), 0);
	assert_false(tm_pte(mm, VA).write);
	assert_int_equal(mmk_madvise(mm, VA, PG, MMK_MADV_POPULATE_WRITE), 0);
	assert_true(tm_pte(mm, VA).write);
	assert_int_not_equal(tm_page(mm, VA).pfn, tm_page(child, VA).pfn);
	mmk_exit(child);

	/* Shared: pages come from the object, dirty when populated for write. */
	assert_int_equal(mmk_mmap(mm, VA + 8 * PG, 2 * PG, RW, MMK_MAP_SHARED), 0);
	assert_int_equal(mmk_madvise(mm, VA + 8 * PG, 2 * PG, MMK_MADV_POPULATE_WRITE), 0);
	assert_true(tm_pte(mm, VA + 8 * PG).present);
	assert_true(tm_pte(mm, VA + 9 * PG).dirty);
	assert_int_equal(tm_page(mm, VA + 8 * PG).refcount, 2);
}

static void test_populate_errors(void **state)
{
	struct tm_fix *f = *state;
	struct mm_struct *mm = f->mm;

	assert_int_equal(mmk_mmap(mm, VA, 2 * PG, RO, 0), 0);
	assert_int_equal(mmk_mmap(mm, VA + 2 * PG, PG, MMK_PROT_NONE, 0), 0);
	assert_int_equal(mmk_mmap(mm, VA + 3 * PG, PG, MMK_PROT_WRITE, 0), 0);
	/* hole at VA + 4 PG */
	assert_int_equal(mmk_mmap(mm, VA + 5 * PG, 2 * PG, RW, 0), 0);

	assert_int_equal(mmk_madvise(mm, VA, PG, MMK_MADV_POPULATE_WRITE), -EINVAL);
	assert_int_equal(mmk_madvise(mm, VA + 2 * PG, PG, MMK_MADV_POPULATE_READ), -EINVAL);
	assert_int_equal(mmk_madvise(mm, VA + 2 * PG, PG, MMK_MADV_POPULATE_WRITE), -EINVAL);
	assert_int_equal(mmk_madvise(mm, VA + 3 * PG, PG, MMK_MADV_POPULATE_READ), -EINVAL);
	assert_int_equal(mmk_madvise(mm, VA + 3 * PG, PG, MMK_MADV_POPULATE_WRITE), 0);
	assert_int_equal(mmk_madvise(mm, VA + 8, PG, MMK_MADV_POPULATE_READ), -EINVAL);
	assert_int_equal(mmk_madvise(mm, VA, PG + 1, MMK_MADV_POPULATE_READ), -EINVAL);
	assert_int_equal(mmk_madvise(mm, VA, 0, MMK_MADV_POPULATE_READ), 0);
	/* It stops at the first VMA that does not allow it, after the rest. */
	assert_int_equal(mmk_madvise(mm, VA, 3 * PG, MMK_MADV_POPULATE_READ), -EINVAL);
	assert_true(tm_pte(mm, VA).present);
	assert_true(tm_pte(mm, VA + PG).present);
	/* A hole: what lies before it is populated, what lies after it is not. */
	assert_int_equal(mmk_madvise(mm, VA + 3 * PG, 4 * PG, MMK_MADV_POPULATE_WRITE), -ENOMEM);
	assert_true(tm_pte(mm, VA + 3 * PG).present);
	assert_true(tm_pte(mm, VA + 5 * PG).none);
	assert_int_equal(mmk_madvise(mm, VA + 4 * PG, 3 * PG, MMK_MADV_POPULATE_READ), -ENOMEM);
	assert_true(tm_pte(mm, VA + 5 * PG).none);
	/* Out of memory. */
	mmk_fail_nth_alloc(f->m, 1);
	assert_int_equal(mmk_madvise(mm, VA + 5 * PG, 2 * PG, MMK_MADV_POPULATE_WRITE), -ENOMEM);
	mmk_fail_nth_alloc(f->m, 0);
	assert_int_equal(mmk_madvise(mm, VA + 5 * PG, 2 * PG, MMK_MADV_POPULATE_WRITE), 0);
	assert_true(tm_pte(mm, VA + 6 * PG).write);
}

/* ---- the cow.c contract (base pages), with both paths ---- */

/* No leak from parent to child, nor from child to parent. */
static void test_cow_no_leak(void **state)
{
	struct tm_fix *f = *state;
	struct mm_struct *mm = f->mm, *child;

	assert_int_equal(mmk_mmap(mm, VA, 2 * PG, RW, 0), 0);
	tm_fill(mm, VA, 2 * PG, 1);
	assert_int_equal(mmk_fork(mm, &child), 0);
	tm_put(mm, VA, 2);			/* parent writes page 0 */
	tm_put(child, VA + PG, 3);		/* child writes page 1 */
	assert_int_equal(tm_get(child, VA), tm_pattern(1, VA));
	assert_int_equal(tm_get(mm, VA + PG), tm_pattern(1, VA + PG));
	/* mprotect R/O -> R/W must not make shared pages writable. */
	assert_int_equal(mmk_mprotect(child, VA, 2 * PG, RO), 0);
	assert_int_equal(mmk_mprotect(child, VA, 2 * PG, RW), 0);
	tm_put(child, VA, 4);
	assert_int_equal(tm_get(mm, VA), 2);
	mmk_exit(child);
}

/* An R/O reference keeps the old content after the other side writes. */
static void ro_get_body(struct tm_fix *f, struct mm_struct *mm, const struct variant *v)
{
	struct mm_struct *child;
	struct page *g;

	assert_int_equal(mmk_mmap(mm, VA, 3 * PG, RW, 0), 0);
	tm_fill(mm, VA, 3 * PG, 1);
	/* Reference taken before fork by the parent; the child writes. */
	pin1(mm, v->get, VA + 2 * PG, 0, &g);
	assert_int_equal(mmk_fork(mm, &child), 0);
	tm_put(child, VA + 2 * PG, 9);
	assert_int_equal(dma_get(f, g, 0), tm_pattern(1, VA + 2 * PG));
	mmk_put_page(f->m, g);
	/* Reference taken in the child; the parent writes. */
	pin1(child, v->get, VA, 0, &g);
	tm_put(mm, VA, 9);
	assert_int_equal(dma_get(f, g, 0), tm_pattern(1, VA));
	assert_int_equal(tm_get(child, VA), tm_pattern(1, VA));
	mmk_put_page(f->m, g);
	/* Reference taken in the parent; the child writes. */
	pin1(mm, v->get, VA + PG, 0, &g);
	tm_put(child, VA + PG, 9);
	assert_int_equal(dma_get(f, g, 0), tm_pattern(1, VA + PG));
	mmk_put_page(f->m, g);
	mmk_exit(child);
}

static void test_cow_ro_get(void **state)
{
	for_each_variant(*state, ro_get_body);
}

/* A long-term R/W pin stays coherent across mprotect R/O -> R/W and fork. */
static void rw_pin_body(struct tm_fix *f, struct mm_struct *mm, const struct variant *v)
{
	struct mm_struct *child;
	struct page *p;

	assert_int_equal(mmk_mmap(mm, VA, PG, RW, 0), 0);
	tm_put(mm, VA, 1);
	pin1(mm, v->pin, VA, LT | WR, &p);
	assert_int_equal(mmk_mprotect(mm, VA, PG, RO), 0);
	assert_int_equal(mmk_mprotect(mm, VA, PG, RW), 0);
	tm_put(mm, VA, 2);
	assert_int_equal(dma_get(f, p, 0), 2);
	dma_put(f, p, 0, 3);
	assert_int_equal(tm_get(mm, VA), 3);

	assert_int_equal(mmk_fork(mm, &child), 0);
	tm_put(mm, VA, 4);
	assert_int_equal(dma_get(f, p, 0), 4);
	dma_put(f, p, 0, 5);
	assert_int_equal(tm_get(mm, VA), 5);
	assert_int_equal(tm_get(child, VA), 3);
	tm_put(child, VA, 6);
	assert_int_equal(dma_get(f, p, 0), 5);
	mmk_exit(child);
	mmk_unpin_user_pages(f->m, &p, 1);
}

static void test_cow_longterm_rw_pin(void **state)
{
	for_each_variant(*state, rw_pin_body);
}

enum ro_pin_case { RO_EXCLUSIVE, RO_SHARED, RO_PREVIOUSLY_SHARED, RO_EXCLUSIVE_RO_PTE };

/* cow.c do_test_ro_pin: pin R/O long-term, write through the mapping, compare. */
static void ro_pin_case(struct tm_fix *f, struct mm_struct *mm, const struct variant *v,
			enum ro_pin_case c)
{
	struct mm_struct *child = NULL;
	struct page *p;

	assert_int_equal(mmk_mmap(mm, VA, PG, RW, 0), 0);
	tm_put(mm, VA, 1);
	switch (c) {
	case RO_EXCLUSIVE:
		break;
	case RO_SHARED:
	case RO_PREVIOUSLY_SHARED:
		assert_int_equal(mmk_fork(mm, &child), 0);
		if (c == RO_PREVIOUSLY_SHARED) {
			mmk_exit(child);
			child = NULL;
		}
		break;
	case RO_EXCLUSIVE_RO_PTE:
		assert_int_equal(mmk_mprotect(mm, VA, PG, RO), 0);
		assert_true(tm_page(mm, VA).exclusive);
		break;
	}
	pin1(mm, v->pin, VA, LT, &p);
	if (c == RO_EXCLUSIVE_RO_PTE)
		assert_int_equal(mmk_mprotect(mm, VA, PG, RW), 0);
	tm_put(mm, VA, 0xff);
	assert_int_equal(dma_get(f, p, 0), 0xff);
	assert_int_equal(tm_page(mm, VA).pfn, mmk_page_pfn(f->m, p));
	if (child) {
		assert_int_equal(tm_get(child, VA), 1);
		mmk_exit(child);
	}
	mmk_unpin_user_pages(f->m, &p, 1);
	assert_int_equal(mmk_munmap(mm, VA, PG), 0);
}

static void ro_pin_body(struct tm_fix *f, struct mm_struct *mm, const struct variant *v)
{
	ro_pin_case(f, mm, v, RO_EXCLUSIVE);
	ro_pin_case(f, mm, v, RO_SHARED);
	ro_pin_case(f, mm, v, RO_PREVIOUSLY_SHARED);
	ro_pin_case(f, mm, v, RO_EXCLUSIVE_RO_PTE);
}

static void test_cow_longterm_ro_pin(void **state)
{
	for_each_variant(*state, ro_pin_body);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, tm_setup_1g, tm_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_pin_accounting),
		T(test_zero_page_never_counted),
		T(test_args),
		T(test_slow_fast_agree),
		T(test_faultin),
		T(test_permissions),
		T(test_force_write),
		T(test_ro_pin_unshares),
		T(test_ro_pin_previously_shared),
		T(test_ro_longterm_pin_zero_page),
		T(test_fork_copies_pinned),
		T(test_zap_pinned),
		T(test_unpin_dirty),
		T(test_write_pin_cancels_lazyfree),
		T(test_populate),
		T(test_populate_errors),
		T(test_cow_no_leak),
		T(test_cow_ro_get),
		T(test_cow_longterm_rw_pin),
		T(test_cow_longterm_ro_pin),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

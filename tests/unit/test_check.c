/* SPDX-License-Identifier: MIT */
/*
 * test_check.c - the invariant checker (page_table_check.c).
 *
 * Both sides of every check: healthy states after a mix of operations
 * under every policy must pass, with the continuous checks on throughout;
 * and for each check, a state corrupted by hand (white-box, through the
 * internal headers) must be caught with the exact invariant number, then
 * pass again once repaired.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <pthread.h>
#include <cmocka.h>
#include "page_alloc.h"
#include "pgtable.h"
#include "mmap_lock.h"
#include "memory.h"
#include "tlb.h"
#include "mmkit/check.h"
#include "unit/mmk_test.h"
#include "unit/pt_test.h"

#define RW (MMK_PROT_READ | MMK_PROT_WRITE)
#define VA 0x40000000ULL	/* 1 GiB: its own PUD entry */
#define VB 0x80000000ULL

/* The full check passes and the continuous checks found nothing. */
#define assert_healthy(m) assert_healthy_at(m, __LINE__)
static void assert_healthy_at(struct mmk_machine *m, int line)
{
	struct mmk_violation v;
	int ret = mmk_check(m, &v);

	if (ret)
		print_error("line %d: mmk_check: %s\n", line, ret > 0 ? v.what : "error");
	assert_int_equal(ret, 0);
	if (mmk_violation_pending(m, &v))
		print_error("line %d: pending: %s\n", line, v.what);
	assert_int_equal(mmk_violation_pending(m, NULL), 0);
}

/* The full check finds a violation of @inv; returns it. */
static struct mmk_violation expect_violation(struct mmk_machine *m, int inv)
{
	struct mmk_violation v;

	memset(&v, 0, sizeof(v));
	assert_int_equal(mmk_check(m, &v), 1);
	if (v.invariant != inv)
		print_error("expected invariant %d, got: %s\n", inv, v.what);
	assert_int_equal(v.invariant, inv);
	assert_non_null(strstr(v.what, "invariant "));
	if (getenv("MMK_TEST_VERBOSE"))
		print_message("%s\n", v.what);
	return v;
}

static struct mmk_violation expect_pending(struct mmk_machine *m, int inv)
{
	struct mmk_violation v;

	memset(&v, 0, sizeof(v));
	assert_int_equal(mmk_violation_pending(m, &v), 1);
	if (v.invariant != inv)
		print_error("expected invariant %d, got: %s\n", inv, v.what);
	assert_int_equal(v.invariant, inv);
	if (getenv("MMK_TEST_VERBOSE"))
		print_message("(pending) %s\n", v.what);
	return v;
}

/* Each test gets f from tm_setup_empty; tm_teardown destroys the machine. */
static struct tm_fix *fix_start(void **state, enum mmk_policy policy, uint64_t ram)
{
	struct tm_fix *f = *state;
	struct mmk_config cfg;

	mmk_config_init(&cfg);
	cfg.policy = policy;
	cfg.ram_bytes = ram;
	cfg.ncpus = 3;
	tm_fix_start(f, &cfg);
	mmk_set_checking(f->m, true);
	return f;
}

/* Every mm exits; the machine must be healthy then too. */
static void fix_stop(struct tm_fix *f)
{
	if (f->mm2)
		mmk_exit(f->mm2);
	f->mm2 = NULL;
	if (f->mm)
		mmk_exit(f->mm);
	f->mm = NULL;
	assert_healthy(f->m);
}

/* The PTE for @addr, mapped and locked; release with pte_unmap_unlock(). */
static mmk_entry_t *pte_lock(struct mm_struct *mm, uint64_t addr, spinlock_t **ptl)
{
	mmk_entry_t *pmdp = tm_find_pmd(mm, addr), *pte;

	assert_non_null(pmdp);
	pte = pte_offset_map_lock(mm, pmdp, addr, ptl);
	assert_non_null(pte);
	return pte;
}

static pte_t pte_get(struct mm_struct *mm, uint64_t addr)
{
	spinlock_t *ptl;
	mmk_entry_t *pte = pte_lock(mm, addr, &ptl);
	pte_t v = entry_read(pte);

	pte_unmap_unlock(pte, ptl);
	return v;
}

/* Replace the PTE for @addr by hand, without any flush. */
static pte_t pte_set(struct mm_struct *mm, uint64_t addr, pte_t val)
{
	spinlock_t *ptl;
	mmk_entry_t *pte = pte_lock(mm, addr, &ptl);
	pte_t old = entry_xchg(pte, val);

	pte_unmap_unlock(pte, ptl);
	return old;
}

static struct page *page_at(struct mm_struct *mm, uint64_t addr)
{
	return pfn_to_page(mm->m, pte_pfn(pte_get(mm, addr)));
}

/*
 * Map one page at @a, store to it, unmap it, and wait for the grace
 * period: with no other VMA nearby its PTE, PMD and PUD tables are freed,
 * poisoned and quarantined.  Returns the PGD entry and the PTE table the
 * page had, for tests that play a stale walker.
 */
static pgd_t free_tables_at(struct mm_struct *mm, uint64_t a, mmk_entry_t **pte_table)
{
	pgd_t pgd;

	assert_int_equal(mmk_mmap(mm, a, PG, RW, 0), 0);
	tm_put(mm, a, a);
	pgd = entry_read(pgd_offset(mm, a));
	if (pte_table)
		*pte_table = (mmk_entry_t *)pfn_to_virt(mm->m,
				pmd_pfn(entry_read(tm_find_pmd(mm, a))));
	assert_int_equal(mmk_munmap(mm, a, PG), 0);
	mmk_sync(mm->m);
	return pgd;
}

/* ---- healthy states: every operation, every policy ---- */
static void healthy_mix(void **state, enum mmk_policy policy)
{
	struct tm_fix *f = fix_start(state, policy, 256 * MiB);
	struct mmk_machine *m = f->m;
	struct mm_struct *mm = f->mm, *child;
	const uint64_t len = 4 * MiB;	/* two PTE tables */

	assert_healthy(m);
	assert_int_equal(mmk_mmap(mm, VA, len, RW, 0), 0);
	tm_fill(mm, VA, len, 1);
	assert_healthy(m);
	/* Read faults map the zero page; shmem keeps a page-cache reference. */
	assert_int_equal(mmk_mmap(mm, VB, 64 * PG, MMK_PROT_READ, 0), 0);
	for (uint64_t a = VB; a < VB + 64 * PG; a += PG)
		assert_int_equal(tm_get(mm, a), 0);
	assert_int_equal(mmk_mmap(mm, VB + MiB, 16 * PG, RW, MMK_MAP_SHARED), 0);
	tm_fill(mm, VB + MiB, 16 * PG, 2);
	assert_healthy(m);

	/* fork shares everything write-protected; COW in both directions. */
	assert_int_equal(mmk_fork(mm, &child), 0);
	f->mm2 = child;
	assert_healthy(m);
	tm_fill(child, VA, MiB, 3);
	assert_healthy(m);
	tm_fill(mm, VA + MiB, MiB, 4);
	tm_fill(child, VB + MiB, 4 * PG, 5);	/* shared: seen by both */
	assert_healthy(m);
	tm_check_fill(mm, VA, MiB, 1);
	tm_check_fill(child, VA, MiB, 3);
	tm_check_fill(mm, VB + MiB, 4 * PG, 5);

	/* mprotect: read-only, PROT_NONE, and back (exclusive pages go writable). */
	assert_int_equal(mmk_mprotect(mm, VA + MiB, MiB, MMK_PROT_READ), 0);
	assert_int_equal(mmk_mprotect(mm, VA + 2 * MiB, 64 * PG, MMK_PROT_NONE), 0);
	assert_healthy(m);
	assert_int_equal(mmk_mprotect(mm, VA + MiB, 2 * MiB, RW), 0);
	assert_healthy(m);

	/* DONTNEED of a whole table (reclaimed by linux and full) and of a part. */
	assert_int_equal(mmk_madvise(child, VA, 2 * MiB, MMK_MADV_DONTNEED), 0);
	assert_int_equal(mmk_madvise(child, VA + 2 * MiB, 2 * MiB, MMK_MADV_DONTNEED), 0);
	assert_int_equal(mmk_madvise(mm, VA + 2 * MiB, 8 * PG, MMK_MADV_DONTNEED), 0);
	assert_healthy(m);

	/* MADV_FREE then pageout discards the clean exclusive pages. */
	assert_int_equal(mmk_madvise(mm, VA + 3 * MiB, MiB, MMK_MADV_FREE), 0);
	assert_int_equal(mmk_madvise(mm, VA + 3 * MiB, MiB, MMK_MADV_PAGEOUT), 0);
	assert_healthy(m);
	assert_int_equal(tm_get(mm, VA + 3 * MiB), 0);

	/* mremap moves entries; munmap of a part; then the child exits. */
	assert_int_equal(mmk_mremap(mm, VA + MiB, MiB, 0x100000000ULL, 2 * MiB, 0), 0);
	assert_healthy(m);
	for (uint64_t o = 0; o < MiB; o += PG)	/* the data moved with its page */
		assert_int_equal(tm_get(mm, 0x100000000ULL + o), tm_pattern(4, VA + MiB + o));
	assert_int_equal(mmk_munmap(mm, VA + 2 * MiB + 64 * PG, 128 * PG), 0);
	assert_healthy(m);
	mmk_exit(child);
	f->mm2 = NULL;
	assert_healthy(m);

	/* Enough table frees to cycle the quarantine several times. */
	for (uint64_t i = 0; i < 100; i++)
		free_tables_at(mm, 0x10000000000ULL + i * GiB, NULL);
	assert_healthy(m);
	assert_int_equal(tm_get(mm, 0x100000000ULL), tm_pattern(4, VA + MiB));
	fix_stop(f);
}

/* Quarantined frames are free: running out of RAM takes them back. */
static void test_quarantine_oom(void **state)
{
	struct tm_fix *f = fix_start(state, MMK_POLICY_LINUX, 160 * PG);
	struct mm_struct *mm = f->mm;
	uint64_t n;

	for (uint64_t i = 0; i < 40; i++)	/* 3 tables each into quarantine */
		free_tables_at(mm, 0x10000000000ULL + i * GiB, NULL);
	/* Every frame but the PGD and a few tables: needs the quarantine's. */
	n = 160 - 8;
	assert_int_equal(mmk_mmap(mm, VA, n * PG, RW, 0), 0);
	tm_fill(mm, VA, n * PG, 7);
	tm_check_fill(mm, VA, n * PG, 7);
	assert_healthy(f->m);
	fix_stop(f);
}

/* ---- corrupted states: each check catches its own ---- */

/* 5: a mapcount that does not match the entries. */
static void test_mapcount(void **state)
{
	struct tm_fix *f = fix_start(state, MMK_POLICY_LINUX, 64 * MiB);
	struct mmk_violation v;
	struct page *p;
	char want[64];

	assert_int_equal(mmk_mmap(f->mm, VA, 4 * PG, RW, 0), 0);
	tm_fill(f->mm, VA, 4 * PG, 1);
	assert_healthy(f->m);
	p = page_at(f->mm, VA + PG);
	atomic_inc(&p->_mapcount);
	v = expect_violation(f->m, 5);
	snprintf(want, sizeof(want), "mm %p at %#llx", (void *)f->mm,
		 (unsigned long long)(VA + PG));
	assert_non_null(strstr(v.what, "has mapcount 2 but 1 entries map it"));
	assert_non_null(strstr(v.what, want));
	assert_int_equal(v.addr, VA + PG);
	atomic_dec(&p->_mapcount);
	assert_healthy(f->m);

	/* A mapped shmem page holds the page cache's reference as well. */
	assert_int_equal(mmk_mmap(f->mm, VB, 4 * PG, RW, MMK_MAP_SHARED), 0);
	tm_put(f->mm, VB, 1);
	p = page_at(f->mm, VB);
	assert_int_equal(page_ref_count(p), 2);
	atomic_dec(&p->_refcount);
	v = expect_violation(f->m, 5);
	assert_non_null(strstr(v.what, "shmem page pfn"));
	assert_non_null(strstr(v.what, "refcount 1, below its mapcount 1 plus the "
			       "page cache's reference"));
	atomic_inc(&p->_refcount);
	assert_healthy(f->m);
	fix_stop(f);
}

/* 6: a COW-shared page made writable in the child by hand. */
static void test_cow_writable(void **state)
{
	struct tm_fix *f = fix_start(state, MMK_POLICY_LINUX, 64 * MiB);
	struct mmk_violation v;
	pte_t old;

	assert_int_equal(mmk_mmap(f->mm, VA, 4 * PG, RW, 0), 0);
	tm_fill(f->mm, VA, 4 * PG, 1);
	assert_int_equal(mmk_fork(f->mm, &f->mm2), 0);
	assert_healthy(f->m);
	old = pte_set(f->mm2, VA, pte_mkwrite(pte_get(f->mm2, VA)));
	v = expect_violation(f->m, 6);
	assert_non_null(strstr(v.what, "mapped by 2 entries, 1 of them writable"));
	pte_set(f->mm2, VA, old);
	assert_healthy(f->m);

	/* Writable in its only mapping, but not PageAnonExclusive: 6 as well. */
	mmk_exit(f->mm2);
	f->mm2 = NULL;
	assert_false(PageAnonExclusive(page_at(f->mm, VA)));
	old = pte_set(f->mm, VA, pte_mkwrite(pte_get(f->mm, VA)));
	v = expect_violation(f->m, 6);
	assert_non_null(strstr(v.what, "not PageAnonExclusive"));
	pte_set(f->mm, VA, old);
	assert_healthy(f->m);
	fix_stop(f);
}

/*
 * 7: a pinned anonymous page shared COW.  Fork copies a pinned page and a
 * read-only pin unshares first, so the check passes; with either step
 * switched off (the historical bugs) the page ends up pinned and mapped
 * by parent and child.  A grab that is not a committed pin (GUP-fast's
 * speculative one, before its recheck) does not count.
 */
static void test_pinned_shared(void **state)
{
	struct tm_fix *f = fix_start(state, MMK_POLICY_LINUX, 64 * MiB);
	struct mmk_machine *m = f->m;
	struct mmk_violation v;
	struct page *pg = NULL, *ro = NULL;

	assert_int_equal(mmk_mmap(f->mm, VA, 4 * PG, RW, 0), 0);
	tm_fill(f->mm, VA, 4 * PG, 1);
	assert_int_equal(mmk_pin_user_pages_fast(f->mm, VA, 1, MMK_FOLL_WRITE, &pg), 1);
	assert_int_equal(atomic_read(page_check_pins(m, pg)), 1);
	assert_int_equal(mmk_fork(f->mm, &f->mm2), 0);
	assert_true(page_at(f->mm2, VA) != pg);		/* copied for the child */
	assert_healthy(m);
	mmk_exit(f->mm2);

	m->cfg.bugs |= MMK_BUG_FORK_SHARE_PINNED;
	assert_int_equal(mmk_fork(f->mm, &f->mm2), 0);
	m->cfg.bugs &= ~(uint64_t)MMK_BUG_FORK_SHARE_PINNED;
	v = expect_violation(m, 7);
	assert_non_null(strstr(v.what, "is pinned (1 pin) but mapped by 2 entries"));
	mmk_unpin_user_pages(m, &pg, 1);
	assert_int_equal(atomic_read(page_check_pins(m, pg)), 0);
	assert_healthy(m);		/* sharing an unpinned page is COW as usual */

	/* VA + PG is shared with the child now: a speculative grab is not a pin. */
	ro = page_at(f->mm, VA + PG);
	assert_int_equal(page_at(f->mm2, VA + PG), ro);
	atomic_add(GUP_PIN_COUNTING_BIAS, &ro->_refcount);
	assert_healthy(m);
	atomic_add(-GUP_PIN_COUNTING_BIAS, &ro->_refcount);

	/* A read-only pin of it must unshare first... */
	assert_int_equal(mmk_pin_user_pages(f->mm, VA + PG, 1, MMK_FOLL_LONGTERM, &ro), 1);
	assert_true(page_at(f->mm2, VA + PG) != ro);
	assert_healthy(m);
	mmk_unpin_user_pages(m, &ro, 1);
	/* ... which the bug skips, on the still-shared VA + 2 * PG. */
	m->cfg.bugs |= MMK_BUG_GUP_NO_UNSHARE;
	assert_int_equal(mmk_pin_user_pages(f->mm, VA + 2 * PG, 1, MMK_FOLL_LONGTERM, &ro), 1);
	m->cfg.bugs &= ~(uint64_t)MMK_BUG_GUP_NO_UNSHARE;
	assert_int_equal(page_at(f->mm2, VA + 2 * PG), ro);
	expect_violation(m, 7);
	mmk_unpin_user_pages(m, &ro, 1);
	assert_healthy(m);
	fix_stop(f);
}

/* 8: a TLB entry, or a PTE, for a freed frame. */
static void test_free_frame_mapped(void **state)
{
	struct tm_fix *f = fix_start(state, MMK_POLICY_LINUX, 64 * MiB);
	struct mmk_machine *m = f->m;
	struct cpu *c = &m->cpus[1];
	struct page *freed;
	struct mmk_violation v;
	uint64_t pfn;
	pte_t old;

	assert_int_equal(mmk_mmap(f->mm, VA, 4 * PG, RW, 0), 0);
	tm_fill(f->mm, VA, 4 * PG, 1);
	assert_healthy(m);
	freed = alloc_page(m, 0);	/* nothing allocates after this */
	pfn = page_to_pfn(m, freed);
	put_page(m, freed);
	assert_true(PageTest(freed, PG_free));

	spin_lock(&c->tlb_lock);
	c->tlb[7] = (struct tlb_entry){ .mm_id = f->mm->id, .vpn = VA >> PAGE_SHIFT,
					.pfn = pfn, .write = true, .dirty = true };
	spin_unlock(&c->tlb_lock);
	v = expect_violation(m, 8);
	assert_non_null(strstr(v.what, "CPU 1's TLB maps"));
	assert_non_null(strstr(v.what, "a free frame"));
	spin_lock(&c->tlb_lock);
	c->tlb[7].mm_id = 0;
	spin_unlock(&c->tlb_lock);
	assert_healthy(m);

	old = pte_set(f->mm, VA + PG, pte_modify(pfn_pte(pfn, 0), pte_get(f->mm, VA + PG)));
	flush_tlb_mm(f->mm);
	v = expect_violation(m, 8);
	assert_non_null(strstr(v.what, "a freed frame"));
	assert_int_equal(v.addr, VA + PG);
	pte_set(f->mm, VA + PG, old);
	assert_healthy(m);
	fix_stop(f);
}

/* 9: a PTE changed without a flush leaves a stale TLB entry. */
static void test_stale_tlb(void **state)
{
	struct tm_fix *f = fix_start(state, MMK_POLICY_LINUX, 64 * MiB);
	struct mmk_violation v;

	assert_int_equal(mmk_mmap(f->mm, VA, 4 * PG, RW, 0), 0);
	tm_fill(f->mm, VA, 4 * PG, 1);	/* CPU 0 caches VA writable, dirty */
	assert_healthy(f->m);
	pte_set(f->mm, VA, pte_wrprotect(pte_get(f->mm, VA)));
	v = expect_violation(f->m, 9);
	assert_non_null(strstr(v.what, "CPU 0's TLB maps"));
	assert_non_null(strstr(v.what, "(read-only): the change was not flushed"));
	assert_int_equal(v.addr, VA);
	flush_tlb_page(f->mm, VA);
	assert_healthy(f->m);

	/* Cleaning the dirty bit needs a flush too. */
	tm_put(f->mm, VA + PG, 9);
	pte_set(f->mm, VA + PG, pte_mkclean(pte_get(f->mm, VA + PG)));
	v = expect_violation(f->m, 9);
	assert_non_null(strstr(v.what, "(clean)"));
	flush_tlb_page(f->mm, VA + PG);
	assert_healthy(f->m);
	fix_stop(f);
}

/* 4: per-mm page-table accounting off by one. */
static void test_accounting(void **state)
{
	struct tm_fix *f = fix_start(state, MMK_POLICY_LINUX, 64 * MiB);
	struct mmk_violation v;

	assert_int_equal(mmk_mmap(f->mm, VA, 4 * PG, RW, 0), 0);
	tm_fill(f->mm, VA, 4 * PG, 1);
	atomic64_add(-1, &f->mm->nr_ptes);
	v = expect_violation(f->m, 4);
	assert_non_null(strstr(v.what, "nr_ptes = 0 but 1 PTE tables are reachable"));
	atomic64_add(1, &f->mm->nr_ptes);
	assert_healthy(f->m);

	/* Machine-wide: a table frame nobody can reach. */
	atomic64_add(1, &f->m->pgtable_frames);
	v = expect_violation(f->m, 4);
	assert_non_null(strstr(v.what, "pgtable_frames"));
	atomic64_add(-1, &f->m->pgtable_frames);
	assert_healthy(f->m);
	fix_stop(f);
}

/*
 * 4: a PTE table's entry summary that leaves out a line holding an entry
 * (a zap would skip the entry and leave the page mapped).
 */
static void test_entry_summary(void **state)
{
	struct tm_fix *f = fix_start(state, MMK_POLICY_LINUX, 64 * MiB);
	struct mmk_violation v;
	struct page *table;
	const uint64_t bit = (uint64_t)1 << 2;	/* VA + 17 pages: entry 17, line 2 */

	assert_int_equal(mmk_mmap(f->mm, VA, 32 * PG, RW, 0), 0);
	tm_put(f->mm, VA + 17 * PG, 5);
	table = pfn_to_page(f->m, pmd_pfn(entry_read(tm_find_pmd(f->mm, VA))));
	assert_int_equal(atomic_load(&table->pt_used), bit);
	atomic_fetch_and(&table->pt_used, ~bit);
	v = expect_violation(f->m, 4);
	assert_non_null(strstr(v.what, "missing from the table's entry summary"));
	assert_int_equal(v.addr, VA + 17 * PG);
	atomic_fetch_or(&table->pt_used, bit);
	assert_healthy(f->m);
	fix_stop(f);
}

/*
 * 8: the pool's free list cut into runs (page_alloc.c) whose head says a
 * length the list does not have: a refill would hand a CPU frames of the
 * next run, or stop short of the run's tail.
 */
static void test_pool_runs(void **state)
{
	struct tm_fix *f = fix_start(state, MMK_POLICY_LINUX, 64 * MiB);
	struct mmk_machine *m = f->m;
	struct mmk_violation v;
	struct page *top;

	assert_int_equal(mmk_mmap(f->mm, VA, 4 * PG, RW, 0), 0);
	tm_fill(f->mm, VA, 4 * PG, 1);	/* the pool has grown: runs on its list */
	assert_healthy(m);
	spin_lock(&m->pool_lock);
	top = m->free_list;
	assert_non_null(top);
	top->run_nr++;
	spin_unlock(&m->pool_lock);
	v = expect_violation(m, 8);
	assert_non_null(strstr(v.what, "the pool's free list"));
	spin_lock(&m->pool_lock);
	top->run_nr--;
	spin_unlock(&m->pool_lock);
	assert_healthy(m);
	fix_stop(f);
}

/* 2: freeing a table that still holds an entry (continuous check). */
static void test_free_live_table(void **state)
{
	struct tm_fix *f = fix_start(state, MMK_POLICY_LINUX, 64 * MiB);
	struct mm_struct *mm = f->mm;
	struct mmk_machine *m = f->m;
	mmk_entry_t *pmdp;
	struct page *table, *data;
	struct mmk_violation v;
	spinlock_t *pml;
	pmd_t pmdval;

	assert_int_equal(mmk_mmap(mm, VA, 4 * PG, RW, 0), 0);
	tm_put(mm, VA + 2 * PG, 1);
	data = page_at(mm, VA + 2 * PG);
	/* Detach the table by hand, as a buggy reclaim would, and free it. */
	pmdp = tm_find_pmd(mm, VA);
	pml = pmd_lock(mm, pmdp);
	pmdval = entry_xchg(pmdp, 0);
	mm_pgtables_add(mm, 1, -1);
	spin_unlock(pml);
	flush_tlb_mm(mm);
	table = pfn_to_page(m, pmd_pfn(pmdval));
	pte_free_now(m, table);
	v = expect_pending(m, 2);
	assert_int_equal(v.addr, VA + 2 * PG);
	assert_non_null(strstr(v.what, "PTE table pfn"));
	assert_non_null(strstr(v.what, "freed with 1 entries still set"));
	/* The table is poison now; undo what the entry held. */
	assert_int_equal(entry_read((mmk_entry_t *)page_address(m, table)), PTE_POISON);
	atomic_dec(&data->_mapcount);
	add_mm_counter(mm, MM_ANONPAGES, -1);
	put_page(m, data);
	mmk_set_checking(m, true);	/* forget the recorded violation */
	assert_healthy(m);
	fix_stop(f);
}

/* 1: a lockless walker holding a pmd pointer into a freed PMD table. */
static void test_poison_pte_offset_map(void **state)
{
	struct tm_fix *f = fix_start(state, MMK_POLICY_FULL, 64 * MiB);
	struct mm_struct *mm = f->mm;
	struct mmk_violation v;
	mmk_entry_t *pmdp, *pte;
	pmd_t pmdval;

	assert_int_equal(mmk_mmap(mm, VA, 2 * MiB, RW, 0), 0);
	tm_put(mm, VA, 1);
	pmdp = tm_find_pmd(mm, VA);
	assert_non_null(pmdp);
	/* policy full frees the PTE, PMD and PUD tables; the GP passes. */
	assert_int_equal(mmk_madvise(mm, VA, 2 * MiB, MMK_MADV_DONTNEED), 0);
	mmk_sync(f->m);
	assert_int_equal(tm_stats(mm).pmd_tables, 0);
	assert_int_equal(mmk_violation_pending(f->m, NULL), 0);
	/* The stale walker reads the pmd: poison, and no table. */
	pte = __pte_offset_map(mm, pmdp, VA, &pmdval);
	assert_null(pte);
	assert_int_equal(pmdval, PTE_POISON);
	v = expect_pending(f->m, 1);
	assert_int_equal(v.addr, VA);
	assert_non_null(strstr(v.what, "pte_offset_map read poison"));
	assert_non_null(strstr(v.what, "freed PMD table"));
	mmk_set_checking(f->m, true);
	assert_healthy(f->m);
	fix_stop(f);
}

/* 1 (hardware walker) and 2 (full check): a PGD entry left on a freed table. */
static void test_poison_hw_walk(void **state)
{
	struct tm_fix *f = fix_start(state, MMK_POLICY_LINUX, 64 * MiB);
	struct mm_struct *mm = f->mm;
	const uint64_t a = 0x7f0000000000ULL;	/* alone in its PGD entry */
	mmk_entry_t *pgdp = pgd_offset(mm, a);
	struct mmk_violation v;
	uint64_t val;
	pgd_t pgd;

	pgd = free_tables_at(mm, a, NULL);
	assert_int_equal(entry_read(pgdp), 0);
	entry_write(pgdp, pgd);			/* the bug: a stale PGD entry */
	assert_int_equal(tm_read64(mm, a, &val), -MMK_SIGSEGV);
	v = expect_pending(f->m, 1);
	assert_int_equal(v.addr, a);
	assert_non_null(strstr(v.what, "the hardware walker read poison"));
	assert_non_null(strstr(v.what, "freed PUD table"));
	v = expect_violation(f->m, 2);
	assert_non_null(strstr(v.what, "was freed while the PGD entry"));
	entry_write(pgdp, 0);
	mmk_set_checking(f->m, true);
	assert_healthy(f->m);
	fix_stop(f);
}

/* 1: a write into a quarantined table frame (through a stale pointer). */
static void test_quarantine_written(void **state)
{
	struct tm_fix *f = fix_start(state, MMK_POLICY_LINUX, 64 * MiB);
	struct mm_struct *mm = f->mm;
	mmk_entry_t *table;
	struct mmk_violation v;

	free_tables_at(mm, VA, &table);
	assert_int_equal(entry_read(&table[5]), PTE_POISON);
	entry_write(&table[5], 0);
	v = expect_violation(f->m, 1);
	assert_int_equal(v.addr, VA + 5 * PG);
	assert_non_null(strstr(v.what, "was written after the table was freed"));
	entry_write(&table[5], PTE_POISON);
	assert_healthy(f->m);
	fix_stop(f);
}

/* Not quiescent: an mmap_lock held for write. */
static void test_busy(void **state)
{
	struct tm_fix *f = fix_start(state, MMK_POLICY_LINUX, 64 * MiB);

	mmap_write_lock(f->mm);
	assert_int_equal(mmk_check(f->m, NULL), -EBUSY);
	mmap_write_unlock(f->mm);
	assert_int_equal(mmk_check(f->m, NULL), 0);
	fix_stop(f);
}

/* ---- continuous checks under concurrency: no false positives ---- */
struct racer {
	struct mmk_machine *m;
	struct mm_struct *mm;
	unsigned int cpu, rounds;
	int err;
};

static void *racer_main(void *p)
{
	struct racer *r = p;

	r->err = mmk_cpu_attach(r->m, r->cpu);
	for (unsigned int i = 0; !r->err && i < r->rounds; i++) {
		uint64_t a = VA + (i % 4) * 2 * MiB;

		for (uint64_t o = 0; !r->err && o < 2 * MiB; o += 64 * PG)
			r->err = tm_write64(r->mm, a + o, i);
		if (!r->err)
			r->err = mmk_madvise(r->mm, a, 2 * MiB, MMK_MADV_DONTNEED);
	}
	mmk_cpu_detach(r->m);
	return NULL;
}

static void concurrent(void **state, enum mmk_policy policy)
{
	struct tm_fix *f = fix_start(state, policy, 256 * MiB);
	struct racer r[2];
	pthread_t th[2];
	struct mm_struct *child;

	assert_int_equal(mmk_mmap(f->mm, VA, 8 * MiB, RW, 0), 0);
	for (unsigned int i = 0; i < 2; i++) {
		r[i] = (struct racer){ .m = f->m, .mm = f->mm, .cpu = i + 1,
				       .rounds = 40 * tm_scale() };
		assert_int_equal(pthread_create(&th[i], NULL, racer_main, &r[i]), 0);
	}
	for (unsigned int i = 0; i < 5; i++) {
		assert_int_equal(mmk_fork(f->mm, &child), 0);
		mmk_exit(child);
	}
	for (unsigned int i = 0; i < 2; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(r[i].err, 0);
	}
	assert_healthy(f->m);
	fix_stop(f);
}

/* fn under each policy, with a fixture that cleans up after a failure. */
#define CHECK_POLICY_1(fn, name, policy) \
	static void test_##fn##_##name(void **state) { fn(state, policy); }
#define CHECK_POLICY_TESTS(fn) \
	CHECK_POLICY_1(fn, keep, MMK_POLICY_KEEP) \
	CHECK_POLICY_1(fn, linux, MMK_POLICY_LINUX) \
	CHECK_POLICY_1(fn, refcount, MMK_POLICY_REFCOUNT) \
	CHECK_POLICY_1(fn, rwsem, MMK_POLICY_RWSEM) \
	CHECK_POLICY_1(fn, full, MMK_POLICY_FULL)
#define T(fn) cmocka_unit_test_setup_teardown(fn, tm_setup_empty, tm_teardown)
#define CHECK_POLICY_LIST(fn) \
	T(test_##fn##_keep), T(test_##fn##_linux), T(test_##fn##_refcount), \
	T(test_##fn##_rwsem), T(test_##fn##_full)
CHECK_POLICY_TESTS(healthy_mix)
CHECK_POLICY_TESTS(concurrent)

int main(void)
{
	const struct CMUnitTest tests[] = {
		CHECK_POLICY_LIST(healthy_mix),
		T(test_quarantine_oom),
		T(test_mapcount),
		T(test_cow_writable),
		T(test_pinned_shared),
		T(test_free_frame_mapped),
		T(test_stale_tlb),
		T(test_accounting),
		T(test_entry_summary),
		T(test_pool_runs),
		T(test_free_live_table),
		T(test_poison_pte_offset_map),
		T(test_poison_hw_walk),
		T(test_quarantine_written),
		T(test_busy),
		CHECK_POLICY_LIST(concurrent),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

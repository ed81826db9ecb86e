/* SPDX-License-Identifier: MIT */
/*
 * test_pgtable.c - page-table entries and the pte_offset_map family.
 *
 * White-box: entry helpers from pgtable.h, vm_get_page_prot, and the walk
 * API (pgtable.c) on hand-made and fault-made tables of a real mm,
 * including pte_offset_map_lock()'s pmd_same retry when the table is
 * detached while a second thread waits for its PTL; then per-level
 * page-table accounting through the public statistics.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <sched.h>
#include "pgtable.h"
#include "mmap_lock.h"
#include "unit/mmk_test.h"
#include "unit/pt_test.h"

/* ---- entry helpers ---- */

static void test_pte_bit_helpers(void **state)
{
	(void)state;
	const uint64_t pfn = 0x1234;
	pte_t p = pfn_pte(pfn, _PAGE_PRESENT | _PAGE_USER);

	assert_false(pte_none(p));
	assert_true(pte_present(p));
	assert_true(pte_hw_present(p));
	assert_false(pte_write(p));
	assert_false(pte_dirty(p));
	assert_false(pte_young(p));
	assert_false(pte_special(p));
	assert_int_equal(pte_pfn(p), pfn);

	assert_true(pte_write(pte_mkwrite(p)));
	assert_false(pte_write(pte_wrprotect(pte_mkwrite(p))));
	assert_true(pte_dirty(pte_mkdirty(p)));
	assert_false(pte_dirty(pte_mkclean(pte_mkdirty(p))));
	assert_true(pte_young(pte_mkyoung(p)));
	assert_false(pte_young(pte_mkold(pte_mkyoung(p))));
	assert_true(pte_special(pte_mkspecial(p)));

	/* Each modifier touches its own bit only. */
	pte_t all = pte_mkspecial(pte_mkyoung(pte_mkdirty(pte_mkwrite(p))));
	assert_int_equal(pte_pfn(all), pfn);
	assert_true(pte_present(all));
	assert_int_equal(pte_wrprotect(all), all & ~_PAGE_RW);
	assert_int_equal(pte_mkclean(all), all & ~_PAGE_DIRTY);
	assert_int_equal(pte_mkold(all), all & ~_PAGE_ACCESSED);
	assert_true(pte_dirty(pte_wrprotect(all)));
	assert_true(pte_write(pte_mkclean(all)));

	/* The largest pfn the 52-bit physical space holds round-trips. */
	const uint64_t big = (1ULL << 40) - 1;
	assert_int_equal(pte_pfn(pte_mkdirty(pfn_pte(big, _PAGE_PRESENT))), big);
	assert_true(pte_none(0));
	assert_false(pte_present(0));
}

static void test_pte_modify(void **state)
{
	(void)state;
	const uint64_t pfn = 0xabcde;
	pgprot_t rw_shared = vm_get_page_prot(VM_READ | VM_WRITE | VM_SHARED);
	pte_t p = pte_mkyoung(pte_mkdirty(pfn_pte(pfn, rw_shared)));

	assert_true(pte_write(p));
	/* RW -> R: protection replaced, pfn/dirty/accessed kept. */
	pte_t r = pte_modify(p, vm_get_page_prot(VM_READ));
	assert_int_equal(pte_pfn(r), pfn);
	assert_true(pte_dirty(r));
	assert_true(pte_young(r));
	assert_false(pte_write(r));
	assert_true(pte_hw_present(r));
	assert_true(r & _PAGE_NX);
	/* R -> RX drops NX. */
	assert_false(pte_modify(r, vm_get_page_prot(VM_READ | VM_EXEC)) & _PAGE_NX);

	/* A clean, old entry stays clean and old. */
	pte_t c = pte_modify(pte_mkold(pte_mkclean(p)), vm_get_page_prot(VM_READ));
	assert_false(pte_dirty(c));
	assert_false(pte_young(c));

	/* PROT_NONE: present to software, not to the hardware walker. */
	pte_t n = pte_modify(p, vm_get_page_prot(0));
	assert_true(pte_present(n));
	assert_false(pte_hw_present(n));
	assert_true(pte_protnone(n));
	assert_false(pte_none(n));
	assert_false(is_swap_pte(n));
	assert_false(pte_write(n));
	assert_int_equal(pte_pfn(n), pfn);
	assert_true(pte_dirty(n));
	assert_true(pte_young(n));

	/* And back: hardware-present again, contents of the entry intact. */
	pte_t b = pte_modify(n, rw_shared);
	assert_true(pte_hw_present(b));
	assert_false(pte_protnone(b));
	assert_true(pte_write(b));
	assert_true(pte_dirty(b));
	assert_int_equal(pte_pfn(b), pfn);
	assert_int_equal(b, p);

	/* The special bit survives a protection change (zero page). */
	pte_t z = pte_mkspecial(pfn_pte(pfn, vm_get_page_prot(VM_READ)));
	assert_true(pte_special(pte_modify(z, vm_get_page_prot(0))));
	assert_true(pte_special(pte_modify(z, vm_get_page_prot(VM_READ | VM_WRITE))));
}

static void test_swap_entries(void **state)
{
	(void)state;
	const uint64_t pfns[] = { 0, 1, 0x1234, (1ULL << 40) - 1 };
	static const unsigned int migration[] = {
		SWP_MIGRATION_READ, SWP_MIGRATION_READ_EXCLUSIVE, SWP_MIGRATION_WRITE,
	};
	static const unsigned int device[] = { SWP_DEVICE_READ, SWP_DEVICE_WRITE };

	for (unsigned int i = 0; i < sizeof(pfns) / sizeof(pfns[0]); i++) {
		for (unsigned int t = 0; t < 3; t++) {
			pte_t e = swp_entry_to_pte(migration[t], pfns[i]);
			assert_false(pte_none(e));
			assert_false(pte_present(e));
			assert_true(is_swap_pte(e));
			assert_true(is_migration_entry(e));
			assert_false(is_device_private_entry(e));
			assert_int_equal(swp_type(e), migration[t]);
			assert_int_equal(pte_pfn(e), pfns[i]);
			/* Migration entries carry young and dirty. */
			pte_t yd = pte_mkyoung(pte_mkdirty(e));
			assert_true(is_migration_entry(yd));
			assert_int_equal(swp_type(yd), migration[t]);
			assert_int_equal(pte_pfn(yd), pfns[i]);
			assert_true(pte_dirty(yd) && pte_young(yd));
			assert_false(pte_dirty(e) || pte_young(e));
		}
		for (unsigned int t = 0; t < 2; t++) {
			pte_t e = swp_entry_to_pte(device[t], pfns[i]);
			assert_true(is_swap_pte(e));
			assert_true(is_device_private_entry(e));
			assert_false(is_migration_entry(e));
			assert_int_equal(swp_type(e), device[t]);
			assert_int_equal(pte_pfn(e), pfns[i]);
		}
		/* Device-exclusive is neither. */
		pte_t x = swp_entry_to_pte(SWP_DEVICE_EXCLUSIVE, pfns[i]);
		assert_true(is_swap_pte(x));
		assert_false(is_device_private_entry(x));
		assert_false(is_migration_entry(x));
	}
	/* Present and none entries are neither. */
	assert_false(is_migration_entry(0));
	assert_false(is_device_private_entry(0));
	pte_t present = pfn_pte(5, _PAGE_PRESENT | ((uint64_t)SWP_MIGRATION_WRITE << SWP_TYPE_SHIFT));
	assert_false(is_migration_entry(present));
}

static void test_vm_get_page_prot(void **state)
{
	(void)state;
	pgprot_t priv_rw = vm_get_page_prot(VM_READ | VM_WRITE);
	pgprot_t shared_rw = vm_get_page_prot(VM_READ | VM_WRITE | VM_SHARED | VM_MAYSHARE);
	pgprot_t priv_r = vm_get_page_prot(VM_READ);
	pgprot_t shared_r = vm_get_page_prot(VM_READ | VM_SHARED);
	pgprot_t none = vm_get_page_prot(0);
	pgprot_t rx = vm_get_page_prot(VM_READ | VM_EXEC);
	pgprot_t w = vm_get_page_prot(VM_WRITE);

	/* Private writable is read-only until the write fault (COW). */
	assert_true(pte_hw_present(priv_rw));
	assert_false(pte_write(priv_rw));
	assert_true(priv_rw & _PAGE_USER);
	assert_true(priv_rw & _PAGE_NX);
	assert_true(pte_write(shared_rw));
	assert_true(pte_hw_present(shared_rw));
	assert_false(pte_write(priv_r));
	assert_false(pte_write(shared_r));
	assert_true(pte_hw_present(priv_r));
	assert_false(pte_hw_present(none));
	assert_true(pte_protnone(none));
	assert_false(pte_write(none));
	assert_false(rx & _PAGE_NX);
	assert_true(pte_hw_present(w));
	assert_false(pte_write(w));
}

/* ---- the walk API on a real mm ---- */

#define WALK_VA 0x10000000ULL	/* a touched, mapped page */
#define HAND_VA (5 * GiB)	/* hand-made tables, no VMA */

/* A PMD entry for @va, allocating PUD and PMD tables by hand. */
static mmk_entry_t *hand_pmd(struct mm_struct *mm, uint64_t va)
{
	mmk_entry_t *pmd = NULL;

	mmap_read_lock(mm);
	assert_int_equal(walk_alloc_pmd(mm, va, &pmd), 0);
	mmap_read_unlock(mm);
	assert_non_null(pmd);
	return pmd;
}

/* A PTE table below *@pmdp, as a fault would install it. */
static void hand_pte_table(struct mm_struct *mm, mmk_entry_t *pmdp)
{
	struct page *installed;

	assert_int_equal(pte_alloc_install(mm, pmdp, &installed), 0);
	if (installed)
		pte_install_put(mm, installed);
}

static void test_pte_offset_map_populated(void **state)
{
	struct tm_fix *f = *state;
	struct mm_struct *mm = f->mm;
	struct mmk_machine *m = f->m;

	assert_int_equal(mmk_mmap(mm, WALK_VA, 4 * PG, MMK_PROT_READ | MMK_PROT_WRITE, 0), 0);
	tm_put(mm, WALK_VA + PG, 42);
	struct mmk_page_info page = tm_page(mm, WALK_VA + PG);

	mmap_read_lock(mm);
	mmk_entry_t *pmdp = mm_find_pmd(mm, WALK_VA + PG);
	assert_non_null(pmdp);
	pmd_t pmd = entry_read(pmdp);
	assert_false(pmd_none(pmd));
	assert_false(pmd_bad(pmd));
	mmk_entry_t *base = (mmk_entry_t *)pfn_to_virt(m, pmd_pfn(pmd));
	struct page *table = pfn_to_page(m, pmd_pfn(pmd));
	assert_true(PageTable(table));
	assert_int_equal(table_level(table), 1);

	/* pte_offset_map: the right entry, inside RCU until pte_unmap. */
	assert_false(rcu_read_held());
	mmk_entry_t *pte = pte_offset_map(mm, pmdp, WALK_VA + PG);
	assert_ptr_equal(pte, base + pte_index(WALK_VA + PG));
	assert_true(rcu_read_held());
	pte_t ent = entry_read(pte);
	assert_true(pte_present(ent));
	assert_int_equal(pte_pfn(ent), page.pfn);
	assert_true(pte_none(entry_read(pte + 1)));	/* WALK_VA + 2 pages: untouched */
	pte_unmap(pte);
	assert_false(rcu_read_held());

	/* pte_offset_map_lock: PTL of this table held, pmd unchanged. */
	spinlock_t *ptl = NULL;
	pte = pte_offset_map_lock(mm, pmdp, WALK_VA + 3 * PG, &ptl);
	assert_ptr_equal(pte, base + pte_index(WALK_VA + 3 * PG));
	assert_ptr_equal(ptl, &table->ptl);
	assert_ptr_equal(ptl, pte_lockptr(mm, pmd));
	assert_true(spin_is_locked_by_me(ptl));
	assert_true(rcu_read_held());
	assert_int_equal(entry_read(pmdp), pmd);
	pte_unmap_unlock(pte, ptl);
	assert_false(spin_is_locked_by_me(ptl));
	assert_int_equal(atomic_load(&ptl->owner), 0);
	assert_false(rcu_read_held());

	/* _ro_nolock: the PTL pointer, not taken. */
	ptl = NULL;
	pte = pte_offset_map_ro_nolock(mm, pmdp, WALK_VA, &ptl);
	assert_ptr_equal(pte, base + pte_index(WALK_VA));
	assert_ptr_equal(ptl, &table->ptl);
	assert_false(spin_is_locked_by_me(ptl));
	assert_true(rcu_read_held());
	pte_unmap(pte);

	/* _rw_nolock: pmdval is the live pmd. */
	pmd_t pmdval = 0;
	ptl = NULL;
	pte = pte_offset_map_rw_nolock(mm, pmdp, WALK_VA + PG, &pmdval, &ptl);
	assert_ptr_equal(pte, base + pte_index(WALK_VA + PG));
	assert_int_equal(pmdval, entry_read(pmdp));
	assert_int_equal(pmdval, pmd);
	assert_ptr_equal(ptl, &table->ptl);
	assert_false(spin_is_locked_by_me(ptl));
	assert_true(rcu_read_held());
	pte_unmap(pte);
	assert_false(rcu_read_held());
	mmap_read_unlock(mm);
}

static void test_pte_offset_map_none_huge_bad(void **state)
{
	struct tm_fix *f = *state;
	struct mm_struct *mm = f->mm;
	spinlock_t *ptl = NULL;
	pmd_t pmdval = 0x5a5a;

	mmk_entry_t *pmdp = hand_pmd(mm, HAND_VA);
	mmap_read_lock(mm);

	/* none */
	assert_true(pmd_none(entry_read(pmdp)));
	assert_null(pte_offset_map(mm, pmdp, HAND_VA));
	assert_false(rcu_read_held());
	assert_null(pte_offset_map_lock(mm, pmdp, HAND_VA, &ptl));
	assert_false(rcu_read_held());
	assert_null(pte_offset_map_rw_nolock(mm, pmdp, HAND_VA, &pmdval, &ptl));
	assert_int_equal(pmdval, 0);	/* outputs what it sampled */
	assert_false(rcu_read_held());

	/* A PSE leaf, installed under the pmd lock: left alone. */
	pmd_t huge = (512ULL << PAGE_SHIFT) | _PAGE_PRESENT | _PAGE_RW | _PAGE_USER |
		     _PAGE_ACCESSED | _PAGE_DIRTY | _PAGE_PSE;
	spinlock_t *pml = pmd_lock(mm, pmdp);
	entry_write(pmdp, huge);
	spin_unlock(pml);
	assert_true(pmd_leaf(huge));
	assert_null(pte_offset_map(mm, pmdp, HAND_VA + PG));
	assert_false(rcu_read_held());
	assert_null(pte_offset_map_lock(mm, pmdp, HAND_VA, &ptl));
	assert_false(rcu_read_held());
	assert_int_equal(entry_read(pmdp), huge);

	/* A non-present, non-none pmd (migration-style): NULL, not cleared. */
	pmd_t mig = swp_entry_to_pte(SWP_MIGRATION_READ, 512);
	pml = pmd_lock(mm, pmdp);
	entry_write(pmdp, mig);
	spin_unlock(pml);
	assert_null(pte_offset_map(mm, pmdp, HAND_VA));
	assert_false(rcu_read_held());
	assert_int_equal(entry_read(pmdp), mig);

	/* A bad pmd (present, not a leaf, wrong flag bits): NULL and cleared. */
	pmd_t bad = pfn_table(7) & ~_PAGE_USER;
	assert_true(pmd_bad(bad));
	assert_false(pmd_leaf(bad));
	pml = pmd_lock(mm, pmdp);
	entry_write(pmdp, bad);
	spin_unlock(pml);
	assert_null(pte_offset_map(mm, pmdp, HAND_VA));
	assert_false(rcu_read_held());
	assert_int_equal(entry_read(pmdp), 0);

	mmap_read_unlock(mm);
	assert_int_equal(tm_stats(mm).pte_tables, 0);
}

/*
 * pte_offset_map_lock()'s pmd_same recheck.  The main thread ("A") holds
 * the pmd lock and the table's PTL; thread B calls pte_offset_map_lock().
 * A sched hook in B reports the moment B tries to take the PTL of the
 * table it sampled, so the detach provably happens between B's pmd sample
 * and B's lock: B must come back with NULL (or the replacement table),
 * never a pointer into the detached one.
 */
enum retry_mode { DETACH_WHILE_WAITING, DETACH_BEFORE_START, REPLACE_WHILE_WAITING,
		  DETACH_NO_RECHECK_BUG };

struct retry_arg {
	struct mm_struct *mm;
	mmk_entry_t *pmdp;
	uint64_t addr;
	spinlock_t *watch;		/* the PTL of the table being detached */
	atomic_int lock_tries;		/* B's attempts on *watch */
	atomic_int unlocks;		/* B's releases of *watch */
	mmk_entry_t *result;
	spinlock_t *result_ptl;
	int held_at_return, rcu_at_return;
	pmd_t pmd_at_return;
};

static __thread struct retry_arg *hook_arg;

static void retry_hook(enum mmk_sched_kind kind, const void *obj)
{
	struct retry_arg *a = hook_arg;

	if (!a || obj != a->watch)
		return;
	if (kind == MMK_SP_LOCK)
		atomic_fetch_add(&a->lock_tries, 1);
	else if (kind == MMK_SP_UNLOCK)
		atomic_fetch_add(&a->unlocks, 1);
}

static void *retry_thread(void *p)
{
	struct retry_arg *a = p;
	spinlock_t *ptl = NULL;

	hook_arg = a;
	mmk_sched_hook = retry_hook;
	mmk_entry_t *pte = pte_offset_map_lock(a->mm, a->pmdp, a->addr, &ptl);
	mmk_sched_hook = NULL;
	hook_arg = NULL;
	a->result = pte;
	a->rcu_at_return = rcu_read_held();
	a->pmd_at_return = entry_read(a->pmdp);
	if (pte) {
		a->result_ptl = ptl;
		a->held_at_return = spin_is_locked_by_me(ptl);
		pte_unmap_unlock(pte, ptl);
	}
	return NULL;
}

static void run_retry(struct tm_fix *f, enum retry_mode mode)
{
	struct mm_struct *mm = f->mm;
	struct mmk_machine *m = f->m;
	const uint64_t va = HAND_VA + 3 * PMD_SIZE + 7 * PG;
	mmk_entry_t *pmdp = hand_pmd(mm, va);
	struct page *repl = NULL;
	pthread_t th;

	hand_pte_table(mm, pmdp);
	assert_int_equal(tm_stats(mm).pte_tables, 1);
	pmd_t old = entry_read(pmdp);
	struct page *table = pfn_to_page(m, pmd_pfn(old));
	struct retry_arg a = { .mm = mm, .pmdp = pmdp, .addr = va, .watch = &table->ptl };

	if (mode == DETACH_NO_RECHECK_BUG)
		m->cfg.bugs |= MMK_BUG_NO_PMD_RECHECK;	/* policies.md no_pmd_recheck */
	if (mode == REPLACE_WHILE_WAITING) {
		repl = pte_alloc_one(mm, 1);
		assert_non_null(repl);
		repl->pt_parent = pmdp;
	}

	/* A: pmd lock, then the PTL (Linux's order). */
	spinlock_t *pml = pmd_lock(mm, pmdp);
	spin_lock(&table->ptl);
	if (mode == DETACH_BEFORE_START)
		entry_write(pmdp, 0);
	assert_int_equal(pthread_create(&th, NULL, retry_thread, &a), 0);
	if (mode != DETACH_BEFORE_START) {
		/* Wait until B sampled the pmd and is at the PTL (no sleeps). */
		while (atomic_load(&a.lock_tries) == 0)
			sched_yield();
		entry_write(pmdp, repl ? pfn_table(page_to_pfn(m, repl)) : 0);
	}
	spin_unlock(&table->ptl);
	spin_unlock(pml);
	assert_int_equal(pthread_join(th, NULL), 0);

	m->cfg.bugs &= ~(uint64_t)MMK_BUG_NO_PMD_RECHECK;
	assert_false(a.rcu_at_return && !a.result);
	if (mode == DETACH_NO_RECHECK_BUG) {
		/* The bug: B got the detached table, locked, as if it were live. */
		assert_ptr_equal(a.result, (mmk_entry_t *)page_address(m, table) + pte_index(va));
		assert_true(a.held_at_return);
		assert_int_equal(a.pmd_at_return, 0);
	} else if (mode == REPLACE_WHILE_WAITING) {
		mmk_entry_t *nbase = page_address(m, repl);
		assert_ptr_equal(a.result, nbase + pte_index(va));
		assert_ptr_equal(a.result_ptl, &repl->ptl);
		assert_true(a.held_at_return);
		assert_true(a.rcu_at_return);
		assert_int_equal(a.pmd_at_return, pfn_table(page_to_pfn(m, repl)));
	} else {
		assert_null(a.result);
		assert_false(a.rcu_at_return);
		assert_int_equal(a.pmd_at_return, 0);
	}
	if (mode == DETACH_BEFORE_START) {
		assert_int_equal(atomic_load(&a.lock_tries), 0);
	} else {
		/* B took the stale PTL, saw pmd_same fail, and let it go. */
		assert_true(atomic_load(&a.lock_tries) >= 1);
		/* (with the bug B kept it, and released it after its hook) */
		assert_int_equal(atomic_load(&a.unlocks), mode == DETACH_NO_RECHECK_BUG ? 0 : 1);
	}
	assert_int_equal(atomic_load(&table->ptl.owner), 0);

	/* The detached table is ours to free; fix the accounting. */
	pte_free_defer(m, table);
	if (!repl)
		mm_pgtables_add(mm, 1, -1);
	mmk_sync(m);
	assert_int_equal(tm_stats(mm).pte_tables, repl ? 1 : 0);
}

static void test_pte_offset_map_lock_retry_waiting(void **state)
{
	run_retry(*state, DETACH_WHILE_WAITING);
}

static void test_pte_offset_map_lock_retry_before(void **state)
{
	run_retry(*state, DETACH_BEFORE_START);
}

static void test_pte_offset_map_lock_retry_replaced(void **state)
{
	run_retry(*state, REPLACE_WHILE_WAITING);
}

static void test_pte_offset_map_lock_no_recheck_bug(void **state)
{
	run_retry(*state, DETACH_NO_RECHECK_BUG);
}

/* ---- the entry summary of a PTE table (pgtable.h) ---- */

#define SUM_VA 0x20000000ULL	/* 2 MiB aligned: one whole PTE table */

static uint64_t summary_of(struct mm_struct *mm, uint64_t addr)
{
	mmk_entry_t *pmdp = tm_find_pmd(mm, addr);

	assert_non_null(pmdp);
	return atomic_load(&pfn_to_page(mm->m, pmd_pfn(entry_read(pmdp)))->pt_used);
}

/*
 * Each line (8 entries) in use is in the summary, and a zap or the
 * emptiness check drops the lines it leaves none; fork's copy starts the
 * child's table with the lines it filled.  A missing line would make a
 * zap skip live entries: tm_check_clean (the full check) verifies every
 * non-none entry's line is there.
 */
static void test_entry_summary(void **state)
{
	struct tm_fix *f = *state;
	struct mm_struct *mm = f->mm, *child;
	const uint64_t line1 = (uint64_t)1 << 1, line63 = (uint64_t)1 << 63;

	assert_int_equal(mmk_mmap(mm, SUM_VA, 2 * MiB, MMK_PROT_READ | MMK_PROT_WRITE, 0), 0);
	tm_put(mm, SUM_VA, 1);				/* entry 0: line 0 */
	tm_put(mm, SUM_VA + 9 * PG, 2);			/* entry 9: line 1 */
	tm_put(mm, SUM_VA + 15 * PG, 3);		/* entry 15: line 1 */
	tm_put(mm, SUM_VA + 511 * PG, 4);		/* entry 511: line 63 */
	assert_int_equal(summary_of(mm, SUM_VA), 1 | line1 | line63);
	tm_check_clean(f->m);

	/* A zap of part of a line keeps it while another entry of it lives. */
	assert_int_equal(mmk_madvise(mm, SUM_VA + 9 * PG, PG, MMK_MADV_DONTNEED), 0);
	assert_int_equal(summary_of(mm, SUM_VA), 1 | line1 | line63);
	assert_int_equal(mmk_madvise(mm, SUM_VA + 12 * PG, 4 * PG, MMK_MADV_DONTNEED), 0);
	assert_int_equal(summary_of(mm, SUM_VA), 1 | line63);

	/* The child's table has the lines fork filled, no more. */
	assert_int_equal(mmk_fork(mm, &child), 0);
	assert_int_equal(summary_of(child, SUM_VA), 1 | line63);
	assert_int_equal(tm_get(child, SUM_VA + 511 * PG), 4);
	assert_int_equal(tm_get(child, SUM_VA + 15 * PG), 0);	/* the zero page: line 1 */
	assert_int_equal(summary_of(child, SUM_VA), 1 | line1 | line63);
	tm_check_clean(f->m);
	mmk_exit(child);

	/* A zap of lines never used, then of the table whole: nothing left. */
	assert_int_equal(mmk_madvise(mm, SUM_VA + 64 * PG, 64 * PG, MMK_MADV_DONTNEED), 0);
	assert_int_equal(summary_of(mm, SUM_VA), 1 | line63);
	assert_int_equal(tm_get(mm, SUM_VA + 511 * PG), 4);
	assert_int_equal(tm_get(mm, SUM_VA), 1);
	tm_check_clean(f->m);
}

/* ---- page-table accounting ---- */

static void test_accounting_8m(void **state)
{
	struct tm_fix *f = *state;
	struct mm_struct *mm = f->mm;
	const uint64_t va = 0x10000000, len = 8 * MiB;

	struct mmk_sys_stats s0 = tm_sys(f->m);
	assert_int_equal(s0.frames_used, 1);	/* the PGD */
	assert_int_equal(s0.pgtable_frames, 1);

	assert_int_equal(mmk_mmap(mm, va, len, MMK_PROT_READ | MMK_PROT_WRITE, 0), 0);
	struct mmk_mm_stats st = tm_stats(mm);
	assert_int_equal(st.pte_tables + st.pmd_tables + st.pud_tables, 0);
	tm_fill(mm, va, len, 1);
	st = tm_stats(mm);
	assert_int_equal(st.pte_tables, 4);
	assert_int_equal(st.pmd_tables, 1);
	assert_int_equal(st.pud_tables, 1);
	assert_int_equal(st.pgtable, 6 * PG);
	assert_int_equal(st.rss, len);
	assert_int_equal(st.vmas, 1);
	struct mmk_sys_stats s = tm_sys(f->m);
	assert_int_equal(s.pgtable_frames, 7);
	assert_int_equal(s.frames_used, 7 + len / PG);
	tm_check_fill(mm, va, len, 1);

	mmk_exit(mm);
	f->mm = NULL;
	tm_assert_empty(f->m);
}

static void test_accounting_boundaries(void **state)
{
	struct tm_fix *f = *state;
	struct mm_struct *mm = f->mm;
	const uint64_t g = 3 * GiB, t = 512 * GiB;

	/* 1 GiB boundary: two PMD tables, one PUD table. */
	assert_int_equal(mmk_mmap(mm, g - 2 * PG, 4 * PG, MMK_PROT_READ | MMK_PROT_WRITE, 0), 0);
	tm_fill(mm, g - 2 * PG, 4 * PG, 2);
	struct mmk_mm_stats st = tm_stats(mm);
	assert_int_equal(st.pte_tables, 2);
	assert_int_equal(st.pmd_tables, 2);
	assert_int_equal(st.pud_tables, 1);
	assert_int_equal(st.rss, 4 * PG);

	/* 512 GiB boundary: one more of each, per side. */
	assert_int_equal(mmk_mmap(mm, t - PG, 2 * PG, MMK_PROT_READ | MMK_PROT_WRITE, 0), 0);
	tm_fill(mm, t - PG, 2 * PG, 3);
	st = tm_stats(mm);
	assert_int_equal(st.pte_tables, 4);
	assert_int_equal(st.pmd_tables, 4);
	assert_int_equal(st.pud_tables, 2);
	assert_int_equal(tm_sys(f->m).pgtable_frames, 11);

	/* A read maps the zero page but still needs the tables. */
	assert_int_equal(mmk_mmap(mm, 7 * GiB, PG, MMK_PROT_READ, 0), 0);
	assert_int_equal(tm_get(mm, 7 * GiB), 0);
	st = tm_stats(mm);
	assert_int_equal(st.pte_tables, 5);
	assert_int_equal(st.pmd_tables, 5);
	assert_int_equal(st.pud_tables, 2);
	assert_int_equal(st.rss, 6 * PG);

	tm_check_fill(mm, g - 2 * PG, 4 * PG, 2);
	tm_check_fill(mm, t - PG, 2 * PG, 3);
	mmk_exit(mm);
	f->mm = NULL;
	tm_assert_empty(f->m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pte_bit_helpers),
		cmocka_unit_test(test_pte_modify),
		cmocka_unit_test(test_swap_entries),
		cmocka_unit_test(test_vm_get_page_prot),
		cmocka_unit_test_setup_teardown(test_pte_offset_map_populated, tm_setup_1g, tm_teardown),
		cmocka_unit_test_setup_teardown(test_pte_offset_map_none_huge_bad, tm_setup_1g, tm_teardown),
		cmocka_unit_test_setup_teardown(test_pte_offset_map_lock_retry_waiting, tm_setup_1g, tm_teardown),
		cmocka_unit_test_setup_teardown(test_pte_offset_map_lock_retry_before, tm_setup_1g, tm_teardown),
		cmocka_unit_test_setup_teardown(test_pte_offset_map_lock_no_recheck_bug, tm_setup_1g, tm_teardown),
		cmocka_unit_test_setup_teardown(test_pte_offset_map_lock_retry_replaced, tm_setup_1g, tm_teardown),
		cmocka_unit_test_setup_teardown(test_entry_summary, tm_setup_1g, tm_teardown),
		cmocka_unit_test_setup_teardown(test_accounting_8m, tm_setup_1g, tm_teardown),
		cmocka_unit_test_setup_teardown(test_accounting_boundaries, tm_setup_1g, tm_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

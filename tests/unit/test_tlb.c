/* SPDX-License-Identifier: MIT */
/*
 * test_tlb.c - simulated CPUs and their TLBs.
 *
 * A TLB entry stays in use until a flush removes it, exactly like
 * hardware: the tests change page-table entries behind the TLB's back
 * (white-box, under the PTL, without flushing) and observe that loads and
 * stores still use the old translation until flush_tlb_range().  Other CPUs
 * are driven by "remote" threads that run one step at a time on request,
 * so every interleaving here is fixed, not timed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include "cpu.h"
#include "page_alloc.h"
#include "pgtable.h"
#include "mmap_lock.h"
#include "tlb.h"
#include "highmem.h"
#include "unit/mmk_test.h"
#include "unit/pt_test.h"

#define VA 0x10000000ULL
#define RW (MMK_PROT_READ | MMK_PROT_WRITE)

/* ---- a thread attached to another CPU, running one step at a time ---- */
struct remote {
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct mmk_machine *m;
	unsigned int cpu;
	int attach_ret;
	bool pending, quit, detach;
	/* the step: an access */
	struct mm_struct *mm;
	uint64_t addr, val;
	int write, ret;
};

static void *remote_main(void *p)
{
	struct remote *r = p;

	pthread_mutex_lock(&r->mu);
	r->attach_ret = mmk_cpu_attach(r->m, r->cpu);
	for (;;) {
		r->pending = false;
		pthread_cond_broadcast(&r->cv);
		while (!r->pending && !r->quit)
			pthread_cond_wait(&r->cv, &r->mu);
		if (r->quit)
			break;
		if (r->detach) {
			mmk_cpu_detach(r->m);
			r->detach = false;
			continue;
		}
		r->ret = mmk_access(r->mm, r->addr, &r->val, sizeof(r->val), r->write);
	}
	if (r->attach_ret == 0)
		mmk_cpu_detach(r->m);
	pthread_mutex_unlock(&r->mu);
	return NULL;
}

/* Start a remote on @cpu; returns its mmk_cpu_attach() result. */
static int remote_start(struct remote *r, struct mmk_machine *m, unsigned int cpu)
{
	memset(r, 0, sizeof(*r));
	pthread_mutex_init(&r->mu, NULL);
	pthread_cond_init(&r->cv, NULL);
	r->m = m;
	r->cpu = cpu;
	r->pending = true;
	assert_int_equal(pthread_create(&r->th, NULL, remote_main, r), 0);
	pthread_mutex_lock(&r->mu);
	while (r->pending)
		pthread_cond_wait(&r->cv, &r->mu);
	pthread_mutex_unlock(&r->mu);
	return r->attach_ret;
}

static void remote_run(struct remote *r)
{
	pthread_mutex_lock(&r->mu);
	r->pending = true;
	pthread_cond_broadcast(&r->cv);
	while (r->pending)
		pthread_cond_wait(&r->cv, &r->mu);
	pthread_mutex_unlock(&r->mu);
}

static int remote_access(struct remote *r, struct mm_struct *mm, uint64_t addr,
			 uint64_t *val, int write)
{
	r->mm = mm;
	r->addr = addr;
	r->val = *val;
	r->write = write;
	remote_run(r);
	*val = r->val;
	return r->ret;
}

static uint64_t remote_get(struct remote *r, struct mm_struct *mm, uint64_t addr)
{
	uint64_t v = 0xdeadbeef;

	assert_int_equal(remote_access(r, mm, addr, &v, 0), 0);
	return v;
}

static void remote_detach(struct remote *r)
{
	r->detach = true;
	remote_run(r);
}

static void remote_stop(struct remote *r)
{
	pthread_mutex_lock(&r->mu);
	r->quit = true;
	pthread_cond_broadcast(&r->cv);
	pthread_mutex_unlock(&r->mu);
	pthread_join(r->th, NULL);
	pthread_cond_destroy(&r->cv);
	pthread_mutex_destroy(&r->mu);
}

/* ---- white-box: change a PTE without flushing ---- */
static pte_t pte_get(struct mm_struct *mm, uint64_t addr)
{
	spinlock_t *ptl;
	mmk_entry_t *pmdp = tm_find_pmd(mm, addr);

	assert_non_null(pmdp);
	mmk_entry_t *pte = pte_offset_map_lock(mm, pmdp, addr, &ptl);
	assert_non_null(pte);
	pte_t v = entry_read(pte);
	pte_unmap_unlock(pte, ptl);
	return v;
}

/* Store @v into the PTE for @addr under the PTL; returns the old value. */
static pte_t pte_set_noflush(struct mm_struct *mm, uint64_t addr, pte_t v)
{
	spinlock_t *ptl;
	mmk_entry_t *pmdp;

	mmap_read_lock(mm);
	pmdp = mm_find_pmd(mm, addr);
	assert_non_null(pmdp);
	mmk_entry_t *pte = pte_offset_map_lock(mm, pmdp, addr, &ptl);
	assert_non_null(pte);
	pte_t old = entry_xchg(pte, v);
	pte_unmap_unlock(pte, ptl);
	mmap_read_unlock(mm);
	return old;
}

static uint64_t hits(struct mmk_machine *m, unsigned int cpu)
{
	return (uint64_t)atomic64_read(&m->cpus[cpu].tlb_hits);
}

static uint64_t misses(struct mmk_machine *m, unsigned int cpu)
{
	return (uint64_t)atomic64_read(&m->cpus[cpu].tlb_misses);
}

static uint64_t flushes(struct mmk_machine *m, unsigned int cpu)
{
	return (uint64_t)atomic64_read(&m->cpus[cpu].tlb_flushes);
}

/*
 * Write-protect a PTE behind CPU 0's back: its cached writable entry keeps
 * working (no fault, the PTE stays read-only) until the flush; then the
 * store faults and, the page being exclusive, is a write-fault reuse.
 */
static void test_stale_writable_entry(void **state)
{
	struct tm_fix *f = *state;
	struct mm_struct *mm = f->mm;
	struct mmk_machine *m = f->m;

	assert_int_equal(mmk_mmap(mm, VA, PG, RW, 0), 0);
	tm_put(mm, VA, 1);
	uint64_t pfn = tm_page(mm, VA).pfn;
	pte_t old = pte_get(mm, VA);
	assert_true(pte_write(old) && pte_dirty(old));

	pte_set_noflush(mm, VA, pte_wrprotect(old));
	uint64_t h = hits(m, 0), mi = misses(m, 0);
	tm_put(mm, VA, 2);			/* through the stale entry */
	assert_int_equal(hits(m, 0), h + 1);
	assert_int_equal(misses(m, 0), mi);
	assert_false(tm_pte(mm, VA).write);	/* no fault ran */
	assert_int_equal(tm_get(mm, VA), 2);

	flush_tlb_range(mm, VA, VA + PG);
	mi = misses(m, 0);
	tm_put(mm, VA, 3);			/* faults: reuse */
	assert_true(misses(m, 0) > mi);
	struct mmk_pte_info pi = tm_pte(mm, VA);
	assert_true(pi.write);
	assert_true(pi.dirty);
	assert_int_equal(pi.pfn, pfn);
	assert_int_equal(tm_get(mm, VA), 3);
}

/* The word at @off of a frame, through the accessor every load uses. */
static uint64_t frame_word(struct mmk_machine *m, uint64_t pfn, size_t off)
{
	uint64_t v;

	frame_load(m, pfn, off, &v, sizeof(v));
	return v;
}

/*
 * Point a PTE at another frame without flushing: CPU 0 keeps reading (and
 * writing) the old frame, CPU 1, which never cached it, sees the new one;
 * after flush_tlb_range both see the new frame.
 */
static void test_stale_frame_until_flush(void **state)
{
	struct tm_fix *f = *state;
	struct mm_struct *mm = f->mm;
	struct mmk_machine *m = f->m;
	struct remote r1;

	assert_int_equal(mmk_mmap(mm, VA, 2 * PG, RW, 0), 0);
	tm_put(mm, VA, 0xaaaa);
	assert_int_equal(remote_start(&r1, m, 1), 0);

	struct page *oldp = pfn_to_page(m, tm_page(mm, VA).pfn);
	struct page *newp = alloc_page(m, __GFP_ZERO);
	assert_non_null(newp);
	uint64_t newpfn = page_to_pfn(m, newp), oldpfn = page_to_pfn(m, oldp);
	frame_store(m, newpfn, 0, &(uint64_t){ 0xbbbb }, 8);
	frame_store(m, newpfn, 8, &(uint64_t){ 0xbbbc }, 8);

	pte_t old = pte_get(mm, VA);
	pte_t repl = (old & ~PTE_PFN_MASK) | (page_to_pfn(m, newp) << PAGE_SHIFT);
	pte_set_noflush(mm, VA, repl);

	assert_int_equal(tm_get(mm, VA), 0xaaaa);		/* stale */
	assert_int_equal(remote_get(&r1, mm, VA), 0xbbbb);	/* fresh walk */
	tm_put(mm, VA + 8, 0x5555);				/* stale, to the old frame */
	assert_int_equal(frame_word(m, oldpfn, 8), 0x5555);
	assert_int_equal(frame_word(m, newpfn, 8), 0xbbbc);
	assert_int_equal(remote_get(&r1, mm, VA + 8), 0xbbbc);

	/* A flush of another range, or of another mm, changes nothing. */
	flush_tlb_range(mm, VA + PG, VA + 2 * PG);
	assert_int_equal(tm_get(mm, VA), 0xaaaa);

	flush_tlb_range(mm, VA, VA + PG);
	assert_int_equal(tm_get(mm, VA), 0xbbbb);
	assert_int_equal(tm_get(mm, VA + 8), 0xbbbc);
	assert_int_equal(remote_get(&r1, mm, VA), 0xbbbb);

	/* Put the real page back (and flush) before anybody frees anything. */
	pte_t cur = pte_set_noflush(mm, VA, old);
	assert_int_equal(pte_pfn(cur), page_to_pfn(m, newp));
	flush_tlb_range(mm, VA, VA + PG);
	assert_int_equal(tm_get(mm, VA), 0xaaaa);
	assert_int_equal(remote_get(&r1, mm, VA + 8), 0x5555);
	put_page(m, newp);
	remote_stop(&r1);
}

/*
 * A ranged flush skips a CPU whose TLB cannot hold the range (its
 * tlb_regions bits miss it) and still reaches every CPU that may: the
 * stale entry of a CPU that touched the region goes, whichever 2 MiB
 * region (mod 64) it sits in; a TLB a whole-mm flush empties forgets its
 * regions.
 */
static void test_flush_skips_other_regions(void **state)
{
	struct tm_fix *f = *state;
	struct mm_struct *mm = f->mm;
	struct mmk_machine *m = f->m;
	const uint64_t vb = VA + 2 * PMD_SIZE, vc = VA + 64 * PMD_SIZE;
	struct remote r1;
	uint64_t n, v = 1;

	assert_int_equal(mmk_mmap(mm, VA, 65 * PMD_SIZE, RW, 0), 0);
	tm_put(mm, VA, 0xaaaa);
	tm_put(mm, vb, 0xbbbb);
	tm_put(mm, vc, 0xcccc);
	assert_int_equal(remote_start(&r1, m, 1), 0);
	assert_int_equal(atomic_load(&m->cpus[1].tlb_regions), 0);
	assert_int_equal(remote_get(&r1, mm, VA), 0xaaaa);	/* cpu 1: region 0 only */
	assert_int_equal(atomic_load(&m->cpus[1].tlb_regions), 1);

	n = flushes(m, 1);
	flush_tlb_range(mm, vb, vb + PG);		/* region 2: skipped */
	assert_int_equal(flushes(m, 1), n);
	flush_tlb_range(mm, VA + PMD_SIZE - PG, VA + PMD_SIZE + PG);	/* meets 0 */
	assert_int_equal(flushes(m, 1), n + 1);

	/* Region 64 shares region 0's bit: cpu 1 caches vc, a flush of VA reaches it. */
	assert_int_equal(remote_get(&r1, mm, vc), 0xcccc);
	assert_int_equal(atomic_load(&m->cpus[1].tlb_regions), 1);
	pte_t old = pte_set_noflush(mm, vc, pte_get(mm, VA));	/* vc -> VA's frame */
	assert_int_equal(remote_get(&r1, mm, vc), 0xcccc);	/* stale */
	flush_tlb_range(mm, vc, vc + PG);
	assert_int_equal(remote_get(&r1, mm, vc), 0xaaaa);	/* walked again */
	pte_set_noflush(mm, vc, old);
	flush_tlb_range(mm, vc, vc + PG);
	assert_int_equal(remote_get(&r1, mm, vc), 0xcccc);

	/* cpu 1 writes in region 2: a flush there must reach it now. */
	assert_int_equal(remote_access(&r1, mm, vb, &v, 1), 0);
	assert_int_equal(atomic_load(&m->cpus[1].tlb_regions), 5);
	assert_int_equal(mmk_madvise(mm, vb, PG, MMK_MADV_DONTNEED), 0);
	assert_int_equal(remote_get(&r1, mm, vb), 0);

	/* A whole-mm flush that empties cpu 1's TLB clears its regions. */
	flush_tlb_mm(mm);
	assert_int_equal(atomic_load(&m->cpus[1].tlb_regions), 0);
	n = flushes(m, 1);
	flush_tlb_range(mm, VA, VA + PG);
	assert_int_equal(flushes(m, 1), n);
	remote_stop(&r1);
}

/* A flush of one mm leaves another mm's entries on the same CPU alone. */
static void test_flush_is_per_mm(void **state)
{
	struct tm_fix *f = *state;
	struct mmk_machine *m = f->m;
	struct mm_struct *a = f->mm, *b = tm_mm(m);
	const uint64_t va_a = 0x10000000, va_b = 0x20001000;	/* distinct TLB slots */

	f->mm2 = b;
	assert_int_equal(mmk_mmap(a, va_a, PG, RW, 0), 0);
	assert_int_equal(mmk_mmap(b, va_b, PG, RW, 0), 0);
	tm_put(a, va_a, 1);
	tm_put(b, va_b, 2);
	/* Same virtual page in both, different translations (ASID tags). */
	assert_int_equal(mmk_mmap(b, va_a, PG, RW, 0), 0);
	tm_put(b, va_a, 3);
	assert_int_equal(tm_get(a, va_a), 1);
	assert_int_equal(tm_get(b, va_b), 2);

	uint64_t h = hits(m, 0), mi = misses(m, 0);
	assert_int_equal(tm_get(b, va_b), 2);
	assert_int_equal(hits(m, 0), h + 1);

	flush_tlb_mm(a);
	h = hits(m, 0);
	mi = misses(m, 0);
	assert_int_equal(tm_get(b, va_b), 2);
	assert_int_equal(hits(m, 0), h + 1);
	assert_int_equal(misses(m, 0), mi);
	assert_int_equal(tm_get(a, va_a), 1);
	assert_int_equal(misses(m, 0), mi + 1);

	/* Ranged: only the range, only that mm. */
	h = hits(m, 0);
	mi = misses(m, 0);
	flush_tlb_range(a, va_b, va_b + PG);	/* a has nothing there */
	assert_int_equal(tm_get(b, va_b), 2);
	assert_int_equal(tm_get(a, va_a), 1);
	assert_int_equal(hits(m, 0), h + 2);
	assert_int_equal(misses(m, 0), mi);
	flush_tlb_range(b, va_b, va_b + PG);
	assert_int_equal(tm_get(a, va_a), 1);
	assert_int_equal(hits(m, 0), h + 3);
	assert_int_equal(tm_get(b, va_b), 2);
	assert_int_equal(misses(m, 0), mi + 1);

	/* A whole-mm flush of b on all CPUs, and a's entry survives. */
	flush_tlb_range(b, 0, 1ULL << 47);
	h = hits(m, 0);
	assert_int_equal(tm_get(a, va_a), 1);
	assert_int_equal(hits(m, 0), h + 1);
}

/* Every operation that changes a PTE must flush the other CPUs too. */
static void test_operations_flush_other_cpus(void **state)
{
	struct tm_fix *f = *state;
	struct mm_struct *mm = f->mm, *child = NULL;
	struct remote r1;
	uint64_t v;

	assert_int_equal(remote_start(&r1, f->m, 1), 0);
	assert_int_equal(mmk_mmap(mm, VA, 4 * PG, RW, 0), 0);
	v = 1;
	assert_int_equal(remote_access(&r1, mm, VA, &v, 1), 0);	/* cpu 1 caches RW */

	/* fork write-protects: cpu 1's next store must COW. */
	assert_int_equal(mmk_fork(mm, &child), 0);
	f->mm2 = child;
	v = 2;
	assert_int_equal(remote_access(&r1, mm, VA, &v, 1), 0);
	assert_int_equal(tm_get(child, VA), 1);
	assert_int_equal(tm_get(mm, VA), 2);
	assert_int_not_equal(tm_page(mm, VA).pfn, tm_page(child, VA).pfn);
	f->mm2 = NULL;
	mmk_exit(child);

	/* mprotect RW -> R: cpu 1's store is refused, the data kept. */
	v = 3;
	assert_int_equal(remote_access(&r1, mm, VA, &v, 1), 0);
	assert_int_equal(mmk_mprotect(mm, VA, 4 * PG, MMK_PROT_READ), 0);
	v = 4;
	assert_int_equal(remote_access(&r1, mm, VA, &v, 1), -MMK_SIGSEGV);
	assert_int_equal(remote_get(&r1, mm, VA), 3);
	assert_int_equal(mmk_mprotect(mm, VA, 4 * PG, MMK_PROT_NONE), 0);
	assert_int_equal(remote_access(&r1, mm, VA, &v, 0), -MMK_SIGSEGV);
	assert_int_equal(mmk_mprotect(mm, VA, 4 * PG, RW), 0);

	/* MADV_DONTNEED: cpu 1 must not reach the freed page. */
	v = 5;
	assert_int_equal(remote_access(&r1, mm, VA + PG, &v, 1), 0);
	assert_int_equal(mmk_madvise(mm, VA, 4 * PG, MMK_MADV_DONTNEED), 0);
	assert_int_equal(remote_get(&r1, mm, VA + PG), 0);
	assert_int_equal(remote_get(&r1, mm, VA), 0);

	/* MADV_FREE: cpu 1's store must dirty the entry again. */
	v = 6;
	assert_int_equal(remote_access(&r1, mm, VA, &v, 1), 0);
	assert_int_equal(mmk_madvise(mm, VA, PG, MMK_MADV_FREE), 0);
	assert_false(tm_pte(mm, VA).dirty);
	v = 7;
	assert_int_equal(remote_access(&r1, mm, VA, &v, 1), 0);
	assert_true(tm_pte(mm, VA).dirty);

	/* munmap: gone for every CPU. */
	assert_int_equal(mmk_munmap(mm, VA, 4 * PG), 0);
	assert_int_equal(remote_access(&r1, mm, VA, &v, 0), -MMK_SIGSEGV);
	assert_int_equal(tm_read64(mm, VA, &v), -MMK_SIGSEGV);
	remote_stop(&r1);
}

static void test_cpu_attach_errors(void **state)
{
	struct tm_fix *f = *state;
	struct mmk_machine *m = f->m;	/* 2 CPUs; this thread holds CPU 0 */
	struct remote r1;

	assert_int_equal(mmk_cpu_attach(m, 2), -EINVAL);
	assert_int_equal(mmk_cpu_attach(m, MMK_MAX_CPUS), -EINVAL);
	assert_int_equal(mmk_cpu_attach(m, 0xffffffffu), -EINVAL);
	/* Already holding one: -EBUSY, for its own CPU and for a free one. */
	assert_int_equal(mmk_cpu_attach(m, 0), -EBUSY);
	assert_int_equal(mmk_cpu_attach(m, 1), -EBUSY);

	/* Held by another thread. */
	assert_int_equal(remote_start(&r1, m, 1), 0);
	mmk_cpu_detach(m);
	assert_int_equal(mmk_cpu_attach(m, 1), -EBUSY);
	assert_int_equal(mmk_cpu_attach(m, 0), 0);
	mmk_cpu_detach(m);
	/* The other thread gives it up: now it can be had. */
	remote_detach(&r1);
	assert_int_equal(mmk_cpu_attach(m, 1), 0);
	mmk_cpu_detach(m);
	/* ... and a thread cannot take a CPU this one holds. */
	assert_int_equal(mmk_cpu_attach(m, 0), 0);
	remote_stop(&r1);

	struct remote r2;
	assert_int_equal(remote_start(&r2, m, 0), -EBUSY);
	remote_stop(&r2);
	/* Detaching a thread that holds nothing is harmless. */
	assert_int_equal(remote_start(&r2, m, 1), 0);
	remote_detach(&r2);
	remote_detach(&r2);
	remote_stop(&r2);
	assert_int_equal(mmk_cpu_attach(m, 0), -EBUSY);	/* still ours */
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, tm_setup_1g, tm_teardown)
	const struct CMUnitTest tests[] = {
		T(test_stale_writable_entry),
		T(test_stale_frame_until_flush),
		T(test_flush_is_per_mm),
		T(test_operations_flush_other_cpus),
		T(test_flush_skips_other_regions),
		T(test_cpu_attach_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

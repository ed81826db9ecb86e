/* SPDX-License-Identifier: MIT */
/*
 * test_gup_race.c - under every page-table lifetime policy, threads on
 * their own CPUs pin pages while others zap, remap, fork and mprotect the
 * same range.
 *
 * Pinners each own half of the range (one PTE table).  A round: store a
 * value through the CPU, pin 1-3 pages (mostly pin_user_pages_fast with
 * FOLL_WRITE, sometimes the slow path, sometimes a long-term R/O pin or a
 * plain reference), then
 *  - a write pin: DMA-write a new value, read it back through the CPU;
 *  - a R/O long-term pin: store a new value through the CPU, read it back
 *    through the pin;
 * then check the held page by DMA (it holds what was last put in it, by
 * whichever side: nothing else writes to it) and release.
 * The other threads race MADV_DONTNEED of random sizes, munmap+mmap of a
 * whole table, fork (the child stores to random pages, then exits) and
 * mprotect R/O -> R/W cycles.  Only DONTNEED and munmap may take the page
 * away from the address: they bump per-page begin/end epochs, and a round
 * no such operation overlapped must see the CPU and the pinned page agree.
 * fork and mprotect are not excused: fork copies a pinned page for the
 * child and leaves the parent's entry alone, unsharing keeps R/O pins
 * coherent, and mprotect never changes the page.
 *
 * At the end every mm exits and every frame must be back: no page and no
 * pin leaked.
 */
#include <stdio.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdlib.h>
#include "mm_types.h"
#include "unit/mmk_test.h"

#define NPINNERS 2
#define NTHREADS (NPINNERS + 2)
#define BASE 0x40000000UL
#define NTABLES 2
#define NPAGES (NTABLES * 512)
#define LEN ((uint64_t)NPAGES * PAGE_SIZE)

#ifdef MMK_TSAN
#define DEFAULT_ROUNDS 8000
#else
#define DEFAULT_ROUNDS 80000
#endif

struct race {
	struct mmk_machine *m;
	struct mm_struct *mm;
	atomic_ulong db[NPAGES], de[NPAGES];	/* disturbance begin / end epochs */
	atomic_int failures;
	atomic_int pinners_left;
	atomic_ulong quiet_checks, pins;
	int rounds;
};

struct worker {
	struct race *r;
	int id;
	unsigned int seed;
};

static void race_fail(struct race *r, const char *what, uint64_t p, uint64_t want, uint64_t got)
{
	if (atomic_fetch_add(&r->failures, 1) < 5)
		fprintf(stderr, "policy %s: %s page %llu: want %#llx got %#llx\n",
			mmk_policy_name(r->m->cfg.policy), what, (unsigned long long)p,
			(unsigned long long)want, (unsigned long long)got);
}

static void disturb(struct race *r, uint64_t start, uint64_t len, bool end)
{
	for (uint64_t p = (start - BASE) / PAGE_SIZE; p < (start - BASE + len) / PAGE_SIZE; p++)
		atomic_fetch_add(end ? &r->de[p] : &r->db[p], 1);
}

/* Never zero: zero is what a discarded page reads. */
static uint64_t value_for(uint64_t p, int id, unsigned int seq)
{
	return (p << 32) | ((uint64_t)id << 24) | ((seq & 0xffffff) | 1);
}

static uint64_t dma_get(struct race *r, struct page *pg)
{
	uint64_t v = 0;

	if (mmk_dma_read(r->m, pg, 0, &v, sizeof(v)))
		race_fail(r, "dma read", 0, 0, 0);
	return v;
}

enum pin_kind { PIN_FAST_W, PIN_SLOW_W, PIN_FAST_RO_LT, GET_FAST };

/*
 * One pin (or reference) held for a few rounds.  A pinner's pages are cut
 * into HOLD slots; round i uses slot i % HOLD after releasing what the slot
 * held, so a set stays pinned while HOLD - 1 other rounds run.
 */
#define HOLD 4
#define MAXN 3

struct held {
	uint64_t first;
	struct page *pages[MAXN];
	unsigned long b0[MAXN];		/* db epoch before the first store */
	uint64_t val[MAXN];		/* what the pinned page holds */
	enum pin_kind kind;
	unsigned int n;
	bool used;
	bool clean[MAXN];		/* no disturbance was in progress then */
};

static bool quiet_since(struct race *r, struct held *h, unsigned int i)
{
	return h->clean[i] && atomic_load(&r->db[h->first + i]) == h->b0[i];
}

/*
 * Check a held set against the mapping, then release it.  While no DONTNEED
 * or munmap touched a page since before the pin, the CPU and the device
 * must see each other's stores; either way the device's own stores stay.
 */
static void check_release(struct worker *w, struct held *h, unsigned int seq)
{
	struct race *r = w->r;

	for (unsigned int i = 0; i < h->n && h->kind != GET_FAST; i++) {
		uint64_t p = h->first + i, addr = BASE + p * PAGE_SIZE, cpu = 0, now;
		uint64_t v2 = value_for(p, w->id, seq + 0x400000);
		uint64_t v3 = value_for(p, w->id, seq + 0xc00000);
		int rd = mmk_access(r->mm, addr, &cpu, sizeof(cpu), 0);
		int wr = mmk_access(r->mm, addr, &v2, sizeof(v2), 1);	/* R/O under mprotect */

		if (quiet_since(r, h, i)) {
			now = dma_get(r, h->pages[i]);
			if (rd || cpu != h->val[i])
				race_fail(r, "CPU does not see the pinned page", p, h->val[i],
					  rd ? (uint64_t)-rd : cpu);
			else if (!wr && now != v2)
				race_fail(r, "CPU store missed the pinned page", p, v2, now);
			atomic_fetch_add(&r->quiet_checks, 1);
		}
		if (!wr && quiet_since(r, h, i))
			h->val[i] = v2;
		now = dma_get(r, h->pages[i]);
		if (now != h->val[i] && !(now == v2 && !wr))
			race_fail(r, "pinned page changed", p, h->val[i], now);
		if (h->kind == PIN_FAST_RO_LT)
			continue;
		/* A device store through a write pin reaches the CPU. */
		if (mmk_dma_write(r->m, h->pages[i], 0, &v3, sizeof(v3)))
			race_fail(r, "dma write", p, 0, 0);
		rd = mmk_access(r->mm, addr, &cpu, sizeof(cpu), 0);
		if (quiet_since(r, h, i) && (rd || cpu != v3))
			race_fail(r, "CPU missed a DMA store", p, v3, rd ? (uint64_t)-rd : cpu);
	}
	if (h->kind == GET_FAST)
		for (unsigned int i = 0; i < h->n; i++)
			mmk_put_page(r->m, h->pages[i]);
	else if (rand_r(&w->seed) & 1)
		mmk_unpin_user_pages_dirty_lock(r->m, h->pages, h->n, true);
	else
		mmk_unpin_user_pages(r->m, h->pages, h->n);
	h->used = false;
}

/* Store through the CPU, then pin; the pin must hold what was stored. */
static void pin_round(struct worker *w, struct held *h, unsigned int slot, unsigned int seq)
{
	struct race *r = w->r;
	struct mm_struct *mm = r->mm;
	int dice = rand_r(&w->seed) % 100;
	unsigned int n = 1 + (unsigned int)rand_r(&w->seed) % MAXN;
	uint64_t slot_pages = NPAGES / NPINNERS / HOLD;
	uint64_t first = (uint64_t)w->id * (NPAGES / NPINNERS) + slot * slot_pages +
			 (uint64_t)rand_r(&w->seed) % (slot_pages - n + 1);
	uint64_t v0[MAXN];
	bool wrote[MAXN];
	long got;

	h->kind = dice < 50 ? PIN_FAST_W : dice < 65 ? PIN_SLOW_W :
		  dice < 90 ? PIN_FAST_RO_LT : GET_FAST;
	h->first = first;
	for (unsigned int i = 0; i < n; i++) {
		uint64_t p = first + i;

		h->b0[i] = atomic_load(&r->db[p]);
		h->clean[i] = atomic_load(&r->de[p]) == h->b0[i];
		v0[i] = value_for(p, w->id, seq);
		wrote[i] = !mmk_access(mm, BASE + p * PAGE_SIZE, &v0[i], sizeof(v0[i]), 1);
	}
	uint64_t start = BASE + first * PAGE_SIZE;
	switch (h->kind) {
	case PIN_FAST_W:
		got = mmk_pin_user_pages_fast(mm, start, n, MMK_FOLL_WRITE, h->pages);
		break;
	case PIN_SLOW_W:
		got = mmk_pin_user_pages(mm, start, n, MMK_FOLL_WRITE, h->pages);
		break;
	case PIN_FAST_RO_LT:
		got = mmk_pin_user_pages_fast(mm, start, n, MMK_FOLL_LONGTERM, h->pages);
		break;
	default:
		got = mmk_get_user_pages_fast(mm, start, n, 0, h->pages);
		break;
	}
	/* munmap leaves holes, mprotect R/O refuses FOLL_WRITE: -EFAULT. */
	if (got < 0 && got != -EFAULT)
		race_fail(r, "pin error", first, 0, (uint64_t)-got);
	if (got > (long)n)
		race_fail(r, "pinned too many", first, n, (uint64_t)got);
	if (got <= 0 || got > (long)n)
		return;
	atomic_fetch_add(&r->pins, (unsigned long)got);
	h->n = (unsigned int)got;
	h->used = true;
	for (unsigned int i = 0; i < h->n; i++) {
		uint64_t p = first + i;

		h->val[i] = dma_get(r, h->pages[i]);
		if (wrote[i] && quiet_since(r, h, i) && h->val[i] != v0[i])
			race_fail(r, "pinned page lost the CPU's store", p, v0[i], h->val[i]);
		if (h->kind == PIN_FAST_W || h->kind == PIN_SLOW_W) {
			uint64_t v1 = value_for(p, w->id, seq + 0x800000);

			if (mmk_dma_write(r->m, h->pages[i], 0, &v1, sizeof(v1)))
				race_fail(r, "dma write", p, 0, 0);
			h->val[i] = v1;
		}
	}
}

static void pinner_main(struct worker *w)
{
	struct held set[HOLD] = { 0 };

	for (int i = 0; i < w->r->rounds; i++) {
		struct held *h = &set[i % HOLD];

		if (h->used)
			check_release(w, h, (unsigned int)i);
		pin_round(w, h, (unsigned int)(i % HOLD), (unsigned int)i);
	}
	for (int i = 0; i < HOLD; i++)
		if (set[i].used)
			check_release(w, &set[i], (unsigned int)(w->r->rounds + i));
}

static void do_dontneed(struct worker *w)
{
	static const uint64_t lens[] = { PAGE_SIZE, 16 * PAGE_SIZE, 256 * PAGE_SIZE, PMD_SIZE };
	uint64_t len = lens[rand_r(&w->seed) % 4];
	uint64_t start = BASE + ((uint64_t)rand_r(&w->seed) % (LEN / len)) * len;

	disturb(w->r, start, len, false);
	int ret = mmk_madvise(w->r->mm, start, len, MMK_MADV_DONTNEED);
	if (ret && ret != -ENOMEM)
		race_fail(w->r, "madvise", (start - BASE) / PAGE_SIZE, 0, (uint64_t)-ret);
	disturb(w->r, start, len, true);
}

static void do_remap(struct worker *w)
{
	uint64_t start = BASE + ((uint64_t)rand_r(&w->seed) % NTABLES) * PMD_SIZE;

	disturb(w->r, start, PMD_SIZE, false);
	mmk_munmap(w->r->mm, start, PMD_SIZE);
	int ret = mmk_mmap(w->r->mm, start, PMD_SIZE, MMK_PROT_READ | MMK_PROT_WRITE, 0);
	if (ret)
		race_fail(w->r, "remap", (start - BASE) / PAGE_SIZE, 0, (uint64_t)-ret);
	disturb(w->r, start, PMD_SIZE, true);
}

static void do_fork(struct worker *w)
{
	struct mm_struct *child;
	int ret = mmk_fork(w->r->mm, &child);

	if (ret) {
		race_fail(w->r, "fork", 0, 0, (uint64_t)-ret);
		return;
	}
	/* The child's stores must never reach the parent. */
	for (int i = 0; i < 4; i++) {
		uint64_t p = (uint64_t)rand_r(&w->seed) % NPAGES, junk = ~0ULL;
		mmk_access(child, BASE + p * PAGE_SIZE, &junk, sizeof(junk), 1);
	}
	mmk_exit(child);
}

static void do_mprotect(struct worker *w)
{
	uint64_t start = BASE + ((uint64_t)rand_r(&w->seed) % (NPAGES / 64)) * 64 * PAGE_SIZE;

	mmk_mprotect(w->r->mm, start, 64 * PAGE_SIZE, MMK_PROT_READ);
	mmk_mprotect(w->r->mm, start, 64 * PAGE_SIZE, MMK_PROT_READ | MMK_PROT_WRITE);
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct race *r = w->r;

	assert_int_equal(mmk_cpu_attach(r->m, (unsigned int)w->id + 1), 0);
	if (w->id < NPINNERS) {
		pinner_main(w);
		atomic_fetch_sub(&r->pinners_left, 1);
	} else {
		/* Disturb for as long as anybody pins. */
		while (atomic_load(&r->pinners_left) > 0) {
			int dice = rand_r(&w->seed) % 100;

			if (w->id == NPINNERS)
				dice < 80 ? do_dontneed(w) : do_remap(w);
			else
				dice < 40 ? do_fork(w) : do_mprotect(w);
		}
	}
	mmk_cpu_detach(r->m);
	return NULL;
}

static void run_policy(enum mmk_policy policy)
{
	struct mmk_config cfg;
	struct tm_fix fix = { 0 };
	struct race *r = calloc(1, sizeof(*r));
	struct worker w[NTHREADS];
	pthread_t t[NTHREADS];
	const char *scale = getenv("MMK_TEST_SCALE");

	assert_non_null(r);
	mmk_config_init(&cfg);
	cfg.ncpus = NTHREADS + 1;	/* CPU 0 is this thread's */
	cfg.ram_bytes = 256ULL << 20;
	cfg.gather_pages = 8;
	cfg.policy = policy;
	tm_fix_start(&fix, &cfg);
	r->m = fix.m;
	r->mm = fix.mm;
	r->rounds = DEFAULT_ROUNDS * (scale ? atoi(scale) : 1);
	atomic_store(&r->pinners_left, NPINNERS);
	assert_int_equal(mmk_mmap(r->mm, BASE, LEN, MMK_PROT_READ | MMK_PROT_WRITE, 0), 0);
	for (int i = 0; i < NTHREADS; i++) {
		w[i] = (struct worker){ .r = r, .id = i, .seed = 4321u + (unsigned)i * 91u + policy };
		assert_int_equal(pthread_create(&t[i], NULL, worker_main, &w[i]), 0);
	}
	for (int i = 0; i < NTHREADS; i++)
		pthread_join(t[i], NULL);
	if (getenv("MMK_TEST_VERBOSE"))
		fprintf(stderr, "%-8s pins=%lu quiet_checks=%lu\n", mmk_policy_name(policy),
			atomic_load(&r->pins), atomic_load(&r->quiet_checks));
	assert_int_equal(atomic_load(&r->failures), 0);
	assert_true(atomic_load(&r->quiet_checks) > 0);
	/* Exit, and every frame is back: no page and no pin leaked. */
	tm_fix_stop(&fix);
	free(r);
}

MMK_POLICY_MAIN(run_policy)

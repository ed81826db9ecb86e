/* SPDX-License-Identifier: MIT */
/*
 * test_policy_race.c - under every page-table lifetime policy, threads on
 * their own CPUs race on the same PTE tables: write faults and reads,
 * GUP-fast-style lockless walks, MADV_DONTNEED of every size (so tables
 * are reclaimed while others fault them back), mprotect cycles,
 * munmap+mmap of whole tables, and mremap of whole tables away and back.
 * gather 8 makes zaps drop the PTL midway.
 *
 * Contents are checked exactly: every page belongs to one writer thread,
 * and around every disturbing operation the disturber bumps per-page
 * begin/end epochs; a writer whose write and read-back were not overlapped
 * by any disturbance must read back exactly what it wrote, and otherwise
 * its own value or zeros.  A lockless walker that pinned a page must find
 * a value written to that very page, or zeros.  At the end the per-level
 * table counts equal the tables reachable from the PGD, and after exit
 * every frame is back.
 */
#include <stdio.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include "page_alloc.h"
#include "highmem.h"
#include "pgtable.h"
#include "unit/mmk_test.h"

#define NTHREADS 4
#define BASE 0x40000000UL
#define NTABLES 4
#define NPAGES (NTABLES * 512)
#define LEN ((uint64_t)NPAGES * PAGE_SIZE)
#define SCRATCH 0x80000000UL	/* per-thread landing zone for mremap */

#ifdef MMK_TSAN
#define DEFAULT_ROUNDS 1500
#else
#define DEFAULT_ROUNDS 60000
#endif

struct race {
	struct mmk_machine *m;
	struct mm_struct *mm;
	atomic_ulong db[NPAGES], de[NPAGES];	/* disturbance begin / end epochs */
	uint64_t last_v[NPAGES];		/* owner-written */
	uint64_t last_written[NPAGES];		/* last value a write succeeded with */
	unsigned long last_db[NPAGES];
	bool last_ok[NPAGES];
	/*
	 * Remaps of one table are serialised: mremap away and back over
	 * another thread's fresh mmap of the same table would legitimately
	 * bring old contents back (MREMAP_FIXED replaces the new mapping),
	 * which the content checks cannot tell from a lost write.
	 */
	pthread_mutex_t remap_lock[NTABLES];
	atomic_int failures;
	atomic_ulong walks_ok;
	int rounds;
};

struct worker {
	struct race *r;
	int id;
	unsigned int seed;
};

static void disturb_begin(struct race *r, uint64_t start, uint64_t len)
{
	for (uint64_t p = (start - BASE) / PAGE_SIZE; p < (start - BASE + len) / PAGE_SIZE; p++)
		atomic_fetch_add(&r->db[p], 1);
}

static void disturb_end(struct race *r, uint64_t start, uint64_t len)
{
	for (uint64_t p = (start - BASE) / PAGE_SIZE; p < (start - BASE + len) / PAGE_SIZE; p++)
		atomic_fetch_add(&r->de[p], 1);
}

static void race_fail(struct race *r, const char *what, uint64_t p, uint64_t want, uint64_t got)
{
	if (atomic_fetch_add(&r->failures, 1) < 5)
		fprintf(stderr, "policy %s: %s page %llu: want %#llx got %#llx\n",
			mmk_policy_name(r->m->cfg.policy), what, (unsigned long long)p,
			(unsigned long long)want, (unsigned long long)got);
}

/* A page's value: its index and a sequence number, never zero. */
static uint64_t value_for(uint64_t p, unsigned int seq)
{
	return (p << 24) | ((seq & 0xffffff) + 1);
}

static void do_write_read(struct worker *w)
{
	struct race *r = w->r;
	uint64_t p = (uint64_t)(rand_r(&w->seed) % (NPAGES / NTHREADS)) * NTHREADS + (uint64_t)w->id;
	uint64_t addr = BASE + p * PAGE_SIZE, v = value_for(p, (unsigned)rand_r(&w->seed)), got = 0;
	unsigned long b0 = atomic_load(&r->db[p]), e0 = atomic_load(&r->de[p]);
	int wr = mmk_access(r->mm, addr, &v, sizeof(v), 1);
	int rd = mmk_access(r->mm, addr, &got, sizeof(got), 0);
	bool quiet = b0 == e0 && atomic_load(&r->db[p]) == b0;

	if (wr && wr != -MMK_SIGSEGV)
		race_fail(r, "write error", p, 0, (uint64_t)-wr);
	if (quiet && (wr || rd || got != v))
		race_fail(r, "undisturbed write/read", p, v, rd ? (uint64_t)-rd : got);
	else if (!rd && got != v && got != 0 && got != r->last_written[p])
		race_fail(r, "disturbed read", p, v, got);
	if (!wr)
		r->last_written[p] = v;
	r->last_v[p] = v;
	r->last_db[p] = b0;
	r->last_ok[p] = wr == 0 && b0 == e0;
}

/* GUP-fast's walk: lockless under RCU, grab the page, recheck pmd and pte. */
static void do_lockless_walk(struct worker *w)
{
	struct race *r = w->r;
	struct mmk_machine *m = r->m;
	uint64_t p = (uint64_t)rand_r(&w->seed) % NPAGES, addr = BASE + p * PAGE_SIZE, val = 0;
	mmk_entry_t *pmdp, *ptep;
	pmd_t pmd;
	pte_t pte;
	struct page *page;

	rcu_read_lock();
	pmdp = mm_find_pmd(r->mm, addr);	/* the upper levels, under RCU */
	if (!pmdp)
		goto out;
	pmd = entry_read(pmdp);
	if (pmd_none(pmd) || pmd_leaf(pmd))
		goto out;
	ptep = (mmk_entry_t *)pfn_to_virt(m, pmd_pfn(pmd)) + pte_index(addr);
	pte = entry_read(ptep);
	if (!pte_hw_present(pte) || pte_special(pte))
		goto out;
	page = pfn_to_page(m, pte_pfn(pte));
	if (!atomic_add_unless_zero(&page->_refcount, 1))
		goto out;
	if (entry_read(pmdp) != pmd || entry_read(ptep) != pte) {
		put_page(m, page);
		goto out;
	}
	frame_load(m, page_to_pfn(m, page), 0, &val, sizeof(val));
	put_page(m, page);
	if (val != 0 && (val >> 24) != p)
		race_fail(r, "lockless walk found a foreign page", p, p << 24, val);
	atomic_fetch_add(&r->walks_ok, 1);
out:
	rcu_read_unlock();
}

static void do_dontneed(struct worker *w)
{
	static const uint64_t lens[] = { PAGE_SIZE, 16 * PAGE_SIZE, 256 * PAGE_SIZE, PMD_SIZE };
	uint64_t len = lens[rand_r(&w->seed) % 4];
	uint64_t start = BASE + ((uint64_t)rand_r(&w->seed) % (LEN / len)) * len;

	disturb_begin(w->r, start, len);
	int ret = mmk_madvise(w->r->mm, start, len, MMK_MADV_DONTNEED);
	if (ret && ret != -ENOMEM)	/* -ENOMEM: a concurrent munmap left a hole */
		race_fail(w->r, "madvise", (start - BASE) / PAGE_SIZE, 0, (uint64_t)-ret);
	disturb_end(w->r, start, len);
}

static void do_mprotect_cycle(struct worker *w)
{
	uint64_t start = BASE + ((uint64_t)rand_r(&w->seed) % (NPAGES / 64)) * 64 * PAGE_SIZE;
	uint64_t len = 64 * PAGE_SIZE;

	disturb_begin(w->r, start, len);
	mmk_mprotect(w->r->mm, start, len, MMK_PROT_READ);
	/*
	 * A remap of the table may have taken the read-only piece away with
	 * its neighbours (mremap moves several VMAs): restore once it is back.
	 */
	while (mmk_mprotect(w->r->mm, start, len, MMK_PROT_READ | MMK_PROT_WRITE) == -ENOMEM)
		sched_yield();
	disturb_end(w->r, start, len);
}

static void do_remap_table(struct worker *w)
{
	uint64_t start = BASE + ((uint64_t)rand_r(&w->seed) % NTABLES) * PMD_SIZE;

	uint64_t scratch = SCRATCH + (uint64_t)w->id * PMD_SIZE;
	int ret;

	pthread_mutex_t *lock = &w->r->remap_lock[(start - BASE) / PMD_SIZE];

	pthread_mutex_lock(lock);
	disturb_begin(w->r, start, PMD_SIZE);
	if (rand_r(&w->seed) % 2) {
		/* Away and back: the pages travel with their entries. */
		ret = mmk_mremap(w->r->mm, start, PMD_SIZE, scratch, PMD_SIZE, 0);
		if (!ret)
			ret = mmk_mremap(w->r->mm, scratch, PMD_SIZE, start, PMD_SIZE, 0);
		if (ret)
			race_fail(w->r, "mremap", (start - BASE) / PAGE_SIZE, 0, (uint64_t)-ret);
	} else {
		mmk_munmap(w->r->mm, start, PMD_SIZE);
		ret = mmk_mmap(w->r->mm, start, PMD_SIZE, MMK_PROT_READ | MMK_PROT_WRITE, 0);
		if (ret)
			race_fail(w->r, "remap", (start - BASE) / PAGE_SIZE, 0, (uint64_t)-ret);
	}
	disturb_end(w->r, start, PMD_SIZE);
	pthread_mutex_unlock(lock);
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;

	assert_int_equal(mmk_cpu_attach(w->r->m, (unsigned int)w->id), 0);
	for (int i = 0; i < w->r->rounds; i++) {
		int dice = rand_r(&w->seed) % 100;
		if (dice < 70)
			do_write_read(w);
		else if (dice < 85)
			do_lockless_walk(w);
		else if (dice < 95)
			do_dontneed(w);
		else if (dice < 98)
			do_mprotect_cycle(w);
		else
			do_remap_table(w);
	}
	mmk_cpu_detach(w->r->m);
	return NULL;
}

/* Tables reachable from the PGD, per level (invariant 4). */
static void count_tables(struct mm_struct *mm, uint64_t n[4])
{
	struct mmk_machine *m = mm->m;

	n[1] = n[2] = n[3] = 0;
	for (int i = 0; i < 512; i++) {
		pgd_t pgd = entry_read(&mm->pgd[i]);
		if (pgd_none(pgd))
			continue;
		n[3]++;
		mmk_entry_t *pud = pfn_to_virt(m, pgd_pfn(pgd));
		for (int j = 0; j < 512; j++) {
			pud_t e = entry_read(&pud[j]);
			if (pud_none(e) || pud_leaf(e))
				continue;
			n[2]++;
			mmk_entry_t *pmd = pfn_to_virt(m, pud_pfn(e));
			for (int k = 0; k < 512; k++) {
				pmd_t f = entry_read(&pmd[k]);
				if (!pmd_none(f) && !pmd_leaf(f))
					n[1]++;
			}
		}
	}
}

static void final_check(struct race *r)
{
	for (uint64_t p = 0; p < NPAGES; p++) {
		uint64_t got = 0;
		int rd = mmk_access(r->mm, BASE + p * PAGE_SIZE, &got, sizeof(got), 0);
		bool untouched = atomic_load(&r->db[p]) == r->last_db[p];

		assert_int_equal(rd, 0);
		if (r->last_ok[p] && untouched && got != r->last_v[p])
			race_fail(r, "final content", p, r->last_v[p], got);
		else if (got != 0 && got != r->last_written[p])
			race_fail(r, "final content (disturbed)", p, r->last_written[p], got);
	}
}

static void run_policy(enum mmk_policy policy)
{
	struct mmk_config cfg;
	struct race *r = calloc(1, sizeof(*r));
	struct worker w[NTHREADS];
	pthread_t t[NTHREADS];
	struct mmk_mm_stats st;
	struct mmk_sys_stats ss;
	uint64_t reach[4];
	const char *scale = getenv("MMK_TEST_SCALE");

	assert_non_null(r);
	for (int i = 0; i < NTABLES; i++)
		pthread_mutex_init(&r->remap_lock[i], NULL);
	mmk_config_init(&cfg);
	cfg.ncpus = NTHREADS + 1;
	cfg.ram_bytes = 256ULL << 20;
	cfg.gather_pages = 8;
	cfg.policy = policy;
	r->rounds = DEFAULT_ROUNDS * (scale ? atoi(scale) : 1);
	assert_int_equal(mmk_machine_create(&cfg, &r->m), 0);
	assert_int_equal(mmk_mm_create(r->m, &r->mm), 0);
	assert_int_equal(mmk_mmap(r->mm, BASE, LEN, MMK_PROT_READ | MMK_PROT_WRITE, 0), 0);
	for (int i = 0; i < NTHREADS; i++) {
		w[i] = (struct worker){ .r = r, .id = i, .seed = 1234u + (unsigned)i * 77u + policy };
		assert_int_equal(pthread_create(&t[i], NULL, worker_main, &w[i]), 0);
	}
	for (int i = 0; i < NTHREADS; i++)
		pthread_join(t[i], NULL);

	assert_int_equal(mmk_cpu_attach(r->m, NTHREADS), 0);
	if (getenv("MMK_TEST_VERBOSE")) {
		uint64_t c[MMK_PTC_NR];
		mmk_pt_counters(r->m, c);
		fprintf(stderr, "%-8s", mmk_policy_name(policy));
		for (int i = 0; i < MMK_PTC_NR; i++)
			fprintf(stderr, " %s=%llu", mmk_pt_counter_name(i), (unsigned long long)c[i]);
		fprintf(stderr, " lockless_walks=%lu\n", atomic_load(&r->walks_ok));
	}
	final_check(r);
	assert_int_equal(atomic_load(&r->failures), 0);
	assert_true(atomic_load(&r->walks_ok) > 0);

	mmk_mm_stats(r->mm, &st);
	count_tables(r->mm, reach);
	assert_int_equal(st.pte_tables, reach[1]);
	assert_int_equal(st.pmd_tables, reach[2]);
	assert_int_equal(st.pud_tables, reach[3]);
	uint64_t anon = 0;
	for (uint64_t p = 0; p < NPAGES; p++) {
		struct mmk_page_info pi;
		if (!mmk_query_page(r->mm, BASE + p * PAGE_SIZE, &pi) && pi.anon)
			anon++;
	}
	assert_int_equal(st.rss, anon * PAGE_SIZE);

	mmk_exit(r->mm);
	mmk_sync(r->m);
	mmk_machine_stats(r->m, &ss);
	assert_int_equal(ss.frames_used, 0);
	assert_int_equal(ss.pgtable_frames, 0);
	assert_int_equal(ss.pending_free, 0);
	mmk_cpu_detach(r->m);
	mmk_machine_destroy(r->m);
	free(r);
}

MMK_POLICY_MAIN(run_policy)

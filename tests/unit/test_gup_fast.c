/* SPDX-License-Identifier: MIT */
/*
 * test_gup_fast.c - GUP-fast's rechecks, made to matter deterministically.
 *
 * A racing fork can hit GUP-fast in two windows; a stochastic race test
 * almost never lands in either, so these tests put it there with the
 * sync layer's per-thread scheduling hook (mmk_sched_hook):
 *  - B4: fork write-protects the entry between GUP-fast's read of the PTE
 *    and its grab.  The reread of the PTE after the grab must notice.
 *  - write_protect_seq: fork decides the page is not pinned before
 *    GUP-fast's pin, but write-protects the entry only after GUP-fast's
 *    reread of the PTE; only the sequence count can tell GUP-fast.  A
 *    second thread runs the fork and parks inside copy_present_pte.
 * Either way the page handed out for FOLL_WRITE must be the exclusive,
 * writable page the parent maps afterwards.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "pgtable.h"
#include "unit/mmk_test.h"
#include "unit/pt_test.h"

#define VA 0x10000000ULL

struct scene {
	struct tm_fix f;
	struct mmk_machine *m;
	struct mm_struct *mm, *child;
	struct page *page;		/* mapped at VA before the race */
	mmk_entry_t *ptep;		/* the parent's PTE for VA */
	atomic_int at_grab, fork_checked, gup_reread;
	bool fired;
};

static struct scene *sc;	/* for the hooks */

/*
 * Wait for the other side to reach its point.  If a broken build never
 * gets there (the hook's sched point moved or vanished), fail within
 * WAIT_SECONDS instead of spinning until ctest's timeout.  Called from the
 * fork thread and from hooks too, where cmocka's asserts cannot be used:
 * so abort().
 */
#define WAIT_SECONDS 10

static void wait_for(atomic_int *flag)
{
	struct timespec now, until;

	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += WAIT_SECONDS;
	while (!atomic_load(flag)) {
		sched_yield();
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec > until.tv_sec ||
		    (now.tv_sec == until.tv_sec && now.tv_nsec >= until.tv_nsec)) {
			fprintf(stderr, "test_gup_fast: the other thread did not reach its "
				"point within %d s\n", WAIT_SECONDS);
			abort();
		}
	}
}

static void setup_scene(struct scene *s)
{
	struct mmk_config cfg;
	uint64_t v = 1;

	*s = (struct scene){ 0 };
	mmk_config_init(&cfg);
	cfg.ram_bytes = 64ULL << 20;
	tm_fix_start(&s->f, &cfg);
	s->m = s->f.m;
	s->mm = s->f.mm;
	assert_int_equal(mmk_mmap(s->mm, VA, PAGE_SIZE, MMK_PROT_READ | MMK_PROT_WRITE, 0), 0);
	assert_int_equal(mmk_access(s->mm, VA, &v, sizeof(v), 1), 0);
	mmk_entry_t *pmdp = tm_find_pmd(s->mm, VA);
	assert_non_null(pmdp);
	s->ptep = (mmk_entry_t *)pfn_to_virt(s->m, pmd_pfn(entry_read(pmdp))) + pte_index(VA);
	pte_t pte = entry_read(s->ptep);
	assert_true(pte_write(pte));
	s->page = pfn_to_page(s->m, pte_pfn(pte));
	sc = s;
}

/* The pinned/grabbed page must be what the parent maps, exclusive and writable. */
static void check_outcome(struct scene *s, struct page *got)
{
	struct mmk_pte_info pi;
	uint64_t v = 2, c = 0;

	assert_non_null(s->child);
	assert_int_equal(mmk_query_pte(s->mm, VA, &pi), 0);
	assert_int_equal(pi.pfn, page_to_pfn(s->m, got));
	assert_true(pi.write);
	assert_true(pi.exclusive);
	assert_true(got != s->page);	/* fork shared the old one: COW gave us a copy */
	assert_int_equal(mmk_access(s->mm, VA, &v, sizeof(v), 1), 0);
	assert_int_equal(mmk_dma_read(s->m, got, 0, &c, sizeof(c)), 0);
	assert_int_equal(c, 2);
	assert_int_equal(mmk_access(s->child, VA, &c, sizeof(c), 0), 0);
	assert_int_equal(c, 1);
}

static void teardown_scene(struct scene *s)
{
	mmk_exit(s->child);
	tm_fix_stop(&s->f);
	sc = NULL;
}

/* GUP thread: fork right before the grab, in this very thread. */
static void hook_fork_at_grab(enum mmk_sched_kind kind, const void *obj)
{
	if (kind != MMK_SP_ATOMIC || obj != &sc->page->_refcount || sc->fired)
		return;
	sc->fired = true;
	mmk_sched_hook = NULL;		/* fork's own points are not ours */
	assert_int_equal(mmk_fork(sc->mm, &sc->child), 0);
}

static void test_b4_pte_recheck(void **state)
{
	struct scene s;
	struct page *got = NULL;

	(void)state;
	setup_scene(&s);
	/* A reference has no write_protect_seq check: B4 alone must catch it. */
	mmk_sched_hook = hook_fork_at_grab;
	assert_int_equal(mmk_get_user_pages_fast(s.mm, VA, 1, MMK_FOLL_WRITE, &got), 1);
	mmk_sched_hook = NULL;
	assert_true(s.fired);
	check_outcome(&s, got);
	mmk_put_page(s.m, got);
	teardown_scene(&s);
}

/* Fork thread: park where copy_present_pte write-protects the parent's entry. */
static void hook_fork_parks(enum mmk_sched_kind kind, const void *obj)
{
	if (kind != MMK_SP_ENTRY_WRITE || obj != sc->ptep)
		return;
	atomic_store(&sc->fork_checked, 1);	/* it found the page unpinned */
	wait_for(&sc->gup_reread);
}

static void *fork_thread(void *arg)
{
	struct scene *s = arg;

	assert_int_equal(mmk_cpu_attach(s->m, 1), 0);
	wait_for(&s->at_grab);
	mmk_sched_hook = hook_fork_parks;
	assert_int_equal(mmk_fork(s->mm, &s->child), 0);
	mmk_sched_hook = NULL;
	mmk_cpu_detach(s->m);
	return NULL;
}

/* GUP thread: let fork check the page before we pin, then run past the reread. */
static void hook_gup_waits(enum mmk_sched_kind kind, const void *obj)
{
	if (kind == MMK_SP_ATOMIC && obj == &sc->page->_refcount && !sc->fired) {
		sc->fired = true;
		atomic_store(&sc->at_grab, 1);
		wait_for(&sc->fork_checked);
	} else if (kind == MMK_SP_RCU_UNLOCK && sc->fired) {
		/* The pin, the pmd and PTE rereads are done: let fork go on. */
		atomic_store(&sc->gup_reread, 1);
		mmk_sched_hook = NULL;
	}
}

static void test_write_protect_seq(void **state)
{
	struct scene s;
	struct page *got = NULL;
	pthread_t t;

	(void)state;
	setup_scene(&s);
	assert_int_equal(pthread_create(&t, NULL, fork_thread, &s), 0);
	mmk_sched_hook = hook_gup_waits;
	assert_int_equal(mmk_pin_user_pages_fast(s.mm, VA, 1, MMK_FOLL_WRITE, &got), 1);
	mmk_sched_hook = NULL;
	pthread_join(t, NULL);
	assert_true(s.fired);
	check_outcome(&s, got);
	assert_int_equal(page_ref_count(got), 1 + GUP_PIN_COUNTING_BIAS);
	/* The page GUP-fast had pinned first was unpinned again. */
	assert_false(folio_maybe_dma_pinned(s.page));
	mmk_unpin_user_pages(s.m, &got, 1);
	teardown_scene(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_b4_pte_recheck),
		cmocka_unit_test(test_write_protect_seq),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

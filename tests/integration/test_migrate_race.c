/* SPDX-License-Identifier: MIT */
/*
 * test_migrate_race.c - CPUs write continuously to a range while another
 * thread migrates it to device-private memory and back, again and again.
 *
 * Each writer owns one page and stores 1, 2, 3, ... at its start, reading
 * the word first: it must hold the writer's previous value, so a write
 * lost anywhere (into a page already copied, or discarded as clean) shows
 * at the writer's next step.  Nothing else writes to the page.
 *
 * The migrator's round: MADV_FREE the range (the pages become lazily
 * freed: clean, reclaimable), wait until every writer stored again (so
 * every page is dirty and no discard is legitimate), migrate the range to
 * the device, back to RAM, then MADV_PAGEOUT, which discards clean lazily
 * freed pages.  The dirty bit a store sets must therefore survive two
 * migrations, and a store racing the collection must not land in a page
 * already copied.
 *
 * With the protocol intact no write is lost and, after the writers stop
 * and a last round ran, each page holds its writer's last value.  With
 * migrate_no_dirty (the dirty bit is not carried from the cleared entry
 * to the page) or migrate_flush_late (the TLB flush waits until after the
 * copy) writes are lost: those runs must see a loss, within a bounded
 * number of rounds and BUG_SECONDS of wall time.
 *
 * Broken, the test fails fast instead of running out ctest's clock: the
 * clean run stops at its first lost write, and a bug run that finds none
 * within BUG_SECONDS stops there (a lost write normally shows within a
 * few hundred rounds, well under a second).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <time.h>
#include "mm_types.h"
#include "unit/mmk_test.h"

#define NWRITERS 2
#define BASE 0x40000000UL
#define LEN ((uint64_t)NWRITERS * PAGE_SIZE)

#ifdef MMK_TSAN
#define CLEAN_ROUNDS 300
#define MAX_BUG_ROUNDS 5000
#else
#define CLEAN_ROUNDS 3000
#define MAX_BUG_ROUNDS 50000
#endif
#define BUG_SECONDS 60

struct mig_race {
	struct mmk_machine *m;
	struct mm_struct *mm;
	struct mmk_device *gpu;
	atomic_ulong last[NWRITERS];	/* last value each writer stored */
	atomic_int stop;
	atomic_int lost;		/* writes found missing */
	atomic_ulong lost_want, lost_got;
	atomic_int err;			/* a writer's failed access (cmocka asserts are main-thread only) */
};

struct writer {
	struct mig_race *r;
	unsigned int id;
	pthread_t tid;
};

static void *writer_main(void *arg)
{
	struct writer *w = arg;
	struct mig_race *r = w->r;
	uint64_t addr = BASE + w->id * PAGE_SIZE, v = 0, got;

	int rc = mmk_cpu_attach(r->m, w->id + 1);

	while (!rc && !atomic_load(&r->stop)) {
		rc = tm_read64(r->mm, addr, &got);
		if (rc)
			break;
		if (got != v) {
			if (atomic_fetch_add(&r->lost, 1) == 0) {
				atomic_store(&r->lost_want, v);
				atomic_store(&r->lost_got, got);
			}
			v = got;	/* go on from what is there */
		}
		rc = tm_write64(r->mm, addr, ++v);
		if (rc)
			break;
		atomic_store(&r->last[w->id], v);
	}
	if (rc) {
		atomic_store(&r->err, rc);
		atomic_store(&r->stop, 1);
	}
	mmk_cpu_detach(r->m);
	return NULL;
}

/*
 * Wait until every writer stored twice since @since (no timing: progress).
 * Twice: the first store may have raced the MADV_FREE itself, and a store
 * concurrent with MADV_FREE may legitimately be discarded; the second
 * began after it returned.
 */
static void wait_for_stores(struct mig_race *r, const uint64_t *since)
{
	for (unsigned int i = 0; i < NWRITERS; i++)
		while (atomic_load(&r->last[i]) < since[i] + 2 && !atomic_load(&r->stop))
			sched_yield();
}

/* @lazyfree: MADV_FREE first, then wait for the writers to dirty the pages. */
static void one_round(struct mig_race *r, bool lazyfree)
{
	uint64_t since[NWRITERS];

	if (lazyfree) {
		assert_int_equal(mmk_madvise(r->mm, BASE, LEN, MMK_MADV_FREE), 0);
		for (unsigned int i = 0; i < NWRITERS; i++)
			since[i] = atomic_load(&r->last[i]);
		wait_for_stores(r, since);
	}
	assert_int_equal(mmk_migrate_to_device(r->mm, BASE, NWRITERS, r->gpu, NULL), 0);
	assert_int_equal(mmk_migrate_to_ram(r->mm, BASE, NWRITERS, NULL), 0);
	assert_int_equal(mmk_madvise(r->mm, BASE, LEN, MMK_MADV_PAGEOUT), 0);
}

static double now_seconds(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/*
 * Run rounds until @max, the first loss, or @seconds of wall time (0: no
 * limit); returns rounds run.
 */
static int run_race(struct mig_race *r, uint64_t bugs, int max, double seconds)
{
	double deadline = seconds > 0 ? now_seconds() + seconds : 0;
	struct writer w[NWRITERS];
	struct mmk_config cfg;
	int rounds = 0;

	mmk_config_init(&cfg);
	cfg.ram_bytes = 64 * MiB;
	cfg.ncpus = NWRITERS + 1;
	cfg.bugs = bugs;
	memset(r, 0, sizeof(*r));
	assert_int_equal(mmk_machine_create(&cfg, &r->m), 0);
	assert_int_equal(mmk_cpu_attach(r->m, 0), 0);
	assert_int_equal(mmk_device_create(r->m, MMK_DEVICE_PRIVATE, 64 * PAGE_SIZE, 0,
					   &r->gpu), 0);
	r->mm = tm_mm(r->m);
	assert_int_equal(mmk_mmap(r->mm, BASE, LEN, MMK_PROT_READ | MMK_PROT_WRITE, 0), 0);
	for (unsigned int i = 0; i < NWRITERS; i++) {
		tm_put(r->mm, BASE + i * PAGE_SIZE, 0);
		w[i] = (struct writer){ .r = r, .id = i };
		assert_int_equal(pthread_create(&w[i].tid, NULL, writer_main, &w[i]), 0);
	}
	while (rounds < max && !atomic_load(&r->lost) && !atomic_load(&r->err)) {
		one_round(r, true);
		rounds++;
		if (deadline && now_seconds() > deadline)
			break;
	}
	atomic_store(&r->stop, 1);
	for (unsigned int i = 0; i < NWRITERS; i++)
		pthread_join(w[i].tid, NULL);
	assert_int_equal(atomic_load(&r->err), 0);
	return rounds;
}

static void end_race(struct mig_race *r)
{
	mmk_exit(r->mm);
	mmk_machine_destroy(r->m);
}

/* The protocol intact: every store survives, and the last one is there. */
static void test_no_write_lost(void **state)
{
	struct mig_race r;
	int rounds;

	(void)state;
	rounds = run_race(&r, 0, CLEAN_ROUNDS, 0);
	if (atomic_load(&r.lost))
		print_message("lost after %d rounds: wanted %lu, found %lu\n", rounds,
			      (unsigned long)atomic_load(&r.lost_want),
			      (unsigned long)atomic_load(&r.lost_got));
	assert_int_equal(atomic_load(&r.lost), 0);
	assert_int_equal(rounds, CLEAN_ROUNDS);
	/* A last migration with the writers stopped: each page keeps its last value. */
	one_round(&r, false);
	for (unsigned int i = 0; i < NWRITERS; i++) {
		uint64_t v = tm_get(r.mm, BASE + i * PAGE_SIZE);
		assert_int_equal(v, atomic_load(&r.last[i]));
		assert_true(v > 0);
	}
	end_race(&r);
}

static void expect_loss(uint64_t bug)
{
	struct mig_race r;
	int rounds = run_race(&r, bug, MAX_BUG_ROUNDS, BUG_SECONDS);

	print_message("%s: a lost write after %d rounds (wanted %lu, found %lu)\n",
		      mmk_bug_name((unsigned int)bug), rounds,
		      (unsigned long)atomic_load(&r.lost_want),
		      (unsigned long)atomic_load(&r.lost_got));
	assert_true(atomic_load(&r.lost) > 0);
	end_race(&r);
}

static void test_no_dirty_loses_writes(void **state)
{
	(void)state;
	expect_loss(MMK_BUG_MIGRATE_NO_DIRTY);
}

static void test_flush_late_loses_writes(void **state)
{
	(void)state;
	expect_loss(MMK_BUG_MIGRATE_FLUSH_LATE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_write_lost),
		cmocka_unit_test(test_no_dirty_loses_writes),
		cmocka_unit_test(test_flush_late_loses_writes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

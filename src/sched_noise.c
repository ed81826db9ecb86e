/* SPDX-License-Identifier: MIT */
/*
 * sched_noise.c - delay injection at the sync layer's instrumentation
 * points, for `mmkit stress` (the race lab's noise maker, in the spirit of
 * IBM's ConTest and of the delays KCSAN inserts at watched accesses).
 *
 * Real threads race only where their windows overlap, and most protocol
 * windows are a few nanoseconds wide: a lockless walker that reads a pmd
 * and then the PTE behind it, with the table freed in between, loses that
 * race once in billions of walks.  Noise widens windows at random: before
 * some entry reads, the reading thread sleeps.  The sleep gives the CPU
 * away, so with more threads than CPUs the machine stays busy, and the
 * other threads get time to zap, free and reuse what the sleeper is about
 * to read.
 *
 * Which reads.  Only lockless reads of PTEs: reads of a PTE table whose
 * PTL the reader does not hold.  Those are the hardware walker, GUP-fast
 * and pte_offset_map()'s peeks, whose safety rests on RCU and rechecks
 * rather than on a lock.  Reads under the PTL are left alone: nobody can
 * change those entries meanwhile, a delay would only slow the run.  Of
 * the lockless reads, those made outside any RCU read-side section and
 * outside the rwsem policy's walk lock (bare reads) have a rate and a
 * length of their own.  Correct code makes none: every lockless walk of
 * mmkit runs under RCU or that lock, so in a correct run bare noise costs
 * nothing.  Where a protocol step is missing (a walker that
 * forgot its read-side section) the bare read is exactly the window to
 * widen, and it has to be widened past a grace period, which liburcu
 * batches over milliseconds.  Protected reads get short, rarer delays:
 * enough to shuffle interleavings without stalling grace periods much.
 *
 * Everything is per thread (the settings and the generator are
 * thread-local), so nothing here is shared and nothing needs a lock.
 * Noise never runs on an explored thread: the explorer owns mmk_sched_hook
 * there and the interleaving must be its choice alone.
 */
#include <time.h>
#include "pt_policy.h"
#include "mmkit/explore.h"

struct noise {
	struct mmk_machine *m;
	struct mmk_noise cfg;
	uint64_t rng;
};

static __thread struct noise noise;

/* xorshift64*: cheap, and good enough to pick points at random. */
static uint64_t noise_draw(void)
{
	uint64_t x = noise.rng;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	noise.rng = x;
	return x * 0x2545f4914f6cdd1dULL;
}

/* Is @entry in a PTE table whose lock this thread does not hold? */
static bool lockless_pte_read(struct mmk_machine *m, const void *entry)
{
	const unsigned char *p = entry;
	struct page *table;
	unsigned int flags;

	if (p < m->mem || p >= m->mem + (m->nr_frames << PAGE_SHIFT))
		return false;
	table = virt_to_page(m, p);
	flags = atomic_load_explicit(&table->flags, memory_order_acquire);
	/* The reader reached the table through a pmd, published after its level. */
	if ((flags & (PG_table | PG_free)) != PG_table || table_level(table) != 1)
		return false;
	return !spin_is_locked_by_me(&table->ptl);
}

static void noise_point(enum mmk_sched_kind kind, const void *obj)
{
	unsigned int one_in, max_us;
	struct timespec ts;
	uint64_t r, us;

	if (kind != MMK_SP_ENTRY_READ || !lockless_pte_read(noise.m, obj))
		return;
	if (rcu_read_held() || __pt_walk_held(noise.m, NULL)) {
		one_in = noise.cfg.one_in;
		max_us = noise.cfg.max_us;
	} else {
		one_in = noise.cfg.bare_one_in;
		max_us = noise.cfg.bare_max_us;
	}
	if (!one_in || !max_us)
		return;
	r = noise_draw();
	if (r % one_in)
		return;
	us = 1 + (r >> 32) % max_us;
	ts.tv_sec = (time_t)(us / 1000000);
	ts.tv_nsec = (long)(us % 1000000) * 1000;
	nanosleep(&ts, NULL);
}

int mmk_set_noise(struct mmk_machine *m, const struct mmk_noise *cfg, uint64_t seed)
{
	if (mmk_explorer)
		return -EBUSY;
	if (!cfg || (!(cfg->one_in && cfg->max_us) && !(cfg->bare_one_in && cfg->bare_max_us))) {
		if (mmk_sched_hook == noise_point)
			mmk_sched_hook = NULL;
		return 0;
	}
	if (cfg->max_us > 1000000 || cfg->bare_max_us > 1000000)
		return -EINVAL;
	noise.m = m;
	noise.cfg = *cfg;
	noise.rng = seed | 1;	/* xorshift must not start at 0 */
	mmk_sched_hook = noise_point;
	return 0;
}

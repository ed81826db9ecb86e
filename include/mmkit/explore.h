/* SPDX-License-Identifier: MIT */
/*
 * mmkit/explore.h - the race lab's interleaving explorer: stateless model
 * checking with preemption bounding (as Microsoft's CHESS), over mmkit's
 * one synchronisation layer.
 *
 * The explorer runs the threads of one concurrent scenario one at a time,
 * on real POSIX threads, and switches between them only at the sync
 * layer's instrumentation points (every lock, atomic RMW, page-table entry
 * load/store, RCU boundary, TLB fill/flush: src/sync.h).  At each point
 * it either lets the current thread go on or runs another enabled thread;
 * a switch away from a thread that could go on is a *preemption*, and an
 * interleaving may have at most max_preemptions of them.  Switches when a
 * thread blocks (a lock it waits for, a grace period) or finishes are
 * free.  Every interleaving within the bound is run once, from a fresh
 * start, by depth-first search over the sequence of choices: run, then
 * mmk_explore_next() picks the next untried choice nearest the end.
 *
 * One *execution* is: mmk_explore_exec_begin(), any number of *runs* of
 * concurrent threads (mmk_explore_run_begin(), each thread calling
 * mmk_explore_thread_begin() first and mmk_explore_thread_end() last,
 * mmk_explore_run_end() once all are joined), mmk_explore_exec_end().
 * The scenario must behave the same whenever the explorer makes the same
 * choices (build a fresh machine each time); the explorer checks it can
 * replay a choice sequence and reports it if not.
 *
 * While it runs, the explorer replaces RCU by a deterministic one (sync.h)
 * whose callbacks run on an extra thread of its own, "rcu", scheduled
 * like the others.  A state where no thread can go on but some have not
 * finished is a deadlock: the explorer describes it and calls the
 * on_stuck handler, which must not return (the threads cannot be
 * unwound); the default handler aborts.
 *
 * An explorer is one object owned by its caller: nothing is global but the
 * thread-locals of the sync layer.  Its functions are not thread-safe
 * except as described (the thread functions are called by explored
 * threads; everything else by the one driving thread).
 */
#ifndef MMKIT_EXPLORE_H
#define MMKIT_EXPLORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct mmk_explorer;
struct mmk_machine;

#define MMK_EXPLORE_MAX_THREADS 32	/* threads of one run (plus "rcu") */

/* A new explorer allowing @max_preemptions per interleaving (>= 0). */
int mmk_explorer_create(int max_preemptions, struct mmk_explorer **out);
void mmk_explorer_destroy(struct mmk_explorer *ex);

/*
 * Make the next execution start with the choices @k[0..n) (each the
 * position of the chosen thread among the candidates, 0 = the default:
 * go on with the current thread, else the lowest-numbered enabled one),
 * then take defaults: how a replay token is replayed.  -EINVAL if a
 * choice is out of range (> MMK_EXPLORE_MAX_THREADS), -ENOMEM.
 */
int mmk_explore_set_prefix(struct mmk_explorer *ex, const uint8_t *k, size_t n);

/* Record each step of the next executions (slow: for printing one). */
void mmk_explore_set_trace(struct mmk_explorer *ex, bool on);

/* Called on a deadlock, on the thread that found it; must not return. */
void mmk_explore_set_on_stuck(struct mmk_explorer *ex,
			      void (*fn)(struct mmk_explorer *ex, void *arg),
			      void *arg);

/* The driving thread starts / ends one execution. */
void mmk_explore_exec_begin(struct mmk_explorer *ex);
void mmk_explore_exec_end(struct mmk_explorer *ex);

/*
 * After an execution: set up the next one.  False once every interleaving
 * within the bound has been run (or the execution went wrong: see
 * mmk_explore_error()).
 */
bool mmk_explore_next(struct mmk_explorer *ex);

/*
 * Shards: split one search among @count explorers (processes, machines),
 * this one being number @index.  Subtrees are dealt out round-robin in
 * depth-first order, cut so that each shard gets about @depth of them
 * (estimated from the first interleaving's path); each shard
 * runs the first interleaving of every subtree (to find where it is) and
 * all of its own.  The shards' counts add up to the unsharded search's,
 * each interleaving in exactly one shard.  With mmk_explore_set_por():
 * the decisions above a depth set by the first interleaving's path are
 * explored in full, and the about @depth subtrees there (in all, not per
 * shard: the split is the same for every @count, 1 included) are dealt
 * out and each reduced by its shard; the shards' counts add up to the
 * same split search's for every @count, no fewer than the unsharded
 * reduction's (docs/race-lab.md, "Shards").  0 or -EINVAL (@index >=
 * @count, @depth 0 or above 4096).  Call before the first execution.
 */
int mmk_explore_set_shard(struct mmk_explorer *ex, unsigned int index, unsigned int count,
			  unsigned int depth);
/*
 * Partial-order reduction (docs/race-lab.md): with @on, a candidate of a
 * decision is tried only when an execution showed a race that running
 * it there may reverse, so interleavings that differ only in the order of
 * independent steps run once.  Within the same preemption bound it finds
 * what the full search finds, under the assumptions race-lab.md states.
 * Returns 0.  Call before the first execution.
 */
int mmk_explore_set_por(struct mmk_explorer *ex, bool on);
/*
 * Sleep sets, part of the reduction (on by default; only with
 * mmk_explore_set_por()): once a decision's subtree for a thread is
 * explored, that thread sleeps in the decision's later subtrees until a
 * step conflicts with its next one, where the preemption bound allows
 * (docs/race-lab.md, "Sleep sets").  An execution in which every thread
 * that may run sleeps is cut: it is run to its end but not counted in
 * mmk_explore_count(), and nothing below it is tried.  Returns 0.  Call
 * before the first execution.
 */
int mmk_explore_set_sleep_sets(struct mmk_explorer *ex, bool on);
/* Executions cut by sleep sets so far. */
uint64_t mmk_explore_sleep_blocked(const struct mmk_explorer *ex);
/* Is the last execution this shard's?  (Always, without shards.) */
bool mmk_explore_owned(const struct mmk_explorer *ex);
/* Executions run only to find another shard's subtree. */
uint64_t mmk_explore_skipped(const struct mmk_explorer *ex);

/* Executions run so far (each one interleaving), this shard's only. */
uint64_t mmk_explore_count(const struct mmk_explorer *ex);

/*
 * The choices the last execution made, one per decision with more than
 * one candidate; *@n gets their number.  Valid until the next execution.
 */
const uint8_t *mmk_explore_choices(const struct mmk_explorer *ex, size_t *n);

/*
 * The fraction of the search (every interleaving within the bound) done
 * after the last execution, in (0, 1], estimated as a depth-first search
 * is usually measured: each decision on the last execution's path splits
 * what is left below it evenly among its choices within the bound, so
 * choosing the i-th of b means i/b of that subtree is done.
 * mmk_explore_count() divided by it estimates the total; a rough one
 * (subtrees are far from even: the bound cuts the later ones short), but
 * it only grows more exact as the search goes.  1 when it is complete.
 * With mmk_explore_set_por() and no shards: the interleavings counted
 * over their sum with an estimate of those left, each alternative still
 * to run on the path taken to hold as many as the subtrees completed at
 * its depth, on average (docs/race-lab.md); it may shrink as backtrack
 * sets grow, and is 1 at the end.
 */
double mmk_explore_covered(const struct mmk_explorer *ex);

/* Preemptions the last execution used. */
int mmk_explore_preemptions(const struct mmk_explorer *ex);

/*
 * Why the last execution cannot be trusted, or NULL: "deadlock: ...", or
 * a replayed choice that does not fit (the scenario is not the one the
 * choices were made for, or it is not deterministic).
 */
const char *mmk_explore_error(const struct mmk_explorer *ex);

/*
 * A run of @nthreads concurrent threads on @m (named in traces; may be
 * NULL) begins: threads numbered 0..nthreads-1 will call
 * mmk_explore_thread_begin().  Deferred RCU callbacks queued before are
 * run first, on the calling thread.  0, -EINVAL (too many threads), or
 * -errno if the RCU thread cannot be started.
 */
int mmk_explore_run_begin(struct mmk_explorer *ex, struct mmk_machine *m,
			  int nthreads);
/* After every thread of the run has ended and been joined. */
void mmk_explore_run_end(struct mmk_explorer *ex);

/*
 * On an explored thread: take part in the run as thread @index (names the
 * thread in traces; must outlive the execution), and wait for its turn.
 */
void mmk_explore_thread_begin(struct mmk_explorer *ex, int index, const char *name);
/* Leave the run: the scheduler runs another thread.  No point follows. */
void mmk_explore_thread_end(void);
/*
 * The calling thread starts a new statement, described by @what (kept as
 * a pointer): it holds no lock and is in no read-side section.
 */
void mmk_explore_label(const char *what);
/*
 * Whether every other thread of the run is between statements (not yet
 * started, at the start of a statement, or finished) and no RCU callback
 * is pending: a quiescent point, where a full check may run.
 */
bool mmk_explore_quiescent(void);
/*
 * Mute the calling thread's instrumentation points (on) or not (off):
 * for the checker, which runs at a quiescent point and must not be
 * explored.
 */
void mmk_explore_mute(bool on);

/* ---- noise (stress) ---- */
/*
 * Delay injection on the calling thread, for stress runs on real threads
 * of one machine: before a lockless read of a PTE (a read of a PTE table
 * whose PTL the thread does not hold: the hardware walker, GUP-fast,
 * lockless peeks), sleep now and then, widening whatever race window the
 * read is in.  Reads inside an RCU read-side section sleep 1..max_us
 * microseconds, one in one_in; bare reads (outside any read-side section,
 * which correct mmkit never makes) 1..bare_max_us, one in bare_one_in.
 * A zero in a pair turns that kind off.
 */
struct mmk_noise {
	unsigned int one_in, max_us;
	unsigned int bare_one_in, bare_max_us;
};
/*
 * Turn noise on for the calling thread (@cfg NULL or all zero: off).
 * @seed fixes which reads sleep.  -EBUSY on an explored thread, -EINVAL if
 * a length exceeds a second.
 */
int mmk_set_noise(struct mmk_machine *m, const struct mmk_noise *cfg, uint64_t seed);

/* ---- traces (mmk_explore_set_trace) ---- */
struct mmk_explore_step {
	int thread;		/* index; the RCU thread comes after the run's threads */
	int kind;		/* the sync layer's point, see mmk_explore_kind_name() */
	const char *label;	/* the thread's statement (mmk_explore_label) */
	char what[112];		/* the object, in words: "PTE table pfn 0x12 entry 3 ..." */
	int next;		/* after this point the scheduler ran @next, or -1 */
	bool preempted;		/* ... and that switch was a preemption */
};

/* The last execution's steps; *@n gets their number. */
const struct mmk_explore_step *mmk_explore_trace(const struct mmk_explorer *ex,
						 size_t *n);
/* Name of thread @index of the last run ("rcu" for the RCU thread). */
const char *mmk_explore_thread_name(const struct mmk_explorer *ex, int index);
/* "lock", "entry-read", ... for a step's kind. */
const char *mmk_explore_kind_name(int kind);

#ifdef __cplusplus
}
#endif
#endif

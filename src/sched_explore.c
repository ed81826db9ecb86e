/* SPDX-License-Identifier: MIT */
/*
 * sched_explore.c - the race lab's interleaving explorer (mmkit/explore.h):
 * a deterministic scheduler over the sync layer's instrumentation points,
 * depth-first search over its choices with a preemption bound, and a
 * deterministic RCU; the share of the search done (mmk_explore_covered)
 * and its split into shards (sections "shards" and "shards under
 * partial-order reduction" below).
 *
 * Owns: one struct mmk_explorer per exploration (the caller's object; no
 * global state) with the threads of the current run, the choices of the
 * current execution (the trail), the prefix the next execution replays,
 * the RCU callback queue, the trace, and a shard's groups.  Everything
 * in it is under ex->lock.  Thread-locals: ex_self (the explored thread's slot) and the
 * sync layer's mmk_explorer and mmk_sched_hook.
 *
 * Scheduling
 * ----------
 * Exactly one explored thread runs at a time: the one ex->running names.
 * The others sleep on their own condition variable inside the explorer.
 * At each instrumentation point (explore_point(), the thread's
 * mmk_sched_hook) the running thread, holding ex->lock, decides who runs
 * next.  The candidates are listed current thread first (if it is
 * enabled), then the other enabled threads by index; the choice is the
 * candidate's position, 0 by default.  A choice is recorded in the trail
 * only where there are two candidates or more.  Choosing another thread
 * while the current one is enabled costs one preemption; when the current
 * thread waits or finishes the choice is free.
 *
 * Which points are decisions (documented in docs/race-lab.md):
 *  - every point, except
 *  - a thread's first point after it started (switching there is the
 *    same as not having chosen it: nothing it did is visible yet);
 *  - UNLOCK, UNLOCK_SHARED and RCU_UNLOCK: preempting just before a
 *    release is the same,
 *    for every other thread, as preempting at the thread's next point
 *    with the lock still held, and those threads would only block;
 *  - an ENTRY_READ of the same page-table page as the thread's previous
 *    point, when that was an ENTRY_READ too: a scan of one table (zap,
 *    rescan) is one decision, not 512.  A read of another table (the
 *    next level of a walk) is a decision again.
 * These keep the 2-preemption space of a DONTNEED of a whole table in the
 * thousands; the historical races remain reachable (tests/races/).
 *
 * Blocking.  A thread that cannot go on says so with mmk_wait_relax(obj)
 * (MMK_SP_WAIT): it is disabled until another thread touches @obj, i.e.
 * passes an UNLOCK, UNLOCK_SHARED, ATOMIC or ENTRY_WRITE point on @obj *and reaches its
 * next point* (the hook runs before the operation, so the change is only
 * done by then).  If no thread is enabled, waiters on objects changed
 * without a point are woken if any other thread did something since they
 * began to wait (counted in ex->spurious); if none did, it is a deadlock.
 *
 * Deterministic RCU
 * -----------------
 * The explorer counts each explored thread's read-side sections: whether
 * it is inside one, and how many it has left.  A grace period that begins
 * now (synchronize_rcu, or a call_rcu) snapshots who is inside; it has
 * ended when each of those has left a section since, or finished.
 * synchronize_rcu waits for that through the scheduler (on ex->gp);
 * call_rcu queues the callback with its snapshot.  Callbacks run, in queue
 * order, on the explorer's RCU thread, which is enabled only while the
 * oldest callback's grace period has ended.  rcu_barrier runs ended
 * callbacks itself and waits for the rest.  The driving thread (the one
 * that called mmk_explore_exec_begin) uses the same queue between runs;
 * run_begin and exec_end drain it there.
 */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sched_explore.h"
#include "mmkit/explore.h"

#define EX_SLOTS (MMK_EXPLORE_MAX_THREADS + 1)	/* + the RCU thread */
#define EX_KIND_END 100				/* a trace step: the thread ended */
#define EX_KIND_LABEL 101			/* a step of the reduction's: a statement began */
#define EX_TABLE_BYTES 4096			/* entries are read a table at a time */
/*
 * Points one execution may pass before it is taken for a livelock: a
 * busy-wait that does not call mmk_wait_relax() would otherwise spin
 * forever once the preemption budget is spent.
 */
#define EX_STEP_LIMIT 20000000ULL

MMK_TLS_HOT struct mmk_explorer *mmk_explorer;

enum ex_state { EX_IDLE, EX_RUNNABLE, EX_WAITING, EX_DONE };
/* What a thread waiting on ex->gp waits for. */
enum { GP_CALLBACK, GP_SYNC, GP_BARRIER };

struct ex_thread {
	struct mmk_explorer *ex;
	int idx;
	enum ex_state state;
	const char *name;
	pthread_cond_t cv;		/* waits here until ex->running == idx */
	bool fresh;			/* no point yet: the first is no decision */
	bool quiet;			/* no point since its last label: holds nothing */
	bool muted;			/* points ignored (the checker runs) */
	const void *wait_obj;		/* EX_WAITING: until another thread touches it */
	uint64_t wait_mark;		/* ex->touches when the wait began */
	uint64_t steps;			/* points passed, waits excluded */
	const void *touch_obj;		/* its last point changes this: wake waiters next */
	uintptr_t read_table;		/* its last point read an entry of this page */
	bool in_rcu;			/* inside a read-side section */
	int gp_wait;			/* waiting on ex->gp for: GP_* */
	const struct ex_gp *gp_snap;	/* GP_SYNC: the grace period */
	uint64_t rcu_exits;		/* read-side sections left */
	const char *label;
};

/* A grace period: who was inside a read-side section when it began. */
struct ex_gp {
	uint64_t mask;			/* bit i: thread i was inside */
	uint64_t exits[EX_SLOTS];	/* its rcu_exits then */
};

struct ex_cb {
	struct mmk_rcu_head *head;
	mmk_rcu_func_t fn;
	struct ex_gp gp;
	/*
	 * With por: the queuing thread's vector clock after its call_rcu;
	 * whoever runs the callback is ordered after it ("partial-order
	 * reduction", callbacks).
	 */
	uint32_t vc[EX_SLOTS];
};

#define EX_SHARD_DEPTH_MAX 4096	/* subtrees per shard, at most */
#define EX_BUDGET_MAX 16		/* preemptions a subtree estimate counts */

struct ex_decision {
	uint8_t n;			/* candidates */
	uint8_t k;			/* chosen position */
	bool cur_on;			/* the current thread was a candidate (first) */
	uint16_t pre;			/* preemptions used before it */
	uint64_t cand;			/* the candidates' thread indices, as bits */
	uint64_t cand_cur;		/* the current thread's bit if cur_on, else 0 */
};

/*
 * Partial-order reduction (mmk_explore_set_por; "partial-order
 * reduction" below): one step of the execution, as the race detection
 * sees it.  Its vector clock is ex->vcs[i * ex->vc_n ...].
 */
struct ex_event {
	int thread;
	uint32_t seq;			/* its thread's clock at it */
	int32_t dec;			/* the last decision before it (-1: none) */
	int32_t block_dec;		/* the decision its thread's run began at */
	int32_t next_read;		/* the previous read of the same object */
};

/*
 * The reduced search's size estimate (por_estimate), per decision depth:
 * where the current child of the path's decision there began, and the
 * children of decisions at that depth completed so far.
 */
struct por_size {
	uint64_t start;			/* interleavings counted before its current child */
	double sum;			/* the completed children's interleavings, in all */
	uint64_t n;			/* completed children */
};

/* What an object has seen in this execution: its last write, reads since. */
struct ex_obj {
	const void *key;		/* NULL: a free slot of the table */
	int32_t last_write;		/* event, -1 none */
	int32_t reads;			/* latest read since that write, -1 none */
};

/*
 * Sleep sets ("sleep sets" below): what a thread did when a decision
 * chose it, as access lists: its *step*, every access from that decision
 * to the next one, and its *run*, every access until it stopped (waited
 * or ended).  A thread explored there sleeps in the decision's later
 * subtrees, by either, until a step conflicts with one of its accesses.
 */
enum { SLEEP_STEP, SLEEP_RUN };

struct ex_block {
	int32_t depth;			/* the decision that chose it */
	uint8_t thread;
	uint8_t cost;			/* preemptions that choice cost: 0 or 1 */
	bool enabled;			/* the thread could go on when its step ended */
	bool usable[2];			/* the step ended at a decision with only its
					   thread's accesses; the run ended when it stopped */
	size_t acc;			/* its accesses: ex->bacc[acc ..) */
	size_t len[2];			/* of its step, of its run */
	/* the same as hash sets (a write wins), made when first slept by */
	struct ex_access *set[2];
	size_t set_cap[2];		/* a power of 2 */
};

struct ex_access {
	const void *key;		/* NULL: a free slot of a set */
	bool write;
};

/* A subtree of a shard's search every shard descends into ("shards" below). */
struct ex_group {
	size_t start;			/* its interleavings share choices [0, start) */
	struct ex_decision *ref;	/* its leftmost one's decisions from start on */
	size_t nref;
};

struct mmk_explorer {
	pthread_mutex_t lock;
	int max_preempt;
	/* the current run */
	struct ex_thread th[EX_SLOTS];
	int nworkers;			/* threads of the run; the RCU thread is th[nworkers] */
	int registered;			/* threads that called thread_begin (+ RCU) */
	int workers_left;
	int running;			/* index allowed to run, -1 none */
	bool in_run, shutdown;
	pthread_t rcu_thread;
	uint64_t total_steps;
	uint64_t touches;		/* points that changed an object */
	struct mmk_machine *m;
	/* the current execution */
	int preemptions;
	struct ex_decision *trail;
	uint8_t *ks;			/* trail[i].k, packed: the choice sequence */
	size_t depth, trail_cap;
	uint8_t *prefix;		/* choices the execution replays */
	size_t prefix_len, prefix_cap;
	uint64_t executions;		/* this shard's (all, without shards) */
	/* shards (mmk_explore_set_shard; "shards" below) */
	unsigned int shard_index, shard_count, shard_depth;
	uint64_t unit_ordinal;		/* subtrees and units dealt out so far */
	double shard_target;		/* interleavings a subtree dealt out holds */
	struct ex_group *groups;	/* the groups the search is inside, outermost first */
	size_t ngroups, groups_cap;
	size_t owned_from;		/* inside a subtree dealt to us from here; SIZE_MAX not */
	bool next_is_group;		/* the next execution starts a group */
	size_t next_group_start;
	bool owned;			/* the last execution is this shard's */
	uint64_t skipped;		/* executions run only to find a subtree */
	/* shards with por ("shards under partial-order reduction" below) */
	size_t por_split;		/* decisions above it are explored in full */
	bool unit_pending;		/* the next execution starts a unit: deal it */
	bool unit_owned;		/* the unit the search is in is this shard's */
	/* partial-order reduction, off unless mmk_explore_set_por() */
	bool por;
	uint64_t *bt, *tried;		/* per decision depth: threads to try, tried */
	struct por_size *sizes;		/* per decision depth: its children's sizes */
	size_t bt_cap;
	struct ex_event *ev;		/* this execution's steps */
	size_t nev, ev_cap;
	uint32_t *vcs;			/* ev_cap x vc_n: each step's vector clock */
	uint32_t tvc[EX_SLOTS][EX_SLOTS];	/* each thread's clock */
	int vc_n;			/* slots in use (vc_n <= EX_SLOTS) */
	int32_t block_dec[EX_SLOTS];	/* where each thread's current run began */
	struct ex_obj *objs;		/* open addressing, objs_cap a power of 2 */
	size_t nobjs, objs_cap;
	char tlb_obj, label_obj, rcu_obj;	/* objects a step touches implicitly */
	/* sleep sets, with por unless mmk_explore_set_sleep_sets(ex, false) */
	bool sleep_sets;
	bool blocked;			/* every thread that may run sleeps: cut */
	uint64_t sleep_blocked;		/* executions cut so */
	uint64_t *slp;			/* per decision depth: threads asleep there */
	size_t *blk_first;		/* per decision depth: its first block */
	struct ex_block *blk;		/* blocks of the current path's decisions */
	size_t nblk, blk_cap;
	struct ex_access *bacc;		/* their accesses */
	size_t nbacc, bacc_cap;
	size_t open_blk;		/* the block whose step is recorded, SIZE_MAX none */
	size_t run_from;		/* the first of the blocks whose run is, SIZE_MAX none */
	uint64_t asleep[2];		/* threads asleep now, by step and by run */
	size_t sleep_blk[2][EX_SLOTS];	/* the block each asleep thread has next */
	char error[512];
	/* RCU */
	struct ex_cb *cbs;		/* FIFO: cbs[cb_head..cb_tail) */
	size_t cb_head, cb_tail, cb_cap;
	int rcu_busy;			/* callbacks being run right now */
	char gp;			/* grace-period waiters wait on &gp */
	/* what to do on a deadlock */
	void (*on_stuck)(struct mmk_explorer *ex, void *arg);
	void *stuck_arg;
	/* traces */
	bool tracing;
	struct mmk_explore_step *trace;
	size_t ntrace, trace_cap;
	uint64_t spurious;
};

static __thread struct ex_thread *ex_self;

static void explore_point(enum mmk_sched_kind kind, const void *obj);

/* ---- small helpers ---- */

static void ex_fail(struct mmk_explorer *ex, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void ex_fail(struct mmk_explorer *ex, const char *fmt, ...)
{
	va_list ap;

	if (ex->error[0])
		return;		/* the first reason is the one worth telling */
	va_start(ap, fmt);
	vsnprintf(ex->error, sizeof(ex->error), fmt, ap);
	va_end(ap);
}

static int ex_nslots(const struct mmk_explorer *ex)
{
	return ex->in_run ? ex->nworkers + 1 : 0;
}

static bool ex_gp_done(struct mmk_explorer *ex, const struct ex_gp *gp);

/* The oldest callback's grace period has ended. */
static bool ex_cb_ready(struct mmk_explorer *ex)
{
	return ex->cb_head != ex->cb_tail && ex_gp_done(ex, &ex->cbs[ex->cb_head].gp);
}

/*
 * Whether @w, waiting on ex->gp, can go on now.  Waking it only then keeps
 * an idle RCU thread from being a candidate (a choice) for nothing.
 */
static bool ex_gp_waiter_ready(struct mmk_explorer *ex, const struct ex_thread *w)
{
	switch (w->gp_wait) {
	case GP_SYNC:
		return ex_gp_done(ex, w->gp_snap);
	case GP_BARRIER:
		return ex_cb_ready(ex) || (ex->cb_head == ex->cb_tail && !ex->rcu_busy);
	default:
		return ex_cb_ready(ex);
	}
}

/* Wake every thread waiting on @obj (those on ex->gp if they can go on). */
static void ex_wake(struct mmk_explorer *ex, const void *obj)
{
	for (int i = 0; i < ex_nslots(ex); i++) {
		struct ex_thread *w = &ex->th[i];

		if (w->state == EX_WAITING && w->wait_obj == obj &&
		    (obj != &ex->gp || ex_gp_waiter_ready(ex, w)))
			w->state = EX_RUNNABLE;
	}
}

/* @t's previous point has completed: wake those waiting for its change. */
static void ex_settle(struct mmk_explorer *ex, struct ex_thread *t)
{
	if (t->touch_obj) {
		ex_wake(ex, t->touch_obj);
		t->touch_obj = NULL;
	}
}

/*
 * No thread enabled: wake waiters on objects that may have been changed
 * without a point since they began to wait (any other thread changed
 * something meanwhile).  Retries change nothing, so a true deadlock
 * still ends with nobody to wake.
 */
static bool ex_wake_spurious(struct mmk_explorer *ex)
{
	bool woke = false;

	for (int i = 0; i < ex_nslots(ex); i++) {
		struct ex_thread *w = &ex->th[i];

		if (w->state == EX_WAITING && ex->touches > w->wait_mark) {
			w->state = EX_RUNNABLE;
			woke = true;
			ex->spurious++;
		}
	}
	return woke;
}

/* ---- partial-order reduction ---- */
/*
 * With ex->por, the search does not try every candidate at every
 * decision.  It tries the one the execution took, and a candidate only
 * once some execution showed a reason to: a race, two steps of different
 * threads on one object, at least one a write, that nothing orders (the
 * threads' vector clocks: program order, and every earlier pair of
 * conflicting steps in the order they ran).  For a race between an
 * earlier step e' of thread q and a later step of thread p, p is added
 * to the backtrack set of the last decision before e' (all candidates if
 * p was not one there), and also of the decision where q's run holding e'
 * began, where switching may cost no preemption (Flanagan and Godefroid's
 * dynamic POR, with Coons, Musuvathi and McKinley's addition for a
 * preemption bound).  docs/race-lab.md gives the argument and its
 * assumptions: every step another thread can race with passes a point,
 * or a DATA event (frame bytes, entries written outside points).
 *
 * Objects: the struct page of any of its fields (machine_object), an
 * entry, a lock, the explorer's own tlb_obj (TLB fills and flushes are
 * taken to conflict, all of them), rcu_obj (read by read-side sections,
 * written by a grace period's start) and label_obj (statement
 * boundaries: the full checks at quiescent points depend on their order,
 * so they all conflict).
 */
static bool por_reserve(struct mmk_explorer *ex, size_t d)
{
	size_t cap = ex->bt_cap ? ex->bt_cap : 256;
	uint64_t *bt, *tried, *slp;
	size_t *first;
	struct por_size *sizes;

	if (d < ex->bt_cap)
		return true;
	while (cap <= d)
		cap *= 2;
	bt = realloc(ex->bt, cap * sizeof(*bt));
	if (bt)
		ex->bt = bt;
	tried = bt ? realloc(ex->tried, cap * sizeof(*tried)) : NULL;
	if (tried)
		ex->tried = tried;
	slp = tried ? realloc(ex->slp, cap * sizeof(*slp)) : NULL;
	if (slp)
		ex->slp = slp;
	first = slp ? realloc(ex->blk_first, cap * sizeof(*first)) : NULL;
	if (first)
		ex->blk_first = first;
	sizes = first ? realloc(ex->sizes, cap * sizeof(*sizes)) : NULL;
	if (!sizes)
		return false;
	ex->sizes = sizes;
	memset(ex->sizes + ex->bt_cap, 0, (cap - ex->bt_cap) * sizeof(*sizes));
	memset(ex->bt + ex->bt_cap, 0, (cap - ex->bt_cap) * sizeof(*bt));
	memset(ex->tried + ex->bt_cap, 0, (cap - ex->bt_cap) * sizeof(*tried));
	memset(ex->slp + ex->bt_cap, 0, (cap - ex->bt_cap) * sizeof(*slp));
	memset(ex->blk_first + ex->bt_cap, 0, (cap - ex->bt_cap) * sizeof(*first));
	ex->bt_cap = cap;
	return true;
}

static void sleep_decided(struct mmk_explorer *ex, size_t d, int th, unsigned int cost,
			  bool cur_on, int cur);

/* Interleavings counted so far: what a subtree's size is measured in. */
static uint64_t por_runs(const struct mmk_explorer *ex)
{
	return ex->executions;
}

/* The current child of decision @i is done: its size joins its depth's. */
static void por_child_done(struct mmk_explorer *ex, size_t i)
{
	struct por_size *z = &ex->sizes[i];
	double size = (double)(por_runs(ex) - z->start);

	z->sum += size;
	z->n++;
	z->start = por_runs(ex);	/* the next child, if any, begins next */
}

/*
 * Decision @d (just pushed) took thread @th, which cost @cost preemptions;
 * it was taken at a point of thread @cur (-1: none), which could go on if
 * @cur_on.
 */
static void por_decided(struct mmk_explorer *ex, size_t d, int th, unsigned int cost,
			bool cur_on, int cur)
{
	uint64_t bit = (uint64_t)1 << th;

	if (!por_reserve(ex, d)) {
		ex_fail(ex, "out of memory for the backtrack sets");
		return;
	}
	if (d >= ex->prefix_len) {	/* new: nothing tried here yet */
		ex->bt[d] = bit;
		ex->tried[d] = bit;
		ex->sizes[d].start = por_runs(ex);	/* its first child begins */
	} else {			/* replayed: keep what earlier executions found */
		ex->bt[d] |= bit;
		ex->tried[d] |= bit;
	}
	if (ex->sleep_sets)
		sleep_decided(ex, d, th, cost, cur_on, cur);
}

static void sleep_close(struct mmk_explorer *ex, bool usable, bool enabled);
static void sleep_close_run(struct mmk_explorer *ex, bool usable);

/* Forget the objects and steps of the execution so far (a new run). */
static void por_reset(struct mmk_explorer *ex, int nslots)
{
	/*
	 * A run's thread indices are new threads, and a block does not span
	 * two runs (the driving thread's statements between them pass no
	 * point): every thread wakes, the open block and run are not used.
	 */
	ex->asleep[SLEEP_STEP] = ex->asleep[SLEEP_RUN] = 0;
	sleep_close(ex, false, true);
	sleep_close_run(ex, false);
	ex->nev = 0;
	ex->vc_n = nslots;
	memset(ex->tvc, 0, sizeof(ex->tvc));
	for (int i = 0; i < EX_SLOTS; i++)
		ex->block_dec[i] = -1;
	if (ex->objs)
		memset(ex->objs, 0, ex->objs_cap * sizeof(*ex->objs));
	ex->nobjs = 0;
}

static size_t por_hash(const void *key, size_t cap)
{
	return (size_t)(((uintptr_t)key >> 3) * 0x9E3779B97F4A7C15ULL >> 20) & (cap - 1);
}

/* The record of @key, made if new; NULL out of memory. */
static struct ex_obj *por_obj(struct mmk_explorer *ex, const void *key)
{
	size_t h;

	if ((ex->nobjs + 1) * 2 > ex->objs_cap) {
		size_t cap = ex->objs_cap ? 2 * ex->objs_cap : 1024;
		struct ex_obj *old = ex->objs, *n = calloc(cap, sizeof(*n));

		if (!n)
			return NULL;
		for (size_t i = 0; i < ex->objs_cap; i++) {
			if (!old[i].key)
				continue;
			for (h = por_hash(old[i].key, cap); n[h].key; h = (h + 1) & (cap - 1))
				;
			n[h] = old[i];
		}
		free(old);
		ex->objs = n;
		ex->objs_cap = cap;
	}
	for (h = por_hash(key, ex->objs_cap); ex->objs[h].key && ex->objs[h].key != key;
	     h = (h + 1) & (ex->objs_cap - 1))
		;
	if (!ex->objs[h].key) {
		ex->objs[h] = (struct ex_obj){ key, -1, -1 };
		ex->nobjs++;
	}
	return &ex->objs[h];
}

/* ---- sleep sets ---- */
/*
 * After a decision's subtree for thread t is explored, t sleeps in the
 * decision's later subtrees: an execution there that runs t's next
 * accesses before anything they conflict with equals one that runs them
 * first, which t's subtree covered.  t wakes at the first step that
 * conflicts with them (same object, one of them a write), and an
 * execution whose every thread that may run sleeps is cut (ex->blocked:
 * it runs to its end, with no race detection and no new decisions to
 * try, and is counted in ex->sleep_blocked, not as an interleaving).
 *
 * What t did after the decision is known from the execution that first
 * chose t there, as access lists (struct ex_block): its step, up to the
 * next decision, and its run, until it waited or ended (the default
 * choices after a new decision let the current thread go on).  They are
 * the same in every subtree where t sleeps: t has not run since, and
 * nothing run meanwhile touched what they touch.
 *
 * The bound: the equivalent execution that runs t first may cost
 * preemptions the one it replaces did not, so t sleeps only where it is
 * no dearer (docs/race-lab.md, "Sleep sets").  By its step if choosing t
 * cost no more than the current choice, plus one if t could go on after
 * the step (running the step alone then preempts t); by its run if
 * choosing t cost no more (t stopped by itself after the run).
 */
static uint64_t sleeping(const struct mmk_explorer *ex)
{
	return ex->asleep[SLEEP_STEP] | ex->asleep[SLEEP_RUN];
}

/*
 * The accesses of @b's @kind as a set, made once: a sleep is checked
 * against every step run while it lasts, and made again in every
 * execution that replays its decision.  False out of memory.
 */
static bool sleep_set(struct mmk_explorer *ex, struct ex_block *b, int kind)
{
	size_t cap = 8;

	if (b->set[kind])
		return true;
	while (cap < 2 * b->len[kind])
		cap *= 2;
	b->set[kind] = calloc(cap, sizeof(*b->set[kind]));
	if (!b->set[kind])
		return false;
	b->set_cap[kind] = cap;
	for (size_t i = b->acc; i < b->acc + b->len[kind]; i++) {
		const struct ex_access *a = &ex->bacc[i];
		size_t h;

		for (h = por_hash(a->key, cap); b->set[kind][h].key && b->set[kind][h].key != a->key;
		     h = (h + 1) & (cap - 1))
			;
		b->set[kind][h].key = a->key;
		b->set[kind][h].write |= a->write;
	}
	return true;
}

/* Does an access to @key (a write if @write) conflict with @b's @kind? */
static bool sleep_conflict(const struct ex_block *b, int kind, const void *key, bool write)
{
	size_t cap = b->set_cap[kind];

	for (size_t h = por_hash(key, cap); b->set[kind][h].key; h = (h + 1) & (cap - 1))
		if (b->set[kind][h].key == key)
			return write || b->set[kind][h].write;
	return false;
}

/* An access to @key (a write if @write) ran: wake the sleeps it conflicts with. */
static void sleep_wake(struct mmk_explorer *ex, const void *key, bool write)
{
	for (int kind = SLEEP_STEP; kind <= SLEEP_RUN; kind++) {
		for (uint64_t mask = ex->asleep[kind]; mask; mask &= mask - 1) {
			int th = __builtin_ctzll(mask);

			if (sleep_conflict(&ex->blk[ex->sleep_blk[kind][th]], kind, key, write))
				ex->asleep[kind] &= ~((uint64_t)1 << th);
		}
	}
}

/* Drop the blocks from @n on. */
static void sleep_drop(struct mmk_explorer *ex, size_t n)
{
	while (ex->nblk > n) {
		struct ex_block *b = &ex->blk[--ex->nblk];

		free(b->set[SLEEP_STEP]);
		free(b->set[SLEEP_RUN]);
	}
}

/* The step being recorded ends (at a decision, or not usable). */
static void sleep_close(struct mmk_explorer *ex, bool usable, bool enabled)
{
	struct ex_block *b;

	if (ex->open_blk == SIZE_MAX)
		return;
	b = &ex->blk[ex->open_blk];
	b->len[SLEEP_STEP] = ex->nbacc - b->acc;
	b->enabled = enabled;
	b->usable[SLEEP_STEP] = b->usable[SLEEP_STEP] && usable;
	ex->open_blk = SIZE_MAX;
}

/* The thread whose run is being recorded stopped (@usable), or it cannot tell. */
static void sleep_close_run(struct mmk_explorer *ex, bool usable)
{
	if (ex->run_from == SIZE_MAX)
		return;
	for (size_t i = ex->run_from; i < ex->nblk; i++) {
		ex->blk[i].len[SLEEP_RUN] = ex->nbacc - ex->blk[i].acc;
		ex->blk[i].usable[SLEEP_RUN] = usable;
	}
	ex->run_from = SIZE_MAX;
}

static bool sleep_open(struct mmk_explorer *ex, size_t d, int th, unsigned int cost)
{
	if (ex->nblk == ex->blk_cap) {
		size_t cap = ex->blk_cap ? 2 * ex->blk_cap : 256;
		struct ex_block *n = realloc(ex->blk, cap * sizeof(*n));

		if (!n)
			return false;
		ex->blk = n;
		ex->blk_cap = cap;
	}
	ex->blk[ex->nblk] = (struct ex_block){ (int32_t)d, (uint8_t)th, (uint8_t)cost,
					       true, { true, false }, ex->nbacc, { 0, 0 },
					       { NULL, NULL }, { 0, 0 } };
	ex->open_blk = ex->nblk++;
	if (ex->run_from == SIZE_MAX)
		ex->run_from = ex->open_blk;	/* @th's run begins here */
	return true;
}

/* The step being recorded, and so its thread's run, makes the access @key, @write. */
static void sleep_record(struct mmk_explorer *ex, const void *key, bool write)
{
	if (ex->nbacc == ex->bacc_cap) {
		size_t cap = ex->bacc_cap ? 2 * ex->bacc_cap : 4096;
		struct ex_access *n = realloc(ex->bacc, cap * sizeof(*n));

		if (!n) {
			/* Cannot know them all. */
			ex->blk[ex->open_blk].usable[SLEEP_STEP] = false;
			sleep_close_run(ex, false);
			return;
		}
		ex->bacc = n;
		ex->bacc_cap = cap;
	}
	ex->bacc[ex->nbacc++] = (struct ex_access){ key, write };
}

/*
 * A scheduling point of thread @cur (-1: none), which can go on if
 * @cur_on, before anything is chosen: the run being recorded ends if its
 * thread stopped.
 */
static void sleep_point(struct mmk_explorer *ex, int cur, bool cur_on)
{
	if (ex->run_from != SIZE_MAX && !(cur_on && cur == ex->blk[ex->run_from].thread))
		sleep_close_run(ex, cur == ex->blk[ex->run_from].thread);
}

/* Decision @d took @th (see por_decided()): update the sleep set. */
static void sleep_decided(struct mmk_explorer *ex, size_t d, int th, unsigned int cost,
			  bool cur_on, int cur)
{
	/* The previous step ends here; a foreign thread's point ends it too early. */
	if (ex->open_blk != SIZE_MAX)
		sleep_close(ex, cur == ex->blk[ex->open_blk].thread, cur_on);
	if (ex->run_from != SIZE_MAX && th != ex->blk[ex->run_from].thread)
		sleep_close_run(ex, false);	/* preempted, not stopped */
	if (d >= ex->prefix_len)
		ex->blk_first[d] = ex->nblk;	/* a new decision: nothing explored here */
	ex->slp[d] = sleeping(ex);
	/* Above a shard's split every choice is explored anyway, by some shard. */
	if (ex->blocked || d < ex->por_split)
		return;
	for (size_t i = ex->blk_first[d]; i < ex->nblk && ex->blk[i].depth == (int32_t)d; i++) {
		struct ex_block *b = &ex->blk[i];
		int kind;

		if (b->thread == th)
			continue;
		if (b->usable[SLEEP_STEP] && b->cost + (b->enabled ? 1u : 0u) <= cost)
			kind = SLEEP_STEP;
		else if (b->usable[SLEEP_RUN] && b->cost <= cost)
			kind = SLEEP_RUN;
		else
			continue;
		if (!sleep_set(ex, b, kind)) {
			ex_fail(ex, "out of memory for the sleep sets");
			break;
		}
		ex->sleep_blk[kind][b->thread] = i;
		ex->asleep[kind] |= (uint64_t)1 << b->thread;
	}
	/* @th's step here is new unless the prefix replays an explored choice. */
	if (d + 1 >= ex->prefix_len && !sleep_open(ex, d, th, cost))
		ex_fail(ex, "out of memory for the sleep sets");
}

/* Is every thread that may run next asleep?  Then the execution is cut. */
static bool sleep_cut(struct mmk_explorer *ex, uint64_t may_run)
{
	if (!ex->por || !ex->sleep_sets || ex->blocked || (may_run & ~sleeping(ex)))
		return false;
	ex->blocked = true;
	sleep_close(ex, false, false);	/* the sleeper would run on inside it */
	sleep_close_run(ex, false);
	/* What runs on is not explored: no one sleeps. */
	ex->asleep[SLEEP_STEP] = ex->asleep[SLEEP_RUN] = 0;
	return true;
}

/*
 * The next execution takes a new choice at decision @i: forget the
 * blocks below it (a run recorded above it may reach into their accesses).
 */
static void sleep_truncate(struct mmk_explorer *ex, size_t i)
{
	size_t n = ex->nblk;

	while (n && ex->blk[n - 1].depth > (int32_t)i)
		n--;
	sleep_drop(ex, n);
	ex->nbacc = 0;
	for (size_t b = 0; b < ex->nblk; b++) {
		const struct ex_block *k = &ex->blk[b];
		size_t end = k->acc + (k->len[SLEEP_RUN] > k->len[SLEEP_STEP] ?
				       k->len[SLEEP_RUN] : k->len[SLEEP_STEP]);

		if (end > ex->nbacc)
			ex->nbacc = end;
	}
}

/* Thread @th may have to run instead, at decision @d. */
static void por_backtrack(struct mmk_explorer *ex, int32_t d, int th)
{
	uint64_t cand;

	if (d < 0 || (size_t)d >= ex->depth)
		return;		/* before the first decision: no alternative */
	cand = ex->trail[d].cand;
	ex->bt[d] |= cand >> th & 1 ? (uint64_t)1 << th : cand;
}

/* Step ex->nev - 1, of thread @th, conflicts with the earlier step @e. */
static void por_conflict(struct mmk_explorer *ex, int th, int32_t e)
{
	const struct ex_event *o = &ex->ev[e];
	const uint32_t *vc = &ex->vcs[(size_t)e * (size_t)ex->vc_n];

	if (o->thread == th)
		return;		/* program order */
	if (ex->tvc[th][o->thread] < o->seq) {	/* unordered: a race */
		por_backtrack(ex, o->dec, th);
		if (o->block_dec != o->dec)
			por_backtrack(ex, o->block_dec, th);
	}
	for (int i = 0; i < ex->vc_n; i++)	/* ordered from now on */
		if (ex->tvc[th][i] < vc[i])
			ex->tvc[th][i] = vc[i];
}

/* The current step of @th reads or writes @key. */
static void por_access(struct mmk_explorer *ex, int th, const void *key, bool write)
{
	struct ex_obj *o = por_obj(ex, key);
	int32_t e = (int32_t)ex->nev - 1, r;

	if (!o) {
		ex_fail(ex, "out of memory for the objects of partial-order reduction");
		return;
	}
	if (ex->open_blk != SIZE_MAX)
		sleep_record(ex, key, write);
	if (sleeping(ex))
		sleep_wake(ex, key, write);
	if (o->last_write >= 0)
		por_conflict(ex, th, o->last_write);
	if (!write) {
		ex->ev[e].next_read = o->reads;
		o->reads = e;
		return;
	}
	for (r = o->reads; r >= 0; r = ex->ev[r].next_read)
		por_conflict(ex, th, r);	/* adds no object: @o stays valid */
	o->reads = -1;
	o->last_write = e;
}

/* Thread @t is about to take a step of @kind on @obj: record its accesses. */
static void por_step(struct mmk_explorer *ex, struct ex_thread *t, int kind, const void *obj)
{
	int th = t->idx;
	struct ex_event *e;

	if (ex->blocked)
		return;		/* cut: nothing after it is explored */
	if (ex->open_blk != SIZE_MAX && ex->blk[ex->open_blk].thread != th)
		ex->blk[ex->open_blk].usable[SLEEP_STEP] = false;	/* not one thread's */
	if (ex->nev == ex->ev_cap) {
		size_t cap = ex->ev_cap ? 2 * ex->ev_cap : 4096;
		struct ex_event *ev = realloc(ex->ev, cap * sizeof(*ev));
		uint32_t *vcs = ev ? realloc(ex->vcs, cap * EX_SLOTS * sizeof(*vcs)) : NULL;

		if (ev)
			ex->ev = ev;
		if (!vcs) {
			ex_fail(ex, "out of memory for the steps of partial-order reduction");
			return;
		}
		ex->vcs = vcs;
		ex->ev_cap = cap;
	}
	e = &ex->ev[ex->nev++];
	*e = (struct ex_event){ th, ++ex->tvc[th][th], (int32_t)ex->depth - 1,
				ex->block_dec[th], -1 };
	if (obj && ex->m)
		obj = machine_object(ex->m, obj);
	switch (kind) {
	case MMK_SP_ENTRY_READ:
	case MMK_SP_LOCK_SHARED:	/* readers commute; a writer's LOCK conflicts */
	case MMK_SP_UNLOCK_SHARED:
		por_access(ex, th, obj, false);
		break;
	case MMK_SP_TLB_FILL:
		por_access(ex, th, obj, false);
		por_access(ex, th, &ex->tlb_obj, true);
		break;
	case MMK_SP_TLB_FLUSH:
		por_access(ex, th, &ex->tlb_obj, true);
		break;
	case MMK_SP_RCU_LOCK:
	case MMK_SP_RCU_UNLOCK:
		por_access(ex, th, &ex->rcu_obj, false);
		break;
	case MMK_SP_GP:
		por_access(ex, th, &ex->rcu_obj, true);
		break;
	default:		/* locks, atomics, entry writes, DATA, labels */
		if (obj)
			por_access(ex, th, obj, true);
	}
	memcpy(&ex->vcs[(ex->nev - 1) * (size_t)ex->vc_n], ex->tvc[th],
	       (size_t)ex->vc_n * sizeof(*ex->vcs));
}

/*
 * The step that queues an RCU callback, and what the callback does, are
 * never co-enabled: the callback cannot run before it is queued.  So the
 * queuing is a happens-before edge, like a thread's creation, not a race
 * to reverse: without it every entry the zap wrote raced with the
 * callback's poisoning of the freed table (DATA events of the RCU
 * thread), and each such race put every candidate of the write's
 * decision in its backtrack set, since the RCU thread was none there.
 * por_queue_clock() saves the queuing thread's clock with the callback
 * (zeros off a run: nothing to order), por_run_clock() joins it into the
 * clock of the thread that takes the callback to run it.
 */
static bool por_clocked(const struct mmk_explorer *ex)
{
	return ex->por && ex->in_run && ex_self && ex_self->ex == ex && !ex_self->muted &&
	       !ex->shutdown && !ex->blocked;
}

static void por_queue_clock(const struct mmk_explorer *ex, uint32_t *vc)
{
	memset(vc, 0, EX_SLOTS * sizeof(*vc));
	if (por_clocked(ex))
		memcpy(vc, ex->tvc[ex_self->idx], (size_t)ex->vc_n * sizeof(*vc));
}

static void por_run_clock(struct mmk_explorer *ex, const uint32_t *vc)
{
	uint32_t *mine;

	if (!por_clocked(ex))
		return;
	mine = ex->tvc[ex_self->idx];
	for (int i = 0; i < ex->vc_n; i++)
		if (mine[i] < vc[i])
			mine[i] = vc[i];
}

/* Thread @th's position among decision @d's candidates (ex_decide's order). */
static unsigned int por_position(const struct ex_decision *d, int th)
{
	uint64_t bit = (uint64_t)1 << th;

	if (bit == d->cand_cur)
		return 0;
	return (d->cand_cur ? 1u : 0u) +
	       (unsigned int)__builtin_popcountll(d->cand & ~d->cand_cur & (bit - 1));
}

static bool ex_choose(struct mmk_explorer *ex, size_t i, unsigned int k);

/*
 * mmk_explore_next() with the reduction: the deepest decision, not above
 * @top, with a thread in its backtrack set not tried yet and within the
 * bound, that thread (the current one first, then by index).
 */
static bool por_next(struct mmk_explorer *ex, size_t top)
{
	for (size_t i = ex->depth; i-- > top;) {
		const struct ex_decision *d = &ex->trail[i];
		uint64_t left;

		if (i < ex->bt_cap)
			por_child_done(ex, i);
		/* A thread asleep here is covered where it was put to sleep. */
		ex->tried[i] |= ex->bt[i] & ex->slp[i];
		left = ex->bt[i] & ~ex->tried[i];
		while (left) {
			uint64_t bit = left & d->cand_cur ? d->cand_cur : left & -left;

			ex->tried[i] |= bit;
			left &= ~bit;
			if (d->cand_cur && bit != d->cand_cur && d->pre + 1 > ex->max_preempt)
				continue;	/* a preemption beyond the bound */
			sleep_truncate(ex, i);
			return ex_choose(ex, i, por_position(d, __builtin_ctzll(bit)));
		}
	}
	return false;
}

static bool ex_push_decision(struct mmk_explorer *ex, struct ex_decision d)
{
	if (ex->depth == ex->trail_cap) {
		size_t cap = ex->trail_cap ? 2 * ex->trail_cap : 256;
		struct ex_decision *t = realloc(ex->trail, cap * sizeof(*t));
		uint8_t *ks = t ? realloc(ex->ks, cap) : NULL;

		if (t)
			ex->trail = t;
		if (!ks)
			return false;
		ex->ks = ks;
		ex->trail_cap = cap;
	}
	ex->ks[ex->depth] = d.k;
	ex->trail[ex->depth++] = d;
	return true;
}

/*
 * Decide who runs after @cur's point (@cur may be NULL, or no longer
 * enabled).  Returns the thread index, or -1 if no thread is enabled.
 */
static int ex_decide(struct mmk_explorer *ex, struct ex_thread *cur)
{
	int cand[EX_SLOTS], n = 0, k = 0;
	bool cur_on = cur && cur->state == EX_RUNNABLE;
	uint64_t cands = 0;

	for (int pass = 0; pass < 2 && !n; pass++) {
		if (pass && !ex_wake_spurious(ex))
			break;
		cur_on = cur && cur->state == EX_RUNNABLE;
		if (cur_on)
			cand[n++] = cur->idx;
		for (int i = 0; i < ex_nslots(ex); i++)
			if (ex->th[i].state == EX_RUNNABLE && (!cur || i != cur->idx))
				cand[n++] = i;
	}
	for (int i = 0; i < n; i++)
		cands |= (uint64_t)1 << cand[i];
	sleep_point(ex, cur ? cur->idx : -1, cur_on);
	if (n <= 1) {
		if (n)
			sleep_cut(ex, cands);
		return n ? cand[0] : -1;
	}
	if (ex->depth < ex->prefix_len) {
		k = ex->prefix[ex->depth];
		if (k >= n || ex->preemptions + (cur_on && k) > ex->max_preempt) {
			ex_fail(ex, "replayed choice %zu (%d of %d candidates, %d "
				"preemptions used of %d) does not fit this run",
				ex->depth, k, n, ex->preemptions, ex->max_preempt);
			k = 0;
		}
	} else if (!cur_on && !sleep_cut(ex, cands)) {
		/* Every choice is free: the first candidate awake (all, without sleep sets). */
		while (k < n - 1 && sleeping(ex) >> cand[k] & 1)
			k++;
	}
	if (!ex_push_decision(ex, (struct ex_decision){ (uint8_t)n, (uint8_t)k, cur_on,
				(uint16_t)ex->preemptions, cands,
				cur_on ? (uint64_t)1 << cur->idx : 0 })) {
		ex_fail(ex, "out of memory for the trail");
		k = 0;
	} else if (ex->por) {
		por_decided(ex, ex->depth - 1, cand[k], cur_on && k, cur_on, cur ? cur->idx : -1);
	}
	if (cur_on && k)
		ex->preemptions++;
	return cand[k];
}

/* ---- object names for traces ---- */

static const char *const kind_names[] = {
	[MMK_SP_LOCK] = "lock", [MMK_SP_UNLOCK] = "unlock",
	[MMK_SP_ATOMIC] = "atomic", [MMK_SP_ENTRY_READ] = "entry-read",
	[MMK_SP_ENTRY_WRITE] = "entry-write", [MMK_SP_RCU_LOCK] = "rcu-lock",
	[MMK_SP_RCU_UNLOCK] = "rcu-unlock", [MMK_SP_GP] = "grace-period",
	[MMK_SP_TLB_FILL] = "tlb-fill", [MMK_SP_TLB_FLUSH] = "tlb-flush",
	[MMK_SP_WAIT] = "wait", [MMK_SP_LOCK_SHARED] = "read-lock",
	[MMK_SP_UNLOCK_SHARED] = "read-unlock",
};

const char *mmk_explore_kind_name(int kind)
{
	if (kind == EX_KIND_END)
		return "end";
	if (kind < 0 || kind >= (int)(sizeof(kind_names) / sizeof(kind_names[0])) ||
	    !kind_names[kind])
		return "?";
	return kind_names[kind];
}

/* What a trace says of @obj: the explorer's own, or the machine's (describe.c). */
static void describe(struct mmk_explorer *ex, const void *obj, char *buf, size_t size)
{
	if (!obj) {
		snprintf(buf, size, "-");
		return;
	}
	if (obj == &ex->gp) {
		snprintf(buf, size, "RCU grace period");
		return;
	}
	if (!ex->m || !machine_describe(ex->m, obj, buf, size))
		snprintf(buf, size, "object %p", obj);
}

static void ex_trace(struct mmk_explorer *ex, struct ex_thread *t, int kind, const void *obj)
{
	struct mmk_explore_step *s;

	if (!ex->tracing)
		return;
	if (ex->ntrace == ex->trace_cap) {
		size_t cap = ex->trace_cap ? 2 * ex->trace_cap : 1024;
		struct mmk_explore_step *n = realloc(ex->trace, cap * sizeof(*n));

		if (!n) {
			ex_fail(ex, "out of memory for the trace");
			ex->tracing = false;
			return;
		}
		ex->trace = n;
		ex->trace_cap = cap;
	}
	s = &ex->trace[ex->ntrace++];
	s->thread = t->idx;
	s->kind = kind;
	s->label = t->label;
	s->next = -1;
	s->preempted = false;
	describe(ex, obj, s->what, sizeof(s->what));
}

/* The last traced step handed over to @next. */
static void ex_trace_switch(struct mmk_explorer *ex, struct ex_thread *t, int next,
			    bool preempted)
{
	if (ex->tracing && ex->ntrace && ex->trace[ex->ntrace - 1].thread == t->idx) {
		ex->trace[ex->ntrace - 1].next = next;
		ex->trace[ex->ntrace - 1].preempted = preempted;
	}
}

/* ---- hand-over ---- */

static void ex_run(struct mmk_explorer *ex, int next)
{
	ex->running = next;
	pthread_cond_signal(&ex->th[next].cv);
}

/* Sleep until it is @t's turn again (or the run is shut down). */
static void ex_wait_turn(struct mmk_explorer *ex, struct ex_thread *t)
{
	while (ex->running != t->idx && !ex->shutdown)
		pthread_cond_wait(&t->cv, &ex->lock);
}

/* Nobody can go on. */
static void ex_stuck(struct mmk_explorer *ex)
{
	char msg[sizeof(ex->error)];
	size_t len = (size_t)snprintf(msg, sizeof(msg), "deadlock:");

	for (int i = 0; i < ex_nslots(ex) && len < sizeof(msg); i++) {
		struct ex_thread *w = &ex->th[i];
		char what[112];

		if (w->state != EX_WAITING || (i == ex->nworkers && !ex->rcu_busy))
			continue;	/* an idle RCU thread waits for work, not stuck */
		describe(ex, w->wait_obj, what, sizeof(what));
		len += (size_t)snprintf(msg + len, sizeof(msg) - len, " %s waits for %s%s",
					w->name, what, w->label ? " in" : "");
		if (w->label && len < sizeof(msg))
			len += (size_t)snprintf(msg + len, sizeof(msg) - len, " `%s`;", w->label);
	}
	ex_fail(ex, "%s", msg);
	pthread_mutex_unlock(&ex->lock);
	if (ex->on_stuck)
		ex->on_stuck(ex, ex->stuck_arg);
	abort();
}

/*
 * After @t's point: decide, and if another thread is chosen hand over and
 * sleep until @t is chosen again.
 */
static void ex_schedule(struct mmk_explorer *ex, struct ex_thread *t)
{
	bool was_on = t->state == EX_RUNNABLE;
	int before = ex->preemptions;
	int next = ex_decide(ex, t);

	if (next < 0) {
		if (ex->workers_left)
			ex_stuck(ex);
		ex->shutdown = true;	/* only the idle RCU thread is left */
		return;
	}
	if (next == t->idx)
		return;
	ex->block_dec[next] = (int32_t)ex->depth - 1;	/* its run begins here */
	ex_trace_switch(ex, t, next, was_on && ex->preemptions > before);
	ex_run(ex, next);
	ex_wait_turn(ex, t);
}

/* mmk_sched_hook of an explored thread. */
static void explore_point(enum mmk_sched_kind kind, const void *obj)
{
	struct ex_thread *t = ex_self;
	struct mmk_explorer *ex;
	bool decide;

	if (!t || t->muted)
		return;
	ex = t->ex;
	if (kind == MMK_SP_DATA && !ex->por)
		return;		/* no point: only the reduction hears of it */
	pthread_mutex_lock(&ex->lock);
	if (ex->shutdown) {
		pthread_mutex_unlock(&ex->lock);
		return;
	}
	if (kind == MMK_SP_DATA) {
		por_step(ex, t, kind, obj);
		pthread_mutex_unlock(&ex->lock);
		return;
	}
	ex_settle(ex, t);
	ex_trace(ex, t, kind, obj);
	t->quiet = false;
	if (kind == MMK_SP_WAIT) {
		t->state = EX_WAITING;
		t->wait_obj = obj;
		t->wait_mark = ex->touches;
		t->read_table = 0;
		t->fresh = false;
		ex_schedule(ex, t);
		pthread_mutex_unlock(&ex->lock);
		return;
	}
	if (++ex->total_steps > EX_STEP_LIMIT) {
		ex_fail(ex, "livelock: %llu points passed in one interleaving; %s "
			"keeps running in `%s`: a busy-wait without mmk_wait_relax()?",
			EX_STEP_LIMIT, t->name, t->label ? t->label : "");
		ex_stuck(ex);
	}
	t->steps++;
	if (obj && (kind == MMK_SP_UNLOCK || kind == MMK_SP_UNLOCK_SHARED ||
		    kind == MMK_SP_ATOMIC || kind == MMK_SP_ENTRY_WRITE)) {
		t->touch_obj = obj;
		ex->touches++;
	}
	decide = !t->fresh && kind != MMK_SP_UNLOCK && kind != MMK_SP_UNLOCK_SHARED &&
		 kind != MMK_SP_RCU_UNLOCK;
	if (kind == MMK_SP_ENTRY_READ) {
		uintptr_t table = (uintptr_t)obj & ~(uintptr_t)(EX_TABLE_BYTES - 1);

		if (table == t->read_table)
			decide = false;
		t->read_table = table;
	} else {
		t->read_table = 0;
	}
	t->fresh = false;
	/*
	 * After a cut nothing more is explored and every choice is the
	 * default, the current thread: skip deciding until it stops.  Not in
	 * a traced rerun, which must replay the decisions as recorded.
	 */
	if (decide && !(ex->blocked && !ex->tracing))
		ex_schedule(ex, t);
	if (ex->por && !ex->shutdown)
		por_step(ex, t, kind, obj);	/* the step runs now */
	pthread_mutex_unlock(&ex->lock);
}

/* ---- the explorer object ---- */

int mmk_explorer_create(int max_preemptions, struct mmk_explorer **out)
{
	struct mmk_explorer *ex;

	if (max_preemptions < 0 || max_preemptions > UINT16_MAX)
		return -EINVAL;
	ex = calloc(1, sizeof(*ex));
	if (!ex)
		return -ENOMEM;
	pthread_mutex_init(&ex->lock, NULL);
	for (int i = 0; i < EX_SLOTS; i++) {
		pthread_cond_init(&ex->th[i].cv, NULL);
		ex->th[i].ex = ex;
		ex->th[i].idx = i;
	}
	ex->max_preempt = max_preemptions;
	ex->running = -1;
	ex->sleep_sets = true;
	ex->open_blk = SIZE_MAX;
	ex->run_from = SIZE_MAX;
	*out = ex;
	return 0;
}

void mmk_explorer_destroy(struct mmk_explorer *ex)
{
	if (!ex)
		return;
	for (int i = 0; i < EX_SLOTS; i++)
		pthread_cond_destroy(&ex->th[i].cv);
	pthread_mutex_destroy(&ex->lock);
	for (size_t i = 0; i < ex->ngroups; i++)
		free(ex->groups[i].ref);
	free(ex->groups);
	free(ex->trail);
	free(ex->ks);
	free(ex->prefix);
	free(ex->bt);
	free(ex->tried);
	free(ex->slp);
	free(ex->blk_first);
	free(ex->sizes);
	sleep_drop(ex, 0);
	free(ex->blk);
	free(ex->bacc);
	free(ex->ev);
	free(ex->vcs);
	free(ex->objs);
	free(ex->cbs);
	free(ex->trace);
	free(ex);
}

int mmk_explore_set_prefix(struct mmk_explorer *ex, const uint8_t *k, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (k[i] > MMK_EXPLORE_MAX_THREADS)
			return -EINVAL;
	if (n > ex->prefix_cap) {
		uint8_t *p = realloc(ex->prefix, n);

		if (!p)
			return -ENOMEM;
		ex->prefix = p;
		ex->prefix_cap = n;
	}
	if (n)
		memcpy(ex->prefix, k, n);
	ex->prefix_len = n;
	return 0;
}

void mmk_explore_set_trace(struct mmk_explorer *ex, bool on)
{
	ex->tracing = on;
}

void mmk_explore_set_on_stuck(struct mmk_explorer *ex,
			      void (*fn)(struct mmk_explorer *ex, void *arg), void *arg)
{
	ex->on_stuck = fn;
	ex->stuck_arg = arg;
}

void mmk_explore_exec_begin(struct mmk_explorer *ex)
{
	ex->depth = 0;
	ex->preemptions = 0;
	ex->error[0] = '\0';
	ex->ntrace = 0;
	ex->total_steps = 0;
	ex->touches = 0;
	ex->blocked = false;
	ex->asleep[SLEEP_STEP] = ex->asleep[SLEEP_RUN] = 0;
	ex->open_blk = SIZE_MAX;
	ex->run_from = SIZE_MAX;
	mmk_explorer = ex;
}

static void ex_drain_rcu(struct mmk_explorer *ex);

/* The choices decision @d could take within the bound. */
static unsigned int ex_feasible(const struct mmk_explorer *ex, const struct ex_decision *d)
{
	/* Leaving a current thread that could go on is a preemption. */
	if (d->cur_on && d->pre + 1 > ex->max_preempt)
		return 1;
	return d->n;
}

/* ---- shards ---- */
/*
 * Sharding deals the search out in subtrees, round-robin in depth-first
 * order, so that every shard sees the same sequence without talking to
 * the others.  A subtree is named where the search backtracks: choosing
 * alternative k at decision i makes the subtree of every interleaving
 * that starts with the choices so far and k.  If its estimated size is
 * small enough it is dealt out whole: the shard it falls to explores it,
 * the others skip it without running anything.  If not, every shard runs
 * its leftmost interleaving (dealt out as a unit: one shard counts it)
 * and the subtree becomes a group whose smaller subtrees are named the
 * same way.  Sizes are estimated from a group's leftmost interleaving,
 * which every shard ran: the same numbers everywhere.
 */
/*
 * Interleavings below a path whose decisions are @d[0..n), with @left
 * preemptions to spend: free choices multiply, and of those that cost a
 * preemption any set within the budget is one interleaving (elementary
 * symmetric sums of their numbers of alternatives, up to the budget).
 */
static double ex_subtree_size(const struct ex_decision *d, size_t n, int left)
{
	double e[EX_BUDGET_MAX + 1] = { 1 }, free_mult = 1, sum = 0;

	if (left < 0)
		return 1;
	if (left > EX_BUDGET_MAX)
		left = EX_BUDGET_MAX;
	for (size_t i = 0; i < n; i++) {
		if (!d[i].cur_on) {
			free_mult *= d[i].n;
			continue;
		}
		for (int j = left; j > 0; j--)
			e[j] += e[j - 1] * (d[i].n - 1);
	}
	for (int j = 0; j <= left; j++)
		sum += e[j];
	return sum * free_mult;
}

/* The execution just run is the leftmost of a new group starting at @start. */
static bool ex_group_push(struct mmk_explorer *ex, size_t start)
{
	struct ex_group *g;
	size_t n = ex->depth > start ? ex->depth - start : 0;

	if (ex->ngroups == ex->groups_cap) {
		size_t cap = ex->groups_cap ? 2 * ex->groups_cap : 16;
		void *bigger = realloc(ex->groups, cap * sizeof(*ex->groups));

		if (!bigger)
			return false;
		ex->groups = bigger;
		ex->groups_cap = cap;
	}
	g = &ex->groups[ex->ngroups];
	g->ref = malloc((n ? n : 1) * sizeof(*g->ref));
	if (!g->ref)
		return false;
	memcpy(g->ref, ex->trail + start, n * sizeof(*g->ref));
	g->start = start;
	g->nref = n;
	ex->ngroups++;
	return true;
}

static void ex_groups_pop_above(struct mmk_explorer *ex, size_t i)
{
	while (ex->ngroups && ex->groups[ex->ngroups - 1].start > i)
		free(ex->groups[--ex->ngroups].ref);
}

/* Is the execution just run this shard's (exec_end)? */
static bool ex_shard_owns(struct mmk_explorer *ex)
{
	bool first = ex->executions + ex->skipped == 0;
	size_t start = first ? 0 : ex->next_group_start;

	if (ex->shard_count <= 1)
		return true;
	if (first) {
		/* About shard_depth subtrees per shard, of 16 or more. */
		ex->shard_target = ex_subtree_size(ex->trail, ex->depth, ex->max_preempt) /
				   ex->shard_count / ex->shard_depth;
		if (ex->shard_target < 16)
			ex->shard_target = 16;
		ex->owned_from = SIZE_MAX;
	}
	if (!first && !ex->next_is_group)
		return ex->owned_from != SIZE_MAX;	/* inside a subtree dealt to us */
	ex->next_is_group = false;
	if (!ex_group_push(ex, start))
		ex_fail(ex, "out of memory for the shard's groups");
	return ex->unit_ordinal++ % ex->shard_count == ex->shard_index;
}

/* Make the next execution take choice @k at decision @i, defaults after. */
static bool ex_choose(struct mmk_explorer *ex, size_t i, unsigned int k)
{
	ex->ks[i] = (uint8_t)k;
	if (mmk_explore_set_prefix(ex, ex->ks, i + 1)) {
		ex_fail(ex, "out of memory for the prefix");
		return false;
	}
	ex->depth = 0;
	return true;
}

/* mmk_explore_next() for a shard: the next subtree that is ours, or a group. */
static bool ex_shard_next(struct mmk_explorer *ex)
{
	for (size_t i = ex->depth; i-- > 0;) {
		const struct ex_decision *d = &ex->trail[i];
		const struct ex_group *g;
		unsigned int b = ex_feasible(ex, d);

		ex_groups_pop_above(ex, i);
		if (ex->owned_from != SIZE_MAX && i < ex->owned_from)
			ex->owned_from = SIZE_MAX;
		for (unsigned int k = (unsigned int)d->k + 1; k < b; k++) {
			size_t off;
			double size;

			if (ex->owned_from != SIZE_MAX)
				return ex_choose(ex, i, k);	/* all of it is ours */
			g = &ex->groups[ex->ngroups - 1];
			off = i + 1 - g->start;
			size = off <= g->nref ? ex_subtree_size(g->ref + off, g->nref - off,
				ex->max_preempt - d->pre - (d->cur_on ? 1 : 0)) : 1;
			if (size > ex->shard_target) {
				ex->next_is_group = true;
				ex->next_group_start = i + 1;
				return ex_choose(ex, i, k);
			}
			if (ex->unit_ordinal++ % ex->shard_count == ex->shard_index) {
				ex->owned_from = i + 1;
				return ex_choose(ex, i, k);
			}
		}
	}
	return false;
}

/* ---- shards under partial-order reduction ---- */
/*
 * DPOR finds a decision's alternatives as it goes, from races in the
 * executions below it, so a shard cannot know the reduced tree's shape
 * without running the subtrees it would skip.  Instead the search is
 * split at a fixed depth, ex->por_split: every decision above it is
 * explored in full (every candidate within the bound, as the plain
 * search does, and nothing sleeps there), which every shard walks alike,
 * and each subtree at that depth (a *unit*: every execution sharing the
 * first por_split choices, or one execution that ends above it) is
 * dealt out whole, round-robin; the shard it falls to explores it with
 * the reduction, DPOR and sleep sets, from an empty sleep set.  Sound
 * (docs/race-lab.md, "Shards"): above the split every alternative is
 * tried, which is all DPOR could add there, and a unit's backtrack and
 * sleep sets below the split come from its own executions only.
 *
 * The split depends only on the first execution (the same in every
 * shard) and the number of units asked for, not on the shard count, so
 * every count explores the same executions: the shards' sum is the same
 * for any N, and the same as --shard 0/1's.
 */

/*
 * The first depth at which the first execution's path, explored in
 * full, has about @units subtrees (ex_subtree_size's estimate), or the
 * whole path if it never does.
 */
static size_t por_split_depth(const struct mmk_explorer *ex, double units)
{
	for (size_t d = 0; d < ex->depth; d++)
		if (ex_subtree_size(ex->trail, d, ex->max_preempt) >= units)
			return d;
	return ex->depth;
}

/* Is the execution just run this shard's (exec_end)?  Deal a new unit. */
static bool por_shard_owns(struct mmk_explorer *ex)
{
	if (ex->executions + ex->skipped + ex->sleep_blocked == 0) {
		ex->por_split = por_split_depth(ex, ex->shard_depth);
		ex->unit_pending = true;
	}
	if (ex->unit_pending) {
		ex->unit_pending = false;
		ex->unit_owned = ex->unit_ordinal++ % ex->shard_count == ex->shard_index;
	}
	return ex->unit_owned;
}

/* Make the next execution take choice @k at decision @i (por bookkeeping too). */
static bool por_choose(struct mmk_explorer *ex, size_t i, unsigned int k)
{
	sleep_truncate(ex, i);
	return ex_choose(ex, i, k);
}

/*
 * mmk_explore_next() for a shard under the reduction: the next execution
 * of our unit, else the next unit in full depth-first order above the
 * split.  A unit whose first por_split choices are known is dealt here,
 * without running it; one below a choice higher up is dealt once its
 * first execution (run by every shard) shows where it is.
 */
static bool por_shard_next(struct mmk_explorer *ex)
{
	size_t top = ex->depth < ex->por_split ? ex->depth : ex->por_split;

	if (ex->unit_owned && por_next(ex, ex->por_split))
		return true;
	for (size_t i = top; i-- > 0;) {
		const struct ex_decision *d = &ex->trail[i];
		unsigned int b = ex_feasible(ex, d);

		for (unsigned int k = (unsigned int)d->k + 1; k < b; k++) {
			if (i + 1 < ex->por_split) {
				ex->unit_pending = true;
				return por_choose(ex, i, k);
			}
			if (ex->unit_ordinal++ % ex->shard_count == ex->shard_index) {
				ex->unit_owned = true;
				return por_choose(ex, i, k);
			}
		}
	}
	return false;
}

void mmk_explore_exec_end(struct mmk_explorer *ex)
{
	ex_drain_rcu(ex);	/* normally empty: the machine was destroyed */
	mmk_explorer = NULL;
	sleep_close(ex, false, false);	/* no decision ended it */
	sleep_close_run(ex, false);
	/* A traced rerun of one interleaving is not part of the search. */
	ex->owned = ex->tracing ||
		    (ex->por && ex->shard_count ? por_shard_owns(ex) : ex_shard_owns(ex));
	if (ex->owned && ex->blocked && !ex->tracing)
		ex->sleep_blocked++;	/* its class was explored before */
	else if (ex->owned)
		ex->executions++;
	else
		ex->skipped++;
	if (ex->depth < ex->prefix_len)
		ex_fail(ex, "the replayed choices go on after the run ended (%zu of %zu "
			"used)", ex->depth, ex->prefix_len);
}

bool mmk_explore_next(struct mmk_explorer *ex)
{
	if (ex->error[0])
		return false;
	if (ex->por && ex->shard_count)
		return por_shard_next(ex);
	if (ex->shard_count > 1)
		return ex_shard_next(ex);
	if (ex->por)
		return por_next(ex, 0);
	/* The deepest decision with an untried candidate within the bound. */
	for (size_t i = ex->depth; i-- > 0;) {
		const struct ex_decision *d = &ex->trail[i];

		if ((unsigned int)d->k + 1 < ex_feasible(ex, d))
			return ex_choose(ex, i, (unsigned int)d->k + 1);
	}
	return false;
}

/* The thread decision @d chose, as a bit (the inverse of por_position()). */
static uint64_t por_chosen(const struct ex_decision *d)
{
	uint64_t rest = d->cand & ~d->cand_cur;
	unsigned int k = d->k;

	if (d->cand_cur && !k)
		return d->cand_cur;
	for (k -= d->cand_cur ? 1u : 0u; k && rest; k--)
		rest &= rest - 1;
	return rest & -rest;
}

/*
 * Decision @i's alternatives as the reduced search sees them: *@b of
 * them, the chosen one the *@t-th tried.  Its backtrack set as known so
 * far (it grows as the search goes), within the bound.  A thread asleep
 * there is never run there (por_next skips it): its subtree is empty,
 * not an alternative.  Above a shard's split, every candidate within the
 * bound, as in the plain search.
 */
static void por_alternatives(const struct mmk_explorer *ex, size_t i, unsigned int *b,
			     unsigned int *t)
{
	const struct ex_decision *d = &ex->trail[i];
	/* Within the bound: every candidate, or only the current thread. */
	uint64_t ok = d->cand_cur && d->pre + 1 > ex->max_preempt ? d->cand_cur : d->cand;
	uint64_t chosen, awake;

	if (i < ex->por_split) {
		*b = ex_feasible(ex, d);
		*t = d->k < *b ? d->k + 1u : 0;
		return;
	}
	chosen = por_chosen(d);
	awake = ~ex->slp[i] | chosen;
	*b = (unsigned int)__builtin_popcountll((ex->bt[i] | ex->tried[i] | chosen) & ok & awake);
	*t = (unsigned int)__builtin_popcountll((ex->tried[i] | chosen) & ok & awake);
}

/* mmk_explore_covered() with the reduction: over the backtrack sets. */
static double por_covered(const struct mmk_explorer *ex)
{
	double done = 0, share = 1;

	for (size_t i = 0; i < ex->depth && i < ex->bt_cap; i++) {
		unsigned int b, t;

		por_alternatives(ex, i, &b, &t);
		if (b < 1 || t < 1)
			continue;
		done += share * (t - 1) / b;
		share /= b;
	}
	return done + share;
}

/*
 * mmk_explore_covered() of an unsharded reduced search: the
 * interleavings counted over an estimate of all of them.  Each
 * alternative of the path's decisions still to run is taken to hold as
 * many as the children of decisions at the same depth completed so far
 * (their mean), or if none is yet, as those at the nearest depth below
 * with one (a subtree is seldom smaller than one further down), or
 * before any, one.  Unlike the weighted backtrack (por_covered), a long
 * path whose alternatives each end at once (sleep sets cut them: a comb)
 * is not taken for a tree doubling at every level.  Exact at the end,
 * when nothing is left to run.
 */
static double por_estimate(const struct mmk_explorer *ex)
{
	double runs = (double)por_runs(ex), left = 0, below = 1;
	size_t n = ex->depth < ex->bt_cap ? ex->depth : ex->bt_cap;

	for (size_t i = n; i-- > 0;) {
		const struct por_size *z = &ex->sizes[i];
		unsigned int b, t;

		if (z->n)
			below = z->sum / (double)z->n;
		por_alternatives(ex, i, &b, &t);
		if (b > t)
			left += (b - t) * below;
	}
	return runs + left > 0 ? runs / (runs + left) : 1;
}

double mmk_explore_covered(const struct mmk_explorer *ex)
{
	double done = 0, share = 1;

	if (ex->por && !ex->shard_count)
		return por_estimate(ex);
	if (ex->por)
		return por_covered(ex);
	for (size_t i = 0; i < ex->depth; i++) {
		const struct ex_decision *d = &ex->trail[i];
		unsigned int b = ex_feasible(ex, d);

		if (d->k >= b)		/* a replayed choice beyond the bound */
			continue;
		done += share * d->k / b;
		share /= b;
	}
	return done + share;
}

int mmk_explore_set_por(struct mmk_explorer *ex, bool on)
{
	ex->por = on;
	return 0;
}

int mmk_explore_set_sleep_sets(struct mmk_explorer *ex, bool on)
{
	ex->sleep_sets = on;
	return 0;
}

uint64_t mmk_explore_sleep_blocked(const struct mmk_explorer *ex)
{
	return ex->sleep_blocked;
}

int mmk_explore_set_shard(struct mmk_explorer *ex, unsigned int index, unsigned int count,
			  unsigned int depth)
{
	if (!count || index >= count || !depth || depth > EX_SHARD_DEPTH_MAX)
		return -EINVAL;
	ex->shard_index = index;
	ex->shard_count = count;
	ex->shard_depth = depth;
	return 0;
}

bool mmk_explore_owned(const struct mmk_explorer *ex)
{
	return ex->owned;
}

uint64_t mmk_explore_skipped(const struct mmk_explorer *ex)
{
	return ex->skipped;
}

uint64_t mmk_explore_count(const struct mmk_explorer *ex)
{
	return ex->executions;
}

const uint8_t *mmk_explore_choices(const struct mmk_explorer *ex, size_t *n)
{
	static const uint8_t none;

	*n = ex->depth;
	return ex->depth ? ex->ks : &none;
}

int mmk_explore_preemptions(const struct mmk_explorer *ex)
{
	return ex->preemptions;
}

const char *mmk_explore_error(const struct mmk_explorer *ex)
{
	return ex->error[0] ? ex->error : NULL;
}

/* ---- runs and their threads ---- */

static void *ex_rcu_main(void *arg);

int mmk_explore_run_begin(struct mmk_explorer *ex, struct mmk_machine *m, int nthreads)
{
	int rc;

	if (nthreads < 1 || nthreads > MMK_EXPLORE_MAX_THREADS)
		return -EINVAL;
	ex_drain_rcu(ex);
	pthread_mutex_lock(&ex->lock);
	ex->m = m;
	ex->nworkers = nthreads;
	ex->workers_left = nthreads;
	ex->registered = 0;
	ex->running = -1;
	ex->shutdown = false;
	ex->in_run = true;
	for (int i = 0; i <= nthreads; i++) {
		struct ex_thread *t = &ex->th[i];

		t->state = EX_IDLE;
		t->name = i == nthreads ? "rcu" : NULL;
		t->fresh = t->quiet = true;
		t->muted = t->in_rcu = false;
		t->wait_obj = t->touch_obj = NULL;
		t->wait_mark = t->steps = t->rcu_exits = 0;
		t->read_table = 0;
		t->label = i == nthreads ? "RCU callbacks" : NULL;
	}
	if (ex->por)
		por_reset(ex, nthreads + 1);
	pthread_mutex_unlock(&ex->lock);
	rc = pthread_create(&ex->rcu_thread, NULL, ex_rcu_main, ex);
	if (rc) {
		ex->in_run = false;
		return -rc;
	}
	return 0;
}

void mmk_explore_run_end(struct mmk_explorer *ex)
{
	pthread_mutex_lock(&ex->lock);
	if (ex->registered <= ex->nworkers) {
		/* Some thread never came (it could not be started): let go. */
		ex_fail(ex, "a thread of the run never started");
		ex->shutdown = true;
		for (int i = 0; i <= ex->nworkers; i++)
			pthread_cond_signal(&ex->th[i].cv);
	}
	/* Otherwise the RCU thread may still run callbacks: it ends the run. */
	pthread_mutex_unlock(&ex->lock);
	pthread_join(ex->rcu_thread, NULL);
	pthread_mutex_lock(&ex->lock);
	ex->in_run = false;
	ex->running = -1;
	pthread_mutex_unlock(&ex->lock);
	ex_drain_rcu(ex);
}

/* Join the run as @t; the last to come makes the first choice. */
static void ex_register(struct mmk_explorer *ex, struct ex_thread *t)
{
	ex_self = t;
	mmk_explorer = ex;
	mmk_sched_hook = explore_point;
	if (++ex->registered == ex->nworkers + 1) {
		int next = ex_decide(ex, NULL);

		if (next < 0)
			ex_stuck(ex);
		ex->block_dec[next] = (int32_t)ex->depth - 1;	/* its run begins here */
		ex_run(ex, next);
	}
	ex_wait_turn(ex, t);
}

void mmk_explore_thread_begin(struct mmk_explorer *ex, int index, const char *name)
{
	struct ex_thread *t = &ex->th[index];

	assert(index >= 0 && index < ex->nworkers);
	pthread_mutex_lock(&ex->lock);
	t->name = name;
	t->state = EX_RUNNABLE;
	ex_register(ex, t);
	pthread_mutex_unlock(&ex->lock);
}

void mmk_explore_thread_end(void)
{
	struct ex_thread *t = ex_self;
	struct mmk_explorer *ex;
	int next;

	if (!t)
		return;
	ex = t->ex;
	pthread_mutex_lock(&ex->lock);
	ex_settle(ex, t);
	ex_trace(ex, t, EX_KIND_END, NULL);
	t->state = EX_DONE;
	t->quiet = true;
	ex->workers_left--;
	ex_wake(ex, &ex->gp);		/* a finished thread holds up no grace period */
	next = ex_decide(ex, t);
	if (next >= 0) {
		ex->block_dec[next] = (int32_t)ex->depth - 1;	/* its run begins here */
		ex_trace_switch(ex, t, next, false);
		ex_run(ex, next);
	} else if (ex->workers_left) {
		ex_stuck(ex);
	} else {
		ex->shutdown = true;	/* the RCU thread is idle: let it go */
		pthread_cond_signal(&ex->th[ex->nworkers].cv);
	}
	pthread_mutex_unlock(&ex->lock);
	ex_self = NULL;
	mmk_sched_hook = NULL;
	mmk_explorer = NULL;
}

void mmk_explore_label(const char *what)
{
	struct ex_thread *t = ex_self;

	if (!t)
		return;
	pthread_mutex_lock(&t->ex->lock);
	t->label = what;
	t->quiet = true;
	if (t->ex->por && !t->ex->shutdown && !t->muted)
		por_step(t->ex, t, EX_KIND_LABEL, &t->ex->label_obj);
	pthread_mutex_unlock(&t->ex->lock);
}

bool mmk_explore_quiescent(void)
{
	struct ex_thread *t = ex_self;
	struct mmk_explorer *ex;
	bool quiet = true;

	if (!t)
		return false;
	ex = t->ex;
	pthread_mutex_lock(&ex->lock);
	for (int i = 0; i < ex->nworkers && quiet; i++)
		quiet = i == t->idx || ex->th[i].state == EX_DONE || ex->th[i].quiet;
	if (ex->rcu_busy || ex->cb_head != ex->cb_tail)
		quiet = false;
	pthread_mutex_unlock(&ex->lock);
	return quiet;
}

void mmk_explore_mute(bool on)
{
	if (ex_self)
		ex_self->muted = on;
}

const struct mmk_explore_step *mmk_explore_trace(const struct mmk_explorer *ex, size_t *n)
{
	*n = ex->ntrace;
	return ex->trace;
}

const char *mmk_explore_thread_name(const struct mmk_explorer *ex, int index)
{
	if (index < 0 || index >= EX_SLOTS || !ex->th[index].name)
		return "?";
	return ex->th[index].name;
}

/* ---- deterministic RCU ---- */

/* Who is inside a read-side section now. */
static void ex_gp_begin(struct mmk_explorer *ex, struct ex_gp *gp)
{
	/* Who it waits for depends on its order with read-side sections. */
	if (ex->por && ex_self && ex_self->ex == ex && !ex_self->muted && !ex->shutdown)
		por_step(ex, ex_self, MMK_SP_GP, NULL);
	gp->mask = 0;
	for (int i = 0; i < ex_nslots(ex); i++)
		if (ex->th[i].in_rcu) {
			gp->mask |= 1ULL << i;
			gp->exits[i] = ex->th[i].rcu_exits;
		}
}

static bool ex_gp_done(struct mmk_explorer *ex, const struct ex_gp *gp)
{
	for (int i = 0; i < ex_nslots(ex); i++)
		if ((gp->mask & (1ULL << i)) && ex->th[i].state != EX_DONE &&
		    ex->th[i].rcu_exits == gp->exits[i])
			return false;
	return true;
}

/* Take the oldest callback if its grace period has ended. */
static bool ex_pop_ready(struct mmk_explorer *ex, struct ex_cb *cb)
{
	if (!ex_cb_ready(ex))
		return false;
	*cb = ex->cbs[ex->cb_head++];
	por_run_clock(ex, cb->vc);
	if (ex->cb_head == ex->cb_tail)
		ex->cb_head = ex->cb_tail = 0;
	ex->rcu_busy++;
	return true;
}

/* Run one callback taken by ex_pop_ready(), on the calling thread. */
static void ex_run_cb(struct mmk_explorer *ex, struct ex_cb *cb)
{
	cb->fn(cb->head);
	pthread_mutex_lock(&ex->lock);
	ex->rcu_busy--;
	ex_wake(ex, &ex->gp);	/* rcu_barrier() waiters */
	pthread_mutex_unlock(&ex->lock);
}

/* Outside runs (the driving thread): no reader can be inside. */
static void ex_drain_rcu(struct mmk_explorer *ex)
{
	struct ex_cb cb;

	for (;;) {
		bool got;

		pthread_mutex_lock(&ex->lock);
		assert(!ex->in_run);
		got = ex_pop_ready(ex, &cb);
		pthread_mutex_unlock(&ex->lock);
		if (!got)
			return;
		ex_run_cb(ex, &cb);
	}
}

void explore_rcu_enter(struct mmk_explorer *ex)
{
	struct ex_thread *t = ex_self;

	if (!t || t->muted)
		return;
	pthread_mutex_lock(&ex->lock);
	t->in_rcu = true;
	pthread_mutex_unlock(&ex->lock);
}

void explore_rcu_exit(struct mmk_explorer *ex)
{
	struct ex_thread *t = ex_self;

	if (!t || !t->in_rcu)
		return;
	pthread_mutex_lock(&ex->lock);
	t->in_rcu = false;
	t->rcu_exits++;
	ex_wake(ex, &ex->gp);
	pthread_mutex_unlock(&ex->lock);
}

void explore_synchronize_rcu(struct mmk_explorer *ex)
{
	struct ex_gp gp;
	unsigned int spins = 0;

	if (!ex_self)
		return;		/* the driving thread, between runs: no reader */
	pthread_mutex_lock(&ex->lock);
	ex_gp_begin(ex, &gp);
	ex_self->gp_wait = GP_SYNC;
	ex_self->gp_snap = &gp;
	while (!ex_gp_done(ex, &gp)) {
		pthread_mutex_unlock(&ex->lock);
		mmk_wait_relax(&ex->gp, &spins);
		pthread_mutex_lock(&ex->lock);
	}
	pthread_mutex_unlock(&ex->lock);
}

void explore_call_rcu(struct mmk_explorer *ex, struct mmk_rcu_head *head, mmk_rcu_func_t fn)
{
	struct ex_cb *cb;

	pthread_mutex_lock(&ex->lock);
	if (ex->cb_tail == ex->cb_cap) {
		size_t cap = ex->cb_cap ? 2 * ex->cb_cap : 64;
		struct ex_cb *n = realloc(ex->cbs, cap * sizeof(*n));

		if (!n) {
			/* Cannot queue: wait out the grace period and run it here. */
			pthread_mutex_unlock(&ex->lock);
			explore_synchronize_rcu(ex);
			fn(head);
			return;
		}
		ex->cbs = n;
		ex->cb_cap = cap;
	}
	cb = &ex->cbs[ex->cb_tail++];
	cb->head = head;
	cb->fn = fn;
	ex_gp_begin(ex, &cb->gp);
	por_queue_clock(ex, cb->vc);
	ex_wake(ex, &ex->gp);	/* the RCU thread may have work now */
	pthread_mutex_unlock(&ex->lock);
}

void explore_rcu_barrier(struct mmk_explorer *ex)
{
	unsigned int spins = 0;

	if (!ex_self) {
		ex_drain_rcu(ex);
		return;
	}
	for (;;) {
		struct ex_cb cb;
		bool got, idle;

		pthread_mutex_lock(&ex->lock);
		got = ex_pop_ready(ex, &cb);
		idle = ex->cb_head == ex->cb_tail && !ex->rcu_busy;
		ex_self->gp_wait = GP_BARRIER;
		pthread_mutex_unlock(&ex->lock);
		if (got)
			ex_run_cb(ex, &cb);
		else if (idle)
			return;
		else
			mmk_wait_relax(&ex->gp, &spins);
	}
}

/* The RCU thread: runs callbacks whose grace period has ended. */
static void *ex_rcu_main(void *arg)
{
	struct mmk_explorer *ex = arg;
	struct ex_thread *t;
	unsigned int spins = 0;

	pthread_mutex_lock(&ex->lock);
	t = &ex->th[ex->nworkers];
	t->state = EX_WAITING;		/* until a callback is ready */
	t->wait_obj = &ex->gp;
	t->gp_wait = GP_CALLBACK;
	t->fresh = false;
	ex_register(ex, t);
	while (!ex->shutdown) {
		struct ex_cb cb;

		if (ex_pop_ready(ex, &cb)) {
			pthread_mutex_unlock(&ex->lock);
			ex_run_cb(ex, &cb);
		} else {
			pthread_mutex_unlock(&ex->lock);
			mmk_wait_relax(&ex->gp, &spins);
		}
		pthread_mutex_lock(&ex->lock);
	}
	pthread_mutex_unlock(&ex->lock);
	ex_self = NULL;
	mmk_sched_hook = NULL;
	mmk_explorer = NULL;
	return NULL;
}

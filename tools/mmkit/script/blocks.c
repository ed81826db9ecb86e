/* SPDX-License-Identifier: MIT */
/*
 * script/blocks.c - thread blocks (script.md, "Threads"): `run` runs the
 * blocks opened since the previous `run` at once, one POSIX thread each.
 *
 * Thread blocks
 * -------------
 * `run` starts one POSIX thread per block opened since the previous `run`.
 * The runner detaches from CPU 0 first; each thread attaches to its
 * block's CPU (chosen by the parser), waits until every thread of the run
 * holds its CPU, then runs its statements in order with a runner of its
 * own (struct runner is copied: its counters and failure are per thread,
 * so threads share nothing of the tool's but the mm table, in which each
 * slot is written by one thread only: the parser guarantees it).  A thread
 * stops at its first failure; the others go on to their end.  After
 * joining, the runner adds up the counts, reports the failure with the
 * lowest line number, if any, and attaches to CPU 0 again.
 *
 * Under `mmkit explore` (run_opts.explore) the threads of a `run` take
 * turns under the explorer's scheduler (mmkit/explore.h): each joins it
 * once it holds its CPU and leaves it after its last statement; each
 * statement is labelled for traces, and with --check a thread that ends a
 * statement while every other thread is between statements runs the full
 * check too (muted: the checker is not explored).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "common/errname.h"
#include "script/runner.h"

#define WORKER_STACK (4u << 20)	/* run_read keeps 128 KiB on the stack */

/* The start line of one `run`: threads go once all hold their CPUs. */
struct start_gate {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int open;		/* 1: go; -1: a thread could not be created */
};

struct worker {
	struct runner r;
	const struct stmt *th;	/* its `thread` statement */
	int index;		/* its position in the run */
	int first;		/* index of its first statement */
	struct start_gate *gate;
	pthread_t tid;
	int created;
};

static int gate_wait(struct start_gate *g)
{
	int open;

	pthread_mutex_lock(&g->lock);
	while (!g->open)
		pthread_cond_wait(&g->cond, &g->lock);
	open = g->open;
	pthread_mutex_unlock(&g->lock);
	return open;
}

static void gate_set(struct start_gate *g, int open)
{
	pthread_mutex_lock(&g->lock);
	g->open = open;
	pthread_cond_broadcast(&g->cond);
	pthread_mutex_unlock(&g->lock);
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct runner *r = &w->r;
	int rc = mmk_cpu_attach(r->m, (unsigned int)r->home);
	int i;

	if (gate_wait(w->gate) < 0) {
		if (!rc)
			mmk_cpu_detach(r->m);
		return NULL;
	}
	if (rc < 0) {
		char why[128];

		snprintf(why, sizeof(why), "cannot attach to cpu %d: %s",
			 r->home, err_name(-rc));
		runner_note_failure(r, w->th, why, NULL);
		if (r->o->explore) {	/* the explorer waits for every thread */
			mmk_explore_thread_begin(r->o->explore, w->index, "?");
			mmk_explore_thread_end();
		}
		return NULL;
	}
	r->cpu = r->home;
	if (r->o->explore)
		mmk_explore_thread_begin(r->o->explore, w->index,
			r->sc->slots[SLOT_THREAD].v[w->th->a[0].slot].name);
	for (i = 0; i < w->th->nblock; i++)
		if (runner_step(r, &r->sc->stmts[w->first + i]))
			break;
	if (r->o->explore)
		mmk_explore_thread_end();
	mmk_cpu_detach(r->m);
	r->cpu = -1;
	return NULL;
}

/* Add a thread's counts to the runner's; keep the lowest-numbered lines. */
static void merge_worker(struct runner *r, const struct runner *w)
{
	r->statements += w->statements;
	r->expectations += w->expectations;
	r->unmet += w->unmet;
	if (w->fail_line && (!r->fail_line || w->fail_line < r->fail_line)) {
		r->fail_line = w->fail_line;
		r->fail_checks = w->fail_checks;
		memcpy(r->fail_msg, w->fail_msg, sizeof(r->fail_msg));
	}
	if (w->unmet_line && (!r->unmet_line || w->unmet_line < r->unmet_line)) {
		r->unmet_line = w->unmet_line;
		memcpy(r->unmet_msg, w->unmet_msg, sizeof(r->unmet_msg));
	}
}

/* Start the threads of @ws, wait for all.  0, or -1 with fail_msg set. */
static int start_workers(struct runner *r, const struct stmt *run,
			 struct worker *ws, int n)
{
	struct start_gate gate = { PTHREAD_MUTEX_INITIALIZER,
				   PTHREAD_COND_INITIALIZER, 0 };
	pthread_attr_t attr;
	int i, rc = 0;

	if (pthread_attr_init(&attr) ||
	    pthread_attr_setstacksize(&attr, WORKER_STACK)) {
		runner_note_failure(r, run, "cannot set up threads", NULL);
		return -1;
	}
	if (r->o->explore && (rc = mmk_explore_run_begin(r->o->explore, r->m, n))) {
		pthread_attr_destroy(&attr);
		runner_note_failure(r, run, "cannot start the explorer's threads", NULL);
		return -1;
	}
	for (i = 0; i < n && !rc; i++) {
		ws[i].gate = &gate;
		rc = pthread_create(&ws[i].tid, &attr, worker_main, &ws[i]);
		ws[i].created = !rc;
	}
	pthread_attr_destroy(&attr);
	if (rc) {
		char why[128];

		snprintf(why, sizeof(why), "cannot start a thread: %s",
			 strerror(rc));
		runner_note_failure(r, ws[i - 1].th, why, NULL);
	}
	gate_set(&gate, rc ? -1 : 1);
	for (i = 0; i < n; i++) {
		if (!ws[i].created)
			continue;
		pthread_join(ws[i].tid, NULL);
		merge_worker(r, &ws[i].r);
	}
	if (r->o->explore)
		mmk_explore_run_end(r->o->explore);
	pthread_mutex_destroy(&gate.lock);
	pthread_cond_destroy(&gate.cond);
	return r->fail_line ? -1 : 0;
}

/*
 * `run` at index @ri: run every block opened since the previous `run`,
 * each on its own thread and CPU, and wait for all.
 */
int run_blocks(struct runner *r, int ri)
{
	const struct script *sc = r->sc;
	const struct stmt *run = &sc->stmts[ri];
	struct worker *ws;
	struct outcome out;
	int first, i, n = 0, rc;

	/* The blocks of this run are the statements right before it. */
	for (first = ri; first > 0; first--) {
		const struct stmt *s = &sc->stmts[first - 1];

		if (s->block < 0 && !(s->desc->flags & D_THREAD))
			break;
		n += !!(s->desc->flags & D_THREAD);
	}
	ws = calloc((size_t)n + 1, sizeof(*ws));	/* never 0 bytes */
	if (!ws) {
		runner_note_failure(r, run, "out of memory", NULL);
		return -1;
	}
	for (i = first, n = 0; i < ri; i++) {
		const struct stmt *th = &sc->stmts[i];
		struct worker *w;

		if (!(th->desc->flags & D_THREAD))
			continue;
		w = &ws[n++];
		w->r = *r;
		w->r.worker = 1;
		w->r.progress.on = false;
		w->r.home = th->cpu;
		w->r.cpu = -1;
		w->r.statements = w->r.expectations = w->r.unmet = 0;
		w->r.fail_line = w->r.unmet_line = 0;
		w->th = th;
		w->index = n - 1;
		w->first = i + 1;
		r->statements++;	/* the `thread` statement */
	}
	mmk_cpu_detach(r->m);
	r->cpu = -1;
	rc = start_workers(r, run, ws, n);
	free(ws);
	if (runner_use_cpu(r, r->home, &out)) {
		runner_note_failure(r, run, outcome_text(&out), NULL);
		return -1;
	}
	if (rc)
		return -1;
	if (r->o->check) {
		if (runner_check(r, &out)) {
			runner_note_failure(r, run, outcome_text(&out), NULL);
			return -1;
		}
	}
	r->statements++;		/* `run` itself */
	return 0;
}

/* SPDX-License-Identifier: MIT */
/*
 * lab/stress.c - `mmkit stress`: random concurrent operations on one shared
 * address space, with the invariant checker on and every value checked
 * against a shadow copy (shared/spec/cli.md).  The driver: one machine per
 * policy, the workers running their operation streams (lab/stress_ops.c),
 * the main thread's periodic and final checks (lab/stress_check.c), and
 * the reports.  lab/stress.h describes the workload.
 *
 * Invariants.  The checker's continuous checks are on for the whole run
 * and polled after every operation.  Every CHECK_EVERY seconds the main
 * thread parks the workers between operations and runs mmk_check() on the
 * machine at rest (periodic_check); it runs once more at the end, once all
 * threads stopped, after the final content check.  After exit every frame
 * must be back.
 *
 * Noise.  Each worker sleeps now and then before a lockless PTE read made
 * outside RCU (src/sched_noise.c, stress_noise): correct code makes none,
 * a walker missing its read-side section gets its window widened past a
 * grace period, so a freed table can land in it.
 *
 * The first violation stops the run: the report names the invariant, the
 * address, the policy, the seed, the last RING operations of every thread,
 * and a command that replays the same operation streams.  The machine is
 * then not trusted to tear down: the process exits without destroying it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <mmkit/explore.h>

#include "cli/cli.h"
#include "common/clock.h"
#include "common/errname.h"
#include "common/json.h"
#include "common/splitmix.h"
#include "lab/lab.h"
#include "lab/stress.h"

#define RAM_BYTES (512ULL << 20)
#define GATHER_PAGES 8		/* zaps of more pages drop the PTL midway */
#define MAX_THREADS (MMK_MAX_CPUS - 1)
#define DEFAULT_THREADS 4
#define DEFAULT_SECONDS 10.0
#define JOIN_GRACE 20.0		/* seconds to wait for threads after a failure */
#define CHECK_EVERY 0.1		/* seconds between periodic full checks */
#define DEVICE_SLOT (4ULL << 20)	/* device window per device (2M aligned) */

/*
 * Noise (src/sched_noise.c): a bare lockless PTE read, which only a
 * walker missing its RCU section makes, sleeps one time in 8 for up to
 * 10 ms, longer than liburcu's call_rcu thread takes to start a batch of
 * frees.  Protected reads get no noise: at a million lockless reads a
 * second, even rare sleeps cost more throughput than they found races.
 */
static const struct mmk_noise stress_noise = {
	.bare_one_in = 8, .bare_max_us = 10000,
};

static const char stress_help[] =
	"usage: mmkit stress [--policy P|all] [--threads N]\n"
	"                    [--seconds S | --ops N] [--seed X] [--bug NAME]\n"
	"                    [--shard I/N] [--json]\n"
	"       mmkit stress --merge [--json] FILE...\n"
	"\n"
	"Random concurrent operations with the invariant checker on and every\n"
	"value checked against a shadow copy.  N threads, each on its own\n"
	"simulated CPU, share one address space and race on the same eight PTE\n"
	"tables (16M at 0x40000000): writes read back, reads, GUP-fast and slow\n"
	"references and pins with DMA writes and reads (pins are held across\n"
	"other operations), MADV_DONTNEED and MADV_FREE of 4K to 2M,\n"
	"MADV_PAGEOUT, mprotect cycles, mremap of a table away and back,\n"
	"munmap+mmap of a table, fork with the child reading and writing,\n"
	"migration of pages to a device-private device and back, and pins of a\n"
	"DAX device's pages racing its unbind; and, on 4M of shared memory\n"
	"(MADV_HUGEPAGE), huge folios faulted, collapsed, zapped and split by\n"
	"MADV_PAGEOUT of part of one.\n"
	"Each page is written by one thread only, so what every read may\n"
	"return is known: exactly the last value when nothing disturbed the\n"
	"page, else that, zeros or a value DMA wrote through a pin.  Pins must\n"
	"stay coherent with the mapping (invariant 7) across forks and\n"
	"read-only pins of pages shared with a child.  The continuous checks\n"
	"are polled after every operation; every 0.1 s the threads park\n"
	"between operations for a full check, which runs at the end too.  A\n"
	"thread that reads a PTE with neither its lock nor RCU held (correct\n"
	"code never does) sleeps now and then first, to widen that window.\n"
	"\n"
	"options (`--opt VALUE` or `--opt=VALUE`):\n"
	"  --policy P   page-table policy: keep linux refcount rwsem full, or\n"
	"               all (each in turn, one machine each); default linux\n"
	"  --threads N  worker threads, 1..63 (default 4); the machine has N+1\n"
	"               CPUs\n"
	"  --seconds S  time budget of the whole run, shared equally among the\n"
	"               policies (default 10)\n"
	"  --ops N      instead: N operations per policy, shared equally among\n"
	"               the threads\n"
	"  --shard I/N  shard I (0..N-1) of a run spread over N processes or\n"
	"               machines: seed X+I (needs --seed X), so the shards run\n"
	"               disjoint operation streams\n"
	"  --merge      FILE... are the shards' --json outputs: print their sum\n"
	"               (figures added up per policy, throughput too; seconds the\n"
	"               longest); exit 1 if a shard found a violation\n"
	"  --seed X     seed of the threads' operation streams (default: from\n"
	"               the clock); the same seed gives every thread the same\n"
	"               operations, the interleaving is up to the host\n"
	"  --bug NAME   switch a historical bug of policies.md back on\n"
	"               (repeatable); the run should then find a violation\n"
	"  --json       print one JSON object on stdout instead of the lines\n"
	"               below (seed, threads, bugs, status, per policy the same\n"
	"               figures; on a violation what broke, the last operations\n"
	"               and the replay command), for `mmkit report`\n"
	"  -h, --help   this text\n"
	"\n"
	"output: stderr first says `stress: seed X`, and shows a progress bar\n"
	"  on a terminal.  Per policy, stdout gets one line: operations, seconds,\n"
	"  operations per second and some counts; the last line is `stress: no\n"
	"  violation in N operations (seed X)`.  A violation or a wrong value\n"
	"  stops the run and prints on stderr: the invariant (its number in\n"
	"  invariants.md) and what broke, the address, the policy, the seed,\n"
	"  the last 20 operations of each thread, and the command to run the\n"
	"  same operation streams again.\n"
	"\n"
	"exit status: 0 no violation, 1 violation, 2 usage\n";

/* ---- the workers ---- */

/*
 * Between two operations, while the checking thread runs mmk_check(): the
 * worker holds no lock, is in no read-side section and runs no operation,
 * so the machine is at rest but for pins, children and DAX devices, all
 * states the checker understands.
 */
static void park(struct stress *s)
{
	const struct timespec nap = { 0, 100 * 1000 };

	atomic_fetch_add(&s->parked, 1);
	while (atomic_load_explicit(&s->pause, memory_order_acquire) &&
	       !atomic_load(&s->stop))
		nanosleep(&nap, NULL);
	atomic_fetch_sub(&s->parked, 1);
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct stress *s = w->s;
	struct mmk_violation v;
	int rc = mmk_cpu_attach(s->m, w->id);

	if (rc) {
		fail(s, w, 0, "cannot attach to cpu %u: %s", w->id, err_name(-rc));
		atomic_store(&w->finished, 1);
		return NULL;
	}
	mmk_set_noise(s->m, &stress_noise, w->rng);
	for (uint64_t n = 0; n < s->quota && !atomic_load(&s->stop); n++) {
		uint64_t r, a, b;

		if (atomic_load_explicit(&s->pause, memory_order_acquire))
			park(s);
		r = splitmix64(&w->rng);
		a = splitmix64(&w->rng);
		b = splitmix64(&w->rng);
		enum op_kind kind = pick_kind(r);

		w->nops = n;
		atomic_store_explicit(&w->started, n + 1, memory_order_relaxed);
		run_op(w, kind, a, b);
		w->counts[kind]++;
		if (w->child && --w->child_left == 0 && !failed(s))
			child_exit(w);
		if (w->dax_pin && --w->dax_left == 0 && !failed(s))
			dax_unpin(w);
		if (mmk_violation_pending(s->m, &v))
			fail_record(s, w, v.addr, true, "%s", v.what);
	}
	/* After a failure the machine is not trusted: leave it as it is. */
	if (!failed(s)) {
		for (int k = 0; k < NPINS; k++)
			if (w->pins[k].page)
				unpin(w, &w->pins[k], false);
		if (w->child)
			child_exit(w);
		if (w->dax_pin)
			dax_unpin(w);
	}
	mmk_cpu_detach(s->m);
	atomic_store(&w->finished, 1);
	return NULL;
}

/* ---- one policy ---- */

static bool all_finished(const struct stress *s)
{
	return nr_finished(s) == s->nthreads;
}

/*
 * Wait for the workers: stop them when the time is up, show progress, run
 * the periodic full checks.  After a failure give them JOIN_GRACE seconds
 * to stop; false if some did not (stuck in the library).
 */
static bool wait_workers(struct stress *s, double budget, double t0)
{
	double checked_at = t0, stopped_at = 0;
	const struct timespec tick = { 0, 20 * 1000 * 1000 };
	struct progress bar;
	char label[64];

	progress_init(&bar);
	snprintf(label, sizeof(label), "stress %s", mmk_policy_name(s->policy));

	while (!all_finished(s)) {
		double t = clock_seconds();

		nanosleep(&tick, NULL);
		if (!s->o->ops && t - t0 >= budget)
			atomic_store(&s->stop, 1);
		if (!failed(s) && t - checked_at >= CHECK_EVERY) {
			periodic_check(s);
			checked_at = clock_seconds();
		}
		if (failed(s)) {
			if (!stopped_at)
				stopped_at = t;
			else if (t - stopped_at > JOIN_GRACE)
				break;
		}
		progress_show(&bar, label, s->o->ops ? (double)total_started(s) /
			      (double)(s->quota * s->nthreads) : (t - t0) / budget,
			      "%" PRIu64 " ops", total_started(s));
	}
	progress_clear(&bar);
	if (!all_finished(s))
		return false;
	for (unsigned int i = 0; i < s->nthreads; i++)
		if (s->w[i].created)
			pthread_join(s->w[i].tid, NULL);
	return true;
}

/* The names of summary.fig[] in JSON, in the order of the stdout line. */
static const char *const fig_names[] = {
	"writes", "pins", "dma", "zaps", "mprotect_mremap_munmap", "forks",
	"migrations", "dax_pins", "unbinds", "collapses", "freed_pte", "freed_fast",
	"freed_slow", "shm_writes", "shm_zaps", "shm_collapses",
};
#define NR_FIGS (sizeof(fig_names) / sizeof(fig_names[0]))

/* What one policy's run did: its line on stdout, or its JSON. */
struct summary {
	enum mmk_policy policy;
	uint64_t ops, checks, exact;
	double secs;
	uint64_t fig[NR_FIGS];
	uint64_t full_checks;
};

/* Every policy run so far, and the options: what --json prints. */
struct stress_run {
	const struct stress_opts *o;
	int json;
	struct summary sum[MMK_NR_POLICIES];
	int n;
};

/* The replay command: the same operation streams under the same policy. */
static void print_replay(FILE *f, const struct stress *s, uint64_t most)
{
	const struct stress_opts *o = s->o;

	fprintf(f, "mmkit stress --policy %s --threads %u --ops %" PRIu64
		" --seed %" PRIu64, mmk_policy_name(s->policy), s->nthreads,
		most * s->nthreads, o->seed);
	for (unsigned int b = 0; b < MMK_NR_BUGS; b++)
		if (o->bugs & (1ULL << b))
			fprintf(f, " --bug %s", mmk_bug_name(1u << b));
}

/* Operations the busiest thread started. */
static uint64_t most_started(const struct stress *s)
{
	uint64_t most = 0;

	for (unsigned int i = 0; i < s->nthreads; i++) {
		uint64_t n = atomic_load(&s->w[i].started);

		if (n > most)
			most = n;
	}
	return most;
}

static void json_summary(FILE *f, const struct summary *m)
{
	fprintf(f, "{\"operations\": %" PRIu64 ", \"seconds\": %.3f, "
		"\"ops_per_second\": %.0f, \"values_checked\": %" PRIu64
		", \"values_exact\": %" PRIu64, m->ops, m->secs,
		m->secs > 0 ? (double)m->ops / m->secs : 0.0, m->checks, m->exact);
	for (size_t k = 0; k < NR_FIGS; k++)
		fprintf(f, ", \"%s\": %" PRIu64, fig_names[k], m->fig[k]);
	fprintf(f, ", \"full_checks\": %" PRIu64 "}", m->full_checks);
}

/*
 * --json: the whole run as one object on stdout; @s and @secs the policy
 * whose run found a violation, or NULL.
 */
static void print_json(const struct stress_run *run, const struct stress *s,
		       double secs)
{
	const struct stress_opts *o = run->o;
	uint64_t total = 0;
	const char *sep = "";

	for (int i = 0; i < run->n; i++)
		total += run->sum[i].ops;
	if (s)
		total += total_started(s);
	printf("{\"command\": \"stress\", \"seed\": %" PRIu64 ", \"threads\": %u, ",
	       o->seed, o->threads);
	if (o->shard_n)
		printf("\"shard\": \"%u/%u\", ", o->shard_i, o->shard_n);
	printf("\"bugs\": [");
	for (unsigned int b = 0; b < MMK_NR_BUGS; b++)
		if (o->bugs & (1ULL << b)) {
			printf("%s", sep);
			json_string(stdout, mmk_bug_name(1u << b));
			sep = ", ";
		}
	printf("], \"status\": \"%s\", \"operations\": %" PRIu64 ", \"policies\": {",
	       s ? "violation" : "ok", total);
	for (int i = 0; i < run->n; i++) {
		printf("%s\"%s\": ", i ? ", " : "", mmk_policy_name(run->sum[i].policy));
		json_summary(stdout, &run->sum[i]);
	}
	putchar('}');
	if (s) {
		printf(", \"violation\": {\"policy\": \"%s\", \"seconds\": %.3f, "
		       "\"operations\": %" PRIu64 ", \"what\": ",
		       mmk_policy_name(s->policy), secs, total_started(s));
		json_string(stdout, s->fail_what);
		if (s->fail_addr)
			printf(", \"address\": \"%#" PRIx64 "\"", s->fail_addr);
		printf(", \"found_by\": ");
		json_string(stdout, s->fail_thread >= 0 ? s->fail_desc :
			    s->fail_thread == -2 ? "a periodic full check" :
			    "the final check");
		printf(", \"last_operations\": {");
		for (unsigned int i = 0; i < s->nthreads; i++) {
			const struct worker *w = &s->w[i];
			uint64_t n = atomic_load(&w->started);

			printf("%s\"T%u\": [", i ? ", " : "", i);
			for (uint64_t k = n > RING ? n - RING : 0; k < n; k++) {
				printf("%s", k > (n > RING ? n - RING : 0) ? ", " : "");
				json_string(stdout, w->ring[k % RING]);
			}
			putchar(']');
		}
		printf("}, \"replay\": \"");
		print_replay(stdout, s, most_started(s));
		printf("\"}");
	}
	printf("}\n");
	fflush(stdout);
}

static void print_violation(const struct stress *s, double secs)
{
	const struct stress_opts *o = s->o;

	fflush(stdout);
	fprintf(stderr, "stress: violation under policy %s after %.2f s and %" PRIu64
		" operations (seed %" PRIu64 ")\n", mmk_policy_name(s->policy), secs,
		total_started(s), o->seed);
	fprintf(stderr, "  %s\n", s->fail_what);
	if (s->fail_addr)
		fprintf(stderr, "  address: %#" PRIx64 "\n", s->fail_addr);
	if (s->fail_thread >= 0)
		fprintf(stderr, "  %s: %s\n", s->fail_polled ? "recorded by the "
			"continuous checks, noticed after" : "found by", s->fail_desc);
	else if (s->fail_thread == -2)
		fprintf(stderr, "  found by: a periodic full check, with every "
			"thread parked between operations\n");
	else
		fprintf(stderr, "  found by: the final check, after every thread "
			"stopped\n");
	fprintf(stderr, "last operations of each thread (oldest first):\n");
	for (unsigned int i = 0; i < s->nthreads; i++) {
		const struct worker *w = &s->w[i];
		uint64_t n = atomic_load(&w->started);

		for (uint64_t k = n > RING ? n - RING : 0; k < n; k++)
			fprintf(stderr, "  %s\n", w->ring[k % RING]);
	}
	fprintf(stderr, "to run the same operations again (the interleaving "
		"differs; it may take a few runs):\n  ");
	print_replay(stderr, s, most_started(s));
	fprintf(stderr, "\n");
}

static void summarize(const struct stress *s, double secs, uint64_t ops,
		      struct summary *m)
{
	uint64_t c[NR_OP_KINDS] = { 0 }, ptc[MMK_PTC_NR], collapsed = 0, shm_collapsed = 0;

	memset(m, 0, sizeof(*m));
	for (unsigned int i = 0; i < s->nthreads; i++) {
		for (int k = 0; k < NR_OP_KINDS; k++)
			c[k] += s->w[i].counts[k];
		collapsed += s->w[i].collapsed;
		shm_collapsed += s->w[i].shm_collapsed;
		m->checks += s->w[i].checks;
		m->exact += s->w[i].exact_checks;
	}
	mmk_pt_counters(s->m, ptc);
	m->policy = s->policy;
	m->ops = ops;
	m->secs = secs;
	m->fig[0] = c[OP_WRITE] + c[OP_BURST] * BURST + c[OP_WRITE_PINNED];
	m->fig[1] = c[OP_PIN];
	m->fig[2] = c[OP_DMA_WRITE] + c[OP_DMA_READ];
	m->fig[3] = c[OP_DONTNEED] + c[OP_FREE] + c[OP_PAGEOUT];
	m->fig[4] = c[OP_MPROTECT] + c[OP_MREMAP] + c[OP_REMAP];
	m->fig[5] = c[OP_FORK];
	m->fig[6] = c[OP_MIGRATE];
	m->fig[7] = c[OP_DAX_PIN];
	m->fig[8] = c[OP_UNBIND];
	m->fig[9] = collapsed;
	m->fig[10] = ptc[MMK_PTC_FREED_PTE];
	m->fig[11] = ptc[MMK_PTC_FAST];
	m->fig[12] = ptc[MMK_PTC_SLOW];
	m->fig[13] = c[OP_SHM_WRITE];
	m->fig[14] = c[OP_SHM_ZAP];
	m->fig[15] = shm_collapsed;
	m->full_checks = s->full_checks;
}

static void print_summary(const struct summary *m)
{
	const uint64_t *f = m->fig;

	printf("%s: %" PRIu64 " operations in %.2f s (%.0f ops/s), %" PRIu64
	       " values checked (%.0f%% exactly): %" PRIu64 " writes, %" PRIu64
	       " pins, %" PRIu64 " DMA, %" PRIu64 " zaps, %" PRIu64 " mprotect/"
	       "mremap/munmap, %" PRIu64 " forks, %" PRIu64 " migrations, %"
	       PRIu64 " DAX pins, %" PRIu64 " unbinds, %" PRIu64 " collapses; shared memory: %"
	       PRIu64 " writes, %" PRIu64 " zaps, %" PRIu64 " collapses; PTE tables freed %" PRIu64
	       " (fast %" PRIu64 ", slow %" PRIu64 "); %" PRIu64 " full checks\n",
	       mmk_policy_name(m->policy), m->ops, m->secs,
	       m->secs > 0 ? (double)m->ops / m->secs : 0.0, m->checks,
	       m->checks ? 100.0 * (double)m->exact / (double)m->checks : 0.0,
	       f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9], f[13],
	       f[14], f[15], f[10], f[11], f[12], m->full_checks);
	fflush(stdout);
}

static int setup(struct stress *s, const struct stress_opts *o, enum mmk_policy pol)
{
	struct mmk_config cfg;
	int rc;

	memset(s, 0, sizeof(*s));
	s->o = o;
	s->policy = pol;
	s->nthreads = o->threads;
	s->fail_thread = -1;
	pthread_mutex_init(&s->fail_lock, NULL);
	pthread_mutex_init(&s->dax_lock, NULL);
	for (int t = 0; t < NTABLES; t++)
		pthread_mutex_init(&s->table_lock[t], NULL);
	s->quota = o->ops ? (o->ops + o->threads - 1) / o->threads : UINT64_MAX;
	s->sh = calloc(NPAGES, sizeof(*s->sh));
	s->shm_val = calloc(SHM_PAGES, sizeof(*s->shm_val));
	s->w = calloc(o->threads, sizeof(*s->w));
	if (!s->sh || !s->shm_val || !s->w)
		return -ENOMEM;
	for (unsigned int i = 0; i < o->threads; i++) {
		struct worker *w = &s->w[i];
		uint64_t mix = o->seed ^ (0x5851f42d4c957f2dULL * (i + 1));

		w->s = s;
		w->id = i;
		w->rng = splitmix64(&mix);
		w->snap = calloc(NPAGES, sizeof(*w->snap));
		w->exact = calloc(NPAGES, sizeof(*w->exact));
		w->cwritten = calloc(NPAGES, sizeof(*w->cwritten));
		if (!w->snap || !w->exact || !w->cwritten)
			return -ENOMEM;
	}
	mmk_config_init(&cfg);
	cfg.ram_bytes = RAM_BYTES;
	cfg.ncpus = o->threads + 1;
	cfg.gather_pages = GATHER_PAGES;
	cfg.policy = pol;
	cfg.bugs = o->bugs;
	cfg.device_bytes = (1 + DAX_DEVICES) * DEVICE_SLOT;
	cfg.shmem_thp = MMK_THP_MADVISE;	/* shmem_enabled=advise */
	rc = mmk_machine_create(&cfg, &s->m);
	if (rc)
		return rc;
	mmk_set_checking(s->m, true);
	rc = mmk_device_create(s->m, MMK_DEVICE_PRIVATE, GPU_PAGES * MMK_PAGE_SIZE, 0, &s->gpu);
	if (rc)
		return rc;
	rc = mmk_mm_create(s->m, &s->mm);
	if (!rc)
		rc = mmk_mmap(s->mm, BASE, (uint64_t)NPAGES * MMK_PAGE_SIZE,
			      MMK_PROT_READ | MMK_PROT_WRITE, MMK_MAP_PRIVATE);
	if (!rc)
		rc = mmk_mmap(s->mm, SHM_BASE, (uint64_t)SHM_PAGES * MMK_PAGE_SIZE,
			      MMK_PROT_READ | MMK_PROT_WRITE, MMK_MAP_SHARED | MMK_MAP_HUGE);
	return rc ? rc : dax_map_new(s);
}

static void teardown(struct stress *s)
{
	if (s->mm)
		mmk_exit(s->mm);
	if (s->m)
		mmk_machine_destroy(s->m);
	for (unsigned int i = 0; s->w && i < s->nthreads; i++) {
		free(s->w[i].snap);
		free(s->w[i].exact);
		free(s->w[i].cwritten);
	}
	free(s->w);
	free(s->sh);
	free(s->shm_val);
	for (int t = 0; t < NTABLES; t++)
		pthread_mutex_destroy(&s->table_lock[t]);
	pthread_mutex_destroy(&s->fail_lock);
	pthread_mutex_destroy(&s->dax_lock);
}

/* Report the violation found in @s and exit 1. */
static _Noreturn void violation_exit(const struct stress_run *run,
				     const struct stress *s, double secs)
{
	print_violation(s, secs);
	fflush(stderr);
	if (run->json)
		print_json(run, s, secs);
	_exit(1);	/* the machine is not trusted to tear down */
}

/* Run one policy: 0, or 1 after printing a violation (then exits). */
static int run_policy(struct stress_run *run, enum mmk_policy pol, double budget,
		      uint64_t *ops_done)
{
	const struct stress_opts *o = run->o;
	struct stress *s = calloc(1, sizeof(*s));
	double t0, secs;
	int rc;

	if (!s) {
		fprintf(stderr, "mmkit: stress: out of memory\n");
		return 1;
	}
	rc = setup(s, o, pol);
	if (rc) {
		fprintf(stderr, "mmkit: stress: cannot set up the %s machine: %s\n",
			mmk_policy_name(pol), err_name(-rc));
		teardown(s);
		free(s);
		return 1;
	}
	t0 = clock_seconds();
	for (unsigned int i = 0; i < s->nthreads; i++) {
		rc = pthread_create(&s->w[i].tid, NULL, worker_main, &s->w[i]);
		if (rc) {
			fail(s, NULL, 0, "cannot start a thread: %s", strerror(rc));
			break;
		}
		s->w[i].created = true;
	}
	if (!wait_workers(s, budget, t0) || failed(s))
		violation_exit(run, s, clock_seconds() - t0);
	secs = clock_seconds() - t0;
	final_checks(s);
	if (!failed(s))
		final_leak_check(s);
	if (failed(s))
		violation_exit(run, s, secs);
	*ops_done = total_started(s);
	summarize(s, secs, *ops_done, &run->sum[run->n]);
	if (!run->json)
		print_summary(&run->sum[run->n]);
	run->n++;
	teardown(s);
	free(s);
	return 0;
}

/* ---- the command line ---- */

static void stress_help_print(FILE *f)
{
	fputs(stress_help, f);
}

/* 0, CLI_USAGE (printed) or CLI_HELP (help printed). */
static int parse_stress_args(int argc, char **argv, struct stress_opts *o, int *json,
			     int *merge, const char ***files, int *nfiles)
{
	bool seconds_set = false, seed_set = false;
	const char *shard = NULL;
	uint64_t threads = DEFAULT_THREADS;
	const struct cli_opt opts[] = {
		{ .name = "policy", .kind = CLI_POLICY_ALL, .dst = &o->policy },
		{ .name = "threads", .kind = CLI_COUNT, .dst = &threads,
		  .min = 1, .max = MAX_THREADS },
		{ .name = "seconds", .kind = CLI_SECONDS, .dst = &o->seconds,
		  .max = 1000000, .given = &seconds_set },
		{ .name = "ops", .kind = CLI_COUNT, .dst = &o->ops,
		  .min = 1, .max = UINT64_MAX / 2 },
		{ .name = "seed", .kind = CLI_COUNT, .dst = &o->seed,
		  .max = UINT64_MAX, .given = &seed_set },
		{ .name = "bug", .kind = CLI_BUG, .dst = &o->bugs },
		{ .name = "json", .kind = CLI_FLAG, .dst = json },
		{ .name = "shard", .kind = CLI_TEXT, .dst = &shard, .what = "I/N" },
		{ .name = "merge", .kind = CLI_FLAG, .dst = merge },
		{ .name = NULL },
	};
	const struct cli cli = { "stress", stress_help_print, opts, 0, 4096, NULL };
	const char **args;
	int nargs, rc;

	memset(o, 0, sizeof(*o));
	o->policy = MMK_POLICY_LINUX;
	o->seconds = DEFAULT_SECONDS;
	rc = cli_parse(&cli, argc, argv, &args, &nargs);
	if (rc)
		return rc;
	*files = args;
	*nfiles = nargs;
	if (!*merge && nargs)
		return cli_usage("stress", "unexpected argument `%s` (files only with --merge)",
				 args[0]);
	if (*merge && !nargs)
		return cli_usage("stress", "--merge needs the shards' --json files");
	if (*merge)
		return 0;
	o->threads = (unsigned int)threads;
	if (shard) {
		unsigned int i, n;

		if (cli_shard("stress", shard, &i, &n))
			return CLI_USAGE;
		if (!seed_set)
			return cli_usage("stress", "--shard needs --seed X: shard I runs seed X+I");
		o->shard_i = i;
		o->shard_n = n;
		o->seed += i;
	}
	if (seconds_set && o->ops)
		return cli_usage("stress", "give a time (--seconds) or a number of "
				 "operations (--ops), not both");
	if (!seed_set) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		o->seed = ((uint64_t)ts.tv_sec * 1000003u ^ (uint64_t)ts.tv_nsec ^
			   (uint64_t)getpid() << 20) % 1000000000u;
	}
	return 0;
}

int cmd_stress(int argc, char **argv)
{
	struct stress_opts o;
	struct stress_run run = { &o, 0, { { 0 } }, 0 };
	const char **files = NULL;
	int merge = 0, nfiles = 0, first, last;
	int rc = parse_stress_args(argc, argv, &o, &run.json, &merge, &files, &nfiles);
	uint64_t total = 0;

	if (rc) {
		free(files);
		return rc == CLI_HELP ? 0 : rc;
	}
	if (merge) {
		rc = stress_merge(files, nfiles, run.json);
		free(files);
		return rc;
	}
	free(files);
	first = o.policy < 0 ? 0 : o.policy;
	last = o.policy < 0 ? MMK_NR_POLICIES - 1 : o.policy;
	fprintf(stderr, "stress: seed %" PRIu64 "\n", o.seed);
	for (int p = first; p <= last; p++) {
		uint64_t ops = 0;

		if (run_policy(&run, (enum mmk_policy)p,
			       o.seconds / (double)(last - first + 1), &ops))
			return 1;
		total += ops;
	}
	fprintf(run.json ? stderr : stdout, "stress: no violation in %" PRIu64
		" operations (seed %" PRIu64 ")\n", total, o.seed);
	if (run.json)
		print_json(&run, NULL, 0);
	return 0;
}

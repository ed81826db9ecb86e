/* SPDX-License-Identifier: MIT */
/*
 * lab/stress.c - `mmkit stress`: random concurrent operations on one shared
 * address space, with the invariant checker on and every value checked
 * against a shadow copy (shared/spec/cli.md).
 *
 * The workload
 * ------------
 * One machine per policy (cpus = threads + 1, 512M of RAM, gather 8 so
 * zaps drop the PTL midway) and one mm with a 16 MiB private mapping at
 * 0x40000000: eight PTE tables that every thread uses, so the threads race
 * on the same tables.  Each thread is attached to its own CPU and runs a
 * pseudo-random mix of operations drawn from its own generator (splitmix64
 * seeded from the seed and the thread's index).  Every operation consumes
 * exactly three draws whatever happens, so a thread's operation sequence
 * is a function of the seed alone; only the interleaving is not.
 *
 * How values are checked
 * ----------------------
 * Page p belongs to thread p % threads: only its owner writes it (by CPU
 * or by DMA through its own pins).  A value names its page and a sequence
 * number, ((p + 1) << 40 | seq); values a fork child writes carry bit 63.
 * So a read of any page can always tell a value of another page, a child's
 * value leaking into the parent, or a value never written yet.
 *
 * Operations that may change what an address shows (MADV_DONTNEED and
 * MADV_FREE, mprotect cycles, mremap away and back, munmap+mmap) are
 * disturbances: around each the disturber bumps per-page begin and end
 * epochs.  An owner samples its page's epochs around what it does; if no
 * disturbance began or was running meanwhile, the outcome is determined
 * and checked exactly: a write must read back what it wrote; a page whose
 * last write was undisturbed and has not been disturbed since must still
 * hold it (at any later read, in a fork child, at the end).  Otherwise the
 * page may show zeros, its last CPU-written value, or a value DMA wrote
 * through one of its pins since, and nothing else.  MADV_PAGEOUT is not a
 * disturbance: it may only discard a lazily freed page nobody wrote since,
 * and the MADV_FREE before it was one.
 *
 * Pins.  Each thread holds up to four pins on its own pages (write or
 * read-only long-term, GUP-fast or slow) for many operations, DMA-writes
 * and -reads through them and unpins later (dirty after DMA writes).  A
 * pin keeps its page alive, so a DMA read always returns what was last put
 * there.  A pin taken while nothing disturbed the page is coherent until a
 * disturbance: the pinned page is the page the mapping shows (invariant 7).
 * Then a DMA write must be what the CPU reads, and a CPU write what the
 * device reads, also across forks by any thread (fork must copy pinned
 * pages for the child) and for read-only pins taken while a child shares
 * the page (GUP must unshare it first).  A read-only pin is coherent only
 * if the page was mapped (written, undisturbed) when it was taken: a pin
 * of the shared zero page legitimately stays behind.
 *
 * Fork.  A thread forks the shared mm and keeps the child for 1-64 of its
 * own operations, reading and writing some of the child's pages.  At the
 * fork it snapshots every page's sequence counter: the child may only see
 * zeros, its own writes, or values written before the fork returned; its
 * forker's own undisturbed pages exactly.  Right after the fork the forker
 * DMA-writes through its write pins and reads those pages in the child,
 * which must not see the DMA (the pinned page must have stayed the
 * parent's).
 *
 * Devices.  The machine has a device-private device of GPU_PAGES pages:
 * migrations of 1-16 pages (anyone's) to it and back are not
 * disturbances, since the data must follow the page exactly; pages
 * skipped (pinned, referenced, device full) stay where they are.  A CPU
 * access of a migrated page faults it back.  And a DAX device mapped at
 * DAX_BASE (4K devmap pages, no shadow: only its lifetime is checked):
 * threads pin its pages for a few operations while, now and then, one of
 * them tries to unbind it, which must fail (EBUSY) while any page is
 * pinned.  After an unbind succeeded the unbinder maps a new DAX device
 * there (DAX_DEVICES times at most), so unbinds keep racing with pins.
 * A pin may fail (EFAULT) while an unbind runs; the checker's invariant
 * 12 tells whether an unbind ever completed under a pin.
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
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <mmkit/mmkit.h>
#include <mmkit/explore.h>

#include "cli/cli.h"
#include "common/errname.h"
#include "lab/lab.h"

#define BASE 0x40000000ULL
#define NTABLES 8
#define TABLE_PAGES 512
#define NPAGES (NTABLES * TABLE_PAGES)
#define TABLE_BYTES ((uint64_t)TABLE_PAGES * MMK_PAGE_SIZE)
#define SCRATCH 0x100000000ULL	/* thread i's mremap landing table: + i * 2M */
#define RAM_BYTES (512ULL << 20)
#define GATHER_PAGES 8		/* zaps of more pages drop the PTL midway */
#define MAX_THREADS (MMK_MAX_CPUS - 1)
#define DEFAULT_THREADS 4
#define DEFAULT_SECONDS 10.0
#define NPINS 4			/* pins a thread holds at most */
#define NEXTRA 4		/* DMA values a page may show, beyond that: any */
#define RING 20			/* operations remembered per thread */
#define DESC_LEN 120
#define BURST 16		/* pages of a burst write */
#define CHILD_READS 4		/* child pages read right after a fork */
#define CHILD_HOLD 64		/* a child lives 1..CHILD_HOLD operations */
#define JOIN_GRACE 20.0		/* seconds to wait for threads after a failure */
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
#define CHECK_EVERY 0.1		/* seconds between periodic full checks */
#define PARK_WAIT 1.0		/* seconds to wait for every worker to park */
#define GPU_PAGES 64		/* the device-private device */
#define DAX_BASE 0x200000000ULL	/* the DAX mapping: one table of 4K devmap pages */
#define DAX_PAGES 64
#define DAX_BYTES ((uint64_t)DAX_PAGES * MMK_PAGE_SIZE)
#define DAX_HOLD 16		/* a DAX pin lives 1..DAX_HOLD operations */
#define DAX_DEVICES (MMK_MAX_DEVICES - 1)	/* unbinds that get a new device */
#define DEVICE_SLOT (4ULL << 20)	/* device window per device (2M aligned) */

#define SEQ_BITS 40
#define SEQ_MASK ((1ULL << SEQ_BITS) - 1)
#define CHILD_TAG (1ULL << 63)
#define NOT_EXACT UINT64_MAX

static const char stress_help[] =
	"usage: mmkit stress [--policy P|all] [--threads N]\n"
	"                    [--seconds S | --ops N] [--seed X] [--bug NAME]\n"
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
	"DAX device's pages racing its unbind.\n"
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
	"  --seed X     seed of the threads' operation streams (default: from\n"
	"               the clock); the same seed gives every thread the same\n"
	"               operations, the interleaving is up to the host\n"
	"  --bug NAME   switch a historical bug of policies.md back on\n"
	"               (repeatable); the run should then find a violation\n"
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

/* ---- options ------------------------------------------------------------- */

struct stress_opts {
	int policy;		/* CLI_ALL: each in turn */
	unsigned int threads;
	double seconds;		/* whole run; used when ops == 0 */
	uint64_t ops;		/* per policy, or 0 */
	uint64_t seed;
	uint64_t bugs;
};

/* ---- the operations ------------------------------------------------------- */

enum op_kind {
	OP_WRITE, OP_BURST, OP_READ, OP_GET, OP_PIN, OP_DMA_WRITE,
	OP_DMA_READ, OP_WRITE_PINNED, OP_UNPIN, OP_DONTNEED, OP_FREE,
	OP_PAGEOUT, OP_MPROTECT, OP_MREMAP, OP_REMAP, OP_FORK, OP_CHILD,
	OP_MIGRATE, OP_DAX_PIN, OP_UNBIND, NR_OP_KINDS,
};

/* Weights in per mille; they sum to 1000. */
static const unsigned int op_weight[NR_OP_KINDS] = {
	[OP_WRITE] = 240, [OP_BURST] = 50, [OP_READ] = 70, [OP_GET] = 30,
	[OP_PIN] = 70, [OP_DMA_WRITE] = 60, [OP_DMA_READ] = 30,
	[OP_WRITE_PINNED] = 70, [OP_UNPIN] = 35, [OP_DONTNEED] = 110,
	[OP_FREE] = 40, [OP_PAGEOUT] = 20, [OP_MPROTECT] = 20,
	[OP_MREMAP] = 15, [OP_REMAP] = 15, [OP_FORK] = 15, [OP_CHILD] = 50,
	[OP_MIGRATE] = 40, [OP_DAX_PIN] = 15, [OP_UNBIND] = 5,
};

/* ---- shared state ----------------------------------------------------------- */

/*
 * One page of the shared mapping.  The epochs and the sequence counter are
 * shared; the rest is written by the page's owner only (and read by the
 * main thread after the workers were joined).
 */
struct shadow {
	atomic_uint_fast64_t db, de;	/* disturbances begun / ended */
	atomic_uint_fast64_t seq;	/* writes started (CPU or DMA) */
	uint64_t last_v;	/* the latest write's value */
	uint64_t last_db;	/* db when it started */
	bool last_ok;		/* it succeeded with no disturbance running */
	uint64_t last_written;	/* the latest value a CPU write stored */
	/* values DMA wrote through pins since: the mapping may show them */
	uint64_t extra[NEXTRA], extra_pin[NEXTRA];
	unsigned int nextra;
	bool any_own;		/* more than NEXTRA: any value of the page */
};

struct pin {
	struct page *page;	/* NULL: slot free */
	uint64_t p;		/* page index */
	uint64_t id;
	uint64_t op;		/* operation that took it */
	bool write, fast, longterm;
	bool coh;		/* taken undisturbed: the page the mapping shows */
	uint64_t b0;		/* db of the page then */
	bool known;		/* the pinned page holds val */
	uint64_t val;
	bool dma_written;	/* unpin dirty */
};

struct stress;

struct worker {
	struct stress *s;
	unsigned int id;
	pthread_t tid;
	bool created;
	uint64_t rng;
	uint64_t nops;			/* the operation being run */
	uint64_t last_page;		/* the page op_write stored to last (+1; 0 none) */
	atomic_uint_fast64_t started;	/* operations started */
	atomic_int finished;
	struct pin pins[NPINS];
	uint64_t pin_ids;
	struct page *dax_pin;	/* a pinned DAX page, or NULL */
	uint64_t dax_left;	/* operations until it is unpinned */
	struct mm_struct *child;
	uint64_t child_left, child_seq, child_op;
	uint64_t *snap;		/* per page: seq when the child was forked */
	uint64_t *exact;	/* per page: what the child must show, or NOT_EXACT */
	uint64_t *cwritten;	/* per page: what the child wrote, or 0 */
	uint64_t counts[NR_OP_KINDS];
	uint64_t checks, exact_checks;	/* values checked; of them exactly */
	char ring[RING][DESC_LEN];
};

struct stress {
	const struct stress_opts *o;
	enum mmk_policy policy;
	struct mmk_machine *m;
	struct mm_struct *mm;
	struct shadow *sh;
	struct mmk_device *gpu, *dax;	/* dax: guarded by dax_lock */
	atomic_uint_fast64_t hot;	/* a page some worker just stored to */
	atomic_int dax_pins;		/* workers holding a DAX pin now */
	pthread_mutex_t dax_lock;	/* one unbind and remap at a time */
	unsigned int dax_made;		/* DAX devices created */
	unsigned int nthreads;
	uint64_t quota;		/* operations per thread */
	pthread_mutex_t table_lock[NTABLES];	/* one structural change per table */
	struct worker *w;
	atomic_int stop;
	/* periodic full checks: workers park between operations */
	atomic_int pause;	/* set by the checking thread */
	atomic_int parked;	/* workers parked now */
	uint64_t full_checks;	/* periodic mmk_check() runs completed */
	/* the first failure */
	pthread_mutex_t fail_lock;
	atomic_int failed;
	char fail_what[512];
	uint64_t fail_addr;
	int fail_thread;	/* -1: the final check, -2: a periodic one */
	bool fail_polled;	/* the checker's, noticed after fail_desc */
	char fail_desc[DESC_LEN];
};

/* ---- small helpers ------------------------------------------------------------- */

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* splitmix64: each thread's stream is fixed by its seed. */
static uint64_t draw(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t page_addr(uint64_t p)
{
	return BASE + p * MMK_PAGE_SIZE;
}

static uint64_t mkval(uint64_t p, uint64_t seq)
{
	return (p + 1) << SEQ_BITS | (seq & SEQ_MASK);
}

static uint64_t val_page(uint64_t v)
{
	return ((v & ~CHILD_TAG) >> SEQ_BITS) - 1;
}

static const char *len_text(uint64_t len, char *buf, size_t size)
{
	if (!(len % TABLE_BYTES))
		snprintf(buf, size, "%" PRIu64 "M", len >> 20);
	else
		snprintf(buf, size, "%" PRIu64 "K", len >> 10);
	return buf;
}

static const char *errtext(int ret)
{
	return ret ? err_name(-ret) : "ok";
}

static unsigned int owner(const struct stress *s, uint64_t p)
{
	return (unsigned int)(p % s->nthreads);
}

/* The @x-th page (mod their number) that thread @w owns. */
static uint64_t own_page(const struct worker *w, uint64_t x)
{
	uint64_t n = (NPAGES - w->id + w->s->nthreads - 1) / w->s->nthreads;

	return w->id + (x % n) * w->s->nthreads;
}

/* A fresh value for page @p: its owner is about to write it. */
static uint64_t new_value(struct stress *s, uint64_t p)
{
	return mkval(p, atomic_fetch_add(&s->sh[p].seq, 1) + 1);
}

/* Could page @p show @v at all: zero or a value its owner wrote? */
static bool plausible(struct stress *s, uint64_t p, uint64_t v)
{
	uint64_t seq = v & SEQ_MASK;

	if (!v)
		return true;
	return !(v & CHILD_TAG) && val_page(v) == p && seq >= 1 &&
	       seq <= atomic_load(&s->sh[p].seq);
}

/* What an owner's page may show when a disturbance made it undetermined. */
static bool own_acceptable(struct stress *s, uint64_t p, uint64_t v)
{
	const struct shadow *sh = &s->sh[p];

	if (!v || v == sh->last_written)
		return true;
	for (unsigned int i = 0; i < sh->nextra; i++)
		if (sh->extra[i] == v)
			return true;
	return sh->any_own && plausible(s, p, v);
}

static void add_extra(struct shadow *sh, uint64_t pin_id, uint64_t v)
{
	for (unsigned int i = 0; i < sh->nextra; i++)
		if (sh->extra_pin[i] == pin_id) {
			sh->extra[i] = v;
			return;
		}
	if (sh->nextra == NEXTRA) {
		sh->any_own = true;
		return;
	}
	sh->extra_pin[sh->nextra] = pin_id;
	sh->extra[sh->nextra++] = v;
}

/* A CPU write stored @v: the mapping shows that page now. */
static void note_written(struct shadow *sh, uint64_t v)
{
	sh->last_written = v;
	sh->nextra = 0;
	sh->any_own = false;
}

static void disturb(struct stress *s, uint64_t start, uint64_t len, bool end)
{
	uint64_t p = (start - BASE) / MMK_PAGE_SIZE, last = p + len / MMK_PAGE_SIZE;

	for (; p < last; p++)
		atomic_fetch_add(end ? &s->sh[p].de : &s->sh[p].db, 1);
}

/* ---- the operation log and failures ------------------------------------------- */

static void __attribute__((format(printf, 2, 3)))
note(struct worker *w, const char *fmt, ...)
{
	char *d = w->ring[w->nops % RING];
	int n = snprintf(d, DESC_LEN, "T%u #%" PRIu64 " ", w->id, w->nops);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(d + n, DESC_LEN - (size_t)n, fmt, ap);
	va_end(ap);
}

static void __attribute__((format(printf, 2, 3)))
note_more(struct worker *w, const char *fmt, ...)
{
	char *d = w->ring[w->nops % RING];
	size_t n = strlen(d);
	va_list ap;

	if (n + 1 >= DESC_LEN)
		return;
	va_start(ap, fmt);
	vsnprintf(d + n, DESC_LEN - n, fmt, ap);
	va_end(ap);
}

/*
 * Record the first failure (@w NULL: the final check) and stop the run.
 * @polled: a violation the continuous checks recorded, which @w only
 * noticed after its operation.
 */
static void __attribute__((format(printf, 5, 6)))
fail_record(struct stress *s, struct worker *w, uint64_t addr, bool polled,
	    const char *fmt, ...)
{
	pthread_mutex_lock(&s->fail_lock);
	if (!atomic_load(&s->failed)) {
		va_list ap;

		va_start(ap, fmt);
		vsnprintf(s->fail_what, sizeof(s->fail_what), fmt, ap);
		va_end(ap);
		s->fail_addr = addr;
		s->fail_thread = w ? (int)w->id : s->fail_thread;
		s->fail_polled = polled;
		if (w)
			memcpy(s->fail_desc, w->ring[w->nops % RING], DESC_LEN);
		atomic_store(&s->failed, 1);
	}
	pthread_mutex_unlock(&s->fail_lock);
	atomic_store(&s->stop, 1);
}

#define fail(s, w, addr, ...) fail_record(s, w, addr, false, __VA_ARGS__)

static bool failed(struct stress *s)
{
	return atomic_load_explicit(&s->failed, memory_order_relaxed);
}

/* A library call failed with an error nothing explains. */
static void fail_op(struct stress *s, struct worker *w, uint64_t addr,
		    const char *what, int ret)
{
	fail(s, w, addr, "%s at %#" PRIx64 " failed: %s (nothing running could "
	     "cause that)", what, addr, err_name(-ret));
}

/* ---- writes and reads by the owner ------------------------------------------- */

static void count_check(struct worker *w, bool exact)
{
	w->checks++;
	w->exact_checks += exact;
}

static bool pin_coherent(struct stress *s, const struct pin *pin)
{
	return pin->coh && atomic_load(&s->sh[pin->p].db) == pin->b0;
}

struct wres {
	int wr;			/* the write's result */
	uint64_t v;
	bool quiet;		/* no disturbance began or ran meanwhile */
};

/*
 * The owner writes a fresh value into its page @p and reads it back: exact
 * if undisturbed, else it may read zeros, what it wrote, or what the page
 * showed before.  Updates the shadow and the pins of @p.
 */
static void write_page(struct worker *w, uint64_t p, struct wres *res)
{
	struct stress *s = w->s;
	struct shadow *sh = &s->sh[p];
	uint64_t addr = page_addr(p), v = new_value(s, p), got = 0;
	uint64_t b0 = atomic_load(&sh->db), e0 = atomic_load(&sh->de);
	int wr = mmk_access(s->mm, addr, &v, sizeof(v), 1);
	int rd = mmk_access(s->mm, addr, &got, sizeof(got), 0);
	bool quiet = b0 == e0 && atomic_load(&sh->db) == b0;

	res->wr = wr;
	res->v = v;
	res->quiet = quiet;
	count_check(w, quiet);
	if (wr && wr != -MMK_SIGSEGV) {
		fail_op(s, w, addr, "write", wr);
		return;
	}
	if (rd && rd != -MMK_SIGSEGV) {
		fail_op(s, w, addr, "read", rd);
		return;
	}
	if (quiet && (wr || rd)) {
		fail(s, w, addr, "invariant 10: the %s of %#" PRIx64 " raised "
		     "SIGSEGV while nothing unmapped or protected it",
		     wr ? "write" : "read back", addr);
		return;
	}
	if (quiet && got != v) {
		fail(s, w, addr, "invariant 10: wrote %#" PRIx64 " to %#" PRIx64
		     " and read back %#" PRIx64 " with nothing disturbing "
		     "the page: the write was lost", v, addr, got);
		return;
	}
	if (!rd && got != v && !own_acceptable(s, p, got)) {
		fail(s, w, addr, "invariant 10: wrote %#" PRIx64 " to %#" PRIx64
		     " and read back %#" PRIx64 ", neither zeros, nor that, "
		     "nor the value written before (%#" PRIx64 ")", v, addr,
		     got, sh->last_written);
		return;
	}
	sh->last_v = v;
	sh->last_db = b0;
	sh->last_ok = !wr && b0 == e0;
	if (wr)
		return;
	note_written(sh, v);
	for (int k = 0; k < NPINS; k++) {
		struct pin *pin = &w->pins[k];

		if (!pin->page || pin->p != p)
			continue;
		/* Undisturbed, the write went into the pinned page. */
		pin->known = quiet && pin_coherent(s, pin);
		pin->val = v;
	}
}

/* Read page @p; exact if its owner (us) wrote it and nothing disturbed it since. */
static void read_page(struct worker *w, uint64_t p)
{
	struct stress *s = w->s;
	struct shadow *sh = &s->sh[p];
	uint64_t addr = page_addr(p), got = 0;
	uint64_t b0 = atomic_load(&sh->db), e0 = atomic_load(&sh->de);
	int rd = mmk_access(s->mm, addr, &got, sizeof(got), 0);
	bool quiet = b0 == e0 && atomic_load(&sh->db) == b0;
	bool mine = owner(s, p) == w->id;
	bool exact = mine && quiet && sh->last_ok && sh->last_db == b0;

	note_more(w, " -> %s %#" PRIx64, errtext(rd), got);
	count_check(w, exact);
	if (rd && rd != -MMK_SIGSEGV) {
		fail_op(s, w, addr, "read", rd);
		return;
	}
	if (rd && exact) {
		fail(s, w, addr, "invariant 10: reading %#" PRIx64 " raised "
		     "SIGSEGV while nothing unmapped or protected it", addr);
		return;
	}
	if (rd)
		return;
	if (exact && got != sh->last_v) {
		fail(s, w, addr, "invariant 10: %#" PRIx64 " reads %#" PRIx64
		     ", but %#" PRIx64 " was written there and nothing "
		     "disturbed the page since: the write was lost", addr,
		     got, sh->last_v);
		return;
	}
	if (mine ? !own_acceptable(s, p, got) : !plausible(s, p, got)) {
		fail(s, w, addr, "invariant 10: %#" PRIx64 " reads %#" PRIx64
		     ", a value %s", addr, got,
		     (got & CHILD_TAG) ? "a fork child wrote" :
		     val_page(got) != p ? "of another page" :
		     "never written there, or overwritten since");
		return;
	}
}

/* ---- operations on the shared mm ---------------------------------------------- */

/*
 * A quarter of the writes go to the page written last (locality, and a
 * TLB entry still warm: what a migration racing the write must flush).
 */
static void op_write(struct worker *w, uint64_t a)
{
	uint64_t p = (a & 3) == 0 && w->last_page ? w->last_page - 1 : own_page(w, a);
	struct wres res;

	w->last_page = p + 1;
	atomic_store_explicit(&w->s->hot, p, memory_order_relaxed);
	note(w, "write %#" PRIx64, page_addr(p));
	write_page(w, p, &res);
	note_more(w, " %#" PRIx64 " -> %s", res.v, errtext(res.wr));
}

/* Several consecutive own pages of one table: fills tables for the zaps. */
static void op_burst(struct worker *w, uint64_t a, uint64_t b)
{
	struct stress *s = w->s;
	uint64_t t = a % NTABLES, T = s->nthreads;
	uint64_t lo = t * TABLE_PAGES, hi = lo + TABLE_PAGES;
	uint64_t k_lo = lo > w->id ? (lo - w->id + T - 1) / T : 0;
	uint64_t k_hi = (hi - 1 - w->id) / T, n = k_hi - k_lo + 1;
	uint64_t first = k_lo + b % n;
	struct wres res;

	note(w, "burst %d writes from %#" PRIx64, BURST, page_addr(w->id + first * T));
	for (int i = 0; i < BURST && !failed(s); i++)
		write_page(w, w->id + (k_lo + (first - k_lo + (uint64_t)i) % n) * T, &res);
}

static void op_read(struct worker *w, uint64_t a)
{
	uint64_t p = a % NPAGES;

	note(w, "read %#" PRIx64 " (T%u's)", page_addr(p), owner(w->s, p));
	read_page(w, p);
}

/* A FOLL_GET reference: the device reads what the address showed. */
static void op_get(struct worker *w, uint64_t a, uint64_t b)
{
	struct stress *s = w->s;
	uint64_t p = a % NPAGES, addr = page_addr(p), d = 0;
	struct shadow *sh = &s->sh[p];
	bool fast = b & 1, mine = owner(s, p) == w->id;
	struct page *pg = NULL;
	uint64_t b0 = atomic_load(&sh->db), e0 = atomic_load(&sh->de);
	long ret = fast ? mmk_get_user_pages_fast(s->mm, addr, 1, 0, &pg)
			: mmk_get_user_pages(s->mm, addr, 1, 0, &pg);
	bool quiet = b0 == e0 && atomic_load(&sh->db) == b0;

	note(w, "get%s %#" PRIx64 " -> %ld", fast ? "-fast" : "", addr, ret);
	if (ret != 1) {
		if (ret == 0 || (ret != -EFAULT) || quiet)
			fail_op(s, w, addr, fast ? "get_user_pages_fast" :
				"get_user_pages", ret ? (int)ret : -EIO);
		return;
	}
	mmk_dma_read(s->m, pg, 0, &d, sizeof(d));
	mmk_put_page(s->m, pg);
	note_more(w, " dma %#" PRIx64, d);
	if (mine && quiet && sh->last_ok && sh->last_db == b0 && d != sh->last_v) {
		fail(s, w, addr, "invariant 10: a GET reference on %#" PRIx64
		     " reads %#" PRIx64 " by DMA, but the mapping holds %#"
		     PRIx64 " and nothing disturbed it", addr, d, sh->last_v);
		return;
	}
	if (mine ? !own_acceptable(s, p, d) : !plausible(s, p, d))
		fail(s, w, addr, "invariant 10: a GET reference on %#" PRIx64 " reads "
		     "%#" PRIx64 " by DMA, which %#" PRIx64 " never held", addr, d,
		     addr);
}

static const char *pin_text(const struct pin *pin, char *buf, size_t size)
{
	snprintf(buf, size, "%s%s pin by %s at #%" PRIu64,
		 pin->write ? "write" : "read-only",
		 pin->longterm ? " long-term" : "",
		 pin->fast ? "GUP-fast" : "GUP", pin->op);
	return buf;
}

/* The device reads through @pin: what it last put there, or a value of the page. */
static void check_pin_content(struct worker *w, struct pin *pin, const char *when)
{
	struct stress *s = w->s;
	uint64_t d = 0, addr = page_addr(pin->p);
	char pt[96];

	mmk_dma_read(s->m, pin->page, 0, &d, sizeof(d));
	note_more(w, " dma %#" PRIx64, d);
	count_check(w, pin->known);
	if (pin->known && d != pin->val) {
		fail(s, w, addr, "invariant 7: %s, the %s of %#" PRIx64
		     " holds %#" PRIx64 ", not %#" PRIx64 "%s", when,
		     pin_text(pin, pt, sizeof(pt)), addr, d, pin->val,
		     pin_coherent(s, pin) ? " (nothing disturbed the page "
		     "since the pin: the pinned page is no longer the one "
		     "the mapping shows)" : "");
		return;
	}
	if (!pin->known && !plausible(s, pin->p, d))
		fail(s, w, addr, "invariant 7: %s, the %s of %#" PRIx64 " holds %#"
		     PRIx64 ", never written to that page", when,
		     pin_text(pin, pt, sizeof(pt)), addr, d);
}

static void unpin(struct worker *w, struct pin *pin, bool dirty)
{
	struct page *pg = pin->page;

	if (pin->dma_written || dirty)
		mmk_unpin_user_pages_dirty_lock(w->s->m, &pg, 1, true);
	else
		mmk_unpin_user_pages(w->s->m, &pg, 1);
	pin->page = NULL;
}

static void op_pin(struct worker *w, uint64_t a, uint64_t b)
{
	struct stress *s = w->s;
	struct pin *pin = &w->pins[a % NPINS];
	uint64_t p = own_page(w, b >> 8), addr = page_addr(p);
	struct shadow *sh = &s->sh[p];
	bool write = b & 1, fast = b & 2, longterm = !write || (b & 4);
	unsigned int flags = (write ? MMK_FOLL_WRITE : 0) |
			     (longterm ? MMK_FOLL_LONGTERM : 0);
	struct page *pg = NULL;
	uint64_t b0, e0;
	bool quiet;
	long ret;

	note(w, "pin%s %#" PRIx64 " %s%s", fast ? "-fast" : "", addr,
	     write ? "write" : "read-only", longterm ? " long-term" : "");
	if (pin->page) {
		note_more(w, " (unpin #%" PRIu64 ")", pin->op);
		unpin(w, pin, false);
	}
	for (int k = 0; k < NPINS; k++)
		if (w->pins[k].page && w->pins[k].p == p) {
			note_more(w, ": pinned already");
			return;
		}
	b0 = atomic_load(&sh->db);
	e0 = atomic_load(&sh->de);
	ret = fast ? mmk_pin_user_pages_fast(s->mm, addr, 1, flags, &pg)
		   : mmk_pin_user_pages(s->mm, addr, 1, flags, &pg);
	quiet = b0 == e0 && atomic_load(&sh->db) == b0;
	note_more(w, " -> %ld", ret);
	if (ret != 1) {
		if (ret == 0 || ret != -EFAULT || quiet)
			fail_op(s, w, addr, fast ? "pin_user_pages_fast" :
				"pin_user_pages", ret ? (int)ret : -EIO);
		return;
	}
	*pin = (struct pin){
		.page = pg, .p = p, .id = ++w->pin_ids, .op = w->nops,
		.write = write, .fast = fast, .longterm = longterm, .b0 = b0,
	};
	/* A read-only pin of an unwritten page may be the zero page: not coherent. */
	pin->coh = quiet && (write || (sh->last_ok && sh->last_db == b0));
	pin->known = quiet && sh->last_ok && sh->last_db == b0;
	pin->val = sh->last_v;
	check_pin_content(w, pin, "just taken");
}

/*
 * The device writes a fresh value through write pin @pin: it must read it
 * back, and if the pin is coherent the CPU must read it too.
 */
static void dma_write_pin(struct worker *w, struct pin *pin)
{
	struct stress *s = w->s;
	struct shadow *sh = &s->sh[pin->p];
	uint64_t addr = page_addr(pin->p), v = new_value(s, pin->p), d = 0, got = 0;
	int rd;
	char pt[96];

	mmk_dma_write(s->m, pin->page, 0, &v, sizeof(v));
	mmk_dma_read(s->m, pin->page, 0, &d, sizeof(d));
	rd = mmk_access(s->mm, addr, &got, sizeof(got), 0);
	note_more(w, " dma-write %#" PRIx64 ", cpu %s %#" PRIx64, v, errtext(rd), got);
	if (d != v) {
		fail(s, w, addr, "invariant 8: the device wrote %#" PRIx64
		     " through the %s of %#" PRIx64 " and read back %#"
		     PRIx64 ": the pinned page changed under the pin", v,
		     pin_text(pin, pt, sizeof(pt)), addr, d);
		return;
	}
	if (rd && rd != -MMK_SIGSEGV) {
		fail_op(s, w, addr, "read", rd);
		return;
	}
	pin->known = true;
	pin->val = v;
	pin->dma_written = true;
	if (pin_coherent(s, pin)) {
		if (rd || got != v) {
			fail(s, w, addr, "invariant 7: the device wrote %#"
			     PRIx64 " through the %s of %#" PRIx64 ", but "
			     "the CPU reads %s %#" PRIx64 " there, and nothing "
			     "disturbed the page since the pin: the mapping no "
			     "longer shows the pinned page", v,
			     pin_text(pin, pt, sizeof(pt)), addr,
			     rd ? "SIGSEGV," : "", got);
			return;
		}
		sh->last_v = v;
		sh->last_ok = true;
		sh->last_db = pin->b0;
		note_written(sh, v);
		return;
	}
	add_extra(sh, pin->id, v);
	sh->last_ok = false;
	if (!rd && !own_acceptable(s, pin->p, got))
		fail(s, w, addr, "invariant 10: after a DMA write of %#" PRIx64
		     " through a pin, %#" PRIx64 " reads %#" PRIx64 ", never a value "
		     "of that address", v, addr, got);
}

static void op_dma_write(struct worker *w, uint64_t a)
{
	struct pin *pin = &w->pins[a % NPINS];

	if (!pin->page || !pin->write) {
		note(w, "dma-write slot %u: %s", (unsigned int)(a % NPINS),
		     pin->page ? "read-only pin" : "no pin");
		return;
	}
	note(w, "dma-write %#" PRIx64 " (pin #%" PRIu64 ")", page_addr(pin->p), pin->op);
	dma_write_pin(w, pin);
}

static void op_dma_read(struct worker *w, uint64_t a)
{
	struct pin *pin = &w->pins[a % NPINS];

	if (!pin->page) {
		note(w, "dma-read slot %u: no pin", (unsigned int)(a % NPINS));
		return;
	}
	note(w, "dma-read %#" PRIx64 " (pin #%" PRIu64 ")", page_addr(pin->p), pin->op);
	check_pin_content(w, pin, "read by the device");
}

/* The CPU writes a pinned page; a coherent pin must show the write. */
static void op_write_pinned(struct worker *w, uint64_t a)
{
	struct pin *pin = &w->pins[a % NPINS];
	struct wres res;

	if (!pin->page) {
		note(w, "write-pinned slot %u: no pin", (unsigned int)(a % NPINS));
		return;
	}
	note(w, "write-pinned %#" PRIx64 " (pin #%" PRIu64 ")", page_addr(pin->p),
	     pin->op);
	write_page(w, pin->p, &res);
	note_more(w, " %#" PRIx64 " -> %s", res.v, errtext(res.wr));
	if (failed(w->s) || res.wr)
		return;
	check_pin_content(w, pin, "after the CPU wrote the page");
}

static void op_unpin(struct worker *w, uint64_t a, uint64_t b)
{
	struct pin *pin = &w->pins[a % NPINS];

	if (!pin->page) {
		note(w, "unpin slot %u: no pin", (unsigned int)(a % NPINS));
		return;
	}
	note(w, "unpin %#" PRIx64 " (pin #%" PRIu64 ")%s", page_addr(pin->p), pin->op,
	     pin->dma_written || (b & 1) ? " dirty" : "");
	unpin(w, pin, b & 1);
}

/* A range of 4K, 64K, 256K or a whole table, aligned. */
static void pick_range(uint64_t a, uint64_t *start, uint64_t *len)
{
	static const uint64_t pages[] = { 1, 16, 64, TABLE_PAGES };
	uint64_t n = pages[a % 4];

	*len = n * MMK_PAGE_SIZE;
	*start = BASE + ((a >> 8) % (NPAGES / n)) * *len;
}

static void op_madvise(struct worker *w, uint64_t a, int advice)
{
	struct stress *s = w->s;
	const char *name = advice == MMK_MADV_DONTNEED ? "dontneed" :
			   advice == MMK_MADV_FREE ? "free" : "pageout";
	bool disturbs = advice != MMK_MADV_PAGEOUT;
	uint64_t start, len;
	char lt[24];
	int ret;

	pick_range(a, &start, &len);
	note(w, "madvise %#" PRIx64 " %s %s", start, len_text(len, lt, sizeof(lt)), name);
	if (disturbs)
		disturb(s, start, len, false);
	ret = mmk_madvise(s->mm, start, len, advice);
	if (disturbs)
		disturb(s, start, len, true);
	note_more(w, " -> %s", errtext(ret));
	/* -ENOMEM: a concurrent munmap or mremap left a hole */
	if (ret && ret != -ENOMEM)
		fail_op(s, w, start, "madvise", ret);
}

static void op_mprotect(struct worker *w, uint64_t a, uint64_t b)
{
	struct stress *s = w->s;
	uint64_t t = a % NTABLES, start = BASE + t * TABLE_BYTES, len = TABLE_BYTES;
	char lt[24];
	int r1, r2;

	if (b & 1) {
		len = 64 * MMK_PAGE_SIZE;
		start += ((b >> 1) % (TABLE_PAGES / 64)) * len;
	}
	note(w, "mprotect %#" PRIx64 " %s r, then rw", start, len_text(len, lt, sizeof(lt)));
	pthread_mutex_lock(&s->table_lock[t]);
	disturb(s, start, len, false);
	r1 = mmk_mprotect(s->mm, start, len, MMK_PROT_READ);
	r2 = mmk_mprotect(s->mm, start, len, MMK_PROT_READ | MMK_PROT_WRITE);
	disturb(s, start, len, true);
	pthread_mutex_unlock(&s->table_lock[t]);
	note_more(w, " -> %s, %s", errtext(r1), errtext(r2));
	if (r1 || r2)
		fail_op(s, w, start, "mprotect", r1 ? r1 : r2);
}

/* Move a whole table away (to this thread's scratch table) and back. */
static void op_mremap(struct worker *w, uint64_t a)
{
	struct stress *s = w->s;
	uint64_t t = a % NTABLES, start = BASE + t * TABLE_BYTES;
	uint64_t scratch = SCRATCH + w->id * TABLE_BYTES;
	int r1, r2 = 0;

	note(w, "mremap %#" PRIx64 " 2M to %#" PRIx64 " and back", start, scratch);
	pthread_mutex_lock(&s->table_lock[t]);
	disturb(s, start, TABLE_BYTES, false);
	r1 = mmk_mremap(s->mm, start, TABLE_BYTES, scratch, TABLE_BYTES, 0);
	if (!r1)
		r2 = mmk_mremap(s->mm, scratch, TABLE_BYTES, start, TABLE_BYTES, 0);
	disturb(s, start, TABLE_BYTES, true);
	pthread_mutex_unlock(&s->table_lock[t]);
	note_more(w, " -> %s, %s", errtext(r1), errtext(r2));
	/* -EFAULT: the table spans two VMAs (an mprotect split them) */
	if (r1 && r1 != -EFAULT)
		fail_op(s, w, start, "mremap away", r1);
	else if (r2)
		fail_op(s, w, scratch, "mremap back", r2);
}

static void op_remap(struct worker *w, uint64_t a)
{
	struct stress *s = w->s;
	uint64_t t = a % NTABLES, start = BASE + t * TABLE_BYTES;
	int r1, r2;

	note(w, "munmap %#" PRIx64 " 2M, mmap it again", start);
	pthread_mutex_lock(&s->table_lock[t]);
	disturb(s, start, TABLE_BYTES, false);
	r1 = mmk_munmap(s->mm, start, TABLE_BYTES);
	r2 = mmk_mmap(s->mm, start, TABLE_BYTES, MMK_PROT_READ | MMK_PROT_WRITE,
		      MMK_MAP_PRIVATE);
	disturb(s, start, TABLE_BYTES, true);
	pthread_mutex_unlock(&s->table_lock[t]);
	note_more(w, " -> %s, %s", errtext(r1), errtext(r2));
	if (r1 || r2)
		fail_op(s, w, start, r1 ? "munmap" : "mmap", r1 ? r1 : r2);
}

/* ---- devices ------------------------------------------------------------------------ */

/*
 * Migrate 1, 4 or 16 pages (anyone's) to the device-private device, back
 * to RAM, or both in a row (a round trip: the device has only GPU_PAGES
 * pages, and pages nobody touches would otherwise fill it for good).  Not
 * a disturbance: every value must follow its page, so the owners' exact
 * checks hold across it.
 */
static void op_migrate(struct worker *w, uint64_t a, uint64_t b)
{
	static const uint64_t sizes[] = { 1, 4, 16 };
	static const char *const how[] = { "to the device", "to ram", "there and back",
					   "there and back" };
	struct stress *s = w->s;
	uint64_t n = sizes[a % 3];
	/* Half the time around a page a worker just wrote: it may write it again. */
	uint64_t hot = atomic_load_explicit(&s->hot, memory_order_relaxed) / n;
	uint64_t start = BASE + ((a & 0x80) ? hot : (a >> 8) % (NPAGES / n)) * n * MMK_PAGE_SIZE;
	unsigned long there = 0, back = 0;
	int r1 = 0, r2 = 0;

	note(w, "migrate %#" PRIx64 " %" PRIu64 " pages %s", start, n, how[b % 4]);
	if (b % 4 != 1)
		r1 = mmk_migrate_to_device(s->mm, start, (unsigned long)n, s->gpu, &there);
	if (b % 4 != 0)
		r2 = mmk_migrate_to_ram(s->mm, start, (unsigned long)n, &back);
	note_more(w, " -> %s %lu, %s %lu", errtext(r1), there, errtext(r2), back);
	/*
	 * -ENOMEM: the device is full; -EINVAL: the range is not inside one
	 * VMA (an mprotect split it, or a munmap left a hole for a moment).
	 */
	if (r1 && r1 != -ENOMEM && r1 != -EINVAL)
		fail_op(s, w, start, "migrate to the device", r1);
	else if (r2 && r2 != -ENOMEM && r2 != -EINVAL)
		fail_op(s, w, start, "migrate to ram", r2);
}

static void dax_unpin(struct worker *w)
{
	mmk_unpin_user_pages(w->s->m, &w->dax_pin, 1);
	w->dax_pin = NULL;
	atomic_fetch_sub(&w->s->dax_pins, 1);
}

/* Pin a DAX page for 1..DAX_HOLD operations (the previous pin goes). */
static void op_dax_pin(struct worker *w, uint64_t a, uint64_t b)
{
	struct stress *s = w->s;
	uint64_t addr = DAX_BASE + (a % DAX_PAGES) * MMK_PAGE_SIZE;
	bool fast = b & 1;
	struct page *pg = NULL;
	long ret;

	note(w, "dax pin%s %#" PRIx64, fast ? "-fast" : "", addr);
	if (w->dax_pin)
		dax_unpin(w);
	ret = fast ? mmk_pin_user_pages_fast(s->mm, addr, 1, MMK_FOLL_WRITE, &pg)
		   : mmk_pin_user_pages(s->mm, addr, 1, MMK_FOLL_WRITE, &pg);
	note_more(w, " -> %ld", ret);
	if (ret == 1) {
		w->dax_pin = pg;
		w->dax_left = 1 + (b >> 8) % DAX_HOLD;
		atomic_fetch_add(&s->dax_pins, 1);
	} else if (ret != -EFAULT) {	/* EFAULT: an unbind runs or ran */
		fail_op(s, w, addr, "pin of a DAX page", ret ? (int)ret : -EIO);
	}
}

/* A new DAX device mapped at DAX_BASE, replacing the unbound one's VMA. */
static int dax_map_new(struct stress *s)
{
	int rc = mmk_device_create(s->m, MMK_DEVICE_DAX, DAX_BYTES, MMK_PAGE_SIZE, &s->dax);

	if (rc)
		return rc;
	s->dax_made++;
	return mmk_mmap_device(s->mm, DAX_BASE, DAX_BYTES, MMK_PROT_READ | MMK_PROT_WRITE,
			       s->dax, 0);
}

/*
 * Unbind the DAX device: EBUSY while any of its pages is pinned.  Once it
 * succeeds the unbinder maps a new device in its place, so later unbinds
 * race with pins again.  Whether an unbind completed under a pin is the
 * checker's to say (invariant 12).
 */
static void op_unbind(struct worker *w, uint64_t a)
{
	struct stress *s = w->s;
	int ret, r2 = 0;

	/*
	 * An unbind that succeeds uses up one of the DAX_DEVICES devices; the
	 * race worth having is with a pin, so with none held most are skipped.
	 */
	if (!atomic_load(&s->dax_pins) && (a & 7)) {
		note(w, "unbind dax: skipped, nothing pinned");
		return;
	}
	note(w, "unbind dax");
	pthread_mutex_lock(&s->dax_lock);
	ret = s->dax ? mmk_device_unbind(s->dax) : -ENODEV;
	if (!ret && s->dax_made < DAX_DEVICES) {
		r2 = mmk_munmap(s->mm, DAX_BASE, DAX_BYTES);
		if (!r2)
			r2 = dax_map_new(s);
	} else if (!ret) {
		s->dax = NULL;
	}
	pthread_mutex_unlock(&s->dax_lock);
	note_more(w, " -> %s%s%s", errtext(ret), ret ? "" : ", remap ", ret ? "" : errtext(r2));
	if (ret && ret != -EBUSY && ret != -ENODEV)
		fail_op(s, w, DAX_BASE, "unbind", ret);
	else if (r2)
		fail_op(s, w, DAX_BASE, "a new DAX device", r2);
}

/* ---- fork and the child ---------------------------------------------------------- */

static void child_exit(struct worker *w)
{
	mmk_exit(w->child);
	w->child = NULL;
}

/* What the child reads at page @p must be what it could have inherited. */
static void check_child_page(struct worker *w, uint64_t p)
{
	struct stress *s = w->s;
	uint64_t addr = page_addr(p), got = 0, want = w->cwritten[p];
	int rd = mmk_access(w->child, addr, &got, sizeof(got), 0);

	if (!want)
		want = w->exact[p];
	count_check(w, want != NOT_EXACT);
	note_more(w, " child %#" PRIx64 ":%s %#" PRIx64, addr, errtext(rd), got);
	if (rd && rd != -MMK_SIGSEGV) {
		fail_op(s, w, addr, "read in the child", rd);
		return;
	}
	if (rd && want != NOT_EXACT) {
		fail(s, w, addr, "invariant 10: the child forked at #%" PRIu64
		     " gets SIGSEGV at %#" PRIx64 ", which was mapped with "
		     "%#" PRIx64 " at the fork", w->child_op, addr, want);
		return;
	}
	if (rd)
		return;		/* forked while the table was away or unmapped */
	if (want != NOT_EXACT && got == want)
		return;
	if (!(got & CHILD_TAG) && (got & SEQ_MASK) > w->snap[p] && val_page(got) == p) {
		fail(s, w, addr, "invariant 7: the child forked at #%" PRIu64
		     " reads %#" PRIx64 " at %#" PRIx64 ", a value the parent "
		     "wrote after the fork (by DMA through a pin?): parent "
		     "and child share the page", w->child_op, got, addr);
		return;
	}
	if (want != NOT_EXACT) {
		fail(s, w, addr, "invariant 10: the child forked at #%" PRIu64
		     " reads %#" PRIx64 " at %#" PRIx64 ", not %#" PRIx64
		     " (%s)", w->child_op, got, addr, want,
		     w->cwritten[p] ? "which it wrote itself" :
		     "which the parent had there at the fork");
		return;
	}
	if (got && ((got & CHILD_TAG) || val_page(got) != p || !(got & SEQ_MASK)))
		fail(s, w, addr, "invariant 10: the child forked at #%" PRIu64
		     " reads %#" PRIx64 " at %#" PRIx64 ", a value of %s", w->child_op,
		     got, addr, (got & CHILD_TAG) ? "another child or page" :
		     "another page");
}

static void op_fork(struct worker *w, uint64_t a, uint64_t b)
{
	struct stress *s = w->s;
	int ret;

	note(w, "fork");
	if (w->child)
		child_exit(w);
	ret = mmk_fork(s->mm, &w->child);
	note_more(w, " -> %s", errtext(ret));
	if (ret) {
		w->child = NULL;
		fail_op(s, w, BASE, "fork", ret);
		return;
	}
	w->child_left = 1 + a % CHILD_HOLD;
	w->child_op = w->nops;
	for (uint64_t p = 0; p < NPAGES; p++) {
		const struct shadow *sh = &s->sh[p];

		w->snap[p] = atomic_load(&sh->seq);
		w->cwritten[p] = 0;
		w->exact[p] = NOT_EXACT;
		if (owner(s, p) == w->id && sh->last_ok &&
		    sh->last_db == atomic_load(&sh->db))
			w->exact[p] = sh->last_v;
	}
	/* The device writes through our pins now: the child must not see it. */
	for (int k = 0; k < NPINS && !failed(s); k++) {
		struct pin *pin = &w->pins[k];

		if (!pin->page || !pin->write)
			continue;
		dma_write_pin(w, pin);
		if (!failed(s))
			check_child_page(w, pin->p);
	}
	for (int i = 0; i < CHILD_READS && !failed(s); i++)
		check_child_page(w, (b >> (12 * i)) % NPAGES);
}

static void op_child(struct worker *w, uint64_t a, uint64_t b)
{
	struct stress *s = w->s;
	uint64_t p = b % NPAGES, addr = page_addr(p), v;
	int wr;

	if (!w->child) {
		note(w, "child: none");
		return;
	}
	if (!(a & 1)) {
		note(w, "child read %#" PRIx64, addr);
		check_child_page(w, p);
		return;
	}
	v = CHILD_TAG | mkval(p, ++w->child_seq);
	wr = mmk_access(w->child, addr, &v, sizeof(v), 1);
	note(w, "child write %#" PRIx64 " %#" PRIx64 " -> %s", addr, v, errtext(wr));
	if (wr && wr != -MMK_SIGSEGV) {
		fail_op(s, w, addr, "write in the child", wr);
		return;
	}
	if (wr && (w->cwritten[p] || w->exact[p] != NOT_EXACT)) {
		fail(s, w, addr, "invariant 10: the child forked at #%" PRIu64
		     " gets SIGSEGV writing %#" PRIx64 ", which it had mapped",
		     w->child_op, addr);
		return;
	}
	if (wr)
		return;
	w->cwritten[p] = v;
	check_child_page(w, p);
}

/* ---- the threads -------------------------------------------------------------------- */

static enum op_kind pick_kind(uint64_t r)
{
	unsigned int x = (unsigned int)(r % 1000), k;

	for (k = 0; k < NR_OP_KINDS - 1 && x >= op_weight[k]; k++)
		x -= op_weight[k];
	return (enum op_kind)k;
}

static void run_op(struct worker *w, enum op_kind kind, uint64_t a, uint64_t b)
{
	switch (kind) {
	case OP_WRITE: op_write(w, a); break;
	case OP_BURST: op_burst(w, a, b); break;
	case OP_READ: op_read(w, a); break;
	case OP_GET: op_get(w, a, b); break;
	case OP_PIN: op_pin(w, a, b); break;
	case OP_DMA_WRITE: op_dma_write(w, a); break;
	case OP_DMA_READ: op_dma_read(w, a); break;
	case OP_WRITE_PINNED: op_write_pinned(w, a); break;
	case OP_UNPIN: op_unpin(w, a, b); break;
	case OP_DONTNEED: op_madvise(w, a, MMK_MADV_DONTNEED); break;
	case OP_FREE: op_madvise(w, a, MMK_MADV_FREE); break;
	case OP_PAGEOUT: op_madvise(w, a, MMK_MADV_PAGEOUT); break;
	case OP_MPROTECT: op_mprotect(w, a, b); break;
	case OP_MREMAP: op_mremap(w, a); break;
	case OP_REMAP: op_remap(w, a); break;
	case OP_FORK: op_fork(w, a, b); break;
	case OP_CHILD: op_child(w, a, b); break;
	case OP_MIGRATE: op_migrate(w, a, b); break;
	case OP_DAX_PIN: op_dax_pin(w, a, b); break;
	case OP_UNBIND: op_unbind(w, a); break;
	case NR_OP_KINDS: break;
	}
}

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
		r = draw(&w->rng);
		a = draw(&w->rng);
		b = draw(&w->rng);
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

/* ---- one policy ---------------------------------------------------------------------- */

/* Once all threads stopped: every page shows what its shadow says. */
static void final_content_check(struct stress *s)
{
	for (uint64_t p = 0; p < NPAGES && !failed(s); p++) {
		const struct shadow *sh = &s->sh[p];
		uint64_t addr = page_addr(p), got = 0;
		int rd = mmk_access(s->mm, addr, &got, sizeof(got), 0);

		if (rd) {
			fail(s, NULL, addr, "reading %#" PRIx64 " at the end: "
			     "%s (every table should be mapped rw again)",
			     addr, err_name(-rd));
			return;
		}
		if (sh->last_ok && sh->last_db == atomic_load(&sh->db)) {
			if (got != sh->last_v)
				fail(s, NULL, addr, "invariant 10: at the end %#" PRIx64
				     " reads %#" PRIx64 ", but T%u wrote %#" PRIx64
				     " there in its last write and nothing disturbed "
				     "the page since: the write was lost", addr, got,
				     owner(s, p), sh->last_v);
		} else if (!own_acceptable(s, p, got)) {
			fail(s, NULL, addr, "invariant 10: at the end %#" PRIx64 " reads "
			     "%#" PRIx64 ", neither zeros nor a value T%u wrote last "
			     "(%#" PRIx64 ")", addr, got, owner(s, p), sh->last_written);
		}
	}
}

static void final_checks(struct stress *s)
{
	struct mmk_violation v;
	int rc;

	rc = mmk_cpu_attach(s->m, s->nthreads);
	if (rc) {
		fail(s, NULL, 0, "cannot attach to cpu %u: %s", s->nthreads,
		     err_name(-rc));
		return;
	}
	final_content_check(s);
	if (!failed(s) && mmk_violation_pending(s->m, &v))
		fail(s, NULL, v.addr, "%s", v.what);
	if (!failed(s)) {
		rc = mmk_check(s->m, &v);
		if (rc == 1)
			fail(s, NULL, v.addr, "%s", v.what);
		else if (rc)
			fail(s, NULL, 0, "mmk_check: %s", err_name(-rc));
	}
	mmk_cpu_detach(s->m);
}

/* After exit and a grace period every frame must be back (invariant 8). */
static void final_leak_check(struct stress *s)
{
	struct mmk_violation v;
	struct mmk_sys_stats st;

	mmk_exit(s->mm);
	s->mm = NULL;
	mmk_sync(s->m);
	if (mmk_violation_pending(s->m, &v)) {
		fail(s, NULL, v.addr, "%s", v.what);
		return;
	}
	mmk_set_checking(s->m, false);
	mmk_machine_stats(s->m, &st);
	if (st.frames_used || st.pgtable_frames || st.pending_free)
		fail(s, NULL, 0, "invariant 8: after every mm exited, %" PRIu64
		     " frames are still in use (%" PRIu64 " page tables, %" PRIu64
		     " waiting for a grace period): leaked", st.frames_used,
		     st.pgtable_frames, st.pending_free);
}

static uint64_t total_started(const struct stress *s)
{
	uint64_t n = 0;

	for (unsigned int i = 0; i < s->nthreads; i++)
		n += atomic_load_explicit(&s->w[i].started, memory_order_relaxed);
	return n;
}

/* Workers that ended (or never started). */
static unsigned int nr_finished(const struct stress *s)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < s->nthreads; i++)
		n += !s->w[i].created || atomic_load(&s->w[i].finished);
	return n;
}

static bool all_finished(const struct stress *s)
{
	return nr_finished(s) == s->nthreads;
}

/*
 * The checker's background duty (invariants.md: "continuously during
 * threaded runs"): park every worker between operations, run the full
 * check, let them go.  The continuous checks see what happens inside
 * operations; this sees the states between them, such as a pinned page
 * shared with a fork child (7) or a miscounted table (4), which no single
 * operation reports.  A worker that does not park within PARK_WAIT (an
 * operation waiting on something) skips this round; so does a check that
 * cannot take every mmap_lock (EBUSY).
 */
static void periodic_check(struct stress *s)
{
	struct mmk_violation v;
	double t0 = now();
	int rc;

	atomic_store_explicit(&s->pause, 1, memory_order_release);
	while ((unsigned int)atomic_load(&s->parked) + nr_finished(s) < s->nthreads) {
		const struct timespec nap = { 0, 50 * 1000 };

		if (atomic_load(&s->stop) || now() - t0 > PARK_WAIT)
			goto out;
		nanosleep(&nap, NULL);
	}
	if (mmk_cpu_attach(s->m, s->nthreads))
		goto out;
	rc = mmk_check(s->m, &v);
	mmk_cpu_detach(s->m);
	if (rc == 1) {
		pthread_mutex_lock(&s->fail_lock);
		if (!atomic_load(&s->failed))
			s->fail_thread = -2;
		pthread_mutex_unlock(&s->fail_lock);
		fail(s, NULL, v.addr, "%s", v.what);
	} else if (rc == 0) {
		s->full_checks++;
	}
out:
	atomic_store_explicit(&s->pause, 0, memory_order_release);
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
		double t = now();

		nanosleep(&tick, NULL);
		if (!s->o->ops && t - t0 >= budget)
			atomic_store(&s->stop, 1);
		if (!failed(s) && t - checked_at >= CHECK_EVERY) {
			periodic_check(s);
			checked_at = now();
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

static void print_violation(const struct stress *s, double secs)
{
	const struct stress_opts *o = s->o;
	uint64_t most = 0;

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

		if (n > most)
			most = n;
		for (uint64_t k = n > RING ? n - RING : 0; k < n; k++)
			fprintf(stderr, "  %s\n", w->ring[k % RING]);
	}
	fprintf(stderr, "to run the same operations again (the interleaving "
		"differs; it may take a few runs):\n  mmkit stress --policy %s "
		"--threads %u --ops %" PRIu64 " --seed %" PRIu64,
		mmk_policy_name(s->policy), s->nthreads, most * s->nthreads, o->seed);
	for (unsigned int b = 0; b < MMK_NR_BUGS; b++)
		if (o->bugs & (1ULL << b))
			fprintf(stderr, " --bug %s", mmk_bug_name(1u << b));
	fprintf(stderr, "\n");
}

static void print_summary(const struct stress *s, double secs, uint64_t ops)
{
	uint64_t c[NR_OP_KINDS] = { 0 }, ptc[MMK_PTC_NR], checks = 0, exact = 0;

	for (unsigned int i = 0; i < s->nthreads; i++) {
		for (int k = 0; k < NR_OP_KINDS; k++)
			c[k] += s->w[i].counts[k];
		checks += s->w[i].checks;
		exact += s->w[i].exact_checks;
	}
	mmk_pt_counters(s->m, ptc);
	printf("%s: %" PRIu64 " operations in %.2f s (%.0f ops/s), %" PRIu64
	       " values checked (%.0f%% exactly): %" PRIu64 " writes, %" PRIu64
	       " pins, %" PRIu64 " DMA, %" PRIu64 " zaps, %" PRIu64 " mprotect/"
	       "mremap/munmap, %" PRIu64 " forks, %" PRIu64 " migrations, %"
	       PRIu64 " DAX pins, %" PRIu64 " unbinds; PTE tables freed %" PRIu64
	       " (fast %" PRIu64 ", slow %" PRIu64 "); %" PRIu64 " full checks\n",
	       mmk_policy_name(s->policy),
	       ops, secs, secs > 0 ? (double)ops / secs : 0.0, checks,
	       checks ? 100.0 * (double)exact / (double)checks : 0.0,
	       c[OP_WRITE] + c[OP_BURST] * BURST + c[OP_WRITE_PINNED], c[OP_PIN],
	       c[OP_DMA_WRITE] + c[OP_DMA_READ], c[OP_DONTNEED] + c[OP_FREE] +
	       c[OP_PAGEOUT], c[OP_MPROTECT] + c[OP_MREMAP] + c[OP_REMAP],
	       c[OP_FORK], c[OP_MIGRATE], c[OP_DAX_PIN], c[OP_UNBIND], ptc[MMK_PTC_FREED_PTE], ptc[MMK_PTC_FAST],
	       ptc[MMK_PTC_SLOW], s->full_checks);
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
	s->w = calloc(o->threads, sizeof(*s->w));
	if (!s->sh || !s->w)
		return -ENOMEM;
	for (unsigned int i = 0; i < o->threads; i++) {
		struct worker *w = &s->w[i];
		uint64_t mix = o->seed ^ (0x5851f42d4c957f2dULL * (i + 1));

		w->s = s;
		w->id = i;
		w->rng = draw(&mix);
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
	for (int t = 0; t < NTABLES; t++)
		pthread_mutex_destroy(&s->table_lock[t]);
	pthread_mutex_destroy(&s->fail_lock);
	pthread_mutex_destroy(&s->dax_lock);
}

/* Run one policy: 0, or 1 after printing a violation (then exits). */
static int run_policy(const struct stress_opts *o, enum mmk_policy pol,
		      double budget, uint64_t *ops_done)
{
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
	t0 = now();
	for (unsigned int i = 0; i < s->nthreads; i++) {
		rc = pthread_create(&s->w[i].tid, NULL, worker_main, &s->w[i]);
		if (rc) {
			fail(s, NULL, 0, "cannot start a thread: %s", strerror(rc));
			break;
		}
		s->w[i].created = true;
	}
	if (!wait_workers(s, budget, t0) || failed(s)) {
		print_violation(s, now() - t0);
		fflush(stderr);
		_exit(1);	/* the machine is not trusted to tear down */
	}
	secs = now() - t0;
	final_checks(s);
	if (!failed(s))
		final_leak_check(s);
	if (failed(s)) {
		print_violation(s, secs);
		fflush(stderr);
		_exit(1);
	}
	*ops_done = total_started(s);
	print_summary(s, secs, *ops_done);
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
static int parse_stress_args(int argc, char **argv, struct stress_opts *o)
{
	bool seconds_set = false, seed_set = false;
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
		{ .name = NULL },
	};
	const struct cli cli = { "stress", stress_help_print, opts, 0, 0, NULL };
	const char **args;
	int nargs, rc;

	memset(o, 0, sizeof(*o));
	o->policy = MMK_POLICY_LINUX;
	o->seconds = DEFAULT_SECONDS;
	rc = cli_parse(&cli, argc, argv, &args, &nargs);
	if (rc)
		return rc;
	free(args);
	o->threads = (unsigned int)threads;
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
	int rc = parse_stress_args(argc, argv, &o), first, last;
	uint64_t total = 0;

	if (rc)
		return rc == CLI_HELP ? 0 : rc;
	first = o.policy < 0 ? 0 : o.policy;
	last = o.policy < 0 ? MMK_NR_POLICIES - 1 : o.policy;
	fprintf(stderr, "stress: seed %" PRIu64 "\n", o.seed);
	for (int p = first; p <= last; p++) {
		uint64_t ops = 0;

		if (run_policy(&o, (enum mmk_policy)p,
			       o.seconds / (double)(last - first + 1), &ops))
			return 1;
		total += ops;
	}
	printf("stress: no violation in %" PRIu64 " operations (seed %" PRIu64 ")\n",
	       total, o.seed);
	return 0;
}

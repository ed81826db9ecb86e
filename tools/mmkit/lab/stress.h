/* SPDX-License-Identifier: MIT */
/*
 * lab/stress.h - what the three files of `mmkit stress` share: the
 * machine's layout, the shadow of every page, the workers and their pins.
 * Who does what, and who calls whom:
 *
 *   lab/stress.c        the driver: options, one machine per policy, the
 *                       workers' loop, the periodic full checks, the
 *                       reports;
 *   lab/stress_ops.c    the operations a worker draws, and their mix;
 *   lab/stress_check.c  what each value read may be, the checks of pins,
 *                       fork children and the end state, and the record
 *                       of the first failure with the operations before it.
 *
 * The driver calls the operations and the checks, the operations call the
 * checks; nothing calls back up.
 *
 * The workload
 * ------------
 * One machine per policy (cpus = threads + 1, 512M of RAM, gather 8 so
 * zaps drop the PTL midway) and one mm with a 16 MiB private mapping at
 * 0x40000000: eight PTE tables that every thread uses, so the threads race
 * on the same tables.  Beside it, 4 MiB of shared memory at SHM_BASE,
 * MADV_HUGEPAGE under shmem_enabled=advise: huge folios at fault, zaps of
 * pieces (a shmem PMD goes whole), MADV_COLLAPSE and khugepaged
 * (collapse_file, retract_page_tables), none of which may lose a byte.  Each thread is attached to its own CPU and runs a
 * pseudo-random mix of operations drawn from its own generator (splitmix64
 * seeded from the seed and the thread's index).  Every operation consumes
 * exactly three draws whatever happens, so a thread's operation sequence
 * is a function of the seed alone; only the interleaving is not.
 */
#ifndef MMKIT_TOOL_LAB_STRESS_H
#define MMKIT_TOOL_LAB_STRESS_H

#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>

#include <mmkit/mmkit.h>

#define BASE 0x40000000ULL
#define NTABLES 8
#define TABLE_PAGES 512
#define NPAGES (NTABLES * TABLE_PAGES)
#define TABLE_BYTES ((uint64_t)TABLE_PAGES * MMK_PAGE_SIZE)
#define SCRATCH 0x100000000ULL	/* thread i's mremap landing table: + i * 2M */
#define NPINS 4			/* pins a thread holds at most */
#define NEXTRA 4		/* DMA values a page may show, beyond that: any */
#define RING 20			/* operations remembered per thread */
#define DESC_LEN 120
#define BURST 16		/* pages of a burst write */
#define CHILD_READS 4		/* child pages read right after a fork */
#define CHILD_HOLD 64		/* a child lives 1..CHILD_HOLD operations */
#define GPU_PAGES 64		/* the device-private device */
#define DAX_BASE 0x200000000ULL	/* the DAX mapping: one table of 4K devmap pages */
#define DAX_PAGES 64
#define DAX_BYTES ((uint64_t)DAX_PAGES * MMK_PAGE_SIZE)
#define DAX_HOLD 16		/* a DAX pin lives 1..DAX_HOLD operations */
#define DAX_DEVICES (MMK_MAX_DEVICES - 1)	/* unbinds that get a new device */
#define SHM_BASE 0x300000000ULL	/* the shared memory: two tables' worth */
#define SHM_TABLES 2
#define SHM_PAGES (SHM_TABLES * TABLE_PAGES)

#define SEQ_BITS 40
#define SEQ_MASK ((1ULL << SEQ_BITS) - 1)
#define CHILD_TAG (1ULL << 63)
#define NOT_EXACT UINT64_MAX

struct stress_opts {
	int policy;		/* CLI_ALL: each in turn */
	unsigned int threads;
	double seconds;		/* whole run; used when ops == 0 */
	uint64_t ops;		/* per policy, or 0 */
	uint64_t seed;
	uint64_t bugs;
	unsigned int shard_i, shard_n;	/* --shard I/N (shard_n 0: none) */
};

enum op_kind {
	OP_WRITE, OP_BURST, OP_READ, OP_GET, OP_PIN, OP_DMA_WRITE,
	OP_DMA_READ, OP_WRITE_PINNED, OP_UNPIN, OP_DONTNEED, OP_FREE,
	OP_PAGEOUT, OP_MPROTECT, OP_MREMAP, OP_REMAP, OP_FORK, OP_CHILD,
	OP_MIGRATE, OP_DAX_PIN, OP_UNBIND, OP_COLLAPSE, OP_SHM_WRITE, OP_SHM_READ,
	OP_SHM_ZAP, OP_SHM_COLLAPSE, NR_OP_KINDS,
};

/*
 * One page of the shared mapping.  The epochs and the sequence counter are
 * shared; the rest is written by the page's owner only (and read by the
 * main thread after the workers were joined).
 */
struct shadow {
	atomic_uint_fast64_t db, de;	/* disturbances begun / ended */
	atomic_uint_fast64_t zb, ze;	/* zeroing ones begun / ended with success */
	uint64_t last_zb;	/* zb after the owner's latest write (CPU or DMA) */
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
	uint64_t collapsed;		/* MADV_COLLAPSEs that made a THP */
	uint64_t shm_collapsed;		/* ... of shared memory */
	uint64_t shm_seq;		/* values written to own shared pages */
	uint64_t checks, exact_checks;	/* values checked; of them exactly */
	char ring[RING][DESC_LEN];
};

struct stress {
	const struct stress_opts *o;
	enum mmk_policy policy;
	struct mmk_machine *m;
	struct mm_struct *mm;
	struct shadow *sh;
	uint64_t *shm_val;	/* per shared page: what its owner wrote last */
	struct mmk_device *gpu, *dax;	/* dax: guarded by dax_lock */
	atomic_uint_fast64_t hot;	/* a page some worker just stored to */
	atomic_uint_fast64_t last_range;	/* of a madvise: start | pages; 0 none */
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

struct wres {
	int wr;			/* the write's result */
	uint64_t v;
	bool quiet;		/* no disturbance began or ran meanwhile */
};

/* ---- pages and values ---- */

static inline uint64_t page_addr(uint64_t p)
{
	return BASE + p * MMK_PAGE_SIZE;
}

static inline uint64_t mkval(uint64_t p, uint64_t seq)
{
	return (p + 1) << SEQ_BITS | (seq & SEQ_MASK);
}

static inline uint64_t val_page(uint64_t v)
{
	return ((v & ~CHILD_TAG) >> SEQ_BITS) - 1;
}

static inline unsigned int owner(const struct stress *s, uint64_t p)
{
	return (unsigned int)(p % s->nthreads);
}

/* The @x-th page (mod their number) that thread @w owns. */
static inline uint64_t own_page(const struct worker *w, uint64_t x)
{
	uint64_t n = (NPAGES - w->id + w->s->nthreads - 1) / w->s->nthreads;

	return w->id + (x % n) * w->s->nthreads;
}

static inline const char *errtext(int ret)
{
	return ret ? err_name(-ret) : "ok";
}

/* ---- the operations (lab/stress_ops.c) ---- */

/* The kind of operation draw @r picks, by the weights of the mix. */
enum op_kind pick_kind(uint64_t r);
/* Run one operation with the draws @a and @b. */
void run_op(struct worker *w, enum op_kind kind, uint64_t a, uint64_t b);
/* What a worker lets go of: a pin, its DAX pin, its fork child. */
void unpin(struct worker *w, struct pin *pin, bool dirty);
void dax_unpin(struct worker *w);
void child_exit(struct worker *w);
/* Map a new DAX device at DAX_BASE: at set-up, and after an unbind. */
int dax_map_new(struct stress *s);

/* ---- the checks and the failure record (lab/stress_check.c) ---- */

/* A fresh value for page @p: its owner is about to write it. */
uint64_t new_value(struct stress *s, uint64_t p);
/* Could page @p show @v at all: zero or a value its owner wrote? */
bool plausible(struct stress *s, uint64_t p, uint64_t v);
/* What an owner's page may show when a disturbance made it undetermined. */
bool own_acceptable(struct stress *s, uint64_t p, uint64_t v);
/* DMA through pin @pin_id stored @v: the mapping may show it. */
void add_extra(struct shadow *sh, uint64_t pin_id, uint64_t v);
/* A CPU write stored @v: the mapping shows that page now. */
void note_written(struct shadow *sh, uint64_t v);
/* Bump the begin (@end false) or end epochs of [start, start + len). */
void disturb(struct stress *s, uint64_t start, uint64_t len, bool end);
/* The same for the zeroing epochs (a DONTNEED, a munmap and mmap). */
void disturb_zero(struct stress *s, uint64_t start, uint64_t len, bool end);
/* One value checked, @exact if its outcome was determined. */
void count_check(struct worker *w, bool exact);
/* Whether @pin still pins the page the mapping shows. */
bool pin_coherent(struct stress *s, const struct pin *pin);
/* The owner writes its page @p and reads it back; a read of any page. */
void write_page(struct worker *w, uint64_t p, struct wres *res);
void read_page(struct worker *w, uint64_t p);
/* What the device reads through @pin; what the child reads at @p. */
void check_pin_content(struct worker *w, struct pin *pin, const char *when);
void check_child_page(struct worker *w, uint64_t p);
/* @pin for messages: "write long-term pin by GUP at #12". */
const char *pin_text(const struct pin *pin, char *buf, size_t size);

/* The operation log: a worker's entry for its operation, and more of it. */
void note(struct worker *w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void note_more(struct worker *w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/*
 * Record the first failure (@w NULL: a check of the main thread) and stop
 * the run.  @polled: a violation the continuous checks recorded, which @w
 * only noticed after its operation.
 */
void fail_record(struct stress *s, struct worker *w, uint64_t addr, bool polled,
		 const char *fmt, ...) __attribute__((format(printf, 5, 6)));
#define fail(s, w, addr, ...) fail_record(s, w, addr, false, __VA_ARGS__)
bool failed(struct stress *s);
/* A library call failed with an error nothing explains. */
void fail_op(struct stress *s, struct worker *w, uint64_t addr,
	     const char *what, int ret);

/* The main thread's checks: the machine at rest, and at the end. */
void periodic_check(struct stress *s);
void final_checks(struct stress *s);
void final_leak_check(struct stress *s);
/* Workers that ended (or never started); operations started. */
unsigned int nr_finished(const struct stress *s);
uint64_t total_started(const struct stress *s);

#endif

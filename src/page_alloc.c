/* SPDX-License-Identifier: MIT */
/*
 * page_alloc.c - physical memory: the frame pool and struct page.
 *
 * RAM is one host mapping of nr_frames + 1 frames, reserved (not touched)
 * at machine creation; the struct page array and the frames' line records
 * (highmem.h) likewise.  The pool grows in 2 MiB chunks of struct pages.
 * The frames' bytes are not touched by the pool at all: with lazy
 * zero-fill a frame reads as zeros once allocated, whatever its bytes, and
 * host memory behind a frame is faulted in only by the first store into
 * one of its lines (or its first use as a page table).  A replay that
 * touches a million pages and stores nothing costs the host no memory for
 * them; freed frames are recycled, so steady-state work pays no host
 * page faults either.
 *
 * The pool's free list in runs
 * -----------------------------
 * A CPU refills its pcp list PCP_BATCH frames at a time.  Taken one by one
 * off a linked list, that is a chain of 32 dependent loads of struct
 * pages nobody has touched for a while: in the sparse loop (a table per
 * 2 MiB of 50 GiB made and freed each round) they missed one after the
 * other, 16% of the loop.  So m->free_list, still one list linked through
 * ->next (the checker and the drains walk it), is cut into runs: the head
 * of each run records its last frame and its length (run_tail, run_nr in
 * struct page: a free frame's data and table fields are dead), and the
 * next run starts at page_next(run_tail).  A refill takes whole runs:
 * two struct pages touched per run, not one per frame.  pcp lists give
 * back runs of PCP_BATCH, and so do the drains (which walk their lists
 * for the tail anyway); single frames (the RCU callbacks' table frees,
 * growth) join the top run until it holds PCP_BATCH.  A run is cut only
 * for a single-frame take (a thread on no CPU).
 * The pcp list itself is popped a frame at a time, with the next frame
 * prefetched (alloc_from_pcp).
 *
 * Locks: m->pool_lock protects free_list, nr_free and grown.  Each CPU's
 * pcp list is under its cpu->pcp_lock, taken by the attached thread (never
 * contended in steady state) and by a drain when the pool runs dry.
 * Counters (frames_used, ...) are relaxed atomics.
 *
 * frames_used and frames_peak, split per CPU
 * ------------------------------------------
 * Every allocation and free changes frames_used; one machine-wide atomic
 * would be a cache line all CPUs write on every fault.  So, like Linux's
 * vmstat per-CPU diffs, a thread attached to one of the machine's CPUs
 * counts in its CPU's frames_diff (owner-only: a plain load and store) and
 * folds it into m->frames_used when it reaches +-FRAMES_STAT_BATCH; other
 * threads (unattached, RCU callbacks) change m->frames_used directly.
 * frames_used is m->frames_used plus every CPU's diff: exact whenever no
 * allocation or free is running (e.g. after `sync` in a script), a
 * snapshot otherwise.
 *
 * The peak cannot be exact without a shared write per allocation, so it
 * is taken where the counts meet: each CPU also keeps frames_diff_max, the
 * largest its diff reached since its last fold, so that while only CPU i
 * changes its diff the machine's peak over that time is
 *     m->frames_used + (the other CPUs' diffs) + cpu[i].frames_diff_max.
 * That candidate is folded into m->frames_peak for every CPU before
 * m->frames_used changes (a CPU's fold, a direct update), and taken into
 * account when the peak is read; a direct increment compares the exact
 * new total.  Hence frames_peak is exact when allocations and frees run on
 * one CPU at a time (any single-threaded use, the RCU callbacks' frees
 * included).  When several CPUs allocate concurrently a CPU's maximum may
 * be paired with the others' diffs of another moment: the reported peak
 * is then within ncpus * FRAMES_STAT_BATCH frames of the true one.
 *
 * Refcounts follow Linux: a frame is allocated with refcount 1 and freed
 * when put_page() drops it to 0.  A free frame carries PG_free (set by
 * free_frame(), cleared by alloc_page()) so the invariant checker can tell
 * it from an allocated one without walking the free lists.
 *
 * Quarantine: with the checker on, a page-table frame freed after its grace
 * period arrives poisoned (PG_pt_poisoned) and is held back in a small FIFO
 * (page_table_check.c) before it reaches a free list, so that a walker that
 * still uses it meets poison rather than somebody else's data.  The frame
 * is free meanwhile (PG_free, not in frames_used); running out of frames
 * drains the quarantine before an allocation fails.
 *
 * Page-table frames: the quicklist
 * --------------------------------
 * A page table is freed empty, i.e. all zero, and (under `linux`, `full`,
 * `refcount`) by the RCU callback thread, a grace period after the zap
 * that emptied it.  Freed into the frame pool, such frames would come
 * back at arbitrary times into the middle of the data frames' recycling
 * order, and be zeroed again when they become tables again.  So, like
 * Linux's former page-table quicklists, a freed table frame goes to
 * m->pt_quicklist, up to PT_QUICKLIST_MAX frames; pte_alloc_one() takes
 * from it first, and finds no dirty line to zero (highmem.h).  Its
 * contents are all zero because a table is only ever freed empty (invariant 2: every
 * path clears the entries before it frees, and with the checker on a
 * table freed otherwise is reported and poisoned, and poisoned frames
 * never go on the list).  The contents are not read again here, since
 * the RCU callback thread doing it would pull every line of the table
 * to its own core, and the next thread to fill the table back: debug
 * builds check it all the same.  The frames are free meanwhile
 * (PG_free, not in frames_used); running out of frames drains the list.
 * m->pt_quicklist_lock protects the list and its length.
 */
#include <sys/mman.h>
#include "cpu.h"
#include "page_alloc.h"
#include "highmem.h"
#include "pgtable.h"
#include "memremap.h"
#include "vmscan.h"
#include "huge_memory.h"
#include "rmap.h"
#include "page_table_check.h"

/*
 * Per-CPU frame cache: refilled PCP_BATCH frames at a time from the pool;
 * frees beyond PCP_HIGH go back PCP_BATCH at a time.  High enough that a
 * CPU which faults and frees a few hundred frames in a loop (DONTNEED)
 * keeps recycling its own, cache-hot frames instead of trading them with
 * the other CPUs through the pool (Linux tunes pcp->high up for the same
 * reason, decay_pcp_high/free_high).  Running out of frames drains them.
 */
#define PCP_BATCH 32
#define PCP_HIGH 1024
#define POOL_CHUNK 512	/* frames per growth step: 2 MiB */
#define FRAMES_STAT_BATCH 64	/* fold a CPU's frames_diff at +-this */
#define PT_QUICKLIST_MAX 512	/* free table frames kept zeroed: 2 MiB */

static void *reserve(size_t bytes)
{
	void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

static void page_init(struct page *p, unsigned int flags)
{
	atomic_init(&p->flags, flags);
	atomic_set(&p->_refcount, 0);
	atomic_set(&p->_mapcount, 0);
	atomic_set(&p->pt_refcount, 0);
	atomic_init(&p->compound_head, 0);
	p->mapping = NULL;
	p->index = 0;
	p->pgmap = NULL;
	atomic_set(&p->_entire_mapcount, 0);
	atomic_set(&p->_pincount, 0);
}

int page_pool_init(struct mmk_machine *m)
{
	/* RAM, the zero page, then the device window (memremap.c). */
	uint64_t frames = m->nr_frames + 1 + m->dev_frames;

	m->mem_bytes = frames << PAGE_SHIFT;
	m->pages_bytes = frames * sizeof(struct page);
	m->mem = reserve(m->mem_bytes);
	m->pages = reserve(m->pages_bytes);
	m->lines_bytes = frames * sizeof(struct frame_lines);
	m->lines = reserve(m->lines_bytes);
	m->counters_bytes = frames * sizeof(atomic_t);
	m->check_pins = reserve(m->counters_bytes);
#ifndef NDEBUG
	m->debug_gets = reserve(m->counters_bytes);
	if (!m->debug_gets) {
		page_pool_destroy(m);
		return -ENOMEM;
	}
#endif
	if (!m->mem || !m->pages || !m->lines || !m->check_pins) {
		page_pool_destroy(m);
		return -ENOMEM;
	}
	spin_lock_init(&m->pool_lock, LOCK_RANK_POOL);
	spin_lock_init(&m->pt_quicklist_lock, LOCK_RANK_PT_QUICKLIST);
	/* The shared zero page lives past the pool: never allocated, never freed. */
	m->zero_page = &m->pages[m->nr_frames];
	page_init(m->zero_page, PG_zero | PG_reserved);
	atomic_set(&m->zero_page->_refcount, 1);
	return 0;
}

void page_pool_destroy(struct mmk_machine *m)
{
	if (m->mem)
		munmap(m->mem, m->mem_bytes);
	if (m->pages)
		munmap(m->pages, m->pages_bytes);
	if (m->lines)
		munmap(m->lines, m->lines_bytes);
	if (m->check_pins)
		munmap(m->check_pins, m->counters_bytes);
	if (m->debug_gets)
		munmap(m->debug_gets, m->counters_bytes);
	m->check_pins = NULL;
	m->debug_gets = NULL;
	m->mem = NULL;
	m->pages = NULL;
	m->lines = NULL;
}

/* Under pool_lock: push the list @head..@tail of @n frames as one run. */
static void pool_push_run(struct mmk_machine *m, struct page *head, struct page *tail,
			  uint64_t n)
{
	lockdep_assert_held(&m->pool_lock);
	head->run_tail = tail;
	head->run_nr = n;
	set_page_next(tail, m->free_list);
	m->free_list = head;
	m->nr_free += n;
}

/* Under pool_lock: push one frame, joining the top run while it is short. */
static void pool_push_frame(struct mmk_machine *m, struct page *p)
{
	struct page *top = m->free_list;

	lockdep_assert_held(&m->pool_lock);
	if (!top || top->run_nr >= PCP_BATCH) {
		pool_push_run(m, p, p, 1);
		return;
	}
	p->run_tail = top->run_tail;
	p->run_nr = top->run_nr + 1;
	set_page_next(p, top);
	m->free_list = p;
	m->nr_free++;
}

/* Under pool_lock: add a fresh chunk to the free list.  False when full. */
static bool pool_grow(struct mmk_machine *m)
{
	uint64_t n = m->nr_frames - m->grown;

	lockdep_assert_held(&m->pool_lock);
	if (n == 0)
		return false;
	if (n > POOL_CHUNK)
		n = POOL_CHUNK;
	for (uint64_t i = 0; i < n; i++) {
		/* Push in reverse so frames come out in address order. */
		struct page *p = &m->pages[m->grown + n - 1 - i];
		page_init(p, PG_free);
		pool_push_frame(m, p);
	}
	m->grown += n;
	return true;
}

/* Under pool_lock: a free huge block off m->huge_free, or NULL. */
static struct page *huge_free_pop(struct mmk_machine *m)
{
	struct page *head = m->huge_free;

	lockdep_assert_held(&m->pool_lock);
	if (head) {
		m->huge_free = page_next(head);
		m->nr_huge_free--;
	}
	return head;
}

/*
 * Under pool_lock, the 4 KiB pool dry: break one free huge folio into its
 * 512 frames (they are free already).  False when there is none.
 */
static bool huge_free_break(struct mmk_machine *m)
{
	struct page *head = huge_free_pop(m);

	if (!head)
		return false;
	for (unsigned int i = HPAGE_PMD_NR; i-- > 0;)
		pool_push_frame(m, head + i);
	return true;
}

/*
 * Under pool_lock: take the first @k frames of the top run, which holds
 * more; the rest stays a run.  Walks @k frames: only a take of fewer
 * frames than a run (a single frame, for a thread on no CPU) cuts one.
 */
static struct page *pool_cut_run(struct mmk_machine *m, uint64_t k, struct page **tail)
{
	struct page *head = m->free_list, *last = head, *rest;

	for (uint64_t i = 1; i < k; i++)
		last = page_next(last);
	rest = page_next(last);
	rest->run_tail = head->run_tail;
	rest->run_nr = head->run_nr - k;
	m->free_list = rest;
	*tail = last;
	return head;
}

/*
 * Take up to @want frames from the global pool, in whole runs: a refill
 * stops short rather than cut the next run, unless it has nothing yet.
 * Returns a list.
 */
static struct page *pool_take(struct mmk_machine *m, unsigned int want,
			      unsigned int *got)
{
	struct page *list = NULL;

	spin_lock(&m->pool_lock);
	*got = 0;
	while (*got < want) {
		if (!m->free_list && !pool_grow(m) && !huge_free_break(m))
			break;
		struct page *head = m->free_list, *tail = head->run_tail;
		uint64_t k = head->run_nr;

		if (k <= want - *got)
			m->free_list = page_next(tail);
		else if (*got)
			break;
		else
			head = pool_cut_run(m, k = want, &tail);
		m->nr_free -= k;
		set_page_next(tail, list);
		list = head;
		*got += (unsigned int)k;
	}
	spin_unlock(&m->pool_lock);
	return list;
}

/* Give one free frame back to the pool. */
static void pool_give_frame(struct mmk_machine *m, struct page *p)
{
	spin_lock(&m->pool_lock);
	pool_push_frame(m, p);
	spin_unlock(&m->pool_lock);
}

/*
 * Cut the list @head (non-empty) into runs of PCP_BATCH for the pool;
 * returns its tail.  The drains walked their lists for the tail anyway.
 */
static struct page *list_make_runs(struct page *head)
{
	struct page *run = head, *p = head;
	uint64_t k = 1;

	for (;; p = page_next(p), k++) {
		struct page *next = page_next(p);

		if (k == PCP_BATCH || !next) {
			run->run_tail = p;
			run->run_nr = k;
			if (!next)
				return p;
			run = next;
			k = 0;
		}
	}
}

/*
 * Give back a list that is runs already (pcp_free_list made them): the
 * first run's head has its run_tail and run_nr, and so on down the list.
 */
static void pool_give_runs(struct mmk_machine *m, struct page *head, struct page *tail,
			   unsigned int n)
{
	spin_lock(&m->pool_lock);
	set_page_next(tail, m->free_list);
	m->free_list = head;
	m->nr_free += n;
	spin_unlock(&m->pool_lock);
}

/* Return a CPU's cached frames to the pool (pool ran dry, or detach). */
static void pcp_drain(struct mmk_machine *m, struct cpu *c)
{
	spin_lock(&c->pcp_lock);
	struct page *head = c->pcp, *tail = head ? list_make_runs(head) : NULL;
	unsigned int n = c->pcp_count;
	c->pcp = NULL;
	c->pcp_count = 0;
	spin_unlock(&c->pcp_lock);
	if (head)
		pool_give_runs(m, head, tail, n);
}

/* ---- frames_used / frames_peak (the essay above) ---- */
/*
 * The largest peak candidate of any CPU: m->frames_used, plus the other
 * CPUs' diffs, plus this CPU's maximum since its fold.
 */
static long long frames_peak_pending(struct mmk_machine *m)
{
	long long g = atomic64_read(&m->frames_used), sum = 0, best = g;

	for (unsigned int i = 0; i < m->cfg.ncpus; i++)
		sum += atomic64_read(&m->cpus[i].frames_diff);
	for (unsigned int i = 0; i < m->cfg.ncpus; i++) {
		struct cpu *c = &m->cpus[i];
		long long v = g + sum - atomic64_read(&c->frames_diff) +
			      atomic64_read(&c->frames_diff_max);
		if (v > best)
			best = v;
	}
	return best;
}

/* Owner of @c: move its diff into m->frames_used. */
static void frames_stat_fold(struct mmk_machine *m, struct cpu *c)
{
	atomic64_max(&m->frames_peak, frames_peak_pending(m));
	atomic64_add(atomic64_read(&c->frames_diff), &m->frames_used);
	atomic64_set(&c->frames_diff, 0);
	atomic64_set(&c->frames_diff_max, 0);
}

/* A thread on none of @m's CPUs: change m->frames_used itself. */
static void frames_stat_add_global(struct mmk_machine *m, long long n)
{
	long long sum = 0, g;

	if (n < 0)
		atomic64_max(&m->frames_peak, frames_peak_pending(m));
	g = atomic64_add_return_relaxed(n, &m->frames_used);
	if (n < 0)
		return;
	for (unsigned int i = 0; i < m->cfg.ncpus; i++)
		sum += atomic64_read(&m->cpus[i].frames_diff);
	atomic64_max(&m->frames_peak, g + sum);
}

/* frames_used += @n, on the calling thread's CPU if it has one of @m's. */
static inline void frames_stat_add(struct mmk_machine *m, long long n)
{
	struct cpu *c = cpu_of(m);
	long long d;

	if (unlikely(!c || c->m != m)) {
		frames_stat_add_global(m, n);
		return;
	}
	d = atomic64_read(&c->frames_diff) + n;
	atomic64_set(&c->frames_diff, d);
	if (d > atomic64_read(&c->frames_diff_max))
		atomic64_set(&c->frames_diff_max, d);
	if (unlikely(d >= FRAMES_STAT_BATCH || d <= -FRAMES_STAT_BATCH))
		frames_stat_fold(m, c);
}

uint64_t frames_used_read(struct mmk_machine *m)
{
	long long v = atomic64_read(&m->frames_used);

	for (unsigned int i = 0; i < m->cfg.ncpus; i++)
		v += atomic64_read(&m->cpus[i].frames_diff);
	return (uint64_t)v;
}

uint64_t frames_peak_read(struct mmk_machine *m)
{
	long long peak = atomic64_read(&m->frames_peak), v = frames_peak_pending(m);

	return (uint64_t)(v > peak ? v : peak);
}

static bool should_fail_alloc(struct mmk_machine *m)
{
	if (likely(atomic64_read(&m->fail_countdown) == 0))
		return false;
	/* Exactly one caller sees the countdown go from 1 to 0. */
	if (atomic64_add_return_relaxed(-1, &m->fail_countdown) == 0) {
		atomic64_add(1, &m->injected);
		return true;
	}
	return false;
}

/*
 * The frame the CPU's next allocation takes: its struct page and line
 * record are written then (prep_new_page), and by then they have usually
 * left the cache (a fault or a zap of a cold table lies between).  Fetch
 * them now, while the caller works on this frame.
 */
static inline void pcp_prefetch_next(struct mmk_machine *m, struct page *next)
{
	if (next) {
		prefetchw(next);
		prefetchw(pfn_lines(m, page_to_pfn(m, next)));
	}
}

static struct page *alloc_from_pcp(struct mmk_machine *m)
{
	struct cpu *c = cpu_of(m);
	struct page *p;

	if (!c || c->m != m)
		return NULL;
	spin_lock(&c->pcp_lock);
	if (!c->pcp) {
		unsigned int got;
		struct page *list = pool_take(m, PCP_BATCH, &got);
		c->pcp = list;
		c->pcp_count = got;
	}
	p = c->pcp;
	if (p) {
		c->pcp = page_next(p);
		c->pcp_count--;
		pcp_prefetch_next(m, c->pcp);
	}
	spin_unlock(&c->pcp_lock);
	return p;
}

static struct page *alloc_page_slow(struct mmk_machine *m)
{
	unsigned int got;
	struct page *p = pool_take(m, 1, &got);

	if (p)
		return p;
	/* Out of frames: deferred tables may go soon; drain every CPU's cache. */
	pte_free_defer_flush(m);
	for (unsigned int i = 0; i < m->cfg.ncpus; i++)
		pcp_drain(m, &m->cpus[i]);
	p = pool_take(m, 1, &got);
	if (!p && drain_pt_quicklist(m))
		p = pool_take(m, 1, &got);
	if (!p && drain_quarantine(m))
		p = pool_take(m, 1, &got);
	return p;
}

/* Give every frame of the page-table quicklist back to the pool; any? */
bool drain_pt_quicklist(struct mmk_machine *m)
{
	struct page *head, *tail;
	unsigned int n;

	spin_lock(&m->pt_quicklist_lock);
	head = m->pt_quicklist;
	n = m->nr_pt_quicklist;
	m->pt_quicklist = NULL;
	m->nr_pt_quicklist = 0;
	spin_unlock(&m->pt_quicklist_lock);
	if (!head)
		return false;
	tail = list_make_runs(head);
	pool_give_runs(m, head, tail, n);
	return true;
}

bool drain_quarantine(struct mmk_machine *m)
{
	unsigned int n;
	struct page *head = pt_quarantine_take_all(m, &n), *tail;

	if (!head)
		return false;
	tail = list_make_runs(head);
	pool_give_runs(m, head, tail, n);
	return true;
}

/* A free frame @p taken off a list becomes allocated: refcount 1. */
static struct page *prep_new_page(struct mmk_machine *m, struct page *p, unsigned int gfp)
{
	set_page_next(p, NULL);
	unsigned int was = atomic_exchange_explicit(&p->flags, 0, memory_order_acq_rel);
	assert(was & PG_free);
	(void)was;
	(void)gfp;	/* every new frame reads as zeros: lazy zero-fill */
	frame_lines_reset(m, page_to_pfn(m, p));
	atomic_set(&p->_refcount, 1);
	atomic_set(&p->_mapcount, 0);
	/* Counters beside struct page: written only when they may be stale. */
	if (unlikely(atomic_load_explicit(&m->check_pins_live, memory_order_relaxed)))
		atomic_set(page_check_pins(m, p), 0);
#ifndef NDEBUG
	atomic_set(page_debug_gets(m, p), 0);
#endif
	atomic_set(&p->pt_refcount, 0);
	/* The data-page part of the union; a table's is set by pte_alloc_one(). */
	p->mapping = NULL;
	p->index = 0;
	p->pgmap = NULL;
	atomic_set(&p->_entire_mapcount, 0);
	atomic_set(&p->_pincount, 0);
	frames_stat_add(m, 1);
	return p;
}

/*
 * alloc_page - a frame with refcount 1, or NULL (simulated RAM exhausted,
 * or an injected failure).  Its contents read as zeros, __GFP_ZERO or not
 * (highmem.h): nothing is written to it.
 */
static struct page *__alloc_page(struct mmk_machine *m, unsigned int gfp)
{
	struct page *p = alloc_from_pcp(m);

	if (!p)
		p = alloc_page_slow(m);
	/* Out of frames: reclaim discards clean MADV_FREE pages and splits
	 * partly mapped THPs first. */
	if (!p && try_to_free_pages(m))
		p = alloc_page_slow(m);
	return p ? prep_new_page(m, p, gfp) : NULL;
}

struct page *alloc_page(struct mmk_machine *m, unsigned int gfp)
{
	return should_fail_alloc(m) ? NULL : __alloc_page(m, gfp);
}

static struct page *pt_quicklist_pop(struct mmk_machine *m)
{
	struct page *p;

	spin_lock(&m->pt_quicklist_lock);
	p = m->pt_quicklist;
	if (p) {
		m->pt_quicklist = page_next(p);
		m->nr_pt_quicklist--;
	}
	spin_unlock(&m->pt_quicklist_lock);
	return p;
}

/* A zeroed frame for a page table: the quicklist's first, else alloc_page. */
struct page *alloc_pgtable_page(struct mmk_machine *m)
{
	struct page *p;

	if (should_fail_alloc(m))
		return NULL;
	p = pt_quicklist_pop(m);
	p = p ? prep_new_page(m, p, __GFP_ZERO) : __alloc_page(m, __GFP_ZERO);
	/* Entries are read raw, not through the line record: real zeros. */
	if (p)
		frame_zero_dirty(m, page_to_pfn(m, p));
	return p;
}

/*
 * A frame whose refcount reached 0 becomes free (PG_free, uncounted).
 * Returns the frame to put on a free list: @p, or, for a poisoned table
 * frame, the quarantined frame it displaces (NULL if none).
 */
static struct page *free_frame_prepare(struct mmk_machine *m, struct page *p)
{
	unsigned int was = atomic_load_explicit(&p->flags, memory_order_relaxed);

	if (unlikely(was & PG_device)) {
		/* Back to its device, not the pool (a DAX fault may reuse it at once). */
		free_zone_device_page(m, p);
		return NULL;
	}
	assert(page_ref_count(p) == 0);
	assert(page_mapcount(p) == 0);
	assert(!(was & (PG_reserved | PG_free)));
	atomic_store_explicit(&p->flags, PG_free, memory_order_release);
	frames_stat_add(m, -1);
	if (unlikely(was & PG_pt_poisoned))
		return pt_quarantine_swap(m, p);	/* hold this table frame back */
	return p;
}

/*
 * Put the list @head..@tail of @n free frames on CPU @c's pcp list (the
 * caller is its owner); what goes beyond PCP_HIGH returns to the pool
 * PCP_BATCH at a time, the most recently freed first.
 */
static void pcp_free_list(struct mmk_machine *m, struct cpu *c, struct page *head,
			  struct page *tail, unsigned int n)
{
	struct page *give = NULL, *give_tail = NULL;
	unsigned int given = 0;

	spin_lock(&c->pcp_lock);
	set_page_next(tail, c->pcp);
	c->pcp = head;
	c->pcp_count += n;
	while (c->pcp_count > PCP_HIGH) {
		struct page *h = c->pcp, *t = h;

		for (unsigned int i = 1; i < PCP_BATCH; i++)
			t = page_next(t);
		c->pcp = page_next(t);
		c->pcp_count -= PCP_BATCH;
		h->run_tail = t;	/* one run of the pool's list */
		h->run_nr = PCP_BATCH;
		set_page_next(t, give);
		if (!give)
			give_tail = t;
		give = h;
		given += PCP_BATCH;
	}
	spin_unlock(&c->pcp_lock);
	if (give)
		pool_give_runs(m, give, give_tail, given);
}

/* Return a frame whose refcount reached 0. */
void free_frame(struct mmk_machine *m, struct page *p)
{
	struct cpu *c = cpu_of(m);

	p = free_frame_prepare(m, p);
	if (!p)
		return;
	if (c && c->m == m)
		pcp_free_list(m, c, p, p, 1);
	else
		pool_give_frame(m, p);
}

static void free_huge_folio(struct mmk_machine *m, struct page *head);

/*
 * release_pages - put_page() of each of @pages (an mmu_gather's batch);
 * the frames that become free go to this CPU's pcp list under one hold of
 * its lock, as Linux's free_unref_folios() does, instead of one per page.
 */
void release_pages(struct mmk_machine *m, struct page **pages, unsigned int nr)
{
	struct cpu *c = cpu_of(m);
	struct page *head = NULL, *tail = NULL;
	unsigned int n = 0;

	if (!c || c->m != m) {
		for (unsigned int i = 0; i < nr; i++)
			put_page(m, pages[i]);
		return;
	}
	for (unsigned int i = 0; i < nr; i++) {
		struct page *p = page_folio(pages[i]);

		if (PageTest(p, PG_reserved) || !atomic_dec_and_test(&p->_refcount))
			continue;
		if (folio_test_large(p)) {
			free_huge_folio(m, p);
			continue;
		}
		p = free_frame_prepare(m, p);
		if (!p)
			continue;
		set_page_next(p, head);
		head = p;
		if (!tail)
			tail = p;
		n++;
	}
	if (head)
		pcp_free_list(m, c, head, tail, n);
}

#ifndef NDEBUG
/* Is the frame all zero?  Entries are read as entries: it was a table. */
static bool pgtable_frame_zero(struct mmk_machine *m, struct page *p)
{
	const mmk_entry_t *e = page_address(m, p);
	uint64_t any = 0;

	for (int i = 0; i < PTRS_PER_TABLE; i++)
		any |= entry_read_nosched(&e[i]);
	return any == 0;
}
#endif

/* Under the conditions of free_frame(): keep a zero table frame; false if full. */
static bool pt_quicklist_push(struct mmk_machine *m, struct page *p)
{
	bool kept = false;

	assert(page_mapcount(p) == 0);
	spin_lock(&m->pt_quicklist_lock);
	if (m->nr_pt_quicklist < PT_QUICKLIST_MAX) {
		atomic_store_explicit(&p->flags, PG_free, memory_order_release);
		set_page_next(p, m->pt_quicklist);
		m->pt_quicklist = p;
		m->nr_pt_quicklist++;
		kept = true;
	}
	spin_unlock(&m->pt_quicklist_lock);
	if (kept)
		frames_stat_add(m, -1);
	return kept;
}

/* put_page() for a page-table frame (PG_table already cleared). */
void put_pgtable_page(struct mmk_machine *m, struct page *p)
{
	if (!atomic_dec_and_test(&p->_refcount))
		return;
	if (PageTest(p, PG_pt_poisoned | PG_reserved)) {
		free_frame(m, p);
		return;
	}
	assert(pgtable_frame_zero(m, p));	/* a table is freed empty */
	if (!pt_quicklist_push(m, p))
		free_frame(m, p);
}

void get_page(struct page *p)
{
	atomic_inc(&page_folio(p)->_refcount);
}

void put_page(struct mmk_machine *m, struct page *p)
{
	struct page *folio = page_folio(p);

	if (PageTest(folio, PG_reserved))
		return;
	if (atomic_dec_and_test(&folio->_refcount))
		free_folio(m, folio);
}

/* ---- PMD-sized folios (THP) ---- */
/*
 * Under pool_lock: 512 free, naturally aligned frames, or NULL.  Freed
 * huge folios come first; then the part of RAM the 4 KiB pool has not
 * grown into yet, whose chunks are 512 frames and aligned.  Frames freed
 * one by one never merge back (no buddy allocator, no compaction): once
 * RAM is fragmented, THP faults fall back to 4 KiB pages, as Linux's do
 * when no order-9 block is free.
 */
static struct page *huge_take(struct mmk_machine *m)
{
	struct page *head = huge_free_pop(m);

	if (head)
		return head;
	if (m->grown % HPAGE_PMD_NR || m->nr_frames - m->grown < HPAGE_PMD_NR)
		return NULL;
	head = &m->pages[m->grown];
	for (unsigned int i = 0; i < HPAGE_PMD_NR; i++)
		page_init(head + i, PG_free);
	m->grown += HPAGE_PMD_NR;
	return head;
}

/*
 * alloc_huge_folio - a PMD-sized folio: refcount 1 in the head, every
 * tail pointing at it, all 512 frames reading as zeros; or NULL (no
 * aligned block free, or an injected failure).
 */
struct page *alloc_huge_folio(struct mmk_machine *m)
{
	struct page *head;

	if (should_fail_alloc(m))
		return NULL;
	spin_lock(&m->pool_lock);
	head = huge_take(m);
	spin_unlock(&m->pool_lock);
	if (!head)
		return NULL;
	for (unsigned int i = 0; i < HPAGE_PMD_NR; i++) {
		struct page *p = prep_new_page(m, head + i, __GFP_ZERO);

		if (i) {
			atomic_set(&p->_refcount, 0);
			atomic_store_explicit(&p->compound_head, (uintptr_t)head | 1,
					      memory_order_relaxed);
		}
	}
	atomic_set(&head->_entire_mapcount, 0);
	atomic_set(&head->_pincount, 0);
	folio_mm_id_init(head);
	SetPageFlag(head, PG_head);
	return head;
}

/* The last reference to a huge folio went: all 512 frames are free. */
static void free_huge_folio(struct mmk_machine *m, struct page *head)
{
	deferred_split_dequeue(m, head);
	assert(atomic_read(&head->_entire_mapcount) == 0);
	assert(atomic_read(&head->_pincount) == 0);
	for (unsigned int i = 0; i < HPAGE_PMD_NR; i++) {
		struct page *p = head + i;

		assert(atomic_read(&p->_mapcount) == 0);
		atomic_store_explicit(&p->compound_head, 0, memory_order_relaxed);
		atomic_store_explicit(&p->flags, PG_free, memory_order_release);
	}
	frames_stat_add(m, -(long long)HPAGE_PMD_NR);
	spin_lock(&m->pool_lock);
	set_page_next(head, m->huge_free);
	m->huge_free = head;
	m->nr_huge_free++;
	spin_unlock(&m->pool_lock);
}

/*
 * The huge zero folio is reserved as the 4 KiB zero page is: never freed
 * while the machine lives, and not in frames_used.  The free is for a
 * racer whose folio lost (huge_memory.c).
 */
struct page *alloc_huge_zero_folio(struct mmk_machine *m)
{
	struct page *zero = alloc_huge_folio(m);

	if (!zero)
		return NULL;
	for (unsigned int i = 0; i < HPAGE_PMD_NR; i++)
		SetPageFlag(zero + i, PG_zero | PG_reserved);
	frames_stat_add(m, -(long long)HPAGE_PMD_NR);
	return zero;
}

void free_huge_zero_folio(struct mmk_machine *m, struct page *zero)
{
	for (unsigned int i = 0; i < HPAGE_PMD_NR; i++)
		ClearPageFlag(zero + i, PG_zero | PG_reserved);
	frames_stat_add(m, HPAGE_PMD_NR);
	put_page(m, zero);
}

void free_folio(struct mmk_machine *m, struct page *folio)
{
	if (folio_test_large(folio))
		free_huge_folio(m, folio);
	else
		free_frame(m, folio);
}

/* SPDX-License-Identifier: MIT */
/*
 * lab/stress_check.c - what `mmkit stress` checks (lab/stress.h): the
 * value every read may return, pins against the mapping, fork children,
 * the machine at rest and at the end; and the record of the first failure
 * with the last operations of every worker.
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
 * through one of its pins since, and nothing else.  MADV_DONTNEED and
 * munmap+mmap also bump zeroing epochs (the end one only when they
 * succeeded): one that began after the owner's latest write to the page
 * and ended before a read means the read must see zeros, even when other
 * disturbances overlapped (none of them brings old data back).  This is
 * what catches a zap that returned while another CPU could still use the
 * old translation (bug tlb_no_flush_nested).  MADV_PAGEOUT is not a
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
 */
#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <time.h>

#include "common/clock.h"
#include "common/errname.h"
#include "lab/stress.h"

#define PARK_WAIT 1.0		/* seconds to wait for every worker to park */

/* ---- what a page may show ---- */

/* A fresh value for page @p: its owner is about to write it. */
uint64_t new_value(struct stress *s, uint64_t p)
{
	return mkval(p, atomic_fetch_add(&s->sh[p].seq, 1) + 1);
}

/* Could page @p show @v at all: zero or a value its owner wrote? */
bool plausible(struct stress *s, uint64_t p, uint64_t v)
{
	uint64_t seq = v & SEQ_MASK;

	if (!v)
		return true;
	return !(v & CHILD_TAG) && val_page(v) == p && seq >= 1 &&
	       seq <= atomic_load(&s->sh[p].seq);
}

/* What an owner's page may show when a disturbance made it undetermined. */
bool own_acceptable(struct stress *s, uint64_t p, uint64_t v)
{
	const struct shadow *sh = &s->sh[p];

	if (!v || v == sh->last_written)
		return true;
	for (unsigned int i = 0; i < sh->nextra; i++)
		if (sh->extra[i] == v)
			return true;
	return sh->any_own && plausible(s, p, v);
}

void add_extra(struct shadow *sh, uint64_t pin_id, uint64_t v)
{
	sh->last_zb = atomic_load(&sh->zb);
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
void note_written(struct shadow *sh, uint64_t v)
{
	sh->last_zb = atomic_load(&sh->zb);
	sh->last_written = v;
	sh->nextra = 0;
	sh->any_own = false;
}

void disturb(struct stress *s, uint64_t start, uint64_t len, bool end)
{
	uint64_t p = (start - BASE) / MMK_PAGE_SIZE, last = p + len / MMK_PAGE_SIZE;

	for (; p < last; p++)
		atomic_fetch_add(end ? &s->sh[p].de : &s->sh[p].db, 1);
}

void disturb_zero(struct stress *s, uint64_t start, uint64_t len, bool end)
{
	uint64_t p = (start - BASE) / MMK_PAGE_SIZE, last = p + len / MMK_PAGE_SIZE;

	for (; p < last; p++)
		atomic_fetch_add(end ? &s->sh[p].ze : &s->sh[p].zb, 1);
}

/* ---- the operation log and the first failure ---- */

void note(struct worker *w, const char *fmt, ...)
{
	char *d = w->ring[w->nops % RING];
	int n = snprintf(d, DESC_LEN, "T%u #%" PRIu64 " ", w->id, w->nops);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(d + n, DESC_LEN - (size_t)n, fmt, ap);
	va_end(ap);
}

void note_more(struct worker *w, const char *fmt, ...)
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
void fail_record(struct stress *s, struct worker *w, uint64_t addr, bool polled,
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

bool failed(struct stress *s)
{
	return atomic_load_explicit(&s->failed, memory_order_relaxed);
}

/* A library call failed with an error nothing explains. */
void fail_op(struct stress *s, struct worker *w, uint64_t addr,
		    const char *what, int ret)
{
	fail(s, w, addr, "%s at %#" PRIx64 " failed: %s (nothing running could "
	     "cause that)", what, addr, err_name(-ret));
}

/* ---- writes, reads, pins and children ---- */

void count_check(struct worker *w, bool exact)
{
	w->checks++;
	w->exact_checks += exact;
}

bool pin_coherent(struct stress *s, const struct pin *pin)
{
	return pin->coh && atomic_load(&s->sh[pin->p].db) == pin->b0;
}

/*
 * The owner writes a fresh value into its page @p and reads it back: exact
 * if undisturbed, else it may read zeros, what it wrote, or what the page
 * showed before.  Updates the shadow and the pins of @p.
 */
void write_page(struct worker *w, uint64_t p, struct wres *res)
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
void read_page(struct worker *w, uint64_t p)
{
	struct stress *s = w->s;
	struct shadow *sh = &s->sh[p];
	uint64_t addr = page_addr(p), got = 0;
	uint64_t b0 = atomic_load(&sh->db), e0 = atomic_load(&sh->de);
	uint64_t z0 = atomic_load(&sh->ze);
	int rd = mmk_access(s->mm, addr, &got, sizeof(got), 0);
	bool quiet = b0 == e0 && atomic_load(&sh->db) == b0;
	bool mine = owner(s, p) == w->id;
	bool exact = mine && quiet && sh->last_ok && sh->last_db == b0;
	bool zeroed = mine && z0 > sh->last_zb;

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
	if (zeroed && got) {
		fail(s, w, addr, "invariant 10: %#" PRIx64 " reads %#" PRIx64
		     ", but a zap of it began after that was written and "
		     "completed before this read: it must read zeros", addr, got);
		return;
	}
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

const char *pin_text(const struct pin *pin, char *buf, size_t size)
{
	snprintf(buf, size, "%s%s pin by %s at #%" PRIu64,
		 pin->write ? "write" : "read-only",
		 pin->longterm ? " long-term" : "",
		 pin->fast ? "GUP-fast" : "GUP", pin->op);
	return buf;
}

/* The device reads through @pin: what it last put there, or a value of the page. */
void check_pin_content(struct worker *w, struct pin *pin, const char *when)
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

/* What the child reads at page @p must be what it could have inherited. */
void check_child_page(struct worker *w, uint64_t p)
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

void final_checks(struct stress *s)
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
void final_leak_check(struct stress *s)
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

uint64_t total_started(const struct stress *s)
{
	uint64_t n = 0;

	for (unsigned int i = 0; i < s->nthreads; i++)
		n += atomic_load_explicit(&s->w[i].started, memory_order_relaxed);
	return n;
}

/* Workers that ended (or never started). */
unsigned int nr_finished(const struct stress *s)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < s->nthreads; i++)
		n += !s->w[i].created || atomic_load(&s->w[i].finished);
	return n;
}

/* ---- the main thread's checks ---- */

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
void periodic_check(struct stress *s)
{
	struct mmk_violation v;
	double t0 = clock_seconds();
	int rc;

	atomic_store_explicit(&s->pause, 1, memory_order_release);
	while ((unsigned int)atomic_load(&s->parked) + nr_finished(s) < s->nthreads) {
		const struct timespec nap = { 0, 50 * 1000 };

		if (atomic_load(&s->stop) || clock_seconds() - t0 > PARK_WAIT)
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

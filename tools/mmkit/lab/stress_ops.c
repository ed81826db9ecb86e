/* SPDX-License-Identifier: MIT */
/*
 * lab/stress_ops.c - the operations of `mmkit stress` (lab/stress.h) and
 * their mix: writes and reads of a thread's own pages, GET references,
 * pins with DMA through them, the disturbances (MADV_DONTNEED/FREE,
 * MADV_PAGEOUT, mprotect cycles, mremap away and back, munmap+mmap), fork
 * and the child's accesses, migration to a device-private device, and DAX
 * pins racing unbind.  Each logs itself (note()) and leaves what its
 * outcome may be to the checks (lab/stress_check.c).
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
 */
#include <errno.h>
#include <string.h>

#include "common/errname.h"
#include "lab/stress.h"

/* Weights in per mille; they sum to 1000. */
static const unsigned int op_weight[NR_OP_KINDS] = {
	[OP_WRITE] = 187, [OP_BURST] = 50, [OP_READ] = 70, [OP_GET] = 30,
	[OP_PIN] = 70, [OP_DMA_WRITE] = 60, [OP_DMA_READ] = 30,
	[OP_WRITE_PINNED] = 70, [OP_UNPIN] = 35, [OP_DONTNEED] = 110,
	[OP_FREE] = 40, [OP_PAGEOUT] = 20, [OP_MPROTECT] = 20,
	[OP_MREMAP] = 15, [OP_REMAP] = 15, [OP_FORK] = 15, [OP_CHILD] = 50,
	[OP_MIGRATE] = 40, [OP_DAX_PIN] = 15, [OP_UNBIND] = 5, [OP_COLLAPSE] = 3,
	[OP_SHM_WRITE] = 25, [OP_SHM_READ] = 10, [OP_SHM_ZAP] = 10, [OP_SHM_COLLAPSE] = 5,
};

static const char *len_text(uint64_t len, char *buf, size_t size)
{
	if (!(len % TABLE_BYTES))
		snprintf(buf, size, "%" PRIu64 "M", len >> 20);
	else
		snprintf(buf, size, "%" PRIu64 "K", len >> 10);
	return buf;
}

/* ---- the owner's pages ---- */

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

/* A quarter of the reads go to the page this worker wrote last (TLB warm). */
static void op_read(struct worker *w, uint64_t a)
{
	uint64_t p = (a & 3) == 1 && w->last_page ? w->last_page - 1 : a % NPAGES;

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

/* ---- pins and DMA ---- */

void unpin(struct worker *w, struct pin *pin, bool dirty)
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

/* ---- disturbances ---- */

/*
 * A range of 4K, 64K, 256K or a whole table, aligned: a quarter of the
 * time around the page a worker just stored to, a quarter of the time the
 * range the last madvise picked (two zaps of one range at once, each
 * expected to leave it empty when it returns: tlb_no_flush_nested).
 */
static void pick_range(struct stress *s, uint64_t a, uint64_t *start, uint64_t *len)
{
	static const uint64_t pages[] = { 1, 16, 64, TABLE_PAGES };
	uint64_t n = pages[a % 4], last = atomic_load_explicit(&s->last_range,
							       memory_order_relaxed);
	uint64_t i = (a & 0xc0) == 0x40 ? atomic_load_explicit(&s->hot, memory_order_relaxed) / n
					 : (a >> 8) % (NPAGES / n);

	if ((a & 0xc0) == 0x80 && last) {
		*start = last & ~(uint64_t)(MMK_PAGE_SIZE - 1);
		*len = (last & (MMK_PAGE_SIZE - 1)) * MMK_PAGE_SIZE;
		return;
	}
	*len = n * MMK_PAGE_SIZE;
	*start = BASE + i * *len;
	atomic_store_explicit(&s->last_range, *start | n, memory_order_relaxed);
}

static void op_madvise(struct worker *w, uint64_t a, int advice)
{
	struct stress *s = w->s;
	const char *name = advice == MMK_MADV_DONTNEED ? "dontneed" :
			   advice == MMK_MADV_FREE ? "free" : "pageout";
	bool disturbs = advice != MMK_MADV_PAGEOUT;
	bool zeroes = advice == MMK_MADV_DONTNEED;
	uint64_t start, len;
	char lt[24];
	int ret;

	pick_range(s, a, &start, &len);
	note(w, "madvise %#" PRIx64 " %s %s", start, len_text(len, lt, sizeof(lt)), name);
	if (zeroes)
		disturb_zero(s, start, len, false);
	if (disturbs)
		disturb(s, start, len, false);
	ret = mmk_madvise(s->mm, start, len, advice);
	if (disturbs)
		disturb(s, start, len, true);
	if (zeroes && !ret)
		disturb_zero(s, start, len, true);
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
	disturb_zero(s, start, TABLE_BYTES, false);
	disturb(s, start, TABLE_BYTES, false);
	r1 = mmk_munmap(s->mm, start, TABLE_BYTES);
	r2 = mmk_mmap(s->mm, start, TABLE_BYTES, MMK_PROT_READ | MMK_PROT_WRITE,
		      MMK_MAP_PRIVATE);
	disturb(s, start, TABLE_BYTES, true);
	if (!r1 && !r2)
		disturb_zero(s, start, TABLE_BYTES, true);
	pthread_mutex_unlock(&s->table_lock[t]);
	note_more(w, " -> %s, %s", errtext(r1), errtext(r2));
	if (r1 || r2)
		fail_op(s, w, start, r1 ? "munmap" : "mmap", r1 ? r1 : r2);
}

/*
 * MADV_COLLAPSE of one table's 2M into a THP.  Not a disturbance: every
 * page's data must follow into the new folio exactly, and a pinned page
 * (or one under a GUP reference) stops the collapse, so pins stay
 * coherent.  EAGAIN (a reference), EINVAL (no table, a migration or
 * device entry, a VMA an mprotect split) and ENOMEM (no free 2M block, a
 * hole while another worker remaps the table) leave it as it was.
 */
static void op_collapse(struct worker *w, uint64_t a)
{
	struct stress *s = w->s;
	uint64_t start = BASE + a % NTABLES * TABLE_BYTES;
	int ret;

	note(w, "madvise %#" PRIx64 " 2M collapse", start);
	ret = mmk_madvise(s->mm, start, TABLE_BYTES, MMK_MADV_COLLAPSE);
	note_more(w, " -> %s", errtext(ret));
	w->collapsed += !ret;
	if (ret && ret != -EAGAIN && ret != -EINVAL && ret != -ENOMEM)
		fail_op(s, w, start, "madvise collapse", ret);
}

/* ---- shared memory ---- */
/*
 * Each thread owns every nthreads-th page of SHM_BASE and alone writes it;
 * nothing there is a disturbance (a zap leaves shmem's bytes in the page
 * cache, a collapse copies them), so every read of an own page must show
 * exactly the last value written, and any page a value of its own owner.
 */
static uint64_t shm_addr(uint64_t p)
{
	return SHM_BASE + p * MMK_PAGE_SIZE;
}

static uint64_t shm_own_page(const struct worker *w, uint64_t x)
{
	uint64_t n = (SHM_PAGES - w->id + w->s->nthreads - 1) / w->s->nthreads;

	return w->id + (x % n) * w->s->nthreads;
}

/* Read shared page @p: exactly its last value if ours, else its owner's. */
static void shm_check(struct worker *w, uint64_t p, bool own)
{
	struct stress *s = w->s;
	uint64_t v = 0;
	int rd = mmk_access(s->mm, shm_addr(p), &v, sizeof(v), 0);

	note_more(w, " read %#" PRIx64 " -> %s", v, errtext(rd));
	if (rd) {
		fail_op(s, w, shm_addr(p), "read of shared memory", rd);
	} else if (own && v != s->shm_val[p]) {
		fail(s, w, shm_addr(p), "invariant 10: shared page %#" PRIx64 " shows %#"
		     PRIx64 " but its owner wrote %#" PRIx64 " last", shm_addr(p), v,
		     s->shm_val[p]);
	} else if (v && val_page(v) != p) {
		fail(s, w, shm_addr(p), "invariant 10: shared page %#" PRIx64 " shows %#"
		     PRIx64 ", a value of another page", shm_addr(p), v);
	}
	count_check(w, own);
}

static void op_shm_write(struct worker *w, uint64_t a)
{
	struct stress *s = w->s;
	uint64_t p = shm_own_page(w, a), v = mkval(p, ++w->shm_seq);
	int wr;

	note(w, "shared write %#" PRIx64 " %#" PRIx64, shm_addr(p), v);
	wr = mmk_access(s->mm, shm_addr(p), &v, sizeof(v), 1);
	if (wr) {
		fail_op(s, w, shm_addr(p), "write of shared memory", wr);
		return;
	}
	s->shm_val[p] = v;
	shm_check(w, p, true);
}

static void op_shm_read(struct worker *w, uint64_t a, uint64_t b)
{
	uint64_t p = b & 1 ? shm_own_page(w, a) : a % SHM_PAGES;

	note(w, "shared read %#" PRIx64, shm_addr(p));
	shm_check(w, p, owner(w->s, p) == w->id);
}

/*
 * DONTNEED or PAGEOUT of one page, 16 pages or a whole table of shared
 * memory: both unmap (pageout keeps a dirty page in the cache), and
 * pageout of part of a huge folio splits it.
 */
static void op_shm_zap(struct worker *w, uint64_t a, uint64_t b)
{
	static const uint64_t pages[] = { 1, 16, TABLE_PAGES };
	struct stress *s = w->s;
	uint64_t n = pages[b % 3], start = SHM_BASE + (a % (SHM_PAGES / n)) * n * MMK_PAGE_SIZE;
	bool pageout = b / 3 % 2;
	int ret;

	note(w, "shared %s %#" PRIx64 " %" PRIu64 " pages", pageout ? "pageout" : "dontneed",
	     start, n);
	ret = mmk_madvise(s->mm, start, n * MMK_PAGE_SIZE,
			  pageout ? MMK_MADV_PAGEOUT : MMK_MADV_DONTNEED);
	note_more(w, " -> %s", errtext(ret));
	if (ret)
		fail_op(s, w, start, "madvise of shared memory", ret);
}

/*
 * MADV_COLLAPSE of one shared table (collapse_file, then retract in the
 * mm and any fork child), or every fourth time a khugepaged pass.  EAGAIN
 * (a page referenced or locked meanwhile), ENOMEM (no free 2M block) and
 * EINVAL (nothing cached there yet: Linux's SCAN_TRUNCATED) leave it as
 * it was.
 */
static void op_shm_collapse(struct worker *w, uint64_t a)
{
	struct stress *s = w->s;
	uint64_t start = SHM_BASE + a % SHM_TABLES * TABLE_BYTES;
	int ret;

	if (a % 4 == 0) {
		note(w, "khugepaged");
		ret = mmk_khugepaged(s->m, s->mm);
	} else {
		note(w, "madvise %#" PRIx64 " 2M collapse (shared)", start);
		ret = mmk_madvise(s->mm, start, TABLE_BYTES, MMK_MADV_COLLAPSE);
		w->shm_collapsed += !ret;
	}
	note_more(w, " -> %s", errtext(ret));
	if (ret && ret != -EAGAIN && ret != -ENOMEM && ret != -EINVAL)
		fail_op(s, w, start, "collapse of shared memory", ret);
}

/* ---- devices ---- */

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

void dax_unpin(struct worker *w)
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
int dax_map_new(struct stress *s)
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

/* ---- fork and the child ---- */

void child_exit(struct worker *w)
{
	mmk_exit(w->child);
	w->child = NULL;
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

/* ---- the mix ---- */

enum op_kind pick_kind(uint64_t r)
{
	unsigned int x = (unsigned int)(r % 1000), k;

	for (k = 0; k < NR_OP_KINDS - 1 && x >= op_weight[k]; k++)
		x -= op_weight[k];
	return (enum op_kind)k;
}

void run_op(struct worker *w, enum op_kind kind, uint64_t a, uint64_t b)
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
	case OP_COLLAPSE: op_collapse(w, a); break;
	case OP_SHM_WRITE: op_shm_write(w, a); break;
	case OP_SHM_READ: op_shm_read(w, a, b); break;
	case OP_SHM_ZAP: op_shm_zap(w, a, b); break;
	case OP_SHM_COLLAPSE: op_shm_collapse(w, a); break;
	case NR_OP_KINDS: break;
	}
}

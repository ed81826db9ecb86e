/* SPDX-License-Identifier: MIT */
/*
 * script/run.c - execute a parsed script on a fresh machine.
 *
 * The runner thread is attached to CPU 0 for the whole run; a statement
 * with cpu=N moves it to CPU N for that statement only.  Set-up statements
 * take effect when the machine is built; one that a later issue brings
 * fails the run there, before the first statement, at its own line.
 *
 * A statement's outcome is OK, an errno (or signal) from the library, or a
 * failure message (an expectation that did not hold, "not implemented
 * yet").  The first outcome that is not OK stops the run and is printed as
 * "FILE:LINE: STATEMENT: message".  With run_opts.soft_expect (`mmkit
 * compare`), an expectation that does not hold is counted and the run goes
 * on; any other failure still stops it.
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
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "script/script.h"

#define CHUNK (64u * 1024)	/* bytes per mmk_access of a long DATA */

struct runner {
	const struct script *sc;
	const struct run_opts *o;
	struct mmk_machine *m;
	struct mm_struct **mms;	/* by mm slot; NULL: exited or never made */
	struct pinset **pins;	/* by pin slot; NULL: released or never made */
	struct mmk_device *devs[MMK_MAX_DEVICES];	/* by device slot */
	int cpu;		/* the CPU the runner is attached to */
	int home;		/* its CPU between statements (0, or the block's) */
	int worker;		/* runs a thread block: no progress line */
	int index;		/* statement being run, for the progress line */
	double start, last_progress;
	int progress_shown;
	/* what it ran; a thread block's runner has its own, added up at `run` */
	uint64_t statements, expectations, unmet;
	int fail_line;		/* line of the failure, or 0 */
	int unmet_line;		/* line of the first unmet expectation, or 0 */
	char fail_msg[1024];	/* "FILE:LINE: STATEMENT: message" */
	char unmet_msg[1024];
};

static void set_fail(struct outcome *out, int is_unmet, const char *fmt,
		     va_list ap)
{
	out->kind = OUT_FAIL;
	out->unmet = is_unmet;
	vsnprintf(out->msg, sizeof(out->msg), fmt, ap);
}

/* A statement failed (a message rather than an errno). */
static void fail(struct outcome *out, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void fail(struct outcome *out, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	set_fail(out, 0, fmt, ap);
	va_end(ap);
}

/* An expectation did not hold (as opposed to a failed operation). */
static void unmet(struct outcome *out, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void unmet(struct outcome *out, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	set_fail(out, 1, fmt, ap);
	va_end(ap);
}

/* A library call's return value as an outcome. */
static void op_result(struct outcome *out, int rc)
{
	if (rc >= 0) {
		out->kind = OUT_OK;
		return;
	}
	out->kind = OUT_ERRNO;
	out->err = -rc;
}

/* The text that follows "STATEMENT: " for an outcome that is not OK. */
static const char *outcome_text(const struct outcome *out)
{
	if (out->kind == OUT_FAIL)
		return out->msg;
	if (out->err == ENOSYS)
		return "not implemented yet (the library returns ENOSYS)";
	return err_name(out->err);
}

/* ---- progress line (only on a terminal) ------------------------------------ */

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Show how far the run is once it has taken more than a second. */
static void progress(struct runner *r, double frac)
{
	double t;
	int width = 30, fill, i;
	char bar[32];

	if (!r->o->progress || r->worker)
		return;
	t = now();
	if (t - r->start < 1.0 || t - r->last_progress < 0.1)
		return;
	r->last_progress = t;
	frac = (r->index + frac) / (r->sc->nstmts ? r->sc->nstmts : 1);
	fill = (int)(frac * width);
	for (i = 0; i < width; i++)
		bar[i] = i < fill ? '#' : '.';
	bar[width] = '\0';
	fprintf(stderr, "\r%s: [%s] %3d%% line %d", r->sc->file, bar,
		(int)(frac * 100), r->sc->stmts[r->index].line);
	r->progress_shown = 1;
}

static void progress_clear(struct runner *r)
{
	if (r->progress_shown)
		fprintf(stderr, "\r\033[K");
	r->progress_shown = 0;
}

/* ---- helpers ------------------------------------------------------------------ */

static struct mm_struct *get_mm(struct runner *r, const struct stmt *s,
				int k, struct outcome *out)
{
	struct mm_struct *mm = r->mms[s->a[k].slot];

	if (!mm)
		fail(out, "mm `%s` does not exist (its creation failed)",
		     r->sc->slots[SLOT_MM].v[s->a[k].slot].name);
	return mm;
}

static int use_cpu(struct runner *r, int cpu, struct outcome *out)
{
	int rc;

	if (cpu == r->cpu)
		return 0;
	mmk_cpu_detach(r->m);
	r->cpu = -1;
	rc = mmk_cpu_attach(r->m, (unsigned int)cpu);
	if (rc < 0) {
		fail(out, "cannot attach to cpu %d: %s", cpu, err_name(-rc));
		return -1;
	}
	r->cpu = cpu;
	return 0;
}

/* The issue a statement waits for, if it uses something not built yet. */
static const char *stmt_notimpl(const struct stmt *s)
{
	int k;

	if (s->desc->notimpl)
		return s->desc->notimpl;
	if (s->opts & O_HUGE)
		return "THP issue";
	for (k = 0; k < s->nargs; k++)
		if (s->a[k].nv && s->a[k].nv->notimpl)
			return s->a[k].nv->notimpl;
	return NULL;
}

static void exec_stmt(struct runner *r, const struct stmt *s,
		      struct outcome *out)
{
	const char *ni = stmt_notimpl(s);
	struct outcome back;

	out->kind = OUT_OK;
	out->unmet = 0;
	if (ni) {
		fail(out, "not implemented yet (%s)", ni);
		return;
	}
	if (s->cpu >= 0 && use_cpu(r, s->cpu, out))
		return;
	s->desc->run(r, s, out);
	if (use_cpu(r, r->home, &back) && out->kind == OUT_OK)
		*out = back;
}

/* ---- address spaces ---------------------------------------------------------- */

void run_mm(struct runner *r, const struct stmt *s, struct outcome *out)
{
	struct mm_struct *mm = NULL;

	op_result(out, mmk_mm_create(r->m, &mm));
	if (out->kind == OUT_OK)
		r->mms[s->a[0].slot] = mm;
}

void run_mmap(struct runner *r, const struct stmt *s, struct outcome *out)
{
	struct mm_struct *mm = get_mm(r, s, 0, out);
	int flags = MMK_MAP_PRIVATE;

	if (!mm)
		return;
	if (s->opts & O_SHARED)
		flags |= MMK_MAP_SHARED;
	if (s->opts & O_POPULATE)
		flags |= MMK_MAP_POPULATE;
	if (s->opts & O_DEV) {
		/* /dev/daxX.Y is MAP_SHARED only: `shared` may be given or not. */
		op_result(out, mmk_mmap_device(mm, s->a[1].num, s->a[2].num, s->a[3].val,
					       r->devs[s->dev], (s->opts & O_OFF) ? s->off : 0));
		return;
	}
	op_result(out, mmk_mmap(mm, s->a[1].num, s->a[2].num, s->a[3].val,
				flags));
}

void run_munmap(struct runner *r, const struct stmt *s, struct outcome *out)
{
	struct mm_struct *mm = get_mm(r, s, 0, out);

	if (mm)
		op_result(out, mmk_munmap(mm, s->a[1].num, s->a[2].num));
}

void run_mprotect(struct runner *r, const struct stmt *s, struct outcome *out)
{
	struct mm_struct *mm = get_mm(r, s, 0, out);

	if (mm)
		op_result(out, mmk_mprotect(mm, s->a[1].num, s->a[2].num,
					    s->a[3].val));
}

void run_madvise(struct runner *r, const struct stmt *s, struct outcome *out)
{
	struct mm_struct *mm = get_mm(r, s, 0, out);

	if (mm)
		op_result(out, mmk_madvise(mm, s->a[1].num, s->a[2].num,
					   s->a[3].val));
}

void run_mremap(struct runner *r, const struct stmt *s, struct outcome *out)
{
	struct mm_struct *mm = get_mm(r, s, 0, out);

	if (mm)
		op_result(out, mmk_mremap(mm, s->a[1].num, s->a[2].num, s->a[3].num,
					  s->a[4].num,
					  (s->opts & O_DONTUNMAP) ? MMK_MREMAP_DONTUNMAP : 0));
}

void run_fork(struct runner *r, const struct stmt *s, struct outcome *out)
{
	struct mm_struct *parent = get_mm(r, s, 0, out);
	struct mm_struct *child = NULL;

	if (!parent)
		return;
	op_result(out, mmk_fork(parent, &child));
	if (out->kind == OUT_OK)
		r->mms[s->a[1].slot] = child;
}

void run_exit(struct runner *r, const struct stmt *s, struct outcome *out)
{
	struct mm_struct *mm = get_mm(r, s, 0, out);

	if (!mm)
		return;
	mmk_exit(mm);
	r->mms[s->a[0].slot] = NULL;
}

void run_sync(struct runner *r, const struct stmt *s, struct outcome *out)
{
	mmk_sync(r->m);
}

/* ---- memory access ------------------------------------------------------------- */

/* Bytes [off, off+n) of DATA into @buf (a pattern is expanded there). */
static const unsigned char *data_chunk(const struct data *d, uint64_t off,
				       size_t n, unsigned char *buf)
{
	if (d->bytes)
		return d->bytes + off;
	memset(buf, d->byte, n);
	return buf;
}

void run_write(struct runner *r, const struct stmt *s, struct outcome *out)
{
	struct mm_struct *mm = get_mm(r, s, 0, out);
	const struct data *d = &s->a[2].data;
	unsigned char buf[CHUNK];
	uint64_t off;

	if (!mm)
		return;
	for (off = 0; off < d->len && out->kind == OUT_OK; off += CHUNK) {
		size_t n = d->len - off < CHUNK ? (size_t)(d->len - off) : CHUNK;
		const unsigned char *src = data_chunk(d, off, n, buf);

		if (src != buf)
			memcpy(buf, src, n);
		op_result(out, mmk_access(mm, s->a[1].num + off, buf, n, 1));
		progress(r, (double)off / (double)d->len);
	}
}

void run_read(struct runner *r, const struct stmt *s, struct outcome *out)
{
	struct mm_struct *mm = get_mm(r, s, 0, out);
	const struct data *d = &s->a[2].data;
	unsigned char got[CHUNK], want[CHUNK];
	uint64_t off;
	size_t i;

	if (!mm)
		return;
	for (off = 0; off < d->len; off += CHUNK) {
		size_t n = d->len - off < CHUNK ? (size_t)(d->len - off) : CHUNK;
		const unsigned char *exp = data_chunk(d, off, n, want);

		op_result(out, mmk_access(mm, s->a[1].num + off, got, n, 0));
		if (out->kind != OUT_OK)
			return;
		for (i = 0; i < n; i++) {
			if (got[i] == exp[i])
				continue;
			fail(out, "expected 0x%02x at offset %llu (address "
			     "0x%llx), got 0x%02x", exp[i],
			     (unsigned long long)(off + i),
			     (unsigned long long)(s->a[1].num + off + i), got[i]);
			return;
		}
		progress(r, (double)off / (double)d->len);
	}
}

/* ---- devices and migration ---------------------------------------------------- */
void run_migrate(struct runner *r, const struct stmt *s, struct outcome *out)
{
	struct mm_struct *mm = get_mm(r, s, 0, out);
	int target = s->a[3].slot;

	if (!mm)
		return;
	if (target < 0)
		op_result(out, mmk_migrate_to_ram(mm, s->a[1].num, s->a[2].num, NULL));
	else
		op_result(out, mmk_migrate_to_device(mm, s->a[1].num, s->a[2].num,
						     r->devs[target], NULL));
}

void run_unbind(struct runner *r, const struct stmt *s, struct outcome *out)
{
	op_result(out, mmk_device_unbind(r->devs[s->a[0].slot]));
}

/* dev-read / dev-write: through the device's mirror of the page table. */
void run_dev_access(struct runner *r, const struct stmt *s, struct outcome *out)
{
	struct mmk_device *dev = r->devs[s->a[0].slot];
	struct mm_struct *mm = get_mm(r, s, 1, out);
	const struct data *d = &s->a[3].data;
	int write = !strcmp(s->desc->name, "dev-write");
	unsigned char got[CHUNK], want[CHUNK];

	if (!mm)
		return;
	for (uint64_t off = 0; off < d->len; off += CHUNK) {
		size_t n = d->len - off < CHUNK ? (size_t)(d->len - off) : CHUNK;
		const unsigned char *exp = data_chunk(d, off, n, want);
		uint64_t at = s->a[2].num + off;

		op_result(out, mmk_device_access(dev, mm, at, write ? (void *)exp : got, n,
						 write));
		if (out->kind != OUT_OK)
			return;
		if (write)
			continue;
		for (size_t i = 0; i < n; i++)
			if (got[i] != exp[i]) {
				fail(out, "expected 0x%02x at offset %llu (address 0x%llx), "
				     "got 0x%02x", exp[i], (unsigned long long)(off + i),
				     (unsigned long long)(at + i), got[i]);
				return;
			}
	}
}

/* memremap_pages for every `device` of the script, in slot order. */
static int create_devices(struct runner *r)
{
	const struct script *sc = r->sc;

	for (int i = 0; i < sc->slots[SLOT_DEV].n && i < MMK_MAX_DEVICES; i++) {
		const struct dev_decl *d = &sc->devs[i];
		int rc = mmk_device_create(r->m, d->dax ? MMK_DEVICE_DAX : MMK_DEVICE_PRIVATE,
					   d->bytes, d->align, &r->devs[i]);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* ---- GUP and DMA ------------------------------------------------------------- */

/* The pages of a `pin` or `get` statement, until `unpin`. */
struct pinset {
	int is_pin;
	unsigned long n;
	struct page *pages[];
};

static void pinset_release(struct mmk_machine *m, struct pinset *p, int dirty)
{
	if (p->is_pin)
		mmk_unpin_user_pages_dirty_lock(m, p->pages, p->n, dirty);
	else
		for (unsigned long i = 0; i < p->n; i++)
			mmk_put_page(m, p->pages[i]);
	free(p);
}

void run_pin(struct runner *r, const struct stmt *s, struct outcome *out)
{
	struct mm_struct *mm = get_mm(r, s, 1, out);
	int is_pin = !strcmp(s->desc->name, "pin"), fast = !!(s->opts & O_FAST);
	unsigned int flags = ((s->opts & O_WRITE) ? MMK_FOLL_WRITE : 0) |
			     ((s->opts & O_LONGTERM) ? MMK_FOLL_LONGTERM : 0);
	unsigned long n = (unsigned long)s->a[3].num;
	struct pinset *p;
	long got;

	if (!mm)
		return;
	/*
	 * The set's array is sized by NPAGES: a request larger than the whole
	 * user address space could never be granted, so answer it as GUP
	 * would (EOVERFLOW when the range wraps, else EFAULT past TASK_SIZE)
	 * before the size computation can wrap.
	 */
	if (n > MMK_TASK_SIZE >> MMK_PAGE_SHIFT) {
		op_result(out, n > (UINT64_MAX - s->a[2].num) >> MMK_PAGE_SHIFT ?
			       -EOVERFLOW : -EFAULT);
		return;
	}
	p = malloc(sizeof(*p) + n * sizeof(p->pages[0]));
	if (!p) {
		op_result(out, -ENOMEM);
		return;
	}
	p->is_pin = is_pin;
	p->n = 0;
	got = is_pin ? (fast ? mmk_pin_user_pages_fast : mmk_pin_user_pages)(mm,
				s->a[2].num, n, flags, p->pages)
		     : (fast ? mmk_get_user_pages_fast : mmk_get_user_pages)(mm,
				s->a[2].num, n, flags, p->pages);
	if (got >= 0 && (unsigned long)got < n) {
		/* Partial: nothing stays pinned; report why the next page failed. */
		struct page *next;
		long why = (is_pin ? mmk_pin_user_pages : mmk_get_user_pages)(mm,
				s->a[2].num + (uint64_t)got * MMK_PAGE_SIZE, 1, flags, &next);

		p->n = (unsigned long)got;
		pinset_release(r->m, p, 0);
		if (why > 0 && is_pin)
			mmk_unpin_user_pages(r->m, &next, 1);
		else if (why > 0)
			mmk_put_page(r->m, next);
		op_result(out, why < 0 ? (int)why : -EFAULT);
		return;
	}
	if (got < 0) {
		free(p);
		op_result(out, (int)got);
		return;
	}
	p->n = n;
	r->pins[s->a[0].slot] = p;
	op_result(out, 0);
}

void run_unpin(struct runner *r, const struct stmt *s, struct outcome *out)
{
	struct pinset *p = r->pins[s->a[0].slot];

	if (!p) {
		fail(out, "`%s` holds no pages (its pin failed)",
		     r->sc->slots[SLOT_PIN].v[s->a[0].slot].name);
		return;
	}
	if (!p->is_pin && (s->opts & O_DIRTY)) {
		fail(out, "`dirty` applies to pin sets (unpin_user_pages_dirty_lock), "
		     "not to get sets");
		return;
	}
	r->pins[s->a[0].slot] = NULL;
	pinset_release(r->m, p, !!(s->opts & O_DIRTY));
	op_result(out, 0);
}

/* dma-write / dma-read: a device accesses the set's pages directly. */
void run_dma(struct runner *r, const struct stmt *s, struct outcome *out)
{
	struct pinset *p = r->pins[s->a[0].slot];
	const struct data *d = &s->a[2].data;
	int write = !strcmp(s->desc->name, "dma-write");
	uint64_t pos = s->a[1].num, done = 0;
	unsigned char want[CHUNK], got[MMK_PAGE_SIZE];

	if (!p) {
		fail(out, "`%s` holds no pages (its pin failed)",
		     r->sc->slots[SLOT_PIN].v[s->a[0].slot].name);
		return;
	}
	if (pos > (uint64_t)p->n * MMK_PAGE_SIZE ||
	    d->len > (uint64_t)p->n * MMK_PAGE_SIZE - pos) {
		op_result(out, -EINVAL);	/* beyond the pinned pages */
		return;
	}
	while (done < d->len) {
		uint64_t at = pos + done, off = at % MMK_PAGE_SIZE;
		size_t n = (size_t)(MMK_PAGE_SIZE - off);
		struct page *pg = p->pages[at / MMK_PAGE_SIZE];
		const unsigned char *exp;

		if (n > d->len - done)
			n = (size_t)(d->len - done);
		exp = data_chunk(d, done, n, want);
		if (write) {
			op_result(out, mmk_dma_write(r->m, pg, off, exp, n));
			if (out->kind != OUT_OK)
				return;
		} else {
			op_result(out, mmk_dma_read(r->m, pg, off, got, n));
			if (out->kind != OUT_OK)
				return;
			for (size_t i = 0; i < n; i++)
				if (got[i] != exp[i]) {
					fail(out, "expected 0x%02x at offset %llu of the set, "
					     "got 0x%02x", exp[i],
					     (unsigned long long)(at + i), got[i]);
					return;
				}
		}
		done += n;
	}
	op_result(out, 0);
}

/*
 * One access at the start of each page (or stride): a load, and for `w`
 * a store of the byte just loaded, as `p[i] = p[i]` would do.
 */
void run_touch(struct runner *r, const struct stmt *s, struct outcome *out)
{
	struct mm_struct *mm = get_mm(r, s, 0, out);
	uint64_t addr = s->a[1].num, len = s->a[2].num, off;
	uint64_t stride = (s->opts & O_STRIDE) ? s->stride : MMK_PAGE_SIZE;
	unsigned long n = 0;

	if (!mm)
		return;
	if (addr % MMK_PAGE_SIZE || len % MMK_PAGE_SIZE || !len) {
		op_result(out, -EINVAL);
		return;
	}
	for (off = 0; off < len; off += stride) {
		unsigned char b;
		int rc = mmk_access(mm, addr + off, &b, 1, 0);

		if (!rc && s->a[3].val)
			rc = mmk_access(mm, addr + off, &b, 1, 1);
		if (rc) {
			op_result(out, rc);
			return;
		}
		if (!(++n % 4096))
			progress(r, (double)off / (double)len);
	}
}

/* ---- expectations ------------------------------------------------------------- */

void run_expect_error(struct runner *r, const struct stmt *s,
		      struct outcome *out)
{
	const char *want = s->a[0].nv->name;
	struct outcome in;

	exec_stmt(r, s->inner, &in);
	if (in.kind == OUT_ERRNO && in.err == s->a[0].val)
		out->kind = OUT_OK;
	else if (in.kind == OUT_OK)
		unmet(out, "expected %s, got success", want);
	else if (in.kind == OUT_ERRNO)
		unmet(out, "expected %s, got %s", want, err_name(in.err));
	else
		*out = in;
}

/*
 * may-fail ERR STATEMENT: either outcome is fine.  For thread blocks where
 * the interleaving decides which of two racing operations loses (a pin vs
 * an unbind: EFAULT or EBUSY); any other error still fails.
 */
void run_may_fail(struct runner *r, const struct stmt *s, struct outcome *out)
{
	exec_stmt(r, s->inner, out);
	if (out->kind == OUT_ERRNO && out->err == s->a[0].val)
		out->kind = OUT_OK;
}

/* Append " key=val" pairs to the two halves of an "expected, got" pair. */
static void kv_mismatch(char *want, char *got, size_t size, const char *key,
			uint64_t w, uint64_t g)
{
	size_t nw = strlen(want), ng = strlen(got);

	snprintf(want + nw, size - nw, "%s%s=%llu", nw ? " " : "", key,
		 (unsigned long long)w);
	snprintf(got + ng, size - ng, "%s%s=%llu", ng ? " " : "", key,
		 (unsigned long long)g);
}

static void kv_check(const struct stmt *s, const uint64_t *have,
		     struct outcome *out)
{
	char want[256] = "", got[256] = "";
	int k;

	for (k = 0; k < s->nkv; k++)
		if (have[s->kv[k].key] != s->kv[k].val)
			kv_mismatch(want, got, sizeof(want), s->kv[k].name,
				    s->kv[k].val, have[s->kv[k].key]);
	if (want[0])
		unmet(out, "expected %s, got %s", want, got);
}

void run_expect_pte(struct runner *r, const struct stmt *s,
		    struct outcome *out)
{
	struct mm_struct *mm = get_mm(r, s, 0, out);
	struct mmk_pte_info pi;
	uint64_t have[K_PTE_EXCLUSIVE + 1];
	int rc;

	if (!mm)
		return;
	memset(&pi, 0, sizeof(pi));
	rc = mmk_query_pte(mm, s->a[1].num, &pi);
	if (rc < 0) {
		op_result(out, rc);
		return;
	}
	have[K_PTE_NONE] = !!pi.none;
	have[K_PTE_PRESENT] = !!pi.present;
	have[K_PTE_WRITE] = !!pi.write;
	have[K_PTE_DIRTY] = !!pi.dirty;
	have[K_PTE_YOUNG] = !!pi.young;
	have[K_PTE_HUGE] = !!pi.huge;
	have[K_PTE_DEVMAP] = !!pi.devmap;
	have[K_PTE_MIGRATION] = !!pi.migration;
	have[K_PTE_DEVICE] = !!pi.device;
	have[K_PTE_EXCLUSIVE] = !!pi.exclusive;
	kv_check(s, have, out);
}

void run_expect_page(struct runner *r, const struct stmt *s,
		     struct outcome *out)
{
	struct mm_struct *mm = get_mm(r, s, 0, out);
	struct mmk_page_info pi;
	uint64_t have[K_PAGE_DEVICE + 1];
	int rc;

	if (!mm)
		return;
	memset(&pi, 0, sizeof(pi));
	rc = mmk_query_page(mm, s->a[1].num, &pi);
	if (rc == -ENOENT) {
		unmet(out, "expected a mapped page, got none");
		return;
	}
	if (rc < 0) {
		op_result(out, rc);
		return;
	}
	have[K_PAGE_MAPCOUNT] = (uint64_t)(int64_t)pi.mapcount;
	have[K_PAGE_REFCOUNT] = (uint64_t)(int64_t)pi.refcount;
	have[K_PAGE_PINNED] = !!pi.pinned;
	have[K_PAGE_DIRTY] = !!pi.dirty;
	have[K_PAGE_ANON] = !!pi.anon;
	have[K_PAGE_ZERO] = !!pi.zero;
	have[K_PAGE_DEVICE] = !!pi.device;
	kv_check(s, have, out);
}

static int compare(uint64_t a, int op, uint64_t b)
{
	switch (op) {
	case OP_EQ: return a == b;
	case OP_NE: return a != b;
	case OP_LT: return a < b;
	case OP_LE: return a <= b;
	case OP_GT: return a > b;
	default: return a >= b;
	}
}

/* "expected KEY OP VALUE, got X" for `expect stat` and `expect sys`. */
static void expect_cmp(const struct stmt *s, int k, uint64_t have,
		       struct outcome *out)
{
	const struct arg *key = &s->a[k], *op = &s->a[k + 1];
	uint64_t want = s->a[k + 2].num;

	if (!compare(have, op->val, want))
		unmet(out, "expected %s %s %llu, got %llu", key->nv->name,
		     op->nv->name, (unsigned long long)want,
		     (unsigned long long)have);
}

void run_expect_stat(struct runner *r, const struct stmt *s,
		     struct outcome *out)
{
	struct mm_struct *mm = get_mm(r, s, 0, out);
	struct mmk_mm_stats st;
	uint64_t have[K_STAT_VMAS + 1];

	if (!mm)
		return;
	memset(&st, 0, sizeof(st));
	mmk_mm_stats(mm, &st);
	have[K_STAT_RSS] = st.rss;
	have[K_STAT_PGTABLE] = st.pgtable;
	have[K_STAT_PTE_TABLES] = st.pte_tables;
	have[K_STAT_PMD_TABLES] = st.pmd_tables;
	have[K_STAT_PUD_TABLES] = st.pud_tables;
	have[K_STAT_VMAS] = st.vmas;
	expect_cmp(s, 1, have[s->a[1].val], out);
}

void run_expect_sys(struct runner *r, const struct stmt *s,
		    struct outcome *out)
{
	struct mmk_sys_stats st;
	uint64_t have[K_SYS_PENDING_FREE + 1];

	memset(&st, 0, sizeof(st));
	mmk_machine_stats(r->m, &st);
	have[K_SYS_FRAMES_USED] = st.frames_used;
	have[K_SYS_PGTABLE_FRAMES] = st.pgtable_frames;
	have[K_SYS_PENDING_FREE] = st.pending_free;
	expect_cmp(s, 0, have[s->a[0].val], out);
}

void run_expect_frame(struct runner *r, const struct stmt *s,
		      struct outcome *out)
{
	int same = !strcmp(s->desc->name, "expect same-frame");
	struct mmk_page_info pi[2];
	int i;

	for (i = 0; i < 2; i++) {
		struct mm_struct *mm = get_mm(r, s, 2 * i, out);
		int rc;

		if (!mm)
			return;
		memset(&pi[i], 0, sizeof(pi[i]));
		rc = mmk_query_page(mm, s->a[2 * i + 1].num, &pi[i]);
		if (rc == -ENOENT) {
			unmet(out, "expected a mapped page at %s 0x%llx, got none",
			     r->sc->slots[SLOT_MM].v[s->a[2 * i].slot].name,
			     (unsigned long long)s->a[2 * i + 1].num);
			return;
		}
		if (rc < 0) {
			op_result(out, rc);
			return;
		}
	}
	if (same && pi[0].pfn != pi[1].pfn)
		unmet(out, "expected the same frame, got pfn 0x%llx and pfn 0x%llx",
		      (unsigned long long)pi[0].pfn,
		      (unsigned long long)pi[1].pfn);
	else if (!same && pi[0].pfn == pi[1].pfn)
		unmet(out, "expected distinct frames, got pfn 0x%llx for both",
		      (unsigned long long)pi[0].pfn);
}

/* ---- the run ------------------------------------------------------------------- */

static void report_failure(const struct run_opts *o, struct file_report *rep,
			   const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void report_failure(const struct run_opts *o, struct file_report *rep,
			   const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(rep->message, sizeof(rep->message), fmt, ap);
	va_end(ap);
	rep->failed = 1;
	if (!o->quiet)
		fprintf(stderr, "%s\n", rep->message);
}

/*
 * A set-up statement a later issue brings fails the run before the
 * machine is built, at its own line.  Returns 0 or 1.
 */
static int check_setup(const struct script *sc, const struct run_opts *o,
		       struct file_report *rep)
{
	for (int i = 0; i < sc->nstmts; i++) {
		const struct stmt *s = &sc->stmts[i];
		const char *ni = stmt_notimpl(s);

		if (!(s->desc->flags & D_SETUP) || !ni)
			continue;
		report_failure(o, rep, "%s:%d: %s: not implemented yet (%s)",
			       sc->file, s->line, s->text, ni);
		return 1;
	}
	return 0;
}

static void collect(struct runner *r, struct file_report *rep)
{
	const struct slot_table *st = &r->sc->slots[SLOT_MM];
	int i;

	mmk_machine_stats(r->m, &rep->sys);
	mmk_pt_counters(r->m, rep->counters);
	rep->nmms = 0;
	for (i = 0; i < st->n && rep->nmms < REPORT_MAX_MMS; i++) {
		if (!r->mms[i])
			continue;
		rep->mms[rep->nmms].name = st->v[i].name;
		mmk_mm_stats(r->mms[i], &rep->mms[rep->nmms].st);
		rep->nmms++;
	}
}

static void teardown(struct runner *r)
{
	int i;

	for (i = 0; i < r->sc->slots[SLOT_PIN].n; i++)
		if (r->pins[i])
			pinset_release(r->m, r->pins[i], 0);
	free(r->pins);
	for (i = 0; i < r->sc->slots[SLOT_MM].n; i++)
		if (r->mms[i])
			mmk_exit(r->mms[i]);
	if (r->cpu >= 0)
		mmk_cpu_detach(r->m);
	mmk_machine_destroy(r->m);
	free(r->mms);
}

/* Record a failure at @s's line unless an earlier one is recorded. */
static void note_failure(struct runner *r, const struct stmt *s,
			 const char *what)
{
	if (r->fail_line)
		return;
	r->fail_line = s->line;
	snprintf(r->fail_msg, sizeof(r->fail_msg), "%s:%d: %s: %s",
		 r->sc->file, s->line, s->text, what);
}

/*
 * Run one statement and count it.  Returns 0 to go on, -1 when the run
 * must stop (r->fail_msg says why).
 */
/*
 * --check: a violation the continuous checks recorded, or (between
 * statements of the main thread, when nothing runs concurrently) one the
 * full check finds.  Names the script's mms in place of their addresses.
 */
static int check_invariants(struct runner *r, struct outcome *out)
{
	struct mmk_violation v;
	char msg[sizeof(v.what) + 64];
	int bad;

	mmk_explore_mute(true);		/* the checker is not explored */
	bad = mmk_violation_pending(r->m, &v);
	if (!bad && (!r->worker || (r->o->explore && mmk_explore_quiescent())))
		bad = mmk_check(r->m, &v) == 1;
	mmk_explore_mute(false);
	if (!bad)
		return 0;
	snprintf(msg, sizeof(msg), "%s", v.what);
	for (int i = 0; i < r->sc->slots[SLOT_MM].n; i++) {
		char ptr[40], *at;
		if (!r->mms[i])
			continue;
		snprintf(ptr, sizeof(ptr), "mm %p", (void *)r->mms[i]);
		while ((at = strstr(msg, ptr))) {
			char rest[sizeof(msg)];
			snprintf(rest, sizeof(rest), "%s", at + strlen(ptr));
			snprintf(at, sizeof(msg) - (size_t)(at - msg), "mm %s%s",
				 r->sc->slots[SLOT_MM].v[i].name, rest);
		}
	}
	fail(out, "%s", msg);
	return 1;
}

static int step(struct runner *r, const struct stmt *s)
{
	struct outcome out;

	if (r->worker && r->o->explore)
		mmk_explore_label(s->text);
	exec_stmt(r, s, &out);
	if (out.kind == OUT_OK && r->o->check && check_invariants(r, &out)) {
		note_failure(r, s, outcome_text(&out));
		return -1;
	}
	if (out.kind == OUT_OK || (out.unmet && r->o->soft_expect)) {
		r->statements++;
		if (s->desc->flags & D_EXPECT)
			r->expectations++;
		if (out.kind == OUT_OK)
			return 0;
		r->unmet++;
		if (!r->unmet_line) {
			r->unmet_line = s->line;
			snprintf(r->unmet_msg, sizeof(r->unmet_msg),
				 "%s:%d: %s: %s", r->sc->file, s->line, s->text,
				 outcome_text(&out));
		}
		return 0;
	}
	note_failure(r, s, outcome_text(&out));
	return -1;
}

/* ---- thread blocks ------------------------------------------------------------- */

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
		note_failure(r, w->th, why);
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
		if (step(r, &r->sc->stmts[w->first + i]))
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
		note_failure(r, run, "cannot set up threads");
		return -1;
	}
	if (r->o->explore && (rc = mmk_explore_run_begin(r->o->explore, r->m, n))) {
		pthread_attr_destroy(&attr);
		note_failure(r, run, "cannot start the explorer's threads");
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
		note_failure(r, ws[i - 1].th, why);
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
static int run_blocks(struct runner *r, int ri)
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
		note_failure(r, run, "out of memory");
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
	if (use_cpu(r, r->home, &out)) {
		note_failure(r, run, outcome_text(&out));
		return -1;
	}
	if (rc)
		return -1;
	if (r->o->check) {
		struct outcome out;
		if (check_invariants(r, &out)) {
			note_failure(r, run, outcome_text(&out));
			return -1;
		}
	}
	r->statements++;		/* `run` itself */
	return 0;
}

/* Run every statement after set-up; stop at the first failure. */
static void run_statements(struct runner *r)
{
	const struct script *sc = r->sc;

	for (r->index = 0; r->index < sc->nstmts; r->index++) {
		const struct stmt *s = &sc->stmts[r->index];

		if ((s->desc->flags & (D_SETUP | D_THREAD)) || s->block >= 0)
			continue;
		progress(r, 0);
		if (s->desc->flags & D_RUN) {
			if (run_blocks(r, r->index))
				break;
			continue;
		}
		if (step(r, s))
			break;
	}
	progress_clear(r);
}

int script_run(const struct script *sc, const struct run_opts *o,
	       struct file_report *rep)
{
	struct mmk_config cfg = sc->cfg;
	struct runner *r = calloc(1, sizeof(*r));
	int rc;

	rep->file = sc->file;
	if (o->policy >= 0)
		cfg.policy = (enum mmk_policy)o->policy;
	cfg.bugs |= o->bugs;
	rep->policy = mmk_policy_name(cfg.policy);
	if (!r) {
		report_failure(o, rep, "%s: out of memory", sc->file);
		return 1;
	}
	if (check_setup(sc, o, rep)) {
		free(r);
		return 1;
	}
	r->sc = sc;
	r->o = o;
	r->cpu = -1;
	r->start = r->last_progress = now();
	r->mms = calloc((size_t)sc->slots[SLOT_MM].n + 1, sizeof(*r->mms));
	r->pins = calloc((size_t)sc->slots[SLOT_PIN].n + 1, sizeof(*r->pins));
	rc = r->mms && r->pins ? mmk_machine_create(&cfg, &r->m) : -ENOMEM;
	if (rc < 0) {
		free(r->mms);
		free(r->pins);
		free(r);
		report_failure(o, rep, "%s: cannot build the machine: %s",
			       sc->file, err_name(-rc));
		return 1;
	}
	rc = create_devices(r);
	if (rc < 0) {
		report_failure(o, rep, "%s: cannot create the devices: %s",
			       sc->file, err_name(-rc));
		mmk_machine_destroy(r->m);
		free(r->mms);
		free(r->pins);
		free(r);
		return 1;
	}
	rep->ran = 1;
	if (o->check)
		mmk_set_checking(r->m, true);
	rc = mmk_cpu_attach(r->m, 0);
	if (rc < 0) {
		report_failure(o, rep, "%s: cannot attach to cpu 0: %s",
			       sc->file, err_name(-rc));
	} else {
		double t0;
		int i;

		r->cpu = 0;
		for (i = 0; i < sc->nstmts; i++)
			if (sc->stmts[i].desc->flags & D_SETUP)
				r->statements++;
		t0 = now();
		run_statements(r);
		rep->seconds = now() - t0;
		rep->statements = r->statements;
		rep->expectations = r->expectations;
		rep->unmet = r->unmet;
		if (r->unmet_line)
			snprintf(rep->unmet_message, sizeof(rep->unmet_message),
				 "%s", r->unmet_msg);
		if (r->fail_line)
			report_failure(o, rep, "%s", r->fail_msg);
	}
	if (o->settle)
		mmk_sync(r->m);	/* end figures after deferred frees settle */
	collect(r, rep);
	teardown(r);
	free(r);
	return rep->failed;
}

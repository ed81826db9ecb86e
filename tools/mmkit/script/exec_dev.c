/* SPDX-License-Identifier: MIT */
/*
 * script/exec_dev.c - the statements on devices and pinned pages
 * (script.md, "GUP and DMA", "Devices and migration"): device memory made
 * at machine build, migration, unbind, the device's mirror, and pin or get
 * sets, which hold their pages from `pin`/`get` to `unpin` and let a
 * device read and write them directly.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/errname.h"
#include "script/runner.h"

/* ---- devices and migration ---- */

void run_migrate(struct runner *r, const struct stmt *s, struct outcome *out)
{
	struct mm_struct *mm = runner_mm(r, s, 0, out);
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

/* dev-read / dev-write: through the device's mirror (hmm_range_fault). */
static int mirror_access(void *dev, struct mm_struct *mm, uint64_t addr,
			 void *buf, size_t n, int write)
{
	return mmk_device_access(dev, mm, addr, buf, n, write);
}

static void dev_access(struct runner *r, const struct stmt *s,
		       struct outcome *out, int write)
{
	struct mm_struct *mm = runner_mm(r, s, 1, out);

	if (mm)
		data_transfer(r, mm, s->a[2].num, &s->a[3].data, write,
			      mirror_access, r->devs[s->a[0].slot], out);
}

void run_dev_read(struct runner *r, const struct stmt *s, struct outcome *out)
{
	dev_access(r, s, out, 0);
}

void run_dev_write(struct runner *r, const struct stmt *s, struct outcome *out)
{
	dev_access(r, s, out, 1);
}

/* memremap_pages for every `device` of the script, in slot order. */
int devices_create(struct runner *r)
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

/* ---- GUP and DMA ---- */

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

/* pin or get NAME MM ADDR NPAGES: the whole range, or nothing. */
static void pin_or_get(struct runner *r, const struct stmt *s,
		       struct outcome *out, int is_pin)
{
	struct mm_struct *mm = runner_mm(r, s, 1, out);
	int fast = !!(s->opts & O_FAST);
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
		struct page *next = NULL;
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

void run_pin(struct runner *r, const struct stmt *s, struct outcome *out)
{
	pin_or_get(r, s, out, 1);
}

void run_get(struct runner *r, const struct stmt *s, struct outcome *out)
{
	pin_or_get(r, s, out, 0);
}

void pinsets_release(struct runner *r)
{
	for (int i = 0; i < r->sc->slots[SLOT_PIN].n; i++)
		if (r->pins[i])
			pinset_release(r->m, r->pins[i], 0);
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
static void dma(struct runner *r, const struct stmt *s, struct outcome *out,
		int write)
{
	struct pinset *p = r->pins[s->a[0].slot];
	const struct data *d = &s->a[2].data;
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
			if (out->kind != OUT_OK ||
			    data_differs(out, exp, got, n, at, NULL))
				return;
		}
		done += n;
	}
	op_result(out, 0);
}

void run_dma_write(struct runner *r, const struct stmt *s, struct outcome *out)
{
	dma(r, s, out, 1);
}

void run_dma_read(struct runner *r, const struct stmt *s, struct outcome *out)
{
	dma(r, s, out, 0);
}

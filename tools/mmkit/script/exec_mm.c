/* SPDX-License-Identifier: MIT */
/*
 * script/exec_mm.c - the statements on address spaces and memory
 * (script.md, "Address spaces", "Memory access"): each calls the library
 * call Linux's system call or access would make.  A long DATA goes in
 * CHUNK-sized calls, so a `write A ADDR 0xab*1G` needs no gigabyte of
 * host memory.
 */
#include <errno.h>
#include <string.h>

#include <mmkit/gup.h>

#include "common/errname.h"
#include "script/runner.h"

/* ---- address spaces ---- */

void run_mm(struct runner *r, const struct stmt *s, struct outcome *out)
{
	struct mm_struct *mm = NULL;

	op_result(out, mmk_mm_create(r->m, &mm));
	if (out->kind == OUT_OK)
		r->mms[s->a[0].slot] = mm;
}

void run_file(struct runner *r, const struct stmt *s, struct outcome *out)
{
	op_result(out, mmk_file_create(r->m, s->a[1].num, &r->files[s->a[0].slot]));
}

/* The file named by @slot, or NULL after a failure saying it was never made. */
static struct mmk_file *runner_file(struct runner *r, int slot, struct outcome *out)
{
	if (!r->files[slot])
		fail(out, "file `%s` was not created (its `file` statement failed)",
		     r->sc->slots[SLOT_FILE].v[slot].name);
	return r->files[slot];
}

void run_cache(struct runner *r, const struct stmt *s, struct outcome *out)
{
	struct mmk_file *f = runner_file(r, s->a[0].slot, out);

	if (f)
		op_result(out, mmk_file_cache(f, s->a[1].num, s->a[2].num));
}

void run_mmap(struct runner *r, const struct stmt *s, struct outcome *out)
{
	struct mm_struct *mm = runner_mm(r, s, 0, out);
	int flags = MMK_MAP_PRIVATE;

	if (!mm)
		return;
	if (s->opts & O_SHARED)
		flags |= MMK_MAP_SHARED;
	if (s->opts & O_POPULATE)
		flags |= MMK_MAP_POPULATE;
	if (s->opts & O_GROWSDOWN)
		flags |= MMK_MAP_GROWSDOWN;
	if (s->opts & O_HUGE)
		flags |= MMK_MAP_HUGE;
	if (s->opts & O_DEV) {
		/* /dev/daxX.Y is MAP_SHARED only: `shared` may be given or not. */
		op_result(out, mmk_mmap_device(mm, s->a[1].num, s->a[2].num, s->a[3].val,
					       r->devs[s->dev], (s->opts & O_OFF) ? s->off : 0));
		return;
	}
	if (s->opts & O_FILE) {
		struct mmk_file *f = runner_file(r, s->file, out);

		if (f)
			op_result(out, mmk_mmap_file(mm, s->a[1].num, s->a[2].num,
						     s->a[3].val, flags, f,
						     (s->opts & O_OFF) ? s->off : 0));
		return;
	}
	op_result(out, mmk_mmap(mm, s->a[1].num, s->a[2].num, s->a[3].val,
				flags));
}

void run_munmap(struct runner *r, const struct stmt *s, struct outcome *out)
{
	struct mm_struct *mm = runner_mm(r, s, 0, out);

	if (mm)
		op_result(out, mmk_munmap(mm, s->a[1].num, s->a[2].num));
}

void run_brk(struct runner *r, const struct stmt *s, struct outcome *out)
{
	struct mm_struct *mm = runner_mm(r, s, 0, out);

	if (!mm)
		return;
	if (s->opts & O_START)
		op_result(out, mmk_brk_init(mm, s->a[1].num));
	else
		op_result(out, mmk_brk(mm, s->a[1].num));
}

void run_mprotect(struct runner *r, const struct stmt *s, struct outcome *out)
{
	struct mm_struct *mm = runner_mm(r, s, 0, out);

	if (mm)
		op_result(out, mmk_mprotect(mm, s->a[1].num, s->a[2].num,
					    s->a[3].val));
}

void run_madvise(struct runner *r, const struct stmt *s, struct outcome *out)
{
	struct mm_struct *mm = runner_mm(r, s, 0, out);

	if (mm)
		op_result(out, mmk_madvise(mm, s->a[1].num, s->a[2].num,
					   s->a[3].val));
}

void run_mremap(struct runner *r, const struct stmt *s, struct outcome *out)
{
	struct mm_struct *mm = runner_mm(r, s, 0, out);

	if (mm)
		op_result(out, mmk_mremap(mm, s->a[1].num, s->a[2].num, s->a[3].num,
					  s->a[4].num,
					  (s->opts & O_DONTUNMAP) ? MMK_MREMAP_DONTUNMAP : 0));
}

void run_fork(struct runner *r, const struct stmt *s, struct outcome *out)
{
	struct mm_struct *parent = runner_mm(r, s, 0, out);
	struct mm_struct *child = NULL;

	if (!parent)
		return;
	op_result(out, mmk_fork(parent, &child));
	if (out->kind == OUT_OK)
		r->mms[s->a[1].slot] = child;
}

void run_exit(struct runner *r, const struct stmt *s, struct outcome *out)
{
	struct mm_struct *mm = runner_mm(r, s, 0, out);

	if (!mm)
		return;
	mmk_exit(mm);
	r->mms[s->a[0].slot] = NULL;
}

void run_sync(struct runner *r, const struct stmt *s, struct outcome *out)
{
	mmk_sync(r->m);
}

void run_khugepaged(struct runner *r, const struct stmt *s, struct outcome *out)
{
	struct mm_struct *mm = NULL;

	if (s->a[0].slot >= 0 && !(mm = runner_mm(r, s, 0, out)))
		return;
	op_result(out, mmk_khugepaged(r->m, mm));
}

/* ---- memory access ---- */

const unsigned char *data_chunk(const struct data *d, uint64_t off, size_t n,
				unsigned char *buf)
{
	if (d->bytes)
		return d->bytes + off;
	memset(buf, d->byte, n);
	return buf;
}

int data_differs(struct outcome *out, const unsigned char *want,
		 const unsigned char *got, size_t n, uint64_t off,
		 const uint64_t *addr)
{
	for (size_t i = 0; i < n; i++) {
		if (got[i] == want[i])
			continue;
		if (addr)
			fail(out, "expected 0x%02x at offset %llu (address 0x%llx), "
			     "got 0x%02x", want[i], (unsigned long long)(off + i),
			     (unsigned long long)(*addr + i), got[i]);
		else
			fail(out, "expected 0x%02x at offset %llu of the set, got "
			     "0x%02x", want[i], (unsigned long long)(off + i), got[i]);
		return 1;
	}
	return 0;
}

/* The CPU's accessor for data_transfer(): loads and stores through the TLB. */
static int cpu_access(void *who, struct mm_struct *mm, uint64_t addr, void *buf,
		      size_t n, int write)
{
	return mmk_access(mm, addr, buf, n, write);
}

void data_transfer(struct runner *r, struct mm_struct *mm, uint64_t addr,
		   const struct data *d, int write, access_fn *access, void *who,
		   struct outcome *out)
{
	unsigned char buf[CHUNK], want[CHUNK];

	for (uint64_t off = 0; off < d->len && out->kind == OUT_OK; off += CHUNK) {
		size_t n = d->len - off < CHUNK ? (size_t)(d->len - off) : CHUNK;
		const unsigned char *exp = data_chunk(d, off, n, want);
		uint64_t at = addr + off;

		if (write && exp != buf)
			memcpy(buf, exp, n);
		op_result(out, access(who, mm, at, buf, n, write));
		if (out->kind == OUT_OK && !write) {
			if (r->o->read_sink)	/* kdiff judges the bytes */
				r->o->read_sink(r->o->sink_arg, off, buf, n);
			else
				data_differs(out, exp, buf, n, off, &at);
		}
		runner_progress(r, (double)off / (double)d->len);
	}
}

void run_write(struct runner *r, const struct stmt *s, struct outcome *out)
{
	struct mm_struct *mm = runner_mm(r, s, 0, out);

	if (mm)
		data_transfer(r, mm, s->a[1].num, &s->a[2].data, 1, cpu_access,
			      NULL, out);
}

void run_read(struct runner *r, const struct stmt *s, struct outcome *out)
{
	struct mm_struct *mm = runner_mm(r, s, 0, out);

	if (mm)
		data_transfer(r, mm, s->a[1].num, &s->a[2].data, 0, cpu_access,
			      NULL, out);
}

/*
 * `touch`: one access at the start of each page (or stride).  `w` is a
 * read-modify-write that stores back the byte it finds (mmk_rmw, a locked
 * add of 0): one write fault per page as x86 takes for such an
 * instruction, with no read fault first, which in a file mapping would map
 * the cached pages around it (fault-around) as a program's store never
 * does; `mmkit record` replays stores this way.  Contents stay as they were.
 */
void run_touch(struct runner *r, const struct stmt *s, struct outcome *out)
{
	struct mm_struct *mm = runner_mm(r, s, 0, out);
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
		int rc = s->a[3].val ? mmk_rmw(mm, addr + off, 1)
				     : mmk_access(mm, addr + off, &b, 1, 0);

		if (rc) {
			op_result(out, rc);
			return;
		}
		if (!(++n % 4096))
			runner_progress(r, (double)off / (double)len);
	}
}

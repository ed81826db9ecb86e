/* SPDX-License-Identifier: MIT */
/*
 * record/space.c - what the recorder knows of each address space.
 *
 * The model of VMAs (sorted, non-overlapping, never merged: merging changes
 * nothing the recorder asks) answers three questions: does a MAP_FIXED
 * mmap replace something (the script's mmap refuses to, so a `munmap`
 * goes first), what does an in-place mremap grow (its protection, file and
 * offset), and did a fault land where the kernel served it (a fault the
 * kernel answered with SIGSEGV would fail the replay; it is counted and
 * left out instead).
 *
 * After execve the kernel has built an address space without one mmap
 * call: space_exec() writes it from /proc/PID/maps (every mapping, the
 * stack as `growsdown`, the break from /proc/PID/stat field 47), the pages
 * already present from /proc/PID/pagemap (the arguments on the stack, the
 * partial page of .bss that the loader cleared) and a first checkpoint.
 *
 * Files become `file fN SIZE` when first mapped, with `cache fN OFF LEN`
 * for the pages mincore() finds in the page cache at that moment: a read
 * fault's fault-around maps only cached pages, so the replay must know
 * them.  Pages a later read brings into the cache are not seen (see
 * docs/workloads.md).  A file is known by device, inode and size; a file
 * that grew gets a new name.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "common/clock.h"
#include "record/record.h"

#define PM_PRESENT (1ULL << 63)
#define PM_FILE (1ULL << 61)
#define PM_PFN ((1ULL << 55) - 1)

/* ---- address spaces ---- */

static struct rmm *mm_alloc(struct recorder *rec, pid_t tgid)
{
	struct rmm *mm = calloc(1, sizeof(*mm));
	int clash;

	if (!mm)
		return NULL;
	snprintf(mm->name, sizeof(mm->name), "p%d", (int)tgid);
	/* A live mm of that name (a vfork parent, an exec'd tgid): suffix. */
	for (int k = 1;; k++) {
		clash = 0;
		for (int i = 0; i < rec->nmms; i++)
			if (!rec->mms[i]->dead && !strcmp(rec->mms[i]->name, mm->name))
				clash = 1;
		if (!clash)
			break;
		snprintf(mm->name, sizeof(mm->name), "p%d_%d", (int)tgid, k);
	}
	if (rec->nmms == rec->capmms) {
		int cap = rec->capmms ? rec->capmms * 2 : 16;
		struct rmm **v = realloc(rec->mms, (size_t)cap * sizeof(*v));

		if (!v) {
			free(mm);
			return NULL;
		}
		rec->mms = v;
		rec->capmms = cap;
	}
	rec->mms[rec->nmms++] = mm;
	mm->users = 1;
	mm->last_ckpt = clock_seconds();
	rec->processes++;
	return mm;
}

struct rmm *mm_new(struct recorder *rec, pid_t tgid)
{
	struct rmm *mm = mm_alloc(rec, tgid);

	if (mm)
		emit(rec, "mm %s", mm->name);
	return mm;
}

struct rmm *mm_fork(struct recorder *rec, struct rmm *parent, pid_t tgid)
{
	struct rmm *mm = mm_alloc(rec, tgid);

	if (!mm)
		return NULL;
	mm->v = malloc((size_t)(parent->n + 1) * sizeof(*mm->v));
	if (mm->v) {
		memcpy(mm->v, parent->v, (size_t)parent->n * sizeof(*mm->v));
		mm->n = parent->n;
		mm->cap = parent->n + 1;
	}
	mm->start_brk = parent->start_brk;
	mm->brk = parent->brk;
	emit(rec, "fork %s %s", parent->name, mm->name);
	return mm;
}

/* The model's memory goes when the name does; the struct stays listed. */
void mm_put(struct recorder *rec, struct rmm *mm)
{
	if (--mm->users > 0 || mm->dead)
		return;
	emit(rec, "exit %s", mm->name);
	mm->dead = 1;
	free(mm->v);
	mm->v = NULL;
	mm->n = mm->cap = 0;
}

/* ---- the VMA model ---- */

/* Index of the first VMA ending above @addr (mm->n if none). */
static int vma_index(const struct rmm *mm, uint64_t addr)
{
	int lo = 0, hi = mm->n;

	while (lo < hi) {
		int mid = (lo + hi) / 2;

		if (mm->v[mid].end <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

struct rvma *vma_find(struct rmm *mm, uint64_t addr)
{
	int i = vma_index(mm, addr);

	return i < mm->n && mm->v[i].start <= addr ? &mm->v[i] : NULL;
}

int vma_overlaps(struct rmm *mm, uint64_t start, uint64_t end)
{
	int i = vma_index(mm, start);

	return i < mm->n && mm->v[i].start < end;
}

static int vma_insert_at(struct rmm *mm, int i, const struct rvma *v)
{
	if (mm->n == mm->cap) {
		int cap = mm->cap ? mm->cap * 2 : 32;
		struct rvma *nv = realloc(mm->v, (size_t)cap * sizeof(*nv));

		if (!nv)
			return -1;
		mm->v = nv;
		mm->cap = cap;
	}
	memmove(&mm->v[i + 1], &mm->v[i], (size_t)(mm->n - i) * sizeof(*mm->v));
	mm->v[i] = *v;
	mm->n++;
	return 0;
}

/* Split the VMA containing @addr (if any, and not at its start) in two. */
static int vma_split(struct rmm *mm, uint64_t addr)
{
	int i = vma_index(mm, addr);
	struct rvma hi;

	if (i >= mm->n || mm->v[i].start >= addr)
		return 0;
	hi = mm->v[i];
	hi.off += addr - hi.start;
	hi.start = addr;
	mm->v[i].end = addr;
	return vma_insert_at(mm, i + 1, &hi);
}

void vma_unmap(struct rmm *mm, uint64_t start, uint64_t end)
{
	int i, j;

	if (vma_split(mm, start) || vma_split(mm, end))
		return;
	i = vma_index(mm, start);
	for (j = i; j < mm->n && mm->v[j].start < end; j++)
		;
	memmove(&mm->v[i], &mm->v[j], (size_t)(mm->n - j) * sizeof(*mm->v));
	mm->n -= j - i;
}

void vma_map(struct rmm *mm, const struct rvma *v)
{
	vma_unmap(mm, v->start, v->end);
	vma_insert_at(mm, vma_index(mm, v->start), v);
}

void vma_protect(struct rmm *mm, uint64_t start, uint64_t end, int prot)
{
	if (vma_split(mm, start) || vma_split(mm, end))
		return;
	for (int i = vma_index(mm, start); i < mm->n && mm->v[i].start < end; i++)
		mm->v[i].prot = prot;
}

/*
 * A stack grows down to a fault within RLIMIT_STACK's default (8 MiB) of
 * its top, as expand_stack allows; the model follows so later faults in
 * the grown part are placed too.
 */
int vma_allows(struct rmm *mm, uint64_t addr, int write)
{
	int i = vma_index(mm, addr);
	struct rvma *v = i < mm->n ? &mm->v[i] : NULL;

	if (v && v->start > addr) {
		if (!v->growsdown || v->end - (addr & ~(REC_PAGE - 1)) > (8ULL << 20))
			return 0;
		v->start = addr & ~(REC_PAGE - 1);
	}
	if (!v || v->skip)
		return 0;
	if (write)
		return (v->prot & PROT_WRITE) != 0;
	return (v->prot & (PROT_READ | PROT_WRITE | PROT_EXEC)) != 0;
}

/* ---- files ---- */

static uint64_t page_up(uint64_t n)
{
	return (n + REC_PAGE - 1) & ~(REC_PAGE - 1);
}

/* `cache NAME OFF LEN` for each run of pages mincore() finds cached. */
static void file_cache(struct recorder *rec, const struct rfile *rf, int fd)
{
	size_t len = (size_t)page_up(rf->size), npages = len / REC_PAGE;
	unsigned char *vec;
	void *p;
	size_t i = 0;

	if (!len)
		return;
	p = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		return;
	vec = malloc(npages);
	if (vec && !mincore(p, len, vec)) {
		while (i < npages) {
			size_t j;

			if (!(vec[i] & 1)) {
				i++;
				continue;
			}
			for (j = i; j < npages && (vec[j] & 1); j++)
				;
			emit(rec, "cache %s 0x%" PRIx64 " 0x%" PRIx64, rf->name, i * REC_PAGE,
			     (j - i) * REC_PAGE);
			i = j;
		}
	}
	free(vec);
	munmap(p, len);
}

/* Room for one more file (rec->files[rec->nfiles], zeroed), or NULL. */
static struct rfile *file_slot(struct recorder *rec)
{
	if (rec->nfiles == rec->capfiles) {
		int cap = rec->capfiles ? rec->capfiles * 2 : 16;
		struct rfile *v = realloc(rec->files, (size_t)cap * sizeof(*v));

		if (!v)
			return NULL;
		rec->files = v;
		rec->capfiles = cap;
	}
	memset(&rec->files[rec->nfiles], 0, sizeof(*rec->files));
	return &rec->files[rec->nfiles];
}

/* Declare the file at @path (a /proc magic link) unless known; its index. */
static int file_at(struct recorder *rec, const char *path, int *zero)
{
	struct stat st;
	struct rfile *rf;
	char target[512];
	ssize_t n;
	int fd;

	*zero = 0;
	if (stat(path, &st))
		return -1;
	if (S_ISCHR(st.st_mode) && major(st.st_rdev) == 1 && minor(st.st_rdev) == 5) {
		*zero = 1;	/* /dev/zero: anonymous memory */
		return -1;
	}
	if (!S_ISREG(st.st_mode))
		return -1;
	for (int i = 0; i < rec->nfiles; i++)
		if (rec->files[i].dev == (uint64_t)st.st_dev &&
		    rec->files[i].ino == (uint64_t)st.st_ino &&
		    rec->files[i].size == (uint64_t)st.st_size)
			return i;
	rf = file_slot(rec);
	if (!rf)
		return -1;
	rf->dev = (uint64_t)st.st_dev;
	rf->ino = (uint64_t)st.st_ino;
	rf->size = (uint64_t)st.st_size;
	snprintf(rf->name, sizeof(rf->name), "f%d", rec->nfiles);
	n = readlink(path, target, sizeof(target) - 1);
	target[n > 0 ? n : 0] = '\0';
	for (char *c = target; *c; c++)	/* one comment line */
		if (*c == '\n')
			*c = '?';
	/* An empty file still maps (every access is SIGBUS): one page. */
	emit(rec, "file %s 0x%" PRIx64 "   # %s", rf->name,
	     page_up(rf->size) ? page_up(rf->size) : REC_PAGE, target);
	rec->file_bytes += page_up(rf->size);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		file_cache(rec, rf, fd);
		close(fd);
	}
	return rec->nfiles++;
}

int space_file(struct recorder *rec, pid_t pid, int fd, int *zero)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/fd/%d", (int)pid, fd);
	return file_at(rec, path, zero);
}

/* The vDSO: a file of the kernel's whose pages every process shares. */
static int file_vdso(struct recorder *rec, uint64_t size)
{
	struct rfile *rf;

	for (int i = 0; i < rec->nfiles; i++)
		if (!strcmp(rec->files[i].name, "vdso"))
			return i;
	rf = file_slot(rec);
	if (!rf)
		return -1;
	rf->size = size;
	snprintf(rf->name, sizeof(rf->name), "vdso");
	emit(rec, "file vdso 0x%" PRIx64 "   # [vdso]", size);
	emit(rec, "cache vdso 0 0x%" PRIx64, size);
	return rec->nfiles++;
}

/* ---- the start after execve ---- */

/* /proc/PID/stat field 47, start_brk (after the command's parentheses). */
static uint64_t stat_start_brk(pid_t pid)
{
	char path[64], buf[2048], *p;
	unsigned long long v = 0;
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	p = strrchr(buf, ')');
	/* after k spaces from ")", p + 1 starts field 2 + k: 45 for field 47 */
	for (int field = 2; p && field < 47; field++)
		p = strchr(p + 1, ' ');
	if (p)
		v = strtoull(p + 1, NULL, 10);
	return v;
}

static int perms_prot(const char *perms)
{
	return (perms[0] == 'r' ? PROT_READ : 0) |
	       (perms[1] == 'w' ? PROT_WRITE : 0) |
	       (perms[2] == 'x' ? PROT_EXEC : 0);
}

void emit_mmap(struct recorder *rec, struct rmm *mm, const struct rvma *v,
	       int populate)
{
	char file[96] = "";

	if (v->file >= 0)
		snprintf(file, sizeof(file), " file=%s off=0x%" PRIx64,
			 rec->files[v->file].name, v->off);
	emit(rec, "mmap %s 0x%" PRIx64 " 0x%" PRIx64 " %s%s%s%s%s", mm->name,
	     v->start, v->end - v->start, prot_word(v->prot), file,
	     v->shared ? " shared" : "", v->growsdown ? " growsdown" : "",
	     populate ? " populate" : "");
}

/* One line of /proc/PID/maps into the model and the script. */
static void exec_mapping(struct recorder *rec, struct rmm *mm, pid_t pid,
			 const char *line)
{
	unsigned long long start, end, off, ino;
	char perms[8], name[512] = "";
	unsigned int maj, mnr;
	struct rvma v;
	int zero;

	if (sscanf(line, "%llx-%llx %7s %llx %x:%x %llu %511[^\n]", &start, &end,
		   perms, &off, &maj, &mnr, &ino, name) < 7)
		return;
	if (end > REC_TASK_SIZE)	/* [vsyscall]: above TASK_SIZE */
		return;
	memset(&v, 0, sizeof(v));
	v.start = start;
	v.end = end;
	v.prot = perms_prot(perms);
	v.shared = perms[3] == 's';
	v.file = -1;
	if (!strcmp(name, "[heap]")) {
		mm->brk = end;	/* page-rounded, as the VMA ends */
		vma_map(mm, &v);
		emit(rec, "brk %s 0x%" PRIx64, mm->name, v.end);
		return;
	}
	if (!strcmp(name, "[stack]")) {
		v.growsdown = 1;
	} else if (!strcmp(name, "[vdso]")) {
		v.file = file_vdso(rec, end - start);
	} else if (ino) {
		char path[96];

		snprintf(path, sizeof(path), "/proc/%d/map_files/%llx-%llx",
			 (int)pid, start, end);
		v.file = file_at(rec, path, &zero);
		v.off = off;
		if (v.file < 0 && !zero) {
			v.skip = 1;	/* a device: not replayable */
			rec->lost[LOST_MAPPING]++;
		}
	}
	vma_map(mm, &v);
	if (!v.skip)
		emit_mmap(rec, mm, &v, 0);
}

/*
 * Pages present in @v: a private page that is no file's (bit 61 clear) is
 * anonymous, written (the stack, a copied .bss page); the rest read.  A
 * written page in a mapping that is not writable needs the protection
 * lifted around its touch, as the kernel's own write (or a later
 * mprotect) left it.
 */
static void exec_present(struct recorder *rec, struct rmm *mm, int pm,
			 const struct rvma *v)
{
	uint64_t buf[512];
	int lifted = 0;

	for (uint64_t a = v->start; a < v->end;) {
		size_t n = (size_t)((v->end - a) / REC_PAGE);
		ssize_t got;

		n = n > 512 ? 512 : n;
		got = pread(pm, buf, n * 8, (off_t)(a / REC_PAGE * 8));
		if (got <= 0)
			break;
		n = (size_t)got / 8;
		for (size_t i = 0; i < n; i++, a += REC_PAGE) {
			int write;

			if (!(buf[i] & PM_PRESENT))
				continue;
			write = !(buf[i] & PM_FILE) && !v->shared &&
				(buf[i] & PM_PFN) != rec->zero_pfn;
			if (write && !(v->prot & PROT_WRITE) && !lifted) {
				emit(rec, "mprotect %s 0x%" PRIx64 " 0x%" PRIx64 " rw",
				     mm->name, v->start, v->end - v->start);
				lifted = 1;
			}
			emit_touch(rec, mm, a, write);
		}
	}
	if (lifted)
		emit(rec, "mprotect %s 0x%" PRIx64 " 0x%" PRIx64 " %s", mm->name,
		     v->start, v->end - v->start, prot_word(v->prot));
}

int space_exec(struct recorder *rec, struct rmm *mm, pid_t pid)
{
	char path[64], line[1024];
	FILE *f;
	int pm;

	mm->start_brk = mm->brk = stat_start_brk(pid);
	emit(rec, "brk %s 0x%" PRIx64 " start", mm->name, mm->start_brk);
	snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f))
		exec_mapping(rec, mm, pid, line);
	fclose(f);
	snprintf(path, sizeof(path), "/proc/%d/pagemap", (int)pid);
	pm = open(path, O_RDONLY | O_CLOEXEC);
	if (pm >= 0) {
		for (int i = 0; i < mm->n; i++)
			if (!mm->v[i].skip)
				exec_present(rec, mm, pm, &mm->v[i]);
		close(pm);
	}
	space_checkpoint(rec, mm, pid);
	return 0;
}

/* ---- the kernel's figures ---- */

void space_checkpoint(struct recorder *rec, struct rmm *mm, pid_t tid)
{
	char path[64], line[256];
	unsigned long long pte = 0, rss = 0, v;
	int have = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)tid);
	f = fopen(path, "r");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "VmPTE: %llu kB", &v) == 1) {
			pte = v * 1024;
			have |= 1;
		} else if (sscanf(line, "VmRSS: %llu kB", &v) == 1) {
			rss = v * 1024;
			have |= 2;
		}
	}
	fclose(f);
	if (have != 3)
		return;		/* a zombie: its mm is gone */
	emit(rec, "checkpoint %s pgtable=%llu rss=%llu", mm->name, pte, rss);
	rec->checkpoints++;
	mm->last_ckpt = clock_seconds();
	mm->last_rss = rss;
	rss = 0;
	for (int i = 0; i < rec->nmms; i++)
		if (!rec->mms[i]->dead)
			rss += rec->mms[i]->last_rss;
	if (rss > rec->peak_rss)
		rec->peak_rss = rss;
}

void space_init(struct recorder *rec)
{
	volatile char *p = mmap(NULL, REC_PAGE, PROT_READ,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint64_t e = 0;
	int pm;

	if (p == MAP_FAILED)
		return;
	(void)p[0];		/* a read fault maps the zero page */
	pm = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
	if (pm >= 0 && pread(pm, &e, 8, (off_t)((uintptr_t)p / REC_PAGE * 8)) == 8 &&
	    (e & PM_PRESENT))
		rec->zero_pfn = e & PM_PFN;
	if (pm >= 0)
		close(pm);
	munmap((void *)p, REC_PAGE);
}

/* SPDX-License-Identifier: MIT */
/*
 * record/faults.c - the pages a program touches, from the kernel's page
 * fault tracepoints: exceptions:page_fault_user (a fault in user mode) and
 * exceptions:page_fault_kernel (the kernel faulting on a user address, as
 * read(2) into a fresh buffer does).  Each sample carries the thread, a
 * CLOCK_MONOTONIC time, the address and the x86 error code (bit 1: a
 * write, bit 2: from user mode).
 *
 * One perf event per CPU and tracepoint, opened on the command's first
 * process with `inherit`, so every thread and process it starts later is
 * followed; both tracepoints of a CPU write into one ring (SET_OUTPUT).  A
 * per-task inherited event cannot have a ring of its own (perf refuses to
 * map it), hence per CPU.  Draining reads every ring to its head and sorts
 * the samples by time: a thread that migrated between CPUs has its faults
 * in two rings.  Samples perf had no room for arrive as LOST records and
 * are counted.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/perf_event.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "record/record.h"

#define RING_PAGES 1024		/* 4 MiB per CPU: ~100k faults between drains */

struct ring {
	int fd[2];		/* user, kernel tracepoint */
	struct perf_event_mmap_page *meta;
	unsigned char *data;
	uint64_t size;
};

struct sample {
	uint64_t time, addr, err;
	uint32_t tid;
};

struct faults {
	int nr;
	struct ring *rings;
	unsigned int off_addr, off_err;	/* in the raw record */
	struct sample *buf;
	size_t n, cap;
};

static const char *const tracefs_dirs[] = {
	"/sys/kernel/tracing", "/sys/kernel/debug/tracing",
};

/* A tracepoint's id and field offsets, from tracefs (mounted if need be). */
static int tp_read(const char *event, long *id, unsigned int *off_addr,
		   unsigned int *off_err)
{
	char path[256], line[256];
	FILE *f = NULL;

	for (int tries = 0; tries < 2 && !f; tries++) {
		for (size_t i = 0; i < sizeof(tracefs_dirs) / sizeof(*tracefs_dirs) && !f; i++) {
			snprintf(path, sizeof(path), "%s/events/exceptions/%s/format",
				 tracefs_dirs[i], event);
			f = fopen(path, "r");
		}
		if (!f && !tries)	/* not mounted: as root we may mount it */
			mount("nodev", "/sys/kernel/tracing", "tracefs", 0, NULL);
	}
	if (!f)
		return -1;
	*id = -1;
	while (fgets(line, sizeof(line), f)) {
		unsigned int off;
		char *p;

		if (sscanf(line, "ID: %ld", id) == 1)
			continue;
		p = strstr(line, "offset:");
		if (!p || sscanf(p, "offset:%u;", &off) != 1)
			continue;
		if (strstr(line, " address;"))
			*off_addr = off;
		else if (strstr(line, " error_code;"))
			*off_err = off;
	}
	fclose(f);
	return *id >= 0 ? 0 : -1;
}

static int perf_open(long id, pid_t pid, int cpu, int group)
{
	struct perf_event_attr a;

	memset(&a, 0, sizeof(a));
	a.type = PERF_TYPE_TRACEPOINT;
	a.size = sizeof(a);
	a.config = (uint64_t)id;
	a.sample_period = 1;
	a.sample_type = PERF_SAMPLE_TID | PERF_SAMPLE_TIME | PERF_SAMPLE_RAW;
	a.inherit = 1;
	a.use_clockid = 1;
	a.clockid = CLOCK_MONOTONIC;
	a.watermark = 1;
	a.wakeup_watermark = RING_PAGES * 4096 / 4;
	(void)group;
	return (int)syscall(SYS_perf_event_open, &a, pid, cpu, -1,
			    PERF_FLAG_FD_CLOEXEC);
}

struct faults *faults_open(pid_t pid, char *why, size_t size)
{
	struct faults *f = calloc(1, sizeof(*f));
	long id[2];
	unsigned int oa = 0, oe = 0;
	long ncpu = sysconf(_SC_NPROCESSORS_CONF);

	if (!f)
		return NULL;
	if (tp_read("page_fault_user", &id[0], &f->off_addr, &f->off_err) ||
	    tp_read("page_fault_kernel", &id[1], &oa, &oe) ||
	    oa != f->off_addr || oe != f->off_err) {
		snprintf(why, size, "no exceptions:page_fault_user/kernel "
			 "tracepoints (tracefs at /sys/kernel/tracing)");
		free(f);
		return NULL;
	}
	f->rings = calloc((size_t)ncpu, sizeof(*f->rings));
	if (!f->rings) {
		free(f);
		return NULL;
	}
	for (int c = 0; c < ncpu; c++) {
		struct ring *r = &f->rings[c];
		size_t len = (RING_PAGES + 1) * 4096;
		void *m;

		r->fd[0] = perf_open(id[0], pid, c, -1);
		r->fd[1] = r->fd[0] < 0 ? -1 : perf_open(id[1], pid, c, r->fd[0]);
		if (r->fd[0] < 0 || r->fd[1] < 0) {
			snprintf(why, size, "perf_event_open on cpu %d: %s", c,
				 strerror(errno));
			goto fail;
		}
		m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, r->fd[0], 0);
		if (m == MAP_FAILED ||
		    ioctl(r->fd[1], PERF_EVENT_IOC_SET_OUTPUT, r->fd[0])) {
			snprintf(why, size, "perf ring on cpu %d: %s", c,
				 strerror(errno));
			if (m != MAP_FAILED)
				munmap(m, len);
			goto fail;
		}
		r->meta = m;
		r->data = (unsigned char *)m + 4096;
		r->size = RING_PAGES * 4096;
		f->nr = c + 1;
	}
	return f;
fail:
	f->nr = (int)ncpu;
	faults_close(f);
	return NULL;
}

static int sample_push(struct faults *f, const struct sample *s)
{
	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 4096;
		struct sample *v = realloc(f->buf, cap * sizeof(*v));

		if (!v)
			return -1;
		f->buf = v;
		f->cap = cap;
	}
	f->buf[f->n++] = *s;
	return 0;
}

/* Bytes [pos, pos+len) of the ring, copied out where they wrap. */
static void ring_copy(const struct ring *r, uint64_t pos, void *dst, size_t len)
{
	uint64_t at = pos % r->size, first = r->size - at;

	if (first >= len) {
		memcpy(dst, r->data + at, len);
		return;
	}
	memcpy(dst, r->data + at, first);
	memcpy((unsigned char *)dst + first, r->data, len - first);
}

/* One record (header at @pos) into samples or the lost count. */
static void ring_record(struct faults *f, struct recorder *rec,
			const struct ring *r, uint64_t pos)
{
	struct perf_event_header h;
	unsigned char body[512];
	struct sample s;
	uint32_t raw;

	ring_copy(r, pos, &h, sizeof(h));
	if (h.size < sizeof(h) || h.size - sizeof(h) > sizeof(body))
		return;
	ring_copy(r, pos + sizeof(h), body, h.size - sizeof(h));
	if (h.type == PERF_RECORD_LOST) {
		uint64_t lost;

		memcpy(&lost, body + 8, 8);	/* after the event id */
		rec->lost[LOST_PERF] += lost;
		return;
	}
	if (h.type != PERF_RECORD_SAMPLE)
		return;
	/* pid, tid (u32 each), time (u64), raw size (u32), raw */
	memcpy(&s.tid, body + 4, 4);
	memcpy(&s.time, body + 8, 8);
	memcpy(&raw, body + 16, 4);
	if (raw < f->off_err + 8 || 20 + raw > h.size - sizeof(h))
		return;
	memcpy(&s.addr, body + 20 + f->off_addr, 8);
	memcpy(&s.err, body + 20 + f->off_err, 8);
	if (sample_push(f, &s))
		rec->lost[LOST_PERF]++;
}

static int by_time(const void *a, const void *b)
{
	const struct sample *x = a, *y = b;

	return x->time < y->time ? -1 : x->time > y->time;
}

/* One fault to the script, if it belongs to a known address space. */
static void fault_place(struct recorder *rec, const struct sample *s)
{
	struct rtask *t = task_find(rec, (pid_t)s->tid);
	int write = (s->err & 2) != 0;

	if (s->addr >= REC_TASK_SIZE)
		return;		/* the kernel's own memory, or vsyscall */
	rec->nfaults++;
	if (!t) {
		rec->lost[LOST_NO_TASK]++;
		return;
	}
	if (!t->mm || t->in_exec)
		return;		/* before the command's exec; or in the new
				 * start, which space_exec() reads whole */
	if (t->mm->dead) {
		rec->lost[LOST_NO_TASK]++;
		return;
	}
	if (!vma_allows(t->mm, s->addr, write)) {
		rec->lost[LOST_NO_VMA]++;
		return;
	}
	emit_touch(rec, t->mm, s->addr, write);
}

void faults_drain(struct faults *f, struct recorder *rec)
{
	if (!f)
		return;
	f->n = 0;
	for (int c = 0; c < f->nr; c++) {
		struct ring *r = &f->rings[c];
		uint64_t head = __atomic_load_n(&r->meta->data_head, __ATOMIC_ACQUIRE);
		uint64_t tail = r->meta->data_tail;

		while (tail < head) {
			struct perf_event_header h;

			ring_copy(r, tail, &h, sizeof(h));
			if (!h.size)
				break;
			ring_record(f, rec, r, tail);
			tail += h.size;
		}
		__atomic_store_n(&r->meta->data_tail, head, __ATOMIC_RELEASE);
	}
	qsort(f->buf, f->n, sizeof(*f->buf), by_time);
	for (size_t i = 0; i < f->n; i++)
		fault_place(rec, &f->buf[i]);
}

int faults_fds(struct faults *f, int *fds, int max)
{
	int n = 0;

	for (int c = 0; f && c < f->nr && n < max; c++)
		fds[n++] = f->rings[c].fd[0];
	return n;
}

void faults_close(struct faults *f)
{
	if (!f)
		return;
	for (int c = 0; c < f->nr; c++) {
		struct ring *r = &f->rings[c];

		if (r->meta)
			munmap(r->meta, (RING_PAGES + 1) * 4096);
		for (int k = 0; k < 2; k++)
			if (r->fd[k] > 0)
				close(r->fd[k]);
	}
	free(f->rings);
	free(f->buf);
	free(f);
}

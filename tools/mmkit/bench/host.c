/* SPDX-License-Identifier: MIT */
/*
 * bench/host.c - the host kernel doing the same work as mmkit: real page
 * faults, madvise, mprotect, fork and munmap on real memory, timed the
 * same way (rounds of n1 and n2 units in steady state).
 *
 * Why a helper process: fork() copies the page tables of every VMA of the
 * caller, and `mmkit bench` holds hundreds of MiB of simulated RAM (host
 * memory it faulted in on purpose).  Forked before any machine exists, the
 * helper holds only what the current host op mapped, so its fork costs
 * what a process with that op's memory pays, and its VmPTE shows only the
 * op's page tables.  bench/bench.c sends it one request at a time over a pipe
 * and interleaves its samples with mmkit's.
 *
 * Host memory is mapped with MADV_NOHUGEPAGE (mmkit maps 4 KiB pages only)
 * and 2 MiB aligned, so a range of 512 pages is exactly one PTE table, as
 * in mmkit.  Warm-up rounds (bench/bench.c) make the kernel's free pages ones the
 * hypervisor has already backed, so a fault costs the kernel's work, not a
 * first touch of guest memory.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench/bench.h"

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

#define PAGES(n) ((size_t)(n) * BENCH_PAGE)

int host_mem_map(struct op_ctx *c, size_t len, int noreserve)
{
	size_t map_len = len + BENCH_TABLE_SPAN;
	unsigned char *p = mmap(NULL, map_len, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS | (noreserve ? MAP_NORESERVE : 0),
				-1, 0);

	if (p == MAP_FAILED)
		return -errno;
	c->map = p;
	c->map_len = map_len;
	c->mem = (unsigned char *)(((uintptr_t)p + BENCH_TABLE_SPAN - 1) &
				   ~(uintptr_t)(BENCH_TABLE_SPAN - 1));
	c->mem_len = len;
	madvise(c->map, c->map_len, MADV_NOHUGEPAGE);
	return 0;
}

void host_mem_unmap(struct op_ctx *c)
{
	if (c->map)
		munmap(c->map, c->map_len);
	c->map = c->mem = NULL;
	c->map_len = c->mem_len = 0;
}

static void touch_pages(unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		((volatile unsigned char *)p)[PAGES(i)] = 1;
}

static int populate(unsigned char *p, size_t len)
{
	if (!len || !madvise(p, len, MADV_POPULATE_WRITE))
		return 0;
	touch_pages(p, len / BENCH_PAGE);
	return 0;
}

static int dontneed(unsigned char *p, size_t len)
{
	return !len || !madvise(p, len, MADV_DONTNEED) ? 0 : -errno;
}

static uint64_t host_tables(uint64_t pages)
{
	uint64_t t = (pages + 511) / 512;

	return t ? t : 1;
}

/* ---- faults ---- */

int host_fault_setup(struct op_ctx *c, uint64_t cap)
{
	return host_mem_map(c, PAGES(host_tables(cap) * 512), 0);
}

int host_fault_hot_setup(struct op_ctx *c, uint64_t cap)
{
	c->batch = BENCH_HOT;
	return host_mem_map(c, PAGES(BENCH_HOT), 0);
}

/* As sim_fault_round(): batches, each DONTNEEDed after it (untimed). */
int host_fault_anon(struct op_ctx *c, uint64_t n, uint64_t *ns, uint64_t *units)
{
	int ret = 0;

	*ns = 0;
	for (uint64_t done = 0, k; done < n && !ret; done += k) {
		uint64_t t0 = bench_now();

		k = bench_batch(c, n, done);
		touch_pages(c->mem, k);
		*ns += bench_now() - t0;
		ret = dontneed(c->mem, PAGES(k));
	}
	*units = n;
	return ret;
}

int host_fault_zero(struct op_ctx *c, uint64_t n, uint64_t *ns, uint64_t *units)
{
	unsigned int sum = 0;
	uint64_t t0 = bench_now();

	for (uint64_t i = 0; i < n; i++)
		sum += ((volatile unsigned char *)c->mem)[PAGES(i)];
	*ns = bench_now() - t0;
	*units = n;
	return sum ? -EIO : dontneed(c->mem, PAGES(n));
}

int host_populated_setup(struct op_ctx *c, uint64_t cap)
{
	int ret = host_mem_map(c, PAGES(cap), 0);

	return ret ? ret : populate(c->mem, c->mem_len);
}

/* A child that keeps the pages shared until told to go. */
int host_fault_cow(struct op_ctx *c, uint64_t n, uint64_t *ns, uint64_t *units)
{
	int fds[2], status;
	uint64_t t0;
	pid_t pid;
	char b;

	if (pipe(fds))
		return -errno;
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return -errno;
	}
	if (!pid) {
		close(fds[1]);
		while (read(fds[0], &b, 1) < 0 && errno == EINTR)
			;
		_exit(0);
	}
	close(fds[0]);
	t0 = bench_now();
	touch_pages(c->mem, n);
	*ns = bench_now() - t0;
	*units = n;
	close(fds[1]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return 0;
}

/* ---- MADV_DONTNEED ---- */

int host_dontneed_setup(struct op_ctx *c, uint64_t cap)
{
	uint64_t t = host_tables(cap);
	int ret = host_mem_map(c, PAGES(t * 512), 0);

	for (uint64_t i = 0; i < t && !ret; i++)
		ret = populate(c->mem + i * BENCH_TABLE_SPAN, BENCH_PAGE);
	return ret;
}

int host_dontneed_keep(struct op_ctx *c, uint64_t n, uint64_t *ns, uint64_t *units)
{
	uint64_t t = host_tables(n), t0;
	int ret = 0;

	for (uint64_t i = 0; i < t && !ret; i++)
		ret = populate(c->mem + i * BENCH_TABLE_SPAN + BENCH_PAGE,
			       BENCH_TABLE_SPAN - BENCH_PAGE);
	t0 = bench_now();
	for (uint64_t i = 0; i < t && !ret; i++)
		ret = dontneed(c->mem + i * BENCH_TABLE_SPAN + BENCH_PAGE,
			       BENCH_TABLE_SPAN - BENCH_PAGE);
	*ns = bench_now() - t0;
	*units = t * 511;
	return ret;
}

int host_dontneed_reclaim(struct op_ctx *c, uint64_t n, uint64_t *ns, uint64_t *units)
{
	uint64_t t = host_tables(n), t0;
	int ret = populate(c->mem, t * BENCH_TABLE_SPAN);

	t0 = bench_now();
	if (!ret)
		ret = dontneed(c->mem, t * BENCH_TABLE_SPAN);
	*ns = bench_now() - t0;
	*units = t * 512;
	return ret;
}

/* ---- sparse ---- */

int host_sparse_setup(struct op_ctx *c, uint64_t cap)
{
	return host_mem_map(c, cap * BENCH_TABLE_SPAN, 1);
}

int host_sparse(struct op_ctx *c, uint64_t n, uint64_t *ns, uint64_t *units)
{
	uint64_t t0 = bench_now();
	int ret;

	for (uint64_t i = 0; i < n; i++)
		((volatile unsigned char *)c->mem)[i * BENCH_TABLE_SPAN] = 1;
	ret = dontneed(c->mem, n * BENCH_TABLE_SPAN);
	*ns = bench_now() - t0;
	*units = n;
	return ret;
}

/* ---- mprotect, fork, munmap ---- */

int host_mprotect_setup(struct op_ctx *c, uint64_t cap)
{
	return host_populated_setup(c, cap + 512);
}

int host_mprotect(struct op_ctx *c, uint64_t n, uint64_t *ns, uint64_t *units)
{
	uint64_t t0 = bench_now();
	int ret = mprotect(c->mem, PAGES(n), PROT_READ);

	if (!ret)
		ret = mprotect(c->mem, PAGES(n), PROT_READ | PROT_WRITE);
	*ns = bench_now() - t0;
	*units = 2 * n;
	return ret ? -errno : 0;
}

int host_fork_setup(struct op_ctx *c, uint64_t cap)
{
	c->populated = 0;
	return host_mem_map(c, PAGES(cap), 0);
}

int host_fork_exit(struct op_ctx *c, uint64_t n, uint64_t *ns, uint64_t *units)
{
	int ret = 0, status;
	uint64_t t0;
	pid_t pid;

	if (c->populated < n)
		ret = populate(c->mem + PAGES(c->populated), PAGES(n - c->populated));
	else
		ret = dontneed(c->mem + PAGES(n), PAGES(c->populated - n));
	if (ret)
		return ret;
	c->populated = n;
	t0 = bench_now();
	pid = fork();
	if (!pid)
		_exit(0);
	if (pid < 0)
		return -errno;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	*ns = bench_now() - t0;
	*units = n;
	return 0;
}

int host_munmap_setup(struct op_ctx *c, uint64_t cap)
{
	return 0;
}

int host_munmap_round(struct op_ctx *c, uint64_t n, uint64_t *ns, uint64_t *units)
{
	uint64_t t0;
	int ret = host_mem_map(c, PAGES(n), 0);

	if (ret)
		return ret;
	ret = populate(c->mem, PAGES(n));
	t0 = bench_now();
	if (munmap(c->map, c->map_len))
		ret = -errno;
	*ns = bench_now() - t0;
	*units = n;
	c->map = c->mem = NULL;
	return ret;
}

/* ---- VmPTE ---- */

/* The VmPTE line of /proc/self/status, in bytes; 0 if unknown. */
static uint64_t vmpte_bytes(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	unsigned long long kb = 0;
	char line[256];

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "VmPTE: %llu kB", &kb) == 1)
			break;
	fclose(f);
	return kb * 1024;
}

static int pgtable_probe(uint64_t bytes, uint64_t out[3])
{
	struct op_ctx c;
	int ret;

	memset(&c, 0, sizeof(c));
	ret = host_mem_map(&c, bytes, 1);
	if (ret || !c.mem)
		return ret ? ret : -ENOMEM;
	out[0] = vmpte_bytes();
	for (uint64_t off = 0; off < bytes; off += BENCH_TABLE_SPAN)
		((volatile unsigned char *)c.mem)[off] = 1;
	out[1] = vmpte_bytes();
	ret = dontneed(c.mem, bytes);
	out[2] = vmpte_bytes();
	host_mem_unmap(&c);
	return ret;
}

/* ---- churn on real memory ---- */

struct host_churn {
	unsigned char *arena;
	uint64_t base_kib;	/* VmPTE before the arena was touched */
};

static int host_churn_touch(void *p, uint64_t off, uint64_t len)
{
	struct host_churn *h = p;

	/* Threads' extents overlap, as an allocator's threads' would: atomic. */
	for (uint64_t o = 0; o < len; o += BENCH_PAGE)
		__atomic_store_n(&h->arena[off + o], 1, __ATOMIC_RELAXED);
	return 0;
}

static int host_churn_dontneed(void *p, uint64_t off, uint64_t len)
{
	struct host_churn *h = p;

	return dontneed(h->arena + off, len);
}

static double host_churn_kib(void *p)
{
	struct host_churn *h = p;
	double kib = (double)(vmpte_bytes() / 1024);

	return kib > (double)h->base_kib ? kib - (double)h->base_kib : 0;
}

static int host_churn(const struct churn_cfg *cfg, struct churn_trace *tr)
{
	struct host_churn h;
	struct churn_backend b = { &h, NULL, NULL, host_churn_touch,
				   host_churn_dontneed, host_churn_kib };
	struct op_ctx c;
	int ret;

	memset(&c, 0, sizeof(c));
	/* 1 GiB aligned like mmkit's arena, so the same PMD tables are needed. */
	ret = host_mem_map(&c, cfg->arena + (1ULL << 30), 1);
	if (ret)
		return ret;
	h.arena = (unsigned char *)(((uintptr_t)c.mem + (1ULL << 30) - 1) &
				    ~(uintptr_t)((1ULL << 30) - 1));
	h.base_kib = vmpte_bytes() / 1024;
	ret = churn_drive(cfg, &b, tr);
	tr->policy = "host";
	host_mem_unmap(&c);
	return ret;
}

/* ---- the helper process and its protocol ---- */

enum host_cmd { HC_SETUP, HC_ROUND, HC_TEARDOWN, HC_SCALE, HC_PGTABLE, HC_CHURN, HC_EXIT };

struct host_req {
	int cmd, op;
	uint64_t n;		/* units, cap, rounds or bytes */
	int threads, shared;
	struct churn_cfg churn;
};

struct host_resp {
	int ret;
	uint64_t ns, units;
	uint64_t v[3];
	/* HC_CHURN: then n samples of (ms, kib) as doubles follow */
	int n;
	double total_ms, peak_kib, end_kib, mean_kib;
};

/* Read or write all of @buf on a pipe.  0, or -EPIPE. */
static int full_io(int fd, void *buf, size_t len, int writing)
{
	unsigned char *p = buf;

	while (len) {
		ssize_t r = writing ? write(fd, p, len) : read(fd, p, len);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -EPIPE;
		p += r;
		len -= (size_t)r;
	}
	return 0;
}

static void worker_churn(int fd, const struct host_req *q, struct host_resp *r)
{
	struct churn_trace tr;

	memset(&tr, 0, sizeof(tr));
	r->ret = host_churn(&q->churn, &tr);
	r->n = tr.n;
	r->total_ms = tr.total_ms;
	r->peak_kib = tr.peak_kib;
	r->end_kib = tr.end_kib;
	r->mean_kib = tr.mean_kib;
	if (!full_io(fd, r, sizeof(*r), 1) && tr.n) {
		full_io(fd, tr.ms, (size_t)tr.n * sizeof(double), 1);
		full_io(fd, tr.kib, (size_t)tr.n * sizeof(double), 1);
	}
	churn_trace_free(&tr);
}

/*
 * The helper's life: answer requests until HC_EXIT or end of file, then
 * _exit(0) (no atexit handlers: it shares them with the parent).
 */
static void worker_loop(int in, int out)
{
	struct op_ctx *ctx = calloc((size_t)bench_nr_ops, sizeof(*ctx));
	struct op_ctx scale;
	struct host_req q;

	memset(&scale, 0, sizeof(scale));
	while (ctx && !full_io(in, &q, sizeof(q), 0) && q.cmd != HC_EXIT) {
		struct host_resp r;
		const struct subject_ops *so;

		memset(&r, 0, sizeof(r));
		so = q.op >= 0 && q.op < bench_nr_ops ? &bench_ops[q.op].host : NULL;
		switch (q.cmd) {
		case HC_SETUP:
			memset(&ctx[q.op], 0, sizeof(ctx[q.op]));
			ctx[q.op].cap = q.n;
			r.ret = so && so->setup ? so->setup(&ctx[q.op], q.n) : -EINVAL;
			break;
		case HC_ROUND:
			r.ret = so && so->round ? so->round(&ctx[q.op], q.n, &r.ns, &r.units)
					       : -EINVAL;
			break;
		case HC_TEARDOWN:
			if (so && so->teardown)
				so->teardown(&ctx[q.op]);
			break;
		case HC_SCALE:
			if (!scale.mem)
				r.ret = host_mem_map(&scale, 2 * BENCH_TABLE_SPAN, 0);
			if (!r.ret)
				r.ret = host_scale_run(scale.mem, q.threads, q.shared, q.n, &r.ns);
			break;
		case HC_PGTABLE:
			r.ret = pgtable_probe(q.n, r.v);
			break;
		case HC_CHURN:
			worker_churn(out, &q, &r);
			continue;
		}
		if (full_io(out, &r, sizeof(r), 1))
			break;
	}
	_exit(0);
}

int host_worker_start(struct host_worker *w)
{
	int req[2], resp[2];
	pid_t pid;

	if (pipe(req))
		return -errno;
	if (pipe(resp)) {
		close(req[0]);
		close(req[1]);
		return -errno;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		int err = -errno;

		close(req[0]);
		close(req[1]);
		close(resp[0]);
		close(resp[1]);
		return err;
	}
	if (!pid) {
		close(req[1]);
		close(resp[0]);
		worker_loop(req[0], resp[1]);
	}
	close(req[0]);
	close(resp[1]);
	w->req_fd = req[1];
	w->resp_fd = resp[0];
	w->pid = pid;
	signal(SIGPIPE, SIG_IGN);
	return 0;
}

void host_worker_stop(struct host_worker *w)
{
	struct host_req q = { .cmd = HC_EXIT };
	int status;

	if (w->pid <= 0)
		return;
	full_io(w->req_fd, &q, sizeof(q), 1);
	close(w->req_fd);
	close(w->resp_fd);
	while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR)
		;
	w->pid = 0;
}

/* One request and its answer: the answer's ret, or -EPIPE if the helper died. */
static int ask(struct host_worker *w, const struct host_req *q, struct host_resp *r)
{
	memset(r, 0, sizeof(*r));
	if (w->pid <= 0)
		return -ESRCH;
	if (full_io(w->req_fd, (void *)q, sizeof(*q), 1) ||
	    full_io(w->resp_fd, r, sizeof(*r), 0))
		return -EPIPE;
	return r->ret;
}

int host_setup(struct host_worker *w, int op, uint64_t cap)
{
	struct host_req q = { .cmd = HC_SETUP, .op = op, .n = cap };
	struct host_resp r;

	return ask(w, &q, &r);
}

int host_round(struct host_worker *w, int op, uint64_t n, uint64_t *ns,
	       uint64_t *units)
{
	struct host_req q = { .cmd = HC_ROUND, .op = op, .n = n };
	struct host_resp r;
	int ret = ask(w, &q, &r);

	*ns = r.ns;
	*units = r.units;
	return ret;
}

void host_teardown(struct host_worker *w, int op)
{
	struct host_req q = { .cmd = HC_TEARDOWN, .op = op };
	struct host_resp r;

	ask(w, &q, &r);
}

int host_scale(struct host_worker *w, int threads, int shared, uint64_t rounds,
	       uint64_t *ns)
{
	struct host_req q = { .cmd = HC_SCALE, .n = rounds, .threads = threads,
			      .shared = shared };
	struct host_resp r;
	int ret = ask(w, &q, &r);

	*ns = r.ns;
	return ret;
}

int host_pgtable_probe(struct host_worker *w, uint64_t bytes, uint64_t out[3])
{
	struct host_req q = { .cmd = HC_PGTABLE, .n = bytes };
	struct host_resp r;
	int ret = ask(w, &q, &r);

	memcpy(out, r.v, sizeof(r.v));
	return ret;
}

int host_churn_run(struct host_worker *w, const struct churn_cfg *cfg,
		   struct churn_trace *tr)
{
	struct host_req q = { .cmd = HC_CHURN, .churn = *cfg };
	struct host_resp r;
	int ret;

	memset(tr, 0, sizeof(*tr));
	tr->policy = "host";
	if (w->pid <= 0)
		return -ESRCH;
	if (full_io(w->req_fd, &q, sizeof(q), 1) || full_io(w->resp_fd, &r, sizeof(r), 0))
		return -EPIPE;
	ret = r.ret;
	tr->total_ms = r.total_ms;
	tr->peak_kib = r.peak_kib;
	tr->end_kib = r.end_kib;
	tr->mean_kib = r.mean_kib;
	tr->ops = cfg->ops * (uint64_t)cfg->threads;
	if (r.n > 0) {
		tr->ms = calloc((size_t)r.n, sizeof(double));
		tr->kib = calloc((size_t)r.n, sizeof(double));
		if (!tr->ms || !tr->kib)
			return -ENOMEM;	/* the stream is lost: the worker is unusable */
		if (full_io(w->resp_fd, tr->ms, (size_t)r.n * sizeof(double), 0) ||
		    full_io(w->resp_fd, tr->kib, (size_t)r.n * sizeof(double), 0))
			return -EPIPE;
		tr->n = tr->cap = r.n;
	}
	return ret;
}

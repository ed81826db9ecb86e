/* SPDX-License-Identifier: MIT */
/*
 * bench/helper.c - the host kernel's side of `mmkit bench`: a helper
 * process that runs the host's rounds of every op (bench_ops[].host),
 * the threaded runs on real memory (bench/threads.c) and the VmPTE probe,
 * one request at a time over a pipe from bench/bench.c.
 *
 * Why a helper process: fork() copies the page tables of every VMA of the
 * caller, and `mmkit bench` holds hundreds of MiB of simulated RAM (host
 * memory it faulted in on purpose).  Forked before any machine exists, the
 * helper holds only what the current host op mapped, so its fork costs
 * what a process with that op's memory pays, and its VmPTE shows only the
 * op's page tables.  Warm-up rounds (bench/bench.c) make the kernel's free
 * pages ones the hypervisor has already backed, so a fault costs the
 * kernel's work, not a first touch of guest memory.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench/helper.h"

/* VmPTE before and after a byte per 2 MiB of @bytes, and after DONTNEED. */
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
	ret = host_dontneed(c.mem, bytes);
	out[2] = vmpte_bytes();
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
		so = q.op >= 0 && q.op < bench_nr_ops ? &bench_ops[q.op]->host : NULL;
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

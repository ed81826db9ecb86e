/* SPDX-License-Identifier: MIT */
/*
 * kdiff/diff.c - one script on both sides (kdiff/diff.h): each statement
 * runs on the host kernel, through the agent of its address space
 * (kdiff/host.h), and on mmkit, through the step API (script/script.h),
 * under policy linux whatever the script says; then the outcomes are
 * compared, and after every statement that can change memory the figures
 * of every live address space (kdiff/observe.c).
 *
 * A read is compared as mmkit loads it: the runner hands each chunk it
 * loaded to kd_read_sink(), which asks the agent for the same chunk and
 * compares the bytes, so a read of a gigabyte needs no gigabyte of
 * memory.  Expectations are not judged (they may state mmkit-only
 * facts): `expect pte|page` and the frame expectations become probes,
 * `expect stat|sys` are skipped.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <mmkit/mmkit.h>

#include "common/errname.h"
#include "kdiff/run.h"

/* ---- recording ---- */

void kd_tell(struct kd_run *r, const struct script_view *v, int slot,
	     const char *key, const char *kernel, const char *mmkit)
{
	struct kd_result *res = r->res;
	struct kd_disagreement *d;

	if (res->n == res->cap) {
		int cap = res->cap ? 2 * res->cap : 16;
		void *nv = realloc(res->v, (size_t)cap * sizeof(*res->v));

		if (!nv) {
			kd_fail(r, "kdiff: out of memory");
			return;
		}
		res->v = nv;
		res->cap = cap;
	}
	d = &res->v[res->n++];
	memset(d, 0, sizeof(*d));
	d->line = v->line;
	d->stmt = strdup(v->text);
	snprintf(d->mm, sizeof(d->mm), "%s", slot >= 0 ? script_mm_name(r->sc, slot) : "");
	snprintf(d->key, sizeof(d->key), "%s", key);
	snprintf(d->kernel, sizeof(d->kernel), "%s", kernel);
	snprintf(d->mmkit, sizeof(d->mmkit), "%s", mmkit);
	if (r->o->live)
		kd_print(r->o->live, script_file(r->sc), d);
	if (r->o->max && res->n >= r->o->max)
		r->stop = 1;
}

void kd_compare(struct kd_run *r, const struct script_view *v, int slot,
		const char *key, const char *kernel, const char *mmkit)
{
	r->res->compared++;
	if (strcmp(kernel, mmkit))
		kd_tell(r, v, slot, key, kernel, mmkit);
}

void kd_fail(struct kd_run *r, const char *msg)
{
	if (!r->res->error[0])
		snprintf(r->res->error, sizeof(r->res->error), "%s", msg);
	r->stop = 1;
}

void kd_note(struct kd_run *r, unsigned int bit, const char *fmt, ...)
{
	struct kd_result *res = r->res;
	char text[512], **nv;
	va_list ap;

	if (r->noted & bit)
		return;
	r->noted |= bit;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (!r->o->quiet)
		fprintf(stderr, "kdiff: %s: %s\n", script_file(r->sc), text);
	nv = realloc(res->notes, (size_t)(res->nnotes + 1) * sizeof(*nv));
	if (!nv)
		return;
	res->notes = nv;
	res->notes[res->nnotes] = strdup(text);
	if (res->notes[res->nnotes])
		res->nnotes++;
}

/* ---- outcomes ---- */

static void outcome_text(const struct kd_outcome *o, char *buf, size_t size)
{
	if (o->code == 0)
		snprintf(buf, size, "ok");
	else if (o->code > 0)
		snprintf(buf, size, "%s", err_name(o->code));
	else
		snprintf(buf, size, "%s", o->msg);
}

static void compare_outcomes(struct kd_run *r, const struct script_view *v,
			     const struct kd_outcome *k, const struct kd_outcome *m)
{
	char kt[256], mt[256];

	outcome_text(k, kt, sizeof(kt));
	outcome_text(m, mt, sizeof(mt));
	kd_compare(r, v, -1, "result", kt, mt);
}

/* ---- the kernel side of each statement ---- */

/* The agent of mm slot @slot, or NULL with @out saying it has none. */
static struct agent *agent_of(struct kd_run *r, int slot, struct kd_outcome *out)
{
	if (slot >= 0 && r->agents[slot].fd >= 0)
		return &r->agents[slot];
	out->code = -1;
	snprintf(out->msg, sizeof(out->msg), "no such address space");
	return NULL;
}

/* One request whose answer is just an outcome. */
static void kernel_call(struct kd_run *r, struct agent *a,
			const struct agent_req *rq, const void *data, size_t n,
			struct kd_outcome *out)
{
	struct agent_resp rs = { 0 };
	char msg[256];

	if (agent_call(a, rq, data, n, &rs, NULL, 0, msg, sizeof(msg))) {
		kd_fail(r, msg);
		return;
	}
	out->code = rs.err;
}

/* write: CHUNK-sized stores, as mmkit's runner makes them. */
static void kernel_write(struct kd_run *r, struct agent *a,
			 const struct script_view *v, struct kd_outcome *out)
{
	for (uint64_t off = 0; off < v->len[0] && !out->code && !r->stop;
	     off += AGENT_CHUNK) {
		uint64_t n = v->len[0] - off < AGENT_CHUNK ? v->len[0] - off
							    : AGENT_CHUNK;
		struct agent_req rq = { .op = v->bytes ? AOP_WRITE : AOP_FILL,
					.arg = v->fill, .addr = v->addr[0] + off,
					.len = n };

		kernel_call(r, a, &rq, v->bytes ? v->bytes + off : NULL,
			    v->bytes ? n : 0, out);
	}
}

static void kernel_fork(struct kd_run *r, const struct script_view *v,
			struct kd_outcome *out)
{
	struct agent *parent = agent_of(r, v->mm[0], out);
	char msg[256];
	int err;

	if (!parent)
		return;
	if (agent_fork(parent, &r->agents[v->mm[1]], &err, msg, sizeof(msg)))
		kd_fail(r, msg);
	out->code = err;
}

/* The request for a memory operation on one agent. */
static struct agent_req mem_req(const struct script_view *v)
{
	struct agent_req rq = { .addr = v->addr[0], .len = v->len[0] };

	switch (v->op) {
	case SOP_MMAP:
		rq.op = AOP_MMAP;
		rq.arg = v->prot;
		rq.flags = (v->shared ? AF_SHARED : 0) |
			   (v->populate ? AF_POPULATE : 0) | (v->huge ? AF_HUGE : 0);
		break;
	case SOP_MUNMAP:
		rq.op = AOP_MUNMAP;
		break;
	case SOP_MPROTECT:
		rq.op = AOP_MPROTECT;
		rq.arg = v->prot;
		break;
	case SOP_MADVISE:
		rq.op = AOP_MADVISE;
		rq.arg = v->advice;
		break;
	case SOP_MREMAP:
		rq.op = AOP_MREMAP;
		rq.addr2 = v->addr[1];
		rq.len2 = v->len[1];
		rq.flags = v->dontunmap ? AF_DONTUNMAP : 0;
		break;
	default:		/* SOP_TOUCH */
		rq.op = AOP_TOUCH;
		rq.addr2 = v->stride;
		rq.flags = v->store ? AF_STORE : 0;
		break;
	}
	return rq;
}

/* Run @v on the kernel (all but `read`, which kd_read_sink() does). */
static void kernel_op(struct kd_run *r, const struct script_view *v,
		      struct kd_outcome *out)
{
	struct agent *a;
	struct agent_req rq;
	char msg[256];

	out->code = 0;
	switch (v->op) {
	case SOP_MM:
		if (agent_start(r->k, &r->agents[v->mm[0]], msg, sizeof(msg)))
			kd_fail(r, msg);
		return;
	case SOP_FORK:
		kernel_fork(r, v, out);
		return;
	case SOP_SYNC: case SOP_READ:
		return;
	default:
		break;
	}
	a = agent_of(r, v->mm[0], out);
	if (!a)
		return;
	if (v->op == SOP_EXIT) {
		if (agent_exit(a, msg, sizeof(msg)))
			kd_fail(r, msg);
		return;
	}
	if (v->op == SOP_WRITE) {
		kernel_write(r, a, v, out);
		return;
	}
	rq = mem_req(v);
	kernel_call(r, a, &rq, NULL, 0, out);
}

/* ---- reads ---- */

/* One chunk from the kernel into @buf: 0, or the kernel's outcome. */
static int kernel_chunk(struct kd_run *r, uint64_t off, size_t n,
			unsigned char *buf)
{
	struct kd_read *rd = &r->rd;
	struct agent_req rq = { .op = AOP_READ, .addr = rd->v->addr[0] + off,
				.len = n };
	struct agent_resp rs = { 0 };
	char msg[256];

	if (agent_call(rd->a, &rq, NULL, 0, &rs, buf, n, msg, sizeof(msg))) {
		kd_fail(r, msg);
		rd->k.code = -1;
		snprintf(rd->k.msg, sizeof(rd->k.msg), "the agent failed");
		return -1;
	}
	rd->k.code = rs.err;
	if (!rs.err)
		rd->kdone = off + n;
	return rs.err;
}

/* The first byte where the kernel's chunk and mmkit's differ, told. */
static void compare_bytes(struct kd_run *r, uint64_t off, const unsigned char *k,
			  const unsigned char *m, size_t n)
{
	struct kd_read *rd = &r->rd;
	char kt[64], mt[64], key[32];

	r->res->compared++;
	for (size_t i = 0; i < n && !rd->told; i++) {
		if (k[i] == m[i])
			continue;
		snprintf(key, sizeof(key), "byte %llu", (unsigned long long)(off + i));
		snprintf(kt, sizeof(kt), "0x%02x", k[i]);
		snprintf(mt, sizeof(mt), "0x%02x", m[i]);
		kd_tell(r, rd->v, -1, key, kt, mt);
		rd->told = 1;
	}
}

/* run_opts.read_sink: mmkit loaded @n bytes at offset @off of the read. */
static void kd_read_sink(void *arg, uint64_t off, const unsigned char *buf,
			 size_t n)
{
	struct kd_run *r = arg;
	struct kd_read *rd = &r->rd;

	if (!rd->a || rd->k.code || r->stop || n > AGENT_CHUNK ||
	    off != rd->kdone)
		return;
	if (!kernel_chunk(r, off, n, r->kbuf))
		compare_bytes(r, off, r->kbuf, buf, n);
}

/* The kernel's outcome of the read: it loads what mmkit did not ask for. */
static void finish_read(struct kd_run *r, struct kd_outcome *out)
{
	struct kd_read *rd = &r->rd;
	uint64_t len = rd->v->len[0];

	while (rd->a && !rd->k.code && !r->stop && rd->kdone < len) {
		uint64_t n = len - rd->kdone < AGENT_CHUNK ? len - rd->kdone
							    : AGENT_CHUNK;

		kernel_chunk(r, rd->kdone, (size_t)n, r->kbuf);
	}
	*out = rd->k;
}

/* ---- one statement ---- */

/* Whether @v placed memory where page tables are the agent's too. */
static void note_shared_tables(struct kd_run *r, const struct script_view *v)
{
	int k = v->op == SOP_MREMAP ? 1 : 0;
	struct kd_slot *s;

	if ((v->op != SOP_MMAP && v->op != SOP_MREMAP) ||
	    !klayout_shares_tables(&r->k->layout, v->addr[k], v->len[k]))
		return;
	s = &r->slots[v->mm[0]];
	if (!s->pt_shared)
		kd_note(r, 0, "line %d: mm %s: pgtable not compared from here "
			"on: its mappings share page tables with the agent's own "
			"(the same 512 GiB region; docs/fidelity.md)", v->line,
			script_mm_name(r->sc, v->mm[0]));
	s->pt_shared = 1;
}

/* An operation: run it on both sides, compare outcomes, then figures. */
static void kd_operation(struct kd_run *r, int i, const struct script_view *v)
{
	struct kd_outcome k = { 0, "" }, m = { 0, "" };

	if (v->op == SOP_READ) {
		r->rd = (struct kd_read){ .v = v };
		r->rd.a = agent_of(r, v->mm[0], &r->rd.k);
	} else {
		kernel_op(r, v, &k);
	}
	if (r->stop)
		return;
	m.code = script_step_run(r->st, i, m.msg, sizeof(m.msg));
	if (v->op == SOP_READ)
		finish_read(r, &k);
	if (v->op == SOP_FORK && r->slots[v->mm[0]].pt_shared)
		r->slots[v->mm[1]].pt_shared = 1;
	if (!k.code)
		note_shared_tables(r, v);
	if (r->stop)
		return;
	compare_outcomes(r, v, &k, &m);
	kd_observe_mms(r, v);
}

static void kd_statement(struct kd_run *r, int i)
{
	struct script_view v;

	script_view(r->sc, i, &v);
	switch (v.op) {
	case SOP_SETUP: case SOP_EXPECT_STAT: case SOP_EXPECT_SYS:
	case SOP_OTHER:
		return;		/* mmkit's own, or refused by the checks */
	case SOP_EXPECT_PTE: case SOP_EXPECT_PAGE: case SOP_SAME_FRAME:
	case SOP_DISTINCT_FRAME:
		kd_probe(r, &v);
		break;
	default:
		kd_operation(r, i, &v);
		break;
	}
	r->res->statements++;
}

/* ---- the run ---- */

static int kd_open(struct kd_run *r)
{
	char msg[512];

	r->nmms = script_nmms(r->sc);
	r->agents = calloc((size_t)r->nmms + 1, sizeof(*r->agents));
	r->slots = calloc((size_t)r->nmms + 1, sizeof(*r->slots));
	r->kbuf = malloc(AGENT_CHUNK);
	if (!r->agents || !r->slots || !r->kbuf) {
		kd_fail(r, "kdiff: out of memory");
		return -1;
	}
	for (int s = 0; s < r->nmms; s++)
		r->agents[s].fd = -1;
	r->ro.policy = MMK_POLICY_LINUX;
	r->ro.shmem_thp = 1 + kd_host_shmem_thp();	/* 0 (the script's) if unreadable */
	r->ro.quiet = 1;
	r->ro.read_sink = kd_read_sink;
	r->ro.sink_arg = r;
	if (script_step_start(r->sc, &r->ro, &r->st, msg, sizeof(msg))) {
		kd_fail(r, msg);
		return -1;
	}
	if (script_policy(r->sc) != MMK_POLICY_LINUX)
		kd_note(r, NOTE_POLICY, "mmkit runs under policy linux (the "
			"script's `policy %s` is overridden)",
			mmk_policy_name(script_policy(r->sc)));
	return 0;
}

static void kd_close(struct kd_run *r)
{
	for (int s = 0; r->agents && s < r->nmms; s++)
		agent_drop(&r->agents[s]);
	agents_reap(0);
	script_step_end(r->st);
	free(r->agents);
	free(r->slots);
	free(r->kbuf);
}

int kd_run(struct kside *k, const struct script *sc, const struct kd_opts *o,
	   struct kd_result *res)
{
	struct kd_run r;

	memset(&r, 0, sizeof(r));
	memset(res, 0, sizeof(*res));
	k->thp = kd_uses_thp(sc);	/* else its agents run with THP off */
	r.k = k;
	r.sc = sc;
	r.o = o;
	r.res = res;
	if (!kd_open(&r))
		for (int i = 0; i < script_nstmts(sc) && !r.stop; i++)
			kd_statement(&r, i);
	kd_close(&r);
	if (res->error[0])
		return 2;
	return res->n ? 1 : 0;
}

void kd_result_free(struct kd_result *res)
{
	for (int i = 0; i < res->n; i++)
		free(res->v[i].stmt);
	for (int i = 0; i < res->nnotes; i++)
		free(res->notes[i]);
	free(res->notes);
	free(res->v);
	memset(res, 0, sizeof(*res));
}

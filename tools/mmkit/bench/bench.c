/* SPDX-License-Identifier: MIT */
/*
 * bench/bench.c - `mmkit bench [--quick] [--json] [--svg DIR]`: what mmkit's
 * operations cost under each page-table policy, next to the raw limit and
 * the host kernel doing the same work, measured in one run.
 *
 * How a number is made (bench.h has the glossary)
 * -----------------------------------------------
 * Everything is measured in steady state: machines, pools and the host's
 * memory are warmed by untimed rounds first (a simulated fault must not
 * pay a host page fault, nor a host fault a first touch of guest memory:
 * shared/perf-notes.md).  A sample is (t(n2) - t(n1)) / (u(n2) - u(n1))
 * for two rounds taken back to back (after an untimed round that refills
 * the caches), so a round's fixed costs cancel.  A rep takes one sample of
 * every subject of the op, in an order rotated from rep to rep; tables
 * show the median over reps, with min and max.  Ratios of two subjects are
 * paired: the median over reps of the ratio of their samples of the same
 * rep.  Nothing here judges a time: targets are printed with a confidence
 * interval and a verdict, and the exit status never depends on them.
 *
 * Order of the run: the ops of bench/ops.c one after another (each set up
 * on every subject, warmed, sampled, torn down), then thread scaling, the
 * page-table memory of a sparse mapping, and the churn traces.
 *
 * Threads: the main thread does the single-threaded ops attached to CPU 0
 * of the machine it is working on (it detaches before switching
 * machines, and before the threaded parts, whose threads attach to CPUs 0
 * and 1).  The host's ops run in the helper process of bench/host.c.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "bench/bench.h"
#include "cli/cli.h"
#include "common/errname.h"
#include "common/json.h"

static const char bench_help[] =
	"usage: mmkit bench [--quick] [--json] [--svg DIR] [--reps N] [--only LIST]\n"
	"                   [--trace]\n"
	"\n"
	"Measures, in one run and interleaved so that machine noise hits all\n"
	"alike: the raw limit (a 4-level walk over plain page tables of the same\n"
	"layout, memset and memcpy of 4 KiB); per operation and per page-table\n"
	"policy (keep linux refcount rwsem full): TLB hit and miss, faults (anon,\n"
	"zero page, COW), GUP-fast, GUP, pin+unpin, MADV_DONTNEED with and\n"
	"without table reclaim, a sparse touch+DONTNEED, mprotect, fork, munmap;\n"
	"fault throughput with 1 and 2 threads on disjoint and shared ranges; the\n"
	"host kernel doing the same work with real syscalls and faults (in a\n"
	"helper process), and its VmPTE; page-table memory over time during the\n"
	"churn workload (`mmkit gen-churn --help`).\n"
	"\n"
	"Each figure is the median, min and max over reps of\n"
	"(t(n2) - t(n1)) / (n2 - n1): two rounds of the operation in steady\n"
	"state, whose difference cancels fixed costs.  Ratios are paired: the\n"
	"median of the ratios of samples taken side by side in one rep: vs keep\n"
	"(policy / keep), vs raw (operation / its raw limit), host/this (host\n"
	"kernel / this subject: how many times faster).  The targets of the\n"
	"benchmark issue are reported with a 95% confidence interval of the\n"
	"median, never enforced.\n"
	"\n"
	"options (`--opt VALUE` or `--opt=VALUE`):\n"
	"  --quick     small rounds and few reps: a few seconds (a smoke test;\n"
	"              sanitizer builds run every op once: their numbers mean\n"
	"              nothing)\n"
	"  --json      print one JSON object on stdout instead of the tables\n"
	"  --svg DIR   also write DIR/bench-churn-pgtable.svg (page-table memory\n"
	"              over time per policy, churn workload) and\n"
	"              DIR/bench-threads.svg (throughput vs threads)\n"
	"  --reps N    samples per figure (default 41, --quick 7)\n"
	"  --only LIST measure only what the comma-separated names select: op\n"
	"              names or prefixes (fault, gup.fast, madv, ...), threads,\n"
	"              pgtable, churn; subjects (keep linux refcount rwsem full\n"
	"              host raw) restrict who takes part\n"
	"  --trace     print every timed round on stderr: op, subject, units, ns\n"
	"  -h, --help  this text\n"
	"\n"
	"exit status: 0 (timings never fail the run); 1 if an operation itself\n"
	"             failed (a bug: the message names it); 2 usage error\n";

#define POLICIES MMK_NR_POLICIES

/*
 * Median, extremes, quartiles, and a 95% confidence interval of the
 * median (distribution-free: the order statistics n/2 -+ 0.98 sqrt(n)).
 */
struct stats {
	double med, min, max, q1, q3, ci_lo, ci_hi;
	int n;
};

struct op_res {
	int ran;		/* the subject does this op */
	int err;		/* first error, negative errno */
	double *samples;	/* [rep]: ns per unit */
	int n;
	struct stats st;
	uint64_t n1, n2;
};

enum { SC_ONE, SC_DISJOINT, SC_SHARED, NR_SC };
static const char *const sc_names[NR_SC] = { "1", "2-disjoint", "2-shared" };
static const int sc_threads[NR_SC] = { 1, 2, 2 };
static const int sc_shared[NR_SC] = { 0, 0, 1 };

struct bench {
	int quick, json, trace, reps, warm, divisor;
	const char *svg_dir;
	const char *only;	/* --only: comma-separated names */
	struct progress bar;	/* only on a terminal, and not with --trace */
	uint64_t scale_n1, scale_n2, sparse_bytes;
	struct churn_cfg churn_cfg;

	struct mmk_machine *m[POLICIES];
	int attached;		/* policy whose CPU 0 we hold, or -1 */
	struct host_worker host;
	int host_ok;

	struct op_ctx ctx[NR_SUBJECTS];	/* the op being measured */
	struct op_res *res;		/* [op][subject] */
	int ran_scale;
	int pgt_ran[NR_SUBJECTS], churn_ran[NR_SUBJECTS];
	double *scale_samples[NR_SC][NR_SUBJECTS];	/* [rep]: pages per us */
	int scale_n[NR_SUBJECTS];
	struct stats scale[NR_SC][NR_SUBJECTS];
	int scale_err[NR_SUBJECTS];
	uint64_t pgt[NR_SUBJECTS][2];	/* after touch, after DONTNEED */
	int pgt_err[NR_SUBJECTS];
	struct churn_trace churn[NR_SUBJECTS];
	int churn_err[NR_SUBJECTS];
	int failures;
	double seconds;

	int steps, steps_done;	/* progress */
};

static const char *subject_name(int s)
{
	if (s < POLICIES)
		return mmk_policy_name((enum mmk_policy)s);
	return s == SUBJ_HOST ? "host" : "raw";
}

static struct op_res *res_of(struct bench *b, int op, int s)
{
	return &b->res[op * NR_SUBJECTS + s];
}

uint64_t bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* ---- progress on a terminal ---- */

/* One step of the run done (see count_steps()). */
static void progress(struct bench *b, const char *what)
{
	b->steps_done++;
	progress_show(&b->bar, "bench", b->steps ? (double)b->steps_done / b->steps : 0,
		      "%s", what);
}

/* ---- statistics ---- */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Of the finite values among v[0..n): a discarded sample is NAN. */
static struct stats stats_of(const double *v, int n)
{
	struct stats st = { NAN, NAN, NAN, NAN, NAN, NAN, NAN, 0 };
	double *s;
	int k = 0;

	if (n <= 0 || !(s = malloc((size_t)n * sizeof(*s))))
		return st;
	for (int i = 0; i < n; i++)
		if (isfinite(v[i]))
			s[k++] = v[i];
	n = k;
	if (!n) {
		free(s);
		return st;
	}
	qsort(s, (size_t)n, sizeof(*s), cmp_double);
	st.n = n;
	st.min = s[0];
	st.max = s[n - 1];
	st.med = n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
	st.q1 = s[(n - 1) / 4];
	st.q3 = s[(3 * (n - 1) + 3) / 4];
	{
		double half = 0.98 * sqrt((double)n);
		int lo = (int)floor((double)n / 2 - half), hi = (int)ceil((double)n / 2 + half) - 1;

		st.ci_lo = s[lo < 0 ? 0 : lo];
		st.ci_hi = s[hi >= n ? n - 1 : hi];
	}
	free(s);
	return st;
}

/*
 * a[i] / b[i] for the reps both have: samples of one rep were taken next
 * to each other, so slow drifts of the machine cancel in the ratio.
 */
static struct stats paired(const double *a, int na, const double *b, int nb)
{
	int n = na < nb ? na : nb, k = 0;
	double *r = n > 0 ? malloc((size_t)n * sizeof(*r)) : NULL;
	struct stats st;

	for (int i = 0; r && i < n; i++)
		if (b[i] > 0 && isfinite(a[i]) && isfinite(b[i]))
			r[k++] = a[i] / b[i];
	st = stats_of(r, k);
	free(r);
	return st;
}

/* Paired ratio of two subjects of one op; n 0 if either has no sample. */
static struct stats op_ratio(struct bench *b, int op, int num, int den)
{
	struct stats none = { NAN, NAN, NAN, NAN, NAN, NAN, NAN, 0 };
	const struct op_res *x, *y;

	if (op < 0)
		return none;
	x = res_of(b, op, num);
	y = res_of(b, op, den);
	if (!x->ran || !y->ran)
		return none;
	return paired(x->samples, x->n, y->samples, y->n);
}

/* ---- what --only selects ---- */

static int listed(const char *list, const char *name)
{
	size_t len = strlen(name);

	while (list && *list) {
		size_t l = strcspn(list, ",");

		if (l && l <= len && !strncmp(name, list, l))
			return 1;
		list += l + (list[l] == ',');
	}
	return 0;
}

/* Does --only name a subject?  Then only the subjects it names run. */
static int subject_wanted(const struct bench *b, int s)
{
	int any = 0;

	for (int i = 0; i < NR_SUBJECTS; i++)
		any |= listed(b->only, subject_name(i));
	return !any || listed(b->only, subject_name(s));
}

/* Does --only select measurement @name (an op, threads, pgtable, churn)? */
static int wanted(const struct bench *b, const char *name)
{
	int any = 0;
	const char *p = b->only;

	if (!p)
		return 1;
	/* a list of subjects only selects everything they take part in */
	while (*p) {
		size_t l = strcspn(p, ",");
		int subj = 0;

		for (int i = 0; i < NR_SUBJECTS; i++)
			subj |= l == strlen(subject_name(i)) &&
				!strncmp(p, subject_name(i), l);
		any |= l && !subj;
		p += l + (p[l] == ',');
	}
	return !any || listed(b->only, name);
}

/* ---- subjects ---- */

/*
 * Hold CPU 0 of policy @p's machine (-1: none).  A thread holds one CPU at
 * a time, across machines, so the previous one is let go first.
 */
static int attach(struct bench *b, int p)
{
	int ret;

	if (b->attached == p)
		return 0;
	if (b->attached >= 0)
		mmk_cpu_detach(b->m[b->attached]);
	b->attached = -1;
	if (p < 0)
		return 0;
	ret = mmk_cpu_attach(b->m[p], 0);
	if (!ret)
		b->attached = p;
	return ret;
}

static const struct subject_ops *ops_of(const struct bench_op *o, int s)
{
	return s < POLICIES ? &o->mmk : s == SUBJ_HOST ? &o->host : &o->raw;
}

static int subject_does(struct bench *b, const struct bench_op *o, int s)
{
	if (s == SUBJ_HOST && !b->host_ok)
		return 0;
	return ops_of(o, s)->round != NULL && subject_wanted(b, s);
}

/* Set subject @s up for rounds of @op of up to @cap units.  0 or -errno. */
static int subject_setup(struct bench *b, int op, int s, uint64_t cap)
{
	const struct bench_op *o = &bench_ops[op];
	struct op_ctx *c = &b->ctx[s];

	memset(c, 0, sizeof(*c));
	c->cap = cap;
	if (s == SUBJ_HOST)
		return host_setup(&b->host, op, cap);
	if (s < POLICIES) {
		int ret = attach(b, s);

		c->m = b->m[s];
		if (ret)
			return ret;
	}
	return ops_of(o, s)->setup ? ops_of(o, s)->setup(c, cap) : 0;
}

static void subject_teardown(struct bench *b, int op, int s)
{
	const struct bench_op *o = &bench_ops[op];

	if (s == SUBJ_HOST) {
		host_teardown(&b->host, op);
		return;
	}
	if (s < POLICIES && attach(b, s))
		return;
	if (ops_of(o, s)->teardown)
		ops_of(o, s)->teardown(&b->ctx[s]);
}

/* One round of @n units of @op by subject @s (see round_fn). */
static int subject_round(struct bench *b, int op, int s, uint64_t n, uint64_t *ns,
			 uint64_t *units)
{
	int ret;

	*ns = *units = 0;
	if (s == SUBJ_HOST)
		ret = host_round(&b->host, op, n, ns, units);
	else if (s < POLICIES && (ret = attach(b, s)))
		return ret;
	else
		ret = ops_of(&bench_ops[op], s)->round(&b->ctx[s], n, ns, units);
	if (b->trace)
		fprintf(stderr, "round %s %s %" PRIu64 " %" PRIu64 "\n", bench_ops[op].name,
			subject_name(s), *units, *ns);
	return ret;
}

/*
 * One sample: (t(n2) - t(n1)) / (u(n2) - u(n1)), after an untimed round
 * that puts this subject's memory back in the caches the previous
 * subject's sample evicted it from.
 */
static int take_sample(struct bench *b, int op, int s, uint64_t n1, uint64_t n2,
		       double *out)
{
	uint64_t ns1, ns2, u1, u2;
	int ret = subject_round(b, op, s, n2, &ns1, &u1);

	if (!ret)
		ret = subject_round(b, op, s, n1, &ns1, &u1);
	if (!ret)
		ret = subject_round(b, op, s, n2, &ns2, &u2);
	if (ret)
		return ret;
	if (u2 <= u1)
		return -EINVAL;
	*out = ((double)ns2 - (double)ns1) / (double)(u2 - u1);
	return 0;
}

static void fail(struct bench *b, const char *what, const char *who, int err)
{
	b->failures++;
	progress_clear(&b->bar);
	fprintf(stderr, "mmkit: bench: %s (%s): %s\n", what, who, err_name(-err));
}

/* n rounded to the op's granularity, scaled down for --quick. */
static void op_sizes(const struct bench *b, const struct bench_op *o, uint64_t *n1,
		     uint64_t *n2)
{
	uint64_t g = o->gran ? o->gran : 1;

	*n1 = (o->n1 / (uint64_t)b->divisor + g - 1) / g * g;
	*n2 = (o->n2 / (uint64_t)b->divisor + g - 1) / g * g;
	if (!*n1)
		*n1 = g;
	if (*n2 < 2 * *n1)
		*n2 = 2 * *n1;
}

/*
 * Every subject that does @op: set up, warmed, b->reps samples in rotated
 * order, torn down.  A subject whose round fails is reported and stops;
 * the others go on.
 */
static void measure_op(struct bench *b, int op)
{
	const struct bench_op *o = &bench_ops[op];
	int subj[NR_SUBJECTS], ns = 0;
	uint64_t n1, n2;

	op_sizes(b, o, &n1, &n2);
	for (int s = 0; s < NR_SUBJECTS; s++) {
		struct op_res *r = res_of(b, op, s);

		if (!subject_does(b, o, s))
			continue;
		r->ran = 1;
		r->n1 = n1;
		r->n2 = n2;
		r->samples = calloc((size_t)b->reps, sizeof(double));
		r->err = r->samples ? subject_setup(b, op, s, n2) : -ENOMEM;
		if (r->err) {
			fail(b, o->name, subject_name(s), r->err);
			subject_teardown(b, op, s);
			continue;
		}
		subj[ns++] = s;
	}
	/* Warm-up: pools grown, host memory backed, caches in steady state. */
	for (int w = 0; w < b->warm; w++)
		for (int i = 0; i < ns; i++) {
			struct op_res *r = res_of(b, op, subj[i]);
			double dummy;

			if (!r->err && (r->err = take_sample(b, op, subj[i], n1, n2, &dummy)))
				fail(b, o->name, subject_name(subj[i]), r->err);
		}
	for (int rep = 0; rep < b->reps; rep++) {
		for (int i = 0; i < ns; i++) {
			int s = subj[(i + rep) % ns];
			struct op_res *r = res_of(b, op, s);

			if (r->err)
				continue;
			r->err = take_sample(b, op, s, n1, n2, &r->samples[r->n]);
			if (r->err)
				fail(b, o->name, subject_name(s), r->err);
			else
				r->n++;
		}
		progress(b, o->name);
	}
	for (int i = 0; i < ns; i++) {
		struct op_res *r = res_of(b, op, subj[i]);

		subject_teardown(b, op, subj[i]);
		r->st = stats_of(r->samples, r->n);
	}
	attach(b, -1);
	for (int p = 0; p < POLICIES; p++)
		mmk_sync(b->m[p]);	/* tables waiting for a grace period go */
}

/* ---- threads ---- */

static int scale_round(struct bench *b, int s, int sc, uint64_t rounds, uint64_t *ns)
{
	int ret;

	if (s == SUBJ_HOST)
		ret = host_scale(&b->host, sc_threads[sc], sc_shared[sc], rounds, ns);
	else if (s == SUBJ_RAW)
		ret = raw_scale_run(&b->ctx[SUBJ_RAW], sc_threads[sc], sc_shared[sc], rounds, ns);
	else
		ret = sim_scale(b->m[s], sc_threads[sc], sc_shared[sc], rounds, ns);
	if (b->trace)
		fprintf(stderr, "round threads-%s %s %" PRIu64 " %" PRIu64 "\n", sc_names[sc],
			subject_name(s), rounds, *ns);
	return ret;
}

/* One sample of each thread configuration of @s, next to each other. */
static void scale_sample(struct bench *b, int s, int keep)
{
	double pages[NR_SC] = { NAN, NAN, NAN };

	/* The raw work is some 20 times faster: as long a round takes more. */
	uint64_t n1 = b->scale_n1 * (s == SUBJ_RAW ? 16 : 1);
	uint64_t n2 = b->scale_n2 * (s == SUBJ_RAW ? 16 : 1);

	for (int sc = 0; sc < NR_SC && !b->scale_err[s]; sc++) {
		uint64_t t1, t2;
		int ret = scale_round(b, s, sc, n1, &t1);

		if (!ret)
			ret = scale_round(b, s, sc, n2, &t2);
		if (ret) {
			b->scale_err[s] = ret;
			fail(b, "threads", subject_name(s), ret);
			return;
		}
		/* pages per microsecond, all threads together; NAN: noise won */
		pages[sc] = t2 <= t1 ? NAN : (double)sc_threads[sc] * SCALE_PAGES *
					     (double)(n2 - n1) / ((double)(t2 - t1) / 1e3);
	}
	if (!keep || b->scale_err[s])
		return;
	for (int sc = 0; sc < NR_SC; sc++)
		b->scale_samples[sc][s][b->scale_n[s]] = pages[sc];
	b->scale_n[s]++;
}

/* 1 thread, 2 on disjoint tables, 2 on shared tables, for every subject. */
static void measure_scaling(struct bench *b)
{
	int subj[NR_SUBJECTS], ns = 0;

	attach(b, -1);
	b->ran_scale = 1;
	memset(&b->ctx[SUBJ_RAW], 0, sizeof(b->ctx[SUBJ_RAW]));
	for (int s = 0; s < NR_SUBJECTS; s++) {
		if ((s == SUBJ_HOST && !b->host_ok) || !subject_wanted(b, s))
			continue;
		subj[ns++] = s;
		for (int sc = 0; sc < NR_SC; sc++)
			if (!(b->scale_samples[sc][s] = calloc((size_t)b->reps, sizeof(double))))
				b->scale_err[s] = -ENOMEM;
	}
	for (int w = 0; w < b->warm; w++)
		for (int i = 0; i < ns; i++)
			scale_sample(b, subj[i], 0);
	for (int rep = 0; rep < b->reps; rep++) {
		for (int i = 0; i < ns; i++)
			scale_sample(b, subj[(i + rep) % ns], 1);
		progress(b, "threads");
	}
	for (int sc = 0; sc < NR_SC; sc++)
		for (int i = 0; i < ns; i++)
			b->scale[sc][subj[i]] = stats_of(b->scale_samples[sc][subj[i]],
							 b->scale_n[subj[i]]);
	host_mem_unmap(&b->ctx[SUBJ_RAW]);
}

/*
 * Disjoint scaling from the best samples (max 2 threads / max 1 thread):
 * interference from outside only ever lowers throughput, so the maxima
 * estimate what a quiet machine gives.
 */
static double best_scaling(struct bench *b, int s)
{
	const struct stats *one = &b->scale[SC_ONE][s], *two = &b->scale[SC_DISJOINT][s];

	return one->n && two->n && one->max > 0 ? two->max / one->max : NAN;
}

static struct stats scale_ratio(struct bench *b, int s, int sc)
{
	return paired(b->scale_samples[sc][s], b->scale_n[s], b->scale_samples[SC_ONE][s],
		      b->scale_n[s]);
}

/* ---- page-table memory ---- */

/*
 * Page-table bytes (VmPTE's measure) of a fresh mm of policy @p after one
 * byte is written per 2 MiB of b->sparse_bytes, and after DONTNEED of it
 * all and a grace period.
 */
static int sim_pgtable_probe(struct bench *b, int p, uint64_t out[2])
{
	struct mm_struct *mm;
	struct mmk_mm_stats st;
	uint64_t base = 0x40000000ULL;
	int ret = attach(b, p);

	if (!ret)
		ret = mmk_mm_create(b->m[p], &mm);
	if (ret)
		return ret;
	ret = mmk_mmap(mm, base, b->sparse_bytes, MMK_PROT_READ | MMK_PROT_WRITE,
		       MMK_MAP_PRIVATE);
	for (uint64_t off = 0; off < b->sparse_bytes && !ret; off += BENCH_TABLE_SPAN) {
		unsigned char v = 1;

		ret = mmk_access(mm, base + off, &v, 1, 1);
	}
	mmk_mm_stats(mm, &st);
	out[0] = st.pgtable;
	if (!ret)
		ret = mmk_madvise(mm, base, b->sparse_bytes, MMK_MADV_DONTNEED);
	mmk_sync(b->m[p]);
	mmk_mm_stats(mm, &st);
	out[1] = st.pgtable;
	mmk_exit(mm);
	return ret;
}

static void measure_pgtables(struct bench *b)
{
	for (int p = 0; p < POLICIES; p++) {
		if (!subject_wanted(b, p))
			continue;
		b->pgt_ran[p] = 1;
		if ((b->pgt_err[p] = sim_pgtable_probe(b, p, b->pgt[p])))
			fail(b, "pgtable", subject_name(p), b->pgt_err[p]);
	}
	attach(b, -1);
	if (b->host_ok && subject_wanted(b, SUBJ_HOST)) {
		uint64_t v[3];

		b->pgt_ran[SUBJ_HOST] = 1;
		b->pgt_err[SUBJ_HOST] = host_pgtable_probe(&b->host, b->sparse_bytes, v);
		if (b->pgt_err[SUBJ_HOST])
			fail(b, "pgtable", "host", b->pgt_err[SUBJ_HOST]);
		/* VmPTE beyond what the helper had before */
		b->pgt[SUBJ_HOST][0] = v[1] > v[0] ? v[1] - v[0] : 0;
		b->pgt[SUBJ_HOST][1] = v[2] > v[0] ? v[2] - v[0] : 0;
	}
	progress(b, "page tables");
}

/* One churn trace per policy (each on a fresh machine), and the host's. */
static void measure_churn(struct bench *b)
{
	attach(b, -1);
	for (int p = 0; p < POLICIES; p++) {
		if (!subject_wanted(b, p))
			continue;
		b->churn_ran[p] = 1;
		b->churn_err[p] = churn_run((enum mmk_policy)p, &b->churn_cfg, &b->churn[p]);
		if (b->churn_err[p])
			fail(b, "churn", subject_name(p), b->churn_err[p]);
		progress(b, "churn");
	}
	if (b->host_ok && subject_wanted(b, SUBJ_HOST)) {
		b->churn_ran[SUBJ_HOST] = 1;
		b->churn_err[SUBJ_HOST] = host_churn_run(&b->host, &b->churn_cfg,
							 &b->churn[SUBJ_HOST]);
		if (b->churn_err[SUBJ_HOST]) {
			fail(b, "churn", "host", b->churn_err[SUBJ_HOST]);
			b->host_ok = 0;	/* its stream may be out of step */
		}
	}
	progress(b, "churn");
}

/* ---- what the machine is ---- */

struct host_info {
	long nproc;
	char cpu[128];
	char kernel[256];
	const char *build;
	double load[2];		/* 1-minute load average at the start, the end */
};

/* The 1-minute load average: other work on the machine skews figures. */
static double loadavg(void)
{
	FILE *f = fopen("/proc/loadavg", "r");
	double v = NAN;

	if (f) {
		if (fscanf(f, "%lf", &v) != 1)
			v = NAN;
		fclose(f);
	}
	return v;
}

static void host_info(struct host_info *hi)
{
	struct utsname u;
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[256];

	hi->nproc = sysconf(_SC_NPROCESSORS_ONLN);
	hi->load[0] = loadavg();
	snprintf(hi->cpu, sizeof(hi->cpu), "unknown");
	while (f && fgets(line, sizeof(line), f)) {
		char *v = strchr(line, ':');

		if (!strncmp(line, "model name", 10) && v) {
			v += 1 + strspn(v + 1, " \t");
			v[strcspn(v, "\n")] = 0;
			snprintf(hi->cpu, sizeof(hi->cpu), "%s", v);
			break;
		}
	}
	if (f)
		fclose(f);
	if (!uname(&u))
		snprintf(hi->kernel, sizeof(hi->kernel), "%s %s %s", u.sysname, u.release,
			 u.machine);
	else
		snprintf(hi->kernel, sizeof(hi->kernel), "unknown");
#if defined(__SANITIZE_THREAD__)
	hi->build = "TSan (numbers meaningless)";
#elif BENCH_SANITIZED
	hi->build = "ASan/UBSan (numbers meaningless)";
#elif defined(NDEBUG)
	hi->build = "release (NDEBUG)";
#else
	hi->build = "assertions on (not a Release build: slower than it should be)";
#endif
}

/* ---- targets ---- */

static int op_index(const char *name)
{
	for (int i = 0; i < bench_nr_ops; i++)
		if (!strcmp(bench_ops[i].name, name))
			return i;
	return -1;
}

struct target {
	const char *name;
	const char *measure;	/* how the value is made */
	struct stats v[NR_SUBJECTS];	/* paired ratios, per subject */
	double limit;
	int at_most;		/* met when the median <= limit (else >=) */
};

enum { T_GUP, T_FAULT_KEEP, T_HOST, T_SCALE, NR_TARGETS };

static void targets(struct bench *b, struct target *t)
{
	static const struct target init[NR_TARGETS] = {
		{ .name = "GUP-fast per page <= 1.5x the raw walk",
		  .measure = "gup.fast / raw walk, per page", .limit = 1.5, .at_most = 1 },
		{ .name = "linux fault throughput within 2% of keep",
		  .measure = "fault.anon time / keep's (throughput ratio = 1 / this)",
		  .limit = 1.02, .at_most = 1 },
		{ .name = "anon fault-in >= 20x faster than the host kernel's",
		  .measure = "host fault.anon / fault.anon", .limit = 20 },
		{ .name = "2 threads on disjoint ranges >= 1.8x one thread",
		  .measure = "throughput, 2 threads disjoint / 1 thread", .limit = 1.8 },
	};
	int gup = op_index("gup.fast"), fault = op_index("fault.anon");

	memcpy(t, init, sizeof(init));
	for (int s = 0; s < SUBJ_RAW; s++) {
		if (s < POLICIES) {
			t[T_GUP].v[s] = op_ratio(b, gup, s, SUBJ_RAW);
			t[T_FAULT_KEEP].v[s] = op_ratio(b, fault, s, MMK_POLICY_KEEP);
			t[T_HOST].v[s] = op_ratio(b, fault, SUBJ_HOST, s);
		}
		t[T_SCALE].v[s] = scale_ratio(b, s, SC_DISJOINT);
	}
	t[T_SCALE].v[SUBJ_RAW] = scale_ratio(b, SUBJ_RAW, SC_DISJOINT);
}

/*
 * "met" or "NOT met" when the whole confidence interval of the median is
 * on one side of the limit; "undecided" when the limit lies inside it.
 */
static const char *verdict(const struct target *t, const struct stats *v)
{
	double good = t->at_most ? v->ci_hi : v->ci_lo, bad = t->at_most ? v->ci_lo : v->ci_hi;

	if (!v->n)
		return "not measured";
	if (t->at_most ? good <= t->limit : good >= t->limit)
		return "met";
	if (t->at_most ? bad > t->limit : bad < t->limit)
		return "NOT met";
	return "undecided (the limit is inside the 95% CI)";
}

/* ---- the tables ---- */

static void cell(FILE *f, int width, double v, const char *fmt)
{
	char buf[32];

	if (isfinite(v))
		snprintf(buf, sizeof(buf), fmt, v);
	else
		snprintf(buf, sizeof(buf), "-");
	fprintf(f, "%*s", width, buf);
}

static double med_of(struct stats st)
{
	return st.n ? st.med : NAN;
}

static void print_op(FILE *f, struct bench *b, int op)
{
	const struct bench_op *o = &bench_ops[op];
	const struct op_res *r0 = NULL;

	for (int s = 0; s < NR_SUBJECTS && !r0; s++)
		if (res_of(b, op, s)->ran)
			r0 = res_of(b, op, s);
	if (!r0)
		return;
	fprintf(f, "%s  ns/%s, n %" PRIu64 "/%" PRIu64 ": %s\n", o->name, o->unit, r0->n1,
		r0->n2, o->desc);
	for (int s = 0; s < NR_SUBJECTS; s++) {
		const struct op_res *r = res_of(b, op, s);

		if (!r->ran)
			continue;
		fprintf(f, "  %-9s", subject_name(s));
		if (r->err || !r->n) {
			fprintf(f, "  failed: %s\n", r->err ? err_name(-r->err) : "no sample");
			continue;
		}
		cell(f, 11, r->st.med, "%.1f");
		cell(f, 11, r->st.min, "%.1f");
		cell(f, 11, r->st.max, "%.1f");
		cell(f, 9, s < POLICIES ? med_of(op_ratio(b, op, s, MMK_POLICY_KEEP)) : NAN,
		     "%.3f");
		cell(f, 9, s != SUBJ_RAW ? med_of(op_ratio(b, op, s, SUBJ_RAW)) : NAN, "%.2f");
		cell(f, 11, s < POLICIES ? med_of(op_ratio(b, op, SUBJ_HOST, s)) : NAN, "%.2fx");
		fputc('\n', f);
	}
}

static void print_threads(FILE *f, struct bench *b)
{
	fprintf(f, "\nthreads: each thread writes one byte to each of %d pages, then DONTNEEDs\n"
		"them, over and over; disjoint = each thread its own PTE table, shared = the\n"
		"two halves of one table; raw = each thread only zeroes %d frames of its own.\n"
		"Pages per microsecond, all threads together: median [min..max]; scaling =\n"
		"2 threads / 1 (paired median); best = max 2-disjoint / max 1.\n",
		SCALE_PAGES, SCALE_PAGES);
	fprintf(f, "  %-9s", "subject");
	for (int sc = 0; sc < NR_SC; sc++)
		fprintf(f, "%22s", sc_names[sc]);
	fprintf(f, "%10s%10s%8s\n", "disjoint", "shared", "best");
	for (int s = 0; s < NR_SUBJECTS; s++) {
		if (!b->scale_samples[0][s])
			continue;
		fprintf(f, "  %-9s", subject_name(s));
		for (int sc = 0; sc < NR_SC; sc++) {
			char buf[64];
			const struct stats *st = &b->scale[sc][s];

			if (st->n)
				snprintf(buf, sizeof(buf), "%.2f [%.2f..%.2f]", st->med, st->min,
					 st->max);
			else
				snprintf(buf, sizeof(buf), "-");
			fprintf(f, "%22s", buf);
		}
		cell(f, 10, med_of(scale_ratio(b, s, SC_DISJOINT)), "%.2fx");
		cell(f, 10, med_of(scale_ratio(b, s, SC_SHARED)), "%.2fx");
		cell(f, 8, best_scaling(b, s), "%.2fx");
		fputc('\n', f);
	}
}

static void print_pgtables(FILE *f, struct bench *b)
{
	fprintf(f, "\npage tables of a sparse mapping: one byte written per 2 MiB of %" PRIu64
		" MiB, then\nDONTNEED of it all (KiB of PTE+PMD+PUD tables; host: the helper's "
		"VmPTE above\nits level before)\n", b->sparse_bytes >> 20);
	fprintf(f, "  %-9s%14s%16s\n", "subject", "after touch", "after DONTNEED");
	for (int s = 0; s < SUBJ_RAW; s++) {
		if (!b->pgt_ran[s])
			continue;
		if (b->pgt_err[s])
			fprintf(f, "  %-9s  failed: %s\n", subject_name(s), err_name(-b->pgt_err[s]));
		else
			fprintf(f, "  %-9s%14" PRIu64 "%16" PRIu64 "\n", subject_name(s),
				b->pgt[s][0] / 1024, b->pgt[s][1] / 1024);
	}
}

static void print_churn(FILE *f, struct bench *b)
{
	fprintf(f, "\nchurn: %d threads x %" PRIu64 " ops, %" PRIu64 " MiB arena (the gen-churn "
		"workload, one run\neach); page tables attached (host: VmPTE), KiB\n",
		b->churn_cfg.threads, b->churn_cfg.ops, b->churn_cfg.arena >> 20);
	fprintf(f, "  %-9s%10s%10s%10s%10s%9s\n", "subject", "ms", "peak", "mean", "end",
		"samples");
	for (int s = 0; s < SUBJ_RAW; s++) {
		const struct churn_trace *tr = &b->churn[s];

		if (!b->churn_ran[s])
			continue;
		if (b->churn_err[s])
			fprintf(f, "  %-9s  failed: %s\n", subject_name(s), err_name(-b->churn_err[s]));
		else
			fprintf(f, "  %-9s%10.1f%10.0f%10.0f%10.0f%9d\n", subject_name(s),
				tr->total_ms, tr->peak_kib, tr->mean_kib, tr->end_kib, tr->n);
	}
}

static void print_targets(FILE *f, struct bench *b)
{
	struct target t[NR_TARGETS];

	int any = 0;

	targets(b, t);
	for (int i = 0; i < NR_TARGETS; i++)
		for (int s = 0; s < NR_SUBJECTS; s++)
			any |= t[i].v[s].n > 0;
	if (!any)
		return;
	fprintf(f, "\ntargets (reported, never asserted): paired median [95%% confidence "
		"interval];\nthe verdict is on `linux`:\n");
	for (int i = 0; i < NR_TARGETS; i++) {
		int col = 4, measured = 0;

		for (int s = 0; s < NR_SUBJECTS; s++)
			measured |= t[i].v[s].n > 0;
		if (!measured)
			continue;

		fprintf(f, "  %s (%s):\n   ", t[i].name, t[i].measure);
		for (int s = 0; s < NR_SUBJECTS; s++) {
			const struct stats *v = &t[i].v[s];

			if (!v->n)
				continue;
			if (col > 50) {
				fputs("\n   ", f);
				col = 3;
			}
			col += fprintf(f, " %s %.3f [%.3f..%.3f]", subject_name(s), v->med,
				       v->ci_lo, v->ci_hi);
		}
		fprintf(f, "  -> %s\n", verdict(&t[i], &t[i].v[MMK_POLICY_LINUX]));
	}
}

static void print_tables(FILE *f, struct bench *b, const struct host_info *hi)
{
	int any_op = 0;

	fprintf(f, "mmkit bench%s: %d reps, %d warm-up; %.0f s\n", b->quick ? " --quick" : "",
		b->reps, b->warm, b->seconds);
	fprintf(f, "machine: %ld CPUs, %s, %s; build: %s\n", hi->nproc, hi->cpu, hi->kernel,
		hi->build);
	fprintf(f, "load average (1 min) at the start %.2f, at the end %.2f\n", hi->load[0],
		hi->load[1]);
	for (int op = 0; op < bench_nr_ops; op++)
		for (int s = 0; s < NR_SUBJECTS; s++)
			any_op |= res_of(b, op, s)->ran;
	if (any_op) {
		fprintf(f, "\nns per unit: (t(n2) - t(n1)) / (n2 - n1) in steady state, median min "
			"max over reps.\nRatios are paired medians (samples of one rep side by "
			"side): vs keep = this /\nkeep; vs raw = this / the raw limit; host/this = "
			"host kernel / this.\n\n");
		fprintf(f, "  %-9s%11s%11s%11s%9s%9s%11s\n", "subject", "median", "min", "max",
			"vs keep", "vs raw", "host/this");
		for (int op = 0; op < bench_nr_ops; op++)
			print_op(f, b, op);
	}
	if (b->ran_scale)
		print_threads(f, b);
	if (memchr(b->pgt_ran, 1, sizeof(b->pgt_ran)) || b->pgt_ran[0])
		print_pgtables(f, b);
	for (int s = 0; s < NR_SUBJECTS; s++)
		if (b->churn_ran[s]) {
			print_churn(f, b);
			break;
		}
	print_targets(f, b);
}

/* ---- JSON ---- */

static void json_stats(FILE *f, const struct stats *st)
{
	const struct { const char *key; double v; } field[] = {
		{ "median", st->med }, { "min", st->min }, { "max", st->max },
		{ "q1", st->q1 }, { "q3", st->q3 }, { "ci95_lo", st->ci_lo },
		{ "ci95_hi", st->ci_hi },
	};

	fputc('{', f);
	for (size_t i = 0; i < sizeof(field) / sizeof(field[0]); i++) {
		fprintf(f, "\"%s\": ", field[i].key);
		json_num(f, st->n ? field[i].v : NAN);
		fputs(", ", f);
	}
	fprintf(f, "\"samples\": %d}", st->n);
}

/* `"key": "value"`, after @sep. */
static void json_str_field(FILE *f, const char *sep, const char *key, const char *val)
{
	fprintf(f, "%s\"%s\": ", sep, key);
	json_string(f, val);
}

static void json_op(FILE *f, struct bench *b, int op)
{
	const struct bench_op *o = &bench_ops[op];
	const char *sep = "";

	json_string(f, o->name);
	json_str_field(f, ": {", "unit", o->unit);
	json_str_field(f, ", ", "desc", o->desc);
	fputs(", \"subjects\": {", f);
	for (int s = 0; s < NR_SUBJECTS; s++) {
		const struct op_res *r = res_of(b, op, s);
		/* the paired ratios of the table's columns */
		const struct { const char *key; int ok, num, den; } ratios[] = {
			{ "vs_keep", s < POLICIES, s, MMK_POLICY_KEEP },
			{ "vs_raw", s != SUBJ_RAW, s, SUBJ_RAW },
			{ "host_over_this", s < POLICIES, SUBJ_HOST, s },
		};

		if (!r->ran)
			continue;
		fprintf(f, "%s\n      \"%s\": {\"n1\": %" PRIu64 ", \"n2\": %" PRIu64, sep,
			subject_name(s), r->n1, r->n2);
		sep = ",";
		if (r->err) {
			json_str_field(f, ", ", "error", err_name(-r->err));
			fputc('}', f);
			continue;
		}
		fputs(", \"ns\": ", f);
		json_stats(f, &r->st);
		for (size_t i = 0; i < sizeof(ratios) / sizeof(ratios[0]); i++) {
			fprintf(f, ", \"%s\": ", ratios[i].key);
			json_num(f, ratios[i].ok ? med_of(op_ratio(b, op, ratios[i].num,
								   ratios[i].den)) : NAN);
		}
		fputc('}', f);
	}
	fputs("}}", f);
}

static void print_json(FILE *f, struct bench *b, const struct host_info *hi)
{
	struct target t[NR_TARGETS];
	const char *sep = "";

	fprintf(f, "{\n  \"quick\": %s, \"reps\": %d, \"warmup\": %d, \"seconds\": %.1f,\n",
		b->quick ? "true" : "false", b->reps, b->warm, b->seconds);
	fprintf(f, "  \"machine\": {\"nproc\": %ld", hi->nproc);
	json_str_field(f, ", ", "cpu", hi->cpu);
	json_str_field(f, ", ", "kernel", hi->kernel);
	json_str_field(f, ", ", "build", hi->build);
	fputs(", \"loadavg_start\": ", f);
	json_num(f, hi->load[0]);
	fputs(", \"loadavg_end\": ", f);
	json_num(f, hi->load[1]);
	fputs("},\n  \"ops\": {", f);
	for (int op = 0; op < bench_nr_ops; op++) {
		int ran = 0;

		for (int s = 0; s < NR_SUBJECTS; s++)
			ran |= res_of(b, op, s)->ran;
		if (!ran)
			continue;
		fprintf(f, "%s\n    ", sep);
		json_op(f, b, op);
		sep = ",";
	}
	fprintf(f, "\n  },\n  \"threads\": {\"unit\": \"pages per microsecond\", "
		"\"pages_per_round\": %d", SCALE_PAGES);
	for (int s = 0; s < NR_SUBJECTS; s++) {
		if (!b->scale_samples[0][s])
			continue;
		fprintf(f, ",\n    \"%s\": {", subject_name(s));
		for (int sc = 0; sc < NR_SC; sc++) {
			fprintf(f, "\"%s\": ", sc_names[sc]);
			json_stats(f, &b->scale[sc][s]);
			fputs(", ", f);
		}
		fputs("\"scaling_disjoint\": ", f);
		json_num(f, med_of(scale_ratio(b, s, SC_DISJOINT)));
		fputs(", \"scaling_shared\": ", f);
		json_num(f, med_of(scale_ratio(b, s, SC_SHARED)));
		fputs(", \"scaling_disjoint_best\": ", f);
		json_num(f, best_scaling(b, s));
		fputc('}', f);
	}
	fprintf(f, "},\n  \"pgtable_sparse\": {\"bytes\": %" PRIu64, b->sparse_bytes);
	for (int s = 0; s < SUBJ_RAW; s++)
		if (b->pgt_ran[s] && !b->pgt_err[s])
			fprintf(f, ", \"%s\": {\"after_touch\": %" PRIu64
				", \"after_dontneed\": %" PRIu64 "}", subject_name(s),
				b->pgt[s][0], b->pgt[s][1]);
	fprintf(f, "},\n  \"churn\": {\"threads\": %d, \"ops\": %" PRIu64
		", \"arena\": %" PRIu64, b->churn_cfg.threads, b->churn_cfg.ops,
		b->churn_cfg.arena);
	for (int s = 0; s < SUBJ_RAW; s++) {
		const struct churn_trace *tr = &b->churn[s];

		if (!b->churn_ran[s] || b->churn_err[s])
			continue;
		fprintf(f, ", \"%s\": {\"ms\": %.2f, \"peak_kib\": %.0f, \"mean_kib\": %.1f, "
			"\"end_kib\": %.0f, \"samples\": %d}", subject_name(s), tr->total_ms,
			tr->peak_kib, tr->mean_kib, tr->end_kib, tr->n);
	}
	fputs("},\n  \"targets\": [", f);
	targets(b, t);
	for (int i = 0; i < NR_TARGETS; i++) {
		fprintf(f, "%s\n    {", i ? "," : "");
		json_str_field(f, "", "name", t[i].name);
		json_str_field(f, ", ", "measure", t[i].measure);
		fprintf(f, ", \"limit\": %g, \"at_most\": %s, \"values\": {", t[i].limit,
			t[i].at_most ? "true" : "false");
		sep = "";
		for (int s = 0; s < NR_SUBJECTS; s++)
			if (t[i].v[s].n) {
				fprintf(f, "%s\"%s\": ", sep, subject_name(s));
				json_stats(f, &t[i].v[s]);
				sep = ", ";
			}
		json_str_field(f, "}, ", "verdict_linux", verdict(&t[i], &t[i].v[MMK_POLICY_LINUX]));
		fputc('}', f);
	}
	fprintf(f, "\n  ],\n  \"failures\": %d\n}\n", b->failures);
}

/* ---- charts ---- */

static void write_churn_svg(struct bench *b)
{
	static const struct svg_chart chart = {
		"Page tables during the churn workload (mmkit gen-churn)", "time (ms)",
		"page tables attached, KiB (host: VmPTE)", 0 };
	struct svg_series s[NR_SUBJECTS];
	char path[4096];
	int n = 0, ret;

	for (int i = 0; i < SUBJ_RAW; i++) {
		const struct churn_trace *tr = &b->churn[i];

		if (b->churn_ran[i] && !b->churn_err[i] && tr->n)
			s[n++] = (struct svg_series){ subject_name(i), tr->ms, tr->kib, tr->n,
						      i == SUBJ_HOST, i };
	}
	if (!n)
		return;
	snprintf(path, sizeof(path), "%s/bench-churn-pgtable.svg", b->svg_dir);
	if ((ret = svg_line_chart(path, &chart, s, n)))
		fail(b, "svg", path, ret);
}

/* Throughput relative to one thread: 2 is perfect scaling. */
static void write_threads_svg(struct bench *b)
{
	static const struct svg_chart chart = {
		"Fault throughput (touch + DONTNEED) vs threads, relative to 1 thread",
		"threads (solid: disjoint ranges, dashed: shared tables)",
		"throughput / throughput with 1 thread", 1 };
	static const double ideal_x[2] = { 1, 2 }, ideal_y[2] = { 1, 2 };
	struct svg_series s[2 * NR_SUBJECTS + 1];
	double x[NR_SUBJECTS][2][2], y[NR_SUBJECTS][2][2];
	char names[NR_SUBJECTS][2][32];
	char path[4096];
	int n = 0, ret;

	s[n++] = (struct svg_series){ "perfect", ideal_x, ideal_y, 2, 1, 7 };
	for (int i = 0; i < NR_SUBJECTS; i++) {
		if (!b->scale_samples[0][i] || !b->scale[SC_ONE][i].n)
			continue;
		for (int sh = 0; sh < 2; sh++) {
			x[i][sh][0] = 1;
			x[i][sh][1] = 2;
			y[i][sh][0] = 1;
			y[i][sh][1] = med_of(scale_ratio(b, i, sh ? SC_SHARED : SC_DISJOINT));
			snprintf(names[i][sh], sizeof(names[i][sh]), "%s %s", subject_name(i),
				 sh ? "shared" : "disjoint");
			s[n++] = (struct svg_series){ names[i][sh], x[i][sh], y[i][sh], 2, sh,
						      i == SUBJ_RAW ? 6 : i };
		}
	}
	if (n == 1)
		return;
	snprintf(path, sizeof(path), "%s/bench-threads.svg", b->svg_dir);
	if ((ret = svg_line_chart(path, &chart, s, n)))
		fail(b, "svg", path, ret);
}

/* ---- the command ---- */

static void bench_help_print(FILE *f)
{
	fputs(bench_help, f);
}

/* 0, CLI_USAGE (printed) or CLI_HELP (help printed). */
static int parse_args(int argc, char **argv, struct bench *b)
{
	uint64_t reps = 0;
	const struct cli_opt opts[] = {
		{ .name = "quick", .kind = CLI_FLAG, .dst = &b->quick },
		{ .name = "json", .kind = CLI_FLAG, .dst = &b->json },
		{ .name = "trace", .kind = CLI_FLAG, .dst = &b->trace },
		{ .name = "svg", .kind = CLI_TEXT, .dst = &b->svg_dir, .what = "a directory" },
		{ .name = "only", .kind = CLI_TEXT, .dst = &b->only, .what = "a list of names" },
		{ .name = "reps", .kind = CLI_COUNT, .dst = &reps, .min = 1, .max = 1000 },
		{ .name = NULL },
	};
	const struct cli cli = { "bench", bench_help_print, opts, 0, 0, NULL };
	const char **args;
	int nargs, rc = cli_parse(&cli, argc, argv, &args, &nargs);

	if (rc)
		return rc;
	free(args);
	b->reps = (int)reps;
	return 0;
}

/* How much work a run does: full, --quick, --quick in a sanitizer build. */
struct bench_mode {
	int reps, warm, divisor;
	uint64_t scale_n1, scale_n2, sparse_bytes, churn_ops, churn_arena;
};

static const struct bench_mode modes[3] = {
	{ 41, 2, 1, 8, 64, 1ULL << 30, 300, 1ULL << 30 },
	{ 7, 1, 4, 4, 24, 256ULL << 20, 300, 1ULL << 30 },
	/* a smoke test: every op once, on every subject */
	{ 1, 0, 64, 1, 2, 16ULL << 20, 8, 64ULL << 20 },
};

static void configure(struct bench *b)
{
	const struct bench_mode *md = &modes[!b->quick ? 0 : BENCH_SANITIZED ? 2 : 1];

	if (!b->reps)
		b->reps = md->reps;
	b->warm = md->warm;
	b->divisor = md->divisor;
	b->scale_n1 = md->scale_n1;
	b->scale_n2 = md->scale_n2;
	b->sparse_bytes = md->sparse_bytes;
	b->churn_cfg = (struct churn_cfg){ 4, md->churn_ops, md->churn_arena, 1 };
}

/* How many times progress() will be called: a rep of each op, and so on. */
static void count_steps(struct bench *b)
{
	for (int op = 0; op < bench_nr_ops; op++)
		b->steps += wanted(b, bench_ops[op].name) ? b->reps : 0;
	b->steps += wanted(b, "threads") ? b->reps : 0;
	b->steps += wanted(b, "pgtable") ? 1 : 0;
	b->steps += wanted(b, "churn") ? POLICIES + 1 : 0;
}

static int create_machines(struct bench *b)
{
	for (int p = 0; p < POLICIES; p++) {
		struct mmk_config cfg;
		int ret;

		mmk_config_init(&cfg);
		cfg.policy = (enum mmk_policy)p;
		cfg.ncpus = 2;
		cfg.ram_bytes = 1ULL << 30;
		ret = mmk_machine_create(&cfg, &b->m[p]);
		if (ret) {
			fail(b, "machine", subject_name(p), ret);
			return ret;
		}
	}
	return 0;
}

static void bench_free(struct bench *b)
{
	attach(b, -1);
	for (int p = 0; p < POLICIES; p++)
		if (b->m[p])
			mmk_machine_destroy(b->m[p]);
	if (b->host.pid > 0)
		host_worker_stop(&b->host);
	for (int i = 0; b->res && i < bench_nr_ops * NR_SUBJECTS; i++)
		free(b->res[i].samples);
	free(b->res);
	for (int sc = 0; sc < NR_SC; sc++)
		for (int s = 0; s < NR_SUBJECTS; s++)
			free(b->scale_samples[sc][s]);
	for (int s = 0; s < NR_SUBJECTS; s++)
		churn_trace_free(&b->churn[s]);
}

int cmd_bench(int argc, char **argv)
{
	struct bench b;
	struct host_info hi;
	uint64_t t0 = bench_now();
	int ret;

	memset(&b, 0, sizeof(b));
	b.attached = -1;
	ret = parse_args(argc, argv, &b);
	if (ret)
		return ret == CLI_HELP ? 0 : ret;
	configure(&b);
	count_steps(&b);
	progress_init(&b.bar);
	b.bar.on = b.bar.on && !b.trace;
	host_info(&hi);
	/* First, while nothing else is mapped: see bench/host.c. */
	ret = host_worker_start(&b.host);
	if (ret)
		fprintf(stderr, "mmkit: bench: no host helper (%s): host figures left out\n",
			err_name(-ret));
	b.host_ok = !ret;
	b.res = calloc((size_t)bench_nr_ops * NR_SUBJECTS, sizeof(*b.res));
	if (!b.res || create_machines(&b)) {
		bench_free(&b);
		fprintf(stderr, "mmkit: bench: cannot set up the machines\n");
		return 1;
	}
	for (int op = 0; op < bench_nr_ops; op++)
		if (wanted(&b, bench_ops[op].name))
			measure_op(&b, op);
	if (wanted(&b, "threads"))
		measure_scaling(&b);
	if (wanted(&b, "pgtable"))
		measure_pgtables(&b);
	if (wanted(&b, "churn"))
		measure_churn(&b);
	progress_clear(&b.bar);
	b.seconds = (double)(bench_now() - t0) / 1e9;
	hi.load[1] = loadavg();
	if (b.svg_dir) {
		write_churn_svg(&b);
		write_threads_svg(&b);
	}
	if (b.json)
		print_json(stdout, &b, &hi);
	else
		print_tables(stdout, &b, &hi);
	fflush(stdout);
	ret = b.failures ? 1 : 0;
	bench_free(&b);
	return ret;
}

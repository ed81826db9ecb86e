/* SPDX-License-Identifier: MIT */
/*
 * bench/bench.c - `mmkit bench [--quick] [--json]`: what mmkit's
 * operations cost under each page-table policy, next to the raw limit and
 * the host kernel doing the same work, measured in one run.
 *
 * How a number is made (bench/op.h has the glossary)
 * --------------------------------------------------
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
 * and 1).  The host's ops run in the helper process of bench/helper.c;
 * what prints the results is bench/print.c.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "bench/bench.h"
#include "bench/driver.h"
#include "bench/helper.h"
#include "cli/cli.h"
#include "common/errname.h"

static const char bench_help[] =
	"usage: mmkit bench [--quick] [--json] [--reps N] [--only LIST] [--trace]\n"
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
	"  --json      print one JSON object on stdout instead of the tables, with\n"
	"              the churn traces; `mmkit report` draws it (page tables\n"
	"              over time, thread scaling, figures against their targets)\n"
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

const char *const sc_names[NR_SC] = { "1", "2-disjoint", "2-shared" };
const int sc_threads[NR_SC] = { 1, 2, 2 };
const int sc_shared[NR_SC] = { 0, 0, 1 };

/* ---- subjects and results ---- */

const char *subject_name(int s)
{
	if (s < POLICIES)
		return mmk_policy_name((enum mmk_policy)s);
	return s == SUBJ_HOST ? "host" : "raw";
}

struct op_res *res_of(struct bench *b, int op, int s)
{
	return &b->res[op * NR_SUBJECTS + s];
}

/* ---- progress on a terminal ---- */

/* One step of the run done (see count_steps()). */
static void progress(struct bench *b, const char *what)
{
	b->steps_done++;
	progress_show(&b->bar, "bench", b->steps ? (double)b->steps_done / b->steps : 0,
		      "%s", what);
}

/* Paired ratio of two subjects of one op; n 0 if either has no sample. */
struct stats op_ratio(struct bench *b, int op, int num, int den)
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

/*
 * Every name of --only must select something: a prefix of an op or of
 * threads, pgtable, churn, or a subject.  Else a typo measures nothing
 * and the run "succeeds" empty.  0 or CLI_USAGE (printed).
 */
static int only_check(const struct bench *b)
{
	static const char *const parts[] = { "threads", "pgtable", "churn" };
	const char *p = b->only;

	while (p && *p != '\0') {
		size_t l = strcspn(p, ",");
		int ok = 0;

		for (int i = 0; i < bench_nr_ops && !ok; i++)
			ok = l && !strncmp(bench_ops[i]->name, p, l);
		for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]) && !ok; i++)
			ok = l && l <= strlen(parts[i]) && !strncmp(parts[i], p, l);
		for (int i = 0; i < NR_SUBJECTS && !ok; i++)
			ok = l == strlen(subject_name(i)) && !strncmp(subject_name(i), p, l);
		if (!ok)
			return cli_usage("bench", "--only: `%.*s` names nothing "
					 "(op names or their prefixes such as fault, "
					 "gup.fast, madv; threads, pgtable, churn; "
					 "subjects keep linux refcount rwsem full host "
					 "raw)", (int)l, p);
		p += l + (p[l] == ',');
	}
	if (b->only && (*b->only == '\0' || b->only[strlen(b->only) - 1] == ','))
		return cli_usage("bench", "--only: an empty name");
	return 0;
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
	const struct bench_op *o = bench_ops[op];
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
	const struct bench_op *o = bench_ops[op];

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
		ret = ops_of(bench_ops[op], s)->round(&b->ctx[s], n, ns, units);
	if (b->trace)
		fprintf(stderr, "round %s %s %" PRIu64 " %" PRIu64 "\n", bench_ops[op]->name,
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

void bench_fail(struct bench *b, const char *what, const char *who, int err)
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
	const struct bench_op *o = bench_ops[op];
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
			bench_fail(b, o->name, subject_name(s), r->err);
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
				bench_fail(b, o->name, subject_name(subj[i]), r->err);
		}
	for (int rep = 0; rep < b->reps; rep++) {
		for (int i = 0; i < ns; i++) {
			int s = subj[(i + rep) % ns];
			struct op_res *r = res_of(b, op, s);

			if (r->err)
				continue;
			r->err = take_sample(b, op, s, n1, n2, &r->samples[r->n]);
			if (r->err)
				bench_fail(b, o->name, subject_name(s), r->err);
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
			bench_fail(b, "threads", subject_name(s), ret);
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
double best_scaling(struct bench *b, int s)
{
	const struct stats *one = &b->scale[SC_ONE][s], *two = &b->scale[SC_DISJOINT][s];

	return one->n && two->n && one->max > 0 ? two->max / one->max : NAN;
}

struct stats scale_ratio(struct bench *b, int s, int sc)
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
			bench_fail(b, "pgtable", subject_name(p), b->pgt_err[p]);
	}
	attach(b, -1);
	if (b->host_ok && subject_wanted(b, SUBJ_HOST)) {
		uint64_t v[3];

		b->pgt_ran[SUBJ_HOST] = 1;
		b->pgt_err[SUBJ_HOST] = host_pgtable_probe(&b->host, b->sparse_bytes, v);
		if (b->pgt_err[SUBJ_HOST])
			bench_fail(b, "pgtable", "host", b->pgt_err[SUBJ_HOST]);
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
			bench_fail(b, "churn", subject_name(p), b->churn_err[p]);
		progress(b, "churn");
	}
	if (b->host_ok && subject_wanted(b, SUBJ_HOST)) {
		b->churn_ran[SUBJ_HOST] = 1;
		b->churn_err[SUBJ_HOST] = host_churn_run(&b->host, &b->churn_cfg,
							 &b->churn[SUBJ_HOST]);
		if (b->churn_err[SUBJ_HOST]) {
			bench_fail(b, "churn", "host", b->churn_err[SUBJ_HOST]);
			b->host_ok = 0;	/* its stream may be out of step */
		}
	}
	progress(b, "churn");
}

/* ---- what the machine is ---- */

/* The 1-minute load average: other work on the machine skews figures. */
double loadavg(void)
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

int op_index(const char *name)
{
	for (int i = 0; i < bench_nr_ops; i++)
		if (!strcmp(bench_ops[i]->name, name))
			return i;
	return -1;
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
	return only_check(b);
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
		b->steps += wanted(b, bench_ops[op]->name) ? b->reps : 0;
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
			bench_fail(b, "machine", subject_name(p), ret);
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
	uint64_t t0 = clock_ns();
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
	/* First, while nothing else is mapped: see bench/helper.c. */
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
		if (wanted(&b, bench_ops[op]->name))
			measure_op(&b, op);
	if (wanted(&b, "threads"))
		measure_scaling(&b);
	if (wanted(&b, "pgtable"))
		measure_pgtables(&b);
	if (wanted(&b, "churn"))
		measure_churn(&b);
	progress_clear(&b.bar);
	b.seconds = (double)(clock_ns() - t0) / 1e9;
	hi.load[1] = loadavg();
	if (b.json)
		print_json(stdout, &b, &hi);
	else
		print_tables(stdout, &b, &hi);
	fflush(stdout);
	ret = b.failures ? 1 : 0;
	bench_free(&b);
	return ret;
}

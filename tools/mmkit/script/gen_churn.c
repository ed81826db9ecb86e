/* SPDX-License-Identifier: MIT */
/*
 * script/gen_churn.c - `mmkit gen-churn`: print an allocator-like churn
 * workload as a script (examples/churn.mmk is its output with the
 * defaults).
 *
 * The workload: N threads, one per CPU, share one private anonymous
 * mapping (the arena), so they share its page tables, as the threads of a
 * process using one malloc arena do.  Each thread behaves like an allocator
 * keeping at most LIVE_MAX extents: an "allocation" touches (writes) a new
 * extent of 64 KiB to 2 MiB, a multiple of 64 KiB, 64 KiB aligned, placed
 * anywhere in the arena (so extents of different threads overlap); a
 * "free" gives a live one back with MADV_DONTNEED.  Each thread makes
 * --ops operations (one fewer if --ops is odd and the last could only be an
 * allocation) and ends with nothing live.
 *
 * What is timing-independent, so the script may expect it: every page a
 * thread touches lies in one of its own extents, which the same thread
 * DONTNEEDs later, so after `run` no page is left (rss 0) whatever the
 * interleaving.  Which page tables are left depends on the policy and, for
 * some, on timing; after a final DONTNEED of the whole arena it no longer
 * depends on timing, and the script states the `linux` figures.
 *
 * Output is a function of the options only (a fixed PRNG, splitmix64), so
 * the command in the script's header regenerates it byte for byte.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "common/splitmix.h"
#include "script/script.h"

#define EXTENT_UNIT (64u * 1024)
#define EXTENT_MAX_UNITS 32	/* 2 MiB */
#define LIVE_MAX 8		/* live extents per thread */
#define ARENA_BASE 0x40000000ULL	/* 1 GiB aligned */

static const char gen_churn_help[] =
	"usage: mmkit gen-churn [--threads N] [--ops N] [--seed S] [--arena SIZE]\n"
	"\n"
	"Prints an allocator-like churn workload as a script on stdout (an extra:\n"
	"examples/churn.mmk was made with it).  N threads (default 4, one per\n"
	"CPU: the script sets `cpus N`) share one private anonymous mapping of\n"
	"SIZE (default 1G, a multiple of 2M up to 65535G) at 0x40000000, so they share its page\n"
	"tables.  Each thread makes --ops operations (default 300): it touches\n"
	"(writes) pseudo-random extents of 64K to 2M (multiples of 64K, 64K\n"
	"aligned, anywhere in the mapping) and gives them back with\n"
	"madvise dontneed, keeping at most 8 live at a time and none at the end.\n"
	"After `run` the script checks what holds whatever the interleaving\n"
	"(rss 0), DONTNEEDs the whole mapping and checks the `linux` policy's\n"
	"page-table figures.  The same options always give the same script\n"
	"(--seed S, default 1, seeds a fixed generator).  Options take their\n"
	"value as `--opt N` or `--opt=N`, numbers as in scripts (4K, 0x10).\n"
	"\n"
	"exit status: 0, or 2 for a usage error\n";

struct extent {
	uint64_t addr, len;
};

/*
 * The upper tables the touches make: under `linux` a DONTNEED frees PTE
 * tables only, so the PMD tables (one per 1 GiB) and PUD tables (one per
 * 512 GiB) of every region a touch reached stay to the end.  An arena
 * larger than the touches cover keeps only those, not one per region of
 * the arena.
 */
struct tables {
	unsigned char *pmd, *pud;	/* by region, from the arena's first */
	uint64_t npmd, npud;		/* regions reached */
};

static void tables_mark(struct tables *tb, uint64_t addr)
{
	uint64_t i = (addr >> 30) - (ARENA_BASE >> 30);
	uint64_t j = (addr >> 39) - (ARENA_BASE >> 39);

	tb->npmd += !tb->pmd[i];
	tb->pmd[i] = 1;
	tb->npud += !tb->pud[j];
	tb->pud[j] = 1;
}

static uint64_t below(uint64_t *state, uint64_t n)
{
	return splitmix64(state) % n;
}

static void size_text(uint64_t v, char *buf, size_t size)
{
	if (v && !(v % (1ULL << 30)))
		snprintf(buf, size, "%" PRIu64 "G", v >> 30);
	else if (v && !(v % (1ULL << 20)))
		snprintf(buf, size, "%" PRIu64 "M", v >> 20);
	else if (v && !(v % (1ULL << 10)))
		snprintf(buf, size, "%" PRIu64 "K", v >> 10);
	else
		snprintf(buf, size, "%" PRIu64, v);
}

/* One thread's block: @ops operations, nothing live at the end. */
static void gen_thread(FILE *f, int t, uint64_t ops, uint64_t *rng,
		       uint64_t arena, struct tables *tb)
{
	struct extent live[LIVE_MAX];
	uint64_t units = arena / EXTENT_UNIT, i;
	int nlive = 0;
	char len[32];

	fprintf(f, "thread T%d cpu=%d\n", t, t);
	for (i = 0; i < ops; i++) {
		uint64_t left = ops - i;
		/* an allocation needs an operation left to free each live one */
		int alloc = nlive < LIVE_MAX && (uint64_t)nlive + 2 <= left &&
			    (!nlive || below(rng, 2));

		if (!alloc && !nlive)
			break;	/* one operation left, nothing to free */
		if (alloc) {
			uint64_t n = 1 + below(rng, EXTENT_MAX_UNITS);
			struct extent *e = &live[nlive++];

			e->len = n * EXTENT_UNIT;
			e->addr = ARENA_BASE +
				  below(rng, units - n + 1) * EXTENT_UNIT;
			tables_mark(tb, e->addr);
			tables_mark(tb, e->addr + e->len - 1);
			size_text(e->len, len, sizeof(len));
			fprintf(f, "  touch A 0x%" PRIx64 " %s w\n", e->addr, len);
		} else {
			int k = (int)below(rng, (uint64_t)nlive);
			struct extent e = live[k];

			live[k] = live[--nlive];
			size_text(e.len, len, sizeof(len));
			fprintf(f, "  madvise A 0x%" PRIx64 " %s dontneed\n",
				e.addr, len);
		}
	}
}

static int gen_script(FILE *f, int threads, uint64_t ops, uint64_t seed,
		      uint64_t arena)
{
	uint64_t rng = seed, end = ARENA_BASE + arena - 1;
	struct tables tb = {
		.pmd = calloc((end >> 30) - (ARENA_BASE >> 30) + 1, 1),
		.pud = calloc((end >> 39) - (ARENA_BASE >> 39) + 1, 1),
	};
	char asz[32], pgt[32];
	int t;

	if (!tb.pmd || !tb.pud) {
		free(tb.pmd);
		free(tb.pud);
		fprintf(stderr, "mmkit: gen-churn: out of memory\n");
		return 1;
	}
	size_text(arena, asz, sizeof(asz));
	fprintf(f,
		"# Allocator-like churn on shared page tables.\n"
		"# Generated by: mmkit gen-churn --threads %d --ops %" PRIu64
		" --seed %" PRIu64 " --arena %s\n"
		"# (`mmkit gen-churn --help` explains the workload; regenerate "
		"rather than edit.)\n"
		"#\n"
		"# %d threads, one per CPU, share one %s private anonymous mapping\n"
		"# and so its page tables.  Each touches (writes) pseudo-random\n"
		"# extents of 64K-2M anywhere in it and gives them back with\n"
		"# MADV_DONTNEED, %" PRIu64 " operations per thread, at most %d "
		"extents live.\n"
		"# Compare the policies with: mmkit compare examples/churn.mmk\n"
		"policy linux\n"
		"cpus %d\n"
		"mm A\n"
		"mmap A 0x%llx %s rw\n",
		threads, ops, seed, asz, threads, asz, ops, LIVE_MAX, threads,
		(unsigned long long)ARENA_BASE, asz);
	for (t = 0; t < threads; t++)
		gen_thread(f, t, ops, &rng, arena, &tb);
	size_text((tb.npmd + tb.npud) * MMK_PAGE_SIZE, pgt, sizeof(pgt));
	free(tb.pmd);
	free(tb.pud);
	fprintf(f,
		"run\n"
		"# Every page lies in an extent its toucher DONTNEEDs afterwards:\n"
		"# whatever the interleaving, nothing is left.\n"
		"expect stat A rss == 0\n"
		"expect stat A vmas == 1\n"
		"# Give back the whole arena.  Under `linux` each PTE table is now\n"
		"# covered by one zap and freed; the PMD and PUD tables stay.\n"
		"madvise A 0x%llx %s dontneed\n"
		"sync\n"
		"expect stat A rss == 0\n"
		"expect stat A pte_tables == 0\n"
		"expect stat A pgtable == %s\n"
		"expect sys pending_free == 0\n",
		(unsigned long long)ARENA_BASE, asz, pgt);
	return 0;
}

static void gen_churn_help_print(FILE *f)
{
	fputs(gen_churn_help, f);
}

int cmd_gen_churn(int argc, char **argv)
{
	uint64_t threads = 4, ops = 300, seed = 1, arena = 1ULL << 30;
	const struct cli_opt opts[] = {
		{ .name = "threads", .kind = CLI_COUNT, .dst = &threads,
		  .min = 1, .max = MMK_MAX_CPUS },
		{ .name = "ops", .kind = CLI_COUNT, .dst = &ops, .min = 2, .max = 1000000 },
		{ .name = "seed", .kind = CLI_COUNT, .dst = &seed, .max = UINT64_MAX },
		{ .name = "arena", .kind = CLI_COUNT, .dst = &arena,
		  .min = 2u << 20, .max = (1ULL << 46) - ARENA_BASE,
		  .align = 2u << 20,
		  .what = "a multiple of 2M from 2M to 65535G" },
		{ .name = NULL },
	};
	const struct cli cli = { "gen-churn", gen_churn_help_print, opts, 0, 0, NULL };
	const char **args;
	int nargs, rc = cli_parse(&cli, argc, argv, &args, &nargs);

	if (rc)
		return rc == CLI_HELP ? 0 : rc;
	free(args);
	return gen_script(stdout, (int)threads, ops, seed, arena);
}

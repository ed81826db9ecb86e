/* SPDX-License-Identifier: MIT */
/*
 * kdiff/gen.c - the seeded scripts of `mmkit kdiff --random` (kdiff/gen.h):
 * one to three processes (mm, fork, exit) and N operations drawn from
 * everything the kernel side can run: mmap (private and shared, with and
 * without populate, every protection; with --thp, `huge` too), munmap,
 * mprotect, madvise (every advice; THP's, collapse included, only with --thp), mremap (growing, shrinking, moving, with and without
 * dontunmap), fork, exit, write, read, touch (with strides), and now and
 * then an `expect pte`/`expect page`/`expect same-frame` probe.
 *
 * Where: each operation picks one of the arenas below, regions chosen to
 * exercise page-table allocation and freeing at every level (dense
 * memory, a 2 MiB, a 1 GiB and a 512 GiB boundary, sparse and far-apart
 * memory, the top and the bottom of user space), and an address in it,
 * half the time at or around a mapping the process already has, so that
 * ranges cover parts of mappings, several mappings and holes between
 * them; now and then a range is whole PTE tables (2 MiB aligned), as
 * PT_RECLAIM and mremap's table moves need, empty, or misaligned.  No arena comes near the agent's own 512 GiB regions
 * (kdiff/layout.c: 0x2a8000000000 and 0x550000000000), so every figure
 * of a generated script is compared.
 *
 * The generator keeps a rough model of what each process has mapped, only
 * to aim at mappings; the scripts' expectations are placeholders (kdiff
 * compares the probes, it does not judge them).  The same seed and count
 * give the same script on any machine (common/splitmix.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/splitmix.h"
#include "kdiff/gen.h"

#define PAGE 4096ull
#define MiB (1ull << 20)
#define GiB (1ull << 30)
#define TiB (1ull << 40)
#define TOP 0x7ffffffff000ull	/* TASK_SIZE */
#define GEN_MMS 3
#define GEN_RANGES 128

static const struct arena {
	uint64_t at;		/* a boundary in the window */
	uint64_t below, above;	/* the window: [at - below, at + above) */
	int small;		/* short ranges only (sparse windows) */
} arenas[] = {
	{ 0x10000000, 0, 8 * MiB, 0 },			/* dense */
	{ 0x20200000, 4 * MiB, 4 * MiB, 0 },		/* a 2 MiB boundary */
	{ 0xc0000000, 4 * MiB, 4 * MiB, 0 },		/* a 1 GiB boundary */
	{ 0x8000000000, 4 * MiB, 4 * MiB, 0 },		/* a 512 GiB boundary */
	{ 0x1000000000, 0, 64 * GiB, 1 },		/* sparse */
	{ 0x400000000000, TiB, TiB, 1 },		/* far apart */
	{ TOP, 6 * MiB, 2 * MiB, 0 },			/* the top */
	{ 0x1000, 0x1000, 4 * MiB, 0 },			/* the bottom */
};

#define NR_ARENAS (int)(sizeof(arenas) / sizeof(arenas[0]))

struct gen_range {
	uint64_t start, end;
};

struct gen_mm {
	int live;
	int n;
	struct gen_range v[GEN_RANGES];	/* what it has mapped, roughly */
};

struct gen {
	uint64_t rng;
	struct gen_mm mm[GEN_MMS];	/* A, B, C */
	uint64_t last;		/* the last address written or touched */
	char *buf;
	size_t len, cap;
	int oom;
	int thp;		/* --thp: huge mappings and THP advice */
};

/* ---- randomness ---- */

static uint64_t below(struct gen *g, uint64_t n)
{
	return n ? splitmix64(&g->rng) % n : 0;
}

static int chance(struct gen *g, int percent)
{
	return (int)below(g, 100) < percent;
}

/* ---- the script ---- */

static void emit(struct gen *g, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void emit(struct gen *g, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		char *nb;

		va_start(ap, fmt);
		n = vsnprintf(g->buf + g->len, g->cap - g->len, fmt, ap);
		va_end(ap);
		if (n >= 0 && g->len + (size_t)n + 1 < g->cap)
			break;
		nb = realloc(g->buf, g->cap * 2);
		if (!nb) {
			g->oom = 1;
			return;
		}
		g->buf = nb;
		g->cap *= 2;
	}
	g->len += (size_t)n;
	g->buf[g->len++] = '\n';
	g->buf[g->len] = '\0';
}

static char name_of(int mm)
{
	return (char)('A' + mm);
}

/* ---- the model ---- */

static void model_remove(struct gen_mm *m, uint64_t s, uint64_t e)
{
	for (int i = 0; i < m->n; i++) {
		struct gen_range r = m->v[i];

		if (r.end <= s || e <= r.start)
			continue;
		m->v[i--] = m->v[--m->n];	/* drop it, keep what sticks out */
		if (r.start < s && m->n < GEN_RANGES)
			m->v[m->n++] = (struct gen_range){ r.start, s };
		if (e < r.end && m->n < GEN_RANGES)
			m->v[m->n++] = (struct gen_range){ e, r.end };
	}
}

static void model_add(struct gen_mm *m, uint64_t s, uint64_t e)
{
	model_remove(m, s, e);
	if (m->n < GEN_RANGES)
		m->v[m->n++] = (struct gen_range){ s, e };
}

static int model_overlaps(const struct gen_mm *m, uint64_t s, uint64_t e)
{
	for (int i = 0; i < m->n; i++)
		if (m->v[i].start < e && s < m->v[i].end)
			return 1;
	return 0;
}

/* ---- picking ---- */

static int live_count(const struct gen *g)
{
	int n = 0;

	for (int i = 0; i < GEN_MMS; i++)
		n += g->mm[i].live;
	return n;
}

/* A live process, or with @dead a name free for a new one. */
static int pick_mm(struct gen *g, int dead)
{
	int i = (int)below(g, GEN_MMS);

	while (g->mm[i].live == dead)
		i = (i + 1) % GEN_MMS;
	return i;
}

/* A length in pages: mostly short, now and then a table's worth. */
static uint64_t pick_len(struct gen *g, int small)
{
	uint64_t r = below(g, 100);

	if (r < 35)
		return PAGE;
	if (r < 70 || small)
		return (2 + below(g, 15)) * PAGE;
	if (r < 85)
		return (17 + below(g, 496)) * PAGE;
	if (r < 92)
		return 2 * MiB + (chance(g, 50) ? PAGE : 0);
	return (513 + below(g, 1536)) * PAGE;
}

/* A page in arena @a: anywhere in its window, or close to its boundary. */
static uint64_t arena_addr(struct gen *g, const struct arena *a)
{
	uint64_t lo = a->at - a->below;

	if (chance(g, 35))
		return a->at - 8 * PAGE + below(g, 17) * PAGE;
	return lo + below(g, (a->below + a->above) / PAGE) * PAGE;
}

/* An address at, in or just around one of @mm's mappings, if it has any. */
static int near_mapping(struct gen *g, int mm, uint64_t *addr)
{
	const struct gen_mm *m = &g->mm[mm];
	const struct gen_range *r;
	uint64_t pages;

	if (!m->n)
		return 0;
	r = &m->v[below(g, (uint64_t)m->n)];
	pages = (r->end - r->start) / PAGE;
	switch (below(g, 4)) {
	case 0:
		*addr = r->start;
		break;
	case 1:
		*addr = r->start + below(g, pages) * PAGE;
		break;
	case 2:
		*addr = r->end - (1 + below(g, 2)) * PAGE;
		break;
	default:
		*addr = r->start - (1 + below(g, 4)) * PAGE;
		break;
	}
	return 1;
}

/* A range for an operation on @mm: [*addr, *addr + *len). */
static void pick_range(struct gen *g, int mm, uint64_t *addr, uint64_t *len)
{
	const struct arena *a = &arenas[below(g, NR_ARENAS)];

	*len = pick_len(g, a->small);
	if (!chance(g, 55) || !near_mapping(g, mm, addr))
		*addr = arena_addr(g, a);
	if (chance(g, 2))
		*addr += 0x800;		/* misaligned: EINVAL */
	if (chance(g, 10)) {	/* whole page tables: PT_RECLAIM, table moves */
		*addr &= ~(2 * MiB - 1);
		*len = (1 + below(g, 2)) * 2 * MiB;
	}
	if (chance(g, 2))
		*len = 0;		/* each call has its own rule for 0 */
}

static const char *pick_prot(struct gen *g)
{
	static const char *const prots[] = { "rw", "rw", "rw", "r", "none", "rx",
					     "rwx" };

	return prots[below(g, sizeof(prots) / sizeof(prots[0]))];
}

/* ---- operations ---- */

static void gen_mmap(struct gen *g, int mm)
{
	uint64_t addr, len;
	int shared = chance(g, 25), populate = chance(g, 10);
	int huge = g->thp && chance(g, 50);

	pick_range(g, mm, &addr, &len);
	if (huge && chance(g, 60)) {	/* room for whole PMDs */
		addr &= ~(2 * MiB - 1);
		len = (1 + below(g, 3)) * 2 * MiB + (chance(g, 30) ? below(g, 512) * PAGE : 0);
	}
	emit(g, "mmap %c 0x%llx %llu %s%s%s%s", name_of(mm), (unsigned long long)addr,
	     (unsigned long long)len, pick_prot(g), shared ? " shared" : "",
	     populate ? " populate" : "", huge ? " huge" : "");
	if (!(addr % PAGE) && addr >= 0x1000 && addr + len <= TOP &&
	    !model_overlaps(&g->mm[mm], addr, addr + len))
		model_add(&g->mm[mm], addr, addr + len);
}

static void gen_munmap(struct gen *g, int mm)
{
	uint64_t addr, len;

	pick_range(g, mm, &addr, &len);
	emit(g, "munmap %c 0x%llx %llu", name_of(mm), (unsigned long long)addr,
	     (unsigned long long)len);
	if (!(addr % PAGE))
		model_remove(&g->mm[mm], addr, addr + len);
}

static void gen_mprotect(struct gen *g, int mm)
{
	uint64_t addr, len;

	pick_range(g, mm, &addr, &len);
	emit(g, "mprotect %c 0x%llx %llu %s", name_of(mm),
	     (unsigned long long)addr, (unsigned long long)len, pick_prot(g));
}

/* --thp's advice: hugepage/nohugepage/collapse now and then, the others as usual. */
static const char *thp_pick_advice(struct gen *g, const char *const *advice, size_t n)
{
	static const char *const thp_advice[] = { "hugepage", "nohugepage", "collapse" };

	if (chance(g, 20))
		return thp_advice[below(g, 3)];
	return advice[below(g, n)];
}

static void gen_madvise(struct gen *g, int mm)
{
	static const char *const advice[] = {
		"dontneed", "free", "pageout", "populate_read", "populate_write",
		"dontfork", "dofork", "wipeonfork", "keeponfork",
	};
	uint64_t addr, len;

	pick_range(g, mm, &addr, &len);
	emit(g, "madvise %c 0x%llx %llu %s", name_of(mm),
	     (unsigned long long)addr, (unsigned long long)len,
	     g->thp ? thp_pick_advice(g, advice, sizeof(advice) / sizeof(advice[0])) :
	     advice[below(g, sizeof(advice) / sizeof(advice[0]))]);
}

static void gen_mremap(struct gen *g, int mm)
{
	uint64_t old, oldlen, new, newlen;
	int dontunmap = chance(g, 30);

	pick_range(g, mm, &old, &oldlen);
	new = arena_addr(g, &arenas[below(g, NR_ARENAS)]);
	newlen = oldlen;
	if (!dontunmap && chance(g, 60))
		newlen = chance(g, 50) ? oldlen + pick_len(g, 1) :
			 oldlen > PAGE ? (oldlen / 2) & ~(PAGE - 1) : PAGE;
	emit(g, "mremap %c 0x%llx %llu 0x%llx %llu%s", name_of(mm),
	     (unsigned long long)old, (unsigned long long)oldlen,
	     (unsigned long long)new, (unsigned long long)newlen,
	     dontunmap ? " dontunmap" : "");
	if (old % PAGE || new % PAGE || new + newlen > TOP)
		return;
	if (!dontunmap)
		model_remove(&g->mm[mm], old, old + oldlen);
	model_add(&g->mm[mm], new, new + newlen);
}

/* Bytes for a write or read: any alignment, mostly short, some pages. */
static void pick_bytes(struct gen *g, int mm, uint64_t *addr, uint64_t *len)
{
	pick_range(g, mm, addr, len);
	*addr += below(g, PAGE);
	*len = 1 + below(g, chance(g, 80) ? 64 : 3 * PAGE);
}

static void gen_write(struct gen *g, int mm)
{
	uint64_t addr, len;

	pick_bytes(g, mm, &addr, &len);
	g->last = addr;
	emit(g, "write %c 0x%llx 0x%02x*%llu", name_of(mm),
	     (unsigned long long)addr, (unsigned)(1 + below(g, 255)),
	     (unsigned long long)len);
}

/* The DATA of a read is not judged: kdiff compares the bytes loaded. */
static void gen_read(struct gen *g, int mm)
{
	uint64_t addr, len;

	pick_bytes(g, mm, &addr, &len);
	emit(g, "read %c 0x%llx 0x00*%llu", name_of(mm),
	     (unsigned long long)addr, (unsigned long long)len);
}

static void gen_touch(struct gen *g, int mm)
{
	static const char *const strides[] = { "", "", "", " stride=8K",
					       " stride=64K", " stride=2M" };
	uint64_t addr, len;

	pick_range(g, mm, &addr, &len);
	g->last = addr;
	emit(g, "touch %c 0x%llx %llu %c%s", name_of(mm),
	     (unsigned long long)addr, (unsigned long long)len,
	     chance(g, 55) ? 'w' : 'r',
	     strides[below(g, sizeof(strides) / sizeof(strides[0]))]);
}

/* A probe: the values are placeholders, kdiff compares, never judges. */
static void gen_probe(struct gen *g, int mm)
{
	uint64_t addr, len;
	int other = pick_mm(g, 0);

	pick_range(g, mm, &addr, &len);
	if (chance(g, 50))
		addr = g->last;		/* where a page is likely mapped */
	addr &= ~(PAGE - 1);
	switch (below(g, 3)) {
	case 0:
		emit(g, "expect pte %c 0x%llx present=1 none=0", name_of(mm),
		     (unsigned long long)addr);
		break;
	case 1:
		emit(g, "expect page %c 0x%llx mapcount=1 anon=1 zero=0 dirty=0",
		     name_of(mm), (unsigned long long)addr);
		break;
	default:
		emit(g, "expect same-frame %c 0x%llx %c 0x%llx", name_of(mm),
		     (unsigned long long)addr, name_of(other),
		     (unsigned long long)addr);
		break;
	}
}

static void gen_fork(struct gen *g, int mm)
{
	int child;

	if (live_count(g) == GEN_MMS) {
		gen_touch(g, mm);
		return;
	}
	child = pick_mm(g, 1);
	emit(g, "fork %c %c", name_of(mm), name_of(child));
	g->mm[child] = g->mm[mm];
}

static void gen_exit(struct gen *g, int mm)
{
	if (live_count(g) == 1) {
		gen_mmap(g, mm);
		return;
	}
	emit(g, "exit %c", name_of(mm));
	g->mm[mm].live = 0;
	g->mm[mm].n = 0;
}

static void gen_new_mm(struct gen *g, int mm)
{
	int fresh;

	if (live_count(g) == GEN_MMS) {
		gen_write(g, mm);
		return;
	}
	fresh = pick_mm(g, 1);
	emit(g, "mm %c", name_of(fresh));
	g->mm[fresh].live = 1;
	g->mm[fresh].n = 0;
}

static const struct {
	void (*fn)(struct gen *g, int mm);
	int weight;
} gen_ops[] = {
	{ gen_mmap, 15 }, { gen_munmap, 6 }, { gen_mprotect, 6 },
	{ gen_madvise, 11 }, { gen_mremap, 7 }, { gen_fork, 4 },
	{ gen_exit, 2 }, { gen_new_mm, 1 }, { gen_write, 12 },
	{ gen_read, 8 }, { gen_touch, 12 }, { gen_probe, 6 },
};

static void gen_one(struct gen *g)
{
	int total = 0, r;
	size_t i;

	for (i = 0; i < sizeof(gen_ops) / sizeof(gen_ops[0]); i++)
		total += gen_ops[i].weight;
	r = (int)below(g, (uint64_t)total);
	for (i = 0; r >= gen_ops[i].weight; i++)
		r -= gen_ops[i].weight;
	gen_ops[i].fn(g, pick_mm(g, 0));
}

char *kd_generate(uint64_t seed, uint64_t ops, int thp)
{
	struct gen *g = calloc(1, sizeof(*g));
	char *text;

	if (!g)
		return NULL;
	g->rng = seed;
	g->thp = thp;
	g->cap = 4096;
	g->buf = malloc(g->cap);
	if (!g->buf) {
		free(g);
		return NULL;
	}
	g->buf[0] = '\0';
	emit(g, "# mmkit kdiff --random --seeds %llu --ops %llu%s",
	     (unsigned long long)seed, (unsigned long long)ops, thp ? " --thp" : "");
	emit(g, "mm A");
	g->mm[0].live = 1;
	for (uint64_t i = 0; i < ops && !g->oom; i++)
		gen_one(g);
	text = g->oom ? NULL : g->buf;
	if (g->oom)
		free(g->buf);
	free(g);
	return text;
}

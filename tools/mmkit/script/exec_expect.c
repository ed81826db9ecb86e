/* SPDX-License-Identifier: MIT */
/*
 * script/exec_expect.c - expectations (script.md, "Expectations"): each
 * reads what the library reports (an entry, a page, an address space's or
 * the machine's figures) and compares it with the script's; one that does
 * not hold is "unmet", which `mmkit compare` counts instead of stopping.
 */
#include <errno.h>
#include <string.h>

#include "common/errname.h"
#include "script/runner.h"

void run_expect_error(struct runner *r, const struct stmt *s,
		      struct outcome *out)
{
	const char *want = s->a[0].word;
	struct outcome in;

	runner_exec(r, s->inner, &in);
	if (in.kind == OUT_ERRNO && in.err == s->a[0].val)
		out->kind = OUT_OK;
	else if (in.kind == OUT_OK)
		unmet(out, "expected %s, got success", want);
	else if (in.kind == OUT_ERRNO)
		unmet(out, "expected %s, got %s", want, err_name(in.err));
	else
		*out = in;
}

/*
 * may-fail ERR STATEMENT: either outcome is fine.  For thread blocks where
 * the interleaving decides which of two racing operations loses (a pin vs
 * an unbind: EFAULT or EBUSY); any other error still fails.
 */
void run_may_fail(struct runner *r, const struct stmt *s, struct outcome *out)
{
	runner_exec(r, s->inner, out);
	if (out->kind == OUT_ERRNO && out->err == s->a[0].val)
		out->kind = OUT_OK;
}

/* Append " key=val" pairs to the two halves of an "expected, got" pair. */
static void kv_mismatch(char *want, char *got, size_t size, const char *key,
			uint64_t w, uint64_t g)
{
	size_t nw = strlen(want), ng = strlen(got);

	snprintf(want + nw, size - nw, "%s%s=%llu", nw ? " " : "", key,
		 (unsigned long long)w);
	snprintf(got + ng, size - ng, "%s%s=%llu", ng ? " " : "", key,
		 (unsigned long long)g);
}

static void kv_check(const struct stmt *s, const uint64_t *have,
		     struct outcome *out)
{
	char want[256] = "", got[256] = "";
	int k;

	for (k = 0; k < s->nkv; k++)
		if (have[s->kv[k].key] != s->kv[k].val)
			kv_mismatch(want, got, sizeof(want), s->kv[k].name,
				    s->kv[k].val, have[s->kv[k].key]);
	if (want[0])
		unmet(out, "expected %s, got %s", want, got);
}

void run_expect_pte(struct runner *r, const struct stmt *s,
		    struct outcome *out)
{
	struct mm_struct *mm = runner_mm(r, s, 0, out);
	struct mmk_pte_info pi;
	uint64_t have[K_PTE_EXCLUSIVE + 1];
	int rc;

	if (!mm)
		return;
	memset(&pi, 0, sizeof(pi));
	rc = mmk_query_pte(mm, s->a[1].num, &pi);
	if (rc < 0) {
		op_result(out, rc);
		return;
	}
	have[K_PTE_NONE] = !!pi.none;
	have[K_PTE_PRESENT] = !!pi.present;
	have[K_PTE_WRITE] = !!pi.write;
	have[K_PTE_DIRTY] = !!pi.dirty;
	have[K_PTE_YOUNG] = !!pi.young;
	have[K_PTE_HUGE] = !!pi.huge;
	have[K_PTE_DEVMAP] = !!pi.devmap;
	have[K_PTE_MIGRATION] = !!pi.migration;
	have[K_PTE_DEVICE] = !!pi.device;
	have[K_PTE_EXCLUSIVE] = !!pi.exclusive;
	kv_check(s, have, out);
}

void run_expect_page(struct runner *r, const struct stmt *s,
		     struct outcome *out)
{
	struct mm_struct *mm = runner_mm(r, s, 0, out);
	struct mmk_page_info pi;
	uint64_t have[K_PAGE_THP + 1];
	int rc;

	if (!mm)
		return;
	memset(&pi, 0, sizeof(pi));
	rc = mmk_query_page(mm, s->a[1].num, &pi);
	if (rc == -ENOENT) {
		unmet(out, "expected a mapped page, got none");
		return;
	}
	if (rc < 0) {
		op_result(out, rc);
		return;
	}
	have[K_PAGE_MAPCOUNT] = (uint64_t)(int64_t)pi.mapcount;
	have[K_PAGE_REFCOUNT] = (uint64_t)(int64_t)pi.refcount;
	have[K_PAGE_PINNED] = !!pi.pinned;
	have[K_PAGE_DIRTY] = !!pi.dirty;
	have[K_PAGE_ANON] = !!pi.anon;
	have[K_PAGE_ZERO] = !!pi.zero;
	have[K_PAGE_DEVICE] = !!pi.device;
	have[K_PAGE_THP] = !!pi.thp;
	kv_check(s, have, out);
}

static int compare(uint64_t a, int op, uint64_t b)
{
	switch (op) {
	case OP_EQ: return a == b;
	case OP_NE: return a != b;
	case OP_LT: return a < b;
	case OP_LE: return a <= b;
	case OP_GT: return a > b;
	default: return a >= b;
	}
}

/* "expected KEY OP VALUE, got X" for `expect stat` and `expect sys`. */
static void expect_cmp(const struct stmt *s, int k, uint64_t have,
		       struct outcome *out)
{
	const struct arg *key = &s->a[k], *op = &s->a[k + 1];
	uint64_t want = s->a[k + 2].num;

	if (!compare(have, op->val, want))
		unmet(out, "expected %s %s %llu, got %llu", key->word,
		     op->word, (unsigned long long)want,
		     (unsigned long long)have);
}

void run_expect_stat(struct runner *r, const struct stmt *s,
		     struct outcome *out)
{
	struct mm_struct *mm = runner_mm(r, s, 0, out);
	struct mmk_mm_stats st;
	uint64_t have[K_STAT_SHMEM_PMD + 1];

	if (!mm)
		return;
	memset(&st, 0, sizeof(st));
	mmk_mm_stats(mm, &st);
	have[K_STAT_RSS] = st.rss;
	have[K_STAT_PGTABLE] = st.pgtable;
	have[K_STAT_PTE_TABLES] = st.pte_tables;
	have[K_STAT_PMD_TABLES] = st.pmd_tables;
	have[K_STAT_PUD_TABLES] = st.pud_tables;
	have[K_STAT_VMAS] = st.vmas;
	have[K_STAT_ANON_THP] = st.anon_thp;
	have[K_STAT_SHMEM_PMD] = st.shmem_pmd;
	expect_cmp(s, 1, have[s->a[1].val], out);
}

void run_expect_sys(struct runner *r, const struct stmt *s,
		    struct outcome *out)
{
	struct mmk_sys_stats st;
	uint64_t have[K_SYS_THP_DEFERRED_SPLIT_PAGE + 1];

	memset(&st, 0, sizeof(st));
	mmk_machine_stats(r->m, &st);
	have[K_SYS_FRAMES_USED] = st.frames_used;
	have[K_SYS_PGTABLE_FRAMES] = st.pgtable_frames;
	have[K_SYS_PENDING_FREE] = st.pending_free;
	have[K_SYS_THP_FAULT_ALLOC] = st.thp_fault_alloc;
	have[K_SYS_THP_FAULT_FALLBACK] = st.thp_fault_fallback;
	have[K_SYS_THP_COLLAPSE_ALLOC] = st.thp_collapse_alloc;
	have[K_SYS_THP_SPLIT_PMD] = st.thp_split_pmd;
	have[K_SYS_THP_ZERO_PAGE_ALLOC] = st.thp_zero_page_alloc;
	have[K_SYS_THP_SPLIT_PAGE] = st.thp_split_page;
	have[K_SYS_THP_DEFERRED_SPLIT_PAGE] = st.thp_deferred_split_page;
	expect_cmp(s, 0, have[s->a[0].val], out);
}

/* expect same-frame / distinct-frame MM1 ADDR1 MM2 ADDR2 */
static void expect_frame(struct runner *r, const struct stmt *s,
			 struct outcome *out, int same)
{
	struct mmk_page_info pi[2];
	int i;

	for (i = 0; i < 2; i++) {
		struct mm_struct *mm = runner_mm(r, s, 2 * i, out);
		int rc;

		if (!mm)
			return;
		memset(&pi[i], 0, sizeof(pi[i]));
		rc = mmk_query_page(mm, s->a[2 * i + 1].num, &pi[i]);
		if (rc == -ENOENT) {
			unmet(out, "expected a mapped page at %s 0x%llx, got none",
			     r->sc->slots[SLOT_MM].v[s->a[2 * i].slot].name,
			     (unsigned long long)s->a[2 * i + 1].num);
			return;
		}
		if (rc < 0) {
			op_result(out, rc);
			return;
		}
	}
	if (same && pi[0].pfn != pi[1].pfn)
		unmet(out, "expected the same frame, got pfn 0x%llx and pfn 0x%llx",
		      (unsigned long long)pi[0].pfn,
		      (unsigned long long)pi[1].pfn);
	else if (!same && pi[0].pfn == pi[1].pfn)
		unmet(out, "expected distinct frames, got pfn 0x%llx for both",
		      (unsigned long long)pi[0].pfn);
}

void run_expect_same_frame(struct runner *r, const struct stmt *s,
			   struct outcome *out)
{
	expect_frame(r, s, out, 1);
}

void run_expect_distinct_frame(struct runner *r, const struct stmt *s,
			       struct outcome *out)
{
	expect_frame(r, s, out, 0);
}

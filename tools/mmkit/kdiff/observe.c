/* SPDX-License-Identifier: MIT */
/*
 * kdiff/observe.c - what kdiff looks at besides outcomes (kdiff/run.h):
 * the figures of every live address space after a statement, and the
 * probes `expect pte|page` and the frame expectations stand for.
 *
 * What the kernel shows of one address, and what it is compared with:
 *   /proc/PID/pagemap   present (bit 63) against mmkit's `present`;
 *                       `none` is neither present nor swapped (bit 62);
 *   /proc/kpagecount    (root) the page's mapcount against `mapcount`;
 *   /proc/kpageflags    (root) KPF_ANON, KPF_ZERO_PAGE, KPF_DIRTY, KPF_THP
 *                       against `anon`, `zero`, `dirty`, `thp` (the kernel
 *                       sets KPF_THP for any large folio; mmkit makes
 *                       only PMD-sized ones);
 *   the PFN (root)      frame identity, for same-frame/distinct-frame.
 * The other keys (write dirty young huge devmap migration device
 * exclusive of `expect pte`; refcount pinned device of `expect page`)
 * are not shown by the kernel: a probe that names them says once that
 * they are not compared.  PageAnonExclusive in particular is not
 * pagemap's "exclusively mapped" bit (that one means mapcount == 1).
 */
#include <errno.h>
#include <inttypes.h>
#include <linux/kernel-page-flags.h>
#include <stdio.h>
#include <string.h>

#include <mmkit/mmkit.h>

#include "kdiff/run.h"

#define PM_PRESENT (1ull << 63)
#define PM_SWAP (1ull << 62)
#define PM_PFN_MASK ((1ull << 55) - 1)

enum { ST_RSS, ST_PGTABLE, ST_VMAS, ST_EXISTS, ST_ANON_THP, ST_SHMEM_PMD };

static const char *const stat_names[] = { "rss", "pgtable", "vmas", "exists",
					  "anon_thp", "shmem_pmd" };

/*
 * Compare one figure of mm @slot.  A disagreement is told where it
 * appears or changes, not again after every statement while it lasts.
 */
static void observe(struct kd_run *r, const struct script_view *v, int slot,
		    int key, const char *kernel, const char *mmkit)
{
	char (*told)[32] = r->slots[slot].told[key];

	r->res->compared++;
	if (!strcmp(kernel, mmkit)) {
		told[0][0] = told[1][0] = '\0';
		return;
	}
	if (!strcmp(told[0], kernel) && !strcmp(told[1], mmkit))
		return;
	snprintf(told[0], sizeof(told[0]), "%s", kernel);
	snprintf(told[1], sizeof(told[1]), "%s", mmkit);
	kd_tell(r, v, slot, stat_names[key], kernel, mmkit);
}

static void observe_num(struct kd_run *r, const struct script_view *v,
			int slot, int key, uint64_t kernel, uint64_t mmkit)
{
	char kt[32], mt[32];

	snprintf(kt, sizeof(kt), "%" PRIu64, kernel);
	snprintf(mt, sizeof(mt), "%" PRIu64, mmkit);
	observe(r, v, slot, key, kt, mt);
}

static void observe_mm(struct kd_run *r, const struct script_view *v, int slot)
{
	struct agent *a = r->agents[slot].fd >= 0 ? &r->agents[slot] : NULL;
	struct mm_struct *mm = script_step_mm(r->st, slot);
	struct mmk_mm_stats ms;
	struct kstats ks;
	char msg[256];

	if (!a && !mm)
		return;
	observe(r, v, slot, ST_EXISTS, a ? "yes" : "no", mm ? "yes" : "no");
	if (!a || !mm)
		return;
	if (agent_stats(r->k, a, &ks, msg, sizeof(msg))) {
		kd_fail(r, msg);
		return;
	}
	mmk_mm_stats(mm, &ms);
	observe_num(r, v, slot, ST_RSS, ks.rss, ms.rss);
	if (!r->slots[slot].pt_shared)
		observe_num(r, v, slot, ST_PGTABLE, ks.pgtable, ms.pgtable);
	observe_num(r, v, slot, ST_VMAS, ks.vmas, ms.vmas);
	/* AnonHugePages: with THP on, which ranges are PMD-mapped. */
	if (r->k->thp) {
		observe_num(r, v, slot, ST_ANON_THP, ks.anon_thp, ms.anon_thp);
		observe_num(r, v, slot, ST_SHMEM_PMD, ks.shmem_pmd, ms.shmem_pmd);
	}
}

void kd_observe_mms(struct kd_run *r, const struct script_view *v)
{
	for (int slot = 0; slot < r->nmms && !r->stop; slot++)
		observe_mm(r, v, slot);
}

/* ---- probes ---- */

/* Both sides of mm @slot for a probe, or 0 when one has none. */
static int probe_sides(struct kd_run *r, int slot, struct agent **a,
		       struct mm_struct **mm)
{
	*a = slot >= 0 && r->agents[slot].fd >= 0 ? &r->agents[slot] : NULL;
	*mm = slot >= 0 ? script_step_mm(r->st, slot) : NULL;
	return *a && *mm;	/* a missing one was told as `exists` */
}

static void note_frames(struct kd_run *r)
{
	kd_note(r, NOTE_FRAMES, "page-frame keys (mapcount anon zero dirty thp, "
		"same-frame) are not compared: they need root (/proc/kpageflags)");
}

static void not_shown(struct kd_run *r, const char *kind, const char *key)
{
	kd_note(r, NOTE_KEYS, "%s key `%s` (and any other the kernel does not "
		"show) is not compared (docs/fidelity.md)", kind, key);
}

static void probe_key(struct kd_run *r, const struct script_view *v, int key,
		      uint64_t kernel, uint64_t mmkit)
{
	char kt[32], mt[32];

	snprintf(kt, sizeof(kt), "%" PRIu64, kernel);
	snprintf(mt, sizeof(mt), "%" PRIu64, mmkit);
	kd_compare(r, v, v->mm[0], v->kv[key].key, kt, mt);
}

static void probe_pte(struct kd_run *r, const struct script_view *v)
{
	struct mmk_pte_info pi;
	struct mm_struct *mm;
	struct agent *a;
	uint64_t pme;

	if (!probe_sides(r, v->mm[0], &a, &mm) ||
	    agent_pagemap(a, v->addr[0], &pme) ||
	    mmk_query_pte(mm, v->addr[0], &pi))
		return;		/* beyond TASK_SIZE: nothing to see */
	for (int k = 0; k < v->nkv; k++) {
		if (!strcmp(v->kv[k].key, "present"))
			probe_key(r, v, k, !!(pme & PM_PRESENT), !!pi.present);
		else if (!strcmp(v->kv[k].key, "none"))
			probe_key(r, v, k, !(pme & (PM_PRESENT | PM_SWAP)),
				  !!pi.none);
		else
			not_shown(r, "pte", v->kv[k].key);
	}
}

/* The page keys, from kpagecount and kpageflags of the mapped frame. */
static void probe_frame_keys(struct kd_run *r, const struct script_view *v,
			     uint64_t pme, const struct mmk_page_info *pi)
{
	uint64_t count, flags;

	if (kpage_read(r->k, pme & PM_PFN_MASK, &count, &flags)) {
		kd_fail(r, "kdiff: cannot read /proc/kpagecount or /proc/kpageflags");
		return;
	}
	for (int k = 0; k < v->nkv; k++) {
		const char *key = v->kv[k].key;

		if (!strcmp(key, "mapcount"))
			probe_key(r, v, k, count, (uint64_t)(int64_t)pi->mapcount);
		else if (!strcmp(key, "anon"))
			probe_key(r, v, k, (flags >> KPF_ANON) & 1, !!pi->anon);
		else if (!strcmp(key, "zero"))
			probe_key(r, v, k, (flags >> KPF_ZERO_PAGE) & 1, !!pi->zero);
		else if (!strcmp(key, "dirty"))
			probe_key(r, v, k, (flags >> KPF_DIRTY) & 1, !!pi->dirty);
		else if (!strcmp(key, "thp"))
			probe_key(r, v, k, (flags >> KPF_THP) & 1, !!pi->thp);
		else
			not_shown(r, "page", key);
	}
}

static void probe_page(struct kd_run *r, const struct script_view *v)
{
	struct mmk_page_info pi;
	struct mm_struct *mm;
	struct agent *a;
	uint64_t pme;
	int rc;

	if (!probe_sides(r, v->mm[0], &a, &mm) ||
	    agent_pagemap(a, v->addr[0], &pme))
		return;
	rc = mmk_query_page(mm, v->addr[0], &pi);
	if (rc && rc != -ENOENT)
		return;
	kd_compare(r, v, v->mm[0], "page", (pme & PM_PRESENT) ? "mapped" : "none",
		   rc ? "none" : "mapped");
	if (!(pme & PM_PRESENT) || rc)
		return;
	if (!kside_frames(r->k)) {
		note_frames(r);
		return;
	}
	probe_frame_keys(r, v, pme, &pi);
}

/* "same", "distinct" or "unmapped" for the two addresses, on one side. */
static const char *frames_of(int mapped0, int mapped1, uint64_t pfn0,
			     uint64_t pfn1)
{
	if (!mapped0 || !mapped1)
		return "unmapped";
	return pfn0 == pfn1 ? "same" : "distinct";
}

static void probe_frames(struct kd_run *r, const struct script_view *v)
{
	struct mmk_page_info pi[2];
	uint64_t pme[2];
	int mapped[2];

	if (!kside_frames(r->k)) {
		note_frames(r);
		return;
	}
	for (int i = 0; i < 2; i++) {
		struct mm_struct *mm;
		struct agent *a;
		int rc;

		if (!probe_sides(r, v->mm[i], &a, &mm) ||
		    agent_pagemap(a, v->addr[i], &pme[i]))
			return;
		rc = mmk_query_page(mm, v->addr[i], &pi[i]);
		if (rc && rc != -ENOENT)
			return;
		mapped[i] = !rc;
	}
	kd_compare(r, v, -1, "frame",
		   frames_of(!!(pme[0] & PM_PRESENT), !!(pme[1] & PM_PRESENT),
			     pme[0] & PM_PFN_MASK, pme[1] & PM_PFN_MASK),
		   frames_of(mapped[0], mapped[1], pi[0].pfn, pi[1].pfn));
}

void kd_probe(struct kd_run *r, const struct script_view *v)
{
	if (v->op == SOP_EXPECT_PTE)
		probe_pte(r, v);
	else if (v->op == SOP_EXPECT_PAGE)
		probe_page(r, v);
	else
		probe_frames(r, v);
}

/* SPDX-License-Identifier: MIT */
/*
 * script/view.c - statements as plain values for callers outside script/
 * (script.h, "statements seen from outside"): `mmkit kdiff` reads each
 * statement here to run it on the host kernel.  The statement table stays
 * the one place that tells statements apart by name: each row's handler
 * identifies it, so a renamed statement keeps its view.
 */
#include <string.h>

#include "script/runner.h"

/* The op of each handler the view describes; the rest are SOP_OTHER. */
static const struct {
	stmt_fn run;
	enum script_op op;
} view_ops[] = {
	{ run_mm, SOP_MM }, { run_mmap, SOP_MMAP }, { run_munmap, SOP_MUNMAP },
	{ run_mprotect, SOP_MPROTECT }, { run_madvise, SOP_MADVISE },
	{ run_mremap, SOP_MREMAP }, { run_fork, SOP_FORK },
	{ run_exit, SOP_EXIT }, { run_write, SOP_WRITE },
	{ run_read, SOP_READ }, { run_touch, SOP_TOUCH },
	{ run_sync, SOP_SYNC }, { run_expect_pte, SOP_EXPECT_PTE },
	{ run_expect_page, SOP_EXPECT_PAGE },
	{ run_expect_same_frame, SOP_SAME_FRAME },
	{ run_expect_distinct_frame, SOP_DISTINCT_FRAME },
	{ run_expect_stat, SOP_EXPECT_STAT }, { run_expect_sys, SOP_EXPECT_SYS },
};

static enum script_op view_op(const struct stmt_desc *d)
{
	if (d->setup && d->setup != setup_bug && d->setup != setup_device)
		return SOP_SETUP;
	for (size_t i = 0; i < sizeof(view_ops) / sizeof(view_ops[0]); i++)
		if (view_ops[i].run == d->run)
			return view_ops[i].op;
	return SOP_OTHER;
}

/* The first option of @s the view has no field for. */
static void view_other_opt(const struct stmt *s, struct script_view *v)
{
	const unsigned int described = O_SHARED | O_POPULATE | O_DONTUNMAP |
				       O_STRIDE | O_CPU | O_HUGE;

	for (int i = 0; i < NR_OPTS; i++)
		if ((s->opts & (1u << i)) && !((1u << i) & described)) {
			v->other_opt = opt_table[i].usage;
			v->other_col = s->opt_col[i];
			return;
		}
}

/* The ranges: which arguments hold addresses and lengths, by op. */
static void view_ranges(const struct stmt *s, struct script_view *v)
{
	const struct arg *a = s->a;

	switch (v->op) {
	case SOP_MMAP: case SOP_MUNMAP: case SOP_MPROTECT: case SOP_MADVISE:
	case SOP_TOUCH:
		v->addr[0] = a[1].num;
		v->len[0] = a[2].num;
		v->addr_col[0] = a[1].col;
		break;
	case SOP_MREMAP:
		v->addr[0] = a[1].num;
		v->len[0] = a[2].num;
		v->addr[1] = a[3].num;
		v->len[1] = a[4].num;
		v->addr_col[0] = a[1].col;
		v->addr_col[1] = a[3].col;
		break;
	case SOP_WRITE: case SOP_READ:
		v->addr[0] = a[1].num;
		v->len[0] = a[2].data.len;
		v->addr_col[0] = a[1].col;
		v->bytes = a[2].data.bytes;
		v->fill = a[2].data.byte;
		break;
	case SOP_EXPECT_PTE: case SOP_EXPECT_PAGE:
		v->addr[0] = a[1].num;
		v->len[0] = 1;
		v->addr_col[0] = a[1].col;
		break;
	case SOP_SAME_FRAME: case SOP_DISTINCT_FRAME:
		v->addr[0] = a[1].num;
		v->addr[1] = a[3].num;
		v->len[0] = v->len[1] = 1;
		v->addr_col[0] = a[1].col;
		v->addr_col[1] = a[3].col;
		break;
	default:
		break;
	}
}

/* The mm slots it names, in argument order. */
static void view_mms(const struct stmt *s, struct script_view *v)
{
	int n = 0;

	for (int k = 0; k < s->nargs && n < 2; k++) {
		enum arg_kind kind = s->desc->args[k];

		if (kind == A_NEWMM || kind == A_MM || kind == A_EXITMM ||
		    (kind == A_OPTMM && s->a[k].slot >= 0) ||
		    kind == A_PARENT || kind == A_CHILD)
			v->mm[n++] = s->a[k].slot;
	}
}

void script_view(const struct script *sc, int i, struct script_view *v)
{
	const struct stmt *s = &sc->stmts[i];

	memset(v, 0, sizeof(*v));
	v->line = s->line;
	v->text = s->text;
	if (s->inner) {
		v->wrap = s->desc->name;
		s = s->inner;
	}
	v->op = view_op(s->desc);
	v->word = s->desc->name;
	v->col = s->col;
	v->mm[0] = v->mm[1] = -1;
	view_mms(s, v);
	view_ranges(s, v);
	view_other_opt(s, v);
	if (s->desc->args[3] == A_PROT)
		v->prot = s->a[3].val;
	if (v->op == SOP_MADVISE) {
		v->advice = s->a[3].val;
		v->advice_word = s->a[3].word;
		v->advice_col = s->a[3].col;
	}
	v->shared = !!(s->opts & O_SHARED);
	v->populate = !!(s->opts & O_POPULATE);
	v->dontunmap = !!(s->opts & O_DONTUNMAP);
	v->huge = v->op == SOP_MMAP && (s->opts & O_HUGE);
	v->store = v->op == SOP_TOUCH && s->a[3].val;
	v->stride = (s->opts & O_STRIDE) ? s->stride : MMK_PAGE_SIZE;
	for (int k = 0; k < s->nkv && k < SCRIPT_VIEW_KV; k++) {
		v->kv[k].key = s->kv[k].name;
		v->kv[k].val = s->kv[k].val;
		v->nkv++;
	}
}

int script_nmms(const struct script *sc)
{
	return sc->slots[SLOT_MM].n;
}

const char *script_mm_name(const struct script *sc, int slot)
{
	return sc->slots[SLOT_MM].v[slot].name;
}

/* SPDX-License-Identifier: MIT */
/*
 * script/names.c - the words scripts use for constants: protections, advice,
 * comparison operators, expectation keys.
 * Each table ends with a NULL name.  A row with `notimpl` set parses but
 * fails at run time until the named issue brings it.
 */
#include <stdio.h>
#include <string.h>

#include "script/lang.h"

const struct name_val prot_names[] = {
	{ "none", MMK_PROT_NONE, NULL },
	{ "r", MMK_PROT_READ, NULL },
	{ "rw", MMK_PROT_READ | MMK_PROT_WRITE, NULL },
	{ "rx", MMK_PROT_READ | MMK_PROT_EXEC, NULL },
	{ "rwx", MMK_PROT_READ | MMK_PROT_WRITE | MMK_PROT_EXEC, NULL },
	{ NULL, 0, NULL },
};

const struct name_val advice_names[] = {
	{ "dontneed", MMK_MADV_DONTNEED, NULL },
	{ "free", MMK_MADV_FREE, NULL },
	{ "pageout", MMK_MADV_PAGEOUT, NULL },
	{ "populate_read", MMK_MADV_POPULATE_READ, NULL },
	{ "populate_write", MMK_MADV_POPULATE_WRITE, NULL },
	{ "hugepage", MMK_MADV_HUGEPAGE, NULL },
	{ "nohugepage", MMK_MADV_NOHUGEPAGE, NULL },
	{ "collapse", MMK_MADV_COLLAPSE, NULL },
	{ "dontfork", MMK_MADV_DONTFORK, NULL },
	{ "dofork", MMK_MADV_DOFORK, NULL },
	{ "wipeonfork", MMK_MADV_WIPEONFORK, NULL },
	{ "keeponfork", MMK_MADV_KEEPONFORK, NULL },
	{ NULL, 0, NULL },
};

const struct name_val op_names[] = {
	{ "==", OP_EQ, NULL }, { "!=", OP_NE, NULL },
	{ "<", OP_LT, NULL },  { "<=", OP_LE, NULL },
	{ ">", OP_GT, NULL },  { ">=", OP_GE, NULL },
	{ NULL, 0, NULL },
};

const struct name_val pte_keys[] = {
	{ "none", K_PTE_NONE, NULL },
	{ "present", K_PTE_PRESENT, NULL },
	{ "write", K_PTE_WRITE, NULL },
	{ "dirty", K_PTE_DIRTY, NULL },
	{ "young", K_PTE_YOUNG, NULL },
	{ "huge", K_PTE_HUGE, NULL },
	{ "devmap", K_PTE_DEVMAP, NULL },
	{ "migration", K_PTE_MIGRATION, NULL },
	{ "device", K_PTE_DEVICE, NULL },
	{ "exclusive", K_PTE_EXCLUSIVE, NULL },
	{ NULL, 0, NULL },
};

/* mapcount and refcount are counts; the other keys are 0 or 1. */
const struct name_val page_keys[] = {
	{ "mapcount", K_PAGE_MAPCOUNT, NULL },
	{ "refcount", K_PAGE_REFCOUNT, NULL },
	{ "pinned", K_PAGE_PINNED, NULL },
	{ "dirty", K_PAGE_DIRTY, NULL },
	{ "anon", K_PAGE_ANON, NULL },
	{ "zero", K_PAGE_ZERO, NULL },
	{ "device", K_PAGE_DEVICE, NULL },
	{ "thp", K_PAGE_THP, NULL },
	{ NULL, 0, NULL },
};

const struct name_val stat_keys[] = {
	{ "rss", K_STAT_RSS, NULL },
	{ "pgtable", K_STAT_PGTABLE, NULL },
	{ "pte_tables", K_STAT_PTE_TABLES, NULL },
	{ "pmd_tables", K_STAT_PMD_TABLES, NULL },
	{ "pud_tables", K_STAT_PUD_TABLES, NULL },
	{ "vmas", K_STAT_VMAS, NULL },
	{ "anon_thp", K_STAT_ANON_THP, NULL },
	{ "shmem_pmd", K_STAT_SHMEM_PMD, NULL },
	{ NULL, 0, NULL },
};

const struct name_val sys_keys[] = {
	{ "frames_used", K_SYS_FRAMES_USED, NULL },
	{ "pgtable_frames", K_SYS_PGTABLE_FRAMES, NULL },
	{ "pending_free", K_SYS_PENDING_FREE, NULL },
	{ "thp_fault_alloc", K_SYS_THP_FAULT_ALLOC, NULL },
	{ "thp_fault_fallback", K_SYS_THP_FAULT_FALLBACK, NULL },
	{ "thp_collapse_alloc", K_SYS_THP_COLLAPSE_ALLOC, NULL },
	{ "thp_split_pmd", K_SYS_THP_SPLIT_PMD, NULL },
	{ "thp_split_page", K_SYS_THP_SPLIT_PAGE, NULL },
	{ "thp_deferred_split_page", K_SYS_THP_DEFERRED_SPLIT_PAGE, NULL },
	{ "thp_zero_page_alloc", K_SYS_THP_ZERO_PAGE_ALLOC, NULL },
	{ NULL, 0, NULL },
};

/* /sys/kernel/mm/transparent_hugepage/enabled */
const struct name_val thp_names[] = {
	{ "always", MMK_THP_ALWAYS, NULL },
	{ "madvise", MMK_THP_MADVISE, NULL },
	{ "never", MMK_THP_NEVER, NULL },
	{ NULL, 0, NULL },
};

/* What `mmkit record` read from /proc/PID/status, in bytes. */
const struct name_val ckpt_keys[] = {
	{ "pgtable", CKPT_PGTABLE, NULL },
	{ "rss", CKPT_RSS, NULL },
	{ NULL, 0, NULL },
};

const struct name_val *name_lookup(const struct name_val *tab, const char *s,
				   size_t len)
{
	for (; tab->name; tab++)
		if (strlen(tab->name) == len && !memcmp(tab->name, s, len))
			return tab;
	return NULL;
}

void name_list(const struct name_val *tab, char *buf, size_t size)
{
	size_t n = 0;

	buf[0] = '\0';
	for (; tab->name && n + 1 < size; tab++) {
		int w = snprintf(buf + n, size - n, "%s%s", n ? " " : "", tab->name);

		if (w < 0)
			break;
		n += (size_t)w;
	}
}

const struct name_val *arg_kind_names(enum arg_kind k)
{
	switch (k) {
	case A_PROT: return prot_names;
	case A_ADVICE: return advice_names;
	case A_OP: return op_names;
	case A_STATKEY: return stat_keys;
	case A_SYSKEY: return sys_keys;
	case A_THP: return thp_names;
	default: return NULL;
	}
}

/* SPDX-License-Identifier: MIT */
/*
 * policy_keep.c - the `keep` policy: Linux before 6.14, or PT_RECLAIM=n.
 *
 * Nobody frees an empty PTE table while the address space lives: only
 * munmap and exit do (free_pgtables), for ranges no VMA covers any more.
 * Walkers follow the ordinary rules (pte_offset_map*() under RCU), and
 * tables are still freed after a grace period, as khugepaged-style
 * retraction needs.  Every hook is NULL: the baseline the others are
 * measured against.
 */
#include "pt_policy.h"

const struct pt_policy_ops pt_policy_keep = {
	.name = "keep",
};

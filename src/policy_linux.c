/* SPDX-License-Identifier: MIT */
/*
 * policy_linux.c - the `linux` policy: Linux 6.14+ PT_RECLAIM.
 *
 * Only a zap that asked for it (MADV_DONTNEED) and that covered a whole
 * table may free the table, and only if no entry was left behind: the
 * fast path when the zap never dropped the PTL, else the slow path's full
 * rescan (pt_reclaim.c).  PMD and PUD tables stay until munmap or exit.
 * Walkers need nothing beyond the ordinary rules: pte_offset_map() may
 * fail, pte_offset_map_lock() rechecks pmd_same(), GUP-fast rechecks the
 * pmd and the PTE after grabbing the page.
 */
#include "pt_policy.h"

static bool linux_zap_reclaims(enum zap_reason reason, bool whole_table)
{
	return reason == ZAP_DONTNEED && whole_table;
}

const struct pt_policy_ops pt_policy_linux = {
	.name = "linux",
	.zap_reclaims = linux_zap_reclaims,
};

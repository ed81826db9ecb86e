/* SPDX-License-Identifier: MIT */
/*
 * policy_eager.c - the example policy of docs/policies.md ("Adding a
 * policy"), which every policy-matrix test also runs on.
 *
 * `eager` frees a PTE table that a zap emptied after any MADV_DONTNEED,
 * of a whole table or of a part of it, and after reclaim discarded lazily
 * freed pages; PMD and PUD tables stay.  It needs no mechanism of its
 * own: PT_RECLAIM's (pt_reclaim.c) does the work, and since a partial zap
 * cannot know that the rest of the table is empty, it always takes the
 * slow path, which rechecks all 512 entries under the pmd lock and the
 * PTL.  Built in, it would be src/policy_eager.c plus one line of
 * pt_policy.c's table (and an enum value); here the test registers it.
 */
#include "pt_policy.h"

int mmk_test_eager_policy(void);


static bool eager_zap_reclaims(enum zap_reason reason, bool whole_table)
{
	(void)whole_table;
	return reason == ZAP_DONTNEED || reason == ZAP_DISCARD;
}

static const struct pt_policy_ops pt_policy_eager = {
	.name = "eager",
	.zap_reclaims = eager_zap_reclaims,
};

int mmk_test_eager_policy(void)
{
	static int policy = -1;

	if (policy < 0)
		policy = pt_policy_register(&pt_policy_eager);
	return policy;
}

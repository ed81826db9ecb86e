/* SPDX-License-Identifier: MIT */
/*
 * pt_policy.c - the table of page-table lifetime policies: their numbers
 * (enum mmk_policy), their names, and the registration of more.
 *
 * Owns the process's policy table.  The built-ins are fixed at compile
 * time (one line each below); pt_policy_register() appends, as a test
 * does with the example policy of docs/policies.md.  The table is
 * process-wide, like Linux's list of file systems: the one piece of state
 * outside a machine, published entry first and count second, so a reader
 * that sees a number sees its policy.  Registration itself is expected
 * before the machines that use it, from one thread.
 */
#include <string.h>
#include "pt_policy.h"

static const struct pt_policy_ops *pt_policies[PT_MAX_POLICIES] = {
	[MMK_POLICY_KEEP] = &pt_policy_keep,
	[MMK_POLICY_LINUX] = &pt_policy_linux,
	[MMK_POLICY_REFCOUNT] = &pt_policy_refcount,
	[MMK_POLICY_RWSEM] = &pt_policy_rwsem,
	[MMK_POLICY_FULL] = &pt_policy_full,
};
static atomic_uint nr_policies = MMK_NR_POLICIES;

unsigned int pt_nr_policies(void)
{
	return atomic_load_explicit(&nr_policies, memory_order_acquire);
}

const struct pt_policy_ops *pt_policy_lookup(unsigned int policy)
{
	return policy < pt_nr_policies() ? pt_policies[policy] : NULL;
}

int pt_policy_register(const struct pt_policy_ops *ops)
{
	unsigned int n = pt_nr_policies();

	if (mmk_policy_parse(ops->name) >= 0)
		return -EEXIST;
	if (n == PT_MAX_POLICIES)
		return -ENOSPC;
	pt_policies[n] = ops;
	atomic_store_explicit(&nr_policies, n + 1, memory_order_release);
	return (int)n;
}

int pt_policy_attach(struct mmk_machine *m, unsigned int policy)
{
	const struct pt_policy_ops *ops = pt_policy_lookup(policy);

	if (!ops)
		return -EINVAL;
	m->pt_ops = ops;
	return 0;
}

const char *mmk_policy_name(enum mmk_policy p)
{
	const struct pt_policy_ops *ops = pt_policy_lookup((unsigned int)p);

	return ops ? ops->name : "?";
}

int mmk_policy_parse(const char *name)
{
	misuse_null(name);
	for (unsigned int i = 0; i < pt_nr_policies(); i++)
		if (!strcmp(name, pt_policies[i]->name))
			return (int)i;
	return -EINVAL;
}

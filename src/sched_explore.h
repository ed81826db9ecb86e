/* SPDX-License-Identifier: MIT */
/*
 * sched_explore.h - what the sync layer (rcu.c) calls on a thread that
 * runs under the race lab's explorer (mmk_explorer set): the explorer's
 * deterministic RCU; and what the explorer asks of the rest of mmkit: names
 * for the objects it schedules around.  The explorer itself is
 * include/mmkit/explore.h.
 */
#ifndef MMK_SCHED_EXPLORE_H
#define MMK_SCHED_EXPLORE_H

#include "sync.h"

/* The calling thread entered / left its outermost read-side section. */
void explore_rcu_enter(struct mmk_explorer *ex);
void explore_rcu_exit(struct mmk_explorer *ex);
/* Wait, through the scheduler, for the readers inside right now. */
void explore_synchronize_rcu(struct mmk_explorer *ex);
/* Queue @fn(@head) to run once the readers inside right now have left. */
void explore_call_rcu(struct mmk_explorer *ex, struct mmk_rcu_head *head,
		      mmk_rcu_func_t fn);
/* Return once every callback queued so far has run. */
void explore_rcu_barrier(struct mmk_explorer *ex);

/*
 * describe.c: a name for @obj, an object of machine @m, in @buf (false if
 * it is none of @m's): how a trace tells "PTL of PTE table pfn 0x41" from
 * an address, without the explorer knowing mmkit's types.
 */
struct mmk_machine;
bool machine_describe(struct mmk_machine *m, const void *obj, char *buf, size_t size);
/*
 * describe.c: the object the explorer's partial-order reduction takes an
 * access to @obj for: every field of a struct page is the page (its flags,
 * counts, PTL and bytes change together), anything else itself.  Named by
 * its place in the machine (not a dereferenceable pointer), so that the
 * same object has the same name in every execution, wherever that
 * execution's machine was allocated; an object outside the machine and
 * its mm_structs keeps its address.
 */
const void *machine_object(struct mmk_machine *m, const void *obj);

#endif

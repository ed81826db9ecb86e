/* SPDX-License-Identifier: MIT */
/*
 * sched_explore.h - what the sync layer (rcu.c) calls on a thread that
 * runs under the race lab's explorer (mmk_explorer set): the explorer's
 * deterministic RCU.  The explorer itself is include/mmkit/explore.h.
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

#endif

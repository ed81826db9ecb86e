/* SPDX-License-Identifier: MIT */
/*
 * mmkit/check.h - the invariant checker (shared/spec/invariants.md), in the
 * spirit of Linux's page_table_check and CONFIG_DEBUG_VM, but complete.
 *
 * Two parts:
 *  - mmk_check(): a full check of the machine's state at a quiescent point
 *    (no operation running on any thread).  It walks every address space's
 *    page tables, every frame, every free list and every CPU's TLB.
 *  - continuous checks, on after mmk_set_checking(m, true): cheap tests at
 *    the moment something happens, from any thread, recorded for
 *    mmk_violation_pending().  Freed page tables are poisoned and held in
 *    a quarantine before reuse; a walker that meets poison used a table
 *    after it was freed (invariant 1); a table freed with an entry still
 *    set breaks invariant 2.  Off by default: then each hook costs one
 *    predictable branch.
 *
 * A violation names its invariant by number and says what broke in a
 * kernel developer's words: frames by pfn, address spaces as "mm 0x...",
 * user addresses in hex, e.g.
 *   invariant 5: page pfn 0x1234 has mapcount 1 but 2 entries map it
 *   (mm 0x5581.. at 0x40000000, mm 0x5590.. at 0x40000000)
 */
#ifndef MMKIT_CHECK_H
#define MMKIT_CHECK_H

#include <stdbool.h>
#include <stdint.h>
#include "machine.h"

#ifdef __cplusplus
extern "C" {
#endif

struct mmk_violation {
	int invariant;		/* number in invariants.md */
	uint64_t addr;		/* the user address concerned; 0 if none */
	char what[256];		/* "invariant N: ...", one line */
};

/*
 * mmk_check - check every invariant that holds at a quiescent point
 * (1, 4, 5, 6, 8, 9; see page_table_check.c for what each covers).  The
 * caller guarantees no mmkit operation runs meanwhile; locks are still
 * taken as the lock order says (each mm's mmap_lock for read, page-table
 * locks, each CPU's tlb_lock).  Waits for deferred frees first, as
 * mmk_sync() does, so it must not be called inside an mmkit read-side
 * section.  Returns 0 if everything holds; 1 with the first violation
 * found in *@v (@v may be NULL); -EBUSY if some mm's mmap_lock is held for
 * write (the machine is not quiescent); -ENOMEM.  Continuous checks'
 * findings are not repeated here: ask mmk_violation_pending().
 */
int mmk_check(struct mmk_machine *m, struct mmk_violation *v);

/*
 * Turn the continuous checks on or off.  Turning them on forgets any
 * violation recorded before; turning them off gives the quarantined
 * page-table frames back to the allocator.  Best called at a quiescent
 * point; a table freed while the switch flips is either checked or not.
 */
void mmk_set_checking(struct mmk_machine *m, bool on);

/*
 * The first violation the continuous checks recorded since they were
 * turned on: 1 and *@v filled (if @v), or 0 if none.
 */
int mmk_violation_pending(struct mmk_machine *m, struct mmk_violation *v);

#ifdef __cplusplus
}
#endif
#endif

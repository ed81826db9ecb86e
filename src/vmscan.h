/* SPDX-License-Identifier: MIT */
/*
 * vmscan.h - reclaim of lazily freed pages (vmscan.c).
 */
#ifndef MMK_VMSCAN_H
#define MMK_VMSCAN_H

#include "mm_types.h"

/* vmscan.c */
int madvise_pageout(struct vm_area_struct *vma, uint64_t start, uint64_t end);
uint64_t try_to_free_pages(struct mmk_machine *m);

#endif

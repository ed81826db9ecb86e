/* SPDX-License-Identifier: MIT */
/*
 * bench/ops.c - what `mmkit bench` measures, in the order the tables show
 * it: each op is defined in the file of its kind (access.c, fault.c, gup.c,
 * madvise.c, vma.c) with its rounds on each subject that can do it.
 */
#include "bench/op.h"

const struct bench_op *const bench_ops[] = {
	&op_tlb_hit, &op_tlb_miss,
	&op_fault_anon, &op_fault_anon_hot, &op_fault_zero, &op_fault_cow, &op_fault_thp,
	&op_gup_fast, &op_gup_slow, &op_gup_pin_unpin,
	&op_madv_dontneed, &op_madv_dontneed_rcl, &op_madv_sparse, &op_collapse_thp,
	&op_mprotect, &op_fork, &op_munmap,
};

const int bench_nr_ops = (int)(sizeof(bench_ops) / sizeof(bench_ops[0]));

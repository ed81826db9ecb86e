/* SPDX-License-Identifier: MIT */
/*
 * kdiff/gen.h - the scripts `mmkit kdiff --random` runs (kdiff/gen.c) and
 * the minimizer of a script that disagrees (kdiff/minimize.c).
 */
#ifndef MMKIT_TOOL_KDIFF_GEN_H
#define MMKIT_TOOL_KDIFF_GEN_H

#include <stdint.h>

#include "kdiff/diff.h"

/*
 * The script of @seed: one to three processes and @ops operations
 * (malloc'd text; the same for the same seed, count and @thp everywhere),
 * or NULL when out of memory.  With @thp, mappings are often `huge` and
 * 2 MiB-aligned, and madvise gives hugepage/nohugepage advice too.
 */
char *kd_generate(uint64_t seed, uint64_t ops, int thp);

/*
 * A shorter script (malloc'd text) that still shows a disagreement like
 * @first (same key, same kind of statement), made by delta debugging over
 * the statements of @text; NULL when nothing shorter does.  @runs gets how
 * many candidate scripts were run.
 */
char *kd_minimize(struct kside *k, const char *text,
		  const struct kd_disagreement *first, int *runs);

#endif

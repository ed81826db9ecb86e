/* SPDX-License-Identifier: MIT */
/*
 * common/splitmix.h - splitmix64, the tool's one pseudo-random generator:
 * small, and its output is a function of its seed alone, so a seed
 * reproduces a workload (stress's operation streams, gen-churn's script,
 * bench's churn) on any machine.
 */
#ifndef MMKIT_TOOL_COMMON_SPLITMIX_H
#define MMKIT_TOOL_COMMON_SPLITMIX_H

#include <stdint.h>

/* The next value of the stream whose state is *@state. */
static inline uint64_t splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

#endif

/* SPDX-License-Identifier: MIT */
/*
 * lab/lab.h - the race lab's commands: `mmkit stress` (lab/stress*.c),
 * random concurrent operations with the checker on, and `mmkit explore`
 * (lab/explore.c), every interleaving of a threaded script within a
 * preemption bound.  Each returns the command's exit status.
 */
#ifndef MMKIT_TOOL_LAB_H
#define MMKIT_TOOL_LAB_H

int cmd_stress(int argc, char **argv);
int cmd_explore(int argc, char **argv);
/* explore --merge (lab/explore_merge.c): exit status 0, 1 (a violation) or 2. */
int explore_merge(const char **files, int nfiles, int json);
/* stress --merge (lab/stress_merge.c): exit status 0, 1 (a violation) or 2. */
int stress_merge(const char **files, int nfiles, int json);

#endif

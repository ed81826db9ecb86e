/* SPDX-License-Identifier: MIT */
/*
 * kdiff/kdiff.h - `mmkit kdiff` (shared/spec/cli.md, extensions): run
 * scripts on the host kernel and on mmkit and compare every observation;
 * and the hidden `mmkit kdiff-agent FD` its agents run as.
 */
#ifndef MMKIT_TOOL_KDIFF_H
#define MMKIT_TOOL_KDIFF_H

int cmd_kdiff(int argc, char **argv);
/* The agent (kdiff/agent.c): started by kdiff only. */
int cmd_kdiff_agent(int argc, char **argv);

#endif

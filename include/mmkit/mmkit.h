/* SPDX-License-Identifier: MIT */
/*
 * mmkit/mmkit.h - the whole public API of libmmkit, one header per
 * concept:
 *
 *   machine.h  RAM, CPUs, policies, bug switches, statistics
 *   mm.h       address spaces: mmap, munmap, mprotect, madvise, mremap,
 *              fork, exit, loads and stores, queries
 *   file.h     files to map (tmpfs, in the simulated page cache)
 *   gup.h      references and pins on user pages, DMA
 *   device.h   device memory: DAX, device-private memory, migration,
 *              the device's mirror
 *   check.h    the invariant checker
 *   explore.h  the race lab: the interleaving explorer and stress noise
 *
 * mmkit is a concurrent software MMU and mm, faithful to Linux.
 */
#ifndef MMKIT_MMKIT_H
#define MMKIT_MMKIT_H
#include "machine.h"
#include "mm.h"
#include "file.h"
#include "gup.h"
#include "device.h"
#include "check.h"
#include "explore.h"
#define MMKIT_VERSION "0.1.0"
#endif

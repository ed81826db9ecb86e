/* SPDX-License-Identifier: MIT */
/*
 * mmkit/mmkit.h - the whole public API of libmmkit.
 *
 * mmkit is a concurrent software MMU and mm, faithful to Linux: see
 * machine.h (RAM, CPUs, policies, statistics), mm.h (address spaces) and
 * gup.h (references and pins on user pages, DMA).
 */
#ifndef MMKIT_MMKIT_H
#define MMKIT_MMKIT_H
#include "machine.h"
#include "mm.h"
#include "gup.h"
#include "device.h"
#include "check.h"
#define MMKIT_VERSION "0.1.0"
#endif

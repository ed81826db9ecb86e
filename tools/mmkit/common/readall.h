/* SPDX-License-Identifier: MIT */
/*
 * common/readall.h - all of a stream in memory: a script file (script/)
 * or a /proc file (kdiff/), whose size is not known before it is read.
 */
#ifndef MMKIT_TOOL_COMMON_READALL_H
#define MMKIT_TOOL_COMMON_READALL_H

#include <stddef.h>
#include <stdio.h>

/*
 * Read @f to its end into a malloc'd buffer, NUL-terminated; *len gets
 * how many bytes were read (a NUL byte inside is the caller's to find).
 * NULL on a read error or when out of memory.
 */
char *read_all(FILE *f, size_t *len);

#endif

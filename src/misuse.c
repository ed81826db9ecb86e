/* SPDX-License-Identifier: MIT */
/*
 * misuse.c - the one place the library prints: a programmer error caught
 * by a debug build (misuse.h), just before it aborts.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "misuse.h"

void mmk_misuse(const char *call, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "mmkit: %s: ", call);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (a programmer error: see \"Misuse\" in mmkit/mmkit.h)\n");
	fflush(stderr);
	abort();
}

/* SPDX-License-Identifier: MIT */
/*
 * misuse.h - what the library does about a programmer error: the part of
 * the misuse contract (include/mmkit/mmkit.h, "Misuse") that is not an
 * errno.  A debug build (no NDEBUG) stops at once with a message naming
 * the public call, so a misuse never turns into a hang or a corrupted
 * machine discovered later; a release build skips the checks, as their
 * cost would be paid by every correct call, and the behaviour is
 * undefined.
 */
#ifndef MMK_MISUSE_H
#define MMK_MISUSE_H

#include "sync.h"

/* Print "mmkit: CALL: WHY (a programmer error ...)" and abort(). */
void mmk_misuse(const char *call, const char *fmt, ...)
	__attribute__((noreturn, format(printf, 2, 3)));

#ifdef NDEBUG
#define misuse_if(cond, ...) ((void)sizeof(cond))	/* names used, not evaluated */
#else
/* In a public call: its __func__ is the call the message names. */
#define misuse_if(cond, ...)						\
	do {								\
		if (unlikely(cond))					\
			mmk_misuse(__func__, __VA_ARGS__);		\
	} while (0)
#endif

/* A pointer argument the call cannot do without. */
#define misuse_null(p) misuse_if(!(p), "%s is NULL", #p)

#endif

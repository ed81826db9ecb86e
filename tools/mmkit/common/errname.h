/* SPDX-License-Identifier: MIT */
/*
 * common/errname.h - errno names as Linux spells them ("EINVAL"), and the
 * two signals mmkit reports for an access (MMK_SIGSEGV, MMK_SIGBUS): what
 * scripts write after `expect-error` and what every message prints.
 */
#ifndef MMKIT_TOOL_COMMON_ERRNAME_H
#define MMKIT_TOOL_COMMON_ERRNAME_H

#include <stddef.h>

/* "EINVAL", "SIGSEGV", or "errno N" (in a per-thread buffer) for @err > 0. */
const char *err_name(int err);

/*
 * The error named by the @len bytes at @s: returns the name as the table
 * spells it (aliases such as EWOULDBLOCK keep their own spelling) with the
 * value in *err, or NULL for a name it does not know.
 */
const char *err_parse(const char *s, size_t len, int *err);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * common/json.h - the two JSON values every --json output writes by hand:
 * strings (escaped) and numbers that may be missing (null).
 */
#ifndef MMKIT_TOOL_COMMON_JSON_H
#define MMKIT_TOOL_COMMON_JSON_H

#include <stdio.h>

/*
 * @s as a JSON string, quotes included; a byte that is not part of
 * well-formed UTF-8 becomes \ufffd (common/json.c says why).
 */
void json_string(FILE *f, const char *s);
/* @v with 6 significant digits, or null when it is not finite. */
void json_num(FILE *f, double v);

#endif

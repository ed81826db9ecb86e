/* SPDX-License-Identifier: MIT */
/*
 * common/number.h - numbers as mmkit writes them everywhere (script.md,
 * "Lexical rules"): decimal or 0x hex, with an optional size suffix K, M
 * or G (powers of 1024).  Scripts and command-line options share them, so
 * `--ops 4K` means what `4K` means in a script.
 */
#ifndef MMKIT_TOOL_COMMON_NUMBER_H
#define MMKIT_TOOL_COMMON_NUMBER_H

#include <stddef.h>
#include <stdint.h>

/*
 * Parse the @len bytes at @s (no NUL needed).  Returns 0 with the value in
 * *out, or -1 with *why saying what is wrong ("bad number: ...", "number
 * too large (more than 64 bits)").
 */
int number_parse(const char *s, size_t len, uint64_t *out, const char **why);

/* The value of hex digit @c, or -1. */
int number_hexval(char c);

#endif

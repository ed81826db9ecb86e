/* SPDX-License-Identifier: MIT */
/*
 * tests/fuzz/fuzz.h - what both harnesses do with libFuzzer's bytes: the
 * parser takes a NUL-terminated text, libFuzzer gives a buffer that is not.
 */
#ifndef MMK_FUZZ_H
#define MMK_FUZZ_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* @data as a malloc'd string (a NUL inside ends it early), or NULL. */
static inline char *fuzz_text(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);

	if (text) {
		memcpy(text, data, size);
		text[size] = '\0';
	}
	return text;
}

#endif

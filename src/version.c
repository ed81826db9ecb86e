/* SPDX-License-Identifier: MIT */
/*
 * version.c - the library's version, mmk_version().
 *
 * Owns nothing but the answer: MMKIT_VERSION as it was when this library
 * was built (mmkit/version.h, which CMake writes from project(VERSION)).
 * A program compiled against one release's headers and run with another
 * release's shared library sees the two differ.
 */
#include <mmkit/mmkit.h>

const char *mmk_version(void)
{
	return MMKIT_VERSION;
}

/* SPDX-License-Identifier: MIT */
/*
 * test_version.c - one version number.  CMake's project(VERSION) reaches
 * this program as MMK_CMAKE_VERSION (tests/CMakeLists.txt); the library's
 * mmk_version(), the headers' MMKIT_VERSION and their MAJOR/MINOR/PATCH
 * must all say that number, so that no second copy of it can drift.
 * (tests/cli/run.sh's `version` case checks `mmkit --version`.)
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>
#include <mmkit/mmkit.h>

#ifndef MMK_CMAKE_VERSION
#error "tests/CMakeLists.txt passes CMake's PROJECT_VERSION as MMK_CMAKE_VERSION"
#endif

static void test_library_is_cmake(void **state)
{
	assert_non_null(mmk_version());
	assert_string_equal(mmk_version(), MMK_CMAKE_VERSION);
}

static void test_headers_are_cmake(void **state)
{
	char parts[64];

	assert_string_equal(MMKIT_VERSION, MMK_CMAKE_VERSION);
	snprintf(parts, sizeof(parts), "%d.%d.%d", MMKIT_VERSION_MAJOR,
		 MMKIT_VERSION_MINOR, MMKIT_VERSION_PATCH);
	assert_string_equal(parts, MMK_CMAKE_VERSION);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_library_is_cmake),
		cmocka_unit_test(test_headers_are_cmake),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

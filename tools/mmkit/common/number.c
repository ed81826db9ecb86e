/* SPDX-License-Identifier: MIT */
/*
 * common/number.c - numbers with size suffixes (common/number.h): the one
 * parser behind script numbers and numeric command-line options.
 */
#include <string.h>

#include "common/number.h"

int number_hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Digits in base 16 (@hex) or 10 from @s[*i]; how many, or -1 on overflow. */
static int parse_digits(const char *s, size_t len, size_t *i, int hex,
			uint64_t *v)
{
	unsigned int base = hex ? 16 : 10;
	int digits = 0;

	for (*v = 0; *i < len; (*i)++, digits++) {
		int d = hex ? number_hexval(s[*i]) :
			      (s[*i] >= '0' && s[*i] <= '9' ? s[*i] - '0' : -1);

		if (d < 0)
			break;
		if (*v > (UINT64_MAX - (uint64_t)d) / base)
			return -1;
		*v = *v * base + (uint64_t)d;
	}
	return digits;
}

int number_parse(const char *s, size_t len, uint64_t *out, const char **why)
{
	int hex = len >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
	size_t i = hex ? 2 : 0;
	uint64_t v, mult = 1;
	int digits;

	if (hex && len == 2) {
		*why = "bad number: no digits after 0x";
		return -1;
	}
	digits = parse_digits(s, len, &i, hex, &v);
	if (digits < 0) {
		*why = "number too large (more than 64 bits)";
		return -1;
	}
	if (!digits) {
		*why = "bad number (decimal or 0x hex, with an optional K, M or G suffix)";
		return -1;
	}
	if (i < len) {
		if (i + 1 != len || !memchr("KMG", s[i], 3)) {
			*why = "bad number: the size suffix must be K, M or G";
			return -1;
		}
		mult = s[i] == 'K' ? 1ULL << 10 : s[i] == 'M' ? 1ULL << 20 : 1ULL << 30;
		if (v > UINT64_MAX / mult) {
			*why = "number too large (more than 64 bits)";
			return -1;
		}
	}
	*out = v * mult;
	return 0;
}

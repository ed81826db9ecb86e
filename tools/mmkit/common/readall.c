/* SPDX-License-Identifier: MIT */
/*
 * common/readall.c - a whole stream in memory (common/readall.h).
 */
#include <stdlib.h>

#include "common/readall.h"

char *read_all(FILE *f, size_t *len)
{
	size_t cap = 1 << 16, n = 0;
	char *buf = malloc(cap + 1);

	while (buf) {
		size_t got = fread(buf + n, 1, cap - n, f);
		char *nb;

		n += got;
		if (n < cap) {
			if (ferror(f)) {
				free(buf);
				return NULL;
			}
			break;
		}
		cap *= 2;
		nb = realloc(buf, cap + 1);
		if (!nb)
			free(buf);
		buf = nb;
	}
	if (buf)
		buf[n] = '\0';
	*len = n;
	return buf;
}

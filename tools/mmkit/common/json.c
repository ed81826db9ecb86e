/* SPDX-License-Identifier: MIT */
/*
 * common/json.c - JSON strings and numbers (common/json.h).
 *
 * Strings come from anywhere (file names, script text, messages quoting
 * either), but JSON text must be UTF-8 (RFC 8259, section 8.1): a reader
 * such as jansson or Python refuses the whole document over one stray
 * byte.  So every byte that does not start a well-formed UTF-8 sequence
 * is written as \ufffd, U+REPLACEMENT CHARACTER, one per byte, as a
 * decoder that replaces errors shows them; well-formed sequences pass
 * through unchanged.  The byte itself is lost in the JSON (the messages
 * on stderr keep it): U+00XX for it would read as a Latin-1 character
 * that was never there.
 */
#include <math.h>

#include "common/json.h"

/*
 * The length of the well-formed UTF-8 sequence at @s (1 to 4), or 0 if
 * the byte there starts none: overlong forms, surrogates and code points
 * past U+10FFFF are ill-formed (Unicode, table 3-7).
 */
static int utf8_len(const unsigned char *s)
{
	unsigned char c = s[0];
	unsigned char lo = 0x80, hi = 0xbf;
	int n, i;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4;
	else
		return 0;
	/* The second byte's range is where overlongs and the rest are cut. */
	if (c == 0xe0)
		lo = 0xa0;
	else if (c == 0xed)
		hi = 0x9f;
	else if (c == 0xf0)
		lo = 0x90;
	else if (c == 0xf4)
		hi = 0x8f;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return n;
}

void json_string(FILE *f, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;

	fputc('"', f);
	while (*s) {
		unsigned char c = *s;
		int n;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c == '\t')
			fputs("\\t", f);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else if (c < 0x80)
			fputc(c, f);
		else if ((n = utf8_len(s)) > 0) {
			fwrite(s, 1, (size_t)n, f);
			s += n;
			continue;
		} else
			fputs("\\ufffd", f);
		s++;
	}
	fputc('"', f);
}

void json_num(FILE *f, double v)
{
	if (isfinite(v))
		fprintf(f, "%.6g", v);
	else
		fputs("null", f);
}

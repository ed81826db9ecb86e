/* SPDX-License-Identifier: MIT */
/*
 * script/lex.c - the lexical rules of script.md: tokens, comments, numbers and
 * strings.
 *
 * Columns are 1-based byte offsets into the line (a tab counts as one
 * column), so an editor's "go to column" lands on the offending byte.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "script/script.h"

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int lex_fail(struct parse_error *err, int line, int col,
		    const char *msg)
{
	err->line = line;
	err->col = col;
	snprintf(err->msg, sizeof(err->msg), "%s", msg);
	return -1;
}

/*
 * Scan a string token starting at @i (the opening quote).  Checks every
 * escape.  Returns the index just past the closing quote, or -1.
 */
static long scan_string(const char *line, size_t len, size_t i, int lineno,
			struct parse_error *err)
{
	size_t open = i++;

	while (i < len) {
		char c = line[i];

		if (c == '"')
			return (long)i + 1;
		if (c != '\\') {
			i++;
			continue;
		}
		if (i + 1 >= len)
			break;
		c = line[i + 1];
		if (c == '\\' || c == '"' || c == 'n' || c == 't') {
			i += 2;
			continue;
		}
		if (c == 'x' && i + 3 < len && hexval(line[i + 2]) >= 0 &&
		    hexval(line[i + 3]) >= 0) {
			i += 4;
			continue;
		}
		return lex_fail(err, lineno, (int)i + 1,
				c == 'x' ? "bad string escape: \\x needs two hex digits"
					 : "bad string escape (\\\\ \\\" \\n \\t \\xHH)");
	}
	return lex_fail(err, lineno, (int)open + 1, "unterminated string");
}

int lex_line(const char *line, size_t len, int lineno, struct line_toks *lt,
	     struct parse_error *err)
{
	size_t i = 0;

	memset(lt, 0, sizeof(*lt));
	while (i < len && is_blank(line[i]))
		i++;
	lt->indent_len = i;
	lt->indented = i > 0 && i < len && line[i] != '#';
	while (i < len) {
		struct tok *t;
		size_t start = i;

		if (is_blank(line[i])) {
			i++;
			continue;
		}
		if (line[i] == '#')
			break;
		if (lt->n == SCRIPT_MAX_TOKS)
			return lex_fail(err, lineno, (int)i + 1,
					"too many tokens on one line");
		t = &lt->t[lt->n++];
		t->col = (int)i + 1;
		if (line[i] == '"') {
			long end = scan_string(line, len, i, lineno, err);

			if (end < 0)
				return -1;
			i = (size_t)end;
			if (i < len && !is_blank(line[i]) && line[i] != '#')
				return lex_fail(err, lineno, (int)i + 1,
						"unexpected character after string");
			t->quoted = 1;
		} else {
			while (i < len && !is_blank(line[i]) && line[i] != '#') {
				if (line[i] == '"')
					return lex_fail(err, lineno, (int)i + 1,
							"unexpected '\"' inside a word");
				if (line[i] == '\0')
					return lex_fail(err, lineno, (int)i + 1,
							"NUL byte in script");
				i++;
			}
		}
		t->s = line + start;
		t->len = i - start;
	}
	if (lt->n) {
		const struct tok *last = &lt->t[lt->n - 1];

		lt->text = lt->t[0].s;
		lt->text_len = (size_t)(last->s + last->len - lt->t[0].s);
		lt->end_col = last->col + (int)last->len;
	}
	return 0;
}

int lex_number(const char *s, size_t len, uint64_t *out, const char **why)
{
	uint64_t v = 0, mult = 1;
	size_t i = 0, digits = 0;
	int hex = len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X');

	if (len == 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		*why = "bad number: no digits after 0x";
		return -1;
	}
	if (hex)
		i = 2;
	for (; i < len; i++, digits++) {
		int d = hex ? hexval(s[i]) : (s[i] >= '0' && s[i] <= '9' ? s[i] - '0' : -1);
		unsigned int base = hex ? 16 : 10;

		if (d < 0)
			break;
		if (v > (UINT64_MAX - (uint64_t)d) / base) {
			*why = "number too large (more than 64 bits)";
			return -1;
		}
		v = v * base + (uint64_t)d;
	}
	if (!digits) {
		*why = "bad number (decimal or 0x hex, with an optional K, M or G suffix)";
		return -1;
	}
	if (i < len) {
		if (i + 1 != len || !strchr("KMG", s[i])) {
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

unsigned char *lex_string(const struct tok *t, size_t *len)
{
	unsigned char *buf = malloc(t->len + 1);
	size_t i = 1, n = 0;

	if (!buf)
		return NULL;
	while (i < t->len - 1) {
		char c = t->s[i];

		if (c != '\\') {
			buf[n++] = (unsigned char)c;
			i++;
			continue;
		}
		c = t->s[i + 1];
		switch (c) {
		case 'n':
			buf[n++] = '\n';
			i += 2;
			break;
		case 't':
			buf[n++] = '\t';
			i += 2;
			break;
		case 'x':
			buf[n++] = (unsigned char)(hexval(t->s[i + 2]) * 16 +
						   hexval(t->s[i + 3]));
			i += 4;
			break;
		default:	/* \\ and \" */
			buf[n++] = (unsigned char)c;
			i += 2;
			break;
		}
	}
	*len = n;
	return buf;
}

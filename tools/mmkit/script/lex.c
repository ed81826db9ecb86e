/* SPDX-License-Identifier: MIT */
/*
 * script/lex.c - the lexical rules of script.md: tokens, comments and
 * strings (numbers are common/number.c, shared with the options).
 *
 * Columns are 1-based byte offsets into the line (a tab counts as one
 * column), so an editor's "go to column" lands on the offending byte.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/number.h"
#include "script/lang.h"

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
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
		if (c == 'x' && i + 3 < len && number_hexval(line[i + 2]) >= 0 &&
		    number_hexval(line[i + 3]) >= 0) {
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

	/* Not the token array: a recording lexes millions of lines, and every
	 * token below is set whole before it is counted. */
	lt->n = 0;
	lt->end_col = 0;
	lt->text = NULL;
	lt->text_len = 0;
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
		t->quoted = 0;
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
			buf[n++] = (unsigned char)(number_hexval(t->s[i + 2]) * 16 +
						   number_hexval(t->s[i + 3]));
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

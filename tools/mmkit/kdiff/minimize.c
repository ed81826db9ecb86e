/* SPDX-License-Identifier: MIT */
/*
 * kdiff/minimize.c - a shorter script that still disagrees (kdiff/gen.h):
 * delta debugging (Zeller's ddmin) over the statements of a script.
 *
 * A candidate drops some statements and is run on both sides; it is kept
 * when it still shows a disagreement like the first one of the original:
 * the same key (result, rss, pgtable, a byte, ...) at the same kind of
 * statement.  Names stay consistent through the parser: a candidate that
 * does not parse (a statement uses a process whose `mm` or `fork` was
 * dropped, or defines a name again whose `exit` was dropped) loses the
 * statement the parser names, again and again until it parses.  The
 * search stops after MAX_RUNS candidates, with what it has by then.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kdiff/gen.h"

#define MAX_RUNS 600
#define MAX_FIXES 64

struct mini {
	struct kside *k;
	char key[32];		/* the disagreement's key, "byte" for any byte */
	char word[32];		/* its statement's first word */
	char **lines;		/* the original's statements */
	int nlines;
	int runs;
};

/* "byte 12" and "byte 40" are the same kind of disagreement. */
static void key_kind(const char *key, char *out, size_t size)
{
	snprintf(out, size, "%.*s", (int)strcspn(key, " "), key);
}

static void first_word(const char *text, char *out, size_t size)
{
	snprintf(out, size, "%.*s", (int)strcspn(text, " \t"), text);
}

/* The statements of @idx as one script (malloc'd). */
static char *join(const struct mini *mi, const int *idx, int n)
{
	size_t len = 1;
	char *text, *p;

	for (int i = 0; i < n; i++)
		len += strlen(mi->lines[idx[i]]) + 1;
	text = malloc(len);
	if (!text)
		return NULL;
	p = text;
	for (int i = 0; i < n; i++)
		p += sprintf(p, "%s\n", mi->lines[idx[i]]);
	*p = '\0';
	return text;
}

/* Drop statement LINE of "min:LINE:COL: ..." from @idx.  0, or -1. */
static int drop_named_line(const char *msg, int *idx, int *n)
{
	int line = atoi(msg + strlen("min:"));

	if (line < 1 || line > *n)
		return -1;
	memmove(&idx[line - 1], &idx[line], (size_t)(*n - line) * sizeof(*idx));
	(*n)--;
	return 0;
}

/* Whether @sc shows a disagreement of the kind sought. */
static int shows_it(struct mini *mi, const struct script *sc)
{
	struct kd_opts o = { .live = NULL, .quiet = 1, .max = 0 };
	struct kd_result res;
	char msg[512], kind[32], word[32];
	int found = 0;

	if (kd_check_statements(sc, msg, sizeof(msg)) ||
	    kd_check_ranges(sc, &mi->k->layout, msg, sizeof(msg)))
		return 0;
	mi->runs++;
	kd_run(mi->k, sc, &o, &res);
	for (int i = 0; i < res.n && !found; i++) {
		key_kind(res.v[i].key, kind, sizeof(kind));
		first_word(res.v[i].stmt, word, sizeof(word));
		found = !strcmp(kind, mi->key) && !strcmp(word, mi->word);
	}
	kd_result_free(&res);
	return found;
}

/*
 * Whether the statements @idx still disagree; statements the parser
 * refuses are dropped from @idx first (*n shrinks).
 */
static int try_candidate(struct mini *mi, int *idx, int *n)
{
	for (int fix = 0; fix < MAX_FIXES && *n; fix++) {
		char *text = join(mi, idx, *n);
		struct script *sc = NULL;
		char msg[512];
		int rc, found;

		if (!text)
			return 0;
		rc = script_parse_text("min", text, &sc, msg, sizeof(msg));
		free(text);
		if (rc) {
			if (drop_named_line(msg, idx, n))
				return 0;
			continue;
		}
		found = shows_it(mi, sc);
		script_free(sc);
		return found;
	}
	return 0;
}

/* ddmin over @cur (*n statements): remove chunks while it still shows. */
static void ddmin(struct mini *mi, int *cur, int *n)
{
	int *cand = *n >= 2 ? malloc((size_t)*n * sizeof(*cand)) : NULL;
	int gran = 2;

	while (cand && *n >= 2 && mi->runs < MAX_RUNS) {
		int chunk = (*n + gran - 1) / gran, reduced = 0;

		for (int start = 0; start < *n && !reduced && mi->runs < MAX_RUNS;
		     start += chunk) {
			int m = 0;

			for (int i = 0; i < *n; i++)
				if (i < start || i >= start + chunk)
					cand[m++] = cur[i];
			if (!try_candidate(mi, cand, &m))
				continue;
			memcpy(cur, cand, (size_t)m * sizeof(*cur));
			*n = m;
			gran = gran > 2 ? gran - 1 : 2;
			reduced = 1;
		}
		if (!reduced) {
			if (gran >= *n)
				break;
			gran = 2 * gran < *n ? 2 * gran : *n;
		}
	}
	free(cand);
}

/* The statement lines of @text (comments and blank lines left out). */
static int split_statements(struct mini *mi, const char *text)
{
	const char *s = text;

	mi->lines = calloc(strlen(text) / 2 + 2, sizeof(*mi->lines));
	if (!mi->lines)
		return -1;
	while (*s) {
		size_t len = strcspn(s, "\n"), skip = strspn(s, " \t");

		if (skip < len && s[skip] != '#') {
			char *line = strndup(s, len);

			if (!line)
				return -1;
			mi->lines[mi->nlines++] = line;
		}
		s += len + (s[len] != '\0');
	}
	return 0;
}

char *kd_minimize(struct kside *k, const char *text,
		  const struct kd_disagreement *first, int *runs)
{
	struct mini mi = { .k = k };
	char *out = NULL;
	int *cur = NULL, n = 0;

	key_kind(first->key, mi.key, sizeof(mi.key));
	first_word(first->stmt, mi.word, sizeof(mi.word));
	if (!split_statements(&mi, text) && mi.nlines >= 2)
		cur = malloc((size_t)mi.nlines * sizeof(*cur));
	for (n = 0; cur && n < mi.nlines; n++)
		cur[n] = n;
	if (cur) {
		ddmin(&mi, cur, &n);
		if (n < mi.nlines && n > 0)
			out = join(&mi, cur, n);
	}
	for (int i = 0; i < mi.nlines; i++)
		free(mi.lines[i]);
	free(mi.lines);
	free(cur);
	*runs = mi.runs;
	return out;
}

/* SPDX-License-Identifier: MIT */
/*
 * lab/shard_json.c - reading the --json output of a shard of explore or
 * stress (lab/shard_json.h), for their --merge.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lab/shard_json.h"

json_t *shard_json_load(const char *cmd, const char *path, const char *need,
			json_type type, unsigned int *i, unsigned int *n)
{
	json_error_t err;
	json_t *doc = json_load_file(path, 0, &err), *v;
	const char *what, *shard;

	if (!doc) {
		if (err.line < 0)
			fprintf(stderr, "mmkit: %s: --merge: %s\n", cmd, err.text);
		else
			fprintf(stderr, "%s:%d:%d: %s\n", path, err.line, err.column, err.text);
		return NULL;
	}
	what = json_string_value(json_object_get(doc, "command"));
	shard = json_string_value(json_object_get(doc, "shard"));
	v = json_object_get(doc, need);
	if (!what || strcmp(what, cmd) || !shard || sscanf(shard, "%u/%u", i, n) != 2 ||
	    *i >= *n || !v || json_typeof(v) != type) {
		fprintf(stderr, "mmkit: %s: --merge: %s is not the --json output of "
			"`mmkit %s --shard I/N`\n", cmd, path, cmd);
		json_decref(doc);
		return NULL;
	}
	return doc;
}

/* Is @doc (a shard of @n) of the split @first (of @n0) is of?  Says why not. */
static int same_split(const char *cmd, const json_t *first, const json_t *doc,
		      const char *path, const char *const *same, unsigned int n,
		      unsigned int n0)
{
	for (; same && *same; same++)
		if (!json_equal(json_object_get(first, *same), json_object_get(doc, *same))) {
			fprintf(stderr, "mmkit: %s: --merge: %s has another %s than the "
				"first file: not a shard of the same search\n", cmd, path, *same);
			return -1;
		}
	if (n != n0) {
		fprintf(stderr, "mmkit: %s: --merge: %s is a shard of %u, the first "
			"file of %u\n", cmd, path, n, n0);
		return -1;
	}
	return 0;
}

/* Every shard of 0..n-1 there: 0, or the missing ones printed. */
static int all_there(const char *cmd, json_t *const *by, unsigned int n)
{
	unsigned int missing = 0;

	for (unsigned int i = 0; i < n; i++)
		if (!by[i]) {
			if (!missing++)
				fprintf(stderr, "mmkit: %s: --merge: missing shards:", cmd);
			fprintf(stderr, " %u/%u", i, n);
		}
	if (missing)
		fputc('\n', stderr);
	return missing ? -1 : 0;
}

json_t **shard_json_collect(const char *cmd, const char **files, int nfiles,
			    const char *need, json_type type, const char *const *same,
			    unsigned int *n)
{
	json_t **by = NULL, *first = NULL;
	unsigned int n0 = 0;

	for (int f = 0; f < nfiles; f++) {
		unsigned int i, ni;
		json_t *doc = shard_json_load(cmd, files[f], need, type, &i, &ni);

		if (!doc)
			goto fail;
		if (!by) {
			by = calloc(ni, sizeof(*by));
			if (!by) {
				fprintf(stderr, "mmkit: %s: --merge: out of memory\n", cmd);
				json_decref(doc);
				goto fail;
			}
			n0 = ni;
			first = doc;
		} else if (same_split(cmd, first, doc, files[f], same, ni, n0)) {
			json_decref(doc);
			goto fail;
		}
		if (by[i]) {
			fprintf(stderr, "mmkit: %s: --merge: shard %u/%u given twice (%s)\n",
				cmd, i, ni, files[f]);
			json_decref(doc);
			goto fail;
		}
		by[i] = doc;
	}
	if (all_there(cmd, by, n0))
		goto fail;
	*n = n0;
	return by;
fail:
	shard_json_free(by, n0);
	return NULL;
}

void shard_json_free(json_t **by, unsigned int n)
{
	for (unsigned int i = 0; by && i < n; i++)
		json_decref(by[i]);
	free(by);
}

json_t *shard_json_str(const char *s)
{
	return json_stringn(s, strlen(s));
}

/* SPDX-License-Identifier: MIT */
/*
 * lab/shard_json.c - reading the --json output of a shard of explore or
 * stress (lab/shard_json.h), for their --merge.
 */
#include <stdio.h>
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

json_t *shard_json_str(const char *s)
{
	return json_stringn(s, strlen(s));
}

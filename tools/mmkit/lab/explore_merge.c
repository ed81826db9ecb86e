/* SPDX-License-Identifier: MIT */
/*
 * lab/explore_merge.c - `mmkit explore --merge FILE...`: the --json
 * results of the shards of one search (`--shard I/N`, run anywhere: GNU
 * parallel, a Slurm array) summed into one.  The shards must be of one
 * search (the same script, policy, bugs and bound) and all there, each
 * once; the sum of their interleavings is the whole search's.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "lab/lab.h"
#include "lab/shard_json.h"

#define EXIT_FAILED 1
#define EXIT_USAGE 2

/* What every shard of one search must agree on. */
static const char *const same_keys[] = { "file", "policy", "bugs", "preemptions_bound" };

/* Do @doc and @first come from one search?  Says why not. */
static int same_search(const json_t *first, const json_t *doc, const char *path,
		       unsigned int n, unsigned int n0)
{
	for (size_t k = 0; k < sizeof(same_keys) / sizeof(same_keys[0]); k++)
		if (!json_equal(json_object_get(first, same_keys[k]),
				json_object_get(doc, same_keys[k]))) {
			fprintf(stderr, "mmkit: explore: --merge: %s has another %s than the "
				"first file: not a shard of the same search\n", path,
				same_keys[k]);
			return -1;
		}
	if (n != n0) {
		fprintf(stderr, "mmkit: explore: --merge: %s is a shard of %u, the first "
			"file of %u\n", path, n, n0);
		return -1;
	}
	return 0;
}

/* Every shard of 0..n-1 once: 0, or what is wrong printed. */
static int all_there(json_t *const *by, unsigned int n)
{
	unsigned int missing = 0;

	for (unsigned int i = 0; i < n; i++)
		if (!by[i]) {
			if (!missing++)
				fprintf(stderr, "mmkit: explore: --merge: missing shard%s:", "s");
			fprintf(stderr, " %u/%u", i, n);
		}
	if (missing)
		fputc('\n', stderr);
	return missing ? -1 : 0;
}

/* The sum of the shards: one object shaped as explore's own --json. */
static json_t *merged(json_t *const *by, unsigned int n)
{
	json_t *out = json_object();
	json_int_t total = 0, skipped = 0;
	int complete = 1;
	const json_t *violation = NULL;

	json_object_set_new(out, "command", shard_json_str("explore"));
	for (size_t k = 0; k < sizeof(same_keys) / sizeof(same_keys[0]); k++)
		json_object_set(out, same_keys[k], json_object_get(by[0], same_keys[k]));
	for (unsigned int i = 0; i < n; i++) {
		const char *status = json_string_value(json_object_get(by[i], "status"));

		total += json_integer_value(json_object_get(by[i], "interleavings"));
		skipped += json_integer_value(json_object_get(by[i], "skipped"));
		complete &= json_is_true(json_object_get(by[i], "complete"));
		if (!violation && status && !strcmp(status, "violation"))
			violation = json_object_get(by[i], "violation");
	}
	json_object_set_new(out, "shards", json_integer(n));
	json_object_set_new(out, "status", shard_json_str(violation ? "violation" : "ok"));
	json_object_set_new(out, "interleavings", json_integer(total));
	json_object_set_new(out, "complete", json_boolean(complete && !violation));
	json_object_set_new(out, "skipped", json_integer(skipped));
	if (violation)
		json_object_set(out, "violation", (json_t *)violation);
	return out;
}

static void report_violation(const json_t *out)
{
	const json_t *v = json_object_get(out, "violation");
	const char *token = json_string_value(json_object_get(v, "token"));

	fprintf(stderr, "explore: a shard found a violation: %s\n",
		json_string_value(json_object_get(v, "message")));
	if (token)
		fprintf(stderr, "replay: mmkit explore --replay %s %s\n", token,
			json_string_value(json_object_get(out, "file")));
}

int explore_merge(const char **files, int nfiles, int json)
{
	json_t **by = NULL, *first = NULL, *out;
	unsigned int n0 = 0;
	int rc = EXIT_USAGE;

	for (int f = 0; f < nfiles; f++) {
		unsigned int i, n;
		json_t *doc = shard_json_load("explore", files[f], "interleavings", JSON_INTEGER, &i, &n);

		if (!doc)
			goto out;
		if (!first) {
			first = doc;
			n0 = n;
			by = calloc(n, sizeof(*by));
			if (!by) {
				fprintf(stderr, "mmkit: explore: --merge: out of memory\n");
				json_decref(doc);
				goto out;
			}
		} else if (same_search(first, doc, files[f], n, n0)) {
			json_decref(doc);
			goto out;
		}
		if (by[i]) {
			fprintf(stderr, "mmkit: explore: --merge: shard %u/%u given twice (%s)\n",
				i, n, files[f]);
			json_decref(doc);
			goto out;
		}
		by[i] = doc;
	}
	if (all_there(by, n0))
		goto out;
	out = merged(by, n0);
	if (json_is_object(json_object_get(out, "violation")))
		report_violation(out);
	fprintf(json ? stderr : stdout, "explored %lld interleavings\n",
		(long long)json_integer_value(json_object_get(out, "interleavings")));
	if (json) {
		json_dumpf(out, stdout, 0);
		fputc('\n', stdout);
	}
	rc = strcmp(json_string_value(json_object_get(out, "status")), "ok") ? EXIT_FAILED : 0;
	json_decref(out);
out:
	/* Every document loaded is in by[] (the first too), or was freed. */
	for (unsigned int i = 0; by && i < n0; i++)
		json_decref(by[i]);
	free(by);
	return rc;
}

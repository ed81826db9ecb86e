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
/* (--por shards explore another search than full ones: not summed with them.) */
static const char *const same_keys[] = { "file", "policy", "bugs", "preemptions_bound", "por",
					 NULL };

/* The sum of the shards: one object shaped as explore's own --json. */
static json_t *merged(json_t *const *by, unsigned int n)
{
	json_t *out = json_object();
	json_int_t total = 0, skipped = 0, cut = 0;
	int complete = 1;
	const json_t *violation = NULL;

	json_object_set_new(out, "command", shard_json_str("explore"));
	for (const char *const *k = same_keys; *k; k++)
		json_object_set(out, *k, json_object_get(by[0], *k));
	for (unsigned int i = 0; i < n; i++) {
		const char *status = json_string_value(json_object_get(by[i], "status"));

		total += json_integer_value(json_object_get(by[i], "interleavings"));
		skipped += json_integer_value(json_object_get(by[i], "skipped"));
		cut += json_integer_value(json_object_get(by[i], "sleep_blocked"));
		complete &= json_is_true(json_object_get(by[i], "complete"));
		if (!violation && status && !strcmp(status, "violation"))
			violation = json_object_get(by[i], "violation");
	}
	json_object_set_new(out, "shards", json_integer(n));
	json_object_set_new(out, "status", shard_json_str(violation ? "violation" : "ok"));
	json_object_set_new(out, "interleavings", json_integer(total));
	json_object_set_new(out, "complete", json_boolean(complete && !violation));
	json_object_set_new(out, "skipped", json_integer(skipped));
	if (json_is_true(json_object_get(by[0], "por")))
		json_object_set_new(out, "sleep_blocked", json_integer(cut));
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
	unsigned int n;
	json_t **by = shard_json_collect("explore", files, nfiles, "interleavings",
					 JSON_INTEGER, same_keys, &n), *out;
	int rc;

	if (!by)
		return EXIT_USAGE;
	out = merged(by, n);
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
	shard_json_free(by, n);
	return rc;
}

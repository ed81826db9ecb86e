/* SPDX-License-Identifier: MIT */
/*
 * lab/stress_merge.c - `mmkit stress --merge FILE...`: the --json results
 * of the shards of one stress run (`--shard I/N --seed X`: seeds X..X+N-1,
 * run anywhere) added up.  Per policy every figure is summed (operations,
 * values checked, operations per second: the shards' combined throughput)
 * but seconds, the longest shard's.  A violation in any shard is the
 * merged run's, with its replay command.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lab/lab.h"
#include "lab/shard_json.h"

#define EXIT_FAILED 1
#define EXIT_USAGE 2

/* Add the figures of one policy's run @from into @into. */
static void add_policy(json_t *into, const json_t *from)
{
	const char *key;
	json_t *v;

	json_object_foreach((json_t *)from, key, v) {
		json_t *have = json_object_get(into, key);
		double a = json_number_value(have), b = json_number_value(v);

		if (!have) {
			json_object_set(into, key, v);
		} else if (!strcmp(key, "seconds")) {
			json_object_set_new(into, key, json_real(a > b ? a : b));
		} else if (json_is_integer(have) && json_is_integer(v)) {
			json_object_set_new(into, key, json_integer(json_integer_value(have) +
								    json_integer_value(v)));
		} else {
			json_object_set_new(into, key, json_real(a + b));
		}
	}
}

/* The shards' sum, or NULL with the reason printed. */
static json_t *merge_docs(json_t *const *by, unsigned int n)
{
	json_t *out = json_object(), *pols = json_object();
	json_int_t ops = 0;
	const json_t *violation = NULL;

	json_object_set_new(out, "command", shard_json_str("stress"));
	json_object_set(out, "seed", json_object_get(by[0], "seed"));
	json_object_set(out, "threads", json_object_get(by[0], "threads"));
	json_object_set(out, "bugs", json_object_get(by[0], "bugs"));
	for (unsigned int i = 0; i < n; i++) {
		const char *pol, *status = json_string_value(json_object_get(by[i], "status"));
		json_t *v;

		if (!json_equal(json_object_get(by[i], "bugs"), json_object_get(by[0], "bugs")) ||
		    !json_equal(json_object_get(by[i], "threads"), json_object_get(by[0], "threads"))) {
			fprintf(stderr, "mmkit: stress: --merge: shard %u/%u ran other bugs or "
				"threads than shard 0/%u\n", i, n, n);
			json_decref(pols);
			json_decref(out);
			return NULL;
		}
		ops += json_integer_value(json_object_get(by[i], "operations"));
		json_object_foreach(json_object_get(by[i], "policies"), pol, v) {
			json_t *have = json_object_get(pols, pol);

			if (!have)
				json_object_set_new(pols, pol, json_deep_copy(v));
			else
				add_policy(have, v);
		}
		if (!violation && status && !strcmp(status, "violation"))
			violation = json_object_get(by[i], "violation");
	}
	json_object_set_new(out, "shards", json_integer(n));
	json_object_set_new(out, "status", shard_json_str(violation ? "violation" : "ok"));
	json_object_set_new(out, "operations", json_integer(ops));
	json_object_set_new(out, "policies", pols);
	if (violation)
		json_object_set(out, "violation", (json_t *)violation);
	return out;
}

static void report(const json_t *out, int json)
{
	const json_t *v = json_object_get(out, "violation");
	FILE *f = json ? stderr : stdout;

	if (v) {
		fprintf(stderr, "stress: a shard found a violation under policy %s: %s\n",
			json_string_value(json_object_get(v, "policy")),
			json_string_value(json_object_get(v, "what")));
		if (json_string_value(json_object_get(v, "replay")))
			fprintf(stderr, "  %s\n", json_string_value(json_object_get(v, "replay")));
	}
	fprintf(f, "stress: %lld shards, %s in %lld operations (seeds from %lld)\n",
		(long long)json_integer_value(json_object_get(out, "shards")),
		v ? "a violation" : "no violation",
		(long long)json_integer_value(json_object_get(out, "operations")),
		(long long)json_integer_value(json_object_get(out, "seed")));
	if (json) {
		json_dumpf(out, stdout, JSON_REAL_PRECISION(6));
		fputc('\n', stdout);
	}
}

int stress_merge(const char **files, int nfiles, int json)
{
	unsigned int n;
	json_t **by = shard_json_collect("stress", files, nfiles, "policies", JSON_OBJECT,
					 NULL, &n), *out;
	int rc = EXIT_USAGE;

	if (!by)
		return EXIT_USAGE;
	out = merge_docs(by, n);
	if (out) {
		report(out, json);
		rc = json_object_get(out, "violation") ? EXIT_FAILED : 0;
		json_decref(out);
	}
	shard_json_free(by, n);
	return rc;
}

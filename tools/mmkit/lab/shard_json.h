/* SPDX-License-Identifier: MIT */
/*
 * lab/shard_json.h - what `explore --merge` and `stress --merge` share:
 * reading a shard's --json output (lab/shard_json.c).
 */
#ifndef MMKIT_TOOL_LAB_SHARD_JSON_H
#define MMKIT_TOOL_LAB_SHARD_JSON_H

#include <jansson.h>

/*
 * @path, the --json output of `mmkit CMD --shard I/N`, with a member @need
 * of type @type: the document, and I and N in *@i and *@n; or NULL, why
 * printed (where jansson stopped, or that it is no such output).
 */
json_t *shard_json_load(const char *cmd, const char *path, const char *need,
			json_type type, unsigned int *i, unsigned int *n);

/*
 * The --json outputs @files of one split, each loaded as shard_json_load()
 * does: indexed by shard, all N of them, each once, *@n set to N.  Besides
 * N, every shard must agree with the first file on the members @same names
 * (NULL-terminated; NULL for none).  NULL if not, with what is wrong
 * printed and every document freed.  @nfiles is at least 1.
 */
json_t **shard_json_collect(const char *cmd, const char **files, int nfiles,
			    const char *need, json_type type, const char *const *same,
			    unsigned int *n);
/* Free what shard_json_collect() returned. */
void shard_json_free(json_t **by, unsigned int n);

/*
 * A JSON string value.  Not jansson's json_string(): the tool has a
 * function of that name (common/json.c), and in the mmkit binary the name
 * binds to it; json_stringn() is jansson's.
 */
json_t *shard_json_str(const char *s);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * tests/fuzz/fuzz_parse.c - libFuzzer harness over the script parser
 * alone: any bytes, parsed as a whole script (script_parse_text, the path
 * of run, compare, explore and kdiff), then every statement described
 * through script_view() as kdiff reads them.  Nothing runs, so this one
 * goes fast and reaches every parse error; fuzz_run.c runs what parses.
 * docs/hardening.md says how to run both.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "script/lang.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct script *sc = NULL;
	struct script_view v;
	char msg[1024];
	char *text = fuzz_text(data, size);

	if (!text)
		return 0;
	if (!script_parse_text("fuzz.mmk", text, &sc, msg, sizeof(msg))) {
		for (int i = 0; i < script_nstmts(sc); i++) {
			int line;

			script_view(sc, i, &v);
			(void)script_stmt(sc, i, &line);
		}
		script_free(sc);
	}
	free(text);
	return 0;
}

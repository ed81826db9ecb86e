/* SPDX-License-Identifier: MIT */
/*
 * tests/fuzz/fuzz_run.c - libFuzzer harness over parse-and-run: a script
 * that parses runs on a fresh machine with the invariant checker on after
 * every statement (run --check), its failures quiet.  ASan and UBSan
 * watch the library and the runner; a checker violation is only a failed
 * run (exit 1), not a crash, as some scripts violate on purpose (`bug`):
 * a violation without a bug switch aborts, so the fuzzer keeps it.
 *
 * Bounds, so that one input costs milliseconds, not minutes:
 *   - RAM at most 32M (a larger `ram` is lowered to it: running out of
 *     frames is a path worth fuzzing, 1T of page tables is not);
 *   - devices at most 64M together, at most 300 statements (more: the
 *     input is skipped);
 *   - no thread blocks: real threads would make a run depend on timing,
 *     which a coverage-guided fuzzer cannot reproduce (the race lab,
 *     `mmkit explore`, covers them);
 *   - libFuzzer's -timeout (make fuzz sets 20 s) catches anything slower.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "script/lang.h"
#include "fuzz.h"

#define FUZZ_RAM_MAX (32ULL << 20)
#define FUZZ_DEVICE_MAX (64ULL << 20)
#define FUZZ_STMTS_MAX 300


static int runnable(struct script *sc)
{
	if (sc->nstmts > FUZZ_STMTS_MAX)
		return 0;
	for (int i = 0; i < sc->nstmts; i++)
		if (sc->stmts[i].desc->flags & (D_THREAD | D_RUN))
			return 0;
	if (sc->slots[SLOT_DEV].n && sc->cfg.device_bytes > FUZZ_DEVICE_MAX)
		return 0;
	if (sc->cfg.ram_bytes > FUZZ_RAM_MAX)
		sc->cfg.ram_bytes = FUZZ_RAM_MAX;
	return 1;
}

/*
 * Did the run stop on a checker violation ("fuzz.mmk:LINE: STATEMENT:
 * invariant N: ...")?  Read by position, as the statement's own text may
 * hold anything, "invariant" included.
 */
static int violated(const struct script *sc, const char *msg)
{
	const char *prefix = "fuzz.mmk:";
	char *end;
	long line;

	if (strncmp(msg, prefix, strlen(prefix)))
		return 0;
	line = strtol(msg + strlen(prefix), &end, 10);
	if (strncmp(end, ": ", 2))
		return 0;
	end += 2;
	for (int i = 0; i < sc->nstmts; i++) {
		size_t n = strlen(sc->stmts[i].text);

		if (sc->stmts[i].line == line && !strncmp(end, sc->stmts[i].text, n) &&
		    !strncmp(end + n, ": invariant ", 12))
			return 1;
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct run_opts o = { .policy = -1, .quiet = 1, .check = 1 };
	struct script *sc = NULL;
	struct file_report *rep;
	char msg[1024];
	char *text = fuzz_text(data, size);

	if (!text)
		return 0;
	if (script_parse_text("fuzz.mmk", text, &sc, msg, sizeof(msg))) {
		free(text);
		return 0;
	}
	free(text);
	rep = calloc(1, sizeof(*rep));
	if (rep && runnable(sc)) {
		script_run(sc, &o, rep);
		/* A violation with no historical bug switched on is a real one. */
		if (rep->failed && !sc->cfg.bugs && violated(sc, rep->message)) {
			fprintf(stderr, "fuzz_run: %s\n", rep->message);
			abort();
		}
		file_report_release(rep);
	}
	free(rep);
	script_free(sc);
	return 0;
}

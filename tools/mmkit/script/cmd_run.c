/* SPDX-License-Identifier: MIT */
/*
 * script/cmd_run.c - `mmkit run` (shared/spec/cli.md): parse every file,
 * then run them in order, each on a fresh machine, and print the summary,
 * the statistics or the JSON report.  Its --help lists every statement
 * from the statement table.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "script/lang.h"
#include "script/output.h"
#include "script/series.h"

#define EXIT_FAILED 1

static const char run_help_head[] =
	"usage: mmkit run [--policy P|all] [--check] [--bug NAME] [--stats] [--json]\n"
	"                 [--strict-checkpoints REL] FILE... | -\n"
	"\n"
	"Run scripts (shared/spec/script.md).  Each FILE is parsed completely\n"
	"before anything runs (all FILEs are parsed before the first runs), then\n"
	"runs on its own fresh machine, in order; the run stops at the first\n"
	"failing file.  `-` reads the script from standard input (messages call\n"
	"it <stdin>).\n"
	"\n"
	"options (`--opt VALUE` or `--opt=VALUE`, before or after the files):\n"
	"  --policy P  page-table lifetime policy for every file, overriding the\n"
	"              scripts' `policy`: keep linux refcount rwsem full.\n"
	"              `all` runs one FILE under each: `mmkit compare [--json]`\n"
	"  --bug NAME  switch a historical bug of policies.md back on, as the\n"
	"              `bug` statement does (repeatable)\n"
	"  --check     run the invariant checker (shared/spec/invariants.md)\n"
	"              after every statement: invariants 1, 2, 4, 5, 6, 8, 9\n"
	"              (freed tables are poisoned and quarantined, so a walker\n"
	"              that reads one is caught); in thread blocks the\n"
	"              continuous checks, and the full check after `run`.  A\n"
	"              violation fails the statement (exit 1) and names the\n"
	"              invariant, the address and the objects\n"
	"  --stats     print, per file, each live address space (rss, pgtable,\n"
	"              pte/pmd/pud tables, vmas), the machine (frames_used,\n"
	"              frames_peak, pgtable_frames, pending_free) and the\n"
	"              policy's cost counters (walks, atomics, locks, frees)\n"
	"  --json      print one JSON object on stdout instead: status (ok,\n"
	"              failed, malformed), statements, expectations, message\n"
	"              (on failure), policy, machine, counters and mms of the\n"
	"              last file run, and the same per file under \"files\";\n"
	"              \"series\": each address space's tables, pgtable and rss\n"
	"              after statements, at most 2000 points (`mmkit report`).\n"
	"              With checkpoints: \"checkpoints\": {count, pgtable_max_rel,\n"
	"              rss_max_rel, final_pgtable_rel, final_rss_rel, points}.\n"
	"              The ok line then goes to stderr: stdout is pure JSON.\n"
	"              A FILE that cannot be read or parsed gives status\n"
	"              malformed; a usage error (the command line) prints\n"
	"              nothing on stdout, as in every command.  Bytes that\n"
	"              are not UTF-8 (a file name, a string) are \\ufffd\n"
	"  --strict-checkpoints REL\n"
	"              fail (exit 1) when a `checkpoint` (a recording's kernel\n"
	"              figures) differs from mmkit's by more than REL, relative\n"
	"              (|mmkit - kernel| / max(kernel, 4K); 0.05 is 5%): the run\n"
	"              goes to its end, then names the first such checkpoint.\n"
	"              Without it checkpoints never fail a run: the differences\n"
	"              are summed up before the ok line\n"
	"  -h, --help  this text\n"
	"\n"
	"output:\n"
	"  success: the last line on stdout is `ok: N statements, M expectations`,\n"
	"    summed over all files.  N counts every statement executed, set-up\n"
	"    statements and expectations included (an expect-error and the\n"
	"    statement it wraps count as one); M counts the expect and\n"
	"    expect-error statements among them.\n"
	"  failure (exit 1): `FILE:LINE: STATEMENT: ENAME` for an operation that\n"
	"    failed (SIGSEGV/SIGBUS for a faulting access), or `FILE:LINE:\n"
	"    STATEMENT: expected X, got Y` for an expectation; STATEMENT is the\n"
	"    source line trimmed, without its comment.\n"
	"  malformed (exit 2): `FILE:LINE:COL: message`, nothing is run.  COL is\n"
	"    the 1-based byte column where the offending token starts (a tab is\n"
	"    one column); for a missing argument, the column just past the end\n"
	"    of the line's last token; for a bad string escape, its backslash.\n"
	"\n"
	"names: `exit MM` and `unpin NAME` release a name: using it afterwards\n"
	"  (in file order) is malformed; defining it again is allowed.\n"
	"\n"
	"memory: a script without thread blocks is checked whole, then read\n"
	"  again statement by statement as it runs, so memory does not grow\n"
	"  with its length (standard input and pipes are copied to an unlinked\n"
	"  file in $TMPDIR for that).  A script with thread blocks is kept in\n"
	"  memory whole.  A line is at most 1M bytes; a NUL byte is malformed.\n"
	"\n"
	"lexical: `#` comments; numbers 4096 0x1000 64K 2M 1G (K M G = 1024^n);\n"
	"  strings \"..\" with \\\\ \\\" \\n \\t \\xHH; DATA is a string or BYTE*COUNT\n"
	"  (0xab*4K).\n"
	"\n"
	"threads: `thread NAME [cpu=N]` opens a block of statements indented under\n"
	"  it; `run` starts every block opened since the previous `run`, each on\n"
	"  its own thread attached to its own simulated CPU, all at once, and waits\n"
	"  for all of them.  The runner gives up CPU 0 meanwhile and takes it\n"
	"  back after.  A block without cpu= gets the lowest CPU no other block of\n"
	"  the run asked for, in file order; two blocks of a run asking for the\n"
	"  same CPU, or more blocks than CPUs, is malformed.  A block's statements\n"
	"  run in order and take no cpu=.  A block stops at its first failure; the\n"
	"  others run to their end, then the failure with the lowest line number\n"
	"  is reported.  `thread` and `run` count as statements.\n"
	"  Names in blocks: `mm`, `fork`, `pin` and `get` in a block make a name\n"
	"  only that block may use until `run` (then everybody); `exit` and\n"
	"  `unpin` in a block may only release a name made in that block.\n"
	"  Expectations in a block must not depend on timing.\n"
	"\n"
	"statements:\n";

/* Followed by the list the tables give (stmt_later()). */
static const char run_help_later[] =
	"\n"
	"not implemented yet: these parse and are checked, but fail at run time\n"
	"with `not implemented yet (ISSUE)` until their issue lands (so does a\n"
	"statement marked [later] above):\n";

static const char run_help_tail[] =
	"\n"
	"exit status: 0 ok, 1 failed expectation/operation/invariant,\n"
	"             2 malformed script or usage error\n";

/* Print @text word-wrapped at 78 columns, each line indented by @indent. */
static void wrap(FILE *f, const char *text, int indent)
{
	int col = 0;

	while (*text) {
		int len = (int)strcspn(text, " ");

		if (col && col + 1 + len > 78) {
			fputc('\n', f);
			col = 0;
		}
		if (!col)
			col = fprintf(f, "%*s", indent, "");
		else
			col += fprintf(f, " ");
		col += fprintf(f, "%.*s", len, text);
		text += len;
		text += strspn(text, " ");
	}
	fputc('\n', f);
}

static void run_help(FILE *f)
{
	const struct stmt_desc *d;
	char usage[256], help[512];

	fputs(run_help_head, f);
	for (d = stmt_table; d->name; d++) {
		stmt_usage(d, usage, sizeof(usage));
		fprintf(f, "  %s\n", usage);
		snprintf(help, sizeof(help), "%s%s%s%s%s", d->help,
			 d->flags & D_SETUP ? " (set-up: before the first mm)" : "",
			 d->notimpl ? " [later: " : "",
			 d->notimpl ? d->notimpl : "", d->notimpl ? "]" : "");
		wrap(f, help, 6);
	}
	stmt_later(f, run_help_later);
	fputs(run_help_tail, f);
}

struct run_args {
	struct run_opts o;	/* o.policy: CLI_ALL for `--policy all` */
	int stats, json;
	bool strict;		/* --strict-checkpoints given */
	const char **files;
	int nfiles;
};

/* The options (before or after the files); 0, CLI_HELP or CLI_USAGE. */
static int parse_run_args(int argc, char **argv, struct run_args *a)
{
	const struct cli_opt opts[] = {
		{ .name = "policy", .kind = CLI_POLICY_ALL, .dst = &a->o.policy },
		{ .name = "check", .kind = CLI_FLAG, .dst = &a->o.check },
		{ .name = "bug", .kind = CLI_BUG, .dst = &a->o.bugs },
		{ .name = "stats", .kind = CLI_FLAG, .dst = &a->stats },
		{ .name = "json", .kind = CLI_FLAG, .dst = &a->json },
		{ .name = "strict-checkpoints", .kind = CLI_FRACTION,
		  .dst = &a->o.strict_rel, .given = &a->strict },
		{ .name = NULL },
	};
	const struct cli cli = { "run", run_help, opts, 1, -1,
				 "no script given (FILE... or - for stdin)" };
	int rc, stdin_seen = 0;

	a->o.policy = -1;
	rc = cli_parse(&cli, argc, argv, &a->files, &a->nfiles);
	if (rc)
		return rc;
	a->o.strict_ckpt = a->strict;
	for (int i = 0; i < a->nfiles; i++)
		if (!strcmp(a->files[i], "-") && stdin_seen++)
			return cli_usage("run", "standard input given twice");
	if (a->o.policy == CLI_ALL && (a->nfiles > 1 || a->stats))
		return cli_usage("run", "--policy all takes one FILE and no "
				 "--stats (it is `mmkit compare [--json] FILE`)");
	return 0;
}

/* `mmkit run --policy all [--json] FILE` is `mmkit compare [--json] FILE`. */
static int run_all_policies(const struct run_args *a)
{
	char *argv[5] = { "compare" };
	int n = 1;

	if (a->json)
		argv[n++] = "--json";
	argv[n++] = "--";
	argv[n++] = (char *)a->files[0];
	return cmd_compare(n, argv);
}

int cmd_run(int argc, char **argv)
{
	struct run_args a;
	struct script **sc;
	struct file_report *reps;
	char msg[1024];
	uint64_t stmts = 0, expects = 0;
	int i, rc = 0;

	memset(&a, 0, sizeof(a));
	rc = parse_run_args(argc, argv, &a);
	if (rc) {
		free(a.files);
		return rc == CLI_HELP ? 0 : rc;
	}
	if (a.o.policy == CLI_ALL) {
		rc = run_all_policies(&a);
		free(a.files);
		return rc;
	}
	a.o.progress = cli_progress();
	a.o.series = a.json;
	sc = calloc((size_t)a.nfiles, sizeof(*sc));
	reps = calloc((size_t)a.nfiles, sizeof(*reps));
	if (!sc || !reps) {
		fprintf(stderr, "mmkit: out of memory\n");
		rc = EXIT_FAILED;
		goto out;
	}
	for (i = 0; i < a.nfiles && !rc; i++)
		rc = script_load_stream(a.files[i], &sc[i], msg, sizeof(msg));
	if (rc) {
		if (a.json)
			report_json(stdout, reps, 0, "malformed", msg);
		goto out;
	}
	for (i = 0; i < a.nfiles && !rc; i++) {
		rc = script_run(sc[i], &a.o, &reps[i]);
		stmts += reps[i].statements;
		expects += reps[i].expectations;
		if (a.stats && !a.json) {
			report_stats(stdout, &reps[i]);
			fflush(stdout);
		}
		report_checkpoints(a.json ? stderr : stdout, &reps[i]);
	}
	if (a.json)
		report_json(stdout, reps, a.nfiles, rc ? "failed" : "ok",
			    rc ? reps[i - 1].message : NULL);
	if (!rc)
		fprintf(a.json ? stderr : stdout,
			"ok: %llu statements, %llu expectations\n",
			(unsigned long long)stmts, (unsigned long long)expects);
out:
	fflush(stdout);
	for (i = 0; sc && i < a.nfiles; i++)
		script_free(sc[i]);
	for (i = 0; reps && i < a.nfiles; i++)
		file_report_release(&reps[i]);
	free(sc);
	free(reps);
	free(a.files);
	return rc;
}


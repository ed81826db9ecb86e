/* SPDX-License-Identifier: MIT */
/*
 * main.c - the `mmkit` command (shared/spec/cli.md): finds the subcommand
 * and hands it its arguments.  Each subcommand lives in the folder of its
 * job (script/, lab/, bench/, kdiff/, report/), parses its own options through the
 * one option layer (cli/) and prints its own --help; `mmkit help COMMAND`
 * is `mmkit COMMAND --help`.
 *
 * Exit codes: 0 ok, 1 a failed expectation or operation, 2 malformed
 * input or a wrong command line.  Messages go to stderr, results to
 * stdout.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <mmkit/mmkit.h>

#include "bench/bench.h"
#include "kdiff/kdiff.h"
#include "lab/lab.h"
#include "report/report.h"
#include "record/record.h"
#include "script/script.h"

#define EXIT_USAGE 2

static const char main_help[] =
	"usage: mmkit COMMAND [OPTIONS] [ARGS]\n"
	"       mmkit --help | --version\n"
	"\n"
	"mmkit simulates Linux memory management in user space: physical RAM,\n"
	"CPUs with TLBs, page tables, faults, fork/COW, madvise.  Scripts (.mmk)\n"
	"drive one simulated machine each.\n"
	"\n"
	"commands:\n"
	"  run      run scripts and check their expectations\n"
	"  compare  run one script under every page-table policy, side by side\n"
	"  stress   random concurrent operations under the checker\n"
	"  explore  every interleaving of a threaded script, within a preemption bound\n"
	"  bench    the benchmark suite: mmkit vs the raw limit and the host kernel\n"
	"  report   one HTML page of charts from the --json of the commands above\n"
	"  kdiff    run scripts on the host kernel and on mmkit, compare every\n"
	"           observation (--random: seeded random scripts)\n"
	"  record   run a command and write its memory operations as a script\n"
	"           (replay it with run or compare)\n"
	"  help [COMMAND]  this text, or a command's\n"
	"\n"
	"extras:\n"
	"  gen-churn  print an allocator-like churn workload script (threads\n"
	"             touching and DONTNEEDing extents of one shared mapping)\n"
	"\n"
	"`mmkit COMMAND --help` explains a command; options take their value as\n"
	"`--opt VALUE` or `--opt=VALUE`.\n"
	"\n"
	"exit status: 0 ok, 1 a failed expectation, operation or invariant,\n"
	"             2 malformed input or usage error\n";

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
};

static const struct command commands[] = {
	{ "run", cmd_run },
	{ "compare", cmd_compare },
	{ "stress", cmd_stress },
	{ "explore", cmd_explore },
	{ "bench", cmd_bench },
	{ "kdiff", cmd_kdiff },
	{ "report", cmd_report },
	{ "record", cmd_record },
	{ "gen-churn", cmd_gen_churn },
	{ "kdiff-agent", cmd_kdiff_agent },	/* kdiff's agents; not listed */
};

static const struct command *find_command(const char *name)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

static int usage_error(const char *fmt, const char *arg)
{
	fputs("mmkit: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\nTry `mmkit --help` or `mmkit COMMAND --help`.\n", stderr);
	return EXIT_USAGE;
}

/* `mmkit help [COMMAND]`: the main help, or `mmkit COMMAND --help`. */
static int cmd_help(int argc, char **argv)
{
	const struct command *c;
	char *help[] = { argv[0], "--help", NULL };

	if (argc < 1) {
		fputs(main_help, stdout);
		return 0;
	}
	if (!strcmp(argv[0], "help")) {
		fputs(main_help, stdout);
		return 0;
	}
	c = find_command(argv[0]);
	if (!c)
		return usage_error("help: unknown command `%s`", argv[0]);
	return c->run(2, help);
}

/*
 * A closed standard output (`mmkit run x >&-`) would let the first file
 * the command opens become fd 1, and results land in it.  Hold fd 1 with
 * /dev/null instead; the results are lost all the same, which the end of
 * main() reports.  True if it was closed.
 */
static int hold_stdout(void)
{
	int fd;

	if (fcntl(STDOUT_FILENO, F_GETFD) != -1 || errno != EBADF)
		return 0;
	fd = open("/dev/null", O_WRONLY);
	if (fd >= 0 && fd != STDOUT_FILENO) {
		dup2(fd, STDOUT_FILENO);
		close(fd);
	}
	return 1;
}

/*
 * Results that could not be written (a full disk, a closed stdout) are a
 * failure: exit 1 with the reason, never 0 with the output lost.  A
 * command that failed already keeps its own status.
 */
static int finish(int rc, int closed)
{
	int err = 0;

	errno = 0;
	if (closed)
		err = EBADF;
	else if (fflush(stdout) || ferror(stdout))
		err = errno ? errno : -1;	/* an earlier write failed */
	if (!err)
		return rc;
	fprintf(stderr, "mmkit: cannot write the results to standard output%s%s\n",
		err > 0 ? ": " : "", err > 0 ? strerror(err) : "");
	return rc ? rc : 1;
}

static int run_main(int argc, char **argv)
{
	const struct command *c;

	if (argc < 2) {
		fputs(main_help, stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(main_help, stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
		printf("mmkit %s\n", MMKIT_VERSION);
		return 0;
	}
	if (!strcmp(argv[1], "help"))
		return cmd_help(argc - 2, argv + 2);
	c = find_command(argv[1]);
	if (c)
		return c->run(argc - 1, argv + 1);	/* argv[0]: its name */
	if (argv[1][0] == '-')
		return usage_error("unknown option `%s`", argv[1]);
	return usage_error("unknown command `%s`", argv[1]);
}

int main(int argc, char **argv)
{
	int closed = hold_stdout();

	return finish(run_main(argc, argv), closed);
}

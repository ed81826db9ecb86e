/* SPDX-License-Identifier: MIT */
/*
 * cli/cli.c - options with getopt_long for every subcommand (cli/cli.h).
 *
 * getopt_long runs in "return in order" mode (optstring "-:h"): each
 * argument that is not an option comes back as option 1, in its place, so
 * options and arguments mix freely and nothing is permuted; ':' makes a
 * missing value its own case.  Long option i of the command's table comes
 * back as OPT_BASE + i.  Before each call the element it will read is
 * argv[optind], which is how a message names the option as it was typed
 * and how abbreviations are caught.  An option with a short name as well
 * (`mmkit report -o FILE`) adds "x:" to the optstring and comes back as
 * that letter.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <mmkit/mmkit.h>

#include "cli/cli.h"
#include "common/number.h"

#define OPT_BASE 256
#define MAX_OPTS 32

int cli_usage(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "mmkit: %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry `mmkit %s --help`.\n", cmd);
	return CLI_USAGE;
}

int cli_shard(const char *cmd, const char *text, unsigned int *i, unsigned int *n)
{
	unsigned long ui, un;
	char *end;

	errno = 0;
	ui = strtoul(text, &end, 10);
	if (end == text || *end != '/')
		goto bad;
	un = strtoul(end + 1, &end, 10);
	if (errno || *end || !un || un > CLI_SHARDS_MAX || ui >= un)
		goto bad;
	*i = (unsigned int)ui;
	*n = (unsigned int)un;
	return 0;
bad:
	return cli_usage(cmd, "--shard needs I/N with 0 <= I < N <= %d, not `%s`",
			 CLI_SHARDS_MAX, text);
}

bool cli_progress(void)
{
	return isatty(STDERR_FILENO);
}

/* "keep linux refcount rwsem full" (and " all") for messages. */
static void policy_list(char *buf, size_t size, bool all)
{
	size_t n = 0;

	buf[0] = '\0';
	for (int p = 0; p < MMK_NR_POLICIES && n < size; p++)
		n += (size_t)snprintf(buf + n, size - n, "%s%s", p ? " " : "",
				      mmk_policy_name((enum mmk_policy)p));
	if (all && n < size)
		snprintf(buf + n, size - n, " all");
}

/* The library's table of bug switches, for messages. */
static void bug_list(char *buf, size_t size)
{
	size_t n = 0;

	buf[0] = '\0';
	for (unsigned int b = 0; b < MMK_NR_BUGS && n < size; b++)
		n += (size_t)snprintf(buf + n, size - n, "%s%s", b ? " " : "",
				      mmk_bug_name(1u << b));
}

/*
 * "--NAME needs WHAT, got `VALUE`", and for a name from a list which names
 * it knows.  A missing value reads as an empty one.
 */
static int bad_value(const struct cli *c, const struct cli_opt *o,
		     const char *val)
{
	char what[64], list[256];

	switch (o->kind) {
	case CLI_POLICY:
	case CLI_POLICY_ALL:
		policy_list(list, sizeof(list), o->kind == CLI_POLICY_ALL);
		return cli_usage(c->cmd, "--%s needs a policy name, got `%s`: "
				 "unknown policy (%s)", o->name, val, list);
	case CLI_BUG:
		bug_list(list, sizeof(list));
		return cli_usage(c->cmd, "--%s needs a bug name of policies.md, "
				 "got `%s`: unknown bug (%s)", o->name, val, list);
	case CLI_COUNT:
		if (o->what)
			snprintf(what, sizeof(what), "%s", o->what);
		else
			snprintf(what, sizeof(what), "a number from %llu to %llu",
				 (unsigned long long)o->min,
				 (unsigned long long)o->max);
		break;
	case CLI_SECONDS:
		snprintf(what, sizeof(what), "a positive number of seconds");
		break;
	case CLI_FRACTION:
		snprintf(what, sizeof(what), "a number 0 or more (0.05 is 5%%)");
		break;
	default:
		snprintf(what, sizeof(what), "%s", o->what ? o->what : "a value");
		break;
	}
	return cli_usage(c->cmd, "--%s needs %s, got `%s`", o->name, what, val);
}

/* Store the value @val of option @o.  0, or CLI_USAGE. */
static int set_value(const struct cli *c, const struct cli_opt *o,
		     const char *val)
{
	uint64_t n;
	const char *why;
	char *end;
	int v;

	switch (o->kind) {
	case CLI_FLAG:
		*(int *)o->dst = 1;
		return 0;
	case CLI_POLICY_ALL:
		if (!strcmp(val, "all")) {
			*(int *)o->dst = CLI_ALL;
			return 0;
		}
		/* fall through */
	case CLI_POLICY:
		v = mmk_policy_parse(val);
		if (v < 0)
			return bad_value(c, o, val);
		*(int *)o->dst = v;
		return 0;
	case CLI_BUG:
		v = mmk_bug_parse(val);
		if (v < 0)
			return bad_value(c, o, val);
		*(uint64_t *)o->dst |= (uint64_t)(unsigned int)v;
		return 0;
	case CLI_COUNT:
		if (number_parse(val, strlen(val), &n, &why) || n < o->min ||
		    n > o->max || (o->align && n % o->align))
			return bad_value(c, o, val);
		*(uint64_t *)o->dst = n;
		return 0;
	case CLI_SECONDS:
		*(double *)o->dst = strtod(val, &end);
		if (!*val || *end || !(*(double *)o->dst > 0) ||
		    *(double *)o->dst > (double)o->max)
			return bad_value(c, o, val);
		return 0;
	case CLI_TEXT:
		*(const char **)o->dst = val;
		return 0;
	case CLI_FRACTION:
		*(double *)o->dst = strtod(val, &end);
		if (!*val || *end || !(*(double *)o->dst >= 0) ||
		    !isfinite(*(double *)o->dst))
			return bad_value(c, o, val);
		return 0;
	}
	return bad_value(c, o, val);
}

/* Whether @text is `--NAME` or `--NAME=...` spelled out. */
static bool spelled_out(const char *text, const char *name)
{
	size_t n = strlen(name);

	return !strncmp(text, "--", 2) && !strncmp(text + 2, name, n) &&
	       (text[2 + n] == '\0' || text[2 + n] == '=');
}

/* The option whose short name is @ch, or NULL. */
static const struct cli_opt *short_opt(const struct cli *c, int ch)
{
	for (int i = 0; c->opts && c->opts[i].name; i++)
		if (ch > 0 && c->opts[i].short_name == ch)
			return &c->opts[i];
	return NULL;
}

/* getopt_long's table for the command's options, and --help; the optstring. */
static int long_options(const struct cli *c, struct option *lo, char *optstring)
{
	int n = 0;
	char *os = optstring + sprintf(optstring, "-:h");

	for (; c->opts && c->opts[n].name; n++) {
		if (n == MAX_OPTS)
			return -1;
		lo[n] = (struct option){ c->opts[n].name,
			c->opts[n].kind == CLI_FLAG ? no_argument : required_argument,
			NULL, OPT_BASE + n };
		if (c->opts[n].short_name) {
			*os++ = c->opts[n].short_name;
			if (c->opts[n].kind != CLI_FLAG)
				*os++ = ':';
		}
	}
	*os = '\0';
	lo[n++] = (struct option){ "help", no_argument, NULL, 'h' };
	lo[n] = (struct option){ NULL, 0, NULL, 0 };
	return 0;
}

/* An element getopt_long refused (@ch '?' or ':'), typed as @text. */
static int refused(const struct cli *c, int ch, const char *text)
{
	const struct cli_opt *o = optopt >= OPT_BASE ? &c->opts[optopt - OPT_BASE] : NULL;
	size_t len = strcspn(text, "=");

	if (!o && (o = short_opt(c, optopt)) && ch == ':')
		return cli_usage(c->cmd, "-%c (--%s) needs %s", optopt, o->name,
				 o->what ? o->what : "a value");

	if (o && spelled_out(text, o->name))
		return ch == ':' ? bad_value(c, o, "")
				 : cli_usage(c->cmd, "--%s takes no value", o->name);
	if (optopt == 'h' && spelled_out(text, "help"))
		return cli_usage(c->cmd, "--help takes no value");
	return cli_usage(c->cmd, "unknown option `%.*s`", (int)len, text);
}

/* One option or argument; 0 to go on, or what cli_parse() returns. */
static int take(const struct cli *c, int ch, const char *text, const char **args,
		int *nargs)
{
	const struct cli_opt *o;

	if (ch == 1) {
		args[(*nargs)++] = optarg;
		return 0;
	}
	if (ch == 'h' && (!strcmp(text, "-h") || spelled_out(text, "help"))) {
		c->help(stdout);
		return CLI_HELP;
	}
	if (ch < OPT_BASE && (o = short_opt(c, ch))) {
		if (o->given)
			*o->given = true;
		return set_value(c, o, optarg ? optarg : "");
	}
	if (ch < OPT_BASE)
		return refused(c, ch, text);
	o = &c->opts[ch - OPT_BASE];
	if (!spelled_out(text, o->name))	/* an abbreviation */
		return cli_usage(c->cmd, "unknown option `%.*s`",
				 (int)strcspn(text, "="), text);
	if (o->given)
		*o->given = true;
	return set_value(c, o, optarg ? optarg : "");
}

/* The number of positional arguments against what the command takes. */
static int check_nargs(const struct cli *c, const char **args, int nargs)
{
	if (nargs < c->min_args)
		return cli_usage(c->cmd, "%s", c->no_args);
	if (c->max_args >= 0 && nargs > c->max_args)
		return c->max_args == 0 ?
			cli_usage(c->cmd, "unexpected argument `%s`", args[0]) :
			cli_usage(c->cmd, "one FILE only, got `%s` too",
				  args[c->max_args]);
	return 0;
}

int cli_parse(const struct cli *c, int argc, char **argv, const char ***args,
	      int *nargs)
{
	struct option lo[MAX_OPTS + 2];
	char optstring[4 + 2 * MAX_OPTS];
	const char **v = calloc((size_t)argc + 1, sizeof(*v));
	int rc = 0;

	*nargs = 0;
	if (!v || long_options(c, lo, optstring)) {
		free(v);
		return cli_usage(c->cmd, "%s", "cannot read the options");
	}
	optind = 0;		/* a fresh scan (glibc) */
	opterr = 0;		/* messages are ours */
	while (!rc) {
		const char *text = argv[optind ? optind : 1];
		int ch = getopt_long(argc, argv, optstring, lo, NULL);

		if (ch == -1)
			break;
		rc = take(c, ch, text, v, nargs);
	}
	while (!rc && optind < argc)	/* after `--` */
		v[(*nargs)++] = argv[optind++];
	if (!rc)
		rc = check_nargs(c, v, *nargs);
	if (rc) {
		free(v);
		*nargs = 0;
		return rc;
	}
	*args = v;
	return 0;
}

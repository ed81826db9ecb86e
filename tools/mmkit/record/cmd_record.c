/* SPDX-License-Identifier: MIT */
/*
 * record/cmd_record.c - `mmkit record [-o FILE] -- COMMAND [ARG...]`
 * (shared/spec/cli.md): start COMMAND traced, follow it and everything it
 * starts until the last of them exits, and write the script.
 *
 * The command is started by a child of the recorder that disables THP for
 * itself (PR_SET_THP_DISABLE, kept across fork and execve: mmkit's replay
 * has no THP yet), installs the seccomp filter of tracer.c, stops for the
 * recorder, and execs.  The recorder then opens the fault rings on it
 * (faults.c) and lets it go.  The loop waits for ptrace stops and for the
 * rings to fill (a signalfd for SIGCHLD and the rings' descriptors in one
 * poll()), draining the rings before each stop is handled (record.h,
 * "Ordering").
 *
 * The body is written to a temporary file: the set-up that goes first
 * (`ram`, enough for the largest total RSS seen and the files' page cache)
 * is known only at the end.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/signalfd.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/cli.h"
#include "common/clock.h"
#include "record/record.h"

static const char record_help[] =
	"usage: mmkit record [-o FILE] [--interval S] [--no-faults] -- COMMAND [ARG...]\n"
	"\n"
	"Runs COMMAND and every process it starts, and writes what they did to\n"
	"their address spaces as a script (shared/spec/script.md, \"Recordings\";\n"
	"docs/script-extensions.md) that `mmkit run` and `mmkit compare` replay:\n"
	"  - each process's address space just after execve, from /proc/PID/maps,\n"
	"    /proc/PID/stat and /proc/PID/pagemap: `brk MM ADDR start`, an `mmap`\n"
	"    per mapping (the stack `growsdown`, files as `file` + `cache` for the\n"
	"    pages then in the page cache + `mmap ... file=`), a `touch` of each page\n"
	"    already present;\n"
	"  - mmap, munmap, mprotect, madvise, mremap, brk, mlock as the kernel did\n"
	"    them, with their addresses; a call the kernel refused as `expect-error\n"
	"    ERRNO ...`; fork (a `fork`; threads and vfork children share the\n"
	"    address space), execve (a new `mm`), exit (`exit`);\n"
	"  - every page fault, user or kernel, on a user address, as `touch MM\n"
	"    ADDR LEN r|w` (consecutive pages merged), from the kernel's\n"
	"    exceptions:page_fault_user/kernel tracepoints;\n"
	"  - `checkpoint MM pgtable=B rss=B`: the kernel's VmPTE and VmRSS of the\n"
	"    process, after execve, every --interval seconds (at a traced call),\n"
	"    before an execve, and before it exits.\n"
	"Address space names are p<PID> (p<PID>_N when a PID's name is taken).\n"
	"THP is disabled for COMMAND (prctl PR_SET_THP_DISABLE before its execve);\n"
	"addresses are the program's own (ASLR as the system has it).  COMMAND's\n"
	"output, input and exit status are its own; it runs slower (the calls\n"
	"above stop it for the recorder; faults cost a tracepoint sample).\n"
	"At the end stderr has a summary, with what the recorder could not see or\n"
	"write: perf samples lost, faults the kernel refused (SIGSEGV), calls and\n"
	"mappings left out.  Needs root (ptrace, perf tracepoints, pagemap).\n"
	"\n"
	"options:\n"
	"  -o, --output FILE  where the script goes (default record.mmk)\n"
	"  --interval S       seconds between checkpoints of one process (default\n"
	"                     0.1)\n"
	"  --no-faults        no fault tracepoints (where perf cannot run): calls\n"
	"                     and checkpoints only\n"
	"  -h, --help         this text\n"
	"\n"
	"exit status: COMMAND's (128+N if a signal N ended it), 2 usage, 1 when\n"
	"the recorder could not start or follow it\n";

static void help(FILE *f)
{
	fputs(record_help, f);
}

/* In the child: become COMMAND, traced (see the top of the file). */
static void start_child(char **argv, const sigset_t *mask)
{
	sigprocmask(SIG_SETMASK, mask, NULL);	/* as the recorder got it */
	if (prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0) ||
	    ptrace(PTRACE_TRACEME, 0, 0, 0) || tracer_seccomp()) {
		perror("mmkit record: cannot set up the command");
		_exit(126);
	}
	raise(SIGSTOP);
	execvp(argv[0], argv);
	fprintf(stderr, "mmkit record: %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

static int live_tasks(const struct recorder *rec)
{
	return rec->ntasks;
}

/* Wait for stops and ring wake-ups until every traced task is gone. */
static void trace_loop(struct recorder *rec, int sfd, pid_t root, int *root_status)
{
	struct pollfd pfd[257];
	int fds[256], nfd = faults_fds(rec->faults, fds, 256);

	pfd[0] = (struct pollfd){ .fd = sfd, .events = POLLIN };
	for (int i = 0; i < nfd; i++)
		pfd[i + 1] = (struct pollfd){ .fd = fds[i], .events = POLLIN };
	while (live_tasks(rec)) {
		struct signalfd_siginfo si;
		int status;
		pid_t pid;

		while ((pid = waitpid(-1, &status, __WALL | WNOHANG)) > 0) {
			faults_drain(rec->faults, rec);
			if (pid == root && (WIFEXITED(status) || WIFSIGNALED(status)))
				*root_status = status;
			tracer_stop(rec, pid, status);
		}
		if (pid < 0 && errno == ECHILD)
			break;
		faults_drain(rec->faults, rec);
		if (poll(pfd, (nfds_t)nfd + 1, 100) > 0 && (pfd[0].revents & POLLIN))
			while (read(sfd, &si, sizeof(si)) == sizeof(si))
				;
	}
	faults_drain(rec->faults, rec);
	emit_flush(rec);
}

/* Simulated RAM for the replay: the largest total RSS and the files, with
 * room for page tables, in 256 MiB steps, at least script.md's 1G. */
static unsigned long long ram_for(const struct recorder *rec)
{
	unsigned long long need = rec->peak_rss + rec->peak_rss / 2 +
				  rec->file_bytes + (256ULL << 20);
	unsigned long long step = 256ULL << 20;

	need = (need + step - 1) / step * step;
	return need < (1ULL << 30) ? (1ULL << 30) : need;
}

static void write_lost(FILE *f, const struct recorder *rec, const char *pre)
{
	fprintf(f, "%slost: %llu perf samples, %llu faults of threads not "
		"followed, %llu faults the kernel refused (SIGSEGV/SIGBUS), %llu "
		"calls not written (shmat, shmdt, mlockall, remap_file_pages, "
		"process_madvise), %llu mappings not written (devices, hugetlbfs); "
		"%llu calls with no page-table effect left out\n", pre,
		(unsigned long long)rec->lost[LOST_PERF],
		(unsigned long long)rec->lost[LOST_NO_TASK],
		(unsigned long long)rec->lost[LOST_NO_VMA],
		(unsigned long long)rec->lost[LOST_SYSCALL],
		(unsigned long long)rec->lost[LOST_MAPPING],
		(unsigned long long)rec->ignored);
}

/* The header and set-up, then the body. */
static int write_script(struct recorder *rec, FILE *body, const char *path,
			int argc, char **argv)
{
	FILE *f = fopen(path, "w");
	struct utsname u;
	char buf[1 << 16];
	size_t n;

	if (!f)
		return -1;
	uname(&u);
	fprintf(f, "# mmkit record --");
	for (int i = 0; i < argc; i++) {
		fputc(' ', f);
		for (const char *c = argv[i]; *c; c++)
			fputc(*c == '\n' ? ' ' : *c, f);
	}
	fprintf(f, "\n# Linux %s %s.  Transparent huge pages were disabled for the "
		"program\n# (prctl PR_SET_THP_DISABLE before its execve); addresses "
		"are its own (ASLR as\n# the system has it).  checkpoint: the "
		"kernel's VmPTE and VmRSS after execve,\n# every %g s at a traced "
		"call, before execve and before exit.\n", u.release, u.machine,
		rec->interval);
	write_lost(f, rec, "# ");
	fprintf(f, "ram %lluM\n", ram_for(rec) >> 20);
	rewind(body);
	while ((n = fread(buf, 1, sizeof(buf), body)) > 0)
		fwrite(buf, 1, n, f);
	return fclose(f) ? -1 : 0;
}

struct record_args {
	const char *output;
	double interval;
	int no_faults;
	const char **args;
	int nargs;
};

static int parse_args(int argc, char **argv, struct record_args *a)
{
	const struct cli_opt opts[] = {
		{ .name = "output", .kind = CLI_TEXT, .dst = &a->output,
		  .what = "a file name", .short_name = 'o' },
		{ .name = "interval", .kind = CLI_SECONDS, .dst = &a->interval,
		  .max = 3600 },
		{ .name = "no-faults", .kind = CLI_FLAG, .dst = &a->no_faults },
		{ .name = NULL },
	};
	const struct cli cli = { "record", help, opts, 1, -1,
				 "no command given (-- COMMAND [ARG...])" };

	a->output = "record.mmk";
	a->interval = 0.1;
	return cli_parse(&cli, argc, argv, &a->args, &a->nargs);
}

static int exit_code(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return 1;
}

/* Start the command, stopped and traced; 0 or -1 with a message printed. */
static int launch(struct recorder *rec, char **cmd, const sigset_t *old,
		  pid_t *out, int no_faults)
{
	char why[256];
	struct rtask *t;
	int status;
	pid_t pid = fork();

	if (pid < 0) {
		perror("mmkit record: fork");
		return -1;
	}
	if (!pid)
		start_child(cmd, old);
	if (waitpid(pid, &status, __WALL) != pid || !WIFSTOPPED(status)) {
		fprintf(stderr, "mmkit record: the command did not start\n");
		return -1;
	}
	if (ptrace(PTRACE_SETOPTIONS, pid, 0, PTRACE_O_TRACESECCOMP |
		   PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK | PTRACE_O_TRACECLONE |
		   PTRACE_O_TRACEEXEC | PTRACE_O_TRACEEXIT | PTRACE_O_TRACESYSGOOD |
		   PTRACE_O_EXITKILL)) {
		perror("mmkit record: ptrace");
		kill(pid, SIGKILL);
		return -1;
	}
	if (!no_faults) {
		rec->faults = faults_open(pid, why, sizeof(why));
		if (!rec->faults) {
			fprintf(stderr, "mmkit record: cannot see page faults: %s "
				"(--no-faults records without them)\n", why);
			kill(pid, SIGKILL);
			return -1;
		}
	}
	t = tracer_root(rec, pid);
	if (!t) {
		kill(pid, SIGKILL);
		return -1;
	}
	*out = pid;
	ptrace(PTRACE_CONT, pid, 0, 0);
	return 0;
}

int cmd_record(int argc, char **argv)
{
	struct record_args a = { 0 };
	struct recorder rec;
	sigset_t chld, old;
	int rc, sfd, root_status = 0;
	double t0;
	pid_t root;
	FILE *body;

	rc = parse_args(argc, argv, &a);
	if (rc)
		return rc == CLI_HELP ? 0 : rc;
	memset(&rec, 0, sizeof(rec));
	rec.interval = a.interval;
	body = tmpfile();
	if (!body) {
		perror("mmkit record: temporary file");
		free(a.args);
		return 1;
	}
	rec.out = body;
	space_init(&rec);
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, &old);
	sfd = signalfd(-1, &chld, SFD_NONBLOCK | SFD_CLOEXEC);
	t0 = clock_seconds();
	if (sfd < 0 || launch(&rec, (char **)a.args, &old, &root, a.no_faults)) {
		fclose(body);
		free(a.args);
		return 1;
	}
	trace_loop(&rec, sfd, root, &root_status);
	t0 = clock_seconds() - t0;
	rc = write_script(&rec, body, a.output, a.nargs, (char **)a.args);
	fclose(body);
	if (rc)
		fprintf(stderr, "mmkit record: %s: %s\n", a.output, strerror(errno));
	fprintf(stderr, "mmkit record: %s: %llu statements (%llu page touches from "
		"%llu faults, %llu calls, %llu checkpoints), %llu address spaces, "
		"%.2f s\n", a.output, (unsigned long long)rec.statements,
		(unsigned long long)rec.touches, (unsigned long long)rec.nfaults,
		(unsigned long long)rec.syscalls,
		(unsigned long long)rec.checkpoints,
		(unsigned long long)rec.processes, t0);
	write_lost(stderr, &rec, "mmkit record: ");
	faults_close(rec.faults);
	close(sfd);
	free(a.args);
	return rc ? 1 : exit_code(root_status);
}

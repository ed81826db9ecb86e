/* SPDX-License-Identifier: MIT */
/*
 * kdiff/host.c - the controller's side of the agents (kdiff/host.h):
 * starting them, talking to them (kdiff/proto.h), and reading what the
 * kernel shows of them in /proc.
 *
 * An agent is started by fork and exec of this very program
 * (/proc/self/exe kdiff-agent FD) with ADDR_NO_RANDOMIZE and the legacy
 * mmap layout, THP off (PR_SET_THP_DISABLE survives exec) and pinned to
 * one CPU, so that every agent has the same small layout (kdiff/agent.c).
 * Every descriptor the controller holds is close-on-exec, and descriptors
 * received from agents too, so that no agent holds another's socket: the
 * end of a socket is how the controller learns that an agent's address
 * space is gone.  Agents forked by agents are not the controller's
 * children; the controller is their subreaper and reaps them.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <mmkit/mmkit.h>

#include "common/readall.h"
#include "kdiff/host.h"

/* ---- /proc ---- */

/* All of /proc/@pid/@what (malloc'd), or NULL. */
static char *proc_read(int pid, const char *what)
{
	char path[64];
	char *buf;
	size_t len;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/%s", pid, what);
	f = fopen(path, "re");
	if (!f)
		return NULL;
	buf = read_all(f, &len);
	fclose(f);
	return buf;
}

/* "start-end perms offset dev inode name": 0 and the range, or -1. */
static int map_line(const char *s, struct kmap *m)
{
	char *end;
	int field;

	m->start = strtoull(s, &end, 16);
	if (end == s || *end != '-')
		return -1;
	m->end = strtoull(end + 1, &end, 16);
	for (field = 1; field < 5 && *end; field++) {	/* to the name */
		end += strspn(end, " ");
		end += strcspn(end, " \n");
	}
	end += strspn(end, " ");
	snprintf(m->name, sizeof(m->name), "%.*s", (int)strcspn(end, "\n"), end);
	return 0;
}

static const char *next_line(const char *s)
{
	s += strcspn(s, "\n");
	return *s ? s + 1 : s;
}

/* A figure of /proc/PID/status ("VmPTE:") in bytes, or -1. */
static int64_t status_kb(int pid, const char *key)
{
	char *st = proc_read(pid, "status");
	const char *at = st ? strstr(st, key) : NULL;
	int64_t v = at ? strtoll(at + strlen(key), NULL, 10) * 1024 : -1;

	free(st);
	return v;
}

/* The agent's mappings below TASK_SIZE and its VmPTE. */
static int read_layout(int pid, struct klayout *l)
{
	char *maps = proc_read(pid, "maps");
	int64_t pte = status_kb(pid, "VmPTE:");

	l->n = 0;
	for (const char *s = maps; s && *s; s = next_line(s)) {
		struct kmap m;

		if (map_line(s, &m) || m.start >= MMK_TASK_SIZE)
			continue;
		if (l->n == KLAYOUT_MAX)
			break;
		l->v[l->n++] = m;
	}
	free(maps);
	l->pgtable = (uint64_t)pte;
	return maps && pte >= 0 && l->n < KLAYOUT_MAX ? 0 : -1;
}

static int same_layout(const struct klayout *a, const struct klayout *b)
{
	if (a->n != b->n || a->pgtable != b->pgtable)
		return 0;
	for (int i = 0; i < a->n; i++)
		if (a->v[i].start != b->v[i].start || a->v[i].end != b->v[i].end)
			return 0;
	return 1;
}

/* ---- talking to agents ---- */

static int proto_error(char *msg, size_t size, const char *what, int err)
{
	if (err)
		snprintf(msg, size, "kdiff: the agent %s: %s", what, strerror(err));
	else
		snprintf(msg, size, "kdiff: the agent %s", what);
	return -1;
}

/* The first answer of a new agent: its pid. */
static int wait_hello(struct agent *a, char *msg, size_t size)
{
	struct agent_resp rs;
	ssize_t n;

	do
		n = recv(a->fd, &rs, sizeof(rs), 0);
	while (n < 0 && errno == EINTR);
	if (n != (ssize_t)sizeof(rs) || rs.err || rs.pid <= 0)
		return proto_error(msg, size, "did not start", n < 0 ? errno : 0);
	a->pid = rs.pid;
	return 0;
}

/* The forked child: the host's rules for every agent, then exec. */
static void agent_exec(const struct kside *k, int fd)
{
	char fdarg[16];
	char *argv[] = { "mmkit", "kdiff-agent", fdarg, NULL };
	int pers = personality(0xffffffff);
	struct rlimit no_core = { 0, 0 };
	cpu_set_t cpus;

	snprintf(fdarg, sizeof(fdarg), "%d", fd);
	CPU_ZERO(&cpus);
	CPU_SET(k->cpu, &cpus);
	setrlimit(RLIMIT_CORE, &no_core);	/* a crashing agent dumps nothing */
	if (fcntl(fd, F_SETFD, 0) || pers < 0 ||
	    personality((unsigned long)pers | ADDR_NO_RANDOMIZE |
			ADDR_COMPAT_LAYOUT) < 0 ||
	    (!k->thp && prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0)) ||
	    sched_setaffinity(0, sizeof(cpus), &cpus))
		_exit(127);
	execv("/proc/self/exe", argv);
	_exit(127);
}

int agent_start(struct kside *k, struct agent *a, char *msg, size_t size)
{
	struct klayout *l = malloc(sizeof(*l));
	int sv[2];
	pid_t pid;

	a->fd = -1;
	if (!l || socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv)) {
		free(l);
		return proto_error(msg, size, "cannot be started", errno);
	}
	pid = fork();
	if (pid == 0)
		agent_exec(k, sv[1]);
	close(sv[1]);
	a->fd = sv[0];
	if (pid < 0 || wait_hello(a, msg, size)) {
		free(l);
		agent_drop(a);
		return pid < 0 ? proto_error(msg, size, "cannot be started", errno)
			       : -1;
	}
	if (read_layout(a->pid, l) ||
	    (k->layout.n && !same_layout(l, &k->layout))) {
		snprintf(msg, size, "kdiff: an agent's own layout differs from "
			 "the first agent's (or cannot be read): the kernel side "
			 "cannot subtract it");
		free(l);
		agent_drop(a);
		return -1;
	}
	if (!k->layout.n)
		k->layout = *l;
	free(l);
	return 0;
}

static ssize_t send_req(struct agent *a, const struct agent_req *rq,
			const void *data, size_t n)
{
	struct iovec iov[2] = { { (void *)rq, sizeof(*rq) }, { (void *)data, n } };
	struct msghdr mh = { .msg_iov = iov, .msg_iovlen = n ? 2 : 1 };
	ssize_t r;

	do
		r = sendmsg(a->fd, &mh, MSG_NOSIGNAL);
	while (r < 0 && errno == EINTR);
	return r;
}

int agent_call(struct agent *a, const struct agent_req *rq, const void *data,
	       size_t n, struct agent_resp *rs, void *buf, size_t cap,
	       char *msg, size_t size)
{
	struct iovec iov[2] = { { rs, sizeof(*rs) }, { buf, cap } };
	struct msghdr mh = { .msg_iov = iov, .msg_iovlen = cap ? 2 : 1 };
	ssize_t r;

	if (send_req(a, rq, data, n) < 0)
		return proto_error(msg, size, "is gone", errno);
	do
		r = recvmsg(a->fd, &mh, 0);
	while (r < 0 && errno == EINTR);
	if (r < (ssize_t)sizeof(*rs) || rs->len > cap ||
	    (size_t)r != sizeof(*rs) + rs->len)
		return proto_error(msg, size, "died or answered nonsense",
				   r < 0 ? errno : 0);
	return 0;
}

/* The descriptor an SCM_RIGHTS message carried, or -1. */
static int received_fd(struct msghdr *mh)
{
	struct cmsghdr *c = CMSG_FIRSTHDR(mh);
	int fd;

	if (!c || c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS ||
	    c->cmsg_len != CMSG_LEN(sizeof(int)))
		return -1;
	memcpy(&fd, CMSG_DATA(c), sizeof(fd));
	return fd;
}

int agent_fork(struct agent *parent, struct agent *child, int *err,
	       char *msg, size_t size)
{
	struct agent_req rq = { .op = AOP_FORK };
	struct agent_fd_msg m;
	ssize_t r;

	child->fd = -1;
	if (send_req(parent, &rq, NULL, 0) < 0)
		return proto_error(msg, size, "is gone", errno);
	agent_fd_msg_init(&m);
	do
		r = recvmsg(parent->fd, &m.mh, MSG_CMSG_CLOEXEC);
	while (r < 0 && errno == EINTR);
	if (r != (ssize_t)sizeof(m.rs))
		return proto_error(msg, size, "died in fork", r < 0 ? errno : 0);
	*err = m.rs.err;
	if (m.rs.err)
		return 0;
	child->fd = received_fd(&m.mh);
	if (child->fd < 0)
		return proto_error(msg, size, "sent no socket for its child", 0);
	return wait_hello(child, msg, size);
}

int agent_exit(struct agent *a, char *msg, size_t size)
{
	struct agent_req rq = { .op = AOP_EXIT };
	char c;
	ssize_t r;

	if (send_req(a, &rq, NULL, 0) < 0)
		return proto_error(msg, size, "is gone", errno);
	do	/* the socket ends after exit_mm() tore the mm down */
		r = recv(a->fd, &c, 1, 0);
	while (r < 0 && errno == EINTR);
	agent_drop(a);
	agents_reap(0);
	return r == 0 ? 0 : proto_error(msg, size, "did not exit", 0);
}

void agent_drop(struct agent *a)
{
	if (a->fd >= 0)
		close(a->fd);
	a->fd = -1;
	a->pid = 0;
}

void agents_reap(int wait_all)
{
	while (waitpid(-1, NULL, wait_all ? __WALL : WNOHANG | __WALL) > 0)
		;
}

/* ---- figures ---- */

/* Whether the smaps entry @m is one of the agent's own; -1: it overlaps
 * one without being it (the agent's memory changed). */
static int own_mapping(const struct klayout *l, const struct kmap *m)
{
	for (int i = 0; i < l->n; i++) {
		if (l->v[i].start == m->start && l->v[i].end == m->end)
			return 1;
		if (l->v[i].start < m->end && m->start < l->v[i].end)
			return -1;
	}
	return 0;
}

int agent_stats(const struct kside *k, const struct agent *a,
		struct kstats *st, char *msg, size_t size)
{
	char *smaps = proc_read(a->pid, "smaps");
	int64_t pte = status_kb(a->pid, "VmPTE:");
	int mine = 0;		/* the entry being read is the script's */

	memset(st, 0, sizeof(*st));
	for (const char *s = smaps; s && *s; s = next_line(s)) {
		struct kmap m;

		if (!strncmp(s, "Rss:", 4) && mine)
			st->rss += strtoull(s + 4, NULL, 10) * 1024;
		if (!strncmp(s, "AnonHugePages:", 14) && mine)
			st->anon_thp += strtoull(s + 14, NULL, 10) * 1024;
		if (!strncmp(s, "ShmemPmdMapped:", 15) && mine)
			st->shmem_pmd += strtoull(s + 15, NULL, 10) * 1024;
		if (map_line(s, &m) || m.start >= MMK_TASK_SIZE)
			continue;
		mine = own_mapping(&k->layout, &m);
		if (mine < 0)
			break;
		mine = !mine;
		st->vmas += (uint64_t)mine;
	}
	free(smaps);
	if (!smaps || pte < 0 || mine < 0 || (uint64_t)pte < k->layout.pgtable) {
		snprintf(msg, size, "kdiff: cannot read the figures of agent %d%s",
			 a->pid, mine < 0 ? ": its own mappings changed" : "");
		return -1;
	}
	st->pgtable = (uint64_t)pte - k->layout.pgtable;
	return 0;
}

int agent_pagemap(const struct agent *a, uint64_t addr, uint64_t *pme)
{
	char path[64];
	int fd;
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/pagemap", a->pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = pread(fd, pme, sizeof(*pme), (off_t)(addr / 4096 * sizeof(*pme)));
	close(fd);
	return n == (ssize_t)sizeof(*pme) ? 0 : -1;
}

int kpage_read(const struct kside *k, uint64_t pfn, uint64_t *count,
	       uint64_t *flags)
{
	off_t at = (off_t)(pfn * sizeof(uint64_t));

	if (!kside_frames(k) ||
	    pread(k->kpagecount_fd, count, sizeof(*count), at) != sizeof(*count) ||
	    pread(k->kpageflags_fd, flags, sizeof(*flags), at) != sizeof(*flags))
		return -1;
	return 0;
}

/* ---- the host ---- */

/* A build whose runtime maps shadow memory into every process. */
static const char *sanitizer(void)
{
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
	return "this is a sanitizer build: its runtime maps terabytes of "
	       "shadow memory into every agent, and instrumented accesses "
	       "would touch shadow for script memory";
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
	return "this is a sanitizer build: its runtime maps shadow memory "
	       "into every agent";
#endif
#endif
	return NULL;
}

/* The first CPU this process may run on. */
static int first_cpu(void)
{
	cpu_set_t cpus;

	if (sched_getaffinity(0, sizeof(cpus), &cpus))
		return 0;
	for (int c = 0; c < CPU_SETSIZE; c++)
		if (CPU_ISSET(c, &cpus))
			return c;
	return 0;
}

/* Linux with /proc, and a build that can run agents.  NULL or why not. */
static const char *host_unfit(void)
{
	struct utsname u;

	if (uname(&u) || strcmp(u.sysname, "Linux"))
		return "the kernel side needs Linux";
	if (access("/proc/self/smaps", R_OK) || access("/proc/self/pagemap", R_OK))
		return "the kernel side needs /proc (smaps, pagemap)";
	return sanitizer();
}

int kside_open(struct kside *k, char *msg, size_t size)
{
	const char *why = host_unfit();
	struct agent probe;

	memset(k, 0, sizeof(*k));
	k->kpagecount_fd = k->kpageflags_fd = -1;
	if (why) {
		snprintf(msg, size, "kdiff: %s", why);
		return -1;
	}
	k->cpu = first_cpu();
	prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
	k->kpagecount_fd = open("/proc/kpagecount", O_RDONLY | O_CLOEXEC);
	k->kpageflags_fd = open("/proc/kpageflags", O_RDONLY | O_CLOEXEC);
	if (agent_start(k, &probe, msg, size))
		return -1;
	return agent_exit(&probe, msg, size);
}

void kside_close(struct kside *k)
{
	if (k->kpagecount_fd >= 0)
		close(k->kpagecount_fd);
	if (k->kpageflags_fd >= 0)
		close(k->kpageflags_fd);
	k->kpagecount_fd = k->kpageflags_fd = -1;
	agents_reap(1);
}

int kside_frames(const struct kside *k)
{
	return k->kpagecount_fd >= 0 && k->kpageflags_fd >= 0;
}

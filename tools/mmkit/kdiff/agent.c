/* SPDX-License-Identifier: MIT */
/*
 * kdiff/agent.c - the agent: the process that is one address space of a
 * kdiff'd script on the host kernel (`mmkit kdiff-agent FD`, started by
 * kdiff/host.c).  It runs each statement for real (mmap, munmap, mprotect,
 * madvise, mremap, fork, exit, loads and stores) as the controller asks
 * over the socket FD (kdiff/proto.h), and nothing else.
 *
 * Why the agent's own memory drops out of every figure.  The controller
 * reads the agent's /proc files and subtracts what is the agent's own: its
 * mappings by address, and its page tables by a baseline taken once the
 * agent is ready.  That is exact only if the agent's own page tables never
 * change after the baseline, so the agent
 *   - lives in a small, fixed layout: the controller started it with
 *     ADDR_NO_RANDOMIZE and the legacy (bottom-up) mmap layout, so the
 *     executable sits at 0x555555554000 and its libraries, vDSO and vvar
 *     from 0x2aaaaaaab000, the same in every agent;
 *   - leaves the top of the address space to scripts: it moves to a stack
 *     of its own in .bss and unmaps the stack the kernel gave it (which
 *     sat just below TASK_SIZE);
 *   - touches every page of every readable mapping it has, so every page
 *     table its own memory could ever need exists before the baseline;
 *   - never grows: no malloc, no stdio, static buffers, a bounded stack,
 *     and it keeps the list of its own mappings so a forked child touches
 *     them again (fork copies no tables of file-backed read-only mappings,
 *     so a child would start with fewer) and nothing else.
 * It runs without capabilities, as an unprivileged process does (so a
 * mapping below mmap_min_addr fails with EPERM), pinned to one CPU, so
 * that LRU batches (MADV_FREE, MADV_PAGEOUT) drain where its next call
 * looks for them.
 *
 * An access that faults is caught: SIGSEGV and SIGBUS longjmp back to the
 * operation, which answers with the signal.  Stores go page by page in
 * address order, so a store that faults has written the pages before the
 * faulting one, as mmkit's does.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <setjmp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

#include <mmkit/mmkit.h>

#include "kdiff/kdiff.h"
#include "kdiff/proto.h"

#define PAGE 4096ul
#define AGENT_STACK (256u * 1024)
#define AGENT_MAX_OWN 128

static unsigned char agent_stack[AGENT_STACK] __attribute__((aligned(4096)));
static unsigned char in_buf[sizeof(struct agent_req) + AGENT_CHUNK];
static unsigned char out_buf[sizeof(struct agent_resp) + AGENT_CHUNK];
static char maps_buf[64 * 1024];
static struct own_map {
	uint64_t start, end;
	int readable;
} own[AGENT_MAX_OWN];
static int nown;
static int agent_fd = -1;
static uintptr_t first_stack;	/* an address on the stack exec gave us */
static ucontext_t agent_ctx;

static sigjmp_buf fault_jmp;
static volatile sig_atomic_t fault_armed, fault_sig;

/* A fault outside an armed access is a bug of the agent: die of it. */
static void on_fault(int sig)
{
	if (!fault_armed) {
		signal(sig, SIG_DFL);
		raise(sig);
		return;
	}
	fault_armed = 0;
	fault_sig = sig;
	siglongjmp(fault_jmp, 1);
}

static int fault_code(void)
{
	fault_armed = 0;
	return fault_sig == SIGBUS ? MMK_SIGBUS : MMK_SIGSEGV;
}

static void die(void)
{
	_exit(2);
}

/* ---- the agent's own memory ---- */

/* /proc/self/maps into maps_buf, NUL-terminated.  0, or -1. */
static int read_maps(void)
{
	int fd = open("/proc/self/maps", O_RDONLY);
	size_t n = 0;
	ssize_t got = 1;

	if (fd < 0)
		return -1;
	while (got > 0 && n < sizeof(maps_buf) - 1) {
		got = read(fd, maps_buf + n, sizeof(maps_buf) - 1 - n);
		if (got > 0)
			n += (size_t)got;
	}
	close(fd);
	maps_buf[n] = '\0';
	return got < 0 || n == sizeof(maps_buf) - 1 ? -1 : 0;
}

static uint64_t hex(const char **s)
{
	uint64_t v = 0;

	for (;; (*s)++) {
		char c = **s;
		int d = c >= '0' && c <= '9' ? c - '0' :
			c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;

		if (d < 0)
			return v;
		v = v << 4 | (uint64_t)d;
	}
}

static const char *next_line(const char *s)
{
	s += strcspn(s, "\n");
	return *s ? s + 1 : s;
}

/* The mappings of maps_buf below TASK_SIZE ([vsyscall] is no VMA). */
static int parse_own(void)
{
	const char *s = maps_buf;

	for (nown = 0; *s; s = next_line(s)) {
		struct own_map *m = &own[nown];

		m->start = hex(&s);
		s++;			/* '-' */
		m->end = hex(&s);
		m->readable = s[1] == 'r';
		if (m->start < MMK_TASK_SIZE && ++nown == AGENT_MAX_OWN)
			return -1;
	}
	return 0;
}

/*
 * Unmap the stack exec gave us (we run on agent_stack now), so the top
 * of the address space is free for scripts.
 */
static int unmap_first_stack(void)
{
	if (read_maps() || parse_own())
		return -1;
	for (int i = 0; i < nown; i++)
		if (own[i].start <= first_stack && first_stack < own[i].end)
			return munmap((void *)own[i].start,
				      own[i].end - own[i].start);
	return -1;
}

/* Load a byte of every page of [start, end), skipping pages that fault. */
static void touch_range(uint64_t start, uint64_t end)
{
	volatile uint64_t a = start;

	while (a < end) {
		if (sigsetjmp(fault_jmp, 1)) {
			a += PAGE;
			continue;
		}
		fault_armed = 1;
		for (; a < end; a += PAGE)
			(void)*(volatile unsigned char *)(uintptr_t)a;
		fault_armed = 0;
	}
}

/*
 * Load a byte of every page of our own readable mappings, so every page
 * table they could need exists.  Pages that fault (vvar pages nothing
 * backs answer SIGBUS) are skipped: they never get an entry.
 */
static void touch_own(void)
{
	for (int i = 0; i < nown; i++)
		if (own[i].readable)
			touch_range(own[i].start, own[i].end);
}

/* No capabilities: an unprivileged process's rules (mmap_min_addr). */
static void drop_capabilities(void)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];

	memset(d, 0, sizeof(d));
	if (syscall(SYS_capset, &h, d))
		die();
}

static void catch_faults(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_fault;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGSEGV, &sa, NULL) || sigaction(SIGBUS, &sa, NULL))
		die();
}

/* ---- answers ---- */

static void answer(int err, int pid, uint64_t len)
{
	struct agent_resp rs = { .err = err, .pid = pid, .len = len };

	memcpy(out_buf, &rs, sizeof(rs));
	if (send(agent_fd, out_buf, sizeof(rs) + len, MSG_NOSIGNAL) < 0)
		_exit(0);	/* the controller is gone */
}

/* The answer to AOP_FORK: the child's pid and its socket. */
static void answer_fork(int pid, int fd)
{
	struct agent_fd_msg m;
	struct cmsghdr *c;

	agent_fd_msg_init(&m);
	m.rs.pid = pid;
	c = CMSG_FIRSTHDR(&m.mh);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof(fd));
	if (sendmsg(agent_fd, &m.mh, MSG_NOSIGNAL) < 0)
		_exit(0);
}

static void hello(void)
{
	answer(0, (int)getpid(), 0);
}

/* ---- operations ---- */

static int sys_result(long rc)
{
	return rc < 0 ? errno : 0;
}

/*
 * mmkit's `huge` is MADV_HUGEPAGE given with the mmap, so that `populate`
 * fills the range with THPs: mmap, madvise, then MAP_POPULATE's own fault-in
 * (writable for a private writable mapping), whose failure mmap ignores.
 */
static int do_mmap(const struct agent_req *rq)
{
	bool huge = rq->flags & AF_HUGE, populate = rq->flags & AF_POPULATE;
	int flags = MAP_FIXED_NOREPLACE | MAP_ANONYMOUS |
		    ((rq->flags & AF_SHARED) ? MAP_SHARED : MAP_PRIVATE) |
		    (populate && !huge ? MAP_POPULATE : 0);
	void *p = mmap((void *)(uintptr_t)rq->addr, rq->len, rq->arg, flags, -1, 0);

	if (p == MAP_FAILED)
		return errno;
	if (!huge)
		return 0;
	if (madvise(p, rq->len, MADV_HUGEPAGE))
		return errno;
	if (populate)
		(void)madvise(p, rq->len, (rq->arg & PROT_WRITE) && !(rq->flags & AF_SHARED) ?
			      MADV_POPULATE_WRITE : MADV_POPULATE_READ);
	return 0;
}

static int do_mremap(const struct agent_req *rq)
{
	int flags = MREMAP_MAYMOVE | MREMAP_FIXED |
		    ((rq->flags & AF_DONTUNMAP) ? MREMAP_DONTUNMAP : 0);
	void *p = mremap((void *)(uintptr_t)rq->addr, rq->len, rq->len2, flags,
			 (void *)(uintptr_t)rq->addr2);

	return p == MAP_FAILED ? errno : 0;
}

/* The bytes to the next page boundary, at most @left. */
static uint64_t to_page_end(uint64_t addr, uint64_t left)
{
	uint64_t n = PAGE - (addr & (PAGE - 1));

	return n < left ? n : left;
}

enum { LOAD, STORE, FILL };

/*
 * Move @len bytes between @addr and @buf (@how: LOAD into @buf, STORE from
 * it, FILL with copies of @fill), page by page in address order, so that
 * a fault leaves the pages before the faulting one done.  0, or the
 * signal of the page that faulted.
 */
static int move(uint64_t addr, unsigned char *buf, uint64_t len, int how,
		int fill)
{
	volatile uint64_t done = 0;

	if (sigsetjmp(fault_jmp, 1))
		return fault_code();
	fault_armed = 1;
	while (done < len) {
		uint64_t n = to_page_end(addr + done, len - done);
		void *at = (void *)(uintptr_t)(addr + done);

		if (how == LOAD)
			memcpy(buf + done, at, n);
		else if (how == STORE)
			memcpy(at, buf + done, n);
		else
			memset(at, fill, n);
		done += n;
	}
	fault_armed = 0;
	return 0;
}

/*
 * `touch`: one load per stride, and for `w` one locked add of 0: a
 * read-modify-write that keeps the byte and faults once, as a write, as
 * mmkit's `touch w` does (no read fault first, so no fault-around).
 * As in mmkit, a range not page aligned or empty is EINVAL.
 */
static int touch(const struct agent_req *rq)
{
	volatile uint64_t off = 0;

	if (rq->addr % PAGE || rq->len % PAGE || !rq->len || !rq->addr2)
		return EINVAL;
	if (sigsetjmp(fault_jmp, 1))
		return fault_code();
	fault_armed = 1;
	for (; off < rq->len; off += rq->addr2) {
		volatile unsigned char *p = (void *)(uintptr_t)(rq->addr + off);

		if (rq->flags & AF_STORE)
			__atomic_fetch_add(p, 0, __ATOMIC_RELAXED);
		else
			(void)*p;
	}
	fault_armed = 0;
	return 0;
}

/*
 * fork: the child becomes the agent of the new address space, on a
 * socket of its own; it touches its own pages again before it speaks.
 */
static void do_fork(void)
{
	int sv[2];
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv)) {
		answer(errno, 0, 0);
		return;
	}
	pid = fork();
	if (pid < 0) {
		close(sv[0]);
		close(sv[1]);
		answer(errno, 0, 0);
		return;
	}
	if (pid == 0) {
		close(agent_fd);
		close(sv[0]);
		agent_fd = sv[1];
		touch_own();
		hello();
		return;
	}
	close(sv[1]);
	answer_fork((int)pid, sv[0]);
	close(sv[0]);
}

static void do_read(const struct agent_req *rq)
{
	int err;

	if (rq->len > AGENT_CHUNK) {
		answer(EINVAL, 0, 0);
		return;
	}
	err = move(rq->addr, out_buf + sizeof(struct agent_resp), rq->len, LOAD, 0);
	answer(err, 0, err ? 0 : rq->len);
}

/* One request; @data holds the @n bytes after it. */
static void handle(const struct agent_req *rq, unsigned char *data, uint64_t n)
{
	void *addr = (void *)(uintptr_t)rq->addr;
	int err = EINVAL;

	switch (rq->op) {
	case AOP_MMAP:
		err = do_mmap(rq);
		break;
	case AOP_MUNMAP:
		err = sys_result(munmap(addr, rq->len));
		break;
	case AOP_MPROTECT:
		err = sys_result(mprotect(addr, rq->len, rq->arg));
		break;
	case AOP_MADVISE:
		err = sys_result(madvise(addr, rq->len, rq->arg));
		break;
	case AOP_MREMAP:
		err = do_mremap(rq);
		break;
	case AOP_FORK:
		do_fork();
		return;
	case AOP_EXIT:
		_exit(0);
	case AOP_WRITE:
		err = n == rq->len ? move(rq->addr, data, rq->len, STORE, 0) : EINVAL;
		break;
	case AOP_FILL:
		err = move(rq->addr, NULL, rq->len, FILL, rq->arg);
		break;
	case AOP_READ:
		do_read(rq);
		return;
	case AOP_TOUCH:
		err = touch(rq);
		break;
	}
	answer(err, 0, 0);
}

static void serve(void)
{
	for (;;) {
		ssize_t n = recv(agent_fd, in_buf, sizeof(in_buf), 0);
		struct agent_req rq;

		if (n <= 0)
			_exit(0);	/* the controller is gone */
		if ((size_t)n < sizeof(rq))
			die();
		memcpy(&rq, in_buf, sizeof(rq));
		handle(&rq, in_buf + sizeof(rq), (uint64_t)n - sizeof(rq));
	}
}

/* The agent proper, on agent_stack. */
static void agent_main(void)
{
	drop_capabilities();
	catch_faults();
	if (unmap_first_stack() || read_maps() || parse_own())
		die();
	touch_own();
	hello();
	serve();
	_exit(0);
}

int cmd_kdiff_agent(int argc, char **argv)
{
	const char *s = argc == 2 ? argv[1] : "";

	agent_fd = 0;
	for (; *s >= '0' && *s <= '9'; s++)
		agent_fd = agent_fd * 10 + (*s - '0');
	if (argc != 2 || *s || !argv[1][0]) {
		fputs("mmkit: kdiff-agent: `mmkit kdiff` starts it; it is not "
		      "for use by hand\n", stderr);
		return 2;
	}
	first_stack = (uintptr_t)__builtin_frame_address(0);
	if (getcontext(&agent_ctx))
		return 2;
	agent_ctx.uc_stack.ss_sp = agent_stack;
	agent_ctx.uc_stack.ss_size = sizeof(agent_stack);
	agent_ctx.uc_link = NULL;
	makecontext(&agent_ctx, agent_main, 0);
	setcontext(&agent_ctx);
	return 2;		/* setcontext() does not return */
}

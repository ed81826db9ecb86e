/* SPDX-License-Identifier: MIT */
/*
 * kdiff/proto.h - the protocol between `mmkit kdiff` (the controller,
 * kdiff/host.c) and its agents (kdiff/agent.c): one agent process per
 * address space of the script, each driven over its own socket.
 *
 * The socket is an AF_UNIX SOCK_SEQPACKET pair, so every message is one
 * packet and arrives whole: a request is a struct agent_req, followed for
 * AOP_WRITE by the bytes to store; an answer is a struct agent_resp,
 * followed for AOP_READ by the bytes loaded.  One request is outstanding
 * at a time.
 *
 * An agent speaks first: once its own pages are touched (kdiff/agent.c
 * explains why) it sends a struct agent_resp with its pid, and the
 * controller takes its baseline.  AOP_FORK answers in the parent's packet
 * with the child's pid and, as SCM_RIGHTS, the child's socket; the child
 * then speaks first on that socket as a new agent does.  AOP_EXIT has no
 * answer: the agent exits, and the end of its socket tells the controller
 * that its address space is gone.
 */
#ifndef MMKIT_TOOL_KDIFF_PROTO_H
#define MMKIT_TOOL_KDIFF_PROTO_H

#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#define AGENT_CHUNK (64u * 1024)	/* most bytes in one AOP_WRITE/READ */

enum agent_op {
	AOP_MMAP = 1,	/* addr len, arg: prot, flags: AF_* */
	AOP_MUNMAP,	/* addr len */
	AOP_MPROTECT,	/* addr len, arg: prot */
	AOP_MADVISE,	/* addr len, arg: advice */
	AOP_MREMAP,	/* addr len -> addr2 len2, flags: AF_DONTUNMAP */
	AOP_FORK,
	AOP_EXIT,
	AOP_WRITE,	/* addr len: the bytes follow the request */
	AOP_FILL,	/* addr len: store len copies of arg */
	AOP_READ,	/* addr len: the bytes follow the answer */
	AOP_TOUCH,	/* addr len, addr2: stride, flags: AF_STORE */
};

enum {
	AF_SHARED = 1u << 0,	/* mmap: MAP_SHARED (else MAP_PRIVATE) */
	AF_POPULATE = 1u << 1,	/* mmap: MAP_POPULATE */
	AF_DONTUNMAP = 1u << 2,	/* mremap: MREMAP_DONTUNMAP */
	AF_HUGE = 1u << 3,	/* mmap: then madvise(MADV_HUGEPAGE) */
	AF_STORE = 1u << 3,	/* touch: rewrite the byte each access loads */
};

struct agent_req {
	uint32_t op;		/* enum agent_op */
	uint32_t flags;		/* AF_* */
	int32_t arg;		/* prot, advice or fill byte */
	uint32_t pad;
	uint64_t addr, len;
	uint64_t addr2, len2;
};

struct agent_resp {
	int32_t err;		/* 0, a positive errno, MMK_SIGSEGV, MMK_SIGBUS */
	int32_t pid;		/* hello: the agent's; AOP_FORK: the child's */
	uint64_t len;		/* AOP_READ: bytes that follow */
};

/* An answer with room for one descriptor (SCM_RIGHTS), as AOP_FORK's is. */
struct agent_fd_msg {
	struct agent_resp rs;
	struct iovec iov;
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} cm;
	struct msghdr mh;
};

/* Point @m's message at its answer and its room for one descriptor. */
static inline void agent_fd_msg_init(struct agent_fd_msg *m)
{
	memset(m, 0, sizeof(*m));
	m->iov.iov_base = &m->rs;
	m->iov.iov_len = sizeof(m->rs);
	m->mh.msg_iov = &m->iov;
	m->mh.msg_iovlen = 1;
	m->mh.msg_control = m->cm.buf;
	m->mh.msg_controllen = sizeof(m->cm.buf);
}

#endif

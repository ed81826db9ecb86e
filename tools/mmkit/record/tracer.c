/* SPDX-License-Identifier: MIT */
/*
 * record/tracer.c - the command's threads under ptrace.
 *
 * A seccomp filter, installed before the command's execve, stops a thread
 * (SECCOMP_RET_TRACE) only at the calls that change an address space:
 * mmap, munmap, mprotect, madvise, mremap, brk, mlock, execve and a few
 * the recorder cannot write (counted).  At that stop the arguments are
 * read; PTRACE_SYSCALL then stops the thread again when the call returns,
 * with its result, and the statement is written: the call as the kernel
 * did it, or `expect-error ERRNO ...` where the kernel refused it.  Every
 * other call runs without a stop.
 *
 * fork, vfork and clone arrive as ptrace events.  Whether the child shares
 * the parent's address space is asked of the kernel (kcmp KCMP_VM), since
 * the event names only how the child was made: a thread or a vfork child
 * shares it (no statement), anything else is a `fork`.  execve gives the
 * thread a new address space (a new `mm` and space_exec()); the old one
 * gets its checkpoint at the execve's entry, when it is still whole.
 * PTRACE_EVENT_EXIT stops a thread before its address space is released:
 * the last thread of an address space writes its checkpoint there, then
 * `exit`.
 *
 * A new thread starts stopped; it is let go only once its parent's event
 * said which address space it has (its first stop may come first).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/kcmp.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <unistd.h>

#include "common/clock.h"
#include "common/errname.h"
#include "record/record.h"

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif
#ifndef MREMAP_DONTUNMAP
#define MREMAP_DONTUNMAP 4
#endif

/* The calls that stop (x86-64 numbers), and those written from them. */
static const long traced[] = {
	SYS_mmap, SYS_munmap, SYS_mprotect, SYS_madvise, SYS_mremap, SYS_brk,
	SYS_mlock, SYS_mlock2, SYS_pkey_mprotect, SYS_execve, SYS_execveat,
	/* not written, counted as lost: */
	SYS_shmat, SYS_shmdt, SYS_mlockall, SYS_remap_file_pages,
	SYS_process_madvise,
};
#define NR_TRACED (sizeof(traced) / sizeof(traced[0]))

int tracer_seccomp(void)
{
	struct sock_filter prog[4 + 2 * NR_TRACED + 1];
	struct sock_fprog fp;
	unsigned int n = 0;

	prog[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		offsetof(struct seccomp_data, arch));
	prog[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
		AUDIT_ARCH_X86_64, 1, 0);
	prog[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	prog[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		offsetof(struct seccomp_data, nr));
	for (size_t i = 0; i < NR_TRACED; i++) {
		prog[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
			(unsigned int)traced[i], 0, 1);
		prog[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
			SECCOMP_RET_TRACE);
	}
	prog[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	fp.len = (unsigned short)n;
	fp.filter = prog;
	return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fp, 0, 0);
}

/* ---- tasks ---- */

struct rtask *task_find(struct recorder *rec, pid_t tid)
{
	for (int i = 0; i < rec->ntasks; i++)
		if (rec->tasks[i].tid == tid)
			return &rec->tasks[i];
	return NULL;
}

static struct rtask *task_add(struct recorder *rec, pid_t tid)
{
	struct rtask *t = task_find(rec, tid);

	if (t)
		return t;
	if (rec->ntasks == rec->cap) {
		int cap = rec->cap ? rec->cap * 2 : 16;
		struct rtask *v = realloc(rec->tasks, (size_t)cap * sizeof(*v));

		if (!v)
			return NULL;
		rec->tasks = v;
		rec->cap = cap;
	}
	t = &rec->tasks[rec->ntasks++];
	memset(t, 0, sizeof(*t));
	t->tid = tid;
	return t;
}

struct rtask *tracer_root(struct recorder *rec, pid_t pid)
{
	struct rtask *t = task_add(rec, pid);

	if (t)
		t->seen = t->known = 1;
	return t;
}

static void task_del(struct recorder *rec, pid_t tid)
{
	struct rtask *t = task_find(rec, tid);

	if (t)
		*t = rec->tasks[--rec->ntasks];
}

/* ---- system calls ---- */

static uint64_t page_up(uint64_t n)
{
	return (n + REC_PAGE - 1) & ~(REC_PAGE - 1);
}

static int is_err(uint64_t ret)
{
	return ret > (uint64_t)-4096;
}

static const char *ename(uint64_t ret)
{
	return err_name((int)-(int64_t)ret);
}

/* Linux's MADV_* numbers to script.md's words; NULL: nothing to replay. */
static const char *advice_word(uint64_t advice)
{
	switch (advice) {
	case 4: return "dontneed";
	case 8: return "free";
	case 9: return "dontneed";	/* MADV_REMOVE: unmaps as DONTNEED */
	case 10: return "dontfork";
	case 11: return "dofork";
	case 18: return "wipeonfork";
	case 19: return "keeponfork";
	case 21: return "pageout";
	case 22: return "populate_read";
	case 23: return "populate_write";
	/* HUGEPAGE, NOHUGEPAGE, COLLAPSE: THP is off for the program */
	default: return NULL;
	}
}

static void sys_mmap(struct recorder *rec, struct rtask *t, uint64_t ret)
{
	struct rmm *mm = t->mm;
	uint64_t len = page_up(t->args[1]);
	int flags = (int)t->args[3], zero = 0;
	struct rvma v;

	if (is_err(ret)) {
		/* The script's mmap is MAP_FIXED_NOREPLACE: that refusal replays. */
		if ((flags & MAP_FIXED_NOREPLACE) && (flags & MAP_ANONYMOUS))
			emit(rec, "expect-error %s mmap %s 0x%" PRIx64 " 0x%" PRIx64
			     " %s", ename(ret), mm->name, t->args[0], len,
			     prot_word((int)t->args[2]));
		else
			rec->ignored++;
		return;
	}
	memset(&v, 0, sizeof(v));
	v.start = ret;
	v.end = ret + len;
	v.prot = (int)t->args[2];
	v.shared = (flags & 3) != MAP_PRIVATE;
	v.growsdown = (flags & MAP_GROWSDOWN) != 0;
	v.file = -1;
	if (!(flags & MAP_ANONYMOUS)) {
		v.file = space_file(rec, t->tid, (int)t->args[4], &zero);
		v.off = t->args[5];
		v.skip = v.file < 0 && !zero;
	}
	if (flags & MAP_HUGETLB)
		v.skip = 1;
	if (v.skip)
		rec->lost[LOST_MAPPING]++;
	if (vma_overlaps(mm, v.start, v.end))	/* MAP_FIXED replaced it */
		emit(rec, "munmap %s 0x%" PRIx64 " 0x%" PRIx64, mm->name, v.start, len);
	vma_map(mm, &v);
	if (!v.skip)
		emit_mmap(rec, mm, &v, (flags & MAP_POPULATE) != 0);
}

/* munmap, mprotect, madvise, mlock: ADDR LEN and a word. */
static void sys_range(struct recorder *rec, struct rtask *t, uint64_t ret,
		      const char *call, const char *word)
{
	uint64_t addr = t->args[0], len = page_up(t->args[1]);
	char tail[32] = "";

	if (word)
		snprintf(tail, sizeof(tail), " %s", word);
	if (is_err(ret))
		emit(rec, "expect-error %s %s %s 0x%" PRIx64 " 0x%" PRIx64 "%s",
		     ename(ret), call, t->mm->name, addr, len, tail);
	else if (len)
		emit(rec, "%s %s 0x%" PRIx64 " 0x%" PRIx64 "%s", call,
		     t->mm->name, addr, len, tail);
}

static void sys_mremap(struct recorder *rec, struct rtask *t, uint64_t ret)
{
	struct rmm *mm = t->mm;
	uint64_t old = t->args[0], oldlen = page_up(t->args[1]);
	uint64_t newlen = page_up(t->args[2]), flags = t->args[3];
	struct rvma *at = vma_find(mm, old), v;
	int dontunmap = (flags & MREMAP_DONTUNMAP) != 0;

	if (is_err(ret) || !at) {
		rec->ignored++;
		return;
	}
	v = *at;
	v.off += old - v.start;
	if (ret == old && !dontunmap) {		/* resized in place */
		if (newlen > oldlen) {
			v.start = old + oldlen;
			v.end = old + newlen;
			v.off += oldlen;
			vma_map(mm, &v);
			emit_mmap(rec, mm, &v, 0);
		} else if (newlen < oldlen) {
			vma_unmap(mm, old + newlen, old + oldlen);
			emit(rec, "munmap %s 0x%" PRIx64 " 0x%" PRIx64, mm->name,
			     old + newlen, oldlen - newlen);
		}
		return;
	}
	emit(rec, "mremap %s 0x%" PRIx64 " 0x%" PRIx64 " 0x%" PRIx64 " 0x%" PRIx64
	     "%s", mm->name, old, oldlen, ret, newlen,
	     dontunmap ? " dontunmap" : "");
	if (oldlen && !dontunmap)
		vma_unmap(mm, old, old + oldlen);
	v.start = ret;
	v.end = ret + newlen;
	vma_map(mm, &v);
}

/*
 * brk(0) asks; brk(ADDR) answers the new break, or the old one where it
 * refused (docs/script-extensions.md: then ENOMEM).
 */
static void sys_brk(struct recorder *rec, struct rtask *t, uint64_t ret)
{
	struct rmm *mm = t->mm;
	uint64_t want = t->args[0], old_end = page_up(mm->brk);

	if (!want)
		return;
	if (ret != want) {
		emit(rec, "expect-error ENOMEM brk %s 0x%" PRIx64, mm->name, want);
		return;
	}
	if (page_up(want) > old_end) {
		struct rvma v = { .start = old_end, .end = page_up(want),
				  .prot = PROT_READ | PROT_WRITE, .file = -1 };

		vma_map(mm, &v);
	} else if (page_up(want) < old_end) {
		vma_unmap(mm, page_up(want), old_end);
	}
	mm->brk = want;
	emit(rec, "brk %s 0x%" PRIx64, mm->name, want);
}

/* mlock faults the range in as populate does: writably where it may. */
static void sys_mlock(struct recorder *rec, struct rtask *t, uint64_t ret)
{
	struct rvma *v = vma_find(t->mm, t->args[0]);
	int w = v && (v->prot & PROT_WRITE) && !v->shared;

	if (!is_err(ret) && v)
		sys_range(rec, t, ret, "madvise",
			  w ? "populate_write" : "populate_read");
}

static void syscall_exit(struct recorder *rec, struct rtask *t, uint64_t ret)
{
	long nr = t->nr;

	t->in_syscall = 0;
	if (nr == SYS_execve || nr == SYS_execveat) {
		t->in_exec = 0;	/* it failed: the old address space goes on */
		return;
	}
	if (!t->mm || t->mm->dead)
		return;		/* the command's launcher, before its exec */
	rec->syscalls++;
	if (nr == SYS_mmap) {
		sys_mmap(rec, t, ret);
	} else if (nr == SYS_munmap) {
		sys_range(rec, t, ret, "munmap", NULL);
		if (!is_err(ret))
			vma_unmap(t->mm, t->args[0], t->args[0] + page_up(t->args[1]));
	} else if (nr == SYS_mprotect || nr == SYS_pkey_mprotect) {
		int prot = (int)t->args[2] & (PROT_READ | PROT_WRITE | PROT_EXEC);

		sys_range(rec, t, ret, "mprotect", prot_word(prot));
		if (!is_err(ret))
			vma_protect(t->mm, t->args[0],
				    t->args[0] + page_up(t->args[1]), prot);
	} else if (nr == SYS_madvise) {
		const char *w = advice_word(t->args[2]);

		if (w)
			sys_range(rec, t, ret, "madvise", w);
		else
			rec->ignored++;
	} else if (nr == SYS_mremap) {
		sys_mremap(rec, t, ret);
	} else if (nr == SYS_brk) {
		sys_brk(rec, t, ret);
	} else if (nr == SYS_mlock || nr == SYS_mlock2) {
		sys_mlock(rec, t, ret);
	}
	if (!t->mm->dead && clock_seconds() - t->mm->last_ckpt >= rec->interval)
		space_checkpoint(rec, t->mm, t->tid);
}

/* A seccomp stop: the call's entry.  Returns the ptrace request to go on. */
static int syscall_entry(struct recorder *rec, struct rtask *t)
{
	struct user_regs_struct regs;

	if (ptrace(PTRACE_GETREGS, t->tid, 0, &regs))
		return PTRACE_CONT;
	t->nr = (long)regs.orig_rax;
	t->args[0] = regs.rdi;
	t->args[1] = regs.rsi;
	t->args[2] = regs.rdx;
	t->args[3] = regs.r10;
	t->args[4] = regs.r8;
	t->args[5] = regs.r9;
	switch (t->nr) {
	case SYS_shmat: case SYS_shmdt: case SYS_mlockall:
	case SYS_remap_file_pages: case SYS_process_madvise:
		if (t->mm)
			rec->lost[LOST_SYSCALL]++;
		return PTRACE_CONT;
	case SYS_execve: case SYS_execveat:
		/* The old address space's last figures, while it is whole. */
		if (t->mm && !t->mm->dead)
			space_checkpoint(rec, t->mm, t->tid);
		t->in_exec = 1;
		break;
	}
	t->in_syscall = 1;
	return PTRACE_SYSCALL;
}

/* ---- events ---- */

/* Whether @a and @b share an address space (kcmp), or -1 if unknown. */
static int same_vm(pid_t a, pid_t b)
{
	long r = syscall(SYS_kcmp, a, b, KCMP_VM, 0, 0);

	return r < 0 ? -1 : r == 0;
}

static void event_fork(struct recorder *rec, struct rtask *parent, int event)
{
	unsigned long msg = 0;
	struct rtask *c;
	struct rmm *pmm = parent->mm;
	pid_t child;
	int shared;

	if (ptrace(PTRACE_GETEVENTMSG, parent->tid, 0, &msg))
		return;
	child = (pid_t)msg;
	shared = same_vm(parent->tid, child);
	if (shared < 0)
		shared = event != PTRACE_EVENT_FORK;
	c = task_add(rec, child);	/* may move the task array */
	parent = NULL;
	if (!c)
		return;
	c->known = 1;
	if (pmm && !pmm->dead) {
		if (shared) {
			c->mm = pmm;
			pmm->users++;
		} else {
			c->mm = mm_fork(rec, pmm, child);
		}
	}
	if (c->seen)		/* its first stop came first: let it go now */
		ptrace(PTRACE_CONT, child, 0, 0);
}

static void event_exec(struct recorder *rec, struct rtask *t, pid_t pid)
{
	unsigned long former = 0;

	ptrace(PTRACE_GETEVENTMSG, pid, 0, &former);
	if ((pid_t)former != pid && (pid_t)former > 0) {
		/* A thread other than the leader exec'd: it takes the leader's id. */
		struct rtask *old = task_find(rec, (pid_t)former);

		if (old) {
			struct rtask moved = *old;

			task_del(rec, pid);	/* the old leader, gone silently */
			old = task_find(rec, (pid_t)former);
			moved.tid = pid;
			if (old)
				*old = moved;
			t = task_find(rec, pid);
		}
	}
	if (!t)
		return;
	if (t->mm)
		mm_put(rec, t->mm);
	t->in_exec = 0;
	t->in_syscall = 0;
	t->mm = mm_new(rec, pid);
	if (t->mm)
		space_exec(rec, t->mm, pid);
}

static void event_exit(struct recorder *rec, struct rtask *t)
{
	if (!t->mm || t->mm->dead)
		return;
	if (t->mm->users == 1)	/* the last: its exact final figures */
		space_checkpoint(rec, t->mm, t->tid);
	mm_put(rec, t->mm);
	t->mm = NULL;
}

void tracer_stop(struct recorder *rec, pid_t pid, int status)
{
	struct rtask *t = task_find(rec, pid);
	int sig, event, req = PTRACE_CONT, inject = 0;

	if (WIFEXITED(status) || WIFSIGNALED(status)) {
		if (t && t->mm)
			mm_put(rec, t->mm);	/* no exit stop: killed */
		task_del(rec, pid);
		return;
	}
	if (!WIFSTOPPED(status))
		return;
	sig = WSTOPSIG(status);
	event = status >> 16;
	if (!t) {		/* a new thread's first stop, before its parent's event */
		t = task_add(rec, pid);
		if (t)
			t->seen = 1;
		return;		/* let go by event_fork() */
	}
	if (sig == (SIGTRAP | 0x80) && t->in_syscall) {
		struct user_regs_struct regs;

		if (!ptrace(PTRACE_GETREGS, pid, 0, &regs))
			syscall_exit(rec, t, regs.rax);
	} else if (sig == SIGTRAP && event == PTRACE_EVENT_SECCOMP) {
		req = syscall_entry(rec, t);
	} else if (sig == SIGTRAP && (event == PTRACE_EVENT_FORK ||
				      event == PTRACE_EVENT_VFORK ||
				      event == PTRACE_EVENT_CLONE)) {
		event_fork(rec, t, event);
	} else if (sig == SIGTRAP && event == PTRACE_EVENT_EXEC) {
		event_exec(rec, t, pid);
	} else if (sig == SIGTRAP && event == PTRACE_EVENT_EXIT) {
		event_exit(rec, t);
	} else if (event) {
		/* PTRACE_EVENT_STOP and others: nothing to deliver */
	} else if (!t->seen && sig == SIGSTOP) {
		t->seen = 1;	/* the stop every new thread starts with */
		if (!t->known)
			return;
	} else {
		siginfo_t si;

		/* A group-stop has no siginfo: resume it without a signal. */
		if (!ptrace(PTRACE_GETSIGINFO, pid, 0, &si))
			inject = sig;
	}
	ptrace((enum __ptrace_request)req, pid, 0, (void *)(long)inject);
}

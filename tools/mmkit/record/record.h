/* SPDX-License-Identifier: MIT */
/*
 * record/record.h - `mmkit record` (shared/spec/cli.md): what its files
 * share.  The recorder runs a command under ptrace and the kernel's page
 * fault tracepoints and writes a script (script.md, docs/script-extensions.md)
 * that replays the command's memory operations on mmkit.
 *
 *   cmd_record.c  options, starting the command, the loop, the summary
 *   tracer.c      ptrace stops: system calls, fork/clone/exec/exit
 *   faults.c      perf_event_open on exceptions:page_fault_{user,kernel}
 *   space.c       what the recorder knows of each address space: its VMAs
 *                 (to place faults and in-place mremaps), the start after
 *                 execve from /proc, files and their page cache, the
 *                 kernel's own figures for `checkpoint`
 *   emit.c        the script's text, with runs of touches merged
 *
 * Ordering.  Every statement of one address space is written in the order
 * the recorder learns of it: at each ptrace stop it first drains the fault
 * rings (every fault the stopped thread made before its system call is
 * there already, since the tracepoint writes while the thread faults), then
 * writes the stop's statement.  A thread cannot touch memory an mmap gives
 * it before the recorder saw the mmap's result: the result reaches the
 * program only when the recorder lets the thread go on.
 */
#ifndef MMKIT_TOOL_RECORD_H
#define MMKIT_TOOL_RECORD_H

#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#define REC_PAGE ((uint64_t)4096)
#define REC_TASK_SIZE ((uint64_t)1 << 47)	/* x86-64 4-level user space */

/* What the summary counts as not seen or not replayable. */
enum rec_lost {
	LOST_PERF,		/* samples perf dropped (its LOST records) */
	LOST_NO_TASK,		/* faults of a thread the recorder does not know */
	LOST_NO_VMA,		/* faults where no mapping allows the access:
				 * the kernel answered SIGSEGV/SIGBUS */
	LOST_SYSCALL,		/* calls not written: shmat, mlockall, ... */
	LOST_MAPPING,		/* mappings not written (devices, hugetlb) */
	NR_LOST,
};

/* A mapping as the recorder models it (half-open [start, end)). */
struct rvma {
	uint64_t start, end;
	int prot;		/* PROT_* bits */
	int shared, growsdown;
	int skip;		/* not written (a device): its faults dropped */
	int file;		/* index into rec->files, or -1: anonymous */
	uint64_t off;		/* file offset of start */
};

/* One address space of the recording: an `mm` name. */
struct rmm {
	char name[32];
	int users;		/* tasks using it */
	int dead;		/* `exit` written */
	struct rvma *v;
	int n, cap;
	uint64_t start_brk, brk;
	double last_ckpt;	/* when its last checkpoint was written */
	uint64_t last_rss;	/* the kernel's rss at it */
};

/* One thread being traced. */
struct rtask {
	pid_t tid, tgid;
	struct rmm *mm;		/* NULL before the command's first execve */
	int in_syscall;		/* between a seccomp stop and its exit stop */
	int in_exec;		/* in execve: its faults are in the new start */
	long nr;		/* the call being made */
	uint64_t args[6];
	int seen;		/* its first stop arrived */
	int known;		/* its parent's fork/clone event arrived */
};

struct rfile {
	uint64_t dev, ino, size;
	char name[32];
};

struct faults;

struct recorder {
	FILE *out;
	struct faults *faults;	/* NULL: no fault tracepoints (--no-faults) */		/* the body (set-up goes before it at the end) */
	double interval;	/* seconds between checkpoints of one mm */
	struct rtask *tasks;
	int ntasks, cap;
	struct rmm **mms;
	int nmms, capmms;
	struct rfile *files;
	int nfiles, capfiles;
	uint64_t lost[NR_LOST];
	uint64_t ignored;	/* calls with no page-table effect (advice) */
	uint64_t statements, touches, nfaults, syscalls, checkpoints;
	uint64_t processes;
	uint64_t zero_pfn;	/* the shared zero page, for /proc/PID/pagemap */
	uint64_t peak_rss;	/* largest sum of the kernel's rss seen */
	uint64_t file_bytes;	/* sizes of the files declared */
	/* the touch being merged (emit.c) */
	struct rmm *run_mm;
	uint64_t run_start, run_pages;
	int run_write;
};

/* ---- emit.c ---- */
/* One statement line (a newline is added); flushes a pending touch run. */
void emit(struct recorder *rec, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* A page touched: merged with the run before it where it continues it. */
void emit_touch(struct recorder *rec, struct rmm *mm, uint64_t addr,
		int write);
void emit_flush(struct recorder *rec);
/* "none", "r", "rw", "rx", "rwx" for PROT_* bits, as x86 grants them. */
const char *prot_word(int prot);

/* ---- space.c ---- */
struct rmm *mm_new(struct recorder *rec, pid_t tgid);
/* A copy of @parent's model, for a fork child. */
struct rmm *mm_fork(struct recorder *rec, struct rmm *parent, pid_t tgid);
void mm_put(struct recorder *rec, struct rmm *mm);
struct rvma *vma_find(struct rmm *mm, uint64_t addr);
int vma_overlaps(struct rmm *mm, uint64_t start, uint64_t end);
void vma_map(struct rmm *mm, const struct rvma *v);
void vma_unmap(struct rmm *mm, uint64_t start, uint64_t end);
void vma_protect(struct rmm *mm, uint64_t start, uint64_t end, int prot);
/*
 * Whether a fault at @addr (@write) is one the kernel served: inside a
 * mapping that allows it, or a stack growing down (the model grows too).
 */
int vma_allows(struct rmm *mm, uint64_t addr, int write);
/*
 * The address space @pid has just after execve: `brk ... start`, each
 * mapping of /proc/PID/maps, its present pages (pagemap), a checkpoint.
 */
int space_exec(struct recorder *rec, struct rmm *mm, pid_t pid);
/* The file open as @fd in @pid: declared (`file`, `cache`) on first sight;
 * its index, or -1 for what is not a file (then *@zero tells /dev/zero). */
int space_file(struct recorder *rec, pid_t pid, int fd, int *zero);
/* `checkpoint MM pgtable=B rss=B` from /proc/TID/status. */
void space_checkpoint(struct recorder *rec, struct rmm *mm, pid_t tid);
/* The `mmap` statement that makes @v (already in the model). */
void emit_mmap(struct recorder *rec, struct rmm *mm, const struct rvma *v,
	       int populate);
/* The shared zero page's frame, for telling read faults in pagemap. */
void space_init(struct recorder *rec);

/* ---- tracer.c ---- */
/* The seccomp filter the command runs under (in the child, before exec). */
int tracer_seccomp(void);
/* One waitpid() status of @pid: handle and resume it. */
void tracer_stop(struct recorder *rec, pid_t pid, int status);
struct rtask *task_find(struct recorder *rec, pid_t tid);
/* The command's first thread, stopped before its execve. */
struct rtask *tracer_root(struct recorder *rec, pid_t pid);
/* `mmkit record` (record/cmd_record.c). */
int cmd_record(int argc, char **argv);

/* ---- faults.c ---- */
struct faults;
/* Per-CPU rings following @pid and its descendants.  NULL with @why. */
struct faults *faults_open(pid_t pid, char *why, size_t size);
/* Everything in the rings, in time order, to rec (vma_allows, emit_touch). */
void faults_drain(struct faults *f, struct recorder *rec);
/* File descriptors to poll for "the rings are filling". */
int faults_fds(struct faults *f, int *fds, int max);
void faults_close(struct faults *f);

#endif

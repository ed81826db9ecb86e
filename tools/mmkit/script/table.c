/* SPDX-License-Identifier: MIT */
/*
 * script/table.c - every statement of script.md in one table: its words,
 * its arguments, its options, its handler, and (for what a later issue
 * brings) the issue it waits for.  The parser, the runner and `--help`
 * all read this table; nothing else lists statements.
 */
#include <stdio.h>
#include <string.h>

#include "script/runner.h"

#define SETUP (D_SETUP | D_NOWRAP)
#define EXPECT (D_EXPECT | D_NOWRAP)

const struct stmt_desc stmt_table[] = {
	/* machine set-up */
	{ "policy", { A_POLICY }, 0, SETUP, NULL, NULL,
	  "page-table lifetime policy: keep linux refcount rwsem full (default linux)" },
	{ "ram", { A_SIZE }, 0, SETUP, NULL, NULL,
	  "simulated RAM, page tables included (default 1G)" },
	{ "cpus", { A_N }, 0, SETUP, NULL, NULL,
	  "simulated CPUs, each with its own TLB (default 2)" },
	{ "gather", { A_N }, 0, SETUP, NULL, NULL,
	  "mmu_gather batch capacity in pages (default 64)" },
	{ "device", { A_NEWDEV, A_DEVKIND, A_SIZE }, O_ALIGN, SETUP, NULL, NULL,
	  "device memory: private (HMM) or dax (devmap; align=2M maps PMD "
	  "leaves, the default, align=4K PTEs)" },
	{ "bug", { A_BUG }, 0, SETUP, NULL, NULL,
	  "switch a historical bug back on (policies.md)" },

	/* address spaces */
	{ "mm", { A_NEWMM }, 0, 0, run_mm, NULL,
	  "a new, empty address space" },
	{ "mmap", { A_MM, A_ADDR, A_LEN, A_PROT },
	  O_SHARED | O_DEV | O_OFF | O_HUGE | O_POPULATE, 0, run_mmap, NULL,
	  "map at exactly ADDR (MAP_FIXED_NOREPLACE); PROT none r rw rx rwx" },
	{ "munmap", { A_MM, A_ADDR, A_LEN }, 0, 0, run_munmap, NULL,
	  "munmap" },
	{ "mprotect", { A_MM, A_ADDR, A_LEN, A_PROT }, 0, 0, run_mprotect,
	  NULL, "mprotect" },
	{ "madvise", { A_MM, A_ADDR, A_LEN, A_ADVICE }, 0, 0, run_madvise,
	  NULL, "madvise: dontneed free pageout populate_read populate_write "
		"hugepage nohugepage collapse dontfork dofork wipeonfork keeponfork" },
	{ "mremap", { A_MM, A_OLD, A_OLDLEN, A_NEW, A_NEWLEN }, O_DONTUNMAP, 0,
	  run_mremap, NULL, "mremap MREMAP_MAYMOVE|MREMAP_FIXED to NEW" },
	{ "fork", { A_MM, A_NEWMM }, 0, 0, run_fork, NULL,
	  "fork: CHILD gets a COW copy of PARENT" },
	{ "exit", { A_EXITMM }, 0, 0, run_exit, NULL,
	  "the process exits; its address space is torn down" },

	/* memory access */
	{ "write", { A_MM, A_ADDR, A_DATA }, O_CPU, 0, run_write, NULL,
	  "store DATA at ADDR (any alignment)" },
	{ "read", { A_MM, A_ADDR, A_DATA }, O_CPU, 0, run_read, NULL,
	  "load len(DATA) bytes at ADDR; they must equal DATA" },
	{ "touch", { A_MM, A_ADDR, A_LEN, A_RW }, O_STRIDE | O_CPU, 0,
	  run_touch, NULL,
	  "one access per page (or per stride); w rewrites the byte it finds" },

	/* GUP and DMA */
	{ "pin", { A_NEWPIN, A_MM, A_ADDR, A_NPAGES },
	  O_WRITE | O_LONGTERM | O_FAST, 0, run_pin, NULL,
	  "pin_user_pages(_fast) with FOLL_PIN; a partial pin fails, pins nothing" },
	{ "get", { A_NEWPIN, A_MM, A_ADDR, A_NPAGES }, O_WRITE | O_FAST, 0,
	  run_pin, NULL, "get_user_pages(_fast) with FOLL_GET" },
	{ "unpin", { A_UNPIN }, O_DIRTY, 0, run_unpin, NULL,
	  "unpin_user_pages(_dirty_lock), or put_page for a get set" },
	{ "dma-write", { A_PIN, A_OFFSET, A_DATA }, 0, 0, run_dma, NULL,
	  "a device writes DATA into a pinned set, OFFSET bytes into it" },
	{ "dma-read", { A_PIN, A_OFFSET, A_DATA }, 0, 0, run_dma, NULL,
	  "a device reads a pinned set; must equal DATA" },

	/* devices and migration */
	{ "migrate", { A_MM, A_ADDR, A_NPAGES, A_TARGET }, 0, 0, run_migrate,
	  NULL, "migrate_vma to a device-private DEVICE, or back to ram" },
	{ "unbind", { A_DEV }, 0, 0, run_unbind, NULL,
	  "the device goes away (memunmap_pages)" },
	{ "dev-read", { A_DEV, A_MM, A_ADDR, A_DATA }, 0, 0, run_dev_access,
	  NULL, "the device reads user memory through its mirror" },
	{ "dev-write", { A_DEV, A_MM, A_ADDR, A_DATA }, 0, 0, run_dev_access,
	  NULL, "the device writes user memory through its mirror" },

	/* expectations */
	{ "expect-error", { A_ERR, A_STMT }, 0, EXPECT, run_expect_error,
	  NULL, "STATEMENT must fail with ERR (an errno name, SIGSEGV or SIGBUS)" },
	{ "may-fail", { A_ERR, A_STMT }, 0, D_NOWRAP, run_may_fail, NULL,
	  "STATEMENT succeeds or fails with ERR: for a thread block whose "
	  "outcome depends on the interleaving" },
	{ "expect pte", { A_MM, A_ADDR, A_PTEKV }, 0, EXPECT, run_expect_pte,
	  NULL, "keys none present write dirty young huge devmap migration "
		"device exclusive; values 0 or 1" },
	{ "expect page", { A_MM, A_ADDR, A_PAGEKV }, 0, EXPECT,
	  run_expect_page, NULL,
	  "keys mapcount refcount (counts) pinned dirty anon zero device (0 or 1)" },
	{ "expect stat", { A_MM, A_STATKEY, A_OP, A_VALUE }, 0, EXPECT,
	  run_expect_stat, NULL,
	  "keys rss pgtable pte_tables pmd_tables pud_tables vmas; OP == != < <= > >=" },
	{ "expect sys", { A_SYSKEY, A_OP, A_VALUE }, 0, EXPECT,
	  run_expect_sys, NULL, "keys frames_used pgtable_frames pending_free" },
	{ "expect same-frame", { A_MM, A_ADDR, A_MM, A_ADDR }, 0, EXPECT,
	  run_expect_frame, NULL, "both addresses map the same physical page" },
	{ "expect distinct-frame", { A_MM, A_ADDR, A_MM, A_ADDR }, 0, EXPECT,
	  run_expect_frame, NULL, "both addresses map different physical pages" },
	{ "sync", { A_END }, 0, D_NOWRAP, run_sync, NULL,
	  "wait for every deferred free (rcu_barrier)" },

	/* threads */
	{ "thread", { A_NEWTHREAD }, O_CPU, D_THREAD | D_NOWRAP, NULL, NULL,
	  "open a block of indented statements run by one thread on CPU N "
	  "(default: the lowest CPU no other block of the run asked for)" },
	{ "run", { A_END }, 0, D_RUN | D_NOWRAP, NULL, NULL,
	  "run every block opened since the last run, at once, and wait for all" },
	{ NULL, { A_END }, 0, 0, NULL, NULL, NULL },
};

static int word_is(const char *w, size_t l, const char *name)
{
	return strlen(name) == l && !memcmp(w, name, l);
}

/*
 * Find the statement named by the first word (or, for `expect`, the first
 * two).  *words gets how many words the name took (2 for any `expect`, so
 * the caller knows where the arguments start and what to blame).
 */
const struct stmt_desc *stmt_lookup(const char *w1, size_t l1,
				    const char *w2, size_t l2, int *words)
{
	const struct stmt_desc *d;

	*words = 1;
	if (word_is(w1, l1, "expect")) {
		*words = 2;
		if (!w2)
			return NULL;
		for (d = stmt_table; d->name; d++)
			if (!strncmp(d->name, "expect ", 7) &&
			    word_is(w2, l2, d->name + 7))
				return d;
		return NULL;
	}
	for (d = stmt_table; d->name; d++)
		if (word_is(w1, l1, d->name))
			return d;
	return NULL;
}

const char *arg_kind_name(enum arg_kind k)
{
	static const char *const names[] = {
		[A_END] = "", [A_NEWMM] = "MM", [A_MM] = "MM",
		[A_EXITMM] = "MM", [A_NEWPIN] = "NAME", [A_PIN] = "NAME",
		[A_UNPIN] = "NAME", [A_NEWDEV] = "NAME", [A_DEV] = "DEVICE",
		[A_NEWTHREAD] = "NAME", [A_TARGET] = "DEVICE|ram",
		[A_ADDR] = "ADDR", [A_LEN] = "LEN", [A_SIZE] = "SIZE",
		[A_N] = "N", [A_NPAGES] = "NPAGES", [A_OFFSET] = "OFFSET",
		[A_VALUE] = "VALUE", [A_OLD] = "OLD", [A_OLDLEN] = "OLDLEN",
		[A_NEW] = "NEW", [A_NEWLEN] = "NEWLEN", [A_PROT] = "PROT",
		[A_DATA] = "DATA", [A_RW] = "r|w", [A_ADVICE] = "ADVICE",
		[A_DEVKIND] = "private|dax", [A_POLICY] = "P", [A_BUG] = "NAME",
		[A_STATKEY] = "KEY", [A_SYSKEY] = "KEY", [A_OP] = "OP",
		[A_ERR] = "ERR", [A_PTEKV] = "KEY=VAL...",
		[A_PAGEKV] = "KEY=VAL...", [A_STMT] = "STATEMENT...",
	};

	return names[k];
}

static const char *const opt_usage[NR_OPTS] = {
	"shared", "dev=DEVICE", "off=N", "huge", "populate", "stride=N",
	"cpu=N", "write", "longterm", "fast", "dirty", "dontunmap", "align=4K|2M",
};

void stmt_usage(const struct stmt_desc *d, char *buf, size_t size)
{
	size_t n = (size_t)snprintf(buf, size, "%s", d->name);
	int i;

	for (i = 0; d->args[i] != A_END && n < size; i++) {
		const char *a = arg_kind_name(d->args[i]);

		/* fork PARENT CHILD reads better than fork MM MM */
		if (!strcmp(d->name, "fork"))
			a = i ? "CHILD" : "PARENT";
		n += (size_t)snprintf(buf + n, size - n, " %s", a);
	}
	for (i = 0; i < NR_OPTS && n < size; i++)
		if (d->opts & (1u << i))
			n += (size_t)snprintf(buf + n, size - n, " [%s]",
					      opt_usage[i]);
}

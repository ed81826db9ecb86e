/* SPDX-License-Identifier: MIT */
/*
 * script/table.c - every statement of script.md in one table: its words,
 * its arguments, its options, what it does (a handler, or a set-up
 * function), what it checks, and (for what a later issue brings) the
 * issue it waits for; and the table of statement options.  The parser,
 * the runner and `--help` all read these tables; nothing else lists
 * statements or tells them apart by name.
 */
#include <assert.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "script/runner.h"

#define SETUP (D_SETUP | D_NOWRAP)
#define EXPECT (D_EXPECT | D_NOWRAP)

const struct stmt_desc stmt_table[] = {
	/* machine set-up */
	{ .name = "policy", .args = { A_POLICY }, .flags = SETUP,
	  .setup = setup_policy,
	  .help = "page-table lifetime policy: keep linux refcount rwsem full "
		  "(default linux)" },
	{ .name = "ram", .args = { A_SIZE }, .flags = SETUP, .setup = setup_ram,
	  .help = "simulated RAM, page tables included (default 1G)" },
	{ .name = "cpus", .args = { A_CPUS }, .flags = SETUP,
	  .setup = setup_cpus,
	  .help = "simulated CPUs, each with its own TLB (default 2)" },
	{ .name = "gather", .args = { A_GATHER }, .flags = SETUP,
	  .setup = setup_gather,
	  .help = "mmu_gather batch capacity in pages (default 64)" },
	{ .name = "device", .args = { A_NEWDEV, A_DEVKIND, A_SIZE },
	  .opts = O_ALIGN, .flags = SETUP, .setup = setup_device,
	  .help = "device memory: private (HMM) or dax (devmap; align=2M maps "
		  "PMD leaves, the default, align=4K PTEs)" },
	{ .name = "thp", .args = { A_THP }, .flags = SETUP, .setup = setup_thp,
	  .help = "transparent_hugepage/enabled: always, madvise (THP only where "
		  "`huge`/hugepage asked, the default) or never" },
	{ .name = "bug", .args = { A_BUG }, .flags = SETUP, .setup = setup_bug,
	  .help = "switch a historical bug back on (policies.md)" },

	/* files (script.md "Files"; cache: docs/script-extensions.md) */
	{ .name = "file", .args = { A_NEWFILE, A_FSIZE }, .run = run_file,
	  .help = "a tmpfs file of SIZE bytes, all zero until written" },
	{ .name = "cache", .args = { A_FILE, A_OFFSET, A_LEN }, .run = run_cache,
	  .help = "pages of the file enter the page cache, clean (as a read(2) "
		  "leaves them)" },

	/* address spaces */
	{ .name = "mm", .args = { A_NEWMM }, .run = run_mm,
	  .help = "a new, empty address space" },
	{ .name = "mmap", .args = { A_MM, A_ADDR, A_LEN, A_PROT },
	  .opts = O_SHARED | O_DEV | O_FILE | O_OFF | O_HUGE | O_POPULATE |
		  O_GROWSDOWN,
	  .run = run_mmap,
	  .help = "map at exactly ADDR (MAP_FIXED_NOREPLACE); PROT none r rw rx "
		  "rwx; file=NAME maps a file (private unless shared)" },
	{ .name = "munmap", .args = { A_MM, A_ADDR, A_LEN }, .run = run_munmap,
	  .help = "munmap" },
	{ .name = "brk", .args = { A_MM, A_BRK }, .opts = O_START, .run = run_brk,
	  .help = "brk(ADDR): move the program break (ENOMEM where Linux keeps the "
		  "old one); `start`: execve's start_brk" },
	{ .name = "mprotect", .args = { A_MM, A_ADDR, A_LEN, A_PROT },
	  .run = run_mprotect, .help = "mprotect" },
	{ .name = "madvise", .args = { A_MM, A_ADDR, A_LEN, A_ADVICE },
	  .run = run_madvise,
	  .help = "madvise: dontneed free pageout populate_read populate_write "
		  "hugepage nohugepage collapse dontfork dofork wipeonfork "
		  "keeponfork" },
	{ .name = "mremap", .args = { A_MM, A_OLD, A_OLDLEN, A_NEW, A_NEWLEN },
	  .opts = O_DONTUNMAP, .run = run_mremap,
	  .help = "mremap MREMAP_MAYMOVE|MREMAP_FIXED to NEW" },
	{ .name = "fork", .args = { A_PARENT, A_CHILD }, .run = run_fork,
	  .help = "fork: CHILD gets a COW copy of PARENT" },
	{ .name = "exit", .args = { A_EXITMM }, .run = run_exit,
	  .help = "the process exits; its address space is torn down" },

	/* memory access */
	{ .name = "write", .args = { A_MM, A_ADDR, A_DATA }, .opts = O_CPU,
	  .run = run_write, .help = "store DATA at ADDR (any alignment)" },
	{ .name = "read", .args = { A_MM, A_ADDR, A_DATA }, .opts = O_CPU,
	  .run = run_read, .checks = "invariant 10: no write is lost",
	  .help = "load len(DATA) bytes at ADDR; they must equal DATA" },
	{ .name = "touch", .args = { A_MM, A_ADDR, A_LEN, A_RW },
	  .opts = O_STRIDE | O_CPU, .run = run_touch,
	  .help = "one access per page (or per stride); w rewrites the byte it "
		  "finds" },

	/* GUP and DMA */
	{ .name = "pin", .args = { A_NEWPIN, A_MM, A_ADDR, A_NPAGES },
	  .opts = O_WRITE | O_LONGTERM | O_FAST, .run = run_pin,
	  .help = "pin_user_pages(_fast) with FOLL_PIN; a partial pin fails, pins "
		  "nothing" },
	{ .name = "get", .args = { A_NEWGET, A_MM, A_ADDR, A_NPAGES },
	  .opts = O_WRITE | O_FAST, .run = run_get,
	  .help = "get_user_pages(_fast) with FOLL_GET" },
	{ .name = "unpin", .args = { A_UNPIN }, .opts = O_DIRTY, .run = run_unpin,
	  .help = "unpin_user_pages(_dirty_lock), or put_page for a get set" },
	{ .name = "dma-write", .args = { A_PIN, A_OFFSET, A_DATA },
	  .run = run_dma_write,
	  .help = "a device writes DATA into a pinned set, OFFSET bytes into it" },
	{ .name = "dma-read", .args = { A_PIN, A_OFFSET, A_DATA },
	  .run = run_dma_read,
	  .checks = "invariant 7: a pinned page must stay the page the mapping "
		    "shows, with its contents",
	  .help = "a device reads a pinned set; must equal DATA" },

	/* devices and migration */
	{ .name = "migrate", .args = { A_MM, A_ADDR, A_NPAGES, A_TARGET },
	  .run = run_migrate,
	  .help = "migrate_vma to a device-private DEVICE, or back to ram" },
	{ .name = "unbind", .args = { A_DEV }, .run = run_unbind,
	  .help = "the device goes away (memunmap_pages)" },
	{ .name = "dev-read", .args = { A_DEV, A_MM, A_ADDR, A_DATA },
	  .run = run_dev_read,
	  .help = "the device reads user memory through its mirror" },
	{ .name = "dev-write", .args = { A_DEV, A_MM, A_ADDR, A_DATA },
	  .run = run_dev_write,
	  .help = "the device writes user memory through its mirror" },

	/* expectations */
	{ .name = "expect-error", .args = { A_ERR, A_STMT }, .flags = EXPECT,
	  .run = run_expect_error,
	  .help = "STATEMENT must fail with ERR (an errno name, SIGSEGV or "
		  "SIGBUS)" },
	{ .name = "may-fail", .args = { A_ERR, A_STMT }, .flags = D_NOWRAP,
	  .run = run_may_fail,
	  .help = "STATEMENT succeeds or fails with ERR: for a thread block whose "
		  "outcome depends on the interleaving" },
	{ .name = "expect pte", .args = { A_MM, A_ADDR, A_PTEKV },
	  .flags = EXPECT, .run = run_expect_pte,
	  .help = "keys none present (as pagemap: PROT_NONE entries are "
		  "present) write dirty young huge devmap migration device "
		  "exclusive; values 0 or 1" },
	{ .name = "expect page", .args = { A_MM, A_ADDR, A_PAGEKV },
	  .flags = EXPECT, .run = run_expect_page,
	  .help = "keys mapcount refcount (counts) pinned dirty anon zero device "
		  "(0 or 1)" },
	{ .name = "expect stat", .args = { A_MM, A_STATKEY, A_OP, A_VALUE },
	  .flags = EXPECT, .run = run_expect_stat,
	  .help = "keys rss pgtable pte_tables pmd_tables pud_tables vmas; OP == "
		  "!= < <= > >=" },
	{ .name = "expect sys", .args = { A_SYSKEY, A_OP, A_VALUE },
	  .flags = EXPECT, .run = run_expect_sys,
	  .help = "keys frames_used pgtable_frames pending_free" },
	{ .name = "expect same-frame", .args = { A_MM, A_ADDR, A_MM, A_ADDR },
	  .flags = EXPECT, .run = run_expect_same_frame,
	  .help = "both addresses map the same physical page" },
	{ .name = "expect distinct-frame", .args = { A_MM, A_ADDR, A_MM, A_ADDR },
	  .flags = EXPECT, .run = run_expect_distinct_frame,
	  .help = "both addresses map different physical pages" },
	{ .name = "sync", .args = { A_END }, .flags = D_NOWRAP, .run = run_sync,
	  .help = "wait for every deferred free (rcu_barrier)" },
	{ .name = "khugepaged", .args = { A_OPTMM }, .run = run_khugepaged,
	  .help = "one full khugepaged pass over MM (or every address space), "
		  "now: collapses what its default tunables allow" },

	/* recordings */
	{ .name = "checkpoint", .args = { A_MM, A_CKPTKV },
	  .flags = D_NOWRAP | D_NOBLOCK, .run = run_checkpoint,
	  .help = "what the kernel reported for MM here (mmkit record): keys "
		  "pgtable rss in bytes; compared with mmkit's at the end, never "
		  "a failure unless --strict-checkpoints" },

	/* threads */
	{ .name = "thread", .args = { A_NEWTHREAD }, .opts = O_CPU,
	  .flags = D_THREAD | D_NOWRAP,
	  .help = "open a block of indented statements run by one thread on CPU "
		  "N (default: the lowest CPU no other block of the run asked "
		  "for)" },
	{ .name = "run", .args = { A_END }, .flags = D_RUN | D_NOWRAP,
	  .help = "run every block opened since the last run, at once, and wait "
		  "for all" },
	{ .name = NULL },
};

const struct opt_desc opt_table[NR_OPTS] = {
	{ "shared", "shared", 0, NULL },
	{ "dev", "dev=DEVICE", 1, NULL },
	{ "off", "off=N", 1, NULL },
	{ "huge", "huge", 0, NULL },
	{ "populate", "populate", 0, NULL },
	{ "stride", "stride=N", 1, NULL },
	{ "cpu", "cpu=N", 1, NULL },
	{ "write", "write", 0, NULL },
	{ "longterm", "longterm", 0, NULL },
	{ "fast", "fast", 0, NULL },
	{ "dirty", "dirty", 0, NULL },
	{ "dontunmap", "dontunmap", 0, NULL },
	{ "align", "align=4K|2M", 1, NULL },
	{ "file", "file=NAME", 1, NULL },
	{ "growsdown", "growsdown", 0, NULL },
	{ "start", "start", 0, NULL },
};

static int word_is(const char *w, size_t l, const char *name, size_t n)
{
	return n == l && !memcmp(w, name, l);
}

/*
 * Each statement name's words, measured once: every line of a script is
 * looked up here, and a recording has millions.
 */
struct name_words {
	unsigned char len1, len2;	/* len2 0: a one-word statement */
};
static struct name_words name_words[256];
static pthread_once_t name_words_once = PTHREAD_ONCE_INIT;

static void name_words_measure(void)
{
	for (size_t i = 0; stmt_table[i].name; i++) {
		const char *name = stmt_table[i].name;
		size_t n = strcspn(name, " ");

		assert(i < sizeof(name_words) / sizeof(name_words[0]));
		name_words[i].len1 = (unsigned char)n;
		name_words[i].len2 = (unsigned char)(name[n] ? strlen(name + n + 1) : 0);
	}
}

const struct stmt_desc *stmt_lookup(const char *w1, size_t l1,
				    const char *w2, size_t l2, int *words)
{
	const struct stmt_desc *d;

	pthread_once(&name_words_once, name_words_measure);
	*words = 1;
	for (d = stmt_table; d->name; d++) {
		const struct name_words *nw = &name_words[d - stmt_table];

		if (!word_is(w1, l1, d->name, nw->len1))
			continue;
		if (!nw->len2)
			return d;
		*words = 2;	/* d->name + len1 + 1 is the second word */
		if (w2 && word_is(w2, l2, d->name + nw->len1 + 1, nw->len2))
			return d;
	}
	return NULL;
}

void stmt_family(const char *w1, size_t l1, char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = '\0';
	for (const struct stmt_desc *d = stmt_table; d->name && len < size; d++) {
		size_t n = strcspn(d->name, " ");

		if (d->name[n] && word_is(w1, l1, d->name, n))
			len += (size_t)snprintf(buf + len, size - len, "%s%s",
						len ? " " : "", d->name + n + 1);
	}
}

const char *arg_kind_name(enum arg_kind k)
{
	static const char *const names[] = {
		[A_END] = "", [A_NEWMM] = "MM", [A_MM] = "MM",
		[A_EXITMM] = "MM", [A_OPTMM] = "[MM]", [A_NEWPIN] = "NAME", [A_NEWGET] = "NAME", [A_PIN] = "NAME",
		[A_UNPIN] = "NAME", [A_PARENT] = "PARENT", [A_CHILD] = "CHILD",
		[A_NEWDEV] = "NAME", [A_DEV] = "DEVICE",
		[A_NEWFILE] = "NAME", [A_FILE] = "NAME", [A_FSIZE] = "SIZE",
		[A_BRK] = "ADDR",
		[A_NEWTHREAD] = "NAME", [A_TARGET] = "DEVICE|ram",
		[A_ADDR] = "ADDR", [A_LEN] = "LEN", [A_SIZE] = "SIZE",
		[A_CPUS] = "N", [A_GATHER] = "N",
		[A_NPAGES] = "NPAGES", [A_OFFSET] = "OFFSET",
		[A_VALUE] = "VALUE", [A_OLD] = "OLD", [A_OLDLEN] = "OLDLEN",
		[A_NEW] = "NEW", [A_NEWLEN] = "NEWLEN", [A_PROT] = "PROT",
		[A_DATA] = "DATA", [A_RW] = "r|w", [A_ADVICE] = "ADVICE",
		[A_DEVKIND] = "private|dax", [A_POLICY] = "P", [A_THP] = "always|madvise|never", [A_BUG] = "NAME",
		[A_STATKEY] = "KEY", [A_SYSKEY] = "KEY", [A_OP] = "OP",
		[A_ERR] = "ERR", [A_PTEKV] = "KEY=VAL...",
		[A_PAGEKV] = "KEY=VAL...", [A_CKPTKV] = "KEY=BYTES...",
		[A_STMT] = "STATEMENT...",
	};

	return names[k];
}

void stmt_usage(const struct stmt_desc *d, char *buf, size_t size)
{
	size_t n = (size_t)snprintf(buf, size, "%s", d->name);
	int i;

	for (i = 0; d->args[i] != A_END && n < size; i++)
		n += (size_t)snprintf(buf + n, size - n, " %s",
				      arg_kind_name(d->args[i]));
	for (i = 0; i < NR_OPTS && n < size; i++)
		if (d->opts & (1u << i))
			n += (size_t)snprintf(buf + n, size - n, " [%s]",
					      opt_table[i].usage);
}

/* One line of stmt_later(), after its heading. */
static void later_line(FILE *f, const char **heading, const struct stmt_desc *d,
		       const char *what, const char *issue)
{
	if (*heading)
		fputs(*heading, f);
	*heading = NULL;
	fprintf(f, "  %s ... %s (%s)\n", d->name, what, issue);
}

/* The words of @d's enumeration arguments that a later issue brings. */
static void later_words(FILE *f, const char **heading, const struct stmt_desc *d)
{
	for (int k = 0; d->args[k] != A_END; k++) {
		const struct name_val *nv = arg_kind_names(d->args[k]);

		for (; nv && nv->name; nv++)
			if (nv->notimpl)
				later_line(f, heading, d, nv->name, nv->notimpl);
	}
}

void stmt_later(FILE *f, const char *heading)
{
	for (const struct stmt_desc *d = stmt_table; d->name; d++) {
		if (d->notimpl)
			later_line(f, &heading, d, "(the statement)", d->notimpl);
		for (int i = 0; i < NR_OPTS; i++)
			if ((d->opts & (1u << i)) && opt_table[i].notimpl)
				later_line(f, &heading, d, opt_table[i].usage,
					   opt_table[i].notimpl);
		later_words(f, &heading, d);
	}
}

/* SPDX-License-Identifier: MIT */
/*
 * kdiff/check.c - whether the kernel side can run a script at all
 * (kdiff/diff.h): before anything runs, every statement is looked at, and
 * the first the kernel side cannot run refuses the whole script with
 * "FILE:LINE:COL: kdiff cannot run this on the kernel: why" (exit 2).
 *
 * What a process cannot do by itself has no kernel side: GUP pins and
 * references, DMA, device memory and migration, a device's mirror, thread
 * blocks (their interleaving is mmkit's scheduler's), mmkit's historical
 * bug switches.  Set-up statements `ram`, `cpus` and `gather` describe
 * mmkit's machine only and are fine; `policy` is overridden
 * (kdiff/diff.c).  THP: agents run with THP off (PR_SET_THP_DISABLE)
 * unless the script asks for it (`huge`, MADV_HUGEPAGE/NOHUGEPAGE); such
 * a script needs its `thp` mode to be the host's
 * (/sys/kernel/mm/transparent_hugepage/enabled).  MADV_COLLAPSE is
 * compared (and keeps THP on, as `huge` does); `khugepaged` is not: the
 * host's khugepaged thread runs on its own schedule, and may collapse a
 * `huge` range of an agent at any time (rarely within a script's
 * milliseconds; a disagreement it causes does not repeat).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <mmkit/mmkit.h>

#include "kdiff/diff.h"

/* Why a statement the view does not describe has no kernel side. */
static const struct {
	const char *word;
	const char *why;
} no_kernel_side[] = {
	{ "pin", "GUP pins are taken by drivers, not by a process" },
	{ "get", "GUP references are taken by drivers, not by a process" },
	{ "unpin", "GUP pins are taken by drivers, not by a process" },
	{ "dma-write", "DMA needs a pinned set, which only drivers have" },
	{ "dma-read", "DMA needs a pinned set, which only drivers have" },
	{ "migrate", "device migration needs a device driver" },
	{ "unbind", "device memory needs a device driver" },
	{ "dev-read", "a device's mirror needs a device driver" },
	{ "dev-write", "a device's mirror needs a device driver" },
	{ "device", "device memory needs a device driver" },
	{ "bug", "bug switches are mmkit's, not the kernel's" },
	{ "thread", "thread blocks interleave under mmkit's scheduler" },
	{ "run", "thread blocks interleave under mmkit's scheduler" },
	{ "file", "the agent makes no files yet: docs/fidelity.md" },
	{ "cache", "the agent makes no files yet: docs/fidelity.md" },
	{ "khugepaged", "the kernel's khugepaged runs on its own schedule; "
			"MADV_COLLAPSE is the synchronous way" },
};

static int refuse(const struct script *sc, const struct script_view *v,
		  int col, char *msg, size_t size, const char *why)
{
	snprintf(msg, size, "%s:%d:%d: kdiff cannot run this on the kernel: %s",
		 script_file(sc), v->line, col, why);
	return 2;
}

static const char *why_not(const char *word)
{
	for (size_t i = 0; i < sizeof(no_kernel_side) / sizeof(no_kernel_side[0]); i++)
		if (!strcmp(no_kernel_side[i].word, word))
			return no_kernel_side[i].why;
	return "it has no system call a process could make";
}

static int thp_advice(int advice)
{
	return advice == MMK_MADV_HUGEPAGE || advice == MMK_MADV_NOHUGEPAGE ||
	       advice == MMK_MADV_COLLAPSE;
}

/* Does the script ask for THP anywhere (kdiff.h)? */
int kd_uses_thp(const struct script *sc)
{
	struct script_view v;

	if (script_thp(sc) == MMK_THP_ALWAYS)
		return 1;
	for (int i = 0; i < script_nstmts(sc); i++) {
		script_view(sc, i, &v);
		if (v.huge || (v.op == SOP_MADVISE && thp_advice(v.advice)))
			return 1;
	}
	return 0;
}

/* The first line of transparent_hugepage/@name into @buf, "" if unreadable. */
static void read_thp_setting(const char *name, char *buf, size_t size)
{
	char path[96];
	FILE *f;

	snprintf(path, sizeof(path), "/sys/kernel/mm/transparent_hugepage/%s", name);
	buf[0] = '\0';
	f = fopen(path, "r");
	if (f) {
		if (!fgets(buf, (int)size, f))
			buf[0] = '\0';
		fclose(f);
	}
}

/* The host's transparent_hugepage/enabled, or -1 if it cannot be read. */
static int host_thp_mode(void)
{
	char buf[128];

	read_thp_setting("enabled", buf, sizeof(buf));
	if (strstr(buf, "[always]"))
		return MMK_THP_ALWAYS;
	if (strstr(buf, "[madvise]"))
		return MMK_THP_MADVISE;
	if (strstr(buf, "[never]"))
		return MMK_THP_NEVER;
	return -1;
}

/*
 * The host's transparent_hugepage/shmem_enabled as an enum mmk_thp_mode
 * (within_size and force count as always, deny as never), or -1.  mmkit
 * runs a kdiff with it (kdiff/diff.c): shared memory must get huge folios
 * at fault exactly where the host gives them.
 */
int kd_host_shmem_thp(void)
{
	char buf[128];

	read_thp_setting("shmem_enabled", buf, sizeof(buf));
	if (strstr(buf, "[always]") || strstr(buf, "[within_size]") || strstr(buf, "[force]"))
		return MMK_THP_ALWAYS;
	if (strstr(buf, "[advise]"))
		return MMK_THP_MADVISE;
	if (strstr(buf, "[never]") || strstr(buf, "[deny]"))
		return MMK_THP_NEVER;
	return -1;
}

static const char *thp_mode_name(int mode)
{
	return mode == MMK_THP_ALWAYS ? "always" : mode == MMK_THP_NEVER ? "never" :
	       mode == MMK_THP_MADVISE ? "madvise" : "unknown";
}

static int check_one(const struct script *sc, const struct script_view *v,
		     char *msg, size_t size)
{
	char why[160];

	if (v->op == SOP_OTHER) {
		snprintf(why, sizeof(why), "`%s` (%s)", v->word, why_not(v->word));
		return refuse(sc, v, v->col, msg, size, why);
	}
	if (v->other_opt) {
		snprintf(why, sizeof(why), "`%s` (%s)", v->other_opt,
			 !strcmp(v->other_opt, "file=NAME") ?
			 "the agent maps no files yet: docs/fidelity.md" :
			 "device memory needs a device driver");
		return refuse(sc, v, v->other_col, msg, size, why);
	}
	return 0;
}

int kd_check_statements(const struct script *sc, char *msg, size_t size)
{
	struct script_view v;

	for (int i = 0; i < script_nstmts(sc); i++) {
		script_view(sc, i, &v);
		if (check_one(sc, &v, msg, size))
			return 2;
	}
	if (kd_uses_thp(sc) && host_thp_mode() != (int)script_thp(sc)) {
		snprintf(msg, size, "%s: kdiff cannot run this on the kernel: it uses THP "
			 "in `thp %s` mode and the host runs `%s` "
			 "(/sys/kernel/mm/transparent_hugepage/enabled)", script_file(sc),
			 thp_mode_name(script_thp(sc)), thp_mode_name(host_thp_mode()));
		return 2;
	}
	return 0;
}

int kd_check_ranges(const struct script *sc, const struct klayout *l,
		    char *msg, size_t size)
{
	struct script_view v;

	for (int i = 0; i < script_nstmts(sc); i++) {
		script_view(sc, i, &v);
		for (int k = 0; k < 2; k++) {
			const struct kmap *m;
			char why[256];

			if (!v.len[k] || !(m = klayout_meets(l, v.addr[k], v.len[k])))
				continue;
			snprintf(why, sizeof(why), "[0x%" PRIx64 ", +0x%" PRIx64
				 ") meets the agent's own mapping [0x%" PRIx64
				 ", 0x%" PRIx64 ") %s (docs/fidelity.md: the "
				 "agent's layout)", v.addr[k], v.len[k], m->start,
				 m->end, m->name[0] ? m->name : "(anonymous)");
			return refuse(sc, &v, v.addr_col[k], msg, size, why);
		}
	}
	return 0;
}

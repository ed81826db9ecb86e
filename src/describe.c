/* SPDX-License-Identifier: MIT */
/*
 * describe.c - names for the objects of a machine, as the race lab's
 * traces print them: "PTE entry 3 of table pfn 0x41 (0x10003000)", "PTL
 * of PTE table pfn 0x41", "mmap_lock mm#2".  The explorer (sched_explore.c)
 * knows only the synchronisation layer; it asks machine_describe() about
 * the objects its points name.
 *
 * Runs on the explorer's driving thread while no explored thread runs (a
 * trace step, a deadlock report), so it reads the structures without
 * locks.
 */
#include <stdio.h>
#include "cpu.h"
#include "pt_policy.h"
#include "page_table_check.h"
#include "sched_explore.h"

static const char *level_name(int level)
{
	static const char *const n[5] = { "?", "PTE", "PMD", "PUD", "PGD" };

	return level >= 1 && level <= 4 ? n[level] : n[0];
}

/* An entry of simulated RAM: which table, which entry, which address. */
static void describe_entry(struct mmk_machine *m, uintptr_t p, char *buf, size_t size)
{
	uint64_t pfn = (p - (uintptr_t)m->mem) >> PAGE_SHIFT;
	struct page *t = pfn_to_page(m, pfn);
	unsigned int i = (unsigned int)((p & (PAGE_SIZE - 1)) / sizeof(mmk_entry_t));
	unsigned int flags = atomic_load_explicit(&t->flags, memory_order_relaxed);
	int level = table_level(t);

	if (!(flags & PG_table)) {
		snprintf(buf, size, "entry %u of pfn %#llx, no page table (freed)", i,
			 (unsigned long long)pfn);
		return;
	}
	if (level >= 1 && level <= 3)
		snprintf(buf, size, "%s entry %u of table pfn %#llx (%#llx)", level_name(level), i,
			 (unsigned long long)pfn, (unsigned long long)(table_addr(t) +
			 ((uint64_t)i << (PAGE_SHIFT + 9 * (level - 1)))));
	else
		snprintf(buf, size, "%s entry %u of table pfn %#llx", level_name(level), i,
			 (unsigned long long)pfn);
}

/* A field of a struct page. */
static void describe_page_field(struct mmk_machine *m, uintptr_t p, char *buf, size_t size)
{
	size_t idx = (p - (uintptr_t)m->pages) / sizeof(struct page);
	struct page *pg = &m->pages[idx];
	size_t off = p - (uintptr_t)pg;
	const char *what = "struct page";

	if (off == offsetof(struct page, ptl))
		what = table_level(pg) == 2 ? "pmd lock of PMD table" : "PTL of PTE table";
	else if (off == offsetof(struct page, _refcount))
		what = "refcount of page";
	else if (off == offsetof(struct page, _mapcount))
		what = "mapcount of page";
	else if (off == offsetof(struct page, pt_refcount))
		what = "pte_refcount of table";
	snprintf(buf, size, "%s pfn %#llx", what, (unsigned long long)idx);
}

/* A field of an mm_struct on @m's list, or false. */
static bool describe_mm_field(struct mmk_machine *m, uintptr_t p, char *buf, size_t size)
{
	for (struct mm_struct *mm = m->mm_list; mm; mm = mm->mm_next) {
		size_t off = p - (uintptr_t)mm;
		const char *what = pt_policy_describe(mm, (const void *)p);

		if (what) {
			snprintf(buf, size, "%s of mm#%llu", what, (unsigned long long)mm->id);
			return true;
		}
		what = "mm_struct";
		if (p < (uintptr_t)mm || off >= sizeof(*mm))
			continue;
		if (off == offsetof(struct mm_struct, mmap_lock))
			what = "mmap_lock";
		else if (off == offsetof(struct mm_struct, page_table_lock))
			what = "page_table_lock";
		else if (off == offsetof(struct mm_struct, write_protect_seq))
			what = "write_protect_seq";
		else if (off == 0)
			what = "TLB of";	/* flush_tlb_*(mm) names the mm */
		snprintf(buf, size, "%s mm#%llu", what, (unsigned long long)mm->id);
		return true;
	}
	return false;
}

/*
 * The explorer compares objects across executions (a sleeping thread's
 * accesses were recorded in an earlier one), and each execution builds
 * a fresh machine, not always at the same host addresses (the heap's
 * history differs: the explorer's own arrays grow now and then, and a
 * shard skips executions another runs).  So an object of the machine is
 * named by where it is in the machine, not by its address: a region tag
 * in the top byte, then the offset in that region (for a struct page,
 * its index; for an mm_struct on the list, its id and the offset in it).
 * User-space addresses stay below 2^56, so a name is never an address.
 */
enum { KEY_FRAMES = 1, KEY_PAGES, KEY_MACHINE, KEY_CPUS, KEY_MM };

static const void *machine_key(unsigned int tag, uintptr_t off)
{
	return (const void *)((uintptr_t)tag << 56 | off);
}

static bool in_range(uintptr_t p, const void *base, size_t bytes)
{
	return p >= (uintptr_t)base && p - (uintptr_t)base < bytes;
}

const void *machine_object(struct mmk_machine *m, const void *obj)
{
	uintptr_t p = (uintptr_t)obj;

	if (in_range(p, m->pages, m->pages_bytes))
		return machine_key(KEY_PAGES, (p - (uintptr_t)m->pages) / sizeof(struct page));
	if (in_range(p, m->mem, m->mem_bytes))
		return machine_key(KEY_FRAMES, p - (uintptr_t)m->mem);
	if (in_range(p, m, sizeof(*m)))
		return machine_key(KEY_MACHINE, p - (uintptr_t)m);
	if (in_range(p, m->cpus, m->cfg.ncpus * sizeof(*m->cpus)))
		return machine_key(KEY_CPUS, p - (uintptr_t)m->cpus);
	/* The mm list is not walked under its lock: only the running
	 * explored thread changes it, and it is the one asking. */
	for (const struct mm_struct *mm = m->mm_list; mm; mm = mm->mm_next)
		if (in_range(p, mm, sizeof(*mm)))
			return machine_key(KEY_MM, mm->id << 24 | (p - (uintptr_t)mm));
	return obj;	/* not the machine's own: its address */
}

bool machine_describe(struct mmk_machine *m, const void *obj, char *buf, size_t size)
{
	uintptr_t p = (uintptr_t)obj;

	if (p >= (uintptr_t)m->mem && p < (uintptr_t)m->mem + m->mem_bytes) {
		describe_entry(m, p, buf, size);
	} else if (p >= (uintptr_t)m->pages && p < (uintptr_t)m->pages + m->pages_bytes) {
		describe_page_field(m, p, buf, size);
	} else if (p >= (uintptr_t)m->cpus &&
		   p < (uintptr_t)(m->cpus + m->cfg.ncpus)) {
		size_t i = (p - (uintptr_t)m->cpus) / sizeof(struct cpu);
		size_t off = (p - (uintptr_t)m->cpus) % sizeof(struct cpu);

		snprintf(buf, size, "%s of cpu %zu",
			 off == offsetof(struct cpu, tlb_lock) ? "tlb_lock" :
			 off == offsetof(struct cpu, pcp_lock) ? "pcp_lock" : "struct cpu", i);
	} else if (obj == &m->pool_lock) {
		snprintf(buf, size, "pool_lock");
	} else if (obj == &m->mm_list_lock) {
		snprintf(buf, size, "mm_list_lock");
	} else if (obj == (const void *)m->check) {
		snprintf(buf, size, "the checker's lock");	/* first in struct pt_check */
	} else {
		return describe_mm_field(m, p, buf, size);
	}
	return true;
}

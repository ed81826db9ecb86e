/* SPDX-License-Identifier: MIT */
/*
 * page_table_check.c - the invariant checker (shared/spec/invariants.md).
 *
 * Linux checks its page tables piecemeal: page_table_check matches every
 * PTE set and clear against per-page counters, CONFIG_DEBUG_VM asserts
 * along the way, KASAN poisons and quarantines freed memory.  mmkit holds
 * the whole machine in its hands, so it checks the complete picture: a
 * full check at quiescent points, plus cheap continuous checks for what can
 * only be seen as it happens.
 *
 * Continuous checks (mmk_set_checking)
 * ------------------------------------
 * Invariant 1, no use of a freed table.  When a page-table page is finally
 * freed (pte_free_now(), after its grace period) its 512 entries are
 * overwritten with PTE_POISON and the frame is marked PG_pt_poisoned;
 * free_frame() then holds it in a FIFO of QUARANTINE_FRAMES frames instead
 * of a free list.  Only when newer frames push it out (or memory runs out,
 * or checking is turned off) does it reach the allocator, and then its
 * poison must be intact: a write into a freed table is a use after free
 * too.  PTE_POISON is never present, so the lockless readers (the hardware
 * walker, pte_offset_map, walk_alloc_pmd, mm_find_pmd) meet it on the path
 * where they have already found no table, and report it there at the cost
 * of one compare.  With checking on, pte_offset_map also checks that the
 * table a pmd leads to is still a live PTE table.
 *
 * Invariant 2, no table freed with an entry in it: pte_free_now() scans the
 * table before it poisons it.
 *
 * The first violation is kept, under pt_check.lock; later ones are
 * dropped, since the first is usually the cause of the rest.  The lock is
 * innermost: walkers report under their PTL or tlb_lock.
 *
 * Full check (mmk_check)
 * ----------------------
 * Locks, in lockdep.h's order: mm_list_lock while each mm's mmap_lock is
 * trylocked for read (a trylock may go against the order); then per mm
 * the policy's walk protocol (pt_walk_begin: the rwsem policy's reclaim
 * frees tables without table locks) and the iterator's PT_ITER_LOCK walk:
 * page_table_lock (PGD and PUD entries), each PMD table's lock, each PTE
 * table's PTL.  Each CPU's tlb_lock is taken alone to copy its TLB, the
 * pool and pcp locks alone to walk the free lists.  The checks, in the order a violation is looked for:
 *   1  quarantined frames still hold their poison; no entry reachable from
 *      a PGD holds poison, and none points at a frame that stopped being a
 *      page table (freed and reused).
 *   2  no table reachable from a PGD is free (freed while still attached).
 *   4  per level, the tables reachable from each PGD equal the mm's
 *      nr_ptes, nr_pmds, nr_puds; each table is reached once, at its own
 *      level, from its own mm.  Machine-wide, nr_tables per level equals the
 *      sum, and pgtable_frames = reachable tables + one PGD per mm +
 *      pending_free.
 *   8  every present entry maps an allocated frame (not PG_free, refcount
 *      > 0); every frame on a free list (the pool's, each CPU's pcp list,
 *      the page-table quicklist, the quarantine) is PG_free with refcount 0 and mapcount 0 and is
 *      listed once; every PG_free frame is listed; no TLB entry maps a free
 *      frame.
 *   5  each frame's mapcount equals the present or PROT_NONE PTEs mapping
 *      it (the zero page excepted); refcount >= mapcount, plus the page
 *      cache's reference for a mapped shmem page.
 *   6  an anonymous page mapped writable is mapped once, and is
 *      PageAnonExclusive.
 *   7  an anonymous page with a committed pin (m->check_pins) is mapped
 *      once at most: never shared COW.
 *   9  every valid TLB entry belongs to a live mm and agrees with the PTE
 *      for its address now: present, same pfn, writable if the TLB entry
 *      is, dirty if the TLB entry is (a clean PTE behind a dirty TLB entry
 *      lets later writes go unrecorded).
 * Also 12 (an entry naming a page of an unbound device, a device page
 * still referenced after unbind) and 13 (a device-private page mapped
 * present) on the way.  Checked where they happen, not here: 3
 * (pte_offset_map_lock), 10 and 11 (migrate_device.c, at the copy and at
 * collection), 12 at the end of unbind (memremap.c).  Invariant 10 in
 * general needs a shadow copy of the data: the stress tool keeps one.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "cpu.h"
#include "page_alloc.h"
#include "mmap_lock.h"
#include "pgtable.h"
#include "memremap.h"
#include "highmem.h"
#include "rmap.h"
#include "huge_memory.h"
#include "mmkit/check.h"
#include "huge_memory.h"

#define QUARANTINE_FRAMES 64
#define X "%#" PRIx64	/* addresses, pfns, entries */

struct pt_check {
	spinlock_t lock;		/* everything below; innermost */
	bool recorded;
	struct mmk_violation first;
	struct page *quarantine[QUARANTINE_FRAMES];	/* FIFO ring */
	unsigned int q_head, q_len;
};

static const char *level_name(int level)
{
	static const char *const names[5] = { "?", "PTE", "PMD", "PUD", "PGD" };

	return level >= 1 && level <= 4 ? names[level] : names[0];
}

/* The first address entry @i of table @t maps (its level and pt_addr). */
static uint64_t entry_addr(struct page *t, int i)
{
	int level = table_level(t) >= 1 && table_level(t) <= 4 ? table_level(t) : 1;

	return table_addr(t) + ((uint64_t)i << (PAGE_SHIFT + 9 * (level - 1)));
}

static void violation_vset(struct mmk_violation *v, int inv, uint64_t addr,
			   const char *fmt, va_list ap)
{
	int n;

	memset(v, 0, sizeof(*v));
	v->invariant = inv;
	v->addr = addr;
	n = snprintf(v->what, sizeof(v->what), "invariant %d: ", inv);
	vsnprintf(v->what + n, sizeof(v->what) - (size_t)n, fmt, ap);
}

/* Continuous checks: keep the first violation. */
void pt_check_record(struct mmk_machine *m, int inv, uint64_t addr, const char *fmt, ...)
{
	struct pt_check *pc = m->check;
	struct mmk_violation v;
	va_list ap;

	va_start(ap, fmt);
	violation_vset(&v, inv, addr, fmt, ap);
	va_end(ap);
	spin_lock(&pc->lock);
	if (!pc->recorded) {
		pc->first = v;
		pc->recorded = true;
	}
	spin_unlock(&pc->lock);
}

int pt_check_init(struct mmk_machine *m)
{
	m->check = calloc(1, sizeof(*m->check));
	if (!m->check)
		return -ENOMEM;
	spin_lock_init(&m->check->lock, LOCK_RANK_CHECK);
	return 0;
}

void pt_check_destroy(struct mmk_machine *m)
{
	free(m->check);
	m->check = NULL;
}

void mmk_set_checking(struct mmk_machine *m, bool on)
{
	misuse_null(m);
	struct pt_check *pc = m->check;

	if (on) {
		spin_lock(&pc->lock);
		pc->recorded = false;
		memset(&pc->first, 0, sizeof(pc->first));
		spin_unlock(&pc->lock);
		/* from now on every allocation resets its frame's check_pins */
		atomic_store(&m->check_pins_live, true);
		atomic_set(&m->checking, 1);
		return;
	}
	atomic_set(&m->checking, 0);
	drain_quarantine(m);
}

int mmk_violation_pending(struct mmk_machine *m, struct mmk_violation *v)
{
	misuse_null(m);
	struct pt_check *pc = m->check;
	bool recorded;

	spin_lock(&pc->lock);
	recorded = pc->recorded;
	if (recorded && v)
		*v = pc->first;
	spin_unlock(&pc->lock);
	return recorded;
}

/* ---- continuous checks: the hooks ---- */
void pt_check_poison(struct mm_struct *mm, const mmk_entry_t *entryp,
		     uint64_t addr, const char *walker)
{
	struct mmk_machine *m = mm->m;
	struct page *t = virt_to_page(m, entryp);
	long i = entryp - (const mmk_entry_t *)page_address(m, t);

	pt_check_record(m, 1, addr, "%s read poison from entry %ld of a freed %s table "
	       "(pfn " X ") on its way to " X " in mm %p: a page table used "
	       "after it was freed", walker, i, level_name(table_level(t)),
	       page_to_pfn(m, t), addr, (void *)mm);
}

void pt_check_pte_table(struct mm_struct *mm, const mmk_entry_t *pmdp,
			struct page *table, uint64_t addr, const char *walker)
{
	struct mmk_machine *m = mm->m;
	unsigned int flags = atomic_load_explicit(&table->flags, memory_order_acquire);

	if ((flags & (PG_table | PG_free)) == PG_table && table_level(table) == 1)
		return;
	pt_check_record(m, 1, addr, "%s followed the pmd for " X " in mm %p (" X ") to "
	       "pfn " X ", %s: a page table used after it was freed", walker,
	       addr, (void *)mm, entry_read_nosched(pmdp), page_to_pfn(m, table),
	       flags & PG_free ? "a free frame" :
	       !(flags & PG_table) ? "no page table any more" : "not a PTE table");
}

void pt_check_free_table(struct mmk_machine *m, struct page *table)
{
	mmk_entry_t *e = page_address(m, table);
	int first = -1, left = 0;
	uint64_t val = 0;

	for (int i = 0; i < PTRS_PER_TABLE; i++) {
		uint64_t v = entry_read_nosched(&e[i]);

		if (pte_none(v))
			continue;
		if (first < 0) {
			first = i;
			val = v;
		}
		left++;
	}
	if (left)
		pt_check_record(m, 2, entry_addr(table, first), "%s table pfn " X " of mm %p "
		       "was freed with %d entries still set, the first for " X
		       " (" X ")", level_name(table_level(table)),
		       page_to_pfn(m, table), (void *)table->pt_mm, left,
		       entry_addr(table, first), val);
	for (int i = 0; i < PTRS_PER_TABLE; i++)
		entry_write_nosched(&e[i], PTE_POISON);
	frame_mark_dirty(m, page_to_pfn(m, table));	/* zeroed before reuse */
	SetPageFlag(table, PG_pt_poisoned);
}

/* ---- the quarantine ---- */
/* The first entry of quarantined frame @p that lost its poison, or -1. */
static int poison_broken(struct mmk_machine *m, struct page *p, uint64_t *val)
{
	mmk_entry_t *e = page_address(m, p);

	for (int i = 0; i < PTRS_PER_TABLE; i++) {
		*val = entry_read_nosched(&e[i]);
		if (*val != PTE_POISON)
			return i;
	}
	return -1;
}

#define POISON_BROKEN_FMT "entry %d of freed %s table pfn " X " (for " X ") " \
	"was written after the table was freed: it holds " X

/* @p leaves the quarantine: was it left alone meanwhile? */
static void quarantine_release(struct mmk_machine *m, struct page *p)
{
	uint64_t val;
	int i = poison_broken(m, p, &val);

	if (i >= 0)
		pt_check_record(m, 1, entry_addr(p, i), POISON_BROKEN_FMT, i,
		       level_name(table_level(p)), page_to_pfn(m, p),
		       entry_addr(p, i), val);
}

struct page *pt_quarantine_swap(struct mmk_machine *m, struct page *p)
{
	struct pt_check *pc = m->check;
	struct page *old = NULL;

	spin_lock(&pc->lock);
	if (pc->q_len == QUARANTINE_FRAMES) {
		old = pc->quarantine[pc->q_head];
		pc->quarantine[pc->q_head] = p;
		pc->q_head = (pc->q_head + 1) % QUARANTINE_FRAMES;
	} else {
		pc->quarantine[(pc->q_head + pc->q_len++) % QUARANTINE_FRAMES] = p;
	}
	spin_unlock(&pc->lock);
	if (old)
		quarantine_release(m, old);
	return old;
}

struct page *pt_quarantine_take_all(struct mmk_machine *m, unsigned int *n)
{
	struct pt_check *pc = m->check;
	struct page *head = NULL;

	spin_lock(&pc->lock);
	*n = pc->q_len;
	while (pc->q_len) {
		struct page *p = pc->quarantine[(pc->q_head + --pc->q_len) % QUARANTINE_FRAMES];

		set_page_next(p, head);
		head = p;
	}
	pc->q_head = 0;
	spin_unlock(&pc->lock);
	for (struct page *p = head; p; p = page_next(p))
		quarantine_release(m, p);
	return head;
}

/* ---- the full check ---- */
struct frame_scan {
	uint32_t maps;		/* present entries mapping the frame */
	uint32_t writable;	/* ... of them writable */
	bool table_seen;	/* reached as a page table */
	bool listed;		/* found on a free list */
};

struct scan {
	struct mmk_machine *m;
	struct mmk_violation *v;	/* the first violation goes here */
	struct mm_struct **mms;		/* every live mm, mmap_lock held for read */
	unsigned int nr_mms;
	uint64_t grown;			/* frames [0, grown) were ever handed out */
	uint64_t npfn;			/* f[] covers pfns [0, npfn): RAM and devices */
	/* each device's pages ever set up, by pfn: the rest are idle zeros */
	struct { uint64_t start, end; } dev[MMK_MAX_DEVICES];
	unsigned int nr_dev;
	uint64_t zero_pfn;
	struct frame_scan *f;		/* [npfn] */
	struct tlb_entry *tlb;		/* copies of every CPU's TLB */
	long long tables[4];		/* reachable per level, all mms */
	long long mm_tables[4];		/* ... of the mm being walked */
	long long mm_thps;		/* ... and its anonymous THP leaves */
	long long mm_shmem_pmds;	/* ... and its shmem THP leaves */
	/* listing mode: find the entries that map want_pfn, for a message */
	bool listing;
	uint64_t want_pfn, first_addr;
	unsigned int found;
	char where[160];
};

/* Was @pfn ever a usable frame: handed out RAM, or a registered device page? */
static bool frame_known(struct scan *s, uint64_t pfn)
{
	if (pfn < s->grown)
		return true;
	return pfn < s->npfn && pfn_to_pgmap(s->m, pfn) != NULL;
}

/*
 * The next frame after @pfn worth a look: RAM handed out, then the device
 * pages ever set up (a device of 512 GiB used for one page costs one).
 */
static uint64_t next_pfn(struct scan *s, uint64_t pfn)
{
	pfn++;
	if (pfn < s->grown)
		return pfn;
	for (unsigned int i = 0; i < s->nr_dev; i++)
		if (pfn < s->dev[i].end)
			return pfn > s->dev[i].start ? pfn : s->dev[i].start;
	return s->npfn;
}

/* s->dev: the devices' used ranges in pfn order. */
static void scan_devices(struct scan *s)
{
	struct mmk_machine *m = s->m;
	int n = atomic_load_explicit(&m->nr_pgmaps, memory_order_acquire);

	for (int i = 0; i < n && i < MMK_MAX_DEVICES; i++) {
		struct dev_pagemap *pg = m->pgmaps[i];
		uint64_t start = pg->pfn_first, end = start + pgmap_touched(pg);
		unsigned int k = s->nr_dev++;

		for (; k > 0 && s->dev[k - 1].start > start; k--)
			s->dev[k] = s->dev[k - 1];
		s->dev[k].start = start;
		s->dev[k].end = end;
	}
}

/* Record the violation; returns false so callers can "return fail(...)". */
static bool __attribute__((format(printf, 4, 5)))
fail(struct scan *s, int inv, uint64_t addr, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	violation_vset(s->v, inv, addr, fmt, ap);
	va_end(ap);
	return false;
}

static int lock_mms(struct scan *s)
{
	struct mmk_machine *m = s->m;
	unsigned int cap = 0;
	int ret = 0;

	spin_lock(&m->mm_list_lock);
	for (struct mm_struct *mm = m->mm_list; mm; mm = mm->mm_next) {
		if (s->nr_mms == cap) {
			void *n = realloc(s->mms, (cap ? cap * 2 : 16) * sizeof(*s->mms));

			if (!n) {
				ret = -ENOMEM;
				break;
			}
			s->mms = n;
			cap = cap ? cap * 2 : 16;
		}
		if (!mmap_read_trylock(mm)) {
			ret = -EBUSY;	/* somebody is changing it: not quiescent */
			break;
		}
		s->mms[s->nr_mms++] = mm;
	}
	spin_unlock(&m->mm_list_lock);
	return ret;
}

static void unlock_mms(struct scan *s)
{
	for (unsigned int i = 0; i < s->nr_mms; i++)
		mmap_read_unlock(s->mms[i]);
	free(s->mms);
}

static struct mm_struct *find_mm(struct scan *s, uint64_t id)
{
	for (unsigned int i = 0; i < s->nr_mms; i++)
		if (s->mms[i]->id == id)
			return s->mms[i];
	return NULL;
}

/* Listing mode: note one entry mapping want_pfn. */
static void list_mapping(struct scan *s, struct mm_struct *mm, uint64_t addr, pte_t pte)
{
	size_t len = strlen(s->where);

	if (!s->found++)
		s->first_addr = addr;
	if (s->found > 3) {
		if (s->found == 4)
			snprintf(s->where + len, sizeof(s->where) - len, ", ...");
		return;
	}
	snprintf(s->where + len, sizeof(s->where) - len, "%smm %p at " X "%s",
		 len ? ", " : "", (void *)mm, addr, pte_write(pte) ? " writable" : "");
}

/* The frame a mapping or migration entry names must be in use (8). */
static bool check_frame_used(struct scan *s, struct mm_struct *mm, uint64_t addr,
			     pte_t pte, uint64_t pfn, const char *what)
{
	struct page *p;

	if (!frame_known(s, pfn))
		return fail(s, 8, addr, "the %s for " X " in mm %p (" X ") names pfn "
			    X ", a frame never allocated", what, addr, (void *)mm, pte, pfn);
	p = pfn_to_page(s->m, pfn);
	if (PageTest(p, PG_free) || page_ref_count(p) <= 0)
		return fail(s, 8, addr, "the %s for " X " in mm %p (" X ") names pfn "
			    X ", a freed frame (refcount %d, mapcount %d)", what, addr,
			    (void *)mm, pte, pfn, page_ref_count(p), page_mapcount(p));
	if (is_zone_device_page(p) && atomic_read(&p->pgmap->state) == PGMAP_GONE)
		return fail(s, 12, addr, "the %s for " X " in mm %p names pfn " X
			    " of device %u, which was unbound", what, addr, (void *)mm,
			    pfn, p->pgmap->id);
	return true;
}

/* One non-none PTE (or one page of a leaf): count the mapping (5, 6), check its frame (8). */
static bool check_pte(struct scan *s, struct mm_struct *mm, uint64_t addr, pte_t pte)
{
	uint64_t pfn = pte_pfn(pte);
	bool device = is_device_private_entry(pte);
	struct page *p;

	if (pfn == s->zero_pfn && pte_present(pte))
		return true;
	if (!pte_present(pte) && !device && !is_migration_entry(pte))
		return true;
	if (s->listing) {
		if (pfn == s->want_pfn)
			list_mapping(s, mm, addr, pte);
		return true;
	}
	if (!check_frame_used(s, mm, addr, pte, pfn,
			      device ? "device-private entry" :
			      pte_present(pte) ? "PTE" : "migration entry"))
		return false;
	if (is_migration_entry(pte))
		return true;	/* the migration holds the page, unmapped */
	p = pfn_to_page(s->m, pfn);
	if (pte_present(pte) && is_device_private_page(p))
		return fail(s, 13, addr, "the PTE for " X " in mm %p (" X ") maps "
			    "device-private pfn " X " as present memory", addr,
			    (void *)mm, pte, pfn);
	s->f[pfn].maps++;
	if (pte_present(pte) && pte_write(pte))
		s->f[pfn].writable++;
	return true;
}

/* A devmap PMD leaf: each of its 512 pages is mapped once. */
static bool check_leaf(struct scan *s, struct mm_struct *mm, uint64_t addr, pmd_t pmd)
{
	for (unsigned int i = 0; i < PTRS_PER_TABLE; i++) {
		pte_t one = (pmd & ~(_PAGE_PSE | PTE_PFN_MASK)) |
			    ((pmd_pfn(pmd) + i) << PAGE_SHIFT);

		if (!check_pte(s, mm, addr + ((uint64_t)i << PAGE_SHIFT), one))
			return false;
	}
	return true;
}

/*
 * The PTE tables deposited in PMD table @t (huge_memory.c): one for each
 * anonymous or huge zero leaf in it, each a PTE table of @mm that nothing
 * else reaches (4).  Counted as the PTE tables they are (nr_ptes).
 */
static bool check_deposits(struct scan *s, struct mm_struct *mm, struct page *t,
			   uint64_t addr)
{
	const mmk_entry_t *e = page_address(s->m, t);
	unsigned int leaves = 0, deposits = 0;
	bool ok = true;

	spin_lock(&t->ptl);
	for (unsigned int i = 0; i < PTRS_PER_TABLE; i++) {
		pmd_t pmd = entry_read_nosched(&e[i]);

		leaves += pmd_leaf(pmd) && !pmd_devmap(pmd) && !pmd_is_file_thp(s->m, pmd);
	}
	for (struct page *d = t->pmd_huge_pte; ok && d; d = page_next(d)) {
		uint64_t pfn = page_to_pfn(s->m, d);

		deposits++;
		if (!PageTable(d) || table_level(d) != 1 || d->pt_mm != mm || s->f[pfn].table_seen)
			ok = fail(s, 4, addr, "PMD table pfn " X " of mm %p has pfn " X
				  " deposited, not a PTE table of its own (or reached twice)",
				  page_to_pfn(s->m, t), (void *)mm, pfn);
		s->f[pfn].table_seen = true;
		s->mm_tables[1]++;
	}
	spin_unlock(&t->ptl);
	if (ok && leaves != deposits)
		ok = fail(s, 4, addr, "PMD table pfn " X " of mm %p holds %u huge leaves "
			  "but %u deposited PTE tables: one each, exactly",
			  page_to_pfn(s->m, t), (void *)mm, leaves, deposits);
	return ok;
}

/* The table an entry at level @level + 1 points to, checked; NULL on a violation. */
static struct page *child_table(struct scan *s, struct mm_struct *mm, uint64_t ent,
				int level, uint64_t addr)
{
	const char *up = level_name(level + 1), *want = level_name(level);
	uint64_t pfn = pmd_pfn(ent);
	struct page *t;
	unsigned int flags;

	if (pfn >= s->grown) {
		fail(s, 1, addr, "the %s entry for " X " in mm %p (" X ") points at pfn "
		     X ", never a page table", up, addr, (void *)mm, ent, pfn);
		return NULL;
	}
	t = pfn_to_page(s->m, pfn);
	flags = atomic_load_explicit(&t->flags, memory_order_acquire);
	if (flags & PG_free) {
		fail(s, 2, addr, "%s table pfn " X " was freed while the %s entry for "
		     X " in mm %p still points at it", want, pfn, up, addr, (void *)mm);
		return NULL;
	}
	if (!(flags & PG_table)) {
		fail(s, 1, addr, "the %s entry for " X " in mm %p points at pfn " X
		     ", no page table any more (freed and reused)", up, addr,
		     (void *)mm, pfn);
		return NULL;
	}
	if (table_level(t) != level || t->pt_mm != mm) {
		fail(s, 4, addr, "the %s entry for " X " in mm %p points at pfn " X
		     ", a %s table of mm %p, where a %s table of its own belongs", up,
		     addr, (void *)mm, pfn, level_name(table_level(t)), (void *)t->pt_mm, want);
		return NULL;
	}
	if (s->listing)
		return t;
	if (s->f[pfn].table_seen) {
		fail(s, 4, addr, "%s table pfn " X " is reachable twice: again from the "
		     "%s entry for " X " in mm %p", want, pfn, up, addr, (void *)mm);
		return NULL;
	}
	s->f[pfn].table_seen = true;
	s->mm_tables[level]++;
	if (level == 2 && !check_deposits(s, mm, t, addr))
		return NULL;
	return t;
}

/* One entry the walk of @mm visits: the checks of its level. */
static bool check_entry(struct scan *s, struct mm_struct *mm, const struct pt_iter *it)
{
	uint64_t ent = it->entry;

	if (ent == PTE_POISON)
		return fail(s, 1, it->addr, "the %s entry for " X " in mm %p (table pfn "
			    X ") holds poison, read from a freed table and stored here",
			    level_name(it->level), it->addr, (void *)mm,
			    page_to_pfn(s->m, virt_to_page(s->m, it->entryp)));
	if (it->level == 1 && !pte_line_used(virt_to_page(s->m, it->entryp), pte_line(it->entryp)))
		return fail(s, 4, it->addr, "the PTE for " X " in mm %p (" X ", table pfn " X
			    ") is not none, but its line is missing from the table's entry summary",
			    it->addr, (void *)mm, ent, page_to_pfn(s->m, virt_to_page(s->m, it->entryp)));
	if (it->level == 1)
		return check_pte(s, mm, it->addr, ent);
	if (it->level == 2 && is_huge_zero_pmd(s->m, ent))
		return true;	/* the huge zero page, as the zero page: uncounted */
	if (it->level == 2 && pmd_leaf(ent)) {
		s->mm_thps += pmd_is_anon_thp(s->m, ent);
		s->mm_shmem_pmds += pmd_is_file_thp(s->m, ent);
		return check_leaf(s, mm, it->addr, ent);
	}
	if (!pt_iter_table(it))
		return true;	/* PUD leaves and non-present pmds: not made yet */
	return child_table(s, mm, ent, it->level - 1, it->addr) != NULL;
}

/*
 * Every table of @mm, each entry read under its table's lock: the
 * iterator holds page_table_lock, and each PMD table's and PTE table's
 * lock while it is inside.  A table entry is checked before the walk
 * descends through it.
 */
static bool walk_tables(struct scan *s, struct mm_struct *mm)
{
	struct pt_iter it;
	bool ok = true;

	for_each_pt_entry(it, mm, 0, USER_PGTABLES_CEILING, 1,
			  PT_ITER_PRE | PT_ITER_LOCK | PT_ITER_NOSCHED) {
		ok = check_entry(s, mm, &it);
		if (!ok)
			break;
	}
	pt_iter_end(&it);
	return ok;
}

static bool walk_mm(struct scan *s, struct mm_struct *mm)
{
	atomic64_t *const counted[4] = { NULL, &mm->nr_ptes, &mm->nr_pmds, &mm->nr_puds };
	static const char *const counter[4] = { NULL, "nr_ptes", "nr_pmds", "nr_puds" };
	uint64_t pgd_pfn = page_to_pfn(s->m, mm->pgd_page);
	bool ok;

	memset(s->mm_tables, 0, sizeof(s->mm_tables));
	s->mm_thps = s->mm_shmem_pmds = 0;
	if (!s->listing) {
		if (s->f[pgd_pfn].table_seen)
			return fail(s, 4, 0, "the PGD of mm %p (pfn " X ") is also reachable "
				    "as another table", (void *)mm, pgd_pfn);
		s->f[pgd_pfn].table_seen = true;
	}
	pt_walk_begin(mm);	/* the rwsem policy's reclaim frees without table locks */
	ok = walk_tables(s, mm);
	pt_walk_end(mm);
	if (!ok || s->listing)
		return ok;
	for (int l = 1; l <= 3; l++) {
		long long n = atomic64_read(counted[l]);

		if (n != s->mm_tables[l])
			return fail(s, 4, 0, "mm %p has %s = %lld but %lld %s tables are "
				    "reachable from its PGD", (void *)mm, counter[l], n,
				    s->mm_tables[l], level_name(l));
		s->tables[l] += n;
	}
	if (s->mm_thps != get_mm_counter(mm, MM_ANON_THP))
		return fail(s, 4, 0, "mm %p counts %lld anonymous THPs (AnonHugePages) but "
			    "%lld huge leaves are reachable from its PGD", (void *)mm,
			    get_mm_counter(mm, MM_ANON_THP), s->mm_thps);
	if (s->mm_shmem_pmds != get_mm_counter(mm, MM_SHMEM_PMD))
		return fail(s, 4, 0, "mm %p counts %lld shmem PMD mappings (ShmemPmdMapped) "
			    "but %lld are reachable from its PGD", (void *)mm,
			    get_mm_counter(mm, MM_SHMEM_PMD), s->mm_shmem_pmds);
	return true;
}

static bool check_tables(struct scan *s)
{
	struct mmk_machine *m = s->m;
	long long reachable = 0, frames, pending;

	for (unsigned int i = 0; i < s->nr_mms; i++)
		if (!walk_mm(s, s->mms[i]))
			return false;
	for (int l = 1; l <= 3; l++) {
		long long n = atomic64_read(&m->nr_tables[l]);

		if (n != s->tables[l])
			return fail(s, 4, 0, "the machine counts %lld %s tables but %lld are "
				    "reachable from the PGDs of its %u mms", n,
				    level_name(l), s->tables[l], s->nr_mms);
		reachable += n;
	}
	frames = atomic64_read(&m->pgtable_frames);
	pending = atomic64_read(&m->pending_free);
	if (frames != reachable + s->nr_mms + pending)
		return fail(s, 4, 0, "pgtable_frames is %lld but %lld tables are reachable, "
			    "%u PGDs live and %lld tables wait for a grace period",
			    frames, reachable, s->nr_mms, pending);
	return true;
}

/* Listing mode: describe the entries mapping @pfn into s->where. */
static void list_mappings(struct scan *s, uint64_t pfn)
{
	s->listing = true;
	s->want_pfn = pfn;
	s->found = 0;
	s->first_addr = 0;
	s->where[0] = '\0';
	for (unsigned int i = 0; i < s->nr_mms; i++)
		walk_mm(s, s->mms[i]);
	s->listing = false;
}

/* Quarantined frames must still be all poison (1). */
static bool check_quarantine(struct scan *s)
{
	struct mmk_machine *m = s->m;
	struct pt_check *pc = m->check;
	bool ok = true;

	spin_lock(&pc->lock);
	for (unsigned int q = 0; ok && q < pc->q_len; q++) {
		struct page *p = pc->quarantine[(pc->q_head + q) % QUARANTINE_FRAMES];
		uint64_t val;
		int i = poison_broken(m, p, &val);

		if (i >= 0)
			ok = fail(s, 1, entry_addr(p, i), POISON_BROKEN_FMT, i,
				  level_name(table_level(p)), page_to_pfn(m, p),
				  entry_addr(p, i), val);
	}
	spin_unlock(&pc->lock);
	return ok;
}

/* One frame found on free list @list (8). */
static bool check_listed(struct scan *s, struct page *p, const char *list)
{
	uint64_t pfn = page_to_pfn(s->m, p);
	unsigned int flags;

	if (pfn >= s->grown)
		return fail(s, 8, 0, "pfn " X " on %s was never handed out by the pool",
			    pfn, list);
	flags = atomic_load_explicit(&p->flags, memory_order_acquire);
	if (!(flags & PG_free))
		return fail(s, 8, 0, "pfn " X " on %s is in use (refcount %d, mapcount "
			    "%d): freed too early, or allocated but still listed", pfn,
			    list, page_ref_count(p), page_mapcount(p));
	if (page_ref_count(p) || page_mapcount(p))
		return fail(s, 8, 0, "free pfn " X " on %s has refcount %d and mapcount %d",
			    pfn, list, page_ref_count(p), page_mapcount(p));
	if (s->f[pfn].listed)
		return fail(s, 8, 0, "pfn " X " is on the free lists twice (found again "
			    "on %s): a double free", pfn, list);
	s->f[pfn].listed = true;
	return true;
}

/*
 * The pool's free list (8): every frame listed once and free, and the
 * list cut into whole runs, each head's run_nr frames ending at its
 * run_tail (page_alloc.c), so that a refill takes exactly a run.
 */
static bool check_pool_list(struct scan *s)
{
	struct page *tail = NULL;
	uint64_t left = 0;
	bool ok = true;

	for (struct page *p = s->m->free_list; ok && p; p = page_next(p)) {
		ok = check_listed(s, p, "the pool's free list");
		if (ok && !left) {
			left = p->run_nr;
			tail = p->run_tail;
		}
		if (ok && (!left || (--left == 0) != (p == tail)))
			ok = fail(s, 8, 0, "pfn " X " on the pool's free list breaks its run "
				  "(%llu frames left to the run's tail pfn " X ")",
				  page_to_pfn(s->m, p), (unsigned long long)left,
				  tail ? page_to_pfn(s->m, tail) : 0);
	}
	if (ok && left)
		ok = fail(s, 8, 0, "the pool's free list ends %llu frames short of a run's "
			  "tail pfn " X, (unsigned long long)left, page_to_pfn(s->m, tail));
	return ok;
}

static bool check_free_lists(struct scan *s)
{
	struct mmk_machine *m = s->m;
	struct pt_check *pc = m->check;
	char list[48];
	bool ok = true;

	spin_lock(&m->pool_lock);
	ok = check_pool_list(s);
	for (struct page *h = m->huge_free; ok && h; h = page_next(h))
		for (unsigned int i = 0; ok && i < HPAGE_PMD_NR; i++)
			ok = check_listed(s, h + i, "the free huge blocks");
	spin_unlock(&m->pool_lock);
	for (unsigned int c = 0; ok && c < m->cfg.ncpus; c++) {
		struct cpu *cpu = &m->cpus[c];

		snprintf(list, sizeof(list), "CPU %u's pcp list", c);
		spin_lock(&cpu->pcp_lock);
		for (struct page *p = cpu->pcp; ok && p; p = page_next(p))
			ok = check_listed(s, p, list);
		spin_unlock(&cpu->pcp_lock);
	}
	spin_lock(&m->pt_quicklist_lock);
	for (struct page *p = m->pt_quicklist; ok && p; p = page_next(p))
		ok = check_listed(s, p, "the page-table quicklist");
	spin_unlock(&m->pt_quicklist_lock);
	spin_lock(&pc->lock);
	for (unsigned int q = 0; ok && q < pc->q_len; q++)
		ok = check_listed(s, pc->quarantine[(pc->q_head + q) % QUARANTINE_FRAMES],
				  "the page-table quarantine");
	spin_unlock(&pc->lock);
	for (uint64_t pfn = 0; ok && pfn < s->grown; pfn++) {
		struct page *p = pfn_to_page(m, pfn);

		if (PageTest(p, PG_free) && !s->f[pfn].listed)
			ok = fail(s, 8, 0, "pfn " X " is marked free (refcount %d) but is on "
				  "no free list", pfn, page_ref_count(p));
	}
	return ok;
}

static void copy_tlbs(struct scan *s)
{
	struct mmk_machine *m = s->m;

	for (unsigned int c = 0; c < m->cfg.ncpus; c++) {
		struct cpu *cpu = &m->cpus[c];

		spin_lock(&cpu->tlb_lock);
		memcpy(&s->tlb[(size_t)c * TLB_ENTRIES], cpu->tlb, sizeof(cpu->tlb));
		spin_unlock(&cpu->tlb_lock);
	}
}

/* No TLB entry may map a free frame (8). */
static bool check_tlb_frames(struct scan *s)
{
	struct mmk_machine *m = s->m;

	copy_tlbs(s);
	for (size_t i = 0; i < (size_t)m->cfg.ncpus * TLB_ENTRIES; i++) {
		struct tlb_entry *e = &s->tlb[i];
		unsigned int cpu = (unsigned int)(i / TLB_ENTRIES);

		if (!e->mm_id || e->pfn == s->zero_pfn)
			continue;
		if (!frame_known(s, e->pfn) || PageTest(pfn_to_page(m, e->pfn), PG_free))
			return fail(s, 8, e->vpn << PAGE_SHIFT, "CPU %u's TLB maps " X
				    " of mm %p (id %" PRIu64 ") to pfn " X ", a free frame",
				    cpu, e->vpn << PAGE_SHIFT, (void *)find_mm(s, e->mm_id),
				    e->mm_id, e->pfn);
	}
	return true;
}

static const char *page_kind(unsigned int flags)
{
	return flags & PG_table ? "page table" : flags & PG_anon ? "anonymous page" :
	       flags & PG_shmem ? "shmem page" : "page";
}

/* mapcount equals the mappings found; refcount covers them (5). */
static bool check_mapcounts(struct scan *s)
{
	struct mmk_machine *m = s->m;

	for (uint64_t pfn = 0; pfn < s->npfn; pfn = next_pfn(s, pfn)) {
		struct page *p = pfn_to_page(m, pfn);
		unsigned int flags = atomic_load_explicit(&p->flags, memory_order_acquire);
		int mc = page_mapcount(p), rc = page_ref_count(p);
		int cache = (flags & PG_shmem) && mc > 0;

		if (!frame_known(s, pfn) || (flags & PG_free))
			continue;	/* check_free_lists saw it */
		if ((flags & PG_device) && atomic_read(&p->pgmap->state) == PGMAP_GONE)
			return fail(s, 12, 0, "device %u was unbound, but its page pfn " X
				    " still has refcount %d%s: teardown did not wait for "
				    "every reference", p->pgmap->id, pfn, rc,
				    folio_maybe_dma_pinned(p) ? " (pinned)" : "");
		if (mc != (int)s->f[pfn].maps) {
			list_mappings(s, pfn);
			return fail(s, 5, s->first_addr, "%s pfn " X " has mapcount %d but "
				    "%u entries map it%s%s%s", page_kind(flags), pfn, mc,
				    s->f[pfn].maps, s->found ? " (" : "", s->where,
				    s->found ? ")" : "");
		}
		if ((flags & PG_head) && !(flags & PG_zero) &&
		    folio_large_mapcount(p) != folio_mapcount_of_pages(p))
			return fail(s, 5, 0, "THP pfn " X " counts %d mappings in its MM_ID "
				    "state but %d in its pages' mapcounts", pfn,
				    folio_large_mapcount(p), folio_mapcount_of_pages(p));
		if (rc < mc + cache) {
			list_mappings(s, pfn);
			return fail(s, 5, s->first_addr, "%s pfn " X " has refcount %d, "
				    "below its mapcount %d%s (%s)", page_kind(flags), pfn,
				    rc, mc, cache ? " plus the page cache's reference" : "",
				    s->where);
		}
	}
	return true;
}

/* An anonymous page mapped writable is mapped once, and exclusive (6). */
static bool check_anon(struct scan *s)
{
	struct mmk_machine *m = s->m;

	for (uint64_t pfn = 0; pfn < s->npfn; pfn = next_pfn(s, pfn)) {
		struct page *p = pfn_to_page(m, pfn);
		unsigned int flags = atomic_load_explicit(&p->flags, memory_order_acquire);
		struct frame_scan *f = &s->f[pfn];

		if (!(flags & PG_anon) || !f->writable)
			continue;
		if (f->maps > 1) {
			list_mappings(s, pfn);
			return fail(s, 6, s->first_addr, "anonymous page pfn " X " is mapped "
				    "by %u entries, %u of them writable (%s)", pfn, f->maps,
				    f->writable, s->where);
		}
		if (!(flags & PG_anon_exclusive)) {
			list_mappings(s, pfn);
			return fail(s, 6, s->first_addr, "anonymous page pfn " X " is mapped "
				    "writable (%s) but is not PageAnonExclusive", pfn, s->where);
		}
	}
	return true;
}

/*
 * A pinned anonymous page is never shared COW with another address space
 * (7).  Only pins handed to a caller count (m->check_pins): GUP-fast
 * may hold a speculative grab on a shared page until its recheck lets go.
 * A committed pin was taken on an exclusive page (the unshare rule) and
 * fork copies such a page for the child; so a pinned page mapped twice
 * means one of the two rules was skipped, and the next write by either
 * side moves its mapping away from the pin.  The zero page is not
 * counted: a short-term read pin of it is allowed.
 */
static bool check_pinned(struct scan *s)
{
	struct mmk_machine *m = s->m;

	for (uint64_t pfn = 0; pfn < s->npfn; pfn = next_pfn(s, pfn)) {
		struct page *p = pfn_to_page(m, pfn);
		unsigned int flags = atomic_load_explicit(&p->flags, memory_order_acquire);
		int pins = atomic_read(page_check_pins(m, p));

		if (!(flags & PG_anon) || (flags & PG_free) || pins <= 0 || s->f[pfn].maps <= 1)
			continue;
		list_mappings(s, pfn);
		return fail(s, 7, s->first_addr, "anonymous page pfn " X " is pinned (%d "
			    "pin%s) but mapped by %u entries (%s): a pinned page shared COW, "
			    "the next write moves a mapping away from the pin", pfn, pins,
			    pins == 1 ? "" : "s", s->f[pfn].maps, s->where);
	}
	return true;
}

/* The leaf entry for @addr in @mm and its level, each read under its lock. */
static uint64_t lookup_leaf(struct mm_struct *mm, uint64_t addr, int *levelp)
{
	struct pt_iter it;
	uint64_t ent;

	pt_walk_begin(mm);
	pt_iter_start(&it, mm, addr, addr + 1, 1, PT_ITER_NONE | PT_ITER_LOCK | PT_ITER_NOSCHED,
		      __func__);
	ent = it.entry;
	*levelp = it.level;
	pt_iter_end(&it);
	pt_walk_end(mm);
	return ent;
}

/* Every TLB entry agrees with its PTE now (9). */
static bool check_tlb_coherent(struct scan *s)
{
	struct mmk_machine *m = s->m;

	for (size_t i = 0; i < (size_t)m->cfg.ncpus * TLB_ENTRIES; i++) {
		struct tlb_entry *e = &s->tlb[i];
		unsigned int cpu = (unsigned int)(i / TLB_ENTRIES);
		uint64_t addr = e->vpn << PAGE_SHIFT, ent, pfn;
		struct mm_struct *mm;
		const char *why;
		int level;

		if (!e->mm_id)
			continue;
		mm = find_mm(s, e->mm_id);
		if (!mm)
			return fail(s, 9, addr, "CPU %u's TLB still translates " X " for "
				    "mm id %" PRIu64 ", which has exited", cpu, addr, e->mm_id);
		ent = lookup_leaf(mm, addr, &level);
		pfn = level == 1 ? pte_pfn(ent) :
		      pmd_pfn(ent) + (e->vpn & ((1ULL << (9 * (level - 1))) - 1));
		if (!pte_hw_present(ent) || !(ent & _PAGE_USER))
			why = pte_none(ent) ? "none" : "not present";
		else if (pfn != e->pfn)
			why = "mapping another frame";
		else if (e->write && !pte_write(ent))
			why = "read-only";
		else if (e->dirty && !pte_dirty(ent))
			why = "clean";
		else
			continue;
		return fail(s, 9, addr, "CPU %u's TLB maps " X " of mm %p to pfn " X
			    "%s%s, but the %s%s is now " X " (%s): the change was "
			    "not flushed", cpu, addr, (void *)mm, e->pfn,
			    e->write ? " writable" : "", e->dirty ? " dirty" : "",
			    level_name(level), level == 1 ? "" : " entry", ent, why);
	}
	return true;
}

int mmk_check(struct mmk_machine *m, struct mmk_violation *v)
{
	misuse_null(m);
	struct scan s = { .m = m, .zero_pfn = page_to_pfn(m, m->zero_page) };
	struct mmk_violation found;
	int ret;

	rcu_barrier();		/* deferred frees done: the counters settle */
	ret = lock_mms(&s);
	if (ret)
		goto out;
	spin_lock(&m->pool_lock);
	s.grown = m->grown;
	spin_unlock(&m->pool_lock);
	spin_lock(&m->dev_lock);
	s.npfn = m->dev_next_pfn;
	spin_unlock(&m->dev_lock);
	scan_devices(&s);
	s.f = calloc(s.npfn, sizeof(*s.f));
	s.tlb = calloc((size_t)m->cfg.ncpus * TLB_ENTRIES, sizeof(*s.tlb));
	if (!s.f || !s.tlb) {
		ret = -ENOMEM;
		goto out;
	}
	s.v = &found;
	ret = !(check_quarantine(&s) && check_tables(&s) && check_free_lists(&s) &&
		check_tlb_frames(&s) && check_mapcounts(&s) && check_anon(&s) &&
		check_pinned(&s) && check_tlb_coherent(&s));
	if (ret && v)
		*v = found;
out:
	unlock_mms(&s);
	free(s.f);
	free(s.tlb);
	return ret;
}

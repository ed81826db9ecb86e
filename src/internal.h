/* SPDX-License-Identifier: MIT */
/*
 * internal.h - the objects of one simulated machine and who protects what.
 *
 *  struct mmk_machine   RAM (frames + struct page array), CPUs, policy.
 *  struct page          per-frame metadata, Linux's struct page/folio/ptdesc.
 *  struct cpu           a simulated CPU: its TLB and per-CPU frame cache.
 *  struct mm_struct     an address space: PGD, VMAs, locks, counters.
 *  struct vm_area_struct
 *  struct shmem         the object behind MAP_SHARED|MAP_ANONYMOUS.
 *  struct mmu_gather    batched TLB flush and frees of one zap.
 *
 * Lock order (outermost first), as Linux:
 *   mmap_lock -> mm->page_table_lock -> pmd lock -> PTE lock (PTL)
 *   -> cpu->tlb_lock -> pool locks (pcp_lock, pool_lock, pt_quicklist_lock,
 *   pt_defer_lock: each taken alone).
 * Dual-PTL (fork: child PTL, then parent PTL nested) follows Linux too.
 * A PTE lock holder may trylock, never lock, a pmd lock.
 */
#ifndef MMK_INTERNAL_H
#define MMK_INTERNAL_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include "mmkit/mmkit.h"
#include "pgtable.h"
#include "sync.h"

/* ---- struct page ---- */
enum pageflags {
	PG_dirty = 1u << 0,
	PG_anon = 1u << 1,		/* PageAnon: private anonymous */
	PG_anon_exclusive = 1u << 2,	/* PageAnonExclusive */
	PG_table = 1u << 3,		/* a page-table page (ptdesc) */
	PG_zero = 1u << 4,		/* the shared zero page */
	PG_device = 1u << 5,		/* ZONE_DEVICE */
	PG_reserved = 1u << 6,
	PG_swapbacked = 1u << 7,	/* cleared: lazily freed (MADV_FREE) */
	PG_known_zero = 1u << 8,	/* contents are all zero (fresh frame) */
	PG_shmem = 1u << 9,		/* belongs to a struct shmem */
	PG_free = 1u << 10,		/* freed: on a free list (or quarantined) */
	PG_pt_poisoned = 1u << 11,	/* freed page table, poisoned: quarantine it */
	PG_locked = 1u << 12,		/* folio_lock: migration holds the page */
};

/* A FOLL_PIN pin of a small page adds this to the refcount. */
#define GUP_PIN_COUNTING_BIAS 1024

/*
 * Cache-line aligned (two lines): two CPUs working on neighbouring frames
 * (a table's PTL, a data page's refcount and flags) must not write one
 * line, as Linux's 64-byte struct page never shares one.
 */
struct page {
	_Alignas(64) atomic_uint flags;	/* enum pageflags, atomic bit ops */
	atomic_t _refcount;		/* folio_ref_count(); 0 = free */
	atomic_t _mapcount;		/* mappings (0-based, unlike Linux's -1) */
	atomic_t _pincount;		/* large folios (later); unused for small */
	/*
	 * The checker's count of committed FOLL_PIN pins (invariant 7): pins
	 * handed to a caller, not GUP-fast's speculative grabs that a recheck
	 * may still undo.  Raised only while checking is on, lowered by every
	 * unpin that finds it positive; atomic, no lock.
	 */
	atomic_t check_pins;
	/* ptdesc part, for PG_table pages: */
	spinlock_t ptl;			/* split PTL (PTE table) or pmd lock (PMD table) */
	atomic_t pt_refcount;		/* refcount policy (reclaim issue) */
	unsigned char pt_level;		/* 1 PTE .. 4 PGD */
	struct mm_struct *pt_mm;	/* owner of a page table */
	mmk_entry_t *pt_parent;		/* the entry that points at this table */
	uint64_t pt_addr;		/* first address the table maps */
	/* owner of a data page: */
	struct shmem *mapping;		/* shmem object, or NULL for anon */
	struct dev_pagemap *pgmap;	/* ZONE_DEVICE pages: their pagemap, fixed */
	uint64_t index;			/* offset in the object, in pages */
	/* free lists, mmu_gather batches and RCU: */
	struct page *next;
	struct mmk_rcu_head rcu;
	struct mmk_machine *rcu_machine;	/* pte_free_defer*(): the callback's */
};

static inline bool PageTest(struct page *p, unsigned int f)
{
	return atomic_load_explicit(&p->flags, memory_order_acquire) & f;
}
static inline void SetPageFlag(struct page *p, unsigned int f)
{
	atomic_fetch_or_explicit(&p->flags, f, memory_order_acq_rel);
}
static inline void ClearPageFlag(struct page *p, unsigned int f)
{
	atomic_fetch_and_explicit(&p->flags, ~f, memory_order_acq_rel);
}
#define PageAnon(p) PageTest(p, PG_anon)
#define PageAnonExclusive(p) PageTest(p, PG_anon_exclusive)
#define PageTable(p) PageTest(p, PG_table)
#define PageDirty(p) PageTest(p, PG_dirty)
#define is_zone_device_page(p) PageTest(p, PG_device)
/* folio_trylock()/folio_unlock(): only migration locks pages. */
static inline bool trylock_page(struct page *p)
{
	mmk_sched_point(MMK_SP_LOCK, p);
	return !(atomic_fetch_or_explicit(&p->flags, PG_locked, memory_order_acquire) & PG_locked);
}
static inline void unlock_page(struct page *p)
{
	mmk_sched_point(MMK_SP_UNLOCK, p);
	atomic_fetch_and_explicit(&p->flags, ~PG_locked, memory_order_release);
}
static inline int page_ref_count(struct page *p) { return atomic_read(&p->_refcount); }
static inline int page_mapcount(struct page *p) { return atomic_read(&p->_mapcount); }
static inline bool is_zero_page(struct page *p) { return PageTest(p, PG_zero); }
/* folio_maybe_dma_pinned() for a small folio: may give false positives. */
static inline bool folio_maybe_dma_pinned(struct page *p)
{
	return (unsigned int)page_ref_count(p) >= GUP_PIN_COUNTING_BIAS;
}

/* ---- CPUs and TLBs ---- */
#define TLB_ENTRIES 256
/*
 * Per-CPU frame cache: refilled PCP_BATCH frames at a time from the pool;
 * frees beyond PCP_HIGH go back PCP_BATCH at a time.  High enough that a
 * CPU which faults and frees a few hundred frames in a loop (DONTNEED)
 * keeps recycling its own, cache-hot frames instead of trading them with
 * the other CPUs through the pool (Linux tunes pcp->high up for the same
 * reason, decay_pcp_high/free_high).  Running out of frames drains them.
 */
#define PCP_BATCH 32
#define PCP_HIGH 1024

struct tlb_entry {
	uint64_t mm_id;		/* ASID; 0 = invalid */
	uint64_t vpn;
	uint64_t pfn;
	bool write, dirty;
};

struct cpu {
	struct mmk_machine *m;
	unsigned int id;
	atomic_int owner;	/* mmk_self() of the attached thread, 0 = none */
	/*
	 * tlb_lock is held by the owning thread across TLB lookup, hardware
	 * walk, fill and the memory copy of one access, and by a flusher while
	 * it invalidates entries: a flush that returned has waited out every
	 * access that could use a stale entry (an IPI cannot interrupt an
	 * instruction either).
	 */
	spinlock_t tlb_lock;
	struct tlb_entry tlb[TLB_ENTRIES];	/* under tlb_lock */
	/*
	 * Which 2 MiB regions (region number mod 64, one bit each) the TLB
	 * may hold entries of: a superset.  The owner sets a region's bit,
	 * holding tlb_lock, before it walks for an address there (as it sets
	 * its mm->cpumask bit); a flusher clears it, holding tlb_lock, only
	 * when the TLB is left empty.  Read locklessly by flushers, to skip a
	 * CPU that cannot cache their range: on a line of its own, since the
	 * owner writes the lock's line on every access.
	 */
	_Alignas(64) atomic_uint_fast64_t tlb_regions;
	/* per-CPU free frames (Linux's pcp lists), under pcp_lock */
	spinlock_t pcp_lock;
	struct page *pcp;
	unsigned int pcp_count;
	/*
	 * frames_used, split (Linux's per-CPU vmstat diffs): frames this CPU's
	 * thread allocated minus those it freed since its last fold into
	 * m->frames_used, and the largest value that difference reached
	 * since.  Written by the owner only (page_alloc.c: frames_stat_add).
	 */
	atomic64_t frames_diff, frames_diff_max;
	/* statistics, written by the owner, read relaxed */
	atomic64_t tlb_hits, tlb_misses, tlb_flushes;
	atomic64_t ptc[MMK_PTC_NR];
};

/* The CPU the calling thread is attached to (any machine), or NULL. */
extern __thread struct cpu *current_cpu;

/* ---- the machine ---- */
struct mmk_machine {
	struct mmk_config cfg;
	unsigned char *mem;		/* nr_frames + 1 frames; the last is the zero page */
	size_t mem_bytes;
	struct page *pages;		/* struct page array, same indexing */
	size_t pages_bytes;
	uint64_t nr_frames;
	struct page *zero_page;
	/*
	 * ZONE_DEVICE: pfns [dev_base_pfn, dev_base_pfn + dev_frames) are a
	 * window reserved with RAM for device memory (memremap.c).  Devices
	 * take consecutive ranges of it, never given back; dev_lock protects
	 * dev_next_pfn and adding to pgmaps[] (read locklessly: published
	 * with a release store of nr_pgmaps, never removed).
	 */
	uint64_t dev_base_pfn, dev_frames, dev_next_pfn;
	spinlock_t dev_lock;
	struct dev_pagemap *pgmaps[MMK_MAX_DEVICES];
	atomic_int nr_pgmaps;
	/* global frame pool, under pool_lock */
	spinlock_t pool_lock;
	struct page *free_list;
	uint64_t nr_free;
	uint64_t grown;			/* frames faulted in and initialised so far */
	/* detached tables waiting to start a grace period (pgtable.c), under pt_defer_lock */
	spinlock_t pt_defer_lock;
	struct page *pt_defer;
	unsigned int nr_pt_defer;
	/* free, zeroed page-table frames (page_alloc.c), under pt_quicklist_lock */
	spinlock_t pt_quicklist_lock;
	struct page *pt_quicklist;
	unsigned int nr_pt_quicklist;
	/*
	 * statistics.  frames_used and frames_peak are folded from the CPUs'
	 * frames_diff (page_alloc.c explains how exact they are): read them
	 * with frames_used_read() / frames_peak_read().
	 */
	atomic64_t frames_used, frames_peak, pgtable_frames, pending_free;
	atomic64_t nr_tables[4], peak_tables[4];	/* by level, 1..3 */
	/* fault injection */
	atomic64_t fail_countdown, injected;
	atomic64_t next_mm_id;
	struct cpu *cpus;
	const struct pt_policy_ops *pt_ops;
	/* every live mm, for reclaim; mm_list_lock keeps them alive */
	spinlock_t mm_list_lock;
	struct mm_struct *mm_list;
	atomic64_t ptc[MMK_PTC_NR];	/* counters of threads on no CPU */
	/*
	 * Tracepoints for white-box tests: called, if set, at the named point
	 * with no page-table lock held.  Set before the machine is shared.
	 */
	void (*trace_zap_ptl_dropped)(struct mm_struct *mm, uint64_t addr, void *arg);
	void *trace_arg;
	/* page_table_check.c: continuous checks on (mmk_set_checking) */
	atomic_t checking;
	struct pt_check *check;		/* first violation, quarantine */
};

/* Is historical bug @bug switched back on (policies.md)? */
static inline bool mmk_bug(const struct mmk_machine *m, unsigned int bug)
{
	return unlikely(m->cfg.bugs & bug);
}

static inline struct page *pfn_to_page(struct mmk_machine *m, uint64_t pfn)
{
	return &m->pages[pfn];
}
static inline uint64_t page_to_pfn(struct mmk_machine *m, struct page *p)
{
	return (uint64_t)(p - m->pages);
}
static inline void *page_address(struct mmk_machine *m, struct page *p)
{
	return m->mem + (page_to_pfn(m, p) << PAGE_SHIFT);
}
static inline void *pfn_to_virt(struct mmk_machine *m, uint64_t pfn)
{
	return m->mem + (pfn << PAGE_SHIFT);
}
/* The page holding a page-table entry (for its table's lock). */
static inline struct page *virt_to_page(struct mmk_machine *m, const void *p)
{
	return &m->pages[((const unsigned char *)p - m->mem) >> PAGE_SHIFT];
}
/* Has @pfn a struct page: RAM, the zero page, or the device window? */
static inline bool pfn_valid(struct mmk_machine *m, uint64_t pfn)
{
	return pfn < m->dev_base_pfn + m->dev_frames;
}

/* page_alloc.c */
#define __GFP_ZERO 1u
struct page *alloc_page(struct mmk_machine *m, unsigned int gfp);
void free_frame(struct mmk_machine *m, struct page *p);
/* Give every quarantined page-table frame back to the pool; any released? */
bool drain_quarantine(struct mmk_machine *m);
void get_page(struct page *p);
void put_page(struct mmk_machine *m, struct page *p);
void release_pages(struct mmk_machine *m, struct page **pages, unsigned int nr);
void copy_user_highpage(struct mmk_machine *m, struct page *to, struct page *from);
void pcp_drain(struct mmk_machine *m, struct cpu *c);
/* Page-table frames: zeroed, from and to the quicklist where possible. */
struct page *alloc_pgtable_page(struct mmk_machine *m);
void put_pgtable_page(struct mmk_machine *m, struct page *p);
bool drain_pt_quicklist(struct mmk_machine *m);
uint64_t frames_used_read(struct mmk_machine *m);
uint64_t frames_peak_read(struct mmk_machine *m);
int page_pool_init(struct mmk_machine *m);
void page_pool_destroy(struct mmk_machine *m);

/* ---- address spaces ---- */
/* vm_flags, Linux's values */
#define VM_READ 0x1UL
#define VM_WRITE 0x2UL
#define VM_EXEC 0x4UL
#define VM_SHARED 0x8UL
#define VM_MAYREAD 0x10UL
#define VM_MAYWRITE 0x20UL
#define VM_MAYEXEC 0x40UL
#define VM_MAYSHARE 0x80UL
#define VM_DONTCOPY 0x20000UL
#define VM_WIPEONFORK 0x02000000UL
#define VM_HUGEPAGE 0x20000000UL
#define VM_NOHUGEPAGE 0x40000000UL
#define VM_ACCESS_FLAGS (VM_READ | VM_WRITE | VM_EXEC)

struct shmem {
	struct mmk_machine *m;
	atomic_t refcount;		/* one per VMA using it */
	uint64_t nr_pages;
	mmk_entry_t *slots;		/* pfn + 1 of each page, 0 = hole */
};

struct vm_area_struct {
	struct mm_struct *vm_mm;
	uint64_t vm_start, vm_end;
	unsigned long vm_flags;
	uint64_t vm_pgoff;		/* in pages: object offset, or vm_start >> 12 for anon */
	pgprot_t vm_page_prot;
	struct shmem *shm;		/* MAP_SHARED|MAP_ANONYMOUS */
	struct dev_pagemap *dev;	/* a device-dax mapping (vma_is_dax) */
};

struct mm_struct {
	struct mmk_machine *m;
	uint64_t id;			/* TLB tag (ASID); never reused */
	mmk_entry_t *pgd;
	struct page *pgd_page;
	/*
	 * mmap_lock protects the VMA array and VMA fields: held for write to
	 * change them, for read by faults, zaps (DONTNEED/FREE), GUP and
	 * queries.  A per-CPU rwsem (sync.h), so that faults on different
	 * CPUs do not write one shared line; take it with mmap_read_lock()
	 * and friends below.  Read locks never nest.
	 */
	struct percpu_rw_semaphore mmap_lock;
	struct vm_area_struct **vmas;	/* sorted by vm_start, under mmap_lock */
	unsigned int nr_vmas, vmas_cap;
	/* page_table_lock protects populating PGD and PUD entries. */
	spinlock_t page_table_lock;
	/* counters, atomic because faults run under mmap_lock read */
	atomic64_t nr_ptes, nr_pmds, nr_puds;
	/* RSS by type (enum mm_counter), split per CPU: see add_mm_counter() */
	struct mm_rss_slot *rss_stat;
	/* CPUs that may cache translations of this mm (never cleared) */
	_Atomic uint64_t cpumask;
	/* odd while fork copies page tables (GUP-fast checks it) */
	atomic_t write_protect_seq;
	/* rwsem policy: walkers hold pt_rwsem for read, reclaim for write */
	struct rw_semaphore pt_rwsem;
	/* rwsem policy: ranges left for the next writer, under reclaim_lock */
	spinlock_t reclaim_lock;
	struct pt_range { uint64_t start, end; } *reclaim_queue;
	unsigned int nr_queued, queue_cap;
	struct mm_struct *mm_next, **mm_pprev;	/* m->mm_list, under mm_list_lock */
	/*
	 * mm_count (mmgrab/mmdrop) keeps the struct itself alive for
	 * whoever found it on mm_list and must sleep on its mmap_lock
	 * (unbind); exited is set, under mmap_lock write, by mmk_exit.
	 */
	atomic_t mm_count;
	bool exited;
	/*
	 * mmu notifiers: a list pushed under notifier_lock, never shrunk
	 * before exit; invalidate_seq is odd while an invalidation runs
	 * (mmu_interval_read_begin/retry).
	 */
	struct mmu_notifier *_Atomic notifiers;
	spinlock_t notifier_lock;
	atomic_t invalidate_seq;
	atomic_t invalidating;
};
void mmgrab(struct mm_struct *mm);
void mmdrop(struct mm_struct *mm);

/* ---- mmap_lock (Linux's include/linux/mmap_lock.h) ---- */
static inline void mmap_read_lock(struct mm_struct *mm) { percpu_down_read(&mm->mmap_lock); }
static inline bool mmap_read_trylock(struct mm_struct *mm)
{
	return percpu_down_read_trylock(&mm->mmap_lock);
}
static inline void mmap_read_unlock(struct mm_struct *mm) { percpu_up_read(&mm->mmap_lock); }
static inline void mmap_write_lock(struct mm_struct *mm) { percpu_down_write(&mm->mmap_lock); }
static inline void mmap_write_unlock(struct mm_struct *mm) { percpu_up_write(&mm->mmap_lock); }
#define mmap_assert_locked(mm) percpu_rwsem_assert_held(&(mm)->mmap_lock)
#define mmap_assert_write_locked(mm) percpu_rwsem_assert_held_write(&(mm)->mmap_lock)

/*
 * ---- RSS counters (Linux's mm->rss_stat percpu_counters) ----
 * One slot per simulated CPU of the machine, each on its own cache line,
 * plus a shared last slot.  A thread attached to one of the machine's
 * CPUs is the only writer of that CPU's slot (mmk_cpu_attach excludes
 * others), so it updates it with a plain load and store: no locked
 * instruction, no shared line.  Other threads (unattached, RCU callbacks,
 * another machine's CPUs) add to the shared slot atomically.  A slot may
 * go negative (a page faulted on one CPU, zapped on another); readers sum
 * all slots, which is exact whenever no update is running (after the
 * threads that made them were joined, or by the thread that made them),
 * and a snapshot otherwise, as Linux's get_mm_counter() is.
 */
enum mm_counter { MM_ANONPAGES, MM_SHMEMPAGES, NR_MM_COUNTERS };
struct mm_rss_slot {
	atomic64_t count[NR_MM_COUNTERS];
	char pad[64 - NR_MM_COUNTERS * sizeof(atomic64_t)];
};
static inline void add_mm_counter(struct mm_struct *mm, enum mm_counter member, long long n)
{
	struct cpu *cpu = current_cpu;

	if (likely(cpu && cpu->m == mm->m)) {
		atomic64_t *c = &mm->rss_stat[cpu->id].count[member];
		atomic64_set(c, atomic64_read(c) + n);	/* owner-only slot */
	} else {
		atomic64_add(n, &mm->rss_stat[mm->m->cfg.ncpus].count[member]);
	}
}
static inline long long get_mm_counter(struct mm_struct *mm, enum mm_counter member)
{
	long long v = 0;

	for (unsigned int i = 0; i <= mm->m->cfg.ncpus; i++)
		v += atomic64_read(&mm->rss_stat[i].count[member]);
	return v;
}
/* The counter a mapped page of @page's kind counts in. */
static inline enum mm_counter mm_counter_of(struct page *page)
{
	return PageAnon(page) ? MM_ANONPAGES : MM_SHMEMPAGES;
}

/* mmap.c */
struct vm_area_struct *find_vma(struct mm_struct *mm, uint64_t addr);
struct vm_area_struct *vma_lookup(struct mm_struct *mm, uint64_t addr);
int vma_index(struct mm_struct *mm, uint64_t addr);
int split_vma(struct mm_struct *mm, unsigned int idx, uint64_t addr);
void vma_try_merge(struct mm_struct *mm, unsigned int idx);
int vma_insert(struct mm_struct *mm, struct vm_area_struct *vma);
struct vm_area_struct *vma_dup(struct vm_area_struct *v, struct mm_struct *mm);
void vma_free(struct vm_area_struct *v);
bool range_ok(uint64_t addr, uint64_t len);
void shmem_put(struct shmem *s);
int do_munmap(struct mm_struct *mm, uint64_t addr, uint64_t len);
int vma_modify_flags(struct mm_struct *mm, unsigned int *idx, uint64_t start,
		     uint64_t end, unsigned long newflags);
static inline bool vma_is_anonymous(struct vm_area_struct *v)
{
	return v->shm == NULL && v->dev == NULL;
}
static inline bool vma_is_dax(struct vm_area_struct *v) { return v->dev != NULL; }
/* Private and possibly writable: writes go through copy-on-write. */
static inline bool is_cow_mapping(unsigned long vm_flags)
{
	return (vm_flags & (VM_SHARED | VM_MAYWRITE)) == VM_MAYWRITE;
}

/* ---- ZONE_DEVICE (memremap.c) ---- */
enum memory_type {
	MEMORY_DEVICE_PRIVATE = 1,	/* not CPU addressable: device-private entries */
	MEMORY_DEVICE_GENERIC,		/* device-dax: devmap entries */
};

/*
 * percpu_ref in atomic mode: a count with a DEAD bit.  tryget_live fails
 * once the ref was killed; get is for holders of a reference already.
 */
#define PERCPU_REF_DEAD (1 << 30)
struct percpu_ref {
	atomic_t count;
};

/*
 * struct dev_pagemap - one device's memory (memremap_pages).
 *
 * ref (the live reference) is held by: every devmap entry installed (one
 * per PTE or PMD leaf), a DAX fault while it runs (Linux's dax_read_lock
 * plus the alive check), every GUP reference to one of its pages (the 2015
 * design: get_dev_pagemap), every allocated device-private page.  gup_refs
 * counts the GUP part alone: unbind fails with -EBUSY while it is nonzero.
 * Unbind kills ref, revokes mappings and waits for ref to drain to 0.
 *
 * lock protects the device-private free list and DAX pages going idle.
 * The mirror (hmm.c) has its own lock.
 */
struct dev_pagemap {
	struct mmk_machine *m;
	enum memory_type type;
	unsigned int id;
	uint64_t pfn_first, nr_pages;
	uint64_t align;			/* DAX: bytes, PAGE_SIZE or PMD_SIZE */
	struct percpu_ref ref;
	atomic_t users;			/* pgmap_use_begin() sections in flight */
	atomic_t gup_refs;
	atomic_t state;			/* PGMAP_LIVE, _DYING, _GONE */
	spinlock_t lock;
	struct page *free;		/* idle device-private pages */
	struct dmirror *_Atomic mirror;	/* hmm.c, created on first use */
};
#define PGMAP_LIVE 0
#define PGMAP_DYING 1
#define PGMAP_GONE 2

static inline bool is_device_private_page(struct page *p)
{
	return is_zone_device_page(p) && p->pgmap->type == MEMORY_DEVICE_PRIVATE;
}
static inline bool is_device_dax_page(struct page *p)
{
	return is_zone_device_page(p) && p->pgmap->type == MEMORY_DEVICE_GENERIC;
}
bool percpu_ref_tryget_live(struct percpu_ref *r);
void percpu_ref_get(struct percpu_ref *r);
void percpu_ref_put(struct percpu_ref *r);
static inline void put_dev_pagemap(struct dev_pagemap *pgmap)
{
	percpu_ref_put(&pgmap->ref);
}
/*
 * GUP's reference on a device page's pagemap, taken before the page's
 * (get_dev_pagemap in the 2015 design; Linux 6.15+ relies on the page
 * refcount alone); not taken with devmap_no_pgmap_ref.
 */
bool gup_get_dev_pagemap(struct mmk_machine *m, struct page *page);
void gup_put_dev_pagemap(struct mmk_machine *m, struct page *page);
void free_zone_device_page(struct mmk_machine *m, struct page *p);
/* A free page of device-private @pgmap with refcount 1, or NULL. */
struct page *alloc_device_private_page(struct dev_pagemap *pgmap);
void memremap_destroy(struct mmk_machine *m);
struct dev_pagemap *pfn_to_pgmap(struct mmk_machine *m, uint64_t pfn);
/* The DAX page at @pgoff of @pgmap with a new reference (a mapping's). */
struct page *dax_map_page(struct dev_pagemap *pgmap, uint64_t pgoff);
struct dev_pagemap *mmk_device_pgmap(struct mmk_device *dev);

/* hmm.c: the device's mirror of process page tables (lib/test_hmm.c's dmirror) */
struct dmirror;
void dmirror_unbind(struct dev_pagemap *pgmap);
void dmirror_destroy(struct dev_pagemap *pgmap);
uint64_t dmirror_entries(struct dev_pagemap *pgmap);
/* DAX faults: the device page for @pgoff, and the fault-time reference. */
/*
 * pgmap_use_begin/end bracket an operation that may install entries
 * naming the device's pages (a DAX fault, a migration to the device):
 * unbind waits for every one in flight before it revokes, or an entry
 * installed after the revoke would hold the pagemap forever (Linux: the
 * dax_read_lock SRCU section and kill_dev_dax's synchronize_srcu).
 */
bool pgmap_use_begin(struct dev_pagemap *pgmap);
void pgmap_use_end(struct dev_pagemap *pgmap);

/* migrate_device.c */
/* do_swap_page for a device-private entry: move the page back to RAM. */
int migrate_to_ram(struct vm_area_struct *vma, uint64_t addr);
/* Device-private pages of @pgmap in [start, end) of @vma back to RAM. */
long migrate_vma_range_to_ram(struct vm_area_struct *vma, uint64_t start, uint64_t end,
			      struct dev_pagemap *only);

/* mmu notifiers (hmm.c): secondary MMUs that mirror a page table. */
struct mmu_notifier {
	/* Before entries of [start, end) are cleared or write-protected. */
	void (*invalidate_range_start)(struct mmu_notifier *mn, struct mm_struct *mm,
				       uint64_t start, uint64_t end);
	/* The mm goes away: drop everything mirrored from it. */
	void (*release)(struct mmu_notifier *mn, struct mm_struct *mm);
	struct mmu_notifier *next;
};
void __mmu_notifier_invalidate_range_start(struct mm_struct *mm, uint64_t start,
					   uint64_t end);
void __mmu_notifier_invalidate_range_end(struct mm_struct *mm, uint64_t start,
					 uint64_t end);
static inline void mmu_notifier_invalidate_range_start(struct mm_struct *mm,
							uint64_t start, uint64_t end)
{
	if (unlikely(atomic_load_explicit(&mm->notifiers, memory_order_acquire) != NULL))
		__mmu_notifier_invalidate_range_start(mm, start, end);
}
static inline void mmu_notifier_invalidate_range_end(struct mm_struct *mm,
						      uint64_t start, uint64_t end)
{
	if (unlikely(atomic_load_explicit(&mm->notifiers, memory_order_acquire) != NULL))
		__mmu_notifier_invalidate_range_end(mm, start, end);
}
void mmu_notifier_release(struct mm_struct *mm);

/* pgtable.c: tables, the walk API */
mmk_entry_t *pgd_offset(struct mm_struct *mm, uint64_t addr);
mmk_entry_t *pud_offset(struct mmk_machine *m, pgd_t pgd, uint64_t addr);
mmk_entry_t *pmd_offset(struct mmk_machine *m, pud_t pud, uint64_t addr);
int __pte_alloc_install(struct mm_struct *mm, mmk_entry_t *pmdp, struct page **installed);
/*
 * pte_alloc_install - make sure a PTE table hangs below *@pmdp.  0, -ENOMEM,
 * or -EAGAIN if the PMD table was detached (policy full): start over.
 * *@installed gets the new table if this call installed one: under the
 * refcount policy the caller then owns its install reference and drops it
 * with pte_install_put() once it mapped the table.
 */
static inline int pte_alloc_install(struct mm_struct *mm, mmk_entry_t *pmdp,
				    struct page **installed)
{
	*installed = NULL;
	return unlikely(pmd_none(entry_read(pmdp))) ? __pte_alloc_install(mm, pmdp, installed) : 0;
}
void pte_install_put(struct mm_struct *mm, struct page *installed);
/* pte_alloc for callers that keep no reference (tests, tools). */
int __pte_alloc(struct mm_struct *mm, mmk_entry_t *pmdp);
static inline int pte_alloc(struct mm_struct *mm, mmk_entry_t *pmdp)
{
	return unlikely(pmd_none(entry_read(pmdp))) ? __pte_alloc(mm, pmdp) : 0;
}
/* The next level's entry for @addr, allocating its table; NULL on failure. */
mmk_entry_t *pud_alloc(struct mm_struct *mm, mmk_entry_t *pgdp, uint64_t addr);
mmk_entry_t *pmd_alloc(struct mm_struct *mm, mmk_entry_t *pudp, uint64_t addr);
int walk_alloc_pmd(struct mm_struct *mm, uint64_t addr, mmk_entry_t **pmdp);
mmk_entry_t *mm_find_pmd(struct mm_struct *mm, uint64_t addr);
/* Account @n tables at @level (1 PTE .. 3 PUD) attached to / detached from @mm. */
void mm_pgtables_add(struct mm_struct *mm, int level, int n);
void atomic64_max(atomic64_t *peak, long long v);
spinlock_t *pmd_lockptr(struct mm_struct *mm, mmk_entry_t *pmdp);
spinlock_t *pmd_lock(struct mm_struct *mm, mmk_entry_t *pmdp);
spinlock_t *pte_lockptr(struct mm_struct *mm, pmd_t pmdval);
mmk_entry_t *__pte_offset_map(struct mm_struct *mm, mmk_entry_t *pmdp,
			      uint64_t addr, pmd_t *pmdvalp);
mmk_entry_t *pte_offset_map(struct mm_struct *mm, mmk_entry_t *pmdp, uint64_t addr);
mmk_entry_t *pte_offset_map_lock(struct mm_struct *mm, mmk_entry_t *pmdp,
				 uint64_t addr, spinlock_t **ptlp);
mmk_entry_t *pte_offset_map_ro_nolock(struct mm_struct *mm, mmk_entry_t *pmdp,
				      uint64_t addr, spinlock_t **ptlp);
mmk_entry_t *pte_offset_map_rw_nolock(struct mm_struct *mm, mmk_entry_t *pmdp,
				      uint64_t addr, pmd_t *pmdvalp,
				      spinlock_t **ptlp);
void pte_unmap(mmk_entry_t *pte);
void pte_unmap_unlock(mmk_entry_t *pte, spinlock_t *ptl);
struct page *pte_alloc_one(struct mm_struct *mm, int level);
void pte_free_now(struct mmk_machine *m, struct page *table);
void pte_free_defer(struct mmk_machine *m, struct page *table);
void pte_free_defer_list(struct mmk_machine *m, struct page *list);
void pte_free_defer_flush(struct mmk_machine *m);
struct page *vm_normal_page(struct vm_area_struct *vma, uint64_t addr, pte_t pte);

/* tlb.c: TLBs, flushes, mmu_gather, the CPU access path */
void flush_tlb_range(struct mm_struct *mm, uint64_t start, uint64_t end);
void flush_tlb_mm(struct mm_struct *mm);
static inline void flush_tlb_page(struct mm_struct *mm, uint64_t addr)
{
	flush_tlb_range(mm, addr, addr + PAGE_SIZE);
}
pte_t ptep_clear_flush(struct mm_struct *mm, uint64_t addr, mmk_entry_t *ptep);

#define MMK_GATHER_MAX 512
struct mmu_gather {
	struct mm_struct *mm;
	bool fullmm;
	uint64_t start, end;		/* range to flush; start >= end: none */
	unsigned int nr, max;
	struct page *pages[MMK_GATHER_MAX];
	struct page *tables;		/* detached tables, not yet flushed */
	struct page *tables_flushed;	/* flushed: freed after one GP at finish */
};
void tlb_gather_mmu(struct mmu_gather *tlb, struct mm_struct *mm);
void tlb_gather_mmu_fullmm(struct mmu_gather *tlb, struct mm_struct *mm);
static inline void tlb_flush_pte_range(struct mmu_gather *tlb, uint64_t a, uint64_t size)
{
	if (a < tlb->start)
		tlb->start = a;
	if (a + size > tlb->end)
		tlb->end = a + size;
}
/* Returns true when the batch is full: the caller must flush (force_flush). */
bool tlb_remove_page(struct mmu_gather *tlb, struct page *page);
void tlb_remove_table(struct mmu_gather *tlb, struct page *table);
void tlb_flush_mmu_tlbonly(struct mmu_gather *tlb);
void tlb_flush_mmu(struct mmu_gather *tlb);
void tlb_finish_mmu(struct mmu_gather *tlb);

/* memory.c: faults, zap, copying and freeing page tables */
#define VM_FAULT_OOM 0x1
#define VM_FAULT_SIGBUS 0x2
#define VM_FAULT_SIGSEGV 0x4
#define VM_FAULT_RETRY 0x8
#define FAULT_FLAG_WRITE 0x1
/*
 * GUP wants the page exclusive to this mm (gup_must_unshare) without
 * writing: an R/O entry of a COW mapping gets its own anonymous page,
 * still mapped R/O.  Never together with FAULT_FLAG_WRITE.
 */
#define FAULT_FLAG_UNSHARE 0x2
int handle_mm_fault(struct vm_area_struct *vma, uint64_t addr, unsigned int flags);
int do_user_fault(struct mm_struct *mm, uint64_t addr, bool write);
enum zap_reason {
	ZAP_DONTNEED,		/* MADV_DONTNEED */
	ZAP_MUNMAP,		/* munmap of part of the address space */
	ZAP_EXIT,		/* exit: free_pgtables frees everything anyway */
	ZAP_DISCARD,		/* reclaim discarding clean MADV_FREE pages */
	ZAP_REVOKE,		/* device unbind revoking DAX mappings */
};
struct zap_details {
	enum zap_reason reason;
};
void unmap_page_range(struct mmu_gather *tlb, struct vm_area_struct *vma,
		      uint64_t addr, uint64_t end, struct zap_details *details);
void free_pgd_range(struct mmu_gather *tlb, uint64_t floor, uint64_t ceiling);
int copy_page_range(struct vm_area_struct *dst, struct vm_area_struct *src);
void mm_release_pages(struct mm_struct *mm);

/* pt_reclaim.c, pte_ref.c: page-table lifetime policies */

/*
 * One page-table lifetime policy (shared/spec/policies.md).  NULL hooks
 * cost nothing.  Every hook is called with mmap_lock held.
 */
struct pt_policy_ops {
	const char *name;
	/* Around a walk under mmap_lock read (faults, madvise, queries). */
	void (*walk_begin)(struct mm_struct *mm);
	void (*walk_end)(struct mm_struct *mm);
	/* pte_offset_map*(): take a reference on the table; false = no table. */
	bool (*table_get)(struct mmk_machine *m, struct page *table);
	/* pte_unmap(), and the drop of an install reference. */
	void (*table_put)(struct mmk_machine *m, struct page *table);
	/* Under the PTL: entries of @table went none -> not none (+n) or back (-n). */
	void (*entries_changed)(struct mmk_machine *m, struct page *table, int n);
	/* New PTE tables start with this many references (the installer's). */
	int install_refs;
	/* Does a zap of one table for @reason try to free it (zap_pte_range)? */
	bool (*zap_reclaims)(enum zap_reason reason, bool whole_table);
	/* After freeing a PTE table, also free emptied PMD and PUD tables. */
	bool free_upper;
	/* After a whole zap of [start, end), with no walk in progress. */
	void (*zap_done)(struct mm_struct *mm, uint64_t start, uint64_t end,
			 enum zap_reason reason);
	/* mm teardown: drop policy state. */
	void (*mm_exit)(struct mm_struct *mm);
};
extern const struct pt_policy_ops pt_policy_keep, pt_policy_linux, pt_policy_refcount,
	pt_policy_rwsem, pt_policy_full;
static inline const struct pt_policy_ops *pt_policy(struct mmk_machine *m)
{
	return m->pt_ops;
}
static inline void pt_walk_begin(struct mm_struct *mm)
{
	if (mm->m->pt_ops->walk_begin)
		mm->m->pt_ops->walk_begin(mm);
}
static inline void pt_walk_end(struct mm_struct *mm)
{
	if (mm->m->pt_ops->walk_end)
		mm->m->pt_ops->walk_end(mm);
}

/* Does this thread hold the rwsem policy's pt_rwsem (a walk, or reclaim)? */
bool pt_walk_lock_held(void);

/* Cost counters: per CPU, written by the attached thread only. */
static inline void pt_count(struct mmk_machine *m, enum mmk_pt_counter c, long long n)
{
	struct cpu *cpu = current_cpu;

	if (likely(cpu && cpu->m == m))
		atomic64_set(&cpu->ptc[c], atomic64_read(&cpu->ptc[c]) + n);
	else
		atomic64_add(n, &m->ptc[c]);
}

/* Entry changes that a policy may count (none <-> not none), PTL held. */
static inline void pte_install(struct mm_struct *mm, mmk_entry_t *ptep, pte_t entry)
{
	entry_write(ptep, entry);
	if (mm->m->pt_ops->entries_changed)
		mm->m->pt_ops->entries_changed(mm->m, virt_to_page(mm->m, ptep), 1);
}
static inline pte_t pte_clear_get(struct mm_struct *mm, mmk_entry_t *ptep)
{
	pte_t old = entry_xchg(ptep, 0);

	if (!pte_none(old) && mm->m->pt_ops->entries_changed)
		mm->m->pt_ops->entries_changed(mm->m, virt_to_page(mm->m, ptep), -1);
	return old;
}

bool try_get_and_clear_pmd(struct mm_struct *mm, mmk_entry_t *pmdp, pmd_t *pmdvalp);
void free_pte(struct mm_struct *mm, struct mmu_gather *tlb, pmd_t pmdval);
bool try_to_free_pte(struct mm_struct *mm, mmk_entry_t *pmdp, uint64_t addr,
		     struct mmu_gather *tlb);
void try_free_upper(struct mmu_gather *tlb, uint64_t addr);
bool table_empty(const mmk_entry_t *table);

/* vmscan.c */
int madvise_pageout(struct vm_area_struct *vma, uint64_t start, uint64_t end);
uint64_t try_to_free_lazyfree(struct mmk_machine *m);

/* gup.c */
/*
 * faultin_page_range - MADV_POPULATE_(READ|WRITE): fault [start, end) in,
 * readable or writable, taking no page.  Caller holds mmap_lock for read.
 * Returns the pages done (> 0), or -ENOMEM (hole, or out of memory),
 * -EINVAL (VMA lacks the permission), -EFAULT (SIGBUS/SIGSEGV).
 */
long faultin_page_range(struct mm_struct *mm, uint64_t start, uint64_t end, bool write);

/* mprotect.c */
int mprotect_fixup(struct mm_struct *mm, unsigned int idx, uint64_t start,
		   uint64_t end, unsigned long newflags);
void change_protection(struct mmu_gather *tlb, struct vm_area_struct *vma,
		       uint64_t start, uint64_t end);

/* Range walk over present PMDs: calls @fn for each [addr, next) with a pmd. */
typedef void (*pmd_range_fn)(struct vm_area_struct *vma, mmk_entry_t *pmdp,
			     uint64_t addr, uint64_t end, void *arg);
void walk_pmd_range(struct vm_area_struct *vma, uint64_t addr, uint64_t end,
		    pmd_range_fn fn, void *arg);

/*
 * page_table_check.c: the invariant checker (include/mmkit/check.h).
 * With checking off (the default) each hook below costs one predictable
 * branch where it is called.
 */
static inline bool pt_checking(struct mmk_machine *m)
{
	return unlikely(atomic_read(&m->checking) != 0);
}
int pt_check_init(struct mmk_machine *m);
void pt_check_destroy(struct mmk_machine *m);
/* @walker read PTE_POISON from *@entryp (a freed table) walking to @addr. */
void pt_check_poison(struct mm_struct *mm, const mmk_entry_t *entryp,
		     uint64_t addr, const char *walker);
/* Checking on: a pmd read by @walker leads to @table; is it a live PTE table? */
void pt_check_pte_table(struct mm_struct *mm, const mmk_entry_t *pmdp,
			struct page *table, uint64_t addr, const char *walker);
/*
 * Invariant 7's bookkeeping: a FOLL_PIN pin of @page was handed to the
 * caller (counted while checking is on) / is being released.  The
 * checker's own atomics: not instrumentation points (not explored).
 */
static inline void pt_check_pin_commit(struct mmk_machine *m, struct page *page)
{
	if (pt_checking(m) && !is_zero_page(page))
		atomic_fetch_add_explicit(&page->check_pins.v, 1, memory_order_relaxed);
}
static inline void pt_check_unpin(struct page *page)
{
	int old = atomic_load_explicit(&page->check_pins.v, memory_order_relaxed);

	while (old > 0 && !atomic_compare_exchange_weak_explicit(&page->check_pins.v,
			&old, old - 1, memory_order_relaxed, memory_order_relaxed))
		;
}
/* Checking on: @table is being freed: no entry may be left (2); poison it. */
void pt_check_free_table(struct mmk_machine *m, struct page *table);
/* Record violation @inv of invariants.md (the first one wins). */
void __attribute__((format(printf, 4, 5)))
pt_check_record(struct mmk_machine *m, int inv, uint64_t addr, const char *fmt, ...);
/* Hold freed, poisoned table frame @p back; returns the one it displaces, or NULL. */
struct page *pt_quarantine_swap(struct mmk_machine *m, struct page *p);
/* Empty the quarantine: a list through ->next, *@n frames long. */
struct page *pt_quarantine_take_all(struct mmk_machine *m, unsigned int *n);

#endif

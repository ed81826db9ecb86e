/* SPDX-License-Identifier: MIT */
/*
 * mm_types.h - the objects of one simulated machine and who protects what
 * (Linux's include/linux/mm_types.h):
 *
 *  struct mmk_machine   RAM (frames + struct page array), CPUs, policy.
 *  struct page          per-frame metadata, Linux's struct page/folio/ptdesc.
 *  struct mm_struct     an address space: PGD, VMAs, locks, counters.
 *  struct vm_area_struct
 *  struct shmem         the object behind MAP_SHARED|MAP_ANONYMOUS.
 *
 * The objects of one subsystem live with it: struct cpu (cpu.h), struct
 * mmu_gather (tlb.h), struct dev_pagemap (memremap.h), struct mmu_notifier
 * (mmu_notifier.h), the policies' state (pt_policy.h).  The lock order is
 * lockdep.h's rank table.
 */
#ifndef MMK_MM_TYPES_H
#define MMK_MM_TYPES_H

#include <errno.h>
#include <stdlib.h>
#include "mmkit/mmkit.h"
#include "pgtable_types.h"
#include "sync.h"
#include "misuse.h"

struct cpu;
struct dev_pagemap;
struct mmu_notifier;
struct mm_rss_slot;
struct pt_check;
struct pt_policy_ops;

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
	PG_shmem = 1u << 9,		/* belongs to a struct shmem */
	PG_free = 1u << 10,		/* freed: on a free list (or quarantined) */
	PG_pt_poisoned = 1u << 11,	/* freed page table, poisoned: quarantine it */
	PG_locked = 1u << 12,		/* folio_lock: migration holds the page */
	PG_head = 1u << 13,		/* the first page of a PMD-sized folio (THP) */
	PG_pt_pending = 1u << 14,	/* a detached table waiting for its grace period */
	PG_partially_mapped = 1u << 15,	/* THP head: on the deferred split queue (huge_memory.c) */
};

/* A FOLL_PIN pin of a small page adds this to the refcount. */
#define GUP_PIN_COUNTING_BIAS 1024

/*
 * struct page: 64 bytes, one cache line, as Linux's.  Cache-line aligned:
 * two CPUs working on neighbouring frames (a table's PTL, a data page's
 * refcount and flags) never write one line.
 *
 * Which part is valid when
 * ------------------------
 * The first 24 bytes mean the same for every kind of frame (free, data
 * page, page table, device page), at fixed offsets: flags, _refcount,
 * _mapcount, pt_refcount and the word at offset 16.  Then a union:
 *
 *  - data pages (anonymous, shmem, device): mapping, index, pgmap, and in
 *    the head of a large folio _entire_mapcount and _pincount.  Valid from
 *    prep_new_page() (which zeroes them) until the frame is freed.
 *  - page tables (PG_table, Linux's ptdesc): ptl, pt_mm, pt_parent,
 *    pt_addr_level, and pt_used (PTE tables) sharing its word with
 *    pmd_huge_pte (PMD tables).  Valid from pte_alloc_one() until the
 *    frame is next allocated: a table detached, on an mmu_gather batch or
 *    waiting for its grace period keeps them all (racing walkers may still
 *    take its PTL and recheck, the refcount policy may still try its
 *    pt_refcount, the checker reads its level and address when it is
 *    freed and while it is quarantined).
 *
 * The word at offset 16 is Linux's compound_head/lru overlay: a tail page
 * of a large folio holds its head's address with bit 0 set
 * (compound_head); a frame on a list (free lists, pcp lists, the huge and
 * device free lists, the page-table quicklist and quarantine, mmu_gather's
 * and pt_defer's table lists, a PMD table's deposit stack) holds the next
 * frame's address, bit 0 clear (next, through page_next/set_page_next).
 * Every other frame holds 0 or a stale link, bit 0 clear: page_folio()
 * trusts only a set bit 0.  Both are atomic (relaxed for the links, which
 * their lists' locks order) so that a speculative reader never races a
 * plain store.
 *
 * Speculative readers
 * -------------------
 * GUP-fast and the checker may look at a frame that is meanwhile freed,
 * reallocated or turned into a page table.  They read only the fixed part
 * first (flags, _refcount, the offset-16 word, _mapcount), which is
 * meaningful for every kind, and look at a union member only once the
 * flags say which one is valid and a reference or recheck holds the frame
 * in that state: _pincount after a grab of a folio with PG_head,
 * pgmap of PG_device frames (never anything else), pt_* of PG_table
 * frames reached through an entry (RCU keeps a table a table).
 *
 * Not in struct page: the checker's and debug builds' per-frame counters
 * (struct mmk_machine: check_pins, debug_gets) and the rcu_head of
 * deferred table frees (pgtable.c: struct pt_defer_batch).
 */
struct page {
	_Alignas(64) atomic_uint flags;	/* enum pageflags, atomic bit ops */
	atomic_t _refcount;		/* folio_ref_count(); 0 = free */
	atomic_t _mapcount;		/* mappings (0-based, unlike Linux's -1); 0 for tables */
	/*
	 * Page tables, refcount policy (reclaim issue): zero for every other
	 * frame, so that a speculative tryget on a frame no longer a table
	 * fails.  Kept out of the union for that reason.
	 */
	atomic_t pt_refcount;
	/*
	 * Large folios (THP, order HPAGE_PMD_ORDER only): every tail page
	 * points at its head; the folio's refcount, _pincount and
	 * _entire_mapcount (PMD mappings, 0-based) live in the head, each
	 * page's own _mapcount counts the PTEs mapping it, and
	 * PG_anon_exclusive is per page, as in Linux 6.18.  A FOLL_PIN of a
	 * large folio adds 1 to the refcount and 1 to _pincount instead of
	 * GUP_PIN_COUNTING_BIAS.  Set when the folio is allocated, cleared
	 * when it is freed or split; no lock.
	 */
	union {
		_Atomic uintptr_t compound_head;	/* tail pages: head | 1 */
		struct page *_Atomic next;		/* on a list: bit 0 clear */
	};
	union {
		struct {	/* data pages */
			struct shmem *mapping;		/* shmem object, or NULL for anon */
			uint64_t index;			/* offset in the object, in pages */
			struct dev_pagemap *pgmap;	/* ZONE_DEVICE pages: their pagemap, fixed */
			union {
				struct {	/* head of a large folio only */
					atomic_t _entire_mapcount;
					atomic_t _pincount;
				};
				/*
				 * Its page[1] and page[2]: the folio's MM_ID
				 * state (rmap.c): the mms in its two slots,
				 * all its mappings, whether more than one mm
				 * may map it.  Under _mm_lock.
				 */
				uint32_t _mm_id[2];		/* page[1] */
				struct {			/* page[2] */
					atomic_t _large_mapcount;
					atomic_t _mm_ids_shared;
				};
			};
			union {
				int _mm_id_mapcount[2];		/* page[1] */
				spinlock_t _mm_lock;		/* page[2] */
			};
		};
		struct {	/* a free frame heading a run of the pool (page_alloc.c) */
			struct page *run_tail;		/* the run's last frame */
			uint64_t run_nr;		/* frames in the run, this one included */
		};
		struct {	/* page tables (ptdesc) */
			spinlock_t ptl;		/* split PTL (PTE table) or pmd lock (PMD table) */
			struct mm_struct *pt_mm;	/* owner of a page table */
			mmk_entry_t *pt_parent;		/* the entry that points at this table */
			/*
			 * The first address the table maps, with its level
			 * (1 PTE .. 4 PGD) in the low bits, which the address
			 * (a multiple of 2 MiB at least) leaves free:
			 * table_addr(), table_level().
			 */
			_Atomic uint64_t pt_addr_level;	/* relaxed: lockless readers */
			union {
				/*
				 * PTE tables: the entry summary.  Bit i is set
				 * when entries 8i..8i+7 (line i of the table,
				 * one cache line) may hold a non-none entry.
				 * pte_install() sets it before the store, and
				 * the split of a PMD sets all of them; only a
				 * scan under the PTL that saw the whole line
				 * none clears it (pte_line_forget).  So, with
				 * the PTL held, a clear bit means eight none
				 * entries: zap and the emptiness checks skip
				 * such lines instead of reading all 512
				 * entries.  Written and read under the PTL
				 * (atomics only for the sanitizers); zero when
				 * the table is allocated.  pgtable.h has the
				 * helpers.
				 */
				_Atomic uint64_t pt_used;
				/*
				 * PMD tables: the PTE tables deposited for its
				 * huge leaves, a stack linked through ->next
				 * (pgtable_trans_huge_deposit), under its ptl;
				 * NULL when the table is allocated.
				 */
				struct page *pmd_huge_pte;
			};
		};
	};
};
_Static_assert(sizeof(struct page) == 64, "struct page is one cache line, as Linux's");

/* The list link of a page (free lists, table batches, the deposit stack). */
static inline struct page *page_next(struct page *p)
{
	return atomic_load_explicit(&p->next, memory_order_relaxed);
}
static inline void set_page_next(struct page *p, struct page *next)
{
	atomic_store_explicit(&p->next, next, memory_order_relaxed);
}

/* A page table's level (1 PTE .. 4 PGD) and the first address it maps. */
#define PT_LEVEL_MASK 7u
/*
 * The level never changes while the frame is a table; mremap moves the
 * address under the pmd lock while lockless readers (the noise hook, the
 * trace) read the level: one relaxed word, as the two fields were.
 */
static inline int table_level(const struct page *t)
{
	return (int)(atomic_load_explicit(&t->pt_addr_level, memory_order_relaxed) &
		     PT_LEVEL_MASK);
}
static inline uint64_t table_addr(const struct page *t)
{
	return atomic_load_explicit(&t->pt_addr_level, memory_order_relaxed) &
	       ~(uint64_t)PT_LEVEL_MASK;
}
static inline void table_set_addr(struct page *t, uint64_t addr)
{
	assert(!(addr & PT_LEVEL_MASK));
	atomic_store_explicit(&t->pt_addr_level, addr | (uint64_t)table_level(t),
			      memory_order_relaxed);
}

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
/* Set or clear @f, saying whether it was set before. */
static inline bool TestSetPageFlag(struct page *p, unsigned int f)
{
	return atomic_fetch_or_explicit(&p->flags, f, memory_order_acq_rel) & f;
}
static inline bool TestClearPageFlag(struct page *p, unsigned int f)
{
	return atomic_fetch_and_explicit(&p->flags, ~f, memory_order_acq_rel) & f;
}
#define PageAnon(p) PageTest(p, PG_anon)
#define PageAnonExclusive(p) PageTest(p, PG_anon_exclusive)
#define PageTable(p) PageTest(p, PG_table)
#define is_zone_device_page(p) PageTest(p, PG_device)
/*
 * folio_trylock()/folio_unlock(): only migration locks pages, and only
 * by trylock (rank LOCK_RANK_PAGE: it may then take PTLs).
 */
static inline bool __trylock_page(struct page *p, LD_ARGS)
{
	LD_UNUSED;
	mmk_sched_point(MMK_SP_LOCK, p);
	if (atomic_fetch_or_explicit(&p->flags, PG_locked, memory_order_acquire) & PG_locked)
		return false;
	lockdep_acquire(p, LOCK_RANK_PAGE, 0, LOCKDEP_TRY, LD_PASS);
	return true;
}
static inline void __unlock_page(struct page *p, LD_ARGS)
{
	LD_UNUSED;
	mmk_sched_point(MMK_SP_UNLOCK, p);
	lockdep_release(p, LD_PASS);
	atomic_fetch_and_explicit(&p->flags, ~PG_locked, memory_order_release);
}
#define trylock_page(p) __trylock_page((p), LD_SITE)
#define unlock_page(p) __unlock_page((p), LD_SITE)
#define HPAGE_PMD_ORDER 9
#define HPAGE_PMD_NR (1u << HPAGE_PMD_ORDER)
/* page_folio(): the head of @p's folio (@p itself for a small one). */
static inline struct page *page_folio(struct page *p)
{
	/* Acquire: a folio split (huge_memory.c) publishes the tails' own
	 * refcounts before it clears the pointer. */
	uintptr_t head = atomic_load_explicit(&p->compound_head, memory_order_acquire);

	return head & 1 ? (struct page *)(head - 1) : p;
}
/*
 * PG_dirty is a folio flag, as in Linux (and as kpageflags shows it): a
 * page of a large folio reads and marks its head's, so a reclaim or split
 * that looks at the folio sees every page's write.
 */
static inline bool PageDirty(struct page *p)
{
	return PageTest(page_folio(p), PG_dirty);
}
static inline void folio_mark_dirty(struct page *p)
{
	SetPageFlag(page_folio(p), PG_dirty);
}
static inline bool folio_test_large(struct page *folio)
{
	return PageTest(folio, PG_head);
}
/* Refcounts are the folio's: any page of it may be passed. */
static inline int page_ref_count(struct page *p)
{
	return atomic_read(&page_folio(p)->_refcount);
}
/* Mappings of this page: its PTEs, plus the PMDs mapping its folio whole. */
static inline int page_mapcount(struct page *p)
{
	int n = atomic_read(&p->_mapcount);

	if ((atomic_load_explicit(&p->compound_head, memory_order_relaxed) & 1) ||
	    PageTest(p, PG_head))
		n += atomic_read(&page_folio(p)->_entire_mapcount);
	return n;
}
static inline bool is_zero_page(struct page *p) { return PageTest(p, PG_zero); }
/*
 * folio_maybe_dma_pinned(): a small folio may give false positives (1024
 * references look like a pin); a large one counts its pins exactly.
 */
static inline bool folio_maybe_dma_pinned(struct page *p)
{
	struct page *folio = page_folio(p);

	if (folio_test_large(folio))
		return atomic_read(&folio->_pincount) > 0;
	return (unsigned int)atomic_read(&folio->_refcount) >= GUP_PIN_COUNTING_BIAS;
}

/* /proc/vmstat's THP counters (mmk_sys_stats) */
enum thp_stat {
	THP_FAULT_ALLOC, THP_FAULT_FALLBACK, THP_SPLIT_PMD, THP_ZERO_PAGE_ALLOC,
	THP_COLLAPSE_ALLOC, THP_SPLIT_PAGE, THP_DEFERRED_SPLIT_PAGE, MMK_THP_STAT_NR
};

/* ---- the machine ---- */
struct mmk_machine {
	struct mmk_config cfg;
	unsigned char *mem;		/* nr_frames + 1 frames; the last is the zero page */
	size_t mem_bytes;
	struct page *pages;		/* struct page array, same indexing */
	size_t pages_bytes;
	struct frame_lines *lines;	/* which lines of each frame hold data
					 * (highmem.h), same indexing */
	size_t lines_bytes;
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
	struct page *huge_free;		/* free PMD-sized blocks, whole (THP) */
	uint64_t nr_huge_free;
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
	atomic64_t thp_stat[MMK_THP_STAT_NR];	/* /proc/vmstat's thp_* */
	atomic64_t nr_partially_mapped;	/* THPs flagged PG_partially_mapped */
	/* THP: enabled mode (cfg.thp); the huge zero folio, made on first use */
	struct page *_Atomic huge_zero_folio;
	/* fault injection */
	atomic64_t fail_countdown, injected;
	atomic64_t next_mm_id;
	atomic64_t next_anon_vma;	/* ids of anon_vmas (mm_types.h) */
	struct cpu *cpus;
	const struct pt_policy_ops *pt_ops;
	/* every live mm, for reclaim; mm_list_lock keeps them alive */
	spinlock_t mm_list_lock;
	struct mm_struct *mm_list;
	/*
	 * Debug builds: the last MM_EXITED_KEEP mms to exit, still allocated,
	 * so that a second mmk_exit of one is caught (misuse.h) instead of
	 * spinning on a freed lock.  Under mm_list_lock; freed by destroy.
	 */
#define MM_EXITED_KEEP 64
	struct mm_struct *exited_mms[MM_EXITED_KEEP];
	unsigned int exited_next;
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
	/*
	 * Per-frame counters of the checker and of debug builds, beside the
	 * struct page array (same indexing, reserved like it, so host memory
	 * backs only the parts ever written):
	 *
	 * check_pins: the checker's count of committed FOLL_PIN pins
	 * (invariant 7): pins handed to a caller, not GUP-fast's speculative
	 * grabs that a recheck may still undo.  Raised only while checking is
	 * on, lowered by every unpin that finds it positive; atomic, no lock.
	 * Once checking was first switched on (check_pins_live), every
	 * allocation resets the frame's count.
	 *
	 * debug_gets (debug builds; NULL otherwise): FOLL_GET references
	 * handed to callers, that mmk_put_page() may drop; a put with none is
	 * misuse (a pinned page given to mmk_put_page would lose its pin bias
	 * for good).  Reset by every allocation; atomic, no lock.
	 */
	atomic_t *check_pins;
	atomic_t *debug_gets;
	size_t counters_bytes;		/* of each array */
	atomic_bool check_pins_live;
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
/* The frame's counters beside struct page (struct mmk_machine). */
static inline atomic_t *page_check_pins(struct mmk_machine *m, struct page *p)
{
	return &m->check_pins[page_to_pfn(m, p)];
}
#ifndef NDEBUG
static inline atomic_t *page_debug_gets(struct mmk_machine *m, struct page *p)
{
	return &m->debug_gets[page_to_pfn(m, p)];
}
#endif
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
#define VM_GROWSDOWN 0x100UL	/* a stack: faults below it grow it (expand_stack) */
#define VM_DONTCOPY 0x20000UL
#define VM_ACCOUNT 0x00100000UL	/* private writable memory committed (merges compare it) */
#define VM_WIPEONFORK 0x02000000UL
#define VM_HUGEPAGE 0x20000000UL
#define VM_NOHUGEPAGE 0x40000000UL
#define VM_ACCESS_FLAGS (VM_READ | VM_WRITE | VM_EXEC)

/*
 * A tmpfs object.  Its slots are its page cache: each the pfn + 1 of a
 * page, 0 for a hole; a PMD-sized folio fills 512 aligned slots with its
 * pages (collapse_file).  i_mmap lists the VMAs mapping it (Linux's
 * address_space i_mmap tree, a plain array here): added and removed, and
 * their vm_start, vm_end and vm_pgoff changed, under i_mmap_rwsem held
 * for write (and the VMA's mmap_lock); rmap walks and retract_page_tables
 * read it under i_mmap_rwsem for read, without any mmap_lock.  A VMA
 * leaves the list before its page tables are freed (unmap_region), so a
 * walker that found it may walk its mm's tables.
 */
struct shmem {
	struct mmk_machine *m;
	atomic_t refcount;		/* one per VMA using it */
	uint64_t nr_pages;
	mmk_entry_t *slots;		/* pfn + 1 of each page, 0 = hole */
	bool anon;			/* shmem_zero_setup's: MAP_SHARED|MAP_ANONYMOUS */
	struct rw_semaphore i_mmap_rwsem;
	struct vm_area_struct **i_mmap;	/* under i_mmap_rwsem */
	unsigned int nr_i_mmap, i_mmap_cap;
};

/*
 * What mmkit keeps of Linux's anon_vma: only its identity, which decides
 * what fork copies (vma_needs_copy: a VMA without one has no anonymous
 * page, and the child refaults) and which VMAs may merge.  anon_vma is 0
 * until the first anonymous page (anon_vma_prepare, memory.c), then a
 * machine-wide id shared by the pieces of a split, by a neighbour whose
 * anon_vma was reused, and by a moved range.  anon_vma_forked says the
 * VMA's anon_vma chain is not singular (it was forked from a parent that
 * had one): such a VMA neither lends its anon_vma to a neighbour nor
 * merges with one that has none.  anon_vma is written under
 * mm->page_table_lock with mmap_lock held for read (faults race), or with
 * mmap_lock held for write; read with atomics.
 */
struct vm_area_struct {
	struct mm_struct *vm_mm;
	uint64_t vm_start, vm_end;
	unsigned long vm_flags;
	uint64_t vm_pgoff;		/* in pages: object offset, or vm_start >> 12 for anon */
	pgprot_t vm_page_prot;
	struct shmem *shm;		/* MAP_SHARED|MAP_ANONYMOUS */
	struct dev_pagemap *dev;	/* a device-dax mapping (vma_is_dax) */
	_Atomic uint64_t anon_vma;	/* the anon_vma's id, 0 = none yet */
	bool anon_vma_forked;		/* its chain holds a parent's anon_vma */
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
	/* the program break (sys_brk): start_brk from execve, brk now; mmap_lock */
	uint64_t start_brk, brk;
	/* page_table_lock protects populating PGD and PUD entries. */
	spinlock_t page_table_lock;
	/* counters, atomic because faults run under mmap_lock read */
	atomic64_t nr_ptes, nr_pmds, nr_puds;
	/* RSS by type (enum mm_counter), split per CPU: see add_mm_counter() */
	struct mm_rss_slot *rss_stat;
	/* CPUs that may cache translations of this mm (never cleared) */
	_Atomic uint64_t cpumask;
	/*
	 * mmu_gathers in progress on this mm (inc_tlb_flush_pending): two at
	 * once means one may have cleared entries the other then found empty
	 * and returned without flushing, so tlb_finish_mmu flushes everything.
	 */
	atomic_t tlb_flush_pending;
	/* odd while fork copies page tables (GUP-fast checks it) */
	atomic_t write_protect_seq;
	/* the page-table policy's own state (pt_policy.h: mm_init), or NULL */
	void *pt_priv;
	struct mm_struct *mm_next, **mm_pprev;	/* m->mm_list, under mm_list_lock */
	/*
	 * mm_count (mmgrab/mmdrop) keeps the struct itself alive for
	 * whoever found it on mm_list and must sleep on its mmap_lock
	 * (unbind); exited is set, under mmap_lock write, by mmk_exit.
	 */
	atomic_t mm_count;
	bool exited;
	atomic_int exit_called;		/* mmk_exit began: a second is misuse */
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

#endif

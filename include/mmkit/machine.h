/* SPDX-License-Identifier: MIT */
/*
 * mmkit/machine.h - one simulated machine: physical RAM (a pool of 4 KiB
 * frames), simulated CPUs with software TLBs, and the page-table lifetime
 * policy.  Every piece of mmkit state hangs off a machine; several machines
 * can live in one process.
 *
 * Conventions (as in Linux): calls return 0 or a negative errno.  Accesses
 * that Linux would answer with a signal return -MMK_SIGSEGV or -MMK_SIGBUS.
 *
 * Threads: any thread may call any function at any time.  Memory accesses
 * (mmk_access) are made by a simulated CPU: the calling thread must first
 * attach to one with mmk_cpu_attach().  A CPU is attached to at most one
 * thread at a time.
 */
#ifndef MMKIT_MACHINE_H
#define MMKIT_MACHINE_H

#include <stdint.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MMK_PAGE_SHIFT 12
#define MMK_PAGE_SIZE (1UL << MMK_PAGE_SHIFT)
#define MMK_MAX_CPUS 64
#define MMK_MAX_DEVICES 16

/* Not errnos: the signal an access would raise.  Returned negated. */
#define MMK_SIGSEGV 4096
#define MMK_SIGBUS 4097

/* Page-table lifetime policies (shared/spec/policies.md). */
enum mmk_policy {
	MMK_POLICY_KEEP,
	MMK_POLICY_LINUX,
	MMK_POLICY_REFCOUNT,
	MMK_POLICY_RWSEM,
	MMK_POLICY_FULL,
	MMK_NR_POLICIES,
};

/*
 * Historical-bug switches (policies.md): each removes exactly one protocol
 * step, so the race lab can show its checkers catch what went wrong.
 * Bits of mmk_config.bugs; every one is implemented.
 */
enum mmk_bug {
	MMK_BUG_GUP_FAST_NO_RCU = 1u << 0,	/* GUP-fast walks outside RCU */
	MMK_BUG_NO_PMD_RECHECK = 1u << 1,	/* pte_offset_map_lock: no pmd_same */
	MMK_BUG_RECLAIM_NO_RESCAN = 1u << 2,	/* PT_RECLAIM fast path after a dropped PTL */
	MMK_BUG_MIGRATE_NO_DIRTY = 1u << 3,	/* migration drops the PTE's dirty bit */
	MMK_BUG_MIGRATE_FLUSH_LATE = 1u << 4,	/* migration flushes after the copy */
	MMK_BUG_FORK_SHARE_PINNED = 1u << 5,	/* fork shares maybe-pinned pages */
	MMK_BUG_GUP_NO_UNSHARE = 1u << 6,	/* R/O pin without unsharing */
	MMK_BUG_DEVMAP_NO_PGMAP_REF = 1u << 7,	/* GUP takes no dev_pagemap reference */
	MMK_BUG_TLB_NO_FLUSH_NESTED = 1u << 8,	/* tlb_finish_mmu ignores a nested gather */
	MMK_BUG_COLLAPSE_NO_GUP_FAST_SYNC = 1u << 9,	/* collapse does not wait out GUP-fast */
	MMK_BUG_SPLIT_CLEARS_PMD = 1u << 10,	/* a PMD split clears the pmd, no pmdp_invalidate */
	MMK_BUG_RETRACT_NO_PMD_RECHECK = 1u << 11,	/* retract frees without rechecking the pmd */
};
#define MMK_NR_BUGS 12
/* "gup_fast_no_rcu" -> MMK_BUG_GUP_FAST_NO_RCU, or -EINVAL. */
int mmk_bug_parse(const char *name);
const char *mmk_bug_name(unsigned int bug);	/* one bit; "?" otherwise */

/*
 * What mmk_machine_create() accepts (-EINVAL outside): RAM is a multiple
 * of 4 KiB in [MMK_RAM_MIN, MMK_RAM_MAX]; the device window at most
 * MMK_DEVICE_BYTES_MAX; a gather batch at most MMK_GATHER_PAGES_MAX.  Only host address space is reserved for either,
 * so the limits are the host's address space, not its memory.
 */
#define MMK_RAM_MIN (16ULL << MMK_PAGE_SHIFT)
#define MMK_RAM_MAX (1ULL << 40)
#define MMK_DEVICE_BYTES_MAX (1ULL << 40)
#define MMK_GATHER_PAGES_MAX 512	/* mmk_config.gather_pages: 1 to this */

struct mmk_config {
	uint64_t ram_bytes;	/* simulated RAM; page tables come out of it */
	unsigned int ncpus;	/* simulated CPUs, 1..MMK_MAX_CPUS */
	unsigned int gather_pages; /* mmu_gather batch capacity (pages) */
	enum mmk_policy policy;
	uint64_t bugs;		/* enum mmk_bug bits: historical bugs back on */
	/*
	 * Physical address space reserved for device memory (memremap_pages),
	 * in bytes; devices registered later take their ranges from it.  Only
	 * host address space is reserved, no memory.  Default 1 GiB.
	 */
	uint64_t device_bytes;
	/*
	 * /sys/kernel/mm/transparent_hugepage/enabled: MMK_THP_MADVISE (the
	 * default, as on Debian) gives PMD-sized folios only to ranges marked
	 * MADV_HUGEPAGE (or mapped with MMK_MAP_HUGE); ALWAYS to every
	 * anonymous range not marked MADV_NOHUGEPAGE; NEVER to none.
	 */
	enum mmk_thp_mode { MMK_THP_MADVISE, MMK_THP_ALWAYS, MMK_THP_NEVER } thp;
	/*
	 * /sys/kernel/mm/transparent_hugepage/shmem_enabled, for shared
	 * memory and files: ALWAYS, MADVISE (advise: ranges marked
	 * MADV_HUGEPAGE) or NEVER (the default, as Linux's).  Where it
	 * allows, a shmem fault on a none pmd puts a PMD-sized folio in the
	 * page cache and maps it with one PMD, and khugepaged collapses.
	 * Whatever it says, a PMD-sized folio already in the page cache
	 * (MADV_COLLAPSE made it) is mapped by a PMD.
	 */
	enum mmk_thp_mode shmem_thp;
};

struct mmk_machine;

/* Fill @cfg with the defaults of script.md: 1G RAM, 2 CPUs, gather 64, linux. */
void mmk_config_init(struct mmk_config *cfg);

/*
 * Create a machine.  Host memory for RAM is reserved, not touched: frames
 * are faulted in (once) as the pool grows and then recycled.
 * Returns -EINVAL for a bad configuration, -ENOMEM if the host refuses.
 */
int mmk_machine_create(const struct mmk_config *cfg, struct mmk_machine **out);

/*
 * Destroy a machine; NULL does nothing.  Every mm must have exited and no
 * other thread may be attached to its CPUs (programmer errors: mmkit.h,
 * "Misuse"); the calling thread's CPU is let go.  Waits for deferred
 * frees.
 */
void mmk_machine_destroy(struct mmk_machine *m);

const struct mmk_config *mmk_machine_config(const struct mmk_machine *m);

/* Policy names as scripts spell them: "keep", "linux", ...; "?" if none. */
const char *mmk_policy_name(enum mmk_policy p);
/* Returns the policy, or -EINVAL for an unknown name. */
int mmk_policy_parse(const char *name);

/*
 * Attach the calling thread to simulated CPU @cpu (its TLB, its per-CPU
 * frame cache).  -EINVAL for a CPU that does not exist, -EBUSY if another
 * thread holds it, if this thread holds a CPU of @m already (one per
 * machine), or if it holds CPUs of MMK_THREAD_MACHINES machines.  A
 * thread that exits lets go of its CPUs; so does mmk_cpu_detach() (a
 * no-op for a machine the thread holds no CPU of).
 */
#define MMK_THREAD_MACHINES 16
int mmk_cpu_attach(struct mmk_machine *m, unsigned int cpu);
void mmk_cpu_detach(struct mmk_machine *m);

/*
 * frames_used is exact whenever no allocation or free is running (after
 * mmk_sync() with no other thread active); a snapshot otherwise.
 * frames_peak is exact when one CPU at a time allocates and frees, and
 * within ncpus * 64 frames of the true high-water mark when several do
 * (both are kept per CPU, so faults on different CPUs share no counter).
 */
struct mmk_sys_stats {
	uint64_t frames_total;	 /* RAM / 4 KiB */
	uint64_t frames_used;	 /* allocated frames (data + page tables) */
	uint64_t pgtable_frames; /* frames holding page tables, all levels */
	uint64_t pending_free;	 /* page tables waiting for a grace period */
	uint64_t frames_peak;	 /* high-water mark of frames_used (see above) */
	/* page tables attached in all address spaces (PGDs not counted), and peaks */
	uint64_t pte_tables, pmd_tables, pud_tables;
	uint64_t pte_tables_peak, pmd_tables_peak, pud_tables_peak;
	/* /proc/vmstat's THP counters */
	uint64_t thp_fault_alloc, thp_fault_fallback, thp_split_pmd;
	uint64_t thp_zero_page_alloc, thp_collapse_alloc;
	uint64_t thp_split_page;	/* folios split into small pages */
	uint64_t thp_deferred_split_page; /* THPs queued for the shrinker */
};
void mmk_machine_stats(struct mmk_machine *m, struct mmk_sys_stats *st);

/*
 * Wait until every deferred free (RCU-deferred page tables) has completed,
 * as rcu_barrier() does, so machine-wide figures settle.  Must not be
 * called inside an mmkit read-side section.
 */
void mmk_sync(struct mmk_machine *m);

/*
 * Page-table policy cost counters, summed over CPUs (cheap, always on):
 * what the walkers and reclaimers of the current policy did.
 */
enum mmk_pt_counter {
	MMK_PTC_WALKS,		/* PTE tables mapped (pte_offset_map*) */
	MMK_PTC_WALK_ATOMICS,	/* atomic RMWs the policy added to walks */
	MMK_PTC_WALK_LOCKS,	/* locks taken by walkers (PTLs, page-table rwsem) */
	MMK_PTC_RETRIES,	/* pmd_same failures, lost populate races */
	MMK_PTC_RECHECKS,	/* full 512-entry rescans before a free */
	MMK_PTC_FAST,		/* tables freed by the fast path */
	MMK_PTC_SLOW,		/* slow-path attempts */
	MMK_PTC_FREED_PTE,	/* PTE tables freed by reclaim (not munmap/exit) */
	MMK_PTC_FREED_PMD,
	MMK_PTC_FREED_PUD,
	MMK_PTC_QUEUED,		/* rwsem: reclaim left to the next writer */
	MMK_PTC_NR,
};
const char *mmk_pt_counter_name(enum mmk_pt_counter c);
void mmk_pt_counters(struct mmk_machine *m, uint64_t out[MMK_PTC_NR]);

/*
 * Fault injection: make the @nth frame allocation from now fail (1 = the
 * next one).  0 disables.  Returns the count of injected failures so far.
 */
void mmk_fail_nth_alloc(struct mmk_machine *m, uint64_t nth);
uint64_t mmk_injected_failures(struct mmk_machine *m);

#ifdef __cplusplus
}
#endif
#endif

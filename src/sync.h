/* SPDX-License-Identifier: MIT */
/*
 * sync.h - mmkit's one synchronisation layer.
 *
 * Every lock, atomic read-modify-write, page-table entry load/store, RCU
 * read-side section, grace period and TLB fill/flush in mmkit goes through
 * the primitives below.  In normal runs they are C11 atomics, a small
 * spinlock, pthread rwlocks and liburcu.  Each primitive first passes an
 * instrumentation point, mmk_sched_point(), where the race lab's
 * deterministic scheduler (src/sched_explore.c) may switch threads; with no
 * scheduler installed it costs one thread-local load.
 *
 * Lock rules are checked in debug builds (NDEBUG unset): every lock has a
 * rank, and each acquisition is checked against the locks the calling
 * thread holds (lockdep.h has the rank table, lockdep.c the checks).
 *
 * RCU flavour: liburcu "memb" (urcu-memb.h): readers cost a per-thread
 * counter update and a compiler barrier; grace periods use the membarrier
 * system call (falling back to memory barriers on old kernels).  Threads
 * are registered lazily on their first read-side section and unregistered
 * when they exit.  Chosen over QSBR because library callers do not
 * announce quiescent states, and over "bp" for its cheaper readers.
 */
#ifndef MMK_SYNC_H
#define MMK_SYNC_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <pthread.h>
#include <assert.h>
#include "lockdep.h"

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
/*
 * Cache hints, no accesses: a prefetch never faults, orders nothing and is
 * no scheduling point, so the race lab has nothing to see in one.  Used
 * where a loop knows the struct page or table line its next step misses.
 */
#define prefetch(p) __builtin_prefetch((p), 0, 3)
#define prefetchw(p) __builtin_prefetch((p), 1, 3)

#if defined(__SANITIZE_THREAD__)
#define MMK_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define MMK_TSAN 1
#endif
#endif

/*
 * The thread-locals every fault reads (the scheduling hook, the explorer,
 * the RCU reader, the thread id, the current CPU, the kmap stack) use the
 * initial-exec model.  The library's objects are PIC (they make the
 * shared library too), and PIC reaches a thread-local through
 * __tls_get_addr, which linking an executable relaxes to three
 * instructions per access; initial-exec is one or two.  A 4 KiB fault
 * passes some forty scheduling points and four RCU sections: 150
 * instructions a fault (docs/performance.md, "the fault's fixed costs").
 * The price: libmmkit.so asks for static TLS, which a program that links
 * it has; one that dlopen()s it has only glibc's few hundred spare bytes
 * (a Release build uses under 400; a Debug build's lock-rule stack is
 * 8 KiB: dlopen a Release build).
 */
#define MMK_TLS_HOT __thread __attribute__((tls_model("initial-exec")))

/* ---- instrumentation points (race lab) ---- */
enum mmk_sched_kind {
	MMK_SP_LOCK, MMK_SP_UNLOCK, MMK_SP_ATOMIC, MMK_SP_ENTRY_READ,
	MMK_SP_ENTRY_WRITE, MMK_SP_RCU_LOCK, MMK_SP_RCU_UNLOCK, MMK_SP_GP,
	MMK_SP_TLB_FILL, MMK_SP_TLB_FLUSH,
	MMK_SP_WAIT,	/* spinning until another thread changes @obj */
	/*
	 * A reader's acquisition and release of a percpu_rw_semaphore: to the
	 * explorer's partial-order reduction a read of the lock, not a write
	 * (two readers' steps commute: each adds to a count, reads @writer);
	 * otherwise as LOCK and UNLOCK.
	 */
	MMK_SP_LOCK_SHARED, MMK_SP_UNLOCK_SHARED,
	/*
	 * Not a point: the bytes of frame @obj (its struct page) are read or
	 * written (highmem.h).  Only the explorer's partial-order reduction
	 * looks at it, to know which steps touch the same memory.
	 */
	MMK_SP_DATA,
};
typedef void (*mmk_sched_hook_t)(enum mmk_sched_kind kind, const void *obj);
extern MMK_TLS_HOT mmk_sched_hook_t mmk_sched_hook;

static inline void mmk_sched_point(enum mmk_sched_kind kind, const void *obj)
{
	if (unlikely(mmk_sched_hook != NULL))
		mmk_sched_hook(kind, obj);
}

/*
 * mmk_wait_relax - one turn of a wait loop: "I cannot progress until some
 * other thread changes @obj".  Every busy-wait in mmkit calls this on each
 * turn, so the race lab's scheduler can run another thread instead of
 * spinning forever; in normal runs it pauses, then yields the host CPU
 * once the wait has gone on for a while (@spins counts the turns).
 */
void mmk_wait_relax_hard(void);
static inline void mmk_wait_relax(const void *obj, unsigned int *spins)
{
	mmk_sched_point(MMK_SP_WAIT, obj);
	if (++*spins < 128)
		__builtin_ia32_pause();
	else
		mmk_wait_relax_hard();
}

/* ---- race lab: threads under the deterministic scheduler ----
 * mmk_explorer is set on every thread that the race lab's explorer
 * (src/sched_explore.c, include/mmkit/explore.h) runs, and on the thread
 * that drives it.  On such a thread, and only there:
 *  - a rwsem never sleeps in the kernel: it trylocks and waits with
 *    mmk_wait_relax(), so a blocked thread hands over to the scheduler;
 *  - RCU is the explorer's deterministic RCU instead of liburcu: read-side
 *    sections are counted per explored thread, a grace period waits
 *    through the scheduler for the readers that were inside when it began,
 *    and call_rcu() callbacks run on the explorer's own RCU thread, which
 *    the scheduler runs like any other (so a callback can land between two
 *    steps of a walker).
 * NULL in normal runs: one thread-local load per rwsem or RCU call.
 */
struct mmk_explorer;
extern MMK_TLS_HOT struct mmk_explorer *mmk_explorer;

/* A small per-thread id, never 0, for lock ownership assertions. */
extern MMK_TLS_HOT int mmk_tid;
int mmk_tid_slow(void);
static inline int mmk_self(void)
{
	return likely(mmk_tid) ? mmk_tid : mmk_tid_slow();
}

/* ---- lock rules ----
 * Every lock below has a rank (lockdep.h, the one statement of the lock
 * order); debug builds check each acquisition and release against the
 * calling thread's held locks, and lockdep_assert_held() asks whether
 * *this thread* holds a lock.  The macros capture the call site for the
 * report; in release builds they cost nothing. */
#define LD_SITE __FILE__, __LINE__
#define LD_ARGS const char *ld_file, int ld_line
#define LD_PASS ld_file, ld_line
#ifdef NDEBUG
#define LD_UNUSED (void)ld_file, (void)ld_line
#else
#define LD_UNUSED ((void)0)
#endif

/* ---- spinlock: spin_lock()/spin_unlock()/spin_trylock() ----
 * Test-and-test-and-set with a yield after a short spin: simulated CPUs
 * may outnumber host cores, and a preempted holder must not be spun on.
 * The lock word is @owner itself: 0 when free, else the holding thread's
 * mmk_self() (never 0), which spin_is_locked_by_me() compares and the race
 * lab's noise asks in every build.  One word and a rank: eight bytes, so
 * that a PTL fits in the 64-byte struct page. */
typedef struct {
	atomic_int owner;	/* mmk_self() of the holder, 0 when free */
	unsigned char rank;	/* enum lock_rank */
} spinlock_t;

static inline void spin_lock_init(spinlock_t *l, enum lock_rank rank)
{
	atomic_init(&l->owner, 0);
	l->rank = (unsigned char)rank;
}
void spin_lock_hard(spinlock_t *l);

/* The lock word alone: a scheduling point, no lock rule. */
static inline bool __spin_trylock_raw(spinlock_t *l)
{
	mmk_sched_point(MMK_SP_LOCK, l);
	int z = 0;

	return atomic_compare_exchange_strong_explicit(&l->owner, &z, mmk_self(),
			memory_order_acquire, memory_order_relaxed);
}

static inline bool __spin_trylock(spinlock_t *l, LD_ARGS)
{
	LD_UNUSED;
	if (!__spin_trylock_raw(l))
		return false;
	lockdep_acquire(l, l->rank, 0, LOCKDEP_TRY | LOCKDEP_SPIN, LD_PASS);
	return true;
}

/* @subclass > 0: a second lock of the same rank, nested (spin_lock_nested). */
static inline void __spin_lock(spinlock_t *l, unsigned int subclass, LD_ARGS)
{
	LD_UNUSED;
	(void)subclass;
	lockdep_acquire(l, l->rank, subclass, LOCKDEP_SPIN, LD_PASS);
	if (unlikely(!__spin_trylock_raw(l)))
		spin_lock_hard(l);
}

static inline void __spin_unlock(spinlock_t *l, LD_ARGS)
{
	LD_UNUSED;
	mmk_sched_point(MMK_SP_UNLOCK, l);
	lockdep_release(l, LD_PASS);
	atomic_store_explicit(&l->owner, 0, memory_order_release);
}

#define spin_trylock(l) __spin_trylock((l), LD_SITE)
#define spin_lock(l) __spin_lock((l), 0, LD_SITE)
#define spin_lock_nested(l, subclass) __spin_lock((l), (subclass), LD_SITE)
#define spin_unlock(l) __spin_unlock((l), LD_SITE)
#define SINGLE_DEPTH_NESTING 1

static inline bool spin_is_locked_by_me(spinlock_t *l)
{
	return atomic_load_explicit(&l->owner, memory_order_relaxed) == mmk_self();
}

/* ---- reader-writer semaphore (rwsem.c) ----
 * A pthread rwlock with a rank.  Readers do not nest. */
struct rw_semaphore {
	pthread_rwlock_t rw;
	unsigned char rank;	/* enum lock_rank */
};
void init_rwsem(struct rw_semaphore *s, enum lock_rank rank);
void destroy_rwsem(struct rw_semaphore *s);
void __down_read(struct rw_semaphore *s, LD_ARGS);
void __up_read(struct rw_semaphore *s, LD_ARGS);
void __down_write(struct rw_semaphore *s, LD_ARGS);
void __up_write(struct rw_semaphore *s, LD_ARGS);
bool __down_read_trylock(struct rw_semaphore *s, LD_ARGS);
bool __down_write_trylock(struct rw_semaphore *s, LD_ARGS);
#define down_read(s) __down_read((s), LD_SITE)
#define up_read(s) __up_read((s), LD_SITE)
#define down_write(s) __down_write((s), LD_SITE)
#define up_write(s) __up_write((s), LD_SITE)
#define down_read_trylock(s) __down_read_trylock((s), LD_SITE)
#define down_write_trylock(s) __down_write_trylock((s), LD_SITE)

/* ---- per-CPU reader-writer semaphore (percpu_rwsem.c: mmap_lock) ----
 * A reader-scalable rwsem in the spirit of Linux's percpu_rw_semaphore:
 * readers count themselves in one of PCPU_RWSEM_SLOTS counters, each on a
 * cache line of its own, chosen by the reader's thread id (a per-thread
 * slot: threads ids are handed out in order, so up to PCPU_RWSEM_SLOTS
 * threads never share one); a writer claims @writer, then waits until
 * the counters add up to zero.  An uncontended down_read()/up_read() pair
 * is two read-modify-writes of the reader's own line and one load of the
 * read-mostly @writer line, so readers on different CPUs do not bounce a
 * shared line as they do on a pthread rwlock.
 *
 * Ordering (Dekker): a reader increments its slot, then loads @writer; a
 * writer stores @writer, then loads the slots; all four are seq_cst, so
 * either the reader sees the writer (and backs out) or the writer sees the
 * reader's count (and waits).  Linux avoids the reader's full barrier with
 * rcu_sync (a grace period per writer); mmkit's mmap/munmap/mprotect are
 * frequent and cheap, so a grace period per writer would cost more than a
 * locked add on a line the reader owns.
 *
 * Writers exclude each other through @writer and are preferred: a reader
 * that meets a claimed @writer undoes its count and waits for release.
 * Read locks do not nest (a reader that re-takes the lock while a writer
 * waits would deadlock; lockdep reports it): the paths that may run under
 * somebody's read lock (reclaim, the checker) only trylock.  Every wait
 * turns mmk_wait_relax().
 */
#define PCPU_RWSEM_SLOTS 16	/* a power of two */
struct pcpu_rwsem_slot {
	atomic_long count;	/* readers in, minus readers out, on this slot */
	char pad[64 - sizeof(atomic_long)];
};
struct percpu_rw_semaphore {
	atomic_int writer;	/* mmk_self() of the writer (or claimant), 0 if none */
	unsigned char rank;	/* enum lock_rank */
	char pad[64 - sizeof(atomic_int) - 1];
	struct pcpu_rwsem_slot slot[PCPU_RWSEM_SLOTS];
};
void percpu_init_rwsem(struct percpu_rw_semaphore *s, enum lock_rank rank);
void percpu_down_read_hard(struct percpu_rw_semaphore *s, atomic_long *cnt);
void __percpu_down_write(struct percpu_rw_semaphore *s, unsigned int subclass, LD_ARGS);
void __percpu_up_write(struct percpu_rw_semaphore *s, LD_ARGS);
bool __percpu_down_write_trylock(struct percpu_rw_semaphore *s, LD_ARGS);

static inline atomic_long *percpu_rwsem_count(struct percpu_rw_semaphore *s)
{
	return &s->slot[(unsigned int)mmk_self() & (PCPU_RWSEM_SLOTS - 1)].count;
}

/* Count ourselves in; false (count undone) if a writer holds or claims it. */
static inline bool __percpu_down_read_try(struct percpu_rw_semaphore *s, atomic_long *cnt)
{
	atomic_fetch_add_explicit(cnt, 1, memory_order_seq_cst);
	if (likely(atomic_load_explicit(&s->writer, memory_order_seq_cst) == 0))
		return true;
	atomic_fetch_sub_explicit(cnt, 1, memory_order_release);
	return false;
}

static inline bool __percpu_down_read_trylock(struct percpu_rw_semaphore *s, LD_ARGS)
{
	LD_UNUSED;
	mmk_sched_point(MMK_SP_LOCK_SHARED, s);
	if (!__percpu_down_read_try(s, percpu_rwsem_count(s)))
		return false;
	lockdep_acquire(s, s->rank, 0, LOCKDEP_READ | LOCKDEP_TRY, LD_PASS);
	return true;
}

static inline void __percpu_down_read(struct percpu_rw_semaphore *s, LD_ARGS)
{
	atomic_long *cnt = percpu_rwsem_count(s);

	LD_UNUSED;
	might_sleep();
	lockdep_acquire(s, s->rank, 0, LOCKDEP_READ, LD_PASS);
	mmk_sched_point(MMK_SP_LOCK_SHARED, s);
	if (unlikely(!__percpu_down_read_try(s, cnt)))
		percpu_down_read_hard(s, cnt);
}

/* Release orders the section before a writer's acquire of the count. */
static inline void __percpu_up_read(struct percpu_rw_semaphore *s, LD_ARGS)
{
	LD_UNUSED;
	mmk_sched_point(MMK_SP_UNLOCK_SHARED, s);
	lockdep_release(s, LD_PASS);
	atomic_fetch_sub_explicit(percpu_rwsem_count(s), 1, memory_order_release);
}

#define percpu_down_read(s) __percpu_down_read((s), LD_SITE)
#define percpu_down_read_trylock(s) __percpu_down_read_trylock((s), LD_SITE)
#define percpu_up_read(s) __percpu_up_read((s), LD_SITE)
#define percpu_down_write(s) __percpu_down_write((s), 0, LD_SITE)
#define percpu_down_write_nested(s, subclass) __percpu_down_write((s), (subclass), LD_SITE)
#define percpu_down_write_trylock(s) __percpu_down_write_trylock((s), LD_SITE)
#define percpu_up_write(s) __percpu_up_write((s), LD_SITE)

/* ---- atomics (atomic_t, atomic64_t as Linux spells them) ---- */
typedef struct { atomic_int v; } atomic_t;
typedef struct { atomic_llong v; } atomic64_t;

static inline int atomic_read(const atomic_t *a)
{
	return atomic_load_explicit((atomic_int *)&a->v, memory_order_relaxed);
}
static inline void atomic_set(atomic_t *a, int v)
{
	atomic_store_explicit(&a->v, v, memory_order_relaxed);
}
/* Publish @v after every store before it (folio_ref_unfreeze). */
static inline void atomic_set_release(atomic_t *a, int v)
{
	mmk_sched_point(MMK_SP_ATOMIC, a);
	atomic_store_explicit(&a->v, v, memory_order_release);
}
static inline int atomic_add_return(int i, atomic_t *a)
{
	mmk_sched_point(MMK_SP_ATOMIC, a);
	return atomic_fetch_add_explicit(&a->v, i, memory_order_seq_cst) + i;
}
static inline void atomic_add(int i, atomic_t *a) { (void)atomic_add_return(i, a); }
static inline void atomic_inc(atomic_t *a) { (void)atomic_add_return(1, a); }
static inline void atomic_dec(atomic_t *a) { (void)atomic_add_return(-1, a); }
static inline bool atomic_dec_and_test(atomic_t *a) { return atomic_add_return(-1, a) == 0; }
static inline bool atomic_add_unless_zero(atomic_t *a, int i)
{
	mmk_sched_point(MMK_SP_ATOMIC, a);
	int old = atomic_load_explicit(&a->v, memory_order_relaxed);
	while (old != 0)
		if (atomic_compare_exchange_weak_explicit(&a->v, &old, old + i,
				memory_order_seq_cst, memory_order_relaxed))
			return true;
	return false;
}
static inline int atomic_cmpxchg(atomic_t *a, int old, int new)
{
	mmk_sched_point(MMK_SP_ATOMIC, a);
	atomic_compare_exchange_strong_explicit(&a->v, &old, new,
			memory_order_seq_cst, memory_order_relaxed);
	return old;
}

static inline long long atomic64_read(const atomic64_t *a)
{
	return atomic_load_explicit((atomic_llong *)&a->v, memory_order_relaxed);
}
static inline void atomic64_set(atomic64_t *a, long long v)
{
	atomic_store_explicit(&a->v, v, memory_order_relaxed);
}
/* Statistics counters: relaxed, not an instrumentation point. */
static inline long long atomic64_add_return_relaxed(long long i, atomic64_t *a)
{
	return atomic_fetch_add_explicit(&a->v, i, memory_order_relaxed) + i;
}
static inline void atomic64_add(long long i, atomic64_t *a)
{
	(void)atomic64_add_return_relaxed(i, a);
}
/* A high-water mark: raise *@peak to @v if it is below. */
static inline void atomic64_max(atomic64_t *peak, long long v)
{
	long long old = atomic64_read(peak);

	while (v > old && !atomic_compare_exchange_weak_explicit(&peak->v, &old, v,
			memory_order_relaxed, memory_order_relaxed))
		;
}

/*
 * smp_mb(): a full barrier.  GCC refuses atomic_thread_fence under TSan
 * (TSan does not model fences), so that build uses a seq_cst
 * read-modify-write on a per-thread word: also a full barrier on x86.
 */
#ifdef MMK_TSAN
extern __thread atomic_int mmk_mb_word;
#define __smp_mb() atomic_fetch_add_explicit(&mmk_mb_word, 0, memory_order_seq_cst)
#else
#define __smp_mb() atomic_thread_fence(memory_order_seq_cst)
#endif
#define smp_mb() do { mmk_sched_point(MMK_SP_ATOMIC, NULL); __smp_mb(); } while (0)

/* ---- page-table entries: single-copy-atomic 64-bit words ----
 * Every load and store of an entry is atomic so lockless walkers (the
 * hardware walker, GUP-fast, pte_offset_map users) read whole values.
 * Loads are acquire so that a table pointer read from an upper-level entry
 * orders the reads of the table it names; stores are release. */
typedef _Atomic uint64_t mmk_entry_t;

static inline uint64_t entry_read(const mmk_entry_t *p)
{
	mmk_sched_point(MMK_SP_ENTRY_READ, p);
	return atomic_load_explicit((mmk_entry_t *)p, memory_order_acquire);
}
static inline void entry_write(mmk_entry_t *p, uint64_t v)
{
	mmk_sched_point(MMK_SP_ENTRY_WRITE, p);
	atomic_store_explicit(p, v, memory_order_release);
}
static inline uint64_t entry_xchg(mmk_entry_t *p, uint64_t v)
{
	mmk_sched_point(MMK_SP_ENTRY_WRITE, p);
	return atomic_exchange_explicit(p, v, memory_order_seq_cst);
}
/* Returns true and stores @new if *p == *old; else updates *old. */
static inline bool entry_cmpxchg(mmk_entry_t *p, uint64_t *old, uint64_t new)
{
	mmk_sched_point(MMK_SP_ENTRY_WRITE, p);
	return atomic_compare_exchange_strong_explicit(p, old, new,
			memory_order_seq_cst, memory_order_acquire);
}
/*
 * A store into a table no other thread can reach yet (the deposited table
 * a split fills before pmd_populate publishes it): atomic like the rest,
 * but not a scheduling point, since no interleaving can observe it.  The
 * publishing store is one, and it is a release.
 */
static inline void entry_init(mmk_entry_t *p, uint64_t v)
{
	mmk_sched_point(MMK_SP_DATA, p);	/* not a point: for the reduction */
	atomic_store_explicit(p, v, memory_order_relaxed);
}
/*
 * An entry loaded only to choose what to prefetch: the value decides
 * nothing (the caller reads the entry again, with entry_read, before it
 * acts), so no ordering and no scheduling point; atomic all the same, so
 * the load is whole and the sanitizers see no race.
 */
static inline uint64_t entry_read_hint(const mmk_entry_t *p)
{
	return atomic_load_explicit((mmk_entry_t *)p, memory_order_relaxed);
}
/*
 * The invariant checker's own loads and stores of entries (poisoning a
 * freed table, scanning one): as atomic as the above, but not a
 * scheduling point, since the race lab explores mmkit, not its checker.
 */
static inline uint64_t entry_read_nosched(const mmk_entry_t *p)
{
	return atomic_load_explicit((mmk_entry_t *)p, memory_order_acquire);
}
static inline void entry_write_nosched(mmk_entry_t *p, uint64_t v)
{
	mmk_sched_point(MMK_SP_DATA, p);	/* not a point: for the reduction */
	atomic_store_explicit(p, v, memory_order_release);
}

/* ---- RCU (liburcu memb flavour) ---- */
struct mmk_rcu_head;
typedef void (*mmk_rcu_func_t)(struct mmk_rcu_head *head);
struct mmk_rcu_head {
	/* Mirrors liburcu's struct rcu_head layout; checked in rcu.c. */
	void *next;
	void (*func)(void *);
	mmk_rcu_func_t fn;
};

/*
 * rcu_read_lock()/rcu_read_unlock() - a read-side section; sections nest.
 *
 * The fast path is inline: a fault enters three or four sections (the
 * hardware walker's before and after it, pte_offset_map's), and as calls
 * into rcu.c they cost more than the section itself.  What stays out of
 * line (rcu.c's _hard functions) is everything but the common case:
 * a thread not yet registered with liburcu, a thread the race lab's
 * explorer runs (whose RCU is the explorer's, reached only there), and
 * every section of a ThreadSanitizer build, which cannot follow liburcu's
 * inline code and annotates the ordering instead.  The scheduling points
 * are where they were, before the lock and after the unlock, on every
 * path: the explorer sees the same steps.
 *
 * liburcu's inline read side (_LGPL_SOURCE) is a per-thread counter
 * update and a compiler barrier; its read_lock/read_unlock are written to
 * be under LGPL's ten-line limit for inline use by non-LGPL code.
 */
struct mmk_rcu_reader {
	int nesting;		/* sections this thread is inside */
	bool registered;	/* with liburcu (rcu.c registers lazily) */
};
extern MMK_TLS_HOT struct mmk_rcu_reader mmk_rcu_reader;
void rcu_read_lock_hard(void);
void rcu_read_unlock_hard(void);

#ifdef MMK_TSAN
static inline void rcu_read_lock(void)
{
	mmk_sched_point(MMK_SP_RCU_LOCK, NULL);
	rcu_read_lock_hard();
}
static inline void rcu_read_unlock(void)
{
	rcu_read_unlock_hard();
}
#else
#ifndef _LGPL_SOURCE
#define _LGPL_SOURCE
#endif
#include <urcu/urcu-memb.h>

static inline void rcu_read_lock(void)
{
	mmk_sched_point(MMK_SP_RCU_LOCK, NULL);
	if (unlikely(mmk_explorer != NULL || !mmk_rcu_reader.registered)) {
		rcu_read_lock_hard();
		return;
	}
	mmk_rcu_reader.nesting++;
	urcu_memb_read_lock();
}

static inline void rcu_read_unlock(void)
{
	assert(mmk_rcu_reader.nesting > 0);
	if (unlikely(mmk_explorer != NULL)) {
		rcu_read_unlock_hard();
		return;
	}
	urcu_memb_read_unlock();
	mmk_rcu_reader.nesting--;
	mmk_sched_point(MMK_SP_RCU_UNLOCK, NULL);
}
#endif

/* This thread is in a read-side section. */
static inline bool rcu_read_held(void)
{
	return mmk_rcu_reader.nesting > 0;
}
void synchronize_rcu(void);
void call_rcu(struct mmk_rcu_head *head, mmk_rcu_func_t fn);
void rcu_barrier(void);

#endif

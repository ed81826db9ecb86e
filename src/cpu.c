/* SPDX-License-Identifier: MIT */
/*
 * cpu.c - the simulated hardware: CPUs with software TLBs, the hardware
 * page-table walker, and the loads and stores a CPU makes.  What the
 * kernel does to TLBs (shootdowns, the mmu_gather) is tlb.c; the one
 * thing it asks of a CPU is cpu_tlb_shootdown(), an IPI's handler.
 *
 * How a simulated access works
 * ----------------------------
 * Each CPU has a direct-mapped software TLB caching (mm, vpn) -> (pfn,
 * writable, dirty) for present, user-accessible leaf entries, exactly what
 * an x86 TLB may hold.  A load or store by the thread attached to the CPU
 * takes the CPU's tlb_lock and then, without releasing it:
 *   1. looks the page up in the TLB; a hit is used as is, even if the PTE
 *      has changed since: a TLB is stale until flushed;
 *   2. on a miss (or a store through an entry not yet dirty) walks the page
 *      tables like the hardware: lockless, under RCU, setting the accessed
 *      and dirty bits with compare-and-swap, and refusing non-present,
 *      PROT_NONE and (for stores) read-only entries;
 *   3. copies the bytes to or from the frame.
 * If the walk refuses, the lock is dropped and the page-fault handler runs
 * (memory.c: the hardware raises the fault); then the access is retried.
 *
 * Because an access holds tlb_lock from lookup to the end of its copy, a
 * shootdown that took the lock has waited for every access that could
 * still use a stale entry: the guarantee an IPI gives (an interrupt cannot
 * split an instruction).  Before walking, the CPU sets its bit in the mm's
 * cpumask and the bit of the 2 MiB region (mod 64) in its tlb_regions;
 * tlb.c's essay says how flushers pair with that.
 *
 * Locks: cpu->tlb_lock protects cpu->tlb[] (lockdep.h gives its rank).
 */
#include <inttypes.h>
#include <pthread.h>

#include "highmem.h"
#include "memory.h"
#include "pgtable.h"
#include "page_table_check.h"

MMK_TLS_HOT struct cpu *current_cpu;
/* Every CPU the thread holds, one per machine; NULL slots are free. */
static __thread struct cpu *held_cpus[MMK_THREAD_MACHINES];

struct cpu *cpu_of_slow(struct mmk_machine *m)
{
	for (unsigned int i = 0; i < MMK_THREAD_MACHINES; i++)
		if (held_cpus[i] && held_cpus[i]->m == m)
			return current_cpu = held_cpus[i];
	return NULL;
}

/*
 * A thread that ends attached would keep its CPUs busy for good (-EBUSY
 * to every later attach): a thread-exit destructor lets them go, as the
 * kernel's exit path leaves the CPU.  The key is created once for the
 * process and never changes after; it holds no machine state.
 */
static pthread_key_t exit_key;
static pthread_once_t exit_key_once = PTHREAD_ONCE_INIT;

static void cpus_release_at_exit(void *arg)
{
	(void)arg;
	for (unsigned int i = 0; i < MMK_THREAD_MACHINES; i++) {
		struct cpu *c = held_cpus[i];

		if (!c)
			continue;
		held_cpus[i] = NULL;
		atomic_store(&c->owner, 0);
	}
	current_cpu = NULL;
}

static void exit_key_create(void)
{
	if (pthread_key_create(&exit_key, cpus_release_at_exit))
		abort();	/* PTHREAD_KEYS_MAX keys taken: nothing to go on with */
}

int mmk_cpu_attach(struct mmk_machine *m, unsigned int cpu)
{
	unsigned int slot = MMK_THREAD_MACHINES;
	int none = 0;

	misuse_null(m);
	if (cpu >= m->cfg.ncpus)
		return -EINVAL;
	for (unsigned int i = 0; i < MMK_THREAD_MACHINES; i++) {
		if (held_cpus[i] && held_cpus[i]->m == m)
			return -EBUSY;		/* one CPU per machine */
		if (!held_cpus[i] && slot == MMK_THREAD_MACHINES)
			slot = i;
	}
	if (slot == MMK_THREAD_MACHINES)
		return -EBUSY;
	pthread_once(&exit_key_once, exit_key_create);
	/* Any non-NULL value: the destructor runs only for those. */
	if (pthread_setspecific(exit_key, &held_cpus[0]))
		return -ENOMEM;
	if (!atomic_compare_exchange_strong(&m->cpus[cpu].owner, &none, mmk_self()))
		return -EBUSY;
	held_cpus[slot] = current_cpu = &m->cpus[cpu];
	return 0;
}

void mmk_cpu_detach(struct mmk_machine *m)
{
	struct cpu *c = m ? cpu_of(m) : NULL;

	if (!c)
		return;
	for (unsigned int i = 0; i < MMK_THREAD_MACHINES; i++)
		if (held_cpus[i] == c)
			held_cpus[i] = NULL;
	if (current_cpu == c)
		current_cpu = NULL;
	atomic_store(&c->owner, 0);
}

static inline unsigned int tlb_slot(uint64_t vpn)
{
	return (unsigned int)((vpn ^ (vpn >> 8)) & (TLB_ENTRIES - 1));
}

static inline void counter_inc_owner(atomic64_t *c)
{
	/* Only the attached thread writes these: no read-modify-write needed. */
	atomic64_set(c, atomic64_read(c) + 1);
}

/*
 * Invalidate @mm_id's entries in [start, end) of one CPU; all if end == 0.
 * A TLB left empty forgets its regions.
 */
static void tlb_invalidate(struct cpu *c, uint64_t mm_id, uint64_t start,
			   uint64_t end)
{
	uint64_t first = start >> PAGE_SHIFT, last = end >> PAGE_SHIFT;

	lockdep_assert_held(&c->tlb_lock);
	counter_inc_owner(&c->tlb_flushes);
	/*
	 * The TLB is direct-mapped: a page can only be in its own slot, so a
	 * range smaller than the TLB is flushed by looking at its pages' slots
	 * only (fewer of another CPU's lines pulled over than a full scan).
	 */
	if (end && last - first < TLB_ENTRIES) {
		for (uint64_t vpn = first; vpn < last; vpn++) {
			struct tlb_entry *e = &c->tlb[tlb_slot(vpn)];
			if (e->mm_id == mm_id && e->vpn == vpn)
				e->mm_id = 0;
		}
		return;
	}
	unsigned int left = 0;

	for (unsigned int i = 0; i < TLB_ENTRIES; i++) {
		struct tlb_entry *e = &c->tlb[i];
		if (e->mm_id == mm_id && (!end || (e->vpn >= first && e->vpn < last)))
			e->mm_id = 0;
		left += e->mm_id != 0;
	}
	if (!left)	/* no fill runs: we hold the lock */
		atomic_store_explicit(&c->tlb_regions, 0, memory_order_relaxed);
}

/* The tlb_regions bit of the 2 MiB region holding @vpn. */
static inline uint64_t tlb_region_bit(uint64_t vpn)
{
	return 1ULL << ((vpn >> 9) & 63);
}

void cpu_tlb_shootdown(struct cpu *c, uint64_t mm_id, uint64_t start, uint64_t end,
		       uint64_t regions)
{
	if (!(atomic_load(&c->tlb_regions) & regions))
		return;		/* it cannot cache the range */
	spin_lock(&c->tlb_lock);
	tlb_invalidate(c, mm_id, start, end);
	spin_unlock(&c->tlb_lock);
}

/* The bits of every region [start, end) meets; all for a whole-mm flush. */
uint64_t tlb_region_bits(uint64_t start, uint64_t end)
{
	uint64_t first = start >> PMD_SHIFT, last, bits = 0;

	if (!end)
		return ~0ULL;
	last = (end - 1) >> PMD_SHIFT;
	if (last - first >= 63)
		return ~0ULL;
	for (uint64_t r = first; r <= last; r++)
		bits |= 1ULL << (r & 63);
	return bits;
}


/*
 * The hardware walker.  Lockless; RCU keeps detached tables readable.
 * Returns true and fills @e if the access may proceed.  Poison (a freed
 * table, invariant 1) is never present, so one compare where the walk
 * ends finds it.
 */
static bool hw_walk(struct mm_struct *mm, uint64_t addr, bool write,
		    struct tlb_entry *e)
{
	struct mmk_machine *m = mm->m;
	mmk_entry_t *p = pgd_offset(mm, addr);
	uint64_t ent, pfn_off = 0;
	bool ok = false;

	/* Before the first read: under rwsem and full a PUD table may go. */
	rcu_read_lock();
	ent = entry_read(p);
	for (int level = 3; level >= 1; level--) {
		if (!(ent & _PAGE_PRESENT))
			goto out;
		p = (mmk_entry_t *)pfn_to_virt(m, pmd_pfn(ent)) +
		    ((addr >> (PAGE_SHIFT + 9 * (level - 1))) & 511);
		ent = entry_read(p);
		if (level > 1 && (ent & _PAGE_PRESENT) && (ent & _PAGE_PSE)) {
			/* A PMD (2 MiB) or PUD (1 GiB) leaf. */
			pfn_off = (addr >> PAGE_SHIFT) & ((1UL << (9 * (level - 1))) - 1);
			break;
		}
	}
	for (;;) {
		uint64_t want;

		if (!(ent & _PAGE_PRESENT) || !(ent & _PAGE_USER))
			goto out;
		if (write && !(ent & _PAGE_RW))
			goto out;
		want = ent | _PAGE_ACCESSED | (write ? _PAGE_DIRTY : 0);
		if (want == ent || entry_cmpxchg(p, &ent, want)) {
			ent = want;
			break;
		}
		/* The entry changed under us: judge the new value. */
	}
	mmk_sched_point(MMK_SP_TLB_FILL, p);
	e->mm_id = mm->id;
	e->vpn = addr >> PAGE_SHIFT;
	e->pfn = pmd_pfn(ent) + pfn_off;
	e->write = ent & _PAGE_RW;
	e->dirty = ent & _PAGE_DIRTY;
	ok = true;
out:
	if (unlikely(ent == PTE_POISON))
		pt_check_poison(mm, p, addr, "the hardware walker");
	rcu_read_unlock();
	return ok;
}

/*
 * Invariant 8, checked where only the simulator can: the frame an access
 * is about to touch must not be free.  A store into a free frame is one a
 * TLB entry let through after the page went back to the allocator (the
 * mmu_gather freed before it flushed), and lands in whoever gets the frame
 * next.  The flags are read without a scheduling point: the checker's.
 */
static void check_frame_live(struct cpu *c, struct mm_struct *mm, uint64_t addr,
			     uint64_t pfn, bool write)
{
	struct page *page = pfn_to_page(mm->m, pfn);

	if (!(atomic_load_explicit(&page->flags, memory_order_acquire) & PG_free))
		return;
	pt_check_record(mm->m, 8, addr, "CPU %u %s 0x%" PRIx64 " in mm %p through "
			"its TLB after pfn 0x%" PRIx64 " was freed (the free came "
			"before the flush)", c->id, write ? "wrote" : "read", addr,
			(void *)mm, pfn);
}

/* One access within one page.  Returns 0 or what the fault handler said. */
static int access_page(struct cpu *c, struct mm_struct *mm, uint64_t addr,
		       unsigned char *buf, size_t n, bool write)
{
	uint64_t vpn = addr >> PAGE_SHIFT, bit = 1ULL << c->id;
	uint64_t region = tlb_region_bit(vpn);

	for (;;) {
		struct tlb_entry *e = &c->tlb[tlb_slot(vpn)];
		int ret;

		spin_lock(&c->tlb_lock);
		if (e->mm_id == mm->id && e->vpn == vpn && (!write || (e->write && e->dirty))) {
			counter_inc_owner(&c->tlb_hits);
		} else {
			counter_inc_owner(&c->tlb_misses);
			if (!(atomic_load_explicit(&mm->cpumask, memory_order_relaxed) & bit))
				atomic_fetch_or(&mm->cpumask, bit);
			if (!(atomic_load_explicit(&c->tlb_regions, memory_order_relaxed) & region))
				atomic_fetch_or(&c->tlb_regions, region);
			if (!hw_walk(mm, addr, write, e)) {
				spin_unlock(&c->tlb_lock);
				ret = do_user_fault(mm, addr, write);
				if (ret)
					return ret;
				continue;
			}
		}
		unsigned int off = addr & (PAGE_SIZE - 1);
		if (unlikely(pt_checking(mm->m)))
			check_frame_live(c, mm, addr, e->pfn, write);
		if (write && buf)
			frame_store(mm->m, e->pfn, off, buf, n);
		else if (!write)
			frame_load(mm->m, e->pfn, off, buf, n);
		/* write && !buf: mmk_rmw()'s store of what is there */
		spin_unlock(&c->tlb_lock);
		return 0;
	}
}

/* mmk_access() without data: @buf NULL with @write stores nothing new. */
static int access_range(struct mm_struct *mm, uint64_t addr, unsigned char *p,
			size_t len, bool write)
{
	struct cpu *c = cpu_of(mm->m);

	if (!c)
		return -EPERM;
	while (len) {
		size_t n = PAGE_SIZE - (addr & (PAGE_SIZE - 1));
		int ret;

		/* Beyond user space: the pages before it were done, as on Linux. */
		if (addr >= TASK_SIZE)
			return -MMK_SIGSEGV;
		if (n > len)
			n = len;
		ret = access_page(c, mm, addr, p, n, write);
		if (ret)
			return ret;
		addr += n;
		if (p)
			p += n;
		len -= n;
	}
	return 0;
}

int mmk_access(struct mm_struct *mm, uint64_t addr, void *buf, size_t len,
	       int write)
{
	misuse_null(mm);
	misuse_if(!buf && len, "buf is NULL with len %zu", len);
	return access_range(mm, addr, buf, len, write);
}

int mmk_rmw(struct mm_struct *mm, uint64_t addr, size_t len)
{
	misuse_null(mm);
	return access_range(mm, addr, NULL, len, true);
}

/* SPDX-License-Identifier: MIT */
/*
 * pgtable.c - page-table pages and the pte_offset_map family.
 *
 * Owns: allocating and freeing table pages (ptdescs) and their accounting;
 * populating PUD/PMD/PTE tables (walk_alloc_pmd, pte_alloc_install);
 * unhooking tables (detach_pgtable); the walk API that maps a PTE table.
 * The iterator that walks the upper levels is pagewalk.c.
 *
 * Locks: populating a PGD or PUD entry takes mm->page_table_lock;
 * populating a PMD entry takes the pmd lock (the PTL of the PMD table page,
 * Linux's split pmd lock).  Each PTE table has its own PTL in its struct
 * page.  The lock of a table is reached through the *value* of the entry
 * that points at it, which is why pte_offset_map_lock() must recheck that
 * the pmd still holds the value it sampled once the lock is taken: the
 * table may have been detached (and queued for freeing) meanwhile.
 *
 * Lifetime: a table page is freed only through pte_free_defer() or
 * tlb_remove_table(), i.e. after an RCU grace period, so a walker inside
 * rcu_read_lock() may read a detached table but never reused memory.
 * pte_offset_map*() enter that read-side section and pte_unmap() leaves it.
 * With the invariant checker on, pte_free_now() poisons the table and the
 * frame is quarantined (page_table_check.c); the lockless readers here
 * report poison they meet (invariant 1) and then treat it as no table.
 */
#include "page_alloc.h"
#include "pgtable.h"
#include "mmap_lock.h"
#include "tlb.h"
#include "pt_policy.h"
#include "page_table_check.h"

pgprot_t vm_get_page_prot(unsigned long vm_flags)
{
	pgprot_t prot = _PAGE_USER | _PAGE_ACCESSED;

	if (!(vm_flags & VM_ACCESS_FLAGS))
		return _PAGE_PROTNONE | _PAGE_ACCESSED;
	prot |= _PAGE_PRESENT;
	/* Private writable mappings are read-only until a write fault (COW). */
	if ((vm_flags & VM_WRITE) && (vm_flags & VM_SHARED))
		prot |= _PAGE_RW;
	if (!(vm_flags & VM_EXEC))
		prot |= _PAGE_NX;
	return prot;
}

void mm_pgtables_add(struct mm_struct *mm, int level, int n)
{
	static const size_t off[4] = { 0, offsetof(struct mm_struct, nr_ptes),
		offsetof(struct mm_struct, nr_pmds), offsetof(struct mm_struct, nr_puds) };
	struct mmk_machine *m = mm->m;

	assert(level >= 1 && level <= 3);
	atomic64_add(n, (atomic64_t *)((char *)mm + off[level]));
	long long now = atomic64_add_return_relaxed(n, &m->nr_tables[level]);
	if (n > 0)
		atomic64_max(&m->peak_tables[level], now);
}

/* A zeroed table page for @mm at @level (1 = PTE ... 4 = PGD), or NULL. */
struct page *pte_alloc_one(struct mm_struct *mm, int level)
{
	struct mmk_machine *m = mm->m;
	struct page *p = alloc_pgtable_page(m);

	if (!p)
		return NULL;
	SetPageFlag(p, PG_table);
	/* The page-table part of the union (prep_new_page set the data page's). */
	spin_lock_init(&p->ptl, level == 1 ? LOCK_RANK_PTL : LOCK_RANK_PMD);
	p->pt_mm = mm;
	p->pt_parent = NULL;
	atomic_store_explicit(&p->pt_addr_level, (uint64_t)level, memory_order_relaxed);
	/* all none; for a PMD table, pmd_huge_pte NULL */
	atomic_store_explicit(&p->pt_used, 0, memory_order_relaxed);
	atomic_set(&p->pt_refcount, 0);
	atomic64_add(1, &m->pgtable_frames);
	return p;
}

/* Free a table page nobody can reach any more (not even lockless walkers). */
void pte_free_now(struct mmk_machine *m, struct page *table)
{
	assert(PageTable(table));
	assert(!spin_is_locked_by_me(&table->ptl));
	if (pt_checking(m))
		pt_check_free_table(m, table);	/* no entry left (2); poison */
	ClearPageFlag(table, PG_table);
	table->pt_mm = NULL;
	atomic64_add(-1, &m->pgtable_frames);
	put_pgtable_page(m, table);
}

/*
 * A batch of detached tables on its way through call_rcu(): the rcu_head
 * lives here, not in a struct page, which has no room for it.
 */
struct pt_defer_batch {
	struct mmk_rcu_head rcu;
	struct mmk_machine *m;
	struct page *tables;		/* linked through ->next */
};

/* The grace period is over: free every table of the batch. */
static void pte_free_rcu(struct mmk_rcu_head *head)
{
	struct pt_defer_batch *b = (struct pt_defer_batch *)((char *)head -
			offsetof(struct pt_defer_batch, rcu));
	struct mmk_machine *m = b->m;
	struct page *table = b->tables;

	free(b);
	while (table) {
		struct page *next = page_next(table);	/* freeing reuses ->next */

		/* The list is cold by now: fetch the next while this one is freed. */
		prefetchw(next);
		set_page_next(table, NULL);
		ClearPageFlag(table, PG_pt_pending);
		pte_free_now(m, table);
		atomic64_add(-1, &m->pending_free);
		table = next;
	}
}

/*
 * Deferred table frees, batched
 * -----------------------------
 * Every grace period costs the whole process: liburcu's memb flavour
 * issues membarrier(), which interrupts every CPU running one of its
 * threads, and readers leaving a section may have to wake the waiter.  A
 * grace period per zap (or per table) lands in the middle of other
 * threads' faults: `linux` paid 4-9% of its fault time for that in the
 * touch/DONTNEED loop.  So detached tables collect on m->pt_defer and go
 * to call_rcu() PT_DEFER_BATCH at a time, with one callback for the batch
 * (Linux likewise frees a whole mmu_table_batch per RCU callback, and its
 * RCU serves many callbacks per grace period).  Tables are counted in
 * pending_free from the moment they are deferred, so the statistics and
 * the invariant checker see no difference; mmk_sync(), machine teardown
 * and running out of frames start the grace period for a partial batch
 * (pte_free_defer_flush).  m->pt_defer_lock protects the list.
 *
 * Each batch handed to call_rcu() carries a small heap-allocated struct
 * pt_defer_batch (Linux allocates its mmu_table_batch too).  If the host
 * cannot give one, the tables go back on m->pt_defer and wait for the
 * next batch or flush: still counted in pending_free, never freed early.
 */
#define PT_DEFER_BATCH 64

static void pte_free_defer_start(struct mmk_machine *m, struct page *tables)
{
	struct pt_defer_batch *b = malloc(sizeof(*b));
	struct page *tail;
	unsigned int n = 1;

	if (likely(b)) {
		b->m = m;		/* the callback needs its machine */
		b->tables = tables;
		call_rcu(&b->rcu, pte_free_rcu);
		return;
	}
	for (tail = tables; page_next(tail); tail = page_next(tail))
		n++;
	spin_lock(&m->pt_defer_lock);
	set_page_next(tail, m->pt_defer);
	m->pt_defer = tables;
	m->nr_pt_defer += n;
	spin_unlock(&m->pt_defer_lock);
}

/* Under pt_defer_lock: take every table deferred so far. */
static struct page *pte_free_defer_take(struct mmk_machine *m)
{
	struct page *batch = m->pt_defer;

	lockdep_assert_held(&m->pt_defer_lock);
	m->pt_defer = NULL;
	m->nr_pt_defer = 0;
	return batch;
}

/* Start the grace period for the tables deferred so far. */
void pte_free_defer_flush(struct mmk_machine *m)
{
	struct page *batch;

	spin_lock(&m->pt_defer_lock);
	batch = pte_free_defer_take(m);
	spin_unlock(&m->pt_defer_lock);
	if (batch)
		pte_free_defer_start(m, batch);
}

/*
 * A table detached twice would be queued twice and freed twice: the
 * checker reports it (invariant 1: the second free writes a freed
 * table's page), and it is not queued again.  Without the checker it is
 * a bug in mmkit, and fatal.
 */
static bool pte_free_defer_once(struct mmk_machine *m, struct page *table)
{
	unsigned int flags = atomic_fetch_or_explicit(&table->flags, PG_pt_pending,
						      memory_order_acq_rel);

	if (!(flags & PG_pt_pending) && (flags & PG_table))
		return true;
	if (!pt_checking(m))
		misuse_if(true, "page table pfn %llu freed twice",
			  (unsigned long long)page_to_pfn(m, table));
	pt_check_record(m, 1, table_addr(table), "page table pfn %llu (level %d, mm %p) is "
			"freed a second time, already %s", (unsigned long long)page_to_pfn(m, table),
			table_level(table), (void *)table->pt_mm,
			flags & PG_table ? "waiting for its grace period" : "free");
	return false;
}

/*
 * Free a list (through ->next) of detached tables after a grace period.
 * A whole DONTNEED hands over every table it detached, 25,600 for 50 GiB,
 * and by now their struct pages are out of the cache: the list is walked
 * once, finding the tail and the count while it drops what is freed
 * already (a second walk for the tail cost one more miss per table).
 */
void pte_free_defer_list(struct mmk_machine *m, struct page *list)
{
	struct page *batch = NULL, *tail = NULL, *t = list;
	unsigned int n = 0;

	while (t) {
		struct page *next = page_next(t);

		if (pte_free_defer_once(m, t)) {
			tail = t;
			n++;
		} else if (tail) {
			set_page_next(tail, next);
		} else {
			list = next;
		}
		t = next;
	}
	if (!n)
		return;
	atomic64_add(n, &m->pending_free);
	spin_lock(&m->pt_defer_lock);
	set_page_next(tail, m->pt_defer);
	m->pt_defer = list;
	m->nr_pt_defer += n;
	/*
	 * With the checker on (the race lab), every detached table starts its
	 * grace period at once: a batch would hide the very frees a racing
	 * walker must be able to meet.
	 */
	if (m->nr_pt_defer >= PT_DEFER_BATCH || pt_checking(m))
		batch = pte_free_defer_take(m);
	spin_unlock(&m->pt_defer_lock);
	if (batch)
		pte_free_defer_start(m, batch);
}

/* Free a detached table after a grace period (Linux's pte_free_defer). */
void pte_free_defer(struct mmk_machine *m, struct page *table)
{
	set_page_next(table, NULL);
	pte_free_defer_list(m, table);
}

static mmk_entry_t *pte_base(struct mmk_machine *m, pmd_t pmd)
{
	return (mmk_entry_t *)pfn_to_virt(m, pmd_pfn(pmd));
}

spinlock_t *pmd_lockptr(struct mm_struct *mm, mmk_entry_t *pmdp)
{
	return &virt_to_page(mm->m, pmdp)->ptl;
}

spinlock_t *pmd_lock(struct mm_struct *mm, mmk_entry_t *pmdp)
{
	spinlock_t *ptl = pmd_lockptr(mm, pmdp);

	spin_lock(ptl);
	return ptl;
}

spinlock_t *pte_lockptr(struct mm_struct *mm, pmd_t pmdval)
{
	return &pfn_to_page(mm->m, pmd_pfn(pmdval))->ptl;
}

/* Is the table @t still hung where it was installed?  Under its parent's lock. */
static bool table_attached(struct mmk_machine *m, struct page *t)
{
	return !t->pt_parent ||
	       entry_read(t->pt_parent) == pfn_table(page_to_pfn(m, t));
}

/*
 * Install a new table below *@entryp, which lives in table @parent, under
 * @lock unless somebody else did first.  The lock is also the one that
 * detaching @parent takes (policy full), so the parent-still-attached
 * recheck is stable.  Returns 0, -ENOMEM, or -EAGAIN when @parent was
 * detached: the caller must walk again from the top.
 */
static int populate(struct mm_struct *mm, mmk_entry_t *entryp, spinlock_t *lock,
		    int level, struct page **installed)
{
	struct mmk_machine *m = mm->m;
	struct page *parent = virt_to_page(m, entryp);
	struct page *new = pte_alloc_one(mm, level);
	int ret = 0;

	if (!new)
		return -ENOMEM;
	new->pt_parent = entryp;
	table_set_addr(new, table_addr(parent) +
		((uint64_t)(entryp - (mmk_entry_t *)page_address(m, parent))
		 << (PAGE_SHIFT + 9 * level)));
	if (level == 1)
		atomic_set(&new->pt_refcount, pt_install_refs(m));
	spin_lock(lock);
	if (!table_attached(m, parent)) {
		ret = -EAGAIN;
	} else if (pmd_none(entry_read(entryp))) {
		mm_pgtables_add(mm, level, 1);
		entry_write(entryp, pfn_table(page_to_pfn(m, new)));
		if (installed)
			*installed = new;
		new = NULL;
	}
	spin_unlock(lock);
	if (new) {
		/* Never visible to anyone: free at once. */
		pt_count(m, MMK_PTC_RETRIES, 1);
		pte_free_now(m, new);
	}
	return ret;
}

int __pte_alloc_install(struct mm_struct *mm, mmk_entry_t *pmdp, struct page **installed)
{
	return populate(mm, pmdp, pmd_lockptr(mm, pmdp), 1, installed);
}

/* The installer's reference, once it mapped the table (refcount policy). */
void pte_install_put(struct mm_struct *mm, struct page *installed)
{
	if (pt_install_refs(mm->m))
		pt_table_put(mm->m, installed);
}

/*
 * Descend to the entry at @level (2: the PMD entry, 3: the PUD entry);
 * where a level above lacks its table, populate the none entry (under
 * page_table_lock) and descend again.  Still none at the same level means
 * populate() found the table holding it detached.
 */
int walk_alloc(struct mm_struct *mm, uint64_t addr, int level, mmk_entry_t **entryp)
{
	int last = 0;

	for (;;) {
		uint64_t e;
		int at, ret;
		mmk_entry_t *p = pt_descend(mm, addr, level, __func__, &at, &e);

		if (at == level) {
			*entryp = p;
			return 0;
		}
		if (!pmd_none(e))
			return -EFAULT;		/* a PUD leaf, or poison */
		if (at == last)
			return -EAGAIN;
		ret = populate(mm, p, &mm->page_table_lock, at - 1, NULL);
		if (ret)
			return ret;
		last = at;
	}
}

void free_pgtable(struct mmu_gather *tlb, int level, uint64_t entryval)
{
	mm_pgtables_add(tlb->mm, level, -1);
	tlb_remove_table(tlb, pfn_to_page(tlb->mm->m, pmd_pfn(entryval)));
}

void detach_pgtable(struct mmu_gather *tlb, mmk_entry_t *entryp, int level)
{
	free_pgtable(tlb, level, entry_xchg(entryp, 0));
}

/*
 * __pte_offset_map - enter RCU and map the PTE table below *@pmdp.
 * Returns NULL, having left RCU, if the pmd is none, non-present (a
 * migration entry) or a leaf; clears a bad pmd first.  Otherwise returns the
 * entry for @addr with RCU held until pte_unmap(); *@pmdvalp gets the pmd
 * value the table was found through.
 */
/*
 * Tables mapped by this thread, innermost last: pte_unmap() must undo
 * pte_offset_map*() in LIFO order, as kmap_local does in Linux.
 */
#define KMAP_DEPTH 8
static MMK_TLS_HOT struct kmap_slot {
	struct mmk_machine *m;
	struct page *table;
} kmap_stack[KMAP_DEPTH];
static MMK_TLS_HOT int kmap_top;

mmk_entry_t *__pte_offset_map(struct mm_struct *mm, mmk_entry_t *pmdp,
			      uint64_t addr, pmd_t *pmdvalp)
{
	struct page *table;
	pmd_t pmdval;

	rcu_read_lock();
	pmdval = entry_read(pmdp);
	if (pmdvalp)
		*pmdvalp = pmdval;
	if (pmd_none(pmdval) || !pmd_present(pmdval) || pmd_leaf(pmdval)) {
		if (unlikely(pmdval == PTE_POISON))	/* read from a freed PMD table */
			pt_check_poison(mm, pmdp, addr, "pte_offset_map");
		goto nomap;
	}
	if (unlikely(pmd_bad(pmdval))) {
		/* pmd_clear_bad(); Linux also logs it, but the library never prints. */
		entry_cmpxchg(pmdp, &pmdval, 0);
		goto nomap;
	}
	table = pfn_to_page(mm->m, pmd_pfn(pmdval));
	if (pt_checking(mm->m))		/* a live pmd pointing at a freed table? */
		pt_check_pte_table(mm, pmdp, table, addr, "pte_offset_map");
	if (!pt_table_get(mm->m, table)) {
		/*
		 * Being freed: as good as none.  Callers retry until the freer
		 * has cleared the pmd, a busy-wait: one turn of it here, so the
		 * race lab's scheduler runs the freer instead of the retries.
		 */
		unsigned int spins = 0;

		if (entry_read_nosched(pmdp) == pmdval)
			mmk_wait_relax(pmdp, &spins);
		goto nomap;
	}
	assert(kmap_top < KMAP_DEPTH);
	kmap_stack[kmap_top].m = mm->m;
	kmap_stack[kmap_top].table = table;
	kmap_top++;
	pt_count(mm->m, MMK_PTC_WALKS, 1);
	return pte_base(mm->m, pmdval) + pte_index(addr);
nomap:
	rcu_read_unlock();
	return NULL;
}

mmk_entry_t *pte_offset_map(struct mm_struct *mm, mmk_entry_t *pmdp, uint64_t addr)
{
	return __pte_offset_map(mm, pmdp, addr, NULL);
}

void pte_unmap(mmk_entry_t *pte)
{
	struct kmap_slot *slot;

	assert(kmap_top > 0);
	slot = &kmap_stack[--kmap_top];
	assert(virt_to_page(slot->m, pte) == slot->table);
	(void)pte;
	pt_table_put(slot->m, slot->table);
	rcu_read_unlock();
}

void pte_unmap_unlock(mmk_entry_t *pte, spinlock_t *ptl)
{
	spin_unlock(ptl);
	pte_unmap(pte);
}

/*
 * pte_offset_map_ro_nolock - map without locking; *@ptlp gets the PTL.
 * The table may be detached under the caller: read only.
 */
mmk_entry_t *pte_offset_map_ro_nolock(struct mm_struct *mm, mmk_entry_t *pmdp,
				      uint64_t addr, spinlock_t **ptlp)
{
	pmd_t pmdval;
	mmk_entry_t *pte = __pte_offset_map(mm, pmdp, addr, &pmdval);

	if (pte)
		*ptlp = pte_lockptr(mm, pmdval);
	return pte;
}

/*
 * pte_offset_map_rw_nolock - as _ro_nolock, plus the pmd value the table
 * was found through.  A caller that writes must first take *@ptlp and
 * confirm pmd_same(*pmdvalp, *pmdp) (or pte_same against a non-none entry
 * it read before), because the table may have been detached meanwhile.
 */
mmk_entry_t *pte_offset_map_rw_nolock(struct mm_struct *mm, mmk_entry_t *pmdp,
				      uint64_t addr, pmd_t *pmdvalp,
				      spinlock_t **ptlp)
{
	mmk_entry_t *pte = __pte_offset_map(mm, pmdp, addr, pmdvalp);

	if (pte)
		*ptlp = pte_lockptr(mm, *pmdvalp);
	return pte;
}

/*
 * pte_offset_map_lock - map and lock the PTE table below *@pmdp.
 * Returns NULL if there is no table (the caller decides whether to
 * allocate or give up), else the entry for @addr with the PTL held and RCU
 * entered; the pmd is guaranteed to still point at this table while the PTL
 * is held.  Release with pte_unmap_unlock().
 */
mmk_entry_t *pte_offset_map_lock(struct mm_struct *mm, mmk_entry_t *pmdp,
				 uint64_t addr, spinlock_t **ptlp)
{
	for (;;) {
		pmd_t pmdval;
		mmk_entry_t *pte = __pte_offset_map(mm, pmdp, addr, &pmdval);
		spinlock_t *ptl;

		if (!pte)
			return NULL;
		ptl = pte_lockptr(mm, pmdval);
		spin_lock(ptl);
		pt_count(mm->m, MMK_PTC_WALK_LOCKS, 1);
		if (likely(pmd_same(pmdval, entry_read(pmdp)))) {
			*ptlp = ptl;
			return pte;
		}
		if (mmk_bug(mm->m, MMK_BUG_NO_PMD_RECHECK)) {
			/* The historical bug: hand out a table that may be detached. */
			if (pt_checking(mm->m))
				pt_check_record(mm->m, 3, addr, "pte_offset_map_lock for 0x%llx "
						"in mm %p returned a locked table whose pmd "
						"changed from 0x%llx to 0x%llx: no pmd_same recheck",
						(unsigned long long)addr, (void *)mm,
						(unsigned long long)pmdval,
						(unsigned long long)entry_read_nosched(pmdp));
			*ptlp = ptl;
			return pte;
		}
		/* The table was detached before we got its lock: try again. */
		pt_count(mm->m, MMK_PTC_RETRIES, 1);
		pte_unmap_unlock(pte, ptl);
	}
}

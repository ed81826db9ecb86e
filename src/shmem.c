/* SPDX-License-Identifier: MIT */
/*
 * shmem.c - tmpfs: the object behind MAP_SHARED|MAP_ANONYMOUS mappings and
 * behind files (mmkit/file.h), a page cache of nr_pages slots, each a page
 * or a hole that reads as zeros.
 *
 * Lifetime: the object's refcount counts the VMAs using it (mmap.c takes
 * and drops them under mmap_lock) and, for a file, its creator's handle;
 * the last put frees every page.
 *
 * Slots change without a lock: a fault fills a hole with compare-and-swap
 * (shmem_get_page), and reclaim empties the slot of a clean page nobody
 * else holds (shmem_remove_clean: freeze its refcount from 1, the cache's,
 * to 0, then clear the slot), as Linux's __remove_mapping does.  So a
 * lookup never trusts a slot for long: it takes a reference only if the
 * count is not zero and then checks that the slot still names that page
 * (shmem_try_get, Linux's filemap_get_entry + folio_try_get + reload).
 * struct page is never freed, so the speculative reference is safe even
 * when the frame has meanwhile gone to someone else.
 */
#include "page_alloc.h"
#include "pgtable.h"
#include "shmem.h"
#include "huge_memory.h"

struct shmem *shmem_create(struct mmk_machine *m, uint64_t nr_pages)
{
	struct shmem *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->slots = calloc(nr_pages, sizeof(*s->slots));
	if (!s->slots) {
		free(s);
		return NULL;
	}
	s->m = m;
	s->nr_pages = nr_pages;
	atomic_set(&s->refcount, 1);
	init_rwsem(&s->i_mmap_rwsem, LOCK_RANK_I_MMAP);
	return s;
}

void shmem_get(struct shmem *s)
{
	atomic_inc(&s->refcount);
}

/* Drop a VMA's reference; the last one truncates the object. */
void shmem_put(struct shmem *s)
{
	if (!s || !atomic_dec_and_test(&s->refcount))
		return;
	for (uint64_t i = 0; i < s->nr_pages; i++) {
		uint64_t slot = entry_read(&s->slots[i]);

		if (slot)
			put_page(s->m, pfn_to_page(s->m, slot - 1));
	}
	assert(!s->nr_i_mmap);
	destroy_rwsem(&s->i_mmap_rwsem);
	free(s->i_mmap);
	free(s->slots);
	free(s);
}

/* ---- i_mmap: the VMAs mapping the object ---- */

/* Add @v (its fields final) to its object's list; i_mmap_rwsem held for write. */
void __vma_link_file(struct vm_area_struct *v)
{
	struct shmem *s = v->shm;

	if (s->nr_i_mmap == s->i_mmap_cap) {
		unsigned int cap = s->i_mmap_cap ? s->i_mmap_cap * 2 : 4;
		void *n = realloc(s->i_mmap, cap * sizeof(*s->i_mmap));

		if (!n)
			abort();	/* a few pointers: host memory is gone */
		s->i_mmap = n;
		s->i_mmap_cap = cap;
	}
	s->i_mmap[s->nr_i_mmap++] = v;
}

void vma_link_file(struct vm_area_struct *v)
{
	if (!v->shm)
		return;
	i_mmap_lock_write(v->shm);
	__vma_link_file(v);
	i_mmap_unlock_write(v->shm);
}

/* Remove @v from its object's list if it is there (vma_free may come twice). */
void vma_unlink_file(struct vm_area_struct *v)
{
	struct shmem *s = v->shm;

	if (!s)
		return;
	i_mmap_lock_write(s);
	for (unsigned int i = 0; i < s->nr_i_mmap; i++) {
		if (s->i_mmap[i] == v) {
			s->i_mmap[i] = s->i_mmap[--s->nr_i_mmap];
			break;
		}
	}
	i_mmap_unlock_write(s);
}

/*
 * The page in slot @idx with a reference on its folio, or NULL for a
 * hole.  A page of a large folio comes back as itself: the reference is
 * the folio's.
 */
struct page *shmem_try_get(struct shmem *s, uint64_t idx)
{
	unsigned int spins = 0;

	for (;;) {
		uint64_t slot = entry_read(&s->slots[idx]);
		struct page *page;

		if (!slot)
			return NULL;
		page = pfn_to_page(s->m, slot - 1);
		if (!atomic_add_unless_zero(&page_folio(page)->_refcount, 1)) {
			/* frozen by reclaim or collapse_file: the slot changes next */
			mmk_wait_relax(&s->slots[idx], &spins);
			continue;
		}
		if (entry_read(&s->slots[idx]) == slot)
			return page;
		put_page(s->m, page);	/* removed and its frame reused meanwhile */
	}
}

/* The page at @idx, allocated (zeroed) on first use, plus a reference. */
struct page *shmem_get_page(struct shmem *s, uint64_t idx)
{
	struct mmk_machine *m = s->m;

	for (;;) {
		struct page *page = shmem_try_get(s, idx);
		uint64_t none = 0;

		if (page)
			return page;
		page = alloc_page(m, __GFP_ZERO);
		if (!page)
			return NULL;
		atomic_store_explicit(&page->flags, PG_shmem | PG_swapbacked,
				      memory_order_release);
		page->mapping = s;
		page->index = idx;
		/* The page cache keeps the allocation's reference; ours is extra. */
		get_page(page);
		if (entry_cmpxchg(&s->slots[idx], &none, page_to_pfn(m, page) + 1))
			return page;
		put_page(m, page);	/* another fault filled the hole first */
		put_page(m, page);
	}
}

/*
 * A new PMD-sized folio for slots [start, start + 512) of @s, before it
 * enters the cache: its pages the cache's (one reference each, on top of
 * the caller's), locked; @dirty for collapse_file, which marks its folio
 * so (its bytes exist nowhere else).
 */
void shmem_prepare_folio(struct shmem *s, struct page *folio, uint64_t start, bool dirty)
{
	for (unsigned int i = 0; i < HPAGE_PMD_NR; i++) {
		SetPageFlag(folio + i, PG_shmem | PG_swapbacked | (dirty ? PG_dirty : 0));
		folio[i].mapping = s;
		folio[i].index = start + i;
	}
	atomic_add(HPAGE_PMD_NR, &folio->_refcount);
	if (!trylock_page(folio))
		abort();	/* nobody else can see it yet */
}

/*
 * shmem_alloc_and_add_folio's huge case: a PMD-sized folio in the 512
 * holes at @start, locked, with a reference for the caller; NULL if the
 * range holds a page (or gets one meanwhile) or no huge block is free:
 * then the fault takes a 4 KiB page.
 */
struct page *shmem_add_huge_folio(struct shmem *s, uint64_t start)
{
	struct mmk_machine *m = s->m;
	struct page *folio;
	unsigned int i;

	for (i = 0; i < HPAGE_PMD_NR; i++)
		if (entry_read(&s->slots[start + i]))
			return NULL;
	folio = alloc_huge_folio(m);
	if (!folio)
		return NULL;
	shmem_prepare_folio(s, folio, start, false);
	for (i = 0; i < HPAGE_PMD_NR; i++) {
		uint64_t none = 0;

		if (!entry_cmpxchg(&s->slots[start + i], &none, page_to_pfn(m, folio + i) + 1))
			break;
	}
	if (i == HPAGE_PMD_NR)
		return folio;
	shmem_unclaim_folio(s, folio, start, i, NULL);	/* a fault filled a hole first */
	return NULL;
}

/*
 * Undo shmem_prepare_folio() and the claims of the first @nr slots at
 * @start that held holes (those where @old, if given, has no page): the
 * slots empty again, the cache's references go, the folio is unlocked and
 * our reference dropped (a fault waiting on its lock may hold the last).
 */
void shmem_unclaim_folio(struct shmem *s, struct page *folio, uint64_t start,
			 unsigned int nr, struct page *const *old)
{
	for (unsigned int i = 0; i < nr; i++) {
		uint64_t mine = page_to_pfn(s->m, folio + i) + 1;

		if (!old || !old[i])
			entry_cmpxchg(&s->slots[start + i], &mine, 0);
	}
	for (unsigned int i = 0; i < HPAGE_PMD_NR; i++)
		ClearPageFlag(folio + i, PG_shmem | PG_swapbacked | PG_dirty);
	atomic_add(-(int)HPAGE_PMD_NR, &folio->_refcount);
	unlock_page(folio);
	put_page(s->m, folio);
}

/*
 * shmem_lock_page - the page at @idx, locked (its folio's lock), with a
 * reference: what shmem_fault hands finish_fault, and what fault-around
 * maps.  The lock is what keeps collapse_file from replacing the page and
 * retract_page_tables from freeing the table while it is being mapped.
 * 0; -ENOENT for a hole (unless @alloc fills it); -ENOMEM; -EAGAIN if the
 * folio is locked by someone else (after a wait turn if @alloc: the
 * fault retries) or was replaced meanwhile.
 */
int shmem_lock_page(struct shmem *s, uint64_t idx, bool alloc, struct page **pagep)
{
	struct page *page, *folio;

	if (idx >= s->nr_pages)
		return -ENOENT;		/* past the end: the caller's SIGBUS */
	page = alloc ? shmem_get_page(s, idx) : shmem_try_get(s, idx);
	if (!page)
		return alloc ? -ENOMEM : -ENOENT;
	folio = page_folio(page);
	if (!trylock_page(folio)) {
		put_page(s->m, page);
		if (alloc) {
			unsigned int spins = 128;	/* folio_lock sleeps */

			mmk_wait_relax(folio, &spins);
		}
		return -EAGAIN;
	}
	/* the folio->mapping recheck: collapse replaces pages it holds locked */
	if (entry_read(&s->slots[idx]) != page_to_pfn(s->m, page) + 1) {
		unlock_page(folio);
		put_page(s->m, page);
		return -EAGAIN;
	}
	*pagep = page;
	return 0;
}

/*
 * shmem_remove_clean - reclaim's end for a clean page nobody maps or pins
 * (shrink_folio_list finds nothing to write and __remove_mapping frees
 * it): the hole reads zeros, as the page did.  False if it is dirty or
 * someone holds a reference besides the cache.
 */
bool shmem_remove_clean(struct page *page)
{
	struct shmem *s = page->mapping;

	/* A large folio would be split first; mmkit keeps it (it is dirty:
	 * collapse_file made it so, and there is no swap). */
	if (PageDirty(page) || page_mapcount(page) || page_folio(page) != page ||
	    folio_test_large(page))
		return false;
	if (atomic_cmpxchg(&page->_refcount, 1, 0) != 1)
		return false;		/* folio_ref_freeze failed: in use */
	entry_write(&s->slots[page->index], 0);
	free_frame(s->m, page);
	return true;
}

/*
 * The same for a large folio nobody maps: reclaim drops it whole from the
 * cache if it is clean and only the cache holds it (one reference per
 * page: frozen at once).  A dirty one stays (no swap); false then.
 */
bool shmem_remove_clean_folio(struct page *folio)
{
	struct shmem *s = folio->mapping;

	if (PageDirty(folio) || folio_mapcount(folio) ||
	    atomic_cmpxchg(&folio->_refcount, HPAGE_PMD_NR, 0) != HPAGE_PMD_NR)
		return false;
	for (unsigned int i = 0; i < HPAGE_PMD_NR; i++)
		entry_write(&s->slots[folio->index + i], 0);
	free_folio(s->m, folio);
	return true;
}

/* ---- files: a shmem object with a name's lifetime (mmkit/file.h) ---- */

struct mmk_file {
	struct shmem *obj;	/* one reference: the creator's */
	uint64_t size;		/* in bytes, as created */
};

int mmk_file_create(struct mmk_machine *m, uint64_t size, struct mmk_file **out)
{
	misuse_null(m);
	misuse_null(out);
	struct mmk_file *f;

	if (!size || size > MMK_TASK_SIZE)
		return -EINVAL;
	f = calloc(1, sizeof(*f));
	if (!f)
		return -ENOMEM;
	f->obj = shmem_create(m, (size + PAGE_SIZE - 1) >> PAGE_SHIFT);
	if (!f->obj) {
		free(f);
		return -ENOMEM;
	}
	f->size = size;
	*out = f;
	return 0;
}

void mmk_file_put(struct mmk_file *f)
{
	if (!f)
		return;
	shmem_put(f->obj);
	free(f);
}

uint64_t mmk_file_size(const struct mmk_file *f)
{
	misuse_null(f);
	return f->size;
}

struct shmem *file_shmem(struct mmk_file *f)
{
	return f->obj;
}

int mmk_file_cache(struct mmk_file *f, uint64_t off, uint64_t len)
{
	misuse_null(f);
	struct shmem *s = f->obj;

	if ((off | len) & ~PAGE_MASK || off >> PAGE_SHIFT > s->nr_pages ||
	    len >> PAGE_SHIFT > s->nr_pages - (off >> PAGE_SHIFT))
		return -EINVAL;
	for (uint64_t i = off >> PAGE_SHIFT; i < (off + len) >> PAGE_SHIFT; i++) {
		struct page *page = shmem_get_page(s, i);

		if (!page)
			return -ENOMEM;
		put_page(s->m, page);	/* the cache keeps its own */
	}
	return 0;
}

uint64_t mmk_file_cached_pages(const struct mmk_file *f)
{
	misuse_null(f);
	uint64_t n = 0;

	for (uint64_t i = 0; i < f->obj->nr_pages; i++)
		n += !!entry_read(&f->obj->slots[i]);
	return n;
}

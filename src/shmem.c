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
	free(s->slots);
	free(s);
}

/* The page in slot @idx with a reference, or NULL for a hole. */
struct page *shmem_try_get(struct shmem *s, uint64_t idx)
{
	for (;;) {
		uint64_t slot = entry_read(&s->slots[idx]);
		struct page *page;

		if (!slot)
			return NULL;
		page = pfn_to_page(s->m, slot - 1);
		if (!atomic_add_unless_zero(&page->_refcount, 1))
			continue;	/* being removed: the slot empties next */
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
 * shmem_remove_clean - reclaim's end for a clean page nobody maps or pins
 * (shrink_folio_list finds nothing to write and __remove_mapping frees
 * it): the hole reads zeros, as the page did.  False if it is dirty or
 * someone holds a reference besides the cache.
 */
bool shmem_remove_clean(struct page *page)
{
	struct shmem *s = page->mapping;

	if (PageDirty(page) || page_mapcount(page))
		return false;
	if (atomic_cmpxchg(&page->_refcount, 1, 0) != 1)
		return false;		/* folio_ref_freeze failed: in use */
	entry_write(&s->slots[page->index], 0);
	free_frame(s->m, page);
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

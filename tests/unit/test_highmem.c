/* SPDX-License-Identifier: MIT */
/*
 * test_highmem.c - lazy zero-fill (src/highmem.h): frames read as zeros
 * without being zeroed, stores make only their lines data, copies carry
 * only data lines, a page table gets real zeros, replayed touches cost the
 * host no memory, and two CPUs first-storing into one line lose nothing.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <pthread.h>
#include <sys/mman.h>
#include <unistd.h>
#include <cmocka.h>
#include "cpu.h"
#include "page_alloc.h"
#include "highmem.h"
#include "unit/mmk_test.h"

#define VA 0x10000000ULL
#define RW (MMK_PROT_READ | MMK_PROT_WRITE)

static uint64_t data_lines(struct mmk_machine *m, uint64_t pfn)
{
	return atomic_load(&pfn_lines(m, pfn)->data);
}

/*
 * Frames previous owners filled with 0xff read as zeros for the next: the
 * per-CPU lists hand the freed frames straight back, their bytes still
 * 0xff underneath (dirty), and nothing was zeroed.
 */
static void test_reuse_reads_zero(void **state)
{
	struct tm_fix *f = *state;
	const uint64_t len = 64 * PG;
	unsigned char buf[PG];
	unsigned int reused = 0;
	uint64_t pfn;

	assert_int_equal(mmk_mmap(f->mm, VA, len, RW, 0), 0);
	memset(buf, 0xff, sizeof(buf));
	for (uint64_t a = VA; a < VA + len; a += PG)
		assert_int_equal(mmk_access(f->mm, a, buf, PG, 1), 0);
	pfn = tm_page(f->mm, VA).pfn;
	assert_int_equal(data_lines(f->m, pfn), FRAME_LINES_ALL);
	assert_int_equal(mmk_madvise(f->mm, VA, len, MMK_MADV_DONTNEED), 0);
	mmk_sync(f->m);
	for (uint64_t a = VA; a < VA + len; a += PG) {
		assert_int_equal(mmk_rmw(f->mm, a, PG), 0);	/* a write fault: a new frame */
		pfn = tm_page(f->mm, a).pfn;
		assert_int_equal(data_lines(f->m, pfn), 0);
		reused += atomic_load(&pfn_lines(f->m, pfn)->dirty) == FRAME_LINES_ALL;
		assert_int_equal(mmk_access(f->mm, a, buf, PG, 0), 0);
		for (size_t i = 0; i < PG; i++)
			assert_int_equal(buf[i], 0);
	}
	assert_true(reused > 0);
	/* A one-byte store makes its line data, and only that line reads it. */
	pfn = tm_page(f->mm, VA).pfn;
	tm_put(f->mm, VA + 130, 0x11);
	assert_int_equal(data_lines(f->m, pfn), (uint64_t)1 << 2);
	assert_int_equal(tm_get(f->mm, VA + 128), 0x11ULL << 16);
	assert_int_equal(tm_get(f->mm, VA + 192), 0);
}

/* COW copies exactly the data lines; the copy reads as the original. */
static void test_cow_copies_data_lines(void **state)
{
	struct tm_fix *f = *state;
	struct mm_struct *child;
	uint64_t parent_pfn, child_pfn;

	assert_int_equal(mmk_mmap(f->mm, VA, PG, RW, 0), 0);
	tm_put(f->mm, VA, 0x1234);
	tm_put(f->mm, VA + 1000, 0x5678);
	assert_int_equal(mmk_fork(f->mm, &child), 0);
	f->mm2 = child;
	parent_pfn = tm_page(f->mm, VA).pfn;
	tm_put(child, VA + 8, 0x9abc);			/* the child's COW */
	child_pfn = tm_page(child, VA).pfn;
	assert_int_not_equal(child_pfn, parent_pfn);
	assert_int_equal(data_lines(f->m, parent_pfn), ((uint64_t)1 << 0) | ((uint64_t)1 << 15));
	assert_int_equal(data_lines(f->m, child_pfn), data_lines(f->m, parent_pfn));
	assert_int_equal(tm_get(child, VA), 0x1234);
	assert_int_equal(tm_get(child, VA + 8), 0x9abc);
	assert_int_equal(tm_get(child, VA + 1000), 0x5678);
	assert_int_equal(tm_get(child, VA + 2048), 0);
	assert_int_equal(tm_get(f->mm, VA + 8), 0);
	mmk_exit(child);
	f->mm2 = NULL;
}

/* A page table made from a frame that held data has only zero entries. */
static void test_table_from_dirty_frame(void **state)
{
	struct tm_fix *f = *state;
	struct page *p = alloc_page(f->m, __GFP_ZERO), *t;
	unsigned char buf[PG];
	uint64_t pfn = page_to_pfn(f->m, p);
	const mmk_entry_t *e;

	memset(buf, 0xa5, sizeof(buf));
	frame_store(f->m, pfn, 0, buf, PG);
	put_page(f->m, p);
	t = alloc_pgtable_page(f->m);
	assert_non_null(t);
	assert_int_equal(page_to_pfn(f->m, t), pfn);	/* the same frame, reused */
	e = page_address(f->m, t);
	for (int i = 0; i < PTRS_PER_TABLE; i++)
		assert_int_equal(entry_read(&e[i]), 0);
	put_pgtable_page(f->m, t);
}

/* Resident host pages of the machine's RAM (mincore). */
static size_t resident_frames(struct mmk_machine *m)
{
	size_t n = m->nr_frames, count = 0;
	unsigned char *vec = malloc(n);

	assert_non_null(vec);
	assert_int_equal(mincore(m->mem, n << PAGE_SHIFT, vec), 0);
	for (size_t i = 0; i < n; i++)
		count += vec[i] & 1;
	free(vec);
	return count;
}

/*
 * A replay's touches (mmk_rmw: write faults, no new bytes) of 64 MiB bring
 * 16384 frames into use and none of their bytes into host memory: only the
 * page tables' frames are resident.
 */
static void test_touch_costs_no_host_memory(void **state)
{
	struct tm_fix *f = *state;
	const uint64_t len = 64 * MiB;
	struct mmk_sys_stats st;
	size_t before = resident_frames(f->m), after;

	assert_int_equal(mmk_mmap(f->mm, VA, len, RW, 0), 0);
	assert_int_equal(mmk_rmw(f->mm, VA, len), 0);
	assert_int_equal(tm_stats(f->mm).rss, len);
	st = tm_sys(f->m);
	after = resident_frames(f->m);
	assert_true(st.frames_used >= len / PG);
	/* the tables (32 PTE, a PMD, a PUD) and slack for the allocator's lists */
	assert_true(after - before <= st.pgtable_frames + 8);
	assert_int_equal(tm_get(f->mm, VA + len - 8), 0);
}

/*
 * Two CPUs store into the same fresh line at once, at different bytes:
 * whichever claims the line zeroes it, the other waits; neither store is
 * lost.  Each round uses a fresh frame (alloc resets the record).
 */
struct racer {
	struct mmk_machine *m;
	uint64_t *pfns;
	unsigned int n, cpu, byte;
	pthread_barrier_t *bar;
};

static void *racer_main(void *arg)
{
	struct racer *r = arg;

	assert_int_equal(mmk_cpu_attach(r->m, r->cpu), 0);
	for (unsigned int i = 0; i < r->n; i++) {
		unsigned char v = (unsigned char)(r->byte + 1);

		pthread_barrier_wait(r->bar);
		/* every line, the two threads in opposite orders: they meet */
		for (unsigned int k = 0; k < 64; k++) {
			unsigned int line = r->cpu ? 63 - k : k;

			frame_store(r->m, r->pfns[i], 64 * line + r->byte, &v, 1);
		}
	}
	mmk_cpu_detach(r->m);
	return NULL;
}

static void test_concurrent_first_stores(void **state)
{
	struct tm_fix *f = *state;
	const unsigned int n = 8000 * tm_scale();
	uint64_t *pfns = calloc(n, sizeof(*pfns));
	struct page **pages = calloc(n, sizeof(*pages));
	unsigned char junk[PG], want[PG];
	pthread_barrier_t bar;
	struct racer r[2];
	pthread_t th[2];

	assert_non_null(pfns);
	assert_non_null(pages);
	memset(junk, 0x77, sizeof(junk));
	for (unsigned int i = 0; i < n; i++) {
		pages[i] = alloc_page(f->m, __GFP_ZERO);
		assert_non_null(pages[i]);
		pfns[i] = page_to_pfn(f->m, pages[i]);
	}
	/* Dirty every frame's bytes, then give them a new life: lines reset. */
	for (unsigned int i = 0; i < n; i++) {
		frame_store(f->m, pfns[i], 0, junk, PG);
		frame_lines_reset(f->m, pfns[i]);
	}
	pthread_barrier_init(&bar, NULL, 2);
	mmk_cpu_detach(f->m);
	for (int t = 0; t < 2; t++) {
		r[t] = (struct racer){ f->m, pfns, n, (unsigned int)t, (unsigned int)(7 + 40 * t), &bar };
		assert_int_equal(pthread_create(&th[t], NULL, racer_main, &r[t]), 0);
	}
	for (int t = 0; t < 2; t++)
		pthread_join(th[t], NULL);
	assert_int_equal(mmk_cpu_attach(f->m, 0), 0);
	for (unsigned int b = 0; b < PG; b++)
		want[b] = b % 64 == 7 ? 8 : b % 64 == 47 ? 48 : 0;
	for (unsigned int i = 0; i < n; i++) {
		unsigned char frame[PG];

		frame_load(f->m, pfns[i], 0, frame, sizeof(frame));
		assert_memory_equal(frame, want, PG);
		put_page(f->m, pages[i]);
	}
	pthread_barrier_destroy(&bar);
	free(pfns);
	free(pages);
}

static int setup(void **state)
{
	return tm_setup_1g(state);
}

static int teardown(void **state)
{
	struct tm_fix *f = *state;

	if (f->mm2)
		mmk_exit(f->mm2);
	f->mm2 = NULL;
	tm_fix_stop(f);
	free(f);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_reuse_reads_zero, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cow_copies_data_lines, setup, teardown),
		cmocka_unit_test_setup_teardown(test_table_from_dirty_frame, setup, teardown),
		cmocka_unit_test_setup_teardown(test_touch_costs_no_host_memory, setup, teardown),
		cmocka_unit_test_setup_teardown(test_concurrent_first_stores, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

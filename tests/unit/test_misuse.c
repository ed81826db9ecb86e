/* SPDX-License-Identifier: MIT */
/*
 * test_misuse.c - the misuse contract of the public headers (mmkit.h,
 * "Misuse"; issue 13, item 12): what used to hang, leak or corrupt
 * quietly.
 *
 *  - A thread holds one CPU per machine, of several machines at once.
 *  - A thread that exits attached lets its CPU go.
 *  - Programmer errors abort a debug build with a message naming the
 *    call: mmk_put_page() of a pinned page (or a put too many), mmk_exit()
 *    twice, mmk_machine_destroy() with a live address space, NULL where a
 *    call needs an object.  Each runs in a child process that must die of
 *    SIGABRT having said so; release builds (NDEBUG) and TSan builds
 *    (fork of a threaded process) skip those.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>
#include <sys/wait.h>
#include <cmocka.h>
#include "unit/mmk_test.h"

#define RW (MMK_PROT_READ | MMK_PROT_WRITE)
#define VA 0x10000000ULL

/*
 * The library checks misuse unless NDEBUG; these tests watch it abort in a
 * forked child, which TSan builds cannot do (fork of a threaded process).
 */
#ifdef NDEBUG
#define MISUSE_CHECKED 0
#else
#define MISUSE_CHECKED 1
#endif
#ifdef __SANITIZE_THREAD__
#define CAN_FORK 0
#else
#define CAN_FORK 1
#endif

static struct mmk_machine *machine_unattached(void)
{
	struct mmk_config cfg;
	struct mmk_machine *m = NULL;

	mmk_config_init(&cfg);
	cfg.ram_bytes = 64 * MiB;
	assert_int_equal(mmk_machine_create(&cfg, &m), 0);
	return m;
}

static void test_cpu_per_machine(void **state)
{
	struct mmk_machine *a = machine_unattached(), *b = machine_unattached();
	struct mm_struct *ma, *mb;

	(void)state;
	assert_int_equal(mmk_cpu_attach(a, 0), 0);
	assert_int_equal(mmk_cpu_attach(b, 1), 0);	/* was -EBUSY */
	assert_int_equal(mmk_cpu_attach(a, 1), -EBUSY);	/* one CPU per machine */
	ma = tm_mm(a);
	mb = tm_mm(b);
	assert_int_equal(mmk_mmap(ma, VA, PG, RW, 0), 0);
	assert_int_equal(mmk_mmap(mb, VA, PG, RW, 0), 0);
	tm_put(ma, VA, 1);
	tm_put(mb, VA, 2);	/* on b's CPU 1, not -EPERM */
	assert_int_equal(tm_get(ma, VA), 1);
	assert_int_equal(tm_get(mb, VA), 2);
	mmk_cpu_detach(a);
	assert_int_equal(tm_read64(ma, VA, &(uint64_t){ 0 }), -EPERM);
	assert_int_equal(tm_get(mb, VA), 2);	/* still on b */
	assert_int_equal(mmk_cpu_attach(a, 0), 0);
	mmk_exit(ma);
	mmk_exit(mb);
	tm_assert_empty(a);
	tm_assert_empty(b);
	mmk_machine_destroy(a);
	mmk_machine_destroy(b);
}

static void *attach_and_leave(void *arg)
{
	struct mmk_machine *m = arg;

	return (void *)(intptr_t)mmk_cpu_attach(m, 1);
}

static void test_thread_exit_detaches(void **state)
{
	struct mmk_machine *m = machine_unattached();
	pthread_t t;
	void *ret;

	(void)state;
	assert_int_equal(pthread_create(&t, NULL, attach_and_leave, m), 0);
	assert_int_equal(pthread_join(t, &ret), 0);
	assert_int_equal((intptr_t)ret, 0);
	assert_int_equal(mmk_cpu_attach(m, 1), 0);	/* was -EBUSY for good */
	mmk_machine_destroy(m);
}

/*
 * Run @fn(@arg) in a child: it must abort (SIGABRT) with a message on
 * stderr that holds each of the NULL-terminated @texts.
 */
static void expect_misuse(void (*fn)(void *), void *arg, ...)
{
	char out[4096] = "";
	size_t got = 0;
	int fds[2], status;
	const char *text;
	va_list ap;
	pid_t pid;
	ssize_t n;

	fflush(NULL);
	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(fds[1], STDERR_FILENO);
		close(fds[0]);
		fn(arg);
		_exit(0);	/* no abort: the parent fails the test */
	}
	close(fds[1]);
	while (got < sizeof(out) - 1 &&
	       (n = read(fds[0], out + got, sizeof(out) - 1 - got)) > 0)
		got += (size_t)n;
	out[got] = '\0';
	close(fds[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGABRT)
		fail_msg("no abort; stderr: %s", out);
	va_start(ap, arg);
	while ((text = va_arg(ap, const char *)))
		if (!strstr(out, text))
			fail_msg("stderr lacks `%s`: %s", text, out);
	va_end(ap);
}

/* A machine, an mm and one page of it mapped and touched. */
struct scene {
	struct mmk_machine *m;
	struct mm_struct *mm;
	struct page *page;
};

static void scene_start(struct scene *s)
{
	s->m = tm_machine(64 * MiB, 2, 0);
	s->mm = tm_mm(s->m);
	assert_int_equal(mmk_mmap(s->mm, VA, PG, RW, 0), 0);
	tm_put(s->mm, VA, 7);
}

static void put_pinned(void *arg)
{
	struct scene *s = arg;

	assert_int_equal(mmk_pin_user_pages(s->mm, VA, 1, MMK_FOLL_WRITE, &s->page), 1);
	mmk_put_page(s->m, s->page);
}

static void put_twice(void *arg)
{
	struct scene *s = arg;

	assert_int_equal(mmk_get_user_pages(s->mm, VA, 1, 0, &s->page), 1);
	mmk_put_page(s->m, s->page);
	mmk_put_page(s->m, s->page);
}

static void exit_twice(void *arg)
{
	struct scene *s = arg;

	mmk_exit(s->mm);
	mmk_exit(s->mm);
}

static void destroy_live(void *arg)
{
	struct scene *s = arg;

	mmk_machine_destroy(s->m);
}

static void mmap_null(void *arg)
{
	(void)arg;
	mmk_mmap(NULL, VA, PG, RW, 0);
}

static void query_null(void *arg)
{
	struct scene *s = arg;

	mmk_query_pte(s->mm, VA, NULL);
}

static void test_programmer_errors(void **state)
{
	struct scene s;

	(void)state;
	if (!MISUSE_CHECKED || !CAN_FORK)
		skip();
	scene_start(&s);
	expect_misuse(put_pinned, &s, "mmkit: mmk_put_page: ",
		      "holds no reference from mmk_get_user_pages", "it is pinned", NULL);
	expect_misuse(put_twice, &s, "mmkit: mmk_put_page: ", NULL);
	expect_misuse(exit_twice, &s, "mmkit: mmk_exit: ", "has exited already", NULL);
	expect_misuse(destroy_live, &s, "mmkit: mmk_machine_destroy: ",
		      "has not exited", NULL);
	expect_misuse(mmap_null, &s, "mmkit: mmk_mmap: mm is NULL", NULL);
	expect_misuse(query_null, &s, "mmkit: mmk_query_pte: pi is NULL", NULL);
	/* The right calls still work, and leave nothing behind. */
	assert_int_equal(mmk_get_user_pages(s.mm, VA, 1, 0, &s.page), 1);
	mmk_put_page(s.m, s.page);
	assert_int_equal(mmk_pin_user_pages(s.mm, VA, 1, MMK_FOLL_WRITE, &s.page), 1);
	mmk_unpin_user_pages(s.m, &s.page, 1);
	mmk_exit(s.mm);
	tm_assert_empty(s.m);
	mmk_machine_destroy(s.m);
}

/* Release builds: destroy exits what is left rather than leak it. */
static void test_destroy_exits_in_release(void **state)
{
	struct scene s;

	(void)state;
	if (MISUSE_CHECKED)
		skip();
	scene_start(&s);
	mmk_machine_destroy(s.m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cpu_per_machine),
		cmocka_unit_test(test_thread_exit_detaches),
		cmocka_unit_test(test_programmer_errors),
		cmocka_unit_test(test_destroy_exits_in_release),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

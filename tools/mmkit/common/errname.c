/* SPDX-License-Identifier: MIT */
/*
 * common/errname.c - the table of errno names (common/errname.h).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <mmkit/mmkit.h>

#include "common/errname.h"

static const struct {
	const char *name;
	int err;
} err_names[] = {
	/* err_name() prints the first row with a value, so aliases come last. */
	{ "SIGSEGV", MMK_SIGSEGV }, { "SIGBUS", MMK_SIGBUS },
	{ "EPERM", EPERM },	{ "ENOENT", ENOENT },	{ "ESRCH", ESRCH },
	{ "EINTR", EINTR },	{ "EIO", EIO },		{ "ENXIO", ENXIO },
	{ "E2BIG", E2BIG },	{ "ENOEXEC", ENOEXEC },	{ "EBADF", EBADF },
	{ "ECHILD", ECHILD },	{ "EAGAIN", EAGAIN },	{ "ENOMEM", ENOMEM },
	{ "EACCES", EACCES },	{ "EFAULT", EFAULT },	{ "ENOTBLK", ENOTBLK },
	{ "EBUSY", EBUSY },	{ "EEXIST", EEXIST },	{ "EXDEV", EXDEV },
	{ "ENODEV", ENODEV },	{ "ENOTDIR", ENOTDIR },	{ "EISDIR", EISDIR },
	{ "EINVAL", EINVAL },	{ "ENFILE", ENFILE },	{ "EMFILE", EMFILE },
	{ "ENOTTY", ENOTTY },	{ "ETXTBSY", ETXTBSY },	{ "EFBIG", EFBIG },
	{ "ENOSPC", ENOSPC },	{ "ESPIPE", ESPIPE },	{ "EROFS", EROFS },
	{ "EMLINK", EMLINK },	{ "EPIPE", EPIPE },	{ "EDOM", EDOM },
	{ "ERANGE", ERANGE },	{ "EDEADLK", EDEADLK },
	{ "ENAMETOOLONG", ENAMETOOLONG },	{ "ENOLCK", ENOLCK },
	{ "ENOSYS", ENOSYS },	{ "ENOTEMPTY", ENOTEMPTY }, { "ELOOP", ELOOP },
	{ "EOVERFLOW", EOVERFLOW },	{ "EOPNOTSUPP", EOPNOTSUPP },
	{ "ETIMEDOUT", ETIMEDOUT },	{ "EHWPOISON", EHWPOISON },
	{ "EWOULDBLOCK", EWOULDBLOCK },	{ "ENOTSUP", ENOTSUP },
	{ "EDEADLOCK", EDEADLOCK },
};

#define NR_ERR_NAMES (sizeof(err_names) / sizeof(err_names[0]))

const char *err_name(int err)
{
	static _Thread_local char buf[32];

	for (size_t i = 0; i < NR_ERR_NAMES; i++)
		if (err_names[i].err == err)
			return err_names[i].name;
	snprintf(buf, sizeof(buf), "errno %d", err);
	return buf;
}

const char *err_parse(const char *s, size_t len, int *err)
{
	for (size_t i = 0; i < NR_ERR_NAMES; i++)
		if (strlen(err_names[i].name) == len &&
		    !memcmp(err_names[i].name, s, len)) {
			*err = err_names[i].err;
			return err_names[i].name;
		}
	return NULL;
}

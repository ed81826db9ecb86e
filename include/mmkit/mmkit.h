/* SPDX-License-Identifier: MIT */
/*
 * mmkit/mmkit.h - the whole public API of libmmkit, one header per
 * concept:
 *
 *   machine.h  RAM, CPUs, policies, bug switches, statistics
 *   mm.h       address spaces: mmap, munmap, mprotect, madvise, mremap,
 *              fork, exit, loads and stores, queries
 *   file.h     files to map (tmpfs, in the simulated page cache)
 *   gup.h      references and pins on user pages, DMA
 *   device.h   device memory: DAX, device-private memory, migration,
 *              the device's mirror
 *   check.h    the invariant checker
 *   explore.h  the race lab: the interleaving explorer and stress noise
 *   version.h  the version of these headers (CMake writes it)
 *
 * mmkit is a concurrent software MMU and mm, faithful to Linux.
 *
 * Misuse
 * ------
 * What a caller can get wrong falls in three kinds.
 *
 * Checked, an errno returned (every build), as Linux answers a bad system
 * call: everything the headers list for a call, e.g. bad alignment,
 * lengths, flags, prot or advice (-EINVAL), ranges that wrap (-EOVERFLOW
 * for GUP) or leave the user address space (-ENOMEM), a CPU that does
 * not exist or is taken, a second CPU of one machine for one thread
 * (-EBUSY), an access by a thread on none of the machine's CPUs (-EPERM),
 * a GUP with @pages NULL or FOLL_LONGTERM on a reference (-EINVAL), a
 * device unbound already (-ENODEV), a configuration out of range
 * (mmk_machine_create: -EINVAL, see MMK_RAM_MIN and friends).
 *
 * Programmer errors, which a debug build (NDEBUG not defined) catches and
 * answers by printing "mmkit: CALL: what" on stderr and aborting, so they
 * never become a hang or a corruption found later; a release build does
 * not look, and what follows is undefined:
 *   - NULL for an object a call works on (a machine, mm, device, file,
 *     page, an output pointer, a buffer of nonzero length), except where
 *     a header allows it: mmk_machine_destroy(NULL) and mmk_cpu_detach(NULL)
 *     do nothing, NULL entries of mmk_unpin_user_pages*() are skipped, the
 *     @migrated of migrations and the @v of mmk_check() may be NULL;
 *   - mmk_exit() of an address space that has exited (caught for the
 *     last 64 to exit; an older one is a use after free);
 *   - mmk_put_page() of a page the caller holds no mmk_get_user_pages*()
 *     reference to, such as a pinned page (unpin it instead): the put
 *     would take away a reference somebody else counts on;
 *   - mmk_machine_destroy() while an address space has not exited
 *     (release builds exit them first rather than leak them) or while
 *     another thread is attached to one of its CPUs.
 *
 * Undefined, not checked in any build: using an object after it was
 * freed or destroyed (an mm after mmk_exit, a machine after destroy, a
 * page after its last reference went), passing an object of one machine
 * to another machine's call, releasing a pin or reference twice through
 * mmk_unpin_user_pages*(), calls from inside a race-lab hook, and memory
 * the caller does not own behind a buffer pointer.
 *
 * A thread that exits while attached lets its CPUs go (they are free for
 * the next mmk_cpu_attach()).
 */
#ifndef MMKIT_MMKIT_H
#define MMKIT_MMKIT_H
#include "machine.h"
#include "mm.h"
#include "file.h"
#include "gup.h"
#include "device.h"
#include "check.h"
#include "explore.h"
/* MMKIT_VERSION, MMKIT_VERSION_MAJOR, ..._MINOR, ..._PATCH: these headers' */
#include <mmkit/version.h>

/*
 * The version of the library linked at run time, "MAJOR.MINOR.PATCH"; a
 * static string.  MMKIT_VERSION is the one of the headers compiled against.
 */
const char *mmk_version(void);
#endif

#!/bin/sh
# SPDX-License-Identifier: MIT
# policy-sealed.sh SRCDIR: the page-table policy interface is sealed.  Only
# the wrappers (src/pt_policy.h) and the policy table (src/pt_policy.c)
# read a machine's struct pt_policy_ops; everything else calls the
# wrappers.  (mm_types.h declares the field.)
cd "$1" || exit 2
bad=$(grep -ln 'pt_ops\|PT_OPS' src/*.c src/*.h |
      grep -v -e '^src/pt_policy\.[ch]$' -e '^src/mm_types\.h$')
if [ -n "$bad" ]; then
	echo "FAIL: these files reach the policy's ops past the wrappers of pt_policy.h:"
	grep -n 'pt_ops\|PT_OPS' $bad
	exit 1
fi
echo "ok: only pt_policy.h and pt_policy.c read struct pt_policy_ops"

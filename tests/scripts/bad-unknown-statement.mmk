#! exit 2
#! stderr FILE:6:1: unknown statement `mmapp`
# a malformed line anywhere stops the script before anything runs
mm A
mmap A 0x10000000 4K rw
mmapp A 0x20000000 4K rw
expect stat A vmas == 5    # would fail, but nothing runs

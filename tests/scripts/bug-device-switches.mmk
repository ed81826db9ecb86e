#! stdout ok: 14 statements, 0 expectations
# The device bug switches of policies.md are `bug` statements like the
# others (the same names `--bug` takes): a script that sets them runs.
# Nothing here races or migrates a lazily freed page, so none of the three
# shows: the run is clean (bug-migrate-no-dirty.mmk shows one switched on).
bug migrate_no_dirty
bug migrate_flush_late
bug devmap_no_pgmap_ref
device gpu private 64K
device pmem dax 2M
mm A
mmap A 0x40000000 16K rw
write A 0x40000000 "data"
migrate A 0x40000000 1 gpu
migrate A 0x40000000 1 ram
read A 0x40000000 "data"
mmap A 0x80000000 2M rw dev=pmem
write A 0x80001000 "dax"
read A 0x80001000 "dax"

#! exit 1
#! stderr FILE:4: bug migrate_no_dirty: not implemented yet (device issue)
# Device bugs parse and wait for the device issue.
bug migrate_no_dirty
mm A

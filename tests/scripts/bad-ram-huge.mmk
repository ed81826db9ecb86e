#! exit 2
#! stderr FILE:4:5: bad value: ram must be a multiple of 4K from 64K to 1024G
# Above the library's limit (MMK_RAM_MAX): malformed, not a run-time EINVAL.
ram 2048G
mm A

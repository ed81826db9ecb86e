# The lexical rules: comments, hex and suffixed numbers, tabs, strings
# with escapes, BYTE*COUNT data.
mm	A		# tabs separate tokens too
mmap A 0x10000000 0x2000 rw        # hex
mmap A 268443648 8K rw             # 268443648 = 0x10002000: adjacent, merges
expect stat A vmas == 1
expect-error EEXIST mmap A 0x10003000 4096 rw
write A 0x10000000 "a#b"            # '#' in a string is data
read A 0x10000000 "\x61\x23\x62"
write A 0x10000010 "\\\"\n\t\xAb\x00z"
read A 0x10000010 "\x5c\x22\x0a\x09\xab\x00\x7a"
write A 0x10001000 0xff*4K          # BYTE*COUNT
read A 0x10001ffe "\xff\xff\x00"
write A 0x10002000 255*0x10         # decimal byte, hex count
read A 0x1000200f "\xff\x00"
expect stat A rss == 12K
mm B2_x                            # names: letters, digits, _
mmap B2_x 1G 1G none               # 1G = 0x40000000
expect stat B2_x vmas == 1
expect-error SIGSEGV read B2_x 0x40000000 "\x00"

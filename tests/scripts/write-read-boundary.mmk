# Stores and loads at any alignment, across page boundaries.
mm A
mmap A 0x10000000 12K rw
write A 0x10000ffd "abcdef"               # 3 bytes in page 0, 3 in page 1
read A 0x10000ffd "abcdef"
read A 0x10001000 "def"
read A 0x10000ffd "abc"
# a long pattern across all three pages
write A 0x10000100 0x5a*8K
read A 0x10000100 0x5a*8K
read A 0x100020fe "\x5a\x5a\x00"         # 0x10000100 + 8K ends at 0x10002100
read A 0x100000ff "\x00\x5a"
expect stat A rss == 12K
# escapes and a '#' inside a string are data, not comments
write A 0x10002800 "#not a comment\t\"q\"\\\n\xff"
read A 0x10002800 "\x23not a comment\x09\x22q\x22\x5c\x0a\xFF"   # same bytes

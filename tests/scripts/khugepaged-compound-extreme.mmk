# collapse_compound_extreme of Linux's khugepaged selftest
# (tools/testing/selftests/mm/khugepaged.c), with MADV_COLLAPSE: a PTE table
# whose 512 entries map pages of 512 different THPs, built as the selftest
# builds it: each round faults a THP at 0x40000000, keeps its first page
# and moves the pages kept so far, by two mremap()s, to end just below
# 0x40000000 with a fresh 2 MiB after them.  MADV_COLLAPSE of that table
# copies the 512 pages into one new THP.  Each THP is written in its first
# page only (the rest stays unwritten, so the host holds little).  `mmkit
# kdiff` runs it on the host kernel (6.18, THP madvise) and agrees.  Not a
# thp-* script: the invariant checker after each of its 3,089 statements,
# over the 1 GiB its THPs hold, would take minutes; scripts/ runs it once.
thp madvise
ram 2G
mm X
mmap X 0x40000000 2M rw
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x01*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x40000000 2097152 0x40400000 4096
mremap X 0x40400000 4096 0x3ffff000 2101248
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x02*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffff000 2101248 0x40400000 8192
mremap X 0x40400000 8192 0x3fffe000 2105344
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x03*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fffe000 2105344 0x40400000 12288
mremap X 0x40400000 12288 0x3fffd000 2109440
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x04*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fffd000 2109440 0x40400000 16384
mremap X 0x40400000 16384 0x3fffc000 2113536
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x05*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fffc000 2113536 0x40400000 20480
mremap X 0x40400000 20480 0x3fffb000 2117632
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x06*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fffb000 2117632 0x40400000 24576
mremap X 0x40400000 24576 0x3fffa000 2121728
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x07*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fffa000 2121728 0x40400000 28672
mremap X 0x40400000 28672 0x3fff9000 2125824
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x08*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fff9000 2125824 0x40400000 32768
mremap X 0x40400000 32768 0x3fff8000 2129920
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x09*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fff8000 2129920 0x40400000 36864
mremap X 0x40400000 36864 0x3fff7000 2134016
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x0a*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fff7000 2134016 0x40400000 40960
mremap X 0x40400000 40960 0x3fff6000 2138112
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x0b*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fff6000 2138112 0x40400000 45056
mremap X 0x40400000 45056 0x3fff5000 2142208
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x0c*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fff5000 2142208 0x40400000 49152
mremap X 0x40400000 49152 0x3fff4000 2146304
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x0d*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fff4000 2146304 0x40400000 53248
mremap X 0x40400000 53248 0x3fff3000 2150400
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x0e*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fff3000 2150400 0x40400000 57344
mremap X 0x40400000 57344 0x3fff2000 2154496
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x0f*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fff2000 2154496 0x40400000 61440
mremap X 0x40400000 61440 0x3fff1000 2158592
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x10*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fff1000 2158592 0x40400000 65536
mremap X 0x40400000 65536 0x3fff0000 2162688
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x11*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fff0000 2162688 0x40400000 69632
mremap X 0x40400000 69632 0x3ffef000 2166784
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x12*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffef000 2166784 0x40400000 73728
mremap X 0x40400000 73728 0x3ffee000 2170880
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x13*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffee000 2170880 0x40400000 77824
mremap X 0x40400000 77824 0x3ffed000 2174976
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x14*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffed000 2174976 0x40400000 81920
mremap X 0x40400000 81920 0x3ffec000 2179072
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x15*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffec000 2179072 0x40400000 86016
mremap X 0x40400000 86016 0x3ffeb000 2183168
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x16*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffeb000 2183168 0x40400000 90112
mremap X 0x40400000 90112 0x3ffea000 2187264
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x17*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffea000 2187264 0x40400000 94208
mremap X 0x40400000 94208 0x3ffe9000 2191360
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x18*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffe9000 2191360 0x40400000 98304
mremap X 0x40400000 98304 0x3ffe8000 2195456
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x19*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffe8000 2195456 0x40400000 102400
mremap X 0x40400000 102400 0x3ffe7000 2199552
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x1a*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffe7000 2199552 0x40400000 106496
mremap X 0x40400000 106496 0x3ffe6000 2203648
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x1b*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffe6000 2203648 0x40400000 110592
mremap X 0x40400000 110592 0x3ffe5000 2207744
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x1c*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffe5000 2207744 0x40400000 114688
mremap X 0x40400000 114688 0x3ffe4000 2211840
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x1d*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffe4000 2211840 0x40400000 118784
mremap X 0x40400000 118784 0x3ffe3000 2215936
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x1e*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffe3000 2215936 0x40400000 122880
mremap X 0x40400000 122880 0x3ffe2000 2220032
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x1f*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffe2000 2220032 0x40400000 126976
mremap X 0x40400000 126976 0x3ffe1000 2224128
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x20*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffe1000 2224128 0x40400000 131072
mremap X 0x40400000 131072 0x3ffe0000 2228224
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x21*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffe0000 2228224 0x40400000 135168
mremap X 0x40400000 135168 0x3ffdf000 2232320
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x22*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffdf000 2232320 0x40400000 139264
mremap X 0x40400000 139264 0x3ffde000 2236416
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x23*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffde000 2236416 0x40400000 143360
mremap X 0x40400000 143360 0x3ffdd000 2240512
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x24*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffdd000 2240512 0x40400000 147456
mremap X 0x40400000 147456 0x3ffdc000 2244608
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x25*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffdc000 2244608 0x40400000 151552
mremap X 0x40400000 151552 0x3ffdb000 2248704
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x26*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffdb000 2248704 0x40400000 155648
mremap X 0x40400000 155648 0x3ffda000 2252800
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x27*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffda000 2252800 0x40400000 159744
mremap X 0x40400000 159744 0x3ffd9000 2256896
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x28*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffd9000 2256896 0x40400000 163840
mremap X 0x40400000 163840 0x3ffd8000 2260992
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x29*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffd8000 2260992 0x40400000 167936
mremap X 0x40400000 167936 0x3ffd7000 2265088
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x2a*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffd7000 2265088 0x40400000 172032
mremap X 0x40400000 172032 0x3ffd6000 2269184
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x2b*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffd6000 2269184 0x40400000 176128
mremap X 0x40400000 176128 0x3ffd5000 2273280
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x2c*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffd5000 2273280 0x40400000 180224
mremap X 0x40400000 180224 0x3ffd4000 2277376
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x2d*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffd4000 2277376 0x40400000 184320
mremap X 0x40400000 184320 0x3ffd3000 2281472
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x2e*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffd3000 2281472 0x40400000 188416
mremap X 0x40400000 188416 0x3ffd2000 2285568
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x2f*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffd2000 2285568 0x40400000 192512
mremap X 0x40400000 192512 0x3ffd1000 2289664
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x30*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffd1000 2289664 0x40400000 196608
mremap X 0x40400000 196608 0x3ffd0000 2293760
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x31*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffd0000 2293760 0x40400000 200704
mremap X 0x40400000 200704 0x3ffcf000 2297856
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x32*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffcf000 2297856 0x40400000 204800
mremap X 0x40400000 204800 0x3ffce000 2301952
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x33*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffce000 2301952 0x40400000 208896
mremap X 0x40400000 208896 0x3ffcd000 2306048
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x34*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffcd000 2306048 0x40400000 212992
mremap X 0x40400000 212992 0x3ffcc000 2310144
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x35*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffcc000 2310144 0x40400000 217088
mremap X 0x40400000 217088 0x3ffcb000 2314240
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x36*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffcb000 2314240 0x40400000 221184
mremap X 0x40400000 221184 0x3ffca000 2318336
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x37*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffca000 2318336 0x40400000 225280
mremap X 0x40400000 225280 0x3ffc9000 2322432
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x38*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffc9000 2322432 0x40400000 229376
mremap X 0x40400000 229376 0x3ffc8000 2326528
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x39*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffc8000 2326528 0x40400000 233472
mremap X 0x40400000 233472 0x3ffc7000 2330624
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x3a*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffc7000 2330624 0x40400000 237568
mremap X 0x40400000 237568 0x3ffc6000 2334720
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x3b*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffc6000 2334720 0x40400000 241664
mremap X 0x40400000 241664 0x3ffc5000 2338816
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x3c*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffc5000 2338816 0x40400000 245760
mremap X 0x40400000 245760 0x3ffc4000 2342912
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x3d*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffc4000 2342912 0x40400000 249856
mremap X 0x40400000 249856 0x3ffc3000 2347008
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x3e*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffc3000 2347008 0x40400000 253952
mremap X 0x40400000 253952 0x3ffc2000 2351104
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x3f*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffc2000 2351104 0x40400000 258048
mremap X 0x40400000 258048 0x3ffc1000 2355200
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x40*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffc1000 2355200 0x40400000 262144
mremap X 0x40400000 262144 0x3ffc0000 2359296
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x41*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffc0000 2359296 0x40400000 266240
mremap X 0x40400000 266240 0x3ffbf000 2363392
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x42*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffbf000 2363392 0x40400000 270336
mremap X 0x40400000 270336 0x3ffbe000 2367488
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x43*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffbe000 2367488 0x40400000 274432
mremap X 0x40400000 274432 0x3ffbd000 2371584
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x44*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffbd000 2371584 0x40400000 278528
mremap X 0x40400000 278528 0x3ffbc000 2375680
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x45*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffbc000 2375680 0x40400000 282624
mremap X 0x40400000 282624 0x3ffbb000 2379776
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x46*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffbb000 2379776 0x40400000 286720
mremap X 0x40400000 286720 0x3ffba000 2383872
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x47*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffba000 2383872 0x40400000 290816
mremap X 0x40400000 290816 0x3ffb9000 2387968
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x48*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffb9000 2387968 0x40400000 294912
mremap X 0x40400000 294912 0x3ffb8000 2392064
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x49*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffb8000 2392064 0x40400000 299008
mremap X 0x40400000 299008 0x3ffb7000 2396160
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x4a*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffb7000 2396160 0x40400000 303104
mremap X 0x40400000 303104 0x3ffb6000 2400256
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x4b*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffb6000 2400256 0x40400000 307200
mremap X 0x40400000 307200 0x3ffb5000 2404352
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x4c*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffb5000 2404352 0x40400000 311296
mremap X 0x40400000 311296 0x3ffb4000 2408448
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x4d*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffb4000 2408448 0x40400000 315392
mremap X 0x40400000 315392 0x3ffb3000 2412544
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x4e*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffb3000 2412544 0x40400000 319488
mremap X 0x40400000 319488 0x3ffb2000 2416640
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x4f*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffb2000 2416640 0x40400000 323584
mremap X 0x40400000 323584 0x3ffb1000 2420736
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x50*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffb1000 2420736 0x40400000 327680
mremap X 0x40400000 327680 0x3ffb0000 2424832
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x51*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffb0000 2424832 0x40400000 331776
mremap X 0x40400000 331776 0x3ffaf000 2428928
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x52*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffaf000 2428928 0x40400000 335872
mremap X 0x40400000 335872 0x3ffae000 2433024
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x53*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffae000 2433024 0x40400000 339968
mremap X 0x40400000 339968 0x3ffad000 2437120
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x54*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffad000 2437120 0x40400000 344064
mremap X 0x40400000 344064 0x3ffac000 2441216
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x55*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffac000 2441216 0x40400000 348160
mremap X 0x40400000 348160 0x3ffab000 2445312
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x56*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffab000 2445312 0x40400000 352256
mremap X 0x40400000 352256 0x3ffaa000 2449408
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x57*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffaa000 2449408 0x40400000 356352
mremap X 0x40400000 356352 0x3ffa9000 2453504
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x58*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffa9000 2453504 0x40400000 360448
mremap X 0x40400000 360448 0x3ffa8000 2457600
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x59*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffa8000 2457600 0x40400000 364544
mremap X 0x40400000 364544 0x3ffa7000 2461696
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x5a*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffa7000 2461696 0x40400000 368640
mremap X 0x40400000 368640 0x3ffa6000 2465792
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x5b*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffa6000 2465792 0x40400000 372736
mremap X 0x40400000 372736 0x3ffa5000 2469888
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x5c*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffa5000 2469888 0x40400000 376832
mremap X 0x40400000 376832 0x3ffa4000 2473984
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x5d*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffa4000 2473984 0x40400000 380928
mremap X 0x40400000 380928 0x3ffa3000 2478080
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x5e*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffa3000 2478080 0x40400000 385024
mremap X 0x40400000 385024 0x3ffa2000 2482176
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x5f*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffa2000 2482176 0x40400000 389120
mremap X 0x40400000 389120 0x3ffa1000 2486272
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x60*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffa1000 2486272 0x40400000 393216
mremap X 0x40400000 393216 0x3ffa0000 2490368
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x61*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ffa0000 2490368 0x40400000 397312
mremap X 0x40400000 397312 0x3ff9f000 2494464
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x62*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff9f000 2494464 0x40400000 401408
mremap X 0x40400000 401408 0x3ff9e000 2498560
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x63*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff9e000 2498560 0x40400000 405504
mremap X 0x40400000 405504 0x3ff9d000 2502656
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x64*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff9d000 2502656 0x40400000 409600
mremap X 0x40400000 409600 0x3ff9c000 2506752
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x65*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff9c000 2506752 0x40400000 413696
mremap X 0x40400000 413696 0x3ff9b000 2510848
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x66*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff9b000 2510848 0x40400000 417792
mremap X 0x40400000 417792 0x3ff9a000 2514944
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x67*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff9a000 2514944 0x40400000 421888
mremap X 0x40400000 421888 0x3ff99000 2519040
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x68*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff99000 2519040 0x40400000 425984
mremap X 0x40400000 425984 0x3ff98000 2523136
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x69*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff98000 2523136 0x40400000 430080
mremap X 0x40400000 430080 0x3ff97000 2527232
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x6a*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff97000 2527232 0x40400000 434176
mremap X 0x40400000 434176 0x3ff96000 2531328
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x6b*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff96000 2531328 0x40400000 438272
mremap X 0x40400000 438272 0x3ff95000 2535424
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x6c*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff95000 2535424 0x40400000 442368
mremap X 0x40400000 442368 0x3ff94000 2539520
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x6d*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff94000 2539520 0x40400000 446464
mremap X 0x40400000 446464 0x3ff93000 2543616
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x6e*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff93000 2543616 0x40400000 450560
mremap X 0x40400000 450560 0x3ff92000 2547712
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x6f*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff92000 2547712 0x40400000 454656
mremap X 0x40400000 454656 0x3ff91000 2551808
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x70*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff91000 2551808 0x40400000 458752
mremap X 0x40400000 458752 0x3ff90000 2555904
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x71*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff90000 2555904 0x40400000 462848
mremap X 0x40400000 462848 0x3ff8f000 2560000
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x72*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff8f000 2560000 0x40400000 466944
mremap X 0x40400000 466944 0x3ff8e000 2564096
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x73*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff8e000 2564096 0x40400000 471040
mremap X 0x40400000 471040 0x3ff8d000 2568192
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x74*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff8d000 2568192 0x40400000 475136
mremap X 0x40400000 475136 0x3ff8c000 2572288
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x75*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff8c000 2572288 0x40400000 479232
mremap X 0x40400000 479232 0x3ff8b000 2576384
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x76*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff8b000 2576384 0x40400000 483328
mremap X 0x40400000 483328 0x3ff8a000 2580480
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x77*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff8a000 2580480 0x40400000 487424
mremap X 0x40400000 487424 0x3ff89000 2584576
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x78*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff89000 2584576 0x40400000 491520
mremap X 0x40400000 491520 0x3ff88000 2588672
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x79*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff88000 2588672 0x40400000 495616
mremap X 0x40400000 495616 0x3ff87000 2592768
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x7a*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff87000 2592768 0x40400000 499712
mremap X 0x40400000 499712 0x3ff86000 2596864
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x7b*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff86000 2596864 0x40400000 503808
mremap X 0x40400000 503808 0x3ff85000 2600960
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x7c*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff85000 2600960 0x40400000 507904
mremap X 0x40400000 507904 0x3ff84000 2605056
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x7d*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff84000 2605056 0x40400000 512000
mremap X 0x40400000 512000 0x3ff83000 2609152
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x7e*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff83000 2609152 0x40400000 516096
mremap X 0x40400000 516096 0x3ff82000 2613248
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x7f*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff82000 2613248 0x40400000 520192
mremap X 0x40400000 520192 0x3ff81000 2617344
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x80*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff81000 2617344 0x40400000 524288
mremap X 0x40400000 524288 0x3ff80000 2621440
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x81*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff80000 2621440 0x40400000 528384
mremap X 0x40400000 528384 0x3ff7f000 2625536
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x82*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff7f000 2625536 0x40400000 532480
mremap X 0x40400000 532480 0x3ff7e000 2629632
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x83*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff7e000 2629632 0x40400000 536576
mremap X 0x40400000 536576 0x3ff7d000 2633728
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x84*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff7d000 2633728 0x40400000 540672
mremap X 0x40400000 540672 0x3ff7c000 2637824
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x85*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff7c000 2637824 0x40400000 544768
mremap X 0x40400000 544768 0x3ff7b000 2641920
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x86*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff7b000 2641920 0x40400000 548864
mremap X 0x40400000 548864 0x3ff7a000 2646016
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x87*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff7a000 2646016 0x40400000 552960
mremap X 0x40400000 552960 0x3ff79000 2650112
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x88*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff79000 2650112 0x40400000 557056
mremap X 0x40400000 557056 0x3ff78000 2654208
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x89*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff78000 2654208 0x40400000 561152
mremap X 0x40400000 561152 0x3ff77000 2658304
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x8a*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff77000 2658304 0x40400000 565248
mremap X 0x40400000 565248 0x3ff76000 2662400
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x8b*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff76000 2662400 0x40400000 569344
mremap X 0x40400000 569344 0x3ff75000 2666496
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x8c*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff75000 2666496 0x40400000 573440
mremap X 0x40400000 573440 0x3ff74000 2670592
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x8d*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff74000 2670592 0x40400000 577536
mremap X 0x40400000 577536 0x3ff73000 2674688
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x8e*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff73000 2674688 0x40400000 581632
mremap X 0x40400000 581632 0x3ff72000 2678784
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x8f*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff72000 2678784 0x40400000 585728
mremap X 0x40400000 585728 0x3ff71000 2682880
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x90*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff71000 2682880 0x40400000 589824
mremap X 0x40400000 589824 0x3ff70000 2686976
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x91*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff70000 2686976 0x40400000 593920
mremap X 0x40400000 593920 0x3ff6f000 2691072
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x92*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff6f000 2691072 0x40400000 598016
mremap X 0x40400000 598016 0x3ff6e000 2695168
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x93*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff6e000 2695168 0x40400000 602112
mremap X 0x40400000 602112 0x3ff6d000 2699264
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x94*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff6d000 2699264 0x40400000 606208
mremap X 0x40400000 606208 0x3ff6c000 2703360
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x95*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff6c000 2703360 0x40400000 610304
mremap X 0x40400000 610304 0x3ff6b000 2707456
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x96*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff6b000 2707456 0x40400000 614400
mremap X 0x40400000 614400 0x3ff6a000 2711552
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x97*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff6a000 2711552 0x40400000 618496
mremap X 0x40400000 618496 0x3ff69000 2715648
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x98*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff69000 2715648 0x40400000 622592
mremap X 0x40400000 622592 0x3ff68000 2719744
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x99*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff68000 2719744 0x40400000 626688
mremap X 0x40400000 626688 0x3ff67000 2723840
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x9a*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff67000 2723840 0x40400000 630784
mremap X 0x40400000 630784 0x3ff66000 2727936
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x9b*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff66000 2727936 0x40400000 634880
mremap X 0x40400000 634880 0x3ff65000 2732032
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x9c*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff65000 2732032 0x40400000 638976
mremap X 0x40400000 638976 0x3ff64000 2736128
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x9d*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff64000 2736128 0x40400000 643072
mremap X 0x40400000 643072 0x3ff63000 2740224
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x9e*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff63000 2740224 0x40400000 647168
mremap X 0x40400000 647168 0x3ff62000 2744320
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x9f*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff62000 2744320 0x40400000 651264
mremap X 0x40400000 651264 0x3ff61000 2748416
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xa0*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff61000 2748416 0x40400000 655360
mremap X 0x40400000 655360 0x3ff60000 2752512
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xa1*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff60000 2752512 0x40400000 659456
mremap X 0x40400000 659456 0x3ff5f000 2756608
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xa2*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff5f000 2756608 0x40400000 663552
mremap X 0x40400000 663552 0x3ff5e000 2760704
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xa3*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff5e000 2760704 0x40400000 667648
mremap X 0x40400000 667648 0x3ff5d000 2764800
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xa4*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff5d000 2764800 0x40400000 671744
mremap X 0x40400000 671744 0x3ff5c000 2768896
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xa5*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff5c000 2768896 0x40400000 675840
mremap X 0x40400000 675840 0x3ff5b000 2772992
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xa6*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff5b000 2772992 0x40400000 679936
mremap X 0x40400000 679936 0x3ff5a000 2777088
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xa7*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff5a000 2777088 0x40400000 684032
mremap X 0x40400000 684032 0x3ff59000 2781184
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xa8*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff59000 2781184 0x40400000 688128
mremap X 0x40400000 688128 0x3ff58000 2785280
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xa9*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff58000 2785280 0x40400000 692224
mremap X 0x40400000 692224 0x3ff57000 2789376
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xaa*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff57000 2789376 0x40400000 696320
mremap X 0x40400000 696320 0x3ff56000 2793472
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xab*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff56000 2793472 0x40400000 700416
mremap X 0x40400000 700416 0x3ff55000 2797568
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xac*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff55000 2797568 0x40400000 704512
mremap X 0x40400000 704512 0x3ff54000 2801664
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xad*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff54000 2801664 0x40400000 708608
mremap X 0x40400000 708608 0x3ff53000 2805760
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xae*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff53000 2805760 0x40400000 712704
mremap X 0x40400000 712704 0x3ff52000 2809856
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xaf*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff52000 2809856 0x40400000 716800
mremap X 0x40400000 716800 0x3ff51000 2813952
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xb0*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff51000 2813952 0x40400000 720896
mremap X 0x40400000 720896 0x3ff50000 2818048
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xb1*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff50000 2818048 0x40400000 724992
mremap X 0x40400000 724992 0x3ff4f000 2822144
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xb2*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff4f000 2822144 0x40400000 729088
mremap X 0x40400000 729088 0x3ff4e000 2826240
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xb3*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff4e000 2826240 0x40400000 733184
mremap X 0x40400000 733184 0x3ff4d000 2830336
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xb4*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff4d000 2830336 0x40400000 737280
mremap X 0x40400000 737280 0x3ff4c000 2834432
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xb5*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff4c000 2834432 0x40400000 741376
mremap X 0x40400000 741376 0x3ff4b000 2838528
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xb6*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff4b000 2838528 0x40400000 745472
mremap X 0x40400000 745472 0x3ff4a000 2842624
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xb7*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff4a000 2842624 0x40400000 749568
mremap X 0x40400000 749568 0x3ff49000 2846720
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xb8*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff49000 2846720 0x40400000 753664
mremap X 0x40400000 753664 0x3ff48000 2850816
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xb9*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff48000 2850816 0x40400000 757760
mremap X 0x40400000 757760 0x3ff47000 2854912
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xba*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff47000 2854912 0x40400000 761856
mremap X 0x40400000 761856 0x3ff46000 2859008
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xbb*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff46000 2859008 0x40400000 765952
mremap X 0x40400000 765952 0x3ff45000 2863104
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xbc*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff45000 2863104 0x40400000 770048
mremap X 0x40400000 770048 0x3ff44000 2867200
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xbd*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff44000 2867200 0x40400000 774144
mremap X 0x40400000 774144 0x3ff43000 2871296
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xbe*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff43000 2871296 0x40400000 778240
mremap X 0x40400000 778240 0x3ff42000 2875392
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xbf*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff42000 2875392 0x40400000 782336
mremap X 0x40400000 782336 0x3ff41000 2879488
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xc0*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff41000 2879488 0x40400000 786432
mremap X 0x40400000 786432 0x3ff40000 2883584
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xc1*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff40000 2883584 0x40400000 790528
mremap X 0x40400000 790528 0x3ff3f000 2887680
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xc2*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff3f000 2887680 0x40400000 794624
mremap X 0x40400000 794624 0x3ff3e000 2891776
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xc3*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff3e000 2891776 0x40400000 798720
mremap X 0x40400000 798720 0x3ff3d000 2895872
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xc4*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff3d000 2895872 0x40400000 802816
mremap X 0x40400000 802816 0x3ff3c000 2899968
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xc5*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff3c000 2899968 0x40400000 806912
mremap X 0x40400000 806912 0x3ff3b000 2904064
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xc6*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff3b000 2904064 0x40400000 811008
mremap X 0x40400000 811008 0x3ff3a000 2908160
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xc7*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff3a000 2908160 0x40400000 815104
mremap X 0x40400000 815104 0x3ff39000 2912256
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xc8*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff39000 2912256 0x40400000 819200
mremap X 0x40400000 819200 0x3ff38000 2916352
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xc9*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff38000 2916352 0x40400000 823296
mremap X 0x40400000 823296 0x3ff37000 2920448
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xca*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff37000 2920448 0x40400000 827392
mremap X 0x40400000 827392 0x3ff36000 2924544
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xcb*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff36000 2924544 0x40400000 831488
mremap X 0x40400000 831488 0x3ff35000 2928640
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xcc*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff35000 2928640 0x40400000 835584
mremap X 0x40400000 835584 0x3ff34000 2932736
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xcd*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff34000 2932736 0x40400000 839680
mremap X 0x40400000 839680 0x3ff33000 2936832
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xce*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff33000 2936832 0x40400000 843776
mremap X 0x40400000 843776 0x3ff32000 2940928
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xcf*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff32000 2940928 0x40400000 847872
mremap X 0x40400000 847872 0x3ff31000 2945024
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xd0*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff31000 2945024 0x40400000 851968
mremap X 0x40400000 851968 0x3ff30000 2949120
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xd1*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff30000 2949120 0x40400000 856064
mremap X 0x40400000 856064 0x3ff2f000 2953216
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xd2*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff2f000 2953216 0x40400000 860160
mremap X 0x40400000 860160 0x3ff2e000 2957312
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xd3*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff2e000 2957312 0x40400000 864256
mremap X 0x40400000 864256 0x3ff2d000 2961408
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xd4*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff2d000 2961408 0x40400000 868352
mremap X 0x40400000 868352 0x3ff2c000 2965504
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xd5*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff2c000 2965504 0x40400000 872448
mremap X 0x40400000 872448 0x3ff2b000 2969600
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xd6*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff2b000 2969600 0x40400000 876544
mremap X 0x40400000 876544 0x3ff2a000 2973696
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xd7*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff2a000 2973696 0x40400000 880640
mremap X 0x40400000 880640 0x3ff29000 2977792
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xd8*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff29000 2977792 0x40400000 884736
mremap X 0x40400000 884736 0x3ff28000 2981888
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xd9*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff28000 2981888 0x40400000 888832
mremap X 0x40400000 888832 0x3ff27000 2985984
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xda*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff27000 2985984 0x40400000 892928
mremap X 0x40400000 892928 0x3ff26000 2990080
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xdb*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff26000 2990080 0x40400000 897024
mremap X 0x40400000 897024 0x3ff25000 2994176
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xdc*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff25000 2994176 0x40400000 901120
mremap X 0x40400000 901120 0x3ff24000 2998272
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xdd*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff24000 2998272 0x40400000 905216
mremap X 0x40400000 905216 0x3ff23000 3002368
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xde*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff23000 3002368 0x40400000 909312
mremap X 0x40400000 909312 0x3ff22000 3006464
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xdf*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff22000 3006464 0x40400000 913408
mremap X 0x40400000 913408 0x3ff21000 3010560
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xe0*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff21000 3010560 0x40400000 917504
mremap X 0x40400000 917504 0x3ff20000 3014656
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xe1*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff20000 3014656 0x40400000 921600
mremap X 0x40400000 921600 0x3ff1f000 3018752
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xe2*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff1f000 3018752 0x40400000 925696
mremap X 0x40400000 925696 0x3ff1e000 3022848
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xe3*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff1e000 3022848 0x40400000 929792
mremap X 0x40400000 929792 0x3ff1d000 3026944
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xe4*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff1d000 3026944 0x40400000 933888
mremap X 0x40400000 933888 0x3ff1c000 3031040
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xe5*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff1c000 3031040 0x40400000 937984
mremap X 0x40400000 937984 0x3ff1b000 3035136
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xe6*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff1b000 3035136 0x40400000 942080
mremap X 0x40400000 942080 0x3ff1a000 3039232
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xe7*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff1a000 3039232 0x40400000 946176
mremap X 0x40400000 946176 0x3ff19000 3043328
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xe8*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff19000 3043328 0x40400000 950272
mremap X 0x40400000 950272 0x3ff18000 3047424
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xe9*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff18000 3047424 0x40400000 954368
mremap X 0x40400000 954368 0x3ff17000 3051520
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xea*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff17000 3051520 0x40400000 958464
mremap X 0x40400000 958464 0x3ff16000 3055616
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xeb*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff16000 3055616 0x40400000 962560
mremap X 0x40400000 962560 0x3ff15000 3059712
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xec*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff15000 3059712 0x40400000 966656
mremap X 0x40400000 966656 0x3ff14000 3063808
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xed*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff14000 3063808 0x40400000 970752
mremap X 0x40400000 970752 0x3ff13000 3067904
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xee*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff13000 3067904 0x40400000 974848
mremap X 0x40400000 974848 0x3ff12000 3072000
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xef*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff12000 3072000 0x40400000 978944
mremap X 0x40400000 978944 0x3ff11000 3076096
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xf0*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff11000 3076096 0x40400000 983040
mremap X 0x40400000 983040 0x3ff10000 3080192
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xf1*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff10000 3080192 0x40400000 987136
mremap X 0x40400000 987136 0x3ff0f000 3084288
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xf2*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff0f000 3084288 0x40400000 991232
mremap X 0x40400000 991232 0x3ff0e000 3088384
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xf3*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff0e000 3088384 0x40400000 995328
mremap X 0x40400000 995328 0x3ff0d000 3092480
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xf4*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff0d000 3092480 0x40400000 999424
mremap X 0x40400000 999424 0x3ff0c000 3096576
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xf5*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff0c000 3096576 0x40400000 1003520
mremap X 0x40400000 1003520 0x3ff0b000 3100672
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xf6*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff0b000 3100672 0x40400000 1007616
mremap X 0x40400000 1007616 0x3ff0a000 3104768
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xf7*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff0a000 3104768 0x40400000 1011712
mremap X 0x40400000 1011712 0x3ff09000 3108864
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xf8*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff09000 3108864 0x40400000 1015808
mremap X 0x40400000 1015808 0x3ff08000 3112960
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xf9*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff08000 3112960 0x40400000 1019904
mremap X 0x40400000 1019904 0x3ff07000 3117056
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xfa*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff07000 3117056 0x40400000 1024000
mremap X 0x40400000 1024000 0x3ff06000 3121152
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x01*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff06000 3121152 0x40400000 1028096
mremap X 0x40400000 1028096 0x3ff05000 3125248
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x02*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff05000 3125248 0x40400000 1032192
mremap X 0x40400000 1032192 0x3ff04000 3129344
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x03*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff04000 3129344 0x40400000 1036288
mremap X 0x40400000 1036288 0x3ff03000 3133440
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x04*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff03000 3133440 0x40400000 1040384
mremap X 0x40400000 1040384 0x3ff02000 3137536
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x05*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff02000 3137536 0x40400000 1044480
mremap X 0x40400000 1044480 0x3ff01000 3141632
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x06*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff01000 3141632 0x40400000 1048576
mremap X 0x40400000 1048576 0x3ff00000 3145728
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x07*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3ff00000 3145728 0x40400000 1052672
mremap X 0x40400000 1052672 0x3feff000 3149824
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x08*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3feff000 3149824 0x40400000 1056768
mremap X 0x40400000 1056768 0x3fefe000 3153920
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x09*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fefe000 3153920 0x40400000 1060864
mremap X 0x40400000 1060864 0x3fefd000 3158016
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x0a*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fefd000 3158016 0x40400000 1064960
mremap X 0x40400000 1064960 0x3fefc000 3162112
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x0b*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fefc000 3162112 0x40400000 1069056
mremap X 0x40400000 1069056 0x3fefb000 3166208
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x0c*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fefb000 3166208 0x40400000 1073152
mremap X 0x40400000 1073152 0x3fefa000 3170304
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x0d*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fefa000 3170304 0x40400000 1077248
mremap X 0x40400000 1077248 0x3fef9000 3174400
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x0e*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fef9000 3174400 0x40400000 1081344
mremap X 0x40400000 1081344 0x3fef8000 3178496
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x0f*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fef8000 3178496 0x40400000 1085440
mremap X 0x40400000 1085440 0x3fef7000 3182592
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x10*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fef7000 3182592 0x40400000 1089536
mremap X 0x40400000 1089536 0x3fef6000 3186688
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x11*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fef6000 3186688 0x40400000 1093632
mremap X 0x40400000 1093632 0x3fef5000 3190784
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x12*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fef5000 3190784 0x40400000 1097728
mremap X 0x40400000 1097728 0x3fef4000 3194880
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x13*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fef4000 3194880 0x40400000 1101824
mremap X 0x40400000 1101824 0x3fef3000 3198976
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x14*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fef3000 3198976 0x40400000 1105920
mremap X 0x40400000 1105920 0x3fef2000 3203072
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x15*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fef2000 3203072 0x40400000 1110016
mremap X 0x40400000 1110016 0x3fef1000 3207168
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x16*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fef1000 3207168 0x40400000 1114112
mremap X 0x40400000 1114112 0x3fef0000 3211264
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x17*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fef0000 3211264 0x40400000 1118208
mremap X 0x40400000 1118208 0x3feef000 3215360
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x18*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3feef000 3215360 0x40400000 1122304
mremap X 0x40400000 1122304 0x3feee000 3219456
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x19*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3feee000 3219456 0x40400000 1126400
mremap X 0x40400000 1126400 0x3feed000 3223552
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x1a*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3feed000 3223552 0x40400000 1130496
mremap X 0x40400000 1130496 0x3feec000 3227648
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x1b*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3feec000 3227648 0x40400000 1134592
mremap X 0x40400000 1134592 0x3feeb000 3231744
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x1c*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3feeb000 3231744 0x40400000 1138688
mremap X 0x40400000 1138688 0x3feea000 3235840
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x1d*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3feea000 3235840 0x40400000 1142784
mremap X 0x40400000 1142784 0x3fee9000 3239936
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x1e*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fee9000 3239936 0x40400000 1146880
mremap X 0x40400000 1146880 0x3fee8000 3244032
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x1f*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fee8000 3244032 0x40400000 1150976
mremap X 0x40400000 1150976 0x3fee7000 3248128
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x20*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fee7000 3248128 0x40400000 1155072
mremap X 0x40400000 1155072 0x3fee6000 3252224
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x21*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fee6000 3252224 0x40400000 1159168
mremap X 0x40400000 1159168 0x3fee5000 3256320
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x22*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fee5000 3256320 0x40400000 1163264
mremap X 0x40400000 1163264 0x3fee4000 3260416
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x23*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fee4000 3260416 0x40400000 1167360
mremap X 0x40400000 1167360 0x3fee3000 3264512
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x24*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fee3000 3264512 0x40400000 1171456
mremap X 0x40400000 1171456 0x3fee2000 3268608
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x25*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fee2000 3268608 0x40400000 1175552
mremap X 0x40400000 1175552 0x3fee1000 3272704
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x26*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fee1000 3272704 0x40400000 1179648
mremap X 0x40400000 1179648 0x3fee0000 3276800
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x27*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fee0000 3276800 0x40400000 1183744
mremap X 0x40400000 1183744 0x3fedf000 3280896
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x28*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fedf000 3280896 0x40400000 1187840
mremap X 0x40400000 1187840 0x3fede000 3284992
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x29*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fede000 3284992 0x40400000 1191936
mremap X 0x40400000 1191936 0x3fedd000 3289088
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x2a*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fedd000 3289088 0x40400000 1196032
mremap X 0x40400000 1196032 0x3fedc000 3293184
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x2b*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fedc000 3293184 0x40400000 1200128
mremap X 0x40400000 1200128 0x3fedb000 3297280
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x2c*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fedb000 3297280 0x40400000 1204224
mremap X 0x40400000 1204224 0x3feda000 3301376
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x2d*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3feda000 3301376 0x40400000 1208320
mremap X 0x40400000 1208320 0x3fed9000 3305472
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x2e*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fed9000 3305472 0x40400000 1212416
mremap X 0x40400000 1212416 0x3fed8000 3309568
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x2f*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fed8000 3309568 0x40400000 1216512
mremap X 0x40400000 1216512 0x3fed7000 3313664
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x30*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fed7000 3313664 0x40400000 1220608
mremap X 0x40400000 1220608 0x3fed6000 3317760
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x31*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fed6000 3317760 0x40400000 1224704
mremap X 0x40400000 1224704 0x3fed5000 3321856
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x32*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fed5000 3321856 0x40400000 1228800
mremap X 0x40400000 1228800 0x3fed4000 3325952
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x33*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fed4000 3325952 0x40400000 1232896
mremap X 0x40400000 1232896 0x3fed3000 3330048
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x34*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fed3000 3330048 0x40400000 1236992
mremap X 0x40400000 1236992 0x3fed2000 3334144
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x35*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fed2000 3334144 0x40400000 1241088
mremap X 0x40400000 1241088 0x3fed1000 3338240
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x36*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fed1000 3338240 0x40400000 1245184
mremap X 0x40400000 1245184 0x3fed0000 3342336
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x37*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fed0000 3342336 0x40400000 1249280
mremap X 0x40400000 1249280 0x3fecf000 3346432
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x38*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fecf000 3346432 0x40400000 1253376
mremap X 0x40400000 1253376 0x3fece000 3350528
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x39*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fece000 3350528 0x40400000 1257472
mremap X 0x40400000 1257472 0x3fecd000 3354624
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x3a*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fecd000 3354624 0x40400000 1261568
mremap X 0x40400000 1261568 0x3fecc000 3358720
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x3b*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fecc000 3358720 0x40400000 1265664
mremap X 0x40400000 1265664 0x3fecb000 3362816
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x3c*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fecb000 3362816 0x40400000 1269760
mremap X 0x40400000 1269760 0x3feca000 3366912
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x3d*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3feca000 3366912 0x40400000 1273856
mremap X 0x40400000 1273856 0x3fec9000 3371008
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x3e*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fec9000 3371008 0x40400000 1277952
mremap X 0x40400000 1277952 0x3fec8000 3375104
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x3f*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fec8000 3375104 0x40400000 1282048
mremap X 0x40400000 1282048 0x3fec7000 3379200
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x40*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fec7000 3379200 0x40400000 1286144
mremap X 0x40400000 1286144 0x3fec6000 3383296
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x41*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fec6000 3383296 0x40400000 1290240
mremap X 0x40400000 1290240 0x3fec5000 3387392
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x42*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fec5000 3387392 0x40400000 1294336
mremap X 0x40400000 1294336 0x3fec4000 3391488
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x43*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fec4000 3391488 0x40400000 1298432
mremap X 0x40400000 1298432 0x3fec3000 3395584
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x44*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fec3000 3395584 0x40400000 1302528
mremap X 0x40400000 1302528 0x3fec2000 3399680
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x45*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fec2000 3399680 0x40400000 1306624
mremap X 0x40400000 1306624 0x3fec1000 3403776
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x46*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fec1000 3403776 0x40400000 1310720
mremap X 0x40400000 1310720 0x3fec0000 3407872
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x47*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fec0000 3407872 0x40400000 1314816
mremap X 0x40400000 1314816 0x3febf000 3411968
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x48*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3febf000 3411968 0x40400000 1318912
mremap X 0x40400000 1318912 0x3febe000 3416064
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x49*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3febe000 3416064 0x40400000 1323008
mremap X 0x40400000 1323008 0x3febd000 3420160
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x4a*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3febd000 3420160 0x40400000 1327104
mremap X 0x40400000 1327104 0x3febc000 3424256
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x4b*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3febc000 3424256 0x40400000 1331200
mremap X 0x40400000 1331200 0x3febb000 3428352
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x4c*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3febb000 3428352 0x40400000 1335296
mremap X 0x40400000 1335296 0x3feba000 3432448
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x4d*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3feba000 3432448 0x40400000 1339392
mremap X 0x40400000 1339392 0x3feb9000 3436544
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x4e*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3feb9000 3436544 0x40400000 1343488
mremap X 0x40400000 1343488 0x3feb8000 3440640
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x4f*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3feb8000 3440640 0x40400000 1347584
mremap X 0x40400000 1347584 0x3feb7000 3444736
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x50*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3feb7000 3444736 0x40400000 1351680
mremap X 0x40400000 1351680 0x3feb6000 3448832
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x51*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3feb6000 3448832 0x40400000 1355776
mremap X 0x40400000 1355776 0x3feb5000 3452928
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x52*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3feb5000 3452928 0x40400000 1359872
mremap X 0x40400000 1359872 0x3feb4000 3457024
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x53*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3feb4000 3457024 0x40400000 1363968
mremap X 0x40400000 1363968 0x3feb3000 3461120
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x54*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3feb3000 3461120 0x40400000 1368064
mremap X 0x40400000 1368064 0x3feb2000 3465216
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x55*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3feb2000 3465216 0x40400000 1372160
mremap X 0x40400000 1372160 0x3feb1000 3469312
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x56*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3feb1000 3469312 0x40400000 1376256
mremap X 0x40400000 1376256 0x3feb0000 3473408
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x57*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3feb0000 3473408 0x40400000 1380352
mremap X 0x40400000 1380352 0x3feaf000 3477504
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x58*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3feaf000 3477504 0x40400000 1384448
mremap X 0x40400000 1384448 0x3feae000 3481600
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x59*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3feae000 3481600 0x40400000 1388544
mremap X 0x40400000 1388544 0x3fead000 3485696
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x5a*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fead000 3485696 0x40400000 1392640
mremap X 0x40400000 1392640 0x3feac000 3489792
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x5b*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3feac000 3489792 0x40400000 1396736
mremap X 0x40400000 1396736 0x3feab000 3493888
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x5c*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3feab000 3493888 0x40400000 1400832
mremap X 0x40400000 1400832 0x3feaa000 3497984
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x5d*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3feaa000 3497984 0x40400000 1404928
mremap X 0x40400000 1404928 0x3fea9000 3502080
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x5e*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fea9000 3502080 0x40400000 1409024
mremap X 0x40400000 1409024 0x3fea8000 3506176
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x5f*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fea8000 3506176 0x40400000 1413120
mremap X 0x40400000 1413120 0x3fea7000 3510272
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x60*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fea7000 3510272 0x40400000 1417216
mremap X 0x40400000 1417216 0x3fea6000 3514368
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x61*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fea6000 3514368 0x40400000 1421312
mremap X 0x40400000 1421312 0x3fea5000 3518464
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x62*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fea5000 3518464 0x40400000 1425408
mremap X 0x40400000 1425408 0x3fea4000 3522560
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x63*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fea4000 3522560 0x40400000 1429504
mremap X 0x40400000 1429504 0x3fea3000 3526656
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x64*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fea3000 3526656 0x40400000 1433600
mremap X 0x40400000 1433600 0x3fea2000 3530752
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x65*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fea2000 3530752 0x40400000 1437696
mremap X 0x40400000 1437696 0x3fea1000 3534848
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x66*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fea1000 3534848 0x40400000 1441792
mremap X 0x40400000 1441792 0x3fea0000 3538944
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x67*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fea0000 3538944 0x40400000 1445888
mremap X 0x40400000 1445888 0x3fe9f000 3543040
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x68*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe9f000 3543040 0x40400000 1449984
mremap X 0x40400000 1449984 0x3fe9e000 3547136
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x69*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe9e000 3547136 0x40400000 1454080
mremap X 0x40400000 1454080 0x3fe9d000 3551232
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x6a*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe9d000 3551232 0x40400000 1458176
mremap X 0x40400000 1458176 0x3fe9c000 3555328
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x6b*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe9c000 3555328 0x40400000 1462272
mremap X 0x40400000 1462272 0x3fe9b000 3559424
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x6c*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe9b000 3559424 0x40400000 1466368
mremap X 0x40400000 1466368 0x3fe9a000 3563520
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x6d*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe9a000 3563520 0x40400000 1470464
mremap X 0x40400000 1470464 0x3fe99000 3567616
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x6e*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe99000 3567616 0x40400000 1474560
mremap X 0x40400000 1474560 0x3fe98000 3571712
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x6f*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe98000 3571712 0x40400000 1478656
mremap X 0x40400000 1478656 0x3fe97000 3575808
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x70*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe97000 3575808 0x40400000 1482752
mremap X 0x40400000 1482752 0x3fe96000 3579904
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x71*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe96000 3579904 0x40400000 1486848
mremap X 0x40400000 1486848 0x3fe95000 3584000
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x72*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe95000 3584000 0x40400000 1490944
mremap X 0x40400000 1490944 0x3fe94000 3588096
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x73*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe94000 3588096 0x40400000 1495040
mremap X 0x40400000 1495040 0x3fe93000 3592192
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x74*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe93000 3592192 0x40400000 1499136
mremap X 0x40400000 1499136 0x3fe92000 3596288
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x75*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe92000 3596288 0x40400000 1503232
mremap X 0x40400000 1503232 0x3fe91000 3600384
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x76*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe91000 3600384 0x40400000 1507328
mremap X 0x40400000 1507328 0x3fe90000 3604480
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x77*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe90000 3604480 0x40400000 1511424
mremap X 0x40400000 1511424 0x3fe8f000 3608576
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x78*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe8f000 3608576 0x40400000 1515520
mremap X 0x40400000 1515520 0x3fe8e000 3612672
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x79*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe8e000 3612672 0x40400000 1519616
mremap X 0x40400000 1519616 0x3fe8d000 3616768
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x7a*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe8d000 3616768 0x40400000 1523712
mremap X 0x40400000 1523712 0x3fe8c000 3620864
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x7b*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe8c000 3620864 0x40400000 1527808
mremap X 0x40400000 1527808 0x3fe8b000 3624960
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x7c*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe8b000 3624960 0x40400000 1531904
mremap X 0x40400000 1531904 0x3fe8a000 3629056
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x7d*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe8a000 3629056 0x40400000 1536000
mremap X 0x40400000 1536000 0x3fe89000 3633152
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x7e*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe89000 3633152 0x40400000 1540096
mremap X 0x40400000 1540096 0x3fe88000 3637248
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x7f*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe88000 3637248 0x40400000 1544192
mremap X 0x40400000 1544192 0x3fe87000 3641344
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x80*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe87000 3641344 0x40400000 1548288
mremap X 0x40400000 1548288 0x3fe86000 3645440
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x81*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe86000 3645440 0x40400000 1552384
mremap X 0x40400000 1552384 0x3fe85000 3649536
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x82*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe85000 3649536 0x40400000 1556480
mremap X 0x40400000 1556480 0x3fe84000 3653632
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x83*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe84000 3653632 0x40400000 1560576
mremap X 0x40400000 1560576 0x3fe83000 3657728
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x84*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe83000 3657728 0x40400000 1564672
mremap X 0x40400000 1564672 0x3fe82000 3661824
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x85*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe82000 3661824 0x40400000 1568768
mremap X 0x40400000 1568768 0x3fe81000 3665920
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x86*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe81000 3665920 0x40400000 1572864
mremap X 0x40400000 1572864 0x3fe80000 3670016
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x87*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe80000 3670016 0x40400000 1576960
mremap X 0x40400000 1576960 0x3fe7f000 3674112
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x88*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe7f000 3674112 0x40400000 1581056
mremap X 0x40400000 1581056 0x3fe7e000 3678208
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x89*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe7e000 3678208 0x40400000 1585152
mremap X 0x40400000 1585152 0x3fe7d000 3682304
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x8a*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe7d000 3682304 0x40400000 1589248
mremap X 0x40400000 1589248 0x3fe7c000 3686400
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x8b*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe7c000 3686400 0x40400000 1593344
mremap X 0x40400000 1593344 0x3fe7b000 3690496
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x8c*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe7b000 3690496 0x40400000 1597440
mremap X 0x40400000 1597440 0x3fe7a000 3694592
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x8d*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe7a000 3694592 0x40400000 1601536
mremap X 0x40400000 1601536 0x3fe79000 3698688
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x8e*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe79000 3698688 0x40400000 1605632
mremap X 0x40400000 1605632 0x3fe78000 3702784
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x8f*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe78000 3702784 0x40400000 1609728
mremap X 0x40400000 1609728 0x3fe77000 3706880
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x90*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe77000 3706880 0x40400000 1613824
mremap X 0x40400000 1613824 0x3fe76000 3710976
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x91*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe76000 3710976 0x40400000 1617920
mremap X 0x40400000 1617920 0x3fe75000 3715072
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x92*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe75000 3715072 0x40400000 1622016
mremap X 0x40400000 1622016 0x3fe74000 3719168
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x93*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe74000 3719168 0x40400000 1626112
mremap X 0x40400000 1626112 0x3fe73000 3723264
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x94*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe73000 3723264 0x40400000 1630208
mremap X 0x40400000 1630208 0x3fe72000 3727360
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x95*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe72000 3727360 0x40400000 1634304
mremap X 0x40400000 1634304 0x3fe71000 3731456
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x96*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe71000 3731456 0x40400000 1638400
mremap X 0x40400000 1638400 0x3fe70000 3735552
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x97*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe70000 3735552 0x40400000 1642496
mremap X 0x40400000 1642496 0x3fe6f000 3739648
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x98*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe6f000 3739648 0x40400000 1646592
mremap X 0x40400000 1646592 0x3fe6e000 3743744
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x99*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe6e000 3743744 0x40400000 1650688
mremap X 0x40400000 1650688 0x3fe6d000 3747840
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x9a*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe6d000 3747840 0x40400000 1654784
mremap X 0x40400000 1654784 0x3fe6c000 3751936
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x9b*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe6c000 3751936 0x40400000 1658880
mremap X 0x40400000 1658880 0x3fe6b000 3756032
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x9c*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe6b000 3756032 0x40400000 1662976
mremap X 0x40400000 1662976 0x3fe6a000 3760128
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x9d*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe6a000 3760128 0x40400000 1667072
mremap X 0x40400000 1667072 0x3fe69000 3764224
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x9e*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe69000 3764224 0x40400000 1671168
mremap X 0x40400000 1671168 0x3fe68000 3768320
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x9f*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe68000 3768320 0x40400000 1675264
mremap X 0x40400000 1675264 0x3fe67000 3772416
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xa0*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe67000 3772416 0x40400000 1679360
mremap X 0x40400000 1679360 0x3fe66000 3776512
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xa1*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe66000 3776512 0x40400000 1683456
mremap X 0x40400000 1683456 0x3fe65000 3780608
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xa2*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe65000 3780608 0x40400000 1687552
mremap X 0x40400000 1687552 0x3fe64000 3784704
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xa3*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe64000 3784704 0x40400000 1691648
mremap X 0x40400000 1691648 0x3fe63000 3788800
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xa4*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe63000 3788800 0x40400000 1695744
mremap X 0x40400000 1695744 0x3fe62000 3792896
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xa5*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe62000 3792896 0x40400000 1699840
mremap X 0x40400000 1699840 0x3fe61000 3796992
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xa6*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe61000 3796992 0x40400000 1703936
mremap X 0x40400000 1703936 0x3fe60000 3801088
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xa7*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe60000 3801088 0x40400000 1708032
mremap X 0x40400000 1708032 0x3fe5f000 3805184
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xa8*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe5f000 3805184 0x40400000 1712128
mremap X 0x40400000 1712128 0x3fe5e000 3809280
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xa9*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe5e000 3809280 0x40400000 1716224
mremap X 0x40400000 1716224 0x3fe5d000 3813376
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xaa*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe5d000 3813376 0x40400000 1720320
mremap X 0x40400000 1720320 0x3fe5c000 3817472
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xab*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe5c000 3817472 0x40400000 1724416
mremap X 0x40400000 1724416 0x3fe5b000 3821568
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xac*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe5b000 3821568 0x40400000 1728512
mremap X 0x40400000 1728512 0x3fe5a000 3825664
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xad*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe5a000 3825664 0x40400000 1732608
mremap X 0x40400000 1732608 0x3fe59000 3829760
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xae*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe59000 3829760 0x40400000 1736704
mremap X 0x40400000 1736704 0x3fe58000 3833856
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xaf*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe58000 3833856 0x40400000 1740800
mremap X 0x40400000 1740800 0x3fe57000 3837952
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xb0*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe57000 3837952 0x40400000 1744896
mremap X 0x40400000 1744896 0x3fe56000 3842048
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xb1*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe56000 3842048 0x40400000 1748992
mremap X 0x40400000 1748992 0x3fe55000 3846144
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xb2*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe55000 3846144 0x40400000 1753088
mremap X 0x40400000 1753088 0x3fe54000 3850240
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xb3*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe54000 3850240 0x40400000 1757184
mremap X 0x40400000 1757184 0x3fe53000 3854336
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xb4*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe53000 3854336 0x40400000 1761280
mremap X 0x40400000 1761280 0x3fe52000 3858432
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xb5*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe52000 3858432 0x40400000 1765376
mremap X 0x40400000 1765376 0x3fe51000 3862528
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xb6*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe51000 3862528 0x40400000 1769472
mremap X 0x40400000 1769472 0x3fe50000 3866624
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xb7*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe50000 3866624 0x40400000 1773568
mremap X 0x40400000 1773568 0x3fe4f000 3870720
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xb8*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe4f000 3870720 0x40400000 1777664
mremap X 0x40400000 1777664 0x3fe4e000 3874816
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xb9*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe4e000 3874816 0x40400000 1781760
mremap X 0x40400000 1781760 0x3fe4d000 3878912
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xba*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe4d000 3878912 0x40400000 1785856
mremap X 0x40400000 1785856 0x3fe4c000 3883008
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xbb*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe4c000 3883008 0x40400000 1789952
mremap X 0x40400000 1789952 0x3fe4b000 3887104
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xbc*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe4b000 3887104 0x40400000 1794048
mremap X 0x40400000 1794048 0x3fe4a000 3891200
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xbd*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe4a000 3891200 0x40400000 1798144
mremap X 0x40400000 1798144 0x3fe49000 3895296
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xbe*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe49000 3895296 0x40400000 1802240
mremap X 0x40400000 1802240 0x3fe48000 3899392
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xbf*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe48000 3899392 0x40400000 1806336
mremap X 0x40400000 1806336 0x3fe47000 3903488
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xc0*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe47000 3903488 0x40400000 1810432
mremap X 0x40400000 1810432 0x3fe46000 3907584
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xc1*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe46000 3907584 0x40400000 1814528
mremap X 0x40400000 1814528 0x3fe45000 3911680
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xc2*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe45000 3911680 0x40400000 1818624
mremap X 0x40400000 1818624 0x3fe44000 3915776
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xc3*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe44000 3915776 0x40400000 1822720
mremap X 0x40400000 1822720 0x3fe43000 3919872
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xc4*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe43000 3919872 0x40400000 1826816
mremap X 0x40400000 1826816 0x3fe42000 3923968
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xc5*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe42000 3923968 0x40400000 1830912
mremap X 0x40400000 1830912 0x3fe41000 3928064
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xc6*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe41000 3928064 0x40400000 1835008
mremap X 0x40400000 1835008 0x3fe40000 3932160
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xc7*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe40000 3932160 0x40400000 1839104
mremap X 0x40400000 1839104 0x3fe3f000 3936256
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xc8*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe3f000 3936256 0x40400000 1843200
mremap X 0x40400000 1843200 0x3fe3e000 3940352
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xc9*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe3e000 3940352 0x40400000 1847296
mremap X 0x40400000 1847296 0x3fe3d000 3944448
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xca*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe3d000 3944448 0x40400000 1851392
mremap X 0x40400000 1851392 0x3fe3c000 3948544
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xcb*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe3c000 3948544 0x40400000 1855488
mremap X 0x40400000 1855488 0x3fe3b000 3952640
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xcc*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe3b000 3952640 0x40400000 1859584
mremap X 0x40400000 1859584 0x3fe3a000 3956736
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xcd*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe3a000 3956736 0x40400000 1863680
mremap X 0x40400000 1863680 0x3fe39000 3960832
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xce*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe39000 3960832 0x40400000 1867776
mremap X 0x40400000 1867776 0x3fe38000 3964928
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xcf*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe38000 3964928 0x40400000 1871872
mremap X 0x40400000 1871872 0x3fe37000 3969024
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xd0*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe37000 3969024 0x40400000 1875968
mremap X 0x40400000 1875968 0x3fe36000 3973120
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xd1*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe36000 3973120 0x40400000 1880064
mremap X 0x40400000 1880064 0x3fe35000 3977216
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xd2*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe35000 3977216 0x40400000 1884160
mremap X 0x40400000 1884160 0x3fe34000 3981312
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xd3*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe34000 3981312 0x40400000 1888256
mremap X 0x40400000 1888256 0x3fe33000 3985408
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xd4*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe33000 3985408 0x40400000 1892352
mremap X 0x40400000 1892352 0x3fe32000 3989504
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xd5*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe32000 3989504 0x40400000 1896448
mremap X 0x40400000 1896448 0x3fe31000 3993600
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xd6*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe31000 3993600 0x40400000 1900544
mremap X 0x40400000 1900544 0x3fe30000 3997696
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xd7*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe30000 3997696 0x40400000 1904640
mremap X 0x40400000 1904640 0x3fe2f000 4001792
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xd8*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe2f000 4001792 0x40400000 1908736
mremap X 0x40400000 1908736 0x3fe2e000 4005888
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xd9*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe2e000 4005888 0x40400000 1912832
mremap X 0x40400000 1912832 0x3fe2d000 4009984
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xda*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe2d000 4009984 0x40400000 1916928
mremap X 0x40400000 1916928 0x3fe2c000 4014080
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xdb*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe2c000 4014080 0x40400000 1921024
mremap X 0x40400000 1921024 0x3fe2b000 4018176
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xdc*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe2b000 4018176 0x40400000 1925120
mremap X 0x40400000 1925120 0x3fe2a000 4022272
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xdd*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe2a000 4022272 0x40400000 1929216
mremap X 0x40400000 1929216 0x3fe29000 4026368
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xde*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe29000 4026368 0x40400000 1933312
mremap X 0x40400000 1933312 0x3fe28000 4030464
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xdf*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe28000 4030464 0x40400000 1937408
mremap X 0x40400000 1937408 0x3fe27000 4034560
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xe0*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe27000 4034560 0x40400000 1941504
mremap X 0x40400000 1941504 0x3fe26000 4038656
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xe1*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe26000 4038656 0x40400000 1945600
mremap X 0x40400000 1945600 0x3fe25000 4042752
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xe2*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe25000 4042752 0x40400000 1949696
mremap X 0x40400000 1949696 0x3fe24000 4046848
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xe3*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe24000 4046848 0x40400000 1953792
mremap X 0x40400000 1953792 0x3fe23000 4050944
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xe4*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe23000 4050944 0x40400000 1957888
mremap X 0x40400000 1957888 0x3fe22000 4055040
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xe5*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe22000 4055040 0x40400000 1961984
mremap X 0x40400000 1961984 0x3fe21000 4059136
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xe6*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe21000 4059136 0x40400000 1966080
mremap X 0x40400000 1966080 0x3fe20000 4063232
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xe7*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe20000 4063232 0x40400000 1970176
mremap X 0x40400000 1970176 0x3fe1f000 4067328
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xe8*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe1f000 4067328 0x40400000 1974272
mremap X 0x40400000 1974272 0x3fe1e000 4071424
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xe9*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe1e000 4071424 0x40400000 1978368
mremap X 0x40400000 1978368 0x3fe1d000 4075520
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xea*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe1d000 4075520 0x40400000 1982464
mremap X 0x40400000 1982464 0x3fe1c000 4079616
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xeb*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe1c000 4079616 0x40400000 1986560
mremap X 0x40400000 1986560 0x3fe1b000 4083712
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xec*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe1b000 4083712 0x40400000 1990656
mremap X 0x40400000 1990656 0x3fe1a000 4087808
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xed*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe1a000 4087808 0x40400000 1994752
mremap X 0x40400000 1994752 0x3fe19000 4091904
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xee*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe19000 4091904 0x40400000 1998848
mremap X 0x40400000 1998848 0x3fe18000 4096000
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xef*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe18000 4096000 0x40400000 2002944
mremap X 0x40400000 2002944 0x3fe17000 4100096
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xf0*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe17000 4100096 0x40400000 2007040
mremap X 0x40400000 2007040 0x3fe16000 4104192
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xf1*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe16000 4104192 0x40400000 2011136
mremap X 0x40400000 2011136 0x3fe15000 4108288
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xf2*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe15000 4108288 0x40400000 2015232
mremap X 0x40400000 2015232 0x3fe14000 4112384
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xf3*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe14000 4112384 0x40400000 2019328
mremap X 0x40400000 2019328 0x3fe13000 4116480
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xf4*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe13000 4116480 0x40400000 2023424
mremap X 0x40400000 2023424 0x3fe12000 4120576
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xf5*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe12000 4120576 0x40400000 2027520
mremap X 0x40400000 2027520 0x3fe11000 4124672
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xf6*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe11000 4124672 0x40400000 2031616
mremap X 0x40400000 2031616 0x3fe10000 4128768
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xf7*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe10000 4128768 0x40400000 2035712
mremap X 0x40400000 2035712 0x3fe0f000 4132864
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xf8*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe0f000 4132864 0x40400000 2039808
mremap X 0x40400000 2039808 0x3fe0e000 4136960
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xf9*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe0e000 4136960 0x40400000 2043904
mremap X 0x40400000 2043904 0x3fe0d000 4141056
madvise X 0x40000000 2M hugepage
write X 0x40000000 0xfa*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe0d000 4141056 0x40400000 2048000
mremap X 0x40400000 2048000 0x3fe0c000 4145152
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x01*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe0c000 4145152 0x40400000 2052096
mremap X 0x40400000 2052096 0x3fe0b000 4149248
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x02*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe0b000 4149248 0x40400000 2056192
mremap X 0x40400000 2056192 0x3fe0a000 4153344
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x03*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe0a000 4153344 0x40400000 2060288
mremap X 0x40400000 2060288 0x3fe09000 4157440
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x04*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe09000 4157440 0x40400000 2064384
mremap X 0x40400000 2064384 0x3fe08000 4161536
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x05*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe08000 4161536 0x40400000 2068480
mremap X 0x40400000 2068480 0x3fe07000 4165632
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x06*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe07000 4165632 0x40400000 2072576
mremap X 0x40400000 2072576 0x3fe06000 4169728
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x07*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe06000 4169728 0x40400000 2076672
mremap X 0x40400000 2076672 0x3fe05000 4173824
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x08*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe05000 4173824 0x40400000 2080768
mremap X 0x40400000 2080768 0x3fe04000 4177920
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x09*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe04000 4177920 0x40400000 2084864
mremap X 0x40400000 2084864 0x3fe03000 4182016
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x0a*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe03000 4182016 0x40400000 2088960
mremap X 0x40400000 2088960 0x3fe02000 4186112
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x0b*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe02000 4186112 0x40400000 2093056
mremap X 0x40400000 2093056 0x3fe01000 4190208
madvise X 0x40000000 2M hugepage
write X 0x40000000 0x0c*4K
expect page X 0x40000000 thp=1
madvise X 0x40000000 2M nohugepage
mremap X 0x3fe01000 4190208 0x40400000 2097152
mremap X 0x40400000 2097152 0x3fe00000 4194304
munmap X 0x40000000 2M
expect page X 0x3fe00000 thp=1
expect pte X 0x3fe00000 huge=0
madvise X 0x3fe00000 2M hugepage
madvise X 0x3fe00000 2M collapse
expect pte X 0x3fe00000 huge=1
read X 0x3fe00000 0x01*4K
read X 0x3fe01000 0x02*4K
read X 0x3fe02000 0x03*4K
read X 0x3feff000 0x06*4K
read X 0x3ff00000 0x07*4K
read X 0x3fffe000 0x0b*4K
read X 0x3ffff000 0x0c*4K

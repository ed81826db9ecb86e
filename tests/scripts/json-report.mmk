#! args --json
#! stdout "status": "ok"
#! stdout "A": {"rss": 8192,
#! stderr ok: 4 statements, 1 expectations
# --json: one JSON object on stdout, the ok line on stderr
mm A
mmap A 0x10000000 8K rw
touch A 0x10000000 8K w
expect stat A rss == 8K

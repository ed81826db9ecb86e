#! args --bug no_such_bug
#! exit 2
#! stderr run: --bug needs a bug name of policies.md, got `no_such_bug`
mm A

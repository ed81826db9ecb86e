/* SPDX-License-Identifier: MIT */
/*
 * script/parse.c - read a whole script and turn it into statements, or
 * report the first malformed line as "FILE:LINE:COL: message".
 *
 * Columns (1-based bytes, a tab is one column):
 *   - most errors point at the start of the offending token: the unknown
 *     statement word, the bad number, the unknown name, the extra argument,
 *     the option or KEY=VAL token whose key or value is wrong;
 *   - a missing argument points just past the end of the line's last token
 *     (where the argument should have been typed);
 *   - a bad string escape points at its backslash, an unterminated string
 *     at its opening quote.
 *
 * Names: `mm`/`fork` define an mm name, `pin`/`get` a pin-set name,
 * `device` a device, `thread` a thread.  A name used before its definition,
 * or defined twice, is malformed.  `exit MM` and `unpin NAME` release the
 * name: using it later (in file order) is malformed, defining it again is
 * allowed and makes a new slot.
 *
 * Thread blocks: `thread NAME [cpu=N]` opens a block; the following lines
 * indented with the same white space belong to it; after the blocks comes
 * `run`.  An indented line outside a block, a block without statements,
 * an unindented statement other than `thread`/`run` after a block, and
 * blocks never followed by `run` are malformed.
 *
 * Names and threads: the blocks of one `run` execute at once, so the
 * parser keeps them from racing on the runner's name tables.  An mm or pin
 * set made inside a block (`mm`, `fork`, `pin`, `get`) belongs to that
 * block until `run`: another block of the same run may not use it.  `exit`
 * and `unpin` inside a block may only release a name made in that block
 * (another block could be using any other).  Statements in a block take
 * no cpu=: the block runs on its own CPU.
 *
 * CPUs of a run: blocks with cpu=N get CPU N (two blocks of one run asking
 * for the same CPU is malformed); the others, in file order, get the
 * lowest CPUs not taken.  The runner thread gives up its CPU during `run`,
 * so CPU 0 is free too.  More blocks than CPUs is malformed.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/errname.h"
#include "common/number.h"
#include "script/lang.h"

/* What the statement being parsed may be. */
enum { CTX_WRAPPED = 1, CTX_BLOCK = 2 };

struct parser {
	struct script *sc;
	struct parse_error *err;
	int line;
	struct line_toks lt;
	int first_mm_line;	/* line of the first `mm`, or 0 */
	int block;		/* open `thread` statement, or -1 */
	int block_stmts;	/* statements in the open block */
	const char *block_indent; /* white space of its first statement */
	size_t block_indent_len;
	int pending;		/* blocks opened since the last `run` */
	int last_thread;	/* index of the last `thread` statement */
	int off_col;		/* column of the statement's off= option */
	/* streaming (script_load_stream, parse_stream): statements other than
	 * set-up go to @sink and are freed, not kept */
	int stream;
	int needs_whole;	/* a thread block: streaming cannot run it */
	uint64_t count;		/* statements parsed */
	int (*sink)(void *arg, const struct stmt *s, uint64_t index,
		    uint64_t done);
	void *sink_arg;
	uint64_t done;		/* bytes read */
	int stopped;		/* the sink said stop */
};

static void stmt_free(struct stmt *s);
static int check_stmt_cpu(struct parser *p, const struct stmt *s);

static int perr(struct parser *p, int col, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int perr(struct parser *p, int col, const char *fmt, ...)
{
	va_list ap;

	p->err->line = p->line;
	p->err->col = col;
	va_start(ap, fmt);
	vsnprintf(p->err->msg, sizeof(p->err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

/* ---- names ---- */

static const char *const slot_kind_name[NR_SLOT_KINDS] = {
	"mm", "pin set", "device", "thread", "file",
};

static const char *block_name(const struct parser *p, int block)
{
	const struct stmt *th = &p->sc->stmts[block];

	return p->sc->slots[SLOT_THREAD].v[th->a[0].slot].name;
}

static int valid_name(const struct tok *t)
{
	size_t i;

	if (t->quoted || !t->len)
		return 0;
	for (i = 0; i < t->len; i++) {
		char c = t->s[i];
		int alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			    c == '_';

		if (!alpha && (i == 0 || c < '0' || c > '9'))
			return 0;
	}
	return 1;
}

/* The most recent slot of @kind named like @t, or -1. */
static int slot_find(struct script *sc, enum slot_kind kind,
		     const struct tok *t)
{
	struct slot_table *st = &sc->slots[kind];
	int i;

	for (i = st->n - 1; i >= 0; i--)
		if (strlen(st->v[i].name) == t->len &&
		    !memcmp(st->v[i].name, t->s, t->len))
			return i;
	return -1;
}

static int slot_define(struct parser *p, enum slot_kind kind,
		       const struct tok *t, int *slot)
{
	struct slot_table *st = &p->sc->slots[kind];
	int i;

	if (!valid_name(t))
		return perr(p, t->col, "bad name `%.*s` (letters, digits and _, "
			    "not starting with a digit)", (int)t->len, t->s);
	i = slot_find(p->sc, kind, t);
	if (i >= 0 && !st->v[i].dead_line)
		return perr(p, t->col, "%s `%.*s` is already defined (line %d)",
			    slot_kind_name[kind], (int)t->len, t->s,
			    st->v[i].line);
	if (st->n == st->cap) {
		int cap = st->cap ? st->cap * 2 : 8;
		struct slot *v = realloc(st->v, (size_t)cap * sizeof(*v));

		if (!v)
			return perr(p, t->col, "out of memory");
		st->v = v;
		st->cap = cap;
	}
	st->v[st->n].name = strndup(t->s, t->len);
	if (!st->v[st->n].name)
		return perr(p, t->col, "out of memory");
	st->v[st->n].line = p->line;
	st->v[st->n].dead_line = 0;
	st->v[st->n].block = kind == SLOT_MM || kind == SLOT_PIN ? p->block : -1;
	st->v[st->n].get = 0;
	*slot = st->n++;
	return 0;
}

static int slot_use(struct parser *p, enum slot_kind kind,
		    const struct tok *t, int *slot)
{
	const struct slot *s;
	int i;

	if (!valid_name(t))
		return perr(p, t->col, "bad name `%.*s`", (int)t->len, t->s);
	i = slot_find(p->sc, kind, t);
	if (i < 0)
		return perr(p, t->col, "unknown %s `%.*s`", slot_kind_name[kind],
			    (int)t->len, t->s);
	s = &p->sc->slots[kind].v[i];
	if (s->dead_line)
		return perr(p, t->col, "%s `%s` is gone (%s at line %d)",
			    slot_kind_name[kind], s->name,
			    kind == SLOT_MM ? "exit" : "unpin", s->dead_line);
	if (s->block >= 0 && s->block != p->block)
		return perr(p, t->col, "%s `%s` (line %d) belongs to thread `%s` "
			    "until `run`: only that block may use it",
			    slot_kind_name[kind], s->name, s->line,
			    block_name(p, s->block));
	*slot = i;
	return 0;
}

/*
 * `exit MM` / `unpin NAME`: release a name.  Inside a thread block only a
 * name made in that block, as another block of the run may be using it.
 */
static int slot_release(struct parser *p, enum slot_kind kind,
			const struct tok *t, int *slot)
{
	struct slot *s;

	if (slot_use(p, kind, t, slot))
		return -1;
	s = &p->sc->slots[kind].v[*slot];
	if (p->block >= 0 && s->block != p->block)
		return perr(p, t->col, "`%s` in a thread block can only release "
			    "a%s %s made in that block: `%s` (line %d) may be "
			    "in use by the other threads of the run",
			    kind == SLOT_MM ? "exit" : "unpin",
			    kind == SLOT_MM ? "n" : "", slot_kind_name[kind],
			    s->name, s->line);
	s->dead_line = p->line;
	return 0;
}

/* ---- arguments ---- */

static int parse_num(struct parser *p, const struct tok *t, uint64_t *v)
{
	const char *why;

	if (t->quoted)
		return perr(p, t->col, "expected a number, got a string");
	if (number_parse(t->s, t->len, v, &why))
		return perr(p, t->col, "%s: `%.*s`", why, (int)t->len, t->s);
	return 0;
}

static int parse_enum(struct parser *p, const struct tok *t,
		      const struct name_val *tab, const char *what,
		      struct arg *a)
{
	const struct name_val *nv = t->quoted ? NULL :
				    name_lookup(tab, t->s, t->len);

	if (!nv) {
		char list[256];

		name_list(tab, list, sizeof(list));
		return perr(p, t->col, "unknown %s `%.*s` (%s)", what,
			    (int)t->len, t->s, list);
	}
	a->val = nv->val;
	a->word = nv->name;
	a->notimpl = nv->notimpl;
	return 0;
}

/* DATA: a string, or BYTE*COUNT. */
static int parse_data(struct parser *p, const struct tok *t, struct data *d)
{
	const char *star;
	const char *why;
	uint64_t byte, count;

	if (t->quoted) {
		size_t len;

		d->bytes = lex_string(t, &len);
		if (!d->bytes)
			return perr(p, t->col, "out of memory");
		d->len = len;
		if (!len)
			return perr(p, t->col, "empty DATA");
		return 0;
	}
	star = memchr(t->s, '*', t->len);
	if (!star)
		return perr(p, t->col, "bad DATA `%.*s`: a \"string\" or "
			    "BYTE*COUNT such as 0xab*4K", (int)t->len, t->s);
	if (number_parse(t->s, (size_t)(star - t->s), &byte, &why))
		return perr(p, t->col, "bad DATA byte: %s", why);
	if (byte > 0xff)
		return perr(p, t->col, "bad DATA byte 0x%llx: more than 0xff",
			    (unsigned long long)byte);
	if (number_parse(star + 1, t->len - (size_t)(star + 1 - t->s), &count,
		       &why))
		return perr(p, t->col, "bad DATA count: %s", why);
	if (!count)
		return perr(p, t->col, "empty DATA (COUNT is 0)");
	d->bytes = NULL;
	d->byte = (uint8_t)byte;
	d->len = count;
	return 0;
}

/* Set-up values the library would refuse are malformed here already. */
static int parse_setup_num(struct parser *p, const struct stmt *s,
			   enum arg_kind kind, const struct tok *t, struct arg *a)
{
	uint64_t v;

	if (parse_num(p, t, &a->num))
		return -1;
	v = a->num;
	if (kind == A_CPUS && (v < 1 || v > MMK_MAX_CPUS))
		return perr(p, t->col, "bad value: cpus must be 1 to %d",
			    MMK_MAX_CPUS);
	if (kind == A_GATHER && (v < 1 || v > MMK_GATHER_PAGES_MAX))
		return perr(p, t->col, "bad value: gather must be 1 to %d pages",
			    MMK_GATHER_PAGES_MAX);
	if (kind == A_SIZE && (!v || v % MMK_PAGE_SIZE))
		return perr(p, t->col, "bad value: %s size must be a nonzero "
			    "multiple of 4K", s->desc->name);
	if (kind == A_SIZE && s->desc->setup == setup_ram &&
	    (v < MMK_RAM_MIN || v > MMK_RAM_MAX))
		return perr(p, t->col, "bad value: ram must be a multiple of 4K "
			    "from %lluK to %lluG", MMK_RAM_MIN >> 10,
			    MMK_RAM_MAX >> 30);
	return 0;
}

/* The device window a device of @bytes needs: see setup_device(). */
static uint64_t device_window(uint64_t bytes)
{
	return (bytes + (4ULL << 20) - 1) & ~((2ULL << 20) - 1);
}

/* @v (a multiple of 1M) as a script writes it: "3G", "514M". */
static const char *mib_text(uint64_t v, char *buf, size_t size)
{
	if (v % (1ULL << 30))
		snprintf(buf, size, "%lluM", (unsigned long long)(v >> 20));
	else
		snprintf(buf, size, "%lluG", (unsigned long long)(v >> 30));
	return buf;
}

/*
 * `device`, once its options are known: a size the library would refuse
 * when the machine is built is malformed here, with the range allowed.
 */
static int check_device(struct parser *p, const struct stmt *s)
{
	uint64_t bytes = s->a[2].num;
	uint64_t align = (s->opts & O_ALIGN) ? s->align : 2ULL << 20;
	uint64_t used = s->a[0].slot ? p->sc->cfg.device_bytes : 0;
	char max[32];

	if (s->a[1].val && bytes % align)
		return perr(p, s->a[2].col, "bad value: a dax device's size must "
			    "be a multiple of its alignment, %s (align=4K allows "
			    "multiples of 4K)", align == MMK_PAGE_SIZE ? "4K" : "2M");
	if (used + device_window(bytes) > MMK_DEVICE_BYTES_MAX)
		return perr(p, s->a[2].col, "bad value: the devices of a machine "
			    "take at most %lluG together (each rounded up to 2M, "
			    "plus 2M): this one may be at most %s",
			    MMK_DEVICE_BYTES_MAX >> 30,
			    used + (4ULL << 20) > MMK_DEVICE_BYTES_MAX ? "0" :
			    mib_text(MMK_DEVICE_BYTES_MAX - used - (2ULL << 20),
				     max, sizeof(max)));
	return 0;
}

/*
 * A word the library parses (a policy or bug name: NUL-terminated there).
 * Returns what @parse returns, or -EINVAL for a string or an overlong word.
 */
static int parse_lib_word(const struct tok *t, int (*parse)(const char *))
{
	char word[32];

	if (t->quoted || t->len >= sizeof(word))
		return -EINVAL;
	memcpy(word, t->s, t->len);
	word[t->len] = '\0';
	return parse(word);
}

static int parse_policy(struct parser *p, const struct tok *t, struct arg *a)
{
	int pol = parse_lib_word(t, mmk_policy_parse);

	if (pol < 0) {
		char list[128] = "";
		size_t n = 0;
		int i;

		for (i = 0; i < MMK_NR_POLICIES; i++)
			n += (size_t)snprintf(list + n, sizeof(list) - n, "%s%s",
					      i ? " " : "",
					      mmk_policy_name((enum mmk_policy)i));
		return perr(p, t->col, "unknown policy `%.*s` (%s)",
			    (int)t->len, t->s, list);
	}
	a->val = pol;
	return 0;
}

/* The library's table of bug switches: the names `--bug` takes too. */
static int parse_bug(struct parser *p, const struct tok *t, struct arg *a)
{
	int bug = parse_lib_word(t, mmk_bug_parse);

	if (bug < 0) {
		char list[256] = "";
		size_t n = 0;

		for (unsigned int b = 0; b < MMK_NR_BUGS && n < sizeof(list); b++)
			n += (size_t)snprintf(list + n, sizeof(list) - n, "%s%s",
					      b ? " " : "", mmk_bug_name(1u << b));
		return perr(p, t->col, "unknown bug `%.*s` (%s)", (int)t->len,
			    t->s, list);
	}
	a->val = bug;
	return 0;
}

static int parse_arg(struct parser *p, struct stmt *s, enum arg_kind kind,
		     const struct tok *t, struct arg *a)
{
	switch (kind) {
	case A_NEWMM: case A_CHILD:
		return slot_define(p, SLOT_MM, t, &a->slot);
	case A_MM: case A_PARENT: case A_OPTMM:
		return slot_use(p, SLOT_MM, t, &a->slot);
	case A_EXITMM:
		return slot_release(p, SLOT_MM, t, &a->slot);
	case A_NEWPIN:
		return slot_define(p, SLOT_PIN, t, &a->slot);
	case A_NEWGET:
		if (slot_define(p, SLOT_PIN, t, &a->slot))
			return -1;
		p->sc->slots[SLOT_PIN].v[a->slot].get = 1;
		return 0;
	case A_PIN:
		return slot_use(p, SLOT_PIN, t, &a->slot);
	case A_UNPIN:
		return slot_release(p, SLOT_PIN, t, &a->slot);
	case A_NEWDEV:
		if (t->len == 3 && !memcmp(t->s, "ram", 3))
			return perr(p, t->col, "bad name `ram`: `migrate` uses "
				    "it for system RAM");
		if (p->sc->slots[SLOT_DEV].n >= MMK_MAX_DEVICES)
			return perr(p, t->col, "too many devices (at most %d)",
				    MMK_MAX_DEVICES);
		return slot_define(p, SLOT_DEV, t, &a->slot);
	case A_DEV:
		return slot_use(p, SLOT_DEV, t, &a->slot);
	case A_NEWTHREAD:
		return slot_define(p, SLOT_THREAD, t, &a->slot);
	case A_NEWFILE:
		return slot_define(p, SLOT_FILE, t, &a->slot);
	case A_FILE:
		return slot_use(p, SLOT_FILE, t, &a->slot);
	case A_TARGET:
		if (!t->quoted && t->len == 3 && !memcmp(t->s, "ram", 3)) {
			a->slot = -1;
			return 0;
		}
		return slot_use(p, SLOT_DEV, t, &a->slot);
	case A_ADDR: case A_LEN: case A_NPAGES: case A_OFFSET: case A_VALUE:
	case A_OLD: case A_OLDLEN: case A_NEW: case A_NEWLEN:
		return parse_num(p, t, &a->num);
	case A_BRK:
		return parse_num(p, t, &a->num);
	case A_FSIZE:
		if (parse_num(p, t, &a->num))
			return -1;
		return a->num ? 0 : perr(p, t->col, "a file of 0 bytes cannot be mapped: "
					 "give SIZE > 0");
	case A_SIZE: case A_CPUS: case A_GATHER:
		return parse_setup_num(p, s, kind, t, a);
	case A_PROT:
		return parse_enum(p, t, prot_names, "PROT", a);
	case A_DATA:
		return parse_data(p, t, &a->data);
	case A_RW:
		if (!t->quoted && t->len == 1 && (t->s[0] == 'r' || t->s[0] == 'w')) {
			a->val = t->s[0] == 'w';
			return 0;
		}
		return perr(p, t->col, "bad access `%.*s` (r or w)", (int)t->len,
			    t->s);
	case A_ADVICE:
		return parse_enum(p, t, advice_names, "madvise advice", a);
	case A_DEVKIND:
		if (!t->quoted && t->len == 7 && !memcmp(t->s, "private", 7))
			a->val = 0;
		else if (!t->quoted && t->len == 3 && !memcmp(t->s, "dax", 3))
			a->val = 1;
		else
			return perr(p, t->col, "bad device kind `%.*s` "
				    "(private or dax)", (int)t->len, t->s);
		return 0;
	case A_POLICY:
		return parse_policy(p, t, a);
	case A_THP:
		return parse_enum(p, t, thp_names, "thp mode", a);
	case A_BUG:
		return parse_bug(p, t, a);
	case A_STATKEY:
		return parse_enum(p, t, stat_keys, "stat key", a);
	case A_SYSKEY:
		return parse_enum(p, t, sys_keys, "sys key", a);
	case A_OP:
		return parse_enum(p, t, op_names, "operator", a);
	case A_ERR:
		a->word = t->quoted ? NULL : err_parse(t->s, t->len, &a->val);
		if (!a->word)
			return perr(p, t->col, "unknown error `%.*s` (an errno name "
				    "such as EINVAL, or SIGSEGV, SIGBUS)", (int)t->len,
				    t->s);
		return 0;
	default:
		return perr(p, t->col, "internal error: argument kind %d", kind);
	}
}

/* KEY=VAL... of `expect pte` and `expect page`: the rest of the line. */
static int parse_kvs(struct parser *p, struct stmt *s, int i,
		     const struct name_val *tab, int nbool)
{
	const struct line_toks *lt = &p->lt;
	char list[256];

	name_list(tab, list, sizeof(list));
	if (i >= lt->n)
		return perr(p, lt->end_col, "missing KEY=VAL (keys: %s)", list);
	for (; i < lt->n; i++) {
		const struct tok *t = &lt->t[i];
		const char *eq = t->quoted ? NULL : memchr(t->s, '=', t->len);
		const struct name_val *nv;
		struct tok val;
		int k;

		if (!eq)
			return perr(p, t->col, "expected KEY=VAL, got `%.*s`",
				    (int)t->len, t->s);
		nv = name_lookup(tab, t->s, (size_t)(eq - t->s));
		if (!nv)
			return perr(p, t->col, "unknown key `%.*s` (%s)",
				    (int)(eq - t->s), t->s, list);
		for (k = 0; k < s->nkv; k++)
			if (s->kv[k].key == nv->val)
				return perr(p, t->col, "duplicate key `%s`",
					    nv->name);
		val = *t;
		val.s = eq + 1;
		val.len = t->len - (size_t)(eq + 1 - t->s);
		if (number_parse(val.s, val.len, &s->kv[s->nkv].val,
			       &(const char *){ NULL }) ||
		    (nv->val >= nbool && s->kv[s->nkv].val > 1))
			return perr(p, t->col, "bad value `%.*s` for `%s` (%s)",
				    (int)val.len, val.s, nv->name,
				    nv->val >= nbool ? "0 or 1" : "a number");
		s->kv[s->nkv].key = nv->val;
		s->kv[s->nkv].name = nv->name;
		s->nkv++;
	}
	return 0;
}

/* ---- options ---- */


static int parse_opt(struct parser *p, struct stmt *s, const struct tok *t)
{
	const char *eq = t->quoted ? NULL : memchr(t->s, '=', t->len);
	size_t klen = eq ? (size_t)(eq - t->s) : t->len;
	unsigned int o = 0;
	struct tok val;
	char usage[256];
	int i;

	for (i = 0; i < NR_OPTS && !t->quoted; i++)
		if (strlen(opt_table[i].word) == klen &&
		    !memcmp(opt_table[i].word, t->s, klen))
			break;
	o = i < NR_OPTS ? 1u << i : 0;
	stmt_usage(s->desc, usage, sizeof(usage));
	if (!o || !(s->desc->opts & o) || !eq != !opt_table[i].valued) {
		if (eq)
			return perr(p, t->col, "unknown option `%.*s=` (usage: %s)",
				    (int)klen, t->s, usage);
		return perr(p, t->col, "unexpected argument `%.*s` (usage: %s)",
			    (int)t->len, t->s, usage);
	}
	if (s->opts & o)
		return perr(p, t->col, "duplicate option `%.*s`", (int)klen, t->s);
	s->opts |= o;
	s->opt_col[i] = t->col;
	if (!eq)
		return 0;
	val = *t;
	val.s = eq + 1;
	val.len = t->len - klen - 1;
	val.col = t->col;	/* errors point at the whole option */
	switch (o) {
	case O_DEV:
		return slot_use(p, SLOT_DEV, &val, &s->dev);
	case O_FILE:
		return slot_use(p, SLOT_FILE, &val, &s->file);
	case O_OFF:
		p->off_col = t->col;
		return parse_num(p, &val, &s->off);
	case O_ALIGN:
		if (parse_num(p, &val, &s->align))
			return -1;
		if (s->align != MMK_PAGE_SIZE && s->align != 2ULL << 20)
			return perr(p, t->col, "bad alignment `%.*s`: 4K or 2M",
				    (int)val.len, val.s);
		return 0;
	case O_STRIDE:
		if (parse_num(p, &val, &s->stride))
			return -1;
		if (!s->stride || s->stride % MMK_PAGE_SIZE)
			return perr(p, t->col, "bad stride `%.*s`: a nonzero "
				    "multiple of 4K", (int)val.len, val.s);
		return 0;
	default: {		/* O_CPU: the range is checked after set-up */
		uint64_t cpu;

		if (parse_num(p, &val, &cpu))
			return -1;
		if (cpu >= MMK_MAX_CPUS)
			return perr(p, t->col, "cpu=%llu out of range (at most "
				    "%d CPUs)", (unsigned long long)cpu,
				    MMK_MAX_CPUS);
		s->cpu = (int)cpu;
		s->cpu_col = t->col;
		return 0;
	}
	}
}

/* ---- statements ---- */

void setup_policy(struct script *sc, const struct stmt *s)
{
	sc->cfg.policy = (enum mmk_policy)s->a[0].val;
}

void setup_thp(struct script *sc, const struct stmt *s)
{
	sc->cfg.thp = (enum mmk_thp_mode)s->a[0].val;
	/* script.md: always, madvise, never also set shmem_enabled always, advise, never */
	sc->cfg.shmem_thp = sc->cfg.thp;
}

void setup_ram(struct script *sc, const struct stmt *s)
{
	sc->cfg.ram_bytes = s->a[0].num;
}

void setup_cpus(struct script *sc, const struct stmt *s)
{
	sc->cfg.ncpus = (unsigned int)s->a[0].num;
}

void setup_gather(struct script *sc, const struct stmt *s)
{
	sc->cfg.gather_pages = (unsigned int)s->a[0].num;
}

void setup_bug(struct script *sc, const struct stmt *s)
{
	sc->cfg.bugs |= (uint64_t)(unsigned int)s->a[0].val;
}

/*
 * The parser allows at most MMK_MAX_DEVICES device slots, and sizes that
 * fit the window (check_device()).  The window is exactly what the
 * script's devices need, not the library's default plus that.
 */
void setup_device(struct script *sc, const struct stmt *s)
{
	struct dev_decl *d = &sc->devs[s->a[0].slot];

	d->dax = (int)s->a[1].val;
	d->bytes = s->a[2].num;
	d->align = (s->opts & O_ALIGN) ? s->align : 2ULL << 20;
	if (!s->a[0].slot)
		sc->cfg.device_bytes = 0;
	/* The device window: each device starts on a 2 MiB boundary. */
	sc->cfg.device_bytes += device_window(d->bytes);
}

/* Parse tokens [i, n) of the current line as one statement into @s. */
static int parse_stmt(struct parser *p, int i, struct stmt *s, int ctx)
{
	const struct line_toks *lt = &p->lt;
	const struct tok *t = lt->t;
	const struct stmt_desc *d;
	char usage[256];
	int words, k;

	if (t[i].quoted)
		return perr(p, t[i].col, "expected a statement, got a string");
	d = stmt_lookup(t[i].s, t[i].len, i + 1 < lt->n ? t[i + 1].s : NULL,
			i + 1 < lt->n ? t[i + 1].len : 0, &words);
	if (!d && words == 2) {		/* `expect` and no known second word */
		char family[128];

		stmt_family(t[i].s, t[i].len, family, sizeof(family));
		if (i + 1 >= lt->n)
			return perr(p, lt->end_col, "missing expectation after "
				    "`%.*s` (%s)", (int)t[i].len, t[i].s, family);
		return perr(p, t[i + 1].col, "unknown expectation `%.*s` (%s)",
			    (int)t[i + 1].len, t[i + 1].s, family);
	}
	if (!d)
		return perr(p, t[i].col, "unknown statement `%.*s`",
			    (int)t[i].len, t[i].s);
	if ((ctx & CTX_WRAPPED) && (d->flags & D_NOWRAP))
		return perr(p, t[i].col, "`%s` cannot follow expect-error",
			    d->name);
	if ((ctx & CTX_BLOCK) &&
	    (d->flags & (D_SETUP | D_THREAD | D_RUN | D_NOBLOCK)))
		return perr(p, t[i].col, "`%s` cannot be inside a thread block",
			    d->name);
	if ((d->flags & D_SETUP) && p->first_mm_line)
		return perr(p, t[i].col, "set-up statement `%s` after the first "
			    "`mm` (line %d)", d->name, p->first_mm_line);
	s->desc = d;
	s->line = p->line;
	s->col = t[i].col;
	s->cpu = -1;
	s->dev = -1;
	s->block = -1;
	i += words;
	for (k = 0; d->args[k] != A_END; k++) {
		enum arg_kind kind = d->args[k];

		s->nargs = k + 1;
		if (kind == A_PTEKV)
			return parse_kvs(p, s, i, pte_keys, K_PTE_NONE);
		if (kind == A_PAGEKV)
			return parse_kvs(p, s, i, page_keys, K_PAGE_PINNED);
		if (kind == A_CKPTKV)	/* byte counts: no key is 0-or-1 */
			return parse_kvs(p, s, i, ckpt_keys, CKPT_NKEYS);
		if (kind == A_OPTMM && i >= lt->n) {
			s->a[k].slot = -1;
			continue;
		}
		if (i >= lt->n) {
			stmt_usage(d, usage, sizeof(usage));
			return perr(p, lt->end_col, "missing %s (usage: %s)",
				    kind == A_STMT ? "STATEMENT" :
				    arg_kind_name(kind), usage);
		}
		if (kind == A_STMT) {
			s->inner = calloc(1, sizeof(*s->inner));
			if (!s->inner)
				return perr(p, t[i].col, "out of memory");
			return parse_stmt(p, i, s->inner, ctx | CTX_WRAPPED);
		}
		s->a[k].col = t[i].col;
		if (parse_arg(p, s, kind, &t[i], &s->a[k]))
			return -1;
		i++;
	}
	for (; i < lt->n; i++)
		if (parse_opt(p, s, &t[i]))
			return -1;
	if ((s->opts & O_OFF) && !(s->opts & (O_DEV | O_FILE)))
		return perr(p, p->off_col, "off= needs dev=DEVICE or file=NAME");
	if ((s->opts & O_DEV) && (s->opts & O_FILE))
		return perr(p, s->opt_col[13], "file= and dev= together: a mapping "
			    "has one backing");
	if (d->args[0] == A_NEWMM)
		p->first_mm_line = p->first_mm_line ? p->first_mm_line : p->line;
	if (d->args[0] == A_NEWDEV && check_device(p, s))
		return -1;
	if (d->args[0] == A_UNPIN && (s->opts & O_DIRTY) &&
	    p->sc->slots[SLOT_PIN].v[s->a[0].slot].get)
		return perr(p, s->opt_col[10], "`dirty` applies to pin sets "
			    "(unpin_user_pages_dirty_lock): `%s` is a get set "
			    "(line %d), released with put_page",
			    p->sc->slots[SLOT_PIN].v[s->a[0].slot].name,
			    p->sc->slots[SLOT_PIN].v[s->a[0].slot].line);
	if (d->setup)
		d->setup(p->sc, s);
	return 0;
}

static struct stmt *new_stmt(struct parser *p)
{
	struct script *sc = p->sc;

	if (sc->nstmts == sc->cap) {
		int cap = sc->cap ? sc->cap * 2 : 64;
		struct stmt *v = realloc(sc->stmts, (size_t)cap * sizeof(*v));

		if (!v)
			return NULL;
		sc->stmts = v;
		sc->cap = cap;
	}
	memset(&sc->stmts[sc->nstmts], 0, sizeof(sc->stmts[0]));
	return &sc->stmts[sc->nstmts++];
}

/* A block ends at an unindented line or at the end of the file. */
static int close_block(struct parser *p)
{
	const struct stmt *th;

	if (p->block < 0)
		return 0;
	th = &p->sc->stmts[p->block];
	if (!p->block_stmts) {
		p->line = th->line;
		return perr(p, 1, "thread `%s` has no statements (indent "
			    "them under it)", block_name(p, p->block));
	}
	p->block = -1;
	return 0;
}

/* After `run`, the names its blocks made are everybody's. */
static void publish_names(struct script *sc)
{
	int k, i;

	for (k = 0; k < NR_SLOT_KINDS; k++)
		for (i = 0; i < sc->slots[k].n; i++)
			sc->slots[k].v[i].block = -1;
}

/*
 * Streaming: a statement that is not set-up goes to the sink and is
 * dropped; a thread block ends streaming (its blocks run from memory).
 */
static int stream_stmt(struct parser *p, struct stmt *s)
{
	struct script *sc = p->sc;
	int rc = 0;

	if (s->desc->flags & (D_THREAD | D_RUN)) {
		p->needs_whole = 1;
		return perr(p, 1, "thread blocks are not streamed");
	}
	if (s->desc->flags & D_SETUP)
		return 0;
	if (check_stmt_cpu(p, s))
		return -1;
	if (p->sink && p->sink(p->sink_arg, s, p->count - 1, p->done)) {
		p->stopped = 1;
		rc = -1;
	}
	stmt_free(s);
	sc->nstmts--;
	return rc;
}

static int parse_line(struct parser *p)
{
	const struct line_toks *lt = &p->lt;
	struct stmt *s;
	int ctx = 0;

	if (lt->indented) {
		if (p->block < 0)
			return perr(p, lt->t[0].col, "indented statement outside "
				    "a thread block");
		if (!p->block_indent) {
			p->block_indent = lt->t[0].s - lt->indent_len;
			p->block_indent_len = lt->indent_len;
		} else if (lt->indent_len != p->block_indent_len ||
			   memcmp(lt->t[0].s - lt->indent_len, p->block_indent,
				  lt->indent_len)) {
			return perr(p, lt->t[0].col, "inconsistent indentation "
				    "in thread block");
		}
		ctx = CTX_BLOCK;
	} else if (close_block(p)) {
		return -1;
	}
	s = new_stmt(p);
	if (!s)
		return perr(p, 1, "out of memory");
	if (parse_stmt(p, 0, s, ctx))
		return -1;
	s->text = strndup(lt->text, lt->text_len);
	if (!s->text)
		return perr(p, 1, "out of memory");
	if (ctx & CTX_BLOCK) {
		const struct stmt *c;

		for (c = s; c; c = c->inner)
			if (c->opts & O_CPU)
				return perr(p, c->cpu_col, "cpu= cannot be used "
					    "inside a thread block: its statements "
					    "run on the block's CPU (`thread %s "
					    "cpu=N`)", block_name(p, p->block));
		s->block = p->block;
		p->sc->stmts[p->block].nblock++;
		p->block_stmts++;
	} else if (s->desc->flags & D_THREAD) {
		p->block = p->last_thread = p->sc->nstmts - 1;
		p->block_stmts = 0;
		p->block_indent = NULL;
		p->pending++;
	} else if (s->desc->flags & D_RUN) {
		if (!p->pending)
			return perr(p, lt->t[0].col, "`run` without a thread block");
		p->pending = 0;
		publish_names(p->sc);
	} else if (p->pending) {
		return perr(p, lt->t[0].col, "expected `thread` or `run` after "
			    "a thread block");
	}
	p->count++;
	if (p->stream)
		return stream_stmt(p, s);
	return 0;
}

/*
 * cpu=N can only be checked once `cpus` is known: after the whole file,
 * or (streaming) at any statement that can take cpu=, since those use an
 * mm and so follow every set-up statement.
 */
static int check_stmt_cpu(struct parser *p, const struct stmt *s)
{
	for (; s; s = s->inner) {
		if (s->cpu < 0 || (unsigned int)s->cpu < p->sc->cfg.ncpus)
			continue;
		p->line = s->line;
		return perr(p, s->cpu_col, "cpu=%d out of range: the machine "
			    "has %u CPUs (cpus N)", s->cpu, p->sc->cfg.ncpus);
	}
	return 0;
}

static int check_cpus(struct parser *p)
{
	for (int i = 0; i < p->sc->nstmts; i++)
		if (check_stmt_cpu(p, &p->sc->stmts[i]))
			return -1;
	return 0;
}

/* The `thread` statement before index @j of a run (from @first) on @cpu. */
static int cpu_owner(const struct script *sc, int first, int j, int cpu)
{
	int k;

	for (k = first; k < j; k++)
		if ((sc->stmts[k].desc->flags & D_THREAD) &&
		    sc->stmts[k].cpu == cpu)
			return k;
	return -1;
}

/*
 * Give each block of the run whose statements are [first, end) its CPU
 * (see the top of this file); the `thread` statement keeps it in ->cpu.
 */
static int assign_run_cpus(struct parser *p, int first, int end)
{
	struct script *sc = p->sc;
	uint64_t used = 0;
	int j;

	for (j = first; j < end; j++) {
		const struct stmt *th = &sc->stmts[j];

		if (!(th->desc->flags & D_THREAD) || th->cpu < 0)
			continue;
		if (used & (1ULL << th->cpu)) {
			int k = cpu_owner(sc, first, j, th->cpu);

			p->line = th->line;
			return perr(p, th->cpu_col, "cpu=%d is already taken by "
				    "thread `%s` (line %d) in this run", th->cpu,
				    block_name(p, k), sc->stmts[k].line);
		}
		used |= 1ULL << th->cpu;
	}
	for (j = first; j < end; j++) {
		struct stmt *th = &sc->stmts[j];
		unsigned int c = 0;

		if (!(th->desc->flags & D_THREAD) || th->cpu >= 0)
			continue;
		while (c < sc->cfg.ncpus && (used & (1ULL << c)))
			c++;
		if (c == sc->cfg.ncpus) {
			p->line = th->line;
			return perr(p, 1, "thread `%s`: no CPU left for it (the "
				    "machine has %u CPUs; this run has more "
				    "blocks: raise `cpus N`)", block_name(p, j),
				    sc->cfg.ncpus);
		}
		th->cpu = (int)c;
		used |= 1ULL << c;
	}
	return 0;
}

/* CPUs of every run's blocks.  Needs the final `cpus`. */
static int assign_cpus(struct parser *p)
{
	int first = 0, i;

	for (i = 0; i < p->sc->nstmts; i++) {
		if (!(p->sc->stmts[i].desc->flags & D_RUN))
			continue;
		if (assign_run_cpus(p, first, i))
			return -1;
		first = i + 1;
	}
	return 0;
}

/* One line (no newline) of the script. */
static int parse_one(struct parser *p, const char *line, size_t len)
{
	p->line++;
	if (lex_line(line, len, p->line, &p->lt, p->err))
		return -1;
	return p->lt.n ? parse_line(p) : 0;
}

/* After the last line: what only the whole file can tell. */
static int parse_end(struct parser *p)
{
	if (close_block(p))
		return -1;
	if (p->pending) {
		const struct stmt *th = &p->sc->stmts[p->last_thread];

		p->line = th->line;
		return perr(p, 1, "thread block not followed by `run`");
	}
	if (check_cpus(p))
		return -1;
	return assign_cpus(p);
}

static int parse_all(struct parser *p)
{
	char *line = p->sc->src;

	while (line && *line) {
		char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);

		if (parse_one(p, line, len))
			return -1;
		line = nl ? nl + 1 : NULL;
	}
	return parse_end(p);
}

/* ---- streaming ---- */

static void parser_init(struct parser *p, struct script *sc,
			struct parse_error *err)
{
	mmk_config_init(&sc->cfg);
	memset(p, 0, sizeof(*p));
	p->sc = sc;
	p->err = err;
	p->block = -1;
	p->last_thread = -1;
	p->stream = 1;
}

/*
 * Lines are read with a bound: a script is text, and one "line" of
 * /dev/zero or of a file without newlines would otherwise take all the
 * memory there is before the parser saw a byte of it.  A NUL byte is
 * malformed where it is met, not after its line was read.
 */
#define SCRIPT_MAX_LINE (1u << 20)

struct line_reader {
	FILE *f;
	FILE *copy;		/* every byte read goes here too, or NULL */
	char *buf;
	size_t cap;
	uint64_t done;		/* bytes consumed, through the last line's newline */
	size_t pos, len;	/* what of blk[] is read and not yet consumed */
	char blk[16384];	/* read a block at a time: getc() per byte was */
};				/* a replay's costliest function */

/*
 * The next line of @lr into lr->buf, NUL-terminated, without its newline.
 * Its length, -1 at the end of the input, or -2 after perr() (NUL byte,
 * line too long, read or write error); p->line is the line's number.
 */
static int line_fill(struct line_reader *lr, struct parser *p)
{
	lr->pos = 0;
	lr->len = fread(lr->blk, 1, sizeof(lr->blk), lr->f);
	if (!lr->len && ferror(lr->f))
		return perr(p, 0, "read error: %s", strerror(errno));
	/* Whole blocks: whoever reads @f on after a stop finds the rest. */
	if (lr->copy && fwrite(lr->blk, 1, lr->len, lr->copy) != lr->len)
		return perr(p, 0, "cannot keep a copy of the input: %s",
			    strerror(errno));
	return 0;
}

/* Append @n bytes of the current line to lr->buf, within the bound. */
static int line_grow(struct line_reader *lr, struct parser *p, size_t have,
		     size_t n)
{
	size_t cap = lr->cap ? lr->cap : 256;
	char *b;

	if (have + n > SCRIPT_MAX_LINE)
		return perr(p, SCRIPT_MAX_LINE + 1, "line longer than %uM bytes",
			    SCRIPT_MAX_LINE >> 20);
	if (have + n + 1 <= lr->cap)
		return 0;
	while (cap < have + n + 1)
		cap *= 2;
	b = realloc(lr->buf, cap);
	if (!b)
		return perr(p, (int)have + 1, "out of memory");
	lr->buf = b;
	lr->cap = cap;
	return 0;
}

static long line_read(struct line_reader *lr, struct parser *p)
{
	size_t n = 0;
	bool nl = false, any = false;

	p->line++;
	while (!nl) {
		const char *seg, *end, *nul;
		size_t k;

		if (lr->pos == lr->len) {
			if (line_fill(lr, p))
				return -2;
			if (!lr->len)
				break;
		}
		any = true;
		seg = lr->blk + lr->pos;
		end = memchr(seg, '\n', lr->len - lr->pos);
		k = end ? (size_t)(end - seg) : lr->len - lr->pos;
		nul = memchr(seg, '\0', k);
		if (nul)
			return perr(p, (int)(n + (size_t)(nul - seg)) + 1,
				    "NUL byte in script") - 1;
		if (line_grow(lr, p, n, k))
			return -2;
		memcpy(lr->buf + n, seg, k);
		n += k;
		nl = end != NULL;
		k += nl;
		lr->pos += k;
		lr->done += k;
	}
	if (!any) {
		p->line--;
		return -1;
	}
	if (line_grow(lr, p, n, 0))
		return -2;
	lr->buf[n] = '\0';
	return (long)n;
}

/* Every line of @f through @p (copied to @copy if not NULL). */
static int parse_file(struct parser *p, FILE *f, FILE *copy)
{
	struct line_reader lr = { .f = f, .copy = copy };
	long n;
	int rc = 0;

	while ((n = line_read(&lr, p)) >= 0) {
		p->done = lr.done;
		p->line--;		/* parse_one() counts it */
		rc = parse_one(p, lr.buf, (size_t)n);
		if (rc)
			break;
	}
	free(lr.buf);
	if (n == -2)
		return -1;
	return rc ? rc : parse_end(p);
}

/*
 * The whole of @f as one string, read as parse_file() reads it (so a NUL
 * byte or an endless line stops it early), for the statement API and for
 * thread blocks.  NULL with the message in @err.
 */
static char *read_script(FILE *f, size_t *len, struct parse_error *err)
{
	struct script scratch = { 0 };
	struct parser p = { .sc = &scratch, .err = err };
	struct line_reader lr = { .f = f };
	size_t cap = 0, used = 0;
	char *src = NULL;
	long n;

	while ((n = line_read(&lr, &p)) >= 0) {
		if (used + (size_t)n + 2 > cap) {
			size_t want = cap ? cap * 2 : 4096;
			char *b;

			while (want < used + (size_t)n + 2)
				want *= 2;
			b = realloc(src, want);
			if (!b) {
				perr(&p, 1, "out of memory");
				n = -2;
				break;
			}
			src = b;
			cap = want;
		}
		memcpy(src + used, lr.buf, (size_t)n);
		used += (size_t)n;
		src[used++] = '\n';
	}
	free(lr.buf);
	if (n == -2) {
		free(src);
		return NULL;
	}
	if (!src && !(src = malloc(1))) {
		perr(&p, 0, "out of memory");
		return NULL;
	}
	src[used] = '\0';
	*len = used;
	return src;
}

/*
 * A scratch file beside the other temporary files, already unlinked: the
 * copy of a script that can only be read once (standard input, a pipe),
 * so that each run reads it again from disk rather than from memory.
 */
static FILE *spool_open(void)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	FILE *f;
	int fd;

	snprintf(path, sizeof(path), "%s/mmkit-script-XXXXXX",
		 dir && *dir ? dir : "/tmp");
	fd = mkstemp(path);
	if (fd < 0)
		return NULL;
	unlink(path);
	f = fdopen(fd, "w+");
	if (!f)
		close(fd);
	return f;
}

/* The rest of @from after @to, for a spooled script that must load whole. */
static int spool_rest(FILE *from, FILE *to)
{
	char buf[65536];
	size_t n;

	while ((n = fread(buf, 1, sizeof(buf), from)) > 0)
		if (fwrite(buf, 1, n, to) != n)
			return -1;
	return ferror(from) || fflush(to) ? -1 : 0;
}

static int load_file(FILE *f, const char *name, struct script **out,
		     char *msg, size_t size);

int script_load_stream(const char *path, struct script **out, char *msg,
		       size_t size)
{
	struct parse_error err = { 0, 0, "" };
	struct script *sc;
	struct parser p;
	struct stat st;
	int stdin_ = !strcmp(path, "-");
	int regular = !stdin_ && !stat(path, &st) && S_ISREG(st.st_mode);
	FILE *f = stdin_ ? stdin : fopen(path, "r");
	FILE *spool = NULL;
	int rc;

	if (!stdin_ && !regular && !stat(path, &st) && S_ISDIR(st.st_mode)) {
		if (f)
			fclose(f);
		return script_load(path, out, msg, size);	/* says why */
	}
	if (!f || (!regular && !(spool = spool_open()))) {
		if (f && !stdin_)
			fclose(f);
		return script_load(path, out, msg, size);	/* says why */
	}
	sc = calloc(1, sizeof(*sc));
	if (!sc || !(sc->file = strdup(stdin_ ? "<stdin>" : path))) {
		free(sc);
		if (spool)
			fclose(spool);
		if (!stdin_)
			fclose(f);
		snprintf(msg, size, "mmkit: %s: out of memory", path);
		fprintf(stderr, "%s\n", msg);
		return 2;
	}
	parser_init(&p, sc, &err);
	rc = parse_file(&p, f, spool);
	if (rc && p.needs_whole) {
		script_free(sc);
		if (!spool) {
			fclose(f);
			return script_load(path, out, msg, size);
		}
		rc = spool_rest(f, spool);
		if (!stdin_)
			fclose(f);
		if (rc) {
			fclose(spool);
			snprintf(msg, size, "mmkit: %s: cannot keep a copy of the "
				 "input: %s", path, strerror(errno));
			fprintf(stderr, "%s\n", msg);
			return 2;
		}
		rewind(spool);
		rc = load_file(spool, stdin_ ? "<stdin>" : path, out, msg, size);
		fclose(spool);
		return rc;
	}
	if (!stdin_)
		fclose(f);
	if (rc) {
		snprintf(msg, size, "%s:%d:%d: %s", sc->file, err.line, err.col,
			 err.msg);
		fprintf(stderr, "%s\n", msg);
		if (spool)
			fclose(spool);
		script_free(sc);
		return 2;
	}
	sc->streamed = 1;
	sc->spool = spool;
	sc->stream_nstmts = p.count;
	sc->stream_bytes = regular ? (uint64_t)st.st_size : p.done;
	*out = sc;
	return 0;
}

int parse_stream(const struct script *sc,
		 int (*sink)(void *arg, const struct stmt *s, uint64_t index,
			     uint64_t done),
		 void *arg, char *msg, size_t size)
{
	struct parse_error err = { 0, 0, "" };
	struct script *scratch = calloc(1, sizeof(*scratch));
	FILE *f = sc->spool ? sc->spool : fopen(sc->file, "r");
	struct parser p;
	int rc = -1;

	if (!scratch || !f || !(scratch->file = strdup(sc->file)) ||
	    (sc->spool && fseek(f, 0, SEEK_SET))) {
		snprintf(msg, size, "%s: %s", sc->file, strerror(errno));
		goto out;
	}
	/* The same parse as the check, with fresh names: the same slots. */
	parser_init(&p, scratch, &err);
	p.sink = sink;
	p.sink_arg = arg;
	rc = parse_file(&p, f, NULL);
	if (rc && !p.stopped)
		snprintf(msg, size, "%s: changed since it was checked (%d:%d: %s)",
			 sc->file, err.line, err.col, err.msg);
	else
		rc = 0;
out:
	if (f && f != sc->spool)
		fclose(f);
	script_free(scratch);
	return rc;
}

/*
 * Parse @sc->src (@len bytes; a NUL before the end is malformed) into @sc.
 * 0, or 2 with "FILE:LINE:COL: message" in @msg.
 */
static int parse_src(struct script *sc, size_t len, char *msg, size_t size)
{
	struct parse_error err = { 0, 0, "" };
	struct parser p;

	if (strlen(sc->src) != len) {
		const char *nul = sc->src + strlen(sc->src), *c;
		int line = 1, col = 1;

		for (c = sc->src; c < nul; c++, col++)
			if (*c == '\n') {
				line++;
				col = 0;
			}
		snprintf(msg, size, "%s:%d:%d: NUL byte in script", sc->file,
			 line, col);
		return 2;
	}
	mmk_config_init(&sc->cfg);
	memset(&p, 0, sizeof(p));
	p.sc = sc;
	p.err = &err;
	p.block = -1;
	p.last_thread = -1;
	if (parse_all(&p)) {
		snprintf(msg, size, "%s:%d:%d: %s", sc->file, err.line, err.col,
			 err.msg);
		return 2;
	}
	return 0;
}

/* script_load() of the open stream @f, named @name in messages. */
static int load_file(FILE *f, const char *name, struct script **out,
		     char *msg, size_t size)
{
	struct parse_error err = { 0, 0, "" };
	struct script *sc = calloc(1, sizeof(*sc));
	size_t len = 0;

	if (!sc || !(sc->file = strdup(name))) {
		free(sc);
		snprintf(msg, size, "mmkit: %s: out of memory", name);
		fprintf(stderr, "%s\n", msg);
		return 2;
	}
	sc->src = read_script(f, &len, &err);
	if (!sc->src)
		snprintf(msg, size, "%s:%d:%d: %s", sc->file, err.line, err.col,
			 err.msg);
	if (!sc->src || parse_src(sc, len, msg, size)) {
		fprintf(stderr, "%s\n", msg);
		script_free(sc);
		return 2;
	}
	*out = sc;
	return 0;
}

int script_load(const char *path, struct script **out, char *msg,
		size_t size)
{
	int stdin_ = !strcmp(path, "-");
	FILE *f = stdin_ ? stdin : fopen(path, "r");
	struct stat st;
	int rc;

	/* A directory opens, then fails to read: name that, not "cannot read". */
	if (f && !stdin_ && !fstat(fileno(f), &st) && S_ISDIR(st.st_mode)) {
		fclose(f);
		f = NULL;
		errno = EISDIR;
	}
	if (!f) {
		snprintf(msg, size, "mmkit: %s: %s", path, strerror(errno));
		fprintf(stderr, "%s\n", msg);
		return 2;
	}
	rc = load_file(f, stdin_ ? "<stdin>" : path, out, msg, size);
	if (!stdin_)
		fclose(f);
	return rc;
}

int script_parse_text(const char *name, const char *text, struct script **out,
		      char *msg, size_t size)
{
	struct script *sc = calloc(1, sizeof(*sc));

	if (sc) {
		sc->file = strdup(name);
		sc->src = strdup(text);
	}
	if (!sc || !sc->file || !sc->src) {
		snprintf(msg, size, "mmkit: %s: out of memory", name);
		script_free(sc);
		return 2;
	}
	if (parse_src(sc, strlen(text), msg, size)) {
		script_free(sc);
		return 2;
	}
	*out = sc;
	return 0;
}

static void stmt_free(struct stmt *s)
{
	int k;

	if (!s)
		return;
	for (k = 0; k < s->nargs; k++)
		if (s->desc && s->desc->args[k] == A_DATA)
			free(s->a[k].data.bytes);
	stmt_free(s->inner);
	free(s->inner);
	free(s->text);
}

void script_free(struct script *sc)
{
	int i, k;

	if (!sc)
		return;
	for (i = 0; i < sc->nstmts; i++)
		stmt_free(&sc->stmts[i]);
	free(sc->stmts);
	for (k = 0; k < NR_SLOT_KINDS; k++) {
		for (i = 0; i < sc->slots[k].n; i++)
			free(sc->slots[k].v[i].name);
		free(sc->slots[k].v);
	}
	free(sc->src);
	free(sc->file);
	if (sc->spool)
		fclose(sc->spool);
	free(sc);
}

const char *script_file(const struct script *sc)
{
	return sc->file;
}

enum mmk_policy script_policy(const struct script *sc)
{
	return sc->cfg.policy;
}

enum mmk_thp_mode script_thp(const struct script *sc)
{
	return sc->cfg.thp;
}

uint64_t script_bugs(const struct script *sc)
{
	return sc->cfg.bugs;
}

int script_nstmts(const struct script *sc)
{
	return sc->nstmts;
}

const char *script_stmt(const struct script *sc, int i, int *line)
{
	*line = sc->stmts[i].line;
	return sc->stmts[i].text;
}

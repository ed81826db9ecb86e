/* SPDX-License-Identifier: MIT */
/*
 * script/lang.h - the script language (shared/spec/script.md) inside
 * script/: tokens, named constants, the statement table and the parsed
 * form of a script.  Other folders use script/script.h.
 *
 * Glossary:
 *   statement   one line of a script (or the statement an `expect-error`
 *               wraps).  Its syntax and its handler live in one row of the
 *               statement table (struct stmt_desc, script/table.c).
 *   slot        one definition of a name: `mm A` makes an mm slot, `pin P`
 *               a pin slot.  Statements refer to slots, not to names, so a
 *               name that was released (`exit A`, `unpin P`) may be defined
 *               again and gets a new slot.
 *   set-up      `policy ram cpus gather device bug`: they describe the
 *               machine and take effect when it is built, before the first
 *               statement runs; they must precede the first `mm`.
 */
#ifndef MMKIT_TOOL_SCRIPT_LANG_H
#define MMKIT_TOOL_SCRIPT_LANG_H

#include <stdint.h>
#include <stddef.h>
#include <stdio.h>

#include <mmkit/mmkit.h>
#include <mmkit/gup.h>

#include "script/script.h"

#define SCRIPT_MAX_TOKS 64	/* tokens on one line */
#define SCRIPT_MAX_ARGS 6	/* positional arguments of a statement */
#define SCRIPT_MAX_KV 16	/* KEY=VAL pairs of an `expect pte|page` */

/* ---- lexical level (script/lex.c) ---- */

struct parse_error {
	int line, col;		/* 1-based; col 0 never printed */
	char msg[256];
};

struct tok {
	const char *s;		/* raw text; for a string, from its opening quote */
	size_t len;
	int col;		/* 1-based column of the first character */
	int quoted;		/* a "..." string */
};

struct line_toks {
	struct tok t[SCRIPT_MAX_TOKS];
	int n;
	int indented;		/* the line starts with a space or tab */
	size_t indent_len;	/* bytes of leading white space */
	int end_col;		/* column just past the last token */
	const char *text;	/* from the first token to the end of the last */
	size_t text_len;
};

/* Split one line (no newline) into tokens, dropping its comment. */
int lex_line(const char *line, size_t len, int lineno, struct line_toks *lt,
	     struct parse_error *err);
/*
 * Decode a quoted string token into a malloc'd buffer (the lexer already
 * checked its escapes).  Returns the buffer; *len gets its length.
 */
unsigned char *lex_string(const struct tok *t, size_t *len);

/* ---- named constants (script/names.c) ---- */

struct name_val {
	const char *name;
	int val;
	const char *notimpl;	/* later issue that brings it, or NULL */
};

extern const struct name_val prot_names[];
extern const struct name_val advice_names[];
extern const struct name_val op_names[];
extern const struct name_val pte_keys[];
extern const struct name_val page_keys[];
extern const struct name_val stat_keys[];
extern const struct name_val sys_keys[];
extern const struct name_val ckpt_keys[];
extern const struct name_val thp_names[];

const struct name_val *name_lookup(const struct name_val *tab, const char *s,
				   size_t len);
/* "none r rw ..." for messages. */
void name_list(const struct name_val *tab, char *buf, size_t size);

/* Keys of `expect pte|page|stat|sys` and operators of comparisons. */
enum {
	K_PTE_NONE, K_PTE_PRESENT, K_PTE_WRITE, K_PTE_DIRTY, K_PTE_YOUNG,
	K_PTE_HUGE, K_PTE_DEVMAP, K_PTE_MIGRATION, K_PTE_DEVICE,
	K_PTE_EXCLUSIVE,
};
enum {
	K_PAGE_MAPCOUNT, K_PAGE_REFCOUNT, K_PAGE_PINNED, K_PAGE_DIRTY,
	K_PAGE_ANON, K_PAGE_ZERO, K_PAGE_DEVICE, K_PAGE_THP,
};
enum {
	K_STAT_RSS, K_STAT_PGTABLE, K_STAT_PTE_TABLES, K_STAT_PMD_TABLES,
	K_STAT_PUD_TABLES, K_STAT_VMAS, K_STAT_ANON_THP, K_STAT_SHMEM_PMD,
};
enum {
	K_SYS_FRAMES_USED, K_SYS_PGTABLE_FRAMES, K_SYS_PENDING_FREE,
	K_SYS_THP_FAULT_ALLOC, K_SYS_THP_FAULT_FALLBACK, K_SYS_THP_COLLAPSE_ALLOC,
	K_SYS_THP_SPLIT_PMD, K_SYS_THP_ZERO_PAGE_ALLOC, K_SYS_THP_SPLIT_PAGE,
	K_SYS_THP_DEFERRED_SPLIT_PAGE,
};
/* `checkpoint` keys are script.h's CKPT_PGTABLE and CKPT_RSS. */
enum { OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE };

/* ---- the statement table (script/table.c) ---- */

/* Kinds of positional arguments; each parses one token (or the rest). */
enum arg_kind {
	A_END = 0,
	A_NEWMM, A_MM,		/* define / use an address space */
	A_EXITMM,		/* use an address space and release its name */
	A_OPTMM,		/* last: an address space, or none (slot -1) */
	A_NEWPIN, A_PIN,	/* define / use a pin or get set */
	A_NEWGET,		/* define a get set (`unpin` takes no dirty) */
	A_UNPIN,		/* use a pin set and release its name */
	A_PARENT, A_CHILD,	/* `fork`: A_MM and A_NEWMM, named for usage */
	A_NEWDEV, A_DEV,	/* define / use a device */
	A_NEWFILE, A_FILE,	/* define / use a file */
	A_NEWTHREAD,
	A_TARGET,		/* a device name or `ram` */
	A_ADDR, A_LEN, A_NPAGES, A_OFFSET, A_VALUE, A_OLD,
	A_OLDLEN, A_NEW, A_NEWLEN, /* numbers, named for the usage line */
	A_SIZE,			/* set-up: a nonzero multiple of 4K */
	A_FSIZE,		/* a file's size in bytes: nonzero */
	A_BRK,			/* a program break: any byte address */
	A_CPUS, A_GATHER,	/* set-up: 1..MMK_MAX_CPUS, 1..MMK_GATHER_PAGES_MAX */
	A_PROT, A_DATA, A_RW, A_ADVICE, A_DEVKIND, A_POLICY, A_BUG, A_THP,
	A_STATKEY, A_SYSKEY, A_OP, A_ERR,
	A_PTEKV, A_PAGEKV,	/* the rest: KEY=VAL... (at least one) */
	A_CKPTKV,		/* the rest: `checkpoint` KEY=BYTES... */
	A_STMT,			/* the rest: a statement (expect-error) */
};

/*
 * Options: after the positional arguments, in any order, at most once.
 * Bit i is row i of opt_table.
 */
enum {
	O_SHARED = 1u << 0, O_DEV = 1u << 1, O_OFF = 1u << 2,
	O_HUGE = 1u << 3, O_POPULATE = 1u << 4, O_STRIDE = 1u << 5,
	O_CPU = 1u << 6, O_WRITE = 1u << 7, O_LONGTERM = 1u << 8,
	O_FAST = 1u << 9, O_DIRTY = 1u << 10, O_DONTUNMAP = 1u << 11,
	O_ALIGN = 1u << 12, O_FILE = 1u << 13, O_GROWSDOWN = 1u << 14,
	O_START = 1u << 15,
};
#define NR_OPTS 16

struct opt_desc {
	const char *word;	/* "dev" */
	const char *usage;	/* "dev=DEVICE" */
	int valued;		/* written WORD=VALUE */
	const char *notimpl;	/* the issue that brings it, or NULL */
};

extern const struct opt_desc opt_table[NR_OPTS];

/* Statement flags. */
enum {
	D_SETUP = 1u << 0,	/* machine set-up: before the first `mm` */
	D_EXPECT = 1u << 1,	/* counts as an expectation */
	D_NOWRAP = 1u << 2,	/* cannot follow `expect-error` */
	D_THREAD = 1u << 3,	/* `thread`: opens a block */
	D_RUN = 1u << 4,	/* `run`: closes the blocks */
	D_NOBLOCK = 1u << 5,	/* not inside a thread block (`checkpoint`:
				 * a recording's point in one sequence) */
};

struct runner;
struct script;
struct stmt;
struct outcome;

typedef void (*stmt_fn)(struct runner *r, const struct stmt *s,
			struct outcome *out);
typedef void (*setup_fn)(struct script *sc, const struct stmt *s);

/*
 * One statement: everything the parser, the runner and `--help` need to
 * know of it.  Nothing outside this table looks at a statement's name.
 */
struct stmt_desc {
	const char *name;	/* "mmap", or "expect pte" (two words) */
	enum arg_kind args[SCRIPT_MAX_ARGS + 1]; /* A_END terminated */
	unsigned int opts;	/* O_* allowed */
	unsigned int flags;	/* D_* */
	stmt_fn run;		/* what it does; NULL for set-up, thread, run */
	setup_fn setup;		/* set-up: into the machine's configuration */
	const char *checks;	/* a data check: the invariant it stands for */
	const char *notimpl;	/* "GUP issue": parses, fails at run time */
	const char *help;	/* one line for `mmkit run --help` */
};

extern const struct stmt_desc stmt_table[];
/*
 * The statement named by the first word, or by the first two for a
 * two-word family (`expect pte`).  *words gets how many words the name
 * takes (2 once the first word opens a family, even when the second word
 * matches none of it, so the caller knows what to blame).
 */
const struct stmt_desc *stmt_lookup(const char *w1, size_t l1,
				    const char *w2, size_t l2, int *words);
/* "pte page stat ...": the second words of the family @w1 opens. */
void stmt_family(const char *w1, size_t l1, char *buf, size_t size);
/* "mmap MM ADDR LEN PROT [shared] ..." */
void stmt_usage(const struct stmt_desc *d, char *buf, size_t size);
const char *arg_kind_name(enum arg_kind k);
/* The words an enumeration argument takes (A_PROT, A_ADVICE...), or NULL. */
const struct name_val *arg_kind_names(enum arg_kind k);
/*
 * `mmkit run --help`'s list of what parses but is not implemented yet:
 * statements, options and words marked `notimpl` in the tables, one a
 * line, after @heading (nothing at all when there is none).
 */
void stmt_later(FILE *f, const char *heading);

/* Set-up statements (script/parse.c), named in the table. */
void setup_policy(struct script *sc, const struct stmt *s);
void setup_ram(struct script *sc, const struct stmt *s);
void setup_cpus(struct script *sc, const struct stmt *s);
void setup_gather(struct script *sc, const struct stmt *s);
void setup_thp(struct script *sc, const struct stmt *s);
void setup_device(struct script *sc, const struct stmt *s);
void setup_bug(struct script *sc, const struct stmt *s);

/* ---- parsed scripts (script/parse.c) ---- */

/* DATA: literal bytes, or BYTE repeated COUNT times (never expanded). */
struct data {
	unsigned char *bytes;	/* NULL for a pattern */
	uint8_t byte;
	uint64_t len;
};

struct arg {
	uint64_t num;		/* numbers */
	int slot;		/* names: slot index (-1: `ram` for A_TARGET) */
	int val;		/* enumerations: PROT, ADVICE, OP, keys, errno */
	const char *word;	/* enumerations: the word as its table spells it */
	const char *notimpl;	/* enumerations: the issue that brings it, or NULL */
	struct data data;	/* A_DATA */
	int col;		/* where its token starts */
};

struct kv {
	int key;
	uint64_t val;
	const char *name;	/* key as the table spells it */
};

struct stmt {
	const struct stmt_desc *desc;
	int line;
	int col;		/* where its statement word starts */
	char *text;		/* the source line, trimmed, without comment */
	struct arg a[SCRIPT_MAX_ARGS];
	int nargs;
	unsigned int opts;	/* O_* present */
	int dev;		/* dev=DEVICE slot */
	int file;		/* file=NAME slot */
	uint64_t off, stride, align;
	int cpu;		/* cpu=N, or -1 */
	int cpu_col;
	int opt_col[NR_OPTS];	/* where each option present starts */
	int nkv;
	struct kv kv[SCRIPT_MAX_KV];
	struct stmt *inner;	/* the statement `expect-error` wraps */
	int block;		/* index of its `thread` statement, or -1 */
	int nblock;		/* `thread`: how many statements follow in its block */
};

enum slot_kind { SLOT_MM, SLOT_PIN, SLOT_DEV, SLOT_THREAD, SLOT_FILE, NR_SLOT_KINDS };

struct slot {
	char *name;
	int line;		/* where it was defined */
	int dead_line;		/* where `exit`/`unpin` released it, or 0 */
	int block;		/* defined in this thread block, not yet run: only
				 * that block may use it; -1 once public */
	int get;		/* a pin-set name made by `get` (FOLL_GET) */
};

struct slot_table {
	struct slot *v;
	int n, cap;
};

struct script {
	char *file;		/* as messages show it ("<stdin>" for -) */
	char *src;
	struct stmt *stmts;	/* streamed: the set-up statements only */
	int nstmts, cap;
	/*
	 * Streamed (script_load_stream()): the file was checked whole, and
	 * each run reads it again statement by statement (parse_stream()), so
	 * a recording of millions of statements runs in bounded memory.
	 */
	int streamed;
	FILE *spool;		/* streamed from standard input or a pipe: the
				 * unlinked copy each run reads, or NULL */
	uint64_t stream_nstmts;	/* every statement, set-up included */
	uint64_t stream_bytes;	/* the file's size, for the progress line */
	struct slot_table slots[NR_SLOT_KINDS];
	struct mmk_config cfg;	/* from the set-up statements */
	struct dev_decl {	/* `device` statements, by device slot */
		int dax;
		uint64_t bytes, align;
	} devs[MMK_MAX_DEVICES];
};

/*
 * Read the streamed script @sc's file again and call @sink with each
 * statement that is not set-up, parsed exactly as the first pass did (the
 * same slots), in order; the statement is freed after.  Stops when @sink
 * returns nonzero.  @index gets each statement's index (set-up included),
 * @done the bytes read so far.  0, or -1 with "FILE: why" in @msg.
 */
int parse_stream(const struct script *sc,
		 int (*sink)(void *arg, const struct stmt *s, uint64_t index,
			     uint64_t done),
		 void *arg, char *msg, size_t size);

#endif

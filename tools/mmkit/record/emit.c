/* SPDX-License-Identifier: MIT */
/*
 * record/emit.c - the recording's text.  Faults arrive one page at a time;
 * a program that fills a buffer faults its pages in ascending order, so
 * consecutive pages of one address space touched the same way with nothing
 * in between become one `touch MM ADDR LEN r|w` (the statement makes one
 * access per page, in order: the same faults).  Any other statement ends
 * the run first, so the order of the recording is the order of events.
 */
#include <stdarg.h>
#include <sys/mman.h>

#include "record/record.h"

void emit_flush(struct recorder *rec)
{
	if (!rec->run_mm)
		return;
	fprintf(rec->out, "touch %s 0x%llx %lluK %c\n", rec->run_mm->name,
		(unsigned long long)rec->run_start,
		(unsigned long long)(rec->run_pages * (REC_PAGE / 1024)),
		rec->run_write ? 'w' : 'r');
	rec->statements++;
	rec->run_mm = NULL;
}

void emit(struct recorder *rec, const char *fmt, ...)
{
	va_list ap;

	emit_flush(rec);
	va_start(ap, fmt);
	vfprintf(rec->out, fmt, ap);
	va_end(ap);
	fputc('\n', rec->out);
	rec->statements++;
}

void emit_touch(struct recorder *rec, struct rmm *mm, uint64_t addr, int write)
{
	addr &= ~(REC_PAGE - 1);
	rec->touches++;
	if (rec->run_mm == mm && rec->run_write == write &&
	    rec->run_start + rec->run_pages * REC_PAGE == addr) {
		rec->run_pages++;
		return;
	}
	emit_flush(rec);
	rec->run_mm = mm;
	rec->run_start = addr;
	rec->run_pages = 1;
	rec->run_write = write;
}

/*
 * x86 has no write-only or execute-only pages (without protection keys):
 * PROT_WRITE reads too, PROT_EXEC reads too.
 */
const char *prot_word(int prot)
{
	int w = prot & PROT_WRITE, x = prot & PROT_EXEC;

	if (!(prot & (PROT_READ | PROT_WRITE | PROT_EXEC)))
		return "none";
	if (w && x)
		return "rwx";
	if (w)
		return "rw";
	if (x)
		return "rx";
	return "r";
}

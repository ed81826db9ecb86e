/* SPDX-License-Identifier: MIT */
/*
 * pgtable_types.h - page-table entries: their layout and predicates, with
 * Linux's names (the walk API is pgtable.h).
 *
 * Glossary (as drivers/iommu/generic_pt does it):
 *  - Levels: PGD (level 4, the root, one per mm), PUD (3), PMD (2), PTE (1,
 *    the leaf level).  x86-64 4-level layout: 48-bit virtual addresses,
 *    9 index bits per level, 4 KiB pages:
 *        47    39 38    30 29    21 20    12 11       0
 *       [ PGD   ][ PUD   ][ PMD   ][ PTE   ][ offset  ]
 *    A PMD entry maps 2 MiB, a PUD entry 1 GiB, a PGD entry 512 GiB.
 *  - A table is one 4 KiB frame of 512 entries; an entry is one 64-bit
 *    word; a leaf entry maps memory, a table entry points at the next
 *    level's table.  PMD and PUD entries can be leaves (huge bit).
 *  - Ranges are half-open: [start, end).
 *
 * Entry bits are x86-64's: present(0) rw(1) user(2) accessed(5) dirty(6)
 * pse/huge(7) protnone(8, only when !present) special(9) devmap(58) nx(63),
 * pfn in bits 12..51.  A non-present, non-protnone, non-zero entry is a
 * "swap-style" entry: type in bits 1..4, young(5) dirty(6) as Linux keeps
 * them in migration entries, the pfn in bits 12..51.
 *
 * Memory-ordering contract: entries are only ever loaded and stored whole,
 * atomically (sync.h entry_*), so lockless readers see either the old or
 * the new value.  Writers of PTEs hold the table's PTL; writers of PMD
 * entries hold the pmd lock (the PMD table's PTL); writers of PUD and PGD
 * entries hold mm->page_table_lock; exceptions are written where they
 * happen (free_pgtables with the mmap_lock held for write; the hardware
 * walker's accessed/dirty cmpxchg).
 */
#ifndef MMK_PGTABLE_TYPES_H
#define MMK_PGTABLE_TYPES_H

#include <stdint.h>
#include "sync.h"
#include "mmkit/mm.h"

typedef uint64_t pte_t;
typedef uint64_t pmd_t;
typedef uint64_t pud_t;
typedef uint64_t pgd_t;
typedef uint64_t pgprot_t;

#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)
#define PAGE_MASK (~(PAGE_SIZE - 1))
#define PTRS_PER_TABLE 512
#define PMD_SHIFT 21
#define PUD_SHIFT 30
#define PGDIR_SHIFT 39
#define PMD_SIZE (1UL << PMD_SHIFT)
#define PUD_SIZE (1UL << PUD_SHIFT)
#define PGDIR_SIZE (1UL << PGDIR_SHIFT)
#define PMD_MASK (~(PMD_SIZE - 1))
#define PUD_MASK (~(PUD_SIZE - 1))
#define PGDIR_MASK (~(PGDIR_SIZE - 1))
#define TASK_SIZE MMK_TASK_SIZE	/* include/mmkit/mm.h */
/* The end of what user page tables map (Linux's USER_PGTABLES_CEILING). */
#define USER_PGTABLES_CEILING (1ULL << 47)

#define _PAGE_PRESENT (1UL << 0)
#define _PAGE_RW (1UL << 1)
#define _PAGE_USER (1UL << 2)
#define _PAGE_ACCESSED (1UL << 5)
#define _PAGE_DIRTY (1UL << 6)
#define _PAGE_PSE (1UL << 7)
#define _PAGE_PROTNONE (1UL << 8)
#define _PAGE_SPECIAL (1UL << 9)
#define _PAGE_DEVMAP (1UL << 58)
#define _PAGE_NX (1UL << 63)
#define PTE_PFN_MASK 0x000ffffffffff000UL
#define _PAGE_TABLE (_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED | _PAGE_DIRTY)
/* Bits pte_modify() keeps: everything but the protection. */
#define _PAGE_CHG_MASK (PTE_PFN_MASK | _PAGE_ACCESSED | _PAGE_DIRTY | \
			_PAGE_SPECIAL | _PAGE_DEVMAP | _PAGE_PSE)

static inline unsigned long pgd_index(uint64_t a) { return (a >> PGDIR_SHIFT) & 511; }
static inline unsigned long pud_index(uint64_t a) { return (a >> PUD_SHIFT) & 511; }
static inline unsigned long pmd_index(uint64_t a) { return (a >> PMD_SHIFT) & 511; }
static inline unsigned long pte_index(uint64_t a) { return (a >> PAGE_SHIFT) & 511; }

/* End of the level-@size region containing @addr, clamped to @end. */
static inline uint64_t pgtable_addr_end(uint64_t addr, uint64_t end, uint64_t size)
{
	uint64_t boundary = (addr + size) & ~(size - 1);
	return (boundary - 1 < end - 1) ? boundary : end;
}
#define pmd_addr_end(a, e) pgtable_addr_end(a, e, PMD_SIZE)
#define pud_addr_end(a, e) pgtable_addr_end(a, e, PUD_SIZE)
#define pgd_addr_end(a, e) pgtable_addr_end(a, e, PGDIR_SIZE)

/* ---- PTE predicates and modifiers ---- */
static inline bool pte_none(pte_t p) { return p == 0; }
/* As on x86: a PROT_NONE entry is "present" to software, not to hardware. */
static inline bool pte_present(pte_t p) { return p & (_PAGE_PRESENT | _PAGE_PROTNONE); }
static inline bool pte_hw_present(pte_t p) { return p & _PAGE_PRESENT; }
static inline bool pte_protnone(pte_t p)
{
	return (p & (_PAGE_PRESENT | _PAGE_PROTNONE)) == _PAGE_PROTNONE;
}
static inline bool pte_write(pte_t p) { return p & _PAGE_RW; }
static inline bool pte_dirty(pte_t p) { return p & _PAGE_DIRTY; }
static inline bool pte_young(pte_t p) { return p & _PAGE_ACCESSED; }
static inline bool pte_special(pte_t p) { return p & _PAGE_SPECIAL; }
static inline bool pte_devmap(pte_t p) { return p & _PAGE_DEVMAP; }
static inline uint64_t pte_pfn(pte_t p) { return (p & PTE_PFN_MASK) >> PAGE_SHIFT; }
static inline pte_t pte_mkwrite(pte_t p) { return p | _PAGE_RW; }
static inline pte_t pte_wrprotect(pte_t p) { return p & ~_PAGE_RW; }
static inline pte_t pte_mkdirty(pte_t p) { return p | _PAGE_DIRTY; }
static inline pte_t pte_mkclean(pte_t p) { return p & ~_PAGE_DIRTY; }
static inline pte_t pte_mkyoung(pte_t p) { return p | _PAGE_ACCESSED; }
static inline pte_t pte_mkold(pte_t p) { return p & ~_PAGE_ACCESSED; }
static inline pte_t pte_mkspecial(pte_t p) { return p | _PAGE_SPECIAL; }
static inline pte_t pfn_pte(uint64_t pfn, pgprot_t prot)
{
	return (pfn << PAGE_SHIFT) | prot;
}
static inline pte_t pte_modify(pte_t p, pgprot_t newprot)
{
	return (p & _PAGE_CHG_MASK) | (newprot & ~_PAGE_CHG_MASK);
}
static inline bool pte_same(pte_t a, pte_t b) { return a == b; }

/* ---- swap-style (non-present) entries ---- */
enum swp_type {
	SWP_NONE_TYPE = 0,
	SWP_MIGRATION_READ = 1,
	SWP_MIGRATION_READ_EXCLUSIVE = 2,
	SWP_MIGRATION_WRITE = 3,
	SWP_DEVICE_READ = 4,
	SWP_DEVICE_WRITE = 5,
	SWP_DEVICE_EXCLUSIVE = 6,
};
#define SWP_TYPE_SHIFT 1
#define SWP_TYPE_MASK (0xfUL << SWP_TYPE_SHIFT)

/*
 * PTE_POISON - what every entry of a freed page-table frame holds while the
 * invariant checker quarantines it (page_table_check.c).  0x6b is the
 * kernel's POISON_FREE byte; the low bits are chosen so that no decoder
 * takes it for anything real: not none, not present, not PROT_NONE (bit 8
 * clear), not huge, swap type 15, which no entry ever uses (so neither a
 * migration nor a device entry), and a pfn far beyond any machine's RAM.
 * A walker that reads it used a table after it was freed (invariant 1).
 */
#define PTE_POISON 0x6b6b6b6b6b6b6a1eULL
#define SWP_TYPE_POISON 15
static inline bool is_swap_pte(pte_t p) { return !pte_none(p) && !pte_present(p); }
static inline unsigned int swp_type(pte_t p)
{
	return (p & SWP_TYPE_MASK) >> SWP_TYPE_SHIFT;
}
static inline pte_t swp_entry_to_pte(unsigned int type, uint64_t pfn)
{
	return ((uint64_t)type << SWP_TYPE_SHIFT) | (pfn << PAGE_SHIFT);
}
static inline bool is_migration_entry(pte_t p)
{
	unsigned int t = swp_type(p);
	return is_swap_pte(p) && t >= SWP_MIGRATION_READ && t <= SWP_MIGRATION_WRITE;
}
static inline bool is_device_private_entry(pte_t p)
{
	unsigned int t = swp_type(p);
	return is_swap_pte(p) && (t == SWP_DEVICE_READ || t == SWP_DEVICE_WRITE);
}

/* ---- PMD / PUD / PGD entries ---- */
static inline bool pmd_none(pmd_t p) { return p == 0; }
/*
 * As on x86, a huge bit alone also counts as present: a split marks the
 * leaf invalid (pmd_mkinvalid) while it builds the PTE table, and a
 * lockless walker must see a leaf to lock and look at again, not a none
 * entry to skip.  The hardware walker tests _PAGE_PRESENT itself.
 */
static inline bool pmd_present(pmd_t p)
{
	return p & (_PAGE_PRESENT | _PAGE_PROTNONE | _PAGE_PSE);
}
/* What pmdp_invalidate leaves: the hardware cannot use it, walkers see a leaf. */
static inline pmd_t pmd_mkinvalid(pmd_t p) { return p & ~(_PAGE_PRESENT | _PAGE_PROTNONE); }
static inline bool pmd_leaf(pmd_t p) { return pmd_present(p) && (p & _PAGE_PSE); }
#define pmd_trans_huge pmd_leaf
static inline bool pmd_devmap(pmd_t p) { return p & _PAGE_DEVMAP; }
/* A table entry must look exactly like _PAGE_TABLE plus a pfn. */
static inline bool pmd_bad(pmd_t p) { return (p & ~PTE_PFN_MASK) != _PAGE_TABLE; }
static inline uint64_t pmd_pfn(pmd_t p) { return (p & PTE_PFN_MASK) >> PAGE_SHIFT; }
static inline bool pmd_same(pmd_t a, pmd_t b) { return a == b; }
static inline pmd_t pfn_table(uint64_t pfn) { return (pfn << PAGE_SHIFT) | _PAGE_TABLE; }
#define pud_none pmd_none
#define pud_present pmd_present
#define pud_leaf pmd_leaf
#define pud_bad pmd_bad
#define pud_pfn pmd_pfn
#define pgd_none pmd_none
#define pgd_bad pmd_bad
#define pgd_pfn pmd_pfn

/* Protections for a VMA's flags (Linux's vm_get_page_prot on x86). */
pgprot_t vm_get_page_prot(unsigned long vm_flags);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * machine.c - creating and destroying a simulated machine; its
 * configuration, policies by name, machine-wide statistics, sync and
 * fault injection.  Nothing here is on a hot path.
 */
#include <string.h>
#include "page_alloc.h"
#include "mmap.h"
#include "pgtable.h"
#include "tlb.h"
#include "memremap.h"
#include "pt_policy.h"
#include "page_table_check.h"

void mmk_config_init(struct mmk_config *cfg)
{
	misuse_null(cfg);
	memset(cfg, 0, sizeof(*cfg));
	cfg->ram_bytes = 1ULL << 30;
	cfg->ncpus = 2;
	cfg->gather_pages = 64;
	cfg->policy = MMK_POLICY_LINUX;
	cfg->device_bytes = 1ULL << 30;
	cfg->shmem_thp = MMK_THP_NEVER;
}

static const char *const counter_names[MMK_PTC_NR] = {
	[MMK_PTC_WALKS] = "walks",
	[MMK_PTC_WALK_ATOMICS] = "walk_atomics",
	[MMK_PTC_WALK_LOCKS] = "walk_locks",
	[MMK_PTC_RETRIES] = "retries",
	[MMK_PTC_RECHECKS] = "rechecks",
	[MMK_PTC_FAST] = "fast_path",
	[MMK_PTC_SLOW] = "slow_path",
	[MMK_PTC_FREED_PTE] = "freed_pte",
	[MMK_PTC_FREED_PMD] = "freed_pmd",
	[MMK_PTC_FREED_PUD] = "freed_pud",
	[MMK_PTC_QUEUED] = "queued",
};

const char *mmk_pt_counter_name(enum mmk_pt_counter c)
{
	return (unsigned int)c < MMK_PTC_NR ? counter_names[c] : "?";
}

void mmk_pt_counters(struct mmk_machine *m, uint64_t out[MMK_PTC_NR])
{
	misuse_null(m);
	misuse_null(out);
	for (int c = 0; c < MMK_PTC_NR; c++) {
		long long v = atomic64_read(&m->ptc[c]);
		for (unsigned int i = 0; i < m->cfg.ncpus; i++)
			v += atomic64_read(&m->cpus[i].ptc[c]);
		out[c] = (uint64_t)v;
	}
}

static const char *const bug_names[MMK_NR_BUGS] = {
	"gup_fast_no_rcu", "no_pmd_recheck", "reclaim_no_rescan", "migrate_no_dirty",
	"migrate_flush_late", "fork_share_pinned", "gup_no_unshare", "devmap_no_pgmap_ref",
	"tlb_no_flush_nested", "collapse_no_gup_fast_sync", "split_clears_pmd",
	"retract_no_pmd_recheck",
};

int mmk_bug_parse(const char *name)
{
	misuse_null(name);
	for (int i = 0; i < MMK_NR_BUGS; i++)
		if (!strcmp(name, bug_names[i]))
			return 1 << i;
	return -EINVAL;
}

const char *mmk_bug_name(unsigned int bug)
{
	for (int i = 0; i < MMK_NR_BUGS; i++)
		if (bug == 1u << i)
			return bug_names[i];
	return "?";
}

int mmk_machine_create(const struct mmk_config *cfg, struct mmk_machine **out)
{
	misuse_null(cfg);
	misuse_null(out);
	struct mmk_machine *m;
	int ret;

	if (cfg->ram_bytes < MMK_RAM_MIN || (cfg->ram_bytes & ~PAGE_MASK) ||
	    cfg->ram_bytes > MMK_RAM_MAX)
		return -EINVAL;
	if (cfg->ncpus < 1 || cfg->ncpus > MMK_MAX_CPUS)
		return -EINVAL;
	if (cfg->gather_pages < 1 || cfg->gather_pages > MMK_GATHER_MAX)
		return -EINVAL;
	if (!pt_policy_lookup((unsigned int)cfg->policy))
		return -EINVAL;
	if (cfg->bugs >> MMK_NR_BUGS)
		return -EINVAL;
	if ((unsigned int)cfg->thp > MMK_THP_NEVER)
		return -EINVAL;
	if ((cfg->device_bytes & ~PAGE_MASK) || cfg->device_bytes > MMK_DEVICE_BYTES_MAX)
		return -EINVAL;
	m = calloc(1, sizeof(*m));
	if (!m)
		return -ENOMEM;
	m->cfg = *cfg;
	pt_policy_attach(m, (unsigned int)cfg->policy);	/* checked above */
	spin_lock_init(&m->mm_list_lock, LOCK_RANK_MM_LIST);
	spin_lock_init(&m->pt_defer_lock, LOCK_RANK_PT_DEFER);
	m->nr_frames = cfg->ram_bytes >> PAGE_SHIFT;
	m->dev_base_pfn = m->dev_next_pfn = m->nr_frames + 1;
	m->dev_frames = cfg->device_bytes >> PAGE_SHIFT;
	spin_lock_init(&m->dev_lock, LOCK_RANK_DEV);
	m->cpus = calloc(cfg->ncpus, sizeof(*m->cpus));
	ret = m->cpus ? pt_check_init(m) : -ENOMEM;
	if (!ret) {
		ret = page_pool_init(m);
		if (ret)
			pt_check_destroy(m);
	}
	if (ret) {
		free(m->cpus);
		free(m);
		return ret;
	}
	for (unsigned int i = 0; i < cfg->ncpus; i++) {
		m->cpus[i].m = m;
		m->cpus[i].id = i;
		spin_lock_init(&m->cpus[i].tlb_lock, LOCK_RANK_TLB);
		spin_lock_init(&m->cpus[i].pcp_lock, LOCK_RANK_PCP);
	}
	*out = m;
	return 0;
}

void mmk_machine_destroy(struct mmk_machine *m)
{
	if (!m)
		return;
	misuse_if(m->mm_list, "an address space (id %llu) has not exited: "
		  "mmk_exit() every one first", (unsigned long long)m->mm_list->id);
	/* Release builds skip the check: tear them down rather than leak. */
	while (m->mm_list)
		mmk_exit(m->mm_list);
	exited_mms_free(m);
	pte_free_defer_flush(m);
	rcu_barrier();
	for (unsigned int i = 0; i < m->cfg.ncpus; i++) {
		int owner = atomic_load(&m->cpus[i].owner);

		misuse_if(owner && owner != mmk_self(), "CPU %u is still attached to "
			  "another thread (mmk_cpu_detach() it there first)", i);
	}
	mmk_cpu_detach(m);
	memremap_destroy(m);
	pt_check_destroy(m);	/* quarantined frames go with the RAM */
	page_pool_destroy(m);
	free(m->cpus);
	free(m);
}

const struct mmk_config *mmk_machine_config(const struct mmk_machine *m)
{
	misuse_null(m);
	return &m->cfg;
}

void mmk_machine_stats(struct mmk_machine *m, struct mmk_sys_stats *st)
{
	misuse_null(m);
	misuse_null(st);
	st->frames_total = m->nr_frames;
	st->frames_used = frames_used_read(m);
	st->frames_peak = frames_peak_read(m);
	st->pgtable_frames = (uint64_t)atomic64_read(&m->pgtable_frames);
	st->pending_free = (uint64_t)atomic64_read(&m->pending_free);
	st->pte_tables = (uint64_t)atomic64_read(&m->nr_tables[1]);
	st->pmd_tables = (uint64_t)atomic64_read(&m->nr_tables[2]);
	st->pud_tables = (uint64_t)atomic64_read(&m->nr_tables[3]);
	st->pte_tables_peak = (uint64_t)atomic64_read(&m->peak_tables[1]);
	st->pmd_tables_peak = (uint64_t)atomic64_read(&m->peak_tables[2]);
	st->pud_tables_peak = (uint64_t)atomic64_read(&m->peak_tables[3]);
	st->thp_fault_alloc = (uint64_t)atomic64_read(&m->thp_stat[THP_FAULT_ALLOC]);
	st->thp_fault_fallback = (uint64_t)atomic64_read(&m->thp_stat[THP_FAULT_FALLBACK]);
	st->thp_split_pmd = (uint64_t)atomic64_read(&m->thp_stat[THP_SPLIT_PMD]);
	st->thp_zero_page_alloc = (uint64_t)atomic64_read(&m->thp_stat[THP_ZERO_PAGE_ALLOC]);
	st->thp_collapse_alloc = (uint64_t)atomic64_read(&m->thp_stat[THP_COLLAPSE_ALLOC]);
	st->thp_split_page = (uint64_t)atomic64_read(&m->thp_stat[THP_SPLIT_PAGE]);
	st->thp_deferred_split_page =
		(uint64_t)atomic64_read(&m->thp_stat[THP_DEFERRED_SPLIT_PAGE]);
}

void mmk_sync(struct mmk_machine *m)
{
	misuse_null(m);
	pte_free_defer_flush(m);
	rcu_barrier();
}

void mmk_fail_nth_alloc(struct mmk_machine *m, uint64_t nth)
{
	misuse_null(m);
	atomic64_set(&m->fail_countdown, (long long)nth);
}

uint64_t mmk_injected_failures(struct mmk_machine *m)
{
	misuse_null(m);
	return (uint64_t)atomic64_read(&m->injected);
}

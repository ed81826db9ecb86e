/* SPDX-License-Identifier: MIT */
/*
 * report/in_lab.c - the sections of the race lab's `--json`: explore's
 * failing interleaving as a timeline and as swimlanes (one lane per
 * thread, every step with its statement, point and object, and where the
 * scheduler switched), with its replay token; stress's figures per
 * policy, its seed, and a violation's last operations per thread.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report/page.h"
#include "report/report.h"

#define MAX_LANES 34		/* the explorer's threads and its rcu thread */

static int lane_of(const char *const *lanes, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (name && !strcmp(lanes[i], name))
			return i;
	return -1;
}

/* Bug switches as "a, b", or "none". */
static void bug_list(const json_t *bugs, char *buf, size_t size)
{
	size_t i, len = 0;
	json_t *b;

	snprintf(buf, size, "none");
	json_array_foreach(bugs, i, b)
		if (len < size)
			len += (size_t)snprintf(buf + len, size - len, "%s%s", i ? ", " : "",
						json_string_value(b));
}

/* Who ran when: a dot per step in its thread's lane, switches marked. */
static void timeline(struct page *p, const json_t *steps, const char *const *lanes,
		     int nlanes)
{
	struct chart c;
	int ser[MAX_LANES], sw, pre;
	size_t i;
	json_t *st;

	chart_init(&c, "The failing interleaving, step by step", "step", "thread", "");
	c.note = "Each dot is one point of the synchronisation layer (a lock, an "
		 "atomic, a page-table entry read or write, RCU, a TLB fill or flush) "
		 "in the lane of the thread that reached it; purple rings mark where "
		 "the scheduler switched, red ones a preemption.  The swimlanes below "
		 "say what each step was.";
	c.lanes = lanes;
	c.nlanes = nlanes;
	c.no_table = 1;
	for (int l = 0; l < nlanes && l < CHART_MAX_SERIES - 2; l++) {
		ser[l] = chart_series(&c, lanes[l], STYLE_DOTS, l);
		c.s[ser[l]].size = 5;
	}
	sw = chart_series(&c, "switch", STYLE_DOTS, 3);
	pre = chart_series(&c, "preemption", STYLE_DOTS, 1);
	c.s[sw].size = c.s[pre].size = 13;
	json_array_foreach(steps, i, st) {
		int l = lane_of(lanes, nlanes, jstr(st, "thread"));
		int r = chart_row(&c, (double)i + 1, NULL);

		if (l < 0 || l >= CHART_MAX_SERIES - 2)
			continue;
		chart_set(&c, r, ser[l], l);
		if (json_is_true(json_object_get(st, "preempted")))
			chart_set(&c, r, pre, l);
		else if (jstr(st, "switch_to"))
			chart_set(&c, r, sw, l);
	}
	page_chart(p, &c);
}

static void swimlanes(struct page *p, const json_t *steps, const char *const *lanes,
		      int nlanes)
{
	const char *last[MAX_LANES] = { 0 };
	size_t i;
	json_t *st;

	page_para(p, "note", "Swimlanes: one column per thread; a statement's name "
		  "heads its first step after it began or after another thread ran.");
	page_lanes_begin(p, lanes, nlanes);
	json_array_foreach(steps, i, st) {
		const char *stmt = jstr(st, "statement"), *to = jstr(st, "switch_to");
		int preempted = json_is_true(json_object_get(st, "preempted"));
		struct lane_cell cell = { lane_of(lanes, nlanes, jstr(st, "thread")), NULL,
					  jstr(st, "kind"), jstr(st, "what"), NULL, 0 };
		char step[24], after[96];

		if (cell.lane < 0 || !cell.kind || !cell.text)
			continue;
		if (stmt && (!last[cell.lane] || strcmp(last[cell.lane], stmt)))
			cell.head = stmt;
		last[cell.lane] = stmt;
		if (to) {
			snprintf(after, sizeof(after), "-> %s%s runs", preempted ?
				 "PREEMPTED, " : "", to);
			cell.after = after;
			cell.mark = preempted ? 2 : 1;
			/* the lane's next step comes after another thread ran */
			last[cell.lane] = NULL;
		}
		snprintf(step, sizeof(step), "#%zu", i + 1);
		page_lanes_row(p, step, &cell);
	}
	page_lanes_end(p);
}

void in_explore(struct page *p, const char *name, json_t *doc)
{
	const json_t *v = json_object_get(doc, "violation");
	const json_t *steps = json_object_get(v, "steps");
	const char *lanes[MAX_LANES], *file = jstr(doc, "file") ? jstr(doc, "file") : "?";
	char bugs[256], cmd[8448];
	int nlanes = 0;
	size_t i;
	json_t *t;

	bug_list(json_object_get(doc, "bugs"), bugs, sizeof(bugs));
	page_section(p, "explore %s (policy %s, bugs: %s)", file,
		     jstr(doc, "policy") ? jstr(doc, "policy") : "?", bugs);
	page_para(p, "meta", "From %s: %.0f interleavings explored within %.0f "
		  "preemptions.", name, jnum(doc, "interleavings"),
		  jnum(doc, "preemptions_bound"));
	if (!json_is_object(v)) {
		page_para(p, "ok", "No violation in any interleaving.");
		return;
	}
	page_para(p, "alert", "Violation in interleaving %.0f (%.0f preemptions): %s",
		  jnum(v, "interleaving"), jnum(v, "preemptions"),
		  jstr(v, "message") ? jstr(v, "message") : "?");
	if (jstr(v, "checks"))
		page_para(p, "alert", "(%s)", jstr(v, "checks"));
	if (jstr(v, "token")) {
		page_para(p, "note", "Replay token %s: this command runs the same "
			  "interleaving again, with its trace:", jstr(v, "token"));
		snprintf(cmd, sizeof(cmd), "mmkit explore --replay %s %s", jstr(v, "token"),
			 file);
		page_code(p, cmd);
	}
	json_array_foreach(json_object_get(v, "threads"), i, t)
		if (nlanes < MAX_LANES && json_string_value(t))
			lanes[nlanes++] = json_string_value(t);
	if (!json_array_size(steps) || !nlanes) {
		page_para(p, "note", "No trace in this input (replay the token to see it).");
		return;
	}
	timeline(p, steps, lanes, nlanes);
	swimlanes(p, steps, lanes, nlanes);
}

/* The figures of each policy's run, as stress --json names them. */
static const char *const stress_keys[] = {
	"operations", "seconds", "ops_per_second", "values_checked", "values_exact",
	"writes", "pins", "dma", "zaps", "mprotect_mremap_munmap", "forks",
	"migrations", "dax_pins", "unbinds", "collapses", "freed_pte", "freed_fast", "freed_slow",
	"full_checks",
};
enum { NSTRESS = sizeof(stress_keys) / sizeof(stress_keys[0]) };

/* Operations per second, and the mix of operations, per policy. */
static void stress_charts(struct page *p, const json_t *pols)
{
	const char *cats[CHART_MAX_SERIES], *pol;
	struct chart c;
	int speed, n = 0;
	json_t *v;

	chart_init(&c, "Operations per second, per policy", "policy", "operations per second",
		   "");
	c.note = "All threads together, with the invariant checker on: a rate of "
		 "this run on this machine, not a benchmark.";
	speed = chart_series(&c, "operations per second", STYLE_BARS, 0);
	json_object_foreach((json_t *)pols, pol, v) {
		if (n == CHART_MAX_SERIES)
			break;
		cats[n] = pol;
		chart_set(&c, chart_row(&c, n++, NULL), speed, jnum(v, "ops_per_second"));
	}
	c.xcats = cats;
	c.ncats = n;
	page_chart(p, &c);

	chart_init(&c, "What the threads did, per policy", "figure", "count", "");
	c.note = "Log scale.  Counts of operations by kind, and of PTE tables freed "
		 "(fast and slow path of the policy's reclaim).";
	c.y[0].log = 1;
	n = 0;
	json_object_foreach((json_t *)pols, pol, v)
		if (n++ < CHART_MAX_SERIES)
			chart_series(&c, pol, STYLE_DOTS, n - 1);
	for (int k = 5; k < NSTRESS - 1; k++) {
		int r = chart_row(&c, k - 5, NULL), s = 0;

		json_object_foreach((json_t *)pols, pol, v) {
			double x = jnum(v, stress_keys[k]);

			if (s < c.ns)
				chart_set(&c, r, s, x > 0 ? x : NAN);	/* log scale */
			s++;
		}
	}
	c.xcats = stress_keys + 5;
	c.ncats = NSTRESS - 6;
	page_chart(p, &c);
}

/* The last operations of each thread, oldest first, side by side. */
static void last_ops(struct page *p, const json_t *last)
{
	const char *head[MAX_LANES], *th;
	const json_t *col[MAX_LANES];
	size_t rows = 0;
	int n = 0;
	json_t *v;

	json_object_foreach((json_t *)last, th, v) {
		if (n == MAX_LANES)
			break;
		head[n] = th;
		col[n++] = v;
		if (json_array_size(v) > rows)
			rows = json_array_size(v);
	}
	if (!n)
		return;
	page_h3(p, "The last operations of each thread (oldest first)");
	page_table_begin(p, "lanes", head, n);
	for (size_t r = 0; r < rows; r++) {
		const char *row[MAX_LANES];

		for (int k = 0; k < n; k++)
			row[k] = json_string_value(json_array_get(col[k], r));
		page_table_row(p, row, n);
	}
	page_table_end(p);
}

void in_stress(struct page *p, const char *name, json_t *doc)
{
	const json_t *v = json_object_get(doc, "violation");
	char bugs[256];

	bug_list(json_object_get(doc, "bugs"), bugs, sizeof(bugs));
	page_section(p, "stress (seed %.0f)", jnum(doc, "seed"));
	page_para(p, "meta", "From %s: %.0f threads, bugs: %s; %.0f operations.", name,
		  jnum(doc, "threads"), bugs, jnum(doc, "operations"));
	if (json_is_object(v)) {
		page_para(p, "alert", "Violation under policy %s after %.2f s and %.0f "
			  "operations: %s", jstr(v, "policy") ? jstr(v, "policy") : "?",
			  jnum(v, "seconds"), jnum(v, "operations"),
			  jstr(v, "what") ? jstr(v, "what") : "?");
		if (jstr(v, "address"))
			page_para(p, "alert", "address %s; found by %s", jstr(v, "address"),
				  jstr(v, "found_by") ? jstr(v, "found_by") : "?");
		if (jstr(v, "replay")) {
			page_para(p, "note", "To run the same operation streams again (the "
				  "interleaving differs; it may take a few runs):");
			page_code(p, jstr(v, "replay"));
		}
	} else {
		page_para(p, "ok", "No violation in %.0f operations (seed %.0f).",
			  jnum(doc, "operations"), jnum(doc, "seed"));
	}
	stress_charts(p, json_object_get(doc, "policies"));
	figures_table(p, "Figures per policy", json_object_get(doc, "policies"), NULL,
		      stress_keys, NSTRESS);
	if (json_is_object(v))
		last_ops(p, json_object_get(v, "last_operations"));
}

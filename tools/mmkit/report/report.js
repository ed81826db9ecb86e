/* SPDX-License-Identifier: MIT */
/*
 * report/report.js - draws the charts of a page `mmkit report` wrote, with
 * uPlot (inlined before this script), then checks itself.
 *
 * The page carries every chart as a spec in the JSON block #mmkit-charts,
 * keyed by the id of its <div class="chart">; report/chart.c writes them:
 *   type    "plain", or "stacked": the series marked stack are drawn as
 *           areas stacked in series order
 *   x       {label, unit, cats}: cats names categories 0..n-1
 *   y       [{label, unit, log}, ...]: one or two axes (left, right)
 *   lanes   names of lanes 0..m-1 on the y axis (a timeline), or absent
 *   series  [{name, axis, style ("line", "dots", "bars"), size (of dots),
 *           dash, stack, color}]
 *   data    [x[], y1[], y2[], ...]: null where a series has no value
 * Units: "B" (bytes, shown as KiB/MiB/GiB), "KiB", "%", "x" or "".
 *
 * All the logic about what to draw is in C: this file only turns specs
 * into uPlot options.  The numbers are in the table beside each chart.
 *
 * Self-check: once drawn, each chart must have a canvas of non-zero size
 * with coloured pixels on it (grids and labels are grey: colour means a
 * series was drawn), each lane table rows; the verdict goes into
 * #mmkit-selfcheck as "selfcheck: ok charts=N/N tables=M errors=0" (or
 * FAILED, with the reasons), which tests/report/browser.sh reads.
 */
(function () {
	'use strict';
	var PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e',
		       '#17becf', '#8c564b', '#e377c2', '#bcbd22', '#7f7f7f'];
	var HEIGHT = 300;
	var plots = [];

	function colour(k, alpha) {
		var c = PALETTE[(k || 0) % PALETTE.length];

		if (alpha === undefined)
			return c;
		return c + ('0' + Math.round(alpha * 255).toString(16)).slice(-2);
	}

	/* A value as its unit reads best: bytes in binary multiples. */
	function fmt(v, unit) {
		var units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'], k = 0;

		if (v === null || v === undefined || isNaN(v))
			return '-';
		if (unit === 'B' || unit === 'KiB') {
			k = unit === 'KiB' ? 1 : 0;
			while (Math.abs(v) >= 1024 && k < units.length - 1) {
				v /= 1024;
				k++;
			}
			return (Math.round(v * 10) / 10) + ' ' + units[k];
		}
		if (unit === '%')
			return (Math.round(v * 100) / 100) + '%';
		if (Math.abs(v) >= 1e6 || (Math.abs(v) < 1e-3 && v !== 0))
			return v.toExponential(2) + (unit ? ' ' + unit : '');
		return (Math.round(v * 1000) / 1000) + (unit ? ' ' + unit : '');
	}

	/* Stacked areas: cumulative sums to draw, bands between neighbours. */
	function stack(spec) {
		var data = [spec.data[0]], bands = [], below = null, prev = -1;

		spec.series.forEach(function (s, i) {
			var raw = spec.data[i + 1], col;

			if (!s.stack) {
				data.push(raw);
				return;
			}
			col = raw.map(function (v, j) {
				return (v === null ? 0 : v) + (below ? below[j] : 0);
			});
			if (prev >= 0)
				bands.push({ series: [i + 1, prev + 1], fill: colour(s.color, 0.35) });
			below = col;
			prev = i;
			data.push(col);
		});
		return { data: data, bands: bands };
	}

	function categoryAxis(names) {
		return {
			splits: function () {
				return names.map(function (_, i) { return i; });
			},
			values: function (u, splits) {
				return splits.map(function (i) { return names[i] === undefined ? '' : names[i]; });
			},
		};
	}

	function options(spec, width) {
		var xunit = spec.x.unit || '', o, stacked = null;
		var yaxes = spec.y || [{ label: '' }];

		o = {
			width: width,
			height: HEIGHT,
			scales: { x: { time: false } },
			series: [{ label: spec.x.label, value: function (u, v) { return spec.x.cats ? spec.x.cats[v] : fmt(v, xunit); } }],
			axes: [{ label: spec.x.label, values: function (u, splits) {
				return splits.map(function (v) { return fmt(v, xunit); });
			} }],
			legend: { live: true },
			cursor: { drag: { x: true, y: false } },
		};
		if (spec.x.cats) {
			o.scales.x.range = function () { return [-0.5, spec.x.cats.length - 0.5]; };
			Object.assign(o.axes[0], categoryAxis(spec.x.cats));
		}
		yaxes.forEach(function (a, k) {
			var key = k ? 'y2' : 'y', ax = { scale: key, label: a.label, size: 70 };

			o.scales[key] = a.log ? { distr: 3 } : {};
			ax.values = function (u, splits) {
				return splits.map(function (v) { return fmt(v, a.unit); });
			};
			if (k)
				ax.side = 1;
			if (k)
				ax.grid = { show: false };
			if (spec.lanes && !k) {
				o.scales.y.range = function () { return [-0.5, spec.lanes.length - 0.5]; };
				Object.assign(ax, categoryAxis(spec.lanes));
			}
			o.axes.push(ax);
		});
		if (spec.type === 'stacked') {
			stacked = stack(spec);
			o.bands = stacked.bands;
		}
		spec.series.forEach(function (s, i) {
			var a = yaxes[s.axis || 0] || yaxes[0], raw = spec.data[i + 1];
			var so = {
				label: s.name,
				scale: s.axis ? 'y2' : 'y',
				stroke: colour(s.color),
				width: 2,
				spanGaps: true,
				value: function (u, v, si, idx) {
					if (spec.lanes)
						return idx === null || raw[idx] === null ? '-' : 'runs';
					return fmt(idx === null ? v : raw[idx], a.unit);
				},
			};
			if (s.dash)
				so.dash = [6, 4];
			if (s.style === 'dots') {
				so.paths = function () { return null; };
				so.points = { show: true, size: s.size || 8, width: 1, fill: colour(s.color) };
			} else if (s.style === 'bars') {
				so.paths = uPlot.paths.bars({ size: [0.6, 80] });
				so.fill = colour(s.color, 0.7);
				so.points = { show: false };
			} else {
				so.points = { show: raw.length < 60 };
				/* the lowest stacked area fills to zero, the others to it */
				if (s.stack && !(o.bands || []).some(function (b) { return b.series[0] === i + 1; }))
					so.fill = colour(s.color, 0.35);
			}
			o.series.push(so);
		});
		return { opts: o, data: stacked ? stacked.data : spec.data };
	}

	function draw(el, spec) {
		var width = Math.max(el.clientWidth, 320), built = options(spec, width);
		var u = new uPlot(built.opts, built.data, el);

		plots.push({ el: el, u: u });
	}

	/* Coloured pixels on the canvas: some series was drawn. */
	function painted(canvas) {
		var ctx = canvas.getContext('2d'), d, n = 0;

		if (!ctx)
			return false;
		d = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
		for (var i = 0; i < d.length; i += 16) {
			var hi = Math.max(d[i], d[i + 1], d[i + 2]), lo = Math.min(d[i], d[i + 1], d[i + 2]);

			if (d[i + 3] > 64 && hi - lo > 60)
				n++;
		}
		return n >= 5;
	}

	function selfcheck() {
		var bad = [], charts = document.querySelectorAll('div.chart'), ok = 0;
		var tables = document.querySelectorAll('table.lanes'), rows = 0;
		var out = document.getElementById('mmkit-selfcheck');
		var errors = window.mmkitErrors || ['guard.js did not run'];

		charts.forEach(function (el) {
			var c = el.querySelector('canvas');

			if (!c || !c.width || !c.height)
				bad.push(el.id + ': no canvas');
			else if (!painted(c))
				bad.push(el.id + ': nothing drawn');
			else
				ok++;
		});
		tables.forEach(function (t) {
			if (t.tBodies.length && t.tBodies[0].rows.length)
				rows++;
			else
				bad.push('an empty lane table');
		});
		out.textContent = 'selfcheck: ' + (bad.length || errors.length ? 'FAILED' : 'ok') +
			' charts=' + ok + '/' + charts.length + ' tables=' + rows + '/' +
			tables.length + ' errors=' + errors.length +
			(bad.length ? '\nnot drawn: ' + bad.join('; ') : '') +
			(errors.length ? '\nerrors: ' + errors.join('; ') : '');
		out.hidden = !bad.length && !errors.length;
	}

	/* A table as tab-separated text, for the clipboard. */
	function tsv(table) {
		return Array.prototype.map.call(table.rows, function (r) {
			return Array.prototype.map.call(r.cells, function (c) {
				return c.textContent.trim();
			}).join('\t');
		}).join('\n');
	}

	function copy(button) {
		var table = button.parentNode.querySelector('table'), text = tsv(table);
		var done = function () { button.textContent = 'copied'; };

		if (navigator.clipboard && window.isSecureContext) {
			navigator.clipboard.writeText(text).then(done, function () {
				button.textContent = 'select the table to copy';
			});
			return;
		}
		/* file:// pages may have no clipboard API: select, then copy. */
		var range = document.createRange(), sel = window.getSelection();

		range.selectNodeContents(table);
		sel.removeAllRanges();
		sel.addRange(range);
		try {
			if (document.execCommand('copy'))
				done();
		} catch (e) {
			button.textContent = 'selected: press Ctrl+C';
		}
	}

	function main() {
		var specs = JSON.parse(document.getElementById('mmkit-charts').textContent);

		document.querySelectorAll('div.chart').forEach(function (el) {
			try {
				draw(el, specs[el.id]);
			} catch (e) {
				window.mmkitErrors.push(el.id + ': ' + e);
			}
		});
		document.querySelectorAll('button.copy').forEach(function (b) {
			b.addEventListener('click', function () { copy(b); });
		});
		window.addEventListener('resize', function () {
			plots.forEach(function (p) {
				p.u.setSize({ width: Math.max(p.el.clientWidth, 320), height: HEIGHT });
			});
		});
		/* uPlot draws on the next frame: check after it. */
		setTimeout(selfcheck, 100);
	}

	main();
})();

/* SPDX-License-Identifier: MIT */
/*
 * report/guard.js - the first script of every page `mmkit report` writes:
 * it records every error the page meets (script errors, rejected promises,
 * console.error and console.warn, a resource that failed to load, anything
 * the page's Content-Security-Policy blocked: the page must fetch nothing),
 * so that report.js's self-check can show them, and the browser test
 * (tests/report/browser.sh) fail on them.
 */
(function () {
	'use strict';
	var errors = [];

	window.mmkitErrors = errors;
	function note(what) {
		errors.push(String(what));
	}
	/* Capture phase: a script or stylesheet that failed to load does not bubble. */
	window.addEventListener('error', function (e) {
		if (e.message)
			note(e.message + ' (' + e.filename + ':' + e.lineno + ')');
		else
			note('failed to load ' + ((e.target && (e.target.src || e.target.href)) || 'a resource'));
	}, true);
	window.addEventListener('unhandledrejection', function (e) {
		note('unhandled rejection: ' + e.reason);
	});
	document.addEventListener('securitypolicyviolation', function (e) {
		note('blocked by the page\'s policy (' + e.violatedDirective + '): ' + e.blockedURI);
	});
	['error', 'warn'].forEach(function (level) {
		var orig = console[level];

		console[level] = function () {
			note('console.' + level + ': ' + Array.prototype.join.call(arguments, ' '));
			return orig.apply(console, arguments);
		};
	});
})();

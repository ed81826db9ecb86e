/* SPDX-License-Identifier: MIT */
/*
 * report/assets.h - what every page of `mmkit report` carries inline: uPlot
 * (its minified script, styles and licence, fetched by scripts/uplot.sh)
 * and the report's own script and styles (report/guard.js, report.js,
 * report.css).  The build writes them into report_assets.c
 * (cmake/embed.cmake): each a NUL-terminated array and its length.
 */
#ifndef MMKIT_TOOL_REPORT_ASSETS_H
#define MMKIT_TOOL_REPORT_ASSETS_H

extern const char report_uplot_js[], report_uplot_css[], report_uplot_license[];
extern const char report_guard_js[], report_js[], report_css[];
extern const unsigned long report_uplot_js_len, report_uplot_css_len,
	report_uplot_license_len, report_guard_js_len, report_js_len, report_css_len;

#endif

/* SPDX-License-Identifier: MIT */
/*
 * bench/stats.c - medians, quartiles, confidence intervals and paired
 * ratios of samples (bench/stats.h).
 */
#include <math.h>
#include <stdlib.h>

#include "bench/stats.h"

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

struct stats stats_of(const double *v, int n)
{
	struct stats st = { NAN, NAN, NAN, NAN, NAN, NAN, NAN, 0 };
	double *s;
	int k = 0;

	if (n <= 0 || !(s = malloc((size_t)n * sizeof(*s))))
		return st;
	for (int i = 0; i < n; i++)
		if (isfinite(v[i]))
			s[k++] = v[i];
	n = k;
	if (!n) {
		free(s);
		return st;
	}
	qsort(s, (size_t)n, sizeof(*s), cmp_double);
	st.n = n;
	st.min = s[0];
	st.max = s[n - 1];
	st.med = n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
	st.q1 = s[(n - 1) / 4];
	st.q3 = s[(3 * (n - 1) + 3) / 4];
	{
		double half = 0.98 * sqrt((double)n);
		int lo = (int)floor((double)n / 2 - half), hi = (int)ceil((double)n / 2 + half) - 1;

		st.ci_lo = s[lo < 0 ? 0 : lo];
		st.ci_hi = s[hi >= n ? n - 1 : hi];
	}
	free(s);
	return st;
}

struct stats paired(const double *a, int na, const double *b, int nb)
{
	int n = na < nb ? na : nb, k = 0;
	double *r = n > 0 ? malloc((size_t)n * sizeof(*r)) : NULL;
	struct stats st;

	for (int i = 0; r && i < n; i++)
		if (b[i] > 0 && isfinite(a[i]) && isfinite(b[i]))
			r[k++] = a[i] / b[i];
	st = stats_of(r, k);
	free(r);
	return st;
}

#!/usr/bin/python3
"""Reference values for clinreg's shift statistics (src/stats/), from scipy 1.10.

Run with the Debian interpreter (scipy 1.10.1, numpy 1.24):
    /usr/bin/python3 scripts/gen-shift-fixtures.py
Writes test/fixtures/checks/shift-stats.json. Tests read the JSON and never need Python.

Large samples are not stored: they are "golden-ratio" sequences that both languages compute
bit-identically, x_i = frac(i * 0.6180339887498949 + offset) * scale + shift (i = 0..n-1),
optionally rounded to `decimals` to create ties.
"""
import json
import math
import os

import numpy as np
import scipy
from scipy import stats
from scipy.stats.contingency import association

assert scipy.__version__.startswith('1.10'), scipy.__version__

PHI = 0.6180339887498949
OUT = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'checks', 'shift-stats.json')


def golden(spec):
    i = np.arange(spec['n'], dtype=np.float64)
    x = np.mod(i * PHI + spec['offset'], 1.0) * spec['scale'] + spec['shift']
    if spec.get('decimals') is not None:
        # Ties by flooring onto a grid; both languages compute floor(x * 10^d) / 10^d identically.
        f = 10.0 ** spec['decimals']
        x = np.floor(x * f) / f
    return x


def fl(x):
    return float(x)


def domain_classifier_cases(rng):
    """Per-site out-of-fold AUC of clinreg's domain classifier, rebuilt with scikit-learn:
    GroupKFold(5) over patient ids (increasing in row order, so both group encodings agree);
    per column mean/sd (ddof 0) over the training fold's observed values, NaN -> 0 after
    standardising, a missing indicator for each feature with missing values (standardised too);
    LogisticRegression(C=1) fitted to convergence; AUC of the pooled decision values."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import GroupKFold
    cases = []
    for shift in [0.0, 0.8]:
        sites = np.repeat(np.arange(3), [150, 120, 90])
        n = len(sites)
        patient = np.cumsum(rng.uniform(0, 1, n) < 0.7)  # 1-3 rows per patient, increasing ids
        x = np.round(rng.normal(0, 1, (n, 4)) + shift * np.array([1.0, 0.5, 0.0, -0.7])[None, :] * (sites[:, None] == 1), 3)
        x[:, 3] = np.round(x[:, 3] + shift * (sites == 2), 3)
        x[rng.uniform(0, 1, n) < 0.1 + 0.3 * shift * (sites == 0), 2] = np.nan
        cols = [x[:, j] for j in range(4)]
        for j in range(4):
            if np.isnan(x[:, j]).any():
                cols.append(np.isnan(x[:, j]).astype(float))
        X = np.array(cols).T
        folds = list(GroupKFold(5).split(X, groups=patient))
        aucs = []
        for s in range(3):
            score = np.zeros(n)
            for tr, te in folds:
                Z = np.zeros_like(X)
                for j in range(X.shape[1]):
                    obs = X[tr, j][~np.isnan(X[tr, j])]
                    mu, sd = obs.mean(), obs.std()
                    Z[:, j] = np.nan_to_num((X[:, j] - mu) / sd if sd > 0 else 0.0)
                m = LogisticRegression(C=1.0, tol=1e-12, max_iter=10000).fit(Z[tr], sites[tr] == s)
                score[te] = m.decision_function(Z[te])
            aucs.append(float(roc_auc_score(sites == s, score)))
        cases.append({'shift': shift, 'site': sites.tolist(), 'patient': patient.tolist(),
                      'x': [[None if np.isnan(v) else float(v) for v in x[:, j]] for j in range(4)], 'auc': aucs})
    return cases


def main():
    rng = np.random.default_rng(20240607)
    out = {'scipy': scipy.__version__, 'numpy': np.__version__}

    # --- two-sample KS on stored samples (exact path under 'auto') ---
    ks_cases = []
    shapes = [(5, 5, 0.0), (8, 13, 0.5), (30, 30, 0.3), (40, 73, 0.0), (100, 250, 0.4), (200, 200, 0.0),
              (303, 294, 0.2), (123, 797, 0.6), (7, 300, 1.0), (1, 9, 0.0), (57, 3, 2.0), (60, 90, 0.1)]
    for n1, n2, shift in shapes:
        a = np.round(rng.normal(0, 1, n1), 3)
        b = np.round(rng.normal(shift, 1.2, n2), 3)
        auto = stats.ks_2samp(a, b)
        asymp = stats.ks_2samp(a, b, method='asymp')
        ks_cases.append({'a': a.tolist(), 'b': b.tolist(), 'statistic': fl(auto.statistic), 'pvalue': fl(auto.pvalue),
                         'location': fl(auto.statistic_location), 'sign': int(auto.statistic_sign),
                         'asympStatistic': fl(asymp.statistic), 'asympPvalue': fl(asymp.pvalue)})
    # discrete data with heavy ties
    for n1, n2, p1, p2 in [(50, 80, 0.3, 0.5), (120, 200, 0.2, 0.2)]:
        a = rng.binomial(4, p1, n1).astype(float)
        b = rng.binomial(4, p2, n2).astype(float)
        auto = stats.ks_2samp(a, b)
        asymp = stats.ks_2samp(a, b, method='asymp')
        ks_cases.append({'a': a.tolist(), 'b': b.tolist(), 'statistic': fl(auto.statistic), 'pvalue': fl(auto.pvalue),
                         'location': fl(auto.statistic_location), 'sign': int(auto.statistic_sign),
                         'asympStatistic': fl(asymp.statistic), 'asympPvalue': fl(asymp.pvalue)})
    out['ks'] = ks_cases

    # --- two-sample KS on golden sequences (large: 'auto' is asymp above 10,000) ---
    ks_golden = []
    specs = [
        ({'n': 12000, 'offset': 0.1, 'scale': 1.0, 'shift': 0.0}, {'n': 9000, 'offset': 0.37, 'scale': 1.0, 'shift': 0.002}),
        ({'n': 250000, 'offset': 0.2, 'scale': 1.0, 'shift': 0.0}, {'n': 750000, 'offset': 0.7, 'scale': 1.0, 'shift': 0.0005}),
        ({'n': 250000, 'offset': 0.2, 'scale': 1.0, 'shift': 0.0}, {'n': 750000, 'offset': 0.7, 'scale': 1.02, 'shift': 0.0}),
        ({'n': 40000, 'offset': 0.3, 'scale': 1.0, 'shift': 0.0}, {'n': 60, 'offset': 0.5, 'scale': 1.0, 'shift': 0.05}),
        ({'n': 20000, 'offset': 0.0, 'scale': 1.0, 'shift': 0.0, 'decimals': 1},
         {'n': 15000, 'offset': 0.5, 'scale': 1.0, 'shift': 0.01, 'decimals': 1}),
        ({'n': 3000, 'offset': 0.11, 'scale': 1.0, 'shift': 0.0}, {'n': 2000, 'offset': 0.9, 'scale': 1.1, 'shift': -0.03}),
        ({'n': 5000, 'offset': 0.11, 'scale': 1.0, 'shift': 0.0}, {'n': 5000, 'offset': 0.9, 'scale': 1.0, 'shift': 0.01}),
    ]
    for sa, sb in specs:
        a, b = golden(sa), golden(sb)
        auto = stats.ks_2samp(a, b)
        asymp = stats.ks_2samp(a, b, method='asymp')
        ks_golden.append({'a': sa, 'b': sb, 'statistic': fl(auto.statistic), 'pvalue': fl(auto.pvalue),
                          'asympStatistic': fl(asymp.statistic), 'asympPvalue': fl(asymp.pvalue)})
    out['ksGolden'] = ks_golden

    # --- kstwo.sf over every branch of scipy's _kolmogn (incl. 2*smirnov, exact and approximate) ---
    kstwo = []
    for n in [1, 2, 5, 10, 50, 140, 141, 500, 1000, 20000, 100000, 100001, 187500, 1000000, 1200000]:
        xs = sorted(set([0.3 / n, 0.6 / n, 0.9 / n, 1.0 / n, 1.5 / n, 0.3 / math.sqrt(n), 0.5 / math.sqrt(n),
                         0.8 / math.sqrt(n), 1.0 / math.sqrt(n), 1.2 / math.sqrt(n), 1.6 / math.sqrt(n),
                         2.0 / math.sqrt(n), 3.0 / math.sqrt(n), 5.0 / math.sqrt(n), 0.45, 0.5, 0.7,
                         1 - 1.5 / n, 0.05, 0.01, 0.002]))
        for x in xs:
            if 0 < x < 1:
                kstwo.append({'n': n, 'x': x, 'sf': fl(stats.kstwo.sf(x, n))})
    out['kstwo'] = kstwo

    # --- chi-square contingency and Cramér's V ---
    tables = [[[10, 20], [30, 25]], [[3, 1], [1, 3]], [[120, 80], [90, 110]], [[10, 20, 30], [6, 9, 17]],
              [[5, 0, 7, 9], [12, 3, 3, 1], [4, 4, 4, 40]], [[1000, 2000, 3000, 1500, 500], [1100, 1900, 2800, 1700, 520]],
              [[291, 3], [324, 302]], [[40, 60], [40, 60]], [[12, 5, 7, 9, 11, 4], [13, 6, 8, 8, 10, 6]]]
    tables.append(rng.poisson(np.linspace(5, 60, 31), (2, 31)).tolist())
    tables.append((rng.poisson(np.linspace(20, 80, 51), (5, 51)) + np.arange(5)[:, None] * np.arange(51)[None, :] // 4).tolist())
    chi = []
    for t in tables:
        arr = np.array(t, dtype=float)
        r = stats.chi2_contingency(arr)
        r_nc = stats.chi2_contingency(arr, correction=False)
        chi.append({'table': t, 'statistic': fl(r[0]), 'pvalue': fl(r[1]), 'dof': int(r[2]),
                    'expected': r[3].tolist(), 'statisticNoCorrection': fl(r_nc[0]), 'pvalueNoCorrection': fl(r_nc[1]),
                    'cramersV': fl(association(arr.astype(int), method='cramer'))})
    out['chiSquare'] = chi

    # --- Wasserstein ---
    wass = []
    for n1, n2 in [(5, 7), (50, 50), (200, 131), (1, 1), (300, 20)]:
        a = np.round(rng.normal(0, 1, n1), 2)
        b = np.round(rng.gamma(2, 1, n2), 2)
        wass.append({'a': a.tolist(), 'b': b.tolist(), 'distance': fl(stats.wasserstein_distance(a, b))})
    out['wasserstein'] = wass

    # --- PSI (definition in src/stats/psi.ts, evaluated with numpy) ---
    def psi(ref, cur, bins=10, eps=1e-4):
        ref = np.sort(ref)
        q = np.quantile(ref, np.arange(1, bins) / bins)
        edges = []
        for e in q:
            if not edges or e > edges[-1]:
                edges.append(e)
        edges = np.array(edges)
        rc = np.bincount(np.searchsorted(edges, ref, side='left'), minlength=len(edges) + 1) / len(ref)
        cc = np.bincount(np.searchsorted(edges, cur, side='left'), minlength=len(edges) + 1) / len(cur)
        rc = np.maximum(rc, eps)
        cc = np.maximum(cc, eps)
        return float(np.sum((cc - rc) * np.log(cc / rc)))
    psis = []
    for n1, n2, shift, bins, disc in [(500, 300, 0.0, 10, False), (500, 300, 0.5, 10, False), (1000, 80, 1.5, 10, False),
                                      (400, 400, 0.2, 5, False), (300, 200, 0.0, 10, True), (300, 200, 0.3, 20, True)]:
        if disc:
            a = rng.binomial(3, 0.4, n1).astype(float)
            b = rng.binomial(3, min(0.95, 0.4 + shift), n2).astype(float)
        else:
            a = np.round(rng.normal(0, 1, n1), 3)
            b = np.round(rng.normal(shift, 1, n2), 3)
        psis.append({'reference': a.tolist(), 'current': b.tolist(), 'bins': bins, 'psi': psi(a, b, bins)})
    out['psi'] = psis

    # --- Benjamini-Hochberg (p.adjust "BH" definition, numpy) ---
    def bh(p):
        p = np.asarray(p, dtype=float)
        m = len(p)
        order = np.argsort(p, kind='mergesort')
        ranked = p[order] * m / np.arange(1, m + 1)
        adj = np.minimum.accumulate(ranked[::-1])[::-1]
        out = np.empty(m)
        out[order] = np.minimum(adj, 1)
        return out
    bhs = []
    for p in [[0.01, 0.04, 0.03, 0.2], list(rng.uniform(0, 1, 25)), list(rng.beta(0.2, 3, 40)), [0.5], [0.0, 1.0, 0.02, 0.02]]:
        bhs.append({'p': [fl(v) for v in p], 'adjusted': bh(p).tolist()})
    out['benjaminiHochberg'] = bhs

    # --- standardised mean difference ---
    smd = []
    for n1, n2, shift in [(30, 40, 0.3), (200, 150, -1.0), (5, 8, 0.0)]:
        a = np.round(rng.normal(0, 1, n1), 3)
        b = np.round(rng.normal(shift, 2, n2), 3)
        d = (a.mean() - b.mean()) / math.sqrt((a.var(ddof=1) + b.var(ddof=1)) / 2)
        smd.append({'a': a.tolist(), 'b': b.tolist(), 'smd': fl(d)})
    out['smd'] = smd

    out['domainClassifier'] = domain_classifier_cases(rng)

    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w') as f:
        json.dump(out, f, separators=(',', ':'))
    print('wrote', os.path.normpath(OUT), os.path.getsize(OUT), 'bytes')


if __name__ == '__main__':
    main()

#!/usr/bin/python3
"""Generate scikit-learn 1.2 / scipy reference values for test/metrics.

Run with Debian's python (scikit-learn 1.2.1, numpy 1.24, scipy 1.10):
    /usr/bin/python3 scripts/gen-metrics-fixtures.py
Writes test/fixtures/metrics/sklearn-metrics.json. Datasets are random with heavy ties (scores
rounded to one decimal, small integers, one all-tied block) plus continuous ones.

References:
- roc_auc_score, roc_curve (drop_intermediate True/False), average_precision_score,
  brier_score_loss, calibration_curve, recall/precision/f1/accuracy: scikit-learn itself.
- ECE: calibration_curve's binning (recomputed here to get the bin counts).
- calibration slope: LogisticRegression(penalty=None, newton-cg) on logit(p); intercept
  (calibration-in-the-large): root of the score equation sum(y - expit(a + logit p)) = 0 (brentq).
- DeLong: the fast mid-rank algorithm of Sun & Xu (2014) with scipy.stats.rankdata, checked here
  against the naive O(m*n) placement formula; intervals and p-values with scipy.stats.norm.
"""
import json
import os
import warnings

import numpy as np
import scipy
import sklearn
from scipy.optimize import brentq
from scipy.special import expit, logit
from scipy.stats import norm, rankdata
from sklearn.calibration import calibration_curve
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import (accuracy_score, average_precision_score, brier_score_loss, f1_score,
                             precision_score, recall_score, roc_auc_score, roc_curve)

OUT = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'metrics', 'sklearn-metrics.json')
rng = np.random.default_rng(4)


def fast_delong(y, scores):
    """Sun & Xu (2014): AUCs and their covariance from mid-ranks. scores: list of arrays."""
    y = np.asarray(y)
    pos = [np.asarray(s)[y == 1] for s in scores]
    neg = [np.asarray(s)[y == 0] for s in scores]
    m, n = len(pos[0]), len(neg[0])
    v10, v01, aucs = [], [], []
    for p, q in zip(pos, neg):
        tz = rankdata(np.r_[p, q])
        tx, ty = rankdata(p), rankdata(q)
        aucs.append(tz[:m].sum() / m / n - (m + 1.0) / 2.0 / n)
        v10.append((tz[:m] - tx) / n)
        v01.append(1.0 - (tz[m:] - ty) / m)
    s10 = np.atleast_2d(np.cov(np.array(v10)))
    s01 = np.atleast_2d(np.cov(np.array(v01)))
    return np.array(aucs), s10 / m + s01 / n


def naive_delong_se(y, s):
    y, s = np.asarray(y), np.asarray(s)
    p, q = s[y == 1], s[y == 0]
    psi = (p[:, None] > q[None, :]) + 0.5 * (p[:, None] == q[None, :])
    v10, v01 = psi.mean(axis=1), psi.mean(axis=0)
    return psi.mean(), np.sqrt(v10.var(ddof=1) / len(p) + v01.var(ddof=1) / len(q))


def ece(y, p, n_bins, strategy):
    # calibration_curve's binning, kept here to get the counts
    if strategy == 'quantile':
        bins = np.percentile(p, np.linspace(0, 1, n_bins + 1) * 100)
    else:
        bins = np.linspace(0.0, 1.0, n_bins + 1)
    binids = np.searchsorted(bins[1:-1], p)
    sums = np.bincount(binids, weights=p, minlength=len(bins))
    trues = np.bincount(binids, weights=y, minlength=len(bins))
    totals = np.bincount(binids, minlength=len(bins))
    nz = totals != 0
    prob_true, prob_pred = trues[nz] / totals[nz], sums[nz] / totals[nz]
    ref_true, ref_pred = calibration_curve(y, p, n_bins=n_bins, strategy=strategy)
    assert np.array_equal(prob_true, ref_true) and np.array_equal(prob_pred, ref_pred)
    return {'nBins': n_bins, 'strategy': strategy, 'probTrue': prob_true.tolist(), 'probPred': prob_pred.tolist(),
            'counts': totals[nz].tolist(), 'edges': bins.tolist(),
            'ece': float(np.sum(totals[nz] * np.abs(prob_true - prob_pred)) / len(y))}


def calibration(y, p):
    x = logit(p)
    with warnings.catch_warnings():
        warnings.simplefilter('error')
        lr = LogisticRegression(penalty=None, solver='newton-cg', tol=1e-10, max_iter=1000).fit(x[:, None], y)
    intercept = brentq(lambda a: np.sum(y - expit(a + x)), -50, 50, xtol=1e-15, rtol=1e-15)
    return {'slope': float(lr.coef_[0, 0]), 'intercept': float(intercept)}


def threshold_metrics(y, p, t):
    pred = (p >= t).astype(int)
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        return {'threshold': t, 'sensitivity': recall_score(y, pred), 'specificity': recall_score(1 - y, 1 - pred),
                'ppv': precision_score(y, pred), 'npv': precision_score(1 - y, 1 - pred), 'f1': f1_score(y, pred),
                'accuracy': accuracy_score(y, pred), 'tp': int(np.sum(pred & y)), 'fp': int(np.sum(pred & (1 - y)))}


def dataset(name, y, s, probs):
    y = np.asarray(y, dtype=int)
    s = np.asarray(s, dtype=float)
    case = {'name': name, 'y': y.tolist(), 'score': s.tolist(), 'auc': roc_auc_score(y, s)}
    for drop in (True, False):
        fpr, tpr, thr = roc_curve(y, s, drop_intermediate=drop)
        case['rocDrop' if drop else 'rocAll'] = {'fpr': fpr.tolist(), 'tpr': tpr.tolist(), 'thresholds': thr.tolist()}
    case['ap'] = average_precision_score(y, s)
    aucs, cov = fast_delong(y, [s])
    naive_auc, naive_se = naive_delong_se(y, s)
    assert abs(aucs[0] - naive_auc) < 1e-12 and abs(np.sqrt(cov[0, 0]) - naive_se) < 1e-12
    se = float(np.sqrt(cov[0, 0]))
    case['delong'] = {'auc': float(aucs[0]), 'se': se,
                      'lo95': max(0.0, aucs[0] - norm.ppf(0.975) * se), 'hi95': min(1.0, aucs[0] + norm.ppf(0.975) * se),
                      'lo90': max(0.0, aucs[0] - norm.ppf(0.95) * se), 'hi90': min(1.0, aucs[0] + norm.ppf(0.95) * se)}
    if probs:
        case['brier'] = brier_score_loss(y, s)
        case['calibration'] = [ece(y, s, 10, 'uniform'), ece(y, s, 5, 'quantile'), ece(y, s, 7, 'uniform')]
        case['thresholds'] = [threshold_metrics(y, s, t) for t in (0.3, 0.5)]
        if 0 < s.min() and s.max() < 1 and len(np.unique(s)) > 1:  # else undefined (tested separately)
            case['calibrationSlope'] = calibration(y, s)
    return case


cases = []
n = 200
y = (rng.random(n) < 0.3).astype(int)
cases.append(dataset('probabilities rounded to 0.1 (heavy ties)', y, np.clip(np.round(rng.beta(2, 5, n) + 0.25 * y, 1), 0, 1), True))
y = (rng.random(150) < 0.5).astype(int)
cases.append(dataset('integer scores 0..4 (very heavy ties)', y, rng.integers(0, 3, 150) + 2 * y * (rng.random(150) < 0.4), False))
y = (rng.random(300) < 0.15).astype(int)
p = expit(rng.normal(-1.8, 1, 300) + 1.2 * y)
cases.append(dataset('continuous probabilities, 15% events', y, p, True))
y = (rng.random(120) < 0.4).astype(int)
p = expit(2.2 * (rng.normal(0, 1, 120) + 0.9 * y) - 0.5)
cases.append(dataset('overconfident probabilities (slope < 1)', y, np.round(p, 3).clip(0.001, 0.999), True))
y = np.array([0, 1] * 10)
cases.append(dataset('all scores tied', y, np.full(20, 0.3), True))
y = np.array([0, 0, 1, 1, 0, 1, 0])
cases.append(dataset('tiny, negative scores and -0/+0', y, np.array([-0.0, 0.0, 2.5, -1.0, -3.0, 0.0, 2.5]), False))

# paired DeLong test cases
tests = []
for name, n, rho in [('correlated models, ties', 160, 0.7), ('weakly correlated', 250, 0.2)]:
    y = (rng.random(n) < 0.35).astype(int)
    z = rng.normal(0, 1, n)
    a = np.round(z + 1.0 * y, 1)
    b = np.round(rho * z + np.sqrt(1 - rho ** 2) * rng.normal(0, 1, n) + 0.6 * y, 1)
    aucs, cov = fast_delong(y, [a, b])
    var = cov[0, 0] + cov[1, 1] - 2 * cov[0, 1]
    zstat = (aucs[0] - aucs[1]) / np.sqrt(var)
    tests.append({'name': name, 'y': y.tolist(), 'a': a.tolist(), 'b': b.tolist(), 'aucA': float(aucs[0]),
                  'aucB': float(aucs[1]), 'se': float(np.sqrt(var)), 'z': float(zstat), 'p': float(2 * norm.sf(abs(zstat)))})

with open(OUT, 'w') as f:
    json.dump({'generator': 'scripts/gen-metrics-fixtures.py', 'sklearn': sklearn.__version__, 'numpy': np.__version__,
               'scipy': scipy.__version__, 'cases': cases, 'delongTests': tests}, f, separators=(',', ':'))
print(f'wrote {len(cases)} datasets and {len(tests)} paired tests to {os.path.normpath(OUT)}')

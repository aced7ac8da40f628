#!/usr/bin/python3
"""Python side of bench/metrics.ts: times scikit-learn's roc_auc_score and a numpy/scipy fast
DeLong (Sun & Xu 2014, mid-ranks via scipy.stats.rankdata) on the same rows.

Usage: /usr/bin/python3 bench/metrics_ref.py LABELS.u8 SCORES.f64
Reads one command per stdin line ("auc", "delong" or "quit") and answers one JSON line with the
value and the seconds spent inside the call (perf_counter), so IPC is not timed.
"""
import json
import sys
import time

import numpy as np
import scipy
import sklearn
from scipy.stats import norm, rankdata
from sklearn.metrics import roc_auc_score


def fast_delong(y, s, level=0.95):
    pos, neg = s[y == 1], s[y == 0]
    m, n = len(pos), len(neg)
    tz = rankdata(np.concatenate([pos, neg]))
    tx, ty = rankdata(pos), rankdata(neg)
    auc = tz[:m].sum() / m / n - (m + 1.0) / 2.0 / n
    v10 = (tz[:m] - tx) / n
    v01 = 1.0 - (tz[m:] - ty) / m
    se = np.sqrt(v10.var(ddof=1) / m + v01.var(ddof=1) / n)
    z = norm.ppf((1 + level) / 2)
    return {'auc': auc, 'se': se, 'lo': max(0.0, auc - z * se), 'hi': min(1.0, auc + z * se)}


def main():
    y = np.fromfile(sys.argv[1], dtype=np.uint8).astype(np.int64)
    s = np.fromfile(sys.argv[2], dtype=np.float64)
    print(json.dumps({'ready': True, 'n': int(len(y)), 'python': sys.version.split()[0], 'numpy': np.__version__,
                      'scipy': scipy.__version__, 'sklearn': sklearn.__version__}), flush=True)
    for line in sys.stdin:
        op = line.strip()
        if op == 'quit':
            break
        t0 = time.perf_counter()
        if op == 'auc':
            value = {'auc': float(roc_auc_score(y, s))}
        elif op == 'delong':
            value = {k: float(v) for k, v in fast_delong(y, s).items()}
        else:
            print(json.dumps({'error': f'unknown op {op!r}'}), flush=True)
            continue
        seconds = time.perf_counter() - t0
        print(json.dumps({'op': op, 'seconds': seconds, **value}), flush=True)


if __name__ == '__main__':
    main()

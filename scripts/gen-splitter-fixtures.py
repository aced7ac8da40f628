#!/usr/bin/python3
"""Generate scikit-learn 1.2 splitter fixtures for test/model-selection.

Run with Debian's python (scikit-learn 1.2.1, numpy 1.24):
    /usr/bin/python3 scripts/gen-splitter-fixtures.py
Writes test/fixtures/model-selection/sklearn-splits.json: for each case the inputs and the
test indices of every fold (train is the complement; tests check that too).
"""
import json
import os
import warnings

import numpy as np
import sklearn
from sklearn.model_selection import (GroupKFold, KFold, LeaveOneGroupOut,
                                     StratifiedGroupKFold, StratifiedKFold)

OUT = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'model-selection', 'sklearn-splits.json')
rng = np.random.default_rng(20240401)


def folds(cv, n, y=None, groups=None):
    with warnings.catch_warnings():
        warnings.simplefilter('error')  # a warning would mean a case outside the parity contract
        out = []
        for train, test in cv.split(np.zeros(n), y, groups):
            assert sorted(np.r_[train, test].tolist()) == list(range(n))
            out.append(test.tolist())
        return out


def tolist(a):
    return [x.item() if hasattr(x, 'item') else x for x in a]


cases = []

for n, k in [(10, 2), (10, 3), (11, 5), (7, 7), (25, 4), (100, 6)]:
    cases.append({'splitter': 'KFold', 'nSplits': k, 'n': n, 'folds': folds(KFold(k), n)})

strat_inputs = [
    ('binary balanced', rng.integers(0, 2, 40), 5),
    ('binary imbalanced', (rng.random(57) < 0.15).astype(int), 3),
    ('binary sorted', np.r_[np.zeros(20, int), np.ones(9, int)], 4),
    ('multiclass, first label not smallest', rng.choice([2, 0, 1], size=50, p=[0.5, 0.3, 0.2]), 5),
    ('string labels', rng.choice(['yes', 'no', 'maybe'], size=31), 3),
    ('tiny', np.array([1, 0, 1, 0, 1, 0]), 3),
]
for name, y, k in strat_inputs:
    y = tolist(y)
    cases.append({'splitter': 'StratifiedKFold', 'name': name, 'nSplits': k, 'n': len(y), 'y': y,
                  'folds': folds(StratifiedKFold(k), len(y), np.array(y))})


def group_sizes(sizes, names=None):
    labels = []
    for g, s in enumerate(sizes):
        labels += [names[g] if names else int(g * 7 % 101)] * int(s)
    order = rng.permutation(len(labels))
    return [labels[i] for i in order]


group_inputs = [
    ('4 sites, distinct sizes', group_sizes([30, 12, 25, 7], ['cleveland', 'hungary', 'switzerland', 'va']), 2),
    ('patients with tied sizes (numpy argsort ties, >16 groups)', group_sizes(rng.integers(1, 4, 40)), 5),
    ('many ties, 100 groups', group_sizes(rng.integers(1, 3, 100)), 7),
    ('all groups one row', group_sizes([1] * 23), 4),
    ('string groups with ties', group_sizes([3, 3, 2, 2, 2, 5, 1, 1, 3, 3, 2, 2, 2, 5, 1, 1, 4, 4],
                                            [f'p{i:02d}' for i in range(18)]), 3),
]
for name, groups, k in group_inputs:
    cases.append({'splitter': 'GroupKFold', 'name': name, 'nSplits': k, 'n': len(groups), 'groups': groups,
                  'folds': folds(GroupKFold(k), len(groups), None, np.array(groups))})
    cases.append({'splitter': 'LeaveOneGroupOut', 'name': name, 'n': len(groups), 'groups': groups,
                  'folds': folds(LeaveOneGroupOut(), len(groups), None, np.array(groups))})

for name, groups, k in group_inputs[:3] + group_inputs[4:]:
    y = tolist((rng.random(len(groups)) < 0.35).astype(int))
    if min(y.count(0), y.count(1)) < k:
        continue
    cases.append({'splitter': 'StratifiedGroupKFold', 'name': name, 'nSplits': k, 'n': len(groups), 'y': y,
                  'groups': groups, 'folds': folds(StratifiedGroupKFold(k), len(groups), np.array(y), np.array(groups))})

with open(OUT, 'w') as f:
    json.dump({'generator': 'scripts/gen-splitter-fixtures.py', 'sklearn': sklearn.__version__,
               'numpy': np.__version__, 'cases': cases}, f, separators=(',', ':'))
print(f'wrote {len(cases)} cases to {os.path.normpath(OUT)}')

#!/usr/bin/python3
"""Generate scikit-learn 1.2 references for weighted ROC metrics (roc_auc_score / roc_curve with
sample_weight).

Run with Debian's python (scikit-learn 1.2.1, numpy 1.24):
    /usr/bin/python3 scripts/gen-roc-weight-fixtures.py
Writes test/fixtures/metrics/sklearn-roc-weights.json.

Cases ported from scikit-learn's sklearn/metrics/tests/test_ranking.py and the sample-weight
checks of sklearn/metrics/tests/test_common.py:
- test_roc_curve_fpr_tpr_increasing: y [0,0,1,1,1], scores [0.1,0.7,0.3,0.4,0.5], weights 0.2 each.
- test_binary_clf_curve_zero_sample_weight: weights [1,1,1,0.5,0]; equal to dropping the zero row.
- check_sample_weight_invariance: integer weights equal repeating rows; scaling all weights by a
  constant changes nothing; all-ones weights equal no weights.
- random weighted problems with heavy ties (scores rounded to one decimal) and continuous scores,
  weights uniform(0, 2) with some exact zeros.
"""
import json
import os

import numpy as np
import sklearn
from sklearn.metrics import roc_auc_score, roc_curve

rng = np.random.RandomState(19)
cases = []


def add(name, y, s, w):
    y = np.asarray(y, dtype=float)
    s = np.asarray(s, dtype=float)
    w = None if w is None else np.asarray(w, dtype=float)
    fpr, tpr, thr = roc_curve(y, s, sample_weight=w)
    ffull, tfull, thrfull = roc_curve(y, s, sample_weight=w, drop_intermediate=False)
    cases.append({
        "name": name,
        "yTrue": y.astype(int).tolist(),
        "yScore": s.tolist(),
        "sampleWeight": None if w is None else w.tolist(),
        "auc": float(roc_auc_score(y, s, sample_weight=w)),
        "fpr": fpr.tolist(), "tpr": tpr.tolist(), "thresholds": thr.tolist(),
        "fprFull": ffull.tolist(), "tprFull": tfull.tolist(), "thresholdsFull": thrfull.tolist(),
    })


# test_ranking.py::test_roc_curve_fpr_tpr_increasing
add("fpr_tpr_increasing", [0, 0, 1, 1, 1], [0.1, 0.7, 0.3, 0.4, 0.5], np.repeat(0.2, 5))
# test_ranking.py::test_binary_clf_curve_zero_sample_weight
add("zero_sample_weight", [0, 0, 1, 1, 1], [0.1, 0.2, 0.3, 0.4, 0.5], [1, 1, 1, 0.5, 0])
add("zero_sample_weight_removed", [0, 0, 1, 1], [0.1, 0.2, 0.3, 0.4], [1, 1, 1, 0.5])
# The point: weights change the answer (0.625 weighted, 0.75 unweighted here).
add("issue_probe", [0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], [1, 1, 3, 1])
# test_common.py::check_sample_weight_invariance, on a small tied problem
y = rng.randint(0, 2, 30)
y[:2] = [0, 1]
s = np.round(rng.rand(30), 1)
iw = rng.randint(1, 4, 30)
add("integer_weights", y, s, iw)
add("integer_weights_repeated", np.repeat(y, iw), np.repeat(s, iw), None)
add("scaled_weights", y, s, iw * 3.7)
add("unit_weights", y, s, np.ones(30))
# Random problems: ties and continuous, weights in (0, 2) with exact zeros.
for k, (n, tied) in enumerate([(40, True), (200, True), (200, False), (1000, True), (1000, False)]):
    y = (rng.rand(n) < 0.3).astype(int)
    y[:2] = [0, 1]
    s = rng.rand(n) + 0.4 * y
    if tied:
        s = np.round(s, 1)
    w = rng.uniform(0, 2, n)
    w[rng.rand(n) < 0.1] = 0.0
    w[:2] = [1.0, 1.0]
    add(f"random_{k}_n{n}_{'tied' if tied else 'continuous'}", y, s, w)

out = {"sklearn": sklearn.__version__, "numpy": np.__version__, "cases": cases}
path = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "metrics", "sklearn-roc-weights.json")
with open(path, "w") as f:
    json.dump(out, f)
print(f"wrote {path} ({len(cases)} cases)")

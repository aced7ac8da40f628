#!/usr/bin/env python3
"""Reference values for src/validate: Student-t quantiles (scipy) and a DerSimonian-Laird
random-effects meta-analysis computed independently with numpy from its textbook formulas.
Run: /usr/bin/python3 scripts/gen-validate-fixtures.py  → test/fixtures/validate/meta.json"""
import json, os
import numpy as np
from scipy import stats

out = {"t_quantiles": [], "meta": []}
for df in [1, 2, 3, 5, 10, 30, 100]:
    for p in [0.6, 0.9, 0.975, 0.995]:
        out["t_quantiles"].append({"df": df, "p": p, "q": float(stats.t.ppf(p, df))})

def dl(y, v, level=0.95):
    y = np.asarray(y, float); v = np.asarray(v, float); k = len(y)
    w = 1 / v
    fe = np.sum(w * y) / np.sum(w)
    q = float(np.sum(w * (y - fe) ** 2))
    c = np.sum(w) - np.sum(w ** 2) / np.sum(w)
    tau2 = max(0.0, (q - (k - 1)) / c)
    wr = 1 / (v + tau2)
    est = float(np.sum(wr * y) / np.sum(wr)); se = float(np.sqrt(1 / np.sum(wr)))
    z = stats.norm.ppf(0.5 + level / 2)
    i2 = max(0.0, (q - (k - 1)) / q) if q > 0 else 0.0
    pi = None
    if k >= 3:
        t = stats.t.ppf(0.5 + level / 2, k - 2)
        h = t * np.sqrt(tau2 + se ** 2)
        pi = [est - h, est + h]
    return {"estimate": est, "se": se, "ci": [est - z * se, est + z * se], "tau2": float(tau2), "q": q, "df": k - 1, "i2": i2, "predictionInterval": pi}

cases = [
    ("heterogeneous", [0.2, 0.9, 1.4, 0.5], [0.04, 0.02, 0.09, 0.05]),
    ("homogeneous", [1.0, 1.02, 0.98], [0.1, 0.12, 0.08]),
    ("two-studies", [0.3, 1.1], [0.05, 0.07]),
]
for name, y, v in cases:
    out["meta"].append({"name": name, "estimates": y, "variances": v, "expected": dl(y, v)})

os.makedirs("test/fixtures/validate", exist_ok=True)
with open("test/fixtures/validate/meta.json", "w") as f:
    json.dump(out, f, indent=1)
print("wrote test/fixtures/validate/meta.json")

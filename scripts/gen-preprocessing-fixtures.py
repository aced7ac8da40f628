#!/usr/bin/env python3
"""Reference outputs of scikit-learn 1.2 preprocessing for test/data/preprocessing/*.test.ts.

Run with Debian's Python (python3-sklearn 1.2.1):
    /usr/bin/python3 scripts/gen-preprocessing-fixtures.py
Writes test/fixtures/data/preprocessing.json. NaN / missing are written as null.
"""
import csv
import json
import math
import os

import numpy as np
import sklearn
from sklearn.compose import ColumnTransformer
from sklearn.impute import MissingIndicator, SimpleImputer
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

assert sklearn.__version__ == "1.2.1", sklearn.__version__
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
nan = float("nan")


def clean(x):
    """JSON-safe: numpy → Python, NaN/None → null."""
    if isinstance(x, np.ndarray):
        return [clean(v) for v in x.tolist()]
    if isinstance(x, (list, tuple)):
        return [clean(v) for v in x]
    if isinstance(x, (np.floating, float)):
        return None if math.isnan(float(x)) else float(x)
    if isinstance(x, (np.integer,)):
        return int(x)
    if x is None:
        return None
    return x


def level_name(v):
    """A category as JavaScript's String() writes it (1.0 → '1')."""
    if isinstance(v, str):
        return v
    if isinstance(v, float) and math.isnan(v):
        return "nan"
    f = float(v)
    return str(int(f)) if f.is_integer() else repr(f)


# --- synthetic table: rows 0-11 fit, rows 12-17 transform -------------------------------------
num = {
    "a": [1, 2, nan, 4, 4, 10, nan, 3, 3, 7, 0.5, 2, nan, 100, 1, 3, nan, -5],
    "b": [5] * 12 + [nan, 6, 5, 5, 4, 5],
    "c": [1, 1, 2, 2, 3, nan, 3, 2.25, 1, 2, nan, 3, 2, 2, nan, 1, 1, 9],
    "d": [1e9 + 0.1, 1e9 + 0.2, 1e9 + 0.3, 1e9, 1e9 - 0.5, 1e9, 1e9, 1e9 + 1, 1e9, 1e9, 1e9, 1e9, 1e9, 0, 1e9, 1, 2, 3],
}
cat = {
    "s": ["x", "y", "y", "x", None, "z", "z", "y", "x", None, "Ä", "a", "w", None, "y", "x", "z", "Ä"],
    "t": ["lo", "hi", "hi", "lo", "mid", "lo", "hi", "mid", "lo", "hi", "mid", "mid", None, "lo", "new", "hi", "mid", "lo"],
}
TRAIN = list(range(12))
TEST = list(range(12, 18))
Xn = np.array([num[k] for k in ["a", "b", "c", "d"]], dtype=float).T
Xc = np.array([[nan if v is None else v for v in cat[k]] for k in ["s", "t"]], dtype=object).T


def case(name, est, X, cols, extra=None):
    est.fit(X[TRAIN])
    out = {
        "name": name,
        "columns": cols,
        "train": clean(est.transform(X[TRAIN])),
        "test": clean(est.transform(X[TEST])),
    }
    out.update(extra(est) if extra else {})
    return out


cases = []
for strategy in ["mean", "median", "most_frequent", "constant"]:
    for ind in [False, True]:
        est = SimpleImputer(strategy=strategy, add_indicator=ind, fill_value=-1 if strategy == "constant" else None)
        cases.append(
            case(
                f"SimpleImputer numeric {strategy} add_indicator={ind}",
                est,
                Xn,
                ["a", "b", "c", "d"],
                lambda e, s=strategy, i=ind: {
                    "transformer": "SimpleImputer",
                    "params": {"strategy": s, "addIndicator": i, **({"fillValue": -1} if s == "constant" else {})},
                    "statistics": clean(e.statistics_),
                    "indicatorColumns": [["a", "b", "c", "d"][j] for j in e.indicator_.features_] if i else [],
                },
            )
        )
for strategy, fill in [("most_frequent", None), ("constant", None), ("constant", "unknown")]:
    est = SimpleImputer(strategy=strategy, add_indicator=True, missing_values=nan, fill_value=fill)
    cases.append(
        case(
            f"SimpleImputer categorical {strategy} fill={fill}",
            est,
            Xc,
            ["s", "t"],
            lambda e, s=strategy, f=fill: {
                "transformer": "SimpleImputer",
                "params": {"strategy": s, "addIndicator": True, **({"fillValue": f} if f is not None else {})},
                "statistics": clean(e.statistics_),
                "indicatorColumns": [["s", "t"][j] for j in e.indicator_.features_],
            },
        )
    )
for wm, ws in [(True, True), (False, True), (True, False)]:
    cases.append(
        case(
            f"StandardScaler with_mean={wm} with_std={ws}",
            StandardScaler(with_mean=wm, with_std=ws),
            Xn,
            ["a", "b", "c", "d"],
            lambda e, wm=wm, ws=ws: {
                "transformer": "StandardScaler",
                "params": {"withMean": wm, "withStd": ws},
                "mean": clean(e.mean_),
                "var": clean(e.var_) if ws else None,
                "scale": clean(e.scale_) if ws else None,
                "nSamplesSeen": clean(e.n_samples_seen_),
            },
        )
    )
enc = OneHotEncoder(handle_unknown="ignore", sparse_output=False)
cases.append(
    case(
        "OneHotEncoder categorical handle_unknown=ignore",
        enc,
        Xc,
        ["s", "t"],
        lambda e: {
            "transformer": "OneHotEncoder",
            "params": {"handleUnknown": "ignore"},
            "categories": [[level_name(v) for v in c] for c in e.categories_],
            "featureNames": [f"{col}_{level_name(v)}" for col, c in zip(["s", "t"], e.categories_) for v in c],
        },
    )
)
cases.append(
    case(
        "OneHotEncoder numeric codes handle_unknown=ignore",
        OneHotEncoder(handle_unknown="ignore", sparse_output=False),
        Xn[:, [2]],
        ["c"],
        lambda e: {
            "transformer": "OneHotEncoder",
            "params": {"handleUnknown": "ignore"},
            "categories": [[level_name(v) for v in c] for c in e.categories_],
            "featureNames": [f"c_{level_name(v)}" for v in e.categories_[0]],
        },
    )
)
cases.append(
    case(
        "Pipeline median imputer + scaler",
        Pipeline([("impute", SimpleImputer(strategy="median")), ("scale", StandardScaler())]),
        Xn,
        ["a", "b", "c", "d"],
        lambda e: {"transformer": "Pipeline"},
    )
)
synthetic = {
    "numeric": {k: clean(v) for k, v in num.items()},
    "categorical": cat,
    "trainRows": TRAIN,
    "testRows": TEST,
    "cases": cases,
}

# --- heart data: fit on cleveland + hungarian, transform switzerland + va ----------------------
with open(os.path.join(ROOT, "data/heart-disease/heart_disease_4sites.csv"), newline="") as f:
    rows = list(csv.DictReader(f))
features = ["age", "sex", "cp", "trestbps", "chol", "fbs", "restecg", "thalach", "exang", "oldpeak", "slope", "ca", "thal"]
catf = ["cp", "restecg", "slope", "thal"]
numf = [c for c in features if c not in catf]
X = np.array([[float(r[c]) if r[c] != "" else nan for c in features] for r in rows])
site = [r["site"] for r in rows]
train = [i for i, s in enumerate(site) if s in ("cleveland", "hungarian")]
test = [i for i, s in enumerate(site) if s in ("switzerland", "va")]
ni = [features.index(c) for c in numf]
ci = [features.index(c) for c in catf]
ct = ColumnTransformer(
    [
        ("num", Pipeline([("imp", SimpleImputer(strategy="median")), ("sc", StandardScaler())]), ni),
        ("ind", MissingIndicator(features="missing-only"), ni),
        ("cat", Pipeline([("imp", SimpleImputer(strategy="most_frequent")), ("oh", OneHotEncoder(handle_unknown="ignore", sparse_output=False))]), ci),
    ]
)
ct.fit(X[train])
ind_cols = [numf[j] for j in ct.named_transformers_["ind"].features_]
oh = ct.named_transformers_["cat"].named_steps["oh"]
names = numf + [f"missingindicator_{c}" for c in ind_cols] + [f"{col}_{level_name(v)}" for col, c in zip(catf, oh.categories_) for v in c]
sample = list(range(0, 920, 23)) + [919]
heart = {
    "features": features,
    "categorical": catf,
    "numericStrategy": "median",
    "addIndicator": True,
    "trainSites": ["cleveland", "hungarian"],
    "featureNames": names,
    "median": clean(ct.named_transformers_["num"].named_steps["imp"].statistics_),
    "mean": clean(ct.named_transformers_["num"].named_steps["sc"].mean_),
    "scale": clean(ct.named_transformers_["num"].named_steps["sc"].scale_),
    "catMostFrequent": clean(ct.named_transformers_["cat"].named_steps["imp"].statistics_),
    "sampleRows": sample,
    "sample": clean(ct.transform(X[sample])),
}

out = {"generator": "scripts/gen-preprocessing-fixtures.py", "sklearn": sklearn.__version__, "numpy": np.__version__, "synthetic": synthetic, "heart": heart}
path = os.path.join(ROOT, "test/fixtures/data/preprocessing.json")
with open(path, "w") as f:
    json.dump(out, f, ensure_ascii=False, separators=(",", ":"))
    f.write("\n")
print("wrote", path, os.path.getsize(path), "bytes")

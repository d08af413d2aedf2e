#!/usr/bin/python3
"""Reference values from scikit-learn for test/metrics/sklearn.test.ts.

Generates seeded random data and writes, for each case, the data and what scikit-learn computes
on it to test/fixtures/sklearn/CASE.json:
  - roc_auc_score (all rows, per group, weighted), and xAUC / balanced xAUC as roc_auc_score on
    the positives of one set of rows against the negatives of another (an independent route);
  - roc_curve(drop_intermediate=False) (the first threshold, +inf or max + 1 by version, is
    written as null);
  - brier_score_loss;
  - calibration slope and intercept: LogisticRegression(penalty=None, solver="newton-cholesky") of y on logit(p);
  - confusion_matrix at "score >= t" -> tpr, fpr, fnr, ppv, selection and base rates.
Every quantity is computed unweighted and with integer weights 0..3 (as a cluster bootstrap
gives). Cases: "tied" (integer scores 1..20, three groups) and "continuous" (real-valued scores).

The tests read only the JSON; Python is needed only to regenerate it. Debian:
  apt-get install -y python3-sklearn
  /usr/bin/python3 scripts/sklearn-fixture.py      (from the repository root)
"""
import json
import os

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import brier_score_loss, confusion_matrix, roc_auc_score, roc_curve

OUT = os.path.join("test", "fixtures", "sklearn")
EPS = 1e-12


def logit(p):
    q = np.clip(p, EPS, 1 - EPS)
    return np.log(q / (1 - q))


def make_case(rng, n, tied):
    group = rng.integers(0, 3, size=n)
    z = rng.normal(-1.2, 1.0, size=n) + 0.3 * (group == 1)
    y = (rng.random(n) < 1 / (1 + np.exp(-z))).astype(int)
    # A miscalibrated probability: too extreme and shifted, plus noise.
    p = 1 / (1 + np.exp(-(0.4 + 1.4 * z + 0.5 * rng.normal(size=n))))
    if tied:
        score = np.clip(np.round(10.5 + 3 * z + 2 * rng.normal(size=n)), 1, 20)
        thresholds = [10.0, 7.0]
    else:
        score = np.round(z + 0.8 * rng.normal(size=n), 6)
        thresholds = [0.0, -1.0]
    weight = rng.integers(0, 4, size=n).astype(float)
    return y, score, p, group, weight, thresholds


def auc_of(y, s, w, pos_mask, neg_mask):
    keep = (pos_mask & (y == 1)) | (neg_mask & (y == 0))
    return float(roc_auc_score(y[keep], s[keep], sample_weight=None if w is None else w[keep]))


def roc_of(y, s, w):
    fpr, tpr, thr = roc_curve(y, s, sample_weight=w, drop_intermediate=False)
    thr = [None] + [float(t) for t in thr[1:]]
    return {"fpr": [float(v) for v in fpr], "tpr": [float(v) for v in tpr], "threshold": thr}


def calibration_of(y, p, w):
    x = logit(p).reshape(-1, 1)
    keep = np.ones(len(y), bool) if w is None else w > 0
    model = LogisticRegression(penalty=None, solver="newton-cholesky", tol=1e-12, max_iter=1000)
    model.fit(x[keep], y[keep], sample_weight=None if w is None else w[keep])
    return {"intercept": float(model.intercept_[0]), "slope": float(model.coef_[0][0])}


def rates_of(y, s, w, t):
    tn, fp, fn, tp = confusion_matrix(y, (s >= t).astype(int), sample_weight=w, labels=[0, 1]).ravel()
    n = tn + fp + fn + tp
    return {
        "threshold": t,
        "tp": float(tp), "fp": float(fp), "fn": float(fn), "tn": float(tn),
        "tpr": float(tp / (tp + fn)), "fpr": float(fp / (fp + tn)), "fnr": float(fn / (tp + fn)),
        "ppv": float(tp / (tp + fp)), "selection_rate": float((tp + fp) / n),
        "base_rate": float((tp + fn) / n),
    }


def expected(y, s, p, group, w, thresholds):
    everyone = np.ones(len(y), bool)
    out = {
        "auc": auc_of(y, s, w, everyone, everyone),
        "auc_by_group": [auc_of(y, s, w, group == g, group == g) for g in range(3)],
        "xauc": [[auc_of(y, s, w, group == a, group == b) for b in range(3)] for a in range(3)],
        "xauc_pos": [auc_of(y, s, w, group == g, everyone) for g in range(3)],
        "xauc_neg": [auc_of(y, s, w, everyone, group == g) for g in range(3)],
        "roc": roc_of(y, s, w),
        "roc_by_group": [roc_of(y[group == g], s[group == g], None if w is None else w[group == g]) for g in range(3)],
        "brier": float(brier_score_loss(y, p, sample_weight=w)),
        "calibration": calibration_of(y, p, w),
        "calibration_by_group": [
            calibration_of(y[group == g], p[group == g], None if w is None else w[group == g])
            for g in range(3)
        ],
        "rates": [rates_of(y, s, w, t) for t in thresholds],
    }
    return out


def main():
    rng = np.random.default_rng(20240611)
    os.makedirs(OUT, exist_ok=True)
    for name, n, tied in [("tied", 600, True), ("continuous", 400, False)]:
        y, s, p, group, w, thresholds = make_case(rng, n, tied)
        doc = {
            "generator": "scripts/sklearn-fixture.py",
            "sklearn": sklearn.__version__,
            "numpy": np.__version__,
            "data": {
                "y": [int(v) for v in y],
                "score": [float(v) for v in s],
                "p": [float(v) for v in p],
                "group": [int(v) for v in group],
                "weight": [float(v) for v in w],
            },
            "unweighted": expected(y, s, p, group, None, thresholds),
            "weighted": expected(y, s, p, group, w, thresholds),
        }
        with open(os.path.join(OUT, f"{name}.json"), "w") as f:
            json.dump(doc, f, indent=None, separators=(",", ":"))
            f.write("\n")
        print(f"wrote {OUT}/{name}.json: {n} rows")


if __name__ == "__main__":
    main()

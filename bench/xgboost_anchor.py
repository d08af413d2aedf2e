#!/usr/bin/env python3
"""The XGBoost anchor of bench/gbt.ts: trains Debian's python3-xgboost on the matrices that
bench/gbt.ts exported and prints one JSON line of figures.

    /usr/bin/python3 bench/xgboost_anchor.py DIR --mode csr|dense [--rounds 200] [--leaves 31]
        [--eta 0.1] [--nthread 2]

DIR holds meta.json ({"p", "ntrain", "ntest", "baseScore"}) and, for train and test, CSR arrays
NAME.indptr (int64), NAME.indices (int32), NAME.values (float64) and NAME.y (float64). Modes:
- csr: the CSR matrix as is; entries it does not store are *missing* to XGBoost (the usual
  way to give XGBoost sparse data; it learns a default side for them);
- dense: expanded to a dense array first, so zeros are values and NaN is missing, exactly the
  semantics of a Sightline Matrix (the model can then be imported and compared row by row).
Timed: DMatrix construction, xgb.train (which includes XGBoost's quantile sketch; wall and
process CPU time), and batch prediction of the test rows. Writes DIR/xgb-MODE.json (the model) and DIR/xgb-MODE.pred
(float64 test probabilities).
"""
import argparse
import json
import os
import resource
import time

import numpy as np
import scipy.sparse as sp
import xgboost as xgb


def load(d, name, n, p):
    indptr = np.fromfile(os.path.join(d, f"{name}.indptr"), dtype=np.int64)
    indices = np.fromfile(os.path.join(d, f"{name}.indices"), dtype=np.int32)
    values = np.fromfile(os.path.join(d, f"{name}.values"), dtype=np.float64)
    y = np.fromfile(os.path.join(d, f"{name}.y"), dtype=np.float64)
    return sp.csr_matrix((values, indices, indptr), shape=(n, p)), y


def auc(y, s):
    """AUC with ties counted 1/2 (average ranks)."""
    order = np.argsort(s, kind="mergesort")
    ranks = np.empty(len(s))
    sorted_s = s[order]
    i = 0
    while i < len(s):
        j = i
        while j + 1 < len(s) and sorted_s[j + 1] == sorted_s[i]:
            j += 1
        ranks[order[i : j + 1]] = (i + j) / 2 + 1
        i = j + 1
    n1 = y.sum()
    n0 = len(y) - n1
    return float((ranks[y == 1].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--mode", choices=["csr", "dense"], default="csr")
    ap.add_argument("--rounds", type=int, default=200)
    ap.add_argument("--leaves", type=int, default=31)
    ap.add_argument("--eta", type=float, default=0.1)
    ap.add_argument("--nthread", type=int, default=2)
    a = ap.parse_args()
    with open(os.path.join(a.dir, "meta.json")) as fh:
        meta = json.load(fh)
    Xtr, ytr = load(a.dir, "train", meta["ntrain"], meta["p"])
    Xte, yte = load(a.dir, "test", meta["ntest"], meta["p"])
    if a.mode == "dense":
        Xtr = Xtr.toarray()
        Xte = Xte.toarray()
    t0 = time.perf_counter()
    dtrain = xgb.DMatrix(Xtr, label=ytr, nthread=a.nthread)
    dtest = xgb.DMatrix(Xte, nthread=a.nthread)
    t1 = time.perf_counter()
    params = {
        "objective": "binary:logistic",
        "tree_method": "hist",
        "grow_policy": "lossguide",
        "max_leaves": a.leaves,
        "max_depth": 0,
        "eta": a.eta,
        "max_bin": 256,
        "lambda": 1.0,
        "alpha": 0.0,
        "min_child_weight": 1.0,
        "base_score": meta["baseScore"],
        "nthread": a.nthread,
        "seed": 0,
    }
    c1 = time.process_time()
    booster = xgb.train(params, dtrain, num_boost_round=a.rounds)
    t2 = time.perf_counter()
    c2 = time.process_time()
    prob = booster.predict(dtest)
    t3 = time.perf_counter()
    booster.save_model(os.path.join(a.dir, f"xgb-{a.mode}.json"))
    prob.astype(np.float64).tofile(os.path.join(a.dir, f"xgb-{a.mode}.pred"))
    print(
        json.dumps(
            {
                "xgboost": xgb.__version__,
                "mode": a.mode,
                "dmatrix_s": t1 - t0,
                "train_s": t2 - t1,
                "train_cpu_s": c2 - c1,
                "predict_s": t3 - t2,
                "predict_records_per_s": meta["ntest"] / (t3 - t2),
                "auc": auc(yte, prob.astype(np.float64)),
                "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            }
        )
    )


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Builds the XGBoost import fixture in test/fixtures/xgboost/ (run from the repository root):

    /usr/bin/python3 scripts/xgboost-fixture.py

Needs Debian's python3-xgboost (apt-get install -y python3-xgboost), numpy. Writes:
- model.json: a binary:logistic model saved with Booster.save_model (20 rounds, depth 4, hist),
  trained on a small seeded dataset with NaNs, mostly-zero columns and negative values;
- data.json: the feature names, which columns are mostly zero ("sparse"), the label and the
  columns (null for NaN) of the training rows plus probe rows placed exactly on, and one double
  ulp either side of, every split condition (XGBoost compares float32(x) < condition);
- predictions.json: XGBoost's own predictions for every row, margin (output_margin=True) and
  probability, written as exact decimal images of the float32 values;
- a second model, model-lossguide.json, grown leaf-wise (max_leaves 8) with its predictions in
  predictions-lossguide.json, and a dart model (model-dart.json, predictions-dart.json).
The test (test/models/xgboost-import.test.ts) reads these files; it does not need Python.
"""
import json
import os
import sys

import numpy as np
import xgboost as xgb

OUT = os.path.join("test", "fixtures", "xgboost")
N = 400
SEED = 20240601


def dataset():
    rng = np.random.default_rng(SEED)
    cols = {}
    cols["age"] = rng.integers(0, 18, N).astype(float)
    cols["income"] = rng.lognormal(3.0, 1.0, N)
    cols["income"][rng.random(N) < 0.15] = np.nan  # missing values
    cols["score_z"] = rng.normal(0.0, 1.0, N)  # negative values: thresholds below 0
    cols["prior_referrals"] = np.where(rng.random(N) < 0.2, rng.poisson(2.0, N) + 1, 0).astype(float)
    cols["jail_ever"] = (rng.random(N) < 0.1).astype(float)
    cols["benefits_ever"] = (rng.random(N) < 0.3).astype(float)
    cols["bh_visits"] = np.where(rng.random(N) < 0.25, rng.poisson(3.0, N), 0).astype(float)
    cols["bh_visits"][rng.random(N) < 0.05] = np.nan
    eta = (
        -1.0
        + 0.08 * cols["age"]
        + 0.6 * cols["score_z"]
        + 0.5 * cols["prior_referrals"]
        + 1.2 * cols["jail_ever"] * cols["benefits_ever"]
        + 0.3 * np.nan_to_num(cols["bh_visits"])
        - 0.2 * np.log1p(np.nan_to_num(cols["income"], nan=20.0))
    )
    y = (rng.random(N) < 1 / (1 + np.exp(-eta))).astype(float)
    names = list(cols)
    X = np.column_stack([cols[k] for k in names])
    return names, X, y


def probes(model_json, X):
    """Rows on, and one double ulp either side of, each split condition of each feature."""
    rows = []
    base = np.nanmedian(X, axis=0)
    for tree in model_json["learner"]["gradient_booster"]["model"]["trees"]:
        for i, left in enumerate(tree["left_children"]):
            if left == -1:
                continue
            f = tree["split_indices"][i]
            t = float(np.float32(tree["split_conditions"][i]))
            for v in (t, np.nextafter(t, -np.inf), np.nextafter(t, np.inf)):
                r = base.copy()
                r[f] = v
                rows.append(r)
    return np.array(rows)


def exact(values):
    return [float(np.float32(v)) for v in values]


def column_json(X):
    return [[None if np.isnan(v) else float(v) for v in X[:, j]] for j in range(X.shape[1])]


def fit(params, dtrain, rounds, name):
    booster = xgb.train(params, dtrain, num_boost_round=rounds)
    path = os.path.join(OUT, f"{name}.json")
    booster.save_model(path)
    with open(path) as fh:
        return booster, json.load(fh)


def main():
    os.makedirs(OUT, exist_ok=True)
    names, X, y = dataset()
    dtrain = xgb.DMatrix(X, label=y, feature_names=names)
    common = dict(objective="binary:logistic", tree_method="hist", seed=0, nthread=1, eta=0.3)
    main_booster, main_json = fit(dict(common, max_depth=4, base_score=0.3), dtrain, 20, "model")
    Xall = np.vstack([X, probes(main_json, X)])
    dall = xgb.DMatrix(Xall, feature_names=names)
    data = {
        "features": names,
        "sparse": ["prior_referrals", "jail_ever", "benefits_ever", "bh_visits"],
        "trainRows": int(N),
        "y": [float(v) for v in y],
        "columns": column_json(Xall),
    }
    with open(os.path.join(OUT, "data.json"), "w") as fh:
        json.dump(data, fh)
    variants = [
        ("model", main_booster),
        ("model-lossguide", fit(dict(common, grow_policy="lossguide", max_leaves=8, max_depth=0, alpha=0.5, reg_lambda=2.0, min_child_weight=2.0), dtrain, 15, "model-lossguide")[0]),
        ("model-dart", fit(dict(common, booster="dart", max_depth=3, rate_drop=0.2, skip_drop=0.0), dtrain, 10, "model-dart")[0]),
    ]
    for name, booster in variants:
        kwargs = {"iteration_range": (0, booster.num_boosted_rounds())}
        margin = booster.predict(dall, output_margin=True, **kwargs)
        prob = booster.predict(dall, **kwargs)
        pred = {"xgboost": xgb.__version__, "margin": exact(margin), "probability": exact(prob)}
        out = "predictions.json" if name == "model" else f"predictions-{name[len('model-'):]}.json"
        with open(os.path.join(OUT, out), "w") as fh:
            json.dump(pred, fh)
    print(f"wrote {OUT}: {Xall.shape[0]} rows ({N} training), xgboost {xgb.__version__}", file=sys.stderr)


if __name__ == "__main__":
    main()

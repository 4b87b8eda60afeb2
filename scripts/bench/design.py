"""Reference for bench/design.bench.ts: scikit-learn 1.2 beside inverse design (see serve.py).

screen_full_space: the SAME two forests the TypeScript step screens (read from
out/bench/design/models, which its set-up writes: in `npm run bench -- --compare` it is prepared
first) are rebuilt as scikit-learn RandomForestRegressors, tree by tree, and predict EVERY
composition of the 1/8 grid (28,667,925, in lib/design's CompositionSpace order) with the per-tree
spread (mean and std of the 100 trees' predictions), 200,000 rows at a time: numpy featurizes the
rows, the trees are shared out between two threads (both cores). Minutes per sample: run it with
`--pairs 1 --warmup 0`.

screen_stride (no TypeScript twin; `python3 scripts/bench/serve.py design screen_stride`): the same
on a 200,000-row stride through the grid (every 143rd composition), the measure of the issue;
INFO gives rows per second and how many of the stride's predictions differ from ours (scikit-learn
compares float32 features with the float64 thresholds of our trees, and numpy sums the
descriptors in another order, so rows whose descriptor sits on a threshold can go the other way).

bo_hpo: the tutorial's 243-point grid with GridSearchCV (5-fold, n_jobs=-1), then for 10 seeds the
30 combinations RandomizedSearchCV would draw (ParameterSampler), scored from the grid's results.
"""
import json
import os
import time
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
BENCH_DIR = os.path.join(ROOT, "out", "bench", "design")
DATA = os.environ.get("MATML_DATA_DIR", os.path.join(ROOT, "..", "shared", "data"))
SPECIES = {"A": ["K", "Rb", "Cs", "MA", "FA"], "B": ["Ca", "Sr", "Ba", "Ge", "Sn", "Pb"], "X": ["Cl", "Br", "I"]}
COMP = SPECIES["A"] + SPECIES["B"] + SPECIES["X"]
PROPS = ["ion_rad", "BP", "MP", "dens", "at_wt", "EA", "IE", "hof", "hov", "En", "at_num", "period"]
ALL = COMP + [f"{s}_{p}" for s in "ABX" for p in PROPS]
UNITS = 8


@lru_cache(maxsize=None)
def site_options(k, units=UNITS):
    """Grid steps per species, first species largest first (lib/design/space.ts's order)."""
    out = []

    def rec(current, left):
        if len(current) == k - 1:
            out.append(current + [left])
            return
        for u in range(left, -1, -1):
            rec(current + [u], left - u)

    rec([], units)
    return np.array(out, dtype=float) / units


def load_forest(folder):
    """A matml RandomForestRegressor folder (model.json + arrays.bin) as a scikit-learn forest."""
    from sklearn.ensemble import RandomForestRegressor
    from sklearn.tree import DecisionTreeRegressor
    from sklearn.tree._tree import Tree

    meta = json.load(open(os.path.join(folder, "model.json")))
    blob = open(os.path.join(folder, "arrays.bin"), "rb").read()
    types = {"Float64Array": np.float64, "Int32Array": np.int32}

    def array(ref):
        return np.frombuffer(blob, dtype=types[ref["$typed"]], count=ref["length"], offset=ref["offset"])

    n_features = meta["fitted"]["nFeaturesIn_"]
    node_dtype = DecisionTreeRegressor().fit([[0.0], [1.0]], [0.0, 1.0]).tree_.__getstate__()["nodes"].dtype
    estimators = []
    for t in meta["fitted"]["trees_"]:
        n = t["nodeCount"]
        feature = array(t["feature"])
        leaf = feature < 0
        nodes = np.zeros(n, dtype=node_dtype)
        nodes["left_child"] = np.where(leaf, -1, array(t["left"]))
        nodes["right_child"] = np.where(leaf, -1, array(t["right"]))
        nodes["feature"] = np.where(leaf, -2, feature)
        nodes["threshold"] = np.where(leaf, -2.0, array(t["threshold"]))
        nodes["impurity"] = array(t["impurity"])
        nodes["weighted_n_node_samples"] = array(t["weightedSamples"])
        nodes["n_node_samples"] = np.round(array(t["weightedSamples"])).astype(np.int64)
        tree = Tree(n_features, np.array([1], dtype=np.intp), 1)
        tree.__setstate__({"max_depth": t["depth"], "node_count": n, "nodes": nodes, "values": array(t["value"]).reshape(n, 1, 1).copy()})
        est = DecisionTreeRegressor()
        est.tree_ = tree
        est.n_features_in_ = n_features
        est.n_outputs_ = 1
        est.max_features_ = n_features
        estimators.append(est)
    forest = RandomForestRegressor(n_estimators=len(estimators))
    forest.estimators_ = estimators
    forest.n_features_in_ = n_features
    forest.n_outputs_ = 1
    return forest


def featurize(rows, properties):
    """The 14 site fractions and 36 fraction-weighted site averages of each row of fractions."""
    out = [rows]
    start = 0
    for site in "ABX":
        names = SPECIES[site]
        table = np.array([properties[sp] for sp in names])  # species × 12 properties
        out.append(rows[:, start : start + len(names)] @ table)
        start += len(names)
    return np.hstack(out)


def spread(forest, X, threads=2):
    """Mean and std of the trees' predictions, trees shared out between threads."""
    chunks = np.array_split(np.arange(len(forest.estimators_)), threads)

    def part(idx):
        s = np.zeros(len(X))
        q = np.zeros(len(X))
        for i in idx:
            p = forest.estimators_[i].predict(X, check_input=False)
            s += p
            q += p * p
        return s, q

    with ThreadPoolExecutor(threads) as pool:
        parts = list(pool.map(part, chunks))
    T = len(forest.estimators_)
    mean = sum(p[0] for p in parts) / T
    return mean, np.sqrt(np.maximum(0, sum(p[1] for p in parts) / T - mean * mean))


FACTS = {}


def INFO():
    return dict(FACTS)


def prepared_forests():
    models = os.path.join(BENCH_DIR, "models")
    if not os.path.exists(os.path.join(models, "screening.json")):
        raise SystemExit(f"design.py: {models} is missing; run `npm run bench -- screen_full_space` (or the --compare) first")
    meta = json.load(open(os.path.join(models, "screening.json")))
    assert meta["features"] == ALL, "the bench models must use all 50 descriptors"
    return meta, [load_forest(os.path.join(models, name)) for name in ("decomposition", "band_gap")]


def grid_rows(index):
    """The 14 site fractions of compositions given by flat index (a * nB + b) * nX + x."""
    A, B, X = site_options(5), site_options(6), site_options(3)
    n_b, n_x = len(B), len(X)
    a, b, x = index // (n_b * n_x), (index // n_x) % n_b, index % n_x
    return np.hstack([A[a], B[b], X[x]])


def predict_rows(index, meta, forests):
    features = np.ascontiguousarray(featurize(grid_rows(index), meta["properties"]), dtype=np.float32)
    return [spread(f, features) for f in forests]


def screen_full_space():
    meta, forests = prepared_forests()
    size = 495 * 1287 * 45
    FACTS.clear()
    FACTS.update({"compositions": size, "threads": 2})

    def work():
        for start in range(0, size, 200_000):
            predict_rows(np.arange(start, min(size, start + 200_000), dtype=np.int64), meta, forests)
    return work


def screen_stride():
    meta, forests = prepared_forests()
    ours = json.load(open(os.path.join(BENCH_DIR, "stride.json")))
    index = np.arange(ours["rows"], dtype=np.int64) * ours["stride"]
    t0 = time.perf_counter()
    preds = predict_rows(index, meta, forests)
    seconds = time.perf_counter() - t0
    FACTS.clear()
    FACTS.update({
        "rows": len(index),
        "rows_per_second_first_sample": round(len(index) / seconds),
        "rows_differing_from_ours": [int(np.sum(np.abs(p[0] - np.array(ours[k])) > 1e-9)) for p, k in zip(preds, ("decomposition", "gap"))],
    })
    return lambda: predict_rows(index, meta, forests)


def bo_hpo():
    import pandas as pd
    from sklearn.ensemble import RandomForestRegressor
    from sklearn.model_selection import GridSearchCV, ParameterSampler, train_test_split

    grid = {"n_estimators": [50, 100, 200], "max_features": [4, 8, 14], "min_samples_leaf": [5, 10, 20], "max_depth": [5, 10, 15], "min_samples_split": [2, 5, 10]}
    df = pd.read_csv(os.path.join(DATA, "DFT_data.csv"))
    Xtr, _, ytr, _ = train_test_split(df[COMP].to_numpy(float), df["Decomposition Energy"].to_numpy(float), train_size=0.2, random_state=0)

    def work():
        gs = GridSearchCV(RandomForestRegressor(random_state=0), grid, cv=5, scoring="neg_root_mean_squared_error", n_jobs=-1, refit=False).fit(Xtr, ytr)
        best = -gs.best_score_
        lookup = {json.dumps(p, sort_keys=True): -s for p, s in zip(gs.cv_results_["params"], gs.cv_results_["mean_test_score"])}
        # RandomizedSearchCV's draws, scored from the grid (same folds, same forests).
        rel = [min(lookup[json.dumps(p, sort_keys=True)] for p in ParameterSampler(grid, n_iter=30, random_state=seed)) / best for seed in range(10)]
        return best, rel

    best, rel = work()
    FACTS.clear()
    FACTS.update({
        "grid_best_cv_rmse": round(float(best), 5),
        "random30_median_relative_best": round(float(np.median(rel)), 4),
        "random30_worst_relative_best": round(float(np.max(rel)), 4),
        "random30_seeds_within_2pct": int(sum(r <= 1.02 for r in rel)),
    })
    return work


STEPS = {"screen_full_space": screen_full_space, "screen_stride": screen_stride, "bo_hpo": bo_hpo}
ONLY_WHEN_NAMED = {"screen_stride"}

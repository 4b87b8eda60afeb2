"""scikit-learn 1.2 doing the same work as bench/trees.bench.ts, for `npm run bench -- --compare`.

Prints one JSON line {step_name: seconds}. Step names given on the command line select steps;
`rf_grid_search_n_jobs_1` (the grid search on one core, slow) runs only when named.
"""
import json
import os
import sys
import time

import numpy as np
import pandas as pd
from sklearn.ensemble import RandomForestClassifier, RandomForestRegressor
from sklearn.model_selection import GridSearchCV, train_test_split

DATA = os.environ.get("MATML_DATA_DIR", os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "data"))
COMP = ["K", "Rb", "Cs", "MA", "FA", "Ca", "Sr", "Ba", "Ge", "Sn", "Pb", "Cl", "Br", "I"]
PROPS = ["ion_rad", "BP", "MP", "dens", "at_wt", "EA", "IE", "hof", "hov", "En", "at_num", "period"]
ALL = COMP + [f"{s}_{p}" for s in "ABX" for p in PROPS]
GRID = {
    "n_estimators": [50, 100, 200],
    "max_features": [4, 8, 14],
    "min_samples_leaf": [5, 10, 20],
    "max_depth": [5, 10, 15],
    "min_samples_split": [2, 5, 10],
}

df = pd.read_csv(os.path.join(DATA, "DFT_data.csv"))
X_all = df[ALL].to_numpy(float)
X_comp = df[COMP].to_numpy(float)
gap = df["Band Gap"].to_numpy(float)
decomp = df["Decomposition Energy"].to_numpy(float)


def median_of_3(fn):
    """Median of 3 timed runs after an untimed warm-up (as bench/trees.bench.ts does)."""
    fn()
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return sorted(times)[1]


def rf_fit_predict(X, y):
    Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.2, random_state=0)
    return median_of_3(lambda: RandomForestRegressor(n_estimators=100, random_state=0).fit(Xtr, ytr).predict(Xte))


def grid_search(n_jobs):
    Xtr, Xte, ytr, yte = train_test_split(X_comp, decomp, train_size=0.2, random_state=0)
    t0 = time.perf_counter()
    gs = GridSearchCV(RandomForestRegressor(random_state=0), GRID, cv=5, scoring="neg_root_mean_squared_error", n_jobs=n_jobs, refit=True)
    gs.fit(Xtr, ytr)
    gs.predict(Xte)
    return time.perf_counter() - t0


def screen_outside():
    out = pd.read_csv(os.path.join(DATA, "Outside.csv"))
    X_out = np.tile(out[ALL].to_numpy(float), (8, 1))  # 40,000 rows (timing only: the descriptor quirk does not matter)
    rf_gap = RandomForestRegressor(n_estimators=100, random_state=0).fit(X_all, gap)
    rf_dec = RandomForestRegressor(n_estimators=100, random_state=0).fit(X_all, decomp)
    return median_of_3(lambda: (rf_gap.predict(X_out), rf_dec.predict(X_out)))


def rf_classifier():
    stable = (decomp < 0).astype(int)
    Xtr, Xte, ytr, yte = train_test_split(X_all, stable, test_size=0.5, random_state=42)
    return median_of_3(lambda: RandomForestClassifier(n_estimators=100, random_state=0).fit(Xtr, ytr).predict(Xte))


STEPS = {
    "rf_gap": lambda: rf_fit_predict(X_all, gap),
    "rf_decomp": lambda: rf_fit_predict(X_all, decomp),
    "rf_grid_search": lambda: grid_search(-1),
    "screen_outside": screen_outside,
    "rf_classifier": rf_classifier,
    "rf_grid_search_n_jobs_1": lambda: grid_search(1),
}
ONLY_WHEN_NAMED = {"rf_grid_search_n_jobs_1"}

if __name__ == "__main__":
    only = [a for a in sys.argv[1:] if not a.startswith("-")]
    result = {}
    for name, run in STEPS.items():
        if (only and name not in only) or (not only and name in ONLY_WHEN_NAMED):
            continue
        result[name] = round(run(), 4)
    print(json.dumps(result))

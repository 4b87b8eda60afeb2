"""Reference for bench/trees.bench.ts: scikit-learn 1.2 doing the same work (see serve.py).

`rf_grid_search_n_jobs_1` (the grid search on one core, slow) has no TypeScript twin: run it
alone with `python3 scripts/bench/serve.py trees rf_grid_search_n_jobs_1`.
"""
import os

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


def load():
    df = pd.read_csv(os.path.join(DATA, "DFT_data.csv"))
    return df[ALL].to_numpy(float), df[COMP].to_numpy(float), df["Band Gap"].to_numpy(float), df["Decomposition Energy"].to_numpy(float)


def rf_fit_predict(which):
    def prepare():
        X_all, _, gap, decomp = load()
        y = gap if which == "gap" else decomp
        Xtr, Xte, ytr, _ = train_test_split(X_all, y, test_size=0.2, random_state=0)
        return lambda: RandomForestRegressor(n_estimators=100, random_state=0).fit(Xtr, ytr).predict(Xte)
    return prepare


def grid_search(n_jobs):
    def prepare():
        _, X_comp, _, decomp = load()
        Xtr, Xte, ytr, _ = train_test_split(X_comp, decomp, train_size=0.2, random_state=0)

        def work():
            gs = GridSearchCV(RandomForestRegressor(random_state=0), GRID, cv=5, scoring="neg_root_mean_squared_error", n_jobs=n_jobs, refit=True)
            gs.fit(Xtr, ytr)
            gs.predict(Xte)
        return work
    return prepare


def screen_outside():
    X_all, _, gap, decomp = load()
    out = pd.read_csv(os.path.join(DATA, "Outside.csv"))
    X_out = np.tile(out[ALL].to_numpy(float), (8, 1))  # 40,000 rows (timing only: the descriptor quirk does not matter)
    rf_gap = RandomForestRegressor(n_estimators=100, random_state=0).fit(X_all, gap)
    rf_dec = RandomForestRegressor(n_estimators=100, random_state=0).fit(X_all, decomp)
    return lambda: (rf_gap.predict(X_out), rf_dec.predict(X_out))


def rf_classifier():
    X_all, _, _, decomp = load()
    stable = (decomp < 0).astype(int)
    Xtr, Xte, ytr, _ = train_test_split(X_all, stable, test_size=0.5, random_state=42)
    return lambda: RandomForestClassifier(n_estimators=100, random_state=0).fit(Xtr, ytr).predict(Xte)


STEPS = {
    "rf_gap": rf_fit_predict("gap"),
    "rf_decomp": rf_fit_predict("decomp"),
    "rf_grid_search": grid_search(-1),
    "screen_outside": screen_outside,
    "rf_classifier": rf_classifier,
    "rf_grid_search_n_jobs_1": grid_search(1),
}
ONLY_WHEN_NAMED = {"rf_grid_search_n_jobs_1"}

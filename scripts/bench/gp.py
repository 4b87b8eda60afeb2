"""Reference timings for bench/gp.bench.ts: scikit-learn's GaussianProcessRegressor doing the
same fits as the TypeScript steps (same split indices, kernels, alpha, restarts).
Prints one JSON line {step_name: seconds}. Usage: /usr/bin/python3 scripts/bench/gp.py [steps...]"""
import json
import os
import sys
import time
import warnings

import numpy as np
import pandas as pd
from sklearn.gaussian_process import GaussianProcessRegressor
from sklearn.gaussian_process.kernels import RBF, ConstantKernel, ExpSineSquared
from sklearn.model_selection import train_test_split

warnings.filterwarnings("ignore")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.environ.get("MATML_DATA_DIR", os.path.join(ROOT, "..", "shared", "data"))
COMP = ["K", "Rb", "Cs", "MA", "FA", "Ca", "Sr", "Ba", "Ge", "Sn", "Pb", "Cl", "Br", "I"]


def split():
    # the same 50/50 split as test/fixtures/gp (scripts/fixtures/gp.py)
    return train_test_split(np.arange(512), test_size=0.5, random_state=0)


def gpr_expsine_50_restarts(df):
    train, _ = split()
    X = df[COMP].values[train]
    y = df["Decomposition Energy"].values[train]
    kernel = ConstantKernel() * ExpSineSquared(periodicity_bounds=(0.01, 10))
    t0 = time.perf_counter()
    GaussianProcessRegressor(kernel=kernel, alpha=0.1, n_restarts_optimizer=50, random_state=0).fit(X, y)
    return time.perf_counter() - t0


def gpr_rbf_gap(df):
    train, _ = split()
    X = df[COMP].values[train]
    y = df["Band Gap"].values[train]
    kernel = ConstantKernel() * RBF()
    t0 = time.perf_counter()
    GaussianProcessRegressor(kernel=kernel, alpha=0.01, normalize_y=True, n_restarts_optimizer=5, random_state=0).fit(X, y)
    return time.perf_counter() - t0


STEPS = {"gpr_expsine_50_restarts": gpr_expsine_50_restarts, "gpr_rbf_gap": gpr_rbf_gap}

if __name__ == "__main__":
    only = [a for a in sys.argv[1:] if not a.startswith("--")]
    wanted = [s for s in STEPS if not only or s in only]
    if not wanted:
        print("{}")
        sys.exit(0)
    df = pd.read_csv(os.path.join(DATA, "DFT_data.csv"))
    print(json.dumps({name: round(STEPS[name](df), 4) for name in wanted}))

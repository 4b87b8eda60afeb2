"""Reference for bench/gp.bench.ts: scikit-learn's GaussianProcessRegressor doing the same fits as
the TypeScript steps (same split indices, kernels, alpha, restarts). See serve.py.

  gpr_expsine_50_restarts  the tutorial's set-up: 256 training rows, 14 composition descriptors,
                           constant x exp-sine-squared, alpha 0.1, 50 restarts
  gpr_rbf_gap              constant x RBF on the band gap, alpha 0.01, normalize_y, 5 restarts
  gpr_rbf_2000             2,000 Outside.csv compositions (rows i*5//2) with a smooth synthetic
                           target (rbf_2000_data), constant x RBF, alpha 0.01, normalize_y, 1 restart
"""
import math
import os
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


def tutorial_split():
    # the same 50/50 split as test/fixtures/gp (scripts/fixtures/gp.py)
    df = pd.read_csv(os.path.join(DATA, "DFT_data.csv"))
    train, _ = train_test_split(np.arange(512), test_size=0.5, random_state=0)
    return df[COMP].values[train], df.iloc[train]


def rbf_2000_data(n=2000):
    """n Outside.csv compositions spread over the file and y = sin(3 s) + (t / 2)^2 with
    s = sum_k x_k sin(k + 1), t = sum_k x_k cos(k + 1) (bench/gp.bench.ts computes the same)."""
    out = pd.read_csv(os.path.join(DATA, "Outside.csv"))
    X = out[COMP].to_numpy(float)[[i * 5 // 2 for i in range(n)]]
    w = np.array([math.sin(k + 1) for k in range(len(COMP))])
    v = np.array([math.cos(k + 1) for k in range(len(COMP))])
    y = np.sin(3 * (X @ w)) + (X @ v / 2) ** 2
    return X, y


def gpr_expsine_50_restarts():
    X, rows = tutorial_split()
    y = rows["Decomposition Energy"].values
    kernel = ConstantKernel() * ExpSineSquared(periodicity_bounds=(0.01, 10))
    return lambda: GaussianProcessRegressor(kernel=kernel, alpha=0.1, n_restarts_optimizer=50, random_state=0).fit(X, y)


def gpr_rbf_gap():
    X, rows = tutorial_split()
    y = rows["Band Gap"].values
    kernel = ConstantKernel() * RBF()
    return lambda: GaussianProcessRegressor(kernel=kernel, alpha=0.01, normalize_y=True, n_restarts_optimizer=5, random_state=0).fit(X, y)


def gpr_rbf_2000():
    X, y = rbf_2000_data()
    kernel = ConstantKernel() * RBF()
    return lambda: GaussianProcessRegressor(kernel=kernel, alpha=0.01, normalize_y=True, n_restarts_optimizer=1, random_state=0).fit(X, y)


STEPS = {"gpr_expsine_50_restarts": gpr_expsine_50_restarts, "gpr_rbf_gap": gpr_rbf_gap, "gpr_rbf_2000": gpr_rbf_2000}

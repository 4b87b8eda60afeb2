"""The reference side of `npm run bench -- --scale` (bench/scale.ts): scikit-learn doing each task
at each size on the same synthetic data, timed the same way (in-process, calls repeated until
min_time seconds have passed, 1 to 5 calls, median; one untimed call at the smallest size).

Usage: scale.py TASK DATA_FILE ROWS SIZES MIN_TIME BUDGET
  DATA_FILE holds ROWS x 14 float64 values (row-major) followed by ROWS targets.
Prints one JSON line {size: seconds or null (skipped after a size took longer than BUDGET)}.
"""
import json
import sys
import time
import warnings

import numpy as np
from sklearn.decomposition import PCA
from sklearn.ensemble import RandomForestRegressor
from sklearn.gaussian_process import GaussianProcessRegressor
from sklearn.gaussian_process.kernels import RBF, ConstantKernel
from sklearn.kernel_ridge import KernelRidge
from sklearn.manifold import TSNE
from sklearn.neighbors import KNeighborsRegressor

warnings.filterwarnings("ignore")
COLS = 14


def rows_of(X, n):
    """The first n rows, repeating the data cyclically past its end (as bench/scale.ts does)."""
    return X[np.arange(n) % len(X)]


def rf_fit(X, y, n):
    Xn, yn = X[:n], y[:n]
    return lambda: RandomForestRegressor(n_estimators=100, random_state=0).fit(Xn, yn)


def rf_predict(X, y, n):
    forest = RandomForestRegressor(n_estimators=100, random_state=0).fit(X[:1000], y[:1000])
    Xn = rows_of(X, n)
    return lambda: forest.predict(Xn)


def knn(X, y, n):
    Xn, yn = X[:n], y[:n]
    return lambda: KNeighborsRegressor(n_neighbors=5).fit(Xn, yn).predict(Xn)


def kernel_ridge(X, y, n):
    Xn, yn = X[:n], y[:n]
    # ours: gamma defaults to 1 / number of columns; scikit-learn's KernelRidge defaults to the same for rbf
    return lambda: KernelRidge(kernel="rbf", alpha=1).fit(Xn, yn).predict(Xn)


def gp_fit(X, y, n):
    Xn, yn = X[:n], y[:n]
    return lambda: GaussianProcessRegressor(kernel=ConstantKernel() * RBF(), alpha=0.01, normalize_y=True).fit(Xn, yn)


def pca(X, y, n):
    Xn = X[:n]
    return lambda: PCA(n_components=2).fit_transform(Xn)


def tsne(X, y, n):
    Xn = X[:n]
    return lambda: TSNE(n_components=2, perplexity=30, n_iter=500, init="pca", learning_rate="auto", random_state=0).fit_transform(Xn)


TASKS = {"rf_fit": rf_fit, "rf_predict": rf_predict, "knn": knn, "kernel_ridge": kernel_ridge, "gp_fit": gp_fit, "pca": pca, "tsne": tsne}


def time_size(work, min_time):
    times, spent = [], 0.0
    while len(times) < 5 and (not times or spent < min_time):
        t0 = time.perf_counter()
        work()
        t = time.perf_counter() - t0
        times.append(t)
        spent += t
    return float(np.median(times))


if __name__ == "__main__":
    if len(sys.argv) != 7:
        sys.exit(__doc__)
    task, data_file, rows, sizes, min_time, budget = sys.argv[1:]
    rows, min_time, budget = int(rows), float(min_time), float(budget)
    raw = np.fromfile(data_file, dtype="<f8")
    X = raw[: rows * COLS].reshape(rows, COLS)
    y = raw[rows * COLS: rows * COLS + rows]
    out, over = {}, False
    for i, n in enumerate(int(s) for s in sizes.split(",")):
        if over:
            out[n] = None
            continue
        work = TASKS[task](X, y, n)
        if i == 0:
            work()  # warm-up
        out[n] = round(time_size(work, min_time), 6)
        over = out[n] > budget
    print(json.dumps(out))

"""Reference timings for bench/linear.bench.ts: the same work done with scikit-learn.

Prints one JSON line {step_name: seconds}. Step names on the command line select a subset.
Run with Debian's python: /usr/bin/python3 scripts/bench/linear.py [linear_gap]
"""
import json
import os
import sys
import time

import numpy as np
import pandas as pd
from sklearn.linear_model import LinearRegression
from sklearn.model_selection import train_test_split

DATA = os.environ.get("MATML_DATA_DIR", os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "data"))
WARMUP, REPEATS = 5, 50  # one fit takes about a millisecond: report the median of many runs


def linear_gap():
    df = pd.read_csv(os.path.join(DATA, "DFT_data.csv"))
    X = df.iloc[:, 4:54].to_numpy(dtype=float)  # the 50 descriptors
    y = df["Band Gap"].to_numpy(dtype=float)
    X_train, X_test, y_train, _ = train_test_split(X, y, test_size=0.2, random_state=0)
    times = []
    for _ in range(WARMUP):
        LinearRegression().fit(X_train, y_train).predict(X_test)
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        LinearRegression().fit(X_train, y_train).predict(X_test)
        times.append(time.perf_counter() - t0)
    return float(np.median(times))


STEPS = {"linear_gap": linear_gap}

if __name__ == "__main__":
    wanted = [a for a in sys.argv[1:] if not a.startswith("--")]
    out = {name: fn() for name, fn in STEPS.items() if not wanted or name in wanted}
    print(json.dumps(out))

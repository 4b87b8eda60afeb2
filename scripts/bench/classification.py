"""Reference timings for bench/classification.bench.ts: the same work done with scikit-learn 1.2.

Prints one JSON line {step_name: seconds}. Step names on the command line select a subset.
Run with Debian's python: /usr/bin/python3 scripts/bench/classification.py [pca] [tsne]
  pca:  PCA(n_components=2) on all 50 descriptors, fit_transform; median of 100 runs after 50 warm-ups.
  tsne: TSNE(perplexity=30, n_iter=1000) on the 14 composition descriptors (1.2 defaults:
        Barnes-Hut, init "pca", learning_rate "auto"), one run.
"""
import json
import os
import sys
import time

import numpy as np
import pandas as pd
from sklearn.decomposition import PCA
from sklearn.manifold import TSNE

DATA = os.environ.get("MATML_DATA_DIR", os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "data"))
COMP = ["K", "Rb", "Cs", "MA", "FA", "Ca", "Sr", "Ba", "Ge", "Sn", "Pb", "Cl", "Br", "I"]
WARMUP, REPEATS = 50, 100


def load():
    return pd.read_csv(os.path.join(DATA, "DFT_data.csv"))


def pca():
    X = load().iloc[:, 4:54].to_numpy(dtype=float)  # the 50 descriptors
    for _ in range(WARMUP):
        PCA(n_components=2).fit_transform(X)
    times = []
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        PCA(n_components=2).fit_transform(X)
        times.append(time.perf_counter() - t0)
    return float(np.median(times))


def tsne():
    X = load()[COMP].to_numpy(dtype=float)
    t0 = time.perf_counter()
    TSNE(n_components=2, perplexity=30, n_iter=1000, random_state=0).fit_transform(X)
    return time.perf_counter() - t0


STEPS = {"pca": pca, "tsne": tsne}

if __name__ == "__main__":
    wanted = [a for a in sys.argv[1:] if not a.startswith("--")]
    out = {name: fn() for name, fn in STEPS.items() if not wanted or name in wanted}
    print(json.dumps(out))

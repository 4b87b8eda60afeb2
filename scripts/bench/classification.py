"""Reference for bench/classification.bench.ts: the same work done with scikit-learn 1.2 (see serve.py).

  pca:  PCA(n_components=2) on all 50 descriptors, fit_transform; a sample is the median of 100 calls.
  tsne: TSNE(perplexity=30, n_iter=1000) on the 14 composition descriptors (1.2 defaults:
        Barnes-Hut, init "pca", learning_rate "auto"), one run per sample.
"""
import os

import pandas as pd
from sklearn.decomposition import PCA
from sklearn.manifold import TSNE

DATA = os.environ.get("MATML_DATA_DIR", os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "data"))
COMP = ["K", "Rb", "Cs", "MA", "FA", "Ca", "Sr", "Ba", "Ge", "Sn", "Pb", "Cl", "Br", "I"]


def load():
    return pd.read_csv(os.path.join(DATA, "DFT_data.csv"))


def pca():
    X = load().iloc[:, 4:54].to_numpy(dtype=float)  # the 50 descriptors
    return lambda: PCA(n_components=2).fit_transform(X)


def tsne():
    X = load()[COMP].to_numpy(dtype=float)
    return lambda: TSNE(n_components=2, perplexity=30, n_iter=1000, random_state=0).fit_transform(X)


STEPS = {"pca": pca, "tsne": tsne}
REPEATS = {"pca": 100}


def INFO():
    return {"method": "barnes_hut"}

"""Reference for bench/classification.bench.ts: the same work done with scikit-learn 1.2 (see serve.py).

  pca:  PCA(n_components=2) on all 50 descriptors, fit_transform; a sample is the median of 100 calls.
  tsne: TSNE(perplexity=30, n_iter=1000) on the 14 composition descriptors (1.2 defaults:
        Barnes-Hut, init "pca", learning_rate "auto"), one run per sample.
  tsne_5512: the same on the 512 alloys and the 5,000 Outside.csv candidates together.
Both t-SNE steps report the final KL divergence of each sample's map (QUALITY).
"""
import os

import numpy as np
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


LAST = {}


def tsne_on(name, X):
    def work():
        LAST[name] = TSNE(n_components=2, perplexity=30, n_iter=1000, random_state=0).fit(X)
    return work


def tsne():
    return tsne_on("tsne", load()[COMP].to_numpy(dtype=float))


def tsne_5512():
    outside = pd.read_csv(os.path.join(DATA, "Outside.csv"))
    return tsne_on("tsne_5512", np.vstack([load()[COMP].to_numpy(dtype=float), outside[COMP].to_numpy(dtype=float)]))


STEPS = {"pca": pca, "tsne": tsne, "tsne_5512": tsne_5512}
REPEATS = {"pca": 100}
QUALITY = {name: (lambda name=name: {"kl_divergence": float(LAST[name].kl_divergence_)}) for name in ("tsne", "tsne_5512")}


def INFO():
    return {"method": "barnes_hut"}

"""Reference for bench/linear.bench.ts: the same work done with scikit-learn (see serve.py).

linear_gap: ordinary least squares on all 50 descriptors, 80/20 split, fit and predict the band
gap. One fit takes about a millisecond, so a sample is the median of 50 calls.
"""
import os

import pandas as pd
from sklearn.linear_model import LinearRegression
from sklearn.model_selection import train_test_split

DATA = os.environ.get("MATML_DATA_DIR", os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "data"))


def linear_gap():
    df = pd.read_csv(os.path.join(DATA, "DFT_data.csv"))
    X = df.iloc[:, 4:54].to_numpy(dtype=float)  # the 50 descriptors
    y = df["Band Gap"].to_numpy(dtype=float)
    X_train, X_test, y_train, _ = train_test_split(X, y, test_size=0.2, random_state=0)
    return lambda: LinearRegression().fit(X_train, y_train).predict(X_test)


STEPS = {"linear_gap": linear_gap}
REPEATS = {"linear_gap": 50}

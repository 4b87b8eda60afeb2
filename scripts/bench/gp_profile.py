"""For bench/gp-profile.ts: scikit-learn's GaussianProcessRegressor fits the two tutorial set-ups of
scripts/bench/gp.py; prints JSON {step: [{start, nfev, f}, ...]} with every optimizer run's
starting point, scipy's L-BFGS-B evaluation count and final objective."""
import json
import warnings

import numpy as np
import scipy.optimize
import sklearn.gaussian_process._gpr as gpr_module
from sklearn.gaussian_process import GaussianProcessRegressor
from sklearn.gaussian_process.kernels import RBF, ConstantKernel, ExpSineSquared

import gp

warnings.filterwarnings("ignore")
runs = []
minimize = scipy.optimize.minimize


def counted(fun, x0, *args, **kwargs):
    r = minimize(fun, x0, *args, **kwargs)
    runs.append({"start": [float(v) for v in x0], "nfev": int(r.nfev), "f": float(r.fun) if np.isfinite(r.fun) else 1e308})
    return r


gpr_module.scipy.optimize.minimize = counted
X, rows = gp.tutorial_split()
out = {}
for name, kernel, y, kw in [
    ("gpr_expsine_50_restarts", ConstantKernel() * ExpSineSquared(periodicity_bounds=(0.01, 10)), rows["Decomposition Energy"].values, dict(alpha=0.1, n_restarts_optimizer=50)),
    ("gpr_rbf_gap", ConstantKernel() * RBF(), rows["Band Gap"].values, dict(alpha=0.01, normalize_y=True, n_restarts_optimizer=5)),
]:
    runs.clear()
    GaussianProcessRegressor(kernel=kernel, random_state=0, **kw).fit(X, y)
    out[name] = list(runs)
print(json.dumps(out))

"""Writes notebooks/01-descriptors-and-regression.ipynb (no outputs) from the cells below.

Edit the cells here and rerun:  /usr/bin/python3 scripts/notebooks/make-01.py
"""
from nbcells import Notebook

notebook = Notebook()
md, code = notebook.md, notebook.code

md(r"""
# 01 · Descriptors and regression

Part 1 of the case study: can we predict a perovskite's **decomposition energy** (is it stable?) and
**band gap** (does it absorb sunlight well?) from its composition alone, and then use those
predictions to pick promising compositions nobody has computed yet?

The notebook follows the tutorial's order:

1. the data and the three descriptor sets, and why descriptors have to be scaled;
2. how strongly each descriptor correlates with each target, and a first filter-based selection;
3. a seeded train/test split and six regressors — least squares, ridge, LASSO, elastic net,
   kernel ridge and random forest — each with parity plots and RMSE, MAE and R²;
4. cross-validation (k-fold, leave-one-out), the tutorial's random-forest grid search, a learning
   curve, feature importances and recursive feature elimination;
5. screening: forests trained on all 512 alloys predict `Outside.csv` and our own enumerated
   compositions, and we rank candidate solar absorbers.

Every number printed here is computed when the notebook runs; the headline numbers are recorded
in `out/summary.json`.
""")

code(r"""
import * as ml from "../dist/lib";
import * as fs from "fs";
import * as path from "path";

const notebookStart = Date.now();
const SEED = 0; // one seed for every split and every forest: rerunning gives the same numbers
""")

md(r"""
## 1 · The data: inorganic and hybrid alloys

`DFT_data.csv` holds 512 ABX₃ alloys with their DFT decomposition energy (eV per formula unit;
negative = stable against decomposition) and HSE06 band gap (eV). Alloys whose A site holds any
methylammonium (MA) or formamidinium (FA) are *hybrid* organic–inorganic; the rest are *inorganic*.
""")

code(r"""
const dft = await ml.loadDFT();
const formulas = ml.columnOf<string>(dft, "Formula");
const gap = ml.columnOf(dft, ml.TARGET_GAP);
const decomp = ml.columnOf(dft, ml.TARGET_DECOMPOSITION);
const isHybrid = ml.matrixOf(dft, ["MA", "FA"]).map(([ma, fa]) => ma > 0 || fa > 0);
const family = isHybrid.map((h) => (h ? "hybrid (MA/FA)" : "inorganic"));

ml.showTable(
  [{ alloys: formulas.length, inorganic: isHybrid.filter((h) => !h).length, hybrid: isHybrid.filter((h) => h).length }],
  { title: "DFT_data.csv" },
);
ml.showTable(dft.loc({ columns: ["Formula", ml.TARGET_DECOMPOSITION, ml.TARGET_GAP] }).head(6), { title: "First rows (targets only)", digits: 3 });
""")

md(r"""
## 2 · Descriptors: three sets

A model can only use what we feed it, so each alloy is turned into a vector of numbers, its
**descriptors** (features, fingerprints). Good descriptors are

* **cheap and intuitive** — computing them must not need the DFT calculation we are trying to avoid;
* **general** — every composition of the chemical space gets a vector, including ones never seen;
* **invariant** — writing the same material differently (the order of the species in the formula,
  `Cs0.5MA0.5PbI3` vs `MA0.5Cs0.5PbI3`) must give the same vector.

The tutorial compares three sets: the 14 **composition** descriptors (the fraction of each species on
its site), the 36 **elemental** descriptors (12 tabulated properties — ionic radius, boiling point,
ionization energy, electronegativity, … — averaged over each site with the fractions as weights)
and **all** 50 together.
""")

code(r"""
const Xcomp = ml.matrixOf(dft, ml.COMPOSITION_DESCRIPTORS);
const Xelem = ml.matrixOf(dft, ml.ELEMENTAL_DESCRIPTORS);
const Xall = ml.matrixOf(dft, ml.ALL_DESCRIPTORS);
ml.showTable(
  Object.entries(ml.DESCRIPTOR_SETS).map(([set, columns]) => ({ set, descriptors: columns.length, first: columns.slice(0, 5).join(", ") + ", …" })),
  { title: "Descriptor sets" },
);

// Invariance and generality, checked with the project's featurizer: the same alloy written two
// ways gives the same 50 numbers, and a composition outside the training table gets a vector too.
const featurizer = await ml.PerovskiteFeaturizer.load();
const one = featurizer.featurize("Cs0.5MA0.5PbI3");
const same = featurizer.featurize("MA0.5Cs0.5PbI3");
const unseen = featurizer.featurize("Rb0.25FA0.75Sn0.5Ge0.5Br1.5I1.5");
ml.showTable(
  [
    { formula: "Cs0.5MA0.5PbI3", A_ion_rad: one[ml.ALL_DESCRIPTORS.indexOf("A_ion_rad")], B_En: one[ml.ALL_DESCRIPTORS.indexOf("B_En")], X_IE: one[ml.ALL_DESCRIPTORS.indexOf("X_IE")] },
    { formula: "MA0.5Cs0.5PbI3", A_ion_rad: same[ml.ALL_DESCRIPTORS.indexOf("A_ion_rad")], B_En: same[ml.ALL_DESCRIPTORS.indexOf("B_En")], X_IE: same[ml.ALL_DESCRIPTORS.indexOf("X_IE")] },
    { formula: "Rb0.25FA0.75Sn0.5Ge0.5Br1.5I1.5", A_ion_rad: unseen[ml.ALL_DESCRIPTORS.indexOf("A_ion_rad")], B_En: unseen[ml.ALL_DESCRIPTORS.indexOf("B_En")], X_IE: unseen[ml.ALL_DESCRIPTORS.indexOf("X_IE")] },
  ],
  { title: `Same alloy, two spellings: identical vectors? ${one.every((v, j) => v === same[j])}` },
);
""")

md(r"""
## 3 · The two targets

Decomposition energy against band gap, inorganic and hybrid alloys in two colours. The region we
will hunt for at the end is the lower left: stable (decomposition energy < 0) with a gap of
about 1.1–1.7 eV.
""")

code(r"""
ml.show(
  ml.scatterPlot({
    x: decomp,
    y: gap,
    groups: family,
    labels: formulas,
    title: "512 DFT-computed alloys",
    xTitle: "Decomposition energy (eV per formula unit)",
    yTitle: "Band gap (eV)",
  }),
);
""")

md(r"""
## 4 · Feature scaling

The descriptors live on wildly different scales: fractions between 0 and 1, boiling points in the
thousands of kelvin. Models that compare distances (kernel ridge, k-NN) or penalize weights (ridge,
LASSO) would be dominated by the biggest numbers, so we rescale each column using statistics of the
**training rows only**:

* **min-max normalization** maps every column onto $[0, 1]$: $\;x' = \dfrac{x - x_{\min}}{x_{\max} - x_{\min}}$
* **standardization** gives every column mean 0 and variance 1: $\;x' = \dfrac{x - \mu}{\sigma}$
  (less sensitive to a single extreme value than min-max).

A column that never changes would divide by zero; both scalers leave such a column unscaled.
""")

code(r"""
const minmax = new ml.MinMaxScaler().fit(Xall);
const standard = new ml.StandardScaler().fit(Xall);
const Xminmax = minmax.transform(Xall);
const Xstd = standard.transform(Xall);

function columnSummary(X: number[][], j: number) {
  const col = X.map((row) => row[j]);
  const mean = col.reduce((s, v) => s + v, 0) / col.length;
  const std = Math.sqrt(col.reduce((s, v) => s + (v - mean) ** 2, 0) / col.length);
  return { min: Math.min(...col), max: Math.max(...col), mean, std };
}
const shown = ["Cs", "A_ion_rad", "B_BP", "B_IE", "X_EA"];
ml.showTable(
  shown.map((name) => {
    const j = ml.ALL_DESCRIPTORS.indexOf(name);
    const raw = columnSummary(Xall, j), mm = columnSummary(Xminmax, j), st = columnSummary(Xstd, j);
    return { descriptor: name, raw_min: raw.min, raw_max: raw.max, raw_std: raw.std, minmax_min: mm.min, minmax_max: mm.max, standard_mean: st.mean, standard_std: st.std };
  }),
  { title: "Before and after scaling", digits: 3 },
);
const jBP = ml.ALL_DESCRIPTORS.indexOf("B_BP"), jRad = ml.ALL_DESCRIPTORS.indexOf("A_ion_rad");
ml.show([
  ml.histogramPlot({ series: [{ name: "B_BP (K)", values: Xall.map((r) => r[jBP]) }, { name: "A_ion_rad (Å)", values: Xall.map((r) => r[jRad]) }], title: "Raw: one axis cannot show both", xTitle: "raw value", nbins: 40 }),
  ml.histogramPlot({ series: [{ name: "B_BP", values: Xstd.map((r) => r[jBP]) }, { name: "A_ion_rad", values: Xstd.map((r) => r[jRad]) }], title: "Standardized: comparable spreads", xTitle: "standardized value", nbins: 40 }),
]);
""")

md(r"""
## 5 · Pearson correlation with the targets

Pearson's coefficient measures how well a straight line relates one descriptor $x$ to a target $y$:

$$ r = \frac{\sum_i (x_i - \bar x)(y_i - \bar y)}{\sqrt{\sum_i (x_i - \bar x)^2 \, \sum_i (y_i - \bar y)^2}} $$

$r = \pm 1$ is a perfect increasing/decreasing line, $r = 0$ no linear relation (there may still
be a curved one). Red cells below are positive, blue negative.
""")

code(r"""
const rDecomp = ml.correlationWithTarget(Xall, decomp);
const rGap = ml.correlationWithTarget(Xall, gap);
ml.show(
  ml.heatmapPlot({
    z: [rDecomp, rGap],
    x: ml.ALL_DESCRIPTORS,
    y: ["Decomposition energy", "Band gap"],
    colorscale: "coolwarm",
    zmin: -1,
    zmax: 1,
    colorTitle: "Pearson r",
    title: "Correlation of each descriptor with each target",
    height: 320,
  }),
);
""")

md(r"""
### Filter-based selection

The simplest way to shrink a descriptor set is a **filter**: keep the descriptors whose $|r|$ with
a target exceeds a threshold, then drop any that is nearly a copy of one already kept (their mutual
$|r|$ above a second threshold). No model is trained, so it is fast — but it only sees linear,
one-descriptor-at-a-time relations. We will compare a model on the filtered set with one on all 50.
""")

code(r"""
const R_MIN = 0.3; // keep descriptors with |r| >= 0.3 for either target
const R_REDUNDANT = 0.9; // ... unless |r| > 0.9 with a descriptor already kept
const strongest = new Map<string, number>();
for (const y of [decomp, gap]) {
  for (const d of ml.selectByCorrelation(Xall, y, ml.ALL_DESCRIPTORS, { threshold: R_MIN })) {
    strongest.set(d.name, Math.max(strongest.get(d.name) ?? 0, Math.abs(d.r)));
  }
}
const candidatesByR = [...strongest.entries()].sort((a, b) => b[1] - a[1]).map(([name]) => name);
const filtered = ml.dropCorrelated(ml.matrixOf(dft, candidatesByR), candidatesByR, R_REDUNDANT);
ml.showTable(
  candidatesByR.map((name) => ({
    descriptor: name,
    r_decomposition: rDecomp[ml.ALL_DESCRIPTORS.indexOf(name)],
    r_band_gap: rGap[ml.ALL_DESCRIPTORS.indexOf(name)],
    kept: filtered.includes(name),
  })),
  { title: `|r| >= ${R_MIN}: ${candidatesByR.length} descriptors, ${filtered.length} kept after removing redundant ones`, maxRows: 60 },
);
const Xfiltered = ml.matrixOf(dft, filtered);
""")

md(r"""
## 6 · A seeded train/test split

A model is judged on alloys it has **not** seen. We hold out a random 20% as the test set; the seed
fixes which rows, so every model below sees the same split and every rerun gives the same numbers.
""")

code(r"""
const split = ml.trainTestSplit(formulas.length, { testSize: 0.2, seed: SEED });
ml.showTable(
  [
    { set: "train", rows: split.train.length, first_formulas: ml.take(formulas, split.train.slice(0, 4)).join(", ") },
    { set: "test", rows: split.test.length, first_formulas: ml.take(formulas, split.test.slice(0, 4)).join(", ") },
  ],
  { title: "80/20 split, seed " + SEED },
);

// One helper fits a model for both targets, shows the parity plots and the error table, and keeps
// the test RMSE and R² for the summary. Train points are blue, test points red.
type TargetKey = "gap" | "decomp";
const targets: Record<TargetKey, { y: number[]; label: string }> = {
  gap: { y: gap, label: "band gap" },
  decomp: { y: decomp, label: "decomposition energy" },
};
const metrics: Record<string, number> = {};
const comparison: { model: string; target: string; train_rmse: number; test_rmse: number; test_mae: number; test_r2: number }[] = [];

function fitAndReport<M extends ml.Regressor>(key: string, title: string, makeModel: () => M, X: number[][]): Record<TargetKey, M> {
  const fitted = {} as Record<TargetKey, M>;
  const figures: ml.Figure[] = [];
  const rows: typeof comparison = [];
  for (const t of ["gap", "decomp"] as TargetKey[]) {
    const { y, label } = targets[t];
    const [Xtr, Xte] = [ml.take(X, split.train), ml.take(X, split.test)];
    const [ytr, yte] = [ml.take(y, split.train), ml.take(y, split.test)];
    const model = makeModel().fit(Xtr, ytr);
    const [pTrain, pTest] = [model.predict(Xtr), model.predict(Xte)];
    const train = ml.regressionReport(ytr, pTrain);
    const test = ml.regressionReport(yte, pTest);
    metrics[`${key}_${t}_test_rmse`] = test.rmse;
    metrics[`${key}_${t}_test_r2`] = test.r2;
    rows.push({ model: title, target: label, train_rmse: train.rmse, test_rmse: test.rmse, test_mae: test.mae, test_r2: test.r2 });
    figures.push(
      ml.parityPlot({
        train: { actual: ytr, predicted: pTrain, labels: ml.take(formulas, split.train) },
        test: { actual: yte, predicted: pTest, labels: ml.take(formulas, split.test) },
        title: `${title}: ${label}`,
        quantity: label,
        unit: "eV",
      }),
    );
    fitted[t] = model;
  }
  ml.show(figures);
  ml.showTable(rows, { title: `${title}: errors in eV (R² has no unit)` });
  comparison.push(...rows);
  return fitted;
}
""")

md(r"""
## 7 · Ordinary least squares

The linear model predicts $\hat y = \theta_0 + \theta_1 x_1 + \dots + \theta_m x_m = \boldsymbol\theta^\top \mathbf x$
and chooses $\boldsymbol\theta$ to minimize the mean squared error
$\mathrm{MSE}(\boldsymbol\theta) = \frac1N \sum_i (\boldsymbol\theta^\top \mathbf x^{(i)} - y^{(i)})^2$.
Setting its gradient to zero gives the closed-form **normal equation**

$$ \hat{\boldsymbol\theta} = (\mathbf X^\top \mathbf X)^{-1} \mathbf X^\top \mathbf y . $$

With our descriptors $\mathbf X^\top \mathbf X$ cannot actually be inverted: the fractions on each
site add up to 1, and each elemental descriptor is a weighted average of those same fractions, so
many columns are exact combinations of others. The library solves the least-squares problem with a
pivoted QR factorization instead, treats such combinations as dependent and returns the
smallest-norm $\boldsymbol\theta$ among the equally good ones (scikit-learn's convention). The
*rank* below is how many independent directions the 50 descriptors really span.
""")

code(r"""
const ols = fitAndReport("ols", "Least squares, all 50", () => new ml.LinearRegression(), Xall);
console.log(`rank of the 50 centred descriptors on the training rows: ${ols.gap.rank}`);
""")

md(r"""
The same model on the filtered descriptors from section 5 — fewer inputs, similar error if the
filter kept what matters:
""")

code(r"""
const olsFiltered = fitAndReport("ols_filtered", `Least squares, ${filtered.length} filtered`, () => new ml.LinearRegression(), Xfiltered);
""")

md(r"""
## 8 · Ridge regression

Ridge adds a penalty on the size of the weights to the squared error, which keeps them small and
tames nearly dependent descriptors:

$$ J(\boldsymbol\theta) = \sum_i \big(y^{(i)} - \boldsymbol\theta^\top \mathbf x^{(i)}\big)^2 + \alpha \sum_{j \ge 1} \theta_j^2,
\qquad \hat{\boldsymbol\theta} = (\mathbf X^\top \mathbf X + \alpha \mathbf A)^{-1} \mathbf X^\top \mathbf y $$

($\mathbf A$ is the identity except that the intercept is not penalized.) The penalty depends on
the descriptors' units, so we standardize first: `ScaledRegressor` fits the scaler on the training
rows and the model on the scaled rows, like scikit-learn's `make_pipeline(StandardScaler(), Ridge())`.
""")

code(r"""
const ridge = fitAndReport("ridge", "Ridge (alpha = 1)", () => new ml.ScaledRegressor({ model: new ml.Ridge({ alpha: 1 }) }), Xall);

// What the penalty does: the larger alpha, the smaller the weights (on standardized descriptors,
// band gap). Plain least squares spreads huge, cancelling weights over dependent descriptors.
const [gTr, gTe, yTr, yTe] = [ml.take(Xall, split.train), ml.take(Xall, split.test), ml.take(gap, split.train), ml.take(gap, split.test)];
const norm = (w: number[]) => Math.sqrt(w.reduce((s, v) => s + v * v, 0));
const ridgePath = [0, 0.01, 1, 100, 1000].map((alpha) => {
  const m = new ml.ScaledRegressor({ model: alpha === 0 ? new ml.LinearRegression() : new ml.Ridge({ alpha }) }).fit(gTr, yTr);
  const w = m.fittedModel!.coef!;
  return { alpha, weight_norm: norm(w), largest_weight: Math.max(...w.map(Math.abs)), test_rmse: ml.rmse(yTe, m.predict(gTe)) };
});
ml.showTable(ridgePath, { title: "Band gap: size of the weights and test RMSE as alpha grows (alpha = 0 is least squares)", digits: 4 });
""")

md(r"""
## 9 · LASSO

LASSO penalizes the absolute values instead (scikit-learn's scaling of the error term):

$$ J(\boldsymbol\theta) = \frac{1}{2N} \sum_i \big(y^{(i)} - \boldsymbol\theta^\top \mathbf x^{(i)}\big)^2 + \alpha \sum_j |\theta_j| $$

There is no closed form; coordinate descent updates one weight at a time, and the $|\theta_j|$
term sets many weights **exactly to zero** — LASSO selects descriptors while it fits (an
*embedded* selection method).
""")

code(r"""
const lasso = fitAndReport("lasso", "LASSO (alpha = 0.01)", () => new ml.ScaledRegressor({ model: new ml.Lasso({ alpha: 0.01, maxIter: 100000 }) }), Xall);
const lassoGapCoef = lasso.gap.fittedModel!.coef!;
const used = ml.ALL_DESCRIPTORS.map((name, j) => ({ name, w: lassoGapCoef[j] })).filter((d) => d.w !== 0).sort((a, b) => Math.abs(b.w) - Math.abs(a.w));
ml.show(
  ml.barPlot({
    x: used.map((d) => d.name),
    y: used.map((d) => d.w),
    horizontal: true,
    title: `LASSO, band gap: ${used.length} of 50 weights are non-zero`,
    xTitle: "weight (eV per standard deviation of the descriptor)",
    height: 520,
  }),
);
""")

md(r"""
## 10 · Elastic net

The elastic net mixes both penalties; `l1Ratio` sets the share of the LASSO part:

$$ J(\boldsymbol\theta) = \frac{1}{2N} \lVert \mathbf y - \mathbf X\boldsymbol\theta \rVert^2 + \alpha\,\rho\, \lVert\boldsymbol\theta\rVert_1 + \frac{\alpha (1-\rho)}{2} \lVert\boldsymbol\theta\rVert_2^2 $$

It keeps LASSO's sparsity while sharing weight among correlated descriptors instead of picking one
of them at random.
""")

code(r"""
const elasticNet = fitAndReport("elastic_net", "Elastic net (alpha = 0.01, l1Ratio = 0.5)", () => new ml.ScaledRegressor({ model: new ml.ElasticNet({ alpha: 0.01, l1Ratio: 0.5, maxIter: 100000 }) }), Xall);
""")

md(r"""
## 11 · Kernel ridge regression

Kernel ridge predicts a property as a **weighted sum of Gaussians** centred on the training
alloys, so similar alloys (small Euclidean distance $d$ between descriptor vectors) get similar
predictions:

$$ f(\mathbf x) = \sum_{k=1}^{N} a_k \exp\!\Big(-\frac{d(\mathbf x, \mathbf x_k)^2}{2\sigma^2}\Big),
\qquad \mathbf a = (\mathbf K + \alpha \mathbf I)^{-1} \mathbf y, \qquad K_{ij} = \exp\!\Big(-\frac{d(\mathbf x_i, \mathbf x_j)^2}{2\sigma^2}\Big) $$

In the library's (and scikit-learn's) notation $\gamma = 1 / (2\sigma^2)$. Distances need scaled
descriptors, so again standardize first. Unlike the linear models it can follow curved trends.
""")

code(r"""
const KRR_GAMMA = 0.005; // σ = 1/sqrt(2γ) = 10 standard deviations
const kernelRidge = fitAndReport("kernel_ridge", "Kernel ridge (Gaussian, alpha = 0.01)", () => new ml.ScaledRegressor({ model: new ml.KernelRidge({ kernel: "rbf", alpha: 0.01, gamma: KRR_GAMMA }) }), Xall);
""")

md(r"""
## 12 · Random forest

A random forest averages many decision trees, each grown on a bootstrap sample of the training
rows (drawn with replacement) and choosing each split among the descriptors. Averaging cancels much
of a single tree's variance, and the spread of the trees' predictions is a rough uncertainty, which
we will use when screening. Trees need no scaling. scikit-learn's defaults: 100 trees grown until
their leaves are pure.
""")

code(r"""
const forest = fitAndReport("rf", "Random forest (100 trees)", () => new ml.RandomForestRegressor({ nEstimators: 100, seed: SEED }), Xall);
""")

md(r"""
### All models side by side

Test-set RMSE of each model for both targets (same split, same descriptors).
""")

code(r"""
const modelNames = [...new Set(comparison.map((r) => r.model))];
const rmseOf = (label: string) => modelNames.map((m) => comparison.find((r) => r.model === m && r.target === label)!.test_rmse);
ml.show(
  ml.barPlot({
    x: modelNames,
    series: [
      { name: "band gap", y: rmseOf("band gap") },
      { name: "decomposition energy", y: rmseOf("decomposition energy") },
    ],
    title: "Test RMSE (eV) on the 20% held-out alloys",
    yTitle: "test RMSE (eV)",
    textDigits: 3,
  }),
);
ml.showTable(comparison, { title: "All models", maxRows: 40 });
""")

md(r"""
## 13 · Cross-validation

One split gives one number, and a lucky or unlucky split can mislead. **n-fold cross-validation**
divides the data into $n$ parts, trains on $n-1$ of them and validates on the one left out, $n$
times, and reports the average (and spread) of the $n$ validation errors. **Leave-one-out** is
the extreme case $n = N$: train on $N-1$ alloys, predict the last one, repeat for every alloy —
$N$ fits, affordable here only for the fast linear models. The error over all left-out points is

$$ \mathrm{RMSE} = \Big[\frac{1}{N}\sum_{i=1}^{N} \big(y_i - \hat y_{i}\big)^2\Big]^{1/2}, \qquad
R^2 = 1 - \frac{\sum_i (y_i - \hat y_i)^2}{\sum_i (y_i - \bar y)^2} . $$
""")

code(r"""
const folds5 = ml.kFold(formulas.length, { k: 5, shuffle: true, seed: SEED });
const looFolds = ml.leaveOneOut(formulas.length);
const meanStd = (v: number[]) => {
  const m = v.reduce((s, x) => s + x, 0) / v.length;
  return { mean: m, std: Math.sqrt(v.reduce((s, x) => s + (x - m) ** 2, 0) / v.length) };
};
const cvModels: { name: string; key: string; make: () => ml.Estimator; loo: boolean }[] = [
  { name: "Least squares", key: "ols", make: () => new ml.LinearRegression(), loo: true },
  { name: "Ridge (alpha = 1)", key: "ridge", make: () => new ml.ScaledRegressor({ model: new ml.Ridge({ alpha: 1 }) }), loo: true },
  { name: "Kernel ridge", key: "kernel_ridge", make: () => new ml.ScaledRegressor({ model: new ml.KernelRidge({ kernel: "rbf", alpha: 0.01, gamma: KRR_GAMMA }) }), loo: false },
  { name: "Random forest", key: "rf", make: () => new ml.RandomForestRegressor({ nEstimators: 100, seed: SEED }), loo: false },
];
const cvRows = cvModels.map(({ name, key, make, loo }) => {
  const fold = meanStd(ml.crossValScore(make(), Xall, gap, folds5, "rmse"));
  metrics[`${key}_gap_cv5_rmse`] = fold.mean;
  let looRmse: number | string = "too slow for N fits";
  if (loo) {
    // Each leave-one-out fold has one test point, so its "RMSE" is that point's absolute error.
    const errors = ml.crossValScore(make(), Xall, gap, looFolds, "rmse");
    looRmse = Math.sqrt(errors.reduce((s, e) => s + e * e, 0) / errors.length);
    metrics[`${key}_gap_loo_rmse`] = looRmse;
  }
  return { model: name, cv5_rmse_mean: fold.mean, cv5_rmse_std: fold.std, loo_rmse: looRmse };
});
ml.showTable(cvRows, { title: "Band gap, all 50 descriptors: 5-fold and leave-one-out RMSE (eV)" });
ml.show(
  ml.barPlot({
    x: cvRows.map((r) => r.model),
    y: cvRows.map((r) => r.cv5_rmse_mean),
    error: cvRows.map((r) => r.cv5_rmse_std),
    title: "5-fold cross-validated RMSE of the band gap (± std over folds)",
    yTitle: "RMSE (eV)",
    textDigits: 3,
  }),
);
""")

md(r"""
## 14 · Hyperparameter optimization: the tutorial's grid search

Hyperparameters (number of trees, tree depth, leaf size, …) are not learned from the data; we
choose them by trying combinations and keeping the one with the lowest cross-validated error. The
tutorial's grid for the random forest has 3 values for each of 5 hyperparameters, $3^5 = 243$
combinations, each scored by 5-fold CV (1,215 forests). As in the tutorial, the search uses only the
14 composition descriptors and **only 20% of the alloys for training**, to predict the
decomposition energy of the other 80%. The search runs on all CPU cores.

Expect ties in the ranking: with leaves of at least 5 alloys a node needs 10 alloys to be split
anyway, so `minSamplesSplit` 2, 5 and 10 grow identical forests, and on 102 training alloys the
trees rarely reach depth 10, so `maxDepth` 10 and 15 coincide too.
""")

code(r"""
const GRID = {
  nEstimators: [50, 100, 200],
  maxFeatures: [4, 8, 14],
  minSamplesLeaf: [5, 10, 20],
  maxDepth: [5, 10, 15],
  minSamplesSplit: [2, 5, 10],
};
const gsSplit = ml.trainTestSplit(formulas.length, { testSize: 0.8, seed: SEED });
const [gsXtrain, gsXtest] = [ml.take(Xcomp, gsSplit.train), ml.take(Xcomp, gsSplit.test)];
const [gsYtrain, gsYtest] = [ml.take(decomp, gsSplit.train), ml.take(decomp, gsSplit.test)];
const searchStart = Date.now();
const search = await ml.gridSearchCV(new ml.RandomForestRegressor({ seed: SEED }), GRID, gsXtrain, gsYtrain, { cv: 5, scoring: "rmse" });
const searchSeconds = (Date.now() - searchStart) / 1000;
const best = search.bestEstimator!;
const gsTrainPred = best.predict(gsXtrain);
const gsTestPred = best.predict(gsXtest);
const gsTest = ml.regressionReport(gsYtest, gsTestPred);
console.log(`${search.results.length} combinations × 5 folds in ${searchSeconds.toFixed(1)} s on ${search.nJobs} thread(s)`);
ml.showTable(
  [...search.results].sort((a, b) => a.rankTestScore - b.rankTestScore).slice(0, 10),
  { title: "Ten best combinations (meanTestScore = cross-validated RMSE, eV)", digits: 4 },
);
ml.show(
  ml.parityPlot({
    train: { actual: gsYtrain, predicted: gsTrainPred, labels: ml.take(formulas, gsSplit.train) },
    test: { actual: gsYtest, predicted: gsTestPred, labels: ml.take(formulas, gsSplit.test) },
    title: "Best forest of the grid (composition descriptors, 20% training)",
    quantity: "decomposition energy",
    unit: "eV",
  }),
);
""")

md(r"""
## 15 · Learning curve

How much data is enough? We train on growing subsets of each cross-validation fold's training rows
and plot the training error and the cross-validated error against the training-set size. A large
gap between the curves means the model memorizes (overfits); when the validation error stops
falling, more data of the same kind will not help much.
""")

code(r"""
const curve = ml.learningCurve(new ml.RandomForestRegressor({ nEstimators: 100, seed: SEED }), Xall, gap, {
  cv: folds5,
  scoring: "rmse",
  trainSizes: [0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1],
  shuffle: true,
  seed: SEED,
});
const band = (mean: number[], std: number[]) => ({ lower: mean.map((m, i) => m - std[i]), upper: mean.map((m, i) => m + std[i]) });
ml.show(
  ml.linePlot({
    series: [
      { name: "training RMSE", x: curve.trainSizes, y: curve.trainMean, band: band(curve.trainMean, curve.trainStd), markers: true },
      { name: "cross-validated RMSE", x: curve.trainSizes, y: curve.testMean, band: band(curve.testMean, curve.testStd), markers: true },
    ],
    title: "Learning curve: random forest, band gap, all 50 descriptors",
    xTitle: "training alloys",
    yTitle: "RMSE (eV)",
  }),
);
""")

md(r"""
## 16 · Feature importances and recursive feature elimination

A forest can say which descriptors it relied on: the **impurity importance** of a descriptor is the
total reduction of squared error achieved by the splits on it, averaged over the trees (summing to
1). **Recursive feature elimination** (RFE, a *wrapper* method) uses these scores repeatedly: fit,
drop the least important descriptors, refit on the rest, until the requested number remain; then we
check what the smaller set costs on the test alloys.
""")

code(r"""
const importanceBars = (t: TargetKey) => {
  const imp = forest[t].featureImportances!;
  const top = ml.ALL_DESCRIPTORS.map((name, j) => ({ name, v: imp[j] })).sort((a, b) => b.v - a.v).slice(0, 15);
  return ml.barPlot({ x: top.map((d) => d.name), y: top.map((d) => d.v), horizontal: true, title: `Top 15 importances: ${targets[t].label}`, xTitle: "importance", height: 460 });
};
ml.show([importanceBars("gap"), importanceBars("decomp")]);
""")

code(r"""
const N_KEEP = 10;
const rfeRows: { target: string; kept_descriptors: string; test_rmse_kept: number; test_rmse_all_50: number }[] = [];
for (const t of ["gap", "decomp"] as TargetKey[]) {
  const y = targets[t].y;
  const [Xtr, Xte, ytr, yte] = [ml.take(Xall, split.train), ml.take(Xall, split.test), ml.take(y, split.train), ml.take(y, split.test)];
  const elimination = ml.rfe(new ml.RandomForestRegressor({ nEstimators: 100, seed: SEED }), Xtr, ytr, { nFeaturesToSelect: N_KEEP, step: 5 });
  const keptNames = elimination.selected.map((j) => ml.ALL_DESCRIPTORS[j]);
  const keptTest = Xte.map((row) => elimination.selected.map((j) => row[j]));
  const rmseKept = ml.rmse(yte, elimination.estimator.predict(keptTest));
  metrics[`rf_rfe${N_KEEP}_${t}_test_rmse`] = rmseKept;
  rfeRows.push({ target: targets[t].label, kept_descriptors: keptNames.join(", "), test_rmse_kept: rmseKept, test_rmse_all_50: metrics[`rf_${t}_test_rmse`] });
}
ml.showTable(rfeRows, { title: `RFE with a random forest, 5 descriptors dropped per round: the ${N_KEEP} descriptors that survive, and their test RMSE (eV)` });
""")

md(r"""
## 17 · Screening untested compositions

Now the payoff. Two forests — one per target — are trained on **all 512** alloys and predict:

* the 5,000 compositions of `Outside.csv` (their elemental descriptors recomputed by our
  featurizer from their site fractions, so they are described exactly like the training data), and
* our own enumeration: every ABX₃ with site fractions on a 0.25 grid and at most two species per
  site, minus compositions already in the training set.

For every candidate we keep the mean prediction of the trees and their **spread** (standard
deviation across the trees): a large spread means the trees disagree, usually because the candidate
is unlike the training alloys.
""")

code(r"""
const screenGap = new ml.RandomForestRegressor({ nEstimators: 100, seed: SEED }).fit(Xall, gap);
const screenDecomp = new ml.RandomForestRegressor({ nEstimators: 100, seed: SEED }).fit(Xall, decomp);

const outside = await ml.loadOutside();
const enumerated = await ml.enumerateCandidates({ exclude: Xcomp });
// One pool of candidates; a composition listed in both sources is kept once (as Outside.csv's).
const pool: { formula: string; source: string; x: number[] }[] = [];
const seen = new Set<string>();
const addAll = (df: typeof outside, source: string) => {
  const X = ml.matrixOf(df, ml.ALL_DESCRIPTORS);
  ml.columnOf<string>(df, "Formula").forEach((formula, i) => {
    const key = X[i].slice(0, 14).map((v) => v.toFixed(3)).join(",");
    if (seen.has(key)) return;
    seen.add(key);
    pool.push({ formula, source, x: X[i] });
  });
};
addAll(outside, "Outside.csv");
addAll(enumerated, "enumerated");
const Xpool = pool.map((c) => c.x);
const gapPred = screenGap.predictWithSpread(Xpool);
const decompPred = screenDecomp.predictWithSpread(Xpool);
ml.showTable(
  ["Outside.csv", "enumerated"].map((source) => ({ source, candidates: pool.filter((c) => c.source === source).length })),
  { title: `${pool.length} candidates screened` },
);
""")

code(r"""
const fromSource = (values: number[], source: string) => values.filter((_, i) => pool[i].source === source);
// The training values against the predictions for each source, as densities (the sets differ in size).
const trainingVsPredicted = (training: number[], predicted: number[], title: string, xTitle: string) =>
  ml.histogramPlot({
    series: [
      { name: "training (DFT)", values: training },
      { name: "Outside.csv (predicted)", values: fromSource(predicted, "Outside.csv") },
      { name: "enumerated (predicted)", values: fromSource(predicted, "enumerated") },
    ],
    histnorm: "probability density",
    title,
    xTitle,
    nbins: 50,
  });
ml.show([
  trainingVsPredicted(decomp, decompPred.mean, "Decomposition energy: training data vs predictions", "decomposition energy (eV per formula unit)"),
  trainingVsPredicted(gap, gapPred.mean, "Band gap: training data vs predictions", "band gap (eV)"),
]);
""")

md(r"""
### The predicted map and the solar-absorber window

A single-junction solar absorber wants a band gap near the Shockley–Queisser optimum, roughly
1.1–1.7 eV, and the material must be stable: predicted decomposition energy below zero. Change
`GAP_WINDOW` or `MAX_DECOMPOSITION` and rerun the cells below to screen for something else.
""")

code(r"""
const GAP_WINDOW: [number, number] = [1.1, 1.7]; // eV
const MAX_DECOMPOSITION = 0; // eV per formula unit: below 0 = predicted stable

const map = ml.scatterPlot({
  x: decompPred.mean,
  y: gapPred.mean,
  groups: pool.map((c) => c.source),
  labels: pool.map((c) => c.formula),
  title: "Predicted decomposition energy vs band gap of every candidate",
  xTitle: "predicted decomposition energy (eV per formula unit)",
  yTitle: "predicted band gap (eV)",
  size: 4,
  opacity: 0.5,
});
// Shade the target window.
map.layout.shapes = [
  { type: "rect", x0: Math.min(...decompPred.mean), x1: MAX_DECOMPOSITION, y0: GAP_WINDOW[0], y1: GAP_WINDOW[1], fillcolor: "rgba(46, 160, 67, 0.15)", line: { width: 1, color: "rgb(46, 160, 67)" } },
];
ml.show(map);
""")

md(r"""
### Ranked candidates

Candidates whose mean predictions fall inside the window are ranked by how **safely** they sit
inside it: for each of the three limits (decomposition energy below `MAX_DECOMPOSITION`, band gap
above the lower and below the upper end of `GAP_WINDOW`) we measure the distance to the limit in
units of the trees' spread, and keep the smallest of the three,

$$ \text{margin} = \min\Big(\frac{E_{\max} - \mu_E}{\sigma_E},\; \frac{\mu_g - g_{\text{low}}}{\sigma_g},\; \frac{g_{\text{high}} - \mu_g}{\sigma_g}\Big). $$

A margin of 2 means the prediction clears its nearest limit by two tree-spreads; a candidate the
forest is unsure about, or one on the edge of the window, moves down the list. (The spread of a
forest is a rough, uncalibrated uncertainty: treat the ranking as a shortlist for DFT, not a
verdict.) The whole ranked table is written to `out/` as CSV.
""")

code(r"""
const ranked = pool
  .map((c, i) => ({
    formula: c.formula,
    source: c.source,
    decomposition_energy: decompPred.mean[i],
    decomposition_spread: decompPred.std[i],
    band_gap: gapPred.mean[i],
    band_gap_spread: gapPred.std[i],
    margin: Math.min(
      (MAX_DECOMPOSITION - decompPred.mean[i]) / Math.max(decompPred.std[i], 1e-9),
      (gapPred.mean[i] - GAP_WINDOW[0]) / Math.max(gapPred.std[i], 1e-9),
      (GAP_WINDOW[1] - gapPred.mean[i]) / Math.max(gapPred.std[i], 1e-9),
    ),
  }))
  .filter((c) => c.decomposition_energy < MAX_DECOMPOSITION && c.band_gap >= GAP_WINDOW[0] && c.band_gap <= GAP_WINDOW[1])
  .sort((a, b) => b.margin - a.margin)
  .map((c, i) => ({ rank: i + 1, ...c }));

ml.showTable(ranked.slice(0, 20), { title: `${ranked.length} of ${pool.length} candidates in the window: the top 20`, digits: 3 });

const csvColumns = Object.keys(ranked[0] ?? { rank: 0 });
const csvFile = path.join(ml.outDir(), "01_solar_absorber_candidates.csv");
fs.mkdirSync(ml.outDir(), { recursive: true });
fs.writeFileSync(csvFile, [csvColumns.join(","), ...ranked.map((r) => csvColumns.map((c) => ml.csvField((r as Record<string, unknown>)[c])).join(","))].join("\n") + "\n");
console.log(`wrote ${ranked.length} ranked candidates to ${csvFile}`);
""")

md(r"""
## 18 · Recording the results

The headline numbers go to `out/summary.json` under this notebook's key, next to those of the
other notebooks.
""")

code(r"""
const recorded = ml.recordMetrics("01_descriptors_and_regression", {
  ...metrics,
  grid_best_params: Object.fromEntries(Object.entries(search.bestParams).map(([k, v]) => [k, v as number])),
  grid_best_cv_rmse: search.bestScore,
  grid_decomp_train_rmse: ml.rmse(gsYtrain, gsTrainPred),
  grid_decomp_test_rmse: gsTest.rmse,
  grid_decomp_test_r2: gsTest.r2,
  grid_seconds: searchSeconds,
  n_outside_screened: pool.filter((c) => c.source === "Outside.csv").length,
  n_enumerated_screened: pool.filter((c) => c.source === "enumerated").length,
  n_candidates_screened: pool.length,
  n_candidates_in_window: ranked.length,
  gap_window_ev: GAP_WINDOW,
  top_ten_candidates: ranked.slice(0, 10).map((c) => ({
    formula: c.formula,
    source: c.source,
    decomposition_energy: c.decomposition_energy,
    decomposition_spread: c.decomposition_spread,
    band_gap: c.band_gap,
    band_gap_spread: c.band_gap_spread,
    margin: c.margin,
  })),
  notebook_seconds: (Date.now() - notebookStart) / 1000,
});
const numbers = Object.entries(recorded).filter(([, v]) => typeof v === "number") as [string, number][];
ml.showTable(
  numbers.filter(([, v]) => !Number.isInteger(v)).map(([metric, value]) => ({ metric, value })),
  { title: "Recorded in out/summary.json: errors (eV), R² and seconds", maxRows: 80, digits: 4 },
);
ml.showTable(
  [...numbers.filter(([, v]) => Number.isInteger(v)).map(([metric, value]) => ({ metric, value: String(value) })), { metric: "grid_best_params", value: JSON.stringify(recorded.grid_best_params) }],
  { title: "... counts and the grid's best parameters (the top ten are in the file too)" },
);
console.log(`notebook ran in ${((Date.now() - notebookStart) / 1000).toFixed(1)} s`);
""")

notebook.write("01-descriptors-and-regression.ipynb")

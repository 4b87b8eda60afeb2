"""Writes notebooks/02-classification-and-pca.ipynb (no outputs) from the cells below.

Edit the cells here and rerun:  /usr/bin/python3 scripts/notebooks/make-02.py
"""
from nbcells import Notebook

nb = Notebook()
md = nb.md
code = nb.code


md(r"""
# 02 · Classification and maps of the descriptor space

The regression notebook predicted *how much* energy an alloy releases or costs on decomposing.
Often a yes/no answer is what a screening campaign needs first: **is this composition stable?**
That turns the problem into **classification**. This notebook

1. labels the 512 DFT alloys as stable or unstable and looks at the class balance;
2. trains six classifiers on the same seeded split — random forest, k-nearest neighbours,
   logistic regression, Gaussian naive Bayes, a single decision tree and a support vector
   machine — and scores each with accuracy, precision, recall, F1, a confusion matrix and, where
   the model gives a score, a ROC curve;
3. compares them in one table;
4. draws maps of the 50-dimensional descriptor space: principal component analysis (PCA) with
   and without scaling, then multidimensional scaling (MDS) and t-SNE of the composition
   descriptors, each coloured by band gap.

All numbers are computed when the notebook runs; the headline ones go to `out/summary.json`.
""")

code(r"""
import * as ml from "../dist/lib";

const notebookStart = Date.now();
const SEED = 42; // the tutorial's seed for its 50/50 classification split; every model below is seeded too
const recorded: Record<string, ml.MetricValue> = {};
""")

md(r"""
## 1 · Stable or not: the labels

DFT gives each alloy a decomposition energy $\Delta H_d$ (eV per formula unit): the energy it
would release (negative) or need (positive) to fall apart into competing phases. We call an alloy
**stable** when $\Delta H_d < 0$ and give it the label 1, otherwise 0. Before training anything it
is worth knowing how the two classes are balanced: if 90 % of the alloys were stable, a model that
always says "stable" would already be 90 % accurate.
""")

code(r"""
const dft = await ml.loadDFT();
const formulas = ml.columnOf<string>(dft, "Formula");
const decomp = ml.columnOf(dft, ml.TARGET_DECOMPOSITION);
const gap = ml.columnOf(dft, ml.TARGET_GAP);
const stable = decomp.map((e) => (e < 0 ? 1 : 0));
const CLASS_NAMES = ["unstable", "stable"]; // label 0, label 1

const nStable = stable.filter((s) => s === 1).length;
recorded.stable_fraction = nStable / stable.length;
ml.showTable(
  [
    { class: "stable (ΔH_d < 0), label 1", alloys: nStable, share: nStable / stable.length },
    { class: "unstable (ΔH_d ≥ 0), label 0", alloys: stable.length - nStable, share: 1 - nStable / stable.length },
  ],
  { title: "Class balance of the 512 DFT alloys" },
);
ml.show(
  ml.histogramPlot({
    series: [
      { name: "stable", values: decomp.filter((e) => e < 0) },
      { name: "unstable", values: decomp.filter((e) => e >= 0) },
    ],
    title: "Decomposition energy, split at 0 eV into the two classes",
    xTitle: "Decomposition energy (eV per formula unit)",
    nbins: 60,
    barmode: "stack",
  }),
);
""")

md(r"""
## 2 · One split for every classifier

As in the tutorial, half of the alloys train the models and the other half test them (50/50,
seeded). Every classifier below sees exactly the same rows, so their scores are comparable.

Distance- and margin-based models (k-NN, logistic regression, SVM) compare descriptors in their
raw units, where a boiling point in kelvin would swamp a site fraction between 0 and 1. For them we
**standardise** each descriptor, $z = (x - \mu)/\sigma$, with $\mu$ and $\sigma$ taken from the
*training* rows only — the test rows must not leak into the model. Trees and forests split one
descriptor at a time and do not care about units, so they get the raw values.
""")

code(r"""
const Xall = ml.matrixOf(dft, ml.ALL_DESCRIPTORS);
const split = ml.trainTestSplit(Xall.length, { testSize: 0.5, seed: SEED });
const [XTrain, XTest] = [ml.take(Xall, split.train), ml.take(Xall, split.test)];
const [yTrain, yTest] = [ml.take(stable, split.train), ml.take(stable, split.test)];
const scaler = new ml.StandardScaler().fit(XTrain);
const [XTrainScaled, XTestScaled] = [scaler.transform(XTrain), scaler.transform(XTest)];

const share = (y: number[]) => y.filter((v) => v === 1).length / y.length;
ml.showTable(
  [
    { set: "train", alloys: yTrain.length, stable_share: share(yTrain) },
    { set: "test", alloys: yTest.length, stable_share: share(yTest) },
  ],
  { title: `50/50 split (seed ${SEED}), all 50 descriptors` },
);
""")

md(r"""
## 3 · How a classifier is scored

From the test predictions we count true/false positives and negatives (positive = stable) and
report

* **accuracy** — the share of test alloys labelled correctly;
* **precision** $= TP/(TP+FP)$ — of the alloys called stable, how many are;
* **recall** $= TP/(TP+FN)$ — of the truly stable alloys, how many were found;
* **F1** $= 2\,PR/(P+R)$ — one number that is high only when both are;
* the **confusion matrix** — rows are the true class, columns the predicted one, so the diagonal
  holds the correct calls;
* for models that output a probability or score, the **ROC curve** (true-positive rate against
  false-positive rate as the decision threshold sweeps from strict to lax) and the area under it,
  **AUC** (0.5 = guessing, 1 = perfect ranking).

One helper fits a model, draws its confusion matrix and keeps its scores for the comparison at
the end.
""")

code(r"""
interface Scored {
  model: string;
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
  roc_auc: number | null;
}
const comparison: Scored[] = [];
const rocSeries: ml.LineSeries[] = [];

/** Fits `model`, scores its test predictions, shows the confusion matrix, and records the numbers. */
function evaluate(key: string, name: string, model: ml.Classifier, Xtr: number[][], Xte: number[][], score?: (m: any) => number[]) {
  model.fit(Xtr, yTrain);
  const predicted = model.predict(Xte) as number[];
  const scores = score ? score(model) : model.predictProba ? model.predictProba(Xte).map((p) => p[1]) : undefined;
  const row: Scored = {
    model: name,
    accuracy: ml.accuracyScore(yTest, predicted),
    precision: ml.precisionScore(yTest, predicted),
    recall: ml.recallScore(yTest, predicted),
    f1: ml.f1Score(yTest, predicted),
    roc_auc: scores ? ml.rocAucScore(yTest, scores) : null,
  };
  if (scores) {
    const roc = ml.rocCurve(yTest, scores);
    rocSeries.push({ name: `${name} (AUC ${row.roc_auc!.toFixed(3)})`, x: roc.fpr, y: roc.tpr });
    recorded[`${key}_stable_test_auc`] = row.roc_auc;
  }
  comparison.push(row);
  recorded[`${key}_stable_test_accuracy`] = row.accuracy;
  recorded[`${key}_stable_test_f1`] = row.f1;
  ml.show(
    ml.heatmapPlot({
      z: ml.confusionMatrix(yTest, predicted, [0, 1]),
      x: CLASS_NAMES.map((c) => `predicted ${c}`),
      y: CLASS_NAMES.map((c) => `true ${c}`),
      annotate: true,
      colorscale: "Blues",
      title: `${name}: confusion matrix (test set, ${yTest.length} alloys)`,
      width: 460,
      height: 400,
    }),
  );
  ml.showTable(ml.classificationReport(yTest, predicted, { 0: "unstable", 1: "stable" }), { title: `${name}: scores per class`, digits: 3 });
  return { model, predicted, scores };
}
""")

md(r"""
## 4 · Random forest

The tutorial's classifier: 100 decision trees, each grown on a bootstrap sample of the training
alloys and trying a random subset of descriptors at every split; the forest's probability of
"stable" is the average of the trees' leaf fractions, and the label is the more probable class.
""")

code(r"""
const forest = evaluate("rf", "Random forest", new ml.RandomForestClassifier({ nEstimators: 100, seed: SEED }), XTrain, XTest);
const importances = (forest.model as ml.RandomForestClassifier).featureImportances!;
const topFeatures = ml.ALL_DESCRIPTORS.map((name, j) => ({ name, importance: importances[j] })).sort((a, b) => b.importance - a.importance).slice(0, 12);
ml.show(
  ml.barPlot({
    x: topFeatures.map((f) => f.name).reverse(),
    y: topFeatures.map((f) => f.importance).reverse(),
    horizontal: true,
    title: "Random forest: the 12 descriptors that separate stable from unstable best",
    xTitle: "mean decrease in Gini impurity (share)",
    height: 420,
  }),
);
""")

md(r"""
## 5 · k-nearest neighbours, with k chosen by cross-validation

k-NN stores the training alloys; a test alloy gets the majority label of the $k$ training alloys
closest to it in (standardised) descriptor space. With *distance* weighting, each neighbour votes
with weight $1/d$, so the nearest count most.

$k$ is a hyperparameter: $k = 1$ follows every quirk of the training set, a large $k$ blurs the
boundary. We pick it by **5-fold cross-validation on the training rows only**: split them in five,
train on four parts, score on the fifth, rotate, and average. The test set stays untouched until
the final evaluation.
""")

code(r"""
const K_VALUES = [1, 3, 5, 7, 9, 11, 15, 21, 31];
const knnSearch = await ml.gridSearchCV(new ml.KNeighborsClassifier(), { nNeighbors: K_VALUES, weights: ["uniform", "distance"] }, XTrainScaled, yTrain, { cv: 5, scoring: "accuracy" });
recorded.knn_best_k = knnSearch.bestParams.nNeighbors as number;
recorded.knn_best_weights = knnSearch.bestParams.weights as string;
const cvCurve = (weights: string) => knnSearch.results.filter((r) => r.weights === weights).map((r) => r.meanTestScore);
ml.show(
  ml.linePlot({
    series: ["uniform", "distance"].map((w) => ({ name: `${w} weights`, x: K_VALUES, y: cvCurve(w), markers: true })),
    title: `k-NN: 5-fold cross-validated accuracy on the training rows (best: k = ${knnSearch.bestParams.nNeighbors}, ${knnSearch.bestParams.weights})`,
    xTitle: "k (neighbours)",
    yTitle: "mean CV accuracy",
  }),
);
""")

code(r"""
const knn = evaluate("knn", `k-NN (k = ${knnSearch.bestParams.nNeighbors}, ${knnSearch.bestParams.weights})`, new ml.KNeighborsClassifier(knnSearch.bestParams as ml.KNeighborsParams), XTrainScaled, XTestScaled);
""")

md(r"""
## 6 · Logistic regression

A linear model for the *probability* of being stable:

$$P(\text{stable}\mid \mathbf{x}) = \sigma(\mathbf{w}\cdot\mathbf{x} + b), \qquad \sigma(z) = \frac{1}{1+e^{-z}},$$

fitted by minimising the cross-entropy plus an L2 penalty $\tfrac{1}{2C}\lVert\mathbf{w}\rVert^2$
(smaller $C$, simpler model). On standardised descriptors the weights can be compared directly: a
positive weight pushes towards "stable".
""")

code(r"""
const logistic = evaluate("logistic", "Logistic regression (C = 1)", new ml.LogisticRegression({ C: 1 }), XTrainScaled, XTestScaled);
const weights = (logistic.model as ml.LogisticRegression).coef[0];
const strongest = ml.ALL_DESCRIPTORS.map((name, j) => ({ name, w: weights[j] })).sort((a, b) => Math.abs(b.w) - Math.abs(a.w)).slice(0, 12);
ml.show(
  ml.barPlot({
    x: strongest.map((d) => d.name).reverse(),
    y: strongest.map((d) => d.w).reverse(),
    horizontal: true,
    title: "Logistic regression: the 12 largest weights (standardised descriptors)",
    xTitle: "weight on the log-odds of 'stable'",
    height: 420,
  }),
);
""")

md(r"""
## 7 · Gaussian naive Bayes

Bayes' rule with a strong simplification: within each class, every descriptor is an independent
normal distribution with its own mean and variance,

$$\log P(c\mid\mathbf{x}) = \log P(c) + \sum_j \log \mathcal{N}(x_j;\,\mu_{cj},\sigma^2_{cj}) + \text{const}.$$

It trains in one pass and needs little data, but our descriptors are far from independent (the
site fractions sum to one, and the elemental descriptors are averages of the same fractions), so
its probabilities tend to be overconfident.
""")

code(r"""
const bayes = evaluate("naive_bayes", "Gaussian naive Bayes", new ml.GaussianNB(), XTrainScaled, XTestScaled);
const pStable = bayes.scores!;
const extreme = pStable.filter((v) => v < 0.05 || v > 0.95).length / pStable.length;
ml.show(
  ml.histogramPlot({
    series: [
      { name: "truly stable", values: pStable.filter((_, i) => yTest[i] === 1) },
      { name: "truly unstable", values: pStable.filter((_, i) => yTest[i] === 0) },
    ],
    title: `Naive Bayes: predicted P(stable) on the test alloys (${(100 * extreme).toFixed(0)} % below 0.05 or above 0.95)`,
    xTitle: "P(stable)",
    nbins: 20,
  }),
);
""")

md(r"""
## 8 · A single decision tree

One tree of yes/no questions on single descriptors ("is B_IE ≤ 700?"). Grown without limits it
memorises the training set; limiting its depth keeps it readable and less overfitted. It is the
building block of the forest above, so the comparison shows what averaging 100 trees buys.
""")

code(r"""
const tree = evaluate("tree", "Decision tree (max depth 6)", new ml.DecisionTreeClassifier({ maxDepth: 6, seed: SEED }), XTrain, XTest);
const depths = [1, 2, 3, 4, 6, 8, 12, 20];
const depthScores = depths.map((d) => {
  const t = new ml.DecisionTreeClassifier({ maxDepth: d, seed: SEED }).fit(XTrain, yTrain);
  return { train: ml.accuracyScore(yTrain, t.predict(XTrain)), test: ml.accuracyScore(yTest, t.predict(XTest)) };
});
ml.show(
  ml.linePlot({
    series: [
      { name: "train", x: depths, y: depthScores.map((s) => s.train), markers: true },
      { name: "test", x: depths, y: depthScores.map((s) => s.test), markers: true },
    ],
    title: "Decision tree: deeper trees fit the training set better, not the test set",
    xTitle: "max depth",
    yTitle: "accuracy",
  }),
);
""")

md(r"""
## 9 · Support vector machine (RBF kernel)

An SVM looks for the boundary with the widest margin between the classes. With the radial basis
function kernel $K(\mathbf{x},\mathbf{x}') = \exp(-\gamma\lVert\mathbf{x}-\mathbf{x}'\rVert^2)$ the
boundary can curve; the decision function is

$$f(\mathbf{x}) = \sum_i \alpha_i y_i K(\mathbf{x}_i, \mathbf{x}) + b,$$

where only the **support vectors** (training alloys on or inside the margin) have $\alpha_i > 0$.
$C$ trades margin width against training errors; $\gamma$ = "scale" sets the kernel width from
the data, $1/(p\,\mathrm{Var}(X))$. The SVM gives no probability, but $f(\mathbf{x})$ ranks the
alloys, which is all a ROC curve needs.
""")

code(r"""
const svm = evaluate("svm", "SVM (RBF, C = 1)", new ml.SVC({ C: 1, gamma: "scale" }), XTrainScaled, XTestScaled, (m: ml.SVC) => m.decisionFunction(XTestScaled));
const svc = svm.model as ml.SVC;
ml.showTable(
  [{ support_vectors: svc.support.length, training_alloys: yTrain.length, gamma: svc.gammaValue, smo_steps: svc.nIter }],
  { title: "SVM: how many training alloys define the boundary", digits: 4 },
);
""")

md(r"""
## 10 · ROC curves and the comparison table

Each curve traces one model's trade-off: moving right admits more unstable alloys as "stable"
(false positives) in exchange for finding more of the stable ones. The diagonal is a coin toss.
""")

code(r"""
ml.show(
  ml.linePlot({
    series: [...rocSeries, { name: "chance", x: [0, 1], y: [0, 1], dash: "dash", color: "#999999" }],
    title: "ROC curves on the test set (positive class: stable)",
    xTitle: "false-positive rate",
    yTitle: "true-positive rate",
  }),
);
ml.showTable(comparison.slice().sort((a, b) => b.f1 - a.f1), { title: "All classifiers on the same 256 test alloys (sorted by F1)", digits: 3 });
ml.show(
  ml.barPlot({
    x: comparison.map((r) => r.model),
    series: [
      { name: "accuracy", y: comparison.map((r) => r.accuracy) },
      { name: "F1 (stable)", y: comparison.map((r) => r.f1) },
    ],
    title: "Test accuracy and F1 per classifier",
    yTitle: "score",
  }),
);
""")

md(r"""
## 11 · PCA: how many directions does the data really use?

PCA finds orthogonal directions (principal components) ordered by how much of the descriptors'
variance lies along them. For centred data $X_c$ with singular value decomposition
$X_c = U S V^\top$, the rows of $V^\top$ are the components, component $k$ explains variance
$S_k^2/(n-1)$, and its share of the total is the **explained variance ratio**. If the first two
components carry most of the variance, the PC1–PC2 plane is a faithful 2-D picture of the data.

The tutorial runs PCA on the raw 50 descriptors. Raw units matter: the variance of a boiling point
(thousands of K) dwarfs that of a site fraction, so unscaled PCA mostly rediscovers the descriptors
with the largest numbers. We compare it with PCA on standardised descriptors (each with variance 1).
""")

code(r"""
const pcaRaw = new ml.PCA().fit(Xall);
const XallScaled = new ml.StandardScaler().fit(Xall).transform(Xall);
const pcaScaled = new ml.PCA().fit(XallScaled);
const SHOWN = 15;
const componentNames = Array.from({ length: SHOWN }, (_, k) => `PC${k + 1}`);
const cumulative = (r: number[]) => r.map((_, k) => r.slice(0, k + 1).reduce((a, b) => a + b, 0));
ml.show([
  ml.barPlot({
    x: componentNames,
    series: [
      { name: "unscaled descriptors", y: pcaRaw.explainedVarianceRatio.slice(0, SHOWN) },
      { name: "standardised descriptors", y: pcaScaled.explainedVarianceRatio.slice(0, SHOWN) },
    ],
    title: "Scree plot: share of the variance along each component",
    yTitle: "explained variance ratio",
  }),
  ml.linePlot({
    series: [
      { name: "unscaled", x: componentNames.map((_, k) => k + 1), y: cumulative(pcaRaw.explainedVarianceRatio).slice(0, SHOWN), markers: true },
      { name: "standardised", x: componentNames.map((_, k) => k + 1), y: cumulative(pcaScaled.explainedVarianceRatio).slice(0, SHOWN), markers: true },
    ],
    title: "Cumulative explained variance",
    xTitle: "number of components",
    yTitle: "cumulative share",
  }),
]);
const needed = (r: number[], share: number) => cumulative(r).findIndex((c) => c >= share) + 1;
recorded.pca_unscaled_explained_variance_ratio = pcaRaw.explainedVarianceRatio.slice(0, 5);
recorded.pca_scaled_explained_variance_ratio = pcaScaled.explainedVarianceRatio.slice(0, 5);
recorded.pca_unscaled_pc1_pc2_ratio = pcaRaw.explainedVarianceRatio[0] + pcaRaw.explainedVarianceRatio[1];
recorded.pca_scaled_pc1_pc2_ratio = pcaScaled.explainedVarianceRatio[0] + pcaScaled.explainedVarianceRatio[1];
recorded.pca_scaled_components_for_90pct = needed(pcaScaled.explainedVarianceRatio, 0.9);
const topLoading = (pca: ml.PCA, k: number) => ml.ALL_DESCRIPTORS[pca.components[k].reduce((b, v, j, a) => (Math.abs(v) > Math.abs(a[b]) ? j : b), 0)];
ml.showTable(
  [
    { inputs: "unscaled", pc1_share: pcaRaw.explainedVarianceRatio[0], pc2_share: pcaRaw.explainedVarianceRatio[1], components_for_90pct: needed(pcaRaw.explainedVarianceRatio, 0.9), pc1_dominated_by: topLoading(pcaRaw, 0), pc2_dominated_by: topLoading(pcaRaw, 1) },
    { inputs: "standardised", pc1_share: pcaScaled.explainedVarianceRatio[0], pc2_share: pcaScaled.explainedVarianceRatio[1], components_for_90pct: needed(pcaScaled.explainedVarianceRatio, 0.9), pc1_dominated_by: topLoading(pcaScaled, 0), pc2_dominated_by: topLoading(pcaScaled, 1) },
  ],
  { title: "Scaled vs unscaled PCA of the 50 descriptors", digits: 3 },
);
""")

md(r"""
### PC1 against PC2, coloured by band gap

Each point is an alloy placed by its coordinates (scores) on the first two components; hover to
see its formula. On the unscaled inputs (the tutorial's plot) the map is organised by the
descriptors with the largest units; on standardised inputs every descriptor gets a say.
""")

code(r"""
const pcMap = (pca: ml.PCA, X: number[][], title: string) => {
  const Z = new ml.PCA({ nComponents: 2 }).fit(X).transform(X);
  return ml.scatterPlot({
    x: Z.map((z) => z[0]),
    y: Z.map((z) => z[1]),
    color: gap,
    labels: formulas,
    colorTitle: "band gap (eV)",
    title: `${title}: PC1 (${(100 * pca.explainedVarianceRatio[0]).toFixed(1)} %) vs PC2 (${(100 * pca.explainedVarianceRatio[1]).toFixed(1)} %)`,
    xTitle: "PC1",
    yTitle: "PC2",
  });
};
ml.show([pcMap(pcaRaw, Xall, "Unscaled descriptors"), pcMap(pcaScaled, XallScaled, "Standardised descriptors")]);
""")

md(r"""
### Loadings: what the leading components are made of

A component is a weighted sum of descriptors; its weights (loadings) tell what it measures. A
large positive or negative loading means the descriptor moves strongly along that component.
Descriptors of the same site are averages over the same few fractions (all X-site properties
depend only on the Cl/Br/I mix, for example), so they tend to load together with equal weights.
""")

code(r"""
ml.show(
  ml.heatmapPlot({
    z: pcaScaled.components.slice(0, 3),
    x: ml.ALL_DESCRIPTORS,
    y: ["PC1", "PC2", "PC3"],
    colorscale: "coolwarm",
    colorTitle: "loading",
    title: "Loadings of the first three components (standardised descriptors)",
    height: 300,
  }),
);
ml.showTable(
  [0, 1].flatMap((k) =>
    pcaScaled.components[k]
      .map((w, j) => ({ component: `PC${k + 1}`, descriptor: ml.ALL_DESCRIPTORS[j], loading: w }))
      .sort((a, b) => Math.abs(b.loading) - Math.abs(a.loading))
      .slice(0, 5),
  ),
  { title: "The five largest loadings of PC1 and PC2", digits: 3 },
);
""")

md(r"""
## 12 · MDS and t-SNE of the composition descriptors

PCA is linear and keeps the directions of large variance. Two other maps keep *distances* or
*neighbourhoods* instead; like the tutorial we apply them to the 14 site fractions:

* **Metric MDS** places the alloys in 2-D so that map distances match the Euclidean distances
  $\delta_{ij}$ between their composition vectors, minimising the stress
  $\sum_{i<j}(d_{ij}-\delta_{ij})^2$ with the SMACOF iteration (seeded random starts, best of four).
* **t-SNE** turns distances into neighbour probabilities — Gaussian in the input, with a width set so
  that each alloy has about `perplexity` = 30 effective neighbours, and heavy-tailed Student-t in the
  map — and moves the points to make the two agree (minimising the Kullback–Leibler divergence). It
  keeps local neighbourhoods; distances between far-apart clusters carry little meaning.

The **trustworthiness** score (1 = best) checks how many of each alloy's 5 nearest map neighbours
were also near it in composition space.
""")

code(r"""
const Xcomp = ml.matrixOf(dft, ml.COMPOSITION_DESCRIPTORS);
let t0 = Date.now();
const mds = new ml.MDS({ nComponents: 2, seed: SEED }).fit(Xcomp);
const mdsSeconds = (Date.now() - t0) / 1000;
t0 = Date.now();
const tsne = new ml.TSNE({ nComponents: 2, perplexity: 30, nIter: 1000, seed: SEED }).fit(Xcomp);
const tsneSeconds = (Date.now() - t0) / 1000;
const pcaComp = new ml.PCA({ nComponents: 2 }).fit(Xcomp);
const maps = [
  { method: "PCA (linear)", embedding: pcaComp.transform(Xcomp), seconds: null as number | null },
  { method: "MDS (SMACOF)", embedding: mds.embedding, seconds: mdsSeconds },
  { method: "t-SNE (perplexity 30)", embedding: tsne.embedding, seconds: tsneSeconds },
];
ml.show(
  maps.slice(1).map((m) =>
    ml.scatterPlot({
      x: m.embedding.map((z) => z[0]),
      y: m.embedding.map((z) => z[1]),
      color: gap,
      labels: formulas,
      colorTitle: "band gap (eV)",
      title: `${m.method} of the 14 composition descriptors`,
      xTitle: "dimension 1",
      yTitle: "dimension 2",
    }),
  ),
);
const trust = maps.map((m) => ml.trustworthiness(Xcomp, m.embedding, 5));
recorded.mds_stress = mds.stress;
recorded.tsne_kl_divergence = tsne.klDivergence;
recorded.tsne_trustworthiness = trust[2];
recorded.mds_trustworthiness = trust[1];
ml.showTable(
  maps.map((m, i) => ({ map: m.method, trustworthiness_5nn: trust[i], seconds: m.seconds, detail: i === 1 ? `stress ${mds.stress.toFixed(1)}` : i === 2 ? `KL divergence ${tsne.klDivergence.toFixed(3)}` : "" })),
  { title: "How well each 2-D map keeps composition neighbourhoods", digits: 3 },
);
""")

md(r"""
## 13 · What this notebook recorded

The headline numbers, merged into `out/summary.json` under `02_classification_and_pca`.
""")

code(r"""
ml.recordMetrics("02_classification_and_pca", recorded);
ml.showTable(
  Object.entries(recorded).map(([metric, value]) => ({ metric, value: Array.isArray(value) ? value.map((v) => (v as number).toFixed(4)).join(", ") : value })),
  { title: "Recorded in out/summary.json", maxRows: 60, digits: 4 },
);
console.log(`notebook ran in ${((Date.now() - notebookStart) / 1000).toFixed(1)} s`);
""")

nb.write("02-classification-and-pca.ipynb")

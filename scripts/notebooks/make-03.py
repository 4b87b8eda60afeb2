"""Writes notebooks/03-gpr-and-active-learning.ipynb (no outputs) from the cells below.

Edit the cells here and rerun:  /usr/bin/python3 scripts/notebooks/make-03.py
"""
from nbcells import Notebook

nb = Notebook()
md, code = nb.md, nb.code

md(r"""
# 03 · Gaussian process regression and active learning

The forests and linear models of notebook 01 give one number per compound. For *choosing the
next calculation* we also need to know how sure the model is. A **Gaussian process (GP)** gives
both: a predicted mean $\mu(x)$ and a standard deviation $\sigma(x)$ for every composition.
This notebook

1. builds intuition in one dimension: what a kernel says before seeing data (prior draws), how
   a few observations turn it into a posterior with a $\pm 2\sigma$ band, and what the length scale
   and the noise level do;
2. repeats the tutorial's GP fits on the 512 DFT alloys (composition descriptors, 50/50 split):
   decomposition energy with a constant × exp-sine-squared kernel, band gap with constant × RBF,
   and checks whether the predicted $\sigma$ is honest (calibration);
3. writes the three acquisition functions of the slides (UCB, PI, EI) and runs the tutorial's
   five-round loop;
4. goes further with a measured **discovery campaign**: starting from 10 known compounds, five
   query strategies pick 5 compounds per round; over 20 seeds we count how many "measurements"
   each needs to find one of the 5 best compounds, for two goals — the most stable compound and
   the band gap closest to 1.34 eV (ideal for a single-junction solar cell).

All numbers are computed when the notebook runs; the headline ones go to `out/summary.json`.
""")

code(r"""
import * as ml from "../dist/lib";

const notebookStart = Date.now();
const recorded: Record<string, ml.MetricValue> = {};
const rmse = (a: number[], b: number[]) => Math.sqrt(a.reduce((s, v, i) => s + (v - b[i]) ** 2, 0) / a.length);
const grid = (lo: number, hi: number, n: number) => Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
console.log(`GP restarts and campaigns run on ${ml.availableCores()} CPU core(s)`);
""")

md(r"""
## 1 · A Gaussian process in one dimension

A GP is a distribution over functions. It is fixed by a mean (here 0) and a **kernel**
$k(x, x')$, the covariance between the function's values at two inputs: inputs that the kernel
calls similar get similar outputs. The kernels of the slides, with $d = \lVert x - x' \rVert$:

| kernel | $k(x, x')$ | hyperparameters |
|---|---|---|
| constant | $c$ | $c$ (scales another kernel) |
| RBF | $\exp\!\left(-\dfrac{d^2}{2l^2}\right)$ | length scale $l$ |
| Matérn ($\nu$ = 0.5, 1.5, 2.5) | rougher relatives of the RBF | $l$ |
| rational quadratic | $\left(1 + \dfrac{d^2}{2\alpha l^2}\right)^{-\alpha}$ | $l$, scale mixture $\alpha$ |
| exp-sine-squared | $\exp\!\left(-\dfrac{2\sin^2(\pi d / p)}{l^2}\right)$ | $l$, period $p$ |
| dot product | $\sigma_0^2 + x \cdot x'$ | $\sigma_0$ |
| white noise | noise level if $x = x'$, else 0 | noise level |

Before any data, drawing functions from the GP prior shows what each kernel believes:
""")

code(r"""
const xs = grid(0, 5, 120);
const X1 = xs.map((x) => [x]);
const priorKernels: [string, ml.Kernel][] = [
  ["RBF, l = 1", new ml.RBF({ lengthScale: 1 })],
  ["Matérn ν = 0.5, l = 1", new ml.Matern({ lengthScale: 1, nu: 0.5 })],
  ["Matérn ν = 2.5, l = 1", new ml.Matern({ lengthScale: 1, nu: 2.5 })],
  ["rational quadratic, l = 1, α = 0.5", new ml.RationalQuadratic({ lengthScale: 1, alpha: 0.5 })],
  ["exp-sine-squared, l = 1, p = 1.5", new ml.ExpSineSquared({ lengthScale: 1, periodicity: 1.5 })],
  ["dot product, σ₀ = 1", new ml.DotProduct({ sigma0: 1 })],
];
ml.show(priorKernels.map(([name, kernel]) => {
  // an unfitted GP is its prior: sampleY draws functions from it
  const draws = new ml.GaussianProcessRegressor({ kernel }).sampleY(X1, 3, 1);
  return ml.linePlot({ series: draws.map((y, i) => ({ name: `draw ${i + 1}`, x: xs, y })), title: `Prior draws: ${name}`, xTitle: "x", yTitle: "f(x)", height: 300 });
}));
""")

md(r"""
The RBF draws are smooth, Matérn ν = 0.5 draws are jagged, the periodic kernel repeats itself
every $p$, and the dot-product kernel only knows straight lines.

**Conditioning on data.** Given noisy observations $y$ at training inputs $X$, the posterior at
new inputs $X_*$ is again Gaussian, with

$$\mu_* = K(X_*, X)\,[K(X, X) + \alpha I]^{-1} y, \qquad
\Sigma_* = K(X_*, X_*) - K(X_*, X)\,[K(X, X) + \alpha I]^{-1} K(X, X_*),$$

where $\alpha$ is the noise variance added to the diagonal. The library computes both through a
Cholesky factorization $K + \alpha I = L L^\top$. Five noisy observations of a test function:
""")

code(r"""
const truth = (x: number) => Math.sin(2 * x) + 0.3 * x;
const rng = new ml.Random(3);
const xObs = [0.4, 1.1, 1.7, 2.9, 4.2];
const yObs = xObs.map((x) => truth(x) + rng.normal(0, 0.05));

/** Posterior mean ± 2σ of a GP with fixed hyperparameters, the truth and the observations. */
function posteriorFigure(kernel: ml.Kernel, alpha: number, title: string): ml.Figure {
  const gp = new ml.GaussianProcessRegressor({ kernel, alpha, optimizer: null }).fit(xObs.map((x) => [x]), yObs);
  const { mean, std } = gp.predict(X1, { returnStd: true });
  const fig = ml.linePlot({
    series: [
      { name: "posterior mean ± 2σ", x: xs, y: mean, band: { lower: mean.map((m, i) => m - 2 * std[i]), upper: mean.map((m, i) => m + 2 * std[i]) } },
      { name: "true function", x: xs, y: xs.map(truth), dash: "dash" },
    ],
    title, xTitle: "x", yTitle: "f(x)", height: 320,
  });
  fig.data.push({ type: "scatter", mode: "markers", x: xObs, y: yObs, name: "observations", marker: { size: 9, color: "black" } } as any);
  return fig;
}
ml.show(posteriorFigure(new ml.RBF({ lengthScale: 0.7 }), 0.05 ** 2, "RBF posterior (l = 0.7, α = 0.0025) after five observations"));
""")

md(r"""
Near the observations the band is narrow; between and beyond them it widens back to the prior's
$\pm 2$. **Length scale** sets how far an observation's influence reaches; **noise** $\alpha$ sets
how closely the mean must pass through the points:
""")

code(r"""
ml.show([
  ...[0.25, 0.7, 2.5].map((l) => posteriorFigure(new ml.RBF({ lengthScale: l }), 0.0025, `length scale l = ${l} (α = 0.0025)`)),
  ...[1e-6, 0.05, 0.5].map((a) => posteriorFigure(new ml.RBF({ lengthScale: 0.7 }), a, `noise α = ${a} (l = 0.7)`)),
]);
""")

md(r"""
A short length scale fits every wiggle and forgets quickly (the band balloons between points);
a long one draws a nearly straight line. With almost no noise the mean interpolates the points
exactly; with a large $\alpha$ it treats them as rough hints.

**Choosing hyperparameters.** Instead of guessing, `fit()` maximizes the log-marginal
likelihood of the training data over the hyperparameters $\theta$ (stored as logarithms, within
bounds, like scikit-learn):

$$\log p(y \mid X, \theta) = -\tfrac12\, y^\top (K + \alpha I)^{-1} y - \tfrac12 \log\lvert K + \alpha I\rvert - \tfrac n2 \log 2\pi .$$

The first term rewards fitting the data, the second penalizes a flexible (complex) model. A
bounded quasi-Newton optimizer (L-BFGS with bounds) climbs it from the kernel's starting values
and from `nRestartsOptimizer` random starting points.
""")

code(r"""
const fitted1d = new ml.GaussianProcessRegressor({
  kernel: new ml.ConstantKernel().times(new ml.RBF()), alpha: 0.0025, nRestartsOptimizer: 5, seed: 0,
}).fit(xObs.map((x) => [x]), yObs);
console.log(`fitted kernel: ${fitted1d.fittedKernel}`);
console.log(`log-marginal likelihood: ${fitted1d.logMarginalLikelihoodValue!.toFixed(3)}`);
""")

md(r"""
## 2 · The tutorial's GP on the perovskite data

The tutorial defines five kernels (each multiplied by a constant that sets the signal variance)
and uses the periodic one, with the period bounded to 0.01–10, noise $\alpha = 0.1$ and 50
optimizer restarts. Inputs are the 14 composition descriptors (site fractions), and half of
the 512 alloys are held out.
""")

code(r"""
const dft = await ml.loadDFT();
const X = ml.matrixOf(dft, ml.COMPOSITION_DESCRIPTORS);
const energy = ml.columnOf(dft, ml.TARGET_DECOMPOSITION);
const gap = ml.columnOf(dft, ml.TARGET_GAP);
const formulas = ml.columnOf<string>(dft, "Formula");
const split = ml.trainTestSplit(X.length, { testSize: 0.5, seed: 0 });
const [Xtrain, Xtest] = [ml.take(X, split.train), ml.take(X, split.test)];
console.log(`${split.train.length} training and ${split.test.length} test alloys, ${ml.COMPOSITION_DESCRIPTORS.length} descriptors`);

const tutorialKernels: Record<string, ml.Kernel> = {
  "constant × dot product": new ml.ConstantKernel().times(new ml.DotProduct()),
  "constant × RBF": new ml.ConstantKernel().times(new ml.RBF()),
  "constant × rational quadratic": new ml.ConstantKernel().times(new ml.RationalQuadratic()),
  "constant × exp-sine-squared": new ml.ConstantKernel().times(new ml.ExpSineSquared({ periodicityBounds: [0.01, 10] })),
  "constant × Matérn 1.5": new ml.ConstantKernel().times(new ml.Matern({ nu: 1.5 })),
};
ml.showTable(Object.entries(tutorialKernels).map(([name, k]) => ({ kernel: name, "starting value": String(k), "free hyperparameters": k.nDims })), { title: "The tutorial's kernels" });
""")

code(r"""
let t0 = Date.now();
const gprEnergy = new ml.GaussianProcessRegressor({
  kernel: tutorialKernels["constant × exp-sine-squared"], alpha: 0.1, nRestartsOptimizer: 50, seed: 0,
}).fit(Xtrain, ml.take(energy, split.train));
const energyFitSeconds = (Date.now() - t0) / 1000;
const energyTrain = gprEnergy.predict(Xtrain, { returnStd: true });
const energyTest = gprEnergy.predict(Xtest, { returnStd: true });
const runs = gprEnergy.optimizerRuns!;
console.log(`fitted kernel: ${gprEnergy.fittedKernel}   (${energyFitSeconds.toFixed(1)} s for ${runs.length} optimizer runs)`);
console.log(`log-marginal likelihood: ${gprEnergy.logMarginalLikelihoodValue!.toFixed(3)}`);
console.log(`runs that failed at their start (kernel matrix not positive definite): ${runs.filter((r) => r.logMarginalLikelihood === -Infinity).length}`);
console.log(`runs that reached the best value (within 0.01): ${runs.filter((r) => r.logMarginalLikelihood > gprEnergy.logMarginalLikelihoodValue! - 0.01).length}`);
const energyRmse = { train: rmse(energyTrain.mean, ml.take(energy, split.train)), test: rmse(energyTest.mean, ml.take(energy, split.test)) };
console.log(`decomposition energy RMSE: train ${energyRmse.train.toFixed(3)} eV, test ${energyRmse.test.toFixed(3)} eV`);
""")

md(r"""
The tutorial's notebook reported a train RMSE of 0.099 and a test RMSE of 0.104 eV on its own
(unseeded) split. Two things worth knowing about this kernel: the exp-sine-squared kernel is a
valid covariance only in one dimension, so on 14-dimensional inputs many hyperparameter values
give a kernel matrix that is not positive definite (those optimizer runs stop at once, exactly as
in scikit-learn); and the optimizer pushes the period to its upper bound of 10, far beyond the
largest distance between two compositions (√6 ≈ 2.4), where the kernel behaves like a smooth
RBF. The parity plot shows each prediction with its ±σ error bar:
""")

code(r"""
const parityWithStd = (y: number[], train: { mean: number[]; std: number[] }, test: { mean: number[]; std: number[] }, quantity: string) =>
  ml.parityPlot({
    train: { actual: ml.take(y, split.train), predicted: train.mean, std: train.std, labels: ml.take(formulas, split.train) },
    test: { actual: ml.take(y, split.test), predicted: test.mean, std: test.std, labels: ml.take(formulas, split.test) },
    quantity, unit: "eV", title: `GPR: ${quantity} (±σ error bars)`,
  });
ml.show(parityWithStd(energy, energyTrain, energyTest, "decomposition energy"));
""")

md(r"""
The band gap with constant × RBF ($\alpha$ = 0.01, targets normalized to zero mean and unit
variance before fitting, 5 restarts):
""")

code(r"""
t0 = Date.now();
const gprGap = new ml.GaussianProcessRegressor({
  kernel: tutorialKernels["constant × RBF"], alpha: 0.01, normalizeY: true, nRestartsOptimizer: 5, seed: 0,
}).fit(Xtrain, ml.take(gap, split.train));
const gapTrain = gprGap.predict(Xtrain, { returnStd: true });
const gapTest = gprGap.predict(Xtest, { returnStd: true });
const gapRmse = { train: rmse(gapTrain.mean, ml.take(gap, split.train)), test: rmse(gapTest.mean, ml.take(gap, split.test)) };
console.log(`fitted kernel: ${gprGap.fittedKernel}   (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
console.log(`log-marginal likelihood (of the normalized targets): ${gprGap.logMarginalLikelihoodValue!.toFixed(3)}`);
console.log(`band gap RMSE: train ${gapRmse.train.toFixed(3)} eV, test ${gapRmse.test.toFixed(3)} eV`);
ml.show(parityWithStd(gap, gapTrain, gapTest, "band gap"));
""")

md(r"""
### Is σ honest? Calibration

If the predictive distribution $\mathcal N(\mu, \sigma^2)$ is right, about 68.3 % of test values
fall within $\mu \pm \sigma$ and 95.4 % within $\mu \pm 2\sigma$. More generally, for every
probability $p$ the central $p$-interval $\mu \pm z_p \sigma$ (with $\Phi(z_p) = (1 + p)/2$)
should contain a fraction $p$ of the test points: plotting the observed fraction against $p$ gives
a **calibration curve**, ideally the diagonal.

Note that $\sigma$ here is the uncertainty of the latent function; the noise $\alpha$ is part of
the training covariance but not added to these test-time error bars (scikit-learn's convention).
""")

code(r"""
/** z with Φ(z) = q, by bisection on the library's normal CDF. */
function normalQuantile(q: number): number {
  let [lo, hi] = [-10, 10];
  for (let i = 0; i < 80; i++) { const mid = (lo + hi) / 2; if (ml.normalCdf(mid) < q) lo = mid; else hi = mid; }
  return (lo + hi) / 2;
}
const withinFraction = (y: number[], p: { mean: number[]; std: number[] }, z: number) =>
  y.filter((v, i) => Math.abs(v - p.mean[i]) <= z * p.std[i]).length / y.length;

const calib = [
  { name: "decomposition energy", y: ml.take(energy, split.test), pred: energyTest },
  { name: "band gap", y: ml.take(gap, split.test), pred: gapTest },
];
ml.showTable(calib.map((c) => ({ target: c.name, "within 1σ (ideal 0.683)": withinFraction(c.y, c.pred, 1), "within 2σ (ideal 0.954)": withinFraction(c.y, c.pred, 2) })), { title: "Test points inside the ±σ and ±2σ intervals", digits: 3 });

const ps = grid(0.05, 0.95, 19);
ml.show(ml.linePlot({
  series: [
    ...calib.map((c) => ({ name: c.name, x: ps, y: ps.map((p) => withinFraction(c.y, c.pred, normalQuantile((1 + p) / 2))), markers: true })),
    { name: "perfect calibration", x: [0, 1], y: [0, 1], dash: "dash" as const, color: "#888888" },
  ],
  title: "Calibration curve (test set)", xTitle: "expected fraction inside the central interval", yTitle: "observed fraction",
}));
const [energyCal, gapCal] = calib.map((c) => [withinFraction(c.y, c.pred, 1), withinFraction(c.y, c.pred, 2)]);
""")

md(r"""
Points below the diagonal mean the intervals are too narrow (over-confident model), points above
mean they are too wide.

## 3 · Acquisition functions

Active learning uses $\mu$ and $\sigma$ to decide what to compute next. With $f(x^+)$ the best
value measured so far and $\Phi$, $\phi$ the standard normal CDF and density, the slides give
(for *maximizing* $f$):

$$\mathrm{UCB}(x) = \mu(x) + \beta\,\sigma(x)$$

$$\mathrm{PI}(x) = \Phi\!\left(\frac{\mu(x) - f(x^+) - \xi}{\sigma(x)}\right)$$

$$\mathrm{EI}(x) = \bigl(\mu(x) - f(x^+) - \xi\bigr)\,\Phi\!\left(\frac{\mu(x) - f(x^+) - \xi}{\sigma(x)}\right) + \sigma(x)\,\phi\!\left(\frac{\mu(x) - f(x^+) - \xi}{\sigma(x)}\right)$$

The next compound is the one where the chosen function is largest. $\beta$ and $\xi$ trade
*exploitation* (a good predicted mean) against *exploration* (a large uncertainty).

For the decomposition energy **lower is better**, so the library flips the improvement to
$f(x^+) - \mu(x) - \xi$ and uses the lower bound $\mu - \beta\sigma$ (negated, so "largest score
wins" still holds). For a **target value** $t$, "better" means a smaller $|y - t|$; PI and EI are
then the exact probability and expected amount by which $|y - t|$ beats the best distance so far
under $y \sim \mathcal N(\mu, \sigma^2)$. Each is a small pure function of arrays
(`ml.upperConfidenceBound`, `ml.probabilityOfImprovement`, `ml.expectedImprovement`).

**Where the tutorial's code departs from these formulas.** The outline of the tutorial's
notebook does not reproduce its acquisition code line by line, so we can only point out what the
outline shows: (1) it scores and moves compounds of the *test* set, so the same compounds are
both candidates and yardstick, and the test RMSE it prints after each round is measured on a
shrinking set missing exactly the compounds the model found most interesting; (2) the formulas on
the slide are written for maximizing, and for decomposition energy the sign has to be flipped as
above — a maximizing EI would hunt for the *least* stable alloys; (3) the slide calls $\sigma(x)$
the variance, but all three formulas need the standard deviation (what `predict(..., { returnStd: true })`
returns); (4) it uses $\xi$ = 0.01 (its "epsilon") in eV, a fixed margin that is small next to
the model's σ of about 0.1 eV.

Scoring the test alloys with the decomposition-energy GP (best training value as $f(x^+)$):
""")

code(r"""
const bestTrainEnergy = ml.bestObserved(ml.take(energy, split.train), "minimize");
const scores = {
  "UCB (β = 2)": ml.upperConfidenceBound(energyTest.mean, energyTest.std, { beta: 2, goal: "minimize" }),
  "PI (ξ = 0.01)": ml.probabilityOfImprovement(energyTest.mean, energyTest.std, bestTrainEnergy, { xi: 0.01, goal: "minimize" }),
  "EI (ξ = 0.01)": ml.expectedImprovement(energyTest.mean, energyTest.std, bestTrainEnergy, { xi: 0.01, goal: "minimize" }),
};
console.log(`most stable training alloy: ${bestTrainEnergy.toFixed(3)} eV`);
ml.showTable(Object.entries(scores).flatMap(([name, s]) => ml.topKIndices(s, 3).map((j, rank) => ({
  acquisition: name, rank: rank + 1, formula: split.test.map((i) => formulas[i])[j], score: s[j],
  "predicted μ (eV)": energyTest.mean[j], "σ (eV)": energyTest.std[j], "DFT value (eV)": energy[split.test[j]],
}))), { title: "Top three test alloys by each acquisition function", digits: 3 });
""")

md(r"""
### The tutorial's loop

The tutorial runs five rounds; each moves the ten test alloys with the highest acquisition value
(here EI) into the training set and refits. To keep it quick the refits restart the optimizer
only from the current hyperparameters.
""")

code(r"""
let trainIdx = split.train.slice();
let testIdx = split.test.slice();
let kernelNow = gprEnergy.fittedKernel!;
const loopRows: Record<string, ml.MetricValue>[] = [];
for (let round = 1; round <= 5; round++) {
  const gp = new ml.GaussianProcessRegressor({ kernel: kernelNow, alpha: 0.1, seed: round }).fit(ml.take(X, trainIdx), ml.take(energy, trainIdx));
  kernelNow = gp.fittedKernel!;
  const pred = gp.predict(ml.take(X, testIdx), { returnStd: true });
  const best = ml.bestObserved(ml.take(energy, trainIdx), "minimize");
  const ei = ml.expectedImprovement(pred.mean, pred.std, best, { xi: 0.01, goal: "minimize" });
  const picks = ml.topKIndices(ei, 10).map((j) => testIdx[j]);
  loopRows.push({
    round, "training size": trainIdx.length, "test RMSE (eV)": rmse(pred.mean, ml.take(energy, testIdx)),
    "best so far (eV)": best, "most promising new alloy": formulas[picks[0]], "its DFT energy (eV)": energy[picks[0]],
  });
  trainIdx = trainIdx.concat(picks);
  testIdx = testIdx.filter((i) => !picks.includes(i));
}
ml.showTable(loopRows, { title: "Tutorial-style loop: 10 alloys per round chosen by EI", digits: 3 });
""")

md(r"""
## 4 · A discovery campaign: does active learning beat random picking?

The tutorial's loop starts with half of the data already known. A real campaign starts with a
handful of measurements. We simulate one on the 512 alloys, treating DFT as the "experiment":

* 20 % of the alloys are held out to measure test RMSE; the rest is the searchable pool.
* The campaign starts from 10 random alloys (never one of the 5 best), then runs 20 rounds;
  each round a GP (constant × RBF on the composition descriptors, normalized targets,
  $\alpha$ = 0.01) picks 5 alloys, which are then "measured".
* Strategies: **EI**, **PI** (ξ = 0.01 eV), **UCB** (β = 2), **maximum uncertainty** (pure
  exploration) and **random**.
* Goals: the **most stable** alloy (lowest decomposition energy), and the **band gap closest to
  1.34 eV**.
* Hyperparameters are re-optimized every 5 rounds and reused in between (a refit is then a single
  Cholesky factorization); campaigns run in parallel on all cores. Each strategy gets 20 seeds.

For each campaign we record after every round the test RMSE and the best value found, and the
number of measurements (after the start set) until one of the true 5 best alloys of the pool
has been measured.
""")

code(r"""
const SEEDS = 20;
const goals: { key: string; label: string; goal: ml.Goal; y: number[]; unit: string }[] = [
  { key: "stable", label: "most stable (lowest decomposition energy)", goal: "minimize", y: energy, unit: "eV" },
  { key: "gap_134", label: "band gap closest to 1.34 eV", goal: { target: 1.34 }, y: gap, unit: "eV" },
];
const jobs: ml.CampaignOptions[] = [];
for (const g of goals) for (const strategy of ml.STRATEGIES) for (let seed = 0; seed < SEEDS; seed++) {
  jobs.push({ X: X, y: g.y, goal: g.goal, strategy, seed, nInitial: 10, batchSize: 5, rounds: 20, reoptimizeEvery: 5 });
}
t0 = Date.now();
const campaignResults = ml.runCampaigns(jobs);
console.log(`${jobs.length} campaigns in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
const resultsFor = (goalIdx: number, strategy: ml.Strategy) =>
  campaignResults.filter((_, i) => jobs[i].strategy === strategy && jobs[i].y === goals[goalIdx].y);
const strategyLabel: Record<ml.Strategy, string> = { ei: "EI", pi: "PI", ucb: "UCB", uncertainty: "max uncertainty", random: "random" };
""")

md(r"""
Best value found so far against the number of alloys measured (mean over the seeds, band = ± one
standard deviation). For the band-gap goal the curve shows the distance $|E_g - 1.34|$ of the
closest alloy found.
""")

code(r"""
ml.show(goals.map((g, gi) => ml.linePlot({
  series: ml.STRATEGIES.map((s) => {
    const runs = resultsFor(gi, s).map((c) => ({ ...c, rounds: c.rounds.map((r) => ({ ...r, best: typeof g.goal === "object" ? Math.abs(r.best - g.goal.target) : r.best })) }));
    const curve = ml.summarizeCurves(runs, "best");
    return { name: strategyLabel[s], x: curve.nMeasured, y: curve.mean, band: { lower: curve.lower, upper: curve.upper } };
  }),
  title: `Best found: ${g.label}`, xTitle: "alloys measured", yTitle: typeof g.goal === "object" ? "|band gap − 1.34| of best (eV)" : "lowest decomposition energy found (eV)",
})));
""")

md(r"""
Test RMSE of the campaign's GP as the measured set grows: exploitation-heavy strategies learn
the region they search, exploration learns the whole space.
""")

code(r"""
ml.show(goals.map((g, gi) => ml.linePlot({
  series: ml.STRATEGIES.map((s) => {
    const curve = ml.summarizeCurves(resultsFor(gi, s), "testRmse");
    return { name: strategyLabel[s], x: curve.nMeasured, y: curve.mean, band: { lower: curve.lower, upper: curve.upper } };
  }),
  title: `Test RMSE during the campaign: ${g.label}`, xTitle: "alloys measured", yTitle: "test RMSE (eV)",
})));
""")

md(r"""
How many measurements until one of the 5 best alloys is found? A campaign that never finds one
within its 100 measurements counts as 100, so those means are lower bounds (the "found" column
says how many of the seeds succeeded).
""")

code(r"""
const qRows: Record<string, ml.MetricValue>[] = [];
for (const [gi, g] of goals.entries()) for (const s of ml.STRATEGIES) {
  const q = ml.meanQueriesToTopK(resultsFor(gi, s));
  const values = resultsFor(gi, s).map((c) => c.queriesToTopK).filter((v): v is number => v !== null).sort((a, b) => a - b);
  const rmseCurve = ml.summarizeCurves(resultsFor(gi, s), "testRmse");
  qRows.push({
    goal: g.label, strategy: strategyLabel[s], "mean queries to a top-5 alloy": q.mean, found: `${q.found}/${q.campaigns}`,
    "median (found only)": values.length ? values[Math.floor(values.length / 2)] : null, "final test RMSE (eV)": Number(rmseCurve.mean[rmseCurve.mean.length - 1].toFixed(3)),
  });
  recorded[`al_${g.key}_${s}_mean_queries_to_top5`] = Number(q.mean.toFixed(2));
}
ml.showTable(qRows, { title: "Queries needed to find one of the 5 best alloys", digits: 3 });
ml.show(ml.barPlot({
  x: ml.STRATEGIES.map((s) => strategyLabel[s]),
  series: goals.map((g, gi) => ({ name: g.label, y: ml.STRATEGIES.map((s) => ml.meanQueriesToTopK(resultsFor(gi, s)).mean) })),
  title: "Mean measurements to find a top-5 alloy (lower is better)", yTitle: "measurements",
}));
""")

md(r"""
Reading the table: the model-guided strategies (EI, PI, UCB) should reach a top-5 alloy far
sooner than random picking, which often exhausts its budget. Maximum-uncertainty sampling spreads
its measurements over the whole composition space: compare its final test RMSE (the last column)
with the others', and its slower hunt for the extreme compounds. EI, PI and UCB trade some of that
global accuracy for finding the best alloys quickly.

## 5 · Summary

The numbers below go to `out/summary.json` under `03_gpr_and_active_learning`.
""")

code(r"""
Object.assign(recorded, {
  gpr_decomp_kernel: String(gprEnergy.fittedKernel),
  gpr_decomp_train_rmse: Number(energyRmse.train.toFixed(4)),
  gpr_decomp_test_rmse: Number(energyRmse.test.toFixed(4)),
  gpr_decomp_log_marginal_likelihood: Number(gprEnergy.logMarginalLikelihoodValue!.toFixed(4)),
  gpr_decomp_fit_seconds: Number(energyFitSeconds.toFixed(2)),
  gpr_gap_kernel: String(gprGap.fittedKernel),
  gpr_gap_train_rmse: Number(gapRmse.train.toFixed(4)),
  gpr_gap_test_rmse: Number(gapRmse.test.toFixed(4)),
  gpr_gap_log_marginal_likelihood: Number(gprGap.logMarginalLikelihoodValue!.toFixed(4)),
  gpr_decomp_test_within_1sigma: Number(energyCal[0].toFixed(4)),
  gpr_decomp_test_within_2sigma: Number(energyCal[1].toFixed(4)),
  gpr_gap_test_within_1sigma: Number(gapCal[0].toFixed(4)),
  gpr_gap_test_within_2sigma: Number(gapCal[1].toFixed(4)),
  al_seeds_per_strategy: SEEDS,
  notebook_seconds: Number(((Date.now() - notebookStart) / 1000).toFixed(1)),
});
ml.showTable(Object.entries(ml.recordMetrics("03_gpr_and_active_learning", recorded)).map(([key, value]) => ({ key, value: String(value) })), { title: "Recorded metrics" });
""")

nb.write("03-gpr-and-active-learning.ipynb")

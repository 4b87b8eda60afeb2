// GP profile: where one likelihood evaluation spends its time and memory, and how many
// evaluations our optimizer needs against scipy's L-BFGS-B from the very same starting points.
//
//   node dist/bench/gp-profile.js [--n2000]
//
// Per evaluation (CPU time of this thread, so that other load on the machine counts less): the
// kernel and its gradient, the Cholesky factor, the inverse, and the rest (solves, traces, GC),
// Then, when Debian's python3-sklearn is present,
// scripts/bench/gp_profile.py fits the two tutorial set-ups with scikit-learn and reports every
// optimizer run's start and scipy's evaluation count; our optimizer is run from those starts.
import * as path from "path";
import { spawnSync } from "child_process";
import { ConstantKernel, ExpSineSquared, Kernel, RBF, logMarginalLikelihood } from "../lib/gp";
import { minimizeBounded } from "../lib/optimize/lbfgsb";
import { DenseMatrix, choleskyFactor, choleskyInverse, fromRows } from "../lib/linalg/cholesky";
import { loadGpData } from "../test/gp-data";
import { rbf2000Data } from "./gp.bench";
import { pythonPath } from "./machine";
import { projectRoot } from "../lib/paths";

const cpu = () => process.cpuUsage().user / 1e6;

function standardized(y: number[]): Float64Array {
  const m = y.reduce((a, v) => a + v, 0) / y.length;
  const s = Math.sqrt(y.reduce((a, v) => a + (v - m) ** 2, 0) / y.length) || 1;
  return Float64Array.from(y, (v) => (v - m) / s);
}

function profileEval(name: string, kernel: Kernel, X: DenseMatrix, y: Float64Array, alpha: number): void {
  const n = X.rows;
  const reps = n > 1000 ? 2 : 20;
  for (let r = 0; r < (n > 1000 ? 1 : 30); r++) logMarginalLikelihood(kernel, X, y, alpha, true); // warm-up (JIT)
  let t = cpu();
  for (let r = 0; r < reps; r++) logMarginalLikelihood(kernel, X, y, alpha, true);
  const total = (cpu() - t) / reps;
  t = cpu();
  let K = kernel.compute(X, null, true).K.data;
  for (let r = 1; r < reps; r++) K = kernel.compute(X, null, true).K.data;
  const tKernel = (cpu() - t) / reps;
  for (let i = 0; i < n; i++) K[i * n + i] += alpha;
  t = cpu();
  let L = choleskyFactor(K, n) as Float64Array;
  for (let r = 1; r < reps; r++) L = choleskyFactor(K, n) as Float64Array;
  const tChol = (cpu() - t) / reps;
  t = cpu();
  for (let r = 0; r < reps; r++) choleskyInverse(L, n, true);
  const tInv = (cpu() - t) / reps;
  const ms = (s: number) => `${(s * 1e3).toFixed(1)} ms`;
  console.log(
    `${name} (n = ${n}): one likelihood + gradient ${ms(total)} CPU = kernel and gradient ${ms(tKernel)} + Cholesky ${ms(tChol)} + inverse ${ms(tInv)} + rest ${ms(Math.max(0, total - tKernel - tChol - tInv))}`,
  );
}

function evaluationCounts(): void {
  const script = path.join(projectRoot, "scripts", "bench", "gp_profile.py");
  const r = spawnSync(pythonPath(), [script], { encoding: "utf8", env: process.env, maxBuffer: 1 << 24 });
  if (r.status !== 0) {
    console.log(`no evaluation counts: ${script} failed (${(r.stderr || r.error?.message || "").trim().split("\n").pop()})`);
    return;
  }
  const runs = JSON.parse(r.stdout) as Record<string, { start: number[]; nfev: number; f: number }[]>;
  const d = loadGpData();
  const X = fromRows(d.train.map((i) => d.X[i]));
  const setups: Record<string, [Kernel, Float64Array, number]> = {
    gpr_expsine_50_restarts: [new ConstantKernel().times(new ExpSineSquared({ periodicityBounds: [0.01, 10] })), Float64Array.from(d.train.map((i) => d.decomposition[i])), 0.1],
    gpr_rbf_gap: [new ConstantKernel().times(new RBF()), standardized(d.train.map((i) => d.gap[i])), 0.01],
  };
  for (const [name, [kernel, y, alpha]] of Object.entries(setups)) {
    let ours = 0;
    let theirs = 0;
    let worse = 0;
    for (const run of runs[name]) {
      const res = minimizeBounded(
        (theta) => {
          kernel.theta = theta;
          const { value, gradient } = logMarginalLikelihood(kernel, X, y, alpha, true);
          return { f: -value, g: gradient.map((v) => -v) };
        },
        run.start,
        kernel.bounds,
        { maxEval: 20 + 10 * kernel.nDims, maxNonFinite: 3 },
      );
      ours += res.nEval;
      theirs += run.nfev;
      if (res.f > run.f + 1e-6) worse++;
    }
    console.log(`${name}: from scikit-learn's ${runs[name].length} starts, scipy's L-BFGS-B used ${theirs} evaluations, ours ${ours}; ours ended at a lower likelihood in ${worse} runs`);
  }
}

const d = loadGpData();
const Xt = fromRows(d.train.map((i) => d.X[i]));
profileEval("gpr_expsine (256 rows)", new ConstantKernel({ constantValue: 0.3 }).times(new ExpSineSquared({ lengthScale: 2, periodicity: 5, periodicityBounds: [0.01, 10] })), Xt, Float64Array.from(d.train.map((i) => d.decomposition[i])), 0.1);
profileEval("gpr_rbf_gap (256 rows)", new ConstantKernel().times(new RBF()), Xt, standardized(d.train.map((i) => d.gap[i])), 0.01);
if (process.argv.includes("--n2000")) {
  const b = rbf2000Data();
  profileEval("gpr_rbf_2000", new ConstantKernel().times(new RBF({ lengthScale: 0.6 })), fromRows(b.X), standardized(b.y), 0.01);
}
evaluationCounts();

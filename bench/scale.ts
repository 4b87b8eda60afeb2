// `npm run bench -- --scale [--max-n 4000] [--tasks gp_fit,knn] [--min-time 0.3] [--budget 60]`:
// how the cost of each heavy algorithm grows with the number of rows, ours against scikit-learn.
//
// Every task runs at n = 250, 500, 1k, 2k, 4k (up to --max-n; forest prediction at 1k … 1M rows,
// up to 250 × --max-n) on one synthetic data set: 14 columns uniform in [0, 1) from the project's
// seeded generator and a smooth target, written to out/bench/scale-data.f64 so that
// scripts/bench/scale.py fits exactly the same numbers. Each size is timed in-process: calls are
// repeated until --min-time seconds have passed (at least one call, at most 5) and the median is
// kept; one untimed call at the smallest size warms up the JIT. Ours runs in this process, the
// reference in one Python process per task, task by task. A side stops growing n once a size
// took longer than --budget seconds (the later sizes are reported as skipped).
//
// The exponent of a task is the least-squares slope of log(time) against log(n) over the sizes
// >= 1,000 (all sizes when fewer than two of those were measured): time ∝ n^exponent.
// Writes out/bench/scaling.json, scaling.md and scaling.html (plotly log-log, plotly.js copied
// from node_modules beside it).
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawnSync } from "child_process";
import { intOption, median, option, timeIt } from "./bench";
import { formatSeconds, machineInfo, pythonPath, referenceInfo } from "./machine";
import { outDir, projectRoot } from "../lib/paths";
import { Random } from "../lib/core/random";
import { RandomForestRegressor, KNeighborsRegressor, KernelRidge } from "../lib/models";
import { ConstantKernel, GaussianProcessRegressor, RBF } from "../lib/gp";
import { PCA, TSNE } from "../lib/decomposition";
import { linePlot, writeFigureHtml } from "../lib/plot";

/** Columns of the synthetic data. */
export const SCALE_COLS = 14;
/** The sizes every task runs at (up to --max-n). */
export const SCALE_SIZES = [250, 500, 1000, 2000, 4000];
/** Rows predicted by the forest task (up to 250 × --max-n). */
export const PREDICT_SIZES = [1000, 10000, 100000, 1000000];

/** One timed task: `prepare(n)` does the untimed part and returns the work to time at that size. */
interface ScaleTask {
  name: string;
  what: string;
  sizes: (maxN: number) => number[];
  prepare: (data: ScaleData, n: number) => () => unknown;
}

/** The synthetic data: rows of SCALE_COLS values and a smooth target, row-major. */
export interface ScaleData {
  X: Float64Array;
  y: Float64Array;
  rows: number;
}

/** rows × SCALE_COLS uniform values from Random(0) and y = sin(3 s) + (t/2)², s, t fixed mixes of the columns. */
export function scaleData(rows: number): ScaleData {
  const rng = new Random(0);
  const X = new Float64Array(rows * SCALE_COLS);
  for (let i = 0; i < X.length; i++) X[i] = rng.next();
  const y = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    let t = 0;
    for (let k = 0; k < SCALE_COLS; k++) {
      s += X[i * SCALE_COLS + k] * Math.sin(k + 1);
      t += X[i * SCALE_COLS + k] * Math.cos(k + 1);
    }
    y[i] = Math.sin(3 * s) + (t / 2) ** 2;
  }
  return { X, y, rows };
}

/** The first n rows as number[][] (rows past the data repeat it cyclically, for the 1M-row prediction). */
function rowsOf(d: ScaleData, n: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from(d.X.subarray((i % d.rows) * SCALE_COLS, ((i % d.rows) + 1) * SCALE_COLS)));
}
const targetOf = (d: ScaleData, n: number) => Array.from(d.y.subarray(0, n));
const upTo = (sizes: number[], max: number) => sizes.filter((n) => n <= max);

/** The tasks, in report order (scripts/bench/scale.py has the same names doing the same work). */
export const SCALE_TASKS: ScaleTask[] = [
  {
    name: "rf_fit",
    what: "RandomForestRegressor, 100 trees, fit on n rows",
    sizes: (m) => upTo(SCALE_SIZES, m),
    prepare: (d, n) => {
      const [X, y] = [rowsOf(d, n), targetOf(d, n)];
      return () => new RandomForestRegressor({ nEstimators: 100, seed: 0 }).fit(X, y);
    },
  },
  {
    name: "rf_predict",
    what: "the same forest fit on 1,000 rows predicting n rows",
    sizes: (m) => upTo(PREDICT_SIZES, 250 * m),
    prepare: (d, n) => {
      const forest = new RandomForestRegressor({ nEstimators: 100, seed: 0 }).fit(rowsOf(d, 1000), targetOf(d, 1000));
      const X = rowsOf(d, n);
      return () => forest.predict(X);
    },
  },
  {
    name: "knn",
    what: "KNeighborsRegressor (5 neighbours), fit on n rows and predict the same n",
    sizes: (m) => upTo(SCALE_SIZES, m),
    prepare: (d, n) => {
      const [X, y] = [rowsOf(d, n), targetOf(d, n)];
      return () => new KNeighborsRegressor({ nNeighbors: 5 }).fit(X, y).predict(X);
    },
  },
  {
    name: "kernel_ridge",
    what: "KernelRidge (rbf, alpha 1), fit on n rows and predict them",
    sizes: (m) => upTo(SCALE_SIZES, m),
    prepare: (d, n) => {
      const [X, y] = [rowsOf(d, n), targetOf(d, n)];
      return () => new KernelRidge({ kernel: "rbf", alpha: 1 }).fit(X, y).predict(X);
    },
  },
  {
    name: "gp_fit",
    what: "GaussianProcessRegressor, constant × RBF, alpha 0.01, normalizeY, no restarts",
    sizes: (m) => upTo(SCALE_SIZES, m),
    prepare: (d, n) => {
      const [X, y] = [rowsOf(d, n), targetOf(d, n)];
      return () => new GaussianProcessRegressor({ kernel: new ConstantKernel().times(new RBF()), alpha: 0.01, normalizeY: true }).fit(X, y);
    },
  },
  {
    name: "pca",
    what: "PCA, 2 components, fit + transform",
    sizes: (m) => upTo(SCALE_SIZES, m),
    prepare: (d, n) => {
      const X = rowsOf(d, n);
      return () => new PCA({ nComponents: 2 }).fitTransform(X);
    },
  },
  {
    name: "tsne",
    what: "t-SNE, perplexity 30, 500 iterations (ours: exact gradient; scikit-learn: Barnes-Hut)",
    sizes: (m) => upTo(SCALE_SIZES, m),
    prepare: (d, n) => {
      const X = rowsOf(d, n);
      return () => new TSNE({ perplexity: 30, nIter: 500 }).fit(X);
    },
  },
];

/** A side's seconds per size (null: skipped after the budget was spent). */
type Times = Record<string, number | null>;

/** The least-squares slope of log t against log n (over n >= 1,000 when two or more of those exist). */
export function fittedExponent(times: Times): number | null {
  const pts = Object.entries(times)
    .filter(([, t]) => t !== null && t > 0)
    .map(([n, t]) => [Math.log(Number(n)), Math.log(t as number)]);
  const big = pts.filter(([ln]) => ln >= Math.log(1000) - 1e-9);
  const use = big.length >= 2 ? big : pts;
  if (use.length < 2) return null;
  const mx = use.reduce((s, p) => s + p[0], 0) / use.length;
  const my = use.reduce((s, p) => s + p[1], 0) / use.length;
  let sxy = 0;
  let sxx = 0;
  for (const [x, yv] of use) {
    sxy += (x - mx) * (yv - my);
    sxx += (x - mx) ** 2;
  }
  return sxx > 0 ? Number((sxy / sxx).toFixed(2)) : null;
}

/** Times work as described at the top: repeated until minTime has passed (1 to 5 calls), median. */
async function timeSize(work: () => unknown, minTime: number): Promise<number> {
  const times: number[] = [];
  let spent = 0;
  while (times.length < 5 && (times.length === 0 || spent < minTime)) {
    const t = await timeIt(work);
    times.push(t);
    spent += t;
  }
  return median(times);
}

async function runOurs(task: ScaleTask, data: ScaleData, sizes: number[], minTime: number, budget: number): Promise<Times> {
  const out: Times = {};
  let over = false;
  for (const [i, n] of sizes.entries()) {
    if (over) {
      out[n] = null;
      continue;
    }
    const work = task.prepare(data, n);
    if (i === 0) await work(); // warm-up
    out[n] = Number((await timeSize(work, minTime)).toPrecision(4));
    process.stderr.write(`  ${task.name} ours n=${n}: ${formatSeconds(out[n])}\n`);
    over = (out[n] as number) > budget;
  }
  return out;
}

function runReference(task: ScaleTask, dataFile: string, rows: number, sizes: number[], minTime: number, budget: number): Times | { error: string } {
  const script = path.join(projectRoot, "scripts", "bench", "scale.py");
  const r = spawnSync(pythonPath(), [script, task.name, dataFile, String(rows), sizes.join(","), String(minTime), String(budget)], { encoding: "utf8", env: process.env, maxBuffer: 1 << 24 });
  if (r.status !== 0) return { error: (r.stderr || r.error?.message || "failed").trim().split("\n").slice(-3).join(" ") };
  const times = JSON.parse(r.stdout.trim().split("\n").pop() as string) as Times;
  for (const [n, t] of Object.entries(times)) process.stderr.write(`  ${task.name} reference n=${n}: ${formatSeconds(t)}\n`);
  return times;
}

/** One task of the report. */
export interface ScaleResult {
  name: string;
  what: string;
  sizes: number[];
  ours: Times;
  reference: Times | null;
  exponent: { ours: number | null; reference: number | null };
  /** ours / reference at the largest size both measured */
  ratioAtLargest: { n: number; ratio: number } | null;
  note?: string;
}

/** The markdown table of exponents and the ratios at the largest common size. */
export function scaleMarkdown(report: { machine: ReturnType<typeof machineInfo>; reference: ReturnType<typeof referenceInfo>; results: ScaleResult[] }): string {
  const m = report.machine;
  const lines = [
    `Cost growth, ${m.date.slice(0, 10)}: ${m.cpuModel}, ${m.cores} cores, load average ${m.loadAverageAtStart.join(" / ")} at start; Node ${m.node}` +
      (report.reference.available ? `, scikit-learn ${report.reference.versions?.sklearn}.` : `. ${report.reference.note}.`),
    "Exponent b of time ∝ n^b (least squares over n >= 1,000).",
    "",
    "| task | sizes | exponent ours | exponent scikit-learn | ours / scikit-learn at the largest n | notes |",
    "|---|---|---|---|---|---|",
  ];
  for (const r of report.results) {
    const sizes = `${r.sizes[0]}–${r.sizes[r.sizes.length - 1]}`;
    const ratio = r.ratioAtLargest ? `${r.ratioAtLargest.ratio.toFixed(2)} (n = ${r.ratioAtLargest.n})` : "–";
    const notes = [r.what, r.note].filter(Boolean).join("; ");
    lines.push(`| ${r.name} | ${sizes} | ${r.exponent.ours ?? "–"} | ${r.exponent.reference ?? "–"} | ${ratio} | ${notes} |`);
  }
  return lines.join("\n") + "\n";
}

/** Runs the scaling report. */
export async function scale(args: string[]): Promise<void> {
  const maxN = intOption(args, "--max-n", 4000, 250);
  const minTime = Number(option(args, "--min-time") ?? 0.3);
  const budget = Number(option(args, "--budget") ?? 60);
  if (!(minTime >= 0) || !(budget > 0)) throw new Error("--min-time must be >= 0 and --budget > 0 (seconds)");
  const wanted = (option(args, "--tasks") ?? "").split(",").filter(Boolean);
  const unknown = wanted.filter((w) => !SCALE_TASKS.some((t) => t.name === w));
  if (unknown.length) throw new Error(`unknown scale task(s) ${unknown.join(", ")}; the tasks are: ${SCALE_TASKS.map((t) => t.name).join(", ")}`);
  const tasks = SCALE_TASKS.filter((t) => !wanted.length || wanted.includes(t.name));
  const machine = machineInfo();
  const reference = referenceInfo();
  if (!reference.available) process.stderr.write(`${reference.note}\nTiming ours only.\n`);

  const dir = path.join(outDir(), "bench");
  fs.mkdirSync(dir, { recursive: true });
  const rows = Math.max(maxN, 1000);
  const data = scaleData(rows);
  const dataFile = path.join(dir, "scale-data.f64");
  fs.writeFileSync(dataFile, Buffer.concat([Buffer.from(data.X.buffer), Buffer.from(data.y.buffer)]));

  const results: ScaleResult[] = [];
  for (const task of tasks) {
    const sizes = task.sizes(maxN);
    process.stderr.write(`${task.name}\n`);
    const ours = await runOurs(task, data, sizes, minTime, budget);
    const ref = reference.available ? runReference(task, dataFile, rows, sizes, minTime, budget) : null;
    const refTimes = ref && !("error" in ref) ? ref : null;
    const common = sizes.filter((n) => ours[n] && refTimes?.[n]);
    const last = common[common.length - 1];
    results.push({
      name: task.name,
      what: task.what,
      sizes,
      ours,
      reference: refTimes,
      exponent: { ours: fittedExponent(ours), reference: refTimes ? fittedExponent(refTimes) : null },
      ratioAtLargest: last ? { n: last, ratio: Number(((ours[last] as number) / (refTimes?.[last] as number)).toFixed(3)) } : null,
      ...(ref && "error" in ref ? { note: `reference failed: ${ref.error}` } : !reference.available ? { note: "ours only (no scikit-learn here)" } : {}),
    });
  }
  fs.unlinkSync(dataFile);
  const report = { machine, loadAverageAtEnd: os.loadavg().map((v) => Number(v.toFixed(2))), settings: { maxN, minTime, budget, timing: "in-process; median of repeated calls per size" }, reference, results };
  fs.writeFileSync(path.join(dir, "scaling.json"), JSON.stringify(report, null, 2) + "\n");
  const md = scaleMarkdown(report);
  fs.writeFileSync(path.join(dir, "scaling.md"), md);
  const figs = results.map((r) => {
    const series = [{ name: `ours (n^${r.exponent.ours ?? "?"})`, side: r.ours }, ...(r.reference ? [{ name: `scikit-learn (n^${r.exponent.reference ?? "?"})`, side: r.reference }] : [])].map((s) => {
      const ns = r.sizes.filter((n) => s.side[n]);
      return { name: s.name, x: ns, y: ns.map((n) => s.side[n] as number), markers: true };
    });
    return linePlot({ series, title: `${r.name}: ${r.what}`, xTitle: "n (rows)", yTitle: "seconds", logX: true, logY: true, height: 360 });
  });
  writeFigureHtml(figs, path.join(dir, "scaling.html"));
  process.stdout.write(md);
  process.stderr.write(`wrote ${path.join(dir, "scaling.json")}, scaling.md and scaling.html\n`);
}

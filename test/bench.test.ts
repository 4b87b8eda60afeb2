// The benchmark harness (bench/): the scaling report on small n and the paired comparison on one
// quick step, each run as `npm run bench` runs them, checked for the report's structure. With
// Debian's python3-sklearn present the reference side runs too; without it, ours only, and the
// report must say so.
import { test } from "node:test";
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawnSync } from "child_process";
import { projectRoot } from "../lib/paths";
import { fittedExponent, scaleData } from "../bench/scale";
import { referenceInfo } from "../bench/machine";
import { fixture } from "./helpers";

const benchJs = path.join(projectRoot, "dist", "bench", "bench.js");
const hasReference = referenceInfo().available;
if (!hasReference) console.log("# note: scikit-learn is not installed here (python3-sklearn): the bench tests check ours only");

function runBench(args: string[]): { out: string; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "matml-bench-"));
  const r = spawnSync(process.execPath, [benchJs, ...args], { encoding: "utf8", env: { ...process.env, MATML_OUT_DIR: dir }, timeout: 120000 });
  assert.strictEqual(r.status, 0, `bench ${args.join(" ")} failed:\n${r.stderr}`);
  return { out: r.stdout, dir: path.join(dir, "bench") };
}

test("fitted exponent: the slope of log t against log n, over n >= 1,000 when it can", () => {
  assert.strictEqual(fittedExponent({ 250: 1, 500: 4, 1000: 16 }), 2); // only one size >= 1,000: all three used
  assert.strictEqual(fittedExponent({ 250: 5, 500: 5, 1000: 1, 2000: 8, 4000: 64 }), 3); // small sizes ignored
  assert.strictEqual(fittedExponent({ 250: 1, 500: null }), null);
  const d = scaleData(3);
  assert.deepStrictEqual([d.X.length, d.y.length], [42, 3]);
  assert.deepStrictEqual(Array.from(scaleData(3).X), Array.from(d.X), "the data are seeded");
});

test("--scale on small n writes scaling.json, scaling.md and a log-log scaling.html", () => {
  const { out, dir } = runBench(["--scale", "--max-n", "500", "--min-time", "0", "--tasks", "knn,kernel_ridge,pca"]);
  const report = JSON.parse(fs.readFileSync(path.join(dir, "scaling.json"), "utf8"));
  assert.match(report.machine.cpuModel, /\S/);
  assert.ok(report.machine.cores >= 1 && report.machine.loadAverageAtStart.length === 3);
  assert.deepStrictEqual(report.results.map((r: { name: string }) => r.name), ["knn", "kernel_ridge", "pca"]);
  for (const r of report.results) {
    assert.deepStrictEqual(r.sizes, [250, 500]);
    for (const n of r.sizes) assert.ok(r.ours[n] > 0, `${r.name} ours at n=${n}`);
    assert.strictEqual(typeof r.exponent.ours, "number");
    if (hasReference) {
      for (const n of r.sizes) assert.ok(r.reference[n] > 0, `${r.name} reference at n=${n}`);
      assert.strictEqual(r.ratioAtLargest.n, 500);
      assert.ok(r.ratioAtLargest.ratio > 0);
    } else {
      assert.strictEqual(r.reference, null);
      assert.match(r.note, /ours only/);
    }
  }
  assert.match(out, /\| task \| sizes \| exponent ours \| exponent scikit-learn/);
  assert.ok(fs.readFileSync(path.join(dir, "scaling.md"), "utf8").includes("| knn | 250–500 |"));
  const html = fs.readFileSync(path.join(dir, "scaling.html"), "utf8");
  assert.match(html, /src="plotly.min.js"/, "plotly.js from node_modules, copied beside the page (no CDN)");
  assert.ok(!/https?:\/\/cdn/.test(html));
  assert.match(html, /"type":"log"/);
  assert.ok(fs.existsSync(path.join(dir, "plotly.min.js")));
  assert.ok(!fs.existsSync(path.join(dir, "scale-data.f64")), "the data file for the reference is removed");
});

test("--compare alternates ours and the reference and reports medians, ratio range and peak RSS", () => {
  const { out, dir } = runBench(["--compare", "--steps", "linear_gap", "--pairs", "2", "--warmup", "0"]);
  const report = JSON.parse(fs.readFileSync(path.join(dir, "compare.json"), "utf8"));
  assert.deepStrictEqual(report.settings.pairs, 2);
  assert.strictEqual(report.steps.length, 1);
  const s = report.steps[0];
  assert.strictEqual(s.name, "linear_gap");
  assert.strictEqual(s.ours.samples.length, 2);
  assert.ok(s.ours.median > 0 && s.ours.maxRssMiB > 10);
  if (hasReference) {
    assert.strictEqual(s.reference.samples.length, 2);
    assert.ok(s.reference.maxRssMiB > 10);
    assert.strictEqual(s.ratio.perPair.length, 2);
    assert.ok(s.ratio.min <= s.ratio.median && s.ratio.median <= s.ratio.max);
    assert.match(report.reference.versions.sklearn, /^\d/);
  } else {
    assert.strictEqual(s.reference, null);
  }
  assert.match(out, /\| linear_gap \|/);
  assert.ok(fs.existsSync(path.join(dir, "compare.md")));
});

test("bench options are checked", () => {
  const r = spawnSync(process.execPath, [benchJs, "--compare", "--steps", "no_such_step"], { encoding: "utf8" });
  assert.notStrictEqual(r.status, 0);
  assert.match(r.stderr, /unknown bench step\(s\) no_such_step; the steps are: .*gpr_rbf_2000/);
  const s = spawnSync(process.execPath, [benchJs, "--scale", "--tasks", "nope"], { encoding: "utf8" });
  assert.match(s.stderr, /unknown scale task\(s\) nope/);
  const p = spawnSync(process.execPath, [benchJs, "--compare", "--pairs", "0"], { encoding: "utf8" });
  assert.match(p.stderr, /--pairs must be an integer >= 1/);
  const h = spawnSync(process.execPath, [benchJs, "--help"], { encoding: "utf8" });
  assert.strictEqual(h.status, 0);
  assert.match(h.stdout, /usage: npm run bench[\s\S]*--compare[\s\S]*--scale/);
});

test("steps with a quality figure report it with their time (t-SNE: the final KL divergence)", () => {
  const { out } = runBench(["tsne", "--samples", "1"]);
  const result = JSON.parse(out);
  assert.ok(result.tsne > 0);
  assert.strictEqual(result.tsne_method, "barnes_hut");
  const sklearn = fixture("classification/pca.json").tsne.kl_divergence;
  assert.ok(Math.abs(result.tsne_kl_divergence / sklearn - 1) < 0.05, `KL ${result.tsne_kl_divergence} vs scikit-learn's ${sklearn}`);
});

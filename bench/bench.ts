// `npm run bench`: times every step that the bench/*.bench.ts files declare and prints one JSON
// object of seconds per step. With --compare it also runs scripts/bench/*.py (scikit-learn /
// PyTorch doing the same work on this machine) and adds their seconds and our ratio.
// Run a subset with: npm run bench -- rf_gap pca
import * as fs from "fs";
import * as path from "path";
import { spawnSync } from "child_process";
import { projectRoot } from "../lib/paths";

export interface BenchStep {
  /** snake_case step name, e.g. rf_gap */
  name: string;
  /** Does the work once (after any untimed set-up inside) and returns the seconds the timed part took. */
  run: () => Promise<number>;
  /** Extra facts to print beside the time (e.g. the backend in use). */
  info?: () => Promise<Record<string, string | number>>;
}

/** Times fn (sync or async) in seconds. */
export async function timeIt(fn: () => unknown): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const compare = args.includes("--compare");
  const only = args.filter((a) => !a.startsWith("--"));
  const files = fs.readdirSync(__dirname).filter((f) => f.endsWith(".bench.js")).sort();
  const steps: BenchStep[] = [];
  for (const f of files) steps.push(...(require(path.join(__dirname, f)).steps as BenchStep[]));
  const result: Record<string, unknown> = {};
  for (const step of steps) {
    if (only.length && !only.includes(step.name)) continue;
    const seconds = await step.run();
    result[step.name] = Number(seconds.toPrecision(4));
    if (step.info) Object.assign(result, Object.fromEntries(Object.entries(await step.info()).map(([k, v]) => [`${step.name}_${k}`, v])));
    process.stderr.write(`${step.name}: ${seconds.toFixed(3)} s\n`);
  }
  if (compare) {
    const dir = path.join(projectRoot, "scripts", "bench");
    const reference: Record<string, number> = {};
    for (const py of fs.readdirSync(dir).filter((f) => f.endsWith(".py")).sort()) {
      const r = spawnSync(process.env.MATML_PYTHON ?? "/usr/bin/python3", [path.join(dir, py), ...only], { encoding: "utf8", env: process.env });
      if (r.status !== 0) throw new Error(`${py} failed:\n${r.stderr}`);
      Object.assign(reference, JSON.parse(r.stdout.trim().split("\n").pop() as string));
    }
    result.reference_seconds = reference;
    result.ratio_to_reference = Object.fromEntries(
      Object.entries(reference).filter(([k]) => typeof result[k] === "number").map(([k, v]) => [k, Number(((result[k] as number) / v).toFixed(2))]),
    );
  }
  console.log(JSON.stringify(result, null, 2));
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}

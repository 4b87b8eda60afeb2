// `npm run bench`: the heavy steps of the tutorial, timed.
//
//   npm run bench                          every step in this process: 1 warm-up, median of 3
//   npm run bench -- --steps rf_gap,pca    a subset (names may also be given bare)
//   npm run bench -- --compare             ours and scikit-learn / PyTorch alternated, A B A B …
//                                          (bench/compare.ts; --pairs N, --warmup N)
//   npm run bench -- --scale               time against n, ours and scikit-learn (bench/scale.ts)
//
// Each bench/<group>.bench.ts declares steps; scripts/bench/<group>.py declares the same steps for
// the reference. A step is prepared once (untimed: data loading, set-up) and then timed sample by
// sample, each sample being one call of its work (or the median of `repeats` calls for steps of a
// few milliseconds), so that long-lived processes can be asked for one sample at a time.
import * as fs from "fs";
import * as path from "path";
import * as readline from "readline";

export interface BenchStep {
  /** snake_case step name, e.g. rf_gap (the same name in scripts/bench/<group>.py) */
  name: string;
  /** Untimed set-up (loading data, fitting what is not timed); returns the work one sample times. */
  prepare: () => Promise<() => unknown>;
  /** One sample is the median of this many calls of the work (steps of a few ms). Default 1. */
  repeats?: number;
  /** Extra facts to report beside the time (e.g. the backend and thread count in use). */
  info?: () => Promise<Record<string, string | number>>;
  /**
   * Figures of the result of the sample just taken (e.g. the final KL divergence of a t-SNE map),
   * reported with each sample so that times are compared at a known quality.
   */
  quality?: () => Record<string, number>;
}

/** A step and the group it comes from (bench/<group>.bench.ts ↔ scripts/bench/<group>.py). */
export interface LoadedStep extends BenchStep {
  group: string;
}

/** Times fn (sync or async) in seconds. */
export async function timeIt(fn: () => unknown): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

/** Median of a non-empty list. */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

/** One timed sample of a prepared step: one call, or the median of `repeats` calls. */
export async function sample(work: () => unknown, repeats = 1): Promise<number> {
  if (repeats <= 1) return timeIt(work);
  const times: number[] = [];
  for (let r = 0; r < repeats; r++) times.push(await timeIt(work));
  return median(times);
}

/** Every step declared by bench/*.bench.js, in file order. */
export function loadSteps(): LoadedStep[] {
  const files = fs.readdirSync(__dirname).filter((f) => f.endsWith(".bench.js")).sort();
  const steps: LoadedStep[] = [];
  for (const f of files) {
    const group = f.replace(/\.bench\.js$/, "");
    for (const s of require(path.join(__dirname, f)).steps as BenchStep[]) steps.push({ ...s, group });
  }
  return steps;
}

/** The value of `--flag value` (or `--flag=value`), if given. */
export function option(args: readonly string[], flag: string): string | undefined {
  const eq = args.find((a) => a.startsWith(`${flag}=`));
  if (eq) return eq.slice(flag.length + 1);
  const i = args.indexOf(flag);
  return i >= 0 && i + 1 < args.length && !args[i + 1].startsWith("--") ? args[i + 1] : undefined;
}

/** Step names asked for with --steps a,b or given bare; empty means all. Unknown names throw. */
export function selectSteps(args: readonly string[], all: readonly LoadedStep[]): LoadedStep[] {
  const valued = new Set(["--steps", "--pairs", "--warmup", "--samples", "--max-n", "--serve", "--reference-threads", "--tasks", "--min-time", "--budget"]);
  const bare = args.filter((a, i) => !a.startsWith("--") && !(i > 0 && valued.has(args[i - 1])));
  const listed = (option(args, "--steps") ?? "").split(",").filter(Boolean);
  const wanted = [...listed, ...bare];
  const unknown = wanted.filter((w) => !all.some((s) => s.name === w));
  if (unknown.length) throw new Error(`unknown bench step(s) ${unknown.join(", ")}; the steps are: ${all.map((s) => s.name).join(", ")}`);
  return wanted.length ? all.filter((s) => wanted.includes(s.name)) : [...all];
}

/** A positive integer option, or its default; anything else throws naming the flag. */
export function intOption(args: readonly string[], flag: string, fallback: number, min = 1): number {
  const raw = option(args, flag);
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < min) throw new Error(`${flag} must be an integer >= ${min}, got ${JSON.stringify(raw)}`);
  return v;
}

/**
 * Child mode of --compare: prepares one step, answers {"ready": …} on stdout, then one
 * {"seconds", "maxRssBytes", "quality"?} line per "run" line read from stdin, until "quit" or end of input.
 */
async function serve(name: string): Promise<void> {
  const step = loadSteps().find((s) => s.name === name);
  if (!step) throw new Error(`--serve: no bench step named ${name}`);
  const work = await step.prepare();
  const info = step.info ? await step.info() : {};
  const reply = (o: object) => process.stdout.write(JSON.stringify(o) + "\n");
  reply({ ready: true, info, maxRssBytes: process.resourceUsage().maxRSS * 1024 });
  for await (const line of readline.createInterface({ input: process.stdin })) {
    if (line.trim() === "quit") break;
    const seconds = await sample(work, step.repeats);
    reply({ seconds, maxRssBytes: process.resourceUsage().maxRSS * 1024, ...(step.quality ? { quality: step.quality() } : {}) });
  }
}

/** Plain mode: every selected step here, one warm-up and the median of --samples samples. */
async function timeSteps(args: string[]): Promise<void> {
  const samples = intOption(args, "--samples", 3);
  const result: Record<string, unknown> = {};
  for (const step of selectSteps(args, loadSteps())) {
    const work = await step.prepare();
    await sample(work, step.repeats);
    const times: number[] = [];
    for (let i = 0; i < samples; i++) times.push(await sample(work, step.repeats));
    const seconds = median(times);
    result[step.name] = Number(seconds.toPrecision(4));
    const facts = { ...(step.info ? await step.info() : {}), ...(step.quality ? step.quality() : {}) };
    Object.assign(result, Object.fromEntries(Object.entries(facts).map(([k, v]) => [`${step.name}_${k}`, v])));
    process.stderr.write(`${step.name}: ${seconds.toFixed(3)} s\n`);
  }
  console.log(JSON.stringify(result, null, 2));
}

/** `--help`: the usage lines at the top of this file. */
const USAGE = `usage: npm run bench [-- OPTIONS]
  (no option)                 every step in this process: 1 warm-up, median of 3
  --steps a,b                 a subset of the steps (names may also be given bare)
  --compare                   ours and scikit-learn / PyTorch alternated (--pairs N, --warmup N,
                              --reference-threads N); writes out/bench/compare.json and compare.md
  --scale                     time against n, ours and scikit-learn (--max-n, --tasks, --min-time,
                              --budget); writes out/bench/scaling.html, .json and .md
The tutorial's data come from MATML_DATA_DIR or the download cache (README, "Offline use").`;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes("--help") || args.includes("-h")) return void console.log(USAGE);
  const served = option(args, "--serve");
  if (served) return serve(served);
  if (args.includes("--compare")) return (await import("./compare")).compare(args);
  if (args.includes("--scale")) return (await import("./scale")).scale(args);
  return timeSteps(args);
}

if (require.main === module) {
  main().then(
    () => process.exit(0), // worker threads and stdin must not keep the process alive
    (e) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    },
  );
}

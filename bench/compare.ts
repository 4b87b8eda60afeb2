// `npm run bench -- --compare [--steps a,b] [--pairs 5] [--warmup 1] [--reference-threads N]`:
// ours against scikit-learn / PyTorch, step by step, in a way that holds on a busy machine.
// (--reference-threads limits the reference's BLAS / OpenMP threads; by default it uses them all.
// OpenBLAS threads spin while they wait, so on a loaded machine they lose more than ours do.)
//
// For each step two long-lived processes are started: `node dist/bench/bench.js --serve STEP`
// and `python3 scripts/bench/serve.py GROUP STEP`. Each prepares the step once (untimed), then
// times one sample inside itself whenever asked. The parent asks them in turn, A B A B …: first
// `--warmup` samples per side that are thrown away (JIT, caches, first allocations), then
// `--pairs` pairs. Only one side works at a time. Whatever load the machine has at a given moment
// hits both halves of a pair alike, so the ratio within a pair is steadier than either time; the
// report gives each side's median, the median of the per-pair ratios and their range, and each
// process's peak resident memory (data loading included).
// Writes out/bench/compare.json and out/bench/compare.md.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ChildProcessWithoutNullStreams, spawn } from "child_process";
import * as readline from "readline";
import { LoadedStep, intOption, loadSteps, median, option, selectSteps } from "./bench";
import { formatSeconds, machineInfo, pythonPath, referenceInfo } from "./machine";
import { outDir, projectRoot } from "../lib/paths";

interface Reply {
  ready?: boolean;
  missing?: boolean;
  error?: string;
  info?: Record<string, unknown>;
  seconds?: number;
  maxRssBytes?: number;
}

/** A child process that answers one JSON line per request line. */
class StepServer {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly lines: AsyncIterator<string>;
  private stderr = "";

  constructor(command: string, args: string[], readonly label: string, env: NodeJS.ProcessEnv = process.env) {
    this.child = spawn(command, args, { env, cwd: projectRoot });
    this.child.stderr.on("data", (d) => (this.stderr = (this.stderr + String(d)).slice(-4000)));
    this.lines = readline.createInterface({ input: this.child.stdout })[Symbol.asyncIterator]();
  }

  /** The next reply (skipping lines that are not JSON objects: libraries may print). */
  async next(): Promise<Reply> {
    for (;;) {
      const r = await this.lines.next();
      if (r.done) throw new Error(`${this.label} exited without answering:\n${this.stderr}`);
      const line = r.value.trim();
      if (!line.startsWith("{")) continue;
      const reply = JSON.parse(line) as Reply;
      if (reply.error) throw new Error(`${this.label}: ${reply.error}`);
      return reply;
    }
  }

  async run(): Promise<Reply> {
    this.child.stdin.write("run\n");
    return this.next();
  }

  close(): void {
    if (this.child.exitCode === null) {
      this.child.stdin.end("quit\n");
      setTimeout(() => this.child.exitCode === null && this.child.kill(), 5000).unref();
    }
  }
}

/** One side's figures for a step. */
export interface SideResult {
  samples: number[];
  median: number;
  maxRssMiB: number;
  info: Record<string, unknown>;
}

/** One step of the report. */
export interface CompareStep {
  name: string;
  ours: SideResult;
  reference: SideResult | null;
  /** median, min and max of ours / reference over the pairs */
  ratio: { median: number; min: number; max: number; perPair: number[] } | null;
  note?: string;
}

const mib = (bytes: number | undefined) => Number(((bytes ?? 0) / 2 ** 20).toFixed(1));

/** The reference's environment: with --reference-threads N, BLAS / OpenMP limited to N threads. */
function referenceEnv(threads: number | undefined): NodeJS.ProcessEnv {
  if (threads === undefined) return process.env;
  const n = String(threads);
  return { ...process.env, OPENBLAS_NUM_THREADS: n, OMP_NUM_THREADS: n, MKL_NUM_THREADS: n };
}

async function compareStep(step: LoadedStep, pairs: number, warmup: number, withReference: boolean, refThreads?: number): Promise<CompareStep> {
  const ours = new StepServer(process.execPath, [path.join(__dirname, "bench.js"), "--serve", step.name], `ours (${step.name})`);
  const pyFile = path.join(projectRoot, "scripts", "bench", "serve.py");
  let ref: StepServer | null = null;
  let note: string | undefined;
  try {
    const ready = await ours.next();
    let refReady: Reply | null = null;
    if (withReference) {
      ref = new StepServer(pythonPath(), [pyFile, "--serve", step.group, step.name], `reference (${step.name})`, referenceEnv(refThreads));
      refReady = await ref.next();
      if (refReady.missing) {
        note = `scripts/bench/${step.group}.py has no step ${step.name}`;
        ref.close();
        ref = null;
      }
    }
    const a: number[] = [];
    const b: number[] = [];
    let rssA = ready.maxRssBytes;
    let rssB = refReady?.maxRssBytes;
    for (let i = 0; i < warmup + pairs; i++) {
      const ra = await ours.run();
      rssA = ra.maxRssBytes;
      if (i >= warmup) a.push(ra.seconds as number);
      const rb = ref ? await ref.run() : null;
      if (rb) {
        rssB = rb.maxRssBytes;
        if (i >= warmup) b.push(rb.seconds as number);
      }
      process.stderr.write(`  ${step.name} ${i < warmup ? "warm-up" : `pair ${i - warmup + 1}/${pairs}`}: ${formatSeconds(ra.seconds)}${rb ? ` / ${formatSeconds(rb.seconds)}` : ""}\n`);
    }
    const side = (samples: number[], rss: number | undefined, info: Record<string, unknown> | undefined): SideResult => ({
      samples: samples.map((s) => Number(s.toPrecision(4))),
      median: Number(median(samples).toPrecision(4)),
      maxRssMiB: mib(rss),
      info: info ?? {},
    });
    const perPair = ref ? a.map((t, i) => t / b[i]) : [];
    return {
      name: step.name,
      ours: side(a, rssA, ready.info),
      reference: ref ? side(b, rssB, refReady?.info) : null,
      ratio: ref ? { median: Number(median(perPair).toFixed(3)), min: Number(Math.min(...perPair).toFixed(3)), max: Number(Math.max(...perPair).toFixed(3)), perPair: perPair.map((r) => Number(r.toFixed(3))) } : null,
      ...(note ? { note } : {}),
    };
  } finally {
    ours.close();
    ref?.close();
  }
}

/** The markdown table of a comparison (also printed). */
export function compareMarkdown(report: { machine: ReturnType<typeof machineInfo>; loadAverageAtEnd: number[]; settings: { pairs: number; warmup: number; referenceThreads: number | string }; reference: ReturnType<typeof referenceInfo>; steps: CompareStep[] }): string {
  const m = report.machine;
  const v = report.reference.versions ?? {};
  const lines = [
    `Paired comparison, ${m.date.slice(0, 10)}: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB; load average ${m.loadAverageAtStart.join(" / ")} at start, ${report.loadAverageAtEnd.join(" / ")} at end.`,
    `Node ${m.node}` + (report.reference.available ? `; Python ${v.python}, scikit-learn ${v.sklearn}, NumPy ${v.numpy}, SciPy ${v.scipy}, BLAS: ${Array.isArray(v.blas) ? v.blas.join(", ") : v.blas}.` : `; ${report.reference.note}.`),
    `Each side in its own long-lived process, timed in-process; ${report.settings.warmup} warm-up sample(s) per side discarded, then ${report.settings.pairs} pairs alternated ours, reference, ours, …; reference BLAS threads: ${report.settings.referenceThreads}.`,
    "",
    "| step | ours (median) | reference (median) | ratio: median of pairs (min–max) | peak RSS ours / reference | notes |",
    "|---|---|---|---|---|---|",
  ];
  for (const s of report.steps) {
    const info = [...Object.entries(s.ours.info).map(([k, val]) => `${k}: ${val}`), ...Object.entries(s.reference?.info ?? {}).map(([k, val]) => `ref ${k}: ${val}`)];
    if (s.note) info.push(s.note);
    const ratio = s.ratio ? `${s.ratio.median.toFixed(2)} (${s.ratio.min.toFixed(2)}–${s.ratio.max.toFixed(2)})` : "–";
    const rss = `${s.ours.maxRssMiB.toFixed(0)} / ${s.reference ? s.reference.maxRssMiB.toFixed(0) : "–"} MiB`;
    lines.push(`| ${s.name} | ${formatSeconds(s.ours.median)} | ${formatSeconds(s.reference?.median)} | ${ratio} | ${rss} | ${info.join("; ")} |`);
  }
  return lines.join("\n") + "\n";
}

/** Runs the paired comparison of the selected steps and writes the report. */
export async function compare(args: string[]): Promise<void> {
  const steps = selectSteps(args, loadSteps());
  const pairs = intOption(args, "--pairs", 5);
  const warmup = intOption(args, "--warmup", 1, 0);
  const refThreads = option(args, "--reference-threads") === undefined ? undefined : intOption(args, "--reference-threads", 1);
  const machine = machineInfo();
  const reference = referenceInfo();
  if (!reference.available) process.stderr.write(`${reference.note}\nTiming ours only.\n`);
  const results: CompareStep[] = [];
  for (const step of steps) {
    process.stderr.write(`${step.name}\n`);
    results.push(await compareStep(step, pairs, warmup, reference.available, refThreads));
  }
  const report = { machine, loadAverageAtEnd: os.loadavg().map((v) => Number(v.toFixed(2))), settings: { pairs, warmup, referenceThreads: refThreads ?? "default", timing: "in-process, one long-lived process per side and step" }, reference, steps: results };
  const dir = path.join(outDir(), "bench");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "compare.json"), JSON.stringify(report, null, 2) + "\n");
  const md = compareMarkdown(report);
  fs.writeFileSync(path.join(dir, "compare.md"), md);
  process.stdout.write(md);
  process.stderr.write(`wrote ${path.join(dir, "compare.json")} and compare.md\n`);
}

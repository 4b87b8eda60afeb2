// `matml screen`: screen the whole ABX3 composition space with saved models.
//
//   matml screen train --out DIR                  fit notebook 01's two forests on DFT_data.csv and save them
//   matml screen --model DIR [--step 0.125] [--top 100] [--shard i/n] [--out DIR]
//   matml screen merge --model DIR --out DIR SHARD...   combine shard results (screen.json files or their folders)
//
// A screen writes screen.json (the full result, which `merge` reads), candidates.csv (the ranked
// shortlist) and pareto.json (the front) into its output folder, and shows its progress on stderr.
// `--shard i/n` (1 <= i <= n) screens the i-th of n equal, contiguous parts of the space, so a
// batch scheduler's array job can run the parts anywhere; merging the n results gives exactly the
// files one run over the whole space gives.
import * as fs from "fs";
import * as path from "path";
import { ParamError } from "../lib/core/errors";
import { PerovskiteFeaturizer } from "../lib/data/featurizer";
import { loadDFT } from "../lib/data/datasets";
import { loadScreeningModels, saveScreeningModels, trainScreeningModels } from "../lib/design/models";
import { ScreenResult, mergeScreens, screenSpace } from "../lib/design/screen";
import { SCREEN_FILES, writeScreenFiles } from "../lib/design/shortlist";

/** The usage lines of `matml screen`, shown in `matml help`. */
export const SCREEN_USAGE = `  matml screen train [--out DIR] [--trees 100] [--seed 0]
  matml screen --model DIR [--step 0.125] [--top 100] [--shard i/n] [--jobs N] [--out DIR]
               [--gap-target 1.34] [--gap-window 1.1,1.7] [--max-decomposition 0]
  matml screen merge --model DIR [--out DIR] SHARD_RESULT...`;

/** Where output goes: `print` takes lines for stdout (the files written); `err` gets the progress bar and messages. */
export interface ScreenIo {
  print: (line: string) => Promise<void> | void;
  err: NodeJS.WritableStream & { isTTY?: boolean };
}

/** Takes `--name value` out of args (undefined when absent). */
function take(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args[i + 1];
  if (v === undefined || v.startsWith("--")) throw new ParamError(`${name} needs a value`);
  args.splice(i, 2);
  return v;
}

function numberOption(args: string[], name: string): number | undefined {
  const v = take(args, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === "" || !Number.isFinite(n)) throw new ParamError(`${name} must be a number, got "${v}"`);
  return n;
}

function noneLeft(args: string[]): void {
  if (args.length) throw new ParamError(`unexpected argument${args.length > 1 ? "s" : ""}: ${args.join(" ")}\nusage:\n${SCREEN_USAGE}`);
}

/** Parses "i/n" (1-based) into a 0-based shard. */
export function parseShard(text: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const i = m ? Number(m[1]) : NaN;
  const n = m ? Number(m[2]) : NaN;
  if (!m || n < 1 || i < 1 || i > n) throw new ParamError(`--shard must be i/n with 1 <= i <= n (e.g. 3/8), got "${text}"`);
  return { index: i - 1, count: n };
}

/** A progress bar redrawn in place on a terminal, or a line every 10% elsewhere. */
function progressBar(err: ScreenIo["err"]): { update: (done: number, total: number) => void; end: () => void } {
  const start = Date.now();
  let lastTenth = -1;
  let drawn = false;
  return {
    update(done, total) {
      const f = total > 0 ? done / total : 1;
      const seconds = (Date.now() - start) / 1000;
      const rate = seconds > 0 ? done / seconds : 0;
      const eta = rate > 0 ? (total - done) / rate : 0;
      const text = `${(100 * f).toFixed(1).padStart(5)}% ${done.toLocaleString("en-US")}/${total.toLocaleString("en-US")} compositions, ${Math.round(rate).toLocaleString("en-US")}/s, ${seconds.toFixed(0)} s elapsed, ~${eta.toFixed(0)} s left`;
      if (err.isTTY) {
        const width = 30;
        const filled = Math.round(f * width);
        err.write(`\r[${"#".repeat(filled)}${".".repeat(width - filled)}] ${text}`);
        drawn = true;
      } else if (Math.floor(f * 10) > lastTenth) {
        lastTenth = Math.floor(f * 10);
        err.write(`screen: ${text}\n`);
      }
    },
    end() {
      if (drawn) err.write("\n");
    },
  };
}

function readResult(file: string): ScreenResult {
  const f = fs.existsSync(file) && fs.statSync(file).isDirectory() ? path.join(file, SCREEN_FILES.result) : file;
  if (!fs.existsSync(f)) throw new ParamError(`screen merge: ${f} does not exist`);
  try {
    return JSON.parse(fs.readFileSync(f, "utf8"));
  } catch (e) {
    throw new ParamError(`screen merge: ${f} is not valid JSON (${(e as Error).message})`);
  }
}

/** Runs `matml screen ...` (args after "screen"); returns the exit code. */
export async function screenCommand(argv: string[], io: ScreenIo): Promise<number> {
  const args = [...argv];
  if (args[0] === "train") {
    args.shift();
    const out = take(args, "--out") ?? "matml-models";
    const nEstimators = numberOption(args, "--trees") ?? 100;
    const seed = numberOption(args, "--seed") ?? 0;
    noneLeft(args);
    const models = trainScreeningModels(await loadDFT(), await PerovskiteFeaturizer.load(), { nEstimators, seed });
    saveScreeningModels(models, out);
    io.err.write(`screen train: two ${nEstimators}-tree random forests (decomposition energy, band gap) fitted on ${models.training.formulas.length} alloys, saved in ${out}\n`);
    return 0;
  }
  if (args[0] === "merge") {
    args.shift();
    const modelDir = take(args, "--model");
    const out = take(args, "--out") ?? "matml-screen";
    if (!modelDir) throw new ParamError(`screen merge needs --model DIR (the models the shards used)\nusage:\n${SCREEN_USAGE}`);
    if (args.length === 0) throw new ParamError(`screen merge needs the shard results to merge\nusage:\n${SCREEN_USAGE}`);
    const models = loadScreeningModels(modelDir);
    const merged = mergeScreens(args.map(readResult));
    writeScreenFiles(merged, models, out);
    io.err.write(`screen merge: ${args.length} parts, ${merged.compositions.toLocaleString("en-US")} compositions, written to ${out}\n`);
    return 0;
  }
  const modelDir = take(args, "--model");
  if (!modelDir) throw new ParamError(`screen needs --model DIR (make one with \`matml screen train --out DIR\`)\nusage:\n${SCREEN_USAGE}`);
  const step = numberOption(args, "--step") ?? 0.125;
  const top = numberOption(args, "--top") ?? 100;
  const jobs = numberOption(args, "--jobs");
  const shardText = take(args, "--shard");
  const shard = shardText === undefined ? undefined : parseShard(shardText);
  const gapTarget = numberOption(args, "--gap-target");
  const windowText = take(args, "--gap-window");
  const maxDecomposition = numberOption(args, "--max-decomposition");
  const out = take(args, "--out") ?? (shard ? `matml-screen-shard-${shard.index + 1}-of-${shard.count}` : "matml-screen");
  noneLeft(args);
  const gapWindow = windowText === undefined ? undefined : (windowText.split(",").map(Number) as [number, number]);
  if (gapWindow && (gapWindow.length !== 2 || gapWindow.some((v) => !Number.isFinite(v)))) throw new ParamError(`--gap-window must be two numbers like 1.1,1.7, got "${windowText}"`);
  const models = loadScreeningModels(modelDir);
  const bar = progressBar(io.err);
  const started = Date.now();
  const result = await screenSpace(models, { step }, { top, shard, nJobs: jobs ?? -1, goals: { gapTarget, gapWindow, maxDecomposition }, onProgress: bar.update });
  bar.end();
  const seconds = (Date.now() - started) / 1000;
  const files = writeScreenFiles(result, models, out);
  io.err.write(
    `screen: ${result.compositions.toLocaleString("en-US")} compositions in ${seconds.toFixed(1)} s (${Math.round(result.compositions / seconds).toLocaleString("en-US")}/s); ` +
      `${result.counts.stableInWindow.toLocaleString("en-US")} predicted stable with a gap in [${result.goals.gapWindow.join(", ")}] eV; Pareto front of ${result.pareto.length}\n`,
  );
  for (const file of [files.candidates, files.pareto, files.result]) await io.print(file);
  return 0;
}

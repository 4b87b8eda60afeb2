// The `matml` command line:
//   matml featurize IN.csv > OUT.csv     add the 14 site fractions and 36 descriptors to a CSV with a Formula column
//   matml enumerate [--step 0.25] [--max-mix 2] > candidates.csv
//   matml data [--refresh]               find (or download) the tutorial's data files and print where they are
//   matml data --bundle FILE             pack them, with their SHA-256 checksums, into one archive (offline classrooms)
//   matml data --unbundle FILE [--to D]  check a bundle and unpack it (default: into the data cache)
//   matml screen ...                      screen the whole composition space with saved models (cli/screen.ts)
//
// Output is written line by line with back-pressure, so `matml enumerate` runs in constant memory
// whatever the size of the space, and a reader that stops early (`| head -1`) ends the command
// quietly instead of with an EPIPE stack trace.
import * as fs from "fs";
import { DataError, ParamError } from "../lib/core/errors";
import { nearestName } from "../lib/core/params";
import { countCandidates, iterateCandidates } from "../lib/data/candidates";
import { csvLine, parseCsv, readDecimal } from "../lib/data/csv";
import { PerovskiteFeaturizer } from "../lib/data/featurizer";
import { FormulaOptions } from "../lib/data/formula";
import { DATASETS, DatasetName, defaultCacheDir, locateDataset } from "../lib/data/files";
import { readBundle, unpackBundle, writeBundle } from "../lib/data/bundle";
import { checkDataset } from "../lib/data/verify";
import { SCREEN_USAGE, screenCommand } from "./screen";

const USAGE = `usage:
  matml featurize IN.csv [--formula-column Formula] [--snap-eighths] [--normalize] > OUT.csv
  matml enumerate [--step 0.25] [--max-mix 2] [--limit 1000000] [--force] > candidates.csv
  matml data [--refresh] [--timeout SECONDS]
  matml data --bundle FILE          (FILE.tar, or FILE.tar.gz to compress)
  matml data --unbundle FILE [--to DIR]
${SCREEN_USAGE}
Data files are read from MATML_DATA_DIR (a folder, or a data bundle), then data/cache/ (in a
read-only install ~/.cache/matml), else downloaded (and checked) from the tutorial's repository;
MATML_DOWNLOAD_TIMEOUT (seconds) bounds a download.`;

/** Where the command writes: stdout for data, stderr for messages. */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/**
 * Line-by-line output that waits when the reader is slow and notices when it has gone away
 * (EPIPE after `| head -1`): from then on `closed` is true and writing stops, quietly.
 */
export class LineOutput {
  closed = false;
  private written = 0;
  private failure: Error | null = null;

  constructor(private readonly stream: NodeJS.WritableStream) {
    stream.on("error", (e: NodeJS.ErrnoException) => {
      this.closed = true;
      if (e.code !== "EPIPE" && e.code !== "ERR_STREAM_DESTROYED") this.failure = e;
    });
  }

  /** Writes one line; resolves when the stream can take more. */
  async line(text: string): Promise<void> {
    if (this.closed || (this.stream as NodeJS.WritableStream & { destroyed?: boolean }).destroyed) {
      this.closed = true;
      return;
    }
    const ok = this.stream.write(text + "\n");
    // Let pending events (an EPIPE from the reader) arrive now and then, and wait when the pipe is full.
    if (!ok) await new Promise<void>((resolve) => {
      const done = () => {
        this.stream.removeListener("drain", done);
        this.stream.removeListener("close", done);
        this.stream.removeListener("error", done);
        resolve();
      };
      this.stream.once("drain", done);
      this.stream.once("close", done);
      this.stream.once("error", done);
    });
    else if (++this.written % 512 === 0) await new Promise((resolve) => setImmediate(resolve));
  }

  /** Throws if the output failed for another reason than the reader going away. */
  check(): void {
    if (this.failure) throw this.failure;
  }
}

/** Options of one command: `--name value` pairs and bare `--flags`; anything else is an error. */
function parseArgs(command: string, args: string[], valued: string[], flags: string[]): { values: Record<string, string>; flags: Set<string>; positional: string[] } {
  const values: Record<string, string> = {};
  const set = new Set<string>();
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!a.startsWith("--")) {
      positional.push(a);
      continue;
    }
    if (valued.includes(a)) {
      const v = args[i + 1];
      if (v === undefined || v.startsWith("--")) throw new ParamError(`${command}: ${a} needs a value`);
      values[a] = v;
      i++;
    } else if (flags.includes(a)) set.add(a);
    else {
      const near = nearestName(a, [...valued, ...flags]);
      throw new ParamError(`${command}: unknown option ${a}${near ? `; did you mean ${near}?` : ""} (options: ${[...valued, ...flags].join(" ") || "none"})`);
    }
  }
  return { values, flags: set, positional };
}

/** A numeric option value, read strictly ("0x10" or "1e309" are not numbers here either). */
function numberOption(command: string, name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const v = readDecimal(text);
  if (typeof v !== "number") throw new ParamError(`${command}: ${name} must be a number; ${v.problem}`);
  return v;
}

/** Writes IN.csv back with the 50 feature columns; returns the number of rows that failed. */
export async function featurizeCsv(file: string, formulaColumn: string, out: LineOutput, err: NodeJS.WritableStream, options: FormulaOptions = {}): Promise<number> {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new DataError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message}`);
  }
  const table = parseCsv(text, file);
  const f = table.columns.indexOf(formulaColumn);
  if (f < 0) throw new DataError(`${file}: no "${formulaColumn}" column (columns: ${table.columns.join(", ")})`);
  const twin = table.columns.find((c, j) => j !== f && c.toLowerCase() === formulaColumn.toLowerCase());
  if (twin !== undefined) throw new DataError(`${file}: two formula columns, "${formulaColumn}" (column ${f + 1}) and "${twin}" (column ${table.columns.indexOf(twin) + 1}); keep one`);
  const featurizer = await PerovskiteFeaturizer.load();
  const labels = featurizer.featureLabels();
  // Columns the input already has under a feature's name are replaced, not duplicated (and said so).
  const replaced = table.columns.filter((c) => labels.includes(c));
  if (replaced.length) err.write(`${file}: column(s) ${replaced.join(", ")} are replaced by the computed features\n`);
  const kept = table.columns.map((c, j) => [c, j] as const).filter(([c]) => !labels.includes(c));
  await out.line(csvLine([...kept.map(([c]) => c), ...labels]));
  let failed = 0;
  for (let r = 0; r < table.rows.length && !out.closed; r++) {
    const cells = table.rows[r];
    let features: (number | string)[];
    try {
      const result = featurizer.featurizeDetailed(cells[f], options);
      for (const change of result.changes) err.write(`${file} line ${table.lines[r]}: formula "${cells[f]}": ${change}\n`);
      features = result.features;
    } catch (e) {
      if (!(e instanceof DataError)) throw e;
      failed++;
      err.write(`${file} line ${table.lines[r]}: ${e.message}\n`);
      features = labels.map(() => "");
    }
    await out.line(csvLine([...kept.map(([, j]) => cells[j]), ...features]));
  }
  return failed;
}

/** Streams the candidate space as CSV after saying how large it is; refuses a space beyond `limit` unless `force`. */
async function enumerateCsv(args: string[], out: LineOutput, err: NodeJS.WritableStream): Promise<number> {
  const cmd = "enumerate";
  const a = parseArgs(cmd, args, ["--step", "--max-mix", "--limit"], ["--force"]);
  if (a.positional.length) throw new ParamError(`${cmd}: unexpected argument ${a.positional[0]}\n${USAGE}`);
  const options = { step: numberOption(cmd, "--step", a.values["--step"], 0.25), maxMix: numberOption(cmd, "--max-mix", a.values["--max-mix"], 2) };
  const limit = numberOption(cmd, "--limit", a.values["--limit"], 1_000_000);
  for (const [name, v] of [["--max-mix", options.maxMix], ["--limit", limit]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new ParamError(`${cmd}: ${name} must be a whole number >= 1, got ${a.values[name]}`);
  }
  const { total, perSite } = countCandidates(options);
  const size = `${total.toLocaleString("en-US")} compositions (A ${perSite.A.toLocaleString("en-US")} × B ${perSite.B.toLocaleString("en-US")} × X ${perSite.X.toLocaleString("en-US")})`;
  if (total > limit && !a.flags.has("--force")) {
    throw new ParamError(
      `${cmd}: the space has ${size}, more than --limit ${limit.toLocaleString("en-US")} (about ${((total * 600) / 1e9).toPrecision(2)} GB of CSV); ` +
        "use a coarser --step or a smaller --max-mix, or pass --force to write it anyway",
    );
  }
  err.write(`matml enumerate: ${size}\n`);
  const featurizer = await PerovskiteFeaturizer.load();
  await out.line(csvLine(["Formula", ...featurizer.featureLabels()]));
  for (const c of iterateCandidates(featurizer, options)) {
    if (out.closed) break;
    await out.line(csvLine([c.formula, ...c.features]));
  }
  return 0;
}

/** Runs one command; errors are printed as "matml: message" and give exit code 1. */
export async function main(argv: string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const out = new LineOutput(io.stdout);
  try {
    const code = await command(argv, out, io.stderr);
    out.check();
    return code;
  } catch (e) {
    if (!(e instanceof DataError || e instanceof ParamError)) io.stderr.write(`matml: ${(e as Error).stack ?? e}\n`);
    else io.stderr.write(`matml: ${(e as Error).message}\n`);
    return 1;
  }
}

async function command(argv: string[], out: LineOutput, err: NodeJS.WritableStream): Promise<number> {
  const [name, ...args] = argv;
  if (name === "featurize") {
    const a = parseArgs(name, args, ["--formula-column"], ["--snap-eighths", "--normalize"]);
    if (a.positional.length !== 1) throw new ParamError(`featurize takes one input file\n${USAGE}`);
    const options = { snapToEighths: a.flags.has("--snap-eighths"), normalize: a.flags.has("--normalize") };
    const failed = await featurizeCsv(a.positional[0], a.values["--formula-column"] ?? "Formula", out, err, options);
    if (failed) err.write(`${failed} row(s) could not be featurized; their feature cells are empty.\n`);
    return failed ? 2 : 0;
  }
  if (name === "enumerate") return enumerateCsv(args, out, err);
  if (name === "data") {
    const a = parseArgs(name, args, ["--timeout", "--bundle", "--unbundle", "--to"], ["--refresh"]);
    if (a.positional.length) throw new ParamError(`data: unexpected argument ${a.positional[0]}\n${USAGE}`);
    const timeout = a.values["--timeout"] === undefined ? undefined : numberOption(name, "--timeout", a.values["--timeout"], 0);
    if (a.values["--bundle"] !== undefined && a.values["--unbundle"] !== undefined) throw new ParamError("data: give either --bundle or --unbundle, not both");
    if (a.values["--to"] !== undefined && a.values["--unbundle"] === undefined) throw new ParamError("data: --to goes with --unbundle");
    if (a.values["--bundle"] !== undefined) {
      const file = a.values["--bundle"];
      const files: string[] = [];
      for (const dataset of DATASETS) files.push(await locateDataset(dataset, { refresh: a.flags.has("--refresh"), downloadTimeout: timeout }));
      for (const [dataset, sum] of Object.entries(writeBundle(file, files))) await out.line(`${sum}  ${dataset}`);
      err.write(`wrote ${file} (${fs.statSync(file).size} bytes). On each machine: npx matml data --unbundle ${file}, or set MATML_DATA_DIR=${file}\n`);
      return 0;
    }
    if (a.values["--unbundle"] !== undefined) {
      const to = a.values["--to"];
      const file = a.values["--unbundle"];
      // The cache holds only the tutorial's pinned files; data of your own goes to a folder of yours.
      if (to === undefined) {
        for (const e of readBundle(file)) {
          const known = (DATASETS as string[]).includes(e.name) ? checkDataset(e.name as DatasetName, e.data, "pinned").problem : "it is not one of the tutorial's files";
          if (known) throw new DataError(`${file}: ${e.name} cannot go into the download cache: ${known}. Unpack it with --to DIR and set MATML_DATA_DIR=DIR to use it as your own data.`);
        }
      }
      const dir = to ?? defaultCacheDir();
      const names = unpackBundle(file, dir);
      err.write(`checked and unpacked ${names.join(", ")} into ${dir}\n`);
      if (to !== undefined) err.write(`use it with MATML_DATA_DIR=${dir}\n`);
      return 0;
    }
    for (const file of DATASETS) {
      const where = await locateDataset(file, { refresh: a.flags.has("--refresh"), downloadTimeout: timeout });
      await out.line(`${file}\t${where}`);
    }
    return 0;
  }
  if (name === "screen") return screenCommand(args, { print: (line) => out.line(line), err });
  if (name === "help" || name === "--help") {
    err.write(`${USAGE}\n`);
    return 0;
  }
  throw new ParamError(`${name ? `unknown command "${name}"` : "no command given"}\n${USAGE}`);
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => (process.exitCode = code));
}

// The machinery of the bad-input table (test/bad-input-cases.ts, run by test/bad-input.test.ts):
// what a case is, the context it runs in (fresh folders, the tutorial's files, a failing
// download host, the command line in-process, a disk that fills up), edits that make bad files
// out of good ones, saved models and tiny trained networks to spoil, and folder snapshots that
// prove a failing case changed no file.
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Writable } from "stream";
import * as XLSX from "xlsx";
import { main as cliMain } from "../cli/matml";
import { BaseEstimator, saveModel } from "../lib/core";
import { DataOptions, PerovskiteFeaturizer, loadElementalProperties } from "../lib/data";
import { CnnClassifier } from "../lib/nn/cnn";
import { DenseRegressor } from "../lib/nn/dense";
import { ImageSet } from "../lib/nn/images";
import { latticeImages } from "../lib/nn/lattice-images";
import { projectRoot } from "../lib/paths";
import { testDataDir } from "./helpers";

/** What a case's action may resolve to when it does not throw: a command-line run. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Everything a case may use. Folders are fresh for every case and removed afterwards. */
export interface BadInputContext {
  /** A fresh folder: the case's own files (used as the user's MATML_DATA_DIR by `user`). Watched. */
  dir: string;
  /** A fresh download cache (does not exist until something creates it). Watched. */
  cache: string;
  /** The tutorial's files (read-only). Watched. */
  dataDir: string;
  /** Base URL of the failing loopback download host (see failing-host.ts). */
  host: string;
  /** Read from the user's folder `dir` only: { dataDir: dir, cacheDir: cache, download: false }. */
  userOpts: DataOptions;
  /** Read from the cache only: { dataDir: <a folder without files>, cacheDir: cache, download: false }. */
  cacheOpts: DataOptions;
  /** Download from the failing host in `mode` into `cache` (2 s deadline unless `extra` says otherwise). */
  net(mode: string, extra?: DataOptions): DataOptions;
  /** The bytes of one of the tutorial's files. */
  tutorial(name: string): Buffer;
  /** Writes `name` into the user's folder `dir` (from an edit of the tutorial's file) and copies the other tutorial files beside it. */
  user(name: string, content: Edit): string;
  /** Writes `name` into the cache (from an edit of the tutorial's file). */
  cached(name: string, content: Edit): string;
  /** Writes a scratch file into `dir`; returns its path. */
  file(name: string, content: string | Buffer): string;
  /** The tutorial's featurizer (loaded once). */
  featurizer(): Promise<PerovskiteFeaturizer>;
  /** Runs `matml ARGS` in-process; resolves to its exit code and output. */
  cli(...args: string[]): Promise<CliResult>;
  /** Runs `fn` with environment variables set (undefined: unset), restoring them afterwards. */
  env<T>(vars: Record<string, string | undefined>, fn: () => T | Promise<T>): Promise<T>;
  /** Runs `fn` while writing any file whose path ends with `suffix` fails (a disk that fills up: ENOSPC). */
  failWrites<T>(suffix: string, fn: () => T | Promise<T>): Promise<T>;
}

/** One row of the table. */
export interface BadInputCase {
  /** data, featurizer, candidates, cli, download, estimators, networks, ... */
  area: string;
  /** What is wrong, in a few words. */
  what: string;
  /** Prepares files (not watched); the snapshot is taken after it. */
  setup?: (c: BadInputContext) => unknown | Promise<unknown>;
  /** The action that must fail: throw, reject, or resolve to a CliResult with a non-zero code. */
  act: (c: BadInputContext) => unknown | Promise<unknown>;
  /** A fragment of the error message (or of the command's stderr). */
  expect: string | RegExp;
}

/** A case in one line: `bad("data", "what is wrong", (c) => action, "fragment")`. */
export function bad(area: string, what: string, act: BadInputCase["act"], expect: string | RegExp): BadInputCase {
  return { area, what, act, expect };
}

/** A case with a setup step: `badWith("data", "what", (c) => c.user(...), (c) => action, "fragment")`. */
export function badWith(area: string, what: string, setup: BadInputCase["setup"], act: BadInputCase["act"], expect: string | RegExp): BadInputCase {
  return { area, what, setup, act, expect };
}

/** A case acting on a file of your own, written into the case's folder first: `badFile("cli", "what", "x.csv", "text", (c, file) => c.cli("featurize", file), "fragment")`. */
export function badFile(area: string, what: string, name: string, content: string | Buffer, act: (c: BadInputContext, file: string) => unknown, expect: string | RegExp): BadInputCase {
  return { area, what, setup: (c) => c.file(name, content), act: (c) => act(c, path.join(c.dir, name)), expect };
}

// ---------------------------------------------------------------------------------------------
// Edits: how a bad file is made from a good one.

/** New file content: literal text or bytes, or a function of the tutorial file's text. */
export type Edit = string | Buffer | ((text: string) => string | Buffer);

const lines = (text: string) => text.split(/\r?\n/);

/** Sets the cell at 1-based file `line` in column `column` to `value`. */
export const setCell = (line: number, column: string, value: string) => (text: string) => {
  const ls = lines(text);
  const j = ls[0].split(",").indexOf(column);
  if (j < 0) throw new Error(`setCell: no column ${column}`);
  const cells = ls[line - 1].split(",");
  cells[j] = value;
  ls[line - 1] = cells.join(",");
  return ls.join("\n");
};

/** Renames a header column. */
export const renameColumn = (from: string, to: string) => (text: string) => {
  const ls = lines(text);
  ls[0] = ls[0].split(",").map((c) => (c === from ? to : c)).join(",");
  return ls.join("\n");
};

/** Removes a column from every line. */
export const dropColumn = (name: string) => (text: string) => {
  const ls = lines(text);
  const j = ls[0].split(",").indexOf(name);
  return ls.map((l) => l.split(",").filter((_, k) => k !== j).join(",")).join("\n");
};

/** Keeps the first `n` lines (header included). */
export const keepLines = (n: number) => (text: string) => lines(text).slice(0, n).join("\n") + "\n";

/** Keeps the first `bytes` bytes (cuts inside a line). */
export const keepBytes = (bytes: number) => (text: string) => Buffer.from(text).subarray(0, bytes);

/** Appends `extra` to 1-based file `line`. */
export const appendToLine = (line: number, extra: string) => (text: string) => {
  const ls = lines(text);
  ls[line - 1] += extra;
  return ls.join("\n");
};

/** Rewrites the first sheet of Elemental_properties.xlsx through `edit(rows)` (header row first). */
export const editSheet = (edit: (rows: unknown[][]) => void) => (): Buffer => {
  const wb = XLSX.read(fs.readFileSync(path.join(testDataDir(), "Elemental_properties.xlsx")), { type: "buffer" });
  const rows: unknown[][] = XLSX.utils.sheet_to_json(wb.Sheets[wb.SheetNames[0]], { header: 1, defval: null, blankrows: false });
  edit(rows);
  const out = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(out, XLSX.utils.aoa_to_sheet(rows), "Sheet1");
  return XLSX.write(out, { type: "buffer", bookType: "xlsx" });
};

/** The row of `symbol` in sheet rows. */
export const sheetRow = (rows: unknown[][], symbol: string) => rows.find((r) => r[0] === symbol)!;

/** A change to a file's bytes (for saved models and networks). */
export type ByteEdit = (bytes: Buffer) => string | Buffer;

/** The first half of a file (a copy cut short). */
export const firstHalf: ByteEdit = (bytes) => bytes.subarray(0, bytes.length >> 1);

/** The file minus its last `n` bytes. */
export const dropLastBytes = (n: number): ByteEdit => (bytes) => bytes.subarray(0, bytes.length - n);

/** Random bytes (seeded, so a failure repeats) of the same length as the file, or of `length`. */
export const randomBytes = (length?: number): ByteEdit => (bytes) => {
  let state = 0x9e3779b9;
  return Buffer.from(Array.from({ length: length ?? bytes.length }, () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return state & 0xff;
  }));
};

/** Rewrites `file` through `edit`. */
export function rewrite(file: string, edit: ByteEdit): void {
  fs.writeFileSync(file, edit(fs.readFileSync(file)));
}

/** A file of a saved model or network and how to spoil it: `["model.json", firstHalf]`. */
export type Spoil = [file: string, edit: ByteEdit];

/** Saves a fitted estimator as folder `name` in the case's folder (then spoils one file, if asked); returns the folder. */
export function savedModel(c: BadInputContext, name: string, model: BaseEstimator<object>, spoil?: Spoil): string {
  const dir = path.join(c.dir, name);
  saveModel(model, dir);
  if (spoil) rewrite(path.join(dir, spoil[0]), spoil[1]);
  return dir;
}

/** The rows of the tiny dense network: 12 rows, 2 features, y = x0 + x1. */
export const TINY_X: number[][] = Array.from({ length: 12 }, (_, i) => [i / 12, (i % 3) / 3]);
/** The targets of the tiny dense network. */
export const TINY_Y: number[] = TINY_X.map(([a, b]) => a + b);

/** Eight 16×16 lattice images (labels 0–4, 0–2 of the 5 lattice classes); a fresh copy each call, free to spoil. */
export function tinyImages(): ImageSet {
  return latticeImages({ count: 8, size: 16, seed: 1 });
}

const tinyNetworks: { dense?: Promise<DenseRegressor>; cnn?: Promise<CnnClassifier> } = {};

/** A tiny network trained once per run (1 epoch, well under a second): the dense regressor on TINY_X or the CNN on tinyImages(). */
export function tinyNetwork(kind: "dense"): Promise<DenseRegressor>;
export function tinyNetwork(kind: "cnn"): Promise<CnnClassifier>;
export function tinyNetwork(kind: "dense" | "cnn"): Promise<DenseRegressor | CnnClassifier> {
  if (kind === "dense") return (tinyNetworks.dense ??= new DenseRegressor({ hiddenLayers: [4], epochs: 1, validationSplit: 0, seed: 1 }).fit(TINY_X, TINY_Y, { live: "off" }));
  return (tinyNetworks.cnn ??= new CnnClassifier({ filters: [2], epochs: 1, batchSize: 8, validationSplit: 0, seed: 1 }).fit(tinyImages(), { live: "off" }));
}

/** Saves the tiny network of `kind` as folder `kind` in the case's folder (then spoils one file, if asked); returns the folder. */
export async function savedNetwork(c: BadInputContext, kind: "dense" | "cnn", spoil?: Spoil): Promise<string> {
  const dir = path.join(c.dir, kind);
  await (kind === "dense" ? tinyNetwork("dense") : tinyNetwork("cnn")).then((net) => net.save(dir));
  if (spoil) rewrite(path.join(dir, spoil[0]), spoil[1]);
  return dir;
}

/** A web page saved in place of a data file. */
export const HTML_PAGE = "<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body>Please sign in.</body></html>\n";

// ---------------------------------------------------------------------------------------------
// The context and snapshots.

let featurizerOnce: Promise<PerovskiteFeaturizer> | undefined;

function collector(): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(Buffer.from(chunk));
      done();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString("utf8") };
}

/** A fresh context for one case. */
export function makeContext(host: string): BadInputContext {
  const dataDir = testDataDir();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "matml-bad-"));
  const cache = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "matml-bad-cache-")), "cache");
  const apply = (name: string, content: Edit): string | Buffer =>
    typeof content === "function" ? content(fs.readFileSync(path.join(dataDir, name), "utf8")) : content;
  const write = (folder: string, name: string, content: Edit) => {
    fs.mkdirSync(folder, { recursive: true });
    const p = path.join(folder, name);
    fs.writeFileSync(p, apply(name, content));
    return p;
  };
  const c: BadInputContext = {
    dir,
    cache,
    dataDir,
    host,
    userOpts: { dataDir: dir, cacheDir: cache, download: false },
    cacheOpts: { dataDir: path.join(dir, "no-files-here"), cacheDir: cache, download: false },
    net: (mode, extra = {}) => ({ dataDir: path.join(dir, "no-files-here"), cacheDir: cache, baseUrl: `${host}/${mode}/`, downloadTimeout: 2, ...extra }),
    tutorial: (name) => fs.readFileSync(path.join(dataDir, name)),
    user: (name, content) => {
      for (const other of fs.readdirSync(dataDir)) {
        if (other !== name && !fs.existsSync(path.join(dir, other))) fs.copyFileSync(path.join(dataDir, other), path.join(dir, other));
      }
      return write(dir, name, content);
    },
    cached: (name, content) => write(cache, name, content),
    file: (name, content) => write(dir, name, content),
    featurizer: () => (featurizerOnce ??= loadElementalProperties({ dataDir, download: false }).then((t) => new PerovskiteFeaturizer(t))),
    cli: async (...args) => {
      const out = collector();
      const err = collector();
      const code = await cliMain(args, { stdout: out.stream, stderr: err.stream });
      return { code, stdout: out.text(), stderr: err.text() };
    },
    env: async (vars, fn) => {
      const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
      const set = (v: Record<string, string | undefined>) => {
        for (const [k, x] of Object.entries(v)) {
          if (x === undefined) delete process.env[k];
          else process.env[k] = x;
        }
      };
      set(vars);
      try {
        return await fn();
      } finally {
        set(saved);
      }
    },
    failWrites: async (suffix, fn) => {
      // On the fs module object itself, which the library reads at every call.
      const nodeFs: typeof fs = require("fs");
      const real = nodeFs.writeFileSync;
      nodeFs.writeFileSync = ((file: fs.PathOrFileDescriptor, ...rest: unknown[]) => {
        if (String(file).endsWith(suffix)) throw Object.assign(new Error("ENOSPC: no space left on device (simulated)"), { code: "ENOSPC" });
        return (real as (...a: unknown[]) => void)(file, ...rest);
      }) as typeof fs.writeFileSync;
      try {
        return await fn();
      } finally {
        nodeFs.writeFileSync = real;
      }
    },
  };
  return c;
}

/** Removes a context's folders. */
export function disposeContext(c: BadInputContext): void {
  fs.rmSync(c.dir, { recursive: true, force: true });
  fs.rmSync(path.dirname(c.cache), { recursive: true, force: true });
}

/** The project's data/ folder (pins, data card and the default cache): watched in every case. */
export const PROJECT_DATA = path.join(projectRoot, "data");

/** Every file and folder below `folders`: size, modification time and (for files up to 8 MB) SHA-256. */
export function snapshot(folders: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (p: string) => {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      out[p] = "folder";
      for (const e of fs.readdirSync(p)) walk(path.join(p, e));
    } else {
      const sha = st.size <= 8 << 20 ? crypto.createHash("sha256").update(fs.readFileSync(p)).digest("hex") : "";
      out[p] = `${st.size} bytes, modified ${st.mtimeMs}, ${sha}`;
    }
  };
  for (const f of folders) walk(f);
  return out;
}

/** The message a case produced: the error's, or stderr of a failing command; null when it succeeded. */
export async function outcome(act: () => unknown): Promise<string | null> {
  try {
    const r = await act();
    if (r && typeof r === "object" && "code" in r && "stderr" in r) {
      const run = r as CliResult;
      return run.code !== 0 ? run.stderr : null;
    }
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

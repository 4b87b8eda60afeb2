// The machinery of the bad-input table (test/bad-input-cases.ts, run by test/bad-input.test.ts):
// what a case is, the context it runs in (fresh folders, the tutorial's files, a failing
// download host, the command line in-process), edits that make bad files out of good ones, and
// folder snapshots that prove a failing case changed no file.
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Writable } from "stream";
import * as XLSX from "xlsx";
import { main as cliMain } from "../cli/matml";
import { DataOptions, PerovskiteFeaturizer, loadElementalProperties } from "../lib/data";
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

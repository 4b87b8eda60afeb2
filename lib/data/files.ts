// Finding the tutorial's three data files, the way the tutorial finds them (a download from its
// public repository) but cached and checked.
//
// Where a file is looked for, in order:
//   1. the folder in env MATML_DATA_DIR (or the dataDir option): the user's own folder. matml never
//      writes there; a file that cannot be read is an error that says the folder is the user's,
//      and a readable file that is not the pinned version is used with a warning. It may also name
//      a data bundle (bundle.ts), which is checked and unpacked once into <cache>/bundles/;
//   2. the git-ignored cache data/cache/ (or env MATML_CACHE_DIR; ~/.cache/matml in a read-only
//      install): only a file identical to its
//      pin in data/pins.json is used; anything else is an error naming the file and how to refresh;
//   3. a download into that cache (see download.ts), checked against the pin before it is renamed
//      into place, so a bad download is never cached.
import * as fs from "fs";
import * as path from "path";
import { DataError, ParamError, warnOnce } from "../core/errors";
import { dataCacheDir } from "../paths";
import { resolveDataDir } from "./bundle";
import { downloadDeadlineMs, downloadFile } from "./download";
import { DATASETS, DatasetName, datasetPins } from "./pins";
import { CheckMode, checkDataset } from "./verify";

export { DATASETS };
export type { DatasetName };

/** The tutorial's public repository. */
export const TUTORIAL_REPOSITORY = "https://github.com/mannodiarun/IMRC-2025-ML-Tutorial";
/** Raw files of the tutorial's repository, branch main (each file's own URL is in data/pins.json). */
export const TUTORIAL_RAW_URL = "https://raw.githubusercontent.com/mannodiarun/IMRC-2025-ML-Tutorial/main/";

/** Where the tutorial's files are looked for and how they may be downloaded. */
export interface DataOptions {
  /** A folder of your own to read first (default: env MATML_DATA_DIR). */
  dataDir?: string;
  /** The download cache (default: env MATML_CACHE_DIR or <project>/data/cache). */
  cacheDir?: string;
  /** Base URL to download from (default: env MATML_DATA_URL, else each file's URL in data/pins.json). */
  baseUrl?: string;
  /** Allow downloading when no local copy exists (default true). */
  download?: boolean;
  /** Download a fresh copy even when the cache has one (the cached file is replaced only by a good download). */
  refresh?: boolean;
  /** Overall download deadline in seconds (default: env MATML_DOWNLOAD_TIMEOUT, else 300). */
  downloadTimeout?: number;
}

/**
 * The download cache folder: env MATML_CACHE_DIR, else <project>/data/cache, else (a read-only
 * install) a per-user folder, ~/.cache/matml (see lib/paths.ts).
 */
export function defaultCacheDir(): string {
  return dataCacheDir();
}

/** How to get a good copy again, for error messages. */
function refreshHint(name: DatasetName, file: string): string {
  return `Refresh it with \`npx matml data --refresh\` (or locateDataset("${name}", { refresh: true })), or delete ${file} and run again to download it anew.`;
}

// Checking a file hashes it (and, when it differs from its pin, parses it); remember the answer
// for a file that has not changed since.
const checked = new Map<string, string>();

function checkFile(name: DatasetName, file: string, mode: CheckMode): ReturnType<typeof checkDataset> {
  const st = fs.statSync(file);
  const key = `${mode}|${file}|${st.size}|${st.mtimeMs}`;
  const memo = checked.get(key);
  if (memo !== undefined) return JSON.parse(memo);
  const result = checkDataset(name, fs.readFileSync(file), mode);
  checked.set(key, JSON.stringify(result));
  return result;
}

function downloadUrl(name: DatasetName, options: DataOptions): string {
  const base = options.baseUrl ?? process.env.MATML_DATA_URL;
  return base ? base.replace(/\/?$/, "/") + name : datasetPins()[name].url;
}

function deadlineMs(options: DataOptions): number {
  if (options.downloadTimeout === undefined) return downloadDeadlineMs();
  if (typeof options.downloadTimeout !== "number" || !(options.downloadTimeout > 0) || !Number.isFinite(options.downloadTimeout)) {
    throw new ParamError(`locateDataset: downloadTimeout must be a number of seconds > 0, got ${JSON.stringify(options.downloadTimeout)}`);
  }
  return options.downloadTimeout * 1000;
}

/** Finds (or downloads) a dataset, checks it, and returns its path. */
export async function locateDataset(name: DatasetName, options: DataOptions = {}): Promise<string> {
  if (!DATASETS.includes(name)) throw new ParamError(`locateDataset: unknown dataset ${JSON.stringify(name)} (one of ${DATASETS.join(", ")})`);
  const given = options.dataDir ?? process.env.MATML_DATA_DIR;
  const dataDir = given ? resolveDataDir(given) : undefined; // a folder, or a data bundle unpacked once (bundle.ts)
  if (dataDir) {
    const p = path.resolve(dataDir, name);
    if (fs.existsSync(p)) {
      const { problem, matchesPin } = checkFile(name, p, "structure");
      const folder = `your data folder ${path.resolve(dataDir)}${options.dataDir ? "" : " (MATML_DATA_DIR)"}`;
      if (problem) {
        throw new DataError(
          `${name} in ${folder} cannot be used: ${problem}. That folder is yours (matml never writes to it): ` +
            `replace the file with the tutorial's (${datasetPins()[name].url}), or unset MATML_DATA_DIR to use the download cache.`,
        );
      }
      if (!matchesPin) warnOnce(`${name} in ${folder} is not the tutorial's published file (its SHA-256 differs from data/pins.json); using it as your own data.`);
      return p;
    }
  }
  const cache = options.cacheDir ?? defaultCacheDir();
  const cached = path.join(cache, name);
  if (fs.existsSync(cached) && !options.refresh) {
    const { problem } = checkFile(name, cached, "pinned");
    if (problem) {
      throw new DataError(`${name} in the download cache (${cached}) is not the tutorial's file and was not used: ${problem}. ${refreshHint(name, cached)}`);
    }
    return cached;
  }
  const url = downloadUrl(name, options);
  const where = dataDir ? `${path.resolve(dataDir)} or ${cache}` : cache;
  if (options.download === false) {
    throw new DataError(`${name} was not found in ${where}, and downloading is switched off. Download it from ${url} and put it in ${cache}.`);
  }
  const validate = (tmp: string) => {
    const { problem } = checkDataset(name, fs.readFileSync(tmp), "pinned");
    if (problem) throw new Error(`the downloaded file is not the tutorial's ${name}: ${problem}`);
  };
  try {
    return await downloadFile(url, cached, { deadlineMs: deadlineMs(options), validate });
  } catch (e) {
    if (e instanceof ParamError) throw e;
    const lead = fs.existsSync(cached)
      ? `Refreshing ${name}: downloading it from ${url} failed (${(e as Error).message}). The cached copy ${cached} was left as it was.`
      : `${name} was not found in ${where}, and downloading it from ${url} failed (${(e as Error).message}).`;
    throw new DataError(`${lead} If you are offline, copy ${name} into ${cache} or set MATML_DATA_DIR to a folder that holds it.`);
  }
}

/** Where one of the tutorial's files was found, and whether it is the published file. */
export interface DatasetStatus {
  /** The file's name. */
  file: DatasetName;
  /** Where it was found (or downloaded to). */
  path: string;
  /** "your data" (MATML_DATA_DIR or the dataDir option) or "download cache". */
  source: "your data" | "download cache";
  /** Data rows of the published file, from data/pins.json. */
  rows: number;
  /** SHA-256 of the published file, from data/pins.json. */
  sha256: string;
  /** True when the bytes found are exactly the published file (same SHA-256). */
  isPublishedFile: boolean;
}

/**
 * Finds (or downloads) the three files as locateDataset does and says for each where it is and
 * whether it is the published file, checked against data/pins.json (what `npx matml data` looks
 * up, as a table for a notebook). A file that cannot be used is an error, as in locateDataset.
 */
export async function describeDatasets(options: DataOptions = {}): Promise<DatasetStatus[]> {
  const cache = path.resolve(options.cacheDir ?? defaultCacheDir());
  const out: DatasetStatus[] = [];
  for (const file of DATASETS) {
    const found = await locateDataset(file, options);
    const pin = datasetPins()[file];
    const source = path.dirname(path.resolve(found)) === cache ? "download cache" : "your data";
    out.push({ file, path: found, source, rows: pin.rows, sha256: pin.sha256, isPublishedFile: checkFile(file, found, "pinned").matchesPin });
  }
  return out;
}

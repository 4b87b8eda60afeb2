// Downloads a file into the cache atomically: the bytes go to a temporary ".part" file beside the
// target, which is checked (`validate`) and only then renamed over the target. A failed, partial,
// stalled, slow or wrong download therefore never replaces a good cached file and leaves nothing
// behind: not the .part file, and not a cache folder created for it.
//
// Every download ends: it fails when no byte arrives for `stallMs`, and when the whole transfer
// (redirects included) takes longer than the overall deadline `deadlineMs` (default: env
// MATML_DOWNLOAD_TIMEOUT seconds, else 300 s), so a server that trickles a byte every few seconds
// cannot hang a notebook.
import * as fs from "fs";
import * as http from "http";
import * as https from "https";
import * as path from "path";
import { ParamError } from "../core/errors";
import { declareParams, resolveParams } from "../core/params";
import { func, int, nullable, number } from "../core/rules";

/** Options of downloadFile (validated: an unknown name is an error that suggests the nearest). */
export interface DownloadOptions {
  /** Overall deadline in milliseconds (default null: env MATML_DOWNLOAD_TIMEOUT seconds, else 300 s). */
  deadlineMs?: number | null;
  /** Give up when no data arrives for this many milliseconds (default 30 s). */
  stallMs?: number;
  /** Redirects to follow (default 5). */
  maxRedirects?: number;
  /** Called with the complete temporary file before it is renamed into place; throw to reject it. */
  validate?: ((tmpFile: string) => void | Promise<void>) | null;
}

const DOWNLOAD_PARAMS = declareParams<DownloadOptions>({
  deadlineMs: { default: null, rule: nullable(number({ min: 0, minExclusive: true })), doc: "Overall deadline (ms); null: MATML_DOWNLOAD_TIMEOUT seconds, else 300 s." },
  stallMs: { default: 30_000, rule: number({ min: 0, minExclusive: true }), doc: "Fail when no data arrives for this long (ms)." },
  maxRedirects: { default: 5, rule: int({ min: 0 }), doc: "Redirects to follow." },
  validate: { default: null, rule: nullable(func()), doc: "Check of the complete temporary file before the rename." },
});

/** The overall download deadline when none is given: 300 s. */
export const DEFAULT_DOWNLOAD_DEADLINE_MS = 300_000;

/** The overall deadline in ms: env MATML_DOWNLOAD_TIMEOUT (seconds) if set, else 300 s. */
export function downloadDeadlineMs(): number {
  const raw = process.env.MATML_DOWNLOAD_TIMEOUT;
  if (raw === undefined || raw.trim() === "") return DEFAULT_DOWNLOAD_DEADLINE_MS;
  const seconds = /^\s*\d+(\.\d+)?\s*$/.test(raw) ? Number(raw) : NaN;
  if (!(seconds > 0)) throw new ParamError(`MATML_DOWNLOAD_TIMEOUT must be a number of seconds > 0, got ${JSON.stringify(raw)}`);
  return seconds * 1000;
}

function seconds(ms: number): string {
  return `${+(ms / 1000).toFixed(3)} s`;
}

function get(url: string, stallMs: number, signal: AbortSignal): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const client = url.startsWith("https:") ? https : url.startsWith("http:") ? http : null;
    if (!client) return reject(new Error(`unsupported URL ${url} (only http and https)`));
    if (signal.aborted) return reject(signal.reason);
    const req = client.get(url, { headers: { "user-agent": "matml" }, signal }, resolve);
    req.setTimeout(stallMs, () => req.destroy(new Error(`no response from ${url} within ${seconds(stallMs)}`)));
    req.on("error", (e) => reject(signal.aborted ? signal.reason : e));
  });
}

/** Streams a 200 response into `tmp`; resolves once the file is closed and the body was complete. */
function saveBody(res: http.IncomingMessage, tmp: string, url: string, stallMs: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const expected = res.headers["content-length"] !== undefined ? Number(res.headers["content-length"]) : undefined;
    const out = fs.createWriteStream(tmp);
    let received = 0;
    let failure: Error | null = null;
    const fail = (e: Error) => {
      if (failure) return;
      failure = e;
      res.destroy();
      out.destroy();
    };
    const onAbort = () => fail(signal.reason as Error);
    signal.addEventListener("abort", onAbort, { once: true });
    out.on("close", () => {
      signal.removeEventListener("abort", onAbort);
      if (failure) reject(failure);
      else resolve();
    });
    res.setTimeout(stallMs, () => fail(new Error(`the download of ${url} stalled: no data for ${seconds(stallMs)} (after ${received} bytes)`)));
    res.on("data", (chunk: Buffer) => (received += chunk.length));
    res.on("aborted", () => fail(new Error(`the connection closed while downloading ${url} (after ${received} bytes)`)));
    res.on("error", (e) => fail(new Error(`the connection failed while downloading ${url} (after ${received} bytes): ${e.message}`)));
    out.on("error", (e) => fail(new Error(`cannot write ${tmp}: ${e.message}`)));
    out.on("finish", () => {
      if (!res.complete) fail(new Error(`the connection closed while downloading ${url} (after ${received} bytes)`));
      else if (expected !== undefined && received !== expected) fail(new Error(`incomplete download of ${url}: got ${received} of ${expected} bytes`));
      else if (received === 0) fail(new Error(`empty download from ${url}`));
    });
    res.pipe(out);
  });
}

async function transfer(url: string, tmp: string, o: { stallMs: number; maxRedirects: number }, signal: AbortSignal): Promise<void> {
  let current = url;
  for (let hop = 0; ; hop++) {
    const res = await get(current, o.stallMs, signal);
    const status = res.statusCode ?? 0;
    if (status >= 300 && status < 400 && res.headers.location) {
      res.resume();
      if (hop >= o.maxRedirects) {
        throw new Error(`more than ${o.maxRedirects} redirects downloading ${url} (the last one to ${res.headers.location}): a redirect loop?`);
      }
      current = new URL(res.headers.location, current).toString();
      continue;
    }
    if (status !== 200) {
      res.resume();
      throw new Error(`HTTP ${status}${res.statusMessage ? ` ${res.statusMessage}` : ""} from ${current}`);
    }
    return saveBody(res, tmp, current, o.stallMs, signal);
  }
}

/** Removes the folders from `dir` up to `top` (inclusive) that this download created, if empty. */
function removeCreatedFolders(dir: string, top: string): void {
  for (let d = dir; d.length >= top.length; d = path.dirname(d)) {
    try {
      fs.rmdirSync(d);
    } catch {
      return; // not empty (someone else's files) or already gone
    }
    if (d === top) return;
  }
}

/**
 * Downloads `url` to `dest`. Resolves to `dest` once the whole body arrived, matched any announced
 * length and passed `validate`; otherwise rejects, and `dest` is exactly as it was before.
 */
export async function downloadFile(url: string, dest: string, options: DownloadOptions = {}): Promise<string> {
  const o = resolveParams("downloadFile", DOWNLOAD_PARAMS, options);
  const deadlineMs = o.deadlineMs ?? downloadDeadlineMs();
  const dir = path.dirname(path.resolve(dest));
  const created = fs.mkdirSync(dir, { recursive: true });
  const tmp = `${dest}.${process.pid}.${Date.now()}.part`;
  const controller = new AbortController();
  const timer = setTimeout(() => {
    controller.abort(
      new Error(`the download of ${url} did not finish within ${seconds(deadlineMs)} (the overall deadline; raise it with MATML_DOWNLOAD_TIMEOUT=<seconds> or the timeout option)`),
    );
  }, deadlineMs);
  const work = transfer(url, tmp, o, controller.signal);
  try {
    await work;
    clearTimeout(timer);
    if (o.validate) await o.validate(tmp);
    fs.renameSync(tmp, dest);
    return dest;
  } catch (e) {
    controller.abort(e);
    await work.catch(() => undefined); // the .part stream is closed before it is removed
    fs.rmSync(tmp, { force: true });
    if (created) removeCreatedFolders(dir, created);
    throw e;
  } finally {
    clearTimeout(timer);
  }
}

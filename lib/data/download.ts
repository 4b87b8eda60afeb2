// Downloads a file into the cache atomically: the bytes go to a temporary file beside the
// target, which is renamed over the target only once the whole body arrived (and matched the
// announced length). A failed or partial download therefore never replaces a good cached file.
import * as fs from "fs";
import * as http from "http";
import * as https from "https";
import * as path from "path";

export interface DownloadOptions {
  /** Give up after this many milliseconds without progress (default 30 s). */
  timeoutMs?: number;
  /** Redirects to follow (default 5). */
  maxRedirects?: number;
}

function get(url: string, timeoutMs: number): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const client = url.startsWith("https:") ? https : url.startsWith("http:") ? http : null;
    if (!client) return reject(new Error(`unsupported URL ${url}`));
    const req = client.get(url, { headers: { "user-agent": "matml" } }, resolve);
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no response from ${url} within ${timeoutMs} ms`)));
    req.on("error", reject);
  });
}

/** Downloads `url` to `dest` (creating its folder). Resolves to `dest`. */
export async function downloadFile(url: string, dest: string, options: DownloadOptions = {}): Promise<string> {
  const { timeoutMs = 30_000, maxRedirects = 5 } = options;
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  let current = url;
  for (let hop = 0; ; hop++) {
    const res = await get(current, timeoutMs);
    const status = res.statusCode ?? 0;
    if (status >= 300 && status < 400 && res.headers.location) {
      res.resume();
      if (hop >= maxRedirects) throw new Error(`too many redirects downloading ${url}`);
      current = new URL(res.headers.location, current).toString();
      continue;
    }
    if (status !== 200) {
      res.resume();
      throw new Error(`HTTP ${status} downloading ${current}`);
    }
    const expected = res.headers["content-length"] ? Number(res.headers["content-length"]) : undefined;
    const tmp = `${dest}.${process.pid}.${Date.now()}.part`;
    try {
      await new Promise<void>((resolve, reject) => {
        const out = fs.createWriteStream(tmp);
        let received = 0;
        res.setTimeout(timeoutMs, () => res.destroy(new Error(`download of ${current} stalled for ${timeoutMs} ms`)));
        res.on("data", (chunk: Buffer) => (received += chunk.length));
        res.on("error", reject);
        res.on("aborted", () => reject(new Error(`connection closed while downloading ${current}`)));
        out.on("error", reject);
        out.on("finish", () => {
          if (expected !== undefined && received !== expected) {
            reject(new Error(`incomplete download of ${current}: got ${received} of ${expected} bytes`));
          } else if (received === 0) {
            reject(new Error(`empty download from ${current}`));
          } else resolve();
        });
        res.pipe(out);
      });
      fs.renameSync(tmp, dest);
      return dest;
    } catch (e) {
      fs.rmSync(tmp, { force: true });
      throw e;
    }
  }
}

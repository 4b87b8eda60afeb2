// An offline data bundle: the tutorial's data files packed into one archive that a teacher
// copies to every machine of a classroom without internet.
//
// Format: a plain POSIX tar (ustar), gzip-compressed when the file name ends in .gz, written
// and read by the code below with nothing but Node. It holds, flat (no folders):
//   SHA256SUMS                  one line per data file, "<sha256 hex>  <name>" (sha256sum's format)
//   DFT_data.csv, Outside.csv, Elemental_properties.xlsx
// so `tar -xf data.tar && sha256sum -c SHA256SUMS` checks it without matml too.
//
//   matml data --bundle FILE             packs the files found by locateDataset
//   matml data --unbundle FILE [--to D]  checks every checksum, then writes the files to D
//   MATML_DATA_DIR=FILE                  uses a bundle in place: it is unpacked (checked) once
//                                        into the cache, under bundles/<hash of the bundle>/
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";
import { dataCacheDir } from "../paths";

/** Name of the checksum list inside a bundle. */
export const BUNDLE_SUMS = "SHA256SUMS";

const BLOCK = 512;
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** One file of a bundle. */
export interface BundleEntry {
  name: string;
  data: Buffer;
}

/** SHA-256 of a buffer, lowercase hex. */
function sha256(data: Buffer): string {
  return crypto.createHash("sha256").update(data).digest("hex");
}

function checkName(name: string, where: string): void {
  if (!SAFE_NAME.test(name) || name.length > 99) {
    throw new Error(`${where}: "${name}" is not a plain file name (a bundle holds files only, no folders or paths)`);
  }
}

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, "0") + "\0";
}

/** A ustar header block for a regular file. */
function tarHeader(name: string, size: number, mtime: number): Buffer {
  const h = Buffer.alloc(BLOCK, 0);
  h.write(name, 0, 100, "utf8");
  h.write(octal(0o644, 8), 100, "ascii");
  h.write(octal(0, 8), 108, "ascii");
  h.write(octal(0, 8), 116, "ascii");
  h.write(octal(size, 12), 124, "ascii");
  h.write(octal(mtime, 12), 136, "ascii");
  h.write("        ", 148, "ascii"); // checksum field counts as spaces while summing
  h.write("0", 156, "ascii");
  h.write("ustar\0", 257, "ascii");
  h.write("00", 263, "ascii");
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, "0") + "\0 ", 148, "ascii");
  return h;
}

/** Packs entries into a tar archive (deterministic: fixed modes and owners, mtime as given). */
export function writeTar(entries: BundleEntry[], mtime = 0): Buffer {
  const parts: Buffer[] = [];
  const seen = new Set<string>();
  for (const { name, data } of entries) {
    checkName(name, "writeTar");
    if (seen.has(name)) throw new Error(`writeTar: "${name}" appears twice`);
    seen.add(name);
    parts.push(tarHeader(name, data.length, mtime), data, Buffer.alloc((BLOCK - (data.length % BLOCK)) % BLOCK, 0));
  }
  parts.push(Buffer.alloc(2 * BLOCK, 0));
  return Buffer.concat(parts);
}

function readOctal(h: Buffer, offset: number, width: number): number {
  const text = h.toString("ascii", offset, offset + width).replace(/[\0 ]+$/g, "").trim();
  if (!/^[0-7]+$/.test(text)) throw new Error(`bad number field "${text}"`);
  return parseInt(text, 8);
}

/** Reads the regular files of a tar archive; anything else (folders, links) is an error. */
export function readTar(archive: Buffer, where = "archive"): BundleEntry[] {
  const entries: BundleEntry[] = [];
  let offset = 0;
  for (;;) {
    if (offset + BLOCK > archive.length) throw new Error(`${where}: truncated (no end-of-archive marker)`);
    const h = archive.subarray(offset, offset + BLOCK);
    if (h.every((b) => b === 0)) return entries;
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h[i];
    let stored: number;
    let size: number;
    try {
      stored = readOctal(h, 148, 8);
      size = readOctal(h, 124, 12);
    } catch (e) {
      throw new Error(`${where}: header at byte ${offset} is damaged (${(e as Error).message})`);
    }
    if (stored !== sum) throw new Error(`${where}: header at byte ${offset} is damaged (checksum ${stored} != ${sum})`);
    // Archives made with `tar -cf data.tar -C folder .` name files "./x" and hold a "./" folder.
    const name = h.toString("utf8", 0, 100).replace(/\0.*$/s, "").replace(/^\.\//, "");
    const type = String.fromCharCode(h[156] || 48);
    if (type === "5" && (name === "" || name === ".")) {
      offset += BLOCK;
      continue;
    }
    if (type !== "0") throw new Error(`${where}: "${name}" is not a regular file (tar type "${type}"); a data bundle holds files only`);
    checkName(name, where);
    const start = offset + BLOCK;
    if (start + size > archive.length) throw new Error(`${where}: "${name}" is truncated (${archive.length - start} of ${size} bytes)`);
    entries.push({ name, data: Buffer.from(archive.subarray(start, start + size)) });
    offset = start + Math.ceil(size / BLOCK) * BLOCK;
  }
}

/** The SHA256SUMS text for the given files, sorted by name. */
export function checksumList(entries: BundleEntry[]): string {
  return [...entries]
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((e) => `${sha256(e.data)}  ${e.name}\n`)
    .join("");
}

function parseChecksums(text: string, where: string): Map<string, string> {
  const sums = new Map<string, string>();
  text.split("\n").forEach((line, i) => {
    if (!line.trim()) return;
    const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
    if (!m) throw new Error(`${where}: ${BUNDLE_SUMS} line ${i + 1} is not "<sha256>  <name>": ${JSON.stringify(line)}`);
    sums.set(m[2], m[1]);
  });
  return sums;
}

/**
 * Packs data files (paths) into a bundle at `file` (gzip when it ends in .gz). The file is written
 * to a temporary name first and renamed when complete. Returns the checksum of each file.
 */
export function writeBundle(file: string, files: string[]): Record<string, string> {
  if (!files.length) throw new Error("writeBundle: no files to pack");
  const entries = files.map((f) => ({ name: path.basename(f), data: fs.readFileSync(f) }));
  for (const e of entries) {
    checkName(e.name, "writeBundle");
    if (e.name === BUNDLE_SUMS) throw new Error(`writeBundle: a data file may not be called ${BUNDLE_SUMS}`);
  }
  const sums = checksumList(entries);
  const mtime = Math.floor(Math.max(...files.map((f) => fs.statSync(f).mtimeMs)) / 1000);
  let archive = writeTar([{ name: BUNDLE_SUMS, data: Buffer.from(sums) }, ...entries], mtime);
  if (file.endsWith(".gz")) archive = zlib.gzipSync(archive, { level: 9 });
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.${process.pid}.part`;
  fs.writeFileSync(tmp, archive);
  fs.renameSync(tmp, file);
  return Object.fromEntries(entries.map((e) => [e.name, sha256(e.data)]));
}

/**
 * Reads a bundle and checks it: it must hold SHA256SUMS, every file it lists, nothing else, and
 * every file must match its checksum. The error names the file that does not.
 */
export function readBundle(file: string): BundleEntry[] {
  let raw: Buffer;
  try {
    raw = fs.readFileSync(file);
  } catch (e) {
    throw new Error(`cannot read the data bundle ${file}: ${(e as Error).message}`);
  }
  if (raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      raw = zlib.gunzipSync(raw);
    } catch (e) {
      throw new Error(`${file}: damaged gzip data (${(e as Error).message})`);
    }
  }
  const entries = readTar(raw, file);
  const sumsEntry = entries.find((e) => e.name === BUNDLE_SUMS);
  if (!sumsEntry) throw new Error(`${file} is not a matml data bundle: it has no ${BUNDLE_SUMS} (made by \`matml data --bundle\`)`);
  const sums = parseChecksums(sumsEntry.data.toString("utf8"), file);
  const data = entries.filter((e) => e !== sumsEntry);
  for (const e of data) {
    const expected = sums.get(e.name);
    if (!expected) throw new Error(`${file}: ${e.name} is not listed in ${BUNDLE_SUMS}`);
    const actual = sha256(e.data);
    if (actual !== expected) {
      throw new Error(`${file}: ${e.name} does not match its checksum (sha256 ${actual}, expected ${expected}); copy the bundle again`);
    }
  }
  const missing = [...sums.keys()].filter((n) => !data.some((e) => e.name === n));
  if (missing.length) throw new Error(`${file}: ${missing.join(", ")} listed in ${BUNDLE_SUMS} but missing`);
  return data;
}

/**
 * Unpacks a checked bundle into `dir` (created if needed); each file is written to a temporary
 * name and renamed, and nothing is written unless every checksum matched. Returns the file names.
 */
export function unpackBundle(file: string, dir: string): string[] {
  const entries = readBundle(file);
  fs.mkdirSync(dir, { recursive: true });
  for (const e of entries) {
    const dest = path.join(dir, e.name);
    const tmp = `${dest}.${process.pid}.part`;
    fs.writeFileSync(tmp, e.data);
    fs.renameSync(tmp, dest);
  }
  fs.writeFileSync(path.join(dir, BUNDLE_SUMS), checksumList(entries));
  return entries.map((e) => e.name);
}

/**
 * The data folder to read from for a MATML_DATA_DIR value: a folder is returned as it is; a
 * bundle file is unpacked (checked) once into <cache>/bundles/<first 16 hex of its sha256>/ and
 * that folder is returned.
 */
export function resolveDataDir(dataDir: string): string {
  const resolved = path.resolve(dataDir);
  if (!fs.existsSync(resolved) || fs.statSync(resolved).isDirectory()) return resolved;
  const target = path.join(dataCacheDir(), "bundles", sha256(fs.readFileSync(resolved)).slice(0, 16));
  if (!fs.existsSync(path.join(target, BUNDLE_SUMS))) {
    const tmp = `${target}.${process.pid}.part`;
    fs.rmSync(tmp, { recursive: true, force: true });
    unpackBundle(resolved, tmp);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    try {
      fs.renameSync(tmp, target);
    } catch (e) {
      fs.rmSync(tmp, { recursive: true, force: true });
      // Another process unpacked the same bundle first: use its copy.
      if (!fs.existsSync(path.join(target, BUNDLE_SUMS))) throw e;
    }
  }
  return target;
}

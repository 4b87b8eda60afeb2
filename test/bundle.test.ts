// The offline data bundle (lib/data/bundle.ts, `matml data --bundle/--unbundle`): round trips
// byte for byte, is a tar that GNU tar and sha256sum accept (and reads GNU tar's), refuses damaged
// or foreign archives with an error naming the file, and works in place as MATML_DATA_DIR.
import { test } from "node:test";
import * as assert from "assert";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as zlib from "zlib";
import { spawnSync } from "child_process";
import { Writable } from "stream";
import { testDataDir } from "./helpers";
import { BUNDLE_SUMS, readBundle, readTar, resolveDataDir, unpackBundle, writeBundle, writeTar } from "../lib/data/bundle";
import { DATASETS, loadDFT } from "../lib/data/datasets";
import { main } from "../cli/matml";

const DATA = testDataDir();
const FILES = DATASETS.map((n) => path.join(DATA, n));
const sha = (b: Buffer) => crypto.createHash("sha256").update(b).digest("hex");

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "matml-bundle-"));
}

/** Runs `fn` with environment variables set, restoring them afterwards. */
async function withEnv<T>(vars: Record<string, string | undefined>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  for (const [k, v] of Object.entries(vars)) v === undefined ? delete process.env[k] : (process.env[k] = v);
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) v === undefined ? delete process.env[k] : (process.env[k] = v);
  }
}

test("writeTar/readTar round trip, with sizes on and off the 512-byte block", () => {
  const entries = [0, 1, 511, 512, 513, 5000].map((n, i) => ({ name: `f${i}.bin`, data: crypto.randomBytes(n) }));
  const archive = writeTar(entries);
  assert.strictEqual(archive.length % 512, 0);
  const back = readTar(archive);
  assert.deepStrictEqual(back.map((e) => e.name), entries.map((e) => e.name));
  back.forEach((e, i) => assert.ok(e.data.equals(entries[i].data), e.name));
});

test("bundle round trip: every data file comes back byte for byte, plain and gzip", () => {
  const dir = tmpDir();
  for (const name of ["data.tar", "data.tar.gz"]) {
    const file = path.join(dir, name);
    const sums = writeBundle(file, FILES);
    for (const f of FILES) assert.strictEqual(sums[path.basename(f)], sha(fs.readFileSync(f)));
    const out = path.join(dir, `unpacked-${name}`);
    const names = unpackBundle(file, out);
    assert.deepStrictEqual([...names].sort(), [...DATASETS].sort());
    for (const f of FILES) assert.ok(fs.readFileSync(path.join(out, path.basename(f))).equals(fs.readFileSync(f)), `${name}: ${f}`);
    assert.ok(fs.existsSync(path.join(out, BUNDLE_SUMS)));
  }
  const plain = fs.statSync(path.join(dir, "data.tar")).size;
  const gz = fs.statSync(path.join(dir, "data.tar.gz")).size;
  assert.ok(gz < plain / 3, `gzip bundle ${gz} bytes vs ${plain}`);
  fs.rmSync(dir, { recursive: true, force: true });
});

test("a bundle is an ordinary tar: GNU tar lists and extracts it, sha256sum -c accepts it, and tar's own archives read back", () => {
  const dir = tmpDir();
  const file = path.join(dir, "data.tar");
  writeBundle(file, FILES);
  const list = spawnSync("tar", ["-tf", file], { encoding: "utf8" });
  assert.strictEqual(list.status, 0, list.stderr);
  assert.deepStrictEqual(list.stdout.trim().split("\n").sort(), [BUNDLE_SUMS, ...DATASETS].sort());
  const x = path.join(dir, "x");
  fs.mkdirSync(x);
  assert.strictEqual(spawnSync("tar", ["-xf", file, "-C", x]).status, 0);
  const check = spawnSync("sha256sum", ["-c", BUNDLE_SUMS], { cwd: x, encoding: "utf8" });
  assert.strictEqual(check.status, 0, check.stdout + check.stderr);
  // A teacher's own `tar -czf` of an unpacked bundle ("./" entries) is accepted too.
  const own = path.join(dir, "own.tar.gz");
  assert.strictEqual(spawnSync("tar", ["-czf", own, "-C", x, "."]).status, 0);
  assert.deepStrictEqual(readBundle(own).map((e) => e.name).sort(), [...DATASETS].sort());
  fs.rmSync(dir, { recursive: true, force: true });
});

test("a damaged bundle is refused, naming the file, and nothing is unpacked", () => {
  const dir = tmpDir();
  const file = path.join(dir, "data.tar");
  writeBundle(file, FILES);
  const raw = fs.readFileSync(file);
  // Flip one byte inside DFT_data.csv's contents (its header follows SHA256SUMS' two blocks).
  const at = raw.indexOf(Buffer.from("Formula"));
  assert.ok(at > 0);
  raw[at] ^= 0x20;
  const bad = path.join(dir, "bad.tar");
  fs.writeFileSync(bad, raw);
  const out = path.join(dir, "out");
  assert.throws(() => unpackBundle(bad, out), /DFT_data\.csv does not match its checksum/);
  assert.ok(!fs.existsSync(out), "nothing may be written from a damaged bundle");

  const truncated = path.join(dir, "short.tar");
  fs.writeFileSync(truncated, fs.readFileSync(file).subarray(0, 4096));
  assert.throws(() => readBundle(truncated), /truncated/);

  const gz = path.join(dir, "bad.tar.gz");
  fs.writeFileSync(gz, Buffer.concat([zlib.gzipSync(fs.readFileSync(file)).subarray(0, 200)]));
  assert.throws(() => readBundle(gz), /damaged gzip data/);
  fs.rmSync(dir, { recursive: true, force: true });
});

test("archives that are not matml bundles, or hold paths, are refused", () => {
  const dir = tmpDir();
  const noSums = path.join(dir, "plain.tar");
  fs.writeFileSync(noSums, writeTar([{ name: "DFT_data.csv", data: Buffer.from("x") }]));
  assert.throws(() => readBundle(noSums), /not a matml data bundle: it has no SHA256SUMS/);

  const unlisted = path.join(dir, "unlisted.tar");
  fs.writeFileSync(unlisted, writeTar([{ name: BUNDLE_SUMS, data: Buffer.from("") }, { name: "extra.csv", data: Buffer.from("x") }]));
  assert.throws(() => readBundle(unlisted), /extra\.csv is not listed in SHA256SUMS/);

  const missing = path.join(dir, "missing.tar");
  fs.writeFileSync(missing, writeTar([{ name: BUNDLE_SUMS, data: Buffer.from(`${"0".repeat(64)}  Outside.csv\n`) }]));
  assert.throws(() => readBundle(missing), /Outside\.csv listed in SHA256SUMS but missing/);

  assert.throws(() => writeTar([{ name: "../evil", data: Buffer.from("x") }]), /not a plain file name/);
  // A hand-made archive holding a path is refused on reading as well.
  const evil = writeTar([{ name: "evil", data: Buffer.from("x") }]);
  evil.write("../evil\0", 0, "utf8");
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : evil[i];
  evil.write(sum.toString(8).padStart(6, "0") + "\0 ", 148, "ascii");
  assert.throws(() => readTar(evil), /"\.\.\/evil" is not a plain file name/);
  fs.rmSync(dir, { recursive: true, force: true });
});

test("MATML_DATA_DIR may name a bundle file: it is unpacked once into the cache and the data loads from there", async () => {
  const dir = tmpDir();
  const file = path.join(dir, "data.tar.gz");
  writeBundle(file, FILES);
  const cache = path.join(dir, "cache");
  await withEnv({ MATML_DATA_DIR: file, MATML_CACHE_DIR: cache, MATML_DATA_URL: "http://127.0.0.1:9/" }, async () => {
    const folder = resolveDataDir(file);
    assert.ok(folder.startsWith(path.join(cache, "bundles")), folder);
    const dft = await loadDFT();
    assert.strictEqual(dft.shape[0], 512);
    assert.strictEqual(resolveDataDir(file), folder, "the same bundle maps to the same folder");
  });
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Runs the command line with its output kept: { code, stdout, stderr }. */
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const text = { stdout: "", stderr: "" };
  const stream = (k: "stdout" | "stderr") =>
    new Writable({
      write(chunk, _enc, done) {
        text[k] += String(chunk);
        done();
      },
    });
  const code = await main(args, { stdout: stream("stdout"), stderr: stream("stderr") });
  return { code, ...text };
}

test("matml data --bundle / --unbundle round trip through the command line", async () => {
  const dir = tmpDir();
  const file = path.join(dir, "class.tar.gz");
  const to = path.join(dir, "unpacked");
  await withEnv({ MATML_DATA_DIR: DATA }, async () => {
    const packed = await cli(["data", "--bundle", file]);
    assert.strictEqual(packed.code, 0, packed.stderr);
    for (const f of FILES) assert.ok(packed.stdout.includes(`${sha(fs.readFileSync(f))}  ${path.basename(f)}`), packed.stdout);
    const unpacked = await cli(["data", "--unbundle", file, "--to", to]);
    assert.strictEqual(unpacked.code, 0, unpacked.stderr);
    assert.match(unpacked.stderr, new RegExp(`use it with MATML_DATA_DIR=${to.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
  });
  for (const f of FILES) assert.ok(fs.readFileSync(path.join(to, path.basename(f))).equals(fs.readFileSync(f)), f);
  const cache = path.join(dir, "cache");
  await withEnv({ MATML_DATA_DIR: undefined, MATML_CACHE_DIR: cache, MATML_DATA_URL: "http://127.0.0.1:9/" }, async () => {
    // Without --to the files go into the download cache, where they are found with no setting.
    assert.strictEqual((await cli(["data", "--unbundle", file])).code, 0);
    const listed = await cli(["data"]);
    assert.strictEqual(listed.code, 0, listed.stderr);
    for (const name of DATASETS) assert.ok(listed.stdout.includes(`${name}\t${path.join(cache, name)}`), listed.stdout);
  });
  const usage = await cli(["data", "--to", to]);
  assert.strictEqual(usage.code, 1);
  assert.match(usage.stderr, /--to goes with --unbundle/);
  assert.match((await cli(["data", "--bundle"])).stderr, /--bundle needs a value/);
  fs.rmSync(dir, { recursive: true, force: true });
});

test("--unbundle into the download cache takes only the tutorial's pinned files", async () => {
  const dir = tmpDir();
  const own = path.join(dir, "own");
  fs.mkdirSync(own);
  for (const f of FILES) fs.copyFileSync(f, path.join(own, path.basename(f)));
  fs.appendFileSync(path.join(own, "DFT_data.csv"), fs.readFileSync(path.join(own, "DFT_data.csv"), "utf8").split("\n")[1] + "\n");
  const file = path.join(dir, "own.tar");
  writeBundle(file, DATASETS.map((n) => path.join(own, n)));
  const cache = path.join(dir, "cache");
  await withEnv({ MATML_CACHE_DIR: cache }, async () => {
    const r = await cli(["data", "--unbundle", file]);
    assert.strictEqual(r.code, 1);
    assert.match(r.stderr, /DFT_data\.csv cannot go into the download cache: .*--to DIR and set MATML_DATA_DIR=DIR/);
    assert.ok(!fs.existsSync(cache), "nothing was unpacked");
    assert.strictEqual((await cli(["data", "--unbundle", file, "--to", path.join(dir, "mine")])).code, 0);
  });
  fs.rmSync(dir, { recursive: true, force: true });
});

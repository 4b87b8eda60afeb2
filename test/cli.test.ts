// The `matml` command line: featurize and enumerate end to end, a reader that stops early
// (`| head -1`), streaming in bounded memory, and the size check before enumerating.
import { test } from "node:test";
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as v8 from "v8";
import * as vm from "vm";
import { spawnSync } from "child_process";
import { Writable } from "stream";
import { main } from "../cli/matml";
import { ALL_DESCRIPTORS } from "../lib/data";
import { projectRoot } from "../lib/paths";
import { testDataDir } from "./helpers";

const dataDir = testDataDir();
// The command line finds the tutorial's files through the environment, as a user's shell would.
process.env.MATML_DATA_DIR ??= dataDir;
const bin = path.join(projectRoot, "bin", "matml.js");
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "matml-cli-"));
const env = { ...process.env, MATML_DATA_DIR: dataDir };

/** A stream that keeps what is written, with the order of stdout/stderr events in `log`. */
function sink(name: string, log: string[], onLine?: (n: number) => void): { stream: Writable; text: () => string; lines: () => number } {
  let text = "";
  let lines = 0;
  const stream = new Writable({
    write(chunk, _enc, done) {
      const s = String(chunk);
      if (!text) log.push(name);
      if (name === "stderr" || lines < 2) text += s;
      lines += s.split("\n").length - 1;
      onLine?.(lines);
      done();
    },
  });
  return { stream, text: () => text, lines: () => lines };
}

test("`matml featurize` writes every row, reports a bad one by line number and exits 2", () => {
  const dir = tmp();
  const input = path.join(dir, "mine.csv");
  fs.writeFileSync(input, 'Formula,Note\nCsPbI3,ok\nNaPbI3,bad\n"(FASnI3)0.6(MAPbI3)0.4",mix\nMAPb_0.5Sn_0.5I_3,underscores\n');
  const r = spawnSync(process.execPath, [bin, "featurize", input], { encoding: "utf8", env });
  assert.strictEqual(r.status, 2, r.stderr);
  assert.match(r.stderr, /mine\.csv line 3: formula "NaPbI3": unknown species "Na"/);
  const lines = r.stdout.trim().split("\n");
  assert.strictEqual(lines.length, 5);
  assert.deepStrictEqual(lines[0].split(","), ["Formula", "Note", ...ALL_DESCRIPTORS]);
  assert.strictEqual(lines[1].split(",").length, 52);
  assert.match(lines[2], /^NaPbI3,bad,,/);
  assert.match(lines[3], /^\(FASnI3\)0\.6\(MAPbI3\)0\.4,mix,0,0,0,0\.4,0\.6,/);
  assert.match(lines[4], /^MAPb_0\.5Sn_0\.5I_3,underscores,0,0,0,1,0,0,0,0,0,0\.5,0\.5,/);
});

test("`matml featurize ... | head -1` and `matml enumerate | head -1` end quietly (no EPIPE stack trace)", () => {
  const dir = tmp();
  const formulas = fs.readFileSync(path.join(dataDir, "DFT_data.csv"), "utf8").trim().split("\n").slice(1).map((l) => l.split(",")[1]);
  const input = path.join(dir, "many.csv");
  fs.writeFileSync(input, "Formula\n" + Array.from({ length: 10 }, () => formulas.join("\n")).join("\n") + "\n");
  for (const [args, stderr] of [
    [`featurize ${input}`, /^$/],
    ["enumerate", /^matml enumerate: 21,420 compositions \(A 35 × B 51 × X 12\)\n$/],
  ] as const) {
    const r = spawnSync("bash", ["-c", `"${process.execPath}" "${bin}" ${args} 2>"${dir}/err.txt" | head -1; echo "status \${PIPESTATUS[0]}"`], { encoding: "utf8", env });
    const [first, status] = r.stdout.trim().split("\n");
    assert.ok(first.startsWith("Formula,"), first);
    assert.strictEqual(status, "status 0", `matml ${args}`);
    assert.match(fs.readFileSync(path.join(dir, "err.txt"), "utf8"), stderr, `matml ${args}`);
  }
});

test("`matml enumerate` says the size first, then streams 44,550 rows in bounded memory", async () => {
  v8.setFlagsFromString("--expose-gc");
  const gc = vm.runInNewContext("gc") as () => void;
  const log: string[] = [];
  let peak = 0;
  gc();
  const base = process.memoryUsage().heapUsed;
  const out = sink("stdout", log, (n) => {
    if (n % 10_000 === 0) {
      gc();
      peak = Math.max(peak, process.memoryUsage().heapUsed - base);
    }
  });
  const err = sink("stderr", log);
  const code = await main(["enumerate", "--step", "0.2"], { stdout: out.stream, stderr: err.stream });
  assert.strictEqual(code, 0, err.text());
  assert.strictEqual(err.text(), "matml enumerate: 44,550 compositions (A 45 × B 66 × X 15)\n");
  assert.deepStrictEqual(log, ["stderr", "stdout"], "the size is reported before the first row");
  assert.strictEqual(out.lines(), 44_551);
  // 44,550 rows of 51 values held in memory would take over 18 MB (over 40 MB as a DataFrame).
  assert.ok(peak < 8e6, `heap grew by ${(peak / 1e6).toFixed(1)} MB while streaming`);
});

test("`matml enumerate` refuses a space beyond --limit (writing nothing) unless --force", async () => {
  const log: string[] = [];
  const out = sink("stdout", log);
  const err = sink("stderr", log);
  const refused = await main(["enumerate", "--step", "0.001"], { stdout: out.stream, stderr: err.stream });
  assert.strictEqual(refused, 1);
  assert.strictEqual(out.lines(), 0);
  assert.match(err.text(), /the space has 449,505,135,000 compositions \(A 9,995 × B 14,991 × X 3,000\), more than --limit 1,000,000 .*pass --force/);
  const forcedOut = sink("stdout", []);
  const forcedErr = sink("stderr", []);
  const forced = await main(["enumerate", "--step", "1", "--limit", "10", "--force"], { stdout: forcedOut.stream, stderr: forcedErr.stream });
  assert.strictEqual(forced, 0, forcedErr.text());
  assert.strictEqual(forcedOut.lines(), 91);
});

test("`matml data` lists where each file was found", async () => {
  const out: string[] = [];
  const stream = new Writable({ write: (c, _e, done) => (out.push(String(c)), done()) });
  const code = await main(["data"], { stdout: stream, stderr: stream });
  assert.strictEqual(code, 0, out.join(""));
  assert.deepStrictEqual(out.join("").trim().split("\n"), ["DFT_data.csv", "Outside.csv", "Elemental_properties.xlsx"].map((f) => `${f}\t${path.join(dataDir, f)}`));
});

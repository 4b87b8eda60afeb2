// The packed library installs into a fresh project exactly as the README tells users
// (scripts/pack-test.js: npm pack, a temporary project with the README's package.json overrides,
// install line, tsconfig.json and program, then npx tsc, node index.js and npx matml --help).
import { test } from "node:test";
import * as assert from "assert";
import * as path from "path";
import { spawnSync } from "child_process";
import { projectRoot } from "../lib/paths";

test("npm pack gives a tarball that a fresh TypeScript project installs, compiles against and runs", { timeout: 10 * 60_000 }, () => {
  const r = spawnSync(process.execPath, [path.join(projectRoot, "scripts", "pack-test.js")], { cwd: projectRoot, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  assert.strictEqual(r.status, 0, `pack-test failed:\n${r.stdout}\n${r.stderr}`);
  assert.match(r.stdout, /pack-test: ok, predictions \[ [\d.]+, [\d.]+ \]/);
});

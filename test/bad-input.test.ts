// Runs the bad-input table (test/bad-input-cases.ts): each case must fail with a message holding
// its expected fragment, and no file in the folders involved may change (the case's own folders,
// the download cache, the tutorial's data and the project's data/ folder).
import { after, before, test } from "node:test";
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { BAD_INPUT_CASES } from "./bad-input-cases";
import { PROJECT_DATA, disposeContext, makeContext, outcome, snapshot } from "./bad-input-kit";
import { FailingHost, startFailingHost } from "./failing-host";
import { testDataDir } from "./helpers";

// The command line finds the tutorial's files through the environment, as a user's shell would.
process.env.MATML_DATA_DIR ??= testDataDir();

let host: FailingHost;

before(async () => {
  const dir = testDataDir();
  host = await startFailingHost(Object.fromEntries(fs.readdirSync(dir).map((f) => [f, fs.readFileSync(path.join(dir, f))])));
});

after(() => host.close());

test("the bad-input table has unique descriptions", () => {
  const names = BAD_INPUT_CASES.map((k) => `${k.area}: ${k.what}`);
  assert.deepStrictEqual(names.filter((n, i) => names.indexOf(n) !== i), []);
});

for (const k of BAD_INPUT_CASES) {
  test(`bad input, ${k.area}: ${k.what}`, async () => {
    const c = makeContext(host.url);
    try {
      if (k.setup) await k.setup(c);
      const folders = [c.dir, path.dirname(c.cache), c.dataDir, PROJECT_DATA];
      const before = snapshot(folders);
      const message = await outcome(() => k.act(c));
      assert.ok(message !== null, "expected an error, but the action succeeded");
      if (typeof k.expect === "string") assert.ok(message.includes(k.expect), `the message\n  ${message}\ndoes not contain\n  ${k.expect}`);
      else assert.match(message, k.expect);
      assert.deepStrictEqual(snapshot(folders), before, "a file or folder changed");
    } finally {
      disposeContext(c);
    }
  });
}

// The shared feedback of the exercise checks: a reported verdict is shown once (tslab echoes a
// cell's last value, so the returned result must print as nothing) and still reads as a result.
import { test } from "node:test";
import * as assert from "assert";
import { inspect } from "util";
import { holds, inRange, report, verdict } from "../lib/check/feedback";

test("report: the returned verdict keeps ok and message but inspects (echoes) as an empty string", () => {
  const printed: string[] = [];
  const original = console.log;
  console.log = (...args: unknown[]) => void printed.push(args.map((a) => (typeof a === "string" ? a : inspect(a))).join(" "));
  try {
    const right = holds("the mask", true, "hint");
    const wrong = inRange("RMSE", 0.9, 0.1, 0.2, "use the test set");
    assert.deepStrictEqual({ ...right }, { ok: true, message: "the mask: yes." });
    assert.strictEqual(wrong.ok, false);
    assert.strictEqual(wrong.message, "Not yet. Hint: use the test set");
    assert.strictEqual(inspect(right), "");
    assert.strictEqual(inspect(report(verdict(false, "", "h"))), "");
    // Outside a notebook the verdict itself is printed, once each.
    assert.deepStrictEqual(printed, ["✓ the mask: yes.", "✗ Not yet. Hint: use the test set", "✗ Not yet. Hint: h"]);
  } finally {
    console.log = original;
  }
});

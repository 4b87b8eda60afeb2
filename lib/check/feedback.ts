// Feedback for the "Your turn" exercises: a check says whether a student's answer is in the
// right range, and if not gives a hint — never the answer itself. In a notebook the verdict is
// shown as a coloured box; elsewhere it is printed.
import { inspect } from "util";
import { sendDisplay } from "../plot/show";

/** The verdict of one check. */
export interface CheckResult {
  ok: boolean;
  message: string;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * Shows a verdict (green box for right, amber with the hint for not yet) and returns it. tslab
 * echoes the value of a cell's last expression, and a cell usually ends with its check: the
 * returned result therefore prints as nothing (a non-enumerable inspect hook), so that a student
 * sees the verdict once. Its fields read as usual (`result.ok`, `result.message`).
 */
export function report(result: CheckResult): CheckResult {
  const colour = result.ok ? "#e6f4ea" : "#fff4e0";
  const border = result.ok ? "#34a853" : "#f9ab00";
  const mark = result.ok ? "✓" : "✗";
  const html = `<div style="background:${colour};border-left:4px solid ${border};padding:6px 10px;margin:4px 0;font-family:sans-serif">${mark} ${escapeHtml(result.message)}</div>`;
  if (!sendDisplay({ "text/html": html, "text/plain": `${mark} ${result.message}` })) console.log(`${mark} ${result.message}`);
  return Object.defineProperty({ ...result }, inspect.custom, { value: () => "", enumerable: false });
}

/** The verdict without showing it (for tests and for checks built from other checks). */
export function verdict(ok: boolean, success: string, hint: string): CheckResult {
  return { ok, message: ok ? success : `Not yet. Hint: ${hint}` };
}

/** Whether `value` is a finite number in [low, high]; shows the verdict. */
export function inRange(what: string, value: unknown, low: number, high: number, hint: string): CheckResult {
  if (typeof value !== "number" || !Number.isFinite(value)) return report(verdict(false, "", `${what} should be a number; got ${String(value)}. ${hint}`));
  return report(verdict(value >= low && value <= high, `${what} = ${value.toPrecision(3)} is in the expected range.`, hint));
}

/** Whether a condition the exercise asks for holds; shows the verdict. */
export function holds(what: string, condition: boolean, hint: string): CheckResult {
  return report(verdict(condition, `${what}: yes.`, hint));
}

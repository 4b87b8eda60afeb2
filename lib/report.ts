// One helper through which every notebook records the numbers it wants kept. They are merged
// into out/summary.json under the notebook's own key, so a reader sees e.g.
// summary["01_descriptors_and_regression"]["rf_gap_test_rmse"].
import * as fs from "fs";
import * as path from "path";
import { outDir } from "./paths";

/** A value recorded in out/summary.json: a number, string, boolean, null, or arrays and objects of them. */
export type MetricValue = number | string | boolean | null | MetricValue[] | { [key: string]: MetricValue };

const SNAKE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;
const NOTEBOOK_KEY = /^[a-z0-9]+(_[a-z0-9]+)*$/;

/** Path of the summary file (out/summary.json unless MATML_OUT_DIR says otherwise). */
export function summaryPath(): string {
  return path.join(outDir(), "summary.json");
}

/** Reads the summary written so far ({} when there is none). */
export function readSummary(): Record<string, Record<string, MetricValue>> {
  const file = summaryPath();
  if (!fs.existsSync(file)) return {};
  return JSON.parse(fs.readFileSync(file, "utf8"));
}

/** Options of recordMetrics. */
export interface RecordOptions {
  /** Round every number (also inside lists and objects) to this many decimals before saving. */
  digits?: number;
}

/** A metric with its numbers rounded to `digits` decimals. */
function rounded(value: MetricValue, digits: number): MetricValue {
  if (typeof value === "number") return Number(value.toFixed(digits));
  if (Array.isArray(value)) return value.map((v) => rounded(v, digits));
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rounded(v, digits)]));
  return value;
}

/**
 * Merges `metrics` into the summary under `notebook`. Keys must be descriptive snake_case
 * (`rf_gap_test_rmse`, not `r1`); numbers must be finite. With `digits`, numbers are rounded to
 * that many decimals first. Returns the metrics as saved, for display.
 */
export function recordMetrics(notebook: string, metrics: Record<string, MetricValue>, options: RecordOptions = {}): Record<string, MetricValue> {
  if (!NOTEBOOK_KEY.test(notebook)) throw new Error(`recordMetrics: notebook key "${notebook}" must be snake_case`);
  const { digits } = options;
  if (digits !== undefined && !(Number.isInteger(digits) && digits >= 0 && digits <= 15)) throw new Error(`recordMetrics: digits must be an integer from 0 to 15, got ${digits}`);
  for (const [key, value] of Object.entries(metrics)) {
    if (!SNAKE.test(key)) throw new Error(`recordMetrics: key "${key}" must be snake_case, e.g. rf_gap_test_rmse`);
    if (typeof value === "number" && !Number.isFinite(value)) {
      throw new Error(`recordMetrics: "${key}" is ${value}; only finite numbers can be recorded`);
    }
  }
  if (digits !== undefined) metrics = Object.fromEntries(Object.entries(metrics).map(([k, v]) => [k, rounded(v, digits)]));
  const summary = readSummary();
  summary[notebook] = { ...(summary[notebook] ?? {}), ...metrics };
  fs.mkdirSync(outDir(), { recursive: true });
  const tmp = `${summaryPath()}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(summary, null, 2) + "\n");
  fs.renameSync(tmp, summaryPath());
  return metrics;
}

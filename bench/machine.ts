// What a benchmark ran on: recorded beside every figure of `npm run bench -- --compare / --scale`.
import * as fs from "fs";
import * as os from "os";
import { spawnSync } from "child_process";

/** The Python that runs the reference side (env MATML_PYTHON overrides Debian's /usr/bin/python3). */
export function pythonPath(): string {
  return process.env.MATML_PYTHON ?? "/usr/bin/python3";
}

/** The machine, the date and the load. */
export interface MachineInfo {
  date: string;
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  /** 1, 5 and 15 minute load averages when the run started (uptime's figures) */
  loadAverageAtStart: number[];
  node: string;
}

/** CPU model from /proc/cpuinfo (os.cpus() where that file is missing). */
function cpuModel(): string {
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(fs.readFileSync("/proc/cpuinfo", "utf8"));
    if (m) return m[1].trim();
  } catch {
    /* not Linux */
  }
  return os.cpus()[0]?.model ?? "unknown";
}

/** Facts about this machine, now. */
export function machineInfo(): MachineInfo {
  return {
    date: new Date().toISOString(),
    cpuModel: cpuModel(),
    cores: typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length,
    memoryGiB: Number((os.totalmem() / 2 ** 30).toFixed(1)),
    loadAverageAtStart: os.loadavg().map((v) => Number(v.toFixed(2))),
    node: process.version,
  };
}

/** The reference side's versions (Python, scikit-learn, NumPy, SciPy, BLAS threads), or why it is missing. */
export function referenceInfo(): { available: boolean; note?: string; versions?: Record<string, unknown> } {
  const code = [
    "import json, platform",
    "out = {'python': platform.python_version()}",
    "import sklearn, numpy, scipy",
    "out.update(sklearn=sklearn.__version__, numpy=numpy.__version__, scipy=scipy.__version__)",
    "try:",
    "    from threadpoolctl import threadpool_info",
    "    out['blas'] = [f\"{p.get('internal_api')} {p.get('version')} {p.get('num_threads')} threads\" for p in threadpool_info()]",
    "except Exception as e:",
    "    out['blas'] = 'unknown (' + str(e) + ')'",
    "print(json.dumps(out))",
  ].join("\n");
  const r = spawnSync(pythonPath(), ["-c", code], { encoding: "utf8" });
  if (r.status !== 0) {
    const why = r.error ? r.error.message : (r.stderr || "").trim().split("\n").pop();
    return { available: false, note: `no scikit-learn reference: ${pythonPath()} could not import scikit-learn (${why}); install python3-sklearn (and python3-torch for the networks)` };
  }
  return { available: true, versions: JSON.parse(r.stdout.trim().split("\n").pop() as string) };
}

/** Seconds as a short human figure: 0.0123 → "12.3 ms", 4.56 → "4.56 s". */
export function formatSeconds(s: number | null | undefined): string {
  if (s === null || s === undefined || !Number.isFinite(s)) return "–";
  if (s < 1e-3) return `${(s * 1e6).toPrecision(3)} µs`;
  if (s < 1) return `${(s * 1e3).toPrecision(3)} ms`;
  return `${s.toPrecision(3)} s`;
}

// The `matml` command line:
//   matml featurize IN.csv > OUT.csv     add the 14 site fractions and 36 descriptors to a CSV with a Formula column
//   matml enumerate [--step 0.25] [--max-mix 2] > candidates.csv
//   matml data                            find (or download) the tutorial's data files and print where they are
//   matml screen ...                      screen the whole composition space with saved models (cli/screen.ts)
import * as fs from "fs";
import { parseCsv, csvField } from "../lib/data/csv";
import { PerovskiteFeaturizer } from "../lib/data/featurizer";
import { enumerateWith } from "../lib/data/candidates";
import { DATASETS, locateDataset } from "../lib/data/datasets";
import { SCREEN_USAGE, screenCommand } from "./screen";

const USAGE = `usage:
  matml featurize IN.csv [--formula-column Formula] > OUT.csv
  matml enumerate [--step 0.25] [--max-mix 2] > candidates.csv
  matml data
${SCREEN_USAGE}
Data files are read from MATML_DATA_DIR, then data/cache/, else downloaded from the tutorial's repository.`;

function option(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const v = args[i + 1];
  if (v === undefined) throw new Error(`${name} needs a value`);
  args.splice(i, 2);
  return v;
}

/** Writes IN.csv back with the 50 feature columns; returns the number of rows that failed. */
export async function featurizeCsv(file: string, formulaColumn: string, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const table = parseCsv(fs.readFileSync(file, "utf8"), file);
  const f = table.columns.indexOf(formulaColumn);
  if (f < 0) throw new Error(`${file}: no "${formulaColumn}" column (columns: ${table.columns.join(", ")})`);
  const featurizer = await PerovskiteFeaturizer.load();
  const labels = featurizer.featureLabels();
  // Columns the input already has under a feature's name are replaced, not duplicated.
  const kept = table.columns.map((c, j) => [c, j] as const).filter(([c]) => !labels.includes(c));
  out.write([...kept.map(([c]) => c), ...labels].map(csvField).join(",") + "\n");
  let failed = 0;
  table.rows.forEach((cells, r) => {
    let features: (number | string)[];
    try {
      features = featurizer.featurize(cells[f]);
    } catch (e) {
      failed++;
      err.write(`${file} line ${table.lines[r]}: ${(e as Error).message}\n`);
      features = labels.map(() => "");
    }
    out.write([...kept.map(([, j]) => cells[j]), ...features].map(csvField).join(",") + "\n");
  });
  return failed;
}

export async function main(argv: string[]): Promise<number> {
  const args = [...argv];
  const command = args.shift();
  if (command === "featurize") {
    const column = option(args, "--formula-column", "Formula");
    if (args.length !== 1) throw new Error(`featurize takes one input file\n${USAGE}`);
    const failed = await featurizeCsv(args[0], column, process.stdout, process.stderr);
    if (failed) process.stderr.write(`${failed} row(s) could not be featurized; their feature cells are empty.\n`);
    return failed ? 2 : 0;
  }
  if (command === "enumerate") {
    const step = Number(option(args, "--step", "0.25"));
    const maxMix = Number(option(args, "--max-mix", "2"));
    const df = enumerateWith(await PerovskiteFeaturizer.load(), { step, maxMix });
    process.stdout.write(df.columns.map(csvField).join(",") + "\n");
    for (const row of df.values as unknown[][]) process.stdout.write(row.map(csvField).join(",") + "\n");
    return 0;
  }
  if (command === "screen") return screenCommand(args, { out: process.stdout, err: process.stderr });
  if (command === "data") {
    for (const name of DATASETS) console.log(`${name}\t${await locateDataset(name)}`);
    return 0;
  }
  process.stderr.write(`${command ? `unknown command "${command}"\n` : ""}${USAGE}\n`);
  return command === "help" || command === "--help" ? 0 : 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (e) => {
      process.stderr.write(`matml: ${(e as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}

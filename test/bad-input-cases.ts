// The bad-input table: every row is an input that must fail with a clear message (the fragment
// in the last column) and change no file. test/bad-input.test.ts runs them all.
//
// Adding a case is one line:
//   bad("area", "what is wrong", (c) => the action that must fail, "fragment of the message"),
//   badWith("area", "what", (c) => setup, (c) => action, "fragment"),     // with an unwatched setup
// `c` (see bad-input-kit.ts) gives fresh folders, the tutorial's files, a failing download host
// (c.net(mode)), the command line in-process (c.cli(...)), a disk that fills up (c.failWrites)
// and edits that spoil a good file; savedModel / savedNetwork save a fitted model or a tiny
// trained network into the case's folder (and spoil one of its files) in a setup step.
import { DataFrame } from "danfojs-node";
import * as path from "path";
import { PerovskiteFeaturizer, columnOf, countCandidates, loadDFT, loadElementalProperties, loadOutside, locateDataset, matrixOf, siteFractions } from "../lib/data";
import { readFormula } from "../lib/data/formula";
import { enumerateWith } from "../lib/data/candidates";
import { downloadFile } from "../lib/data/download";
import { loadModel, saveModel } from "../lib/core";
import { GaussianNB, KNeighborsRegressor, LinearRegression, LogisticRegression, RandomForestClassifier, RandomForestRegressor, Ridge, crossValScore, gridSearchCV } from "../lib/models";
import { StandardScaler } from "../lib/preprocessing";
import { PCA, TSNE } from "../lib/decomposition";
import { GaussianProcessRegressor, RBF } from "../lib/gp";
import { expectedImprovement, runCampaign } from "../lib/active";
import { precisionScore } from "../lib/metrics";
import { CnnClassifier, DenseRegressor, forcedBackend } from "../lib/nn";
import {
  BadInputCase,
  HTML_PAGE,
  TINY_X,
  TINY_Y,
  appendToLine,
  bad,
  badFile,
  badWith,
  dropColumn,
  dropLastBytes,
  editSheet,
  firstHalf,
  keepBytes,
  keepLines,
  randomBytes,
  renameColumn,
  savedModel,
  savedNetwork,
  setCell,
  sheetRow,
  tinyImages,
  tinyNetwork,
} from "./bad-input-kit";

const DFT = "DFT_data.csv";
const OUT = "Outside.csv";
const XLSX_FILE = "Elemental_properties.xlsx";
const frame = (rows: unknown[][], columns: string[]) => new DataFrame(rows, { columns });

// Small data for the estimators: 6 rows, 2 features; a target, two classes; the same as a frame.
const X = [[1, 2], [2, 1], [3, 4], [4, 3], [5, 5], [6, 2]];
const Y = [1, 2, 3, 4, 5, 6];
const CLASSES = [0, 0, 0, 1, 1, 1];
const XF = { columns: ["a", "b"], values: X };
/** X (or y) with one value replaced: `withValue(X, [1, 0], NaN)`, `withValue(Y, [2], Infinity)`. */
function withValue<T extends number[] | number[][]>(data: T, at: number[], value: number): T {
  const copy = JSON.parse(JSON.stringify(data));
  if (at.length === 1) copy[at[0]] = value;
  else copy[at[0]][at[1]] = value;
  return copy;
}
/** A pool of 20 compounds (one descriptor) for campaign options. */
const POOL = { X: Array.from({ length: 20 }, (_, i) => [i / 20]), y: Array.from({ length: 20 }, (_, i) => Math.sin(i / 3)), goal: "maximize" as const, strategy: "ei" as const, rounds: 1 };
/** Images with one pixel set to `value`. */
function imagesWithPixel(at: number, value: number) {
  const set = tinyImages();
  set.pixels[at] = value;
  return set;
}

export const BAD_INPUT_CASES: BadInputCase[] = [
  // --- Data files in the user's own folder (MATML_DATA_DIR): strict cells, unique columns, full sites.
  badWith("data", 'hex "0x10" in a numeric column', (c) => c.user(DFT, setCell(6, "A_IE", "0x10")), (c) => loadDFT(c.userOpts), 'line 6, column "A_IE": "0x10" is not a decimal number'),
  badWith("data", '"1e309" (overflow) in a numeric column', (c) => c.user(DFT, setCell(6, "Band Gap", "1e309")), (c) => loadDFT(c.userOpts), 'line 6, column "Band Gap": "1e309" is out of range'),
  badWith("data", '"Infinity" in a numeric column', (c) => c.user(DFT, setCell(9, "A_MP", "Infinity")), (c) => loadDFT(c.userOpts), 'line 9, column "A_MP": "Infinity" is not a finite number'),
  badWith("data", '"-Infinity" in a numeric column', (c) => c.user(DFT, setCell(9, "A_MP", "-Infinity")), (c) => loadDFT(c.userOpts), '"-Infinity" is not a finite number'),
  badWith("data", '"NaN" in a numeric column', (c) => c.user(DFT, setCell(4, "Decomposition Energy", "NaN")), (c) => loadDFT(c.userOpts), 'line 4, column "Decomposition Energy": "NaN" is not a finite number'),
  badWith("data", "an empty numeric cell", (c) => c.user(DFT, setCell(6, "Band Gap", "")), (c) => loadDFT(c.userOpts), 'line 6, column "Band Gap": the cell is empty'),
  badWith("data", '"n/a" in a numeric column', (c) => c.user(DFT, setCell(6, "X_En", "n/a")), (c) => loadDFT(c.userOpts), '"n/a" is not a decimal number'),
  badWith("data", '"1_000" in a numeric column', (c) => c.user(DFT, setCell(6, "A_BP", "1_000")), (c) => loadDFT(c.userOpts), '"1_000" is not a decimal number'),
  badWith("data", 'binary "0b101" in a numeric column', (c) => c.user(DFT, setCell(6, "A_BP", "0b101")), (c) => loadDFT(c.userOpts), '"0b101" is not a decimal number'),
  badWith("data", '"1e5e3" in a numeric column', (c) => c.user(DFT, setCell(6, "A_BP", "1e5e3")), (c) => loadDFT(c.userOpts), '"1e5e3" is not a decimal number'),
  badWith("data", '"+-1" in a numeric column', (c) => c.user(DFT, setCell(6, "A_BP", "+-1")), (c) => loadDFT(c.userOpts), '"+-1" is not a decimal number'),
  badWith("data", '"12abc" in a numeric column', (c) => c.user(DFT, setCell(6, "A_BP", "12abc")), (c) => loadDFT(c.userOpts), '"12abc" is not a decimal number'),
  badWith("data", "text in the Index column", (c) => c.user(DFT, setCell(3, "Index", "one")), (c) => loadDFT(c.userOpts), 'line 3, column "Index": "one" is not a decimal number'),
  badWith("data", "two columns with the same name", (c) => c.user(DFT, renameColumn("Decomposition Energy", "Band Gap")), (c) => loadDFT(c.userOpts), 'two columns are named "Band Gap" (columns 3 and 4)'),
  badWith("data", "two Formula columns", (c) => c.user(DFT, renameColumn("Index", "Formula")), (c) => loadDFT(c.userOpts), 'two columns are named "Formula"'),
  badWith("data", "a missing target column", (c) => c.user(DFT, dropColumn("Band Gap")), (c) => loadDFT(c.userOpts), "its header lacks column(s) Band Gap"),
  badWith("data", "a line with an extra field", (c) => c.user(DFT, appendToLine(7, ",42")), (c) => loadDFT(c.userOpts), "line 7: 55 fields, but the header has 54"),
  badWith("data", "a file cut inside a line", (c) => c.user(DFT, keepBytes(70_000)), (c) => loadDFT(c.userOpts), "fields, but the header has 54"),
  badWith("data", "an empty file", (c) => c.user(DFT, ""), (c) => loadDFT(c.userOpts), "it is empty (0 bytes)"),
  badWith("data", "a header and no rows", (c) => c.user(DFT, keepLines(1)), (c) => loadDFT(c.userOpts), "it has a header but no data rows"),
  badWith("data", "an HTML page saved as the CSV", (c) => c.user(DFT, HTML_PAGE), (c) => loadDFT(c.userOpts), "it is an HTML page"),
  badWith("data", "the user's folder is named as theirs", (c) => c.user(DFT, HTML_PAGE), (c) => loadDFT(c.userOpts), "That folder is yours (matml never writes to it)"),
  badWith("data", "A-site fractions adding up to 0.9", (c) => c.user(DFT, setCell(2, "MA", "0.9")), (c) => loadDFT(c.userOpts), "line 2 (Formula MA1Ca0.12Sn0.75Pb0.12I3): the A-site fractions add up to 0.9 (MA 0.9), not 1"),
  badWith("data", "B-site fractions adding up to 1.25", (c) => c.user(DFT, setCell(2, "Ca", "0.375")), (c) => loadDFT(c.userOpts), "the B-site fractions add up to 1.25"),
  badWith("data", "an empty X site", (c) => c.user(DFT, setCell(2, "I", "0")), (c) => loadDFT(c.userOpts), "the X-site fractions add up to 0, not 1"),
  badWith("data", "a negative site fraction", (c) => c.user(DFT, setCell(2, "K", "-0.125")), (c) => loadDFT(c.userOpts), 'column "K": -0.125 is not a site fraction (0 to 1)'),
  badWith("data", "a site fraction above 1", (c) => c.user(DFT, setCell(2, "MA", "1.5")), (c) => loadDFT(c.userOpts), 'column "MA": 1.5 is not a site fraction'),
  badWith("data", "Outside.csv: a B site that is not full", (c) => c.user(OUT, setCell(2, "Sr", "0.9")), (c) => loadOutside(c.userOpts), "line 2 (Formula RbSrI3): the B-site fractions add up to 0.9"),
  badWith("data", 'Outside.csv: "Infinity" in a descriptor', (c) => c.user(OUT, setCell(40, "X_En", "Infinity")), (c) => loadOutside({ ...c.userOpts, recomputeDescriptors: false }), 'Outside.csv line 40, column "X_En": "Infinity" is not a finite number'),
  badWith("data", "Outside.csv: two Cubic columns", (c) => c.user(OUT, renameColumn("Tetra", "Cubic")), (c) => loadOutside(c.userOpts), 'two columns are named "Cubic"'),
  badWith("data", "a text file saved as the spreadsheet", (c) => c.user(XLSX_FILE, "M,Ion_rad\nK,1.51\n"), (c) => loadElementalProperties(c.userOpts), 'not an .xlsx workbook (it does not start with the ZIP signature "PK")'),
  badWith("data", "a spreadsheet without the BP column", (c) => c.user(XLSX_FILE, editSheet((rows) => rows.forEach((r) => r.splice(2, 1)))), (c) => loadElementalProperties(c.userOpts), "lacks column(s) BP"),
  badWith("data", 'a spreadsheet with "0x10" as a property', (c) => c.user(XLSX_FILE, editSheet((rows) => (sheetRow(rows, "Pb")[2] = "0x10"))), (c) => loadElementalProperties(c.userOpts), 'column BP: "0x10" is not a number'),
  badWith("data", "a spreadsheet with two rows for Pb", (c) => c.user(XLSX_FILE, editSheet((rows) => rows.push([...sheetRow(rows, "Pb")]))), (c) => loadElementalProperties(c.userOpts), 'two rows for "Pb"'),
  badWith("data", "a spreadsheet without a row for Pb", (c) => c.user(XLSX_FILE, editSheet((rows) => rows.splice(rows.indexOf(sheetRow(rows, "Pb")), 1))), (c) => PerovskiteFeaturizer.load(c.userOpts), "Elemental_properties has no row for Pb"),
  badWith("data", "a spreadsheet with two BP columns", (c) => c.user(XLSX_FILE, editSheet((rows) => (rows[0][3] = "BP"))), (c) => loadElementalProperties(c.userOpts), 'two columns are named "BP"'),
  badWith("data", "a spreadsheet with Pb's boiling point missing", (c) => c.user(XLSX_FILE, editSheet((rows) => (sheetRow(rows, "Pb")[2] = null))), (c) => PerovskiteFeaturizer.load(c.userOpts), "BP of Pb is missing"),

  // --- The download cache: only the pinned file is used; anything else says how to refresh.
  badWith("cache", "a cached file cut short", (c) => c.cached(DFT, keepLines(300)), (c) => loadDFT(c.cacheOpts), "it has 299 data rows, the tutorial's file has 512 (cut short?)"),
  badWith("cache", "an HTML page in the cache", (c) => c.cached(DFT, HTML_PAGE), (c) => loadDFT(c.cacheOpts), "in the download cache"),
  badWith("cache", "a cached file with one value changed", (c) => c.cached(DFT, setCell(2, "Band Gap", "1.0390")), (c) => loadDFT(c.cacheOpts), "the content differs from the pinned version"),
  badWith("cache", "an empty cached file", (c) => c.cached(OUT, ""), (c) => loadOutside(c.cacheOpts), "Outside.csv in the download cache"),
  badWith("cache", "random bytes as the cached spreadsheet", (c) => c.cached(XLSX_FILE, Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8])), (c) => loadElementalProperties(c.cacheOpts), "not a readable spreadsheet"),
  badWith("cache", "the message says how to refresh", (c) => c.cached(DFT, keepLines(10)), (c) => loadDFT(c.cacheOpts), "npx matml data --refresh"),
  badWith("cache", "a CSV cached as the spreadsheet", (c) => c.cached(XLSX_FILE, "M,BP\n"), (c) => PerovskiteFeaturizer.load(c.cacheOpts), "not an .xlsx workbook"),
  badWith("cache", "a cached file with a renamed column", (c) => c.cached(DFT, renameColumn("Index", "Row")), (c) => loadDFT(c.cacheOpts), "its header lacks column(s) Index"),
  badWith("cache", "a cached file with the wrong line endings only", (c) => c.cached(DFT, (t) => t.replace(/\n/g, "\r\n")), (c) => loadDFT(c.cacheOpts), "SHA-256"),

  // --- Downloads from a failing host: nothing is cached, nothing is left behind.
  bad("download", "a body cut short without a length", (c) => locateDataset(DFT, c.net("nolength")), "the tutorial's file has 512 (cut short?)"),
  bad("download", "an HTML page with status 200", (c) => locateDataset(DFT, c.net("html")), "it is an HTML page"),
  bad("download", "a host that trickles a byte at a time", (c) => locateDataset(DFT, c.net("trickle", { downloadTimeout: 0.5 })), "did not finish within 0.5 s"),
  bad("download", "404 Not Found", (c) => locateDataset(DFT, c.net("404")), "HTTP 404 Not Found"),
  bad("download", "a redirect loop", (c) => locateDataset(DFT, c.net("loop")), "more than 5 redirects"),
  bad("download", "a length announced but not delivered", (c) => locateDataset(OUT, c.net("partial")), /incomplete download|connection closed/),
  bad("download", "a chunked body cut off", (c) => locateDataset(OUT, c.net("chunkcut")), /connection (closed|failed)/),
  bad("download", "500 Internal Server Error", (c) => locateDataset(XLSX_FILE, c.net("500")), "HTTP 500"),
  bad("download", "a host that never answers", (c) => downloadFile(`${c.host}/silent/${DFT}`, path.join(c.cache, DFT), { stallMs: 300 }), "no response from"),
  bad("download", "a host that sends headers and then nothing", (c) => downloadFile(`${c.host}/stall/${DFT}`, path.join(c.cache, DFT), { stallMs: 300 }), "stalled: no data for 0.3 s"),
  bad("download", "another file served in its place", (c) => locateDataset(DFT, c.net("swap")), "its header lacks column(s)"),
  bad("download", "one digit changed on the way", (c) => locateDataset(DFT, c.net("tampered")), "the content differs from the pinned version"),
  bad("download", "an empty body", (c) => locateDataset(DFT, c.net("empty")), "empty download"),
  bad("download", "a refused connection", (c) => locateDataset(DFT, { ...c.cacheOpts, download: true, baseUrl: "http://127.0.0.1:9/" }), "ECONNREFUSED"),
  bad("download", "downloading switched off", (c) => locateDataset(DFT, c.cacheOpts), "downloading is switched off"),
  bad("download", "a redirect to ftp://", (c) => locateDataset(DFT, c.net("ftp")), "unsupported URL ftp://"),
  bad("download", "MATML_DOWNLOAD_TIMEOUT that is not a number", (c) => c.env({ MATML_DOWNLOAD_TIMEOUT: "soon" }, () => locateDataset(DFT, { ...c.net("files"), downloadTimeout: undefined })), 'MATML_DOWNLOAD_TIMEOUT must be a number of seconds > 0, got "soon"'),
  bad("download", "a negative downloadTimeout", (c) => locateDataset(DFT, c.net("files", { downloadTimeout: -1 })), "downloadTimeout must be a number of seconds > 0"),
  bad("download", "a misspelt downloadFile option", (c) => downloadFile(`${c.host}/files/${DFT}`, path.join(c.cache, DFT), { deadlinMs: 5 } as never), 'unknown option "deadlinMs"; did you mean "deadlineMs"?'),
  badWith("download", "a failed refresh keeps the cached copy", (c) => c.cached(DFT, c.tutorial(DFT)), (c) => locateDataset(DFT, c.net("html", { refresh: true })), "was left as it was"),
  bad("download", "an unknown dataset name", (c) => locateDataset("dft.csv" as never, c.cacheOpts), 'unknown dataset "dft.csv"'),

  // --- The featurizer: no silent changes, every bad formula or cell named.
  bad("featurizer", "X amounts that do not fill the site (CsPbI2.9)", () => siteFractions("CsPbI2.9"), 'formula "CsPbI2.9": X-site amounts add up to 2.9, but an ABX3 formula unit has 3'),
  bad("featurizer", "B amounts that do not fill the site (CsPb0.96I3)", () => siteFractions("CsPb0.96I3"), "B-site amounts add up to 0.96"),
  bad("featurizer", "too much on the X site (CsPbI3Cl0.5)", () => siteFractions("CsPbI3Cl0.5"), "X-site amounts add up to 3.5"),
  bad("featurizer", "half an A site (Cs0.5PbI3)", () => siteFractions("Cs0.5PbI3"), "A-site amounts add up to 0.5"),
  bad("featurizer", "a null formula cell", async (c) => (await c.featurizer()).featurizeDataFrame(frame([["CsPbI3"], [null]], ["Formula"])), "row 1: the formula cell is empty (null)"),
  bad("featurizer", "a NaN formula cell", async (c) => (await c.featurizer()).featurizeDataFrame(frame([[NaN, 1], ["CsPbI3", 2]], ["Formula", "x"])), "row 0: the formula cell is empty (NaN)"),
  bad("featurizer", 'the text "nan" as a formula', async (c) => (await c.featurizer()).featurizeDataFrame(frame([["nan"]], ["Formula"])), 'the formula cell is empty ("nan")'),
  bad("featurizer", "a number as a formula", async (c) => (await c.featurizer()).featurizeDataFrame({ columns: ["Formula"], values: [[3]] }), "row 0: the formula cell holds number 3, not a formula"),
  bad("featurizer", "a second formula column", async (c) => (await c.featurizer()).featurizeDataFrame(frame([["CsPbI3", "CsPbBr3"]], ["Formula", "formula"])), 'two formula columns, "Formula" and "formula"'),
  bad("featurizer", "two columns with the same name in a frame-like", async (c) => (await c.featurizer()).featurizeDataFrame({ columns: ["Formula", "Formula"], values: [["CsPbI3", "CsPbI3"]] }), 'two columns are named "Formula"'),
  bad("featurizer", "no Formula column", async (c) => (await c.featurizer()).featurizeDataFrame(frame([["CsPbI3"]], ["Composition"])), 'no "Formula" column'),
  bad("featurizer", "feature columns already present", async (c) => (await c.featurizer()).featurizeDataFrame(frame([["CsPbI3", 1]], ["Formula", "Cs"])), "already has feature column(s) Cs; pass overwrite: true"),
  bad("featurizer", "an unknown species", () => siteFractions("NaPbI3"), 'unknown species "Na" at position 1'),
  bad("featurizer", "a missing closing parenthesis", () => siteFractions("Cs(PbI3"), 'missing ")"'),
  bad("featurizer", "an unmatched closing parenthesis", () => siteFractions("CsPbI3)"), 'unmatched ")" at position 7'),
  bad("featurizer", "an empty formula", () => siteFractions(""), 'formula "": is empty'),
  bad("featurizer", "a dangling underscore", () => siteFractions("CsPbI_"), '"_" at position 6 must be followed by an amount or a species'),
  bad("featurizer", "a double underscore", () => siteFractions("Cs__PbI3"), '"_" at position 3 must be followed'),
  bad("featurizer", "an amount that overflows", () => siteFractions("CsPbI1e309"), 'the amount "1e309" at position 6 is out of range'),
  bad("featurizer", "no B-site species", () => siteFractions("CsI3"), "no B-site species"),
  bad("featurizer", "a misspelt option", () => readFormula("CsPbI3", { snapEighths: true } as never), 'unknown option "snapEighths"; did you mean "snapToEighths"?'),
  bad("featurizer", "an option of the wrong type", () => siteFractions("CsPbI3", { normalize: "yes" as never }), "normalize must be true or false"),
  bad("featurizer", "13 site fractions", async (c) => (await c.featurizer()).descriptorsFromFractions(new Array(13).fill(0)), "expected 14 site fractions, got 13"),
  bad("featurizer", "a NaN site fraction", async (c) => (await c.featurizer()).descriptorsFromFractions([NaN, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1]), "site fraction K is NaN"),
  bad("featurizer", "a property table without Pb", () => new PerovskiteFeaturizer({ K: new Array(12).fill(1) }), "Elemental_properties has no row for Rb"),
  bad("featurizer", "recomputing descriptors without fraction columns", async (c) => (await c.featurizer()).recomputeDescriptors(frame([[1]], ["x"])), "needs the 14 site-fraction columns"),
  bad("featurizer", "an array instead of a DataFrame", async (c) => (await c.featurizer()).featurizeDataFrame([["CsPbI3"]] as never), 'expected a DataFrame with a "Formula" column'),
  bad("featurizer", "a formula column option of the wrong type", async (c) => (await c.featurizer()).featurizeDataFrame(frame([["CsPbI3"]], ["Formula"]), { formulaColumn: 5 as never }), "formulaColumn must be a string"),
  bad("featurizer", "a bad formula in a frame names its row", async (c) => (await c.featurizer()).featurizeDataFrame(frame([["CsPbI3"], ["CsPbI3"], ["CsPb0.96I3"]], ["Formula"])), "row 2: formula \"CsPb0.96I3\": B-site amounts add up to 0.96"),
  bad("featurizer", "featurizeMany with a misspelt option", async (c) => (await c.featurizer()).featurizeMany(["CsPbI3"], { normalise: true } as never), 'unknown option "normalise"; did you mean "normalize"?'),

  // --- Candidate enumeration and frame helpers.
  bad("candidates", "a step that does not divide 1", async (c) => enumerateWith(await c.featurizer(), { step: 0.3 }), "step must be a fraction of 1 such as 0.5, 0.25 or 0.125, got 0.3"),
  bad("candidates", "an A-site species that is not one", async (c) => enumerateWith(await c.featurizer(), { species: { A: ["Na"] } }), 'species.A must be one of K, Rb, Cs, MA, FA; got "Na"'),
  bad("candidates", "an empty species list", () => countCandidates({ species: { X: [] } }), "species.X must be a non-empty list"),
  bad("candidates", "a species listed twice", () => countCandidates({ species: { B: ["Pb", "Pb"] } }), "species.B lists a species twice"),
  bad("candidates", "maxMix 0", () => countCandidates({ maxMix: 0 }), "maxMix must be an integer >= 1"),
  bad("candidates", "an excluded row of 13 fractions", () => countCandidates({ exclude: [new Array(13).fill(0)] }), "exclude must be an array of"),
  bad("candidates", "a space too large for a DataFrame", async (c) => enumerateWith(await c.featurizer(), { step: 0.001 }), "the space has 449,505,135,000 compositions (A 9,995 × B 14,991 × X 3,000), more than limit 1,000,000"),
  bad("candidates", "a misspelt option", () => countCandidates({ steps: 0.5 } as never), 'unknown option "steps"; did you mean "step"?'),
  bad("frame", "a NaN in a feature matrix", () => matrixOf(frame([[1, NaN]], ["a", "x"]), ["a", "x"]), 'matrixOf: row 0, column "x" is NaN'),
  bad("frame", "a column that is not there", () => columnOf(frame([[1]], ["a"]), "y"), 'columnOf: no column "y"'),

  // --- The command line.
  bad("cli", "featurize without an input file", (c) => c.cli("featurize"), "featurize takes one input file"),
  bad("cli", "featurize a file that does not exist", (c) => c.cli("featurize", path.join(c.dir, "nothing.csv")), "nothing.csv: no such file"),
  badFile("cli", "featurize a CSV with two Formula columns", "two.csv", "Formula,Formula\nCsPbI3,CsPbBr3\n", (c, file) => c.cli("featurize", file), 'two.csv: two columns are named "Formula" (columns 1 and 2)'),
  badFile("cli", "featurize a CSV with Formula and formula", "twin.csv", "Formula,formula\nCsPbI3,CsPbBr3\n", (c, file) => c.cli("featurize", file), 'twin.csv: two formula columns, "Formula" (column 1) and "formula" (column 2)'),
  badFile("cli", "featurize a CSV with two Note columns", "notes.csv", "Formula,Note,Note\nCsPbI3,a,b\n", (c, file) => c.cli("featurize", file), 'two columns are named "Note"'),
  badFile("cli", "featurize a CSV without a Formula column", "none.csv", "Composition\nCsPbI3\n", (c, file) => c.cli("featurize", file), 'none.csv: no "Formula" column'),
  badFile("cli", "featurize a ragged CSV", "ragged.csv", "Formula,Note\nCsPbI3,a,extra\n", (c, file) => c.cli("featurize", file), "ragged.csv line 2: 3 fields, but the header has 2"),
  bad("cli", "featurize with an unknown option", (c) => c.cli("featurize", "x.csv", "--normalise"), "unknown option --normalise; did you mean --normalize?"),
  badFile("cli", "featurize a row that does not fill a site", "short.csv", "Formula\nCsPbI3\nCsPbI2.9\n", (c, file) => c.cli("featurize", file), 'short.csv line 3: formula "CsPbI2.9": X-site amounts add up to 2.9'),
  badFile("cli", "featurize an empty formula cell", "blank.csv", "Formula,Note\nCsPbI3,a\n,b\n", (c, file) => c.cli("featurize", file), "blank.csv line 3: the formula cell is empty"),
  bad("cli", "enumerate a space beyond the limit", (c) => c.cli("enumerate", "--step", "0.001"), "more than --limit 1,000,000"),
  bad("cli", "enumerate beyond the limit suggests --force", (c) => c.cli("enumerate", "--max-mix", "3", "--step", "0.125", "--limit", "1000"), "pass --force to write it anyway"),
  bad("cli", "enumerate with a step that does not divide 1", (c) => c.cli("enumerate", "--step", "0.3"), "step must be a fraction of 1"),
  bad("cli", 'enumerate with --step "0x10"', (c) => c.cli("enumerate", "--step", "0x10"), '--step must be a number; "0x10" is not a decimal number'),
  bad("cli", "enumerate with --max-mix 0", (c) => c.cli("enumerate", "--max-mix", "0"), "--max-mix must be a whole number >= 1, got 0"),
  bad("cli", "enumerate with --max-mix 2.5", (c) => c.cli("enumerate", "--max-mix", "2.5"), "--max-mix must be a whole number >= 1, got 2.5"),
  bad("cli", "enumerate with --limit -1", (c) => c.cli("enumerate", "--limit", "-1"), "--limit must be a whole number >= 1"),
  bad("cli", "enumerate with --step and no value", (c) => c.cli("enumerate", "--step"), "--step needs a value"),
  bad("cli", "enumerate with a stray argument", (c) => c.cli("enumerate", "out.csv"), "unexpected argument out.csv"),
  bad("cli", "an unknown command", (c) => c.cli("featurise", "x.csv"), 'unknown command "featurise"'),
  bad("cli", "no command", (c) => c.cli(), "no command given"),
  bad("cli", "data with a timeout that is not a number", (c) => c.cli("data", "--timeout", "soon"), '--timeout must be a number; "soon" is not a decimal number'),
  badWith("cli", "data with a damaged cached file", (c) => c.cached(DFT, keepLines(20)), (c) => c.env({ MATML_DATA_DIR: undefined, MATML_CACHE_DIR: c.cache }, () => c.cli("data")), "DFT_data.csv in the download cache"),

  // --- Estimators: non-finite values, wrong shapes, bad options, numeric extremes, saved models.
  bad("estimator", "NaN in X at fit (OLS)", () => new LinearRegression().fit(withValue(X, [1, 0], NaN), Y), "LinearRegression.fit: X[1][0] is NaN; every feature must be a finite number"),
  bad("estimator", "Infinity in y at fit (ridge)", () => new Ridge().fit(X, withValue(Y, [2], Infinity)), "Ridge.fit: y[2] is Infinity; targets must be finite numbers"),
  bad("estimator", "NaN in y at fit (random forest)", () => new RandomForestRegressor({ nEstimators: 2 }).fit(X, withValue(Y, [4], NaN)), "RandomForestRegressor.fit: y[4] is NaN"),
  bad("estimator", "-Infinity in X at fit (logistic regression)", () => new LogisticRegression().fit(withValue(X, [3, 1], -Infinity), CLASSES), "LogisticRegression.fit: X[3][1] is -Infinity"),
  bad("estimator", "Infinity in X at predict (k-NN)", () => new KNeighborsRegressor({ nNeighbors: 2 }).fit(X, Y).predict([[1, Infinity]]), "KNeighborsRegressor.predict: X[0][1] is Infinity"),
  bad("estimator", "NaN in X at predict (GP)", () => new GaussianProcessRegressor().fit(X, Y).predict([[NaN, 1]]), "GaussianProcessRegressor.predict: X[0][0] is NaN"),
  bad("estimator", "NaN in X at transform (StandardScaler)", () => new StandardScaler().fit(X).transform([[1, 2], [NaN, 1]]), "StandardScaler.transform: X[1][0] is NaN"),
  bad("estimator", "three columns at predict, two at fit", () => new LinearRegression().fit(X, Y).predict([[1, 2, 3]]), "LinearRegression.predict: X has 3 columns but the model was fitted on 2"),
  bad("estimator", "a DataFrame without a fitted column at predict", () => new Ridge().fit(XF, Y).predict(frame([[1]], ["a"])), 'Ridge.predict: the DataFrame\'s columns differ from those the model was fitted on: missing "b"'),
  bad("estimator", "a DataFrame with the columns reordered at predict", () => new Ridge().fit(XF, Y).predict(frame([[2, 1]], ["b", "a"])), "Ridge.predict: the DataFrame has the fitted columns in a different order"),
  bad("estimator", "a DataFrame with a renamed column at predict", () => new Ridge().fit(XF, Y).predict(frame([[1, 2]], ["a", "c"])), 'missing "b"; not seen at fit "c"'),
  bad("estimator", "predict before fit", () => new RandomForestRegressor().predict(X), "RandomForestRegressor.predict: this RandomForestRegressor is not fitted yet; call fit() first"),
  bad("estimator", "transform before fit", () => new StandardScaler().transform(X), "StandardScaler.transform: this StandardScaler is not fitted yet"),
  bad("estimator", "a misspelt option (Ridge alpah)", () => new Ridge({ alpah: 1 } as never), 'Ridge: unknown option "alpah"; did you mean "alpha"?'),
  bad("estimator", "a misspelt option in setParams", () => new RandomForestRegressor().setParams({ nEstimator: 10 } as never), 'RandomForestRegressor: unknown option "nEstimator"; did you mean "nEstimators"?'),
  bad("estimator", "a negative alpha", () => new Ridge({ alpha: -1 }), "Ridge: alpha must be a finite number >= 0, got -1"),
  bad("estimator", "nEstimators 0", () => new RandomForestRegressor({ nEstimators: 0 }), "RandomForestRegressor: nEstimators must be an integer >= 1, got 0"),
  bad("estimator", "maxFeatures 1 (one feature or all?)", () => new RandomForestRegressor({ maxFeatures: 1 }), /RandomForestRegressor: maxFeatures must be .*got 1; a bare 1 is ambiguous/),
  bad("estimator", "maxFeatures 0.5 written as a bare number", () => new RandomForestRegressor({ maxFeatures: 0.5 }), /maxFeatures must be .*got 0\.5; a share of the features is written \{ fraction: 0\.5 \}/),
  bad("estimator", "PCA nComponents 1 (one component or all the variance?)", () => new PCA({ nComponents: 1 }), /PCA: nComponents must be .*got 1; a bare 1 is ambiguous/),
  bad("estimator", "PCA with more components than columns", () => new PCA({ nComponents: 3 }).fit(X), "PCA.fit: nComponents = 3 but at most min(n_samples, n_features) = 2 components exist"),
  bad("estimator", "t-SNE perplexity beyond the rows", () => new TSNE({ perplexity: 30 }).fit(X), "TSNE.fit: perplexity (30) must be less than the number of samples (6)"),
  bad("estimator", "an OLS weight beyond double precision", () => new LinearRegression().fit([[1e-300], [2e-300], [3e-300], [4.5e-300]], [1e300, 2e300, 3e300, 4e300]), "LinearRegression.fit: the coefficient of column 0 is beyond double precision"),
  bad("estimator", "a ridge weight beyond double precision names the column", () => new Ridge({ alpha: 0 }).fit({ columns: ["tiny"], values: [[1e-300], [2e-300], [3e-300], [4.5e-300]] }, [1e300, 2e300, 3e300, 4e300]), 'Ridge.fit: the coefficient of column 0 ("tiny") is beyond double precision'),
  bad("estimator", "an OLS prediction beyond double precision", () => new LinearRegression().fit([[1e307], [2e307], [3e307]], [2e307, 4e307, 6e307]).predict([[1e307], [1.5e308]]), "LinearRegression.predict: the prediction for row 1 is beyond double precision"),
  bad("estimator", "StandardScaler on a column from -1e308 to 1e308", () => new StandardScaler().fit({ columns: ["big"], values: [[-1e308], [0], [1e308]] }), 'StandardScaler.fit: column "big" has values up to 1.000e+308'),
  bad("estimator", "GaussianNB varSmoothing 0 on a zero-variance feature", () => new GaussianNB({ varSmoothing: 0 }).fit([[1, 0], [2, 0], [3, 0], [4, 0]], [0, 0, 1, 1]), "GaussianNB.fit: feature 1 has zero variance within class 0 (all 2 values equal 0) and varSmoothing is 0"),
  bad("estimator", "a GP whose kernel matrix is singular", () => new GaussianProcessRegressor({ alpha: 0, optimizer: null }).fit([[1], [1], [2]], [1, 2, 3]), "Try gradually increasing the alpha option"),
  bad("estimator", "a GP alpha per row of the wrong length", () => new GaussianProcessRegressor({ alpha: [0.1, 0.1] }).fit(X, Y), "GaussianProcessRegressor.fit: alpha has 2 values but there are 6 training rows"),
  bad("estimator", "a GP kernel with one length scale per feature too many", () => new GaussianProcessRegressor({ kernel: new RBF({ lengthScale: [1, 1, 1] }) }).fit(X, Y), "RBF: 3 length scales (anisotropic) but X has 2 features"),
  bad("estimator", "logistic regression on a single class", () => new LogisticRegression().fit(X, [1, 1, 1, 1, 1, 1]), "LogisticRegression.fit: y has only 1 class (1); a classifier needs at least 2 classes"),
  bad("estimator", "classifier labels mixing numbers and strings", () => new RandomForestClassifier({ nEstimators: 2 }).fit(X, [0, 0, "a", 1, 1, 1] as never), 'RandomForestClassifier.fit: y[2] is the string "a" but y[0] is the number 0'),
  bad("estimator", "classifier labels fewer than the rows", () => new RandomForestClassifier({ nEstimators: 2 }).fit(X, [0, 1, 0]), "RandomForestClassifier.fit: X has 6 rows but y has 3"),
  bad("estimator", "precision for a positive label that is not there", () => precisionScore(["a", "b", "a"], ["a", "a", "b"]), 'precisionScore: posLabel 1 is not among the labels ["a","b"]'),
  bad("estimator", "campaign nInitial 0", () => runCampaign({ ...POOL, nInitial: 0 }), "runCampaign: nInitial must be an integer >= 1, got 0"),
  bad("estimator", "campaign with a misspelt option", () => runCampaign({ ...POOL, nIntial: 3 } as never), 'runCampaign: unknown option "nIntial"; did you mean "nInitial"?'),
  bad("estimator", 'campaign goal "max"', () => runCampaign({ ...POOL, goal: "max" as never }), 'runCampaign: goal must be "maximize", "minimize" or { target: t }'),
  bad("estimator", "campaign budget beyond the pool", () => runCampaign({ ...POOL, nInitial: 4, batchSize: 5, rounds: 3 }), "nInitial (4) + rounds (3) × batchSize (5) = 19 measurements, but 16 of the 20 compounds are searchable"),
  bad("estimator", 'expected improvement for goal "max"', () => expectedImprovement([1], [0.1], 0, { goal: "max" as never }), "expectedImprovement: goal must be"),
  bad("estimator", "grid search over an unknown key", () => gridSearchCV(new Ridge(), { alpah: [0.1, 1] }, X, Y, { cv: 2, nJobs: 1 }), 'Ridge: unknown option "alpah"; did you mean "alpha"?'),
  bad("estimator", "grid search over a bad value", () => gridSearchCV(new Ridge(), { alpha: [1, -2] }, X, Y, { cv: 2, nJobs: 1 }), "Ridge: alpha must be a finite number >= 0, got -2"),
  bad("estimator", "grid search with a misspelt option", () => gridSearchCV(new Ridge(), { alpha: [1] }, X, Y, { cvv: 2 } as never), 'gridSearchCV: unknown option "cvv"; did you mean "cv"?'),
  bad("estimator", "more folds than rows", () => crossValScore(new Ridge(), X, Y, 10), "cv must be a number of folds from 2 to the 6 rows of X"),
  bad("estimator", "saveModel of an unfitted model", (c) => saveModel(new Ridge(), path.join(c.dir, "ridge")), "saveModel: the Ridge is not fitted yet"),
  bad("estimator", "loadModel of a folder that is not there", (c) => loadModel(path.join(c.dir, "nothing")), "nothing/model.json does not exist"),
  badWith("estimator", "loadModel of a truncated model.json", (c) => savedModel(c, "ridge", new Ridge().fit(X, Y), ["model.json", firstHalf]), (c) => loadModel(path.join(c.dir, "ridge")), "ridge/model.json is not valid JSON"),
  badWith("estimator", "loadModel of random bytes as model.json", (c) => savedModel(c, "ridge", new Ridge().fit(X, Y), ["model.json", randomBytes(300)]), (c) => loadModel(path.join(c.dir, "ridge")), "ridge/model.json is not valid JSON"),
  badWith("estimator", "loadModel of random bytes as arrays.bin", (c) => savedModel(c, "forest", new RandomForestRegressor({ nEstimators: 2 }).fit(X, Y), ["arrays.bin", randomBytes()]), (c) => loadModel(path.join(c.dir, "forest")), "forest/arrays.bin does not match the SHA-256 recorded in"),
  badWith("estimator", "loadModel of a truncated arrays.bin", (c) => savedModel(c, "forest", new RandomForestRegressor({ nEstimators: 2 }).fit(X, Y), ["arrays.bin", dropLastBytes(8)]), (c) => loadModel(path.join(c.dir, "forest")), /forest\/arrays\.bin has \d+ bytes but .*model\.json records \d+/),
  badWith("estimator", "loadModel of an unknown estimator class", (c) => savedModel(c, "ridge", new Ridge().fit(X, Y), ["model.json", (b) => b.toString().replace('"Ridge"', '"Ridgid"')]), (c) => loadModel(path.join(c.dir, "ridge")), 'ridge/model.json describes a model this matml cannot rebuild: unknown estimator class "Ridgid"'),
  badWith("estimator", "saveModel failing half-way keeps the previous model", (c) => savedModel(c, "ridge", new Ridge().fit(X, Y)), (c) => c.failWrites("model.json", () => saveModel(new Ridge({ alpha: 5 }).fit(X, Y), path.join(c.dir, "ridge"))), /saveModel: could not write .*ridge\/model\.json \(ENOSPC.*\); .*ridge was left as it was/),

  // --- Networks: checked before training; saved folders checked file by file; the backend named.
  bad("network", "NaN in X at fit", () => new DenseRegressor({ epochs: 1 }).fit(withValue(TINY_X, [0, 0], NaN), TINY_Y, { live: "off" }), "DenseRegressor.fit: X[0][0] is NaN; every feature must be a finite number"),
  bad("network", "Infinity in y at fit", () => new DenseRegressor({ epochs: 1 }).fit(TINY_X, withValue(TINY_Y, [3], Infinity), { live: "off" }), "DenseRegressor.fit: y[3] is Infinity"),
  bad("network", "a target beyond float32's range", () => new DenseRegressor({ epochs: 1 }).fit(TINY_X, withValue(TINY_Y, [3], 1e39), { live: "off" }), "DenseRegressor.fit: y[3] = 1e+39 is too large for a float32 network"),
  bad("network", "a target whose squared error overflows float32", () => new DenseRegressor({ epochs: 1 }).fit(TINY_X, withValue(TINY_Y, [5], 1e20), { live: "off" }), "y[5] = 100000000000000000000 is too large for a float32 network"),
  bad("network", "a feature beyond float32's range", () => new DenseRegressor({ epochs: 1 }).fit(withValue(TINY_X, [2, 0], -1e39), TINY_Y, { live: "off" }), "DenseRegressor.fit: X[2][0] = -1e+39 is beyond float32's range"),
  bad("network", "NaN in X at predict", async () => (await tinyNetwork("dense")).predict([[0.5, NaN]]), "DenseRegressor.predict: X[0][1] is NaN"),
  bad("network", "three columns at predict, two at fit", async () => (await tinyNetwork("dense")).predict([[1, 2, 3]]), "DenseRegressor.predict: X has 3 columns but the model was fitted on 2"),
  bad("network", "predict before fit", () => new DenseRegressor().predict(TINY_X), "DenseRegressor.predict: this DenseRegressor is not fitted yet"),
  bad("network", "a misspelt option", () => new DenseRegressor({ epoch: 1 } as never), 'DenseRegressor: unknown option "epoch"; did you mean "epochs"?'),
  bad("network", "a CNN whose images all have one class", () => new CnnClassifier({ epochs: 1 }).fit({ ...tinyImages(), labels: new Array(8).fill(0) }, { live: "off" }), 'CnnClassifier.fit: every training image has label 0 ("square"); a classifier needs images of at least 2 classes'),
  bad("network", "a CNN given a single class name", () => new CnnClassifier({ epochs: 1 }).fit({ ...tinyImages(), labels: new Array(8).fill(0), classNames: ["square"] }, { live: "off" }), 'CnnClassifier.fit: the image set has 1 class (["square"])'),
  bad("network", "a CNN label outside the classes", () => new CnnClassifier({ epochs: 1 }).fit({ ...tinyImages(), labels: [0, 1, 7, 3, 4, 0, 1, 2] }, { live: "off" }), "CnnClassifier.fit: label 2 is 7, expected an integer in 0..4"),
  bad("network", "an Infinity pixel at fit", () => new CnnClassifier({ epochs: 1 }).fit(imagesWithPixel(5, Infinity), { live: "off" }), "CnnClassifier.fit: image 0 has pixel (row 0, column 5) = Infinity"),
  bad("network", "a NaN pixel at predict", async () => (await tinyNetwork("cnn")).predict(imagesWithPixel(256 + 2 * 16 + 12, NaN)), "CnnClassifier.predict: image 1 has pixel (row 2, column 12) = NaN; every pixel must be a finite number"),
  bad("network", "a loaded folder that is not there", (c) => DenseRegressor.load(path.join(c.dir, "nothing")), "nothing/matml.json not found"),
  badWith("network", "a truncated model.json", (c) => savedNetwork(c, "dense", ["model.json", firstHalf]), (c) => DenseRegressor.load(path.join(c.dir, "dense")), "dense/model.json is not valid JSON"),
  badWith("network", "a weights file of the wrong byte length", (c) => savedNetwork(c, "dense", ["weights.bin", dropLastBytes(4)]), (c) => DenseRegressor.load(path.join(c.dir, "dense")), /dense\/weights\.bin has \d+ bytes but .*dense\/model\.json describes \d+ bytes of weights/),
  badWith("network", "random bytes as the weights", (c) => savedNetwork(c, "cnn", ["weights.bin", randomBytes()]), (c) => CnnClassifier.load(path.join(c.dir, "cnn")), "cnn/weights.bin does not match the SHA-256 recorded in matml.json"),
  badWith("network", "random bytes as matml.json", (c) => savedNetwork(c, "cnn", ["matml.json", randomBytes(200)]), (c) => CnnClassifier.load(path.join(c.dir, "cnn")), "cnn/matml.json is not valid JSON"),
  badWith("network", "a dense network loaded as a CNN", (c) => savedNetwork(c, "dense"), (c) => CnnClassifier.load(path.join(c.dir, "dense")), "holds a DenseRegressor, not a CnnClassifier"),
  badWith("network", "a save failing half-way keeps the previous network", (c) => savedNetwork(c, "dense"), async (c) => { const net = await tinyNetwork("dense"); return c.failWrites("matml.json", () => net.save(path.join(c.dir, "dense"))); }, /DenseRegressor\.save: could not write .*dense\/matml\.json \(ENOSPC.*\); .*dense was left as it was/),
  bad("network", "MATML_BACKEND with an unknown value", (c) => c.env({ MATML_BACKEND: "gpu" }, () => forcedBackend()), 'MATML_BACKEND="gpu" is not a TensorFlow.js backend; valid names: tensorflow, wasm, cpu'),
  bad("network", "MATML_BACKEND in capitals", (c) => c.env({ MATML_BACKEND: "WASM" }, () => forcedBackend()), 'MATML_BACKEND="WASM" is not a TensorFlow.js backend'),
];

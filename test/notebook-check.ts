// The notebook check: every code cell of every notebook type-checked, in order, the way tslab runs
// it, plus the committed-file rules (output-free, TypeScript kernel) and the notebook code style
// (plain calls a student can read). Used by test/notebooks.test.ts and scripts/check-notebooks.js.
//
// How cells become one program (as tslab sees them: one shared scope, top-level await allowed):
// each code cell is a virtual module file beside the notebook (`<name>.cell<k>.ts`, so that
// `import * as ml from "../dist/lib"` resolves to the built library's .d.ts). Its own text is kept
// as written; above it, a prelude re-declares what earlier cells left in scope, and below it one
// `export { ... }` exports its own top-level names:
//   - an earlier import is repeated (`import * as ml from "../dist/lib";`),
//   - an earlier `let`/`const`/`var` becomes `declare let x: typeof import("./nb.cell3").x;`
//     (so a later cell may reassign a `let` and may not reassign a `const`),
//   - an earlier function, class, enum, interface or type is imported from its cell.
// A name a cell declares again shadows the earlier one, as in tslab. All cells of all checked
// notebooks go into ONE ts.Program, compiled with tsconfig.json's options. The only diagnostics
// dropped are the ones about top-level await in a CommonJS module, which tslab allows.
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { projectRoot } from "../lib/paths";

/** One finding; `cell` counts all cells (markdown too), `codeCell` only code cells, both from 1. */
export interface NotebookProblem {
  notebook: string;
  kind: "format" | "type" | "lint";
  cell?: number;
  codeCell?: number;
  line?: number;
  message: string;
}

/** What the check found in one notebook, by kind. */
export interface NotebookReport {
  notebook: string;
  /** Committed-file rules: valid JSON, TypeScript (tslab) kernel, no outputs, execution_count null. */
  format: NotebookProblem[];
  /** TypeScript errors, cells compiled in order in one scope. */
  types: NotebookProblem[];
  /** Style: no `!`, `as`, `any`, explicit generics; short cells. */
  lint: NotebookProblem[];
}

/** Options of {@link checkNotebooks}. */
export interface CheckOptions {
  /** Folder the cells' relative imports resolve from (default: each notebook's own folder). */
  importDir?: string;
  /** The tsconfig.json whose compiler options apply (default: the project's). */
  tsconfig?: string;
}

/** Most lines a code cell may have, and a cell that builds or shows a figure. */
export const MAX_CELL_LINES = 15;
export const MAX_FIGURE_CELL_LINES = 25;

/** "nb.ipynb, code cell 5 (cell 9 of all), line 3: message". */
export function formatProblem(p: NotebookProblem): string {
  const where = p.codeCell === undefined ? "" : `, code cell ${p.codeCell} (cell ${p.cell} of all)` + (p.line === undefined ? "" : `, line ${p.line}`);
  return `${p.notebook}${where}: ${p.message}`;
}

/** The .ipynb files of a folder, sorted by name. */
export function listNotebooks(dir: string = path.join(projectRoot, "notebooks")): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".ipynb"))
    .sort()
    .map((f) => path.join(dir, f));
}

interface Cell {
  index: number; // 1-based over all cells
  codeIndex: number; // 1-based over code cells (0 for markdown)
  type: string;
  source: string;
  outputs: unknown;
  executionCount: unknown;
}

interface ParsedNotebook {
  file: string;
  label: string;
  json: { metadata?: { kernelspec?: { name?: string; language?: string } }; cells?: unknown };
  cells: Cell[];
}

function readNotebook(file: string, format: NotebookProblem[]): ParsedNotebook | null {
  const label = path.relative(projectRoot, file).startsWith("..") ? file : path.relative(projectRoot, file);
  let json: ParsedNotebook["json"];
  try {
    json = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    format.push({ notebook: label, kind: "format", message: `not a readable notebook: ${(e as Error).message}` });
    return null;
  }
  if (!Array.isArray(json.cells)) {
    format.push({ notebook: label, kind: "format", message: "has no cells list" });
    return null;
  }
  let codeIndex = 0;
  const cells = (json.cells as Record<string, unknown>[]).map((c, i) => {
    const source = Array.isArray(c.source) ? c.source.join("") : String(c.source ?? "");
    return { index: i + 1, codeIndex: c.cell_type === "code" ? ++codeIndex : 0, type: String(c.cell_type), source, outputs: c.outputs, executionCount: c.execution_count };
  });
  return { file, label, json, cells };
}

function checkFormat(nb: ParsedNotebook): NotebookProblem[] {
  const out: NotebookProblem[] = [];
  const spec = nb.json.metadata?.kernelspec;
  if (spec?.name !== "tslab" || spec?.language !== "typescript") {
    out.push({ notebook: nb.label, kind: "format", message: `kernel is ${JSON.stringify(spec ?? null)}; notebooks use the TypeScript kernel (kernelspec name "tslab", language "typescript")` });
  }
  for (const c of nb.cells.filter((c) => c.type === "code")) {
    const at = { notebook: nb.label, kind: "format" as const, cell: c.index, codeCell: c.codeIndex };
    const n = Array.isArray(c.outputs) ? c.outputs.length : -1;
    if (n !== 0) out.push({ ...at, message: n < 0 ? "has no outputs list (write \"outputs\": [])" : `has ${n} output(s) committed; clear them with npm run clean-notebooks` });
    if (c.executionCount !== null) out.push({ ...at, message: `has execution_count ${JSON.stringify(c.executionCount)} (must be null); clear it with npm run clean-notebooks` });
  }
  return out;
}

// ---- cells as one program -------------------------------------------------------------------

type Binding = { name: string; kind: "import" | "const" | "let" | "other"; importText?: string };

function bindingNames(name: ts.BindingName, out: string[]): void {
  if (ts.isIdentifier(name)) out.push(name.text);
  else for (const el of name.elements) if (!ts.isOmittedExpression(el)) bindingNames(el.name, out);
}

/** The top-level names a cell declares, read from its syntax alone. */
function topLevelBindings(sf: ts.SourceFile): Binding[] {
  const out: Binding[] = [];
  const text = (n: ts.Node) => n.getText(sf);
  for (const st of sf.statements) {
    if (ts.isVariableStatement(st)) {
      const kind = st.declarationList.flags & ts.NodeFlags.Const ? "const" : "let";
      for (const d of st.declarationList.declarations) {
        const names: string[] = [];
        bindingNames(d.name, names);
        for (const name of names) out.push({ name, kind });
      }
    } else if (ts.isImportDeclaration(st) && st.importClause) {
      const from = text(st.moduleSpecifier);
      const clause = st.importClause;
      const typeOnly = clause.isTypeOnly ? "type " : "";
      if (clause.name) out.push({ name: clause.name.text, kind: "import", importText: `import ${typeOnly}${clause.name.text} from ${from};` });
      const nb = clause.namedBindings;
      if (nb && ts.isNamespaceImport(nb)) out.push({ name: nb.name.text, kind: "import", importText: `import ${typeOnly}* as ${nb.name.text} from ${from};` });
      if (nb && ts.isNamedImports(nb)) {
        for (const el of nb.elements) out.push({ name: el.name.text, kind: "import", importText: `import ${typeOnly}{ ${text(el)} } from ${from};` });
      }
    } else if (ts.isImportEqualsDeclaration(st)) {
      out.push({ name: st.name.text, kind: "import", importText: text(st) });
    } else if (
      (ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st) || ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st) || ts.isEnumDeclaration(st) || ts.isModuleDeclaration(st)) &&
      st.name &&
      ts.isIdentifier(st.name)
    ) {
      out.push({ name: st.name.text, kind: "other" });
    }
  }
  return out;
}

interface CellFile {
  nb: ParsedNotebook;
  cell: Cell;
  fileName: string;
  preludeLength: number; // characters before the cell's own text
  preludeLines: number;
  cellEnd: number; // character offset where the cell's own text ends
}

/** Builds the virtual files of one notebook's code cells (see the header comment). */
function cellFiles(nb: ParsedNotebook, importDir: string, files: Map<string, string>): CellFile[] {
  const base = path.basename(nb.file, ".ipynb");
  const scope = new Map<string, Binding & { module: string }>(); // name -> latest declaration
  const out: CellFile[] = [];
  for (const cell of nb.cells.filter((c) => c.type === "code")) {
    const fileName = path.join(importDir, `${base}.cell${cell.codeIndex}.ts`);
    const own = topLevelBindings(ts.createSourceFile(fileName, cell.source, ts.ScriptTarget.Latest, true));
    const ownNames = new Set(own.map((b) => b.name));
    const prelude: string[] = [];
    for (const [name, b] of scope) {
      if (ownNames.has(name)) continue; // redeclared here: the new one shadows the old
      if (b.kind === "import") prelude.push(b.importText ?? "");
      else if (b.kind === "other") prelude.push(`import { ${name} } from "./${b.module}";`);
      else prelude.push(`declare ${b.kind} ${name}: typeof import("./${b.module}").${name};`);
    }
    const head = prelude.map((l) => l + "\n").join("");
    const exported = [...new Set(own.filter((b) => b.kind !== "import").map((b) => b.name))];
    files.set(fileName, `${head}${cell.source}\n;export { ${exported.join(", ")} };\n`);
    out.push({ nb, cell, fileName, preludeLength: head.length, preludeLines: prelude.length, cellEnd: head.length + cell.source.length });
    const module = path.basename(fileName, ".ts");
    for (const b of own) scope.set(b.name, { ...b, module });
  }
  return out;
}

function compilerOptions(tsconfig: string): ts.CompilerOptions {
  const read = ts.readConfigFile(tsconfig, ts.sys.readFile);
  if (read.error) throw new Error(`${tsconfig}: ${ts.flattenDiagnosticMessageText(read.error.messageText, "\n")}`);
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(tsconfig), undefined, tsconfig);
  const options: ts.CompilerOptions = { ...parsed.options, noEmit: true };
  for (const emitOnly of ["outDir", "rootDir", "declaration", "declarationMap", "sourceMap", "composite", "incremental", "tsBuildInfoFile"]) delete options[emitOnly];
  return options;
}

// Library and @types source files are parsed once per process and shared by every program.
const parsedFiles = new Map<string, ts.SourceFile>();

// Top-level await in a CommonJS module (TS1378, and TS1432 for `for await`): allowed by tslab.
const TOP_LEVEL_AWAIT = new Set([1378, 1432]);

/** Calls whose callee is declared in one of these built files draw figures. */
const FIGURE_FILES = ["builders.d.ts", "show.d.ts"].map((f) => path.join("dist", "lib", "plot", f));

/**
 * Checks notebooks: committed-file format, types (all code cells in order, one scope, one
 * program for all notebooks) and code style. Reports every violation; never throws on them.
 */
export function checkNotebooks(notebooks: string[], options: CheckOptions = {}): NotebookReport[] {
  const reports = new Map<string, NotebookReport>();
  const files = new Map<string, string>();
  const cells: CellFile[] = [];
  for (const file of notebooks) {
    const format: NotebookProblem[] = [];
    const nb = readNotebook(file, format);
    const report: NotebookReport = { notebook: nb?.label ?? file, format, types: [], lint: [] };
    reports.set(file, report);
    if (!nb) continue;
    format.push(...checkFormat(nb));
    cells.push(...cellFiles(nb, options.importDir ?? path.dirname(file), files));
  }
  if (!cells.length) return [...reports.values()];

  const compilerOpts = compilerOptions(options.tsconfig ?? path.join(projectRoot, "tsconfig.json"));
  const host = ts.createCompilerHost(compilerOpts, true);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (f) => files.has(f) || fileExists.call(host, f);
  host.readFile = (f) => files.get(f) ?? readFile.call(host, f);
  host.getSourceFile = (f, lang, onError) => {
    const text = files.get(f);
    if (text !== undefined) return ts.createSourceFile(f, text, lang, true);
    const key = `${f}|${typeof lang === "object" ? lang.languageVersion : lang}`;
    let sf = parsedFiles.get(key);
    if (!sf) {
      sf = getSourceFile.call(host, f, lang, onError);
      if (sf) parsedFiles.set(key, sf);
    }
    return sf;
  };
  const program = ts.createProgram({ rootNames: cells.map((c) => c.fileName), options: compilerOpts, host });
  const checker = program.getTypeChecker();

  for (const c of cells) {
    const sf = program.getSourceFile(c.fileName);
    if (!sf) throw new Error(`internal: ${c.fileName} is not in the program`);
    const report = reports.get(c.nb.file);
    if (!report) throw new Error(`internal: no report for ${c.nb.file}`);
    const at = (pos: number) => {
      const line = sf.getLineAndCharacterOfPosition(pos).line - c.preludeLines + 1;
      return { notebook: c.nb.label, cell: c.cell.index, codeCell: c.cell.codeIndex, line: Math.max(line, 1) };
    };
    const diagnostics = [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)];
    for (const d of diagnostics) {
      if (TOP_LEVEL_AWAIT.has(d.code) || d.start === undefined) continue;
      const text = `error TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
      if (d.start < c.preludeLength) {
        // A carried-over declaration failed: its own cell already reports an unresolved import.
        if (d.code === 2307) continue;
        report.types.push({ ...at(c.preludeLength), kind: "type", message: `(in what earlier cells declare) ${text}` });
      } else report.types.push({ ...at(d.start), kind: "type", message: text });
    }
    report.lint.push(...lintCell(sf, c, checker, at));
  }
  return [...reports.values()];
}

function lintCell(sf: ts.SourceFile, c: CellFile, checker: ts.TypeChecker, at: (pos: number) => Omit<NotebookProblem, "kind" | "message">): NotebookProblem[] {
  const out: NotebookProblem[] = [];
  let drawsFigure = false;
  const snippet = (n: ts.Node, end: boolean) => {
    const t = n.getText(sf).replace(/\s+/g, " ");
    if (t.length <= 60) return t;
    return end ? "..." + t.slice(-57) : t.slice(0, 57) + "...";
  };
  // `end`: show the end of a long node (where `any` sits in `{ ... } as any`).
  const flag = (n: ts.Node, what: string, end = false) => out.push({ ...at(n.getStart(sf)), kind: "lint", message: `${what}: \`${snippet(n, end)}\`` });
  const visit = (n: ts.Node): void => {
    if (ts.isNonNullExpression(n)) flag(n, "`!` non-null assertion");
    if ((ts.isVariableDeclaration(n) || ts.isPropertyDeclaration(n)) && n.exclamationToken) flag(n, "`!` definite-assignment assertion");
    if (ts.isAsExpression(n)) flag(n, "`as` cast");
    if (ts.isTypeAssertionExpression(n)) flag(n, "`<T>` cast");
    if (n.kind === ts.SyntaxKind.AnyKeyword) flag(n.parent, "`any` type", true);
    if (ts.isShorthandPropertyAssignment(n)) {
      // tslab rewrites an earlier cell's variables when it runs a cell, but not inside `{ a }`:
      // that throws at run time (type-checks fine). `{ a: a }` runs.
      const declared = checker.getShorthandAssignmentValueSymbol(n)?.valueDeclaration;
      if (declared && declared.getSourceFile() === sf && declared.getStart(sf) < c.preludeLength) {
        flag(n, `shorthand property for \`${n.name.text}\` of an earlier cell fails at run time in tslab; write \`${n.name.text}: ${n.name.text}\``);
      }
    }
    const typeArgs = (n as { typeArguments?: ts.NodeArray<ts.TypeNode> }).typeArguments;
    if (typeArgs?.length) flag(n, "explicit generic type arguments");
    const typeParams = (n as { typeParameters?: ts.NodeArray<ts.TypeParameterDeclaration> }).typeParameters;
    if (typeParams?.length) out.push({ ...at(typeParams.pos), kind: "lint", message: `generic type parameters: \`<${typeParams.map((p) => p.getText(sf)).join(", ")}>\`` });
    if ((ts.isCallExpression(n) || ts.isNewExpression(n)) && !drawsFigure) {
      const decl = checker.getResolvedSignature(n)?.getDeclaration();
      const file = decl?.getSourceFile().fileName ?? "";
      drawsFigure = FIGURE_FILES.some((f) => file.endsWith(f));
    }
    ts.forEachChild(n, visit);
  };
  for (const st of sf.statements) if (st.getStart(sf) >= c.preludeLength && st.getStart(sf) < c.cellEnd) visit(st);
  const lines = c.cell.source.replace(/\s+$/, "").split("\n").length;
  const limit = drawsFigure ? MAX_FIGURE_CELL_LINES : MAX_CELL_LINES;
  if (lines > limit) {
    out.push({
      notebook: c.nb.label,
      cell: c.cell.index,
      codeCell: c.cell.codeIndex,
      kind: "lint",
      message: `cell has ${lines} lines; at most ${MAX_CELL_LINES} (${MAX_FIGURE_CELL_LINES} for a cell that builds or shows a figure${drawsFigure ? ", as this one does" : ""}): split it`,
    });
  }
  return out;
}

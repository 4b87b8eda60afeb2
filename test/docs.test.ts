// The API reference: every name lib/index.ts exports (following `export *` and `export { }` to
// the declaration) has a /** doc comment */, and `npm run docs` (TypeDoc) builds the reference.
import { test } from "node:test";
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawnSync } from "child_process";
import * as ts from "typescript";
import { projectRoot } from "../lib/paths";

/** "name (file:line)" for each export of `entry` whose declarations carry no doc comment. */
function undocumentedExports(entry: string): string[] {
  const program = ts.createProgram([entry], { target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.CommonJS, noEmit: true, skipLibCheck: true, types: [] });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(entry);
  const moduleSymbol = source && checker.getSymbolAtLocation(source);
  if (!moduleSymbol) throw new Error(`${entry} is not a module`);
  const missing: string[] = [];
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const decls = symbol.declarations ?? [];
    const documented = decls.some((d) => ts.getJSDocCommentsAndTags(d).some((doc) => ts.isJSDoc(doc) && ts.getTextOfJSDocComment(doc.comment)?.trim()));
    if (documented) continue;
    const where = decls.length ? `${path.relative(projectRoot, decls[0].getSourceFile().fileName)}:${decls[0].getSourceFile().getLineAndCharacterOfPosition(decls[0].getStart()).line + 1}` : "?";
    missing.push(`${exported.name} (${where})`);
  }
  return missing.sort();
}

test("the undocumented-export finder follows re-exports and renames and reads doc comments only", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "matml-docs-"));
  try {
    const write = (name: string, text: string) => fs.writeFileSync(path.join(dir, name), text);
    write("a.ts", "/** Documented. */\nexport function f() {}\n// a line comment is no doc comment\nexport const g = 1;\nexport interface I {}\n/** */\nexport type Empty = number;\n");
    write("b.ts", "/** Documented too. */\nexport const h = 2, k = 3;\nexport class C {}\n");
    write("index.ts", 'export * from "./a";\nexport { h, C as Renamed } from "./b";\n');
    const missing = undocumentedExports(path.join(dir, "index.ts")).map((s) => s.replace(/ \(.*\)$/, ""));
    assert.deepStrictEqual(missing, ["Empty", "I", "Renamed", "g"]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("every name exported by lib/index.ts has a doc comment", () => {
  const missing = undocumentedExports(path.join(projectRoot, "lib", "index.ts"));
  if (missing.length) assert.fail(`${missing.length} exported name(s) of lib/index.ts have no /** doc comment */:\n${missing.join("\n")}`);
});

test("npm run docs builds the API reference with TypeDoc", () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "matml-apidocs-"));
  try {
    const r = spawnSync("npm", ["run", "docs", "--", "--out", out, "--logLevel", "Error"], { cwd: projectRoot, encoding: "utf8" });
    assert.strictEqual(r.status, 0, `typedoc failed:\n${r.stdout}\n${r.stderr}`);
    assert.ok(fs.existsSync(path.join(out, "index.html")));
    const page = fs.readFileSync(path.join(out, "classes", "RandomForestRegressor.html"), "utf8");
    assert.match(page, /RandomForestRegressor/);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});

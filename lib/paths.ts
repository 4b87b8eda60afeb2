// Where the project lives on disk, found from this file so that notebooks (whose working
// directory is notebooks/), tests and the command line all agree.
import * as fs from "fs";
import * as path from "path";

function findProjectRoot(start: string): string {
  let dir = start;
  for (;;) {
    const pkg = path.join(dir, "package.json");
    if (fs.existsSync(pkg)) {
      try {
        if (JSON.parse(fs.readFileSync(pkg, "utf8")).name === "matml") return dir;
      } catch {
        /* not ours: keep walking */
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

/** The folder holding the project's package.json. */
export const projectRoot = findProjectRoot(__dirname);

/** Where executed notebooks, exported tables and summary.json go (env MATML_OUT_DIR overrides). */
export function outDir(): string {
  return process.env.MATML_OUT_DIR ? path.resolve(process.env.MATML_OUT_DIR) : path.join(projectRoot, "out");
}

// Where the project lives on disk, found from this file so that notebooks (whose working
// directory is notebooks/), tests and the command line all agree; and where a user's own files
// go. An install may be shared and read-only (a JupyterHub, a lab machine): then every file
// matml writes goes under the user's home instead of the project folder.
//
//   what                                  env var           default when the project is read-only
//   executed notebooks, HTML, summary,    MATML_OUT_DIR     $MATML_HOME/out (~/matml/out)
//     exported tables, saved models
//   downloaded data (the cache)           MATML_CACHE_DIR   $MATML_HOME/cache, else ~/.cache/matml
//   a student's own copies of notebooks   (MATML_HOME)      $MATML_HOME/notebooks (~/matml/notebooks)
//
// When the project folder is writable, the defaults stay inside it (out/, data/cache/).
import * as fs from "fs";
import * as os from "os";
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

/**
 * True when `dir` can be written by this process: the folder itself if it exists, else the
 * nearest existing folder above it (where it would be created).
 */
export function isWritable(dir: string): boolean {
  let probe = path.resolve(dir);
  while (!fs.existsSync(probe)) {
    const parent = path.dirname(probe);
    if (parent === probe) return false;
    probe = parent;
  }
  try {
    fs.accessSync(probe, fs.constants.W_OK);
    return fs.statSync(probe).isDirectory();
  } catch {
    return false;
  }
}

/** The user's own matml folder, used when the project is read-only (env MATML_HOME, default ~/matml). */
export function userHome(): string {
  return process.env.MATML_HOME ? path.resolve(process.env.MATML_HOME) : path.join(os.homedir(), "matml");
}

/**
 * Where executed notebooks, exported tables, saved models and summary.json go: env MATML_OUT_DIR,
 * else <project>/out when it can be written, else $MATML_HOME/out (~/matml/out).
 */
export function outDir(): string {
  if (process.env.MATML_OUT_DIR) return path.resolve(process.env.MATML_OUT_DIR);
  const inProject = path.join(projectRoot, "out");
  return isWritable(inProject) ? inProject : path.join(userHome(), "out");
}

/**
 * The download cache of the tutorial's data: env MATML_CACHE_DIR, else <project>/data/cache when
 * it can be written, else $MATML_HOME/cache when MATML_HOME is set, else $XDG_CACHE_HOME/matml
 * (~/.cache/matml).
 */
export function dataCacheDir(): string {
  if (process.env.MATML_CACHE_DIR) return path.resolve(process.env.MATML_CACHE_DIR);
  const inProject = path.join(projectRoot, "data", "cache");
  if (isWritable(inProject)) return inProject;
  if (process.env.MATML_HOME) return path.join(userHome(), "cache");
  const xdg = process.env.XDG_CACHE_HOME ? path.resolve(process.env.XDG_CACHE_HOME) : path.join(os.homedir(), ".cache");
  return path.join(xdg, "matml");
}

// Writes out/index.html after `npm run case-study`: one page linking every executed notebook's
// HTML with its run time from summary.json, so that out/ can be copied to any web server as the
// "solutions as run" copy of the course.
"use strict";
const fs = require("fs");
const path = require("path");

const escapeHtml = (s) => String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

/** The notebook's title: the first "# " heading of its first markdown cell, else its file name. */
function notebookTitle(file) {
  try {
    const nb = JSON.parse(fs.readFileSync(file, "utf8"));
    const md = nb.cells.find((c) => c.cell_type === "markdown");
    const text = md ? [].concat(md.source).join("") : "";
    const heading = /^#\s+(.+)$/m.exec(text);
    if (heading) return heading[1].trim();
  } catch {
    /* fall back to the file name */
  }
  return path.basename(file, ".ipynb");
}

function formatSeconds(s) {
  if (typeof s !== "number") return "–";
  return s < 90 ? `${s.toFixed(1)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

/**
 * Writes `outDir`/index.html for the notebooks (source .ipynb paths) whose HTML is in `outDir`;
 * `summary` is the parsed summary.json. Returns the file written and the notebooks listed.
 */
function writeIndex(outDir, notebooks, summary) {
  const seconds = summary.seconds_per_notebook || {};
  const failed = new Set(summary.failed_notebooks || []);
  const rows = [];
  for (const file of notebooks) {
    const name = path.basename(file, ".ipynb");
    if (!fs.existsSync(path.join(outDir, `${name}.html`))) continue;
    const status = failed.has(name) ? '<span class="failed">failed</span>' : "ok";
    rows.push({ name, html: `<tr><td><a href="${encodeURI(name)}.html">${escapeHtml(notebookTitle(file))}</a></td><td class="num">${formatSeconds(seconds[name.replace(/-/g, "_")])}</td><td>${status}</td><td><a href="${encodeURI(name)}.ipynb">.ipynb</a></td></tr>` });
  }
  const page = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>matml case study: notebooks as run</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 0.4rem 0.6rem; border-bottom: 1px solid #ddd; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.failed { color: #b00; font-weight: bold; }
footer { margin-top: 1.5rem; color: #666; font-size: 0.9em; }
</style>
</head>
<body>
<h1>matml case study: the notebooks as run</h1>
<p>Each notebook of the case study, executed top to bottom with every output (plots work offline). Run times were measured on the machine that ran them.</p>
<table>
<thead><tr><th>notebook</th><th class="num">run time</th><th>status</th><th>download</th></tr></thead>
<tbody>
${rows.map((r) => r.html).join("\n")}
</tbody>
</table>
<footer>Total ${formatSeconds(summary.total_seconds)}; TensorFlow.js backend: ${escapeHtml(summary.tensorflow_backend || "unknown")}; generated ${escapeHtml(new Date().toISOString().slice(0, 16).replace("T", " "))} UTC. The recorded numbers are in <a href="summary.json">summary.json</a>.</footer>
</body>
</html>
`;
  const out = path.join(outDir, "index.html");
  fs.writeFileSync(out, page);
  return { file: out, listed: rows.map((r) => r.name) };
}

module.exports = { writeIndex, notebookTitle };

// A 3-D picture of a cell with plotly's scatter3d: one marker colour per species, marker size
// from the ionic radius, the cell's edges drawn as lines.
import type { Figure, Trace } from "../plot/figure";
import { PALETTE } from "../plot/figure";
import { Cell, cartesian } from "./cell";
import { SHANNON_RADII } from "./radii";

/** A plotly figure of the cell (pass it to show()). */
export function cellPlot(cell: Cell, title = cell.title): Figure {
  const pos = cartesian(cell);
  const species = [...new Set(cell.sites.map((s) => s.species))];
  const traces: Trace[] = species.map((sp, k) => {
    const idx = cell.sites.map((s, i) => i).filter((i) => cell.sites[i].species === sp);
    return {
      type: "scatter3d",
      mode: "markers",
      name: sp,
      x: idx.map((i) => pos[i][0]),
      y: idx.map((i) => pos[i][1]),
      z: idx.map((i) => pos[i][2]),
      marker: { size: 6 + 6 * (SHANNON_RADII[sp] ?? 1.5), color: PALETTE[k % PALETTE.length], opacity: 0.9 },
      hovertext: idx.map((i) => `${sp} (${cell.sites[i].frac.map((x) => x.toFixed(2)).join(", ")})`),
      hoverinfo: "text",
    } as Trace;
  });
  const [a, b, c] = [cell.lattice[0][0], cell.lattice[1][1], cell.lattice[2][2]];
  const corners = [0, 1].flatMap((i) => [0, 1].flatMap((j) => [0, 1].map((k) => [i * a, j * b, k * c])));
  const edges: number[][][] = [];
  for (const p of corners) for (const q of corners) if (p < q && [0, 1, 2].filter((d) => p[d] !== q[d]).length === 1) edges.push([p, q]);
  traces.push({
    type: "scatter3d",
    mode: "lines",
    name: "cell",
    showlegend: false,
    hoverinfo: "skip",
    line: { color: "#888", width: 2 },
    x: edges.flatMap(([p, q]) => [p[0], q[0], NaN]),
    y: edges.flatMap(([p, q]) => [p[1], q[1], NaN]),
    z: edges.flatMap(([p, q]) => [p[2], q[2], NaN]),
  } as Trace);
  return { data: traces, layout: { title: { text: title }, height: 480, scene: { aspectmode: "data", xaxis: { title: { text: "x (Å)" } }, yaxis: { title: { text: "y (Å)" } }, zaxis: { title: { text: "z (Å)" } } }, margin: { l: 0, r: 0, t: 40, b: 0 } } };
}

import { test } from "node:test";
import * as assert from "node:assert/strict";
import {
  coulombEigenvalues,
  coulombMatrix,
  fractionsFromComposition,
  octahedralFactor,
  perovskiteCell,
  pseudoCubicA,
  radialDistribution,
  siteCounts,
  StructureFeaturizer,
  toCif,
  toleranceFactor,
  toPoscar,
  cellPlot,
} from "../lib/structure";
import type { Cell, SiteFractions } from "../lib/structure";

const CsPbI3 = { A: { Cs: 1 }, B: { Pb: 1 }, X: { I: 1 } };
const MAPbI3 = { A: { MA: 1 }, B: { Pb: 1 }, X: { I: 1 } };

test("tolerance and octahedral factors match the literature with the same radii", () => {
  // Shannon radii (Cs⁺ XII 1.88, Pb²⁺ VI 1.19, I⁻ 2.20 Å): t = 4.08 / (√2 · 3.39) = 0.851, the
  // value usually quoted for CsPbI3 with Cs⁺'s 12-coordinate radius (0.85).
  assert.equal(toleranceFactor(CsPbI3).toFixed(3), "0.851");
  // Kieslich, Sun & Cheetham (Chem. Sci. 5, 4712 (2014)): MA⁺ 2.17 Å gives t = 0.91 for MAPbI3.
  assert.equal(toleranceFactor(MAPbI3).toFixed(2), "0.91");
  assert.equal(octahedralFactor(CsPbI3).toFixed(3), "0.541");
  // Alloys use fraction-weighted radii.
  const half = { A: { Cs: 0.5, MA: 0.5 }, B: { Pb: 1 }, X: { I: 1 } };
  assert.ok(Math.abs(toleranceFactor(half) - (1.88 / 2 + 2.17 / 2 + 2.2) / (Math.SQRT2 * 3.39)) < 1e-12);
  assert.throws(() => toleranceFactor({ A: { Cs: 0.6 }, B: { Pb: 1 }, X: { I: 1 } }), /site A fractions sum to 0.6/);
  assert.throws(() => toleranceFactor({ A: { Xx: 1 }, B: { Pb: 1 }, X: { I: 1 } }), /no ionic radius for "Xx"/);
});

test("a cubic cell's RDF peaks sit at its interatomic distances", () => {
  const cell = perovskiteCell(CsPbI3);
  const a = pseudoCubicA(CsPbI3);
  assert.ok(Math.abs(a - 2 * (1.19 + 2.2)) < 1e-12);
  const { r, g } = radialDistribution(cell, { rMax: 1.05 * a, binWidth: 0.02 });
  const peaks = r.filter((_, k) => g[k] > 0 && (k === 0 || g[k - 1] === 0));
  // Pb–I a/2, Cs–I and I–I a/√2, Cs–Pb a√3/2, then a.
  const expected = [a / 2, a / Math.SQRT2, (a * Math.sqrt(3)) / 2, a];
  assert.equal(peaks.length, expected.length, `peaks at ${peaks.map((p) => p.toFixed(2)).join(", ")}`);
  peaks.forEach((p, k) => assert.ok(Math.abs(p - expected[k]) <= 0.02, `peak ${k}: ${p} vs ${expected[k]}`));
});

test("Coulomb-matrix eigenvalues do not depend on the order of the atoms", () => {
  const cell = perovskiteCell({ A: { Cs: 0.5, MA: 0.5 }, B: { Pb: 0.75, Sn: 0.25 }, X: { I: 2 / 3, Br: 1 / 3 } }, { size: [2, 2, 2], seed: 3 });
  const M = coulombMatrix(cell);
  assert.equal(M.length, 40);
  assert.ok(Math.abs(M[0][0] - 0.5 * 55 ** 2.4) < 1e-9 || Math.abs(M[0][0] - 0.5 * 19 ** 2.4) < 1e-9);
  const reversed: Cell = { ...cell, sites: [...cell.sites].reverse() };
  const e1 = coulombEigenvalues(cell, 10);
  const e2 = coulombEigenvalues(reversed, 10);
  e1.forEach((v, k) => assert.ok(Math.abs(v - e2[k]) <= 1e-9 * Math.abs(v), `eigenvalue ${k}`));
  // ... while the matrix itself does change with the order.
  assert.notDeepEqual(coulombMatrix(reversed)[0], M[0]);
  // Padding with zeros to a fixed length.
  assert.equal(coulombEigenvalues(perovskiteCell(CsPbI3), 8).slice(5).every((v) => v === 0), true);
});

test("supercells hold exact species counts and are seeded", () => {
  assert.deepEqual(siteCounts({ Cs: 0.5, MA: 0.5 }, 8), { Cs: 4, MA: 4 });
  assert.deepEqual(siteCounts({ I: 0.875, Br: 0.125 }, 24), { I: 21, Br: 3 });
  const f = { A: { Cs: 0.5, FA: 0.5 }, B: { Pb: 1 }, X: { I: 0.5, Cl: 0.5 } };
  const c1 = perovskiteCell(f, { size: [2, 2, 2], seed: 1 });
  assert.deepEqual(perovskiteCell(f, { size: [2, 2, 2], seed: 1 }), c1);
  assert.equal(c1.sites.filter((s) => s.species === "Cl").length, 12);
  assert.notDeepEqual(perovskiteCell(f, { size: [2, 2, 2], seed: 2 }).sites, c1.sites);
});

test("CIF and POSCAR exports list every site; the 3-D view has one trace per species", () => {
  const cell = perovskiteCell(CsPbI3);
  const cif = toCif(cell);
  assert.match(cif, /_cell_length_a 6\.78000/);
  assert.equal(cif.split("\n").filter((l) => /^(Cs|Pb|I)\d/.test(l)).length, 5);
  const poscar = toPoscar(cell).split("\n");
  assert.equal(poscar[5], "Cs Pb I");
  assert.equal(poscar[6], "1 1 3");
  const fig = cellPlot(cell);
  assert.deepEqual(fig.data.map((t) => t.name), ["Cs", "Pb", "I", "cell"]);
});

test("the structure featurizer gives labelled, finite, seeded descriptors", () => {
  const fz = new StructureFeaturizer();
  const labels = fz.featureLabels();
  const row = [0, 0, 1, 0, 0, 0, 0, 0, 0, 0.5, 0.5, 0, 0, 1];
  const v = fz.featurize(fractionsFromComposition(row));
  assert.equal(v.length, labels.length);
  assert.ok(v.every(Number.isFinite));
  assert.deepEqual(fz.featurizeMany([row]), [v]);
  assert.throws(() => fractionsFromComposition([1, 2]), /14 composition values/);
});

test("the RDF counts every periodic image within rMax, as a plain all-images sum does", () => {
  // The readable version: every pair, every image in range, the distance binned.
  const reference = (cell: Cell, rMax: number, binWidth: number): number[] => {
    const pos = cell.sites.map((s) => s.frac.map((u, d) => u * cell.lattice[d][d]));
    const L = [0, 1, 2].map((d) => cell.lattice[d][d]);
    const counts = new Array<number>(Math.round(rMax / binWidth)).fill(0);
    for (let i = 0; i < pos.length; i++) {
      for (let j = 0; j < pos.length; j++) {
        for (let a = -2; a <= 2; a++) {
          for (let b = -2; b <= 2; b++) {
            for (let c = -2; c <= 2; c++) {
              if (i === j && a === 0 && b === 0 && c === 0) continue;
              const d = Math.hypot(pos[j][0] + a * L[0] - pos[i][0], pos[j][1] + b * L[1] - pos[i][1], pos[j][2] + c * L[2] - pos[i][2]);
              if (d < rMax) counts[Math.floor(d / binWidth)]++;
            }
          }
        }
      }
    }
    return counts;
  };
  const alloys: SiteFractions[] = [
    { A: { Cs: 0.5, FA: 0.5 }, B: { Pb: 1 }, X: { I: 0.75, Br: 0.25 } },
    { A: { K: 0.25, Rb: 0.75 }, B: { Sn: 0.5, Ge: 0.5 }, X: { Cl: 1 } },
    { A: { MA: 1 }, B: { Ca: 0.125, Sr: 0.875 }, X: { I: 1 } },
  ];
  for (const f of alloys) {
    const cell = perovskiteCell(f, { size: [2, 2, 2], seed: 3 });
    const rdf = radialDistribution(cell, { rMax: 8, binWidth: 0.05 });
    const counts = reference(cell, 8, 0.05);
    const n = cell.sites.length;
    const density = n / (cell.lattice[0][0] * cell.lattice[1][1] * cell.lattice[2][2]);
    const expected = counts.map((k, bin) => k / (n * density * (4 / 3) * Math.PI * ((bin + 1) ** 3 - bin ** 3) * 0.05 ** 3));
    rdf.g.forEach((g, bin) => assert.ok(Math.abs(g - expected[bin]) <= 1e-12 * Math.max(1, expected[bin]), `bin ${bin}: ${g} vs ${expected[bin]}`));
    assert.ok(counts.reduce((s, k) => s + k, 0) > 0);
  }
});

test("featurizeDataFrame appends the structure descriptors to a frame's rows, keeping its columns and index", async () => {
  const { DataFrame } = await import("danfojs-node");
  const fz = new StructureFeaturizer({ seed: 2 });
  const rows = [
    [0, 0, 1, 0, 0, 0, 0, 0, 0, 0.5, 0.5, 0, 0, 1],
    [0.25, 0, 0, 0.75, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0],
  ];
  const columns = ["K", "Rb", "Cs", "MA", "FA", "Ca", "Sr", "Ba", "Ge", "Sn", "Pb", "Cl", "Br", "I"];
  const df = new DataFrame(
    rows.map((r, i) => [`alloy ${i}`, ...r]),
    { columns: ["Formula", ...columns], index: [10, 11] },
  );
  const out = fz.featurizeDataFrame(df);
  assert.deepEqual(out.columns, ["Formula", ...columns, ...fz.featureLabels()]);
  assert.deepEqual(out.index, [10, 11]);
  const values = out.values as unknown[][];
  assert.deepEqual(values[1].slice(0, 15), ["alloy 1", ...rows[1]]);
  assert.deepEqual(values[1].slice(15), fz.featurize(fractionsFromComposition(rows[1])));
  assert.throws(() => fz.featurizeDataFrame(df.drop({ columns: ["Sn"] })), /no composition column\(s\) Sn/);
  assert.throws(() => fz.featurizeDataFrame(out), /already has structure column\(s\) tolerance_factor/);
  assert.throws(() => fz.featurizeDataFrame([[1, 2]] as never), /expected a DataFrame with the 14 composition columns/);
});

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
import type { Cell } from "../lib/structure";

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

// Structure-level descriptors of a cell: the Coulomb matrix (its sorted eigenvalues make a
// fixed-length vector that does not depend on the order of the atoms) and the radial
// distribution function g(r).
import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import { DataError } from "../core/errors";
import { Cell, cartesian, chargeOf } from "./cell";

/** Distance between two sites under the minimum-image convention (orthogonal cells). */
function minimumImageDistance(cell: Cell, i: number, j: number): number {
  let s = 0;
  for (let d = 0; d < 3; d++) {
    let df = cell.sites[i].frac[d] - cell.sites[j].frac[d];
    df -= Math.round(df);
    const len = cell.lattice[d][d];
    s += (df * len) ** 2;
  }
  return Math.sqrt(s);
}

function checkOrthogonal(cell: Cell, who: string): void {
  const L = cell.lattice;
  for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) if (a !== b && Math.abs(L[a][b]) > 1e-12) throw new DataError(`${who}: only orthogonal cells are supported`);
}

/**
 * The Coulomb matrix M_II = 0.5 Z_I^2.4, M_IJ = Z_I Z_J / |R_I − R_J| (the slides' definition),
 * with the distance to the nearest periodic image of J.
 */
export function coulombMatrix(cell: Cell): number[][] {
  checkOrthogonal(cell, "coulombMatrix");
  const n = cell.sites.length;
  const Z = cell.sites.map((s) => chargeOf(s.species));
  const M = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    M[i][i] = 0.5 * Z[i] ** 2.4;
    for (let j = 0; j < i; j++) {
      const d = minimumImageDistance(cell, i, j);
      if (d < 1e-8) throw new DataError(`coulombMatrix: sites ${i} and ${j} overlap`);
      M[i][j] = M[j][i] = (Z[i] * Z[j]) / d;
    }
  }
  return M;
}

/**
 * Eigenvalues of the Coulomb matrix sorted by decreasing absolute value, padded with zeros (or
 * cut) to `length`: a descriptor that is the same whatever the order of the atoms.
 */
export function coulombEigenvalues(cell: Cell, length = cell.sites.length): number[] {
  const ev = new EigenvalueDecomposition(new Matrix(coulombMatrix(cell)), { assumeSymmetric: true }).realEigenvalues;
  const sorted = ev.slice().sort((a, b) => Math.abs(b) - Math.abs(a));
  return Array.from({ length }, (_, k) => sorted[k] ?? 0);
}

/** Options of radialDistribution: the largest distance, the bin width and an optional species pair. */
export interface RdfOptions {
  /** Largest distance, Å (default 8). */
  rMax?: number;
  /** Width of a bin, Å (default 0.1). */
  binWidth?: number;
  /** Only pairs from species `from` to species `to` (a partial RDF); default all pairs. */
  from?: string[];
  to?: string[];
}

/** A radial distribution function: bin centres r (Å) and g(r). */
export interface Rdf {
  r: number[];
  g: number[];
}

/**
 * The radial distribution function of a periodic cell: for every site, the neighbours (all
 * periodic images) in each shell [r, r + dr), divided by what an ideal gas of the same density
 * would give, 4πr²dr·ρ. Peaks sit at the cell's interatomic distances.
 */
export function radialDistribution(cell: Cell, options: RdfOptions = {}): Rdf {
  checkOrthogonal(cell, "radialDistribution");
  const { rMax = 8, binWidth = 0.1, from, to } = options;
  if (!(rMax > 0) || !(binWidth > 0) || binWidth >= rMax) throw new DataError(`radialDistribution: need 0 < binWidth < rMax, got binWidth ${binWidth}, rMax ${rMax}`);
  const nBins = Math.round(rMax / binWidth);
  const counts = new Float64Array(nBins);
  const pos = cartesian(cell);
  const L = [cell.lattice[0][0], cell.lattice[1][1], cell.lattice[2][2]];
  const reps = L.map((len) => Math.ceil(rMax / len));
  const centres = cell.sites.map((s, i) => i).filter((i) => !from || from.includes(cell.sites[i].species));
  const partners = cell.sites.map((s, i) => i).filter((i) => !to || to.includes(cell.sites[i].species));
  for (const i of centres) {
    for (const j of partners) {
      for (let a = -reps[0]; a <= reps[0]; a++) {
        for (let b = -reps[1]; b <= reps[1]; b++) {
          for (let c = -reps[2]; c <= reps[2]; c++) {
            if (i === j && a === 0 && b === 0 && c === 0) continue;
            const d = Math.hypot(pos[j][0] + a * L[0] - pos[i][0], pos[j][1] + b * L[1] - pos[i][1], pos[j][2] + c * L[2] - pos[i][2]);
            if (d < rMax) counts[Math.floor(d / binWidth)]++;
          }
        }
      }
    }
  }
  const volume = L[0] * L[1] * L[2];
  const density = partners.length / volume;
  const r: number[] = [];
  const g: number[] = [];
  for (let k = 0; k < nBins; k++) {
    const lo = k * binWidth;
    const shell = (4 / 3) * Math.PI * ((lo + binWidth) ** 3 - lo ** 3);
    r.push(lo + binWidth / 2);
    g.push(centres.length ? counts[k] / (centres.length * density * shell) : 0);
  }
  return { r, g };
}

/** The cell as a CIF file (space group P1, every site listed). */
export function toCif(cell: Cell): string {
  checkOrthogonal(cell, "toCif");
  const [a, b, c] = [cell.lattice[0][0], cell.lattice[1][1], cell.lattice[2][2]];
  const lines = [
    `data_matml`,
    `_cell_length_a ${a.toFixed(5)}`,
    `_cell_length_b ${b.toFixed(5)}`,
    `_cell_length_c ${c.toFixed(5)}`,
    `_cell_angle_alpha 90`,
    `_cell_angle_beta 90`,
    `_cell_angle_gamma 90`,
    `_symmetry_space_group_name_H-M 'P 1'`,
    `_symmetry_Int_Tables_number 1`,
    `_chemical_name_common '${cell.title}'`,
    `loop_`,
    `_atom_site_label`,
    `_atom_site_type_symbol`,
    `_atom_site_fract_x`,
    `_atom_site_fract_y`,
    `_atom_site_fract_z`,
    `_atom_site_occupancy`,
    ...cell.sites.map((s, i) => `${s.species}${i + 1} ${s.species} ${s.frac.map((x) => x.toFixed(6)).join(" ")} 1`),
  ];
  return lines.join("\n") + "\n";
}

/** The cell as a VASP POSCAR file (species grouped in order of first appearance). */
export function toPoscar(cell: Cell): string {
  const species = [...new Set(cell.sites.map((s) => s.species))];
  const groups = species.map((sp) => cell.sites.filter((s) => s.species === sp));
  const fmt = (v: number[]) => v.map((x) => x.toFixed(8).padStart(14)).join(" ");
  return [
    cell.title,
    "1.0",
    ...cell.lattice.map(fmt),
    species.join(" "),
    groups.map((g) => g.length).join(" "),
    "Direct",
    ...groups.flat().map((s) => fmt(s.frac)),
  ].join("\n") + "\n";
}

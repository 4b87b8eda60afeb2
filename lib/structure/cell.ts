// Level-3 (structure) descriptors for ABX3 perovskites, built from idealized structures: the
// cubic perovskite cell with its lattice parameter from ionic radii, and seeded supercells with
// random site occupancy for alloys. The structures are idealized (no relaxation, no tilts, no
// DFT), so they carry little information beyond the radii and the composition — which is exactly
// what notebook 01's descriptor-level comparison shows.
import { Random } from "../core/random";
import { DataError } from "../core/errors";
import { NUCLEAR_CHARGE, SHANNON_RADII } from "./radii";

/** Fractions of the species on each site, e.g. { A: { Cs: 0.5, MA: 0.5 }, B: { Pb: 1 }, X: { I: 1 } }. */
export interface SiteFractions {
  A: Record<string, number>;
  B: Record<string, number>;
  X: Record<string, number>;
}

/** An atom (or molecular pseudo-atom) at fractional coordinates of a cell. */
export interface Site3D {
  species: string;
  /** Fractional coordinates in [0, 1). */
  frac: [number, number, number];
}

/** A periodic cell: three lattice vectors (rows, Å) and its atoms. */
export interface Cell {
  lattice: [number, number, number][];
  sites: Site3D[];
  /** Short description, used as the title of exports. */
  title: string;
}

const SITE_NAMES = ["A", "B", "X"] as const;

function checkFractions(f: SiteFractions, radii: Readonly<Record<string, number>>): void {
  for (const site of SITE_NAMES) {
    const entries = Object.entries(f[site] ?? {});
    if (!entries.length) throw new DataError(`structure: site ${site} has no species`);
    let total = 0;
    for (const [sp, x] of entries) {
      if (!(sp in radii)) throw new DataError(`structure: no ionic radius for "${sp}" on site ${site} (known: ${Object.keys(radii).join(", ")})`);
      if (!(x >= 0)) throw new DataError(`structure: fraction of ${sp} on site ${site} is ${x}`);
      total += x;
    }
    if (Math.abs(total - 1) > 1e-6) throw new DataError(`structure: site ${site} fractions sum to ${total}, not 1`);
  }
}

/** Fraction-weighted mean radius of one site. */
export function siteRadius(f: Record<string, number>, radii: Readonly<Record<string, number>> = SHANNON_RADII): number {
  let r = 0;
  for (const [sp, x] of Object.entries(f)) r += x * radii[sp];
  return r;
}

/**
 * Goldschmidt's tolerance factor t = (r_A + r_X) / (√2 (r_B + r_X)) with fraction-weighted
 * radii; 0.8 ≲ t ≲ 1.0 favours a perovskite, t ≈ 1 the ideal cubic one.
 */
export function toleranceFactor(f: SiteFractions, radii: Readonly<Record<string, number>> = SHANNON_RADII): number {
  checkFractions(f, radii);
  const [rA, rB, rX] = SITE_NAMES.map((s) => siteRadius(f[s], radii));
  return (rA + rX) / (Math.SQRT2 * (rB + rX));
}

/** The octahedral factor μ = r_B / r_X (a BX6 octahedron is stable for about 0.41 < μ < 0.9). */
export function octahedralFactor(f: SiteFractions, radii: Readonly<Record<string, number>> = SHANNON_RADII): number {
  checkFractions(f, radii);
  return siteRadius(f.B, radii) / siteRadius(f.X, radii);
}

/** Pseudo-cubic lattice parameter a = 2 (r_B + r_X): B–X–B in a straight line. */
export function pseudoCubicA(f: SiteFractions, radii: Readonly<Record<string, number>> = SHANNON_RADII): number {
  checkFractions(f, radii);
  return 2 * (siteRadius(f.B, radii) + siteRadius(f.X, radii));
}

/** The species on a site with the largest fraction (ties: first listed). */
function majority(f: Record<string, number>): string {
  return Object.entries(f).reduce((best, e) => (e[1] > best[1] ? e : best))[0];
}

/**
 * Splits `count` sites among species in proportion to their fractions (largest remainder), so a
 * 2×2×2 supercell of Cs0.5MA0.5PbI3 gets exactly 4 Cs and 4 MA.
 */
export function siteCounts(f: Record<string, number>, count: number): Record<string, number> {
  const entries = Object.entries(f).filter(([, x]) => x > 0);
  const raw = entries.map(([sp, x]) => [sp, x * count] as const);
  const out: Record<string, number> = Object.fromEntries(raw.map(([sp, v]) => [sp, Math.floor(v + 1e-9)]));
  let left = count - Object.values(out).reduce((s, v) => s + v, 0);
  const byRemainder = [...raw].sort((a, b) => b[1] - Math.floor(b[1] + 1e-9) - (a[1] - Math.floor(a[1] + 1e-9)));
  for (let k = 0; left > 0; k = (k + 1) % byRemainder.length, left--) out[byRemainder[k][0]]++;
  return out;
}

/** Options of perovskiteCell: supercell size, occupancy seed and ionic radii. */
export interface CellOptions {
  /** Repeats of the cubic cell along each axis (default [1, 1, 1]). */
  size?: [number, number, number];
  /** Seed for the random occupancy of alloyed sites (default 0). */
  seed?: number;
  /** Ionic radii in Å (default SHANNON_RADII). */
  radii?: Readonly<Record<string, number>>;
}

/**
 * An idealized cubic perovskite (super)cell: A at the corners (0,0,0), B at the body centre,
 * X at the face centres, lattice parameter 2(r_B + r_X) from fraction-weighted radii. A single
 * cell takes each site's majority species; a supercell places exact counts of each species at
 * random (seeded) positions of its sublattice.
 */
export function perovskiteCell(f: SiteFractions, options: CellOptions = {}): Cell {
  const { size = [1, 1, 1], seed = 0, radii = SHANNON_RADII } = options;
  if (size.length !== 3 || !size.every((n) => Number.isInteger(n) && n >= 1)) throw new DataError(`perovskiteCell: size must be three integers >= 1, got ${JSON.stringify(size)}`);
  checkFractions(f, radii);
  const a = pseudoCubicA(f, radii);
  const [na, nb, nc] = size;
  const nCells = na * nb * nc;
  const rng = new Random(seed);
  const shuffled = (site: "A" | "B" | "X", count: number): string[] => {
    if (count === 1) return [majority(f[site])];
    const counts = siteCounts(f[site], count);
    const list = Object.entries(counts).flatMap(([sp, n]) => new Array<string>(n).fill(sp));
    return rng.permutation(list.length).map((i) => list[i]);
  };
  const aSpecies = shuffled("A", nCells);
  const bSpecies = shuffled("B", nCells);
  const xSpecies = shuffled("X", 3 * nCells);
  const sites: Site3D[] = [];
  const X_OFFSETS: [number, number, number][] = [
    [0.5, 0.5, 0],
    [0.5, 0, 0.5],
    [0, 0.5, 0.5],
  ];
  let c = 0;
  for (let i = 0; i < na; i++) {
    for (let j = 0; j < nb; j++) {
      for (let k = 0; k < nc; k++, c++) {
        const at = (o: [number, number, number]): [number, number, number] => [(i + o[0]) / na, (j + o[1]) / nb, (k + o[2]) / nc];
        sites.push({ species: aSpecies[c], frac: at([0, 0, 0]) });
        sites.push({ species: bSpecies[c], frac: at([0.5, 0.5, 0.5]) });
        X_OFFSETS.forEach((o, x) => sites.push({ species: xSpecies[3 * c + x], frac: at(o) }));
      }
    }
  }
  const lattice: [number, number, number][] = [
    [a * na, 0, 0],
    [0, a * nb, 0],
    [0, 0, a * nc],
  ];
  return { lattice, sites, title: `${formulaOf(f)} ${na}x${nb}x${nc} idealized cubic cell` };
}

/** A readable formula from site fractions ("Cs0.5MA0.5PbI3"). */
export function formulaOf(f: SiteFractions): string {
  const part = (site: "A" | "B" | "X", total: number) =>
    Object.entries(f[site])
      .filter(([, x]) => x > 0)
      .map(([sp, x]) => sp + (Math.abs(x * total - 1) < 1e-9 ? "" : String(Number((x * total).toFixed(4)))))
      .join("");
  return part("A", 1) + part("B", 1) + part("X", 3);
}

/** Cartesian coordinates (Å) of every site. */
export function cartesian(cell: Cell): [number, number, number][] {
  const L = cell.lattice;
  return cell.sites.map(({ frac: [u, v, w] }) => [0, 1, 2].map((d) => u * L[0][d] + v * L[1][d] + w * L[2][d]) as [number, number, number]);
}

/** Nuclear charge used for a species in Coulomb matrices (see NUCLEAR_CHARGE). */
export function chargeOf(species: string): number {
  const z = NUCLEAR_CHARGE[species];
  if (z === undefined) throw new DataError(`structure: no nuclear charge for "${species}"`);
  return z;
}

// A materials image set made on the spot (no download): pictures of 2D crystal lattices, the way
// an atomic-resolution micrograph shows a crystal face, one per Bravais lattice type. In 2D there
// are five Bravais lattices, set by the lengths of the two primitive vectors a1, a2 and the angle
// γ between them:
//   square                |a1| = |a2|, γ = 90°
//   rectangular           |a1| ≠ |a2|, γ = 90°
//   centred rectangular   a rectangle a × b with an extra atom in its centre (a rhombus cell)
//   hexagonal             |a1| = |a2|, γ = 120° (60°)
//   oblique               anything else
// Each image gets random lattice constants (within ranges that keep the five classes apart),
// rotation, origin, atom size, blur, brightness, noise and vacancies, so a classifier must learn
// the lattice's geometry and not the pixel grid. Atoms are Gaussian spots; blurring a Gaussian by
// a Gaussian gives a wider Gaussian, so blur simply widens the spots (σ² = size² + blur²).
import { Random } from "../core/random";
import { ParamError } from "../core/errors";
import { declareParams, resolveParams, Resolved } from "../core/params";
import { custom, int } from "../core/rules";
import { ImageSet } from "./images";

/** The five 2D Bravais lattices, in label order (label k is LATTICE_CLASSES[k]). */
export const LATTICE_CLASSES = ["square", "rectangular", "centred rectangular", "hexagonal", "oblique"];

/** Options of latticeImages; every range is [min, max] and drawn uniformly per image. */
export interface LatticeImageOptions {
  /** How many images (any count; classes take turns so they stay balanced). */
  count: number;
  /** Seed: the same seed gives the same images, and image i does not depend on `count`. */
  seed?: number;
  /** Image side in pixels (default 28, as MNIST). */
  size?: number;
  /** Shortest interatomic distance, in pixels: [min, max] (default [4, 5.5]). */
  spacing?: [number, number];
  /** Rotation of the lattice in degrees: [min, max] (default [-10, 10], a crystal imaged close to a zone axis). */
  rotation?: [number, number];
  /** Gaussian σ of an atom in pixels (default [0.6, 1.0]). */
  atomSize?: [number, number];
  /** Extra blur σ in pixels (default [0, 0.6]). */
  blur?: [number, number];
  /** Standard deviation of the pixel noise (default [0.02, 0.12]). */
  noise?: [number, number];
  /** Fraction of atoms missing (default [0, 0.1]). */
  vacancies?: [number, number];
}

/**
 * The primitive vectors of a lattice of class `k`, in units of the shortest spacing. Every
 * lattice here is rows of atoms one unit apart along a1 = (1, 0); a2 = (offset, h) steps to the
 * next row, `h` above it and shifted sideways by `offset`. The classes differ in (offset, h):
 *   square (0, 1) · rectangular (0, 1.4-1.8) · centred rectangular (½, 1.2-1.6)
 *   hexagonal (½, √3/2) · oblique (0.2-0.3, 1.2-1.6)
 * The ranges keep every class well away from the others (an oblique lattice with offset 0 would
 * be rectangular, with offset ½ centred rectangular).
 */
function primitiveVectors(k: number, rng: Random): [[number, number], [number, number]] {
  switch (k) {
    case 0: // square
      return [[1, 0], [0, 1]];
    case 1: // rectangular
      return [[1, 0], [0, rng.uniform(1.4, 1.8)]];
    case 2: // centred rectangular: a rectangle 1 × 2h with an extra atom in its centre
      return [[1, 0], [0.5, rng.uniform(1.2, 1.5)]];
    case 3: // hexagonal
      return [[1, 0], [0.5, Math.sqrt(3) / 2]];
    default: // oblique
      return [[1, 0], [rng.uniform(0.2, 0.3), rng.uniform(1.2, 1.5)]];
  }
}

/** Draws one image of lattice class k into `out` (size × size, row-major). */
function drawLattice(k: number, rng: Random, size: number, o: Resolved<LatticeImageOptions>, out: Float32Array): void {
  const spacing = rng.uniform(...o.spacing);
  const [u, v] = primitiveVectors(k, rng);
  // Rotate by a random angle and scale to pixels.
  const theta = (rng.uniform(...o.rotation) * Math.PI) / 180;
  const c = Math.cos(theta);
  const s = Math.sin(theta);
  const a1 = [spacing * (c * u[0] - s * u[1]), spacing * (s * u[0] + c * u[1])];
  const a2 = [spacing * (c * v[0] - s * v[1]), spacing * (s * v[0] + c * v[1])];
  const sigma = Math.hypot(rng.uniform(...o.atomSize), rng.uniform(...o.blur));
  const noise = rng.uniform(...o.noise);
  const vacancy = rng.uniform(...o.vacancies);
  const brightness = rng.uniform(0.75, 1);
  // A random origin somewhere in the image.
  const ox = rng.uniform(0, size);
  const oy = rng.uniform(0, size);

  // Which lattice points (i, j) can land on the image? Map the image corners (with a margin)
  // to lattice coordinates with the inverse of the matrix [a1 a2] and take their bounding box.
  const det = a1[0] * a2[1] - a2[0] * a1[1];
  const margin = 3 * sigma + 1;
  let iMin = Infinity, iMax = -Infinity, jMin = Infinity, jMax = -Infinity;
  for (const x of [-margin, size + margin]) {
    for (const y of [-margin, size + margin]) {
      const dx = x - ox;
      const dy = y - oy;
      const i = (dx * a2[1] - dy * a2[0]) / det;
      const j = (a1[0] * dy - a1[1] * dx) / det;
      iMin = Math.min(iMin, i); iMax = Math.max(iMax, i);
      jMin = Math.min(jMin, j); jMax = Math.max(jMax, j);
    }
  }
  out.fill(0);
  const radius = Math.ceil(3 * sigma);
  const inv2s2 = 1 / (2 * sigma * sigma);
  for (let i = Math.floor(iMin); i <= Math.ceil(iMax); i++) {
    for (let j = Math.floor(jMin); j <= Math.ceil(jMax); j++) {
      if (rng.next() < vacancy) continue; // a missing atom
      const x = ox + i * a1[0] + j * a2[0];
      const y = oy + i * a1[1] + j * a2[1];
      if (x < -margin || x > size + margin || y < -margin || y > size + margin) continue;
      // Add the Gaussian spot on the pixels within 3σ (pixel centres at integer + 0.5).
      const c0 = Math.max(0, Math.floor(x - radius)), c1 = Math.min(size - 1, Math.ceil(x + radius));
      const r0 = Math.max(0, Math.floor(y - radius)), r1 = Math.min(size - 1, Math.ceil(y + radius));
      for (let r = r0; r <= r1; r++) {
        const ddy = r + 0.5 - y;
        for (let col = c0; col <= c1; col++) {
          const ddx = col + 0.5 - x;
          out[r * size + col] += Math.exp(-(ddx * ddx + ddy * ddy) * inv2s2);
        }
      }
    }
  }
  for (let p = 0; p < out.length; p++) {
    const value = brightness * Math.min(out[p], 1) + rng.normal(0, noise);
    out[p] = Math.min(1, Math.max(0, value));
  }
}

/** A [min, max] range with low <= min <= max (and max < high when given). */
function range(low: number, high?: number, unit = ""): ReturnType<typeof custom> {
  const upper = high === undefined ? "" : ` and max < ${high}`;
  return custom(
    (v) => Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === "number" && Number.isFinite(x)) && v[0] >= low && v[0] <= v[1] && (high === undefined || v[1] < high),
    `[min, max]${unit} with ${low} <= min <= max${upper}`,
  );
}

const latticeSpec = declareParams<LatticeImageOptions>({
  count: { required: true, rule: int({ min: 1 }), doc: "How many images." },
  seed: { default: 0, rule: int(), doc: "Seed: the same seed gives the same images." },
  size: { default: 28, rule: int({ min: 8 }), doc: "Image side in pixels (at least 8)." },
  spacing: { default: [4, 5.5], rule: range(2, undefined, " pixels"), doc: "Shortest interatomic distance, in pixels." },
  rotation: {
    default: [-10, 10],
    rule: custom((v) => Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === "number" && Number.isFinite(x)) && v[0] <= v[1], "[min, max] degrees with min <= max"),
    doc: "Rotation of the lattice in degrees.",
  },
  atomSize: { default: [0.6, 1.0], rule: range(0.1, undefined, " pixels"), doc: "Gaussian σ of an atom in pixels." },
  blur: { default: [0, 0.6], rule: range(0, undefined, " pixels"), doc: "Extra blur σ in pixels." },
  noise: { default: [0.02, 0.12], rule: range(0), doc: "Standard deviation of the pixel noise." },
  vacancies: { default: [0, 0.1], rule: range(0, 1), doc: "Fraction of atoms missing (below 1)." },
});

/**
 * Generates `count` seeded 2D-lattice images (pixels in [0, 1]) labelled with their Bravais
 * lattice (LATTICE_CLASSES). Image i has class i mod 5.
 */
export function latticeImages(options: LatticeImageOptions): ImageSet {
  if (options === undefined) throw new ParamError("latticeImages: pass the options, at least { count }");
  const o = resolveParams("latticeImages", latticeSpec, options);

  const n = o.size * o.size;
  const pixels = new Float32Array(o.count * n);
  const labels: number[] = [];
  const buffer = new Float32Array(n);
  for (let i = 0; i < o.count; i++) {
    const k = i % LATTICE_CLASSES.length;
    // One generator per image, seeded from (seed, i): image i is the same whatever the count.
    const rng = new Random(Math.floor(o.seed) * 1_000_003 + i);
    drawLattice(k, rng, o.size, o, buffer);
    pixels.set(buffer, i * n);
    labels.push(k);
  }
  return { pixels, count: o.count, height: o.size, width: o.size, labels, classNames: [...LATTICE_CLASSES] };
}

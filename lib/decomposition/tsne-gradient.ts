// The gradient of t-SNE's cost KL(P‖Q), three ways. With w_ij = (1 + ‖y_i − y_j‖²)⁻¹,
// Z = Σ_{k≠l} w_kl and q_ij = w_ij / Z:
//     ∂KL/∂y_i = 4 Σ_j (p_ij − q_ij) w_ij (y_i − y_j)
//              = 4 [ Σ_j p_ij w_ij (y_i − y_j)  −  Σ_j w_ij² (y_i − y_j) / Z ]
//                    attraction (P's pairs)        repulsion (all pairs)
//   tsneGradientReference  the first line as written, O(n²); the yardstick of the tests.
//   ExactGradient          the second line in one pass over the pairs, O(n²) (method "exact").
//   BarnesHutGradient      attraction over the neighbour pairs of P only; repulsion and Z from a
//                          quad-tree (oct-tree in 3-D) whose far cells act as one point at their
//                          centre of mass, O(n log n) (method "barnes_hut", scikit-learn's
//                          _barnes_hut_tsne with its _QuadTree).
import { SparseAffinities } from "./tsne-affinities";

const MACHINE_EPSILON = 2.220446049250313e-16;
const FLOAT32_TINY = 1.1754943508222875e-38;

/** ‖y_i − y_j‖² for rows i and j of the flat map Y. */
function sqDist(Y: Float64Array, i: number, j: number, dim: number): number {
  let d2 = 0;
  for (let k = 0; k < dim; k++) {
    const d = Y[i * dim + k] - Y[j * dim + k];
    d2 += d * d;
  }
  return d2;
}

/** A t-SNE cost: its P (scaled in place during early exaggeration) and its gradient. */
export interface TsneObjective {
  /** The p_ij values (the descent multiplies them by the exaggeration, then divides back). */
  readonly values: Float64Array;
  /** Writes ∂KL/∂Y (flat, row-major) into grad; returns KL(P‖Q) if withError, else NaN. */
  gradient(Y: Float64Array, grad: Float64Array, withError: boolean): number;
}

/**
 * The textbook gradient and cost, for tests: P is the full symmetric n×n matrix (zero diagonal,
 * summing to 1), Y the map. Returns ∂KL/∂y_i = 4 Σ_j (p_ij − q_ij)(1 + ‖y_i − y_j‖²)⁻¹ (y_i − y_j)
 * and KL(P‖Q) = Σ_{i≠j} p_ij log(p_ij / q_ij) over the pairs with p_ij > 0.
 */
export function tsneGradientReference(P: number[][], Y: number[][]): { gradient: number[][]; kl: number } {
  const n = Y.length;
  const w = Y.map((a) => Y.map((b) => 1 / (1 + a.reduce((s, v, k) => s + (v - b[k]) ** 2, 0))));
  let Z = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) Z += w[i][j];
  const gradient = Y.map((yi, i) => yi.map((_, k) => 4 * Y.reduce((s, yj, j) => (j === i ? s : s + (P[i][j] - w[i][j] / Z) * w[i][j] * (yi[k] - yj[k])), 0)));
  let kl = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j && P[i][j] > 0) kl += P[i][j] * Math.log(P[i][j] / (w[i][j] / Z));
  return { gradient, kl };
}

/** The exact gradient over all pairs; P is condensed (pairs i < j in row order). */
export class ExactGradient implements TsneObjective {
  private readonly repulsion: Float64Array;

  constructor(readonly values: Float64Array, private readonly n: number, private readonly dim: number) {
    this.repulsion = new Float64Array(n * dim);
  }

  /** The pair loop of gradient() for 2-D maps, with the coordinates of point i kept in locals (the common case, ~3× faster). */
  private pairs2D(Y: Float64Array, grad: Float64Array): number {
    const { values: P, n } = this;
    const rep = this.repulsion;
    let Z = 0;
    for (let i = 0, t = 0; i < n; i++) {
      const xi = Y[2 * i];
      const yi = Y[2 * i + 1];
      let gx = 0;
      let gy = 0;
      let rx = 0;
      let ry = 0;
      for (let j = i + 1; j < n; j++, t++) {
        const dx = xi - Y[2 * j];
        const dy = yi - Y[2 * j + 1];
        const w = 1 / (1 + dx * dx + dy * dy);
        Z += w;
        const a = P[t] * w;
        const r = w * w;
        gx += a * dx;
        gy += a * dy;
        rx += r * dx;
        ry += r * dy;
        grad[2 * j] -= a * dx;
        grad[2 * j + 1] -= a * dy;
        rep[2 * j] -= r * dx;
        rep[2 * j + 1] -= r * dy;
      }
      grad[2 * i] += gx;
      grad[2 * i + 1] += gy;
      rep[2 * i] += rx;
      rep[2 * i + 1] += ry;
    }
    return 2 * Z;
  }

  /**
   * Writes ∂KL/∂Y into grad; returns KL(P‖Q) when asked (it costs a log per pair). One pass over
   * the pairs collects the attraction, the repulsion and Z.
   */
  gradient(Y: Float64Array, grad: Float64Array, withError: boolean): number {
    const { values: P, n, dim } = this;
    const rep = this.repulsion;
    rep.fill(0);
    grad.fill(0);
    let Z = 0;
    if (dim === 2) Z = this.pairs2D(Y, grad);
    else
      for (let i = 0, t = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++, t++) {
          const w = 1 / (1 + sqDist(Y, i, j, dim));
          Z += 2 * w;
          const a = P[t] * w;
          const r = w * w;
          for (let k = 0; k < dim; k++) {
            const d = Y[i * dim + k] - Y[j * dim + k];
            grad[i * dim + k] += a * d;
            grad[j * dim + k] -= a * d;
            rep[i * dim + k] += r * d;
            rep[j * dim + k] -= r * d;
          }
        }
      }
    for (let t = 0; t < grad.length; t++) grad[t] = 4 * (grad[t] - rep[t] / Z);
    if (!withError) return NaN;
    let kl = 0;
    for (let i = 0, t = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++, t++) {
        const q = Math.max(1 / (1 + sqDist(Y, i, j, dim)) / Z, MACHINE_EPSILON);
        kl += 2 * P[t] * Math.log(P[t] / q);
      }
    }
    return kl;
  }
}

/** Points closer than this on every axis share a leaf (scikit-learn's quad-tree EPSILON). */
const DUPLICATE = 1e-6;

/**
 * scikit-learn's _QuadTree for 1 to 3 dimensions (an oct-tree in 3-D), rebuilt for every gradient:
 * cells split in 2^dim children around their middle, each leaf holds one point (or points within
 * 1e-6 of it on every axis, which share it), each cell knows its number of points, centre of
 * mass and squared largest width. scikit-learn inserts the points one by one; this builds the
 * same tree top-down, sorting a cell's points into its quadrants, which lays the cells out
 * depth-first (children in quadrant order) as it goes. With each cell's position just past its
 * subtree, a walk that either opens a cell (go to the next position) or takes it whole (jump past
 * its subtree) reads the arrays front to back.
 */
export class SpaceTree {
  private readonly kids: number;
  /**
   * Per cell, stride = dim + 2 values: its centre of mass (dim), its number of points, and its
   * squared largest width, stored as −1 for leaves.
   */
  cell = new Float64Array(0);
  /** Position just past each cell's subtree. */
  skip = new Int32Array(0);
  /** Number of cells. */
  cells = 0;
  /** The points in depth-first order of their leaves (nearby points next to each other). */
  order = new Int32Array(0);
  private scratch = new Int32Array(0);
  private quad = new Uint8Array(0);
  private Y = new Float64Array(0);
  // Per depth of the recursion: the box [lo, hi) of the cell being placed, its middle, the sums
  // of its children's points, and where each quadrant starts in `order`.
  private lo = new Float64Array(0);
  private hi = new Float64Array(0);
  private mid = new Float64Array(0);
  private sums = new Float64Array(0);
  private start = new Int32Array(0);
  private depths = 0;

  constructor(private readonly dim: number) {
    this.kids = 1 << dim;
  }

  /** Rebuilds the tree over the n rows of Y (row-major, dim values per row). */
  build(Y: Float64Array, n: number): void {
    const d = this.dim;
    if (this.order.length < n) {
      this.order = new Int32Array(n);
      this.scratch = new Int32Array(n);
      this.quad = new Uint8Array(n);
    }
    if (this.skip.length < 2 * n) {
      this.skip = new Int32Array(2 * n + 16);
      this.cell = new Float64Array((2 * n + 16) * (d + 2));
    }
    if (this.depths === 0) this.deepen();
    for (let i = 0; i < n; i++) this.order[i] = i;
    // The root's box as scikit-learn's: the data's, the top edge pushed out so that every point is strictly inside.
    for (let a = 0; a < d; a++) {
      let min = Infinity;
      let max = -Infinity;
      for (let i = 0; i < n; i++) {
        min = Math.min(min, Y[i * d + a]);
        max = Math.max(max, Y[i * d + a]);
      }
      this.lo[a] = min;
      this.hi[a] = Math.max(max * (1 + 1e-3 * Math.sign(max)), max + 1e-3);
    }
    this.Y = Y;
    this.cells = 0;
    this.place(0, 0, n);
  }

  /** Room for 32 more levels of recursion. */
  private deepen(): void {
    const d = this.dim;
    this.depths += 32;
    const more = <T extends Float64Array | Int32Array>(a: T, per: number): T => {
      const b = new (a.constructor as new (n: number) => T)(this.depths * per);
      b.set(a);
      return b;
    };
    this.lo = more(this.lo, d);
    this.hi = more(this.hi, d);
    this.mid = more(this.mid, d);
    this.sums = more(this.sums, d);
    this.start = more(this.start, this.kids + 1);
  }

  /** Doubles the cell arrays (a cell per point is typical; very close points need more). */
  private grow(): void {
    const skip = new Int32Array(this.skip.length * 2);
    skip.set(this.skip);
    this.skip = skip;
    const cell = new Float64Array(this.cell.length * 2);
    cell.set(this.cell);
    this.cell = cell;
  }

  /**
   * Lays out the cell at recursion depth k, with box lo/hi[k], holding the points order[from … to),
   * and then its subtree; returns its position.
   */
  private place(k: number, from: number, to: number): number {
    const { dim: d, kids, Y, order, lo, hi, mid } = this;
    const stride = d + 2;
    if (this.cells === this.skip.length) this.grow();
    const t = this.cells++;
    const size = to - from;
    // A leaf if all its points are within 1e-6 of the first one on every axis.
    const first = order[from] * d;
    let leaf = true;
    for (let r = from + 1; r < to && leaf; r++) {
      for (let a = 0; a < d; a++) if (Math.abs(Y[order[r] * d + a] - Y[first + a]) > DUPLICATE) leaf = false;
    }
    if (leaf) {
      for (let a = 0; a < d; a++) {
        let s = 0;
        for (let r = from; r < to; r++) s += Y[order[r] * d + a];
        this.cell[t * stride + a] = s / size;
      }
      this.cell[t * stride + d] = size;
      this.cell[t * stride + d + 1] = -1;
      this.skip[t] = t + 1;
      return t;
    }
    if (k + 1 >= this.depths) this.deepen();
    // Sort the points into quadrants (one bit per axis: at or above the middle), counting sort.
    const { quad, scratch } = this;
    const start = this.start;
    const s0 = k * (kids + 1);
    let sq = 0;
    for (let a = 0; a < d; a++) {
      mid[k * d + a] = (lo[k * d + a] + hi[k * d + a]) / 2;
      sq = Math.max(sq, (hi[k * d + a] - lo[k * d + a]) ** 2);
    }
    start.fill(0, s0, s0 + kids + 1);
    for (let r = from; r < to; r++) {
      let q = 0;
      for (let a = 0; a < d; a++) q = 2 * q + (Y[order[r] * d + a] >= mid[k * d + a] ? 1 : 0);
      quad[r] = q;
      start[s0 + q + 1]++;
    }
    for (let q = 0; q < kids; q++) start[s0 + q + 1] += start[s0 + q];
    for (let r = from; r < to; r++) scratch[from + start[s0 + quad[r]]++] = order[r];
    // (start[s0 + q] now holds where quadrant q ends, i.e. where q + 1 starts.)
    order.set(scratch.subarray(from, to), from);
    // Children in quadrant order; this cell's centre of mass from theirs.
    this.sums.fill(0, k * d, (k + 1) * d);
    let begin = 0;
    for (let q = 0; q < kids; q++) {
      const end = start[s0 + q];
      if (end === begin) continue;
      for (let a = d - 1, bits = q; a >= 0; a--, bits >>= 1) {
        this.lo[(k + 1) * d + a] = bits & 1 ? mid[k * d + a] : this.lo[k * d + a];
        this.hi[(k + 1) * d + a] = bits & 1 ? this.hi[k * d + a] : mid[k * d + a];
      }
      const c = this.place(k + 1, from + begin, from + end);
      for (let a = 0; a < d; a++) this.sums[k * d + a] += (end - begin) * this.cell[c * stride + a];
      begin = end;
    }
    for (let a = 0; a < d; a++) this.cell[t * stride + a] = this.sums[k * d + a] / size;
    this.cell[t * stride + d] = size;
    this.cell[t * stride + d + 1] = sq;
    this.skip[t] = this.cells;
    return t;
  }
}

/**
 * Barnes–Hut gradient (scikit-learn's method "barnes_hut"): the attraction over P's neighbour
 * pairs; the repulsion and Z from a SpaceTree, where a cell whose squared width is below
 * angle² × its squared distance to the point counts as its whole mass at its centre of mass, and
 * a leaf within 1e-6 of the point (the point itself, or its duplicates) is left out. The cost
 * reported is scikit-learn's: Σ p_ij log(p_ij / q_ij) over P's pairs only, with Z from the tree.
 */
export class BarnesHutGradient implements TsneObjective {
  readonly values: Float64Array;
  private readonly tree: SpaceTree;
  private readonly neg: Float64Array;
  private readonly pos: Float64Array;

  constructor(private readonly P: SparseAffinities, private readonly dim: number, private readonly angle: number) {
    this.values = P.p;
    this.tree = new SpaceTree(dim);
    this.neg = new Float64Array(P.n * dim);
    this.pos = new Float64Array(P.n * dim);
  }

  /** Builds the tree; writes each point's repulsion Σ_cells size·w²·(y_i − centre) into neg; returns Z. */
  private repulsion(Y: Float64Array): number {
    const { tree, neg, dim } = this;
    const n = this.P.n;
    tree.build(Y, n);
    const { cell, skip, cells, order } = tree;
    const theta2 = this.angle * this.angle;
    let Z = 0;
    if (dim === 2) {
      // The common case, with the point's coordinates and forces in locals. Points are taken in
      // the tree's order: consecutive walks then follow nearly the same path (~20% faster).
      for (let r = 0; r < n; r++) {
        const i = order[r];
        const xi = Y[2 * i];
        const yi = Y[2 * i + 1];
        let fx = 0;
        let fy = 0;
        let z = 0;
        for (let t = 0; t < cells; ) {
          const dx = xi - cell[4 * t];
          const dy = yi - cell[4 * t + 1];
          const d2 = dx * dx + dy * dy;
          const sq = cell[4 * t + 3];
          if (sq >= theta2 * d2) {
            t++; // an inner cell too wide for its distance: open it
            continue;
          }
          // A far enough inner cell, or a leaf unless it is the point itself (or its duplicates).
          if (sq >= 0 || Math.abs(dx) > DUPLICATE || Math.abs(dy) > DUPLICATE) {
            const w = 1 / (1 + d2);
            const sw = cell[4 * t + 2] * w;
            z += sw;
            fx += sw * w * dx;
            fy += sw * w * dy;
          }
          t = skip[t];
        }
        Z += z;
        neg[2 * i] = fx;
        neg[2 * i + 1] = fy;
      }
      return Z;
    }
    const stride = dim + 2;
    const diff = new Float64Array(dim);
    for (let i = 0; i < n; i++) {
      for (let a = 0; a < dim; a++) neg[i * dim + a] = 0;
      for (let t = 0; t < cells; ) {
        let d2 = 0;
        let duplicate = true;
        for (let a = 0; a < dim; a++) {
          diff[a] = Y[i * dim + a] - cell[t * stride + a];
          d2 += diff[a] * diff[a];
          duplicate = duplicate && Math.abs(diff[a]) <= DUPLICATE;
        }
        const sq = cell[t * stride + dim + 1];
        if (sq >= theta2 * d2) {
          t++;
          continue;
        }
        if (sq >= 0 || !duplicate) {
          const w = 1 / (1 + d2);
          const sw = cell[t * stride + dim] * w;
          Z += sw;
          for (let a = 0; a < dim; a++) neg[i * dim + a] += sw * w * diff[a];
        }
        t = skip[t];
      }
    }
    return Z;
  }

  /** Attraction Σ_j p_ij w_ij (y_i − y_j) into pos, each pair once; returns KL over P's pairs if withError, else NaN. */
  private attraction(Y: Float64Array, Z: number, withError: boolean): number {
    const { dim, pos } = this;
    const { n, start, j: pj, p } = this.P;
    pos.fill(0);
    let kl = 0;
    for (let i = 0; i < n; i++) {
      const a = i * dim;
      if (dim === 2) {
        // The common case, with point i's coordinates and force in locals.
        const xi = Y[a];
        const yi = Y[a + 1];
        let fx = 0;
        let fy = 0;
        for (let e = start[i]; e < start[i + 1]; e++) {
          const b = 2 * pj[e];
          const dx = xi - Y[b];
          const dy = yi - Y[b + 1];
          const f = p[e] / (1 + dx * dx + dy * dy);
          fx += f * dx;
          fy += f * dy;
          pos[b] -= f * dx;
          pos[b + 1] -= f * dy;
        }
        pos[a] += fx;
        pos[a + 1] += fy;
      } else {
        for (let e = start[i]; e < start[i + 1]; e++) {
          const b = pj[e] * dim;
          const f = p[e] / (1 + sqDist(Y, i, pj[e], dim));
          for (let k = 0; k < dim; k++) {
            const d = f * (Y[a + k] - Y[b + k]);
            pos[a + k] += d;
            pos[b + k] -= d;
          }
        }
      }
      if (!withError) continue;
      // Both orders (i, j) and (j, i) of a pair count in scikit-learn's sum.
      for (let e = start[i]; e < start[i + 1]; e++) {
        const q = 1 / (1 + sqDist(Y, i, pj[e], dim)) / Z;
        kl += 2 * p[e] * Math.log(Math.max(p[e], FLOAT32_TINY) / Math.max(q, FLOAT32_TINY));
      }
    }
    return withError ? kl : NaN;
  }

  /** Writes ∂KL/∂Y into grad (a tree build, a walk per point, a pass over P's pairs); returns the cost if withError, else NaN. */
  gradient(Y: Float64Array, grad: Float64Array, withError: boolean): number {
    const { pos, neg } = this;
    const Z = Math.max(this.repulsion(Y), MACHINE_EPSILON);
    const kl = this.attraction(Y, Z, withError);
    for (let t = 0; t < grad.length; t++) grad[t] = 4 * (pos[t] - neg[t] / Z);
    return kl;
  }
}

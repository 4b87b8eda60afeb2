// Bounded quasi-Newton minimization for a handful of variables (GP kernel hyperparameters in log
// space; logistic-regression weights, unbounded). This is a projected L-BFGS: the limited-memory
// BFGS direction of L-BFGS-B, restricted to the variables that are not pinned at a bound, and a
// strong-Wolfe line search along the straight line that stops at the first bound it meets. Its
// stopping rules are scipy's L-BFGS-B defaults (pgtol 1e-5 on the projected gradient, ftol
// 2.2e-9 on the relative decrease), which scikit-learn's GaussianProcessRegressor uses.

export interface ObjectiveValue {
  /** f(x) (may be +Infinity where the objective is undefined, e.g. a failed Cholesky) */
  f: number;
  /** ∇f(x) */
  g: number[];
}

export interface BoundedMinimizeOptions {
  /** Pairs of previous steps kept for the curvature estimate (scipy's maxcor). Default 10. */
  memory?: number;
  /** Stop when max |projected gradient| <= pgtol. Default 1e-5. */
  pgtol?: number;
  /** Stop when (f_k − f_{k+1}) / max(|f_k|, |f_{k+1}|, 1) <= ftol. Default 2.220446049250313e-9. */
  ftol?: number;
  /** Maximum iterations. Default 15000. */
  maxIter?: number;
  /** Maximum objective evaluations per line search. Default 20. */
  maxLineSearch?: number;
  /** Stop once this many objective evaluations have been used. Default 15000 (scipy's maxfun). */
  maxEval?: number;
  /**
   * Stop once this many trial points had a non-finite objective (for a GP: a kernel matrix that
   * is not positive definite). Default Infinity. scipy's line search gives up at such points.
   */
  maxNonFinite?: number;
}

export interface BoundedMinimizeResult {
  x: number[];
  f: number;
  g: number[];
  /** iterations and objective evaluations used */
  nIter: number;
  nEval: number;
  converged: boolean;
  message: string;
}

function clip(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

/** Largest |component| of the projected gradient P(x − g) − x: zero at a bounded minimum. */
function projectedGradientNorm(x: number[], g: number[], bounds: [number, number][]): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) {
    const step = clip(x[i] - g[i], bounds[i][0], bounds[i][1]) - x[i];
    m = Math.max(m, Math.abs(step));
  }
  return m;
}

function dot(a: number[], b: number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/**
 * Minimizes fun over the box `bounds` starting from x0 (clipped into the box).
 * fun returns the value and gradient together (as scikit-learn's objective does).
 */
export function minimizeBounded(
  fun: (x: number[]) => ObjectiveValue,
  x0: number[],
  bounds: [number, number][],
  options: BoundedMinimizeOptions = {},
): BoundedMinimizeResult {
  const { memory = 10, pgtol = 1e-5, ftol = 2.220446049250313e-9, maxIter = 15000, maxLineSearch = 20, maxEval = 15000, maxNonFinite = Infinity } = options;
  const n = x0.length;
  if (bounds.length !== n) throw new Error(`minimizeBounded: ${n} variables but ${bounds.length} bounds`);
  let x = x0.map((v, i) => clip(v, bounds[i][0], bounds[i][1]));
  let { f, g } = fun(x);
  let nEval = 1;
  let nNonFinite = 0; // trial points where the objective was undefined
  const constrained = bounds.some(([lo, hi]) => Number.isFinite(lo) || Number.isFinite(hi));
  const boxed = bounds.every(([lo, hi]) => Number.isFinite(lo) && Number.isFinite(hi));
  const S: number[][] = [];
  const Y: number[][] = [];
  const rho: number[] = [];

  for (let iter = 0; iter < maxIter; iter++) {
    if (!Number.isFinite(f) || projectedGradientNorm(x, g, bounds) <= pgtol) {
      return { x, f, g, nIter: iter, nEval, converged: Number.isFinite(f), message: Number.isFinite(f) ? "projected gradient below pgtol" : "objective not finite at start" };
    }
    if (nEval >= maxEval) return { x, f, g, nIter: iter, nEval, converged: false, message: "evaluation budget used up" };
    if (nNonFinite >= maxNonFinite) return { x, f, g, nIter: iter, nEval, converged: false, message: "kept stepping where the objective is undefined" };
    // Variables pinned at a bound with the gradient pushing outwards stay where they are.
    const free = x.map((xi, i) => !((xi <= bounds[i][0] && g[i] > 0) || (xi >= bounds[i][1] && g[i] < 0)));
    // Two-loop recursion: d = −H g on the free variables.
    const q = g.map((gi, i) => (free[i] ? gi : 0));
    const a = new Array(S.length);
    for (let k = S.length - 1; k >= 0; k--) {
      a[k] = rho[k] * dot(S[k], q);
      for (let i = 0; i < n; i++) q[i] -= a[k] * Y[k][i];
    }
    const gamma = S.length ? dot(S[S.length - 1], Y[Y.length - 1]) / dot(Y[Y.length - 1], Y[Y.length - 1]) : 1;
    for (let i = 0; i < n; i++) q[i] *= gamma;
    for (let k = 0; k < S.length; k++) {
      const b = rho[k] * dot(Y[k], q);
      for (let i = 0; i < n; i++) q[i] += (a[k] - b) * S[k][i];
    }
    // a component that would push a variable already at a bound further out is dropped
    const inward = (di: number, i: number) => !((x[i] <= bounds[i][0] && di < 0) || (x[i] >= bounds[i][1] && di > 0));
    let d = q.map((qi, i) => (free[i] && inward(-qi, i) ? -qi : 0));
    if (!(dot(d, g) < 0)) {
      // not a descent direction: forget the curvature pairs and use steepest descent
      S.length = Y.length = rho.length = 0;
    }
    // Without curvature pairs L-BFGS-B's step goes to the Cauchy point of the model with B = I,
    // which is the projected steepest-descent point P(x − g).
    if (!S.length) d = x.map((xi, i) => clip(xi - g[i], bounds[i][0], bounds[i][1]) - xi);
    // Move along the straight line x + t·d, never past the first bound it meets (t <= tMax),
    // as L-BFGS-B does; a variable that reaches its bound is pinned there next iteration.
    let tMax = Infinity;
    for (let i = 0; i < n; i++) {
      if (d[i] < 0) tMax = Math.min(tMax, (bounds[i][0] - x[i]) / d[i]);
      else if (d[i] > 0) tMax = Math.min(tMax, (bounds[i][1] - x[i]) / d[i]);
    }
    // L-BFGS-B's first iteration (lnsrlb): with bounds the step may not pass the Cauchy point
    // (t <= 1), and it starts at t = 1 when every variable has both bounds, else at 1/‖d‖;
    // later iterations start at the quasi-Newton step 1.
    if (iter === 0 && constrained) tMax = Math.min(tMax, 1);
    const t0 = Math.min(iter === 0 && !boxed ? 1 / Math.sqrt(dot(d, d)) : 1, tMax);
    const moveTo = (t: number) =>
      x.map((xi, i) => (t === tMax ? clip(xi + t * d[i], bounds[i][0], bounds[i][1]) : xi + t * d[i]));
    const phi = (t: number) => {
      const xt = moveTo(t);
      const r = fun(xt);
      nEval++;
      if (!Number.isFinite(r.f)) nNonFinite++;
      return { t, x: xt, f: r.f, g: r.g, df: Number.isFinite(r.f) ? dot(r.g, d) : NaN };
    };
    const found = tMax > 0 ? wolfeLineSearch(phi, f, dot(g, d), t0, tMax, Math.min(maxLineSearch, maxEval - nEval), S.length > 0) : null;
    if (!found || found.t === 0) {
      if (S.length) {
        // L-BFGS-B's rule: forget the curvature pairs and try once more before giving up
        S.length = Y.length = rho.length = 0;
        continue;
      }
      return { x, f, g, nIter: iter, nEval, converged: false, message: "line search failed" };
    }
    const xNew = found.x;
    const fNew = found.f;
    const gNew = found.g;
    const s = xNew.map((v, i) => v - x[i]);
    const y = gNew.map((v, i) => v - g[i]);
    const sy = dot(s, y);
    if (sy > 2.2e-16 * dot(y, y)) {
      S.push(s);
      Y.push(y);
      rho.push(1 / sy);
      if (S.length > memory) {
        S.shift();
        Y.shift();
        rho.shift();
      }
    }
    const fOld = f;
    x = xNew;
    f = fNew;
    g = gNew;
    if ((fOld - f) / Math.max(Math.abs(fOld), Math.abs(f), 1) <= ftol) {
      return { x, f, g, nIter: iter + 1, nEval, converged: true, message: "relative reduction of f below ftol" };
    }
  }
  return { x, f, g, nIter: maxIter, nEval, converged: false, message: "maximum iterations reached" };
}

interface LinePoint {
  t: number;
  x: number[];
  f: number;
  g: number[];
  /** directional derivative g(x + t d) · d (NaN where f is not finite) */
  df: number;
}

/**
 * A line search for the strong Wolfe conditions (Nocedal & Wright, algorithms 3.5 and 3.6) with
 * scipy's constants: sufficient decrease f(t) <= f(0) + 1e-3·t·f'(0) and curvature
 * |f'(t)| <= 0.9·|f'(0)|. Steps where f is not finite (the kernel matrix was not positive
 * definite) count as too long. With `acceptFirst` (a quasi-Newton step with curvature memory,
 * which is usually well scaled) the first step meeting sufficient decrease is taken as it is,
 * saving the evaluations that extrapolation would spend. Returns the accepted point, or null.
 */
function wolfeLineSearch(phi: (t: number) => LinePoint, f0: number, df0: number, t0: number, tMax: number, maxEval: number, acceptFirst = false): LinePoint | null {
  const c1 = 1e-3;
  const c2 = 0.9;
  const armijo = (p: LinePoint) => Number.isFinite(p.f) && p.f <= f0 + c1 * p.t * df0;
  let prev: LinePoint = { t: 0, x: [], f: f0, g: [], df: df0 };
  let best: LinePoint | null = null; // the best point meeting sufficient decrease
  let t = t0;
  let evals = 0;

  const zoom = (lo: LinePoint, hi: LinePoint): LinePoint | null => {
    while (evals < maxEval) {
      // minimizer of the cubic (or quadratic) through lo and hi, kept inside the bracket
      const a = Math.min(lo.t, hi.t);
      const b = Math.max(lo.t, hi.t);
      let tt = interpolate(lo, hi);
      if (!(tt > a + 0.1 * (b - a) && tt < b - 0.1 * (b - a))) tt = Number.isFinite(hi.f) ? (lo.t + hi.t) / 2 : lo.t + 0.25 * (hi.t - lo.t);
      const p = phi(tt);
      evals++;
      if (!armijo(p) || p.f >= lo.f) {
        hi = p;
      } else {
        best = p;
        if (Math.abs(p.df) <= -c2 * df0) return p;
        if (p.df * (hi.t - lo.t) >= 0) hi = lo;
        lo = p;
      }
      if (Math.abs(hi.t - lo.t) <= 1e-12 * Math.max(1, lo.t)) break;
    }
    return best;
  };

  while (evals < maxEval) {
    const p = phi(t);
    evals++;
    if (!armijo(p) || (evals > 1 && p.f >= prev.f)) return zoom(prev, p);
    best = p;
    if (Math.abs(p.df) <= -c2 * df0 || (acceptFirst && evals === 1)) return p;
    if (p.df >= 0) return zoom(p, prev);
    if (t >= tMax) return p; // at the bound: as far as this direction may go
    prev = p;
    t = Math.min(4 * t, tMax);
  }
  return best;
}

/** Step minimizing the cubic through two points with values and slopes (quadratic if f(hi) is infinite). */
function interpolate(lo: LinePoint, hi: LinePoint): number {
  if (!Number.isFinite(hi.f)) return NaN;
  const d1 = lo.df + hi.df - (3 * (lo.f - hi.f)) / (lo.t - hi.t);
  const disc = d1 * d1 - lo.df * hi.df;
  if (disc < 0 || !Number.isFinite(hi.df)) {
    // quadratic through f(lo), f'(lo) and f(hi)
    const h = hi.t - lo.t;
    const denom = 2 * (hi.f - lo.f - lo.df * h);
    return denom > 0 ? lo.t - (lo.df * h * h) / denom : NaN;
  }
  const d2 = Math.sign(hi.t - lo.t) * Math.sqrt(disc);
  return hi.t - (hi.t - lo.t) * ((hi.df + d2 - d1) / (hi.df - lo.df + 2 * d2));
}

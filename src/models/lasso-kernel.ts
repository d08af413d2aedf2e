/**
 * The binomial elastic-net path solver, a transcription of glmnet's two-class lognet (Fortran
 * `lognet2n` and its sparse twin, as glmnet 4.1 runs them; Friedman, Hastie & Tibshirani 2010),
 * checked against R's glmnet 4.1-6 to about 1e-15 (test/models/lasso-glmnet.test.ts):
 * - λ path: λ₁ = ∞ (the null model), λ₂ = λ_max·r, then ×r each step, r = max(1e-6, ratio)^(1/(K−1)),
 *   λ_max = max_j |x̃_jᵀ w(y − ȳ)| / max(α, 1e-3); or a user sequence.
 * - sequential strong rule: j joins the strong set when |g_j| > α(2λ_k − λ_{k−1}); after each
 *   converged IRLS step the KKT condition |g_j| ≤ αλ is checked on every other column and
 *   violators are added, repeating the step (warm start from the previous λ).
 * - IRLS (Newton, glmnet's kopt = 0): weights v = w·q(1−q), residual r = w(y − q); inside, coordinate
 *   descent: a full pass over the strong set, then passes over the active set until
 *   max_j xv_j·Δβ_j² < thresh·dev₀, repeated until a full pass converges.
 * - probabilities clamp to 0/1 beyond |η| > log(1/pmin − 1), pmin = 1e-9; saturation
 *   (Σv ≤ pmin(1+pmin)(1−pmin)) ends the IRLS step.
 * - sparse columns are centred implicitly: the residual is held as r' with r = r' + o·v and the
 *   scalar o absorbs each update's centring term, so a sparse update touches only its non-zeros.
 * - the path ends early as glmnet's does: after `minLambdas` values of an automatic sequence, when
 *   the deviance ratio gains less than `fdev` or passes `devmax`; on saturation; or when the
 *   passes pass `maxPasses` (that λ is left out).
 * Coefficients here are on the standardised scale; `fitLassoPath` converts them.
 */
import type { Design } from './design.js';
import { addScaled, dotCol, subtractWeighted, weightedMoments } from './kernels.js';

const PMIN = 1e-9;
const BIG = 9.9e35;
const EPS = 1e-6;
const FMAX = Math.log(1 / PMIN - 1);
const VMIN = (1 + PMIN) * PMIN * (1 - PMIN);

/** Options of the kernel (the parsed LassoParams, resolved). */
export interface KernelOptions {
  readonly alpha: number;
  readonly nlambda: number;
  /** Smallest λ as a fraction of λ_max (automatic path), or ≥ 1 with `ulam` (user path). */
  readonly flmin: number;
  readonly ulam: Float64Array | null;
  readonly thresh: number;
  readonly maxPasses: number;
  readonly fdev: number;
  readonly devmax: number;
  readonly minLambdas: number;
}

/** The raw path: one entry per fitted λ, coefficients standardised, non-zeros only. */
export interface KernelPath {
  readonly lambdas: number[];
  readonly intercepts: number[];
  readonly coefIndex: Int32Array[];
  readonly coefValue: Float64Array[];
  readonly devRatio: number[];
  /** Half the null deviance per unit weight (weights sum to 1). */
  readonly dev0: number;
  readonly passes: number;
  /** Why the path ended before the last λ, or 'complete'. */
  readonly stop: 'complete' | 'fdev' | 'devmax' | 'saturated' | 'maxPasses';
  /** The λ at which maxPasses was reached (its fit is not in the path), or NaN. */
  readonly maxPassesLambda: number;
  /** Index of the λ at which the fit saturated (its fit is the last in the path), or -1. */
  readonly saturatedAt: number;
  /** The smallest λ at which every coefficient is 0: max_j |x̃_jᵀ w(y − ȳ)| / max(α, 1e-3). */
  readonly lambdaMax: number;
}

type StepResult = 'converged' | 'saturated' | 'maxPasses';

/**
 * The solver's state. A class rather than closures so that V8 keeps one optimised copy of each
 * method across fits (closures made per call deoptimise on every new fit).
 */
class PathSolver {
  readonly cols: Design['cols'];
  readonly include: Uint8Array;
  readonly cm: Float64Array;
  readonly cs: Float64Array;
  readonly w: Float64Array;
  readonly y: Float64Array;
  readonly n: number;
  readonly p: number;
  readonly maxPasses: number;
  readonly b: Float64Array;
  readonly bs: Float64Array;
  readonly xv: Float64Array;
  readonly xm: Float64Array;
  readonly ga: Float64Array;
  readonly strong: Uint8Array;
  readonly isActive: Uint8Array;
  readonly active: Int32Array;
  readonly q: Float64Array;
  readonly v: Float64Array;
  readonly r: Float64Array;
  readonly eta: Float64Array;
  readonly mom = new Float64Array(2);
  readonly dev0: number;
  readonly shr: number;
  nin = 0;
  b0 = 0;
  bs0 = 0;
  off = 0;
  dlx = 0;
  svr = 0;
  xmz = 0;
  nlp = 0;

  constructor(D: Design, thresh: number, maxPasses: number) {
    this.cols = D.cols;
    this.include = D.include;
    this.cm = D.cm;
    this.cs = D.cs;
    this.w = D.w;
    this.y = D.y;
    const n = (this.n = D.cols.n);
    const p = (this.p = D.cols.p);
    this.maxPasses = maxPasses;
    this.b = new Float64Array(p);
    this.bs = new Float64Array(p);
    this.xv = new Float64Array(p);
    this.xm = new Float64Array(p);
    this.ga = new Float64Array(p);
    this.strong = new Uint8Array(p);
    this.isActive = new Uint8Array(p);
    this.active = new Int32Array(p);
    this.q = new Float64Array(n);
    this.v = new Float64Array(n);
    this.r = new Float64Array(n);
    this.eta = new Float64Array(n);
    const { w, y } = D;
    let q0 = 0;
    for (let i = 0; i < n; i++) q0 += w[i]! * y[i]!;
    const bz = Math.log(q0 / (1 - q0));
    const vi = q0 * (1 - q0);
    let svr = 0;
    for (let i = 0; i < n; i++) {
      this.q[i] = q0;
      this.v[i] = vi * w[i]!;
      this.r[i] = w[i]! * (y[i]! - q0);
      svr += this.r[i]!;
    }
    this.svr = svr;
    this.xmz = vi;
    this.b0 = bz;
    this.dev0 = -(bz * q0 + Math.log(1 - q0));
    this.shr = thresh * this.dev0;
    for (let j = 0; j < p; j++) if (this.include[j]) this.ga[j] = this.absGrad(j);
  }

  /** |x̃_jᵀ r| at the current residual (held exactly: off = 0 after reweight). */
  absGrad(j: number): number {
    return Math.abs((dotCol(this.cols, j, this.r) - this.cm[j]! * this.svr) / this.cs[j]!);
  }

  coord(j: number, l1: number, l2: number, full: boolean): void {
    const b = this.b;
    const xv = this.xv;
    const cm = this.cm[j]!;
    const cs = this.cs[j]!;
    const bk = b[j]!;
    const gk = (dotCol(this.cols, j, this.r) + this.off * this.xm[j]! - cm * this.svr) / cs;
    const u = gk + xv[j]! * bk;
    const au = Math.abs(u) - l1;
    const nb = au <= 0 ? 0 : (u < 0 ? -au : au) / (xv[j]! + l2);
    if (nb === bk) return;
    b[j] = nb;
    if (full && this.isActive[j] === 0) {
      this.isActive[j] = 1;
      this.active[this.nin++] = j;
    }
    const d = nb - bk;
    const t = xv[j]! * d * d;
    if (t > this.dlx) this.dlx = t;
    const ds = d / cs;
    subtractWeighted(this.cols, j, ds, this.v, this.r);
    this.off += ds * cm;
    this.svr -= ds * (this.xm[j]! - cm * this.xmz);
  }

  intercept(): void {
    const d = this.svr / this.xmz;
    if (d === 0) return;
    this.b0 += d;
    const t = this.xmz * d * d;
    if (t > this.dlx) this.dlx = t;
    this.off -= d;
    this.svr -= d * this.xmz;
  }

  /** Coordinate descent on the weighted least-squares problem; false when maxPasses is passed. */
  wls(l1: number, l2: number): boolean {
    const strong = this.strong;
    const active = this.active;
    for (;;) {
      this.nlp++;
      this.dlx = 0;
      for (let j = 0; j < this.p; j++) if (strong[j]) this.coord(j, l1, l2, true);
      this.intercept();
      if (this.dlx < this.shr) return true;
      if (this.nlp > this.maxPasses) return false;
      for (;;) {
        this.nlp++;
        this.dlx = 0;
        for (let l = 0; l < this.nin; l++) this.coord(active[l]!, l1, l2, false);
        this.intercept();
        if (this.dlx < this.shr) break;
        if (this.nlp > this.maxPasses) return false;
      }
    }
  }

  /** New q, v, r at the current coefficients; false when the fit has saturated. */
  reweight(): boolean {
    const { b, cm, cs, active, eta, q, v, r, w, y, n } = this;
    let base = this.b0;
    for (let l = 0; l < this.nin; l++) base -= (b[active[l]!]! * cm[active[l]!]!) / cs[active[l]!]!;
    eta.fill(base);
    for (let l = 0; l < this.nin; l++) {
      const k = active[l]!;
      if (b[k] !== 0) addScaled(this.cols, k, b[k]! / cs[k]!, eta);
    }
    let xmz = 0;
    for (let i = 0; i < n; i++) {
      const f = eta[i]!;
      const qi = f < -FMAX ? 0 : f > FMAX ? 1 : 1 / (1 + Math.exp(-f));
      q[i] = qi;
      v[i] = w[i]! * qi * (1 - qi);
      xmz += v[i]!;
    }
    this.xmz = xmz;
    if (xmz <= VMIN) return false;
    let svr = 0;
    for (let i = 0; i < n; i++) {
      r[i] = w[i]! * (y[i]! - q[i]!);
      svr += r[i]!;
    }
    this.svr = svr;
    this.off = 0;
    return true;
  }

  setupWls(): void {
    const { b, bs, active, cm, cs, xm, xv, mom, strong } = this;
    this.bs0 = this.b0;
    for (let l = 0; l < this.nin; l++) bs[active[l]!] = b[active[l]!]!;
    for (let j = 0; j < this.p; j++) {
      if (!strong[j]) continue;
      weightedMoments(this.cols, j, this.v, mom);
      xm[j] = mom[0]!;
      const c = cm[j]!;
      xv[j] = (mom[1]! - 2 * c * mom[0]! + this.xmz * c * c) / (cs[j]! * cs[j]!);
    }
  }

  irlsConverged(): boolean {
    const { b, bs, xv, active, shr } = this;
    if (this.xmz * (this.b0 - this.bs0) * (this.b0 - this.bs0) >= shr) return false;
    for (let l = 0; l < this.nin; l++) {
      const k = active[l]!;
      if (xv[k]! * (b[k]! - bs[k]!) * (b[k]! - bs[k]!) >= shr) return false;
    }
    return true;
  }

  /** Adds KKT violators to the strong set; true when there were none. */
  kktHolds(l1: number): boolean {
    const { strong, include, ga } = this;
    let ok = true;
    for (let j = 0; j < this.p; j++) {
      if (strong[j] || !include[j]) continue;
      ga[j] = this.absGrad(j);
      if (ga[j]! > l1) {
        strong[j] = 1;
        ok = false;
      }
    }
    return ok;
  }

  /** IRLS at one λ, warm-started from the current state. */
  fitLambda(l1: number, l2: number): StepResult {
    for (;;) {
      if (this.nlp > this.maxPasses) return 'maxPasses';
      this.setupWls();
      if (!this.wls(l1, l2)) return 'maxPasses';
      if (!this.reweight()) return 'saturated';
      if (this.irlsConverged() && this.kktHolds(l1)) return 'converged';
    }
  }

  /** Half the binomial deviance per unit weight at the current q (glmnet's dev2). */
  deviance(): number {
    const { q, w, y } = this;
    let devi = 0;
    for (let i = 0; i < this.n; i++) {
      const pi = Math.min(Math.max(PMIN, q[i]!), 1 - PMIN);
      devi -= w[i]! * (y[i]! * Math.log(pi) + (1 - y[i]!) * Math.log(1 - pi));
    }
    return devi;
  }

  /** The non-zero coefficients, in order of entry to the active set. */
  nonZero(): { index: Int32Array; value: Float64Array } {
    const { b, active } = this;
    let nz = 0;
    for (let l = 0; l < this.nin; l++) if (b[active[l]!] !== 0) nz++;
    const index = new Int32Array(nz);
    const value = new Float64Array(nz);
    nz = 0;
    for (let l = 0; l < this.nin; l++) {
      const k = active[l]!;
      if (b[k] !== 0) {
        index[nz] = k;
        value[nz++] = b[k]!;
      }
    }
    return { index, value };
  }
}

/** Fits the path on a design (see the file comment). */
export function lassoKernel(D: Design, o: KernelOptions): KernelPath {
  const S = new PathSolver(D, o.thresh, o.maxPasses);
  const { include, ga } = S;
  const p = S.p;
  const alpha = o.alpha;
  let lambdaMax = 0;
  for (let j = 0; j < p; j++) if (include[j] && ga[j]! > lambdaMax) lambdaMax = ga[j]!;
  lambdaMax /= Math.max(alpha, 1e-3);
  const out = {
    lambdas: [] as number[],
    intercepts: [] as number[],
    coefIndex: [] as Int32Array[],
    coefValue: [] as Float64Array[],
    devRatio: [] as number[],
  };
  const user = o.ulam !== null;
  const nlam = user ? o.ulam!.length : o.nlambda;
  const alf = user ? 1 : Math.pow(Math.max(EPS, o.flmin), 1 / (nlam - 1));
  let lmdaCurr = 0;
  let maxPassesLambda = NaN;
  let saturatedAt = -1;
  let stop: KernelPath['stop'] = 'complete';
  for (let m = 0; m < nlam; m++) {
    let alm0 = lmdaCurr;
    let alm: number;
    if (user) alm = o.ulam![m]!;
    else if (m > 1) alm = lmdaCurr * alf;
    else if (m === 0) alm = BIG;
    else {
      alm0 = 0;
      for (let j = 0; j < p; j++) if (include[j] && ga[j]! > alm0) alm0 = ga[j]!;
      alm0 /= Math.max(alpha, 1e-3);
      lambdaMax = alm0;
      alm = alm0 * alf;
    }
    lmdaCurr = alm;
    const tlam = alpha * (2 * alm - alm0);
    for (let j = 0; j < p; j++) if (include[j] && !S.strong[j] && ga[j]! > tlam) S.strong[j] = 1;
    const result = S.fitLambda(alm * alpha, alm * (1 - alpha));
    if (result === 'maxPasses') {
      maxPassesLambda = alm;
      stop = 'maxPasses';
      break;
    }
    const { index, value } = S.nonZero();
    const dr = (S.dev0 - S.deviance()) / S.dev0;
    const prev = m === 0 ? 0 : out.devRatio[m - 1]!;
    out.lambdas.push(alm);
    out.intercepts.push(S.b0);
    out.coefIndex.push(index);
    out.coefValue.push(value);
    out.devRatio.push(dr);
    if (result === 'saturated') {
      saturatedAt = m;
      stop = 'saturated';
      break;
    }
    if (m + 1 < Math.min(o.minLambdas, nlam) || user) continue;
    if (dr - prev < o.fdev || dr > o.devmax) {
      if (m + 1 < nlam) stop = dr > o.devmax ? 'devmax' : 'fdev';
      break;
    }
  }
  const passes = S.nlp;
  return { ...out, dev0: S.dev0, lambdaMax, passes, stop, maxPassesLambda, saturatedAt };
}

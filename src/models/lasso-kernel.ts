/**
 * The binomial elastic-net path solver, a transcription of glmnet's two-class lognet (glmnetpp
 * `ElnetPath<binomial, two_class>` / Fortran `lognet2n`; Friedman, Hastie & Tibshirani 2010):
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
 * Coefficients here are on the standardised scale; `fitLassoPath` converts them.
 */
import type { Design } from './design.js';
import { addScaled, dotCol, subtractWeighted, weightedMoments } from './kernels.js';

const PMIN = 1e-9;
const BIG = 9.9e35;
const EPS = 1e-6;

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
  /** Index of the λ at which maxPasses was reached (its fit is not in the path), or -1. */
  readonly maxPassesAt: number;
}

class MaxPassesReached extends Error {}

/** Fits the path on a design (see the file comment). */
export function lassoKernel(D: Design, o: KernelOptions): KernelPath {
  const { cols, include, cm, cs, w, y } = D;
  const n = cols.n;
  const p = cols.p;
  const alpha = o.alpha;
  const fmax = Math.log(1 / PMIN - 1);
  const vmin = (1 + PMIN) * PMIN * (1 - PMIN);
  const b = new Float64Array(p);
  const bs = new Float64Array(p);
  const xv = new Float64Array(p);
  const xm = new Float64Array(p);
  const ga = new Float64Array(p);
  const strong = new Uint8Array(p);
  const isActive = new Uint8Array(p);
  const active = new Int32Array(p);
  const q = new Float64Array(n);
  const v = new Float64Array(n);
  const r = new Float64Array(n);
  const eta = new Float64Array(n);
  const mom = new Float64Array(2);
  let nin = 0;
  let q0 = 0;
  for (let i = 0; i < n; i++) q0 += w[i]! * y[i]!;
  const bz = Math.log(q0 / (1 - q0));
  const vi = q0 * (1 - q0);
  let svr = 0;
  for (let i = 0; i < n; i++) {
    q[i] = q0;
    v[i] = vi * w[i]!;
    r[i] = w[i]! * (y[i]! - q0);
    svr += r[i]!;
  }
  let xmz = vi;
  let b0 = bz;
  let bs0 = 0;
  let off = 0;
  let dlx = 0;
  const dev0 = -(bz * q0 + Math.log(1 - q0));
  const dev1 = dev0;
  const shr = o.thresh * dev0;
  const absGrad = (j: number): number => Math.abs((dotCol(cols, j, r) - cm[j]! * svr) / cs[j]!);
  for (let j = 0; j < p; j++) if (include[j]) ga[j] = absGrad(j);

  const coord = (j: number, l1: number, l2: number, full: boolean): void => {
    const bk = b[j]!;
    const gk = (dotCol(cols, j, r) + off * xm[j]! - cm[j]! * svr) / cs[j]!;
    const u = gk + xv[j]! * bk;
    const au = Math.abs(u) - l1;
    const nb = au <= 0 ? 0 : (u < 0 ? -au : au) / (xv[j]! + l2);
    if (nb === bk) return;
    b[j] = nb;
    if (full && isActive[j] === 0) {
      isActive[j] = 1;
      active[nin++] = j;
    }
    const d = nb - bk;
    const t = xv[j]! * d * d;
    if (t > dlx) dlx = t;
    const ds = d / cs[j]!;
    subtractWeighted(cols, j, ds, v, r);
    off += ds * cm[j]!;
    svr -= ds * (xm[j]! - cm[j]! * xmz);
  };
  const intercept = (): void => {
    const d = svr / xmz;
    if (d === 0) return;
    b0 += d;
    const t = xmz * d * d;
    if (t > dlx) dlx = t;
    off -= d;
    svr -= d * xmz;
  };
  let nlp = 0;
  const pass = (): void => {
    nlp++;
    dlx = 0;
  };
  const wls = (l1: number, l2: number): void => {
    for (;;) {
      pass();
      for (let j = 0; j < p; j++) if (strong[j]) coord(j, l1, l2, true);
      intercept();
      if (dlx < shr) return;
      if (nlp > o.maxPasses) throw new MaxPassesReached();
      for (;;) {
        pass();
        for (let l = 0; l < nin; l++) coord(active[l]!, l1, l2, false);
        intercept();
        if (dlx < shr) break;
        if (nlp > o.maxPasses) throw new MaxPassesReached();
      }
    }
  };
  /** New q, v, r at the current coefficients; false when the fit has saturated. */
  const reweight = (): boolean => {
    let base = b0;
    for (let l = 0; l < nin; l++) base -= (b[active[l]!]! * cm[active[l]!]!) / cs[active[l]!]!;
    eta.fill(base);
    for (let l = 0; l < nin; l++) {
      const k = active[l]!;
      if (b[k] !== 0) addScaled(cols, k, b[k]! / cs[k]!, eta);
    }
    xmz = 0;
    for (let i = 0; i < n; i++) {
      const f = eta[i]!;
      const qi = f < -fmax ? 0 : f > fmax ? 1 : 1 / (1 + Math.exp(-f));
      q[i] = qi;
      v[i] = w[i]! * qi * (1 - qi);
      xmz += v[i]!;
    }
    if (xmz <= vmin) return false;
    svr = 0;
    for (let i = 0; i < n; i++) {
      r[i] = w[i]! * (y[i]! - q[i]!);
      svr += r[i]!;
    }
    off = 0;
    return true;
  };
  const setupWls = (): void => {
    bs0 = b0;
    for (let l = 0; l < nin; l++) bs[active[l]!] = b[active[l]!]!;
    for (let j = 0; j < p; j++) {
      if (!strong[j]) continue;
      weightedMoments(cols, j, v, mom);
      xm[j] = mom[0]!;
      const c = cm[j]!;
      xv[j] = (mom[1]! - 2 * c * mom[0]! + xmz * c * c) / (cs[j]! * cs[j]!);
    }
  };
  const irlsConverged = (): boolean => {
    if (xmz * (b0 - bs0) * (b0 - bs0) >= shr) return false;
    for (let l = 0; l < nin; l++) {
      const k = active[l]!;
      if (xv[k]! * (b[k]! - bs[k]!) * (b[k]! - bs[k]!) >= shr) return false;
    }
    return true;
  };
  /** Adds KKT violators to the strong set; true when there were none. */
  const kktHolds = (l1: number): boolean => {
    let ok = true;
    for (let j = 0; j < p; j++) {
      if (strong[j] || !include[j]) continue;
      ga[j] = absGrad(j);
      if (ga[j]! > l1) {
        strong[j] = 1;
        ok = false;
      }
    }
    return ok;
  };

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
  let maxPassesAt = -1;
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
      alm = alm0 * alf;
    }
    lmdaCurr = alm;
    const l1 = alm * alpha;
    const l2 = alm * (1 - alpha);
    const tlam = alpha * (2 * alm - alm0);
    for (let j = 0; j < p; j++) if (include[j] && !strong[j] && ga[j]! > tlam) strong[j] = 1;
    let saturated = false;
    try {
      for (;;) {
        if (nlp > o.maxPasses) throw new MaxPassesReached();
        setupWls();
        wls(l1, l2);
        if (!reweight()) {
          saturated = true;
          break;
        }
        if (irlsConverged() && kktHolds(l1)) break;
      }
    } catch (e) {
      if (!(e instanceof MaxPassesReached)) throw e;
      maxPassesAt = m;
      break;
    }
    let nz = 0;
    for (let l = 0; l < nin; l++) if (b[active[l]!] !== 0) nz++;
    const ci = new Int32Array(nz);
    const cv = new Float64Array(nz);
    nz = 0;
    for (let l = 0; l < nin; l++) {
      const k = active[l]!;
      if (b[k] !== 0) {
        ci[nz] = k;
        cv[nz++] = b[k]!;
      }
    }
    let devi = 0;
    for (let i = 0; i < n; i++) {
      const pi = Math.min(Math.max(PMIN, q[i]!), 1 - PMIN);
      devi -= w[i]! * (y[i]! * Math.log(pi) + (1 - y[i]!) * Math.log(1 - pi));
    }
    const dr = (dev1 - devi) / dev0;
    const prev = m === 0 ? 0 : out.devRatio[m - 1]!;
    out.lambdas.push(alm);
    out.intercepts.push(b0);
    out.coefIndex.push(ci);
    out.coefValue.push(cv);
    out.devRatio.push(dr);
    if (m + 1 < Math.min(o.minLambdas, nlam) || user) continue;
    if (dr - prev < o.fdev || dr > o.devmax || saturated) break;
  }
  return { ...out, dev0, passes: nlp, maxPassesAt };
}

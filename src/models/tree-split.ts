/**
 * The best split of a node from its histogram. A criterion scores a side from its sums (G, H);
 * the gain of a split is score(left) + score(right) − score(node):
 * - GBT (XGBoost's second-order objective): score = T_α(G)² / (H + λ), T_α the soft threshold
 *   sign(G)·max(|G| − α, 0); the leaf weight is −T_α(G) / (H + λ). No ½ factor, as XGBoost, so
 *   `gamma` is on XGBoost's scale.
 * - Gini (forest, G = Σ w·y, H = Σ w): score = G²/H, which is the weighted Gini decrease up to
 *   a factor 2; the leaf value is G/H.
 * - Entropy (forest): score = G·log(G/H) + (H−G)·log((H−G)/H), the weighted log-loss decrease.
 *
 * Both sides need H ≥ minChildWeight and H > 0; a split is kept when its gain is > minGain (for
 * the forest criteria also > 1e-10·H, so rounding never splits a pure node).
 * Missing values (the feature's missing bin) are tried on each side when the node has any, and
 * go to the side with the larger H when it has none. Ties keep the first candidate in the order
 * features ascending, bins ascending, missing right before missing left.
 *
 * Boosting with α = 0 (the default) searches by split-wasm.ts's WebAssembly kernel, which does
 * exactly what bestSplit does (tested against it); the other criteria use bestSplit.
 */
import type { BinLayout } from './binning.js';

/** Criterion kinds: boosting (second order), Gini, entropy. */
export const GBT = 0;
/** See GBT. */
export const GINI = 1;
/** See GBT. */
export const ENTROPY = 2;

/** How splits are scored and which are allowed (see the file comment). */
export interface Criterion {
  readonly kind: 0 | 1 | 2;
  readonly lambda: number;
  readonly alpha: number;
  readonly minChildWeight: number;
  /** A split must gain more than this. */
  readonly minGain: number;
}

/** A chosen split (feature -1 when none qualifies). Mutable scratch, reused. */
export interface SplitChoice {
  gain: number;
  feature: number;
  /** Bins 0..bin go left (the raw rule x < cuts[bin]). */
  bin: number;
  defaultLeft: boolean;
  GL: number;
  HL: number;
  GR: number;
  HR: number;
}

/** A split choice to fill. */
export function emptySplit(): SplitChoice {
  return { gain: 0, feature: -1, bin: -1, defaultLeft: false, GL: 0, HL: 0, GR: 0, HR: 0 };
}

function xlogx(v: number): number {
  return v > 0 ? v * Math.log(v) : 0;
}

/** The score of a side with sums (G, H) under a criterion. */
export function sideScore(c: Criterion, G: number, H: number): number {
  if (c.kind === GBT) {
    const a = Math.abs(G) - c.alpha;
    if (a <= 0) return 0;
    return (a * a) / (H + c.lambda);
  }
  if (H <= 0) return 0;
  if (c.kind === GINI) return (G * G) / H;
  return xlogx(G) + xlogx(H - G) - xlogx(H);
}

/** The leaf value of sums (G, H): −T_α(G)/(H+λ) for GBT (before shrinkage), G/H otherwise. */
export function leafValue(c: Criterion, G: number, H: number): number {
  if (c.kind === GBT) {
    const a = Math.abs(G) - c.alpha;
    if (a <= 0) return 0;
    return -(Math.sign(G) * a) / (H + c.lambda);
  }
  return H > 0 ? G / H : 0;
}

/**
 * Completes feature j's histogram of a node with totals (G, H): first hist −= minus over its bins
 * when `minus` is given (the subtraction trick, done here while the bins are in cache), then its
 * default bin set to the totals minus its other bins (binning.ts: default bins are never
 * accumulated).
 */
function completeFeature(
  hist: Float64Array,
  minus: Float64Array | null,
  a: number,
  z: number,
  d: number,
  G: number,
  H: number,
): void {
  let g = 0;
  let h = 0;
  if (minus === null) {
    for (let b = 2 * a; b < 2 * z; b += 2) {
      g += hist[b]!;
      h += hist[b + 1]!;
    }
  } else {
    for (let b = 2 * a; b < 2 * z; b += 2) {
      const gb = hist[b]! - minus[b]!;
      const hb = hist[b + 1]! - minus[b + 1]!;
      hist[b] = gb;
      hist[b + 1] = hb;
      g += gb;
      h += hb;
    }
  }
  // The sums include the default bin's old content: take it back out.
  hist[2 * d] = G - (g - hist[2 * d]!);
  hist[2 * d + 1] = H - (h - hist[2 * d + 1]!);
}

/** Records a better split in `out`. */
function keep(
  out: SplitChoice,
  gain: number,
  j: number,
  b: number,
  left: boolean,
  GL: number,
  HL: number,
  G: number,
  H: number,
): void {
  out.gain = gain;
  out.feature = j;
  out.bin = b;
  out.defaultLeft = left;
  out.GL = GL;
  out.HL = HL;
  out.GR = G - GL;
  out.HR = H - HL;
}

/**
 * Scans feature j's bins (at `base`, nb value bins, missing sums Gm/Hm) for a split better than
 * `best`; returns the new best gain. The GBT score with α = 0 is inlined (the common case).
 */
function scanFeature(
  hist: Float64Array,
  j: number,
  base: number,
  nb: number,
  G: number,
  H: number,
  c: Criterion,
  parent: number,
  best: number,
  out: SplitChoice,
): number {
  const m = 2 * (base + nb);
  const Gm = hist[m]!;
  const Hm = hist[m + 1]!;
  const missing = Hm > 1e-12 * Math.abs(H) || Gm !== 0;
  const mcw = c.minChildWeight;
  const l2 = c.kind === GBT && c.alpha === 0;
  const lambda = c.lambda;
  let GL = 0;
  let HL = 0;
  const end = 2 * (base + nb - 1);
  for (let k = 2 * base; k < end; k += 2) {
    const hb = hist[k + 1]!;
    // An empty bin leaves both sides as they were: the same split as the bin before.
    if (hb === 0 && hist[k] === 0) continue;
    GL += hist[k]!;
    HL += hb;
    // Missing right.
    let HR = H - HL;
    if (HL >= mcw && HR >= mcw && HL > 0 && HR > 0) {
      const GR = G - GL;
      const gain = l2
        ? (GL * GL) / (HL + lambda) + (GR * GR) / (HR + lambda) - parent
        : sideScore(c, GL, HL) + sideScore(c, GR, HR) - parent;
      if (gain > best) {
        best = gain;
        keep(out, gain, j, (k - 2 * base) / 2, missing ? false : HL >= HR, GL, HL, G, H);
      }
    }
    if (!missing) continue;
    // Missing left.
    const GLm = GL + Gm;
    const HLm = HL + Hm;
    HR = H - HLm;
    if (HLm >= mcw && HR >= mcw && HLm > 0 && HR > 0) {
      const GR = G - GLm;
      const gain = l2
        ? (GLm * GLm) / (HLm + lambda) + (GR * GR) / (HR + lambda) - parent
        : sideScore(c, GLm, HLm) + sideScore(c, GR, HR) - parent;
      if (gain > best) {
        best = gain;
        keep(out, gain, j, (k - 2 * base) / 2, true, GLm, HLm, G, H);
      }
    }
  }
  return best;
}

/**
 * The best split of a node with totals (G, H) over the listed features, written into `out`
 * (out.feature = -1 when no split has gain > minGain). Each listed feature's histogram is first
 * completed (completeFeature: `minus` subtracted, default bin derived); only features with
 * `sampled[j] === 1` (all when `sampled` is null) are candidates.
 */
export function bestSplit(
  hist: Float64Array,
  layout: BinLayout,
  features: Int32Array,
  G: number,
  H: number,
  c: Criterion,
  out: SplitChoice,
  sampled: Uint8Array | null = null,
  minus: Float64Array | null = null,
): void {
  const parent = sideScore(c, G, H);
  const { offset, nBins, defaultBin } = layout;
  // Forest criteria are exactly 0 on a pure node; a relative floor keeps rounding from splitting it.
  let best = c.kind === GBT ? c.minGain : Math.max(c.minGain, 1e-10 * Math.abs(H));
  out.feature = -1;
  out.gain = 0;
  for (let f = 0; f < features.length; f++) {
    const j = features[f]!;
    const base = offset[j]!;
    completeFeature(hist, minus, base, offset[j + 1]!, base + defaultBin[j]!, G, H);
    if (sampled !== null && sampled[j] !== 1) continue;
    best = scanFeature(hist, j, base, nBins[j]!, G, H, c, parent, best, out);
  }
}

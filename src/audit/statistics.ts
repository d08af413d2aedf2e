/**
 * Every number the per-group core reports, derived from the sums of one kernel pass and laid out
 * in a flat vector, so that the point estimate and each bootstrap replicate give vectors of the
 * same shape and an interval is a percentile of one coordinate across replicates.
 *
 * Calibration gap of group g against the reference group r (indirect standardisation): over the
 * calibration bins where r has rows, O = g's observed positives, E = Σ_bins n_g(bin) · rate_r(bin),
 * the positives g would have had at r's observed rate for the same scores. Difference (O − E)/n_g,
 * ratio O/E. A score calibrated within groups gives 0 and 1; a score that overstates g's risk
 * compared with r's gives a negative difference and a ratio below 1.
 */
import type { CalibrationFit } from '../metrics/index.js';
import { RATE_NAMES, ratesOf } from './passes.js';
import { oneStep, type KernelData, type KernelSums } from './replicate-kernel.js';

/** Offsets of each statistic in the vector, for G groups and R rule slots. */
export class StatLayout {
  readonly size: number;
  private readonly base: Record<
    'auc' | 'aucAll' | 'xpos' | 'xneg' | 'rate' | 'brier' | 'gapDiff' | 'gapRatio' | 'fit',
    number
  >;

  constructor(
    readonly groups: number,
    readonly rules: number,
  ) {
    const G = groups;
    let at = 0;
    const take = (n: number) => ((at += n), at - n);
    this.base = {
      auc: take(G * G),
      aucAll: take(1),
      xpos: take(G),
      xneg: take(G),
      rate: take(rules * (G + 1) * RATE_NAMES.length),
      brier: take(G + 1),
      gapDiff: take(G),
      gapRatio: take(G),
      fit: take(2 * (G + 1)),
    };
    this.size = at;
  }
  /** xAUC(a, b); the diagonal is each group's AUC. */
  auc(a: number, b: number): number {
    return this.base.auc + a * this.groups + b;
  }
  aucAll(): number {
    return this.base.aucAll;
  }
  xaucPos(g: number): number {
    return this.base.xpos + g;
  }
  xaucNeg(g: number): number {
    return this.base.xneg + g;
  }
  /** Rate m (index into RATE_NAMES) of rule r for group g (g = G: all rows). */
  rate(r: number, g: number, m: number): number {
    return this.base.rate + (r * (this.groups + 1) + g) * RATE_NAMES.length + m;
  }
  brier(g: number): number {
    return this.base.brier + g;
  }
  gapDiff(g: number): number {
    return this.base.gapDiff + g;
  }
  gapRatio(g: number): number {
    return this.base.gapRatio + g;
  }
  /** Recalibration intercept (which 0) or slope (1) of group g (g = G: all rows). */
  fit(g: number, which: 0 | 1): number {
    return this.base.fit + 2 * g + which;
  }
}

/** Fills `out` with every statistic of one pass's sums. `ref` is the reference group. */
export function deriveStatistics(
  d: KernelData,
  s: KernelSums,
  L: StatLayout,
  ref: number,
  fits: readonly CalibrationFit[] | undefined,
  out: Float64Array,
): void {
  const G = d.groups;
  const S = G + 1;
  let posAll = 0;
  let negAll = 0;
  let winsAll = 0;
  for (let a = 0; a < S; a++) {
    posAll += s.pos[a]!;
    negAll += s.neg[a]!;
    for (let b = 0; b < S; b++) winsAll += s.wins[a * S + b]!;
  }
  out[L.aucAll()] = winsAll / (posAll * negAll);
  for (let a = 0; a < G; a++) {
    let rowSum = 0;
    let colSum = 0;
    for (let b = 0; b < S; b++) {
      rowSum += s.wins[a * S + b]!;
      colSum += s.wins[b * S + a]!;
    }
    for (let b = 0; b < G; b++) out[L.auc(a, b)] = s.wins[a * S + b]! / (s.pos[a]! * s.neg[b]!);
    out[L.xaucPos(a)] = rowSum / (s.pos[a]! * negAll);
    out[L.xaucNeg(a)] = colSum / (posAll * s.neg[a]!);
  }
  const all = new Float64Array(4);
  for (let r = 0; r < d.rules; r++) {
    const c = s.conf.subarray(r * S * 4, (r + 1) * S * 4);
    all.fill(0);
    for (let k = 0; k < S * 4; k++) all[k % 4]! += c[k]!;
    for (let g = 0; g <= G; g++) {
      const rates = g < G ? ratesOf(c, g) : ratesOf(all, 0);
      RATE_NAMES.forEach((m, k) => (out[L.rate(r, g, k)] = rates[m]));
    }
  }
  let brierAll = 0;
  for (let g = 0; g < S; g++) {
    brierAll += s.brier[g]!;
    if (g < G) out[L.brier(g)] = d.units !== null ? s.brier[g]! / (s.pos[g]! + s.neg[g]!) : NaN;
  }
  out[L.brier(G)] = d.units !== null ? brierAll / (posAll + negAll) : NaN;
  calibrationGaps(d, s, L, ref, out);
  for (let g = 0; g <= G; g++) {
    const [a, b] =
      d.units !== null ? oneStep(fits?.[g], s.fit, g === G ? S * 5 : g * 5) : [NaN, NaN];
    out[L.fit(g, 0)] = a;
    out[L.fit(g, 1)] = b;
  }
}

function calibrationGaps(
  d: KernelData,
  s: KernelSums,
  L: StatLayout,
  ref: number,
  out: Float64Array,
): void {
  const K = d.bins;
  for (let g = 0; g < d.groups; g++) {
    let observed = 0;
    let expected = 0;
    let n = 0;
    for (let k = 0; k < K; k++) {
      const nRef = s.binTot[ref * K + k]!;
      const nG = s.binTot[g * K + k]!;
      if (nRef === 0 || nG === 0) continue;
      observed += s.binPos[g * K + k]!;
      expected += (nG * s.binPos[ref * K + k]!) / nRef;
      n += nG;
    }
    out[L.gapDiff(g)] = n === 0 ? NaN : (observed - expected) / n;
    out[L.gapRatio(g)] = n === 0 ? NaN : observed / expected;
  }
}

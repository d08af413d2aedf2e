/**
 * The fused kernel behind the per-group core. A bootstrap replicate only changes the weights (a
 * cluster's draw count), so the audited rows are compressed once into what the weights multiply:
 * - cells: rows with the same score, group slot, label and rule flags, in score order. Each
 *   replicate adds every row's weight to its cell, then one walk over the cells gives the G×G
 *   pair-win matrix (AUC, xAUC and its balanced forms), confusion counts per rule and group, and
 *   outcomes per calibration bin and group. With 1–20 scores there are a few hundred cells.
 * - units: rows of one cluster in one group slot, with the sums of their squared errors and of
 *   the recalibration score and information terms; a replicate adds weight × unit sum.
 * - tallies, only when cells barely compress (raw probabilities as scores: every row its own
 *   cell): rows with the same group slot, label, rule flags and calibration bin. The confusion
 *   and calibration counts then come from the tallies, and the walk over cells only ranks.
 * So a replicate costs one or two adds per row, a walk over cells and one pass over units.
 * Rows in no group sit in an extra slot G: they count in `all`, never in a group.
 */
import { sigmoid, logit, type CalibrationFit } from '../metrics/index.js';

/** The compressed audit rows (see prepareKernel). */
export interface KernelData {
  /** Reported groups G; slot G holds rows in no group. */
  readonly groups: number;
  /** Rule slots (at least 1: a rule that flags nothing stands in when there are none). */
  readonly rules: number;
  /** Calibration bins K. */
  readonly bins: number;
  readonly clusters: number;
  /** Per usable row, in score order: its cell and its cluster slot. */
  readonly rowCell: Int32Array;
  readonly rowSlot: Int32Array;
  /**
   * Per cell, in score order: 2 = the only cell of its score, 1 = the first of several, 0 = a
   * later one; then its group slot, label, rule bits and calibration bin.
   */
  readonly cellKind: Uint8Array;
  readonly cellG: Int32Array;
  readonly cellY: Uint8Array;
  /** Per cell and rule slot: the index of its confusion count (tp, fp, fn, tn of its group). */
  readonly cellConf: Int32Array;
  /** Per cell: the index of its calibration count (group slot × bins + bin). */
  readonly cellBinAt: Int32Array;
  /** Tallies (see the file comment), or null when the cells compress well. */
  readonly tallies: {
    readonly rowTally: Int32Array;
    readonly y: Uint8Array;
    /** Per tally and rule slot: the index of its confusion count. */
    readonly conf: Int32Array;
    /** Per tally: the index of its calibration count. */
    readonly binAt: Int32Array;
  } | null;
  /**
   * Units (with probabilities), ordered by group slot then cluster: cluster slot, where each
   * group slot's units start, and 11 sums each; null without probabilities.
   */
  readonly units: {
    readonly slot: Int32Array;
    readonly groupStart: Int32Array;
    /** d², then rG, rG·x, vG, vG·x, vG·x² (group fit), then the same five at the overall fit. */
    readonly sums: Float64Array;
  } | null;
}

/** Sums of one pass (slots 0..G; G = rows in no group). */
export interface KernelSums {
  readonly wins: Float64Array;
  readonly pos: Float64Array;
  readonly neg: Float64Array;
  readonly conf: Float64Array;
  readonly binPos: Float64Array;
  readonly binTot: Float64Array;
  readonly brier: Float64Array;
  /** Per slot: Σr, Σr·x, Σv, Σv·x, Σv·x² at the group fits; then the same 5 at the overall fit. */
  readonly fit: Float64Array;
  /** Scratch: weight per cell and per tally. */
  readonly cellW: Float64Array;
  readonly tallyW: Float64Array;
}

/** Allocates the sums of a kernel. */
export function kernelSums(d: KernelData): KernelSums {
  const S = d.groups + 1;
  return {
    wins: new Float64Array(S * S),
    pos: new Float64Array(S),
    neg: new Float64Array(S),
    conf: new Float64Array(d.rules * S * 4),
    binPos: new Float64Array(S * d.bins),
    binTot: new Float64Array(S * d.bins),
    brier: new Float64Array(S),
    fit: new Float64Array(S * 5 + 5),
    cellW: new Float64Array(d.cellG.length),
    tallyW: new Float64Array(d.tallies?.y.length ?? 0),
  };
}

/** What prepareKernel needs about the input rows (arrays indexed by input row). */
export interface KernelInput {
  /** Usable rows in score order. */
  readonly order: Uint32Array;
  readonly score: Float64Array;
  readonly y: Uint8Array;
  readonly code: Int32Array;
  readonly groups: number;
  readonly clusterSlot: Int32Array;
  readonly clusters: number;
  readonly selected: readonly Uint8Array[];
  /** Calibration bin of each usable row, aligned with `order`. */
  readonly binKey: Int32Array;
  readonly bins: number;
  readonly probability?: Float64Array | undefined;
  /** Recalibration fits per group (index G = overall), when probabilities are given. */
  readonly fits?: readonly CalibrationFit[] | undefined;
  /** Units already prepared for the same rows (they do not depend on the score order). */
  readonly units?: KernelData['units'];
}

const slotOf = (k: KernelInput, i: number): number => {
  const c = k.code[i]!;
  return c >= 0 && c < k.groups ? c : k.groups;
};

/** Compresses the usable rows into cells and units. */
export function prepareKernel(k: KernelInput): KernelData {
  const { order, score, y } = k;
  const m = order.length;
  const rowCell = new Int32Array(m);
  const rowSlot = Int32Array.from(order, (i) => k.clusterSlot[i]!);
  const kind = new Uint8Array(m);
  const cg = new Int32Array(m);
  const cy = new Uint8Array(m);
  const csel = new Uint32Array(m);
  const cbin = new Int32Array(m);
  const inBlock = new Map<number, number>();
  let nc = 0;
  let blockStart = 0;
  for (let j = 0; j < m; j++) {
    const i = order[j]!;
    if (j === 0 || score[i] !== score[order[j - 1]!]) {
      inBlock.clear();
      blockStart = nc;
    }
    let bits = 0;
    for (let r = 0; r < k.selected.length; r++) bits |= (k.selected[r]![i] === 1 ? 1 : 0) << r;
    const g = slotOf(k, i);
    const key = (bits >>> 0) * 2 * (k.groups + 1) + g * 2 + y[i]!;
    let c = inBlock.get(key);
    if (c === undefined) {
      c = nc++;
      inBlock.set(key, c);
      // 2: the only cell of its score so far; 1: first of several; 0: a later one.
      kind[c] = c === blockStart ? 2 : 0;
      if (c === blockStart + 1) kind[blockStart] = 1;
      cg[c] = g;
      cy[c] = y[i]!;
      csel[c] = bits >>> 0;
      cbin[c] = k.binKey[j]!;
    }
    rowCell[j] = c;
  }
  const S = k.groups + 1;
  const R = Math.max(1, k.selected.length);
  return {
    groups: k.groups,
    rules: R,
    bins: k.bins,
    clusters: k.clusters,
    rowCell,
    rowSlot,
    cellKind: kind.slice(0, nc),
    cellG: cg.slice(0, nc),
    cellY: cy.slice(0, nc),
    cellConf: confIndex(cg, cy, csel, nc, S, R),
    cellBinAt: Int32Array.from(cbin.subarray(0, nc), (b, c) => cg[c]! * k.bins + b),
    tallies: nc > m / 4 ? prepareTallies(k, cg, cy, csel, rowCell, S, R) : null,
    units:
      k.units !== undefined
        ? k.units
        : k.probability && k.fits
          ? prepareUnits(k, k.probability, k.fits)
          : null,
  };
}

/** Tallies: rows by (group slot, label, rule bits, calibration bin). */
function prepareTallies(
  k: KernelInput,
  cg: Int32Array,
  cy: Uint8Array,
  csel: Uint32Array,
  rowCell: Int32Array,
  S: number,
  R: number,
): KernelData['tallies'] {
  const m = rowCell.length;
  const rowTally = new Int32Array(m);
  const ids = new Map<number, number>();
  const tg: number[] = [];
  const ty: number[] = [];
  const tsel: number[] = [];
  const tbin: number[] = [];
  for (let j = 0; j < m; j++) {
    const c = rowCell[j]!;
    const key = ((csel[c]! * S + cg[c]!) * 2 + cy[c]!) * k.bins + k.binKey[j]!;
    let id = ids.get(key);
    if (id === undefined) {
      ids.set(key, (id = tg.length));
      tg.push(cg[c]!);
      ty.push(cy[c]!);
      tsel.push(csel[c]!);
      tbin.push(k.binKey[j]!);
    }
    rowTally[j] = id;
  }
  const g = Int32Array.from(tg);
  const y = Uint8Array.from(ty);
  return {
    rowTally,
    y,
    conf: confIndex(g, y, Uint32Array.from(tsel), g.length, S, R),
    binAt: Int32Array.from(tbin, (b, t) => g[t]! * k.bins + b),
  };
}

/** Index into the confusion counts of each cell under each rule: (r·S + g)·4 + tp/fp/fn/tn. */
function confIndex(
  g: Int32Array,
  y: Uint8Array,
  sel: Uint32Array,
  nc: number,
  S: number,
  R: number,
): Int32Array {
  const out = new Int32Array(nc * R);
  for (let c = 0; c < nc; c++) {
    for (let r = 0; r < R; r++) {
      const flagged = ((sel[c]! >>> r) & 1) === 1;
      out[c * R + r] = (r * S + g[c]!) * 4 + (y[c] === 1 ? 0 : 1) + (flagged ? 0 : 2);
    }
  }
  return out;
}

/** Stable counting sort of `rows` by `key(row)` in 0..n−1. */
function countingSort(rows: Uint32Array, n: number, key: (i: number) => number): Uint32Array {
  const start = new Int32Array(n + 1);
  for (const i of rows) start[key(i) + 1]!++;
  for (let c = 0; c < n; c++) start[c + 1]! += start[c]!;
  const out = new Uint32Array(rows.length);
  for (const i of rows) out[start[key(i)]!++] = i;
  return out;
}

/** Units: rows grouped by (group slot, cluster slot), in that order, with their 11 sums. */
function prepareUnits(k: KernelInput, p: Float64Array, fits: readonly CalibrationFit[]) {
  const S = k.groups + 1;
  const byCluster = countingSort(k.order, k.clusters, (i) => k.clusterSlot[i]!);
  const rows = countingSort(byCluster, S, (i) => slotOf(k, i));
  const keyOf = (i: number) => slotOf(k, i) * k.clusters + k.clusterSlot[i]!;
  let n = 0;
  for (let j = 0; j < rows.length; j++) if (j === 0 || keyOf(rows[j]!) !== keyOf(rows[j - 1]!)) n++;
  const slot = new Int32Array(n);
  const groupStart = new Int32Array(S + 1);
  const sums = new Float64Array(n * 11);
  const add = (o: number, f: CalibrationFit | undefined, x: number, yi: number) => {
    if (f === undefined || !f.converged) return;
    const mu = sigmoid(f.intercept + f.slope * x);
    const r = yi - mu;
    const v = mu * (1 - mu);
    sums[o]! += r;
    sums[o + 1]! += r * x;
    sums[o + 2]! += v;
    sums[o + 3]! += v * x;
    sums[o + 4]! += v * x * x;
  };
  let u = -1;
  for (let j = 0; j < rows.length; j++) {
    const i = rows[j]!;
    const gi = slotOf(k, i);
    if (j === 0 || keyOf(i) !== keyOf(rows[j - 1]!)) {
      u++;
      slot[u] = k.clusterSlot[i]!;
      groupStart[gi + 1] = u + 1;
    }
    const o = u * 11;
    const x = logit(p[i]!);
    const yi = k.y[i]!;
    sums[o]! += (p[i]! - yi) ** 2;
    if (gi < k.groups) add(o + 1, fits[gi], x, yi);
    add(o + 6, fits[k.groups], x, yi);
  }
  for (let g = 0; g < S; g++) groupStart[g + 1] = Math.max(groupStart[g + 1]!, groupStart[g]!);
  return { slot, groupStart, sums };
}

/**
 * One pass: fills `s` with the weighted sums, the weight of each row being `draws[slot]` (a
 * cluster's draw count in a replicate; all ones for the point estimate).
 */
export function accumulate(d: KernelData, draws: Uint16Array, s: KernelSums): void {
  const { rowCell, rowSlot } = d;
  const m = rowCell.length;
  for (const a of [s.wins, s.pos, s.neg, s.conf, s.binPos, s.binTot]) a.fill(0);
  if (m !== d.cellG.length) {
    const cellW = s.cellW;
    cellW.fill(0);
    for (let j = 0; j < m; j++) cellW[rowCell[j]!]! += draws[rowSlot[j]!]!;
  }
  if (d.tallies !== null) tally(d.tallies, d.rules, draws, rowSlot, s);
  walkCells(d, s, draws);
  accumulateUnits(d, draws, s);
}

/** Confusion and calibration counts from the tallies. */
function tally(
  t: NonNullable<KernelData['tallies']>,
  R: number,
  draws: Uint16Array,
  rowSlot: Int32Array,
  s: KernelSums,
): void {
  const { rowTally, y, conf: at, binAt } = t;
  const { tallyW, conf, binTot, binPos } = s;
  tallyW.fill(0);
  const m = rowTally.length;
  for (let j = 0; j < m; j++) tallyW[rowTally[j]!]! += draws[rowSlot[j]!]!;
  for (let k = 0; k < y.length; k++) {
    const w = tallyW[k]!;
    for (let r = 0; r < R; r++) conf[at[k * R + r]!]! += w;
    binTot[binAt[k]!]! += w;
    binPos[binAt[k]!]! += w * y[k]!;
  }
}

/** The pending block of tied cells: weights per group slot and which slots were touched. */
interface Block {
  readonly bp: Float64Array;
  readonly bn: Float64Array;
  readonly touched: Int32Array;
  readonly isTouched: Uint8Array;
  n: number;
}

/** Closes a block of tied scores: its pair wins (ties ½), then its weights join the totals. */
function flushBlock(b: Block, s: KernelSums, S: number): void {
  const { wins, pos, neg } = s;
  for (let t = 0; t < b.n; t++) {
    const a = b.touched[t]!;
    const pa = b.bp[a]!;
    if (pa === 0) continue;
    const row = a * S;
    for (let h = 0; h < S; h++) wins[row + h]! += pa * (neg[h]! + 0.5 * b.bn[h]!);
  }
  for (let t = 0; t < b.n; t++) {
    const a = b.touched[t]!;
    neg[a]! += b.bn[a]!;
    pos[a]! += b.bp[a]!;
    b.bp[a] = 0;
    b.bn[a] = 0;
    b.isTouched[a] = 0;
  }
  b.n = 0;
}

/** The walk over cells in score order: pair wins, confusion counts, calibration bins. */
function walkCells(d: KernelData, s: KernelSums, draws: Uint16Array): void {
  const S = d.groups + 1;
  const R = d.rules;
  const { wins, pos, neg, conf, binPos, binTot, cellW } = s;
  const counts = d.tallies === null;
  const block: Block = {
    bp: new Float64Array(S),
    bn: new Float64Array(S),
    touched: new Int32Array(S),
    isTouched: new Uint8Array(S),
    n: 0,
  };
  const { cellKind, cellG, cellY, cellConf, cellBinAt, rowSlot } = d;
  const nc = cellG.length;
  // Every row its own cell (distinct scores): weights straight from the draws.
  const direct = d.rowCell.length === nc;
  for (let c = 0; c < nc; c++) {
    const kc = cellKind[c]!;
    if (kc !== 0 && block.n > 0) flushBlock(block, s, S);
    // No test for w = 0: adding zeros costs less than a mispredicted branch.
    const w = direct ? draws[rowSlot[c]!]! : cellW[c]!;
    const g = cellG[c]!;
    const yc = cellY[c]!;
    if (kc === 2) {
      // A score held by one cell: no ties between positives and negatives.
      if (yc === 1) {
        const row = g * S;
        for (let h = 0; h < S; h++) wins[row + h]! += w * neg[h]!;
        pos[g]! += w;
      } else neg[g]! += w;
    } else {
      if (block.isTouched[g] === 0) {
        block.isTouched[g] = 1;
        block.touched[block.n++] = g;
      }
      if (yc === 1) block.bp[g]! += w;
      else block.bn[g]! += w;
    }
    if (!counts) continue;
    for (let r = 0; r < R; r++) conf[cellConf[c * R + r]!]! += w;
    const bk = cellBinAt[c]!;
    binTot[bk]! += w;
    binPos[bk]! += w * yc;
  }
  if (block.n > 0) flushBlock(block, s, S);
}

/** Brier and recalibration sums: weight × unit sums, group by group in local accumulators. */
function accumulateUnits(d: KernelData, draws: Uint16Array, s: KernelSums): void {
  const { brier, fit } = s;
  brier.fill(0);
  fit.fill(0);
  const u = d.units;
  if (u === null) return;
  const S = d.groups + 1;
  const all = S * 5;
  const { slot, groupStart, sums: v } = u;
  for (let g = 0; g < S; g++) {
    let b0 = 0;
    let f0 = 0;
    let f1 = 0;
    let f2 = 0;
    let f3 = 0;
    let f4 = 0;
    let a0 = 0;
    let a1 = 0;
    let a2 = 0;
    let a3 = 0;
    let a4 = 0;
    const end = groupStart[g + 1]!;
    for (let k = groupStart[g]!; k < end; k++) {
      const w = draws[slot[k]!]!;
      const o = k * 11;
      b0 += w * v[o]!;
      f0 += w * v[o + 1]!;
      f1 += w * v[o + 2]!;
      f2 += w * v[o + 3]!;
      f3 += w * v[o + 4]!;
      f4 += w * v[o + 5]!;
      a0 += w * v[o + 6]!;
      a1 += w * v[o + 7]!;
      a2 += w * v[o + 8]!;
      a3 += w * v[o + 9]!;
      a4 += w * v[o + 10]!;
    }
    brier[g] = b0;
    fit.set([f0, f1, f2, f3, f4], g * 5);
    fit[all]! += a0;
    fit[all + 1]! += a1;
    fit[all + 2]! += a2;
    fit[all + 3]! += a3;
    fit[all + 4]! += a4;
  }
}

/**
 * One Newton step from `f` with the sums at offset `o` of `fit`: the replicate's recalibration
 * fit to first order (equal to `f` on the full sample, where the score sums vanish).
 */
export function oneStep(
  f: CalibrationFit | undefined,
  fit: Float64Array,
  o: number,
): [number, number] {
  if (f === undefined || !f.converged) return [NaN, NaN];
  const [g0, g1, h00, h01, h11] = [fit[o]!, fit[o + 1]!, fit[o + 2]!, fit[o + 3]!, fit[o + 4]!];
  const det = h00 * h11 - h01 * h01;
  if (!(det > 0)) return [NaN, NaN];
  return [f.intercept + (h11 * g0 - h01 * g1) / det, f.slope + (h00 * g1 - h01 * g0) / det];
}

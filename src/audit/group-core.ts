/**
 * The per-group core: every fairness measure in Sightline is derived here. For any grouping it
 * gives each metric per group and overall, the difference and ratio to a reference group, 95%
 * intervals (Wilson for rates; a cluster bootstrap over referrals for AUC, xAUC, Brier, the
 * recalibration fit, the calibration gap and every contrast), minimum-cell suppression, and a
 * verdict on each contrast against a tolerance: `within_tolerance` (the whole interval inside
 * ±tolerance), `exceeds_tolerance` (wholly outside) or `inconclusive` (the interval spans the
 * tolerance). With a 95% interval, a contrast whose true value is inside the tolerance is called
 * `exceeds_tolerance` at most about 2.5% of the time.
 *
 * Rows in scope: `rows` with a label 0/1, a score that is not NaN and, when probabilities are
 * given, a probability that is not NaN. The caller counts and reports the others.
 */
import { z } from 'zod';
import { calibrationFit, sortByScore, type CalibrationFit } from '../metrics/index.js';
import { bootstrapRng, clusterSlots, drawClusters } from './bootstrap.js';
import { sortedBins } from './calibration.js';
import { accumulate, kernelSums, prepareKernel, type KernelSums } from './replicate-kernel.js';
import { StatLayout, deriveStatistics } from './statistics.js';
import { buildRows } from './audit-rows.js';

/** What is audited: labels, the score, optional probabilities, clusters, and the rows in scope. */
export interface AuditInput {
  readonly y: Uint8Array;
  readonly score: Float64Array;
  readonly probability?: Float64Array;
  readonly cluster: Uint32Array;
  readonly rows: Uint32Array;
}

/** A grouping: a code per row (0..labels.length−1; −1 = in no group). */
export interface Grouping {
  readonly name: string;
  readonly labels: readonly string[];
  readonly code: Int32Array;
}

/** A decision rule: which rows it flags, and how reports name it (e.g. `score>=16`). */
export interface DecisionRule {
  readonly label: string;
  readonly selected: Uint8Array;
}

/** Options of the per-group core (parse `{}` for the defaults). */
export const AuditOptions = z.object({
  reference: z.string().optional(),
  replicates: z.number().int().min(0).max(100_000).default(1000),
  seed: z.number().int().default(1),
  minCell: z.number().int().min(0).default(10),
  /**
   * A group with fewer clusters (referrals) than this has all its numbers suppressed: with a
   * handful of families, neither a Wilson interval nor the cluster bootstrap is trustworthy.
   */
  minClusters: z.number().int().min(1).default(5),
  /** Tolerance on differences (absolute, e.g. 0.05 = 5 points). */
  tolerance: z.number().min(0).default(0.05),
  /** Tolerance on ratios: within 1 ± ratioTolerance (0.2 = the four-fifths rule). */
  ratioTolerance: z.number().min(0).default(0.2),
  confidence: z.number().gt(0).lt(1).default(0.95),
});
export type AuditOptions = z.input<typeof AuditOptions>;

/** The state of a report row: a plain value, suppressed, or a contrast's verdict. */
export type RowState =
  'ok' | 'suppressed' | 'within_tolerance' | 'exceeds_tolerance' | 'inconclusive' | 'no_interval';

/** One number of a report (report.json `metrics`): NaN and suppressed values are null. */
export interface MetricRow {
  readonly metric: string;
  readonly grouping: string;
  readonly group: string;
  readonly versus?: string;
  readonly contrast?: 'difference' | 'ratio';
  readonly threshold?: string;
  readonly score?: number;
  readonly value: number | null;
  readonly lo: number | null;
  readonly hi: number | null;
  readonly n: number;
  readonly state: RowState;
}

/** Everything the rows are built from: point sums and statistics, replicates, bins. */
export interface CoreResult {
  readonly layout: StatLayout;
  readonly sums: KernelSums;
  readonly point: Float64Array;
  /** Replicate values, statistic-major: replicates[stat · B + b]. */
  readonly replicates: Float64Array;
  readonly B: number;
  readonly ref: number;
  readonly binValues: readonly number[];
  readonly hasProbability: boolean;
  /** Distinct clusters of each group among the rows in scope. */
  readonly clusters: Int32Array;
}

/**
 * Audits `input` by `grouping` at the decision `rules`. Groups are reported in label order, then
 * `all`. The reference defaults to the largest group.
 * @example auditByGroup({ y, score, cluster: household, rows }, raceGrouping, [{ label: 'score>=16', selected }])
 */
export function auditByGroup(
  input: AuditInput,
  grouping: Grouping,
  rules: readonly DecisionRule[],
  options: AuditOptions = {},
): MetricRow[] {
  const o = AuditOptions.parse(options);
  const core = runCore(input, grouping, rules, o);
  return buildRows(core, grouping, rules, o);
}

/** The rows in scope (see the file comment), in score order. */
function usableOrder(input: AuditInput): Uint32Array {
  const p = input.probability;
  const rows = p ? input.rows.filter((i) => !Number.isNaN(p[i]!)) : input.rows;
  return sortByScore(input.score, input.y, rows);
}

/**
 * When the rows form more than GRID_ABOVE cells (raw probabilities on a large table: every row
 * its own cell), bootstrap replicates rank the scores on a grid of GRID_LEVELS equal steps
 * between the lowest and highest score, so that a replicate costs about what it costs for 1–20
 * scores. Point estimates always use the exact scores. The grid only adds ties between scores
 * less than one step apart, which moves a replicate's AUC by at most half the share of such
 * pairs; measured on 60,000 and 400,000 rows: 10⁻⁶ or less, against a replicate spread (SD) of
 * 10⁻³ (test/audit/kernel.test.ts checks 10⁻⁴).
 */
export const GRID_LEVELS = 10_000;
export const GRID_ABOVE = 50_000;

/** The score on a grid of GRID_LEVELS + 1 values (monotone, so `order` stays sorted). */
function onGrid(score: Float64Array, order: Uint32Array): Float64Array {
  const lo = score[order[0]!]!;
  const hi = score[order[order.length - 1]!]!;
  const step = (hi - lo) / GRID_LEVELS || 1;
  const out = new Float64Array(score.length).fill(NaN);
  for (const i of order) out[i] = Math.round((score[i]! - lo) / step);
  return out;
}

/** Runs the point pass and the bootstrap; see CoreResult. */
export function runCore(
  input: AuditInput,
  grouping: Grouping,
  rules: readonly DecisionRule[],
  o: z.infer<typeof AuditOptions>,
): CoreResult {
  const G = grouping.labels.length;
  const order = usableOrder(input);
  const { slotOfRow, count } = clusterSlots(order, input.cluster);
  const { bin: binKey, values } = sortedBins(input.score, order);
  const fits = input.probability ? groupFits(input, order, grouping) : undefined;
  const kernelInput = {
    order,
    score: input.score,
    y: input.y,
    code: grouping.code,
    groups: G,
    clusterSlot: slotOfRow,
    clusters: count,
    selected: rules.map((r) => r.selected),
    binKey,
    bins: values.length,
    probability: input.probability,
    fits,
  };
  const data = prepareKernel(kernelInput);
  const repData =
    data.cellG.length > GRID_ABOVE
      ? prepareKernel({
          ...kernelInput,
          score: onGrid(input.score, order),
          units: data.units,
        })
      : data;
  const layout = new StatLayout(G, data.rules);
  const sums = kernelSums(data);
  accumulate(data, new Uint16Array(count).fill(1), sums);
  const ref = referenceGroup(sums, grouping, o.reference);
  const point = new Float64Array(layout.size);
  deriveStatistics(data, sums, layout, ref, fits, point);
  const B = o.replicates;
  const replicates = new Float64Array(layout.size * B);
  const rng = bootstrapRng(o.seed);
  const draws = new Uint16Array(count);
  const scratch = kernelSums(repData);
  const vec = new Float64Array(layout.size);
  for (let b = 0; b < B; b++) {
    drawClusters(rng, draws);
    accumulate(repData, draws, scratch);
    deriveStatistics(repData, scratch, layout, ref, fits, vec);
    for (let s = 0; s < layout.size; s++) replicates[s * B + b] = vec[s]!;
  }
  return {
    layout,
    sums,
    point,
    replicates,
    B,
    ref,
    binValues: values,
    hasProbability: input.probability !== undefined,
    clusters: clustersPerGroup(order, slotOfRow, count, grouping),
  };
}

/** Distinct cluster slots of each group among `order`. */
function clustersPerGroup(
  order: Uint32Array,
  slotOfRow: Int32Array,
  count: number,
  grouping: Grouping,
): Int32Array {
  const G = grouping.labels.length;
  const out = new Int32Array(G);
  const seen = new Int32Array(count).fill(-1);
  for (let g = 0; g < G; g++) {
    for (const i of order) {
      if (grouping.code[i] !== g) continue;
      const s = slotOfRow[i]!;
      if (seen[s] !== g) {
        seen[s] = g;
        out[g]!++;
      }
    }
  }
  return out;
}

/** Recalibration fits per group and overall (index G), on the rows in scope. */
function groupFits(input: AuditInput, order: Uint32Array, grouping: Grouping): CalibrationFit[] {
  const G = grouping.labels.length;
  const byGroup: number[][] = Array.from({ length: G }, () => []);
  for (const i of order) {
    const g = grouping.code[i]!;
    if (g >= 0 && g < G) byGroup[g]!.push(i);
  }
  const p = input.probability!;
  return [
    ...byGroup.map((r) => calibrationFit(input.y, p, Uint32Array.from(r))),
    calibrationFit(input.y, p, order),
  ];
}

function referenceGroup(s: KernelSums, grouping: Grouping, reference?: string): number {
  if (reference !== undefined) {
    const ref = grouping.labels.indexOf(reference);
    if (ref < 0) {
      throw new RangeError(
        `reference group ${reference} is not one of ${grouping.labels.join(', ')}`,
      );
    }
    return ref;
  }
  let best = 0;
  for (let g = 1; g < grouping.labels.length; g++) {
    if (s.pos[g]! + s.neg[g]! > s.pos[best]! + s.neg[best]!) best = g;
  }
  return best;
}

/**
 * The selective-labels analysis of a model on an extract (DOMAIN.md §6): label coverage by
 * decision and household race; the model's performance on screened-out records that were
 * re-referred and then screened in, beside its performance on screened-in records; worst- and
 * best-case AUC, FPR and TPR over every labelling of the unobserved records; and the contraction
 * comparison with the most lenient screeners, with its assumption.
 *
 * Scope: matured child-referral records (two-year window closed) of the rows given. Contraction
 * works on referrals (the unit screeners decide): a referral's risk is the highest probability of
 * its children, its outcome the household label (any child on it placed within two years).
 */
import { ALLEGATION } from '../../contract/index.js';
import { HOUSEHOLD_RACE, type FeatureSet, type LabelName } from '../../features/index.js';
import { topShareThreshold } from '../../metrics/index.js';
import { maxScore, type ModelFile, type ScoredRecords } from '../../scoring/index.js';
import {
  aucCell,
  rateCell,
  withAll,
  type AucCell,
  type DecisionTable,
  type RateCell,
} from '../process/index.js';
import { aucBounds, rateBounds, type Bounds, type BoundsInput, type RateBounds } from './bounds.js';
import { contraction, type ContractionResult } from './contraction.js';
import { LABEL_STATUS, labelCoverage, labelStatus, type CoverageRow } from './coverage.js';

/** What the analysis needs. */
export interface SelectiveLabelsInput {
  readonly fs: FeatureSet;
  /** Per record: the model's probability and its score (e.g. 1–20). */
  readonly probability: Float64Array;
  readonly score: Float64Array;
  /** Per referral row of the extract: screener code into `screeners` (−1 unknown). */
  readonly screenerOfReferral: Int32Array;
  readonly screeners: readonly string[];
  /** Record rows in scope (e.g. calls in a window); immature ones are left out here. */
  readonly rows: Uint32Array;
  readonly label: LabelName;
  readonly householdLabel: LabelName;
  /** The rule "score ≥ cut" for FPR and TPR. */
  readonly cut: number;
  readonly lenientShare: number;
  readonly minCases: number;
}

/** Performance of the score on one kind of labelled record in one group. */
export interface LabelledPerformance {
  readonly status: 'screened_in' | 'out_then_screened_in';
  readonly group: string;
  readonly records: number;
  readonly positive: RateCell;
  readonly auc: AucCell;
  readonly tpr: RateCell;
  readonly fpr: RateCell;
}

/** The result. */
export interface SelectiveLabelsResult {
  readonly label: LabelName;
  readonly cut: number;
  readonly matured: number;
  readonly coverage: readonly CoverageRow[];
  readonly performance: readonly LabelledPerformance[];
  readonly bounds: readonly ({ readonly group: string; readonly auc: Bounds & BoundsInput } & {
    readonly atCut: RateBounds;
  })[];
  readonly contraction: ContractionResult;
}

const MANDATORY = new Set([ALLEGATION.indexOf('abuse'), ALLEGATION.indexOf('severe_neglect')]);

function performance(
  inp: SelectiveLabelsInput,
  status: Int8Array,
  y: Uint8Array,
  matured: Uint32Array,
): LabelledPerformance[] {
  const r = inp.fs.records;
  const out: LabelledPerformance[] = [];
  for (const s of [0, 1] as const) {
    withAll(HOUSEHOLD_RACE).forEach((group, g) => {
      const rows = matured.filter(
        (i) => status[i] === s && (g === HOUSEHOLD_RACE.length || r.householdRace[i] === g),
      );
      const c = [0, 0, 0, 0];
      for (const i of rows) c[(inp.score[i]! >= inp.cut ? 2 : 0) + y[i]!]!++;
      out.push({
        status: LABEL_STATUS[s] as LabelledPerformance['status'],
        group,
        records: rows.length,
        positive: rateCell(c[1]! + c[3]!, rows.length),
        auc: aucCell(y, inp.score, rows),
        tpr: rateCell(c[3]!, c[3]! + c[1]!),
        fpr: rateCell(c[2]!, c[2]! + c[0]!),
      });
    });
  }
  return out;
}

/** Referral-level cases for contraction (non-mandatory, decided, matured, screener known). */
function contractionCases(inp: SelectiveLabelsInput, matured: Uint32Array) {
  const r = inp.fs.records;
  const H = r.n === 0 ? 0 : r.household[r.n - 1]! + 1;
  const risk = new Float64Array(H).fill(-Infinity);
  const y = new Uint8Array(H);
  const screenedOut = new Uint8Array(H);
  const screener = new Int32Array(H).fill(-1);
  const take = new Uint8Array(H);
  const hl = inp.fs.labels[inp.householdLabel];
  for (const i of matured) {
    const h = r.household[i]!;
    if (MANDATORY.has(r.allegation[i]!) || r.decision[i]! < 0 || hl[i]! < 0) continue;
    take[h] = 1;
    if (inp.probability[i]! > risk[h]!) risk[h] = inp.probability[i]!;
    y[h] = hl[i] === 1 ? 1 : 0;
    screenedOut[h] = r.decision[i] === 1 ? 1 : 0;
    screener[h] = inp.screenerOfReferral[r.referralRow[i]!]!;
  }
  const rows: number[] = [];
  for (let h = 0; h < H; h++) if (take[h] === 1 && Number.isFinite(risk[h]!)) rows.push(h);
  return { risk, y, screenedOut, screener, screeners: inp.screeners, rows: Uint32Array.from(rows) };
}

/**
 * Runs the selective-labels analysis.
 * @example selectiveLabels({ fs, probability, score, screenerOfReferral, screeners, rows, label: 'placement_2y', householdLabel: 'household_placement_2y', cut: 16, lenientShare: 0.2, minCases: 50 })
 */
export function selectiveLabels(inp: SelectiveLabelsInput): SelectiveLabelsResult {
  const r = inp.fs.records;
  const label = inp.fs.labels[inp.label];
  const matured = inp.rows.filter((i) => label[i]! >= 0);
  const status = labelStatus(r);
  const y = Uint8Array.from(label, (v) => (v === 1 ? 1 : 0));
  const known = Uint8Array.from(status, (s) => (s <= 1 ? 1 : 0));
  const selected = Uint8Array.from(inp.score, (s) => (s >= inp.cut ? 1 : 0));
  const decided = matured.filter((i) => status[i]! < 3);
  const bounds = withAll(HOUSEHOLD_RACE).map((group, g) => {
    const rows =
      g === HOUSEHOLD_RACE.length ? decided : decided.filter((i) => r.householdRace[i] === g);
    return {
      group,
      auc: aucBounds(inp.score, y, known, rows),
      atCut: rateBounds(selected, y, known, rows),
    };
  });
  return {
    label: inp.label,
    cut: inp.cut,
    matured: matured.length,
    coverage: labelCoverage(status, label, r.householdRace, HOUSEHOLD_RACE, matured),
    performance: performance(inp, status, y, matured),
    bounds,
    contraction: contraction(contractionCases(inp, matured), inp),
  };
}

/** The household version of a record label. */
const HOUSEHOLD_OF: Readonly<Record<LabelName, LabelName>> = {
  placement_2y: 'household_placement_2y',
  re_referral_2y: 'household_re_referral_2y',
  household_placement_2y: 'household_placement_2y',
  household_re_referral_2y: 'household_re_referral_2y',
};

/**
 * The selective-labels analysis of a model file on a feature set: the model's label, the top-25%
 * cut of its scale (score ≥ 16 on 1–20), records of calls in [from, to) (day numbers; NaN open).
 * @example modelSelectiveLabels(fs, file, scored, table, { from: NaN, to: NaN, lenientShare: 0.2, minCases: 30 })
 */
export function modelSelectiveLabels(
  fs: FeatureSet,
  file: ModelFile,
  scored: ScoredRecords,
  table: DecisionTable,
  o: {
    readonly from: number;
    readonly to: number;
    readonly lenientShare: number;
    readonly minCases: number;
  },
): SelectiveLabelsResult {
  const label = file.training?.label ?? 'placement_2y';
  const r = fs.records;
  const inWindow: number[] = [];
  for (let i = 0; i < r.n; i++) {
    const d = r.callDay[i]!;
    if ((Number.isNaN(o.from) || d >= o.from) && (Number.isNaN(o.to) || d < o.to)) inWindow.push(i);
  }
  const rows = Uint32Array.from(inWindow);
  const top = maxScore(file.scale);
  const cut =
    file.scale.kind === 'quantile'
      ? top - Math.round(top / 4) + 1
      : topShareThreshold(scored.score, 0.25, rows);
  return selectiveLabels({
    fs,
    probability: scored.probability,
    score: scored.score,
    screenerOfReferral: table.screener,
    screeners: table.screeners,
    rows,
    label,
    householdLabel: HOUSEHOLD_OF[label],
    cut,
    lenientShare: o.lenientShare,
    minCases: o.minCases,
  });
}

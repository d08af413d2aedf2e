/**
 * What `sightline audit DIR --model MODEL` audits: the model's scores on a county extract, for
 * the population and label of the model file's training record (by default, as Allegheny did:
 * screened-in child-referral records of calls from 2010-04-01 up to 2014-08-01 whose two-year
 * window has closed, label placement within two years), restricted to the held-out rows when the
 * extract is the one the model was trained on and its grouped split can be replayed. Groupings:
 * child race, household race, sex, age band, and household race × sex; clusters are referrals;
 * rules: the top-25% cut of the score scale and the model's protocol's high-risk rule.
 */
import { RACE, SEX } from '../contract/index.js';
import { AGE_BANDS, HOUSEHOLD_RACE, type FeatureSet } from '../features/index.js';
import { groupSplit } from '../split/index.js';
import {
  maxScore,
  modelSummary,
  parseTrainOptions,
  populationRows,
  type ModelFile,
  type ScoredRecords,
} from '../scoring/index.js';
import { topShareThreshold } from '../metrics/index.js';
import type { AuditOptions, Grouping } from './group-core.js';
import type { AuditRule, AuditSpec } from './audit-report.js';

/** The labels in words. */
const LABEL_TEXT: Readonly<Record<string, string>> = {
  placement_2y: 'placement of the child within two years',
  re_referral_2y: 're-referral of the child within two years',
  household_placement_2y: 'placement of a child of the household within two years',
  household_re_referral_2y: 're-referral of a child of the household within two years',
};

/** Options of a model audit: which rows, and the core's options. */
export interface ModelAuditOptions {
  /** `test`: the held-out rows when the split can be replayed (else all); `all`: every row. */
  readonly rows?: 'test' | 'all';
  /** The extract's data hash (to know whether it is the training extract). */
  readonly dataHash: string;
  readonly audit?: AuditOptions;
}

/** The five groupings of a model audit. */
export function recordGroupings(fs: FeatureSet): Grouping[] {
  const r = fs.records;
  const cross = HOUSEHOLD_RACE.flatMap((h) => SEX.map((s) => `${h} × ${s}`));
  return [
    { name: 'child_race', labels: RACE, code: Int32Array.from(r.childRace) },
    { name: 'household_race', labels: HOUSEHOLD_RACE, code: Int32Array.from(r.householdRace) },
    { name: 'sex', labels: SEX, code: Int32Array.from(r.sex) },
    { name: 'age_band', labels: AGE_BANDS, code: Int32Array.from(r.ageBand) },
    {
      name: 'household_race_x_sex',
      labels: cross,
      code: Int32Array.from(r.householdRace, (h, i) => h * SEX.length + r.sex[i]!),
    },
  ];
}

/** The audit of a model on an extract, ready for runAudit. */
export function modelAuditSpec(
  fs: FeatureSet,
  file: ModelFile,
  scored: ScoredRecords,
  o: ModelAuditOptions,
): AuditSpec {
  const tr = file.training;
  const train = parseTrainOptions({
    population: tr?.population ?? 'screened_in',
    label: tr?.label ?? 'placement_2y',
    from: tr?.from ?? '2010-04-01',
    to: tr?.to ?? '2014-08-01',
  });
  const { rows: population, y } = populationRows(fs, train);
  const sameExtract = tr !== null && tr.dataHash === o.dataHash;
  const replay = (o.rows ?? 'test') === 'test' && sameExtract && tr.split === 'grouped';
  const rows = replay
    ? groupSplit(
        { household: fs.records.household, child: fs.records.child },
        { testShare: tr.testShare, seed: tr.seed, rows: population },
      ).test
    : population;
  const which = replay
    ? `the ${rows.length} held-out (test) rows of the model's own grouped split, replayed with its seed`
    : sameExtract
      ? `all ${rows.length} rows, training rows included (expect optimistic results)`
      : `all ${rows.length} rows (a different extract from the training one)`;
  const who = `${train.population === 'screened_in' ? 'Screened-in' : 'All'} child-referral records of calls from ${train.from} up to ${train.to} whose two-year outcome window has closed`;
  return {
    source: {
      kind: 'model',
      model: {
        features: file.model.features.length,
        nonzero: modelSummary(file.model).nonzero,
        scale: file.scale.kind === 'quantile' ? `${file.scale.bins} quantile bins` : 'probability',
        aggregation: file.aggregation,
        protocol: `${file.protocol.name} v${file.protocol.version}`,
        training: tr,
      },
      extract: { dataHash: o.dataHash, records: fs.records.n },
    },
    population: `${who}: ${which}.`,
    label: `${LABEL_TEXT[train.label]} (${train.label})`,
    outcome: LABEL_TEXT[train.label],
    score: `the model's score on its ${file.scale.kind === 'quantile' ? `1–${maxScore(file.scale)} scale` : 'probability scale'} (the child's own score, before household aggregation)`,
    input: {
      y,
      score: scored.score,
      probability: scored.probability,
      cluster: fs.records.household,
      rows,
    },
    groupings: recordGroupings(fs),
    rules: modelRules(file, scored, rows),
    exclusions: [],
    options: o.audit ?? {},
  };
}

/** The top-25% cut of the score and the protocol's high-risk rule. */
function modelRules(file: ModelFile, scored: ScoredRecords, rows: Uint32Array): AuditRule[] {
  const top = maxScore(file.scale);
  const cut =
    file.scale.kind === 'quantile'
      ? top - Math.round(top / 4) + 1
      : topShareThreshold(scored.score, 0.25, rows);
  const rules: AuditRule[] = [
    {
      label: `score>=${cut}`,
      description: `score ${cut} or more: the top 25% of the scale (Allegheny's proposed cut)`,
      selected: Uint8Array.from(scored.score, (s) => (s >= cut ? 1 : 0)),
    },
  ];
  const high = file.protocol.high;
  if (high !== null) {
    rules.push({
      label: `protocol=high`,
      description: `the household is high-risk under ${file.protocol.name} v${file.protocol.version} (household score ≥ ${high.minScore}${high.anyChildUnder !== null ? ` and a child under ${high.anyChildUnder}` : ''}): a mandatory screen-in unless a supervisor overrides`,
      selected: Uint8Array.from(scored.protocol, (p) => (p === 'high' ? 1 : 0)),
    });
  }
  return rules;
}

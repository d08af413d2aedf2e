/**
 * What `sightline monitor DIR --model MODEL` monitors: every child-referral record of the extract
 * scored by the model, the predictors the model actually uses (non-zero coefficients of a
 * logistic model; features that split some tree of a tree model), the model's label, and the
 * extract's referrals for volume, screen-in and override rates. The reference window defaults to
 * the model's training window (calls from `from` up to `to`), all records of it whatever their
 * decision: the population the model was built from, as it arrived. Families (connected records)
 * are the clusters of every test: a family called twice in a month is one unit of evidence.
 */
import { SightlineError, type Column } from '../../core/index.js';
import type { Extract } from '../../contract/index.js';
import { HOUSEHOLD_RACE, type FeatureSet, type LabelName } from '../../features/index.js';
import type { ModelFile, ScoredRecords } from '../../scoring/index.js';
import type { DecisionTable } from '../process/index.js';
import { components } from '../../split/index.js';
import type { MonitorInput } from './monitor-report.js';

/** Names of the features a model uses, in the model's order. */
export function modelPredictors(file: ModelFile): string[] {
  const m = file.model;
  if (m.kind === 'lasso') return m.features.filter((_, j) => m.coefficients[j] !== 0);
  const used = new Set<number>();
  for (const tree of m.trees) for (const f of tree.feature) if (f >= 0) used.add(f);
  return m.features.filter((_, j) => used.has(j));
}

/**
 * Families: connected components of the referral–child graph (records linked by a shared call
 * or a shared child), per record and per referral row (a referral naming no child is its own).
 */
export function families(
  fs: FeatureSet,
  referrals: number,
): { family: Uint32Array; referralFamily: Uint32Array } {
  const r = fs.records;
  const all = Uint32Array.from({ length: r.n }, (_, i) => i);
  const family = Uint32Array.from(components({ household: r.household, child: r.child }, all));
  let C = 0;
  for (const c of family) if (c + 1 > C) C = c + 1;
  const referralFamily = Uint32Array.from({ length: referrals }, (_, k) => C + k);
  for (let i = 0; i < r.n; i++) referralFamily[r.referralRow[i]!] = family[i]!;
  return { family, referralFamily };
}

/** The model's training window (Allegheny's by default) and label. */
export function modelReference(file: ModelFile): { from: string; to: string; label: LabelName } {
  const tr = file.training;
  return {
    from: tr?.from ?? '2010-04-01',
    to: tr?.to ?? '2014-08-01',
    label: tr?.label ?? 'placement_2y',
  };
}

/**
 * The monitoring input of a model on an extract. `predictors` = `all` monitors every feature of
 * the feature set instead of the model's own.
 * @throws SightlineError E_USAGE when a predictor is not in the feature set.
 */
export function modelMonitorInput(
  extract: Extract,
  fs: FeatureSet,
  file: ModelFile,
  scored: ScoredRecords,
  table: DecisionTable,
  o: { readonly predictors: 'model' | 'all'; readonly source: Readonly<Record<string, unknown>> },
): MonitorInput {
  const names = o.predictors === 'all' ? [...fs.matrix.names] : modelPredictors(file);
  const at = new Map(fs.matrix.names.map((n, j) => [n, j]));
  const predictors = names.map((name): { name: string; column: Column } => {
    const j = at.get(name);
    if (j === undefined) {
      throw new SightlineError(
        'E_USAGE',
        `the model uses feature ${name}, which the feature set of this extract does not have. Fix: monitor with the feature catalog the model was trained on.`,
      );
    }
    return { name, column: fs.matrix.columns[j]! };
  });
  const r = fs.records;
  const label = fs.labels[modelReference(file).label];
  const { family, referralFamily } = families(fs, table.n);
  return {
    records: {
      day: r.callDay,
      group: r.householdRace,
      score: scored.score,
      probability: scored.probability,
      label,
      screenedIn: Int8Array.from(r.decision, (d) => (d === 0 ? 1 : d === 1 ? 0 : -1)),
      cluster: family,
    },
    maxScore: file.scale.kind === 'quantile' ? file.scale.bins : null,
    predictors,
    referrals: table,
    referralCluster: referralFamily,
    groups: HOUSEHOLD_RACE,
    asOfDay: extract.asOfDay,
    source: o.source,
  };
}

/**
 * Explanations of scores: for each record, every feature's exact contribution to the model's
 * output, then the sums by source system and by feature group, each split into the part that can
 * change (mutable features) and the part that never will under this model (immutable features:
 * "ever" flags). Contributions add up to the output exactly (up to rounding):
 * - LASSO and imported logistic tables: output = log-odds = intercept + Σ β_j·x_j; feature j
 *   contributes β_j·x_j and the baseline is the intercept (a record with every feature 0: no
 *   history anywhere).
 * - boosted trees: output = log-odds; contributions are exact TreeSHAP values (treeShap in
 *   models) and the baseline is the expected log-odds over the training rows (tree covers).
 * - forest: output = probability; TreeSHAP on the probability scale, baseline the expected one.
 * A feature outside the catalog (an imported model's own names) is in source 'other', mutable.
 */
import { SightlineError, type Column } from '../core/index.js';
import type { FeatureSet, FeatureSpec } from '../features/index.js';
import { treeShap } from '../models/index.js';
import type { ModelFile } from './model-file.js';

/** One feature's part of one record's output. */
export interface FeatureContribution {
  readonly feature: string;
  readonly value: number;
  readonly contribution: number;
  readonly source: string;
  readonly group: string;
  readonly mutable: boolean;
  readonly description: string;
}

/** A sum of contributions over a source system or a feature group, mutable or not. */
export interface ContributionSum {
  readonly key: string;
  readonly mutable: boolean;
  readonly contribution: number;
  /** Features of the key with a non-zero contribution. */
  readonly features: number;
}

/** The explanation of one record. */
export interface Explanation {
  readonly row: number;
  /** 'log-odds' (LASSO, boosted trees) or 'probability' (forest). */
  readonly scale: 'log-odds' | 'probability';
  /** What the output is before any feature: the intercept, or the expected output. */
  readonly baseline: number;
  /** baseline + Σ contributions. */
  readonly output: number;
  /** The model's predicted probability for the record. */
  readonly probability: number;
  /** Non-zero contributions, largest in size first (ties by feature name). */
  readonly features: readonly FeatureContribution[];
  readonly bySource: readonly ContributionSum[];
  readonly byGroup: readonly ContributionSum[];
}

const OTHER: Omit<FeatureSpec, 'name'> = {
  source: 'other',
  kind: 'other',
  role: 'self',
  window: 'at_call',
  form: 'value',
  mutable: true,
  sensitivity: 'demographic',
  description: 'a feature outside the Sightline catalog',
};

/** The feature group of a catalog feature: source, kind and whose record (e.g. jail.booking.parents). */
export function featureGroup(spec: Pick<FeatureSpec, 'source' | 'kind' | 'role'>): string {
  return spec.source === 'demographics'
    ? 'demographics'
    : `${spec.source}.${spec.kind}.${spec.role}`;
}

/** Value of a column at a row (sparse columns: 0 when absent). */
function valueAt(c: Column, row: number): number {
  if (c.kind === 'dense') return c.values[row]!;
  let lo = 0;
  let hi = c.rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (c.rows[mid]! < row) lo = mid + 1;
    else hi = mid;
  }
  return lo < c.rows.length && c.rows[lo] === row ? c.values[lo]! : 0;
}

function sums(list: readonly FeatureContribution[], key: (c: FeatureContribution) => string) {
  const at = new Map<
    string,
    { key: string; mutable: boolean; contribution: number; features: number }
  >();
  for (const c of list) {
    const k = `${key(c)}|${c.mutable ? 1 : 0}`;
    const s = at.get(k) ?? { key: key(c), mutable: c.mutable, contribution: 0, features: 0 };
    s.contribution += c.contribution;
    s.features++;
    at.set(k, s);
  }
  return [...at.values()].sort(
    (a, b) =>
      Math.abs(b.contribution) - Math.abs(a.contribution) ||
      a.key.localeCompare(b.key) ||
      Number(a.mutable) - Number(b.mutable),
  );
}

/**
 * Explains `rows` of a feature set under a model file (one Explanation per row, in order).
 * @throws SightlineError E_MODEL_FEATURE when the model needs a feature the set lacks; RangeError
 *   for a row outside the set.
 * @example const [e] = explainRecords(file, fs, Uint32Array.of(row)); e.bySource
 */
export function explainRecords(file: ModelFile, fs: FeatureSet, rows: Uint32Array): Explanation[] {
  const X = fs.matrix;
  for (const r of rows) {
    if (!(r < X.nRows)) throw new RangeError(`row ${r} is outside the ${X.nRows} records`);
  }
  const specs = new Map(fs.catalog.map((s) => [s.name, s]));
  const m = file.model;
  // Only features with a non-zero contribution become objects: a LASSO has few non-zero
  // coefficients, and a row has few features that any tree reads.
  const contributionsOf = (values: (f: number) => number, phi: (f: number) => number) => {
    const out: FeatureContribution[] = [];
    for (let f = 0; f < m.features.length; f++) {
      const contribution = phi(f);
      if (contribution === 0) continue;
      const name = m.features[f]!;
      const s = specs.get(name) ?? { ...OTHER, name };
      out.push({
        feature: name,
        value: values(f),
        contribution,
        source: s.source,
        group: featureGroup(s),
        mutable: s.mutable,
        description: s.description,
      });
    }
    return out.sort(
      (a, b) =>
        Math.abs(b.contribution) - Math.abs(a.contribution) || a.feature.localeCompare(b.feature),
    );
  };
  const at = new Map(X.names.map((n, j) => [n, j]));
  const column = (name: string) => {
    const j = at.get(name);
    return j === undefined ? null : X.columns[j]!;
  };
  if (m.kind === 'lasso') {
    const missing = m.features.find((name, f) => m.coefficients[f] !== 0 && !at.has(name));
    if (missing !== undefined) {
      throw new SightlineError(
        'E_MODEL_FEATURE',
        `the model uses feature ${missing}, which the records do not have. Fix: build the features with the catalog the model was trained on`,
        { feature: missing },
      );
    }
  }
  const shap = m.kind === 'lasso' ? null : treeShap(m, X, rows);
  return Array.from(rows, (row, i) => {
    const x = (f: number) => {
      const c = column(m.features[f]!);
      return c === null ? NaN : valueAt(c, row);
    };
    const phi =
      m.kind === 'lasso'
        ? (f: number) => (m.coefficients[f] === 0 ? 0 : m.coefficients[f]! * x(f))
        : (f: number) => shap!.values[i * m.features.length + f]!;
    const features = contributionsOf(x, phi);
    const baseline = m.kind === 'lasso' ? m.intercept : shap!.expected;
    let output = baseline;
    for (const c of features) output += c.contribution;
    const scale = m.kind === 'forest' ? 'probability' : 'log-odds';
    return {
      row,
      scale,
      baseline,
      output,
      probability: scale === 'probability' ? output : 1 / (1 + Math.exp(-output)),
      features,
      bySource: sums(features, (c) => c.source),
      byGroup: sums(features, (c) => c.group),
    };
  });
}

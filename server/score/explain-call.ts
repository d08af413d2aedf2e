/**
 * Why a call scored what it did, per child: the scoring layer's exact contributions
 * (explainRecords: β·x for LASSO, TreeSHAP for trees), summed by feature group — a source, a
 * kind of record and whose records (e.g. county-jail bookings of a parent) — with the part that
 * can never change under this model (`ever` features) kept apart, each group with the records it
 * read. Groups are named in plain words for the screener's page.
 */
import type { FeatureSet } from '../../src/features/index.js';
import { explainRecords, type ModelFile } from '../../src/scoring/index.js';
import type { RecordRead } from './records-read.js';

/** One feature group's part of a child's score. */
export interface GroupEffect {
  /** `source.kind.role`, or `demographics`. */
  readonly group: string;
  readonly words: string;
  /** On the model's output scale (log-odds for LASSO and boosted trees). */
  readonly contribution: number;
  /** False: read by `ever` features, so it never changes under this model. */
  readonly mutable: boolean;
  readonly features: number;
  /** Records of the call's people read by the group's features. */
  readonly records: number;
}

/** A child's explanation. */
export interface ChildExplanation {
  readonly scale: 'log-odds' | 'probability';
  readonly baseline: number;
  readonly output: number;
  /** Largest effect first. */
  readonly groups: readonly GroupEffect[];
}

const SOURCE: Readonly<Record<string, string>> = {
  child_welfare: 'child-welfare',
  jail: 'county-jail',
  juvenile_probation: 'juvenile-probation',
  behavioral_health: 'behavioral-health',
  public_benefits: 'public-benefits',
  birth: 'birth',
};
const KIND: Readonly<Record<string, string>> = {
  referral: 'earlier referrals',
  screened_in: 'earlier screened-in referrals',
  any: 'records of any kind',
  other: 'other records',
};
const ROLE: Readonly<Record<string, string>> = {
  self: 'the child',
  alleged_victims: 'the alleged victims',
  other_children: 'the other children',
  parents: 'a parent',
  alleged_perpetrators: 'an alleged perpetrator',
  other_adults: 'another adult',
  household: 'anyone on the referral',
};

/** A feature group in plain words: "county-jail booking records of a parent". */
export function groupWords(group: string): string {
  if (group === 'demographics') return 'age, sex and who is on the referral';
  const [source, kind, role] = group.split('.') as [string, string, string];
  const what =
    source === 'referrals'
      ? (KIND[kind] ?? kind)
      : `${SOURCE[source] ?? source} ${KIND[kind] ?? `${kind.replace(/_/g, ' ')} records`}`;
  return `${what} of ${ROLE[role] ?? role}`;
}

/** groupWords, memoized (a model has a fixed, small set of groups). */
const WORDS = new Map<string, string>();
function wordsOf(group: string): string {
  let w = WORDS.get(group);
  if (w === undefined) WORDS.set(group, (w = groupWords(group)));
  return w;
}

/** Explanations of the call's children (`rows` of `fs`, in order). */
export function explainChildren(
  file: ModelFile,
  fs: FeatureSet,
  rows: readonly number[],
  records: readonly RecordRead[],
): ChildExplanation[] {
  // Records read per group, and per group and person (for the child's own `.self` groups).
  const perGroup = new Map<string, number>();
  const perGroupPerson = new Map<string, number>();
  for (const r of records) {
    for (const g of r.groups) {
      perGroup.set(g, (perGroup.get(g) ?? 0) + 1);
      const k = `${g}|${r.personId}`;
      perGroupPerson.set(k, (perGroupPerson.get(k) ?? 0) + 1);
    }
  }
  return explainRecords(file, fs, Uint32Array.from(rows)).map((e, i) => {
    const child = fs.records.personId[rows[i]!]!;
    return {
      scale: e.scale,
      baseline: e.baseline,
      output: e.output,
      groups: e.byGroup.map((g) => ({
        group: g.key,
        words: wordsOf(g.key),
        contribution: g.contribution,
        mutable: g.mutable,
        features: g.features,
        records:
          (g.key.endsWith('.self')
            ? perGroupPerson.get(`${g.key}|${child}`)
            : perGroup.get(g.key)) ?? 0,
      })),
    };
  });
}

/**
 * The feature catalog: every feature declares where it comes from and what it means for a family,
 * so that audits can ask which sources, whose records and which permanent marks drive a score.
 *
 * A history feature is (source, kind) × role × window × form:
 * - role: whose records are read — the record's own child (`self`), the referral's alleged
 *   victims, its other children, parents, alleged perpetrators, other adults, or the whole
 *   household (everyone on the referral);
 * - window: `ever`, `365d` or `3y` before the call;
 * - form: `indicator` (any event), `count` (events), or `days_since_last`, encoded as
 *   exp(−days/365) so that it is 0 when there was never an event (1 = the day before the call,
 *   0.37 = a year before) and needs no missing value;
 * - mutable: false for every `ever` feature — nothing a family does can ever switch it off;
 * - sensitivity: criminal_legal, behavioral_health, public_benefits, child_welfare_history,
 *   demographic.
 * Kinds outside the contract's list count under `other`; sources with two or more known kinds
 * also get an `any` kind. Race is never a feature: it is a group attribute for audits only.
 */
import { KNOWN_KINDS, SOURCE } from '../contract/index.js';

export const ROLES = [
  'self',
  'alleged_victims',
  'other_children',
  'parents',
  'alleged_perpetrators',
  'other_adults',
  'household',
] as const;
export type FeatureRole = (typeof ROLES)[number];
export const WINDOWS = ['ever', '365d', '3y'] as const;
export type FeatureWindow = (typeof WINDOWS)[number];
/** Days before the call each bounded window reaches (a record that many days old still counts). */
export const WINDOW_DAYS = { '365d': 365, '3y': 1095 } as const;
export type FeatureForm = 'indicator' | 'count' | 'days_since_last' | 'value';
export type Sensitivity =
  | 'criminal_legal'
  | 'behavioral_health'
  | 'public_benefits'
  | 'child_welfare_history'
  | 'demographic';

/** One feature of the catalog. `source` is a contract source, `referrals`, or `demographics`. */
export interface FeatureSpec {
  readonly name: string;
  readonly source: string;
  readonly kind: string;
  readonly role: FeatureRole;
  readonly window: FeatureWindow | 'at_call';
  readonly form: FeatureForm;
  readonly mutable: boolean;
  readonly sensitivity: Sensitivity;
  readonly description: string;
}

/** The sensitivity class of a source. */
export function sensitivityOf(source: string): Sensitivity {
  switch (source) {
    case 'jail':
    case 'juvenile_probation':
      return 'criminal_legal';
    case 'behavioral_health':
      return 'behavioral_health';
    case 'public_benefits':
      return 'public_benefits';
    case 'child_welfare':
    case 'referrals':
      return 'child_welfare_history';
    default:
      return 'demographic';
  }
}

/** Kinds tracked per source: the contract's kinds, `other`, and `any` where there are several. */
export function kindsOf(source: string): readonly string[] {
  if (source === 'referrals') return ['referral', 'screened_in'];
  const known = KNOWN_KINDS[source as keyof typeof KNOWN_KINDS] ?? [];
  return known.length >= 2 ? [...known, 'other', 'any'] : [...known, 'other'];
}

/** History sources in catalog order: the contract's sources, then prior referrals. */
export const HISTORY_SOURCES: readonly string[] = [...SOURCE, 'referrals'];

const ROLE_WORDS: Record<FeatureRole, string> = {
  self: 'the child',
  alleged_victims: 'an alleged victim',
  other_children: 'another child on the referral',
  parents: 'a parent',
  alleged_perpetrators: 'an alleged perpetrator',
  other_adults: 'another adult on the referral',
  household: 'anyone on the referral',
};
const WINDOW_WORDS: Record<FeatureWindow, string> = {
  ever: 'ever before the call',
  '365d': 'in the 365 days before the call',
  '3y': 'in the 3 years before the call',
};
const FORMS: readonly FeatureForm[] = ['indicator', 'count'];

function historyFeature(
  source: string,
  kind: string,
  role: FeatureRole,
  window: FeatureWindow,
  form: FeatureForm,
): FeatureSpec {
  const what =
    source === 'referrals'
      ? `${kind === 'referral' ? 'prior referral' : 'prior screened-in referral'}`
      : `${source} ${kind} record`;
  const lead =
    form === 'indicator'
      ? `${ROLE_WORDS[role]} has a ${what}`
      : form === 'count'
        ? `number of ${what}s of ${ROLE_WORDS[role]}`
        : `recency of the last ${what} of ${ROLE_WORDS[role]}, exp(−days/365), 0 = never`;
  return {
    name: `${source}.${kind}.${role}.${window}.${form}`,
    source,
    kind,
    role,
    window,
    form,
    mutable: window !== 'ever',
    sensitivity: sensitivityOf(source),
    description: `${lead}, ${WINDOW_WORDS[window]}`,
  };
}

/** Demographic and referral-context features (never race). */
export const CONTEXT_FEATURES: readonly FeatureSpec[] = [
  ['age', 'self', 'value', true, "the child's age in completed years at the call"],
  ['age_under_3', 'self', 'indicator', true, 'the child is under 3 at the call'],
  ['sex_male', 'self', 'indicator', false, 'the child is recorded as male'],
  ['n_children', 'household', 'count', true, 'number of children on the referral'],
  ['n_adults', 'household', 'count', true, 'number of adults on the referral'],
  [
    'youngest_parent_age',
    'parents',
    'value',
    true,
    'age of the youngest parent on the referral (0 when none is named)',
  ],
  ['no_parent_named', 'parents', 'indicator', true, 'no parent is named on the referral'],
  [
    'allegation_other',
    'household',
    'indicator',
    true,
    "the allegation is 'other' rather than neglect",
  ],
  ['channel_state', 'household', 'indicator', true, 'the call came through the statewide hotline'],
].map(([kind, role, form, mutable, description]) => ({
  name: `demographics.${kind as string}`,
  source: 'demographics',
  kind: kind as string,
  role: role as FeatureRole,
  window: 'at_call' as const,
  form: form as FeatureForm,
  mutable: mutable as boolean,
  sensitivity: 'demographic' as const,
  description: description as string,
}));

/**
 * The default catalog: every history feature for every source, kind, role, window and form
 * (days_since_last only for `ever`; birth records only as an ever-indicator), then the context
 * features. About 1,100 features, as the Allegheny tool used "over 800 variables".
 */
export function defaultCatalog(): readonly FeatureSpec[] {
  const out: FeatureSpec[] = [];
  for (const source of HISTORY_SOURCES) {
    for (const kind of kindsOf(source)) {
      for (const role of ROLES) {
        if (source === 'birth') {
          out.push(historyFeature(source, kind, role, 'ever', 'indicator'));
          continue;
        }
        for (const window of WINDOWS) {
          for (const form of FORMS) out.push(historyFeature(source, kind, role, window, form));
        }
        out.push(historyFeature(source, kind, role, 'ever', 'days_since_last'));
      }
    }
  }
  return Object.freeze([...out, ...CONTEXT_FEATURES]);
}

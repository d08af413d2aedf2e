/**
 * Feature groups: the sets of features an ablation drops and a register lists as included. The
 * named groups follow Gerchick et al. (2023): juvenile probation (JPO), behavioral health (BH),
 * the "ever-in" marks (ever in the county jail, ever on juvenile probation, ever on public
 * benefits: features that nothing a family does can switch off), the whole criminal legal
 * system (jail and juvenile probation), and public benefits. Any other set is user-defined by
 * name patterns (`*` matches any run of characters), e.g. `bh_parents=behavioral_health.*.parents.*`.
 * Membership is decided from the feature catalog (source, window, sensitivity) and the name.
 */
import { SightlineError } from '../../core/index.js';
import { sensitivityOf, type FeatureSpec } from '../../features/index.js';

/** A named feature group: which catalog features it holds, in words and as a test. */
export interface FeatureGroupDef {
  readonly name: string;
  readonly description: string;
  readonly includes: (f: FeatureSpec) => boolean;
}

const EVER_IN_SOURCES = new Set(['jail', 'juvenile_probation', 'public_benefits']);

/** The five named groups, in the order reports list them. */
export const FEATURE_GROUPS: readonly FeatureGroupDef[] = Object.freeze([
  {
    name: 'juvenile_probation',
    description: 'juvenile probation records (JPO) of anyone on the referral, every window',
    includes: (f: FeatureSpec) => f.source === 'juvenile_probation',
  },
  {
    name: 'behavioral_health',
    description:
      'publicly funded behavioral health records (mental health, substance use) of anyone on the referral',
    includes: (f: FeatureSpec) => f.source === 'behavioral_health',
  },
  {
    name: 'ever_in',
    description:
      '"ever-in" marks: ever in the county jail, ever on juvenile probation, ever on public benefits (immutable: no family can switch them off)',
    includes: (f: FeatureSpec) => f.window === 'ever' && EVER_IN_SOURCES.has(f.source),
  },
  {
    name: 'criminal_legal',
    description: 'the criminal legal system: county jail and juvenile probation records',
    includes: (f: FeatureSpec) => f.sensitivity === 'criminal_legal',
  },
  {
    name: 'public_benefits',
    description: 'public benefits records (TANF, SNAP, SSI, Medicaid)',
    includes: (f: FeatureSpec) => f.source === 'public_benefits',
  },
]);

/** The names of the named groups. */
export const FEATURE_GROUP_NAMES: readonly string[] = FEATURE_GROUPS.map((g) => g.name);

/** A group resolved against a model: its name, description and the features it drops. */
export interface ResolvedGroup {
  readonly name: string;
  readonly description: string;
  /** Features of the model in the group, in the model's order. */
  readonly features: readonly string[];
}

const NAME_RE = /^[a-z][a-z0-9_]*$/;

/** A glob (`*` = any run of characters) as an anchored regular expression. */
function globRe(pattern: string): RegExp {
  const body = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${body}$`);
}

/**
 * Parses a user-defined group `name=pattern[,pattern…]`.
 * @throws SightlineError E_USAGE naming the definition and the fix.
 * @example parseGroupDefinition('bh_parents=behavioral_health.*.parents.*')
 */
export function parseGroupDefinition(text: string): FeatureGroupDef {
  const eq = text.indexOf('=');
  const name = eq < 0 ? '' : text.slice(0, eq).trim();
  const patterns =
    eq < 0
      ? []
      : text
          .slice(eq + 1)
          .split(',')
          .map((p) => p.trim());
  if (!NAME_RE.test(name) || patterns.length === 0 || patterns.some((p) => p === '')) {
    throw new SightlineError(
      'E_USAGE',
      `invalid feature group definition "${text}". Fix: write NAME=PATTERN[,PATTERN…], NAME in lower case (a-z, 0-9, _), patterns over feature names with * as a wildcard, e.g. bh_parents=behavioral_health.*.parents.*`,
    );
  }
  if (FEATURE_GROUP_NAMES.includes(name)) {
    throw new SightlineError(
      'E_USAGE',
      `feature group "${name}" is already defined (${FEATURE_GROUP_NAMES.join(', ')} are built in). Fix: choose another name.`,
    );
  }
  const res = patterns.map(globRe);
  return {
    name,
    description: `user-defined: features named ${patterns.join(' or ')}`,
    includes: (f) => res.some((re) => re.test(f.name)),
  };
}

/**
 * The named group `name`, or a user-defined one from `defined`.
 * @throws SightlineError E_USAGE for an unknown name, listing the known ones.
 */
export function featureGroup(
  name: string,
  defined: readonly FeatureGroupDef[] = [],
): FeatureGroupDef {
  const g = [...FEATURE_GROUPS, ...defined].find((d) => d.name === name);
  if (g === undefined) {
    const known = [...FEATURE_GROUP_NAMES, ...defined.map((d) => d.name)];
    throw new SightlineError(
      'E_USAGE',
      `unknown feature group "${name}". Fix: one of ${known.join(', ')}, or define it with --define ${name}=PATTERN`,
    );
  }
  return g;
}

/**
 * A catalog entry read off a feature name `source.kind.role.window.form` (the catalog's naming),
 * for features the catalog at hand does not list; other names give their first part as source.
 */
export function specFromName(name: string): FeatureSpec {
  const [source = '', kind = '', role = 'household', window = 'at_call', form = 'value'] =
    name.split('.');
  const parts = name.split('.').length;
  return {
    name,
    source,
    kind,
    role: role as FeatureSpec['role'],
    window: (parts === 5 ? window : 'at_call') as FeatureSpec['window'],
    form: form as FeatureSpec['form'],
    mutable: !(parts === 5 && window === 'ever'),
    sensitivity: sensitivityOf(source),
    description: name,
  };
}

/**
 * The features of `modelFeatures` in group `g`, looked up in `catalog` by name (a feature the
 * catalog does not list is read off its name, see specFromName).
 */
export function resolveGroup(
  g: FeatureGroupDef,
  modelFeatures: readonly string[],
  catalog: readonly FeatureSpec[],
): ResolvedGroup {
  const byName = new Map(catalog.map((f) => [f.name, f]));
  const features = modelFeatures.filter((name) => {
    const spec = byName.get(name) ?? specFromName(name);
    return g.includes(spec);
  });
  return { name: g.name, description: g.description, features };
}

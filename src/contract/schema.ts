/**
 * The data contract (../shared/docs/DATA-CONTRACT.md, version sightline/1) as data: every table,
 * column, type, enum and key. Readers, validators, writers and the synthetic county all work from
 * these specs, so the contract is written down once.
 *
 * In memory a table is columnar (STYLE.md rule 4): one array per column, all of length `n`.
 * - `string`   → `(string | null)[]`, null = missing
 * - `enum`     → `Int8Array` of indices into the column's `values`, -1 = missing
 * - `bool`     → `Int8Array` 0 = false, 1 = true, -1 = missing
 * - `int`      → `Float64Array`, NaN = missing
 * - `date`     → `Float64Array` of day numbers (days since 1970-01-01), NaN = missing
 * - `datetime` → `Float64Array` of epoch milliseconds (UTC), NaN = missing
 */
import { z } from 'zod';

export const CONTRACT_VERSION = 'sightline/1';

export type ColumnType = 'string' | 'enum' | 'bool' | 'int' | 'date' | 'datetime';

/** One column of a contract table. */
export interface ColumnSpec {
  readonly name: string;
  readonly type: ColumnType;
  readonly required: boolean;
  /** Allowed values of an enum column, in code order. */
  readonly values?: readonly string[];
  /** Inclusive bounds of an int column. */
  readonly min?: number;
  readonly max?: number;
}

export const ALLEGATION = ['neglect', 'abuse', 'severe_neglect', 'other'] as const;
export const CHANNEL = ['county', 'state'] as const;
export const DECISION = ['in', 'out'] as const;
export const PROTOCOL = ['high', 'low', 'none'] as const;
export const SEX = ['f', 'm', 'x', 'unknown'] as const;
export const RACE = [
  'black',
  'white',
  'asian',
  'native_american',
  'pacific_islander',
  'multiracial',
  'other',
  'unknown',
] as const;
export const HISPANIC = ['yes', 'no', 'unknown'] as const;
export const ROLE = [
  'alleged_victim',
  'child',
  'parent',
  'alleged_perpetrator',
  'other_adult',
] as const;
export const SOURCE = [
  'child_welfare',
  'jail',
  'juvenile_probation',
  'behavioral_health',
  'public_benefits',
  'birth',
] as const;
/** Event kinds the generator and default feature catalog use, by source; others count as `other`. */
export const KNOWN_KINDS: Readonly<Record<(typeof SOURCE)[number], readonly string[]>> = {
  child_welfare: ['placement', 'investigation', 'service'],
  jail: ['booking'],
  juvenile_probation: ['supervision'],
  behavioral_health: ['mental_health', 'substance_use'],
  public_benefits: ['tanf', 'snap', 'ssi', 'medicaid'],
  birth: ['birth_record'],
};

const col = <const N extends string, const T extends ColumnType>(
  name: N,
  type: T,
  required: boolean,
  extra: { values?: readonly string[]; min?: number; max?: number } = {},
) => ({ name, type, required, ...extra }) as const;

/** Table specs in load order: a table's references point only to tables before it. */
export const TABLE_SPECS = {
  referrals: {
    key: ['referral_id'],
    columns: [
      col('referral_id', 'string', true),
      col('received_at', 'datetime', true),
      col('allegation', 'enum', true, { values: ALLEGATION }),
      col('channel', 'enum', false, { values: CHANNEL }),
      col('screening_decision', 'enum', false, { values: DECISION }),
      col('decided_at', 'datetime', false),
      col('screener_id', 'string', false),
      col('supervisor_id', 'string', false),
      col('screener_risk', 'int', false, { min: 1, max: 3 }),
      col('screener_safety', 'int', false, { min: 1, max: 3 }),
      col('shown_score', 'int', false, { min: 1, max: 20 }),
      col('shown_protocol', 'enum', false, { values: PROTOCOL }),
      col('override', 'bool', false),
      col('override_reason', 'string', false),
    ],
  },
  persons: {
    key: ['person_id'],
    columns: [
      col('person_id', 'string', true),
      col('birth_date', 'date', true),
      col('sex', 'enum', true, { values: SEX }),
      col('race', 'enum', true, { values: RACE }),
      col('hispanic', 'enum', true, { values: HISPANIC }),
    ],
  },
  referral_persons: {
    key: ['referral_id', 'person_id', 'role'],
    columns: [
      col('referral_id', 'string', true),
      col('person_id', 'string', true),
      col('role', 'enum', true, { values: ROLE }),
    ],
  },
  events: {
    key: [],
    columns: [
      col('person_id', 'string', true),
      col('source', 'enum', true, { values: SOURCE }),
      col('kind', 'string', true),
      col('start_date', 'date', true),
      col('end_date', 'date', false),
    ],
  },
} as const;

export type TableName = keyof typeof TABLE_SPECS;
export const TABLE_NAMES = Object.keys(TABLE_SPECS) as TableName[];

type ColumnArray<T extends ColumnType> = T extends 'string'
  ? (string | null)[]
  : T extends 'enum' | 'bool'
    ? Int8Array
    : Float64Array;

type Columns<S extends { columns: readonly { name: string; type: ColumnType }[] }> = {
  [C in S['columns'][number] as C['name']]: ColumnArray<C['type']>;
};

/** A columnar table of the named contract table. */
export type Table<N extends TableName> = { n: number } & Columns<(typeof TABLE_SPECS)[N]>;
export type ReferralsTable = Table<'referrals'>;
export type PersonsTable = Table<'persons'>;
export type ReferralPersonsTable = Table<'referral_persons'>;
export type EventsTable = Table<'events'>;

/** The manifest.json of an extract. */
export const Manifest = z.object({
  contract: z.literal(CONTRACT_VERSION),
  name: z.string().min(1),
  as_of: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD'),
  created_at: z.string().min(1),
  generator: z
    .object({
      name: z.string(),
      version: z.string(),
      seed: z.number().int().optional(),
      params: z.record(z.string(), z.unknown()).optional(),
    })
    .optional(),
});
export type Manifest = z.infer<typeof Manifest>;

/** A whole county extract in memory. */
export interface Extract {
  readonly manifest: Manifest;
  /** `as_of` as a day number. */
  readonly asOfDay: number;
  readonly referrals: ReferralsTable;
  readonly persons: PersonsTable;
  readonly referral_persons: ReferralPersonsTable;
  readonly events: EventsTable;
}

/** Allocates an empty columnar table of `n` rows (all values missing). */
export function allocTable<N extends TableName>(name: N, n: number): Table<N> {
  const out: Record<string, unknown> = { n };
  for (const c of TABLE_SPECS[name].columns as readonly ColumnSpec[]) {
    if (c.type === 'string') out[c.name] = new Array<string | null>(n).fill(null);
    else if (c.type === 'enum' || c.type === 'bool') out[c.name] = new Int8Array(n).fill(-1);
    else out[c.name] = new Float64Array(n).fill(NaN);
  }
  return out as Table<N>;
}

/**
 * The knobs of the synthetic county (STYLE.md rule 6): one zod schema with defaults, bounds, the
 * value that removes each bias ("neutral") and a one-line meaning. `knobRows()` flattens the
 * schema for the docs and `--set` help, so the table in docs/synthetic-county.md cannot drift.
 *
 * Rates are per family-month unless stated; `*_log_rr` is a log rate ratio and `*_log_odds` a
 * log-odds shift, so 0 is "no effect". Intercepts marked calibrated were tuned (seed 1, scale 1)
 * so the targets in targets.ts land; they are constants here, not fitted at run time.
 */
import { z } from 'zod';

/** Documentation attached to every knob. */
export interface KnobMeta {
  /** What the knob does, in one line. */
  readonly meaning: string;
  /** The value that removes the bias the knob models, when it models one. */
  readonly neutral?: number | string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function num(def: number, min: number, max: number, meta: KnobMeta) {
  return z
    .number()
    .min(min)
    .max(max)
    .default(def)
    .meta({ ...meta });
}
function int(def: number, min: number, max: number, meta: KnobMeta) {
  return z
    .number()
    .int()
    .min(min)
    .max(max)
    .default(def)
    .meta({ ...meta });
}
function date(def: string, meta: KnobMeta) {
  return z
    .string()
    .regex(DATE, 'a date YYYY-MM-DD')
    .default(def)
    .meta({ ...meta });
}
function group<T extends z.ZodRawShape>(shape: T) {
  return z
    .object(shape)
    .strict()
    .prefault({} as never);
}

/** The knob schema; parse `{}` for the defaults. */
export const SynthKnobs = z
  .object({
    calendar: group({
      history_start: date('1995-01-01', { meaning: 'first day of source-system history' }),
      referral_start: date('2000-01-01', { meaning: 'first day of simulated referrals' }),
      as_of: date('2018-12-31', { meaning: 'extract completeness date (manifest as_of)' }),
    }),
    population: group({
      families: int(220_000, 100, 20_000_000, {
        meaning: 'families with children in the county pool at scale 1 (calibrated)',
      }),
      black_share: num(0.26, 0, 1, { meaning: 'share of pool households that are Black' }),
      mixed_share: num(0.06, 0, 1, { meaning: 'share of Black-white couples (multiracial)' }),
      other_share: num(0.06, 0, 1, { meaning: 'share of Asian, Native, Pacific, other' }),
      poverty_gap_black: num(0.9, -3, 3, {
        meaning: 'mean latent poverty of Black households minus white (SD units)',
        neutral: 0,
      }),
      children_mean: num(1.6, 0, 5, { meaning: 'mean extra children after the first' }),
    }),
    referrals: group({
      base_log_rate: num(-6.3, -15, 0, { meaning: 'log monthly referral hazard (calibrated)' }),
      risk_log_rr: num(0.7, 0, 3, { meaning: 'hazard log-ratio per SD of family risk' }),
      young_child_log_rr: num(0.3, -2, 2, { meaning: 'hazard log-ratio with a child under 5' }),
      excitation: num(40, 0, 50, { meaning: 'extra hazard multiple right after a referral' }),
      excitation_months: num(3, 0.5, 60, { meaning: 'decay time of the excitation (months)' }),
      excitation_after_in: num(0.03, 0, 5, {
        meaning: 'share of the excitation kept after a screen-in (the family is being seen)',
      }),
      burn_in_years: int(3, 0, 20, {
        meaning: 'years simulated before referral_start, unrecorded',
      }),
      seasonality: num(0.1, 0, 0.5, { meaning: 'school-year seasonal amplitude', neutral: 0 }),
      abuse_share: num(0.1, 0, 1, { meaning: 'share of abuse allegations (average risk)' }),
      severe_neglect_share: num(0.05, 0, 1, { meaning: 'share of severe-neglect allegations' }),
    }),
    reporting: group({
      black_log_rr: num(0.3, -2, 2, {
        meaning: 'extra calls on Black households at equal risk (reporting bias)',
        neutral: 0,
      }),
      poverty_log_rr: num(0.35, -2, 2, {
        meaning: 'extra calls per SD of poverty at equal risk (visibility of poor families)',
        neutral: 0,
      }),
    }),
    law: group({
      date: date('2015-01-01', { meaning: 'first day of widened mandated reporting' }),
      volume_increase: num(0.22, 0, 3, {
        meaning: 'extra mandated-reporter call hazard as a share of the base hazard',
        neutral: 0,
      }),
      risk_log_rr: num(0.25, 0, 3, {
        meaning: 'risk gradient of the extra calls (low = low risk)',
      }),
    }),
    surveillance: group({
      jail_black_log_rr: num(1.0, -3, 3, {
        meaning: 'jail bookings of Black people vs others, same behaviour',
        neutral: 0,
      }),
      jail_poverty_log_rr: num(0.3, -3, 3, { meaning: 'jail bookings per SD poverty', neutral: 0 }),
      jpo_black_log_rr: num(0.9, -3, 3, {
        meaning: 'juvenile probation of Black youths vs others, same behaviour',
        neutral: 0,
      }),
      jpo_poverty_log_rr: num(0.3, -3, 3, {
        meaning: 'juvenile probation per SD poverty',
        neutral: 0,
      }),
      bh_black_log_rr: num(-0.2, -3, 3, {
        meaning: 'recorded behavioral-health care of Black people, same condition',
        neutral: 0,
      }),
      bh_poverty_log_rr: num(0.4, -3, 3, {
        meaning: 'recorded (publicly funded) behavioral health per SD poverty, same condition',
        neutral: 0,
      }),
      benefits_black_log_odds: num(3.0, -5, 5, {
        meaning: 'benefit take-up of Black families at the same need',
        neutral: 0,
      }),
    }),
    screening: group({
      intercept: num(-2.6, -10, 10, {
        meaning: 'screen-in log-odds of neglect calls (calibrated)',
      }),
      black_log_odds: num(0.3, -3, 3, {
        meaning: 'screener tilt toward screening in Black households (screener bias)',
        neutral: 0,
      }),
      screener_sd: num(0.35, 0, 3, { meaning: 'SD of screener leniency (log-odds)' }),
      screeners: int(40, 1, 1000, { meaning: 'call screeners on staff at any time' }),
      supervisors: int(8, 1, 200, { meaning: 'supervisors on staff at any time' }),
      tool_weight: num(0.12, 0, 2, {
        meaning: 'screen-in log-odds per shown score point (no protocol)',
      }),
      low_protocol_log_odds: num(-0.8, -5, 5, {
        meaning: 'screen-in shift under the low protocol',
      }),
    }),
    supervisor: group({
      override_rate: num(0.19, 0, 1, { meaning: 'mean override rate of mandatory screen-ins' }),
      override_sd: num(0.7, 0, 3, { meaning: 'SD of supervisor override habits (log-odds)' }),
      override_black_log_odds: num(0.35, -3, 3, {
        meaning: 'override tilt for Black households (screen out despite high protocol)',
        neutral: 0,
      }),
    }),
    agency: group({
      placement_intercept: num(-5.8, -15, 5, { meaning: 'placement log-odds (calibrated)' }),
      placement_black_log_odds: num(0.4, -3, 3, {
        meaning: 'agency places Black children more at equal true risk (calibration bias)',
        neutral: 0,
      }),
      service_rate: num(0.3, 0, 1, { meaning: 'share of investigated children given services' }),
    }),
    tool: group({
      deploy_date: date('2016-08-01', { meaning: 'first day the screening tool is shown' }),
      noise_sd: num(0.45, 0, 5, { meaning: 'SD of the stand-in model error (log-odds)' }),
      black_offset: num(0.25, -3, 3, {
        meaning: 'stand-in score log-odds offset for Black households (tool miscalibration)',
        neutral: 0,
      }),
      wrong_display_rate: num(0.01, 0, 1, {
        meaning: 'share of referrals shown a wrong score',
        neutral: 0,
      }),
      high_threshold: int(18, 1, 20, { meaning: 'high protocol: some score at least this' }),
      high_max_child_age: int(16, 0, 18, {
        meaning: 'high protocol: some child younger than this',
      }),
      low_threshold: int(12, 1, 20, { meaning: 'low protocol: every score at most this' }),
      low_min_child_age: int(7, 0, 18, { meaning: 'low protocol: every child at least this old' }),
    }),
  })
  .strict();

/** Parsed, complete knobs. */
export type SynthKnobs = z.infer<typeof SynthKnobs>;

/** One row of the knob table. */
export interface KnobRow {
  readonly path: string;
  readonly type: 'number' | 'integer' | 'date';
  readonly default: number | string;
  readonly min?: number;
  readonly max?: number;
  readonly neutral?: number | string;
  readonly meaning: string;
}

interface Def {
  type: string;
  shape?: Record<string, { def: Def }>;
  innerType?: { def: Def };
  defaultValue?: unknown;
  checks?: { _zod: { def: { check: string; value?: number; inclusive?: boolean } } }[];
}

/** Every knob, flattened to dotted paths in schema order. */
export function knobRows(): KnobRow[] {
  const rows: KnobRow[] = [];
  const groups = (SynthKnobs.def as unknown as Def).shape!;
  for (const [g, gs] of Object.entries(groups)) {
    const shape = gs.def.innerType!.def.shape!;
    for (const [k, leaf] of Object.entries(shape)) rows.push(knobRow(`${g}.${k}`, leaf));
  }
  return rows;
}

function knobRow(path: string, leaf: { def: Def }): KnobRow {
  const meta = (leaf as unknown as { meta(): KnobMeta }).meta();
  const inner = leaf.def.innerType!.def;
  let min: number | undefined;
  let max: number | undefined;
  let integer = false;
  for (const c of inner.checks ?? []) {
    const d = c._zod.def;
    if (d.check === 'greater_than') min = d.value;
    else if (d.check === 'less_than') max = d.value;
    else if (d.check === 'number_format') integer = true;
  }
  const type = inner.type === 'string' ? 'date' : integer ? 'integer' : 'number';
  const row: { -readonly [K in keyof KnobRow]: KnobRow[K] } = {
    path,
    type,
    default: leaf.def.defaultValue as number | string,
    meaning: meta.meaning,
  };
  if (min !== undefined) row.min = min;
  if (max !== undefined) row.max = max;
  if (meta.neutral !== undefined) row.neutral = meta.neutral;
  return row;
}

/** The knob table as Markdown (docs/synthetic-county.md holds exactly this between markers). */
export function knobTableMarkdown(): string {
  const cell = (v: number | string | undefined) => (v === undefined ? '' : String(v));
  const lines = [
    '| knob | type | default | range | neutral | meaning |',
    '|---|---|---|---|---|---|',
    ...knobRows().map(
      (r) =>
        `| \`${r.path}\` | ${r.type} | ${cell(r.default)} | ${r.min === undefined ? '' : `${r.min} – ${r.max}`} | ${cell(r.neutral)} | ${r.meaning} |`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}

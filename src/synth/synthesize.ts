/**
 * The synthetic county, start to finish: knobs (with `--set` overrides) → family pool → monthly
 * timeline of calls → the contract's Extract, plus the ground truth that never enters it (each
 * child record's true placement risk, the stand-in tool's exact score, the screener's
 * recommendation, whether a wrong score was displayed). Deterministic for a seed: every random
 * step draws from a stream forked by label from one seeded Rng.
 */
import { createRng, SightlineError } from '../core/index.js';
import type { Extract } from '../contract/index.js';
import { assembleExtract, buildLayout, synthManifest, type Layout } from './assemble.js';
import { SynthKnobs, knobRows } from './knobs.js';
import { buildPool } from './population.js';
import type { SimState } from './sim-state.js';
import { runTimeline } from './timeline.js';

/** Options of synthesize. */
export interface SynthOptions {
  /** Integer seed of the run (default 1). */
  readonly seed?: number;
  /** Size relative to Allegheny (families × scale); default 1. */
  readonly scale?: number;
  /** Knob overrides as dotted paths, e.g. `{ 'agency.placement_black_log_odds': 0 }`. */
  readonly set?: Readonly<Record<string, number | string>>;
}

/** A finished run: the extract, the truth beside it, and the knobs used. */
export interface SynthRun {
  readonly extract: Extract;
  readonly knobs: SynthKnobs;
  readonly seed: number;
  readonly scale: number;
  readonly state: SimState;
  readonly layout: Layout;
}

/**
 * Parses `key=value` strings (from `--set`) into overrides; numbers stay numbers, dates strings.
 * Throws E_USAGE naming the knob and the fix for unknown keys or bad values.
 * @example parseSetArgs(['tool.noise_sd=0.2'])
 */
export function parseSetArgs(items: readonly string[]): Record<string, number | string> {
  const rows = new Map(knobRows().map((r) => [r.path, r]));
  const out: Record<string, number | string> = {};
  for (const item of items) {
    const eq = item.indexOf('=');
    const key = eq < 0 ? item : item.slice(0, eq);
    const row = rows.get(key);
    if (eq < 0 || row === undefined) {
      throw new SightlineError(
        'E_USAGE',
        eq < 0
          ? `invalid --set ${item}: expected key=value, e.g. tool.noise_sd=0.2`
          : `unknown knob ${key}. Fix: one of the paths in docs/synthetic-county.md, e.g. ${[...rows.keys()].slice(0, 3).join(', ')}`,
      );
    }
    const text = item.slice(eq + 1);
    const n = Number(text);
    if (row.type !== 'date' && (text.trim() === '' || !Number.isFinite(n))) {
      throw new SightlineError('E_USAGE', `invalid --set ${key}=${text}: a number is needed`);
    }
    out[key] = row.type === 'date' ? text : n;
  }
  return out;
}

/** The knobs with overrides applied; E_USAGE with the knob's bounds when one fails its schema. */
export function resolveKnobs(set: Readonly<Record<string, number | string>> = {}): SynthKnobs {
  const raw: Record<string, Record<string, unknown>> = {};
  for (const [path, value] of Object.entries(set)) {
    const [group, key] = path.split('.') as [string, string];
    (raw[group] ??= {})[key] = value;
  }
  const parsed = SynthKnobs.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    throw new SightlineError(
      'E_USAGE',
      `invalid knob ${first.path.join('.')}: ${first.message}. Fix: see the knob table in docs/synthetic-county.md`,
    );
  }
  return Object.freeze(parsed.data);
}

/**
 * Runs the simulation. At scale 1 the county reproduces the published Allegheny figures
 * (see targets.ts); other scales shrink or grow the family pool (staff numbers stay as set).
 * @example const { extract } = synthesize({ seed: 7, scale: 0.1 })
 */
export function synthesize(opt: SynthOptions = {}): SynthRun {
  const seed = opt.seed ?? 1;
  const scale = opt.scale ?? 1;
  if (!Number.isInteger(seed))
    throw new SightlineError('E_USAGE', `invalid seed: ${seed} (an integer is needed)`);
  if (!(scale > 0 && scale <= 20)) {
    throw new SightlineError('E_USAGE', `invalid scale: ${scale} (a number in (0, 20] is needed)`);
  }
  const knobs = resolveKnobs(opt.set);
  const families = Math.max(100, Math.round(knobs.population.families * scale));
  const rng = createRng(seed);
  const pool = buildPool(knobs, families, rng.fork('population'));
  const state = runTimeline(knobs, pool, rng.fork('timeline'));
  const layout = buildLayout(state);
  const params = { scale, ...opt.set };
  const extract = assembleExtract(state, layout, synthManifest(state, seed, params));
  return { extract, knobs, seed, scale, state, layout };
}

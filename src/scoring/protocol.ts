/**
 * Screening protocols as a declarative, versioned rule set (DOMAIN.md §2). A household (the
 * children on one referral) gets `high` (mandatory screen-in unless a supervisor overrides),
 * `low` (screen-out recommended) or `none` (the screener decides). Rules are checked in that
 * order: high first, then low. Every threshold is a parameter; presets reproduce Allegheny's.
 */
import { z } from 'zod';
import { check } from '../core/index.js';

/** High-risk rule: the household score reaches `minScore` and (optionally) a child is under `anyChildUnder`. */
export const HighRule = z.object({
  minScore: z.number(),
  anyChildUnder: z.number().int().min(0).nullable().default(null),
});
/** Low-risk rule: every score is at most `maxScore` and (optionally) every child is at least `allChildrenAtLeast`. */
export const LowRule = z.object({
  maxScore: z.number(),
  allChildrenAtLeast: z.number().int().min(0).nullable().default(null),
});

export const ProtocolRules = z.object({
  name: z.string().min(1),
  version: z.string().min(1),
  high: HighRule.nullable(),
  low: LowRule.nullable(),
});
export type ProtocolRules = z.infer<typeof ProtocolRules>;
export type Protocol = 'high' | 'low' | 'none';

/** The presets: Allegheny V1 (score ≥ 18 → mandatory), V2 (high/low/none), and the top-25% cut. */
export const PROTOCOL_PRESETS: Readonly<Record<string, ProtocolRules>> = Object.freeze({
  'allegheny-v1': ProtocolRules.parse({
    name: 'allegheny-v1',
    version: '1',
    high: { minScore: 18 },
    low: null,
  }),
  'allegheny-v2': ProtocolRules.parse({
    name: 'allegheny-v2',
    version: '2',
    high: { minScore: 18, anyChildUnder: 16 },
    low: { maxScore: 12, allChildrenAtLeast: 7 },
  }),
  'top-25': ProtocolRules.parse({
    name: 'top-25',
    version: '1',
    high: { minScore: 16 },
    low: null,
  }),
});

/**
 * The protocol of one household from its children's ages (completed years) and scores.
 * NaN scores are ignored; a household with no scored child gets `none`.
 * @example applyProtocol(PROTOCOL_PRESETS['allegheny-v2']!, [3, 10, 17], [12, 18, 19]) === 'high'
 */
export function applyProtocol(
  rules: ProtocolRules,
  ages: readonly number[],
  scores: readonly number[],
): Protocol {
  check(
    ages.length === scores.length,
    `ages has ${ages.length} children, scores has ${scores.length}`,
  );
  let max = -Infinity;
  let scored = 0;
  for (const s of scores) {
    if (Number.isNaN(s)) continue;
    scored++;
    if (s > max) max = s;
  }
  if (scored === 0) return 'none';
  const minAge = Math.min(...ages);
  if (rules.high !== null && max >= rules.high.minScore) {
    const under = rules.high.anyChildUnder;
    if (under === null || minAge < under) return 'high';
  }
  if (rules.low !== null && max <= rules.low.maxScore) {
    const atLeast = rules.low.allChildrenAtLeast;
    if (atLeast === null || minAge >= atLeast) return 'low';
  }
  return 'none';
}

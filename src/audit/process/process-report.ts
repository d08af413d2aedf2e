/**
 * The process report as data (report.json, `sightline-process/1`): how referrals were decided,
 * from the decision table alone — screen-in by score and group, the screener's ratings against
 * the score, reliance on each, agreement with the protocol, overrides by supervisor and group, the
 * screener's tilt by household race, the four-way table of Cheng et al. (2022), and decisions made
 * on a wrong score — plus, when a model is given, the selective-labels analysis. The report layer
 * turns it into HTML without computing anything.
 *
 * Scope: referrals received in [from, to) (default: the whole extract). Referrals whose
 * allegation requires an investigation by law and referrals without a recorded decision are
 * counted and left out of every decision analysis.
 */
import { z } from 'zod';
import { issue, parseDate, type Issue } from '../../core/index.js';
import type { SelectiveLabelsResult } from '../labels/index.js';
import { rowsInWindow, type DecisionTable } from './decision-table.js';
import {
  protocolAgreement,
  ratingsAgainstScore,
  reliance,
  screenInByScore,
  type ProtocolAgreement,
  type RatingCell,
  type RelianceRow,
  type ScoreRate,
} from './decisions.js';
import { fourWay, type FourWayResult } from './four-way.js';
import { glitchCheck, type GlitchResult } from './glitch.js';
import {
  overrideAnalysis,
  screenerDecidedRows,
  screenerTilt,
  type DisparityResult,
  type OverrideResult,
} from './overrides.js';

/** Version tag of the process report. */
export const PROCESS_REPORT_VERSION = 'sightline-process/1';

const DAY = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');

/** Options of the process analysis (parse `{}` for the defaults). */
export const ProcessOptions = z.strictObject({
  /** First call date in scope (inclusive); default: the first call of the extract. */
  from: DAY.optional(),
  /** End of the scope (exclusive); default: after the last call. */
  to: DAY.optional(),
  /** Score of the decision analyses: as shown (`auto` uses shown scores when any exist). */
  scoreSource: z.enum(['auto', 'shown', 'recomputed']).default('auto'),
  /** How the tool alone decides in the four-way table (see four-way.ts). */
  toolRule: z.union([z.enum(['rate', 'protocol']), z.number()]).default('rate'),
  /** Supervisors (and screeners) with fewer cases are shown but left out of comparisons. */
  minCases: z.number().int().min(1).default(30),
  /** Highest score of the scale (20 for ventiles). */
  maxScore: z.number().int().min(2).max(100).default(20),
});
export type ProcessOptions = z.input<typeof ProcessOptions>;

/** Counts of the referrals in and out of each analysis. */
export interface ProcessPopulation {
  readonly referrals: number;
  readonly inWindow: number;
  readonly requiredByLaw: number;
  readonly undecided: number;
  readonly decided: number;
  readonly screenerDecided: number;
  readonly withShownScore: number;
  readonly withRecomputedScore: number;
  readonly highProtocol: number;
}

/** report.json of `sightline process`. */
export interface ProcessReport {
  readonly report: typeof PROCESS_REPORT_VERSION;
  readonly source: Readonly<Record<string, unknown>>;
  readonly options: z.infer<typeof ProcessOptions>;
  readonly population: ProcessPopulation;
  readonly score: { readonly source: 'shown' | 'recomputed'; readonly description: string };
  readonly screenInByScore: readonly ScoreRate[];
  readonly ratings: readonly RatingCell[];
  readonly reliance: readonly RelianceRow[];
  readonly protocolAgreement: readonly ProtocolAgreement[];
  readonly overrides: OverrideResult;
  readonly screenerTilt: DisparityResult & { readonly rows: number };
  readonly fourWay: FourWayResult | null;
  readonly glitch: GlitchResult | null;
  readonly selectiveLabels: SelectiveLabelsResult | null;
  /** What the data cannot show (e.g. the screener's own recommendation). */
  readonly limits: readonly string[];
  readonly issues: readonly Issue[];
}

/** What a process report is run on. */
export interface ProcessSpec {
  readonly table: DecisionTable;
  readonly source: Readonly<Record<string, unknown>>;
  readonly options: ProcessOptions;
  readonly selectiveLabels?: SelectiveLabelsResult | null;
  /** Why there is no selective-labels section (e.g. no model given). */
  readonly labelsNote?: string;
}

/** The limits every process report states. */
export const PROCESS_LIMITS = [
  "The data contract records the decision, not the screener's own recommendation: where the high-risk protocol made screen-in the default, what the screener would have decided is unknown, and the override is the supervisor's act.",
  'Household race is a record property ("anyone on the referral recorded as black"), not a person\'s identity; group sizes and recording practices shape every comparison.',
  'The screener tilt is adjusted only for what the county recorded (ratings, allegation, shown score, children named, prior referrals); whatever the screener perceived beyond that can still confound it.',
];

function count(rows: Uint32Array, pred: (i: number) => boolean): number {
  let n = 0;
  for (const i of rows) if (pred(i)) n++;
  return n;
}

/** Counts of the population and the score the analyses use. */
function population(t: DecisionTable, rows: Uint32Array): ProcessPopulation {
  return {
    referrals: t.n,
    inWindow: rows.length,
    requiredByLaw: count(rows, (i) => t.mandatory[i] === 1),
    undecided: count(rows, (i) => t.mandatory[i] === 0 && t.screenedIn[i]! < 0),
    decided: count(rows, (i) => t.mandatory[i] === 0 && t.screenedIn[i]! >= 0),
    screenerDecided: screenerDecidedRows(t, rows).length,
    withShownScore: count(rows, (i) => !Number.isNaN(t.shownScore[i]!)),
    withRecomputedScore: count(rows, (i) => !Number.isNaN(t.recomputed[i]!)),
    highProtocol: count(rows, (i) => t.shownProtocol[i] === 0),
  };
}

/** Warnings about what the analysis could not do well. */
function processIssues(
  source: 'shown' | 'recomputed',
  scored: number,
  rule: ProcessReport['options']['toolRule'],
  glitch: GlitchResult | null,
): Issue[] {
  const issues: Issue[] = [];
  if (scored === 0) {
    issues.push(
      issue(
        'W_PROCESS_NO_SCORE',
        'warning',
        `no decided referral in scope has a ${source} score, so the analyses by score and the four-way table are empty. Fix: give --model (the deployed model) to recompute scores, or choose a window after deployment.`,
      ),
    );
  }
  if (rule === 'protocol' && source !== 'shown') {
    issues.push(
      issue(
        'W_PROCESS_RULE',
        'warning',
        'the protocol rule needs shown protocols; the four-way table uses the shown protocol of each referral, which recomputed scores do not change.',
      ),
    );
  }
  if (glitch?.mostDiffer === true) {
    issues.push(
      issue(
        'W_PROCESS_GLITCH_MODEL',
        'warning',
        `the recomputed score differs from the shown score on ${glitch.differing.at(-1)!.k} of ${glitch.compared} referrals: the recomputing model is probably not the one that was deployed, so the wrong-score check means little. Fix: recompute with the deployed model.`,
      ),
    );
  }
  return issues;
}

/**
 * Runs every process analysis on the decision table.
 * @example runProcess({ table: decisionTable(extract), source: {}, options: {} })
 */
export function runProcess(spec: ProcessSpec): ProcessReport {
  const o = ProcessOptions.parse(spec.options);
  const t = spec.table;
  const from = o.from === undefined ? NaN : parseDate(o.from);
  const to = o.to === undefined ? NaN : parseDate(o.to);
  const rows = rowsInWindow(t, from, to);
  const pop = population(t, rows);
  const source =
    o.scoreSource === 'auto' ? (pop.withShownScore > 0 ? 'shown' : 'recomputed') : o.scoreSource;
  const score = source === 'shown' ? t.shownScore : t.recomputed;
  const decided = rows.filter((i) => t.mandatory[i] === 0 && t.screenedIn[i]! >= 0);
  const scored = decided.filter((i) => !Number.isNaN(score[i]!));
  const glitch =
    pop.withShownScore > 0 && pop.withRecomputedScore > 0 ? glitchCheck(t, rows, o.maxScore) : null;
  const issues = processIssues(source, scored.length, o.toolRule, glitch);
  const selectiveLabels = spec.selectiveLabels ?? null;
  return {
    report: PROCESS_REPORT_VERSION,
    source: spec.source,
    options: o,
    population: pop,
    score: {
      source,
      description:
        source === 'shown'
          ? 'the household score shown to the screener at the time'
          : 'the household score recomputed now by the given model (nobody saw it)',
    },
    screenInByScore: screenInByScore(t, scored, score, o.maxScore),
    ratings: ratingsAgainstScore(t, decided, score),
    reliance: reliance(t, screenerDecidedRows(t, scored), score),
    protocolAgreement: protocolAgreement(
      t,
      decided.filter((i) => t.shownProtocol[i]! >= 0),
    ),
    overrides: overrideAnalysis(t, rows, o.minCases),
    screenerTilt: screenerTilt(t, rows),
    fourWay: scored.length > 0 ? fourWay(t, scored, score, o.toolRule) : null,
    glitch,
    selectiveLabels,
    limits: [
      ...PROCESS_LIMITS,
      ...(selectiveLabels === null && spec.labelsNote !== undefined ? [spec.labelsNote] : []),
    ],
    issues,
  };
}

/**
 * A call's score in plain words for the screener's page and the API: what the household score
 * means, what the protocol asks of people, which records were read and which can never change,
 * and the reminder that a score is not evidence about the allegation.
 */
import type { CallScore } from './score-call.js';

/** Said on every page and response that shows a score. */
export const REMINDER =
  'A score is not evidence about the allegation. It estimates, from past records, the chance that a child is removed from home within two years; it says nothing about whether what the caller reported happened. The decision is yours and your supervisor’s.';

/** What each protocol asks of the people deciding. */
export const PROTOCOL_WORDS: Readonly<Record<string, string>> = Object.freeze({
  high: 'High-risk protocol: mandatory screen-in. Only a supervisor can screen this referral out, and only with a written reason.',
  low: 'Low-risk protocol: screen-out is recommended. You and your supervisor still decide.',
  none: 'No protocol applies: the decision is yours and your supervisor’s.',
});

/** The plain-words summary of a call's score. */
export interface ScoreWords {
  readonly headline: string;
  readonly protocol: string | null;
  readonly records: string | null;
  readonly reasons: readonly string[];
  readonly reminder: string;
}

/** Describes a household score on a 1–N quantile scale. */
export function scoreSentence(score: number, bins: number): string {
  const below = Math.round(((score - 1) / bins) * 100);
  return `Household score ${score} of ${bins}: the highest child's predicted chance of removal within two years is above that of about ${below}% of the children the scale was set on.`;
}

/** The words for a call's score (or for why it has none). */
export function scoreWords(s: CallScore, bins: number): ScoreWords {
  if (!s.scored) {
    return { headline: s.reason, protocol: null, records: null, reasons: [], reminder: REMINDER };
  }
  const used = s.records.filter((r) => r.featuresReading > 0);
  const permanent = used.filter((r) => r.immutable).length;
  const records =
    used.length === 0
      ? 'The score read no records about the people on this referral beyond their ages and the referral itself.'
      : `The score read ${used.length} record${used.length === 1 ? '' : 's'} about the people on this referral; ${permanent} of them can never stop counting under this model (it reads them “ever before the call”).`;
  return {
    headline: scoreSentence(s.householdScore, bins),
    protocol: PROTOCOL_WORDS[s.protocol] ?? null,
    records,
    reasons: reasonsOf(s),
    reminder: REMINDER,
  };
}

/** The child whose score is highest (the one the household score and protocol follow). */
export function leadChild(s: Extract<CallScore, { scored: true }>) {
  return s.children.reduce((a, c) => (c.probability > a.probability ? c : a));
}

/** The groups that moved the leading child's score most, as sentences. */
function reasonsOf(s: Extract<CallScore, { scored: true }>): string[] {
  const groups = leadChild(s).explanation.groups;
  const line = (g: (typeof groups)[number]) =>
    `${g.contribution > 0 ? 'Raised' : 'Lowered'} the score: ${g.words}${g.records > 0 ? ` (${g.records} record${g.records === 1 ? '' : 's'})` : ''}${g.mutable ? '' : ' — permanent under this model'}.`;
  return [
    ...groups.filter((g) => g.contribution > 0).slice(0, 4),
    ...groups.filter((g) => g.contribution < 0).slice(0, 2),
  ].map(line);
}

/**
 * What a family member sees: the call their code was issued on, whether the screening tool scored
 * it, whether the agency has decided to look into it, and — for each person on that referral,
 * their own household and no one else — the records the tool read (exactly the list
 * records-read.ts computed when the score was made and shown to the screener), which count toward
 * the score and which can never stop counting under the model. Records are listed in full only
 * for the people privacy.ts allows (the holder; their children when they are a parent on the
 * call); of anyone else the view holds counts only, so no page or route built on it can leak them.
 * The referral and person come from the session only; every view is audited.
 */
import { ageInYears, dayOf, formatDate, formatDateTime } from '../../src/core/index.js';
import type { ProtocolRules } from '../../src/scoring/index.js';
import {
  appendAudit,
  callById,
  membersOf,
  scoreById,
  type MemberRow,
} from '../../src/store/index.js';
import type { Deps, Family } from '../context.js';
import { fail } from '../errors.js';
import type { CallScore } from '../score/score-call.js';
import type { RecordRead } from '../score/records-read.js';
import { ADULT_AGE } from './issue.js';
import { holderSeesRecordsOf, recordCounts, type RecordCounts } from './privacy.js';

/** One person on the referral as their family sees them (no id shown, no name stored). */
export interface FamilyPerson {
  readonly personId: string;
  /** The person the code was given to. */
  readonly self: boolean;
  readonly roles: readonly string[];
  readonly birthYear: number;
  /** 18 or older on the day of the call. */
  readonly adult: boolean;
  /**
   * Their records before the call, as the score read them (none when it did not score), or null
   * when they are kept private from the code holder (privacy.ts): then only `counts` is known.
   */
  readonly records: readonly RecordRead[] | null;
  /** How many records the score read about them, shown in full or not. */
  readonly counts: RecordCounts;
}

/** The supervisor's decision on the call (never their reasons or notes), or null before it. */
export type FamilyDecision = {
  /** `in`: screened in, to be looked into; `out`: screened out. */
  readonly outcome: 'in' | 'out';
  /** Date decided, YYYY-MM-DD. */
  readonly decidedDate: string;
} | null;

/** The score as it was shown to the screener, or why there was none. */
export type FamilyResult =
  | {
      readonly scored: true;
      readonly householdScore: number;
      readonly bins: number;
      readonly protocol: string;
      /** The protocol's rules, when the model that scored the call is the one served now. */
      readonly rules: ProtocolRules | null;
    }
  | {
      readonly scored: false;
      /** The law requires the call to be looked into; the call named no child; not run yet. */
      readonly why: 'law_required' | 'no_child' | 'not_run';
    };

/** The family page's content. */
export interface FamilyView {
  /** Date the call was received, YYYY-MM-DD. */
  readonly receivedDate: string;
  readonly result: FamilyResult;
  readonly decision: FamilyDecision;
  readonly people: readonly FamilyPerson[];
  /** True when the model served now is not the one that scored the call. */
  readonly modelChanged: boolean;
  /** When the family session ends at the latest, ISO datetime. */
  readonly sessionEndsAt: string;
}

const ROLE_ORDER = ['alleged_victim', 'child', 'parent', 'alleged_perpetrator', 'other_adult'];

/**
 * The people on the referral in page order: the holder, then by role and birth year. The order is
 * total (person id last) because the page names a person by their position in it, never by id
 * (the dispute form's `person`), and every reading of the view must give the same position.
 */
function people(
  rows: readonly MemberRow[],
  family: Family,
  callDay: number,
  records: readonly RecordRead[],
): FamilyPerson[] {
  const byId = new Map<string, { roles: string[]; birthDay: number }>();
  const sees = (personId: string) => holderSeesRecordsOf(rows, family.personId, personId, callDay);
  for (const r of rows) {
    const p = byId.get(r.person_id) ?? { roles: [], birthDay: r.birth_day };
    p.roles.push(r.role);
    byId.set(r.person_id, p);
  }
  const rank = (p: FamilyPerson) =>
    p.self ? -1 : Math.min(...p.roles.map((r) => ROLE_ORDER.indexOf(r)));
  return [...byId]
    .map(([personId, p]) => {
      const own = records.filter((r) => r.personId === personId);
      return {
        personId,
        self: personId === family.personId,
        roles: p.roles,
        birthYear: Number(formatDate(p.birthDay).slice(0, 4)),
        adult: ageInYears(p.birthDay, callDay) >= ADULT_AGE,
        records: sees(personId) ? own : null,
        counts: recordCounts(own),
      };
    })
    .sort(
      (a, b) =>
        rank(a) - rank(b) ||
        a.birthYear - b.birthYear ||
        (a.personId < b.personId ? -1 : a.personId > b.personId ? 1 : 0),
    );
}

/**
 * What the family page of a signed-in family member shows, without recording a view (for a form
 * posted from the page, which records its own action).
 * @throws E_NOT_FOUND when the call is gone (it never is in practice: calls are not deleted).
 */
export async function familyView(deps: Deps, family: Family): Promise<FamilyView> {
  const call = await callById(deps.db, family.referralId);
  if (call === undefined) fail('E_NOT_FOUND', 'this page is no longer available');
  const stored = call.score_id !== null ? await scoreById(deps.db, call.score_id) : undefined;
  const score = stored !== undefined ? (JSON.parse(stored.result_json) as CallScore) : null;
  const bins = deps.scorer.file.scale.kind === 'quantile' ? deps.scorer.file.scale.bins : 20;
  const modelChanged = score !== null && score.modelHash !== deps.scorer.modelHash;
  const result: FamilyResult =
    score === null
      ? { scored: false, why: 'not_run' }
      : score.scored
        ? {
            scored: true,
            householdScore: score.householdScore,
            bins,
            protocol: score.protocol,
            rules: modelChanged ? null : deps.scorer.file.protocol,
          }
        : { scored: false, why: call.law_required === 1 ? 'law_required' : 'no_child' };
  const records = score !== null && score.scored ? score.records : [];
  const view: FamilyView = {
    receivedDate: formatDate(dayOf(call.received_ms)),
    result,
    decision:
      call.decision !== null && call.decided_ms !== null
        ? { outcome: call.decision, decidedDate: formatDate(dayOf(call.decided_ms)) }
        : null,
    people: people(
      await membersOf(deps.db, family.referralId),
      family,
      dayOf(call.received_ms),
      records,
    ),
    modelChanged,
    sessionEndsAt: formatDateTime(family.expiresMs),
  };
  return view;
}

/**
 * The disputes a family page may list: those about people whose records the view shows in full.
 * A dispute of a private record would tell of it (its grounds, the reviewer's answer, the score
 * before and after its correction), so it is left out like the record.
 */
export function disputesShown<T extends { readonly personId: string }>(
  view: FamilyView,
  disputes: readonly T[],
): T[] {
  const shown = new Set(view.people.filter((p) => p.records !== null).map((p) => p.personId));
  return disputes.filter((d) => shown.has(d.personId));
}

/**
 * The family page of a signed-in family member, recorded as a `family_view` in the audit log with
 * how many records it showed in full (`shown`) and how many it gave as counts only (`withheld`).
 */
export async function viewFamilyPage(deps: Deps, family: Family): Promise<FamilyView> {
  const view = await familyView(deps, family);
  let shown = 0;
  let withheld = 0;
  for (const p of view.people) {
    if (p.records !== null) shown += p.records.length;
    else withheld += p.counts.read;
  }
  await deps.db.tx((sql) =>
    appendAudit(sql, new Date(deps.clock()).toISOString(), [
      {
        actor: `family:${family.personId}`,
        action: 'family_view',
        subject: `referral:${family.referralId}`,
        // Ids and numbers only: records shown in full, and records kept private (counts only).
        details: { personId: family.personId, shown, withheld },
      },
    ]),
  );
  return view;
}

/**
 * Staff give family access: a screener (on their own call) or a supervisor issues a one-time code
 * to an adult named on a referral — not an alleged victim, and 18 or older on the day the call
 * came in — once the screening tool has been run on the call. The code is shown once and never
 * stored; issuing a new code withdraws the person's earlier unused ones. Staff can also withdraw
 * a person's codes, which ends their open family sessions. Everything is audited, without codes.
 */
import { ageInYears, dayOf, formatDateTime } from '../../src/core/index.js';
import {
  appendAudit,
  endFamilySessionsOf,
  familyCodesOf,
  insertFamilyCode,
  membersOf,
  revokeFamilyCodes,
} from '../../src/store/index.js';
import type { Deps, Staff } from '../context.js';
import { fail } from '../errors.js';
import { ownCall } from '../workflow/steps.js';
import { familyCodeHash, newFamilyCode, normaliseFamilyCode } from './code.js';

/** The age from which a person on a referral may be given a code. */
export const ADULT_AGE = 18;

/** A code just issued: shown to the staff member once. */
export interface IssuedFamilyCode {
  readonly code: string;
  readonly referralId: string;
  readonly personId: string;
  /** ISO datetime after which the code no longer works. */
  readonly expiresAt: string;
}

/** A code as staff see it afterwards (never the code itself). */
export interface FamilyCodeView {
  readonly personId: string;
  readonly issuedAt: string;
  readonly issuedBy: string;
  readonly expiresAt: string;
  readonly status: 'unused' | 'used' | 'withdrawn' | 'expired';
  readonly usedAt: string | null;
}

/**
 * Why a person with these roles and this age on the referral's day may not have a code, or null
 * when they may.
 */
export function familyIneligibility(roles: readonly string[], age: number): string | null {
  if (roles.includes('alleged_victim')) return 'is named as an alleged victim';
  if (age < ADULT_AGE) return `was ${age} on the day of the call, under ${ADULT_AGE}`;
  return null;
}

/**
 * Issues a code for `personId` on `referralId`.
 * @throws E_NOT_FOUND (no such call), E_AUTH_FORBIDDEN (another screener's call),
 *   E_FAMILY_TOO_EARLY (the score step has not happened), E_FAMILY_NOT_ON_REFERRAL,
 *   E_FAMILY_NOT_ELIGIBLE (an alleged victim, or under 18 on the day of the call).
 */
export async function issueFamilyCode(
  deps: Deps,
  staff: Staff,
  referralId: string,
  personId: string,
): Promise<IssuedFamilyCode> {
  const nowMs = deps.clock();
  const expiresMs = nowMs + deps.options.familyCodeMs;
  const code = newFamilyCode();
  await deps.db.tx(async (sql) => {
    const call = await ownCall(sql, staff, referralId);
    if (call.revealed_ms === null) {
      fail(
        'E_FAMILY_TOO_EARLY',
        `the screening tool has not been run on call ${referralId} yet, so a family page would have nothing to show; issue the code once the screener has seen the score`,
      );
    }
    const rows = (await membersOf(sql, referralId)).filter((r) => r.person_id === personId);
    if (rows.length === 0) {
      fail(
        'E_FAMILY_NOT_ON_REFERRAL',
        `person ${personId} is not named on referral ${referralId}; give the id of an adult listed on the call`,
      );
    }
    const age = ageInYears(rows[0]!.birth_day, dayOf(call.received_ms));
    const why = familyIneligibility(
      rows.map((r) => r.role),
      age,
    );
    if (why !== null) {
      fail(
        'E_FAMILY_NOT_ELIGIBLE',
        `person ${personId} ${why} on referral ${referralId}; family codes are only for adults named on a referral who are not alleged victims (a parent or another adult on the call)`,
        { age, roles: rows.map((r) => r.role) },
      );
    }
    const replaced = await revokeFamilyCodes(sql, referralId, personId, nowMs);
    await insertFamilyCode(sql, {
      code_hash: familyCodeHash(normaliseFamilyCode(code)!),
      person_id: personId,
      referral_id: referralId,
      issued_by: staff.userId,
      issued_ms: nowMs,
      expires_ms: expiresMs,
    });
    await appendAudit(sql, new Date(nowMs).toISOString(), [
      {
        actor: staff.userId,
        action: 'family_code_issued',
        subject: `referral:${referralId}`,
        details: { personId, expiresAt: new Date(expiresMs).toISOString(), replaced },
      },
    ]);
  });
  return { code, referralId, personId, expiresAt: formatDateTime(expiresMs) };
}

/**
 * Withdraws a person's unused codes on a referral and ends their open family sessions; returns
 * how many of each (audited when there was anything to withdraw).
 */
export async function revokeFamilyAccess(
  deps: Deps,
  staff: Staff,
  referralId: string,
  personId: string,
): Promise<{ codes: number; sessions: number }> {
  const nowMs = deps.clock();
  return deps.db.tx(async (sql) => {
    await ownCall(sql, staff, referralId);
    const codes = await revokeFamilyCodes(sql, referralId, personId, nowMs);
    const sessions = await endFamilySessionsOf(sql, referralId, personId, nowMs);
    if (codes + sessions > 0) {
      await appendAudit(sql, new Date(nowMs).toISOString(), [
        {
          actor: staff.userId,
          action: 'family_code_revoked',
          subject: `referral:${referralId}`,
          details: { personId, codes, sessions },
        },
      ]);
    }
    return { codes, sessions };
  });
}

/** The codes issued on a call, oldest first, with what became of each. */
export async function familyCodesView(
  deps: Deps,
  staff: Staff,
  referralId: string,
): Promise<FamilyCodeView[]> {
  await ownCall(deps.db, staff, referralId);
  const nowMs = deps.clock();
  return (await familyCodesOf(deps.db, referralId)).map((r) => ({
    personId: r.person_id,
    issuedAt: formatDateTime(r.issued_ms),
    issuedBy: r.issued_by,
    expiresAt: formatDateTime(r.expires_ms),
    status:
      r.used_ms !== null
        ? 'used'
        : r.revoked_ms !== null
          ? 'withdrawn'
          : nowMs >= r.expires_ms
            ? 'expired'
            : 'unused',
    usedAt: r.used_ms !== null ? formatDateTime(r.used_ms) : null,
  }));
}

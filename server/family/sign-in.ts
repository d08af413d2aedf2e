/**
 * A family member signs in with their one-time code. Attempts are rate-limited per client address
 * (the login limit), and the fifth wrong code in a row from one address (option) locks that
 * address out for 15 minutes (option) — even a right code is then refused, and not used up. Every
 * failure gets the same answer, so it never tells whether a code exists, was used, expired or was
 * withdrawn; the audit log records which (by referral and person, never the code).
 */
import type { Context } from 'hono';
import {
  appendAudit,
  endFamilySession,
  familyCodeByHash,
  redeemFamilyCode,
  type AuditInput,
  type FamilyCodeRow,
} from '../../src/store/index.js';
import type { AppEnv, Deps, Family } from '../context.js';
import { fail } from '../errors.js';
import { clientKey } from '../auth/client.js';
import { familyCodeHash, normaliseFamilyCode } from './code.js';
import { clearFamilyCookie, startFamilySession } from './session.js';

/** The one answer to every failed sign-in. */
export const FAMILY_SIGN_IN_FAILED =
  'This code did not work. It may be mistyped, already used, out of date or withdrawn, or there have been too many wrong tries from here (then wait 15 minutes). Check the code and try again, or ask the person who gave it to you for a new one.';

/** Why a code was refused, for the audit log. */
function refusal(row: FamilyCodeRow | undefined, nowMs: number): string {
  if (row === undefined) return 'unknown code';
  if (row.used_ms !== null) return 'code already used';
  if (row.revoked_ms !== null) return 'code withdrawn';
  if (nowMs >= row.expires_ms) return 'code expired';
  return 'code used at the same moment by another request';
}

/**
 * Redeems a typed code: marks it used and opens a family session, or throws E_FAMILY_CODE (or
 * E_RATE_LIMITED when this address sends too many attempts).
 */
export async function familySignIn(c: Context<AppEnv>, deps: Deps, typed: string): Promise<Family> {
  const nowMs = deps.clock();
  const at = new Date(nowMs).toISOString();
  const address = clientKey(c, deps.options.trustProxy);
  const limitKey = `family:${address}`;
  if (!deps.limiter.take(limitKey, deps.options.loginPerMinute, nowMs)) {
    c.header(
      'Retry-After',
      String(deps.limiter.retryAfter(limitKey, deps.options.loginPerMinute, nowMs)),
    );
    fail('E_RATE_LIMITED', 'Too many tries from here. Wait a minute and try again.');
  }
  const failKey = `family-fail:${address}`;
  if (deps.limiter.locked(failKey, nowMs)) {
    await deps.db.tx((sql) =>
      appendAudit(sql, at, [
        {
          actor: 'anonymous',
          action: 'family_sign_in_failed',
          subject: 'family:sign-in',
          details: { reason: 'address locked out after repeated failures' },
        },
      ]),
    );
    fail('E_FAMILY_CODE', FAMILY_SIGN_IN_FAILED);
  }
  const code = normaliseFamilyCode(typed);
  const hash = code === null ? null : familyCodeHash(code);
  const family = await deps.db.tx(async (sql) => {
    const row = hash === null ? undefined : await familyCodeByHash(sql, hash);
    if (row !== undefined && (await redeemFamilyCode(sql, row.code_hash, nowMs))) {
      // A session already open in this browser ends: one family member, one session.
      const before = c.get('family');
      if (before !== null) await endFamilySession(sql, before.tokenHash, nowMs);
      const who = { personId: row.person_id, referralId: row.referral_id };
      const f = await startFamilySession(c, sql, deps, who);
      await appendAudit(sql, at, [
        {
          actor: `family:${row.person_id}`,
          action: 'family_sign_in',
          subject: `referral:${row.referral_id}`,
          details: { personId: row.person_id, issuedBy: row.issued_by },
        },
      ]);
      return f;
    }
    await appendAudit(sql, at, [
      {
        actor: 'anonymous',
        action: 'family_sign_in_failed',
        subject: row === undefined ? 'family:sign-in' : `referral:${row.referral_id}`,
        details: {
          reason: code === null ? 'not a code' : refusal(row, nowMs),
          ...(row !== undefined ? { personId: row.person_id } : {}),
        },
      },
    ]);
    return null;
  });
  if (family !== null) {
    deps.limiter.succeed(failKey);
    return family;
  }
  const until = deps.limiter.fail(
    failKey,
    nowMs,
    deps.options.familyLockoutAfter,
    deps.options.lockoutMs,
  );
  if (until !== null) {
    const entry: AuditInput = {
      actor: 'system',
      action: 'lockout',
      subject: 'family:sign-in',
      details: {
        reason: `${deps.options.familyLockoutAfter} wrong family codes in a row from one address`,
        until: new Date(until).toISOString(),
      },
    };
    await deps.db.tx((sql) => appendAudit(sql, at, [entry]));
  }
  return fail('E_FAMILY_CODE', FAMILY_SIGN_IN_FAILED);
}

/** Ends the family session and clears its cookie. */
export async function familySignOut(c: Context<AppEnv>, deps: Deps, family: Family): Promise<void> {
  const nowMs = deps.clock();
  await deps.db.tx(async (sql) => {
    await endFamilySession(sql, family.tokenHash, nowMs);
    await appendAudit(sql, new Date(nowMs).toISOString(), [
      {
        actor: `family:${family.personId}`,
        action: 'family_sign_out',
        subject: `referral:${family.referralId}`,
        details: { personId: family.personId },
      },
    ]);
  });
  clearFamilyCookie(c);
}

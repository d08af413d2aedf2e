/**
 * A screener records a new call: the referral, the people it names (people the county knows by
 * their id; anyone new with their birth date, sex, race and ethnicity) and the allegation. The
 * call starts awaiting the screener's ratings; no score exists yet.
 */
import { randomBytes } from 'node:crypto';
import { MS_PER_DAY, parseDate, parseDateTime } from '../../src/core/index.js';
import {
  appendAudit,
  insertCall,
  referralExists,
  storedPersonIds,
  type NewPersonRow,
} from '../../src/store/index.js';
import type { Deps, Staff } from '../context.js';
import { fail } from '../errors.js';
import type { NewCall } from '../schemas.js';
import { LAW_REQUIRED } from '../score/score-call.js';

/** How far in the future (clock skew) a call's received time may be. */
const SKEW_MS = 5 * 60_000;
const DETAILS = ['birthDate', 'sex', 'race', 'hispanic'] as const;

/** A fresh referral id: `C` + 12 random base32-ish characters. */
export function newReferralId(): string {
  return `C${randomBytes(9)
    .toString('base64url')
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, 'X')}`;
}

/** The distinct people of a call with their details, refusing contradictory details. */
function peopleOf(input: NewCall) {
  const byId = new Map<string, NewCall['people'][number]>();
  const members: { personId: string; role: string }[] = [];
  const seen = new Set<string>();
  for (const p of input.people) {
    const key = `${p.personId}|${p.role}`;
    if (!seen.has(key)) members.push({ personId: p.personId, role: p.role });
    seen.add(key);
    const before = byId.get(p.personId);
    if (
      before !== undefined &&
      DETAILS.some((d) => p[d] !== undefined && before[d] !== undefined && p[d] !== before[d])
    ) {
      fail('E_INPUT', `invalid call: person ${p.personId} is given two different sets of details`, {
        issues: [{ field: 'people', message: `person ${p.personId} has contradictory details` }],
      });
    }
    byId.set(p.personId, { ...before, ...p });
  }
  return { byId, members };
}

/**
 * Records a new call for `staff` (a screener) and returns its referral id.
 * @throws SightlineError E_INPUT (details missing for a new person, details given for a known
 *   one, a birth after the call, a call in the future), E_STORE_CONFLICT (the id is taken).
 */
export async function createCall(deps: Deps, staff: Staff, input: NewCall): Promise<string> {
  const nowMs = deps.clock();
  const receivedMs = input.receivedAt !== undefined ? parseDateTime(input.receivedAt) : nowMs;
  if (receivedMs > nowMs + SKEW_MS) {
    fail('E_INPUT', 'invalid call: receivedAt is in the future', {
      issues: [{ field: 'receivedAt', message: 'is in the future' }],
    });
  }
  const referralId = input.referralId ?? newReferralId();
  const { byId, members } = peopleOf(input);
  const now = new Date(nowMs).toISOString();
  await deps.db.tx(async (sql) => {
    if (await referralExists(sql, referralId)) {
      fail('E_STORE_CONFLICT', `referral ${referralId} already exists; give another id or none`);
    }
    const known = await storedPersonIds(sql, [...byId.keys()]);
    const newPersons: NewPersonRow[] = [];
    const issues: { field: string; message: string }[] = [];
    for (const [id, p] of byId) {
      const given = DETAILS.filter((d) => p[d] !== undefined);
      if (known.has(id)) {
        if (given.length > 0) {
          issues.push({
            field: `people.${id}`,
            message: `is known to the county; leave ${given.join(', ')} empty (a wrong record is disputed, not overwritten)`,
          });
        }
        continue;
      }
      const missing = DETAILS.filter((d) => p[d] === undefined);
      if (missing.length > 0) {
        issues.push({
          field: `people.${id}`,
          message: `is not known to the county; give ${missing.join(', ')}`,
        });
        continue;
      }
      const birthDay = parseDate(p.birthDate!);
      if (Number.isNaN(birthDay) || birthDay * MS_PER_DAY > receivedMs) {
        issues.push({ field: `people.${id}.birthDate`, message: 'is not a date before the call' });
        continue;
      }
      newPersons.push({
        person_id: id,
        birth_day: birthDay,
        sex: p.sex!,
        race: p.race!,
        hispanic: p.hispanic!,
      });
    }
    if (issues.length > 0) {
      fail('E_INPUT', `invalid call: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`, {
        issues,
      });
    }
    const lawRequired = LAW_REQUIRED.has(input.allegation);
    await insertCall(sql, {
      referralId,
      receivedMs,
      allegation: input.allegation,
      channel: input.channel ?? null,
      members,
      newPersons,
      screenerId: staff.userId,
      lawRequired,
      nowMs,
      now,
    });
    await appendAudit(sql, now, [
      {
        actor: staff.userId,
        action: 'data_change',
        subject: `referral:${referralId}`,
        details: {
          change: 'call received',
          allegation: input.allegation,
          people: members.length,
          newPersons: newPersons.map((p) => p.person_id),
          lawRequired,
        },
      },
    ]);
  });
  return referralId;
}

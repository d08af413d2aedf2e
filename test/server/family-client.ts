/** What the family-access tests share: who on a referral may get a code, and a family sign-in. */
import type { Hono } from 'hono';
import { ageInYears, dayOf } from '../../src/core/index.js';
import type { AppEnv, Deps } from '../../server/context.js';
import { familyView } from '../../server/family/view.js';
import { client, type Client, type Reply } from './client.js';
import { peopleOf, testCounty } from './fixture.js';

/** The people of an extract referral with their age on its day. */
export function membersWithAge(
  referralId: string,
): { personId: string; roles: string[]; age: number }[] {
  const { extract } = testCounty();
  const r = extract.referrals;
  const day = dayOf(r.received_at[r.referral_id.indexOf(referralId)]!);
  const out = new Map<string, { personId: string; roles: string[]; age: number }>();
  for (const p of peopleOf(referralId)) {
    const row = extract.persons.person_id.indexOf(p.personId);
    const m = out.get(p.personId) ?? {
      personId: p.personId,
      roles: [],
      age: ageInYears(extract.persons.birth_date[row]!, day),
    };
    m.roles.push(p.role);
    out.set(p.personId, m);
  }
  return [...out.values()];
}

/** Ids of the people on a referral who may be given a code (18+, not an alleged victim). */
export function adultsOf(referralId: string): string[] {
  return membersWithAge(referralId)
    .filter((m) => m.age >= 18 && !m.roles.includes('alleged_victim'))
    .map((m) => m.personId);
}

/** Types a code on the sign-in form from `ip` (X-Forwarded-For; the service must trust it). */
export async function tryCode(c: Client, code: string, ip = '192.0.2.1'): Promise<Reply> {
  const h = { 'x-forwarded-for': ip };
  await c.get('/family/sign-in', h);
  c.csrf = c.cookies.get('sl_family_sign_in') ?? null;
  return c.form('/family/sign-in', { code }, h);
}

/** A client signed in with a family code, its CSRF token read from the page's form. */
export async function familyClient(
  app: Hono<AppEnv>,
  code: string,
  ip = '192.0.2.1',
): Promise<Client> {
  const c = client(app);
  const r = await tryCode(c, code, ip);
  if (r.status !== 303 || r.headers.get('location') !== '/family')
    throw new Error(`family sign-in failed: ${r.status} ${r.text.slice(0, 300)}`);
  const page = await c.get('/family');
  c.csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? null;
  return c;
}

/**
 * The person ids of a holder's family page in page order. The page shows no ids: each person's
 * section carries `data-index`, their position in the view it is built from (read here, as the
 * page reads it, without recording a view).
 */
export async function pageOrder(
  deps: Deps,
  referralId: string,
  personId: string,
): Promise<string[]> {
  const family = { referralId, personId, csrf: '', tokenHash: '', expiresMs: 0 };
  return (await familyView(deps, family)).people.map((p) => p.personId);
}

/** A family page's person sections, `data-index` → the section's HTML, in page order. */
export function pageSections(text: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const m of text.matchAll(
    /<section\s+class="family-person"[^>]*data-index="(\d+)"[^>]*>([\s\S]*?)<\/section>/g,
  ))
    out.set(Number(m[1]), m[2]!);
  return out;
}

/** The record rows of a family page as `person|record` keys, the person from `order`. */
export function recordKeys(text: string, order: readonly string[]): string[] {
  return [...pageSections(text)].flatMap(([i, section]) =>
    [...section.matchAll(/data-record="([^"]+)"/g)].map((m) => `${order[i]}|${m[1]}`),
  );
}

/** The people of a family page, by `order`. */
export function personKeys(text: string, order: readonly string[]): Set<string> {
  return new Set([...pageSections(text).keys()].map((i) => order[i]!));
}

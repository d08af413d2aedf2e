/**
 * The JSON API of family access, for staff: issue a one-time code to an adult named on a referral
 * (the answer is the only place the code ever appears), withdraw a person's codes, and list the
 * codes issued on a call. Family members use the pages (web/family-routes.ts), not the API.
 */
import type { Context } from 'hono';
import type { AppEnv, Deps, Staff } from '../context.js';
import { fail, parseInput } from '../errors.js';
import type { On } from '../policy.js';
import { FamilyCodeRequest } from '../schemas.js';
import { familyCodesView, issueFamilyCode, revokeFamilyAccess } from '../family/issue.js';

async function request(c: Context<AppEnv>): Promise<FamilyCodeRequest> {
  let value: unknown;
  try {
    value = await c.req.json();
  } catch {
    fail('E_INPUT', 'invalid family code request: the body is not JSON', {
      issues: [{ field: '(body)', message: 'is not JSON' }],
    });
  }
  return parseInput(FamilyCodeRequest, value, 'family code request');
}

const me = (c: Context<AppEnv>): Staff => c.get('staff')!;

/** Registers the family-access API routes. */
export function familyApiRoutes(on: On, deps: Deps): void {
  on('POST', '/api/family-codes', ['screener', 'supervisor'], async (c) => {
    const b = await request(c);
    const issued = await issueFamilyCode(deps, me(c), b.referralId, b.personId);
    return c.json({ ...issued, signInPath: '/family/sign-in' }, 201);
  });
  on('POST', '/api/family-codes/revoke', ['screener', 'supervisor'], async (c) => {
    const b = await request(c);
    return c.json(await revokeFamilyAccess(deps, me(c), b.referralId, b.personId));
  });
  on('GET', '/api/calls/:id/family-codes', ['screener', 'supervisor'], async (c) =>
    c.json({ codes: await familyCodesView(deps, me(c), c.req.param('id')!) }),
  );
}

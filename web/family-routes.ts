/**
 * The pages of family access. For staff: the forms on a call's page that issue a one-time code
 * (the answer shows it once, so it is rendered rather than redirected to) and withdraw a person's
 * access. For the family: sign in with a code, the family page, sign out. Family routes take no
 * referral or person from the address or the form: both come from the family session, so there
 * is nothing to change to see another household; what the page lists of the household's records
 * and disputes is what server/family/view.ts allows the session's person to see.
 */
import { disputesOnReferral } from '../server/disputes/index.js';
import { familyDisputeRoutes } from './family-dispute-routes.js';
import type { Context } from 'hono';
import { isSightlineError } from '../src/core/index.js';
import type { AppEnv, Deps, Family, Staff } from '../server/context.js';
import type { On } from '../server/policy.js';
import { parseInput } from '../server/errors.js';
import { FamilyCodeRequest, FamilySignIn } from '../server/schemas.js';
import type { CallView } from '../server/workflow/views.js';
import { viewCall } from '../server/workflow/views.js';
import {
  familyCodesView,
  issueFamilyCode,
  revokeFamilyAccess,
  type IssuedFamilyCode,
} from '../server/family/issue.js';
import { familySignIn, familySignOut } from '../server/family/sign-in.js';
import { familySignInToken } from '../server/family/session.js';
import { disputesShown, viewFamilyPage } from '../server/family/view.js';
import type { Html } from './html.js';
import { callPage } from './pages/call.js';
import { familyAccessSection } from './pages/family-access.js';
import { familyPage, familySignInPage } from './pages/family.js';

const FAMILY_ERRORS: readonly string[] = [
  'E_INPUT',
  'E_FAMILY_TOO_EARLY',
  'E_FAMILY_NOT_ON_REFERRAL',
  'E_FAMILY_NOT_ELIGIBLE',
];

/** The family access section of a call page (codes listed; `o` adds a new code or a message). */
export async function familyAccessHtml(
  c: Context<AppEnv>,
  deps: Deps,
  v: CallView,
  o: { issued?: IssuedFamilyCode; message?: string; error?: string } = {},
): Promise<Html> {
  const staff = c.get('staff')!;
  return familyAccessSection(staff, v, {
    codes: await familyCodesView(deps, staff, v.referralId),
    issued: o.issued ?? null,
    signInUrl: `${new URL(c.req.url).origin}/family/sign-in`,
    message: o.message ?? null,
    error: o.error ?? null,
  });
}

async function personOf(c: Context<AppEnv>): Promise<FamilyCodeRequest> {
  const body = await c.req.parseBody();
  const personId = typeof body.personId === 'string' ? body.personId : '';
  return parseInput(
    FamilyCodeRequest,
    { referralId: c.req.param('id'), personId },
    'family code request',
  );
}

/** Registers the family access pages. */
export function familyWebRoutes(on: On, deps: Deps): void {
  const bins = deps.scorer.file.scale.kind === 'quantile' ? deps.scorer.file.scale.bins : 20;
  const me = (c: Context<AppEnv>): Staff => c.get('staff')!;
  const fam = (c: Context<AppEnv>): Family => c.get('family')!;
  const callWith = async (
    c: Context<AppEnv>,
    id: string,
    o: Parameters<typeof familyAccessHtml>[3],
    status: 200 | 400 | 409 = 200,
  ) => {
    const v = await viewCall(deps, me(c), id);
    const disputes = await disputesOnReferral(deps, id);
    const family = await familyAccessHtml(c, deps, v, o);
    return c.html(callPage(me(c), v, bins, null, disputes, family), status);
  };

  on('POST', '/calls/:id/family-codes', ['screener', 'supervisor'], async (c) => {
    const id = c.req.param('id')!;
    try {
      const r = await personOf(c);
      return callWith(c, id, { issued: await issueFamilyCode(deps, me(c), id, r.personId) });
    } catch (e) {
      if (!isSightlineError(e) || !FAMILY_ERRORS.includes(e.code)) throw e;
      const status = e.code === 'E_FAMILY_TOO_EARLY' ? 409 : 400;
      return callWith(c, id, { error: `${e.message} (${e.code})` }, status);
    }
  });
  on('POST', '/calls/:id/family-codes/revoke', ['screener', 'supervisor'], async (c) => {
    const id = c.req.param('id')!;
    const r = await personOf(c);
    const n = await revokeFamilyAccess(deps, me(c), id, r.personId);
    const message =
      n.codes + n.sessions === 0
        ? `${r.personId} had no unused code or open family page to withdraw.`
        : `Access withdrawn for ${r.personId}: ${n.codes} unused code${n.codes === 1 ? '' : 's'} cancelled, ${n.sessions} open family page${n.sessions === 1 ? '' : 's'} closed.`;
    return callWith(c, id, { message });
  });

  const signInForm = (c: Context<AppEnv>, error: string | null, status: 200 | 401 | 429) =>
    c.html(
      familySignInPage(
        familySignInToken(c, deps),
        error,
        c.req.query('signed-out') !== undefined ? 'You have signed out.' : null,
      ),
      status,
    );
  on('GET', '/family/sign-in', 'public', (c) =>
    c.get('family') !== null ? c.redirect('/family', 303) : signInForm(c, null, 200),
  );
  on('POST', '/family/sign-in', 'public', async (c) => {
    const body = await c.req.parseBody();
    const typed = parseInput(
      FamilySignIn,
      { code: typeof body.code === 'string' ? body.code : '' },
      'access code',
    );
    try {
      await familySignIn(c, deps, typed.code);
      return c.redirect('/family', 303);
    } catch (e) {
      if (isSightlineError(e, 'E_FAMILY_CODE')) return signInForm(c, e.message, 401);
      if (isSightlineError(e, 'E_RATE_LIMITED')) return signInForm(c, e.message, 429);
      throw e;
    }
  });
  on('GET', '/family', 'family', async (c) => {
    const view = await viewFamilyPage(deps, fam(c));
    return c.html(
      familyPage(
        fam(c),
        view,
        Math.round(deps.options.familySessionIdleMs / 60_000),
        disputesShown(view, await disputesOnReferral(deps, fam(c).referralId)),
        c.req.query('told') !== undefined
          ? 'Thank you. We received what you told us. A person at the agency will check it.'
          : null,
      ),
    );
  });
  familyDisputeRoutes(on, deps);
  on('POST', '/family/sign-out', 'family', async (c) => {
    await familySignOut(c, deps, fam(c));
    return c.redirect('/family/sign-in?signed-out', 303);
  });
}

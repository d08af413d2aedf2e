/**
 * The screening workflow through the JSON API on both databases: ratings before the score, the
 * score with its reasons, the recommendation, the supervisor's decision (an override of a
 * mandatory screen-in needs a written reason), the law's exemption, the investigator's view
 * without scores, and the audit trail of every step.
 */
import assert from 'node:assert/strict';
import { auditEntriesOf, verifyAuditLog } from '../../src/store/index.js';
import { PASSWORD, householdsWith, openCall, serviceTest } from './fixture.js';
import { signIn, type Client } from './client.js';

/** Runs a call to the supervisor's queue; returns the reveal answer. */
async function toQueue(screener: Client, id: string) {
  assert.equal(
    (await screener.api('POST', `/api/calls/${id}/ratings`, { risk: 2, safety: 1 })).status,
    200,
  );
  const shown = await screener.api('POST', `/api/calls/${id}/reveal`);
  assert.equal(shown.status, 200, shown.text);
  assert.equal(
    (await screener.api('POST', `/api/calls/${id}/recommendation`, { recommendation: 'in' }))
      .status,
    200,
  );
  return shown.json;
}

await serviceTest('the screening workflow, step by step, with its audit trail', {}, async (svc) => {
  const screener = await signIn(svc.app, 'screener', PASSWORD);
  const supervisor = await signIn(svc.app, 'supervisor', PASSWORD);
  const investigator = await signIn(svc.app, 'investigator', PASSWORD);
  const [a] = householdsWith('high', 1);
  const [b] = householdsWith('none', 1);
  const id = await openCall(screener, a!);

  let r = await screener.api('POST', `/api/calls/${id}/reveal`);
  assert.equal(r.status, 409);
  assert.equal(r.json.error.code, 'E_WORKFLOW_ORDER');
  assert.match(r.json.error.message, /enter your risk and safety ratings first/);
  r = await screener.api('POST', `/api/calls/${id}/recommendation`, {
    recommendation: 'out',
  });
  assert.equal(r.status, 409);
  r = await screener.api('POST', `/api/calls/${id}/ratings`, { risk: 4, safety: 0 });
  assert.equal(r.status, 400);
  assert.deepEqual(
    r.json.error.issues.map((i: { field: string }) => i.field),
    ['risk', 'safety'],
  );

  const shown = await toQueue(screener, id);
  assert.equal(shown.score.scored, true);
  assert.ok(shown.score.children.length >= 2);
  assert.ok(['high', 'low', 'none'].includes(shown.score.protocol));
  assert.match(shown.words.reminder, /not evidence about the allegation/);
  assert.match(shown.words.headline, /^Household score \d+ of 20/);
  assert.ok(Array.isArray(shown.score.records));
  r = await screener.api('POST', `/api/calls/${id}/ratings`, { risk: 3, safety: 3 });
  assert.equal(r.status, 409, 'ratings are fixed once the score is shown');

  r = await supervisor.api('GET', '/api/queue');
  assert.deepEqual(
    r.json.calls.map((c: { referralId: string }) => c.referralId),
    [id],
  );
  assert.equal(r.json.calls[0].score.householdScore, shown.score.householdScore);
  const mandatory = shown.score.protocol === 'high';
  assert.ok(mandatory, 'the batch scorer gave this household the high-risk protocol');
  r = await supervisor.api('POST', `/api/calls/${id}/decision`, { decision: 'out' });
  assert.equal(r.status, 400);
  assert.match(r.json.error.message, /needs a written reason/);
  r = await supervisor.api('POST', `/api/calls/${id}/decision`, {
    decision: 'out',
    reason: 'Family already engaged with services; children seen safe today.',
  });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.override, mandatory);
  r = await supervisor.api('POST', `/api/calls/${id}/decision`, { decision: 'in' });
  assert.equal(r.status, 409, 'decided once');

  // The law's exemption: not scored, and the answer says why; screening out needs a reason.
  const law = await openCall(screener, b!, 'abuse');
  const lawShown = await toQueue(screener, law);
  assert.equal(lawShown.score.scored, false);
  assert.match(lawShown.score.reason, /must be investigated by law/);
  assert.equal(lawShown.score.children, undefined);
  r = await supervisor.api('POST', `/api/calls/${law}/decision`, {
    decision: 'out',
    reason: 'too short',
  });
  assert.equal(r.status, 400);
  r = await supervisor.api('POST', `/api/calls/${law}/decision`, { decision: 'in' });
  assert.equal(r.json.override, false);

  // The investigator sees the screened-in case, never a score.
  r = await investigator.api('GET', '/api/cases');
  assert.deepEqual(
    r.json.cases.map((c: { referralId: string }) => c.referralId),
    [law],
  );
  r = await investigator.api('GET', `/api/cases/${law}`);
  assert.equal(r.status, 200);
  assert.doesNotMatch(r.text, /score|protocol|probability|risk|safety|override/i);
  assert.equal(
    (await investigator.api('GET', `/api/cases/${id}`)).status,
    404,
    'screened out: no case',
  );

  const steps = (await auditEntriesOf(svc.db, `referral:${id}`)).map((e) => e.action);
  assert.deepEqual(steps, [
    'data_change',
    'ratings',
    'score_shown',
    'recommendation',
    'score_shown',
    'decision',
    ...(mandatory ? ['override'] : []),
  ]);
  const v = await verifyAuditLog(svc.db);
  assert.ok(v.ok, JSON.stringify(v.problems));
  const stored = await svc.db.get<{
    screening_decision: string;
    screener_risk: number;
    shown_protocol: string;
  }>(
    'SELECT screening_decision, screener_risk, shown_protocol FROM referrals WHERE referral_id = ?',
    [id],
  );
  assert.deepEqual(stored, {
    screening_decision: 'out',
    screener_risk: 2,
    shown_protocol: shown.score.protocol,
  });
});

await serviceTest(
  'screening in a low-risk household is an override and needs a written reason',
  {},
  async (svc) => {
    const screener = await signIn(svc.app, 'screener', PASSWORD);
    const supervisor = await signIn(svc.app, 'supervisor', PASSWORD);
    const [low] = householdsWith('low', 1);
    const id = await openCall(screener, low!);
    const shown = await toQueue(screener, id);
    assert.equal(shown.score.protocol, 'low', 'the batch scorer gave this household low');

    // The supervisor's page says a reason is needed to go against the protocol.
    const page = await supervisor.get(`/calls/${id}`);
    assert.match(page.text, /low-risk protocol recommends screening out/);
    assert.match(page.text, /required to screen in, at least 20 characters/);

    for (const reason of [undefined, 'too short']) {
      const r = await supervisor.api('POST', `/api/calls/${id}/decision`, {
        decision: 'in',
        ...(reason !== undefined ? { reason } : {}),
      });
      assert.equal(r.status, 400, r.text);
      assert.equal(r.json.error.code, 'E_INPUT');
      assert.match(
        r.json.error.message,
        /screening in against the low-risk protocol's screen-out recommendation needs a written reason of at least 20 characters/,
      );
      assert.deepEqual(
        r.json.error.issues.map((i: { field: string }) => i.field),
        ['reason'],
      );
    }
    // The web form is refused the same way, with the error on the page.
    const refused = await supervisor.form(`/calls/${id}/decision`, { decision: 'in' });
    assert.equal(refused.status, 400);
    assert.match(refused.text, /role="alert">invalid decision: screening in against the low-risk/);

    const reason = 'Caller reports the children were left alone overnight twice this week.';
    const r = await supervisor.api('POST', `/api/calls/${id}/decision`, {
      decision: 'in',
      reason,
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.override, true);
    const call = await svc.db.get<{ override: number; override_reason: string }>(
      'SELECT override, override_reason FROM calls WHERE referral_id = ?',
      [id],
    );
    assert.deepEqual(call, { override: 1, override_reason: reason });
    const referral = await svc.db.get<{ override: number; override_reason: string }>(
      'SELECT override, override_reason FROM referrals WHERE referral_id = ?',
      [id],
    );
    assert.deepEqual(referral, { override: 1, override_reason: reason });
    const entries = await auditEntriesOf(svc.db, `referral:${id}`);
    const override = entries.find((e) => e.action === 'override');
    assert.ok(override !== undefined, 'an override entry');
    assert.deepEqual(JSON.parse(override.details), {
      decision: 'in',
      protocol: 'low',
      mandatory: false,
      reason,
    });
    const decision = JSON.parse(entries.find((e) => e.action === 'decision')!.details);
    assert.equal(decision.override, true);
    assert.equal(decision.reason, reason);
    const v = await verifyAuditLog(svc.db);
    assert.ok(v.ok, JSON.stringify(v.problems));
  },
);

/**
 * Showing a score when requests race, on both databases: the first reveal stores the score and
 * moves the call in one step; reveals at the same moment get that same stored score (one score
 * row, every showing audited with its id); another screener is refused and nothing is written.
 * The web form's reveal is audited with the change it makes, whether or not the page follows.
 */
import assert from 'node:assert/strict';
import { auditEntriesOf, verifyAuditLog } from '../../src/store/index.js';
import { createStaff } from '../../server/workflow/staff.js';
import { PASSWORD, householdsWith, openCall, serviceTest } from './fixture.js';
import { signIn } from './client.js';

await serviceTest(
  `reveals at once share one stored score; another screener's is refused`,
  {},
  async (svc) => {
    await createStaff(
      svc.db,
      'test',
      { username: 'spare', displayName: 'Spare', role: 'screener', password: PASSWORD },
      svc.now,
      12,
    );
    const screener = await signIn(svc.app, 'screener', PASSWORD);
    const spare = await signIn(svc.app, 'spare', PASSWORD);
    const [from] = householdsWith('high', 1);
    const id = await openCall(screener, from!);
    const rated = await screener.api('POST', `/api/calls/${id}/ratings`, {
      risk: 2,
      safety: 1,
    });
    assert.equal(rated.status, 200);

    const refused = await spare.api('POST', `/api/calls/${id}/reveal`);
    assert.equal(refused.status, 403, refused.text);
    assert.equal(refused.json.error.code, 'E_AUTH_FORBIDDEN');
    const still = await screener.api('GET', `/api/calls/${id}`);
    assert.equal(still.json.call.status, 'awaiting_reveal');
    assert.equal(still.json.call.score, null);

    const shown = await Promise.all(
      Array.from({ length: 4 }, () => screener.api('POST', `/api/calls/${id}/reveal`)),
    );
    for (const s of shown) assert.equal(s.status, 200, s.text);
    assert.equal(new Set(shown.map((s) => JSON.stringify(s.json))).size, 1, 'one score');
    const scores = await svc.db.all<{ score_id: number }>(
      'SELECT score_id FROM call_scores WHERE referral_id = ?',
      [id],
    );
    assert.equal(scores.length, 1);
    const entries = (await auditEntriesOf(svc.db, `referral:${id}`)).filter(
      (e) => e.action === 'score_shown',
    );
    assert.equal(entries.length, 4);
    for (const e of entries) assert.equal(JSON.parse(e.details).scoreId, scores[0]!.score_id);
    const call = (await screener.api('GET', `/api/calls/${id}`)).json.call;
    assert.equal(call.status, 'awaiting_recommendation');
    assert.equal(call.score.householdScore, shown[0]!.json.score.householdScore);
    const v = await verifyAuditLog(svc.db);
    assert.ok(v.ok, JSON.stringify(v.problems));
  },
);

await serviceTest(
  `the web form's reveal is audited in the commit that stores the score, page or no page`,
  {},
  async (svc) => {
    const screener = await signIn(svc.app, 'screener', PASSWORD);
    const [from] = householdsWith('none', 1);
    const id = await openCall(screener, from!);
    await screener.form(`/calls/${id}/ratings`, { risk: '2', safety: '1' });
    svc.now += 60_000;

    // The form posted, the redirect not followed: the call moved and its entry is there.
    const posted = await screener.form(`/calls/${id}/reveal`, {});
    assert.equal(posted.status, 303, posted.text);
    assert.equal(posted.headers.get('location'), `/calls/${id}#score-h`);
    const call = (await svc.db.get<{ status: string; score_id: number; revealed_ms: number }>(
      'SELECT status, score_id, revealed_ms FROM calls WHERE referral_id = ?',
      [id],
    ))!;
    assert.equal(call.status, 'awaiting_recommendation');
    const actions = async () =>
      (await auditEntriesOf(svc.db, `referral:${id}`)).map((e) => e.action);
    assert.deepEqual(await actions(), ['data_change', 'ratings', 'score_shown']);
    const shown = (await auditEntriesOf(svc.db, `referral:${id}`)).at(-1)!;
    assert.equal(shown.actor, svc.userIds.screener);
    assert.equal(shown.at, new Date(call.revealed_ms).toISOString(), 'written with the move');
    const details = JSON.parse(shown.details);
    assert.equal(details.scoreId, call.score_id);
    assert.equal(details.scored, true);
    assert.equal(details.via, 'reveal');

    // The page then records its own display, as every view carrying the score does.
    svc.now += 60_000;
    const page = await screener.get(`/calls/${id}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /household score/);
    assert.deepEqual(await actions(), ['data_change', 'ratings', 'score_shown', 'score_shown']);
    const display = JSON.parse((await auditEntriesOf(svc.db, `referral:${id}`)).at(-1)!.details);
    assert.deepEqual(display, { ...details, via: 'page' });
    const v = await verifyAuditLog(svc.db);
    assert.ok(v.ok, JSON.stringify(v.problems));
  },
);

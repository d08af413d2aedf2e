/**
 * Contest and correction through the API on both databases: a screener disputes records of a
 * call, a family member their own household's record (and cannot touch another's); a reviewer
 * rejects one and accepts each ground, always with a reason. An accepted correction keeps the old
 * record (superseded), adds the corrected one, and re-scores every stored call that could have
 * read it; the new numbers are checked against batch scoring of the county extract with the same
 * correction applied by hand, and against the call's history extract scored directly. The audit
 * chain verifies and holds ids and numbers only; the analyst's report counts the outcomes.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- rows of the store and JSON replies */
import assert from 'node:assert/strict';
import { MS_PER_DAY, formatDate, isSightlineError, parseDate } from '../../src/core/index.js';
import type { Extract } from '../../src/contract/index.js';
import { buildFeatures } from '../../src/features/index.js';
import { scoreRecords } from '../../src/scoring/index.js';
import { referralHistory, verifyAuditLog } from '../../src/store/index.js';
import { openDispute } from '../../server/disputes/index.js';
import { shownCount, shownRate } from '../../server/workflow/reports.js';
import {
  PASSWORD,
  householdsWith,
  peopleOf,
  receivedAtOf,
  serviceTest,
  testCounty,
} from './fixture.js';
import { signIn, type Client } from './client.js';

const county = testCounty();
const CHILD = new Set(['alleged_victim', 'child']);
const REASON = 'Checked against the source system on 2026-01-02.';

interface Rec {
  personId: string;
  source: string;
  kind: string;
  date: string;
  endDate: string | null;
  recordId: string;
  featuresReading: number;
}
interface Call {
  id: string;
  from: string;
  records: Rec[];
  score: { householdScore: number; protocol: string; children: { personId: string }[] };
}

async function newCall(s: Client, from: string, receivedAt = receivedAtOf(from)): Promise<Call> {
  const r = await s.api('POST', '/api/calls', {
    allegation: 'neglect',
    receivedAt,
    people: peopleOf(from),
  });
  assert.equal(r.status, 201, r.text);
  const id = r.json.call.referralId as string;
  await s.api('POST', `/api/calls/${id}/ratings`, { risk: 2, safety: 2 });
  const score = (await s.api('POST', `/api/calls/${id}/reveal`)).json.score;
  assert.equal(score.scored, true);
  return { id, from, records: score.records, score };
}

/** The county's event row a record of the store names (same person, source, kind and dates). */
function eventRow(x: Extract, r: Rec): number {
  const ev = x.events;
  for (let i = 0; i < ev.n; i++) {
    const end = Number.isNaN(ev.end_date[i]!) ? null : formatDate(ev.end_date[i]!);
    if (
      ev.person_id[i] === r.personId &&
      ev.kind[i] === r.kind &&
      formatDate(ev.start_date[i]!) === r.date &&
      end === r.endDate
    )
      return i;
  }
  throw new Error(`no county event for ${r.recordId}`);
}

/** A copy of a columnar table keeping rows where `keep` is true. */
function filterRows<T extends { n: number }>(table: T, keep: (i: number) => boolean): T {
  const rows = Array.from({ length: table.n }, (_, i) => i).filter(keep);
  const out: Record<string, unknown> = { n: rows.length };
  for (const [k, v] of Object.entries(table)) {
    if (k === 'n') continue;
    const col = v as unknown as ArrayLike<unknown> & {
      constructor: { from(a: unknown[]): unknown };
    };
    const picked = rows.map((i) => col[i]);
    out[k] = Array.isArray(v) ? picked : col.constructor.from(picked);
  }
  return out as T;
}

/** Child scores of a referral by batch scoring an extract (`catalog` features only). */
function batchChildren(x: Extract, referralId: string) {
  const fs = buildFeatures(x, county.scorer.catalog);
  const s = scoreRecords(county.file, fs);
  const out = new Map<
    string,
    { probability: number; score: number; shownScore: number; protocol: string }
  >();
  for (let i = 0; i < fs.records.n; i++) {
    if (fs.records.referralId[i] !== referralId) continue;
    out.set(fs.records.personId[i]!, {
      probability: s.probability[i]!,
      score: s.score[i]!,
      shownScore: s.householdScore[i]!,
      protocol: s.protocol[i]!,
    });
  }
  return out;
}

type After = {
  householdScore: number;
  protocol: string;
  children: { personId: string; probability: number; score: number; shownScore: number }[];
};

function assertMatches(after: After, expected: ReturnType<typeof batchChildren>, what: string) {
  assert.equal(after.children.length, expected.size, what);
  for (const c of after.children) {
    const e = expected.get(c.personId)!;
    assert.deepEqual(
      [c.probability, c.score, c.shownScore, after.protocol],
      [e.probability, e.score, e.shownScore, e.protocol],
      `${what}: child ${c.personId}, bit for bit`,
    );
  }
  assert.equal(after.householdScore, Math.max(...[...expected.values()].map((e) => e.score)));
}

/** Picks calls and records for each case from the households' revealed calls, one per call. */
function choose(calls: Call[]) {
  const used = new Set<string>();
  const pick = (ok: (c: Call, r: Rec) => boolean): { call: Call; rec: Rec } => {
    for (const c of calls) {
      if (used.has(c.id)) continue;
      const rec = c.records.find((r) => ok(c, r));
      if (rec !== undefined) {
        used.add(c.id);
        return { call: c, rec };
      }
    }
    throw new Error('no household fits');
  };
  const only = (c: Call, r: Rec) =>
    r.featuresReading > 0 &&
    c.records.filter((x) => x.featuresReading > 0 && x.source === r.source && x.kind === r.kind)
      .length === 1;
  const childOf = (c: Call, p: string) =>
    peopleOf(c.from).some((x) => x.personId === p && CHILD.has(x.role));
  return {
    link: pick(
      (c, r) => r.source === 'referrals' && r.featuresReading > 0 && childOf(c, r.personId),
    ),
    // The household's only placement and only booking read: correcting them moves the score.
    wrong: pick((c, r) => r.kind === 'placement' && only(c, r)),
    notTheirs: pick((c, r) => r.source === 'jail' && only(c, r)),
    outOfDate: pick((_, r) => r.source !== 'referrals' && r.source !== 'birth'),
    reject: pick((_, r) => r.source !== 'referrals'),
    rest: calls.filter((c) => !used.has(c.id)),
  };
}

await serviceTest(
  'disputes: open, reject, accept each ground, re-score, audit, report',
  {},
  async (svc) => {
    const db = svc.db;
    const screener = await signIn(svc.app, 'screener', PASSWORD);
    const reviewer = await signIn(svc.app, 'reviewer', PASSWORD);
    const supervisor = await signIn(svc.app, 'supervisor', PASSWORD);
    const analyst = await signIn(svc.app, 'analyst', PASSWORD);
    const calls: Call[] = [];
    for (const from of householdsWith('none', 10)) calls.push(await newCall(screener, from));
    const c = choose(calls);
    // A second, later call naming the same people: a correction re-scores it too.
    const laterMs = Date.parse(receivedAtOf(c.wrong.call.from)) + 10 * MS_PER_DAY;
    assert.ok(laterMs < svc.now);
    const later = await newCall(screener, c.wrong.call.from, new Date(laterMs).toISOString());
    const raise = (call: Call, rec: Rec, grounds: string, extra: object = {}) =>
      screener.api('POST', '/api/disputes', {
        referralId: call.id,
        personId: rec.personId,
        recordId: rec.recordId,
        grounds,
        ...extra,
      });
    const decide = (id: number, body: object) =>
      reviewer.api('POST', `/api/disputes/${id}/decision`, body);
    const idOf = async (p: Promise<{ status: number; text: string; json: any }>) => {
      const r = await p;
      assert.equal(r.status, 201, r.text);
      return r.json.dispute.disputeId as number;
    };

    // Reject, with a reason; a reason is required, and only a reviewer decides.
    const rejected = await idOf(
      raise(c.reject.call, c.reject.rec, 'wrong', { note: 'Never happened' }),
    );
    assert.equal(
      (await raise(c.reject.call, c.reject.rec, 'wrong')).status,
      409,
      'one open dispute per record',
    );
    const noReason = await decide(rejected, { outcome: 'reject' });
    assert.equal(noReason.status, 400);
    assert.equal(noReason.json.error.issues[0].field, 'reason');
    assert.equal((await decide(rejected, { outcome: 'reject', reason: 'no' })).status, 400);
    const bySupervisor = await supervisor.api('POST', `/api/disputes/${rejected}/decision`, {
      outcome: 'reject',
      reason: REASON,
    });
    assert.equal(bySupervisor.status, 403);
    const scoresBefore = await db.all(
      'SELECT score_id, superseded_by FROM call_scores ORDER BY score_id',
    );
    const eventsBefore = await db.all<{ n: number }>('SELECT COUNT(*) AS n FROM events');
    const rej = await decide(rejected, { outcome: 'reject', reason: REASON });
    assert.equal(rej.status, 200, rej.text);
    assert.equal(rej.json.dispute.status, 'rejected');
    assert.equal((await decide(rejected, { outcome: 'accept', reason: REASON })).status, 409);
    assert.deepEqual(
      await db.all('SELECT score_id, superseded_by FROM call_scores ORDER BY score_id'),
      scoresBefore,
    );
    assert.deepEqual(await db.all('SELECT COUNT(*) AS n FROM events'), eventsBefore);

    // A family member disputes their own household's record, never another's.
    const member = peopleOf(c.outOfDate.call.from).find((p) => !CHILD.has(p.role))!;
    const family = {
      kind: 'family' as const,
      personId: member.personId,
      referralId: c.outOfDate.call.id,
    };
    const other = c.notTheirs.rec;
    await assert.rejects(
      openDispute(svc.deps, family, {
        personId: other.personId,
        recordId: other.recordId,
        grounds: 'wrong',
      }),
      (e) => isSightlineError(e, 'E_AUTH_FORBIDDEN'),
    );
    await assert.rejects(
      openDispute(svc.deps, family, {
        personId: c.outOfDate.rec.personId,
        recordId: other.recordId,
        grounds: 'wrong',
      }),
      (e) => isSightlineError(e, 'E_NOT_FOUND'),
    );
    await assert.rejects(
      openDispute(svc.deps, family, {
        referralId: c.notTheirs.call.id,
        personId: other.personId,
        recordId: other.recordId,
        grounds: 'wrong',
      }),
      (e) => isSightlineError(e, 'E_AUTH_FORBIDDEN'),
    );
    const ood = c.outOfDate.rec;
    const oodEnd = formatDate(
      parseDate(ood.date) + (ood.endDate === formatDate(parseDate(ood.date) + 1) ? 2 : 1),
    );
    const outOfDate = (
      await openDispute(svc.deps, family, {
        personId: ood.personId,
        recordId: ood.recordId,
        grounds: 'out_of_date',
        note: 'It ended the next day.',
        proposed: { endDate: oodEnd },
      })
    ).disputeId;

    // Accept each ground.
    const wrong = await idOf(
      raise(c.wrong.call, c.wrong.rec, 'wrong', { proposed: { kind: 'service' } }),
    );
    const notTheirs = await idOf(raise(c.notTheirs.call, c.notTheirs.rec, 'not_theirs'));
    assert.equal(
      (await raise(c.link.call, c.link.rec, 'wrong')).status,
      400,
      'a link is not theirs or right',
    );
    const link = await idOf(raise(c.link.call, c.link.rec, 'not_theirs'));
    const badKind = await decide(wrong, {
      outcome: 'accept',
      reason: REASON,
      correction: { kind: 'booking' },
    });
    assert.equal(badKind.status, 400);
    assert.match(
      badKind.json.error.message,
      /correction.kind: must be one of placement, investigation, service, other/,
    );
    const nothing = await decide(wrong, { outcome: 'accept', reason: REASON, correction: {} });
    assert.equal(nothing.status, 400, 'changes nothing');
    assert.equal(
      nothing.json.error.message,
      'invalid correction: changes nothing in the record; reject the dispute if the record is right',
    );
    assert.equal(
      (await decide(outOfDate, { outcome: 'accept', reason: REASON })).status,
      400,
      'end date required',
    );
    const accepted = new Map<number, any>();
    for (const [id, correction] of [
      [wrong, { kind: 'service' }],
      [outOfDate, { endDate: oodEnd }],
      [notTheirs, undefined],
      [link, undefined],
    ] as const) {
      const r = await decide(id, {
        outcome: 'accept',
        reason: REASON,
        ...(correction ? { correction } : {}),
      });
      assert.equal(r.status, 200, r.text);
      accepted.set(id, r.json.dispute);
    }

    // The records: old ones kept and superseded, corrections added, nothing overwritten.
    const ev = (id: string) =>
      db.get<any>('SELECT * FROM events WHERE event_id = ?', [Number(id.slice(6))]);
    for (const [id, rec, kind, end] of [
      [wrong, c.wrong.rec, 'service', c.wrong.rec.endDate],
      [outOfDate, ood, ood.kind, oodEnd],
    ] as const) {
      const old = await ev(rec.recordId);
      assert.equal(old.kind, rec.kind, 'the old record is unchanged');
      assert.notEqual(old.superseded_at, null);
      assert.equal(old.superseded_by_dispute, id);
      const fresh = await db.get<any>('SELECT * FROM events WHERE event_id = ?', [
        old.superseded_by,
      ]);
      assert.deepEqual(
        [
          fresh.person_id,
          fresh.source,
          fresh.kind,
          formatDate(fresh.start_day),
          fresh.end_day === null ? null : formatDate(fresh.end_day),
          fresh.origin,
          fresh.superseded_at,
        ],
        [rec.personId, rec.source, kind, rec.date, end, `dispute:${id}`, null],
      );
      assert.equal(accepted.get(id).newEventId, fresh.event_id);
    }
    const removed = await ev(c.notTheirs.rec.recordId);
    assert.deepEqual([removed.superseded_by, removed.superseded_by_dispute], [null, notTheirs]);
    assert.notEqual(removed.superseded_at, null);
    await assert.rejects(
      db.run('UPDATE events SET kind = ? WHERE event_id = ?', ['x', removed.event_id]),
    );
    await assert.rejects(db.run('DELETE FROM events WHERE event_id = ?', [removed.event_id]));
    await assert.rejects(
      db.run('DELETE FROM referral_persons WHERE referral_id = ?', [c.link.rec.recordId.slice(9)]),
    );

    // The link: gone from this person's history only; the referral stays for its other people.
    const linkRef = c.link.rec.recordId.slice('referral:'.length);
    const rows = await db.all<any>(
      'SELECT person_id, superseded_at, superseded_by_dispute FROM referral_persons WHERE referral_id = ?',
      [linkRef],
    );
    for (const r of rows) {
      assert.equal(r.superseded_at !== null, r.person_id === c.link.rec.personId, r.person_id);
      if (r.superseded_at !== null) assert.equal(r.superseded_by_dispute, link);
    }
    const h = (await referralHistory(db, c.link.call.id)).extract.referral_persons;
    const linked = (p: string) =>
      h.referral_id.some((x, i) => x === linkRef && h.person_id[i] === p);
    assert.equal(linked(c.link.rec.personId), false);
    for (const r of rows.filter((x) => x.person_id !== c.link.rec.personId)) {
      if (peopleOf(c.link.call.from).some((p) => p.personId === r.person_id))
        assert.equal(linked(r.person_id), true, `${r.person_id} keeps the referral`);
    }

    // Re-scoring: the calls that could read each record, and only those, from the corrected
    // records; the same numbers as batch scoring of the county with the correction made by hand.
    const x = county.extract;
    const wrongRow = eventRow(x, c.wrong.rec);
    const oodRow = eventRow(x, ood);
    const goneRow = eventRow(x, c.notTheirs.rec);
    const kinds = [...x.events.kind];
    kinds[wrongRow] = 'service';
    const ends = Float64Array.from(x.events.end_date);
    ends[oodRow] = parseDate(oodEnd);
    const corrected: Extract = {
      ...x,
      events: filterRows({ ...x.events, kind: kinds, end_date: ends }, (i) => i !== goneRow),
      referral_persons: filterRows(
        x.referral_persons,
        (i) =>
          !(
            x.referral_persons.referral_id[i] === linkRef &&
            x.referral_persons.person_id[i] === c.link.rec.personId
          ),
      ),
    };
    for (const [id, call, also] of [
      [wrong, c.wrong.call, [later.id]],
      [outOfDate, c.outOfDate.call, []],
      [notTheirs, c.notTheirs.call, []],
      [link, c.link.call, []],
    ] as const) {
      const got = accepted.get(id).rescored as any[];
      assert.deepEqual(
        got.map((r) => r.referralId),
        [call.id, ...also],
        `calls re-scored by ${id}`,
      );
      const first = got[0];
      assert.deepEqual(first.before, {
        householdScore: call.score.householdScore,
        protocol: call.score.protocol,
        children: call.score.children.map((k: any) => ({
          personId: k.personId,
          probability: k.probability,
          score: k.score,
          shownScore: k.shownScore,
        })),
      });
      assertMatches(first.after, batchChildren(corrected, call.from), `dispute ${id}`);
      if (id !== outOfDate) {
        assert.notDeepEqual(first.after, first.before, `dispute ${id} moved the score`);
      }
      for (const r of got) {
        const rows = await db.all<any>(
          'SELECT score_id, reason, superseded_by FROM call_scores WHERE referral_id = ? ORDER BY score_id',
          [r.referralId],
        );
        assert.deepEqual(rows.at(-2), {
          score_id: r.beforeScoreId,
          reason: 'call',
          superseded_by: r.afterScoreId,
        });
        assert.deepEqual(rows.at(-1), {
          score_id: r.afterScoreId,
          reason: `correction:dispute:${id}`,
          superseded_by: null,
        });
        const kept = await db.get<any>('SELECT score_id, status FROM calls WHERE referral_id = ?', [
          r.referralId,
        ]);
        assert.equal(kept.score_id, r.beforeScoreId, 'the call keeps the score that was shown');
      }
    }
    // The later call, checked by scoring its own history extract directly.
    const lh = await referralHistory(db, later.id);
    const laterAfter = accepted.get(wrong).rescored[1].after;
    assertMatches(laterAfter, batchChildren(lh.extract, later.id), 'later call');
    for (const call of c.rest) {
      const n = await db.get<{ n: number }>(
        'SELECT COUNT(*) AS n FROM call_scores WHERE referral_id = ?',
        [call.id],
      );
      assert.equal(n!.n, 1, `${call.id} was not re-scored`);
    }

    // Only calls received after a record began are re-scored: a record that began after a
    // call, disputed (from the call the day after it began, whose score read it) and removed,
    // re-scores that call, not one that day nor the call before it.
    const after = await (async () => {
      for (const call of c.rest) {
        const ids = peopleOf(call.from).map((p) => p.personId);
        const callDay = Math.floor(Date.parse(receivedAtOf(call.from)) / MS_PER_DAY);
        const e = await db.get<any>(
          `SELECT event_id, person_id, start_day FROM events WHERE person_id IN (${ids.map(() => '?').join(', ')})
             AND start_day > ? AND start_day + 1 < ? ORDER BY start_day, event_id LIMIT 1`,
          [...ids, callDay, Math.floor(svc!.now / MS_PER_DAY)],
        );
        if (e !== undefined) return { call, e };
      }
      throw new Error('no household has a record after its call');
    })();
    const at = (day: number) => `${formatDate(day)}T09:00:00Z`;
    const sameDay = await newCall(screener, after.call.from, at(after.e.start_day));
    const nextDay = await newCall(screener, after.call.from, at(after.e.start_day + 1));
    const lateId = await idOf(
      screener.api('POST', '/api/disputes', {
        referralId: nextDay.id,
        personId: after.e.person_id,
        recordId: `event:${after.e.event_id}`,
        grounds: 'not_theirs',
      }),
    );
    const late = await decide(lateId, { outcome: 'accept', reason: REASON });
    assert.deepEqual(
      late.json.dispute.rescored.map((r: any) => r.referralId),
      [nextDay.id],
      `not ${after.call.id} (before) nor ${sameDay.id} (the day it began)`,
    );

    // The reviewer's views.
    const q = (await reviewer.api('GET', '/api/disputes')).json;
    assert.deepEqual(q.open, []);
    assert.equal(q.decided.length, 6);
    const view = (await reviewer.api('GET', `/api/disputes/${wrong}`)).json.dispute;
    assert.equal(view.status, 'accepted');
    assert.equal(view.replacement.kind, 'service');
    assert.equal(view.rescored.length, 2);
    assert.ok(
      view.personRecords.some((r: any) => r.recordId === c.wrong.rec.recordId && !r.current),
    );

    // More disputes, so that the report has a cell of five or more.
    const extra = c.rest.flatMap((call) =>
      call.records
        .filter((r) => r.source !== 'referrals')
        .slice(0, 2)
        .map((rec) => ({ call, rec })),
    );
    assert.ok(extra.length >= 6);
    for (const [i, { call, rec }] of extra.slice(0, 6).entries()) {
      const id = await idOf(raise(call, rec, 'wrong'));
      if (i < 5)
        assert.equal((await decide(id, { outcome: 'reject', reason: REASON })).status, 200);
    }

    // The audit trail: it verifies, holds every step, and no free text.
    const v = await verifyAuditLog(db);
    assert.equal(v.ok, true, JSON.stringify(v.problems));
    const log = await db.all<any>(
      'SELECT actor, action, subject, details FROM audit_log ORDER BY seq',
    );
    const count = (a: string) => log.filter((e) => e.action === a).length;
    assert.equal(count('dispute_opened'), 12);
    assert.equal(count('dispute_accepted'), 5);
    assert.equal(count('dispute_rejected'), 6);
    assert.equal(count('score_recomputed'), 6);
    assert.ok(
      log.some((e) => e.action === 'dispute_opened' && e.actor === `family:${member.personId}`),
    );
    const change = log.filter(
      (e) => e.action === 'data_change' && e.subject === `person:${c.wrong.rec.personId}`,
    );
    assert.equal(
      JSON.parse(change.at(-1).details).supersededEventId,
      Number(c.wrong.rec.recordId.slice(6)),
    );
    const recomputed = log.find(
      (e) => e.action === 'score_recomputed' && e.subject === `referral:${c.wrong.call.id}`,
    );
    assert.deepEqual(JSON.parse(recomputed.details).after, accepted.get(wrong).rescored[0].after);
    for (const text of [REASON, 'Never happened', 'It ended the next day.'])
      assert.ok(!log.some((e) => e.details.includes(text)), `${text} is not in the audit log`);

    // The analyst's report: outcomes by group, small cells suppressed, no ids.
    const report = (await analyst.api('GET', '/api/reports/service')).json.report;
    const table = (id: string) => report.tables.find((x: any) => x.id === id).rows;
    const row = (open: number, acc: number, rej: number) => [
      shownCount(open + acc + rej),
      shownCount(open),
      shownCount(acc),
      shownCount(rej),
      shownRate(acc, acc + rej),
    ];
    assert.deepEqual(table('disputes-raised-by'), [
      ['family', ...row(0, 1, 0)],
      ['staff', ...row(1, 4, 6)],
    ]);
    // By hand: staff raised 11 (1 open, 4 accepted, 6 rejected): 4 of 10 decided accepted.
    assert.deepEqual(table('disputes-raised-by')[1], ['staff', '11', '<5', '<5', '6', '40.0%']);
    assert.deepEqual(table('disputes-grounds'), [
      ['wrong', ...row(1, 1, 6)],
      ['not theirs', ...row(0, 3, 0)],
      ['out of date', ...row(0, 1, 0)],
    ]);
    const black = (call: Call) =>
      peopleOf(call.from).some(
        (p) => x.persons.race[x.persons.person_id.indexOf(p.personId)] === 0,
      );
    const tally = { black: [0, 0, 0], other: [0, 0, 0] };
    const all = [
      [c.reject.call, 2],
      [c.outOfDate.call, 1],
      [c.wrong.call, 1],
      [c.notTheirs.call, 1],
      [c.link.call, 1],
      [after.call, 1],
      ...extra.slice(0, 6).map((e, i) => [e.call, i < 5 ? 2 : 0] as const),
    ] as const;
    for (const [call, status] of all) tally[black(call) ? 'black' : 'other'][status]! += 1;
    const expected = [
      ['Black household', ...row(...(tally.black as [number, number, number]))],
      ['non-Black household', ...row(...(tally.other as [number, number, number]))],
    ].filter((r) => r[1] !== '0');
    assert.deepEqual(table('disputes-race'), expected);
    const text = JSON.stringify(report);
    for (const call of calls) assert.ok(!text.includes(call.id));
  },
);

await serviceTest(
  'a screener disputes only a record of the score shown to them, by the API and the form',
  {},
  async (svc) => {
    const screener = await signIn(svc.app, 'screener', PASSWORD);
    const [from] = householdsWith('none', 1);
    const people = peopleOf(from!);
    const created = await screener.api('POST', '/api/calls', {
      allegation: 'neglect',
      receivedAt: receivedAtOf(from!),
      people,
    });
    assert.equal(created.status, 201, created.text);
    const id = created.json.call.referralId as string;
    const ids = people.map((p) => p.personId);
    const own = (await svc.db.get<any>(
      `SELECT event_id, person_id FROM events WHERE person_id IN (${ids.map(() => '?').join(', ')})
         ORDER BY start_day, event_id LIMIT 1`,
      ids,
    ))!;
    const raise = (personId: string, recordId: string) =>
      screener.api('POST', '/api/disputes', {
        referralId: id,
        personId,
        recordId,
        grounds: 'wrong',
      });
    const count = async () =>
      (await svc.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM disputes'))!.n;

    // Before the score is shown (awaiting ratings, then awaiting the reveal): the workflow's order.
    for (const step of ['ratings', 'reveal']) {
      const r = await raise(own.person_id, `event:${own.event_id}`);
      assert.equal(r.status, 409, `${step}: ${r.text}`);
      assert.equal(r.json.error.code, 'E_WORKFLOW_ORDER');
      assert.match(r.json.error.message, /see the score first/);
      const page = await screener.form(`/calls/${id}/disputes`, {
        personId: own.person_id,
        recordId: `event:${own.event_id}`,
        grounds: 'wrong',
      });
      assert.equal(page.status, 409, `the form, awaiting ${step}`);
      if (step === 'ratings') {
        const rated = await screener.api('POST', `/api/calls/${id}/ratings`, {
          risk: 2,
          safety: 1,
        });
        assert.equal(rated.status, 200);
      }
    }
    const records = (await screener.api('POST', `/api/calls/${id}/reveal`)).json.score
      .records as Rec[];
    const listed = new Set(records.map((r) => `${r.personId}|${r.recordId}`));
    assert.ok(records.some((r) => r.recordId.startsWith('event:')));

    // Records not among those read: one answer, whoever the event belongs to, if anyone.
    const others = (await svc.db.get<any>(
      `SELECT event_id, person_id FROM events WHERE person_id NOT IN (${ids.map(() => '?').join(', ')})
         ORDER BY event_id LIMIT 1`,
      ids,
    ))!;
    const unread = (
      await svc.db.all<any>(
        `SELECT event_id, person_id FROM events WHERE person_id IN (${ids.map(() => '?').join(', ')})`,
        ids,
      )
    ).find((e) => !listed.has(`${e.person_id}|event:${e.event_id}`));
    const ownRecord = records.find((r) => r.recordId.startsWith('event:'))!;
    const otherOnCall = ids.find((p) => p !== ownRecord.personId)!;
    const refused: [string, string][] = [
      [others.person_id, `event:${others.event_id}`], // another person's, off the call
      [ownRecord.personId, `event:${others.event_id}`], // another person's, claimed as theirs
      [otherOnCall, ownRecord.recordId], // someone on the call's, claimed as another's
      [ownRecord.personId, 'event:999999999'], // no such event
      ...(unread !== undefined
        ? [[unread.person_id, `event:${unread.event_id}`] as [string, string]] // after the call
        : []),
    ];
    for (const [personId, recordId] of refused) {
      const r = await raise(personId, recordId);
      assert.equal(r.status, 404, `${personId} ${recordId}: ${r.text}`);
      assert.deepEqual(r.json.error, {
        code: 'E_NOT_FOUND',
        message: `record ${recordId} of person ${personId} is not among the records call ${id}'s score read; dispute a record from that list`,
      });
    }
    assert.equal(await count(), 0, 'nothing opened');

    const ok = await raise(ownRecord.personId, ownRecord.recordId);
    assert.equal(ok.status, 201, ok.text);
    assert.equal(await count(), 1);
  },
);

/**
 * A call's first score, its move and the audit entry of its showing in one step, on both
 * databases. On PostgreSQL the entry's JSON text is built by the server around holes that the
 * database fills (the sequence number, the score's id, the previous hash): its hash must be
 * auditHash's for text JSON escapes, for many at once, and beside transactions appending too.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  appendAudit,
  auditEntriesOf,
  auditHash,
  auditHead,
  callById,
  callWithHistory,
  insertCall,
  insertUser,
  openStore,
  referralHistory,
  scoreById,
  storeFirstScoreAudited,
  verifyAuditLog,
  type Db,
} from '../../src/store/index.js';
import { entryTemplate } from '../../src/store/first-score-audited.js';
import { databases } from './databases.js';

const NOW = '2026-02-01T00:00:00Z';
const NOW_MS = Date.parse(NOW);
/** Every character JSON escapes, and some it does not. */
const AWKWARD = `q"b\\s/\b\f\n\r\t\u0001\u001f\u007f é ß 中 \u2028\u2029 😀 end`;

async function awaitingReveal(db: Db, referralId: string, screenerId: string): Promise<void> {
  await db.tx(async (sql) => {
    await insertCall(sql, {
      referralId,
      receivedMs: NOW_MS,
      allegation: 'neglect',
      channel: null,
      members: [],
      newPersons: [],
      screenerId,
      lawRequired: false,
      nowMs: NOW_MS,
      now: NOW,
    });
    await sql.run("UPDATE calls SET status = 'awaiting_reveal' WHERE referral_id = ?", [
      referralId,
    ]);
  });
}

const scoreRow = (text: string) => ({
  model_hash: 'sha256:m',
  computed_ms: NOW_MS,
  household_score: 17,
  protocol: 'high',
  result_json: text,
  reason: 'call',
});

const entry = (referralId: string, extra: Record<string, unknown> = {}) => ({
  at: `${NOW} ${AWKWARD}`,
  actor: 'u-s1',
  action: 'score_shown' as const,
  subject: `referral:${referralId}`,
  details: (scoreId: number) => ({ scoreId, note: AWKWARD, list: [AWKWARD, 1.5], ...extra }),
});

test('the entry template finds the score id once, or gives up', () => {
  const t = entryTemplate(entry('R1'))!;
  const text = `[7${t.hashed[0]}42${t.hashed[1]},"${'a'.repeat(64)}"]`;
  const e = entry('R1');
  const row = { ...e, seq: 7, details: t.details.join('42'), prev_hash: 'a'.repeat(64) };
  assert.equal(
    text,
    JSON.stringify([7, e.at, e.actor, e.action, e.subject, row.details, 'a'.repeat(64)]),
  );
  assert.equal(row.details, JSON.stringify({ list: [AWKWARD, 1.5], note: AWKWARD, scoreId: 42 }));
  // The stand-in id also elsewhere in the details or the subject: no template.
  assert.equal(entryTemplate(entry('R1', { other: 4_503_599_627_370_497 })), null);
  assert.equal(entryTemplate({ ...entry('R1'), subject: 'referral:4503599627370497' }), null);
  assert.ok(auditHash(row).length === 64);
});

for (const d of await databases()) {
  test(
    `[${d.kind}] a first score, the call's move and its audit entry in one step`,
    { skip: d.skip },
    async () => {
      const t = await d.make();
      const { db } = await openStore(t.url, NOW);
      try {
        for (const u of ['u-s1', 'u-s2']) {
          await insertUser(db, {
            user_id: u,
            username: u,
            display_name: u,
            role: 'screener',
            password_hash: 'x',
            created_ms: NOW_MS,
          });
        }
        const ids = Array.from({ length: 8 }, (_, k) => `RC${k}`);
        for (const id of ids) await awaitingReveal(db, id, 'u-s1');
        const start = await auditHead(db);
        const call = (id: string, screenerId: string | null = 'u-s1') => ({
          referralId: id,
          screenerId,
          revealedMs: NOW_MS + 5,
        });

        // Another screener's call: nothing written.
        assert.equal(
          await storeFirstScoreAudited(db, call(ids[0]!, 'u-s2'), scoreRow('{}'), entry(ids[0]!)),
          null,
        );
        assert.deepEqual(await auditHead(db), start);
        assert.equal((await callById(db, ids[0]!))!.status, 'awaiting_reveal');

        // Eight at once beside five transactions appending entries of their own: one chain.
        const got = await Promise.all([
          ...ids.map((id) =>
            storeFirstScoreAudited(db, call(id), scoreRow(`{"id":"${id}"}`), entry(id)),
          ),
          ...Array.from({ length: 5 }, (_, k) =>
            db.tx((sql) =>
              appendAudit(sql, NOW, [
                { actor: `t${k}`, action: 'login', subject: 'user:t', details: { k } },
              ]),
            ),
          ),
        ]);
        const scoreIds = got.slice(0, ids.length) as number[];
        assert.equal(new Set(scoreIds).size, ids.length);
        for (let k = 0; k < ids.length; k++) {
          const c = (await callById(db, ids[k]!))!;
          assert.equal(c.status, 'awaiting_recommendation');
          assert.equal(c.score_id, scoreIds[k]);
          assert.equal(c.revealed_ms, NOW_MS + 5);
          const s = (await scoreById(db, scoreIds[k]!))!;
          assert.equal(s.result_json, `{"id":"${ids[k]}"}`);
          const [a] = await auditEntriesOf(db, `referral:${ids[k]}`);
          assert.equal(a!.actor, 'u-s1');
          assert.equal(a!.at, `${NOW} ${AWKWARD}`);
          assert.deepEqual(JSON.parse(a!.details), {
            list: [AWKWARD, 1.5],
            note: AWKWARD,
            scoreId: scoreIds[k],
          });
          assert.equal(a!.hash, auditHash(a!));
        }
        // A call read with its history (one statement on PostgreSQL) is the call read alone.
        const both = await callWithHistory(db, ids[2]!);
        assert.deepEqual(both.call, await callById(db, ids[2]!));
        assert.deepEqual(await both.history(), await referralHistory(db, ids[2]!));
        assert.equal((await callWithHistory(db, 'nobody')).call, undefined);
        const v = await verifyAuditLog(db);
        assert.ok(v.ok, JSON.stringify(v.problems));
        assert.equal(v.head.seq, start.seq + ids.length + 5);

        // A second time: the call has moved, so nothing is written.
        const head = await auditHead(db);
        assert.equal(
          await storeFirstScoreAudited(db, call(ids[1]!), scoreRow('{}'), entry(ids[1]!)),
          null,
        );
        assert.deepEqual(await auditHead(db), head);
        // A template that cannot be made: nothing written, the caller's transaction path decides.
        await awaitingReveal(db, 'RX', 'u-s1');
        const odd = entry('RX', { other: 4_503_599_627_370_497 });
        const r = await storeFirstScoreAudited(db, call('RX'), scoreRow('{}'), odd);
        if (d.kind === 'postgres') {
          assert.equal(r, null);
          assert.equal((await callById(db, 'RX'))!.status, 'awaiting_reveal');
        } else {
          assert.equal(typeof r, 'number');
        }
        assert.ok((await verifyAuditLog(db)).ok);
        if (d.kind === 'postgres') {
          // A long score (as a call's is) is compressed with lz4 where the server has it.
          await awaitingReveal(db, 'RL', 'u-s1');
          const long = JSON.stringify({ records: Array.from({ length: 900 }, (_, k) => `e${k}`) });
          const id = await storeFirstScoreAudited(db, call('RL'), scoreRow(long), entry('RL'));
          const c = await db.get<{ lz4: boolean; how: string | null }>(
            `SELECT 'lz4' = ANY (enumvals) AS lz4,
               (SELECT pg_column_compression(result_json) FROM call_scores WHERE score_id = ?) AS how
             FROM pg_settings WHERE name = 'default_toast_compression'`,
            [id],
          );
          assert.equal(c!.how, c!.lz4 ? 'lz4' : 'pglz');
          assert.equal((await scoreById(db, id!))!.result_json, long);
        }
      } finally {
        await db.close();
        await t.cleanup();
      }
    },
  );
}

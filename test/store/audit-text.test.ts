/**
 * The audit chain's hash for any text, on both databases: on PostgreSQL the entry's hash is
 * computed by the database (one round trip per entry), and it must equal auditHash's for text that
 * JSON escapes (quotes, backslashes, control characters) and for text beyond ASCII.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  appendAudit,
  auditEntriesOf,
  auditHash,
  auditHead,
  openStore,
  verifyAuditLog,
} from '../../src/store/index.js';
import { databases } from './databases.js';

const NOW = '2026-02-01T00:00:00Z';
/** Every character JSON escapes, and some it does not. */
const AWKWARD = `q"b\\s/\b\f\n\r\t\u0000x\u0001\u001f\u007f é ß 中 \u2028\u2029 😀 end`.replace(
  '\u0000',
  '',
);

for (const d of await databases()) {
  test(
    `[${d.kind}] audit entries with text JSON escapes chain and verify; several at once`,
    { skip: d.skip },
    async () => {
      const t = await d.make();
      const { db } = await openStore(t.url, NOW);
      try {
        const start = await auditHead(db);
        const subject = `referral:${AWKWARD}`;
        const got = await db.tx((sql) =>
          appendAudit(sql, `${NOW} ${AWKWARD}`, [
            { actor: AWKWARD, action: 'data_change', subject, details: { [AWKWARD]: AWKWARD } },
            { actor: 'a', action: 'data_change', subject, details: { n: 1.5, list: [AWKWARD] } },
          ]),
        );
        // Concurrent transactions append one chain.
        await Promise.all(
          Array.from({ length: 5 }, (_, k) =>
            db.tx((sql) =>
              appendAudit(sql, NOW, [
                { actor: `${k}\t"`, action: 'login', subject, details: { k } },
              ]),
            ),
          ),
        );
        const rows = await auditEntriesOf(db, subject);
        assert.equal(rows.length, 7);
        assert.deepEqual(
          rows.map((r) => r.seq),
          Array.from({ length: 7 }, (_, k) => start.seq + 1 + k),
        );
        assert.equal(rows[0]!.actor, AWKWARD);
        assert.equal(rows[0]!.at, `${NOW} ${AWKWARD}`);
        for (const r of rows) assert.equal(r.hash, auditHash(r), `entry ${r.seq}`);
        assert.deepEqual(got, { seq: rows[1]!.seq, hash: rows[1]!.hash });
        assert.equal(rows[1]!.prev_hash, rows[0]!.hash);
        const v = await verifyAuditLog(db);
        assert.ok(v.ok, JSON.stringify(v.problems));
        assert.deepEqual(v.head, { seq: rows[6]!.seq, hash: rows[6]!.hash });
        // No entries: the head as it stands.
        assert.deepEqual(await db.tx((sql) => appendAudit(sql, NOW, [])), v.head);
      } finally {
        await db.close();
        await t.cleanup();
      }
    },
  );
}

/**
 * Scoring at call time is batch scoring: calls naming the people of county referrals, received
 * when those were, get exactly the numbers `sightline score` writes for them on the full extract
 * (on both databases); and the records a score says it read are the ones the feature builder
 * reads (removing one changes a model feature; removing any other changes none).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { matrixValue } from '../../src/core/index.js';
import { writeExtract, type Extract } from '../../src/contract/index.js';
import { buildFeatures } from '../../src/features/index.js';
import { referralHistory } from '../../src/store/index.js';
import { main } from '../../cli/main.js';
import { capture } from '../cli/capture.js';
import { recordsRead } from '../../server/score/records-read.js';
import { databases } from '../store/databases.js';
import {
  PASSWORD,
  householdsWith,
  peopleOf,
  receivedAtOf,
  serviceTest,
  testCounty,
  testService,
  type TestService,
} from './fixture.js';
import { signIn } from './client.js';

const county = testCounty();

/** `sightline score` on the whole extract, as rows keyed `referral|person`. */
async function cliScores(): Promise<Map<string, string[]>> {
  const tmp = await mkdtemp(join(tmpdir(), 'sl-score-'));
  try {
    await writeExtract(join(tmp, 'county'), county.extract);
    await writeFile(join(tmp, 'model.json'), county.modelText);
    const io = capture();
    const code = await main(
      [
        'score',
        join(tmp, 'county'),
        '--model',
        join(tmp, 'model.json'),
        '--out',
        join(tmp, 's.csv'),
      ],
      io,
    );
    assert.equal(code, 0, io.stderr);
    const lines = (await readFile(join(tmp, 's.csv'), 'utf8')).trim().split('\n').slice(1);
    return new Map(
      lines.map((l) => {
        const f = l.split(',');
        return [`${f[0]}|${f[1]}`, f];
      }),
    );
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

const batch = await cliScores();
const chosen = [
  ...householdsWith('high', 6),
  ...householdsWith('none', 8),
  ...householdsWith('low', 6),
];

await serviceTest(
  `a call is scored exactly as 'sightline score' scores the same referral`,
  {},
  async (svc) => {
    const screener = await signIn(svc.app, 'screener', PASSWORD);
    assert.ok(chosen.length >= 12, `only ${chosen.length} households found`);
    const protocols = new Set<string>();
    for (const from of chosen) {
      const r = await screener.api('POST', '/api/calls', {
        allegation: 'neglect',
        receivedAt: receivedAtOf(from),
        people: peopleOf(from),
      });
      const id = r.json.call.referralId;
      await screener.api('POST', `/api/calls/${id}/ratings`, { risk: 1, safety: 1 });
      const s = (await screener.api('POST', `/api/calls/${id}/reveal`)).json.score;
      assert.equal(s.scored, true);
      for (const c of s.children) {
        const row = batch.get(`${from}|${c.personId}`)!;
        assert.ok(row !== undefined, `${from} ${c.personId} is a batch record`);
        assert.deepEqual(
          [c.probability.toPrecision(10), String(c.score), String(c.shownScore), s.protocol],
          row.slice(2, 6),
          `${from} child ${c.personId}`,
        );
        const i = county.fs.records.referralId.findIndex(
          (x, k) => x === from && county.fs.records.personId[k] === c.personId,
        );
        assert.equal(c.probability, county.batch.probability[i], 'bit for bit');
      }
      assert.equal(
        s.children.length,
        [...batch.keys()].filter((k) => k.startsWith(`${from}|`)).length,
      );
      protocols.add(s.protocol);
    }
    assert.deepEqual([...protocols].sort(), ['high', 'low', 'none']);
  },
);

/** Values of the model's features for the referral's rows, as text. */
function modelFeatures(extract: Extract, referralId: string): string {
  const fs = buildFeatures(extract, county.scorer.catalog);
  const rows = fs.records.referralId.flatMap((r, i) => (r === referralId ? [i] : []));
  return JSON.stringify(
    fs.matrix.names.map((_, j) => rows.map((i) => matrixValue(fs.matrix, i, j))),
  );
}

/** The extract without one event (`e`), or without one person's link to an earlier referral. */
function without(extract: Extract, recordId: string, personId: string): Extract {
  const keep = (n: number, drop: (i: number) => boolean) =>
    Uint32Array.from({ length: n }, (_, i) => i).filter((i) => !drop(i));
  const sub = <T extends { n: number }>(table: T, rows: Uint32Array): T => {
    const out: Record<string, unknown> = { n: rows.length };
    for (const [k, v] of Object.entries(table)) {
      if (k === 'n') continue;
      const col = v as unknown as ArrayLike<unknown> & {
        constructor: { from(a: ArrayLike<unknown>): unknown };
      };
      out[k] = Array.isArray(v)
        ? Array.from(rows, (i) => v[i])
        : col.constructor.from(Array.from(rows, (i) => col[i]));
    }
    return out as T;
  };
  if (recordId.startsWith('event:')) {
    const e = Number(recordId.slice(6));
    return {
      ...extract,
      events: sub(
        extract.events,
        keep(extract.events.n, (i) => i === e),
      ),
    };
  }
  const q = recordId.slice('referral:'.length);
  const rp = extract.referral_persons;
  return {
    ...extract,
    referral_persons: sub(
      rp,
      keep(rp.n, (i) => rp.referral_id[i] === q && rp.person_id[i] === personId),
    ),
  };
}

test('the records a score lists as read are exactly those that move a model feature', async () => {
  const t = await (await databases())[0]!.make();
  let svc: TestService | undefined;
  try {
    svc = await testService(t.url);
    let checked = 0;
    let read = 0;
    let moved = 0;
    const lists = new Map<string, unknown>();
    const calls = [...householdsWith('high', 4), ...householdsWith('none', 4)];
    for (const from of calls) {
      const h = await referralHistory(svc.db, from);
      // Event ids in the list are the store's; index them by row for the removal.
      const byId = new Map(h.eventIds.map((id, row) => [`event:${id}`, `event:${row}`]));
      const base = modelFeatures(h.extract, from);
      const list = recordsRead(h.extract, h.eventIds, from, county.scorer.catalog);
      lists.set(from, list);
      for (const r of list) {
        const changed =
          modelFeatures(
            without(h.extract, byId.get(r.recordId) ?? r.recordId, r.personId),
            from,
          ) !== base;
        checked++;
        if (r.featuresReading === 0) {
          assert.equal(
            changed,
            false,
            `${from} ${r.recordId} (${r.source} ${r.kind} ${r.date}) is listed as not read`,
          );
          continue;
        }
        read++;
        // A record read only by an indicator can be masked by another of the same kind.
        if (changed) moved++;
      }
    }
    assert.ok(checked > 20 && read > 5, `checked ${checked}, read ${read}`);
    assert.ok(moved >= read / 2, `only ${moved} of ${read} records read moved a feature`);
    // What reads a record is remembered per catalog: asked in the other order, of a catalog seen
    // for the first time, every list is the same.
    const fresh = [...county.scorer.catalog];
    for (const from of calls.reverse()) {
      const h = await referralHistory(svc.db, from);
      assert.deepEqual(recordsRead(h.extract, h.eventIds, from, fresh), lists.get(from), from);
    }
  } finally {
    await svc?.db.close();
    await t.cleanup();
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readExtract, TABLE_SPECS, writeExtract } from '../../src/contract/index.js';
import {
  checkTargets,
  knobRows,
  knobTableMarkdown,
  parseSetArgs,
  summarizeCounty,
  synthesize,
  TRUTH_COLUMNS,
  truthCsv,
} from '../../src/synth/index.js';
import { main } from '../../cli/main.js';
import { capture } from '../cli/capture.js';

async function filesOf(dir: string): Promise<Record<string, Buffer>> {
  const out: Record<string, Buffer> = {};
  for (const f of (await readdir(dir)).sort()) out[f] = await readFile(join(dir, f));
  return out;
}

test('synth is byte-identical for a seed, differs for another, and writes a valid extract', async () => {
  const tmp = await mkdtemp(join(tmpdir(), 'synth-'));
  try {
    const args = (dir: string, seed: string) => [
      'synth',
      '--out',
      join(tmp, dir),
      '--scale',
      '0.03',
      '--seed',
      seed,
    ];
    assert.equal(await main(args('a', '5'), capture()), 0);
    assert.equal(await main(args('b', '5'), capture()), 0);
    assert.equal(await main(args('c', '6'), capture()), 0);
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((d) => filesOf(join(tmp, d))));
    assert.deepEqual(Object.keys(a!), [
      'events.csv',
      'manifest.json',
      'persons.csv',
      'referral_persons.csv',
      'referrals.csv',
    ]);
    for (const f of Object.keys(a!))
      assert.ok(a![f]!.equals(b![f]!), `${f} differs between equal seeds`);
    assert.ok(
      !a!['referrals.csv']!.equals(c!['referrals.csv']!),
      'another seed gives another county',
    );
    assert.ok(
      (await readFile(join(tmp, 'a.truth.csv'))).equals(await readFile(join(tmp, 'b.truth.csv'))),
    );
    const { extract, report } = await readExtract(join(tmp, 'a'));
    for (const t of report.tables) assert.equal(t.rowsRejected, 0, `${t.table} has rejects`);
    // Only the contract's columns reach the extract: nothing latent rides along.
    for (const [name, spec] of Object.entries(TABLE_SPECS)) {
      const header = a![`${name}.csv`]!.toString().split('\n', 1)[0];
      assert.equal(header, spec.columns.map((c) => c.name).join(','), name);
    }
    assert.ok(extract.referrals.n > 500);
    const manifest = JSON.parse(a!['manifest.json']!.toString());
    assert.equal(manifest.generator.seed, 5);
    assert.equal(manifest.contract, 'sightline/1');
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
});

test('the truth file has one row per child record with a true risk in (0, 1)', () => {
  const run = synthesize({ seed: 3, scale: 0.02 });
  const lines = truthCsv(run.state, run.layout).trimEnd().split('\n');
  assert.equal(lines[0], TRUTH_COLUMNS.join(','));
  const x = run.extract;
  let children = 0;
  for (let i = 0; i < x.referral_persons.n; i++) if (x.referral_persons.role[i]! <= 1) children++;
  assert.equal(lines.length - 1, children);
  for (const line of lines.slice(1, 200)) {
    const risk = Number(line.split(',')[2]);
    assert.ok(risk > 0 && risk < 1, line);
  }
});

test('knob overrides: unknown keys and out-of-range values are usage errors that name the fix', () => {
  assert.deepEqual(parseSetArgs(['tool.noise_sd=0.2', 'law.date=2016-01-01']), {
    'tool.noise_sd': 0.2,
    'law.date': '2016-01-01',
  });
  assert.throws(
    () => parseSetArgs(['tool.nosie_sd=1']),
    /unknown knob tool\.nosie_sd\. Fix: one of the paths/,
  );
  assert.throws(() => parseSetArgs(['tool.noise_sd']), /expected key=value/);
  assert.throws(() => parseSetArgs(['tool.noise_sd=abc']), /a number is needed/);
  assert.throws(
    () => synthesize({ scale: 0.01, set: { 'tool.noise_sd': 99 } }),
    /invalid knob tool\.noise_sd/,
  );
  const rows = knobRows();
  assert.ok(rows.length > 40);
  for (const r of rows) assert.ok(r.meaning.length > 5, r.path);
});

test('a small county lands near the published shares (counts scale with --scale)', () => {
  const run = synthesize({ seed: 1, scale: 0.25 });
  const checks = checkTargets(summarizeCounty(run.extract), 0.25);
  const byKey = Object.fromEntries(checks.map((c) => [c.key, c]));
  // Shares at a quarter scale carry more noise: allow twice the full-scale tolerance.
  for (const c of checks) {
    assert.ok(Math.abs(c.deviation) <= 2 * c.tolerance, `${c.key}: ${c.achieved} vs ${c.expected}`);
  }
  assert.ok(byKey.jpo_black!.achieved > 2 * byKey.jpo_non_black!.achieved);
});

test('docs/synthetic-county.md holds the knob table generated from the schema', async () => {
  const doc = await readFile(new URL('../../docs/synthetic-county.md', import.meta.url), 'utf8');
  const table = doc.split('<!-- knobs:start -->\n')[1]?.split('<!-- knobs:end -->')[0];
  assert.equal(table, knobTableMarkdown());
});

test('no one is named on a referral before being born (seed 6 once named an adult born later)', async () => {
  const { extract } = synthesize({ seed: 6, scale: 0.05 });
  const dir = await mkdtemp(join(tmpdir(), 'synth6-'));
  try {
    await writeExtract(dir, extract);
    const { report } = await readExtract(dir);
    assert.equal(report.rejects.length, 0, JSON.stringify(report.rejects.slice(0, 2)));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

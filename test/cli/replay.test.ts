/**
 * `sightline replay` and `sightline register` on a small synthetic county and a model trained on
 * it: byte-identical report folders, the eight policies, a register drafted then updated with the
 * evidence, and clear errors.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../cli/main.js';
import { writeExtract } from '../../src/contract/index.js';
import { synthesize } from '../../src/synth/index.js';
import { capture } from './capture.js';

interface Setup {
  readonly tmp: string;
  readonly county: string;
  readonly model: string;
}

let memo: Promise<Setup> | null = null;

/** One county (scale 0.05) and one model per file, trained by the CLI. */
function setup(): Promise<Setup> {
  memo ??= (async () => {
    const tmp = await mkdtemp(join(tmpdir(), 'replay-'));
    const county = join(tmp, 'county');
    await writeExtract(county, synthesize({ seed: 5, scale: 0.05 }).extract);
    const model = join(tmp, 'model.json');
    const io = capture();
    assert.equal(await main(['train', county, '--out', model], io), 0, io.stderr);
    return { tmp, county, model };
  })();
  return memo;
}

test.after(async () => {
  if (memo !== null) await rm((await memo).tmp, { recursive: true, force: true });
});

test('replay writes byte-identical reports with eight policies and drafts, then updates, a register', async () => {
  const s = await setup();
  const register = join(s.tmp, 'register.json');
  const outs: string[] = [];
  for (const d of ['a', 'b']) {
    const io = capture();
    const args = [
      'replay',
      s.county,
      '--model',
      s.model,
      '--replicates',
      '40',
      '--out',
      join(s.tmp, d),
      '--register',
      register,
    ];
    assert.equal(await main(args, io), 0, io.stderr);
    assert.match(io.stdout, /replay written to .*: 8 policies on \d+ records/);
    assert.match(io.stdout, d === 'a' ? /register .* drafted/ : /register .* updated/);
    outs.push(await readFile(join(s.tmp, d, 'report.json'), 'utf8'));
    outs.push(await readFile(join(s.tmp, d, 'report.html'), 'utf8'));
  }
  assert.equal(outs[0], outs[2]);
  assert.equal(outs[1], outs[3]);
  const report = JSON.parse(outs[0]!);
  assert.equal(report.report, 'sightline-replay/1');
  assert.equal(report.policies.length, 8);
  assert.equal(report.threshold, 18);
  assert.match(report.falsePositive, /household is assigned the high-risk protocol/);
  assert.equal(
    report.counterfactual[0].feature,
    'behavioral_health.any.alleged_perpetrators.ever.indicator',
  );
  for (const id of [
    'ranges',
    'widening',
    'policies',
    'distribution',
    'household-size',
    'counterfactual',
  ]) {
    assert.match(outs[1]!, new RegExp(`<section id="${id}">`));
  }
  const reg = JSON.parse(await readFile(register, 'utf8'));
  const agg = reg.decisions.find((d: { id: string }) => d.id === 'aggregation');
  assert.equal(agg.evidence.length, 1);
  assert.equal(agg.decidedBy, 'unsigned');
  const io = capture();
  assert.equal(
    await main(
      [
        'replay',
        s.county,
        '--model',
        s.model,
        '--replicates',
        '0',
        '--counterfactual',
        'none',
        '--json',
        '--out',
        join(s.tmp, 'c'),
      ],
      io,
    ),
    0,
    io.stderr,
  );
  const summary = JSON.parse(io.stdout);
  assert.equal(summary.policies, 8);
  assert.equal(
    JSON.parse(await readFile(join(s.tmp, 'c', 'report.json'), 'utf8')).counterfactual.length,
    0,
  );
});

test('register drafts from a model without overwriting, checks a register and renders it', async () => {
  const s = await setup();
  const out = join(s.tmp, 'draft.json');
  let io = capture();
  assert.equal(
    await main(['register', s.model, '--out', out, '--html', join(s.tmp, 'draft.html')], io),
    0,
    io.stderr,
  );
  assert.match(io.stdout, /draft register written to .*: 8 decisions, all unsigned/);
  assert.match(await readFile(join(s.tmp, 'draft.html'), 'utf8'), /<section id="register">/);
  io = capture();
  assert.equal(await main(['register', s.model, '--out', out], io), 2);
  assert.match(io.stderr, /--out .*draft\.json exists and may hold signatures/);
  io = capture();
  assert.equal(await main(['register', out], io), 0, io.stderr);
  assert.match(io.stdout, /8 decisions, 8 unsigned \(population, label, split/);
  await writeFile(join(s.tmp, 'bad.json'), '{"format":"sightline-register","schemaVersion":1}');
  io = capture();
  assert.equal(await main(['register', join(s.tmp, 'bad.json')], io), 1);
  assert.match(io.stderr, /is not a valid sightline-register v1 file: model: .*\[E_REGISTER\]/);
});

test('replay errors: a missing model, a bad threshold, an unknown feature', async () => {
  const s = await setup();
  let io = capture();
  assert.equal(await main(['replay', s.county, '--out', join(s.tmp, 'x')], io), 2);
  assert.match(io.stderr, /sightline replay needs --model/);
  io = capture();
  assert.equal(
    await main(
      ['replay', s.county, '--model', s.model, '--threshold', 'high', '--out', join(s.tmp, 'x')],
      io,
    ),
    2,
  );
  assert.match(io.stderr, /invalid --threshold: high/);
  io = capture();
  const args = [
    'replay',
    s.county,
    '--model',
    s.model,
    '--counterfactual',
    'no.such.feature',
    '--replicates',
    '0',
    '--out',
    join(s.tmp, 'x'),
  ];
  assert.equal(await main(args, io), 1);
  assert.match(
    io.stderr,
    /the model has no feature "no\.such\.feature"\. Fix: .*\[E_POLICY_FEATURE\]/,
  );
});

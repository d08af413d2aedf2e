/**
 * `sightline card` on a small synthetic county: a model trained by the CLI, its audit, replay,
 * monitoring report and register; byte-identical card folders, the model file's own numbers in
 * the card, input hashes, signatures with the given date, and clear errors.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../cli/main.js';
import { capture } from './capture.js';

interface Setup {
  readonly tmp: string;
  readonly model: string;
  readonly audit: string;
  readonly replay: string;
  readonly monitor: string;
  readonly register: string;
}

let memo: Promise<Setup> | null = null;

async function run(args: string[]): Promise<ReturnType<typeof capture>> {
  const io = capture();
  assert.equal(await main(args, io), 0, `${args[0]}: ${io.stderr}`);
  return io;
}

function setup(): Promise<Setup> {
  memo ??= (async () => {
    const tmp = await mkdtemp(join(tmpdir(), 'card-'));
    const county = join(tmp, 'county');
    const p = (x: string) => join(tmp, x);
    await run(['synth', '--out', county, '--scale', '0.04', '--seed', '4']);
    await run(['train', county, '--out', p('model.json'), '--lambda-min-ratio', '0.05']);
    await run([
      'audit',
      county,
      '--model',
      p('model.json'),
      '--out',
      p('audit'),
      '--replicates',
      '50',
    ]);
    await run([
      'replay',
      county,
      '--model',
      p('model.json'),
      '--out',
      p('replay'),
      '--replicates',
      '20',
      '--register',
      p('register.json'),
    ]);
    await run([
      'monitor',
      county,
      '--model',
      p('model.json'),
      '--out',
      p('monitor'),
      '--by',
      'quarter',
    ]);
    return {
      tmp,
      model: p('model.json'),
      audit: p('audit'),
      replay: p('replay'),
      monitor: p('monitor'),
      register: p('register.json'),
    };
  })();
  return memo;
}

test.after(async () => {
  if (memo !== null) await rm((await memo).tmp, { recursive: true, force: true });
});

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

test('card writes a byte-identical card and datasheet with the model file’s numbers and input hashes', async () => {
  const s = await setup();
  const all = [
    '--audit',
    s.audit,
    '--replay',
    s.replay,
    '--monitor',
    s.monitor,
    '--register',
    s.register,
  ];
  const a = join(s.tmp, 'card-a');
  const b = join(s.tmp, 'card-b');
  const io = await run(['card', s.model, '--out', a, ...all]);
  assert.match(io.stdout, /validation: unsigned/);
  await run(['card', s.model, '--out', b, ...all]);
  for (const f of ['card.json', 'card.html', 'datasheet.json', 'datasheet.html']) {
    assert.ok((await readFile(join(a, f))).equals(await readFile(join(b, f))), f);
  }
  const card = JSON.parse(await readFile(join(a, 'card.json'), 'utf8'));
  const model = JSON.parse(await readFile(s.model, 'utf8'));
  const t = model.training;
  const split = card.population.find((f: { label: string }) => f.label === 'Split').value as string;
  assert.ok(
    split.includes(
      `${t.rowsTrain.toLocaleString('en-US')} training records (${t.positivesTrain} positive`,
    ),
    split,
  );
  assert.ok(split.includes(`${t.rowsTest} test records (${t.positivesTest} positive`), split);
  const inputs = Object.fromEntries(
    card.inputs.map((i: { role: string; sha256: string }) => [i.role, i.sha256]),
  );
  assert.equal(inputs.model, sha(await readFile(s.model)));
  assert.equal(inputs.audit, sha(await readFile(join(s.audit, 'report.json'))));
  assert.equal(inputs.register, sha(await readFile(s.register)));
  const audit = JSON.parse(await readFile(join(s.audit, 'report.json'), 'utf8'));
  const g0 = audit.groupings[0];
  assert.equal(card.metrics.groupings[0].groups[0].rows, g0.groups[0].rows);
  const base = audit.metrics.find(
    (m: Record<string, unknown>) =>
      m.metric === 'base_rate' &&
      m.grouping === g0.name &&
      m.group === g0.groups[0].label &&
      m.contrast === undefined,
  );
  assert.equal(card.metrics.groupings[0].groups[0].metrics.base_rate.value, base.value);
  assert.ok(
    card.consistency.every((c: { status: string }) => c.status === 'consistent'),
    JSON.stringify(card.consistency),
  );
  const html = await readFile(join(a, 'card.html'), 'utf8');
  assert.match(html, /Oracle test/);
  assert.match(html, /not for investigators|Not for investigators/);
});

test('card --sign records the signature with the given date and keeps it on the next run', async () => {
  const s = await setup();
  const out = join(s.tmp, 'card-signed');
  await run([
    'card',
    s.model,
    '--out',
    out,
    '--audit',
    s.audit,
    '--sign',
    'validation=B. Analyst',
    '--date',
    '2026-11-30',
  ]);
  await run(['card', s.model, '--out', out, '--audit', s.audit]);
  const card = JSON.parse(await readFile(join(out, 'card.json'), 'utf8'));
  const v = card.lifecycle.find((x: { stage: string }) => x.stage === 'validation');
  assert.deepEqual([v.status, v.signedBy, v.signedOn], ['signed', 'B. Analyst', '2026-11-30']);
  // Another audit file (a different report) voids it.
  const other = join(s.tmp, 'audit-2');
  await run([
    'audit',
    join(s.tmp, 'county'),
    '--model',
    s.model,
    '--out',
    other,
    '--replicates',
    '20',
  ]);
  await run(['card', s.model, '--out', out, '--audit', other]);
  const again = JSON.parse(await readFile(join(out, 'card.json'), 'utf8'));
  assert.equal(
    again.lifecycle.find((x: { stage: string }) => x.stage === 'validation').status,
    'unsigned',
  );
});

test('card errors say what, where and the fix', async () => {
  const s = await setup();
  const cases: [string[], RegExp][] = [
    [['--sign', 'validation=X'], /--sign needs --date YYYY-MM-DD/],
    [['--sign', 'vetting=X', '--date', '2026-11-30'], /unknown lifecycle stage "vetting"/],
    [['--audit', s.replay], /is a sightline-replay\/1, not sightline-audit\/1/],
    [
      ['--sign', 'retirement=X', '--date', '2026-11-30'],
      /no evidence file.*--evidence retirement=FILE/,
    ],
  ];
  for (const [extra, re] of cases) {
    const io = capture();
    assert.notEqual(await main(['card', s.model, '--out', join(s.tmp, 'bad'), ...extra], io), 0);
    assert.match(io.stderr, re);
  }
  const full = join(s.tmp, 'full');
  await run(['card', s.model, '--out', full]);
  await writeFile(join(full, 'notes.txt'), 'x');
  const io = capture();
  assert.notEqual(await main(['card', s.model, '--out', full], io), 0);
  assert.match(io.stderr, /holds other files \(notes\.txt\)/);
});

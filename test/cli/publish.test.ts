/**
 * `sightline publish` on real audit and process reports of a small synthetic county: no count
 * below the threshold survives, no record or staff identifier survives, the provenance hashes are
 * the input's, and the output is byte-identical.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../cli/main.js';
import { capture } from './capture.js';

interface Setup {
  readonly tmp: string;
  readonly audit: string;
  readonly process: string;
}

let memo: Promise<Setup> | null = null;

async function run(args: string[]): Promise<ReturnType<typeof capture>> {
  const io = capture();
  assert.equal(await main(args, io), 0, `${args[0]}: ${io.stderr}`);
  return io;
}

function setup(): Promise<Setup> {
  memo ??= (async () => {
    const tmp = await mkdtemp(join(tmpdir(), 'publish-'));
    const county = join(tmp, 'county');
    const p = (x: string) => join(tmp, x);
    await run(['synth', '--out', county, '--scale', '0.03', '--seed', '6']);
    await run(['train', county, '--out', p('model.json'), '--lambda-min-ratio', '0.05']);
    await run([
      'audit',
      county,
      '--model',
      p('model.json'),
      '--out',
      p('audit'),
      '--replicates',
      '30',
    ]);
    await run(['process', county, '--out', p('process'), '--model', p('model.json')]);
    return { tmp, audit: p('audit'), process: p('process') };
  })();
  return memo;
}

test.after(async () => {
  if (memo !== null) await rm((await memo).tmp, { recursive: true, force: true });
});

/** Every integer count under a count-like key, with its path. */
function counts(value: unknown, path = ''): [string, number][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => counts(v, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) =>
    ['k', 'n', 'rows', 'positives', 'records', 'cases'].includes(k) && Number.isInteger(v)
      ? [[`${path}.${k}`, v as number] as [string, number]]
      : counts(v, `${path}.${k}`),
  );
}

test('publish hides every small count of an audit and records the hashes that reproduce it', async () => {
  const s = await setup();
  const a = join(s.tmp, 'pub-a');
  const b = join(s.tmp, 'pub-b');
  const io = await run(['publish', s.audit, '--out', a, '--min-cell', '20']);
  assert.match(io.stdout, /public sightline-audit\/1 written/);
  await run(['publish', join(s.audit, 'report.json'), '--out', b, '--min-cell', '20']);
  assert.ok(
    (await readFile(join(a, 'public.json'))).equals(await readFile(join(b, 'public.json'))),
  );
  const pub = JSON.parse(await readFile(join(a, 'public.json'), 'utf8'));
  const input = await readFile(join(s.audit, 'report.json'));
  assert.equal(pub.provenance.sha256, createHash('sha256').update(input).digest('hex'));
  const head = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
  assert.equal(pub.provenance.commit, head);
  assert.equal(pub.provenance.dataHash, JSON.parse(input.toString()).source.extract.dataHash);
  const small = counts(pub.content).filter(([p, v]) => v < 20 && !p.startsWith('.options'));
  assert.deepEqual(small, []);
  assert.ok(pub.suppression.primary > 0);
  // Rates of hidden groups are hidden: no base rate of a group whose counts are hidden.
  for (const g of pub.content.groupings) {
    for (const x of g.groups.filter((x: { positives: unknown }) => x.positives === null)) {
      const rate = pub.content.metrics.find(
        (m: Record<string, unknown>) =>
          m.metric === 'base_rate' && m.grouping === g.name && m.group === x.label && !m.contrast,
      );
      assert.equal(rate?.value ?? null, null, `${g.name} ${x.label}`);
    }
  }
});

test('publish drops record ids and pseudonymises supervisors in a process report', async () => {
  const s = await setup();
  const raw = await readFile(join(s.process, 'report.json'), 'utf8');
  const supervisors = JSON.parse(raw).overrides.bySupervisor.map(
    (x: { supervisor: string }) => x.supervisor,
  );
  assert.ok(supervisors.length > 0);
  const out = join(s.tmp, 'pub-p');
  await run(['publish', s.process, '--out', out]);
  const text = await readFile(join(out, 'public.json'), 'utf8');
  const pub = JSON.parse(text);
  assert.ok(pub.dropped.includes('glitch.referralIds'));
  for (const id of supervisors) assert.ok(!text.includes(`"${id}"`), id);
  assert.deepEqual(
    counts(pub.content).filter(([, v]) => v < 10),
    [],
  );
  const html = await readFile(join(out, 'public.html'), 'utf8');
  assert.match(html, /Counts below 10 are suppressed/);
});

test('publish refuses a report it does not know, and a bad --min-cell', async () => {
  const s = await setup();
  const io = capture();
  assert.notEqual(
    await main(['publish', join(s.tmp, 'model.json'), '--out', join(s.tmp, 'x')], io),
    0,
  );
  assert.match(io.stderr, /publish knows sightline-audit\/1/);
  const io2 = capture();
  assert.notEqual(
    await main(['publish', s.audit, '--out', join(s.tmp, 'y'), '--min-cell', '0'], io2),
    0,
  );
  assert.match(io2.stderr, /invalid --min-cell: 0/);
});

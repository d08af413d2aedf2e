/**
 * The deployment gate of `sightline serve` on a tiny county (scale 0.03): a complete, current,
 * signed governance folder passes; each artifact missing, stale (a tampered hash, another model
 * file) or unsigned gives its exact problem; `serve` refuses with exit 1 and the list; the
 * override needs a reason of 10 characters and is read back from the audit log.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isSightlineError, sha256 } from '../../src/core/index.js';
import { auditEntriesOf, openStore, verifyAuditLog } from '../../src/store/index.js';
import { main } from '../../cli/main.js';
import { capture } from '../cli/capture.js';
import { GATE_STAGES, checkGate, formatProblem, governancePaths } from '../../server/gate.js';
import { checkOverrideReason } from '../../server/gate-override.js';

const BIN = fileURLToPath(new URL('../../bin/sightline.js', import.meta.url));

interface Setup {
  readonly tmp: string;
  readonly model: string;
  readonly gov: string;
  readonly dataHash: string;
}

let memo: Promise<Setup> | null = null;

async function run(args: string[]): Promise<void> {
  const io = capture();
  assert.equal(await main(args, io), 0, `${args[0]}: ${io.stderr}`);
}

/** Card args signing `stages` with the demo-like names, over the folder's artifacts. */
function cardArgs(model: string, gov: string, out: string, stages: readonly string[]): string[] {
  const g = governancePaths(gov);
  return [
    ...['card', model, '--out', out, '--audit', g.audit, '--replay', g.replay],
    ...['--register', g.register, '--evidence', `user_training=${join(gov, 'training-plan.txt')}`],
    ...stages.flatMap((s) => ['--sign', `${s}=Test Board`]),
    ...['--date', '2015-01-02'],
  ];
}

function setup(): Promise<Setup> {
  memo ??= (async () => {
    const tmp = await mkdtemp(join(tmpdir(), 'gate-'));
    const p = (x: string) => join(tmp, x);
    const gov = p('gov');
    await run(['synth', '--out', p('county'), '--scale', '0.03', '--seed', '3']);
    await run(['train', p('county'), '--out', p('model.json'), '--register', p('draft.json')]);
    for (const c of ['audit', 'replay'])
      await run(
        [c, p('county'), '--model', p('model.json'), '--out', join(gov, c)].concat(
          c === 'audit' ? ['--replicates', '50'] : ['--replicates', '20'],
        ),
      );
    const reg = JSON.parse(await readFile(p('draft.json'), 'utf8')) as {
      model: { dataHash: string };
      decisions: { decidedBy: string; decidedOn: string }[];
    };
    for (const d of reg.decisions)
      Object.assign(d, { decidedBy: 'Test Board', decidedOn: '2015-01-01' });
    await writeFile(join(gov, 'register.json'), `${JSON.stringify(reg, null, 2)}\n`);
    await writeFile(join(gov, 'training-plan.txt'), 'screeners trained on 2015-01-02\n');
    await run(cardArgs(p('model.json'), gov, join(gov, 'card'), GATE_STAGES));
    return { tmp, model: p('model.json'), gov, dataHash: reg.model.dataHash };
  })();
  return memo;
}

/** A copy of the complete folder to break. */
async function copyGov(s: Setup, name: string): Promise<string> {
  const dir = join(s.tmp, name);
  await cp(s.gov, dir, { recursive: true });
  return dir;
}

async function problems(s: Setup, gov: string, model = s.model): Promise<string[]> {
  return (await checkGate(model, await readFile(model), governancePaths(gov))).map(formatProblem);
}

test('gate: complete, current and signed artifacts pass', async () => {
  const s = await setup();
  assert.deepEqual(await problems(s, s.gov), []);
});

test('gate: each artifact missing names the file and the command', async () => {
  const s = await setup();
  const gov = await copyGov(s, 'missing');
  const g = governancePaths(gov);
  await rm(g.audit);
  await rm(g.card);
  await rm(g.register);
  await rm(g.replay);
  const m = s.model;
  assert.deepEqual(await problems(s, gov), [
    `register (${g.register}): missing: ${g.register} not found. Fix: copy the register 'sightline train' wrote beside ${m} to ${g.register}, and fill decidedBy and decidedOn of every decision`,
    `audit (${g.audit}): missing: ${g.audit} not found. Fix: sightline audit DATA --model ${m} --out ${join(gov, 'audit')}`,
    `replay (${g.replay}): missing: ${g.replay} not found. Fix: sightline replay DATA --model ${m} --out ${join(gov, 'replay')}`,
    `card (${g.card}): missing: ${g.card} not found. Fix: sightline card ${m} --out ${join(gov, 'card')} --audit ${g.audit} --replay ${g.replay} --register ${g.register} --sign STAGE=NAME --date YYYY-MM-DD`,
  ]);
});

test('gate: a tampered data hash and another model file are stale, with both hashes', async () => {
  const s = await setup();
  const gov = await copyGov(s, 'stale');
  const g = governancePaths(gov);
  const other = `sha256:${'1'.repeat(64)}`;
  const audit = (await readFile(g.audit, 'utf8')).replaceAll(s.dataHash, other);
  await writeFile(g.audit, audit);
  const found = await problems(s, gov);
  assert.equal(found.length, 2);
  assert.match(
    found[0]!,
    /^audit \(.*\): stale: training data hash differs: expected sha256:\w{64}, found sha256:1{64}\. Fix: sightline audit DATA/,
  );
  assert.equal(
    found[0],
    `audit (${g.audit}): stale: training data hash differs: expected ${s.dataHash}, found ${other}. Fix: sightline audit DATA --model ${s.model} --out ${join(gov, 'audit')}`,
  );
  assert.match(
    found[1]!,
    new RegExp(
      `^card \\(.*\\): stale: audit sha256 differs: expected ${sha256(audit)}, found \\w{64}\\. Fix: sightline card`,
    ),
  );
  // The same model re-serialised is another file: the card was signed for other bytes.
  const model = join(s.tmp, 'model-copy.json');
  const bytes = await readFile(s.model);
  await writeFile(model, `${JSON.stringify(JSON.parse(bytes.toString('utf8')))}\n`);
  const byModel = await problems(s, s.gov, model);
  assert.equal(byModel.length, 3);
  // The audit and the replay record the bytes of the model they were made from.
  for (const [k, a] of [
    [0, 'audit'],
    [1, 'replay'],
  ] as const) {
    assert.match(
      byModel[k]!,
      new RegExp(
        `^${a} \\(.*\\): stale: model sha256 differs: expected ${sha256(await readFile(model))}, found ${sha256(bytes)}\\. Fix: sightline ${a} DATA --model ${model}`,
      ),
    );
  }
  assert.match(
    byModel[2]!,
    new RegExp(
      `^card \\(.*\\): stale: model sha256 differs: expected ${sha256(await readFile(model))}, found ${sha256(bytes)}\\. Fix: sightline card ${model}`,
    ),
  );
});

test('gate: an unsigned register decision and an unsigned card stage are named', async () => {
  const s = await setup();
  const gov = await copyGov(s, 'unsigned');
  const g = governancePaths(gov);
  const reg = JSON.parse(await readFile(g.register, 'utf8')) as {
    decisions: { id: string; decidedBy: string }[];
  };
  reg.decisions.find((d) => d.id === 'protocol')!.decidedBy = 'unsigned';
  await writeFile(g.register, `${JSON.stringify(reg, null, 2)}\n`);
  await rm(join(gov, 'card'), { recursive: true });
  await run(
    cardArgs(
      s.model,
      gov,
      join(gov, 'card'),
      GATE_STAGES.filter((x) => x !== 'validation'),
    ),
  );
  const found = await problems(s, gov);
  assert.deepEqual(found, [
    `register (${g.register}): unsigned: decisions protocol are unsigned (decidedBy or decidedOn is "unsigned"). Fix: fill decidedBy and decidedOn of these decisions in ${g.register}, then rebuild the card`,
    `card (${g.card}): unsigned: lifecycle stages validation (unsigned) are not signed. Fix: sightline card ${s.model} --out ${join(gov, 'card')} --audit ${g.audit} --replay ${g.replay} --register ${g.register} --sign STAGE=NAME --date YYYY-MM-DD for each of them (user_training needs --evidence user_training=FILE)`,
  ]);
});

test('serve refuses with exit 1 and the list; --skip-gate needs a reason', async () => {
  const s = await setup();
  const gov = await copyGov(s, 'refused');
  await rm(governancePaths(gov).card);
  const db = `sqlite:${join(s.tmp, 'refused.db')}`;
  const io = capture();
  assert.equal(await main(['serve', '--model', s.model, '--db', db, '--governance', gov], io), 1);
  assert.match(
    io.stderr,
    /refused: the deployment gate found 1 problem .*\n {2}- card \(.*card\.json\): missing: /,
  );
  const short = capture();
  const args = [
    'serve',
    '--model',
    s.model,
    '--db',
    db,
    '--governance',
    gov,
    '--skip-gate',
    'test',
  ];
  assert.equal(await main(args, short), 2);
  assert.match(short.stderr, /the reason has 4 characters, at least 10 are needed/);
  assert.throws(
    () => checkOverrideReason('         '),
    (e) => isSightlineError(e, 'E_USAGE'),
  );
});

test(
  'serve --skip-gate starts, warns loudly and records the override in the audit log',
  { timeout: 60_000 },
  async () => {
    const s = await setup();
    const gov = await copyGov(s, 'override');
    await rm(governancePaths(gov).replay);
    const url = `sqlite:${join(s.tmp, 'override.db')}`;
    const reason = 'integration test of the gate override';
    const child = spawn(
      process.execPath,
      [
        BIN,
        'serve',
        '--model',
        s.model,
        '--db',
        url,
        '--governance',
        gov,
        '--skip-gate',
        reason,
        '--port',
        '0',
        '--quiet',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let err = '';
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (b: Buffer) =>
        /listening on/.test(b.toString()) ? resolve() : undefined,
      );
      child.once('exit', (code) => reject(new Error(`serve exited (${code}): ${err}`)));
    });
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
    assert.match(
      err,
      /WARNING: deployment gate SKIPPED \(--skip-gate, for testing only\): integration test/,
    );
    assert.match(err, /- replay \(.*\): missing: /);
    const { db } = await openStore(url, '2026-01-01T00:00:00.000Z');
    try {
      const hash = `sha256:${sha256(await readFile(s.model))}`;
      const entries = await auditEntriesOf(db, `model:${hash}`);
      assert.equal(entries.length, 1);
      assert.equal(entries[0]!.action, 'gate_override');
      const details = JSON.parse(entries[0]!.details) as {
        gate: string;
        reason: string;
        problems: string[];
      };
      assert.equal(details.gate, 'override');
      assert.equal(details.reason, reason);
      assert.equal(details.problems.length, 1);
      assert.match(details.problems[0]!, /^replay \(.*report\.json\): missing: /);
      assert.equal((await verifyAuditLog(db)).ok, true);
    } finally {
      await db.close();
    }
  },
);

test('gate: cleanup', async () => {
  const s = await setup();
  await rm(s.tmp, { recursive: true, force: true });
});

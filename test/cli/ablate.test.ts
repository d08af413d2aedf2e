/**
 * `sightline ablate` on a small synthetic county and a model trained on it: refitting every
 * feature by the identical procedure reproduces the model file bit for bit; the page is a function
 * of report.json alone; user-defined groups, the records option and the register work;
 * errors are clear.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../cli/main.js';
import { hashExtract, writeExtract } from '../../src/contract/index.js';
import { buildFeatures } from '../../src/features/index.js';
import { synthesize, type SynthRun } from '../../src/synth/index.js';
import { householdProtocols, parseModelFile } from '../../src/scoring/index.js';
import { policyContext, refit, refitData, scoreBase } from '../../src/audit/index.js';
import { ablationReportHtml } from '../../src/report/index.js';
import { capture } from './capture.js';

interface Setup {
  readonly tmp: string;
  readonly county: string;
  readonly model: string;
  readonly run: SynthRun;
}

let memo: Promise<Setup> | null = null;

/** One county (scale 0.05) and one model per file, trained by the CLI. */
function setup(): Promise<Setup> {
  memo ??= (async () => {
    const tmp = await mkdtemp(join(tmpdir(), 'ablate-'));
    const county = join(tmp, 'county');
    const run = synthesize({ seed: 5, scale: 0.05 });
    await writeExtract(county, run.extract);
    const model = join(tmp, 'model.json');
    const io = capture();
    assert.equal(await main(['train', county, '--out', model], io), 0, io.stderr);
    return { tmp, county, model, run };
  })();
  return memo;
}

test.after(async () => {
  if (memo !== null) await rm((await memo).tmp, { recursive: true, force: true });
});

test('refitting every feature with the same rows, folds and parameters reproduces the model exactly', async () => {
  const s = await setup();
  const file = parseModelFile(JSON.parse(await readFile(s.model, 'utf8')));
  const fs = buildFeatures(s.run.extract);
  const ctx = policyContext(fs, file, await hashExtract(s.county));
  assert.equal(ctx.replayed, true);
  const d = refitData(ctx);
  const r = await refit(ctx, d, d.base.features, ctx.folds!);
  assert.deepEqual(
    r.cv.model.coefficients,
    file.model.kind === 'lasso' ? file.model.coefficients : [],
  );
  assert.equal(r.cv.model.lambda, file.model.kind === 'lasso' ? file.model.lambda : NaN);
  const p = ctx.probability;
  for (const i of ctx.population) assert.equal(r.probability[i], p[i]);
  // The policy layer's protocols are the scoring layer's, household by household.
  const base = scoreBase(ctx);
  const full = householdProtocols(file.protocol, base.score, fs.records.age, fs.records.household);
  for (const i of ctx.population) assert.equal(base.protocol[i], full[i]);
});

test('ablate writes the report folder; user groups, records and the register work', async () => {
  const s = await setup();
  const register = join(s.tmp, 'register.json');
  const io = capture();
  const out = join(s.tmp, 'a');
  const args = [
    'ablate',
    s.county,
    '--model',
    s.model,
    '--define',
    'kids_age=demographics.age*',
    '--group',
    'kids_age',
    '--records',
    '--replicates',
    '30',
    '--max-per-path',
    '3',
    '--out',
    out,
    '--register',
    register,
  ];
  assert.equal(await main(args, io), 0, io.stderr);
  assert.match(io.stdout, /ablation written to .*: 1 retraining\(s\)/);
  assert.match(io.stdout, /without kids_age: AUC change -?\d\.\d{3} \(/);
  assert.match(io.stderr, /ablate: retraining without kids_age/);
  const json = await readFile(join(out, 'report.json'), 'utf8');
  const html = await readFile(join(out, 'report.html'), 'utf8');
  const report = JSON.parse(json);
  // The page is a function of report.json alone: rendering it again gives the same bytes.
  const again = await ablationReportHtml(report, ['re-rendered']);
  assert.equal(again, await ablationReportHtml(report, ['re-rendered']));
  assert.equal(again.slice(again.indexOf('<nav')), html.slice(html.indexOf('<nav')));
  assert.equal(report.report, 'sightline-ablation/1');
  assert.deepEqual(
    report.ablations.map((a: { group: string }) => a.group),
    ['kids_age'],
  );
  assert.equal(report.ablations[0].dropped, 2);
  assert.ok(Array.isArray(report.ablations[0].records));
  const auc = report.ablations[0].comparison.find((c: { measure: string }) => c.measure === 'auc');
  assert.ok(auc.lo <= auc.change && auc.change <= auc.hi);
  assert.ok(report.multiplicity.candidates.length >= 2);
  assert.match(html, /<section id="records">/);
  const reg = JSON.parse(await readFile(register, 'utf8'));
  const groups = reg.decisions.find((x: { id: string }) => x.id === 'feature_groups');
  assert.match(groups.evidence[0].summary, /without kids age: AUC/);
});

test('ablate errors: an unknown group, a bad definition, another extract', async () => {
  const s = await setup();
  let io = capture();
  assert.equal(
    await main(
      ['ablate', s.county, '--model', s.model, '--group', 'jpo', '--out', join(s.tmp, 'x')],
      io,
    ),
    2,
  );
  assert.match(io.stderr, /unknown feature group "jpo"\. Fix: one of juvenile_probation/);
  io = capture();
  assert.equal(
    await main(
      ['ablate', s.county, '--model', s.model, '--define', 'oops', '--out', join(s.tmp, 'x')],
      io,
    ),
    2,
  );
  assert.match(io.stderr, /invalid feature group definition "oops"/);
  const other = join(s.tmp, 'other');
  await writeExtract(other, synthesize({ seed: 7, scale: 0.02 }).extract);
  io = capture();
  assert.equal(
    await main(
      ['ablate', other, '--model', s.model, '--group', 'ever_in', '--out', join(s.tmp, 'x')],
      io,
    ),
    1,
  );
  assert.match(
    io.stderr,
    /retraining needs the model's own training rows and folds.*\[E_POLICY_REFIT\]/,
  );
});

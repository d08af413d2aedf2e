/**
 * Boosted trees at full scale against Debian's python3-xgboost (the anchor), side by side in one
 * run: the synthetic county (seed 1), its screened-in records with a matured placement label,
 * the grouped 70/30 split of sightline train's defaults (src/scoring/train.ts), 200 rounds of 31
 * leaves at learning rate 0.1 (lossguide) on the training rows, test AUC on the test rows.
 *
 *   node --import tsx bench/gbt.ts [--scale 1] [--rounds 200] [--leaves 31] [--eta 0.1]
 *     [--repeats 2] [--xgb csr,dense] [--xgb-threads 1,2] [--forest-trees 100]
 *     [--python /usr/bin/python3]
 *
 * (`--xgb csr --xgb-threads 2 --forest-trees 0 --repeats 1` for a quicker comparison while
 * iterating.) Figures: our fit's wall and CPU time (binning and the worker's start included) with
 * fitGbtParallel's default (both cores: the calling thread and one worker sharing each tree's
 * histograms and split searches, src/models/gbt-parallel.ts) and on one thread (fitGbt), and
 * whether the two models are identical (they must be, bit for bit); XGBoost's xgb.train wall and
 * CPU time (its quantile sketch included;
 * DMatrix construction reported apart) with nthread 1 and 2, as on a machine whose cores are
 * busy with other work its OpenMP threads can run far slower with 2 threads than with 1; runs
 * interleaved over --repeats rounds, the fastest of each counting; the ratios ours / XGBoost's
 * (wall and CPU); both test AUCs; a forest of --forest-trees on both cores; sightline train's
 * own early-stopped boosted trees (time, rounds, AUC, scoring speed); batch scoring speed over
 * every record of the county (both cores and one thread; first pass and fastest); the latency of scoring (and of explaining) one referral's
 * children; peak memory of both processes; and how closely the imported XGBoost model (dense
 * mode) reproduces XGBoost's own test predictions; the 1-minute load average at the start and
 * the end. XGBoost
 * gets the same matrix: `csr` leaves absent entries missing (the usual sparse input), `dense`
 * expands it so zeros are values (Sightline's semantics).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Matrix } from '../src/core/index.js';
import { buildFeatures } from '../src/features/index.js';
import { auc } from '../src/metrics/index.js';
import { fitForestParallel } from '../src/models/forest-parallel.js';
import { predictForest } from '../src/models/forest-model.js';
import { fitGbt } from '../src/models/gbt-fit.js';
import { fitGbtParallel } from '../src/models/gbt-parallel.js';
import { predictGbt, type GbtModel } from '../src/models/gbt-model.js';
import { treeShap } from '../src/models/treeshap.js';
import { importXgboostJson } from '../src/models/xgboost-import.js';
import {
  parseTrainOptions,
  populationRows,
  predictModel,
  trainModel,
  TRAIN_FOREST_DEFAULTS,
} from '../src/scoring/index.js';
import { groupSplit } from '../src/split/index.js';
import { synthesize } from '../src/synth/index.js';
import { latencyMs, peakRssMb, referralRows, report, runTimed, timed } from './measure.js';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '1' },
    rounds: { type: 'string', default: '200' },
    leaves: { type: 'string', default: '31' },
    eta: { type: 'string', default: '0.1' },
    xgb: { type: 'string', default: 'csr,dense' },
    'xgb-threads': { type: 'string', default: '1,2' },
    repeats: { type: 'string', default: '2' },
    'forest-trees': { type: 'string', default: '100' },
    python: { type: 'string', default: '/usr/bin/python3' },
    out: { type: 'string', default: 'bench/out/gbt' },
  },
});
const scale = Number(values.scale);
const rounds = Number(values.rounds);
const leaves = Number(values.leaves);
const eta = Number(values.eta);
const dir = values.out;
mkdirSync(dir, { recursive: true });

/** Writes rows of X as CSR (int64 indptr, int32 indices, float64 values) and labels. */
function writeCsr(X: Matrix, rows: Uint32Array, y: Uint8Array, name: string): void {
  const pos = new Int32Array(X.nRows).fill(-1);
  rows.forEach((r, k) => (pos[r] = k));
  const count = new Float64Array(rows.length + 1);
  for (const c of X.columns) {
    if (c.kind === 'dense') for (let k = 0; k < rows.length; k++) count[k + 1]!++;
    else for (const r of c.rows) if (pos[r]! >= 0) count[pos[r]! + 1]!++;
  }
  for (let k = 0; k < rows.length; k++) count[k + 1]! += count[k]!;
  const at = Float64Array.from(count.subarray(0, rows.length));
  const indices = new Int32Array(count[rows.length]!);
  const vals = new Float64Array(indices.length);
  X.columns.forEach((c, j) => {
    if (c.kind === 'dense') {
      // Dense columns are stored in full: their zeros are values, in CSR mode too.
      for (let k = 0; k < rows.length; k++) {
        indices[at[k]!] = j;
        vals[at[k]!++] = c.values[rows[k]!]!;
      }
      return;
    }
    c.rows.forEach((r, i) => {
      const k = pos[r]!;
      if (k < 0) return;
      indices[at[k]!] = j;
      vals[at[k]!++] = c.values[i]!;
    });
  });
  writeFileSync(join(dir, `${name}.indptr`), new BigInt64Array(Array.from(count, BigInt)));
  writeFileSync(join(dir, `${name}.indices`), indices);
  writeFileSync(join(dir, `${name}.values`), vals);
  writeFileSync(
    join(dir, `${name}.y`),
    Float64Array.from(rows, (r) => y[r]!),
  );
}

/** Runs bench/xgboost_anchor.py once and returns its figures. */
function runAnchor(mode: string, nthread: number): Record<string, number | string> {
  const args = ['bench/xgboost_anchor.py', dir, '--mode', mode, '--nthread', String(nthread)];
  args.push('--rounds', String(rounds), '--leaves', String(leaves), '--eta', String(eta));
  const run = runTimed(values.python, args);
  return JSON.parse(run.stdout.trim().split('\n').at(-1)!) as Record<string, number | string>;
}

const county = await timed(() => buildFeatures(synthesize({ seed: 1, scale }).extract));
const fs = county.value;
const X = fs.matrix;
const o = parseTrainOptions({});
const { rows, y } = populationRows(fs, o);
const keys = { household: fs.records.household, child: fs.records.child };
const split = groupSplit(keys, { testShare: o.testShare, seed: o.seed, rows });
const yTest = Uint8Array.from(split.test, (r) => y[r]!);
let positives = 0;
for (const r of split.train) positives += y[r]!;
const baseScore = positives / split.train.length;
writeCsr(X, split.train, y, 'train');
writeCsr(X, split.test, y, 'test');
writeFileSync(
  join(dir, 'meta.json'),
  JSON.stringify({
    p: X.columns.length,
    ntrain: split.train.length,
    ntest: split.test.length,
    baseScore,
  }),
);

const figures: Record<string, number | string> = {
  load_avg_1min_start: loadavg()[0]!,
  scale,
  records: X.nRows,
  features: X.columns.length,
  train_rows: split.train.length,
  test_rows: split.test.length,
  rounds,
  leaves,
  learning_rate: eta,
  county_build_s: county.seconds,
};

// Interleaved rounds (--repeats): our fit on both cores and on one thread, then each XGBoost
// configuration, every one in every round, so that both sides count the fastest of as many runs
// (the noise of a shared machine only ever adds time).
const params = { rounds, maxLeaves: leaves, learningRate: eta, growPolicy: 'lossguide' as const };
const anchors = values.xgb
  .split(',')
  .filter((m) => m !== '')
  .flatMap((mode) => values['xgb-threads'].split(',').map((t) => [mode, Number(t)] as const));
interface AnchorRun {
  train: number;
  cpu: number;
  figures: Record<string, number | string>;
}
const anchorBest = new Map<string, AnchorRun>();
let model: GbtModel | null = null;
let best = Infinity;
let bestCpu = Infinity;
let best1 = Infinity;
let best1Cpu = Infinity;
figures.sightline_fits_identical = 'yes';
for (let k = 0; k < Math.max(1, Number(values.repeats)); k++) {
  const fit = await timed(() => fitGbtParallel(params, X, y, { rows: split.train, seed: 1 }));
  figures[`sightline_fit_run${k + 1}_s`] = fit.seconds;
  best = Math.min(best, fit.seconds);
  bestCpu = Math.min(bestCpu, fit.cpuSeconds);
  const one = await timed(() => fitGbt(params, X, y, { rows: split.train, seed: 1 }));
  figures[`sightline_fit_1thread_run${k + 1}_s`] = one.seconds;
  best1 = Math.min(best1, one.seconds);
  best1Cpu = Math.min(best1Cpu, one.cpuSeconds);
  const text = JSON.stringify(fit.value);
  if (text !== JSON.stringify(one.value) || (model !== null && JSON.stringify(model) !== text)) {
    figures.sightline_fits_identical = 'NO';
  }
  model = fit.value;
  for (const [mode, nthread] of anchors) {
    const x = runAnchor(mode, nthread);
    const key = `xgboost_${mode}_${nthread}t`;
    const run = { train: Number(x.train_s), cpu: Number(x.train_cpu_s), figures: x };
    figures[`${key}_run${k + 1}_s`] = run.train;
    const prev = anchorBest.get(key);
    anchorBest.set(key, {
      train: Math.min(run.train, prev?.train ?? Infinity),
      cpu: Math.min(run.cpu, prev?.cpu ?? Infinity),
      figures: x,
    });
  }
}
if (model === null) throw new Error('unreachable');
figures.sightline_fit_s = best;
figures.sightline_fit_cpu_s = bestCpu;
figures.sightline_fit_1thread_s = best1;
figures.sightline_fit_1thread_cpu_s = best1Cpu;
const pTest = predictGbt(model, X, split.test);
figures.sightline_auc = auc(yTest, pTest);
// Batch scoring of every record, as predictGbt runs it (both cores from PARALLEL_MIN_ROWS rows)
// and on the calling thread alone: the first pass (it also compiles the model's kernels and
// starts the worker, as one call in a fresh process does) and the fastest of four.
for (const [key, opts] of [
  ['sightline_score', {}],
  ['sightline_score_1thread', { threads: 1 }],
] as const) {
  let batchWall = Infinity;
  let batchCpu = Infinity;
  for (let k = 0; k < 4; k++) {
    const batch = await timed(() => predictGbt(model, X, undefined, opts));
    if (k === 0) figures[`${key}_first_pass_records_per_s`] = Math.round(X.nRows / batch.seconds);
    batchWall = Math.min(batchWall, batch.seconds);
    batchCpu = Math.min(batchCpu, batch.cpuSeconds);
  }
  figures[`${key}_records_per_s`] = Math.round(X.nRows / batchWall);
  figures[`${key}_records_per_cpu_s`] = Math.round(X.nRows / batchCpu);
}

// One referral at a time: the children of a test referral, scored from the full matrix.
const referrals = referralRows(fs.records.household, split.test, 500);
const one = latencyMs(referrals, (r) => predictGbt(model, X, r), 50);
figures.sightline_referral_ms_median = one.median;
figures.sightline_referral_ms_p99 = one.p99;
figures.sightline_treeshap_referral_ms_median = latencyMs(
  referrals.slice(0, 50),
  (r) => treeShap(model, X, r),
  0,
).median;
figures.sightline_peak_rss_mb = Math.round(peakRssMb());

// The anchor's figures, and the ratios.
for (const [key, run] of anchorBest) {
  const x = run.figures;
  figures.xgboost_version = String(x.xgboost);
  figures[`${key}_dmatrix_s`] = Number(x.dmatrix_s);
  figures[`${key}_train_s`] = run.train;
  figures[`${key}_train_cpu_s`] = run.cpu;
  figures[`${key}_auc`] = Number(x.auc);
  figures[`${key}_score_records_per_s`] = Math.round(Number(x.predict_records_per_s));
  figures[`${key}_peak_rss_mb`] = Math.round(Number(x.peak_rss_mb));
  figures[`ratio_sightline_over_${key}`] = best / run.train;
  figures[`ratio_cpu_sightline_over_${key}`] = bestCpu / run.cpu;
  figures[`auc_sightline_minus_${key}`] = Number(figures.sightline_auc) - Number(x.auc);
}
if (anchorBest.size > 0) {
  // Against XGBoost's fastest configuration in this run (by wall time, and by CPU time).
  const runs = [...anchorBest.values()];
  figures.ratio_sightline_over_xgboost_fastest = best / Math.min(...runs.map((r) => r.train));
  figures.ratio_cpu_sightline_over_xgboost_least_cpu =
    bestCpu / Math.min(...runs.map((r) => r.cpu));
}
if (anchors.some(([mode]) => mode === 'dense')) {
  // The XGBoost model (dense input), imported: its predictions against XGBoost's own.
  const text = readFileSync(join(dir, 'xgb-dense.json'), 'utf8');
  const imported = importXgboostJson(text, { features: X.names });
  const own = new Float64Array(readFileSync(join(dir, 'xgb-dense.pred')).buffer.slice(0));
  const ours = predictGbt(imported, X, split.test);
  let diff = 0;
  for (let i = 0; i < own.length; i++) diff = Math.max(diff, Math.abs(own[i]! - ours[i]!));
  figures.xgboost_dense_import_max_abs_diff = diff.toExponential(2);
}

const forestTrees = Number(values['forest-trees']);
if (forestTrees > 0) {
  // sightline train's forest settings, trees grown on both cores.
  const forest = await timed(() =>
    fitForestParallel({ ...TRAIN_FOREST_DEFAULTS, trees: forestTrees }, X, y, {
      rows: split.train,
      seed: 1,
    }),
  );
  figures.forest_trees = forestTrees;
  figures.forest_fit_s = forest.seconds;
  figures.forest_fit_cpu_s = forest.cpuSeconds;
  figures.forest_auc = auc(yTest, predictForest(forest.value, X, split.test));
}

// sightline train's own boosted trees (early stopping on a grouped fifth of the training rows)
// and the LASSO's test AUC on the same split, for the report's comparison.
const trained = await timed(() => trainModel(fs, { model: 'gbt' }, 'bench'));
const tm = trained.value.file.model;
figures.train_gbt_s = trained.seconds;
figures.train_gbt_trees = tm.kind === 'gbt' ? tm.trees.length : NaN;
figures.train_gbt_auc = auc(trained.value.y, trained.value.probability, split.test);
const trainedBatch = await timed(() => predictModel(trained.value.file, X));
figures.train_gbt_score_records_per_s = Math.round(X.nRows / trainedBatch.seconds);
figures.train_gbt_score_records_per_cpu_s = Math.round(X.nRows / trainedBatch.cpuSeconds);
figures.peak_rss_mb = Math.round(peakRssMb());
figures.load_avg_1min_end = loadavg()[0]!;
report('gbt', figures);

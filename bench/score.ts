/**
 * Batch scoring speed of the boosted-trees model of bench/gbt.ts (issue 4: 1 M child records
 * per second in batch, under 1 ms for one referral), without its fits: the synthetic county
 * (seed 1) is built once, the model (200 rounds of 31 leaves at learning rate 0.1 on the
 * grouped training rows) is fitted once and kept in --out to reuse between runs.
 *
 *   node --import tsx bench/score.ts [--scale 1] [--passes 5] [--threads N]
 *     [--generated-min-rows N] [--kernels wasm,js] [--out bench/out/score]
 *
 * Figures: records per second (wall and CPU) of predictGbt over every record, the fastest of
 * --passes passes (pass1 is a fresh process's first call: it also compiles the model's kernels
 * and starts the worker thread), each pass's wall time, a checksum of the probabilities (to
 * compare kernels), and one referral's children's latency. --threads and --generated-min-rows
 * are ensembleSums' options (tree-ensemble.ts; default: the machine's threads, 100,000 rows).
 * --kernels lists the generated kernels to compare (wasm: WebAssembly, js: JavaScript; default
 * wasm): passes take them in turn (A B A B …), so each is measured under the same load, and the
 * figures are given per kernel (pass1 is then the first kernel's).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildFeatures } from '../src/features/index.js';
import { fitGbt } from '../src/models/gbt-fit.js';
import { parseGbtModel, predictGbt } from '../src/models/gbt-model.js';
import { parseTrainOptions, populationRows } from '../src/scoring/index.js';
import { groupSplit } from '../src/split/index.js';
import { synthesize } from '../src/synth/index.js';
import { latencyMs, referralRows, report, timed } from './measure.js';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '1' },
    passes: { type: 'string', default: '5' },
    threads: { type: 'string', default: '0' },
    'generated-min-rows': { type: 'string', default: '' },
    kernels: { type: 'string', default: 'wasm' },
    out: { type: 'string', default: 'bench/out/score' },
  },
});
const scale = Number(values.scale);
const opts = {
  ...(Number(values.threads) > 0 ? { threads: Number(values.threads) } : {}),
  ...(values['generated-min-rows'] === ''
    ? {}
    : { generatedMinRows: Number(values['generated-min-rows']) }),
};
mkdirSync(values.out, { recursive: true });
const figures: Record<string, number | string> = { load_avg_1min_start: loadavg()[0]! };

const fs = buildFeatures(synthesize({ seed: 1, scale }).extract);
const X = fs.matrix;
const o = parseTrainOptions({});
const { rows, y } = populationRows(fs, o);
const keys = { household: fs.records.household, child: fs.records.child };
const split = groupSplit(keys, { testShare: o.testShare, seed: o.seed, rows });
const file = join(values.out, `gbt-scale${scale}.json`);
if (!existsSync(file)) {
  const params = {
    rounds: 200,
    maxLeaves: 31,
    learningRate: 0.1,
    growPolicy: 'lossguide' as const,
  };
  writeFileSync(file, JSON.stringify(fitGbt(params, X, y, { rows: split.train, seed: 1 })));
}
const model = parseGbtModel(JSON.parse(readFileSync(file, 'utf8')));
figures.records = X.nRows;
figures.trees = model.trees.length;

const kernels = values.kernels.split(',');
const wall = kernels.map(() => Infinity);
const cpu = kernels.map(() => Infinity);
let first: Float64Array | null = null;
for (let k = 0; k < Number(values.passes); k++) {
  for (const [j, kernel] of kernels.entries()) {
    const kopts = { ...opts, wasm: kernel === 'wasm' };
    const run = await timed(() => predictGbt(model, X, undefined, kopts));
    wall[j] = Math.min(wall[j]!, run.seconds);
    cpu[j] = Math.min(cpu[j]!, run.cpuSeconds);
    figures[`pass${k + 1}_${kernel}_s`] = run.seconds;
    if (first === null) first = run.value;
    else if (run.value.some((p, i) => !Object.is(p, first![i]))) figures.passes_identical = 'NO';
  }
}
for (const [j, kernel] of kernels.entries()) {
  figures[`records_per_s_${kernel}`] = Math.round(X.nRows / wall[j]!);
  figures[`records_per_cpu_s_${kernel}`] = Math.round(X.nRows / cpu[j]!);
}
let sum = 0;
for (const p of first!) sum += p;
figures.checksum = sum.toPrecision(17);

const referrals = referralRows(fs.records.household, split.test, 500);
const one = latencyMs(referrals, (r) => predictGbt(model, X, r), 50);
figures.referral_ms_median = one.median;
figures.referral_ms_p99 = one.p99;
figures.load_avg_1min_end = loadavg()[0]!;
report('score', figures);

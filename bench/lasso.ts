/**
 * LASSO path with grouped 5-fold CV on the full-scale synthetic county's screened-in training
 * records (Allegheny's window, placement within two years), beside R's cv.glmnet (glmnet 4.1,
 * Debian's r-cran-glmnet) on the identical sparse design, labels and folds, run one after the
 * other on this machine. Goal (issue 3): at most 2× cv.glmnet's time. Sightline's CV runs on
 * `--threads` threads (default: every core; cvLassoParallel); `--sequential` also times the
 * one-thread cvLasso and checks that both give the same model file. CPU times (all threads) are
 * printed beside wall times, and the 1-minute load average, since the machine may be shared.
 *
 *   node --import tsx bench/lasso.ts [--scale 1] [--threads N] [--sequential]
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildFeatures } from '../src/features/index.js';
import { synthesize } from '../src/synth/index.js';
import { groupKFold, groupSplit } from '../src/split/index.js';
import { cvLasso, cvLassoParallel } from '../src/models/index.js';
import { parseTrainOptions, populationRows } from '../src/scoring/index.js';
import { peakRssMb, report, runTimed, timed } from './measure.js';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '1' },
    threads: { type: 'string', default: String(availableParallelism()) },
    sequential: { type: 'boolean', default: false },
  },
});
const scale = Number(values.scale);
const threads = Number(values.threads);
const load = loadavg()[0]!;
const fs = buildFeatures(synthesize({ seed: 1, scale }).extract);
const o = parseTrainOptions({ seed: 1 });
const { rows, y } = populationRows(fs, o);
const keys = { household: fs.records.household, child: fs.records.child };
const split = groupSplit(keys, { testShare: o.testShare, seed: o.seed, rows });
const train = split.train;
const folds = groupKFold(keys, train, 5, 1);

// The same design for R: the training rows' non-zero cells as a Matrix Market file.
const dir = await mkdtemp(join(tmpdir(), 'bench-lasso-'));
try {
  const pos = new Int32Array(fs.matrix.nRows).fill(-1);
  train.forEach((r, i) => (pos[r] = i));
  const lines: string[] = [];
  fs.matrix.columns.forEach((c, j) => {
    if (c.kind === 'dense') {
      for (let i = 0; i < train.length; i++) {
        const v = c.values[train[i]!]!;
        if (v !== 0) lines.push(`${i + 1} ${j + 1} ${v}`);
      }
    } else {
      for (let k = 0; k < c.rows.length; k++) {
        const i = pos[c.rows[k]!]!;
        if (i >= 0 && c.values[k] !== 0) lines.push(`${i + 1} ${j + 1} ${c.values[k]}`);
      }
    }
  });
  const header = `%%MatrixMarket matrix coordinate real general\n${train.length} ${fs.matrix.names.length} ${lines.length}\n`;
  await writeFile(join(dir, 'x.mtx'), header + lines.join('\n') + '\n');
  await writeFile(join(dir, 'y.txt'), Array.from(train, (r) => y[r]).join('\n') + '\n');
  await writeFile(join(dir, 'foldid.txt'), Array.from(folds, (f) => f + 1).join('\n') + '\n');

  const ours = await timed(() =>
    cvLassoParallel(fs.matrix, y, {}, folds, { rows: train, threads }),
  );
  const seq = values.sequential
    ? await timed(() => cvLasso(fs.matrix, y, {}, folds, { rows: train }))
    : null;
  const r = runTimed('Rscript', ['bench/glmnet_anchor.R', dir]);
  const anchor = JSON.parse(r.stdout.trim().split('\n').pop()!);
  const cv = ours.value.cv;
  const same = (a: unknown, b: unknown) => (JSON.stringify(a) === JSON.stringify(b) ? 'yes' : 'NO');
  report('lasso', {
    scale,
    train_rows: train.length,
    features: fs.matrix.names.length,
    nonzero_cells: lines.length,
    load_avg_1m_at_start: load,
    threads,
    sightline_cv_s: ours.seconds,
    sightline_cpu_s: ours.cpuSeconds,
    ...(seq === null
      ? {}
      : {
          sightline_sequential_cv_s: seq.seconds,
          sightline_sequential_cpu_s: seq.cpuSeconds,
          speedup_over_sequential: seq.seconds / ours.seconds,
          identical_to_sequential: same(ours.value.model, seq.value.model),
        }),
    glmnet_cv_s: anchor.seconds,
    glmnet_cpu_s: anchor.cpu_seconds,
    ratio_sightline_over_glmnet: ours.seconds / anchor.seconds,
    sightline_lambda_min: cv.lambdaMin,
    glmnet_lambda_min: anchor.lambda_min,
    sightline_lambda_1se: cv.lambdaOneSe,
    glmnet_lambda_1se: anchor.lambda_1se,
    sightline_nonzero_1se: cv.nonzero[cv.indexOneSe]!,
    glmnet_nonzero_1se: anchor.nonzero_1se,
    sightline_nlambda: cv.lambdas.length,
    glmnet_nlambda: anchor.nlambda,
    peak_rss_mb: Math.round(peakRssMb()),
  });
} finally {
  await rm(dir, { recursive: true, force: true });
}

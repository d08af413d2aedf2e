/**
 * LASSO path with grouped 5-fold CV on the full-scale synthetic county's screened-in training
 * records (Allegheny's window, placement within two years), beside R's cv.glmnet (glmnet 4.1,
 * Debian's r-cran-glmnet) on the identical sparse design, labels and folds, run one after the
 * other on this machine. Goal (issue 3): at most 2× cv.glmnet's time.
 *
 *   node --import tsx bench/lasso.ts [--scale 1]
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildFeatures } from '../src/features/index.js';
import { synthesize } from '../src/synth/index.js';
import { groupKFold, groupSplit } from '../src/split/index.js';
import { cvLasso } from '../src/models/index.js';
import { parseTrainOptions, populationRows } from '../src/scoring/index.js';
import { peakRssMb, report, runTimed, timed } from './measure.js';

const { values } = parseArgs({ options: { scale: { type: 'string', default: '1' } } });
const scale = Number(values.scale);
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

  const ours = await timed(() => cvLasso(fs.matrix, y, {}, folds, { rows: train }));
  const r = runTimed('Rscript', ['bench/glmnet_anchor.R', dir]);
  const anchor = JSON.parse(r.stdout.trim().split('\n').pop()!);
  const cv = ours.value.cv;
  report('lasso', {
    scale,
    train_rows: train.length,
    features: fs.matrix.names.length,
    nonzero_cells: lines.length,
    sightline_cv_s: ours.seconds,
    glmnet_cv_s: anchor.seconds,
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

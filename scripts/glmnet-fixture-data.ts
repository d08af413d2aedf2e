/**
 * Writes test/fixtures/glmnet/data.csv, the small dataset on which scripts/glmnet-fixture.R runs
 * cv.glmnet to make test/fixtures/glmnet/expected.json. Deterministic (seeded PRNG from core), so
 * re-running it rewrites the same bytes.
 *
 * 600 rows: y (0/1), w (case weight, six rows weighted 0), foldid (1..5, as R numbers folds) and
 * 30 features: 15 sparse binary indicators (prevalence 2–30%), 5 sparse counts, 8 dense continuous
 * columns on very different scales, one all-zero column and one constant column.
 *
 * Run: npx tsx scripts/glmnet-fixture-data.ts
 */
import { writeFileSync } from 'node:fs';
import { createRng } from '../src/core/index.js';

const N = 600;
const rng = createRng(20240611);
const names: string[] = [];
const cols: number[][] = [];
const add = (name: string, values: number[]): void => {
  names.push(name);
  cols.push(values);
};
const round6 = (v: number): number => Math.round(v * 1e6) / 1e6;

for (let j = 0; j < 15; j++) {
  const prevalence = 0.02 + (0.28 * j) / 14;
  add(
    `b${String(j + 1).padStart(2, '0')}`,
    Array.from({ length: N }, () => (rng.bernoulli(prevalence) ? 1 : 0)),
  );
}
for (let j = 0; j < 5; j++) {
  add(
    `c${String(j + 1).padStart(2, '0')}`,
    Array.from({ length: N }, () => (rng.bernoulli(0.15 + 0.05 * j) ? 1 + rng.poisson(1 + j) : 0)),
  );
}
const scales = [1, 10, 0.1, 3, 50, 0.5, 2, 1];
for (let j = 0; j < 8; j++) {
  add(
    `z${String(j + 1).padStart(2, '0')}`,
    Array.from({ length: N }, () => round6(scales[j]! * rng.normal() + (j === 4 ? 100 : 0))),
  );
}
add('zero', new Array<number>(N).fill(0));
add('const', new Array<number>(N).fill(1));

const beta: Record<string, number> = { b01: 1.5, b04: 0.8, b08: -0.6, b12: 0.5, c02: 0.3 };
beta['z01'] = 0.7;
beta['z02'] = -0.05;
beta['z05'] = 0.01;
const y: number[] = [];
for (let i = 0; i < N; i++) {
  let eta = -1.2;
  names.forEach((name, j) => {
    const b = beta[name];
    if (b !== undefined) eta += b * (name === 'z05' ? cols[j]![i]! - 100 : cols[j]![i]!);
  });
  y.push(rng.bernoulli(1 / (1 + Math.exp(-eta))) ? 1 : 0);
}
const weightChoices = [0.5, 1, 1.5, 2, 3];
const w = Array.from({ length: N }, (_, i) => (i % 100 === 7 ? 0 : weightChoices[rng.int(5)]!));
const foldid = Array.from({ length: N }, () => 1 + rng.int(5));

const lines = [['y', 'w', 'foldid', ...names].join(',')];
for (let i = 0; i < N; i++) {
  lines.push([y[i], w[i], foldid[i], ...cols.map((c) => c[i])].join(','));
}
writeFileSync(
  new URL('../test/fixtures/glmnet/data.csv', import.meta.url),
  lines.join('\n') + '\n',
);

/**
 * Agreement with scikit-learn on seeded random data (fixtures written by
 * scripts/sklearn-fixture.py; Python is not needed to run this test). Tolerances: 1e-12 for
 * pair counts, ROC points and confusion rates (exact arithmetic on both sides up to rounding),
 * 1e-12 for the Brier score, 1e-9 for the recalibration fit (two Newton solvers stopping at their
 * own tolerances; measured agreement about 1e-12).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  atLeast,
  auc,
  brier,
  calibrationFit,
  rocCurve,
  thresholdMetrics,
  xauc,
  xaucBalanced,
} from '../../src/metrics/index.js';

interface Roc {
  fpr: number[];
  tpr: number[];
  threshold: (number | null)[];
}
interface Expected {
  auc: number;
  auc_by_group: number[];
  xauc: number[][];
  xauc_pos: number[];
  xauc_neg: number[];
  roc: Roc;
  roc_by_group: Roc[];
  brier: number;
  calibration: { intercept: number; slope: number };
  calibration_by_group: { intercept: number; slope: number }[];
  rates: Record<string, number>[];
}
interface Fixture {
  sklearn: string;
  data: { y: number[]; score: number[]; p: number[]; group: number[]; weight: number[] };
  unweighted: Expected;
  weighted: Expected;
}

const load = (name: string): Fixture =>
  JSON.parse(
    readFileSync(
      fileURLToPath(new URL(`../fixtures/sklearn/${name}.json`, import.meta.url)),
      'utf8',
    ),
  ) as Fixture;

const close = (a: number, b: number, tol: number, what: string) =>
  assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs scikit-learn ${b} (tolerance ${tol})`);

for (const name of ['tied', 'continuous']) {
  const f = load(name);
  const y = Uint8Array.from(f.data.y);
  const score = Float64Array.from(f.data.score);
  const p = Float64Array.from(f.data.p);
  const group = Int32Array.from(f.data.group);
  const rowsOf = (g: number) =>
    Uint32Array.from(f.data.group.flatMap((v, i) => (v === g ? [i] : [])));
  for (const kind of ['unweighted', 'weighted'] as const) {
    const e = f[kind];
    const w = kind === 'weighted' ? Float64Array.from(f.data.weight) : undefined;
    const label = `${name}, ${kind}`;

    test(`${label}: AUC, xAUC and balanced xAUC agree with roc_auc_score`, () => {
      close(auc(y, score, undefined, w), e.auc, 1e-12, 'auc');
      for (let a = 0; a < 3; a++) {
        close(auc(y, score, rowsOf(a), w), e.auc_by_group[a]!, 1e-12, `auc group ${a}`);
        close(
          xaucBalanced(y, score, group, a, 'positives', undefined, w),
          e.xauc_pos[a]!,
          1e-12,
          `xauc_pos ${a}`,
        );
        close(
          xaucBalanced(y, score, group, a, 'negatives', undefined, w),
          e.xauc_neg[a]!,
          1e-12,
          `xauc_neg ${a}`,
        );
        for (let b = 0; b < 3; b++) {
          close(xauc(y, score, group, a, b, undefined, w), e.xauc[a]![b]!, 1e-12, `xauc ${a},${b}`);
        }
      }
    });

    test(`${label}: ROC curves agree with roc_curve(drop_intermediate=False)`, () => {
      const check = (mine: ReturnType<typeof rocCurve>, ref: Roc, what: string) => {
        // scikit-learn drops thresholds where every row has zero weight; so do we, by skipping
        // points that repeat the previous one.
        const kept = mine.filter(
          (pt, k) => k === 0 || pt.fpr !== mine[k - 1]!.fpr || pt.tpr !== mine[k - 1]!.tpr,
        );
        assert.equal(kept.length, ref.fpr.length, `${what}: number of points`);
        kept.forEach((pt, k) => {
          close(pt.fpr, ref.fpr[k]!, 1e-12, `${what} fpr[${k}]`);
          close(pt.tpr, ref.tpr[k]!, 1e-12, `${what} tpr[${k}]`);
          if (k > 0) close(pt.threshold, ref.threshold[k]!, 1e-12, `${what} threshold[${k}]`);
        });
      };
      check(rocCurve(y, score, undefined, w), e.roc, 'roc');
      for (let g = 0; g < 3; g++)
        check(rocCurve(y, score, rowsOf(g), w), e.roc_by_group[g]!, `roc ${g}`);
    });

    test(`${label}: Brier score and recalibration agree with brier_score_loss and LogisticRegression`, () => {
      close(brier(y, p, undefined, w), e.brier, 1e-12, 'brier');
      const fit = calibrationFit(y, p, undefined, w);
      assert.ok(fit.converged);
      close(fit.intercept, e.calibration.intercept, 1e-9, 'calibration intercept');
      close(fit.slope, e.calibration.slope, 1e-9, 'calibration slope');
      for (let g = 0; g < 3; g++) {
        const fg = calibrationFit(y, p, rowsOf(g), w);
        close(fg.intercept, e.calibration_by_group[g]!.intercept, 1e-9, `intercept ${g}`);
        close(fg.slope, e.calibration_by_group[g]!.slope, 1e-9, `slope ${g}`);
      }
    });

    test(`${label}: confusion-matrix rates agree with confusion_matrix`, () => {
      for (const r of e.rates) {
        const m = thresholdMetrics(y, atLeast(score, r.threshold!), undefined, w);
        for (const [k, mine] of [
          ['tp', m.tp],
          ['fp', m.fp],
          ['fn', m.fn],
          ['tn', m.tn],
          ['tpr', m.tpr],
          ['fpr', m.fpr],
          ['fnr', m.fnr],
          ['ppv', m.ppv],
          ['selection_rate', m.selectionRate],
          ['base_rate', m.baseRate],
        ] as const) {
          close(mine, r[k]!, 1e-12, `${k} at ${r.threshold}`);
        }
      }
    });
  }
}

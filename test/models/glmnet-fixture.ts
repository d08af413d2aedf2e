/**
 * Loads test/fixtures/glmnet: data.csv (written by scripts/glmnet-fixture-data.ts) as a Matrix
 * whose indicator and count columns are sparse and continuous columns dense, and expected.json
 * (written by scripts/glmnet-fixture.R from R's glmnet).
 */
import { readFileSync } from 'node:fs';
import { denseColumn, makeMatrix, sparseColumn } from '../../src/core/index.js';
import type { Column, Matrix } from '../../src/core/index.js';

const dir = new URL('../fixtures/glmnet/', import.meta.url);

export interface GlmnetCase {
  readonly weighted: boolean;
  readonly typeMeasure: 'deviance' | 'auc';
  readonly thresh: number;
  readonly foldLambdas: 'own' | 'full';
  readonly standardize: boolean;
  readonly lambda: number[];
  readonly a0: number[];
  /** beta[k][j]: coefficient of feature j at lambda[k]. */
  readonly beta: number[][];
  readonly devRatio: number[];
  readonly nulldev: number;
  readonly df: number[];
  readonly cvm: number[];
  readonly cvsd: number[];
  readonly nzero: number[];
  readonly lambdaMin: number;
  readonly lambda1se: number;
  readonly interceptMin: number;
  readonly coefMin: number[];
  readonly intercept1se: number;
  readonly coef1se: number[];
}

export interface GlmnetExpected {
  readonly glmnet: string;
  readonly features: string[];
  readonly cases: Record<string, GlmnetCase>;
}

export interface GlmnetData {
  readonly X: Matrix;
  readonly y: Uint8Array;
  readonly w: Float64Array;
  /** Fold of each row, 0-based (R's foldid − 1). */
  readonly foldOf: Int32Array;
}

/** The fixture's data; columns whose names start with b, c or `zero` are stored sparse. */
export function loadGlmnetData(): GlmnetData {
  const lines = readFileSync(new URL('data.csv', dir), 'utf8').trim().split('\n');
  const header = lines[0]!.split(',');
  const rows = lines.slice(1).map((l) => l.split(',').map(Number));
  const n = rows.length;
  const col = (j: number) => Float64Array.from(rows, (r) => r[j]!);
  const names = header.slice(3);
  const columns = names.map((name, k): Column => {
    const values = col(k + 3);
    if (!/^(b|c)\d|^zero$/.test(name)) return denseColumn(values);
    const at: number[] = [];
    values.forEach((v, i) => v !== 0 && at.push(i));
    return sparseColumn(
      Uint32Array.from(at),
      Float64Array.from(at, (i) => values[i]!),
    );
  });
  return {
    X: makeMatrix(n, names, columns),
    y: Uint8Array.from(rows, (r) => r[0]!),
    w: col(1),
    foldOf: Int32Array.from(rows, (r) => r[2]! - 1),
  };
}

export function loadGlmnetExpected(): GlmnetExpected {
  return JSON.parse(readFileSync(new URL('expected.json', dir), 'utf8')) as GlmnetExpected;
}

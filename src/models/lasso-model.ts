/**
 * The LASSO model file: a plain-JSON logistic model (`kind: 'lasso'`) holding feature names,
 * intercept and coefficients on the original feature scale, and, for a cross-validated fit, the
 * chosen λ, λ_min, λ_1se, the CV curve and the parameters. An imported coefficient table is the
 * same kind with the λ and CV fields null. The file holds no training rows and round-trips
 * exactly: JSON.stringify → JSON.parse → parseLassoModel → predictLasso gives identical numbers.
 */
import { z } from 'zod';
import type { Matrix } from '../core/index.js';
import { gatherColumns } from './columns.js';
import { logistic } from './cv-stats.js';
import { linearPredictor } from './kernels.js';
import { CvLassoParams } from './lasso-params.js';
import { featureError, fileError } from './messages.js';

/** Version of the model file layout; a reader refuses other versions. */
export const LASSO_SCHEMA_VERSION = 1;

/** The cross-validation curve stored with a model (one entry per λ of the full-data path). */
export const LassoCvCurve = z.strictObject({
  typeMeasure: z.enum(['deviance', 'auc']),
  folds: z.number().int().min(3),
  lambda: z.array(z.number().min(0)),
  cvm: z.array(z.number()),
  cvsd: z.array(z.number().min(0)),
  nonzero: z.array(z.number().int().min(0)),
});
export type LassoCvCurve = z.infer<typeof LassoCvCurve>;

const Source = z.discriminatedUnion('kind', [
  /** Fitted by cvLasso on `rows` training rows of total weight `weightSum`. */
  z.strictObject({
    kind: z.literal('cv-lasso'),
    rows: z.number().int().min(1),
    weightSum: z.number().positive(),
  }),
  /** Imported from a coefficient table; `sha256` of its text. */
  z.strictObject({
    kind: z.literal('coefficient-table'),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
  }),
]);

/**
 * Schema of a LASSO model file. Besides field types it checks that there is one coefficient per
 * feature, that feature names are unique, and that the CV arrays have one entry per λ.
 */
export const LassoModel = z
  .strictObject({
    kind: z.literal('lasso'),
    schemaVersion: z.literal(LASSO_SCHEMA_VERSION),
    link: z.literal('logit'),
    features: z.array(z.string().min(1)),
    intercept: z.number(),
    coefficients: z.array(z.number()),
    lambda: z.number().min(0).nullable(),
    lambdaMin: z.number().min(0).nullable(),
    lambdaOneSe: z.number().min(0).nullable(),
    rule: z.enum(['min', '1se']).nullable(),
    cv: LassoCvCurve.nullable(),
    params: CvLassoParams.nullable(),
    source: Source,
  })
  .superRefine((m, ctx) => {
    const bad = (message: string, path: string) =>
      ctx.addIssue({ code: 'custom', message, path: [path] });
    if (m.coefficients.length !== m.features.length) {
      bad(
        `${m.coefficients.length} coefficients for ${m.features.length} features`,
        'coefficients',
      );
    }
    const seen = new Set<string>();
    for (const f of m.features) {
      if (seen.has(f)) bad(`feature ${f} appears twice`, 'features');
      seen.add(f);
    }
    const cv = m.cv;
    if (cv && [cv.cvm, cv.cvsd, cv.nonzero].some((a) => a.length !== cv.lambda.length)) {
      bad(`cv arrays differ in length from cv.lambda (${cv.lambda.length})`, 'cv');
    }
  });
/** A LASSO (or imported logistic) model, as loaded. */
export type LassoModel = z.infer<typeof LassoModel>;

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/**
 * Validates a parsed JSON value as a LASSO model and returns it frozen.
 * @throws SightlineError E_MODEL_FILE listing each field that does not match the schema.
 * @example const model = parseLassoModel(JSON.parse(await readFile('model.json', 'utf8')));
 */
export function parseLassoModel(value: unknown): LassoModel {
  const parsed = LassoModel.safeParse(value);
  if (!parsed.success) {
    const text = parsed.error.issues.map(
      (i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`,
    );
    throw fileError(`${text.join('; ')} — re-export the model or fix these fields`);
  }
  return deepFreeze(parsed.data);
}

/**
 * Predicted probabilities P(y = 1) = logistic(intercept + Σ_j β_j x_j) for `rows` of X (default
 * every row), in the order of `rows`. Columns are matched to the model's features by name; only
 * features with a non-zero coefficient must be present. A NaN feature value with a non-zero
 * coefficient gives a NaN probability for that row (no imputation).
 * @throws SightlineError E_MODEL_FEATURE naming a missing feature; E_MODEL_ROWS for bad rows.
 * @example const p = predictLasso(model, X, split.test);
 */
export function predictLasso(model: LassoModel, X: Matrix, rows?: Uint32Array): Float64Array {
  const at = new Map(X.names.map((name, j) => [name, j]));
  const names: string[] = [];
  const columns = [];
  const beta: number[] = [];
  for (let j = 0; j < model.features.length; j++) {
    const b = model.coefficients[j]!;
    if (b === 0) continue;
    const name = model.features[j]!;
    const c = at.get(name);
    if (c === undefined) throw featureError(name);
    names.push(name);
    columns.push(X.columns[c]!);
    beta.push(b);
  }
  const all = rows ?? Uint32Array.from({ length: X.nRows }, (_, i) => i);
  if (all.length === 0) return new Float64Array(0);
  const cols = gatherColumns({ nRows: X.nRows, names, columns }, all, false);
  const eta = new Float64Array(all.length);
  linearPredictor(cols, model.intercept, beta, eta);
  return eta.map(logistic);
}

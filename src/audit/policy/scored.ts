/**
 * A model as a screener would meet it, for the policy analyses: probability → score on the
 * quantile scale → household protocol. The base model keeps the scale stored in its file; any
 * other model (an ablation, another λ, another seed) gets its scale refitted by the same
 * procedure — the same number of bins, cut at its own predictions on the same reference rows —
 * because that is what retraining with the identical procedure would ship.
 */
import {
  applyProtocol,
  applyScale,
  fitQuantileScale,
  type Protocol,
  type ScoreScale,
} from '../../scoring/index.js';
import type { PolicyContext } from './context.js';

/** One scored model (arrays have one entry per record; NaN outside the population). */
export interface ScoredModel {
  readonly name: string;
  readonly probability: Float64Array;
  readonly scale: ScoreScale;
  /** The child's own score. */
  readonly score: Float64Array;
  /** The protocol of the child's household under the model file's rule set. */
  readonly protocol: readonly Protocol[];
}

/** The rows whose predictions cut the scale under the procedure. */
export function scaleReferenceRows(ctx: PolicyContext): Uint32Array {
  return ctx.scaleReference === 'test' && ctx.split.test.length > 0 && ctx.replayed
    ? ctx.split.test
    : ctx.split.train.length > 0
      ? ctx.split.train
      : ctx.split.test;
}

/**
 * The protocol of every population record's household (`none` elsewhere), by the scoring layer's
 * applyProtocol. The population is chosen referral by referral (call date, decision, maturity),
 * so a referral's children are all in it or all out, and records of one referral are adjacent:
 * this gives householdProtocols' answer while visiting only the population's households.
 */
export function populationProtocols(ctx: PolicyContext, score: Float64Array): Protocol[] {
  const r = ctx.fs.records;
  const out = new Array<Protocol>(r.n).fill('none');
  const rows = ctx.population;
  for (let a = 0; a < rows.length;) {
    let b = a + 1;
    while (b < rows.length && r.household[rows[b]!] === r.household[rows[a]!]) b++;
    const members = Array.from(rows.subarray(a, b));
    const p = applyProtocol(
      ctx.file.protocol,
      members.map((i) => r.age[i]!),
      members.map((i) => score[i]!),
    );
    for (const i of members) out[i] = p;
    a = b;
  }
  return out;
}

function finish(ctx: PolicyContext, name: string, p: Float64Array, scale: ScoreScale): ScoredModel {
  const score = applyScale(scale, p);
  return { name, probability: p, scale, score, protocol: populationProtocols(ctx, score) };
}

/** The base model, scored on its own stored scale. */
export function scoreBase(ctx: PolicyContext, name = 'base model'): ScoredModel {
  return finish(ctx, name, ctx.probability, ctx.file.scale);
}

/**
 * Another model, scored after refitting the scale by the procedure (bins of the file's scale,
 * cut points at the type-7 quantiles of this model's predictions on the reference rows).
 * @example scoreAlternative(ctx, 'without juvenile probation', p)
 */
export function scoreAlternative(
  ctx: PolicyContext,
  name: string,
  probability: Float64Array,
): ScoredModel {
  const base = ctx.file.scale;
  const bins = base.kind === 'quantile' ? base.bins : 20;
  const rows = scaleReferenceRows(ctx);
  const scale = fitQuantileScale(probability, {
    bins,
    rows,
    population: {
      description: `${name}: its own predictions on the ${rows === ctx.split.test ? 'test' : 'training'} rows (the procedure of the base model's scale)`,
      n: rows.length,
    },
  });
  return finish(ctx, name, probability, scale);
}

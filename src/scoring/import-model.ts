/**
 * A county's own model as a Sightline model file: an imported coefficient table or XGBoost model
 * (models layer), with the score scale the county uses (its cut points, ventiles fitted on a
 * reference extract, or the raw probability), its household aggregation and its protocol. The
 * file has no training record: Sightline did not train it, and says so.
 */
import { SightlineError } from '../core/index.js';
import { PROTOCOL_PRESETS } from './protocol.js';
import { AGGREGATIONS, type Aggregation } from './household.js';
import { MODEL_FILE_VERSION, parseModelFile, type ModelFile } from './model-file.js';
import { ScoreScale } from './scale.js';

/**
 * Reads a county's cut points (one probability per line or comma-separated, strictly
 * increasing, each in (0, 1)) as a quantile scale with cutPoints.length + 1 bins.
 * @throws SightlineError E_IMPORT_CUT_POINTS naming the entry, the value and the fix.
 * @example cutPointScale('0.01\n0.02\n0.05\n', 'county cut points, 2019 deployment')
 */
export function cutPointScale(text: string, description: string): ScoreScale {
  const entries = text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const fail = (what: string) => {
    throw new SightlineError(
      'E_IMPORT_CUT_POINTS',
      `cut points: ${what}. Fix: give strictly increasing probabilities in (0, 1), one per line`,
    );
  };
  if (entries.length < 1) fail('the file has no cut points');
  const cuts = entries.map((s, k) => {
    const v = Number(s);
    if (!/^[-+0-9.eE]+$/.test(s) || !(v > 0 && v < 1))
      fail(`entry ${k + 1} is ${JSON.stringify(s)}`);
    return v;
  });
  cuts.forEach((v, k) => {
    if (k > 0 && !(v > cuts[k - 1]!)) {
      fail(`entry ${k + 1} (${v}) is not above entry ${k} (${cuts[k - 1]})`);
    }
  });
  if (cuts.length + 1 > 100) fail(`${cuts.length + 1} bins, more than 100`);
  return ScoreScale.parse({
    kind: 'quantile',
    bins: cuts.length + 1,
    cutPoints: cuts,
    population: { description, n: 1 },
  });
}

/**
 * Wraps an imported model as a model file.
 * @throws SightlineError E_USAGE for an unknown aggregation or protocol.
 * @example importedModelFile(importCoefficientTable(csv), { scale: { kind: 'probability' }, aggregation: 'household_max', protocol: 'allegheny-v2' })
 */
export function importedModelFile(
  model: ModelFile['model'],
  o: { scale: ScoreScale; aggregation: string; protocol: string },
): ModelFile {
  if (!(AGGREGATIONS as readonly string[]).includes(o.aggregation)) {
    throw new SightlineError(
      'E_USAGE',
      `unknown aggregation ${o.aggregation}. Fix: one of ${AGGREGATIONS.join(', ')}`,
    );
  }
  const protocol = PROTOCOL_PRESETS[o.protocol];
  if (protocol === undefined) {
    throw new SightlineError(
      'E_USAGE',
      `unknown protocol ${o.protocol}. Fix: one of ${Object.keys(PROTOCOL_PRESETS).join(', ')}`,
    );
  }
  return parseModelFile({
    format: 'sightline-model',
    schemaVersion: MODEL_FILE_VERSION,
    model,
    scale: o.scale,
    aggregation: o.aggregation as Aggregation,
    protocol,
    training: null,
  });
}

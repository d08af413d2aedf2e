/**
 * `sightline import (--coefficients CSV | --xgboost JSON) --out MODEL`: a county's own model as a
 * Sightline model file, so it can be scored, explained and audited like one Sightline trained.
 * The score scale is the county's (`--cut-points FILE`), ventiles fitted on a reference extract's
 * records (`--extract DIR`), or the raw probability (neither).
 */
import { readFile } from 'node:fs/promises';
import { hashExtract, readExtract, DECISION } from '../../src/contract/index.js';
import { SightlineError } from '../../src/core/index.js';
import { buildFeatures } from '../../src/features/index.js';
import { importCoefficientTable, importXgboostJson } from '../../src/models/index.js';
import {
  cutPointScale,
  fitQuantileScale,
  importedModelFile,
  modelSummary,
  predictAnyModel,
  type ModelFile,
  type ScoreScale,
} from '../../src/scoring/index.js';
import { intOpt, requiredOpt, stringOpt, type Args, type Command } from '../command.js';
import { writeModelFile } from './model-io.js';

async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    throw new SightlineError('E_USAGE', `${what} ${path} not found. Fix: give an existing file`);
  }
}

async function importModel(args: Args): Promise<ModelFile['model']> {
  const table = stringOpt(args, 'coefficients');
  const xgb = stringOpt(args, 'xgboost');
  if ((table === undefined) === (xgb === undefined)) {
    throw new SightlineError(
      'E_USAGE',
      'import needs exactly one model. Fix: give --coefficients CSV or --xgboost JSON',
    );
  }
  if (table !== undefined)
    return importCoefficientTable(await readText(table, 'coefficient table'));
  const namesFile = stringOpt(args, 'feature-names');
  const features =
    namesFile === undefined
      ? undefined
      : (await readText(namesFile, 'feature-name file'))
          .split(/\r?\n/)
          .map((s) => s.trim())
          .filter((s) => s !== '');
  return importXgboostJson(
    await readText(xgb!, 'XGBoost model'),
    features === undefined ? {} : { features },
  );
}

async function scaleOf(args: Args, model: ModelFile['model']): Promise<ScoreScale> {
  const cuts = stringOpt(args, 'cut-points');
  const dir = stringOpt(args, 'extract');
  if (cuts !== undefined && dir !== undefined) {
    throw new SightlineError('E_USAGE', 'give --cut-points or --extract, not both');
  }
  if (cuts !== undefined) {
    return cutPointScale(
      await readText(cuts, 'cut-point file'),
      `the county's cut points (${cuts})`,
    );
  }
  if (dir === undefined) return { kind: 'probability' };
  const reference = stringOpt(args, 'reference') ?? 'screened_in';
  if (reference !== 'screened_in' && reference !== 'all') {
    throw new SightlineError('E_USAGE', `invalid --reference: ${reference} (screened_in or all)`);
  }
  const fs = buildFeatures((await readExtract(dir)).extract);
  const IN = DECISION.indexOf('in');
  const rows: number[] = [];
  for (let i = 0; i < fs.records.n; i++) {
    if (reference === 'all' || fs.records.decision[i] === IN) rows.push(i);
  }
  if (rows.length === 0) {
    throw new SightlineError(
      'E_USAGE',
      `the extract ${dir} has no ${reference} records to fit a scale on`,
    );
  }
  const p = predictAnyModel(model, fs.matrix);
  return fitQuantileScale(p, {
    bins: intOpt(args, 'import', 'bins', 20),
    rows: Uint32Array.from(rows),
    population: {
      description: `${reference} records of the extract ${dir}`,
      n: rows.length,
      dataHash: await hashExtract(dir),
    },
  });
}

export const importCommand: Command = {
  name: 'import',
  summary: "load a county's own model (coefficient table or XGBoost JSON) as a model file",
  usage: '(--coefficients CSV | --xgboost JSON) --out MODEL [options]',
  description: [
    'A coefficient table is CSV with header feature,coefficient and an (Intercept) row. An',
    'XGBoost model is the file of save_model("m.json") (binary:logistic or logitraw). Feature',
    "names must be Sightline's (see sightline features); --feature-names renames XGBoost columns.",
  ].join('\n'),
  options: {
    coefficients: { type: 'string', value: 'CSV', help: 'logistic model as a coefficient table' },
    xgboost: { type: 'string', value: 'JSON', help: 'XGBoost model saved as JSON' },
    'feature-names': { type: 'string', value: 'FILE', help: 'XGBoost column names, one per line' },
    out: { type: 'string', value: 'MODEL', help: 'model file to write' },
    'cut-points': {
      type: 'string',
      value: 'FILE',
      help: "the county's score cut points (probabilities, increasing)",
    },
    extract: { type: 'string', value: 'DIR', help: 'fit ventile cut points on this extract' },
    reference: { type: 'string', value: 'R', help: 'with --extract: screened_in (default) or all' },
    bins: { type: 'string', value: 'B', help: 'with --extract: bins (default 20)' },
    aggregation: {
      type: 'string',
      value: 'A',
      help: 'household_max (default), individual, alleged_victim_max',
    },
    protocol: { type: 'string', value: 'P', help: 'allegheny-v2 (default), allegheny-v1, top-25' },
  },
  positionals: [0, 0],
  async run(args, io) {
    const out = requiredOpt(args, 'import', 'out');
    const model = await importModel(args);
    const file = importedModelFile(model, {
      scale: await scaleOf(args, model),
      aggregation: stringOpt(args, 'aggregation') ?? 'household_max',
      protocol: stringOpt(args, 'protocol') ?? 'allegheny-v2',
    });
    await writeModelFile(out, file);
    const scale =
      file.scale.kind === 'quantile'
        ? `${file.scale.bins} bins cut on ${file.scale.population.description}`
        : 'the raw probability (no cut points given)';
    io.out(`model written to ${out}: ${modelSummary(file.model).text}; score scale ${scale}\n`);
    return 0;
  },
};

/**
 * The model as the service holds it: the parsed model file, its content hash, and the part of the
 * default feature catalog the model reads (LASSO: non-zero coefficients; trees: split features),
 * so that a call builds only those columns with the batch builder. Building a subset of the
 * catalog computes each feature exactly as the full build does (features are independent).
 */
import { SightlineError, sha256 } from '../../src/core/index.js';
import { defaultCatalog, type FeatureSpec } from '../../src/features/index.js';
import { parseModelFile, type ModelFile } from '../../src/scoring/index.js';

/** A loaded model ready to score calls. */
export interface CallScorer {
  readonly file: ModelFile;
  /** `sha256:` + SHA-256 of the model file's text. */
  readonly modelHash: string;
  /** The catalog entries the model reads, in default-catalog order. */
  readonly catalog: readonly FeatureSpec[];
  /**
   * The model file explanations use: for LASSO, the same model without its zero coefficients
   * (their contributions are 0, so every explanation is identical, and a call explains a few
   * features instead of a thousand); other kinds as they are.
   */
  readonly explainFile: ModelFile;
}

/** Names of the features a model's prediction depends on. */
export function featuresRead(file: ModelFile): Set<string> {
  const m = file.model;
  if (m.kind === 'lasso') return new Set(m.features.filter((_, j) => m.coefficients[j] !== 0));
  const used = new Set<string>();
  for (const t of m.trees) for (const f of t.feature) if (f >= 0) used.add(m.features[f]!);
  return used;
}

/**
 * Parses a model file's text for serving.
 * @throws SightlineError E_MODEL_FILE for a bad file, E_SERVE_MODEL when the model reads a
 *   feature the default catalog does not define (the service can only build catalog features)
 *   or scores on the raw probability rather than a quantile scale.
 */
export function callScorer(text: string, source: string): CallScorer {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new SightlineError(
      'E_MODEL_FILE',
      `${source} is not JSON (${(e as Error).message}). Fix: give the file written by 'sightline train --out'.`,
    );
  }
  const file = parseModelFile(value, source);
  if (file.scale.kind !== 'quantile') {
    throw new SightlineError(
      'E_SERVE_MODEL',
      `${source} scores on the raw probability; the service shows screeners a whole-number score. Fix: train with a quantile scale (the default, ventiles 1–20).`,
    );
  }
  const read = featuresRead(file);
  const catalog = defaultCatalog().filter((f) => read.has(f.name));
  if (catalog.length !== read.size) {
    const known = new Set(catalog.map((f) => f.name));
    const missing = [...read].filter((n) => !known.has(n));
    throw new SightlineError(
      'E_SERVE_MODEL',
      `${source} reads ${missing.length} feature(s) the feature catalog does not define (e.g. ${missing[0]}). Fix: serve a model trained on Sightline's feature catalog.`,
      { missing: missing.slice(0, 10) },
    );
  }
  return { file, modelHash: `sha256:${sha256(text)}`, catalog, explainFile: withoutZeros(file) };
}

/** A LASSO model file without its zero coefficients (other kinds unchanged). */
export function withoutZeros(file: ModelFile): ModelFile {
  const m = file.model;
  if (m.kind !== 'lasso') return file;
  const keep = m.features.flatMap((_, j) => (m.coefficients[j] !== 0 ? [j] : []));
  const model = {
    ...m,
    features: keep.map((j) => m.features[j]!),
    coefficients: keep.map((j) => m.coefficients[j]!),
  };
  return { ...file, model };
}

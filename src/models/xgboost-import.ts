/**
 * Import of a county's XGBoost model saved with `Booster.save_model("model.json")` (XGBoost's
 * JSON model format, 1.x to 3.x) as a Sightline 'gbt' model, so it is scored, explained and
 * audited like a model fitted here.
 *
 * What is read: learner.objective.name (binary:logistic, reg:logistic or binary:logitraw),
 * learner.learner_model_param.base_score (a probability; the base margin is its logit, or the
 * value itself for binary:logitraw), learner.feature_names (or `f0`, `f1`, ... or the names the
 * caller gives), and for each tree of learner.gradient_booster.model.trees: left_children,
 * right_children, split_indices, split_conditions, default_left, base_weights, sum_hessian and
 * loss_changes. A dart booster's tree weights (weight_drop) scale its leaves.
 *
 * Exactness: XGBoost compares float32(x) < split_condition (a float32). Each threshold t is
 * turned into the double t' for which x < t' ⟺ fround(x) < t, so double inputs go the way
 * XGBoost sends them; leaf values are the float32 values XGBoost stores. XGBoost sums leaves in
 * float32 and Sightline in double, so margins agree to about 1e-7 relative.
 *
 * Not supported (E_MODEL_XGBOOST): multi-class or multi-target models, other objectives,
 * categorical splits, the gblinear booster. Zero is a value, as in a dense matrix: a model
 * trained on a scipy sparse matrix, where absent entries meant *missing*, sends zeros to the
 * default side in XGBoost but by threshold here — train it on dense input to import it.
 */
import { sha256 } from '../core/index.js';
import { GBT_SCHEMA_VERSION, parseGbtModel, type GbtModel } from './gbt-model.js';
import type { TreeArrays } from './tree-model.js';
import { xgboostError, xgboostFileError } from './tree-messages.js';
import { treeBuilder } from './tree-partition.js';

const OBJECTIVES = ['binary:logistic', 'reg:logistic', 'binary:logitraw'];

type Json = Record<string, unknown>;

function obj(v: unknown, path: string): Json {
  if (v === null || typeof v !== 'object' || Array.isArray(v))
    throw xgboostFileError(path, describe(v));
  return v as Json;
}

function describe(v: unknown): string {
  if (v === undefined) return 'missing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return `a ${typeof v}`;
}

function numbers(v: unknown, path: string): number[] {
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'number' || typeof x === 'boolean')) {
    throw xgboostFileError(path, `${describe(v)}, not an array of numbers`);
  }
  return v.map(Number);
}

/** A number XGBoost may write as a string ("5E-1") or a one-element vector string ("[5E-1]"). */
function scalar(v: unknown, path: string): number {
  const text = typeof v === 'string' ? v.replace(/^\[|\]$/g, '') : v;
  const x = typeof text === 'number' ? text : Number(text);
  if (typeof text !== 'number' && typeof text !== 'string')
    throw xgboostFileError(path, describe(v));
  if (!Number.isFinite(x)) throw xgboostFileError(path, `"${String(v)}", not a finite number`);
  return x;
}

const view = new DataView(new ArrayBuffer(8));

/** The largest float32 below float32 t (t finite). */
function prevFloat32(t: number): number {
  if (t === 0) return -(2 ** -149);
  view.setFloat32(0, t);
  const bits = view.getInt32(0);
  view.setInt32(0, t > 0 ? bits - 1 : bits + 1);
  return view.getFloat32(0);
}

/** The smallest double above double m. */
function nextDouble(m: number): number {
  if (m === 0) return Number.MIN_VALUE;
  view.setFloat64(0, m);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const up = m > 0;
  let nlo = up ? lo + 1 : lo - 1;
  let nhi = hi;
  if (nlo > 0xffffffff) {
    nlo = 0;
    nhi++;
  } else if (nlo < 0) {
    nlo = 0xffffffff;
    nhi--;
  }
  view.setUint32(0, nhi);
  view.setUint32(4, nlo);
  return view.getFloat64(0);
}

/**
 * The double threshold t' with x < t' ⟺ Math.fround(x) < t for every double x (t a float32):
 * the midpoint m between t and the float32 below it, or the double after m when m itself
 * rounds down (ties to even).
 * @example float32Threshold(0.1) // x < it exactly when Math.fround(x) < Math.fround(0.1)
 */
export function float32Threshold(t: number): number {
  const t32 = Math.fround(t);
  if (t32 === Infinity) return nextDouble(2 ** 128 - 2 ** 103);
  if (t32 === -Infinity) return -Number.MAX_VALUE;
  const m = (prevFloat32(t32) + t32) / 2;
  return Math.fround(m) === t32 ? m : nextDouble(m);
}

/** One XGBoost tree as Sightline arrays, renumbered breadth first from the root. */
function convertTree(tree: Json, path: string, weight: number, nFeatures: number): TreeArrays {
  const left = numbers(tree.left_children, `${path}.left_children`);
  const right = numbers(tree.right_children, `${path}.right_children`);
  const feature = numbers(tree.split_indices, `${path}.split_indices`);
  const cond = numbers(tree.split_conditions, `${path}.split_conditions`);
  const defaultLeft = numbers(tree.default_left, `${path}.default_left`);
  const baseWeight = numbers(tree.base_weights, `${path}.base_weights`);
  const hess = numbers(tree.sum_hessian, `${path}.sum_hessian`);
  const loss =
    tree.loss_changes === undefined
      ? left.map(() => 0)
      : numbers(tree.loss_changes, `${path}.loss_changes`);
  const n = left.length;
  for (const [name, a] of Object.entries({
    right,
    feature,
    cond,
    defaultLeft,
    baseWeight,
    hess,
    loss,
  })) {
    if (a.length !== n)
      throw xgboostFileError(`${path}.${name}`, `of length ${a.length}, left_children has ${n}`);
  }
  const splitType =
    tree.split_type === undefined ? [] : numbers(tree.split_type, `${path}.split_type`);
  if (splitType.some((s) => s !== 0)) {
    throw xgboostError(
      `${path} has categorical splits`,
      'one-hot encode categories before training',
    );
  }
  // Shrinkage: a leaf's stored value over its base weight (for the split nodes' values).
  let shrink = 1;
  for (let i = 0; i < n; i++) {
    if (left[i] === -1 && baseWeight[i] !== 0) {
      shrink = cond[i]! / baseWeight[i]!;
      break;
    }
  }
  const out: TreeArrays = treeBuilder();
  const queue = [0];
  const seen = new Uint8Array(n);
  for (let q = 0; q < queue.length; q++) {
    const i = queue[q]!;
    if (!(i >= 0 && i < n) || seen[i] === 1) {
      throw xgboostFileError(
        `${path}.left_children`,
        `not a tree (node ${i} reached twice or out of range)`,
      );
    }
    seen[i] = 1;
    const leaf = left[i] === -1;
    // "+ 0" turns XGBoost's -0 into 0, which JSON keeps (the model must round-trip exactly).
    out.cover.push(hess[i]! + 0);
    out.gain.push(leaf ? 0 : loss[i]! + 0);
    if (leaf) {
      out.feature.push(-1);
      out.threshold.push(0);
      out.defaultLeft.push(false);
      out.left.push(-1);
      out.right.push(-1);
      out.value.push(Math.fround(cond[i]!) * weight + 0);
      continue;
    }
    if (!(feature[i]! >= 0 && feature[i]! < nFeatures)) {
      throw xgboostFileError(
        `${path}.split_indices[${i}]`,
        `${feature[i]}, beyond the ${nFeatures} features`,
      );
    }
    out.feature.push(feature[i]!);
    out.threshold.push(float32Threshold(cond[i]!) + 0);
    out.defaultLeft.push(defaultLeft[i] === 1);
    out.left.push(queue.length);
    out.right.push(queue.length + 1);
    out.value.push(Math.fround(baseWeight[i]!) * shrink * weight + 0);
    queue.push(left[i]!, right[i]!);
  }
  return out;
}

/** Feature names: the caller's, the file's, or f0, f1, ... */
function featureNames(learner: Json, nFeatures: number, given?: readonly string[]): string[] {
  const inFile = Array.isArray(learner.feature_names)
    ? (learner.feature_names as unknown[]).map(String)
    : [];
  const types = Array.isArray(learner.feature_types) ? (learner.feature_types as unknown[]) : [];
  if (types.some((t) => t === 'c')) {
    throw xgboostError(
      'the model has categorical features',
      'one-hot encode categories before training',
    );
  }
  const names = given
    ? [...given]
    : inFile.length > 0
      ? inFile
      : Array.from({ length: nFeatures }, (_, j) => `f${j}`);
  if (names.length !== nFeatures) {
    throw xgboostError(
      `${names.length} feature names for a model of ${nFeatures} features`,
      'give one name per column of the matrix the model was trained on, in order',
    );
  }
  return names;
}

/**
 * Imports an XGBoost JSON model (the text of the file) as a gbt model. `features` names the
 * model's columns in training order when the file has no names (or to rename them).
 * @throws SightlineError E_MODEL_FILE when the text is not XGBoost's JSON model format;
 *   E_MODEL_XGBOOST for a model this importer does not support (see the file comment).
 * @example const model = importXgboostJson(await readFile('m.json', 'utf8'), { features: names });
 */
export function importXgboostJson(
  text: string,
  opts: { readonly features?: readonly string[] } = {},
): GbtModel {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch {
    throw xgboostFileError('the file', 'not JSON');
  }
  const learner = obj(obj(root, '(root)').learner, 'learner');
  const objective = String(obj(learner.objective, 'learner.objective').name);
  if (!OBJECTIVES.includes(objective)) {
    throw xgboostError(`objective ${objective}`, `train with one of ${OBJECTIVES.join(', ')}`);
  }
  const param = obj(learner.learner_model_param, 'learner.learner_model_param');
  if (param.num_class !== undefined && scalar(param.num_class, 'num_class') > 1) {
    throw xgboostError(`a ${param.num_class}-class model`, 'train a binary model');
  }
  if (param.num_target !== undefined && scalar(param.num_target, 'num_target') > 1) {
    throw xgboostError(`a ${param.num_target}-target model`, 'train a single-target model');
  }
  const baseScore = scalar(param.base_score, 'learner.learner_model_param.base_score');
  if (objective !== 'binary:logitraw' && !(baseScore > 0 && baseScore < 1)) {
    throw xgboostFileError(
      'learner.learner_model_param.base_score',
      `${baseScore}, not a probability in (0, 1)`,
    );
  }
  const nFeatures = scalar(param.num_feature, 'learner.learner_model_param.num_feature');
  const booster = obj(learner.gradient_booster, 'learner.gradient_booster');
  const name = String(booster.name);
  if (name !== 'gbtree' && name !== 'dart') {
    throw xgboostError(`booster ${name}`, 'use booster gbtree or dart');
  }
  const gbtree = name === 'dart' ? obj(booster.gbtree, 'learner.gradient_booster.gbtree') : booster;
  const model = obj(gbtree.model, 'gradient_booster.model');
  if (!Array.isArray(model.trees))
    throw xgboostFileError('gradient_booster.model.trees', describe(model.trees));
  const weights =
    name === 'dart' ? numbers(booster.weight_drop, 'gradient_booster.weight_drop') : [];
  const trees = model.trees.map((t, k) =>
    convertTree(obj(t, `trees[${k}]`), `trees[${k}]`, name === 'dart' ? weights[k]! : 1, nFeatures),
  );
  const logit = objective === 'binary:logitraw' ? baseScore : Math.log(baseScore / (1 - baseScore));
  const version = Array.isArray((root as Json).version)
    ? ((root as Json).version as unknown[]).join('.')
    : 'unknown';
  return parseGbtModel({
    kind: 'gbt',
    schemaVersion: GBT_SCHEMA_VERSION,
    objective: 'binary:logistic',
    features: featureNames(learner, nFeatures, opts.features),
    baseMargin: logit,
    trees,
    params: null,
    source: { kind: 'xgboost-json', sha256: sha256(text), version, objective, baseScore },
  });
}

/**
 * The decision register (`sightline-register`, schema version 1): every design decision of a model
 * — population, label and window, split, feature selection, score scale and its reference
 * population, household aggregation, protocol thresholds, included feature groups — written down
 * as the policy choice it is: what was chosen (in words and as parameters), the alternatives
 * considered, who decided and when (fields people fill: a draft says "unsigned"), why, and the
 * replay measurements that bear on it (evidence, attached by `sightline replay` / `ablate`).
 *
 * `draftRegister` builds the draft from a training result or a model file; `attachEvidence` adds
 * (or replaces) the evidence of a replay or an ablation; `parseRegister` validates a file.
 */
import { z } from 'zod';
import { SightlineError } from '../../core/index.js';
import { modelSummary, type ModelFile, type TrainResult } from '../../scoring/index.js';
import type { ReplayReport } from './replay.js';
import type { AblationReport } from './ablation.js';
import { draftDecisions } from './register-decisions.js';
import { ablationEvidence, replayEvidence } from './register-evidence.js';

/** The format name and schema version of register files. */
export const REGISTER_FORMAT = 'sightline-register';
export const REGISTER_VERSION = 1;
/** What an unsigned field says. */
export const UNSIGNED = 'unsigned';

/** The decisions a register lists, in order. */
export const DECISION_IDS = [
  'population',
  'label',
  'split',
  'feature_selection',
  'score_scale',
  'aggregation',
  'protocol',
  'feature_groups',
] as const;
export type DecisionId = (typeof DECISION_IDS)[number];

/** A measurement that bears on a decision. */
export const Evidence = z.strictObject({
  analysis: z.enum(['training', 'replay', 'ablation', 'multiplicity', 'household_size']),
  summary: z.string().min(1),
  measures: z.record(z.string(), z.number().nullable()).default({}),
  /** Where it comes from: the extract's data hash, a report folder… */
  source: z.string().nullable().default(null),
});
export type Evidence = z.infer<typeof Evidence>;

/** An alternative that was (or should have been) considered. */
export const Alternative = z.strictObject({
  choice: z.string().min(1),
  note: z.string().default(''),
});

/** One design decision. */
export const Decision = z.strictObject({
  id: z.enum(DECISION_IDS),
  title: z.string().min(1),
  choice: z.string().min(1),
  value: z.record(z.string(), z.unknown()),
  alternatives: z.array(Alternative),
  /** Why this choice: written by the people who decide (empty in a draft). */
  rationale: z.string().default(''),
  decidedBy: z.string().min(1).default(UNSIGNED),
  /** A date YYYY-MM-DD, or "unsigned". */
  decidedOn: z
    .string()
    .regex(/^(unsigned|\d{4}-\d{2}-\d{2})$/, 'a date YYYY-MM-DD or "unsigned"')
    .default(UNSIGNED),
  evidence: z.array(Evidence).default([]),
});
export type Decision = z.infer<typeof Decision>;

/** The register file. */
export const Register = z.strictObject({
  format: z.literal(REGISTER_FORMAT),
  schemaVersion: z.literal(REGISTER_VERSION),
  model: z.strictObject({
    kind: z.string(),
    summary: z.string(),
    dataHash: z.string().nullable(),
    protocol: z.string(),
  }),
  decisions: z.array(Decision),
});
export type Register = z.infer<typeof Register>;

/** What draftRegister can take: evidence already measured. */
export interface DraftOptions {
  readonly replay?: ReplayReport;
  readonly ablation?: AblationReport;
  /** Where the evidence comes from (e.g. the report folder). */
  readonly source?: string;
}

/**
 * The draft register of a model: every decision filled from the model file (and, for a training
 * result, its held-out AUC), unsigned, with the evidence of `options` attached.
 * @example const register = draftRegister(trained, {}); await writeFile('register.json', formatRegister(register));
 */
export function draftRegister(
  source: TrainResult | ModelFile,
  options: DraftOptions = {},
): Register {
  const file = 'format' in source ? source : source.file;
  const trained = 'format' in source ? null : source;
  const draft: Register = Register.parse({
    format: REGISTER_FORMAT,
    schemaVersion: REGISTER_VERSION,
    model: {
      kind: file.model.kind,
      summary: modelSummary(file.model).text,
      dataHash: file.training?.dataHash ?? null,
      protocol: `${file.protocol.name} v${file.protocol.version}`,
    },
    decisions: draftDecisions(file, trained),
  });
  return attachEvidence(draft, options);
}

/**
 * The register with the evidence of a replay and/or an ablation attached to the decisions it
 * bears on; earlier evidence of the same analyses is replaced, everything people wrote is kept.
 */
export function attachEvidence(register: Register, options: DraftOptions): Register {
  const add = new Map<DecisionId, Evidence[]>();
  const src = options.source ?? null;
  const put = (id: DecisionId, e: Evidence) => add.set(id, [...(add.get(id) ?? []), e]);
  if (options.replay) for (const [id, e] of replayEvidence(options.replay, src)) put(id, e);
  if (options.ablation) for (const [id, e] of ablationEvidence(options.ablation, src)) put(id, e);
  const replaced = new Set([...add.values()].flat().map((e) => e.analysis));
  return {
    ...register,
    decisions: register.decisions.map((d) => ({
      ...d,
      evidence: [...d.evidence.filter((e) => !replaced.has(e.analysis)), ...(add.get(d.id) ?? [])],
    })),
  };
}

/**
 * Validates a parsed JSON value as a register.
 * @throws SightlineError E_REGISTER naming the fields that do not match, and the fix.
 */
export function parseRegister(value: unknown, source = 'register'): Register {
  const parsed = Register.safeParse(value);
  if (!parsed.success) {
    const text = parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`);
    throw new SightlineError(
      'E_REGISTER',
      `${source} is not a valid ${REGISTER_FORMAT} v${REGISTER_VERSION} file: ${text.join('; ')}. Fix: start again from 'sightline register MODEL --out FILE', or correct these fields.`,
    );
  }
  return parsed.data;
}

/** Serialises a register (two-space JSON, trailing newline). */
export function formatRegister(register: Register): string {
  return `${JSON.stringify(register, null, 2)}\n`;
}

/** Decisions still unsigned (no one named, or no date). */
export function unsignedDecisions(register: Register): Decision[] {
  return register.decisions.filter((d) => d.decidedBy === UNSIGNED || d.decidedOn === UNSIGNED);
}

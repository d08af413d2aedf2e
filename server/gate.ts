/**
 * The deployment gate of `sightline serve`: a model is served only when its decision register,
 * audit report, policy replay and model card are present, describe this model file and its
 * training data (not another one), and are signed. `checkGate` lists every problem, each naming
 * the artifact, what is wrong (missing, unreadable, stale with the hash expected and found,
 * unsigned with the decisions or lifecycle stages) and the command that fixes it. It reads the
 * files it is given and never the clock.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SightlineError, sha256 } from '../src/core/index.js';
import { modelSummary, parseModelFile, type ModelFile } from '../src/scoring/index.js';
import { parseRegister, unsignedDecisions, type Register } from '../src/audit/index.js';
import { CARD_VERSION, LIFECYCLE, type ModelCard } from '../src/report/index.js';

/** The governance artifacts the gate reads. */
export type GateArtifact = 'register' | 'audit' | 'replay' | 'card';

/** Where each artifact is. */
export type GatePaths = Readonly<Record<GateArtifact, string>>;

/** One reason the model may not be served. */
export interface GateProblem {
  readonly artifact: GateArtifact;
  readonly path: string;
  readonly kind: 'missing' | 'unreadable' | 'stale' | 'unsigned';
  /** What is wrong, with the values concerned. */
  readonly detail: string;
  /** The command (or edit) that fixes it. */
  readonly fix: string;
}

/**
 * The lifecycle stages that must be signed before a model is deployed: every stage up to and
 * including user training. Monitoring and retirement come after deployment.
 */
export const GATE_STAGES: readonly string[] = LIFECYCLE.map((s) => s.stage).filter(
  (s) => s !== 'monitoring' && s !== 'retirement',
);

/** The artifacts' paths inside a governance folder (`serve --governance DIR`). */
export function governancePaths(dir: string): GatePaths {
  return {
    register: join(dir, 'register.json'),
    audit: join(dir, 'audit', 'report.json'),
    replay: join(dir, 'replay', 'report.json'),
    card: join(dir, 'card', 'card.json'),
  };
}

/** One problem as a line of text: `ARTIFACT (PATH): KIND: DETAIL. Fix: FIX`. */
export function formatProblem(p: GateProblem): string {
  return `${p.artifact} (${p.path}): ${p.kind}: ${p.detail}. Fix: ${p.fix}`;
}

type Json = Record<string, unknown>;

/** What the gate knows of the model. */
interface ModelFacts {
  readonly path: string;
  readonly sha256: string;
  readonly dataHash: string | null;
  readonly summary: string;
  readonly features: number;
  readonly protocol: string;
}

function modelFacts(path: string, bytes: Uint8Array, file: ModelFile): ModelFacts {
  const s = modelSummary(file.model);
  return {
    path,
    sha256: sha256(bytes),
    dataHash: file.training?.dataHash ?? null,
    summary: s.text,
    features: s.features,
    protocol: `${file.protocol.name} v${file.protocol.version}`,
  };
}

/** The fix command of each artifact for model `m` and artifact paths `p`. */
function fixOf(a: GateArtifact, m: ModelFacts, p: GatePaths): string {
  switch (a) {
    case 'register':
      return `copy the register 'sightline train' wrote beside ${m.path} to ${p.register}, and fill decidedBy and decidedOn of every decision`;
    case 'audit':
      return `sightline audit DATA --model ${m.path} --out ${p.audit.replace(/[/\\]report\.json$/, '')}`;
    case 'replay':
      return `sightline replay DATA --model ${m.path} --out ${p.replay.replace(/[/\\]report\.json$/, '')}`;
    case 'card':
      return `sightline card ${m.path} --out ${p.card.replace(/[/\\]card\.json$/, '')} --audit ${p.audit} --replay ${p.replay} --register ${p.register} --sign STAGE=NAME --date YYYY-MM-DD`;
  }
}

/** A read artifact: its bytes' sha256 and its JSON, or the problem reading it. */
type Read = { sha256: string; value: unknown } | { problem: GateProblem };

async function readArtifact(a: GateArtifact, m: ModelFacts, p: GatePaths): Promise<Read> {
  const path = p[a];
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch {
    const detail = `${path} not found`;
    return { problem: { artifact: a, path, kind: 'missing', detail, fix: fixOf(a, m, p) } };
  }
  try {
    return { sha256: sha256(bytes), value: JSON.parse(bytes.toString('utf8')) };
  } catch (e) {
    const detail = `not JSON (${(e as Error).message})`;
    return { problem: { artifact: a, path, kind: 'unreadable', detail, fix: fixOf(a, m, p) } };
  }
}

/** A stale problem when `found` differs from `expected`. */
function differs(
  a: GateArtifact,
  m: ModelFacts,
  p: GatePaths,
  what: string,
  expected: unknown,
  found: unknown,
): GateProblem[] {
  if (expected === found) return [];
  const detail = `${what} differs: expected ${String(expected)}, found ${String(found)}`;
  return [{ artifact: a, path: p[a], kind: 'stale', detail, fix: fixOf(a, m, p) }];
}

function checkRegister(value: unknown, m: ModelFacts, p: GatePaths): GateProblem[] {
  let reg: Register;
  try {
    reg = parseRegister(value, `register ${p.register}`);
  } catch (e) {
    const detail = (e as Error).message.replace(/\. Fix:.*$/s, '');
    return [
      {
        artifact: 'register',
        path: p.register,
        kind: 'unreadable',
        detail,
        fix: fixOf('register', m, p),
      },
    ];
  }
  const open = unsignedDecisions(reg);
  return [
    ...differs('register', m, p, 'training data hash', m.dataHash, reg.model.dataHash),
    ...differs('register', m, p, 'model summary', m.summary, reg.model.summary),
    ...(open.length === 0
      ? []
      : [
          {
            artifact: 'register' as const,
            path: p.register,
            kind: 'unsigned' as const,
            detail: `decisions ${open.map((d) => d.id).join(', ')} are unsigned (decidedBy or decidedOn is "unsigned")`,
            fix: `fill decidedBy and decidedOn of these decisions in ${p.register}, then rebuild the card`,
          },
        ]),
  ];
}

function tagged(a: GateArtifact, value: unknown, tag: string, m: ModelFacts, p: GatePaths) {
  const found = (value as Json | null)?.[a === 'card' ? 'format' : 'report'];
  if (found === tag) return null;
  const detail = `it is a ${String(found ?? 'file without a format tag')}, not ${tag}`;
  return { artifact: a, path: p[a], kind: 'unreadable' as const, detail, fix: fixOf(a, m, p) };
}

function checkAudit(value: unknown, m: ModelFacts, p: GatePaths): GateProblem[] {
  const bad = tagged('audit', value, 'sightline-audit/1', m, p);
  if (bad) return [bad];
  const model = ((value as Json).source as Json | undefined)?.model as Json | undefined;
  const training = model?.training as Json | undefined;
  const source = (value as Json).source as Json | undefined;
  return [
    ...differs('audit', m, p, 'model sha256', m.sha256, source?.modelSha256 ?? null),
    ...differs('audit', m, p, 'training data hash', m.dataHash, training?.dataHash ?? null),
    ...differs('audit', m, p, 'feature count', m.features, model?.features ?? null),
  ];
}

function checkReplay(value: unknown, m: ModelFacts, p: GatePaths): GateProblem[] {
  const bad = tagged('replay', value, 'sightline-replay/1', m, p);
  if (bad) return [bad];
  const model = (value as Json).model as Json | undefined;
  return [
    ...differs('replay', m, p, 'model sha256', m.sha256, model?.sha256 ?? null),
    ...differs('replay', m, p, 'model summary', m.summary, model?.summary ?? null),
    ...differs('replay', m, p, 'protocol', m.protocol, model?.protocol ?? null),
  ];
}

function checkCard(
  value: unknown,
  m: ModelFacts,
  p: GatePaths,
  hashes: Partial<Record<GateArtifact, string>>,
): GateProblem[] {
  const bad = tagged('card', value, CARD_VERSION, m, p);
  if (bad) return [bad];
  const card = value as ModelCard;
  const input = (role: string) => card.inputs.find((i) => i.role === role)?.sha256 ?? null;
  const out = differs('card', m, p, 'model sha256', m.sha256, input('model'));
  for (const a of ['audit', 'replay', 'register'] as const) {
    const mine = hashes[a];
    if (mine !== undefined) out.push(...differs('card', m, p, `${a} sha256`, mine, input(a)));
  }
  const stale = card.consistency.filter((c) => c.status === 'stale').map((c) => c.check);
  if (stale.length > 0)
    out.push({
      artifact: 'card',
      path: p.card,
      kind: 'stale',
      detail: `its consistency checks ${stale.join(', ')} are stale`,
      fix: fixOf('card', m, p),
    });
  const open = GATE_STAGES.map((s) => card.lifecycle.find((x) => x.stage === s)).flatMap((s, i) =>
    s?.status === 'signed' ? [] : [`${GATE_STAGES[i]!} (${s?.status ?? 'absent'})`],
  );
  if (open.length > 0)
    out.push({
      artifact: 'card',
      path: p.card,
      kind: 'unsigned',
      detail: `lifecycle stages ${open.join(', ')} are not signed`,
      fix: `${fixOf('card', m, p)} for each of them (user_training needs --evidence user_training=FILE)`,
    });
  return out;
}

/**
 * Every reason the model in `modelBytes` (read from `modelPath`) may not be served, given where
 * its governance artifacts are; an empty list means the gate is open. The model file itself must
 * be valid (E_MODEL_FILE otherwise, from parseModelFile).
 */
export async function checkGate(
  modelPath: string,
  modelBytes: Uint8Array,
  paths: GatePaths,
): Promise<GateProblem[]> {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(modelBytes).toString('utf8'));
  } catch (e) {
    throw new SightlineError(
      'E_MODEL_FILE',
      `model file ${modelPath} is not JSON (${(e as Error).message}). Fix: give the file written by 'sightline train --out'.`,
    );
  }
  const file = parseModelFile(json, `model file ${modelPath}`);
  const m = modelFacts(modelPath, modelBytes, file);
  const problems: GateProblem[] = [];
  const hashes: Partial<Record<GateArtifact, string>> = {};
  const checks = { register: checkRegister, audit: checkAudit, replay: checkReplay } as const;
  for (const a of ['register', 'audit', 'replay'] as const) {
    const r = await readArtifact(a, m, paths);
    if ('problem' in r) problems.push(r.problem);
    else {
      hashes[a] = r.sha256;
      problems.push(...checks[a](r.value, m, paths));
    }
  }
  const card = await readArtifact('card', m, paths);
  problems.push(...('problem' in card ? [card.problem] : checkCard(card.value, m, paths, hashes)));
  return problems;
}

/**
 * The lifecycle record of the ethics review (Leslie et al. 2020): each stage from problem
 * formulation to retirement with its status, the input files that evidence it (with sha256), the
 * register decisions that belong to it, and who signed it. A signature covers the evidence as it
 * was when signed (a hash over the evidence hashes); changed evidence voids it.
 */
import { SightlineError, sha256 } from '../core/index.js';
import type {
  CardInputs,
  Consistency,
  InputRole,
  LifecycleStage,
  Signature,
} from './card-types.js';

/** The stages, their titles, the inputs that evidence them and their register decisions. */
export const LIFECYCLE: readonly {
  stage: string;
  title: string;
  roles: readonly InputRole[];
  decisions: readonly string[];
}[] = [
  {
    stage: 'problem_formulation',
    title: 'Problem formulation',
    roles: ['register'],
    decisions: ['population', 'label'],
  },
  {
    stage: 'data',
    title: 'Data',
    roles: ['model', 'register'],
    decisions: ['population', 'split'],
  },
  {
    stage: 'features',
    title: 'Features',
    roles: ['model', 'register'],
    decisions: ['feature_selection', 'feature_groups'],
  },
  { stage: 'model', title: 'Model', roles: ['model'], decisions: ['feature_selection'] },
  { stage: 'validation', title: 'Validation', roles: ['audit', 'replay'], decisions: [] },
  { stage: 'reporting', title: 'Reporting', roles: ['audit', 'replay'], decisions: [] },
  {
    stage: 'implementation',
    title: 'Implementation',
    roles: ['register', 'replay'],
    decisions: ['score_scale', 'aggregation', 'protocol'],
  },
  { stage: 'user_training', title: 'User training', roles: [], decisions: [] },
  { stage: 'monitoring', title: 'Monitoring', roles: ['monitor'], decisions: [] },
  { stage: 'retirement', title: 'Retirement (deprovisioning)', roles: [], decisions: [] },
];

/** Stage names, for option checking. */
export const STAGE_NAMES: readonly string[] = LIFECYCLE.map((s) => s.stage);

/** Throws E_CARD_SIGN for an unknown stage name. */
export function checkStage(stage: string, where: string): void {
  if (!STAGE_NAMES.includes(stage)) {
    throw new SightlineError(
      'E_CARD_SIGN',
      `${where}: unknown lifecycle stage "${stage}". Fix: use one of ${STAGE_NAMES.join(', ')}.`,
    );
  }
}

/** The evidence files of each stage: the inputs of its roles, then extra evidence files. */
function stageEvidence(inputs: CardInputs, stage: (typeof LIFECYCLE)[number]) {
  const files = stage.roles.flatMap((role) => {
    const input = inputs[role as 'model' | 'audit' | 'replay' | 'monitor' | 'register'];
    return input ? [{ role, path: input.path, sha256: input.sha256 }] : [];
  });
  for (const e of inputs.evidence.filter((x) => x.stage === stage.stage)) {
    files.push({ role: 'evidence', path: e.path, sha256: e.sha256 });
  }
  return files;
}

/** The hash a signature of a stage covers: sha256 over its evidence hashes, in order. */
export function evidenceHash(files: readonly { sha256: string }[]): string {
  return sha256(files.map((f) => f.sha256).join('\n'));
}

/**
 * The lifecycle record and the signatures in force: earlier signatures whose evidence is
 * unchanged, replaced by the new ones (`inputs.sign`, whose evidence field is filled here).
 * @throws SightlineError E_CARD_SIGN when a stage without evidence is signed.
 */
export function lifecycle(
  inputs: CardInputs,
  checks: readonly Consistency[],
): { stages: LifecycleStage[]; signatures: Signature[] } {
  const signatures: Signature[] = [];
  const stages = LIFECYCLE.map((st): LifecycleStage => {
    const evidence = stageEvidence(inputs, st);
    const hash = evidenceHash(evidence);
    const notes: string[] = [];
    const given = inputs.sign.find((s) => s.stage === st.stage);
    if (given && evidence.length === 0) {
      throw new SightlineError(
        'E_CARD_SIGN',
        `--sign ${st.stage}=${given.name}: the stage has no evidence file among the inputs. Fix: add --evidence ${st.stage}=FILE (e.g. the training plan) and sign again.`,
      );
    }
    const earlier = inputs.previous.find((s) => s.stage === st.stage);
    let signature: Signature | null = given ? { ...given, evidence: hash } : null;
    if (!given && earlier) {
      if (earlier.evidence === hash) signature = earlier;
      else
        notes.push(
          `The signature of ${earlier.name} (${earlier.date}) covered other evidence; it lapsed. Sign again.`,
        );
    }
    if (signature) signatures.push(signature);
    const stale = checks.filter(
      (c) => c.status === 'stale' && st.roles.some((r) => c.check.startsWith(`${r}:`)),
    );
    for (const c of stale) notes.push(`${c.check}: ${c.detail}`);
    const register = inputs.register?.value;
    if (register && st.decisions.length > 0) {
      const ds = register.decisions.filter((d) => st.decisions.includes(d.id));
      const open = ds.filter((d) => d.decidedBy === 'unsigned' || d.decidedOn === 'unsigned');
      notes.push(
        `Register decisions ${ds.map((d) => d.id).join(', ')}: ${ds.length - open.length} of ${ds.length} signed${
          ds.length > open.length
            ? ` (${ds
                .filter((d) => !open.includes(d))
                .map((d) => `${d.id} by ${d.decidedBy} on ${d.decidedOn}`)
                .join('; ')})`
            : ''
        }.`,
      );
    }
    if (evidence.length === 0) {
      notes.push(
        st.roles.length === 0
          ? `No input file records this stage. Fix: --evidence ${st.stage}=FILE.`
          : `Missing input: ${st.roles.map((r) => `--${r}`).join(' or ')}.`,
      );
    }
    return {
      stage: st.stage,
      title: st.title,
      status:
        evidence.length === 0
          ? 'missing'
          : stale.length > 0
            ? 'stale'
            : signature
              ? 'signed'
              : 'unsigned',
      evidence,
      signedBy: signature?.name ?? 'unsigned',
      signedOn: signature?.date ?? 'unsigned',
      notes,
    };
  });
  return { stages, signatures };
}

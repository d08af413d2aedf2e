/**
 * The deployment gate as `sightline serve` runs it: where the governance artifacts are
 * (`--governance DIR`, default the folder `governance` beside the model file; `--register`,
 * `--audit-report`, `--replay-report`, `--card` name single files), the refusal with the full list
 * of problems, and the override `--skip-gate REASON` (testing only; logged in the audit log).
 */
import { dirname, join } from 'node:path';
import { checkGate, formatProblem, governancePaths, type GatePaths } from '../../server/gate.js';
import type { GateProblem } from '../../server/gate.js';
import { checkOverrideReason, overrideWarning } from '../../server/gate-override.js';
import { stringOpt, type Args, type Command, type Io } from '../command.js';

/** The reason `serve --demo` skips the gate: its model was never reviewed by anyone. */
export const DEMO_OVERRIDE_REASON =
  'serve --demo: synthetic county, model trained by the demo and never reviewed or signed by anyone';

/** The outcome of the gate: problems, and the override reason when it is skipped. */
export interface GateOutcome {
  readonly problems: readonly GateProblem[];
  /** Set when the service starts despite problems (the override to log). */
  readonly override: string | null;
}

/** The artifact paths the options give. */
export function gatePaths(args: Args, modelPath: string, governance?: string): GatePaths {
  const base = governancePaths(
    stringOpt(args, 'governance') ?? governance ?? join(dirname(modelPath), 'governance'),
  );
  return {
    register: stringOpt(args, 'register') ?? base.register,
    audit: stringOpt(args, 'audit-report') ?? base.audit,
    replay: stringOpt(args, 'replay-report') ?? base.replay,
    card: stringOpt(args, 'card') ?? base.card,
  };
}

/**
 * Runs the gate. Without problems the service may start; with problems and no override it prints
 * the full list on stderr and returns null (the command exits 1); with `--skip-gate REASON` (or
 * the demo's reason) it prints a loud warning and returns the override to log.
 * @throws SightlineError E_USAGE when the override reason is too short.
 */
export async function runGate(
  args: Args,
  o: { modelPath: string; modelBytes: Uint8Array; governance?: string; demo: boolean },
  io: Io,
): Promise<GateOutcome | null> {
  const given = stringOpt(args, 'skip-gate');
  const reason =
    given !== undefined ? checkOverrideReason(given) : o.demo ? DEMO_OVERRIDE_REASON : null;
  const paths = gatePaths(args, o.modelPath, o.governance);
  const problems = await checkGate(o.modelPath, o.modelBytes, paths);
  if (problems.length === 0) {
    io.err(`serve: deployment gate passed (register, audit, replay and card current and signed)\n`);
    return { problems, override: null };
  }
  if (reason === null) {
    io.err(
      [
        `serve: refused: the deployment gate found ${problems.length} problem${problems.length === 1 ? '' : 's'} with the governance artifacts of ${o.modelPath}:`,
        ...problems.map((p) => `  - ${formatProblem(p)}`),
        'Fix each one, or (for testing only) --skip-gate REASON, which is recorded in the audit log.',
        '',
      ].join('\n'),
    );
    return null;
  }
  io.err(overrideWarning(reason, problems, given !== undefined ? '--skip-gate' : '--demo'));
  return { problems, override: reason };
}

/** The gate's options of `sightline serve`. */
export const GATE_OPTIONS: Command['options'] = {
  governance: {
    type: 'string',
    value: 'DIR',
    help: 'register.json, audit/, replay/, card/ of the model (default: governance/ beside it)',
  },
  register: { type: 'string', value: 'FILE', help: 'signed decision register (overrides DIR)' },
  'audit-report': { type: 'string', value: 'FILE', help: "audit's report.json (overrides DIR)" },
  'replay-report': { type: 'string', value: 'FILE', help: "replay's report.json (overrides DIR)" },
  card: { type: 'string', value: 'FILE', help: 'card.json with signed stages (overrides DIR)' },
  'skip-gate': {
    type: 'string',
    value: 'REASON',
    help: 'serve despite the gate, TESTING ONLY (reason ≥ 10 characters; audit-logged)',
  },
};

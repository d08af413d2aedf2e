/**
 * The deployment gate's override (`sightline serve --skip-gate REASON`), for testing only: the
 * reason must say why (at least 10 characters), and every override is one `gate_override` entry
 * in the hash-chained audit log recording the model hash, the reason and the problems the gate
 * found, so that a model served without its governance artifacts is on the record.
 */
import { SightlineError } from '../src/core/index.js';
import { appendAudit, type Db } from '../src/store/index.js';
import { formatProblem, type GateProblem } from './gate.js';

/** The shortest reason an override accepts. */
export const MIN_OVERRIDE_REASON = 10;

/**
 * Checks an override reason.
 * @throws SightlineError E_USAGE when it is shorter than MIN_OVERRIDE_REASON characters.
 */
export function checkOverrideReason(reason: string): string {
  const text = reason.trim();
  if (text.length < MIN_OVERRIDE_REASON) {
    throw new SightlineError(
      'E_USAGE',
      `--skip-gate "${reason}": the reason has ${text.length} characters, at least ${MIN_OVERRIDE_REASON} are needed. Fix: say why the gate is skipped (testing only), e.g. --skip-gate "integration test of the intake pages".`,
    );
  }
  return text;
}

/** The warning printed on stderr when the gate is skipped (`via`: the option that skipped it). */
export function overrideWarning(
  reason: string,
  problems: readonly GateProblem[],
  via = '--skip-gate',
): string {
  const bar = '!'.repeat(78);
  return [
    bar,
    `WARNING: deployment gate SKIPPED (${via}, for testing only): ${reason}`,
    `This model is served WITHOUT complete, current, signed governance artifacts (${problems.length} problem${problems.length === 1 ? '' : 's'}):`,
    ...problems.map((p) => `  - ${formatProblem(p)}`),
    'The override is recorded in the audit log (action gate_override). Do not use it in production.',
    bar,
    '',
  ].join('\n');
}

/**
 * Appends the override to the audit log in its own transaction: actor `actor`, subject
 * `model:HASH`, details { reason, problems (as text) }. Returns the entry's sequence number.
 */
export async function logGateOverride(
  db: Db,
  o: {
    readonly at: string;
    readonly actor: string;
    readonly modelHash: string;
    readonly reason: string;
    readonly problems: readonly GateProblem[];
  },
): Promise<number> {
  const { seq } = await db.tx((sql) =>
    appendAudit(sql, o.at, [
      {
        actor: o.actor,
        action: 'gate_override',
        subject: `model:${o.modelHash}`,
        details: { gate: 'override', reason: o.reason, problems: o.problems.map(formatProblem) },
      },
    ]),
  );
  return seq;
}

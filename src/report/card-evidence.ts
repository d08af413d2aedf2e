/**
 * The card's evidence from the reports: metrics by group with intervals (audit), the range across
 * score policies (replay), monitoring alerts, consistency between the inputs (same model, same
 * data); the oracle test is in card-oracle.ts.
 */
import { modelSummary } from '../scoring/index.js';
import {
  fact,
  missing,
  type CardInputs,
  type CardMetrics,
  type Consistency,
  type Estimate,
  type Fact,
  type GroupMetrics,
  type Json,
} from './card-types.js';

/** Metrics shown per group: name → whether it is read at the decision rule. */
export const CARD_METRICS: readonly [string, boolean][] = [
  ['base_rate', false],
  ['auc', false],
  ['selection_rate', true],
  ['tpr', true],
  ['fpr', true],
  ['ppv', true],
];

const f3 = (v: unknown) => (typeof v === 'number' ? v.toFixed(3) : 'suppressed');

/** Metrics by group with intervals, from the audit's report.json. */
export function cardMetrics(inputs: CardInputs): CardMetrics {
  const audit = inputs.audit?.value;
  if (!audit) {
    return {
      rule: null,
      groupings: [],
      flagged: [],
      missing: 'no audit report given (--audit DIR from sightline audit)',
    };
  }
  const rule = ((audit.rules as Json[])[0]?.label as string | undefined) ?? null;
  const rows = (audit.metrics as Json[]).filter(
    (m) => m.contrast === undefined && m.score === undefined,
  );
  const groupings = (audit.groupings as Json[]).map((g) => ({
    name: g.name as string,
    reference: g.reference as string,
    groups: (g.groups as Json[]).map((x): GroupMetrics => {
      const metrics: Record<string, Estimate | null> = {};
      for (const [name, atRule] of CARD_METRICS) {
        const m = rows.find(
          (r) =>
            r.metric === name &&
            r.grouping === g.name &&
            r.group === x.label &&
            (atRule ? r.threshold === rule : r.threshold === undefined),
        );
        metrics[name] = m
          ? {
              value: m.value as number | null,
              lo: m.lo as number | null,
              hi: m.hi as number | null,
              n: m.n as number,
            }
          : null;
      }
      return {
        group: x.label as string,
        rows: x.rows as number,
        positives: x.positives as number,
        metrics,
      };
    }),
  }));
  const flagged = (audit.metrics as Json[])
    .filter((m) => m.state === 'exceeds_tolerance')
    .map(
      (m) =>
        `${String(m.grouping)} ${String(m.group)} vs ${String(m.versus)}: ${String(m.metric)} ${String(m.contrast)}${m.threshold ? ` at ${String(m.threshold)}` : ''} = ${f3(m.value)} (95% interval ${f3(m.lo)} to ${f3(m.hi)})`,
    );
  return { rule, groupings, flagged };
}

/** What the replay found across score policies. */
export function replayFacts(inputs: CardInputs): Fact[] {
  const r = inputs.replay?.value;
  if (!r)
    return [
      missing(
        'Policy replay',
        'no replay report given (--replay DIR from sightline replay): the card cannot say how household aggregation and the protocol change accuracy and gaps',
      ),
    ];
  const out: Fact[] = [
    fact(
      'Replayed on',
      `${String((r.evaluation as Json).description)} (${String((r.evaluation as Json).records)} records)`,
      'replay',
    ),
  ];
  const auc = (r.ranges as Json[]).find((x) => x.metric === 'auc' && x.group === 'all');
  if (auc) {
    out.push(
      fact(
        'AUC across policies',
        `${f3(auc.min)} (${String(auc.minPolicy)}) to ${f3(auc.max)} (${String(auc.maxPolicy)}); individual score × own outcome ${f3(auc.individual)}`,
        'replay',
      ),
    );
  }
  for (const w of (r.widening as Json[]).filter(
    (x) => x.policy !== 'individual/child' && x.change !== null,
  )) {
    out.push(
      fact(
        `${String(w.policy)}: ${String(w.measure)}`,
        `gap ${f3(w.gap)}, change from the individual view ${f3(w.change)} (95% interval ${f3(w.lo)} to ${f3(w.hi)})`,
        'replay',
      ),
    );
  }
  return out;
}

/** What monitoring found. */
export function monitorFacts(inputs: CardInputs): Fact[] {
  const m = inputs.monitor?.value;
  if (!m)
    return [
      missing('Monitoring', 'no monitoring report given (--monitor DIR from sightline monitor)'),
    ];
  const c = m.checks as Json;
  const periods = m.periods as string[];
  const alerts = (m.alerts as Json[])
    .slice(0, 5)
    .map(
      (a) =>
        `${String(a.period)} ${String(a.group)} ${String(a.quantity)} ${String(a.measure)} (${String(a.status)})`,
    );
  return [
    fact(
      'Periods',
      `${periods.length} (${periods[0] ?? '—'} to ${periods[periods.length - 1] ?? '—'}), by ${String((m.options as Json).by)}`,
      'monitor',
    ),
    fact(
      'Checks',
      `${String(c.made)} made: ${String(c.alerts)} alerts, ${String(c.warnings)} warnings; at most ${String(c.falseAlarmBound)} false alerts expected if nothing changed; ${String(c.pending)} pending, ${String(c.tooFew)} with too few records`,
      'monitor',
    ),
    fact('Alerts', alerts.length > 0 ? alerts.join('; ') : 'none', 'monitor'),
  ];
}

/** Whether the reports describe the model of the card and its data. */
export function consistency(inputs: CardInputs): Consistency[] {
  const file = inputs.model.value;
  const summary = modelSummary(file.model).text;
  const hash = file.training?.dataHash ?? null;
  const out: Consistency[] = [];
  const compare = (check: string, present: boolean, mine: unknown, theirs: unknown, what: string) =>
    out.push(
      !present
        ? { check, status: 'not checked', detail: 'input not given' }
        : theirs === undefined || mine === null
          ? { check, status: 'not checked', detail: `the input does not record the ${what}` }
          : mine === theirs
            ? { check, status: 'consistent', detail: `same ${what}: ${String(mine)}` }
            : {
                check,
                status: 'stale',
                detail: `${what} differs: model ${String(mine)}, input ${String(theirs)}. Fix: re-run it on this model and its data.`,
              },
    );
  const audit = inputs.audit?.value;
  const am = (audit?.source as Json | undefined)?.model as Json | undefined;
  compare(
    'audit: training data',
    audit !== undefined,
    hash,
    (am?.training as Json | undefined)?.dataHash,
    'training data hash',
  );
  compare(
    'audit: model',
    audit !== undefined,
    modelSummary(file.model).features,
    am?.features,
    'feature count',
  );
  compare(
    'replay: model',
    inputs.replay !== null,
    summary,
    (inputs.replay?.value.model as Json | undefined)?.summary,
    'model summary',
  );
  compare(
    'monitor: model',
    inputs.monitor !== null,
    summary,
    ((inputs.monitor?.value.source as Json | undefined)?.model as Json | undefined)?.summary,
    'model summary',
  );
  compare(
    'register: training data',
    inputs.register !== null,
    hash,
    inputs.register?.value.model.dataHash ?? undefined,
    'training data hash',
  );
  compare(
    'register: model',
    inputs.register !== null,
    summary,
    inputs.register?.value.model.summary,
    'model summary',
  );
  return out;
}

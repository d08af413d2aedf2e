/**
 * The monitoring report as one self-contained HTML page, from the feed (report.json) alone: how
 * the checks work and what false-alarm rate they promise, the alerts, then call volume, the score
 * distribution and ventile occupancy, each predictor, screen-in and override rates, and outcomes
 * once their windows close. Identical feeds give identical bytes.
 */
import type { MonitorReport, MonitorSeries } from '../audit/index.js';
import { table } from './audit-tables.js';
import { chartFigure } from './chart.js';
import { htmlPage, type Section } from './html.js';
import {
  MAX_PREDICTORS_SHOWN,
  occupancySpec,
  predictorSpec,
  seriesSpec,
  topPredictors,
} from './monitor-charts.js';
import { count, num, renumberGradients } from './process-format.js';

const STYLE =
  '.muted{color:#666}h3{font-size:1.1rem;margin-top:2rem}figure{margin:1rem 0;overflow-x:auto}' +
  'figure svg{max-width:100%;height:auto}figcaption{font-size:.9rem;color:#333}td{vertical-align:top}';

const pick = (r: MonitorReport, quantity: string, measure: string) =>
  r.series.filter((s) => s.quantity === quantity && s.measure === measure);

async function chart(
  r: MonitorReport,
  id: string,
  caption: string,
  series: readonly MonitorSeries[],
  o: { title: string; percent?: boolean; rules?: number[] },
): Promise<string> {
  if (series.length === 0) return '';
  return chartFigure(id, caption, `${o.title} over time`, seriesSpec(r, series, o));
}

function readingNotes(r: MonitorReport): string[] {
  const o = r.options;
  return [
    `Each check compares one quantity, for one group, in one ${o.by} with the reference window ${o.referenceFrom} up to ${o.referenceTo} (${count(r.reference.records)} records, ${count(r.reference.referrals)} referrals). It alerts only when the change is large enough to matter (the thresholds below) and too large to be chance (a test at level α = ${o.alpha}). With no change at all a check alerts with probability at most α: over the ${count(r.checks.made)} checks with a verdict here, at most about ${num(r.checks.falseAlarmBound, 1)} false alerts are expected.`,
    `Distributions (score, predictors): PSI = Σ (c − r)·ln(c/r) over bins fixed from the reference — a quantity with at most 20 distinct reference values is binned by value (values holding under 1% of the reference pooled with their neighbours, plus an "unseen value" bin), otherwise by reference deciles, and missing values get their own bin; every bin is smoothed as (count + 0.5)/(total + 0.5·bins), so an empty bin gives a large but finite term. The Jensen–Shannon divergence (bits) is shown beside it. Warning at PSI ≥ ${o.psiWarn}, alert at ≥ ${o.psiAlert}; the test is Pearson’s χ² on the shares with effective sizes over families (children and repeat calls of one family move together).`,
    `Call volume: referrals per ${o.by} over the reference’s seasonal expectation; warning at ±${num(o.volumeWarn * 100, 1)}%, alert at ±${num(o.volumeAlert * 100, 1)}%. Screen-in and override rates: warning at ±${num(o.rateWarn * 100, 0)} points, alert at ±${num(o.rateAlert * 100, 0)} points from the reference${r.reference.overrideBasis === 'reference' ? '' : ' (override rates: the reference window had too few high-risk referrals, so the whole monitored range is the reference)'}. Outcomes (screened-in records whose two-year window has closed): AUC drop warning ${o.aucWarn}, alert ${o.aucAlert}; observed/expected outside 1 ± ${o.oeWarn} warns, ± ${o.oeAlert} alerts.`,
  ];
}

function alertSection(r: MonitorReport): Section {
  const c = r.checks;
  const byKey = new Map<
    string,
    { q: string; m: string; g: string; periods: string[]; worst: number | null }
  >();
  for (const a of r.alerts) {
    if (a.status !== 'alert') continue;
    const key = `${a.quantity}|${a.measure}|${a.group}`;
    const e = byKey.get(key) ?? {
      q: a.quantity,
      m: a.measure,
      g: a.group,
      periods: [],
      worst: null,
    };
    e.periods.push(a.period);
    const dev = (v: number | null) =>
      v === null || a.reference === null ? -1 : Math.abs(v - a.reference);
    if (dev(a.value) > dev(e.worst)) e.worst = a.value;
    byKey.set(key, e);
  }
  return {
    id: 'alerts',
    title: 'Alerts',
    notes: [
      `${count(c.alerts)} alerts and ${count(c.warnings)} warnings over ${count(c.made)} checks (${count(c.tooFew)} had too few records for a verdict, ${count(c.pending)} await outcomes). Expected false alerts if nothing changed: at most about ${num(c.falseAlarmBound, 1)}.`,
      'One row per quantity and group; report.json lists every alert and warning with its period, value and p-value.',
    ],
    html: table(
      'Alerts by quantity and group',
      ['quantity', 'measure', 'group', 'alerts', 'first', 'last', 'furthest value'],
      [...byKey.values()].map((e) => [
        e.q,
        e.m.replace(/_/g, ' '),
        e.g,
        count(e.periods.length),
        e.periods[0]!,
        e.periods.at(-1)!,
        num(e.worst, 3),
      ]),
    ),
  };
}

function predictorTable(r: MonitorReport): string {
  const rows = topPredictors(r).map((s) => {
    const max = Math.max(...s.values.map((v) => v ?? 0));
    const alerts = (s.status ?? []).filter((x) => x === 'alert').length;
    return [s.quantity.slice('predictor:'.length), num(max, 3), count(alerts)];
  });
  return table(
    `The predictors that moved most (all records; at most ${MAX_PREDICTORS_SHOWN}): largest PSI and alerts`,
    ['predictor', 'largest PSI', 'alerts (all records)'],
    rows,
  );
}

/** Call volume and the score's distribution. */
async function volumeAndScore(r: MonitorReport): Promise<Section[]> {
  const o = r.options;
  const volume = await chart(
    r,
    'volume',
    'Referrals over the seasonal expectation (1 = as in the reference)',
    pick(r, 'volume', 'observed_over_expected'),
    {
      title: 'observed / expected',
      rules: [1 - o.volumeAlert, 1, 1 + o.volumeAlert],
    },
  );
  const score = [
    await chart(
      r,
      'score-psi',
      'PSI of the score (dashed: warning and alert thresholds)',
      pick(r, 'score', 'psi'),
      { title: 'PSI', rules: [o.psiWarn, o.psiAlert] },
    ),
    await chart(
      r,
      'score-jsd',
      'Jensen–Shannon divergence of the score (bits)',
      pick(r, 'score', 'jsd'),
      { title: 'JSD (bits)' },
    ),
    r.occupancy
      ? await chartFigure(
          'occupancy',
          'Ventile occupancy: share of records at each score minus the reference share (all records)',
          'Heatmap of score occupancy over time',
          occupancySpec(r),
        )
      : '',
  ];
  return [
    {
      id: 'volume',
      title: 'Call volume',
      notes: [
        'Referrals per period over the number expected from the reference window in the same season. A law that widens who must report shows here first.',
      ],
      html: volume,
    },
    {
      id: 'score',
      title: 'Score distribution',
      notes: [
        'PSI of the score against the reference; the heatmap shows which scores gained (red) or lost (blue) records.',
      ],
      html: score.join('\n'),
    },
  ];
}

/** Predictors, decisions and outcomes. */
async function laterSections(r: MonitorReport): Promise<Section[]> {
  const predictors = await chartFigure(
    'predictors',
    'PSI of the predictors that moved most, per period (red marks: alerts)',
    'Heatmap of predictor PSI',
    predictorSpec(r),
  );
  const decisions = [
    await chart(r, 'screen-in', 'Screen-in rate', pick(r, 'screen_in_rate', 'rate'), {
      title: 'screened in',
      percent: true,
    }),
    await chart(
      r,
      'override',
      'Override rate of the high-risk protocol',
      pick(r, 'override_rate', 'rate'),
      { title: 'overridden', percent: true },
    ),
  ];
  const outcomes = [
    await chart(
      r,
      'auc',
      'AUC per period (grey: 95% interval of all records)',
      pick(r, 'outcomes', 'auc'),
      { title: 'AUC' },
    ),
    await chart(
      r,
      'oe',
      'Observed over expected placements (grey: 95% interval of all records)',
      pick(r, 'outcomes', 'observed_over_expected'),
      { title: 'observed / expected', rules: [1] },
    ),
  ];
  return [
    {
      id: 'predictors',
      title: 'Predictors',
      notes: [
        `Each predictor monitored against its reference distribution; the chart and table show the ${MAX_PREDICTORS_SHOWN} that moved most (all records); report.json has every predictor and group.`,
      ],
      html: `${predictors}\n${predictorTable(r)}`,
    },
    {
      id: 'decisions',
      title: 'Screen-in and override rates',
      notes: [
        'Screen-in: referrals decided by screening (not required by law). Override: referrals shown the high-risk protocol whose mandatory screen-in a supervisor overrode. The grey band is the 95% Wilson interval of all referrals.',
      ],
      html: decisions.join('\n'),
    },
    {
      id: 'outcomes',
      title: 'Outcomes, once their windows close',
      notes: [
        'Screened-in records only (the others have no observed outcome), from periods whose two-year window has closed; later periods are pending. Observed/expected above 1 means more placements than the model predicted; it is checked against 1 (calibration), not against the reference window.',
      ],
      html: outcomes.join('\n'),
    },
  ];
}

/** The report page. `heading` lines describe the source (extract, model). */
export async function monitorReportHtml(
  r: MonitorReport,
  heading: readonly string[],
): Promise<string> {
  const o = r.options;
  const meta = [
    ...heading,
    `Monitored: ${r.periods.length} ${o.by === 'month' ? 'months' : 'quarters'} from ${r.periods[0] ?? '—'} to ${r.periods.at(-1) ?? '—'}; groups: ${r.groups.join(', ')}.`,
    'Generated by sightline monitor; the same input gives the same bytes. report.json is the feed a dashboard reads (sightline-monitor/1).',
  ];
  const sections: Section[] = [
    {
      id: 'reading',
      title: 'How the checks work',
      notes: readingNotes(r),
      html: `<style>${STYLE}</style>`,
    },
    alertSection(r),
    ...(await volumeAndScore(r)),
    ...(await laterSections(r)),
  ];
  const title = 'Sightline monitoring: scores, predictors, decisions and outcomes over time';
  return renumberGradients(htmlPage(title, meta, sections));
}

/**
 * Parts shared by the replay and ablation pages: the extra style, the household-size table, the
 * counterfactual section, the issues section, and the renumbering of Vega's gradient ids that
 * keeps a page byte-identical when several are rendered in one process. Formatting only.
 */
import type { CounterfactualResult, HouseholdSizeRow } from '../audit/index.js';
import type { Issue } from '../core/index.js';
import { escapeHtml, type Section } from './html.js';
import { table } from './audit-tables.js';
import { pct, pts, withInterval } from './policy-format.js';

/** Styles the shared page style lacks. */
export const PAGE_STYLE =
  '.warn{color:#7a4a00;font-weight:600}.muted{color:#666}h3{font-size:1.1rem;margin-top:2rem}' +
  'figure{margin:1rem 0}figure svg{max-width:100%;height:auto}figcaption{font-size:.9rem;color:#333}' +
  'td{vertical-align:top}dl.decision{margin:.4rem 0 1.2rem}dl.decision dt{font-weight:600;margin-top:.4rem}' +
  'dl.decision dd{margin:0 0 0 1.2rem}.unsigned{color:#8a1c1c;font-weight:600}';

/**
 * Vega numbers the gradients of its SVG legends from a process-wide counter; renumbering them in
 * order of first appearance keeps pages byte-identical for identical input.
 */
export function renumber(html: string): string {
  const ids = new Map<string, string>();
  return html.replace(/gradient_\d+/g, (id) => {
    if (!ids.has(id)) ids.set(id, `gradient_${ids.size}`);
    return ids.get(id)!;
  });
}

/** The household-size table: one row per model and size; Black, non-Black, gap, marked shares. */
export function householdSizeTable(rows: readonly HouseholdSizeRow[]): string {
  const keys = [...new Set(rows.map((r) => `${r.model}|${r.size}`))];
  const body = keys.map((key) => {
    const [model = '', size = ''] = key.split('|');
    const get = (g: string) =>
      rows.find((r) => r.model === model && r.size === size && r.group === g);
    const share = (g: string) => {
      const r = get(g);
      if (r === undefined) return '—';
      const f = g === 'gap' ? pts : pct;
      return `${withInterval(f, r.high, r.lo, r.hi)}${g === 'gap' ? '' : `, n = ${r.households.toLocaleString('en-US')}`}`;
    };
    return [
      model,
      size,
      share('black'),
      share('non_black'),
      share('gap'),
      `${pct(get('black')?.marked ?? null)} / ${pct(get('non_black')?.marked ?? null)}`,
    ];
  });
  return table(
    'Share of referral-households assigned the high-risk protocol by people named on the referral (95% intervals)',
    [
      'model',
      'people',
      'Black households',
      'non-Black households',
      'gap (Black − non-Black)',
      'someone ever-in marked (Black / non-Black)',
    ],
    body,
  );
}

/**
 * The caption of the table of example pairs: the only part of any analyst's report that names
 * records (server/workflow/report-files.ts refuses to serve a page holding it).
 */
export const EXAMPLE_PAIRS_CAPTION =
  'Example pairs (referral/person ids; for an analyst with access)';

/** The counterfactual section: flips and matched pairs, one block per feature. */
export function counterfactualHtml(
  results: readonly CounterfactualResult[],
  bins: number,
): Section {
  const parts = results.map((c) => {
    const flips = c.flips.map((f) => [
      f.direction === 'on' ? 'switched on (0 → 1)' : 'switched off (→ 0)',
      f.records.toLocaleString('en-US'),
      f.changes
        .map(
          (x) =>
            `${x.change >= 0 ? '+' : '−'}${Math.abs(x.change)}: ${x.n.toLocaleString('en-US')}`,
        )
        .join('; ') || '—',
    ]);
    const pairs = c.pairs.changes.map((x) => [
      `${x.change >= 0 ? '+' : '−'}${Math.abs(x.change)}`,
      x.n.toLocaleString('en-US'),
      (x.pairs ?? 0).toLocaleString('en-US'),
    ]);
    const examples = c.pairs.examples.map((e) => [e.with, e.without, String(e.change)]);
    return [
      `<h3>${escapeHtml(c.feature)}</h3>`,
      `<p class="meta">Coefficient: ${c.coefficient === null ? 'not a linear model' : c.coefficient.toPrecision(4)}. Matched on the model's other ${c.pairs.matchedOn} features: ${c.pairs.profiles.toLocaleString('en-US')} profiles, ${c.pairs.pairs.toLocaleString('en-US')} pairs.</p>`,
      table(
        `Score change (scale 1–${bins}) when the feature is switched on real records`,
        ['switch', 'records', 'score change: records'],
        flips,
      ),
      table(
        'Score difference within matched pairs (with − without the feature)',
        ['difference', 'profiles', 'pairs'],
        pairs,
      ),
      examples.length > 0
        ? table(EXAMPLE_PAIRS_CAPTION, ['with the feature', 'without', 'difference'], examples)
        : '',
    ].join('\n');
  });
  return {
    id: 'counterfactual',
    title: 'Counterfactual pairs',
    notes: [
      'Switching one feature on real records keeps every other value, so it can make records that cannot occur (an indicator of 1 beside a count of 0). Matched pairs cannot: they are real records identical on every other feature the model uses, which differ only in this one. Within a profile every record has the same score, so a profile gives one difference.',
    ],
    html: parts.join('\n'),
  };
}

/** The issues of a report, as a section. */
export function issuesSection(issues: readonly Issue[]): Section {
  return {
    id: 'issues',
    title: 'Warnings and notes',
    notes:
      issues.length === 0
        ? ['None.']
        : issues.map((i) => `${i.severity}: ${i.message} [${i.code}]`),
    html: '',
  };
}

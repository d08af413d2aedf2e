/**
 * The model card and the datasheet as self-contained HTML pages (escaped, offline, byte-identical
 * for identical input). Missing statements are shown as missing, with the reason.
 */
import { escapeHtml, htmlPage, htmlTable, type Section } from './html.js';
import { CARD_METRICS } from './card-evidence.js';
import type { Datasheet, Estimate, Fact, ModelCard } from './card-types.js';

const METRIC_TITLES: Record<string, string> = {
  base_rate: 'outcome rate',
  auc: 'AUC',
  selection_rate: 'flagged share',
  tpr: 'TPR',
  fpr: 'FPR',
  ppv: 'PPV',
};

/** A table of facts: what, the statement (or "missing: why"), and the input it comes from. */
export function factTable(caption: string, facts: readonly Fact[]): string {
  const rows = facts
    .map((f) => {
      const value =
        f.value === null
          ? `<span class="bad">missing</span>: ${escapeHtml(f.missing ?? '')}`
          : escapeHtml(f.value);
      return `<tr><th scope="row">${escapeHtml(f.label)}</th><td>${value}</td><td>${escapeHtml(f.source ?? '—')}</td></tr>`;
    })
    .join('\n');
  return `<table>\n<caption>${escapeHtml(caption)}</caption>\n<thead><tr><th scope="col">item</th><th scope="col">statement</th><th scope="col">source</th></tr></thead>\n<tbody>\n${rows}\n</tbody>\n</table>`;
}

function estimate(e: Estimate | null | undefined): string {
  if (!e) return 'not reported';
  if (e.value === null) return 'suppressed';
  const ci = e.lo === null || e.hi === null ? '' : ` (${e.lo.toFixed(3)}–${e.hi.toFixed(3)})`;
  return `${e.value.toFixed(3)}${ci}`;
}

function metricsHtml(card: ModelCard): string {
  const m = card.metrics;
  if (m.missing) return `<p><span class="bad">missing</span>: ${escapeHtml(m.missing)}</p>`;
  const tables = m.groupings.map((g) =>
    htmlTable(
      `By ${g.name} (reference ${g.reference}); rates at ${m.rule ?? 'no rule'}; 95% intervals`,
      ['group', 'records', 'with outcome', ...CARD_METRICS.map(([k]) => METRIC_TITLES[k] ?? k)],
      g.groups.map((x) => [
        x.group,
        x.rows,
        x.positives,
        ...CARD_METRICS.map(([k]) => estimate(x.metrics[k])),
      ]),
    ),
  );
  const flagged =
    m.flagged.length === 0
      ? '<p>No comparison with the reference group exceeds the audit’s tolerance.</p>'
      : `<p>Comparisons exceeding the audit’s tolerance:</p><ul>${m.flagged.map((f) => `<li>${escapeHtml(f)}</li>`).join('')}</ul>`;
  return `${tables.join('\n')}\n${flagged}`;
}

function short(hash: string | null): string {
  return hash === null ? 'not given' : `${hash.slice(0, 16)}…`;
}

/** The model card as HTML. */
export function cardHtml(card: ModelCard): string {
  const model = card.model[0]?.value ?? 'model';
  const sections: Section[] = [
    { id: 'model', title: 'Model', html: factTable('What the model file holds', card.model) },
    {
      id: 'use',
      title: 'Intended use and misuse',
      notes: [
        'A score is not evidence about an allegation. It supports screening; it decides nothing.',
      ],
      html: `${factTable('Intended use', card.intendedUse)}\n${factTable('Misuse', card.misuse)}`,
    },
    {
      id: 'population',
      title: 'Population and label, with their limits',
      html: `${factTable('Whom the model describes', card.population)}\n${factTable('Limits', card.limits)}`,
    },
    { id: 'metrics', title: 'Metrics by group (audit)', html: metricsHtml(card) },
    { id: 'replay', title: 'Score policies (replay)', html: factTable('Replay', card.replay) },
    { id: 'monitoring', title: 'Monitoring', html: factTable('Monitoring', card.monitoring) },
    {
      id: 'oracle',
      title: 'Oracle test (Chouldechova et al. 2018)',
      notes: ['Would the concern remain if the model predicted the outcome perfectly?'],
      html: card.oracle
        .map(
          (o) =>
            `<h3>${escapeHtml(o.question)}</h3>\n<p class="meta">Concern ${escapeHtml(o.concern)}; ${escapeHtml(o.status)}.</p>\n${factTable('From the inputs', o.answer)}`,
        )
        .join('\n'),
    },
    {
      id: 'consistency',
      title: 'Consistency of the inputs',
      html: htmlTable(
        'Do the reports describe this model and its data?',
        ['check', 'status', 'detail'],
        card.consistency.map((c) => [c.check, c.status, c.detail]),
      ),
    },
    {
      id: 'lifecycle',
      title: 'Lifecycle record (ethics review)',
      html: htmlTable(
        'Each stage, its evidence and who signed it',
        ['stage', 'status', 'evidence (sha256)', 'signed by', 'on', 'notes'],
        card.lifecycle.map((s) => [
          s.title,
          s.status,
          s.evidence.map((e) => `${e.path} (${short(e.sha256)})`).join('; ') || 'none',
          s.signedBy,
          s.signedOn,
          s.notes.join(' '),
        ]),
      ),
    },
    {
      id: 'inputs',
      title: 'Input files',
      html: htmlTable(
        'Every file the card read, with its sha256',
        ['role', 'file', 'sha256'],
        card.inputs.map((i) => [i.role, i.path ?? 'not given', i.sha256 ?? '—']),
      ),
    },
  ];
  return htmlPage(
    `Model card: ${model}`,
    [`${card.format}. Every statement names its source; missing ones say so.`],
    sections,
  );
}

/** The datasheet as HTML. */
export function datasheetHtml(sheet: Datasheet): string {
  return htmlPage(
    'Datasheet: the data behind the model',
    [`${sheet.format}. Every statement names its source; missing ones say so.`],
    [
      ...sheet.sections.map((s, k) => ({
        id: `s${k + 1}`,
        title: s.title,
        html: factTable(s.title, s.facts),
      })),
      {
        id: 'inputs',
        title: 'Input files',
        html: htmlTable(
          'Every file the datasheet read, with its sha256',
          ['role', 'file', 'sha256'],
          sheet.inputs.map((i) => [i.role, i.path ?? 'not given', i.sha256 ?? '—']),
        ),
      },
    ],
  );
}

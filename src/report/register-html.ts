/**
 * The decision register in HTML: `registerHtml` gives one report section (for the demo report and
 * any page that shows a model), `registerPageHtml` a page of its own. Each decision shows what
 * was chosen, its parameters, the alternatives, why (or that nobody has written why), who decided
 * and when (unsigned in red until someone signs), and the replay evidence that bears on it.
 * Formatting only; every value is escaped; identical registers give identical bytes.
 */
import { UNSIGNED, unsignedDecisions, type Register } from '../audit/index.js';
import { escapeHtml, htmlPage, type Section } from './html.js';
import { PAGE_STYLE } from './policy-parts.js';

/** Parameters as "key: value" text (objects as compact JSON). */
function parameters(value: Readonly<Record<string, unknown>>): string {
  return Object.entries(value)
    .map(([k, v]) => `${k}: ${typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}`)
    .join('; ');
}

const signed = (v: string) =>
  v === UNSIGNED ? '<span class="unsigned">unsigned</span>' : escapeHtml(v);

function decisionHtml(d: Register['decisions'][number]): string {
  const alternatives = d.alternatives
    .map(
      (a) =>
        `<li>${escapeHtml(a.choice)}${a.note ? ` — <span class="muted">${escapeHtml(a.note)}</span>` : ''}</li>`,
    )
    .join('');
  const evidence =
    d.evidence.length === 0
      ? '<span class="muted">none attached yet (run sightline replay or sightline ablate with --register)</span>'
      : `<ul>${d.evidence
          .map(
            (e) =>
              `<li><strong>${escapeHtml(e.analysis.replace('_', ' '))}</strong>: ${escapeHtml(e.summary)}${e.source ? ` <span class="muted">(${escapeHtml(e.source)})</span>` : ''}</li>`,
          )
          .join('')}</ul>`;
  return `<h3 id="decision-${escapeHtml(d.id)}">${escapeHtml(d.title)}</h3>
<dl class="decision">
<dt>Chosen</dt><dd>${escapeHtml(d.choice)}</dd>
<dt>Parameters</dt><dd><code>${escapeHtml(parameters(d.value))}</code></dd>
<dt>Alternatives</dt><dd><ul>${alternatives}</ul></dd>
<dt>Why</dt><dd>${d.rationale ? escapeHtml(d.rationale) : '<span class="unsigned">not written</span>'}</dd>
<dt>Decided by, on</dt><dd>${signed(d.decidedBy)}, ${signed(d.decidedOn)}</dd>
<dt>Evidence</dt><dd>${evidence}</dd>
</dl>`;
}

/**
 * The register as one report section (`id` "register").
 * @example sections.push(registerHtml(draftRegister(trained)))
 */
export function registerHtml(register: Register): Section {
  const open = unsignedDecisions(register).length;
  return {
    id: 'register',
    title: 'Decision register: the design decisions of this model',
    notes: [
      `Every design decision below is a policy choice: it changes who is labelled high-risk. ${open === 0 ? 'Every decision is signed.' : `${open} of ${register.decisions.length} decisions are unsigned: this is a draft, written by the software from the model file, until the people accountable for each decision write why, sign it and date it (fields "rationale", "decidedBy" and "decidedOn" of the register file).`}`,
      `Model: ${register.model.summary} (${register.model.kind}); protocol ${register.model.protocol}; data ${register.model.dataHash ?? 'unknown'}. Register format ${'sightline-register'} v${register.schemaVersion}.`,
    ],
    html: `<style>${PAGE_STYLE}</style>\n${register.decisions.map(decisionHtml).join('\n')}`,
  };
}

/** The register as a page of its own. */
export function registerPageHtml(register: Register, heading: readonly string[] = []): string {
  return htmlPage('Sightline decision register', [...heading], [registerHtml(register)]);
}

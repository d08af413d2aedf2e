/** The analyst's page: aggregate tables of the service's decisions and links to the reports. */
import type { Staff } from '../../server/context.js';
import type { ReportTable, ServiceReport } from '../../server/workflow/reports.js';
import type { ReportFile } from '../../server/workflow/report-files.js';
import { html, type Html } from '../html.js';
import { page } from './layout.js';

/** The reports page. */
export function reportsPage(
  staff: Staff,
  report: ServiceReport,
  files: readonly (ReportFile & { available: boolean; withheld: string | null })[],
): string {
  const content = html`<h2>Audit, replay and monitoring reports</h2>
    <ul>
      ${files.map((f) =>
        !f.available
          ? html`<li>${f.title} — <span class="muted">not generated yet (${f.howTo})</span></li>`
          : f.withheld !== null
            ? html`<li>${f.title} — <span class="muted">${f.withheld}</span></li>`
            : html`<li><a href="/reports/files/${f.id}">${f.title}</a></li>`,
      )}
    </ul>
    <h2>Decisions made with the service</h2>
    <p>
      ${report.decided} calls decided. Open:
      ${report.open.length === 0 ? 'none' : report.open.map((o) => `${o.calls} ${o.status}`).join(', ')}.
    </p>
    <p class="muted">${report.suppression}</p>
    ${report.tables.filter((t) => !t.id.startsWith('disputes-')).map(section)}
    <h2>Disputes of records</h2>
    ${report.tables.filter((t) => t.id.startsWith('disputes-')).map(section)}
    <p class="muted">Generated ${report.generatedAt}.</p>`;
  return page(staff, 'Reports', content);
}

function section(t: ReportTable): Html {
  return html`<section aria-labelledby="t-${t.id}">
    <h3 id="t-${t.id}">${t.title}</h3>
    ${t.rows.length === 0 ? html`<p>None yet.</p>` : reportTable(t)}
    <p class="muted">${t.note}</p>
  </section>`;
}

function reportTable(t: ReportTable): Html {
  return html`<table>
    <thead>
      <tr>
        ${t.columns.map((c, i) => html`<th scope="col" ${i > 0 ? html`class="num"` : html``}>${c}</th>`)}
      </tr>
    </thead>
    <tbody>
      ${t.rows.map(
        (r) =>
          html`<tr>
            ${r.map((cell, i) => (i === 0 ? html`<th scope="row">${cell}</th>` : html`<td class="num">${cell}</td>`))}
          </tr>`,
      )}
    </tbody>
  </table>`;
}

/**
 * Self-contained HTML building blocks for Sightline reports: every page opens offline (no external
 * scripts, fonts or styles), escapes every value, and is byte-identical for identical input.
 */

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A cell: plain text (escaped) or a number formatted with `digits` decimals. */
export type Cell = string | number | null;

/** Formats a number for a table: NaN and null as an em dash, integers with thousands separators. */
export function formatCell(value: Cell, digits = 3): string {
  if (value === null || (typeof value === 'number' && Number.isNaN(value))) return '—';
  if (typeof value === 'string') return escapeHtml(value);
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return value.toFixed(digits);
}

/** An HTML table with a caption; numbers are right-aligned. */
export function htmlTable(
  caption: string,
  headers: readonly string[],
  rows: readonly Cell[][],
): string {
  const head = headers.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('');
  const body = rows
    .map(
      (r) =>
        `<tr>${r
          .map((c) => `<td${typeof c === 'number' ? ' class="num"' : ''}>${formatCell(c)}</td>`)
          .join('')}</tr>`,
    )
    .join('\n');
  return `<table>\n<caption>${escapeHtml(caption)}</caption>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

/** One report section: a heading, optional plain-language notes, and HTML content. */
export interface Section {
  readonly id: string;
  readonly title: string;
  readonly notes?: readonly string[];
  readonly html: string;
}

const STYLE = `
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1a1a1a;background:#fff;max-width:60rem;margin:2rem auto;padding:0 1rem}
h1{font-size:1.8rem}h2{font-size:1.3rem;margin-top:2.5rem;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:1rem 0;font-size:.95rem}caption{text-align:left;font-weight:600;padding:.3rem 0}
th,td{border:1px solid #bbb;padding:.25rem .6rem;text-align:left}td.num{text-align:right;font-variant-numeric:tabular-nums}
thead th{background:#eef1f5}.note{background:#f6f7f9;border-left:4px solid #5b6b80;padding:.5rem .8rem;margin:.8rem 0}
.meta{color:#444;font-size:.9rem}.bad{color:#8a1c1c;font-weight:600}.good{color:#1d5e2a;font-weight:600}`;

/** A complete, self-contained HTML page. */
export function htmlPage(
  title: string,
  meta: readonly string[],
  sections: readonly Section[],
): string {
  const toc = sections
    .map((s) => `<li><a href="#${escapeHtml(s.id)}">${escapeHtml(s.title)}</a></li>`)
    .join('');
  const body = sections
    .map((s) => {
      const notes = (s.notes ?? []).map((n) => `<p class="note">${escapeHtml(n)}</p>`).join('\n');
      return `<section id="${escapeHtml(s.id)}">\n<h2>${escapeHtml(s.title)}</h2>\n${notes}\n${s.html}\n</section>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
${meta.map((m) => `<p class="meta">${escapeHtml(m)}</p>`).join('\n')}
<nav aria-label="Contents"><ul>${toc}</ul></nav>
${body}
</main>
</body>
</html>
`;
}

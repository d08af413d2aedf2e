/**
 * Charts are Vega-Lite specs (plain JSON data, snapshot-testable, the same spec in reports and in
 * the web pages), rendered here to SVG with Vega's headless renderer, no DOM or canvas needed.
 * A report embeds both the SVG (to look at, offline) and the spec (to reuse).
 */
import * as vega from 'vega';
import * as vl from 'vega-lite';
import { escapeHtml } from './html.js';

/** A Vega-Lite specification (kept loose: the compiler validates it). */
export type ChartSpec = Record<string, unknown>;

const CONFIG = {
  font: 'system-ui, sans-serif',
  axis: { labelFontSize: 12, titleFontSize: 13 },
  legend: { labelFontSize: 12, titleFontSize: 13 },
  title: { fontSize: 14 },
};

/** Renders a Vega-Lite spec to an SVG string. */
export async function renderSvg(spec: ChartSpec): Promise<string> {
  const compiled = vl.compile({ config: CONFIG, ...spec } as vl.TopLevelSpec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

/**
 * A <figure> with the rendered SVG, a caption, a text description for screen readers, and the
 * spec embedded as JSON data (not executed).
 */
export async function chartFigure(
  id: string,
  caption: string,
  description: string,
  spec: ChartSpec,
): Promise<string> {
  const svg = await renderSvg(spec);
  const json = JSON.stringify(spec).replace(/</g, '\\u003c');
  return `<figure id="${escapeHtml(id)}" role="group" aria-labelledby="${escapeHtml(id)}-cap">
<div role="img" aria-label="${escapeHtml(description)}">${svg}</div>
<figcaption id="${escapeHtml(id)}-cap">${escapeHtml(caption)}</figcaption>
<script type="application/json" class="vega-lite-spec">${json}</script>
</figure>`;
}

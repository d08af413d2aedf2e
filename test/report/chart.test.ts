import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chartFigure, renderSvg } from '../../src/report/index.js';

const spec = {
  data: {
    values: [
      { score: 1, n: 3 },
      { score: 2, n: 5 },
    ],
  },
  mark: 'bar',
  encoding: { x: { field: 'score', type: 'ordinal' }, y: { field: 'n', type: 'quantitative' } },
};

test('a Vega-Lite spec renders to the same SVG every time', async () => {
  const a = await renderSvg(spec);
  assert.match(a, /^<svg /);
  assert.match(a, /<\/svg>$/);
  assert.equal(await renderSvg(spec), a);
});

test('a figure embeds the SVG, a caption, an accessible description and the spec as data', async () => {
  const fig = await chartFigure('f1', 'Scores', 'Bar chart of counts by score', spec);
  assert.match(fig, /<figcaption id="f1-cap">Scores<\/figcaption>/);
  assert.match(fig, /role="img" aria-label="Bar chart of counts by score"/);
  assert.match(fig, /<script type="application\/json" class="vega-lite-spec">\{"data"/);
});

test('an invalid spec is an error, not an empty chart', async () => {
  await assert.rejects(renderSvg({ mark: 'nonsense' }));
});

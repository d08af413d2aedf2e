/**
 * The analysts' report files never name families: a policy replay built with example pairs (its
 * referral/person ids) is refused, with how to rebuild it, on the report route and marked so on the
 * reports page and in /api/reports; so is a replay whose report.json is missing or says nothing of
 * examples, or whose HTML holds the examples table; the same replay built without examples is
 * served as written. The replays are built for real, on the hand-made policy fixture.
 */
import { after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runReplay, scoreBase } from '../../src/audit/index.js';
import { replayReportHtml } from '../../src/report/index.js';
import { stableStringify } from '../../src/core/index.js';
import {
  BH,
  fixtureContext,
  fixtureFeatures,
  fixtureFile,
  probOf,
} from '../audit/policy/fixture.js';
import { PASSWORD, serviceTest } from './fixture.js';
import { signIn } from './client.js';

// η = x + 0.5·BH with four records sharing x: matched pairs exist, so examples can be listed
// (test/audit/policy/analyses.test.ts works the same context out by hand).
const x = Math.log(probOf(10) / (1 - probOf(10)));
const ctx = fixtureContext(fixtureFile(0.5), fixtureFeatures([x, x, x, x, -3, -3, 3]));
const ids = ctx.fs.records.referralId.map((r, i) => `${r}/${ctx.fs.records.personId[i]}`);

/** A replay of the fixture as `sightline replay` writes it: report.json and report.html. */
async function replay(examples: number): Promise<{ json: string; html: string }> {
  const report = runReplay(ctx, scoreBase(ctx), {
    replicates: 20,
    minCell: 0,
    minClusters: 1,
    counterfactual: [BH],
    examples,
  });
  return {
    json: `${stableStringify(report, 1)}\n`,
    html: await replayReportHtml(report, ['The policy fixture.']),
  };
}

const withExamples = await replay(2);
const without = await replay(0);
// The build itself: the examples table lists ids, and nothing else in either page does.
assert.ok(withExamples.html.includes('R0/P0'));
assert.ok(ids.every((id) => !without.html.includes(id)));

const reports = await mkdtemp(join(tmpdir(), 'sl-report-files-'));
after(() => rm(reports, { recursive: true, force: true }));
await mkdir(join(reports, 'replay'));
const put = async (files: { json?: string | null; html: string }) => {
  await rm(join(reports, 'replay', 'report.json'), { force: true });
  if (files.json) await writeFile(join(reports, 'replay', 'report.json'), files.json);
  await writeFile(join(reports, 'replay', 'report.html'), files.html);
};

await serviceTest(
  'a replay that lists example ids is refused to analysts; one without is served',
  { service: { reportsDir: reports } },
  async (svc) => {
    const analyst = await signIn(svc.app, 'analyst', PASSWORD);
    const refused = async (why: RegExp) => {
      const r = await analyst.get('/reports/files/replay');
      assert.equal(r.status, 403, r.text.slice(0, 300));
      assert.match(r.text, why);
      assert.match(r.text, /rebuild it without --examples \(sightline replay COUNTY/);
      for (const id of ids) assert.ok(!r.text.includes(id), `${id} in the refusal`);
      const page = await analyst.get('/reports');
      assert.ok(!page.text.includes('href="/reports/files/replay"'), 'no link to it');
      assert.match(page.text, /the policy replay report is not served/);
      const listed = (await analyst.api('GET', '/api/reports')).json.reports;
      const entry = listed.find((f: { id: string }) => f.id === 'replay');
      assert.equal(entry.available, true);
      assert.match(entry.withheld, why);
    };

    await put(withExamples);
    await refused(/it was built with --examples and lists referral and person ids/);
    // Its HTML beside the JSON of a build without examples (files copied from two builds).
    await put({ json: without.json, html: withExamples.html });
    await refused(/it was built with --examples/);
    // Without its report.json nothing says what the page holds, even a page without examples.
    await put({ json: null, html: without.html });
    await refused(/replay\/report\.json is missing or is not the JSON of a policy replay/);
    await put({ json: '{"report":"sightline-audit/1"}\n', html: without.html });
    await refused(/replay\/report\.json is missing or is not the JSON of a policy replay/);

    await put(without);
    const served = await analyst.get('/reports/files/replay');
    assert.equal(served.status, 200);
    assert.equal(served.text, without.html);
    const page = await analyst.get('/reports');
    assert.ok(page.text.includes('href="/reports/files/replay"'));
    assert.doesNotMatch(page.text, /not served/);
    const listed = (await analyst.api('GET', '/api/reports')).json.reports;
    assert.equal(listed.find((f: { id: string }) => f.id === 'replay').withheld, null);
  },
);

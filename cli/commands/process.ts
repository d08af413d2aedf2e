/**
 * `sightline process DIR --out OUT`: how referrals were decided — screen-in by score and group,
 * the screener's ratings against the score, protocol agreement, overrides by supervisor and
 * group, the screener's tilt, the four-way table, decisions on a wrong score and (with --model)
 * selective labels — as report.json and report.html in one folder, written atomically and
 * byte-identical for identical input.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { SightlineError, parseDate, stableStringify, type Issue } from '../../src/core/index.js';
import { hashExtract, readExtract, type Extract } from '../../src/contract/index.js';
import { buildFeatures, type FeatureSet } from '../../src/features/index.js';
import {
  modelSummary,
  scoreRecords,
  type ModelFile,
  type ScoredRecords,
} from '../../src/scoring/index.js';
import {
  decisionTable,
  modelSelectiveLabels,
  recomputedScores,
  runProcess,
  type ProcessOptions,
  type ProcessReport,
} from '../../src/audit/index.js';
import { processReportHtml } from '../../src/report/index.js';
import {
  intOpt,
  numberOpt,
  requiredOpt,
  stringOpt,
  type Args,
  type Command,
  type Io,
} from '../command.js';
import { writeReportDir } from './audit.js';
import { readModelFile } from './model-io.js';

/** The analysis options from the command line. */
function processOptions(args: Args): ProcessOptions {
  const rule = stringOpt(args, 'tool-rule') ?? 'rate';
  const n = Number(rule);
  if (rule !== 'rate' && rule !== 'protocol' && (rule.trim() === '' || !Number.isFinite(n))) {
    throw new SightlineError(
      'E_USAGE',
      `invalid --tool-rule: ${rule} (rate, protocol or a score threshold such as 16)`,
    );
  }
  const source = stringOpt(args, 'score-source') ?? 'auto';
  if (source !== 'auto' && source !== 'shown' && source !== 'recomputed') {
    throw new SightlineError(
      'E_USAGE',
      `invalid --score-source: ${source} (auto, shown or recomputed)`,
    );
  }
  const minCases = intOpt(args, 'process', 'min-cases', 30);
  if (minCases < 1)
    throw new SightlineError('E_USAGE', `invalid --min-cases: ${minCases} (at least 1)`);
  const o: ProcessOptions = {
    scoreSource: source,
    toolRule: rule === 'rate' || rule === 'protocol' ? rule : n,
    minCases,
  };
  for (const k of ['from', 'to'] as const) {
    const v = stringOpt(args, k);
    if (v === undefined) continue;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(parseDate(v))) {
      throw new SightlineError('E_USAGE', `invalid --${k}: ${v} (a date YYYY-MM-DD)`);
    }
    o[k] = v;
  }
  return o;
}

/** The recomputed household score per referral row: from --recomputed, else from the model. */
async function recomputed(
  args: Args,
  extract: Extract,
  scoredModel: { fs: FeatureSet; scored: ScoredRecords } | null,
  issues: Issue[],
): Promise<Float64Array | undefined> {
  const file = stringOpt(args, 'recomputed');
  if (file !== undefined) {
    const text = await readFile(file, 'utf8').catch(() => {
      throw new SightlineError(
        'E_USAGE',
        `--recomputed ${file} not found. Fix: give a CSV with referral_id and a score column.`,
      );
    });
    const column = stringOpt(args, 'recomputed-column') ?? 'score';
    const r = recomputedScores(text, column, extract.referrals.referral_id, basename(file));
    issues.push(...r.issues);
    return r.scores;
  }
  if (scoredModel === null) return undefined;
  const { fs, scored } = scoredModel;
  const out = new Float64Array(extract.referrals.n).fill(NaN);
  for (let i = 0; i < fs.records.n; i++)
    out[fs.records.referralRow[i]!] = scored.householdScore[i]!;
  return out;
}

async function buildReport(
  args: Args,
  io: Io,
): Promise<{ report: ProcessReport; heading: string[] }> {
  const dir = args.positionals[0]!;
  const options = processOptions(args);
  const modelPath = stringOpt(args, 'model');
  const model: ModelFile | null = modelPath === undefined ? null : await readModelFile(modelPath);
  const { extract } = await readExtract(dir);
  const dataHash = await hashExtract(dir);
  let scoredModel: { fs: FeatureSet; scored: ScoredRecords } | null = null;
  if (model !== null) {
    const fs = buildFeatures(extract);
    scoredModel = { fs, scored: scoreRecords(model, fs) };
    io.err(`process: ${fs.records.n} records of ${dir} scored\n`);
  }
  const issues: Issue[] = [];
  const table = decisionTable(extract, await recomputed(args, extract, scoredModel, issues));
  const bound = (v: string | undefined) => (v === undefined ? NaN : parseDate(v));
  const labels =
    model !== null && scoredModel !== null
      ? modelSelectiveLabels(scoredModel.fs, model, scoredModel.scored, table, {
          from: bound(options.from),
          to: bound(options.to),
          lenientShare: numberOpt(args, 'process', 'lenient-share', 0.2),
          minCases: options.minCases ?? 30,
        })
      : null;
  const source = {
    extract: {
      name: basename(dir),
      dataHash,
      asOf: extract.manifest.as_of,
      referrals: extract.referrals.n,
    },
    model:
      model === null
        ? null
        : {
            file: basename(modelPath!),
            summary: modelSummary(model.model).text,
            aggregation: model.aggregation,
            protocol: `${model.protocol.name} v${model.protocol.version}`,
          },
    recomputed:
      stringOpt(args, 'recomputed') === undefined
        ? model === null
          ? null
          : 'model'
        : basename(stringOpt(args, 'recomputed')!),
  };
  const report = runProcess({
    table,
    source,
    options,
    selectiveLabels: labels,
    labelsNote: 'Selective labels were not analysed: give --model MODEL to score the records.',
  });
  const withIssues: ProcessReport = { ...report, issues: [...issues, ...report.issues] };
  const heading = [
    `Extract: ${basename(dir)} (${dataHash.slice(0, 23)}…), as of ${extract.manifest.as_of}, ${extract.referrals.n.toLocaleString('en-US')} referrals.`,
    model === null
      ? 'No model given: scores are the ones shown at the time.'
      : `Model: ${basename(modelPath!)}, ${modelSummary(model.model).text}.`,
  ];
  return { report: withIssues, heading };
}

export const processCommand: Command = {
  name: 'process',
  summary: 'decisions, overrides, the four-way table, wrong scores and selective labels',
  usage: 'DIR --out OUT [--model MODEL] [--recomputed FILE] [options]',
  description: [
    'Writes OUT/report.json (sightline-process/1) and OUT/report.html: screen-in rate by score and',
    'household race, the screener’s risk × safety ratings against the score, agreement with the',
    'protocol, overrides by supervisor and group (crude and within supervisor × risk rating), the',
    'screener’s tilt by household race, the four-way table (tool alone vs people), decisions made',
    'on a wrong score (needs the recomputed score: --model, the deployed model, or --recomputed),',
    'and with --model the selective-labels analysis (coverage, re-referred records, bounds on AUC',
    'and FPR, contraction against the most lenient screeners).',
  ].join('\n'),
  options: {
    out: { type: 'string', value: 'OUT', help: 'folder to write report.json and report.html into' },
    model: {
      type: 'string',
      value: 'MODEL',
      help: "model file from 'sightline train' (recomputed scores, selective labels)",
    },
    recomputed: {
      type: 'string',
      value: 'FILE',
      help: 'CSV of recomputed scores with referral_id (e.g. the synthetic truth file)',
    },
    'recomputed-column': {
      type: 'string',
      value: 'COL',
      help: 'score column of --recomputed (default score; tool_score for a truth file)',
    },
    from: { type: 'string', value: 'DATE', help: 'first call date in scope (default: all)' },
    to: { type: 'string', value: 'DATE', help: 'end of the scope, exclusive (default: all)' },
    'score-source': { type: 'string', value: 'S', help: 'auto (default), shown or recomputed' },
    'tool-rule': {
      type: 'string',
      value: 'R',
      help: 'four-way table: rate (default), protocol, or a threshold T',
    },
    'min-cases': {
      type: 'string',
      value: 'N',
      help: 'supervisors/screeners with fewer cases are not compared (default 30)',
    },
    'lenient-share': {
      type: 'string',
      value: 'X',
      help: 'contraction: share of cases the most lenient screeners hold (default 0.2)',
    },
    json: { type: 'boolean', help: 'print a JSON summary on stdout' },
  },
  positionals: [1, 1],
  async run(args, io) {
    const out = requiredOpt(args, 'process', 'out');
    const share = numberOpt(args, 'process', 'lenient-share', 0.2);
    if (!(share > 0 && share < 1))
      throw new SightlineError('E_USAGE', `invalid --lenient-share: ${share} (between 0 and 1)`);
    const t0 = performance.now();
    const { report, heading } = await buildReport(args, io);
    const html = await processReportHtml(report, heading);
    await writeReportDir(out, {
      'report.json': `${stableStringify(report, 1)}\n`,
      'report.html': html,
    });
    io.err(`process: done in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
    const summary = processSummary(report, out);
    io.out(
      args.values.json === true ? `${stableStringify(summary, 1)}\n` : `${summaryText(summary)}\n`,
    );
    return 0;
  },
};

/** The few numbers a reader wants first. */
function processSummary(r: ProcessReport, out: string) {
  const tilt = r.screenerTilt.adjusted[0];
  const over = r.overrides.disparity.adjusted[0];
  const all = r.overrides.disparity.byGroup.at(-1)!;
  return {
    out,
    referrals: r.population.inWindow,
    decided: r.population.decided,
    overrideRate: all.rate,
    overrideOddsRatio: over
      ? { group: over.group, value: over.oddsRatio, lo: over.lo, hi: over.hi }
      : null,
    screenerOddsRatio: tilt
      ? { group: tilt.group, value: tilt.oddsRatio, lo: tilt.lo, hi: tilt.hi }
      : null,
    gap: r.fourWay?.gaps[0]
      ? { toolAlone: r.fourWay.gaps[0].toolAlone.value, people: r.fourWay.gaps[0].actual.value }
      : null,
    wrongScores: r.glitch ? r.glitch.differing.at(-1)!.k : null,
    selectiveLabels: r.selectiveLabels !== null,
    issues: r.issues.map((i) => i.message),
  };
}

function summaryText(s: ReturnType<typeof processSummary>): string {
  const f = (v: number | null | undefined, d = 2) =>
    v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(d);
  return [
    `process report written to ${s.out} (report.json, report.html): ${s.referrals} referrals, ${s.decided} decided by screening`,
    `override rate ${f(s.overrideRate, 3)}; odds ratio ${s.overrideOddsRatio?.group ?? ''} vs reference within supervisor × risk: ${f(s.overrideOddsRatio?.value)} (${f(s.overrideOddsRatio?.lo)} to ${f(s.overrideOddsRatio?.hi)})`,
    `screener tilt odds ratio ${s.screenerOddsRatio?.group ?? ''} vs reference at equal ratings: ${f(s.screenerOddsRatio?.value)} (${f(s.screenerOddsRatio?.lo)} to ${f(s.screenerOddsRatio?.hi)})`,
    `screen-in gap under the tool alone ${f(s.gap?.toolAlone, 3)}, as people decided ${f(s.gap?.people, 3)}; wrong scores shown: ${s.wrongScores ?? 'not checked'}`,
    ...s.issues.map((m) => `warning: ${m}`),
  ].join('\n');
}

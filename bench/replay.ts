/**
 * The whole policy replay on the full-scale synthetic county (issue 6), as `sightline replay`
 * and `sightline ablate` run it from a model file: the model replayed on its extract (context),
 * every policy with 1,000 bootstrap replicates and the counterfactual pairs, then the five
 * named feature-group ablations — each a LASSO cross-validation with the model's own folds and
 * parameters — with paired comparisons, crossings, the household-size view and the multiplicity
 * analysis, and both HTML pages. Goal: under 2 minutes on 2 cores. Building the county, its
 * features and the base model come before the replay and are timed apart. Wall and CPU seconds
 * (all threads) per step, the 1-minute load average at start and end, and the measured effects.
 *
 *   node --import tsx bench/replay.ts [--scale 1] [--seeds 0] [--replicates 1000]
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { buildFeatures } from '../src/features/index.js';
import { synthesize } from '../src/synth/index.js';
import { trainModel } from '../src/scoring/index.js';
import {
  DEFAULT_COUNTERFACTUAL_FEATURE,
  policyContext,
  runAblation,
  runReplay,
  scoreBase,
} from '../src/audit/index.js';
import { ablationReportHtml, replayReportHtml } from '../src/report/index.js';
import { peakRssMb, report, timed } from './measure.js';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '1' },
    seeds: { type: 'string', default: '0' },
    replicates: { type: 'string', default: '1000' },
  },
});
const scale = Number(values.scale);
const replicates = Number(values.replicates);
const load0 = loadavg()[0]!;
const fs = buildFeatures(synthesize({ seed: 1, scale }).extract);
const trained = await timed(() => trainModel(fs, { seed: 1 }, 'bench'));
const file = trained.value.file;

const ctx = await timed(() => policyContext(fs, file, 'bench'));
const replay = await timed(() =>
  runReplay(ctx.value, scoreBase(ctx.value), {
    replicates,
    counterfactual: [DEFAULT_COUNTERFACTUAL_FEATURE],
  }),
);
const steps: Record<string, { wall: number; cpu: number }> = {};
const t0 = performance.now();
const c0 = process.cpuUsage();
let last = { t: t0, c: c0, name: 'preparing the shared rows' };
/** Closes the step that began with the previous progress message. */
const lap = (next: string) => {
  const now = { t: performance.now(), c: process.cpuUsage(), name: next };
  const cpu = (now.c.user - last.c.user + now.c.system - last.c.system) / 1e6;
  steps[last.name] = { wall: (now.t - last.t) / 1000, cpu };
  last = now;
};
const ablation = await timed(async () => {
  const r = await runAblation(ctx.value, { replicates, seeds: Number(values.seeds) }, [], lap);
  lap('done');
  return r;
});
const pages = await timed(async () => [
  await replayReportHtml(replay.value, []),
  await ablationReportHtml(ablation.value, []),
]);
const total = ctx.seconds + replay.seconds + ablation.seconds + pages.seconds;
const totalCpu = ctx.cpuSeconds + replay.cpuSeconds + ablation.cpuSeconds + pages.cpuSeconds;
const figures: Record<string, number | string> = {
  scale,
  records: fs.records.n,
  test_records: ctx.value.split.test.length,
  train_records: ctx.value.split.train.length,
  load_avg_1m_at_start: load0,
  train_base_s: trained.seconds,
  train_base_cpu_s: trained.cpuSeconds,
  context_s: ctx.seconds,
  replay_policies_s: replay.seconds,
  replay_policies_cpu_s: replay.cpuSeconds,
  ablation_s: ablation.seconds,
  ablation_cpu_s: ablation.cpuSeconds,
  pages_s: pages.seconds,
  whole_replay_s: total,
  whole_replay_cpu_s: totalCpu,
  goal_s: 120,
  goal_met: total < 120 ? 'yes' : 'NO',
  load_avg_1m_at_end: loadavg()[0]!,
  peak_rss_mb: Math.round(peakRssMb()),
};
for (const [m, s] of Object.entries(steps)) {
  figures[`step ${m} s`] = s.wall;
  figures[`step ${m} cpu_s`] = s.cpu;
}
for (const a of ablation.value.ablations) {
  const auc = a.comparison.find((c) => c.measure === 'auc')!;
  const gap = a.comparison.find((c) => c.measure === 'households_high' && c.group === 'gap')!;
  figures[`${a.group} auc_change`] = auc.change ?? NaN;
  figures[`${a.group} high_gap_change`] = gap.change ?? NaN;
}
const widen = replay.value.widening.find(
  (w) => w.policy === 'household_max/child' && w.measure === 'selection_gap',
)!;
figures['household_max flagged gap change'] = widen.change ?? NaN;
figures['multiplicity candidates'] = ablation.value.multiplicity.candidates.length;
report('replay', figures);

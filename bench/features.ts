/**
 * Full-scale point-in-time feature build: records × default catalog from the synthetic county
 * (seed 1, scale 1), time and peak memory; anchor: the same county's extract assembly
 * (synthesize), which walks the same referrals and events once. CPU seconds (user + system, all
 * threads) are printed beside wall seconds: on a shared machine they move less than wall time.
 *
 *   node --import tsx bench/features.ts [--scale 1]
 */
import { parseArgs } from 'node:util';
import { buildFeatures } from '../src/features/index.js';
import { synthesize } from '../src/synth/index.js';
import { peakRssMb, report, timed } from './measure.js';

const { values } = parseArgs({ options: { scale: { type: 'string', default: '1' } } });
const scale = Number(values.scale);
const cpuSeconds = (since: NodeJS.CpuUsage): number => {
  const { user, system } = process.cpuUsage(since);
  return (user + system) / 1e6;
};
const genCpu = process.cpuUsage();
const gen = await timed(() => synthesize({ seed: 1, scale }));
const genCpuS = cpuSeconds(genCpu);
const buildCpu = process.cpuUsage();
const build = await timed(() => buildFeatures(gen.value.extract));
const buildCpuS = cpuSeconds(buildCpu);
const fs = build.value;
let cells = 0;
for (const c of fs.matrix.columns) cells += c.kind === 'dense' ? fs.matrix.nRows : c.rows.length;
report('features', {
  scale,
  records: fs.records.n,
  features: fs.catalog.length,
  nonzero_cells: cells,
  events: gen.value.extract.events.n,
  build_s: build.seconds,
  build_cpu_s: buildCpuS,
  records_per_s: Math.round(fs.records.n / build.seconds),
  anchor_synthesize_s: gen.seconds,
  anchor_synthesize_cpu_s: genCpuS,
  build_over_synthesize: build.seconds / gen.seconds,
  build_over_synthesize_cpu: buildCpuS / genCpuS,
  peak_rss_mb: Math.round(peakRssMb()),
});

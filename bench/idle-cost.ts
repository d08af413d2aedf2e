/**
 * What an idle gap before a piece of work costs on this machine, whatever the code: the same
 * fixed work (about 1 ms of typed-array arithmetic, object allocation and JSON, the mix of a
 * reveal) run back to back and after idle gaps of 5–40 ms, as the service bench's open loop does
 * (at 25 referrals/s a request follows 40 ms of idle). Its CPU time per unit against back to back
 * is the part of the open loop's extra cost that this machine adds to any process (CPU frequency,
 * caches and idle virtual cores), and so an anchor for bench/service.ts's open-loop figures.
 *
 *   node --import tsx bench/idle-cost.ts [--units 300] [--gaps 0,5,10,20,40]
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { report } from './measure.js';

const { values } = parseArgs({
  options: {
    units: { type: 'string', default: '300' },
    gaps: { type: 'string', default: '0,5,10,20,40' },
  },
});
const UNITS = Number(values.units);
const GAPS = values.gaps!.split(',').map(Number);

const numbers = Float64Array.from({ length: 1 << 15 }, (_, i) => Math.sin(i));
const records = Array.from({ length: 400 }, (_, i) => ({
  id: `P${String(i).padStart(7, '0')}`,
  day: 10_000 + i,
  groups: [`g${i % 7}`, `h${i % 5}`],
}));

/** One unit of work; returns a number so that nothing is optimised away. */
function unit(): number {
  let s = 0;
  for (let k = 0; k < 8; k++) for (let i = 0; i < numbers.length; i++) s += numbers[i]! * k;
  const copies = records.map((r) => ({ ...r, score: (r.day * 31) % 20 }));
  const text = JSON.stringify(copies);
  return s + (JSON.parse(text) as unknown[]).length + text.length;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  let sink = 0;
  for (let i = 0; i < 300; i++) sink += unit(); // optimised before measuring
  const rows: [string, string][] = [['load average (1 min) at start', loadavg()[0]!.toFixed(2)]];
  let base = NaN;
  // Each gap twice, in the order given then reversed, so that a change of load shows as a gap
  // measured twice with different results.
  const order = [...GAPS.map((g) => [g, 1]), ...[...GAPS].reverse().map((g) => [g, 2])];
  for (const [gap, pass] of order as [number, number][]) {
    const wall: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < UNITS; i++) {
      if (gap > 0) await sleep(gap);
      const t0 = performance.now();
      const c0 = cpuMs();
      sink += unit();
      cpu.push(cpuMs() - c0);
      wall.push(performance.now() - t0);
    }
    const w = median(wall);
    if (gap === 0 && Number.isNaN(base)) base = w;
    const line = `wall p50 ${w.toFixed(3)} ms (×${(w / base).toFixed(2)} of back to back), CPU p50 ${median(cpu).toFixed(3)} ms`;
    rows.push([`gap ${gap} ms, pass ${pass}`, line]);
    console.error(`gap ${gap} ms, pass ${pass}: ${line}`);
  }
  rows.push(['load average (1 min) at end', loadavg()[0]!.toFixed(2)]);
  if (sink === 0) console.error('(unreachable: keeps the work)');
  report('idle-cost', Object.fromEntries(rows));
}

await main();

/**
 * What an idle gap before a piece of work costs on this machine, whatever the code: the same
 * fixed work (about 1 ms of typed-array arithmetic, object allocation and JSON, the mix of a
 * reveal) run back to back and after idle gaps of 5–40 ms, as the service bench's open loop does
 * (at 25 referrals/s a request follows 40 ms of idle). Its CPU time per unit against back to back
 * is the part of the open loop's extra cost that this machine adds to any process (CPU frequency,
 * caches and idle virtual cores), and so an anchor for bench/service.ts's open-loop figures.
 *
 * Second anchor: a loopback TCP round trip to another process (1 byte there, 1 byte back, Nagle
 * off), back to back and after the same gaps. A reveal crosses processes 4 times on PostgreSQL
 * (client → server, then 3 statements to PostgreSQL and their answers, then the answer) and twice
 * on SQLite (client → server → client, plus the flush thread), and after idle every one of those
 * hops wakes a process that had stopped.
 *
 *   node --import tsx bench/idle-cost.ts [--units 300] [--gaps 0,5,10,20,40] [--trips 300]
 */
import { fork } from 'node:child_process';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { report } from './measure.js';

const { values } = parseArgs({
  options: {
    units: { type: 'string', default: '300' },
    gaps: { type: 'string', default: '0,5,10,20,40' },
    trips: { type: 'string', default: '300' },
    /** Internal: run as the echoing peer of the round-trip anchor. */
    echo: { type: 'boolean', default: false },
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
  rows.push(...(await roundTrips()));
  rows.push(['load average (1 min) at end', loadavg()[0]!.toFixed(2)]);
  if (sink === 0) console.error('(unreachable: keeps the work)');
  report('idle-cost', Object.fromEntries(rows));
}

/** The peer: answers every chunk it receives with one byte. */
function echo(): void {
  const server = createServer((s) => {
    s.setNoDelay(true);
    s.on('data', () => s.write('x'));
  });
  server.listen(0, '127.0.0.1', () => process.send!((server.address() as AddressInfo).port));
  process.on('disconnect', () => process.exit(0));
}

/** Loopback round trips to a peer process, back to back and after each gap (p50 in µs). */
async function roundTrips(): Promise<[string, string][]> {
  const peer = fork(fileURLToPath(import.meta.url), ['--echo'], {
    execArgv: process.execArgv,
  });
  const port = await new Promise<number>((r) => peer.once('message', (m) => r(m as number)));
  const socket: Socket = connect(port, '127.0.0.1');
  socket.setNoDelay(true);
  await new Promise((r) => socket.once('connect', r));
  const trip = async (): Promise<number> => {
    const t0 = performance.now();
    const back = new Promise((r) => socket.once('data', r));
    socket.write('x');
    await back;
    return (performance.now() - t0) * 1000;
  };
  for (let i = 0; i < 100; i++) await trip();
  const rows: [string, string][] = [];
  for (const gap of GAPS) {
    const us: number[] = [];
    for (let i = 0; i < Number(values.trips); i++) {
      if (gap > 0) await sleep(gap);
      us.push(await trip());
    }
    const line = `p50 ${median(us).toFixed(0)} µs`;
    rows.push([`loopback round trip to another process, gap ${gap} ms`, line]);
    console.error(`round trip, gap ${gap} ms: ${line}`);
  }
  socket.destroy();
  peer.disconnect();
  return rows;
}

if (values.echo) echo();
else await main();

/**
 * Small helpers shared by the benchmarks: wall time of a step, peak memory, and the figures
 * printed as aligned text and as one JSON line (for bench/README.md).
 */
import { spawnSync } from 'node:child_process';

/**
 * Runs `fn` and returns its result with the wall time and this process's CPU time (user +
 * system, all threads) in seconds; CPU time moves less than wall time on a busy machine.
 */
export async function timed<T>(
  fn: () => T | Promise<T>,
): Promise<{ value: T; seconds: number; cpuSeconds: number }> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const value = await fn();
  const { user, system } = process.cpuUsage(c0);
  return { value, seconds: (performance.now() - t0) / 1000, cpuSeconds: (user + system) / 1e6 };
}

/** Peak resident memory of this process so far, in MB. */
export const peakRssMb = (): number => process.resourceUsage().maxRSS / 1024;

/** Runs a command and returns its wall time in seconds and stdout; throws when it fails. */
export function runTimed(
  cmd: string,
  args: string[],
  env?: NodeJS.ProcessEnv,
): { seconds: number; stdout: string } {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 1 << 26,
  });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return { seconds, stdout: r.stdout };
}

/** Prints figures as `name  value` lines and a final JSON line tagged with the bench name. */
export function report(bench: string, figures: Record<string, number | string>): void {
  const w = Math.max(...Object.keys(figures).map((k) => k.length));
  for (const [k, v] of Object.entries(figures)) {
    const text = typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(3)) : v;
    console.log(`${k.padEnd(w)}  ${text}`);
  }
  console.log(JSON.stringify({ bench, ...figures }));
}

/** The rows of each referral (household) among `rows`, the first `limit` referrals. */
export function referralRows(
  household: ArrayLike<number>,
  rows: Iterable<number>,
  limit: number,
): Uint32Array[] {
  const byReferral = new Map<number, number[]>();
  for (const r of rows) {
    const h = household[r]!;
    byReferral.set(h, [...(byReferral.get(h) ?? []), r]);
  }
  return [...byReferral.values()].slice(0, limit).map((r) => Uint32Array.from(r));
}

/** Median and 99th percentile of fn's wall time over `items` (ms), after `warmup` untimed calls. */
export function latencyMs<T>(
  items: readonly T[],
  fn: (item: T) => unknown,
  warmup: number,
): { median: number; p99: number } {
  for (const x of items.slice(0, warmup)) fn(x);
  const times: number[] = [];
  for (const x of items) {
    const t0 = performance.now();
    fn(x);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return {
    median: times[Math.floor(times.length / 2)]!,
    p99: times[Math.floor(times.length * 0.99)]!,
  };
}

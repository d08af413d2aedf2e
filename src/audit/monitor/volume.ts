/**
 * Call volume against the reference: the 2014 law change widened mandated reporting and raised
 * referral volume (DOMAIN.md §3), a drift no score distribution need show. The expected count of a
 * period is the reference's daily rate for its season (calendar month or quarter, pooled over the
 * reference years; the overall rate when the reference lacks that season) times the days the
 * period covers. The test is quasi-Poisson: var(O − E) = φ·(E + E²/N_s), with φ ≥ 1 the
 * reference's own dispersion around its seasonal expectation (Pearson χ² over degrees of freedom)
 * and N_s the reference count behind the season's rate. Size = |O/E − 1|.
 */
import { twoSidedP } from '../process/index.js';
import { classify, type CheckStatus } from './checks.js';

/** The reference's seasonal rates and dispersion. */
export interface VolumeModel {
  /** Calls per day, per season. */
  readonly rate: Float64Array;
  /** Reference calls behind each season's rate. */
  readonly count: Float64Array;
  readonly dispersion: number;
}

/** One reference period: its season, the days it covers and its count. */
export interface VolumePeriod {
  readonly season: number;
  readonly days: number;
  readonly count: number;
}

/**
 * Fits the seasonal rates (seasons 0..seasons−1) and the dispersion from reference periods.
 * @example volumeModel([{ season: 0, days: 31, count: 300 }, ...], 12)
 */
export function volumeModel(periods: readonly VolumePeriod[], seasons: number): VolumeModel {
  const days = new Float64Array(seasons);
  const count = new Float64Array(seasons);
  let allDays = 0;
  let allCount = 0;
  for (const p of periods) {
    days[p.season]! += p.days;
    count[p.season]! += p.count;
    allDays += p.days;
    allCount += p.count;
  }
  const overall = allDays > 0 ? allCount / allDays : NaN;
  const rate = Float64Array.from(days, (d, s) => (d > 0 ? count[s]! / d : overall));
  const used = days.filter((d) => d > 0).length;
  let chi = 0;
  for (const p of periods) {
    const e = rate[p.season]! * p.days;
    if (e > 0) chi += (p.count - e) ** 2 / e;
  }
  const df = periods.length - used;
  const fallback = Float64Array.from(count, (c) => (c > 0 ? c : allCount));
  return { rate, count: fallback, dispersion: df > 0 ? Math.max(1, chi / df) : 1 };
}

/** A volume check's numbers. */
export interface VolumeCheck {
  readonly observed: number;
  readonly expected: number;
  readonly ratio: number;
  readonly p: number;
  readonly status: CheckStatus;
}

/** Thresholds of a volume check (on |O/E − 1|). */
export interface VolumeThresholds {
  readonly volumeWarn: number;
  readonly volumeAlert: number;
  readonly alpha: number;
  readonly minRecords: number;
}

/** Checks a period's count against the model. */
export function volumeCheck(
  m: VolumeModel,
  season: number,
  days: number,
  observed: number,
  t: VolumeThresholds,
): VolumeCheck {
  const expected = m.rate[season]! * days;
  const sd = Math.sqrt(m.dispersion * (expected + (expected * expected) / m.count[season]!));
  const p = expected > 0 ? twoSidedP((observed - expected) / sd) : NaN;
  const ratio = observed / expected;
  return {
    observed,
    expected,
    ratio,
    p,
    status: classify(
      Math.abs(ratio - 1),
      t.volumeWarn,
      t.volumeAlert,
      p,
      t.alpha,
      expected >= t.minRecords,
    ),
  };
}

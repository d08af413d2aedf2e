/**
 * Contraction (Lakkaraju et al. 2017), the selective-labels comparison of a model with people:
 * take the cases of the most lenient screeners (those who screen out the most). Their screened-out
 * cases are the only ones whose outcome no screen-in changed, so a model that screens out fewer
 * can be judged on them without guessing any unseen outcome: at a target screen-out rate r below
 * theirs, the model additionally screens in the highest-risk round(caseload·(rate − r)) of their
 * screened-out cases, and its failure rate is the failures (screened out, outcome happened) left
 * among the rest, over the whole caseload. Other screeners at the same screen-out rate are the
 * human comparison.
 *
 * Assumption, stated in every report: cases reach screeners as if at random (no screener gets
 * systematically riskier calls), so the lenient screeners' caseload is like everyone else's. It is
 * a sensitivity analysis, not an experiment. Ties in risk are broken by case order.
 *
 * DOMAIN.md test vector: caseload 10, screened out (risk, y) = (.9,1) (.8,1) (.7,0) (.6,1) (.5,0)
 * (.4,0) (.3,1) (.2,0); at rate 0.6 the model screens in the top 2 → failure rate 0.20 (0.40 before).
 */

/** Failure rate of the model on a lenient caseload at a target screen-out rate. */
export function contractionFailureRate(
  caseload: number,
  outRisk: ArrayLike<number>,
  outY: ArrayLike<number>,
  targetRate: number,
): number {
  if (caseload <= 0) return NaN;
  const current = outRisk.length / caseload;
  if (targetRate > current + 1e-12) return NaN;
  const k = Math.round(caseload * (current - targetRate));
  const order = Array.from({ length: outRisk.length }, (_, i) => i).sort(
    (a, b) => outRisk[b]! - outRisk[a]! || a - b,
  );
  let failures = 0;
  for (let j = k; j < order.length; j++) failures += outY[order[j]!] === 1 ? 1 : 0;
  return failures / caseload;
}

/** The cases compared: risk, outcome, decision and screener per case (rows in scope). */
export interface ContractionCases {
  readonly risk: Float64Array;
  readonly y: Uint8Array;
  /** 1 screened out, 0 screened in. */
  readonly screenedOut: Uint8Array;
  /** Screener code per case (−1 unknown: left out). */
  readonly screener: Int32Array;
  readonly screeners: readonly string[];
  readonly rows: Uint32Array;
}

/** One screener's (or a pool's) screen-out and failure rates. */
export interface LeniencyPoint {
  readonly label: string;
  readonly cases: number;
  readonly screenOutRate: number;
  /** Screened out with the outcome happening, over all cases. */
  readonly failureRate: number;
}

/** The contraction result. */
export interface ContractionResult {
  readonly lenient: LeniencyPoint & { readonly screeners: readonly string[] };
  /** Every other screener with enough cases, pooled into five leniency bands (most lenient first). */
  readonly bands: readonly (LeniencyPoint & { readonly model: number })[];
  /** The model's failure rate on the lenient caseload at screen-out rates from theirs down. */
  readonly curve: readonly { readonly screenOutRate: number; readonly failureRate: number }[];
  readonly screenersUsed: number;
  readonly assumption: string;
}

/** The assumption the comparison rests on, in words. */
export const CONTRACTION_ASSUMPTION =
  'Cases reach screeners as if at random, so the most lenient screeners see calls like everyone else; the model is judged only on their screened-out cases, whose outcomes no screen-in changed. This is a sensitivity analysis under that assumption, not an experiment.';

function point(label: string, cases: number[], c: ContractionCases): LeniencyPoint {
  let out = 0;
  let fail = 0;
  for (const i of cases) {
    out += c.screenedOut[i]!;
    fail += c.screenedOut[i] === 1 && c.y[i] === 1 ? 1 : 0;
  }
  return {
    label,
    cases: cases.length,
    screenOutRate: out / cases.length,
    failureRate: fail / cases.length,
  };
}

/**
 * Contraction over screeners with at least `minCases` cases: the most lenient are pooled until
 * they hold `lenientShare` of the cases; the rest form five bands of similar size.
 */
export function contraction(
  c: ContractionCases,
  o: { readonly lenientShare: number; readonly minCases: number },
): ContractionResult {
  const byScreener = new Map<number, number[]>();
  for (const i of c.rows) {
    const s = c.screener[i]!;
    if (s < 0) continue;
    let list = byScreener.get(s);
    if (list === undefined) byScreener.set(s, (list = []));
    list.push(i);
  }
  const used = [...byScreener.entries()]
    .filter(([, cases]) => cases.length >= o.minCases)
    .map(([s, cases]) => ({ s, cases, rate: point('', cases, c).screenOutRate }))
    .sort((a, b) => b.rate - a.rate || a.s - b.s);
  const total = used.reduce((a, u) => a + u.cases.length, 0);
  let k = 0;
  const pool: number[] = [];
  while (k < used.length && (pool.length < o.lenientShare * total || k === 0))
    pool.push(...used[k++]!.cases);
  const lenient = point('most lenient screeners', pool, c);
  const outCases = pool.filter((i) => c.screenedOut[i] === 1);
  const risk = outCases.map((i) => c.risk[i]!);
  const y = outCases.map((i) => c.y[i]!);
  const model = (r: number) => contractionFailureRate(pool.length, risk, y, r);
  const rest = used.slice(k);
  const B = Math.min(5, rest.length);
  const bands = Array.from({ length: B }, (_, b) => {
    const part = rest.slice(
      Math.floor((b * rest.length) / B),
      Math.floor(((b + 1) * rest.length) / B),
    );
    const p = point(
      `band ${b + 1}`,
      part.flatMap((u) => u.cases),
      c,
    );
    return { ...p, model: model(p.screenOutRate) };
  }).filter((b) => b.cases > 0);
  const curve: { screenOutRate: number; failureRate: number }[] = [];
  const steps = Math.floor(lenient.screenOutRate / 0.02);
  for (let j = 0; j <= steps; j++) {
    const r = lenient.screenOutRate - 0.02 * j;
    curve.push({ screenOutRate: r, failureRate: model(r) });
  }
  return {
    lenient: { ...lenient, screeners: used.slice(0, k).map((u) => c.screeners[u.s]!) },
    bands,
    curve,
    screenersUsed: used.length,
    assumption: CONTRACTION_ASSUMPTION,
  };
}

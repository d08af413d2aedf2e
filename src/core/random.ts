/**
 * Seeded pseudo-random numbers (STYLE.md rule 12): every random step in Sightline takes its numbers
 * from an Rng made here, never from Math.random.
 *
 * Generator: xoshiro128** (Blackman & Vigna), 32-bit state words, seeded through splitmix32 so that
 * nearby seeds give unrelated streams. `fork(label)` derives an independent child stream from a
 * label, so adding a random step in one part of a simulation does not shift the numbers of another.
 */
export interface Rng {
  /** Uniform on [0, 1) with 32 bits of resolution. */
  next(): number;
  /** Uniform integer on [0, n), n ≥ 1. */
  int(n: number): number;
  /** Standard normal (Box–Muller, one value per call). */
  normal(): number;
  /** True with probability p. */
  bernoulli(p: number): boolean;
  /** Poisson(λ) count (inversion for λ < 30, normal approximation above). */
  poisson(lambda: number): number;
  /** Exponential with the given rate. */
  exponential(rate: number): number;
  /** Index drawn with probability proportional to weights[i] (weights ≥ 0, sum > 0). */
  pick(weights: ArrayLike<number>): number;
  /** A new independent stream derived from this stream's seed and a label. */
  fork(label: string): Rng;
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** FNV-1a hash of a string to 32 bits, used to derive fork seeds from labels. */
export function hashString32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * Creates a seeded generator. Seeds are integers; equal seeds give equal streams.
 * @example const rng = createRng(7); rng.next();
 */
export function createRng(seed: number): Rng {
  if (!Number.isInteger(seed)) throw new RangeError(`invalid seed: ${seed} (an integer is needed)`);
  const init = splitmix32(seed);
  let a = init();
  let b = init();
  let c = init();
  let d = init();
  if ((a | b | c | d) === 0) a = 1;
  const nextU32 = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return result;
  };
  const next = (): number => nextU32() / 4294967296;
  const rng: Rng = {
    next,
    int: (n) => Math.floor(next() * n),
    normal: () => {
      const u = 1 - next();
      const v = next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    bernoulli: (p) => next() < p,
    poisson: (lambda) => poisson(next, rng, lambda),
    exponential: (rate) => -Math.log(1 - next()) / rate,
    pick: (weights) => {
      let total = 0;
      for (let i = 0; i < weights.length; i++) total += weights[i]!;
      let u = next() * total;
      for (let i = 0; i < weights.length; i++) {
        u -= weights[i]!;
        if (u < 0) return i;
      }
      return weights.length - 1;
    },
    fork: (label) => createRng((seed ^ hashString32(label)) | 0),
  };
  return rng;
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

function poisson(next: () => number, rng: Rng, lambda: number): number {
  if (!(lambda >= 0)) throw new RangeError(`invalid lambda: ${lambda}`);
  if (lambda === 0) return 0;
  if (lambda >= 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * rng.normal()));
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = next();
  while (p > limit) {
    k++;
    p *= next();
  }
  return k;
}

/**
 * One error class for the whole library. Every error carries a stable `code` (tests and callers
 * match on it), a message that says what, where, what was found and how to fix it, and optional
 * structured details.
 */
export class SightlineError extends Error {
  /** Stable machine-readable code, e.g. `E_CONTRACT_MANIFEST`. */
  readonly code: string;
  /** Structured context (table, row, column, value...) for JSON output. */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: string, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'SightlineError';
    this.code = code;
    this.details = Object.freeze({ ...details });
  }
}

/** True when `e` is a SightlineError (optionally with the given code). */
export function isSightlineError(e: unknown, code?: string): e is SightlineError {
  return e instanceof SightlineError && (code === undefined || e.code === code);
}

/**
 * Asserts a cheap internal invariant; throws RangeError naming the argument.
 * @example check(score.length === y.length, `score has ${score.length} rows, y has ${y.length}`)
 */
export function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new RangeError(message);
}

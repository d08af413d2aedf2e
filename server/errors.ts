/**
 * The service's errors: one SightlineError class with stable codes, each code with its HTTP status,
 * and input validation at the boundary (zod) that names every field that is wrong and why.
 */
import type { z } from 'zod';
import { SightlineError } from '../src/core/index.js';

/** HTTP status of each service error code (others: 500). */
export const HTTP_STATUS: Readonly<Record<string, number>> = Object.freeze({
  E_INPUT: 400,
  E_AUTH_WEAK_PASSWORD: 400,
  E_AUTH_REQUIRED: 401,
  E_AUTH_FAILED: 401,
  E_FAMILY_CODE: 401,
  E_FAMILY_NOT_ELIGIBLE: 400,
  E_FAMILY_NOT_ON_REFERRAL: 400,
  E_FAMILY_TOO_EARLY: 409,
  E_AUTH_FORBIDDEN: 403,
  E_AUTH_CSRF: 403,
  E_REPORT_WITHHELD: 403,
  E_NOT_FOUND: 404,
  E_STORE_NOT_FOUND: 404,
  E_WORKFLOW_ORDER: 409,
  E_WORKFLOW_CONFLICT: 409,
  E_STORE_CONFLICT: 409,
  E_BODY_TOO_LARGE: 413,
  E_MEDIA_TYPE: 415,
  E_RATE_LIMITED: 429,
});

/** The HTTP status of an error (500 for anything unexpected). */
export function statusOf(e: unknown): number {
  return e instanceof SightlineError ? (HTTP_STATUS[e.code] ?? 500) : 500;
}

/** A coded error for a response. */
export function fail(code: string, message: string, details: Record<string, unknown> = {}): never {
  throw new SightlineError(code, message, details);
}

/** One field that failed validation. */
export interface FieldIssue {
  readonly field: string;
  readonly message: string;
}

/**
 * Validates untrusted input against a schema.
 * @throws SightlineError E_INPUT listing each field and what is wrong with it.
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string,
): z.infer<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issues: FieldIssue[] = r.error.issues.slice(0, 20).map((i) => ({
    field: i.path.map(String).join('.') || '(body)',
    message: i.message,
  }));
  throw new SightlineError(
    'E_INPUT',
    `invalid ${what}: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`,
    { issues },
  );
}

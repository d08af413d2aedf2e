/**
 * Warnings and findings are returned as data, never printed by library code (STYLE.md rule 10).
 */
export type Severity = 'error' | 'warning' | 'info';

/** A coded finding with its location, when it has one. */
export interface Issue {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly table?: string;
  readonly row?: number;
  readonly column?: string;
  readonly value?: string;
}

/** Builds an Issue, leaving out undefined location fields (exactOptionalPropertyTypes). */
export function issue(
  code: string,
  severity: Severity,
  message: string,
  where: { table?: string; row?: number; column?: string; value?: string } = {},
): Issue {
  const out: { -readonly [K in keyof Issue]: Issue[K] } = { code, severity, message };
  if (where.table !== undefined) out.table = where.table;
  if (where.row !== undefined) out.row = where.row;
  if (where.column !== undefined) out.column = where.column;
  if (where.value !== undefined) out.value = where.value;
  return out;
}

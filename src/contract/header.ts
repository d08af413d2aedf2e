/**
 * Matching a file's header (CSV header row or Parquet column names) to the contract columns of
 * its table: a missing required column or a repeated name is fatal; an absent optional column is
 * noted (all its values are missing); an unknown column is warned about and ignored.
 */
import { SightlineError, issue, type Issue } from '../core/index.js';
import type { TableName } from './schema.js';
import { columnSpecs } from './csv-format.js';

/** Where each contract column sits in the file's records, plus the findings about the header. */
export interface HeaderPlan {
  /** For contract column j (TABLE_SPECS order): its field position, or -1 when absent. */
  readonly fieldIndex: Int32Array;
  /** Number of fields in the header. */
  readonly width: number;
  /** The header's column names, in file order. */
  readonly names: readonly string[];
  readonly issues: Issue[];
}

/**
 * Plans how to read a table from a file whose header is `names`. Throws SightlineError
 * E_CONTRACT_DUPLICATE_COLUMN or E_CONTRACT_MISSING_COLUMN, naming the file, what was found and
 * the fix.
 */
export function planHeader(table: TableName, file: string, names: readonly string[]): HeaderPlan {
  const seen = new Map<string, number>();
  names.forEach((name, i) => {
    const before = seen.get(name);
    if (before !== undefined) {
      throw new SightlineError(
        'E_CONTRACT_DUPLICATE_COLUMN',
        `${file}: column "${name}" appears twice in the header (fields ${before + 1} and ${i + 1}). Fix: keep one column of each name.`,
        { file, table, column: name },
      );
    }
    seen.set(name, i);
  });
  const specs = columnSpecs(table);
  const issues: Issue[] = [];
  const fieldIndex = new Int32Array(specs.length).fill(-1);
  const missing: string[] = [];
  specs.forEach((c, j) => {
    const at = seen.get(c.name);
    if (at !== undefined) fieldIndex[j] = at;
    else if (c.required) missing.push(c.name);
    else {
      issues.push(
        issue(
          'CONTRACT_COLUMN_ABSENT',
          'info',
          `${file}: optional column ${c.name} is absent; all its values are missing`,
          { table, column: c.name },
        ),
      );
    }
  });
  if (missing.length > 0) {
    throw new SightlineError(
      'E_CONTRACT_MISSING_COLUMN',
      `${file}: required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} missing from the header; found ${names.map((n) => `"${n}"`).join(', ')}. Fix: add ${missing.length > 1 ? 'them' : 'it'} (names are lower case and exact; the ${table} columns are ${specs.map((c) => c.name).join(', ')}).`,
      { file, table, missing },
    );
  }
  const known = new Set(specs.map((c) => c.name));
  names.forEach((name, i) => {
    if (!known.has(name)) {
      issues.push(
        issue(
          'CONTRACT_UNKNOWN_COLUMN',
          'warning',
          `${file}: unknown column "${name}" (field ${i + 1}) is not in the contract and is ignored`,
          { table, column: name },
        ),
      );
    }
  });
  return { fieldIndex, width: names.length, names: [...names], issues };
}

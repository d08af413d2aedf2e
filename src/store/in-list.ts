/** Queries over a list of ids, asked in chunks of 500 placeholders (both databases' limits allow it). */
import type { Sql, SqlValue } from './sql.js';

const CHUNK = 500;

/**
 * Rows of `SELECT columns FROM table WHERE key IN (ids) [AND where]`, chunk by chunk, in the
 * order the database returns them within each chunk. `where` may use `?` bound to `params`.
 */
export async function rowsWithIds<T>(
  sql: Sql,
  query: { table: string; key: string; columns: string; where?: string },
  ids: readonly string[],
  params: readonly SqlValue[] = [],
): Promise<T[]> {
  const out: T[] = [];
  for (let lo = 0; lo < ids.length; lo += CHUNK) {
    const part = ids.slice(lo, lo + CHUNK);
    const marks = part.map(() => '?').join(', ');
    const extra = query.where !== undefined ? ` AND ${query.where}` : '';
    const text = `SELECT ${query.columns} FROM ${query.table} WHERE ${query.key} IN (${marks})${extra}`;
    for (const r of await sql.all<T>(text, [...part, ...params])) out.push(r);
  }
  return out;
}

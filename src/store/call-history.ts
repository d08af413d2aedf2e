/**
 * A call and its history, as a reveal reads them: on PostgreSQL in one statement (one round trip,
 * one backend woken, where two statements on two pooled connections woke two backends competing
 * for the cores with the server); on SQLite the call, then its history when it is wanted.
 */
import { CALL_SQL, callById, type CallRow } from './calls.js';
import {
  HISTORY_POSTGRES,
  HISTORY_IDS,
  historyOf,
  referralHistory,
  type HistoryColumns,
  type ReferralHistory,
} from './history.js';
import type { Sql } from './sql.js';

/** A call (undefined when there is none) and a reader of its history extract. */
export interface CallWithHistory {
  readonly call: CallRow | undefined;
  /** The history extract as of the call (read with the call on PostgreSQL). */
  readonly history: () => Promise<ReferralHistory>;
}

/** The call's row as one JSON object, beside the history's three arrays. */
const CALL_AND_HISTORY = `SELECT (SELECT row_to_json(t) FROM (${CALL_SQL}) t) AS call, h.*
  FROM (${HISTORY_POSTGRES}) h`;

/** Reads a call with its history (see above). */
export async function callWithHistory(sql: Sql, referralId: string): Promise<CallWithHistory> {
  if (sql.dialect !== 'postgres') {
    const call = await callById(sql, referralId);
    return { call, history: () => referralHistory(sql, referralId) };
  }
  const ids = Array<string>(HISTORY_IDS + 1).fill(referralId);
  const r = (await sql.get<HistoryColumns & { call: CallRow | null }>(CALL_AND_HISTORY, ids))!;
  return { call: r.call ?? undefined, history: () => historyOf(sql, referralId, r) };
}

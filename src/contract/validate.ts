/**
 * Row-level checks across rows and tables, run on staged tables in load order (referrals,
 * persons, referral_persons, events) so a table's verdicts are final before a later table refers
 * to it: duplicate keys (the first row is kept), dangling references and references to rejected
 * rows (the cascade), events that end before they start, and people born after the call.
 */
import { MS_PER_DAY, formatDate, type Issue, issue } from '../core/index.js';
import { TABLE_SPECS, allocTable, type Table, type TableName } from './schema.js';
import type { TableStage } from './stage.js';

type Staged = (string | null)[] | number[];

function column(stage: TableStage, name: string): Staged {
  const j = stage.specs.findIndex((c) => c.name === name);
  return stage.cols[j]!;
}

/**
 * Rejects every row that repeats the key of an earlier row (`duplicate of row N`); rows with a
 * missing key cell take no part. Returns the index: key text → first row (0-based). Key columns
 * are joined with U+0000, enum columns by their value.
 */
export function checkDuplicates(stage: TableStage): Map<string, number> {
  const key = TABLE_SPECS[stage.name].key as readonly string[];
  const index = new Map<string, number>();
  if (key.length === 0) return index;
  const cols = key.map((k) => column(stage, k));
  const specs = key.map((k) => stage.specs.find((c) => c.name === k)!);
  for (let i = 0; i < stage.n; i++) {
    const parts: string[] = [];
    for (let k = 0; k < cols.length; k++) {
      const v = cols[k]![i]!;
      if (v === null || v === -1) break;
      parts.push(typeof v === 'number' ? specs[k]!.values![v]! : v);
    }
    if (parts.length < key.length) continue;
    const text = parts.join('\u0000');
    const first = index.get(text);
    if (first === undefined) {
      index.set(text, i);
      continue;
    }
    const was = stage.firstCode.get(first);
    stage.reject(
      i,
      key.join(','),
      parts.join(','),
      'duplicate_key',
      `duplicate of row ${first + 1} (${key.join(', ')} = ${parts.join(', ')})${was === undefined ? '' : `, itself rejected (${was})`}`,
    );
  }
  return index;
}

/**
 * Checks `stage.column` against the key index of `target`: a missing id is a
 * dangling_reference, an id whose row was rejected is a rejected_reference. Returns the target
 * row (0-based) of each row, -1 when unresolved or rejected.
 */
export function checkReference(
  stage: TableStage,
  name: string,
  target: TableStage,
  targetIndex: ReadonlyMap<string, number>,
): Int32Array {
  const ids = column(stage, name) as (string | null)[];
  const out = new Int32Array(stage.n).fill(-1);
  for (let i = 0; i < stage.n; i++) {
    const id = ids[i];
    if (id === null || id === undefined) continue;
    const t = targetIndex.get(id);
    if (t === undefined) {
      stage.reject(i, name, id, 'dangling_reference', `${name} "${id}" is not in ${target.name}`);
      continue;
    }
    const code = target.firstCode.get(t);
    if (code !== undefined) {
      stage.reject(
        i,
        name,
        id,
        'rejected_reference',
        `${name} "${id}" refers to ${target.name} row ${t + 1}, which was rejected (${code})`,
      );
      continue;
    }
    out[i] = t;
  }
  return out;
}

/** Rejects events whose end_date is before their start_date. */
export function checkEventSpans(events: TableStage): void {
  const start = column(events, 'start_date') as number[];
  const end = column(events, 'end_date') as number[];
  for (let i = 0; i < events.n; i++) {
    if (end[i]! < start[i]!) {
      events.reject(
        i,
        'end_date',
        formatDate(end[i]!),
        'end_before_start',
        `end_date ${formatDate(end[i]!)} is before start_date ${formatDate(start[i]!)}`,
      );
    }
  }
}

/**
 * Rejects referral_persons rows whose person was born after the day (UTC) the referral was
 * received. `refRow` and `personRow` come from checkReference.
 */
export function checkBirthBeforeCall(
  rp: TableStage,
  referrals: TableStage,
  persons: TableStage,
  refRow: Int32Array,
  personRow: Int32Array,
): void {
  const received = column(referrals, 'received_at') as number[];
  const birth = column(persons, 'birth_date') as number[];
  const pids = column(rp, 'person_id') as string[];
  const rids = column(rp, 'referral_id') as string[];
  for (let i = 0; i < rp.n; i++) {
    const r = refRow[i]!;
    const p = personRow[i]!;
    if (r < 0 || p < 0) continue;
    const callDay = Math.floor(received[r]! / MS_PER_DAY);
    if (birth[p]! > callDay) {
      rp.reject(
        i,
        'person_id',
        pids[i]!,
        'birth_after_referral',
        `person ${pids[i]} (persons row ${p + 1}) was born ${formatDate(birth[p]!)}, after referral ${rids[i]} was received on ${formatDate(callDay)} (referrals row ${r + 1})`,
      );
    }
  }
}

/** Runs every cross-row and cross-table check on the four staged tables, in load order. */
export function validateStages(s: Readonly<Record<TableName, TableStage>>): void {
  const refIndex = checkDuplicates(s.referrals);
  const personIndex = checkDuplicates(s.persons);
  checkDuplicates(s.referral_persons);
  const refRow = checkReference(s.referral_persons, 'referral_id', s.referrals, refIndex);
  const personRow = checkReference(s.referral_persons, 'person_id', s.persons, personIndex);
  checkBirthBeforeCall(s.referral_persons, s.referrals, s.persons, refRow, personRow);
  checkEventSpans(s.events);
  checkReference(s.events, 'person_id', s.persons, personIndex);
}

/** Copies the loaded (not rejected) rows of a staged table into a columnar Table, in file order. */
export function loadedTable<N extends TableName>(stage: TableStage & { name: N }): Table<N> {
  const bad = stage.firstCode;
  const table = allocTable(stage.name, stage.n - bad.size) as unknown as Record<string, unknown>;
  stage.specs.forEach((c, j) => {
    const src = stage.cols[j]!;
    const dst = table[c.name] as unknown[] | Float64Array | Int8Array;
    if (bad.size === 0) {
      if (Array.isArray(dst)) table[c.name] = src.slice();
      else dst.set(src as number[]);
      return;
    }
    let k = 0;
    for (let i = 0; i < stage.n; i++) if (!bad.has(i)) dst[k++] = src[i] as never;
  });
  return table as unknown as Table<N>;
}

/** A warning when the referrals table has no loaded rows: nothing can be audited. */
export function emptyReferralsIssue(stage: TableStage): Issue[] {
  if (stage.n - stage.firstCode.size > 0) return [];
  return [
    issue(
      'CONTRACT_EMPTY_TABLE',
      'warning',
      `${stage.file}: the referrals table has no ${stage.n === 0 ? 'rows' : 'loaded rows'}; there is nothing to audit`,
      { table: 'referrals' },
    ),
  ];
}

/**
 * Reads one contract table from NAME.csv into a TableStage: streamed in 1 MiB chunks, decoded as
 * strict UTF-8 (a leading byte-order mark dropped), parsed by CsvParser, every record checked as
 * it arrives. Structural problems (an empty file, no header, bad UTF-8, a bad header) are fatal.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { SightlineError } from '../core/index.js';
import type { TableName } from './schema.js';
import { CsvParser } from './csv-parse.js';
import { planHeader } from './header.js';
import { TableStage } from './stage.js';

const CHUNK_BYTES = 1 << 20;

function emptyFile(path: string, table: TableName, found: string): SightlineError {
  return new SightlineError(
    'E_CONTRACT_EMPTY_FILE',
    `${path} ${found}: a table file needs at least its header row. Fix: write the header (${table} columns, comma-separated), even when the table has no rows.`,
    { file: path, table },
  );
}

/** True when a fresh decoder reads bytes[start, end) without error (`flush`: as a whole text). */
function decodes(bytes: Uint8Array, start: number, end: number, flush: boolean): boolean {
  const d = new TextDecoder('utf-8', { fatal: true });
  try {
    d.decode(bytes.subarray(start, end), { stream: true });
    if (flush) d.decode();
    return true;
  } catch {
    return false;
  }
}

/**
 * Offset in a chunk that failed to decode of the first bad character: bisection on prefixes (a
 * prefix fails exactly when it holds a bad byte), then back to the start of a character the bad
 * byte cut short. A character begun in the previous chunk (up to 3 leading continuation bytes)
 * is skipped; when no prefix fails, that cut character is to blame and 0 is returned.
 */
function firstBadUtf8(bytes: Uint8Array): number {
  let start = 0;
  while (start < 3 && start < bytes.length && (bytes[start]! & 0xc0) === 0x80) start++;
  if (decodes(bytes, start, bytes.length, false)) return 0;
  let lo = start;
  let hi = bytes.length;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (decodes(bytes, start, mid, false)) lo = mid;
    else hi = mid;
  }
  let at = hi - 1;
  if (!decodes(bytes, start, at, true)) {
    while (at > start && (bytes[at - 1]! & 0xc0) === 0x80) at--;
    at = Math.max(start, at - 1);
  }
  return at;
}

/** Line breaks (LF, CR, CRLF counted once) in bytes[0, end). */
function lineBreaks(bytes: Uint8Array, end: number): number {
  let n = 0;
  for (let i = 0; i < end; i++) {
    if (bytes[i] === 10 || (bytes[i] === 13 && bytes[i + 1] !== 10)) n++;
  }
  return n;
}

/**
 * Reads and checks `path` as the contract table `table`. Throws SightlineError
 * E_CONTRACT_EMPTY_FILE (0 bytes or no header row), E_CONTRACT_ENCODING (not UTF-8),
 * E_CONTRACT_HEADER (malformed header), or the header errors of planHeader.
 */
export async function readCsvTable(
  table: TableName,
  path: string,
  maxFieldBytes: number,
): Promise<TableStage> {
  if ((await stat(path)).size === 0) throw emptyFile(path, table, 'is empty (0 bytes)');
  let stage: TableStage | null = null;
  const blanksBeforeHeader: number[] = [];
  const parser = new CsvParser(
    (fields, count, line, malformed) => {
      if (stage !== null) {
        stage.addRecord(fields, count, line, malformed);
        return;
      }
      if (malformed !== null) {
        throw new SightlineError(
          'E_CONTRACT_HEADER',
          `${path}: the header row (line ${line}) is malformed: ${malformed}. Fix: write the header as plain comma-separated column names.`,
          { file: path, table, line },
        );
      }
      stage = new TableStage(
        table,
        path,
        'csv',
        planHeader(table, path, fields.slice(0, count)),
        maxFieldBytes,
      );
      for (const blank of blanksBeforeHeader) stage.addBlank(blank);
    },
    (line) => {
      if (stage === null) blanksBeforeHeader.push(line);
      else stage.addBlank(line);
    },
  );
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let offset = 0;
  const decode = (bytes?: Uint8Array): string => {
    try {
      return bytes === undefined ? decoder.decode() : decoder.decode(bytes, { stream: true });
    } catch {
      const at = bytes === undefined ? 0 : firstBadUtf8(bytes);
      const line = parser.currentLine + (bytes === undefined ? 0 : lineBreaks(bytes, at));
      const what =
        bytes === undefined
          ? 'the file ends inside a character'
          : `bad byte at offset ${offset + at}`;
      throw new SightlineError(
        'E_CONTRACT_ENCODING',
        `${path} is not valid UTF-8: ${what} (line ${line}). Fix: save the file as UTF-8.`,
        { file: path, table, offset: offset + at, line },
      );
    }
  };
  for await (const chunk of createReadStream(path, { highWaterMark: CHUNK_BYTES })) {
    const bytes = chunk as Buffer;
    parser.push(decode(bytes));
    offset += bytes.length;
  }
  parser.push(decode());
  parser.end();
  if (stage === null) throw emptyFile(path, table, 'has no header row (only blank lines)');
  (stage as TableStage).finish();
  return stage;
}

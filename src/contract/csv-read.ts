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
      throw new SightlineError(
        'E_CONTRACT_ENCODING',
        `${path} is not valid UTF-8: bad bytes between byte ${offset} and ${offset + (bytes?.length ?? 0)} (after line ${parser.currentLine}). Fix: save the file as UTF-8.`,
        { file: path, table },
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

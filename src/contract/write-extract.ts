/**
 * Writes a whole county extract folder: manifest.json plus the four tables as NAME.csv or
 * NAME.parquet. The folder is built complete in a temporary sibling and then swapped in, so a
 * reader sees the old extract or the new one, never a partial one.
 */
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { SightlineError, parseDate, replaceFolder, tempSibling } from '../core/index.js';
import { TABLE_NAMES, type Extract, type Table, type TableName } from './schema.js';
import { MANIFEST_FILE, formatManifest } from './manifest.js';
import { checkTableShape } from './csv-format.js';
import { writeParquetTables, writeTableCsv } from './parquet-write.js';

/** Options of writeExtract. */
export interface WriteExtractOptions {
  /** Table file format (default `csv`). */
  readonly format?: 'csv' | 'parquet';
}

/** Refuses to replace a folder that holds files but no manifest.json: it is not an extract. */
async function checkTarget(dir: string): Promise<boolean> {
  let entries: string[];
  try {
    if (!(await stat(dir)).isDirectory()) {
      throw new SightlineError(
        'E_CONTRACT_WRITE',
        `cannot write an extract to ${dir}: it is a file. Fix: choose a folder path.`,
        { dir },
      );
    }
    entries = await readdir(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
  if (entries.length > 0 && !entries.includes(MANIFEST_FILE)) {
    throw new SightlineError(
      'E_CONTRACT_WRITE',
      `refusing to replace ${dir}: it holds ${entries.length} file(s) but no ${MANIFEST_FILE}, so it is not an extract. Fix: write to a new or empty folder.`,
      { dir },
    );
  }
  return true;
}

/**
 * Writes `extract` to the folder `dir` (created with its parents; an existing extract there is
 * replaced atomically). Output is byte-identical for identical input. See csv-format.ts for the
 * cell formats; Parquet columns are typed (see parquet-write.ts).
 *
 * Throws SightlineError E_CONTRACT_MANIFEST when the manifest fails the schema,
 * E_CONTRACT_WRITE when `dir` is a file or a non-empty folder without manifest.json, and
 * RangeError when a table's columns do not match its `n` or `as_of` differs from `asOfDay`.
 * @example await writeExtract('out/county', extract, { format: 'parquet' })
 */
export async function writeExtract(
  dir: string,
  extract: Extract,
  opts: WriteExtractOptions = {},
): Promise<void> {
  const format = opts.format ?? 'csv';
  const target = resolve(dir);
  const manifestText = formatManifest(extract.manifest);
  if (parseDate(extract.manifest.as_of) !== extract.asOfDay) {
    throw new RangeError(
      `extract.asOfDay is ${extract.asOfDay} but manifest.as_of is ${extract.manifest.as_of}`,
    );
  }
  for (const name of TABLE_NAMES) checkTableShape(name, extract[name] as Table<TableName>);
  await mkdir(dirname(target), { recursive: true });
  const exists = await checkTarget(target);
  const tmp = tempSibling(target);
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp);
  try {
    await writeFile(join(tmp, MANIFEST_FILE), manifestText);
    if (format === 'csv') {
      for (const name of TABLE_NAMES) {
        await writeTableCsv(join(tmp, `${name}.csv`), name, extract[name] as Table<TableName>);
      }
    } else {
      await writeParquetTables(
        TABLE_NAMES.map((name) => ({
          name,
          table: extract[name] as Table<TableName>,
          out: join(tmp, `${name}.parquet`),
          scratch: join(tmp, `.${name}.csv`),
        })),
      );
    }
    await replaceFolder(tmp, target, exists);
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
}

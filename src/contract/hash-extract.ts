/**
 * The data hash of an extract on disk: sha256 over manifest.json and each table file's bytes, in
 * contract table order, each preceded by its name and length. Two extracts with equal hashes have
 * identical files; models, audits and reports record it so a stale result can be recognised.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { TABLE_NAMES } from './schema.js';
import { MANIFEST_FILE } from './manifest.js';
import { locateTables } from './read-extract.js';

/**
 * Hash of the extract folder `dir` as `sha256:<hex>`.
 * @example await hashExtract('out/demo/county') // 'sha256:9f…'
 */
export async function hashExtract(dir: string): Promise<string> {
  const tables = await locateTables(dir);
  const files = [join(dir, MANIFEST_FILE), ...TABLE_NAMES.map((t) => tables[t].file)];
  const h = createHash('sha256');
  for (const file of files) {
    const bytes = await readFile(file);
    h.update(`${basename(file)}\n${bytes.length}\n`);
    h.update(bytes);
  }
  return `sha256:${h.digest('hex')}`;
}

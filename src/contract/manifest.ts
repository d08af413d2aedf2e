/**
 * manifest.json: written with its keys in a fixed order (2-space JSON, trailing newline) so equal
 * manifests give equal bytes, and read back through the zod Manifest schema with every problem
 * turned into one readable, coded error.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import {
  SightlineError,
  issue,
  parseDate,
  parseDateTime,
  stableStringify,
  type Issue,
} from '../core/index.js';
import { CONTRACT_VERSION, Manifest } from './schema.js';

/** File name of the manifest inside an extract folder. */
export const MANIFEST_FILE = 'manifest.json';

/** Turns zod issues into one line each: `as_of: a date YYYY-MM-DD`. */
export function zodIssuesText(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((i) => `${i.path.length > 0 ? i.path.map(String).join('.') : '(top level)'}: ${i.message}`)
    .join('; ');
}

/**
 * Checks a manifest value against the contract and returns it typed, with `as_of` as a day
 * number. Throws SightlineError E_CONTRACT_VERSION for another contract version and
 * E_CONTRACT_MANIFEST for any other problem (`where` names the file in the message).
 */
export function checkManifest(
  value: unknown,
  where: string,
): { manifest: Manifest; asOfDay: number; issues: Issue[] } {
  const contract = (value as { contract?: unknown } | null)?.contract;
  if (typeof value === 'object' && value !== null && typeof contract === 'string') {
    if (contract !== CONTRACT_VERSION) {
      throw new SightlineError(
        'E_CONTRACT_VERSION',
        `${where} declares contract "${contract}"; this Sightline reads "${CONTRACT_VERSION}". Fix: convert the extract to ${CONTRACT_VERSION} or use a Sightline release that reads ${contract}.`,
        { file: where, found: contract, expected: CONTRACT_VERSION },
      );
    }
  }
  const parsed = Manifest.safeParse(value);
  if (!parsed.success) {
    throw new SightlineError(
      'E_CONTRACT_MANIFEST',
      `${where} is not a valid ${CONTRACT_VERSION} manifest: ${zodIssuesText(parsed.error.issues)}. Fix: correct these fields (see DATA-CONTRACT.md, manifest.json).`,
      { file: where },
    );
  }
  const manifest = parsed.data;
  const asOfDay = parseDate(manifest.as_of);
  if (Number.isNaN(asOfDay)) {
    throw new SightlineError(
      'E_CONTRACT_MANIFEST',
      `${where} is not a valid ${CONTRACT_VERSION} manifest: as_of: "${manifest.as_of}" is not a calendar date. Fix: give as_of as a real date YYYY-MM-DD.`,
      { file: where, column: 'as_of', value: manifest.as_of },
    );
  }
  const issues: Issue[] = [];
  if (Number.isNaN(parseDateTime(manifest.created_at))) {
    issues.push(
      issue(
        'CONTRACT_CREATED_AT',
        'warning',
        `${where}: created_at "${manifest.created_at}" is not an ISO 8601 datetime with an offset or Z`,
        { column: 'created_at', value: manifest.created_at },
      ),
    );
  }
  return { manifest, asOfDay, issues };
}

/**
 * Reads and checks `DIR/manifest.json`. Throws SightlineError E_CONTRACT_MANIFEST when the file
 * is missing, is not JSON or fails the schema, E_CONTRACT_VERSION for another contract version.
 */
export async function readManifest(
  dir: string,
): Promise<{ manifest: Manifest; asOfDay: number; issues: Issue[] }> {
  const path = join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new SightlineError(
      'E_CONTRACT_MANIFEST',
      code === 'ENOENT'
        ? `${path} not found: every extract folder needs a ${MANIFEST_FILE}. Fix: add one with "contract": "${CONTRACT_VERSION}", name, as_of and created_at (see DATA-CONTRACT.md).`
        : `cannot read ${path}: ${(e as Error).message}`,
      { file: path },
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    throw new SightlineError(
      'E_CONTRACT_MANIFEST',
      `${path} is not valid JSON (${(e as Error).message}). Fix: correct the JSON syntax.`,
      { file: path },
    );
  }
  return checkManifest(value, path);
}

/**
 * The manifest as written: keys in contract order (contract, name, as_of, created_at, generator
 * with name, version, seed, params), `params` keys sorted at every level, 2-space indent, one
 * trailing newline. Throws E_CONTRACT_MANIFEST when the manifest fails the schema.
 */
export function formatManifest(manifest: Manifest): string {
  checkManifest(manifest, 'the extract manifest');
  const out: Record<string, unknown> = {
    contract: manifest.contract,
    name: manifest.name,
    as_of: manifest.as_of,
    created_at: manifest.created_at,
  };
  const g = manifest.generator;
  if (g !== undefined) {
    const gen: Record<string, unknown> = { name: g.name, version: g.version };
    if (g.seed !== undefined) gen['seed'] = g.seed;
    if (g.params !== undefined) gen['params'] = JSON.parse(stableStringify(g.params));
    out['generator'] = gen;
  }
  return `${JSON.stringify(out, null, 2)}\n`;
}

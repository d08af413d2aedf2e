/** Reading and writing model files for the commands, with clear errors for bad files. */
import { readFile } from 'node:fs/promises';
import { SightlineError, writeFileAtomic } from '../../src/core/index.js';
import { formatModelFile, parseModelFile, type ModelFile } from '../../src/scoring/index.js';

/** Loads and validates a model file; E_MODEL_FILE with the path and the fix. */
export async function readModelFile(path: string): Promise<ModelFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new SightlineError(
      'E_MODEL_FILE',
      `model file ${path} not found. Fix: give the file written by 'sightline train --out'.`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new SightlineError(
      'E_MODEL_FILE',
      `model file ${path} is not JSON (${(e as Error).message}). Fix: give the file written by 'sightline train --out'.`,
    );
  }
  return parseModelFile(value, `model file ${path}`);
}

/** Writes a model file atomically. */
export async function writeModelFile(path: string, file: ModelFile): Promise<void> {
  await writeFileAtomic(path, formatModelFile(file));
}

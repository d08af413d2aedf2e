/**
 * Atomic file output: write to a temporary sibling, flush it to disk, then rename over the target,
 * so a reader never sees a partial file in place of a good one (a crash leaves the old file or the
 * new one, never an empty or half-written one). A finished folder replaces an old one the same way.
 */
import { mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';

/** Temporary names made by this process so far (two writes to one path never share one). */
let made = 0;

/** Writes `data` to `path` atomically, creating parent folders. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = tempSibling(path);
  try {
    const file = await open(tmp, 'w');
    try {
      await file.writeFile(data);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/** A temporary sibling path for building `path` (a file or folder) before an atomic rename. */
export function tempSibling(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${++made}.tmp`);
}

/**
 * Moves the finished folder `tmp` to `dir`, replacing the folder there when `exists`. The old
 * folder is moved aside first and put back if the new one cannot take its place, so a failure
 * leaves the old folder, never none.
 */
export async function replaceFolder(tmp: string, dir: string, exists: boolean): Promise<void> {
  if (!exists) {
    await rename(tmp, dir);
    return;
  }
  const old = `${tempSibling(dir)}.old`;
  await rm(old, { recursive: true, force: true });
  await rename(dir, old);
  try {
    await rename(tmp, dir);
  } catch (e) {
    await rename(old, dir);
    throw e;
  }
  await rm(old, { recursive: true, force: true });
}

/**
 * Writes `files` (name → text) as the folder `dir` atomically: built in a temporary sibling, then
 * moved into place with replaceFolder (an old folder there, when `exists`, is replaced whole).
 */
export async function writeFolderAtomic(
  dir: string,
  files: Readonly<Record<string, string>>,
  exists: boolean,
): Promise<void> {
  await mkdir(dirname(dir), { recursive: true });
  const tmp = tempSibling(dir);
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp);
  try {
    for (const [name, text] of Object.entries(files)) await writeFile(join(tmp, name), text);
    await replaceFolder(tmp, dir, exists);
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
}

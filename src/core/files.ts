/**
 * Atomic file output: write to a temporary sibling, flush it to disk, then rename over the target,
 * so a reader never sees a partial file in place of a good one (a crash leaves the old file or the
 * new one, never an empty or half-written one). A finished folder replaces an old one the same way.
 */
import { mkdir, open, rename, rm } from 'node:fs/promises';
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

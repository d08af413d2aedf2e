/**
 * Atomic output: a file or folder is replaced whole or not at all, and a failed replacement of a
 * folder leaves the old one in place (failures are real ones of the file system, not stubs).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  replaceFolder,
  tempSibling,
  writeFileAtomic,
  writeFolderAtomic,
} from '../../src/core/index.js';

async function scratch(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'sl-files-'));
}

test('a failed replacement of a folder puts the old folder back', async () => {
  const dir = await scratch();
  try {
    const out = join(dir, 'report');
    await mkdir(out);
    await writeFile(join(out, 'report.json'), 'old');
    // The new folder is missing, so moving it into place fails after the old one moved aside.
    await assert.rejects(replaceFolder(join(dir, 'missing'), out, true), { code: 'ENOENT' });
    assert.equal(await readFile(join(out, 'report.json'), 'utf8'), 'old');
    assert.deepEqual(await readdir(dir), ['report'], 'nothing is left beside it');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a finished folder replaces the old one whole', async () => {
  const dir = await scratch();
  try {
    const out = join(dir, 'report');
    await mkdir(out);
    await writeFile(join(out, 'stale.html'), 'old');
    const tmp = tempSibling(out);
    await mkdir(tmp);
    await writeFile(join(tmp, 'report.json'), 'new');
    await replaceFolder(tmp, out, true);
    assert.deepEqual(await readdir(out), ['report.json']);
    assert.deepEqual(await readdir(dir), ['report']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a folder written from its files replaces the old one whole, and nothing is left beside it', async () => {
  const dir = await scratch();
  try {
    const out = join(dir, 'nested', 'report');
    await writeFolderAtomic(out, { 'a.json': '1', 'b.html': '2' }, false);
    await writeFolderAtomic(out, { 'a.json': '3' }, true);
    assert.deepEqual(await readdir(out), ['a.json']);
    assert.equal(await readFile(join(out, 'a.json'), 'utf8'), '3');
    assert.deepEqual(await readdir(join(dir, 'nested')), ['report']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('writes to one path at once each land whole, and no temporary file is left', async () => {
  const dir = await scratch();
  try {
    const path = join(dir, 'a', 'out.txt');
    const texts = Array.from({ length: 20 }, (_, i) => `${i}`.repeat(10_000 + i));
    await Promise.all(texts.map((t) => writeFileAtomic(path, t)));
    assert.ok(texts.includes(await readFile(path, 'utf8')), 'one whole write, not a mix');
    assert.deepEqual(await readdir(join(dir, 'a')), ['out.txt']);
    assert.notEqual(tempSibling(path), tempSibling(path), 'each temporary name is new');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

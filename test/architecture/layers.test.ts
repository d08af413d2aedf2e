import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { checkFile, checkRepo, importsOf } from './layers.js';

const root = join(fileURLToPath(import.meta.url), '..', '..', '..');

test('no layer imports a later one, and layers meet only through index.ts', () => {
  assert.deepEqual(checkRepo(root), []);
});

test('the checker catches an import of a later layer', () => {
  const v = checkFile(root, 'src/contract/x.ts', "import { a } from '../features/index.js';");
  assert.equal(v.length, 1);
  assert.equal(v[0]!.reason, 'layer contract imports later layer features');
});

test('the checker catches a reach into another layer past its index.ts', () => {
  const v = checkFile(root, 'src/synth/x.ts', "import { createRng } from '../core/random.js';");
  assert.deepEqual(
    v.map((x) => x.reason),
    ['import another layer only through its index.ts'],
  );
});

test('the checker catches src importing the CLI, and dynamic imports', () => {
  const v = checkFile(root, 'src/core/x.ts', "const m = await import('../../cli/main.js');");
  assert.equal(v[0]!.reason, 'src/core must not import cli/');
});

test('earlier layers through index.ts, same-layer files and packages are allowed', () => {
  const text = [
    "import { z } from 'zod';",
    "import type { Rng } from '../core/index.js';",
    "export { x } from './other.js';",
  ].join('\n');
  assert.deepEqual(checkFile(root, 'src/synth/y.ts', text), []);
  assert.deepEqual(importsOf(text), ['../core/index.js', './other.js']);
});

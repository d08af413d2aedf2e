/**
 * Regression check of the optimized builder against a straightforward reference
 * (reference-features.ts) on a small synthetic county: the same names, column kinds, row indices
 * and value bytes, records and labels, summarized as one SHA-256 over every part.
 *
 * Provenance: before the builder was optimized, the original builder (commit 64e5621) and this
 * reference gave the same hash on this county (13fcdedc…29df83 with the hashing below, the
 * catalog and synthetic county of that commit). The hash is not frozen here because the catalog
 * and the synthetic county may change; the reference is recomputed instead.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, type Hash } from 'node:crypto';
import type { Column } from '../../src/core/index.js';
import { buildFeatures, defaultCatalog, LABEL_NAMES } from '../../src/features/index.js';
import { synthesize } from '../../src/synth/index.js';
import { SMALL, makeExtract } from './fixture.js';
import { referenceFeatures } from './reference-features.js';

interface Output {
  readonly names: readonly string[];
  readonly columns: readonly Column[];
  readonly records: object;
  readonly labels: object;
}

const bytesOf = (a: ArrayBufferView): Uint8Array =>
  new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

function update(h: Hash, value: unknown): void {
  if (ArrayBuffer.isView(value)) {
    h.update(`${value.constructor.name}:${value.byteLength}:`);
    h.update(bytesOf(value));
  } else if (Array.isArray(value)) {
    h.update(`array:${value.length}:`);
    for (const v of value) h.update(`${JSON.stringify(v)}\0`);
  } else {
    h.update(`${JSON.stringify(value)}\0`);
  }
}

/** SHA-256 of each part of an output, keyed by part name, so a mismatch says where it is. */
function partHashes(out: Output): Map<string, string> {
  const parts = new Map<string, unknown[]>([['names', [out.names]]]);
  out.columns.forEach((c, j) =>
    parts.set(
      `column ${out.names[j]}`,
      c.kind === 'dense' ? [c.kind, c.values] : [c.kind, c.rows, c.values],
    ),
  );
  for (const [k, v] of Object.entries(out.records).sort()) parts.set(`records.${k}`, [v]);
  for (const [k, v] of Object.entries(out.labels).sort()) parts.set(`labels.${k}`, [v]);
  const hashes = new Map<string, string>();
  for (const [name, values] of parts) {
    const h = createHash('sha256');
    for (const v of values) update(h, v);
    hashes.set(name, h.digest('hex'));
  }
  return hashes;
}

function outputHash(hashes: Map<string, string>): string {
  const h = createHash('sha256');
  for (const [name, part] of hashes) h.update(`${name}=${part}\n`);
  return h.digest('hex');
}

function assertSameOutput(actual: Output, expected: Output): void {
  const a = partHashes(actual);
  const e = partHashes(expected);
  assert.deepEqual([...a.keys()], [...e.keys()]);
  const differing = [...e.keys()].filter((k) => a.get(k) !== e.get(k));
  assert.deepEqual(differing, [], `parts that differ from the reference: ${differing.join(', ')}`);
  assert.equal(outputHash(a), outputHash(e));
}

const asOutput = (fs: ReturnType<typeof buildFeatures>): Output => ({
  names: fs.matrix.names,
  columns: fs.matrix.columns,
  records: fs.records,
  labels: fs.labels,
});

test('the builder matches the reference bit for bit on a small synthetic county', () => {
  const { extract } = synthesize({ seed: 3, scale: 0.05 });
  const catalog = defaultCatalog();
  const built = buildFeatures(extract, catalog);
  assert.ok(built.records.n > 1000, `${built.records.n} records`);
  assert.ok(
    built.matrix.columns.some((c) => c.kind === 'dense') &&
      built.matrix.columns.some((c) => c.kind === 'sparse' && c.rows.length > 0),
    'the county exercises dense and sparse columns',
  );
  assert.ok(LABEL_NAMES.every((k) => built.labels[k].includes(1) && built.labels[k].includes(0)));
  assertSameOutput(asOutput(built), referenceFeatures(extract, catalog));
});

test('the builder matches the reference on the hand-built fixture and on reordered catalogs', () => {
  const extract = makeExtract(SMALL);
  const full = defaultCatalog();
  const reordered = [...full].reverse().filter((_, j) => j % 3 !== 1);
  const withDuplicate = [full[5]!, ...full.slice(0, 40), full[5]!];
  for (const catalog of [full, reordered, withDuplicate]) {
    assertSameOutput(
      asOutput(buildFeatures(extract, catalog)),
      referenceFeatures(extract, catalog),
    );
  }
});

test('the builder matches the reference when people have long, unsorted histories', () => {
  const spec = structuredClone(SMALL);
  const kinds: [string, string][] = [
    ['jail', 'booking'],
    ['child_welfare', 'placement'],
    ['public_benefits', 'snap'],
    ['behavioral_health', 'mental_health'],
    ['birth', 'birth_record'],
  ];
  // 150 events each for A-mom and A-kid1, in scrambled day order with same-day ties, many of them
  // on or after the calls (2012-03-01, 2014-03-01) — the long lists take the comparison sort.
  for (const person of ['A-mom', 'A-kid1']) {
    for (let i = 0; i < 150; i++) {
      const day = new Date(Date.UTC(2009, 0, 1) + ((i * 37) % 101) * 29 * 86_400_000);
      const [source, kind] = kinds[i % kinds.length]!;
      spec.events.push([person, source, kind, day.toISOString().slice(0, 10), null]);
    }
  }
  const extract = makeExtract(spec);
  assertSameOutput(asOutput(buildFeatures(extract)), referenceFeatures(extract, defaultCatalog()));
});

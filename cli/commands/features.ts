/**
 * `sightline features DIR --out FILE`: builds the point-in-time feature matrix of a county
 * extract (one row per child-referral record: ids, call time, groups, labels with NULL where the
 * outcome window has not matured, one column per catalog feature) and writes it as one Parquet
 * file with the catalog in its metadata. The extract must validate without rejects.
 */
import { readExtract } from '../../src/contract/index.js';
import { buildFeatures, writeFeatureSet } from '../../src/features/index.js';
import { requiredOpt, type Command } from '../command.js';

export const featuresCommand: Command = {
  name: 'features',
  summary: 'build the point-in-time feature matrix of an extract and write it as Parquet',
  usage: 'DIR --out FILE',
  description: [
    'Every feature of a record uses only events that started strictly before the call day and',
    'referrals received strictly before the call. The catalog (source, role, window, form,',
    "mutability, sensitivity of each feature) is stored in the file's key-value metadata under",
    '`sightline.catalog`. The file is written to a temporary sibling and renamed.',
  ].join('\n'),
  options: {
    out: { type: 'string', value: 'FILE', help: 'Parquet file to write' },
  },
  positionals: [1, 1],
  async run(args, io) {
    const dir = args.positionals[0]!;
    const out = requiredOpt(args, 'features', 'out');
    const { extract } = await readExtract(dir);
    const t0 = performance.now();
    const fs = buildFeatures(extract);
    await writeFeatureSet(out, fs);
    io.err(
      `features: ${fs.records.n} child-referral records × ${fs.catalog.length} features written to ${out} in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
    );
    return 0;
  },
};

/**
 * `sightline audit-log verify|head --db URL`: checks the hash-chained audit log end to end (every
 * entry's hash, every link, no gaps, the head) and prints the problems found, or prints the head
 * to keep somewhere else (a later `verify --anchor SEQ:HASH` proves nothing before it was
 * rewritten). Exit 0 when the log verifies, 1 when it does not.
 */
import { SightlineError } from '../../src/core/index.js';
import { auditHead, openDb, verifyAuditLog } from '../../src/store/index.js';
import { requiredOpt, stringOpt, type Command } from '../command.js';

function parseAnchor(text: string | undefined): { seq: number; hash: string } | undefined {
  if (text === undefined) return undefined;
  const m = /^(\d+):([0-9a-f]{64})$/.exec(text.trim());
  if (m === null) {
    throw new SightlineError(
      'E_USAGE',
      `invalid --anchor: ${text} (SEQ:HASH as printed by 'sightline audit-log head')`,
    );
  }
  return { seq: Number(m[1]), hash: m[2]! };
}

export const auditLogCommand: Command = {
  name: 'audit-log',
  summary: 'verify the hash-chained audit log, or print its head',
  usage: 'verify|head --db URL [--anchor SEQ:HASH] [--json]',
  description: [
    'verify: walks every entry and reports any edit (hash mismatch), deletion (gap, broken link,',
    '        head ahead of the log) or a missing anchor; exit 1 when anything is wrong.',
    'head:   prints SEQ:HASH of the newest entry; record it outside the database.',
  ].join('\n'),
  options: {
    db: { type: 'string', value: 'URL', help: 'the store (SQLite file or postgres:// URL)' },
    anchor: {
      type: 'string',
      value: 'SEQ:HASH',
      help: 'an earlier head that must still be in the log',
    },
    json: { type: 'boolean', help: 'print the result as JSON' },
  },
  positionals: [1, 1],
  async run(args, io) {
    const action = args.positionals[0]!;
    if (action !== 'verify' && action !== 'head') {
      throw new SightlineError(
        'E_USAGE',
        `unknown action '${action}'. Usage: sightline audit-log verify|head --db URL`,
      );
    }
    const anchor = parseAnchor(stringOpt(args, 'anchor'));
    const db = await openDb(requiredOpt(args, 'audit-log', 'db'));
    try {
      if (action === 'head') {
        const h = await auditHead(db);
        io.out(args.values.json === true ? `${JSON.stringify(h)}\n` : `${h.seq}:${h.hash}\n`);
        return 0;
      }
      const v = await verifyAuditLog(db, anchor);
      if (args.values.json === true) io.out(`${JSON.stringify(v, null, 2)}\n`);
      else if (v.ok)
        io.out(`audit log verifies: ${v.entries} entries, head ${v.head.seq}:${v.head.hash}\n`);
      else {
        io.out(
          `audit log does NOT verify (${v.problems.length} problem${v.problems.length === 1 ? '' : 's'}):\n`,
        );
        for (const p of v.problems) io.out(`  entry ${p.seq}: ${p.problem}\n`);
      }
      return v.ok ? 0 : 1;
    } finally {
      await db.close();
    }
  },
};

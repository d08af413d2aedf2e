/**
 * `sightline load DIR --db URL`: loads a county extract's people and records into the service's
 * store (a SQLite file or PostgreSQL), migrating the database first. Every row is validated by
 * the data contract; the load is one transaction, recorded in the audit log.
 */
import { userInfo } from 'node:os';
import {
  hashExtract,
  readExtract,
  rejectedTablesText,
  totalRejected,
} from '../../src/contract/index.js';
import { loadExtract, openStore, redactUrl } from '../../src/store/index.js';
import { requiredOpt, type Command } from '../command.js';

/** Who ran a command, for the audit log (the operating-system account, not a family's data). */
export function operator(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli';
  }
}

export const loadCommand: Command = {
  name: 'load',
  summary: "load an extract's people and records into the service's store",
  usage: 'DIR --db URL [--allow-rejects] [--json]',
  description: [
    'URL is a SQLite file (sightline.db, sqlite:PATH) or postgres://USER@HOST:PORT/DB[?schema=NAME].',
    'The database is migrated to the current schema first. An extract is loaded once: a referral',
    'already in the store is refused; people already stored with the same details are kept as they are.',
  ].join('\n'),
  options: {
    db: { type: 'string', value: 'URL', help: 'the store to load into' },
    'allow-rejects': {
      type: 'boolean',
      help: 'load the valid rows when some are rejected (their counts by table and reason are printed and recorded with the load)',
    },
    json: { type: 'boolean', help: 'print the summary as JSON' },
  },
  positionals: [1, 1],
  async run(args, io) {
    const url = requiredOpt(args, 'load', 'db');
    const dir = args.positionals[0]!;
    const { extract, report } = await readExtract(dir, {
      allowRejects: args.values['allow-rejects'] === true,
    });
    const rejected = totalRejected(report);
    // Rejected rows (only with --allow-rejects), per table and reason, for the log and --json.
    const byTable = Object.fromEntries(
      report.tables.filter((t) => t.rowsRejected > 0).map((t) => [t.table, t.byReason]),
    );
    const now = new Date().toISOString();
    const { db, migration } = await openStore(url, now);
    try {
      if (migration.applied.length > 0)
        io.err(`load: migrated ${db.description} to schema version ${migration.version}\n`);
      const summary = await loadExtract(db, extract, {
        dataHash: await hashExtract(dir),
        now,
        actor: operator(),
        rejected: byTable,
      });
      if (args.values.json === true)
        io.out(`${JSON.stringify({ ...summary, rejected, rejectedByTable: byTable }, null, 2)}\n`);
      else {
        io.out(
          `loaded ${dir} into ${redactUrl(db.description)}: ${summary.persons} persons (${summary.personsAlreadyStored} already stored), ${summary.referrals} referrals, ${summary.referralPersons} referral persons, ${summary.events} events\n`,
        );
        if (rejected > 0) {
          io.out(
            `${rejected} rejected row${rejected === 1 ? '' : 's'} not loaded (--allow-rejects): ${rejectedTablesText(report)}. Every row with its reason: sightline validate ${dir} --rejects FILE\n`,
          );
        }
      }
      return 0;
    } finally {
      await db.close();
    }
  },
};

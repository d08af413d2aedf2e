/**
 * `sightline users list|add|deactivate|reactivate --db URL`: staff accounts from the command line,
 * for the people who run the service (the administrators' page does the same in the browser).
 * `add` takes the password from the SIGHTLINE_USER_PASSWORD environment variable, never from a
 * command-line argument (other users of the machine could see it). Every change is audited as a
 * `user_change` by the operating-system account that ran the command.
 */
import { SightlineError } from '../../src/core/index.js';
import {
  STAFF_ROLES,
  openStore,
  redactUrl,
  userByName,
  type Db,
  type StaffRole,
} from '../../src/store/index.js';
import {
  createStaff,
  deactivateStaff,
  reactivateStaff,
  staffList,
} from '../../server/workflow/staff.js';
import { requiredOpt, stringOpt, type Args, type Command, type Io } from '../command.js';
import { operator } from './load.js';

const ACTIONS = ['list', 'add', 'deactivate', 'reactivate'] as const;
type Action = (typeof ACTIONS)[number];

/** The account id of `--username`, or E_USAGE. */
async function userIdOf(db: Db, args: Args, action: Action): Promise<string> {
  const username = requiredOpt(args, `users ${action}`, 'username');
  const u = await userByName(db, username);
  if (u === undefined) {
    throw new SightlineError(
      'E_USAGE',
      `no account ${username} in ${redactUrl(db.description)}. Run 'sightline users list --db URL' for the accounts.`,
    );
  }
  return u.user_id;
}

async function list(db: Db, args: Args, io: Io): Promise<void> {
  const users = await staffList(db, Date.now());
  if (args.values.json === true) {
    io.out(`${JSON.stringify(users, null, 2)}\n`);
    return;
  }
  const w = Math.max(8, ...users.map((u) => u.username.length));
  io.out(`${'username'.padEnd(w)}  ${'role'.padEnd(13)}  state        name\n`);
  for (const u of users) {
    const state = !u.active ? 'deactivated' : u.locked ? 'locked' : 'active';
    io.out(
      `${u.username.padEnd(w)}  ${u.role.padEnd(13)}  ${state.padEnd(11)}  ${u.displayName}\n`,
    );
  }
}

async function add(db: Db, args: Args, io: Io): Promise<void> {
  const username = requiredOpt(args, 'users add', 'username');
  const role = requiredOpt(args, 'users add', 'role');
  if (!(STAFF_ROLES as readonly string[]).includes(role)) {
    throw new SightlineError(
      'E_USAGE',
      `invalid --role: ${role} (one of ${STAFF_ROLES.join(', ')})`,
    );
  }
  const password = process.env.SIGHTLINE_USER_PASSWORD;
  if (password === undefined || password === '') {
    throw new SightlineError(
      'E_USAGE',
      `users add: set SIGHTLINE_USER_PASSWORD (at least 12 characters) to the new account's password.`,
    );
  }
  const displayName = stringOpt(args, 'name') ?? username;
  const userId = await createStaff(
    db,
    operator(),
    { username, displayName, role: role as StaffRole, password },
    Date.now(),
    15,
  );
  io.out(
    args.values.json === true
      ? `${JSON.stringify({ userId })}\n`
      : `created ${username} (${role})\n`,
  );
}

export const usersCommand: Command = {
  name: 'users',
  summary: 'list, add, deactivate or reactivate staff accounts',
  usage:
    'list|add|deactivate|reactivate --db URL [--username NAME] [--role ROLE] [--name TEXT] [--json]',
  description: [
    'list:       every account with its role and state (active, locked or deactivated).',
    'add:        a new account (--username, --role, --name); the password is read from',
    '            SIGHTLINE_USER_PASSWORD (at least 12 characters).',
    'deactivate: --username can no longer sign in, and every session it has ends now.',
    'reactivate: --username can sign in again.',
  ].join('\n'),
  options: {
    db: { type: 'string', value: 'URL', help: 'the store (SQLite file or postgres:// URL)' },
    username: {
      type: 'string',
      value: 'NAME',
      help: 'the account to add, deactivate or reactivate',
    },
    role: { type: 'string', value: 'ROLE', help: `add: one of ${STAFF_ROLES.join(', ')}` },
    name: {
      type: 'string',
      value: 'TEXT',
      help: 'add: the name shown to staff (default: username)',
    },
    json: { type: 'boolean', help: 'print the result as JSON' },
  },
  positionals: [1, 1],
  async run(args, io) {
    const action = args.positionals[0]! as Action;
    if (!ACTIONS.includes(action)) {
      throw new SightlineError(
        'E_USAGE',
        `unknown action '${action}'. Usage: sightline users ${ACTIONS.join('|')} --db URL`,
      );
    }
    const { db } = await openStore(requiredOpt(args, 'users', 'db'), new Date().toISOString());
    try {
      if (action === 'list') await list(db, args, io);
      else if (action === 'add') await add(db, args, io);
      else {
        const userId = await userIdOf(db, args, action);
        const r =
          action === 'deactivate'
            ? await deactivateStaff(db, operator(), userId, Date.now())
            : await reactivateStaff(db, operator(), userId, Date.now());
        const what = `${stringOpt(args, 'username')} ${r.changed ? `${action}d` : `was already ${action}d`}`;
        const ended = 'sessionsEnded' in r ? `; ${r.sessionsEnded} session(s) ended` : '';
        io.out(args.values.json === true ? `${JSON.stringify(r)}\n` : `${what}${ended}\n`);
      }
      return 0;
    } finally {
      await db.close();
    }
  },
};

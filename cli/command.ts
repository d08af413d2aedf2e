/**
 * The shape of a `sightline` subcommand and the shared argument parser. Each subcommand lives in
 * cli/commands/NAME.ts and is registered in cli/commands/index.ts; `--help` works on every one.
 * Progress goes to stderr, results to stdout (`--json` for machine-readable output).
 */
import { parseArgs } from 'node:util';
import { SightlineError } from '../src/core/index.js';

/** One option of a subcommand. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly multiple?: boolean;
  readonly default?: string | boolean;
  /** Placeholder shown in help, e.g. `DIR`. */
  readonly value?: string;
  readonly help: string;
}

/** Where a command writes; tests pass buffers, the real CLI passes the process streams. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
}

/** Parsed arguments handed to a command. */
export interface Args {
  readonly positionals: string[];
  readonly values: Record<string, string | boolean | string[] | undefined>;
}

/** A subcommand: its help text and its action (returns the exit code). */
export interface Command {
  readonly name: string;
  readonly summary: string;
  /** Usage line after `sightline NAME`, e.g. `DIR [--json]`. */
  readonly usage: string;
  /** Longer description printed by --help. */
  readonly description: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** Minimum and maximum number of positional arguments. */
  readonly positionals: readonly [number, number];
  run(args: Args, io: Io): Promise<number>;
}

/** Renders `sightline NAME --help`. */
export function commandHelp(cmd: Command): string {
  const lines = [`Usage: sightline ${cmd.name} ${cmd.usage}`.trimEnd(), '', cmd.summary, ''];
  if (cmd.description) lines.push(cmd.description, '');
  lines.push('Options:');
  const rows: [string, string][] = Object.entries(cmd.options).map(([name, o]) => [
    `${o.short ? `-${o.short}, ` : ''}--${name}${o.type === 'string' ? ` ${o.value ?? 'VALUE'}` : ''}`,
    `${o.help}${o.default !== undefined && o.default !== false ? ` (default: ${String(o.default)})` : ''}`,
  ]);
  rows.push(['-h, --help', 'show this help']);
  const width = Math.max(...rows.map((r) => r[0].length));
  for (const [flag, help] of rows) lines.push(`  ${flag.padEnd(width)}  ${help}`);
  return `${lines.join('\n')}\n`;
}

/** Parses argv for a command; throws E_USAGE with the fix on unknown or missing arguments. */
export function parseCommandArgs(cmd: Command, argv: string[]): Args | 'help' {
  if (argv.includes('--help') || argv.includes('-h')) return 'help';
  const options: Record<
    string,
    { type: 'string' | 'boolean'; short?: string; multiple?: boolean; default?: string | boolean }
  > = {};
  for (const [name, o] of Object.entries(cmd.options)) {
    options[name] = { type: o.type };
    if (o.short !== undefined) options[name].short = o.short;
    if (o.multiple !== undefined) options[name].multiple = o.multiple;
    if (o.default !== undefined) options[name].default = o.default;
  }
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new SightlineError(
      'E_USAGE',
      `${(e as Error).message}. Run 'sightline ${cmd.name} --help' for the options.`,
    );
  }
  const [min, max] = cmd.positionals;
  if (parsed.positionals.length < min || parsed.positionals.length > max) {
    throw new SightlineError(
      'E_USAGE',
      `sightline ${cmd.name} takes ${min === max ? min : `${min} to ${max}`} argument(s), got ${parsed.positionals.length}. Usage: sightline ${cmd.name} ${cmd.usage}`,
    );
  }
  return { positionals: parsed.positionals, values: parsed.values as Args['values'] };
}

/** Reads a string option, or undefined. */
export function stringOpt(args: Args, name: string): string | undefined {
  const v = args.values[name];
  return typeof v === 'string' ? v : undefined;
}

/** Reads a string option that must be present. */
export function requiredOpt(args: Args, cmdName: string, name: string): string {
  const v = stringOpt(args, name);
  if (v === undefined) {
    throw new SightlineError(
      'E_USAGE',
      `sightline ${cmdName} needs --${name}. Run 'sightline ${cmdName} --help'.`,
    );
  }
  return v;
}

/** Reads an integer option with a default; throws E_USAGE on a non-integer. */
export function intOpt(args: Args, cmdName: string, name: string, fallback: number): number {
  const v = stringOpt(args, name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n)) {
    throw new SightlineError(
      'E_USAGE',
      `invalid --${name}: ${v} (sightline ${cmdName} needs an integer)`,
    );
  }
  return n;
}

/** Reads a number option with a default; throws E_USAGE on a non-number. */
export function numberOpt(args: Args, cmdName: string, name: string, fallback: number): number {
  const v = stringOpt(args, name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) {
    throw new SightlineError(
      'E_USAGE',
      `invalid --${name}: ${v} (sightline ${cmdName} needs a number)`,
    );
  }
  return n;
}

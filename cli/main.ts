/**
 * Entry point of the `sightline` command: dispatches to a subcommand, prints help, and turns
 * errors into one clear line on stderr with their stable code and a non-zero exit code.
 */
import { isSightlineError } from '../src/core/index.js';
import { commandHelp, parseCommandArgs, type Io } from './command.js';
import { COMMANDS } from './commands/index.js';

const processIo: Io = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

/** Top-level help: every subcommand with its summary. */
export function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const lines = [
    'Usage: sightline COMMAND [options]',
    '',
    'Sightline: build, audit and serve predictive risk models for child-welfare hotline screening.',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    "Run 'sightline COMMAND --help' for a command's options.",
  ];
  return `${lines.join('\n')}\n`;
}

/** Runs the CLI on argv (without node and script); returns the exit code. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(mainHelp());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version') {
    io.out('sightline 0.1.0\n');
    return 0;
  }
  const cmd = COMMANDS.find((c) => c.name === name);
  if (cmd === undefined) {
    io.err(`sightline: unknown command '${name}'. Run 'sightline --help' for the list.\n`);
    return 2;
  }
  try {
    const args = parseCommandArgs(cmd, rest);
    if (args === 'help') {
      io.out(commandHelp(cmd));
      return 0;
    }
    return await cmd.run(args, io);
  } catch (e) {
    if (isSightlineError(e)) {
      io.err(`sightline ${cmd.name}: ${e.message} [${e.code}]\n`);
      return e.code === 'E_USAGE' ? 2 : 1;
    }
    throw e;
  }
}

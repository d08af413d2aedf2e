/** The registry of `sightline` subcommands, in the order `sightline --help` lists them. */
import type { Command } from '../command.js';
import { synthCommand } from './synth.js';
import { validateCommand } from './validate.js';
import { featuresCommand } from './features.js';
import { demoCommand } from './demo.js';
import { trainCommand } from './train.js';
import { scoreCommand } from './score.js';
import { auditCommand } from './audit.js';
import { processCommand } from './process.js';
import { monitorCommand } from './monitor.js';
import { explainCommand } from './explain.js';
import { importCommand } from './import.js';
import { loadCommand } from './load.js';
import { serveCommand } from './serve.js';
import { auditLogCommand } from './audit-log.js';
import { usersCommand } from './users.js';
import { replayCommand } from './replay.js';
import { ablateCommand } from './ablate.js';
import { registerCommand } from './register.js';
import { cardCommand } from './card.js';
import { publishCommand } from './publish.js';

export const COMMANDS: readonly Command[] = [
  synthCommand,
  validateCommand,
  featuresCommand,
  trainCommand,
  scoreCommand,
  explainCommand,
  importCommand,
  auditCommand,
  replayCommand,
  ablateCommand,
  registerCommand,
  cardCommand,
  publishCommand,
  processCommand,
  monitorCommand,
  loadCommand,
  serveCommand,
  auditLogCommand,
  usersCommand,
  demoCommand,
];

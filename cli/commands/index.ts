/** The registry of `sightline` subcommands, in the order `sightline --help` lists them. */
import type { Command } from '../command.js';
import { synthCommand } from './synth.js';
import { validateCommand } from './validate.js';
import { featuresCommand } from './features.js';
import { demoCommand } from './demo.js';
import { trainCommand } from './train.js';
import { scoreCommand } from './score.js';
import { auditCommand } from './audit.js';

export const COMMANDS: readonly Command[] = [
  synthCommand,
  validateCommand,
  featuresCommand,
  trainCommand,
  scoreCommand,
  auditCommand,
  demoCommand,
];

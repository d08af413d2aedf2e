/**
 * `sightline register FILE`: the decision register of a model. Given a model file, writes the
 * draft register (`--out`; never over an existing file, which may hold signatures); given a
 * register, validates it and lists the decisions still unsigned. `--html` renders the register
 * as a page of its own.
 */
import { readFile, stat } from 'node:fs/promises';
import { SightlineError, writeFileAtomic } from '../../src/core/index.js';
import { parseModelFile } from '../../src/scoring/index.js';
import {
  draftRegister,
  formatRegister,
  parseRegister,
  unsignedDecisions,
  type Register,
} from '../../src/audit/index.js';
import { registerPageHtml } from '../../src/report/index.js';
import { stringOpt, type Command } from '../command.js';

async function readJson(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new SightlineError(
      'E_USAGE',
      `${path} not found. Fix: give a model file or a register file.`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new SightlineError(
      'E_USAGE',
      `${path} is not JSON (${(e as Error).message}). Fix: give a model file or a register file.`,
    );
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

export const registerCommand: Command = {
  name: 'register',
  summary: 'draft the decision register of a model, or check a register',
  usage: '(MODEL --out REGISTER | REGISTER) [--html PAGE]',
  description: [
    'Population, label and window, split, feature selection, score scale and its reference',
    'population, household aggregation, protocol thresholds and feature groups, each with its',
    'alternatives, who decided and when ("unsigned" in a draft), why, and the replay evidence',
    "that 'sightline replay' and 'sightline ablate --register' attach.",
  ].join('\n'),
  options: {
    out: {
      type: 'string',
      value: 'REGISTER',
      help: 'with a model: where to write the draft (must not exist)',
    },
    html: { type: 'string', value: 'PAGE', help: 'also render the register as an HTML page' },
  },
  positionals: [1, 1],
  async run(args, io) {
    const path = args.positionals[0]!;
    const value = await readJson(path);
    const isModel = (value as { format?: unknown } | null)?.format === 'sightline-model';
    let register: Register;
    if (isModel) {
      const out = stringOpt(args, 'out');
      if (out === undefined) {
        throw new SightlineError(
          'E_USAGE',
          "sightline register MODEL needs --out REGISTER. Run 'sightline register --help'.",
        );
      }
      if (await exists(out)) {
        throw new SightlineError(
          'E_USAGE',
          `--out ${out} exists and may hold signatures. Fix: give a new path, or update it with sightline replay/ablate --register ${out}.`,
        );
      }
      register = draftRegister(parseModelFile(value, `model file ${path}`));
      await writeFileAtomic(out, formatRegister(register));
      io.out(
        `draft register written to ${out}: ${register.decisions.length} decisions, all unsigned\n`,
      );
    } else {
      register = parseRegister(value, `register ${path}`);
      const open = unsignedDecisions(register);
      io.out(
        [
          `register ${path}: ${register.decisions.length} decisions, ${open.length} unsigned${open.length > 0 ? ` (${open.map((d) => d.id).join(', ')})` : ''}`,
          ...register.decisions.map((d) => `  ${d.id}: ${d.evidence.length} piece(s) of evidence`),
          '',
        ].join('\n'),
      );
    }
    const html = stringOpt(args, 'html');
    if (html !== undefined)
      await writeFileAtomic(html, registerPageHtml(register, [`Register of ${path}.`]));
    return 0;
  },
};

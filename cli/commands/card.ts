/**
 * `sightline card MODEL --out DIR`: the model card and the datasheet of a model (card.json,
 * card.html, datasheet.json, datasheet.html), written atomically and byte-identical for identical
 * inputs, from the model file and, when given, the audit, replay and monitoring report folders and
 * the decision register. `--sign STAGE=NAME --date YYYY-MM-DD` records a signature of a lifecycle
 * stage; signatures of an earlier card in DIR are kept while their evidence is unchanged.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  SightlineError,
  sha256,
  stableStringify,
  writeFolderAtomic,
} from '../../src/core/index.js';
import { parseModelFile } from '../../src/scoring/index.js';
import { parseRegister } from '../../src/audit/index.js';
import {
  buildCard,
  buildDatasheet,
  cardHtml,
  checkStage,
  datasheetHtml,
  type CardInput,
  type CardInputs,
  type Signature,
} from '../../src/report/index.js';
import { requiredOpt, stringOpt, type Args, type Command } from '../command.js';

/** A file's text and sha256; E_USAGE naming the option and the fix when it cannot be read. */
export async function readInput(
  path: string,
  what: string,
): Promise<{ text: string; sha256: string; path: string }> {
  const isDir = await stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
  const file = isDir ? join(path, 'report.json') : path;
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    throw new SightlineError(
      'E_USAGE',
      `${what} ${file} not found. Fix: give the folder (or report.json) the command wrote.`,
    );
  }
  return { text: bytes.toString('utf8'), sha256: sha256(bytes), path: file };
}

/** Parses JSON; E_USAGE with the file and the parser's message. */
export function parseJson(text: string, path: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new SightlineError(
      'E_USAGE',
      `${what} ${path} is not JSON (${(e as Error).message}). Fix: give the file the command wrote.`,
    );
  }
}

/** Writes `files` into `out` atomically; an existing `out` may hold only files of these names. */
export async function writeOutputDir(out: string, files: Record<string, string>): Promise<void> {
  const names = Object.keys(files);
  const existing = await readdir(out).catch(() => null);
  const others = existing?.filter((f) => !names.includes(f)) ?? [];
  if (others.length > 0) {
    throw new SightlineError(
      'E_USAGE',
      `--out ${out} exists and holds other files (${others.slice(0, 3).join(', ')}). Fix: give a new folder, or the folder of a previous run.`,
    );
  }
  await writeFolderAtomic(out, files, existing !== null);
}

/** Reads a report folder given by `--NAME` and checks its report tag. */
async function reportInput(
  args: Args,
  name: 'audit' | 'replay' | 'monitor',
): Promise<CardInput<Record<string, unknown>> | null> {
  const dir = stringOpt(args, name);
  if (dir === undefined) return null;
  const r = await readInput(dir, `--${name}`);
  const value = parseJson(r.text, r.path, `--${name}`) as Record<string, unknown>;
  const tag = `sightline-${name}/1`;
  if (value?.report !== tag) {
    throw new SightlineError(
      'E_USAGE',
      `--${name} ${r.path} is a ${String(value?.report ?? 'file without a report tag')}, not ${tag}. Fix: give the folder 'sightline ${name}' wrote.`,
    );
  }
  return { role: name, path: dir, sha256: r.sha256, value };
}

/** Splits repeated `STAGE=VALUE` options, checking the stage names. */
function stagePairs(args: Args, name: string): [string, string][] {
  return ((args.values[name] as string[] | undefined) ?? []).map((text) => {
    const eq = text.indexOf('=');
    if (eq <= 0 || eq === text.length - 1) {
      throw new SightlineError('E_USAGE', `invalid --${name} ${text}: STAGE=VALUE is needed`);
    }
    const stage = text.slice(0, eq);
    checkStage(stage, `--${name} ${text}`);
    return [stage, text.slice(eq + 1)];
  });
}

/** Signatures of an earlier card in `out`, if any. */
async function previousSignatures(out: string): Promise<Signature[]> {
  const text = await readFile(join(out, 'card.json'), 'utf8').catch(() => null);
  if (text === null) return [];
  const card = parseJson(text, join(out, 'card.json'), 'earlier card') as {
    signatures?: Signature[];
  };
  return card.signatures ?? [];
}

/** Reads every input the options name. */
async function cardInputs(args: Args, out: string): Promise<CardInputs> {
  const modelPath = args.positionals[0]!;
  const m = await readInput(modelPath, 'model file');
  const model = parseModelFile(
    parseJson(m.text, modelPath, 'model file'),
    `model file ${modelPath}`,
  );
  const regPath = stringOpt(args, 'register');
  let register: CardInputs['register'] = null;
  if (regPath !== undefined) {
    const r = await readInput(regPath, '--register');
    const value = parseRegister(parseJson(r.text, regPath, '--register'), `register ${regPath}`);
    register = { role: 'register', path: regPath, sha256: r.sha256, value };
  }
  const evidence = await Promise.all(
    stagePairs(args, 'evidence').map(async ([stage, path]) => ({
      stage,
      path,
      sha256: (await readInput(path, `--evidence ${stage}=`)).sha256,
    })),
  );
  const signs = stagePairs(args, 'sign');
  const date = stringOpt(args, 'date');
  if (signs.length > 0 && (date === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(date))) {
    throw new SightlineError(
      'E_USAGE',
      `--sign needs --date YYYY-MM-DD (got ${date ?? 'none'}): the card never reads the clock.`,
    );
  }
  return {
    model: { role: 'model', path: modelPath, sha256: m.sha256, value: model },
    audit: await reportInput(args, 'audit'),
    replay: await reportInput(args, 'replay'),
    monitor: await reportInput(args, 'monitor'),
    register,
    evidence,
    previous: await previousSignatures(out),
    sign: signs.map(([stage, name]) => ({ stage, name, date: date!, evidence: '' })),
  };
}

export const cardCommand: Command = {
  name: 'card',
  summary: 'model card and datasheet of a model, from its model file, reports and register',
  usage: 'MODEL --out DIR [--audit DIR] [--replay DIR] [--monitor DIR] [--register FILE]',
  description: [
    'Writes DIR/card.json, card.html, datasheet.json and datasheet.html: intended use and misuse,',
    'population and label with their limits, metrics by group with intervals (audit), policy',
    'replay, monitoring, the oracle-test questions answered from the inputs, consistency of the',
    'inputs, and the lifecycle record of the ethics review with who signed each stage. Every',
    'statement names the input it comes from or says it is missing; input sha256s are recorded.',
  ].join('\n'),
  options: {
    out: { type: 'string', value: 'DIR', help: 'folder to write the card and datasheet into' },
    audit: { type: 'string', value: 'DIR', help: "report folder of 'sightline audit'" },
    replay: { type: 'string', value: 'DIR', help: "report folder of 'sightline replay'" },
    monitor: { type: 'string', value: 'DIR', help: "report folder of 'sightline monitor'" },
    register: { type: 'string', value: 'FILE', help: 'decision register of the model' },
    evidence: {
      type: 'string',
      value: 'STAGE=FILE',
      multiple: true,
      help: 'extra evidence file of a lifecycle stage (e.g. user_training=plan.pdf), repeatable',
    },
    sign: {
      type: 'string',
      value: 'STAGE=NAME',
      multiple: true,
      help: 'record NAME as signing a lifecycle stage, repeatable (needs --date)',
    },
    date: { type: 'string', value: 'YYYY-MM-DD', help: 'date of the signatures given by --sign' },
    json: { type: 'boolean', help: 'print a JSON summary instead of text' },
  },
  positionals: [1, 1],
  async run(args, io) {
    const out = requiredOpt(args, 'card', 'out');
    const inputs = await cardInputs(args, out);
    const card = buildCard(inputs);
    const sheet = buildDatasheet(inputs);
    await writeOutputDir(out, {
      'card.json': `${stableStringify(card, 1)}\n`,
      'card.html': cardHtml(card),
      'datasheet.json': `${stableStringify(sheet, 1)}\n`,
      'datasheet.html': datasheetHtml(sheet),
    });
    const summary = {
      out,
      stages: Object.fromEntries(card.lifecycle.map((s) => [s.stage, s.status])),
      missing: card.inputs.filter((i) => i.path === null).map((i) => i.role),
      stale: card.consistency.filter((c) => c.status === 'stale').map((c) => c.check),
    };
    if (args.values.json === true) {
      io.out(`${JSON.stringify(summary)}\n`);
      return 0;
    }
    io.out(
      [
        `card written to ${out} (card.json, card.html, datasheet.json, datasheet.html)`,
        ...card.lifecycle.map(
          (s) =>
            `  ${s.stage}: ${s.status}${s.status === 'signed' ? ` by ${s.signedBy} on ${s.signedOn}` : ''}`,
        ),
        ...(summary.missing.length > 0 ? [`inputs not given: ${summary.missing.join(', ')}`] : []),
        ...(summary.stale.length > 0 ? [`stale: ${summary.stale.join(', ')}`] : []),
        '',
      ].join('\n'),
    );
    return 0;
  },
};

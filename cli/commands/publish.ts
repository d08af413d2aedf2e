/**
 * `sightline publish REPORT --out DIR`: the public version of an audit, process or monitoring
 * report (DIR/public.json and DIR/public.html): counts below --min-cell suppressed with
 * complementary suppression, rates from hidden counts hidden, record-level data dropped, and the
 * code commit, the input's sha256 and the report's data hash that reproduce it.
 */
import { execFileSync } from 'node:child_process';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SightlineError, stableStringify } from '../../src/core/index.js';
import { escapeHtml, htmlPage, htmlTable, publishReport } from '../../src/report/index.js';
import { intOpt, requiredOpt, type Command } from '../command.js';
import { parseJson, readInput, writeOutputDir } from './card.js';

/** The commit of the Sightline code that runs (`git rev-parse HEAD`) and whether files differ from it. */
function gitCommit(): { commit: string | null; dirty: boolean | null } {
  const cwd = fileURLToPath(new URL('.', import.meta.url));
  const git = (args: string[]) =>
    execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    const out = git(['rev-parse', 'HEAD']).trim();
    if (!/^[0-9a-f]{40}$/.test(out)) return { commit: null, dirty: null };
    return {
      commit: out,
      dirty: git(['status', '--porcelain', '--untracked-files=no']).trim() !== '',
    };
  } catch {
    return { commit: null, dirty: null };
  }
}

export const publishCommand: Command = {
  name: 'publish',
  summary: 'public version of a report: small cells suppressed, no record-level data',
  usage: 'REPORT_JSON_OR_DIR --out DIR [--min-cell 10]',
  description: [
    'Reads the report.json of sightline audit, process or monitor and writes DIR/public.json and',
    'DIR/public.html: every count below --min-cell is suppressed, with complementary suppression',
    'so hidden cells cannot be recomputed from totals; rates, intervals and contrasts derived from',
    'hidden counts are hidden; record and staff identifiers are dropped or pseudonymised, and an',
    'identifier-like field publish does not know stops it. The git commit, the input sha256 and',
    "the report's data hash are recorded.",
  ].join('\n'),
  options: {
    out: { type: 'string', value: 'DIR', help: 'folder to write public.json and public.html into' },
    'min-cell': {
      type: 'string',
      value: 'N',
      help: 'suppress counts below N (default 10)',
    },
    json: { type: 'boolean', help: 'print a JSON summary instead of text' },
  },
  positionals: [1, 1],
  async run(args, io) {
    const out = requiredOpt(args, 'publish', 'out');
    const minCell = intOpt(args, 'publish', 'min-cell', 10);
    if (minCell < 1) {
      throw new SightlineError('E_USAGE', `invalid --min-cell: ${minCell} (at least 1)`);
    }
    const input = await readInput(args.positionals[0]!, 'report');
    const value = parseJson(input.text, input.path, 'report');
    const pub = publishReport(value, {
      minCell,
      provenance: { ...gitCommit(), file: basename(input.path), sha256: input.sha256 },
    });
    const s = pub.suppression;
    const html = htmlPage(
      `Public ${pub.of} report`,
      [
        `Counts below ${minCell} are suppressed, with complementary suppression so that no hidden count can be recomputed from the published numbers, nor narrowed (counts being never negative) to a range less than ${minCell} wide; no record-level data.`,
        `Code ${pub.provenance.commit ?? 'not in a git repository'}${pub.provenance.dirty ? ' with uncommitted changes' : ''}; input ${pub.provenance.file} sha256 ${pub.provenance.sha256}; data ${pub.provenance.dataHash ?? 'not recorded'}.`,
      ],
      [
        {
          id: 'suppression',
          title: 'What was suppressed',
          html: htmlTable(
            'Suppression',
            [
              'tables',
              'below the threshold',
              'complementary',
              'to widen narrow ranges',
              'ranges still narrow',
              'audit rows withheld as linked',
              'derived rates',
            ],
            [[s.tables, s.primary, s.complementary, s.widened, s.narrow, s.linked, s.derived]],
          ),
        },
        {
          id: 'dropped',
          title: 'Record-level and staff fields',
          html: `<p>Dropped: ${escapeHtml(pub.dropped.join(', ') || 'none')}. Pseudonymised: ${escapeHtml(pub.pseudonymised.join(', ') || 'none')}.</p>`,
        },
        {
          id: 'content',
          title: 'Public content',
          notes: ['Suppressed values are null.'],
          html: `<pre>${escapeHtml(stableStringify(pub.content, 1))}</pre>`,
        },
      ],
    );
    await writeOutputDir(out, {
      'public.json': `${stableStringify(pub, 1)}\n`,
      'public.html': html,
    });
    if (args.values.json === true) {
      io.out(`${JSON.stringify({ out, of: pub.of, suppression: s, dropped: pub.dropped })}\n`);
      return 0;
    }
    io.out(
      [
        `public ${pub.of} written to ${out} (public.json, public.html), min cell ${minCell}`,
        `suppressed: ${s.primary} below the threshold, ${s.complementary} complementary, ${s.widened} more to widen narrow ranges, ${s.linked} audit rows withheld as linked, ${s.derived} derived rates, in ${s.tables} tables${s.narrow > 0 ? `; WARNING: ${s.narrow} hidden counts still have a range narrower than ${minCell}` : ''}`,
        `dropped: ${pub.dropped.join(', ') || 'none'}; pseudonymised: ${pub.pseudonymised.join(', ') || 'none'}`,
        '',
      ].join('\n'),
    );
    return 0;
  },
};

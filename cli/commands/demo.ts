/** `sightline demo`: the main job behind `npm start` (see cli/pipeline/demo.ts). */
import { intOpt, numberOpt, requiredOpt, type Command } from '../command.js';
import { runDemo } from '../pipeline/demo.js';

export const demoCommand: Command = {
  name: 'demo',
  summary: 'the main job: synthetic county → validated extract → report (npm start)',
  usage: '--out DIR [--scale 1] [--seed 1]',
  description: [
    'Writes DIR/county (the extract), DIR/county.truth.csv (its ground truth), DIR/report.json',
    'and DIR/report.html (self-contained; open it in a browser).',
  ].join('\n'),
  options: {
    out: { type: 'string', value: 'DIR', help: 'output folder' },
    scale: { type: 'string', value: 'X', default: '1', help: 'county size relative to Allegheny' },
    seed: { type: 'string', value: 'N', default: '1', help: 'integer seed' },
  },
  positionals: [0, 0],
  async run(args, io) {
    await runDemo(
      {
        out: requiredOpt(args, 'demo', 'out'),
        scale: numberOpt(args, 'demo', 'scale', 1),
        seed: intOpt(args, 'demo', 'seed', 1),
      },
      io,
    );
    return 0;
  },
};

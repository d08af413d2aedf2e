/**
 * The demo's first calls, recorded through the real workflow (the same functions the API and the
 * pages call, so each step is audited): households drawn from the synthetic county, the
 * screener's ratings, the score, a recommendation that mostly follows the protocol, and a
 * supervisor's decision for most of them (a few overrides with written reasons); the last few are
 * left in the supervisor's queue.
 */
import { readFile } from 'node:fs/promises';
import type { Rng } from '../../src/core/index.js';
import { userByName, type Db } from '../../src/store/index.js';
import { callScorer } from '../../server/score/scorer.js';
import { serviceDeps } from '../../server/serve.js';
import type { Staff } from '../../server/context.js';
import { createCall } from '../../server/workflow/create-call.js';
import { decide, recommend, recordRatings } from '../../server/workflow/steps.js';
import { revealScore } from '../../server/workflow/reveal.js';
import { sampleHousehold } from '../../server/workflow/sample.js';

const CALLS = 24;
const LEFT_IN_QUEUE = 5;

async function staff(db: Db, username: string): Promise<Staff> {
  const u = (await userByName(db, username))!;
  return {
    userId: u.user_id,
    username,
    displayName: u.display_name,
    role: u.role,
    csrf: '',
    tokenHash: '',
  };
}

/** Records the demo calls before `start` (epoch ms); returns how many were recorded. */
export async function seedCalls(
  db: Db,
  modelPath: string,
  start: number,
  rng: Rng,
): Promise<number> {
  let now = start - CALLS * 3_600_000;
  const deps = serviceDeps({
    db,
    scorer: callScorer(await readFile(modelPath, 'utf8'), modelPath),
    clock: () => now,
  });
  const screener = await staff(db, 'screener');
  const supervisor = await staff(db, 'supervisor');
  let n = 0;
  for (let k = 0; k < CALLS; k++) {
    const people = await sampleHousehold(deps, 3 * k + 1);
    if (people.length === 0) break;
    now = start - (CALLS - k) * 3_600_000;
    const allegation = k % 8 === 3 ? 'abuse' : 'neglect';
    const id = await createCall(deps, screener, {
      allegation,
      channel: 'county',
      people: people.slice(0, 12) as never,
    });
    now += 4 * 60_000;
    await recordRatings(deps, screener, id, 1 + rng.int(3), 1 + rng.int(3));
    const score = await revealScore(deps, screener, id);
    const mandatory = !score.scored || score.protocol === 'high';
    const lean = mandatory
      ? 'in'
      : score.protocol === 'low'
        ? 'out'
        : rng.bernoulli(0.5)
          ? 'in'
          : 'out';
    await recommend(deps, screener, id, lean, null);
    n++;
    if (k >= CALLS - LEFT_IN_QUEUE) continue;
    now += 30 * 60_000;
    const override = mandatory && k % 5 === 0;
    await decide(
      deps,
      supervisor,
      id,
      override ? 'out' : lean,
      override
        ? 'Family already engaged with voluntary services; caller confirmed children are safe today.'
        : null,
    );
  }
  return n;
}

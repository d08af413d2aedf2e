/**
 * The decision register: a draft lists every decision unsigned with its alternatives, round-trips
 * through its file format, takes evidence from a replay without losing what people wrote, and a
 * bad file is refused with the field and the fix. Its HTML escapes every value.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DECISION_IDS,
  REGISTER_FORMAT,
  attachEvidence,
  draftRegister,
  formatRegister,
  parseRegister,
  runReplay,
  scoreBase,
  unsignedDecisions,
} from '../../../src/audit/index.js';
import { isSightlineError } from '../../../src/core/index.js';
import { registerHtml, registerPageHtml } from '../../../src/report/index.js';
import { fixtureContext, fixtureFile } from './fixture.js';

test('a draft lists every decision, unsigned, with the model file’s choices', () => {
  const r = draftRegister(fixtureFile());
  assert.equal(r.format, REGISTER_FORMAT);
  assert.deepEqual(
    r.decisions.map((d) => d.id),
    [...DECISION_IDS],
  );
  assert.equal(unsignedDecisions(r).length, 8);
  const d = (id: string) => r.decisions.find((x) => x.id === id)!;
  assert.equal(d('population').value.population, 'screened_in');
  assert.match(d('split').choice, /grouped 70\/30 split .* seed 1; grouped 5-fold CV/);
  assert.match(
    d('feature_selection').choice,
    /one-standard-error rule \(λ = 0\.01000\); 1 of 3 features non-zero/,
  );
  assert.match(
    d('score_scale').choice,
    /^20 quantile bins .* test rows: a hand-made fixture \(7 records\)$/,
  );
  assert.equal(d('aggregation').choice, 'the highest score of the children on the referral');
  assert.match(
    d('protocol').choice,
    /score ≥ 18 and a child under 16; low-risk .* every score ≤ 12 and every child at least 7/,
  );
  assert.deepEqual(d('feature_groups').value.groups, {
    juvenile_probation: { features: 1, nonzero: 0 },
    behavioral_health: { features: 1, nonzero: 0 },
    ever_in: { features: 1, nonzero: 0 },
    criminal_legal: { features: 1, nonzero: 0 },
    public_benefits: { features: 0, nonzero: 0 },
  });
  assert.ok(d('split').alternatives.some((a) => /random split of records/.test(a.choice)));
  assert.equal(d('label').decidedBy, 'unsigned');
  assert.deepEqual(parseRegister(JSON.parse(formatRegister(r))), r);
});

test('evidence from a replay is attached, replaced on the next replay, and signatures are kept', () => {
  const ctx = fixtureContext();
  const replay = runReplay(ctx, scoreBase(ctx), { replicates: 20, minCell: 0, minClusters: 1 });
  const draft = draftRegister(fixtureFile(), { replay, source: 'out/replay' });
  const agg = draft.decisions.find((d) => d.id === 'aggregation')!;
  assert.equal(agg.evidence.length, 1);
  assert.match(agg.evidence[0]!.summary, /^Across 8 policies/);
  assert.equal(agg.evidence[0]!.source, 'out/replay');
  const protocol = draft.decisions.find((d) => d.id === 'protocol')!.evidence[0]!;
  assert.equal(protocol.measures.households_high_black, 0.5);
  assert.equal(protocol.measures.households_high_gap, -0.5);
  const signed = {
    ...draft,
    decisions: draft.decisions.map((d) =>
      d.id === 'aggregation'
        ? {
            ...d,
            decidedBy: 'Screening policy board',
            decidedOn: '2027-01-15',
            rationale: 'what screeners see',
          }
        : d,
    ),
  };
  const again = attachEvidence(parseRegister(JSON.parse(formatRegister(signed))), { replay });
  const a = again.decisions.find((d) => d.id === 'aggregation')!;
  assert.equal(a.decidedBy, 'Screening policy board');
  assert.equal(a.evidence.length, 1);
  assert.equal(unsignedDecisions(again).length, 7);
});

test('a bad register is refused with the field and the fix; the HTML escapes and marks unsigned', () => {
  const r = draftRegister(fixtureFile());
  const bad = JSON.parse(formatRegister(r));
  bad.decisions[0].decidedOn = 'last week';
  assert.throws(
    () => parseRegister(bad, 'register r.json'),
    (e) =>
      isSightlineError(e, 'E_REGISTER') &&
      /register r\.json is not a valid sightline-register v1 file: decisions\.0\.decidedOn: a date YYYY-MM-DD or "unsigned"\. Fix:/.test(
        e.message,
      ),
  );
  const mine = {
    ...r,
    decisions: r.decisions.map((d, k) => (k === 0 ? { ...d, rationale: '<script>x</script>' } : d)),
  };
  const section = registerHtml(mine);
  assert.equal(section.id, 'register');
  assert.match(section.notes![0]!, /8 of 8 decisions are unsigned/);
  assert.ok(!section.html.includes('<script>x'));
  assert.match(section.html, /&lt;script&gt;x&lt;\/script&gt;/);
  assert.match(section.html, /<span class="unsigned">unsigned<\/span>/);
  assert.equal(registerPageHtml(r), registerPageHtml(r));
});

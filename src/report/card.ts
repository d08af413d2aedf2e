/**
 * `buildCard` and `buildDatasheet`: the model card and the datasheet of a model from its model
 * file and, when given, its audit, replay and monitoring reports and its decision register. Pure:
 * the caller reads and hashes the files; identical inputs give identical cards.
 */
import {
  CARD_VERSION,
  DATASHEET_VERSION,
  type CardInputs,
  type Datasheet,
  type InputRole,
  type ModelCard,
} from './card-types.js';
import { datasheetSections, modelFacts, populationFacts, useFacts } from './card-facts.js';
import { cardMetrics, consistency, monitorFacts, replayFacts } from './card-evidence.js';
import { oracleAnswers } from './card-oracle.js';
import { lifecycle } from './card-lifecycle.js';

const ROLES: readonly ('model' | 'audit' | 'replay' | 'monitor' | 'register')[] = [
  'model',
  'audit',
  'replay',
  'monitor',
  'register',
];

/** Every input with its sha256 (null for an input not given), then the extra evidence files. */
function inputList(inputs: CardInputs): ModelCard['inputs'] {
  return [
    ...ROLES.map((role) => {
      const i = inputs[role];
      return { role: role as InputRole, path: i?.path ?? null, sha256: i?.sha256 ?? null };
    }),
    ...inputs.evidence.map((e) => ({
      role: 'evidence' as InputRole,
      path: `${e.stage}: ${e.path}`,
      sha256: e.sha256,
    })),
  ];
}

/**
 * The model card.
 * @throws SightlineError E_CARD_SIGN when a stage without evidence is signed.
 * @example const card = buildCard({ model, audit, replay: null, monitor: null, register, evidence: [], previous: [], sign: [] });
 */
export function buildCard(inputs: CardInputs): ModelCard {
  const file = inputs.model.value;
  const { use, misuse } = useFacts(file);
  const { population, limits } = populationFacts(file);
  const checks = consistency(inputs);
  const { stages, signatures } = lifecycle(inputs, checks);
  return {
    format: CARD_VERSION,
    inputs: inputList(inputs),
    model: modelFacts(file),
    intendedUse: use,
    misuse,
    population,
    limits,
    metrics: cardMetrics(inputs),
    replay: replayFacts(inputs),
    monitoring: monitorFacts(inputs),
    oracle: oracleAnswers(inputs),
    consistency: checks,
    lifecycle: stages,
    signatures,
  };
}

/** The datasheet of the data behind the model. */
export function buildDatasheet(inputs: CardInputs): Datasheet {
  return {
    format: DATASHEET_VERSION,
    inputs: inputList(inputs),
    sections: datasheetSections(inputs),
  };
}

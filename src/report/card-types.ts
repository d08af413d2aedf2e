/**
 * The model card and datasheet as data (`sightline-card/1`, `sightline-datasheet/1`): every
 * statement is a fact with the input it comes from, or marked missing with the reason; the card
 * lists the sha256 of every input file it read.
 */
import type { ModelFile } from '../scoring/index.js';
import type { Register } from '../audit/index.js';

/** Version tags. */
export const CARD_VERSION = 'sightline-card/1';
export const DATASHEET_VERSION = 'sightline-datasheet/1';

/** The inputs a card can read. */
export type InputRole = 'model' | 'audit' | 'replay' | 'monitor' | 'register' | 'evidence';

/** What a statement rests on: an input, Sightline's standing use policy, or nothing (missing). */
export type FactSource = InputRole | 'use policy';

/** One read input file. */
export interface CardInput<T> {
  readonly role: InputRole;
  readonly path: string;
  readonly sha256: string;
  readonly value: T;
}

/** A parsed JSON object. */
export type Json = Record<string, unknown>;

/** A signature of a lifecycle stage (date as given on the command line, never the clock). */
export interface Signature {
  readonly stage: string;
  readonly name: string;
  readonly date: string;
  /** sha256 over the stage's evidence hashes when signed; a changed evidence voids it. */
  readonly evidence: string;
}

/** Extra evidence files for a stage (e.g. a training plan), already hashed. */
export interface StageEvidence {
  readonly stage: string;
  readonly path: string;
  readonly sha256: string;
}

/** Everything a card is built from. */
export interface CardInputs {
  readonly model: CardInput<ModelFile>;
  readonly audit: CardInput<Json> | null;
  readonly replay: CardInput<Json> | null;
  readonly monitor: CardInput<Json> | null;
  readonly register: CardInput<Register> | null;
  readonly evidence: readonly StageEvidence[];
  /** Signatures of an earlier card in the output folder, kept while their evidence is unchanged. */
  readonly previous: readonly Signature[];
  /** Signatures given now (`--sign STAGE=NAME --date YYYY-MM-DD`). */
  readonly sign: readonly Signature[];
}

/** A statement: its value in words, where it comes from, or why it is missing. */
export interface Fact {
  readonly label: string;
  readonly value: string | null;
  readonly source: FactSource | null;
  readonly missing?: string;
}

/** A number with its 95% interval, as the audit reported it. */
export interface Estimate {
  readonly value: number | null;
  readonly lo: number | null;
  readonly hi: number | null;
  readonly n: number;
}

/** One group's row of the card's metric table. */
export interface GroupMetrics {
  readonly group: string;
  readonly rows: number;
  readonly positives: number;
  readonly metrics: Readonly<Record<string, Estimate | null>>;
}

/** The audit's metrics by group, or why they are missing. */
export interface CardMetrics {
  readonly rule: string | null;
  readonly groupings: readonly { name: string; reference: string; groups: GroupMetrics[] }[];
  readonly flagged: readonly string[];
  readonly missing?: string;
}

/** One oracle-test question of Chouldechova et al. (2018, §4.1), answered from the inputs. */
export interface OracleAnswer {
  readonly question: string;
  readonly concern: string;
  readonly answer: readonly Fact[];
  readonly status: 'answered' | 'partly answered' | 'not answerable from the inputs';
}

/** A consistency check between inputs (same model, same data). */
export interface Consistency {
  readonly check: string;
  readonly status: 'consistent' | 'stale' | 'not checked';
  readonly detail: string;
}

/** One stage of the ethics review's lifecycle record. */
export interface LifecycleStage {
  readonly stage: string;
  readonly title: string;
  readonly status: 'missing' | 'stale' | 'unsigned' | 'signed';
  readonly evidence: readonly { path: string; sha256: string; role: InputRole }[];
  readonly signedBy: string;
  readonly signedOn: string;
  readonly notes: readonly string[];
}

/** The model card. */
export interface ModelCard {
  readonly format: typeof CARD_VERSION;
  readonly inputs: readonly { role: InputRole; path: string | null; sha256: string | null }[];
  readonly model: readonly Fact[];
  readonly intendedUse: readonly Fact[];
  readonly misuse: readonly Fact[];
  readonly population: readonly Fact[];
  readonly limits: readonly Fact[];
  readonly metrics: CardMetrics;
  readonly replay: readonly Fact[];
  readonly monitoring: readonly Fact[];
  readonly oracle: readonly OracleAnswer[];
  readonly consistency: readonly Consistency[];
  readonly lifecycle: readonly LifecycleStage[];
  readonly signatures: readonly Signature[];
}

/** The datasheet of the data the model was trained and evaluated on. */
export interface Datasheet {
  readonly format: typeof DATASHEET_VERSION;
  readonly inputs: ModelCard['inputs'];
  readonly sections: readonly { title: string; facts: Fact[] }[];
}

/** A fact from an input. */
export function fact(label: string, value: string, source: FactSource): Fact {
  return { label, value, source };
}

/** A missing fact, with why and how to supply it. */
export function missing(label: string, why: string): Fact {
  return { label, value: null, source: null, missing: why };
}

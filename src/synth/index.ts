/**
 * synth — the third layer: the synthetic county, a documented causal simulation
 * (docs/synthetic-county.md) that writes the data contract. Latent family need and risk, source
 * systems that record people with their own intensity by group and poverty (surveillance bias),
 * callers, screeners and supervisors with their own biases, agency actions that happen only
 * through screening (selective labels), the 2015 law change, and a screening tool from 2016.
 *
 * Place in the pipeline: after core and contract. Every later layer is developed and tested on
 * what it generates; the ground truth (truthCsv) never enters the extract.
 */
export { synthesize, parseSetArgs, resolveKnobs } from './synthesize.js';
export type { SynthOptions, SynthRun } from './synthesize.js';
export { SynthKnobs, knobRows, knobTableMarkdown } from './knobs.js';
export type { KnobRow, KnobMeta } from './knobs.js';
export { summarizeCounty } from './summarize.js';
export type { CountySummary, SummaryOptions } from './summarize.js';
export { TARGETS, checkTargets, targetsText } from './targets.js';
export type { Target, TargetCheck } from './targets.js';
export { truthCsv, TRUTH_COLUMNS } from './truth.js';
export { SYNTH_VERSION } from './assemble.js';
export { TRAINING_WINDOW } from './timeline.js';

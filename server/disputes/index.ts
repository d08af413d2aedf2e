/**
 * Contest and correction of a family's records. A screener (on a call they handle) or a family
 * member (through their access to a referral) disputes a record — wrong, not theirs, out of
 * date — with openDispute; a records reviewer accepts or rejects it with a reason
 * (decideDispute). An accepted correction supersedes the record without erasing it, re-scores
 * every stored call that could have read it and keeps the before and after; every step is in the
 * audit log. The analyst's report counts outcomes by group (workflow/reports.ts).
 */
export { openDispute, raiserActor } from './open-dispute.js';
export type { DisputeInput, DisputeRaiser, OpenedDispute } from './open-dispute.js';
export { shownRecordOf } from './shown-record.js';
export type { ShownRecord } from './shown-record.js';
export { decideDispute } from './decide-dispute.js';
export type { DecidedDispute } from './decide-dispute.js';
export { correctedEvent, kindsFor } from './correction.js';
export { changed, summaryOf } from './rescore.js';
export type { RescoredCall, ScoreSummary } from './rescore.js';
export { disputeQueue, disputesOnReferral, parseDisputeId, viewDispute } from './views.js';
export type { DisputeSummary, DisputeView, RecordView } from './views.js';

/**
 * store — the last layer: the service's store behind one interface, on a SQLite file by default
 * (zero set-up) or PostgreSQL for a county deployment, chosen by a connection URL. Versioned
 * migrations; county records loaded from an extract (never erased: corrections supersede);
 * staff accounts and sessions; the screening workflow's calls and scores; disputes of records and
 * their corrections (superseding, never erasing); family access codes and sessions (stored as
 * hashes); and the append-only, hash-chained audit log with its verifier.
 *
 * Place in the pipeline: after every other layer. Call-time scoring reads a referral's history
 * here as a small contract Extract (referralHistory) and scores it with the features and scoring
 * layers, the same code path as batch scoring. The server (server/) is the only writer besides
 * `sightline load`; every write that changes what a family's record says appends to the audit log
 * in the same transaction.
 */
export type { BulkColumn, BulkType, Db, Dialect, Sql, SqlValue } from './sql.js';
export { parseStoreUrl, redactUrl } from './url.js';
export type { StoreLocation } from './url.js';
export { openDb, openStore } from './open.js';
export { migrate, appliedMigrations, migrationChecksum, SCHEMA_VERSION } from './migrations.js';
export type { MigrationReport } from './migrations.js';
export { MIGRATIONS, renderMigration } from './schema-sql.js';
export type { Migration } from './schema-sql.js';
export {
  AUDIT_ACTIONS,
  GENESIS_HASH,
  appendAudit,
  auditEntriesOf,
  auditHash,
  auditHead,
  verifyAuditLog,
} from './audit-log.js';
export type {
  AuditAction,
  AuditInput,
  AuditProblem,
  AuditRow,
  AuditVerification,
} from './audit-log.js';
export { loadExtract } from './load.js';
export type { LoadOptions, LoadSummary } from './load.js';
export {
  storeColumnName,
  storeColumns,
  tableColumns,
  tableFromColumns,
} from './contract-columns.js';
export { referralHistory } from './history.js';
export { callWithHistory, type CallWithHistory } from './call-history.js';
export type { ReferralHistory } from './history.js';
export { rowsWithIds } from './in-list.js';
export {
  STAFF_ROLES,
  insertUser,
  userByName,
  userById,
  listUsers,
  recordLoginFailure,
  recordLoginSuccess,
  clearLoginFailures,
  setUserActive,
  endUserSessions,
  insertSession,
  sessionByHash,
  touchSession,
  endSession,
} from './users.js';
export type { LoginFailure, SessionRow, StaffRole, UserRow } from './users.js';
export {
  CALL_STATUSES,
  storedPersonIds,
  insertCall,
  referralExists,
  callById,
  membersOf,
  listCalls,
  updateCall,
  insertScore,
  scoreById,
  recordReferralDecision,
} from './calls.js';
export type {
  CallRow,
  CallStatus,
  CallUpdate,
  MemberRow,
  NewPersonRow,
  ScoreRow,
  ScoreValues,
} from './calls.js';
export { storeFirstScore } from './first-score.js';
export { storeFirstScoreAudited, type ScoreShownEntry } from './first-score-audited.js';
export { callTallies, statusCounts } from './tallies.js';
export {
  insertFamilyCode,
  familyCodeByHash,
  familyCodesOf,
  redeemFamilyCode,
  revokeFamilyCodes,
  insertFamilySession,
  familySessionByHash,
  touchFamilySession,
  endFamilySession,
  endFamilySessionsOf,
} from './family.js';
export type { FamilyCodeRow, FamilySessionRow } from './family.js';
export type { CallTally } from './tallies.js';
export {
  DISPUTE_GROUNDS,
  DISPUTE_STATUSES,
  insertDispute,
  disputeById,
  listDisputes,
  openDisputeOf,
  recordDisputeDecision,
  eventById,
  insertEvent,
  supersedeEvent,
  linksOf,
  supersedeLink,
  personRecords,
  scoredCallsNaming,
  supersedeScore,
  currentScore,
  disputeTallies,
} from './disputes.js';
export type {
  DisputeDecisionRow,
  DisputeGrounds,
  DisputeRow,
  DisputeStatus,
  DisputeTally,
  EventRow,
  LinkRow,
} from './disputes.js';

/** The audit log's integrity as administrators see it: the verification result and the head. */
import { verifyAuditLog, type AuditVerification } from '../../src/store/index.js';
import type { Deps } from '../context.js';

/** Verifies the whole chain now (takes about a second per million entries). */
export async function auditStatus(deps: Deps): Promise<AuditVerification & { checkedAt: string }> {
  const v = await verifyAuditLog(deps.db);
  return { ...v, checkedAt: new Date(deps.clock()).toISOString() };
}

import { auditLog, type Database, type Transaction } from '@townhall/db';
import type { AuditAction } from '@townhall/domain';


/** An admin action for the audit log, written inside the transaction that made the change. */
export type AdminAuditEntry = {
  actorId: number;
  action: AuditAction;
  subjectType: 'organization' | 'user' | 'invitation' | 'topic' | 'sla_settings' | 'board';
  subjectId: string | number;
  details?: Record<string, unknown>;
};

/** Writes one audit row in `tx`; only repositories call this. */
export async function writeAdminAudit(tx: Transaction | Database, entry: AdminAuditEntry): Promise<void> {
  await tx.insert(auditLog).values({
    actorId: entry.actorId,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: String(entry.subjectId),
    details: entry.details ?? {},
  });
}

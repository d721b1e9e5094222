/**
 * Every action the audit log records, grouped by what it is about. The database column is typed
 * with this list, so writing an action that is not here does not compile, and the audit page's
 * filter offers exactly these.
 */
export const auditActions = [
  'account.signed_up',
  'account.email_verified',
  'account.renamed',
  'account.password_changed',
  'account.password_reset',
  'organization.created',
  'organization.updated',
  'organization.domain_added',
  'organization.domain_removed',
  'person.role_changed',
  'person.organization_changed',
  'person.deactivated',
  'person.reactivated',
  'board.created',
  'board.updated',
  'invitation.created',
  'invitation.revoked',
  'staff.coverage_changed',
  'sla.settings_changed',
  'topic.status_changed',
  'topic.answer_accepted',
  'topic.answer_unaccepted',
  'topic.pinned',
  'topic.unpinned',
  'topic.locked',
  'topic.unlocked',
  'topic.hidden',
  'topic.unhidden',
  'topic.deleted',
  'topic.restored',
  'topic.moved',
  'topic.sla_taken',
  'topic.sla_released',
  'topic.sla_paused',
  'topic.sla_resumed',
  'topic.sla_marked_urgent',
  'post.edited',
  'post.hidden',
  'post.unhidden',
  'post.deleted',
  'post.restored',
  'flag.resolved',
  'release_note.created',
  'release_note.updated',
  'release_note.published',
  'releaseNote.linkDemands',
  'beta_program.created',
  'beta_program.updated',
  'beta_program.status_changed',
  'beta_application.submitted',
  'beta_application.withdrawn',
  'beta_application.accepted',
  'beta_application.waitlisted',
  'beta_application.declined',
  'beta_application.removed',
  'demand.create',
  'demand.edit',
  'demand.merge',
  'demand.unmerge',
  'demand.score',
  'demand.status',
  'demand.ship',
] as const;
export type AuditAction = (typeof auditActions)[number];

/**
 * Whom an audit filter's "actor" text names: `@ana` or `ana` is a handle, anything else with an
 * `@` an e-mail address. Both compare lower-cased.
 */
export function parseAuditActorFilter(text: string): { email: string } | { handle: string } | null {
  const value = text.trim().toLowerCase();
  if (value.startsWith('@')) return value.length > 1 ? { handle: value.slice(1) } : null;
  if (value.includes('@')) return { email: value };
  return value === '' ? null : { handle: value };
}

/** Whether `value` is an action the audit log records. */
export function isAuditAction(value: string): value is AuditAction {
  return (auditActions as readonly string[]).includes(value);
}

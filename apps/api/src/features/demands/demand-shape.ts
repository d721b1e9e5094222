import type { DemandSummary, TopicDemand } from '@townhall/contracts';
import { demandSize, demandVerdictLabel, type DemandVerdictLabel } from '@townhall/domain';
import type { DemandAskerRow, DemandRow } from './demands.repository.ts';

/** The verdict label of a stored demand: its scores and any override. */
export function verdictOf(row: DemandRow): DemandVerdictLabel | null {
  return demandVerdictLabel({
    scores: row.userValue !== null && row.businessValue !== null ? { userValue: row.userValue, businessValue: row.businessValue } : null,
    override: row.verdictOverride !== null && row.overrideReason !== null ? { verdict: row.verdictOverride, reason: row.overrideReason } : null,
  });
}

/** A demand as the list and chart show it, with its askers counted (and weighted) from its sources. */
export function toDemandSummary(row: DemandRow, askers: DemandAskerRow[], sourceCount: number, weighted: boolean): DemandSummary {
  const askerCount = demandSize({ askers, weighted: false });
  const weightedSize = demandSize({ askers, weighted: true });
  return {
    id: row.id,
    title: row.title,
    status: row.status,
    userValue: row.userValue,
    businessValue: row.businessValue,
    valueKinds: row.valueKinds,
    verdict: verdictOf(row),
    askerCount,
    organizationCount: new Set(askers.flatMap((asker) => (asker.organizationId === null ? [] : [asker.organizationId]))).size,
    weightedSize,
    size: weighted ? weightedSize : askerCount,
    sourceCount,
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * A question's demand as its reader sees it. Customers learn only that it is planned, shipped
 * (and where) or declined (and why); staff also see new and under-review demands and the link.
 */
export function toTopicDemand(row: DemandRow, shippedIn: { noteId: number; title: string; version: string | null } | null, readerIsStaff: boolean): TopicDemand | null {
  const base = { status: row.status, declineReason: row.status === 'declined' ? row.declineReason : null, shippedIn: row.status === 'shipped' ? shippedIn : null };
  if (readerIsStaff) return { id: row.id, title: row.title, ...base };
  return row.status === 'planned' || row.status === 'shipped' || row.status === 'declined' ? base : null;
}

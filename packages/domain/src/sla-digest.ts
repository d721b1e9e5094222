import { localDateOfEpochMs } from './business-calendar-spans.ts';
import type { CheckInWindowOccurrence } from './check-in-windows.ts';
import { organizationTiers, type OrganizationTier } from './organizations.ts';
import type { MemberRole } from './roles.ts';
import type { SlaState } from './sla-policy.ts';

/** One question with an open clock, as the digest needs it. */
export interface DigestItem {
  topicId: number;
  title: string;
  boardId: number;
  tier: OrganizationTier;
  dueAt: Date;
  /** The stored state; paused and stopped clocks are left out of digests. */
  state: SlaState;
  /** Staff who said "I'm on it"; null: everyone covering the board. */
  assigneeId: number | null;
  urgent: boolean;
}

/** A staff member with their coverage. */
export interface DigestStaffMember {
  id: number;
  role: MemberRole;
  boardIds: readonly number[];
  /** Local dates (YYYY-MM-DD, the workspace time zone) the person is off. */
  daysOff: readonly string[];
  backupId: number | null;
}

/** The three sections of one person's digest, most urgent first. */
export interface CheckInDigest {
  recipientId: number;
  breached: DigestItem[];
  dueThisWindow: DigestItem[];
  dueBeforeNextWindow: DigestItem[];
}

const tierRank = new Map<OrganizationTier, number>(organizationTiers.map((tier, index) => [tier, index]));

/** Urgent first, then the earliest deadline, then head before waist before tail. */
export function compareDigestItems(a: DigestItem, b: DigestItem): number {
  return (
    Number(b.urgent) - Number(a.urgent) ||
    a.dueAt.getTime() - b.dueAt.getTime() ||
    tierRank.get(a.tier)! - tierRank.get(b.tier)! ||
    a.topicId - b.topicId
  );
}

/** The roles that receive check-in digests (and count as covering a board). */
export const checkInDigestRoles = ['pm', 'ops'] as const satisfies readonly MemberRole[];
const digestRoles: ReadonlySet<MemberRole> = new Set<MemberRole>(checkInDigestRoles);

/**
 * Builds the digests for one check-in window: one per on-duty PM or ops member (on leave on the
 * window's local date: none). An item goes to its assignee, else to everyone covering its board;
 * when that person is on leave, to their backup (following the chain of backups past anyone also
 * on leave). Each digest lists what has breached by the time the window opens, what falls due
 * before it closes, and what falls due before the next window opens; items due later, paused or
 * stopped are left out. An item this routing gives to nobody on duty (no one covers its board, or
 * its assignee and everyone covering it are on leave with no backup on duty) goes to every on-duty
 * PM and ops member, so no question falls through; `unrouted` holds only what still reaches nobody
 * (nobody at all is on duty).
 */
export function buildCheckInDigest({
  window,
  nextWindow,
  timeZone,
  items,
  staff,
}: {
  window: CheckInWindowOccurrence;
  nextWindow: CheckInWindowOccurrence;
  timeZone: string;
  items: readonly DigestItem[];
  staff: readonly DigestStaffMember[];
}): { digests: CheckInDigest[]; unrouted: DigestItem[] } {
  const onDate = localDateOfEpochMs(window.opensAt.getTime(), timeZone).toString();
  const byId = new Map(staff.map((member) => [member.id, member]));
  const isOnDuty = (member: DigestStaffMember) => digestRoles.has(member.role) && !member.daysOff.includes(onDate);

  /** The person who stands in for `member` today: themselves, or the first backup on duty. */
  const standIn = (member: DigestStaffMember): DigestStaffMember | null => {
    const seen = new Set<number>();
    let current: DigestStaffMember | undefined = member;
    while (current && !seen.has(current.id)) {
      if (isOnDuty(current)) return current;
      seen.add(current.id);
      current = current.backupId === null ? undefined : byId.get(current.backupId);
    }
    return null;
  };

  const digests = new Map<number, CheckInDigest>();
  for (const member of staff) {
    if (isOnDuty(member)) digests.set(member.id, { recipientId: member.id, breached: [], dueThisWindow: [], dueBeforeNextWindow: [] });
  }

  const opensMs = window.opensAt.getTime();
  const closesMs = window.closesAt.getTime();
  const nextOpensMs = nextWindow.opensAt.getTime();
  const unrouted: DigestItem[] = [];
  for (const item of items) {
    if (item.state === 'paused' || item.state === 'met') continue;
    const dueMs = item.dueAt.getTime();
    const section: keyof Omit<CheckInDigest, 'recipientId'> | null =
      item.state === 'breached' || dueMs <= opensMs ? 'breached' : dueMs <= closesMs ? 'dueThisWindow' : dueMs <= nextOpensMs ? 'dueBeforeNextWindow' : null;
    if (section === null) continue;

    const owners = item.assigneeId !== null && byId.has(item.assigneeId)
      ? [byId.get(item.assigneeId)!]
      : staff.filter((member) => member.boardIds.includes(item.boardId));
    const recipients = new Set<number>();
    for (const owner of owners) {
      const recipient = standIn(owner);
      if (recipient) recipients.add(recipient.id);
    }
    const receivers = recipients.size > 0 ? [...recipients] : [...digests.keys()];
    if (receivers.length === 0) unrouted.push(item);
    for (const recipientId of receivers) digests.get(recipientId)![section].push(item);
  }

  for (const digest of digests.values()) {
    digest.breached.sort(compareDigestItems);
    digest.dueThisWindow.sort(compareDigestItems);
    digest.dueBeforeNextWindow.sort(compareDigestItems);
  }
  return { digests: [...digests.values()], unrouted: unrouted.sort(compareDigestItems) };
}

import type { Board, Me, Post, TopicSummary } from '@townhall/contracts';

type Role = Me['role'];
type Organization = NonNullable<Post['author']['organization']>;
type Tier = NonNullable<Organization['tier']>;
type LifecycleStage = NonNullable<Organization['lifecycleStage']>;

export const roleLabels: Record<Role, string> = { customer: 'Customer', ops: 'Ops', pm: 'PM', admin: 'Admin' };

export const tierLabels: Record<Tier, string> = { head: 'Head account', waist: 'Waist account', tail: 'Tail account' };

export const lifecycleStageLabels: Record<LifecycleStage, string> = {
  onboarding: 'Onboarding',
  adoption: 'Adoption',
  expansion: 'Expansion',
  renewal: 'Renewal',
  'churn-risk': 'Churn risk',
};

export const statusLabels: Record<TopicSummary['status'], string> = {
  open: 'Open',
  answered: 'Answered',
  solved: 'Solved',
  closed: 'Closed',
};

/** Why staff closed a question, as people read it. */
export const closeReasonLabels: Record<string, string> = {
  duplicate: 'Duplicate',
  'off-topic': 'Off-topic',
  'resolved-elsewhere': 'Resolved elsewhere',
  'no-response': 'No response',
};

export const boardKindLabels: Record<Board['kind'], string> = {
  release_notes: 'Release notes',
  beta: 'Beta programs',
  qa: 'Q&A',
};

/** A board's kind, worth showing beside its name only when the name does not already say it ("Q&A" is a Q&A board). */
export function boardKindNote(board: Pick<Board, 'kind' | 'name'>): string | null {
  const label = boardKindLabels[board.kind];
  return label.toLowerCase() === board.name.trim().toLowerCase() ? null : label;
}

// Fixed locale and time zone so the server-rendered text and the hydrated page agree.
const absoluteFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
const dateFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' });
const relativeFormat = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** "3 hours ago" within a month of `now`, else the date; `now` comes from load data. */
export function formatRelative(iso: string, now: number): string {
  const elapsed = now - Date.parse(iso);
  if (elapsed >= 30 * 86_400_000 || elapsed < -60_000) return dateFormat.format(new Date(iso));
  for (const [unit, size] of units) {
    if (elapsed >= size) return relativeFormat.format(-Math.floor(elapsed / size), unit);
  }
  return 'just now';
}

/** Full date and time in UTC, for tooltips. */
export function formatAbsolute(iso: string): string {
  return `${absoluteFormat.format(new Date(iso))} UTC`;
}

export function pluralize(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** A response clock's state, as staff read it. */
export const slaStateLabels: Record<'within' | 'due_soon' | 'breached' | 'met' | 'paused', string> = {
  within: 'Within SLA',
  due_soon: 'Due soon',
  breached: 'SLA breached',
  met: 'SLA met',
  paused: 'Waiting on customer',
};

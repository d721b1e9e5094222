import type { PageServerLoad } from './$types';
import { getPersonActivity, getPersonCard } from '$lib/server/api';
import { throwLoadError } from '$lib/server/load-errors';

/** The activity views a profile links to; anything else in the query shows everything. */
const activityKinds = ['topics', 'replies'] as const;
type ActivityView = 'all' | (typeof activityKinds)[number];

export const load: PageServerLoad = async (event) => {
  const id = Number(event.params.id);
  const requested = event.url.searchParams.get('kind');
  const kind: ActivityView = activityKinds.find((value) => value === requested) ?? 'all';
  const cursor = event.url.searchParams.get('cursor');
  const [card, activity] = await Promise.all([getPersonCard(event, id), getPersonActivity(event, id, { kind: kind === 'all' ? null : kind, cursor })]);
  if (!card.ok) throwLoadError(event, card);
  if (!activity.ok) throwLoadError(event, activity);
  return { person: card.data, activity: activity.data, kind, isFirstPage: !cursor, now: Date.now() };
};

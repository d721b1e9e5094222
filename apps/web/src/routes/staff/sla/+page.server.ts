import type { PageServerLoad } from './$types';
import { getSlaQueue, listBoards } from '$lib/server/api';
import { throwLoadError } from '$lib/server/load-errors';

const tiers = ['head', 'waist', 'tail'];

export const load: PageServerLoad = async (event) => {
  const search = event.url.searchParams;
  const filter = { board: search.get('board') || null, tier: tiers.includes(search.get('tier') ?? '') ? search.get('tier') : null };
  const [queue, boards] = await Promise.all([getSlaQueue(event, { ...filter, cursor: search.get('cursor') }), listBoards(event)]);
  if (!queue.ok) throwLoadError(event, queue);
  if (!boards.ok) throwLoadError(event, boards);
  return { queue: queue.data, filter, boards: boards.data.boards.filter((board) => board.kind === 'qa') };
};

import type { SlaMetricsParams } from './api';

const tiers = ['head', 'waist', 'tail'];

/** The metrics filters of a dashboard URL; empty and unknown values are left to the API's defaults. */
export function readSlaMetricsFilter(search: URLSearchParams): Required<SlaMetricsParams> {
  return {
    from: search.get('from') || null,
    to: search.get('to') || null,
    board: search.get('board') || null,
    tier: tiers.includes(search.get('tier') ?? '') ? search.get('tier') : null,
  };
}

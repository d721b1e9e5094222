import type { FastifyRequest } from 'fastify';

/**
 * One budget per person for "me too" votes and reactions, given or taken back. Each is cheap to
 * send and reaches everyone reading the topic as a live event, so a script toggling one in a
 * loop would flood their pages and the event log; people clicking never come near the limit.
 */
export const reactionRateLimit = (perMinute: number) => ({
  max: perMinute,
  timeWindow: '1 minute',
  // Four routes (vote, unvote, react, unreact), one counter.
  groupId: 'reactions',
  keyGenerator: (request: FastifyRequest) => `react:${request.viewer.user?.id ?? request.ip}`,
});

import type { FastifyRequest } from 'fastify';
import type { Database } from '@townhall/db';
import { isStaffRole } from '@townhall/domain';
import type { AccessResource } from '../../plugins/auth.ts';
import { AppError } from '../../errors.ts';
import { createBetaRepository } from './beta.repository.ts';

/**
 * Adds `isParticipant` to an access resource on a board for participants (a beta program's
 * feedback area): one query, only for signed-in non-staff, who otherwise may not read it.
 */
export function createParticipationResolver(db: Database) {
  const beta = createBetaRepository(db);
  return async function withParticipation<T extends AccessResource>(request: FastifyRequest, resource: T | null): Promise<T | null> {
    const { viewer } = request;
    if (!resource || resource.board.visibility !== 'participants' || !viewer.user || isStaffRole(viewer.role)) return resource;
    return { ...resource, isParticipant: await beta.isAcceptedParticipant(resource.board.id, viewer.user.id) };
  };
}

/** Refuses new topics and replies in the feedback area of a closed program: it stays readable, as it was. */
export function createFeedbackAreaGuard(db: Database) {
  const beta = createBetaRepository(db);
  return async (board: { id: number; visibility: string }) => {
    if (board.visibility !== 'participants') return;
    if ((await beta.feedbackAreaProgramStatus(board.id)) === 'closed') {
      throw new AppError('PROGRAM_CLOSED', 'This beta program is closed; its feedback area is read-only');
    }
  };
}

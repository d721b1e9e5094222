/** The three kinds of board the product knows. */
export const boardKinds = ['release_notes', 'beta', 'qa'] as const;
export type BoardKind = (typeof boardKinds)[number];

/**
 * `public`: guests read it; `members`: signed-in people only; `participants`: staff and the
 * people a feature admits (a beta program's accepted participants).
 */
export const boardVisibilities = ['public', 'members', 'participants'] as const;
export type BoardVisibility = (typeof boardVisibilities)[number];

export const topicStatuses = ['open', 'answered', 'solved', 'closed'] as const;
export type TopicStatus = (typeof topicStatuses)[number];

/**
 * What search finds, one row each in `search_documents`: a topic (its title and opening post: a
 * question, or a topic in a beta feedback area), a reply (an answer, a comment on a release note,
 * a reply in a feedback area), a release note, a beta program, a demand (staff only; it has no topic).
 */
export const searchDocumentKinds = ['topic', 'reply', 'release_note', 'beta_program', 'demand'] as const;
export type SearchDocumentKind = (typeof searchDocumentKinds)[number];

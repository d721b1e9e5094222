export * from './enums.ts';
export * from './organizations.ts';
export * from './users.ts';
export * from './boards.ts';
export * from './audit-log.ts';
export * from './engagement.ts';
export * from './release-notes.ts';
export * from './invitations.ts';

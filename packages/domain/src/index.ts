export * from './roles.ts';
export * from './organizations.ts';
export * from './boards.ts';
export * from './permissions.ts';
export * from './topic-cursor.ts';
export * from './credentials.ts';
export * from './topic-status.ts';

export * from './client.ts';
export * from './migrate.ts';
export * as schema from './schema/index.ts';
export * from './schema/index.ts';
export * from './order.ts';
export { statementName } from './prepared-statements.ts';
export { asyncCommitSetting } from './async-commit.ts';

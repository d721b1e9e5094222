export * from './errors.ts';
export * from './common.ts';
export * from './auth.ts';
export * from './boards.ts';
export * from './topics.ts';
export * from './health.ts';

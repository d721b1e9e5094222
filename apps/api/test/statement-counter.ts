import type { FastifyInstance } from 'fastify';
import { vi } from 'vitest';

/**
 * Counts the statements the app's drizzle client sends to the database from now until `stop()`:
 * calls of the pg pool's `query` on a server, of PGlite's `query` when embedded.
 */
export function countStatements(app: FastifyInstance) {
  const { driver } = app.dbConnection;
  const target = (driver.kind === 'server' ? driver.pool : driver.client) as unknown as { query: (...args: unknown[]) => unknown };
  const spy = vi.spyOn(target, 'query');
  const textOf = (statement: unknown) => (typeof statement === 'string' ? statement : String((statement as { text?: unknown }).text));
  return {
    texts: () => spy.mock.calls.map((call) => textOf(call[0]).replace(/\s+/g, ' ').trim()),
    stop: () => spy.mockRestore(),
  };
}

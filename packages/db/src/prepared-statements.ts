import { createHash } from 'node:crypto';
import pg from 'pg';

/** Statements with more parameters than this are bulk writes whose shape varies: not kept. */
const maxPreparedParameters = 100;

/** A stable name for a statement's text; pg refuses one name for two texts on a connection. */
export function statementName(text: string): string {
  return `th_${createHash('sha1').update(text).digest('base64url').slice(0, 20)}`;
}

/**
 * A pg client that prepares each parameterized statement once per connection, under a name
 * derived from its text, the way postgres.js does by default: later runs skip parsing and, once
 * PostgreSQL settles on a generic plan, planning. Statements without parameters (transaction
 * control, migrations, which may hold several commands) run as before.
 */
export class PreparingClient extends pg.Client {
  override query(config: unknown, values?: unknown, callback?: unknown): never {
    // drizzle passes { name: undefined, text, types } with the values apart.
    if (config !== null && typeof config === 'object' && !('submit' in config) && (config as { name?: unknown }).name === undefined) {
      const text = (config as { text?: unknown }).text;
      const parameters = Array.isArray(values) ? values : (config as { values?: unknown }).values;
      if (typeof text === 'string' && Array.isArray(parameters) && parameters.length > 0 && parameters.length <= maxPreparedParameters) {
        config = { ...config, name: statementName(text) };
      }
    }
    return (super.query as (...args: unknown[]) => never)(config, values, callback);
  }
}

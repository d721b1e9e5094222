import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from './database-unavailable.ts';

describe('isDatabaseUnavailable', () => {
  it.each([
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }), true],
    ['a server shutting down', Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }), true],
    ['a dropped connection', new Error('Connection terminated unexpectedly'), true],
    ['a pool timeout', new Error('timeout exceeded when trying to connect'), true],
    ['wrapped by drizzle', Object.assign(new Error('Failed query: select 1'), { cause: Object.assign(new Error('x'), { code: 'ECONNRESET' }) }), true],
    ['a unique violation', Object.assign(new Error('duplicate key'), { code: '23505' }), false],
    ['a bug', new TypeError('cannot read properties of undefined'), false],
    ['not an error', 'text', false],
  ])('%s → %s', (_name, error, expected) => {
    expect(isDatabaseUnavailable(error)).toBe(expected);
  });
});

import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase, type DatabaseConnection } from './client.ts';
import { statementName } from './prepared-statements.ts';

// Prepared statements are a pg-pool matter: on the PostgreSQL pass of the suite only.
const url = process.env.TEST_DATABASE_URL;

describe.skipIf(!url)('statements prepared by name', () => {
  let connection: DatabaseConnection;
  beforeAll(async () => {
    connection = await connectDatabase({ databaseUrl: url!, poolSize: 1 });
  });
  afterAll(() => connection?.close());

  const prepared = async () => {
    const result = await connection.db.execute<{ name: string; statement: string }>(sql`select name, statement from pg_prepared_statements where ${true}`);
    return (result as unknown as { rows: { name: string; statement: string }[] }).rows;
  };

  it('prepares a parameterized statement once per connection and reuses it', async () => {
    for (let i = 0; i < 3; i += 1) {
      const result = await connection.db.execute(sql`select ${i}::int + 1 as n`);
      expect((result as unknown as { rows: { n: number }[] }).rows[0]!.n).toBe(i + 1);
    }
    const statements = (await prepared()).filter((row) => row.statement.includes('::int + 1'));
    expect(statements).toEqual([{ name: statementName('select $1::int + 1 as n'), statement: 'select $1::int + 1 as n' }]);
  });

  it('leaves statements without parameters, and bulk ones, unprepared', async () => {
    await connection.db.execute(sql`select 42 as plain`);
    const many = Array.from({ length: 101 }, (_, i) => sql`${i}::int`);
    await connection.db.execute(sql`select ${sql.join(many, sql`, `)}`);
    const texts = (await prepared()).map((row) => row.statement);
    expect(texts.some((text) => text.includes('42 as plain'))).toBe(false);
    expect(texts.some((text) => text.includes('$101'))).toBe(false);
  });
});

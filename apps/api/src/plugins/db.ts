import fp from 'fastify-plugin';
import type { Database, DatabaseConnection } from '@townhall/db';

declare module 'fastify' {
  interface FastifyInstance {
    db: Database;
    dbConnection: DatabaseConnection;
  }
}

/** Shares the database with every feature and closes it when the app closes. */
export const dbPlugin = fp<{ connection: DatabaseConnection }>(
  async (app, { connection }) => {
    app.decorate('db', connection.db);
    app.decorate('dbConnection', connection);
    app.addHook('onClose', async () => {
      await connection.close();
    });
  },
  { name: 'db' },
);

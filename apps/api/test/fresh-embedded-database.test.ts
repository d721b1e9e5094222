import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boards, connectDatabase, migrateDatabase, users, type DatabaseConnection } from '@townhall/db';
import { createBoardsRepository } from '../src/features/boards/boards.repository.ts';
import { createNotificationsRepository } from '../src/features/notifications/notifications.repository.ts';

// The first start of a forum: PGlite opens an empty folder, then the migrations create the enum
// types. PGlite learns array types when it opens, so arrays of those enums must be sent as text
// arrays and cast in SQL. Other tests start from a migrated template and cannot see this.
let connection: DatabaseConnection;

beforeAll(async () => {
  connection = await connectDatabase({ dataDir: null });
  await migrateDatabase(connection);
});
afterAll(() => connection.close());

describe('an embedded database migrated after it opened', () => {
  it('writes a batch of notifications (an array of an enum)', async () => {
    const [person] = await connection.db
      .insert(users)
      .values({ email: 'first@start.test', displayName: 'First', passwordHash: 'x' })
      .returning({ id: users.id });
    const inserted = await createNotificationsRepository(connection.db).insert([
      { userId: person!.id, kind: 'mention', actorId: null, topicId: null, postId: null, title: 'One' },
      { userId: person!.id, kind: 'topic_reply', actorId: null, topicId: null, postId: null, title: 'Two' },
    ]);
    expect(inserted.map(({ kind, title }) => ({ kind, title }))).toEqual([
      { kind: 'mention', title: 'One' },
      { kind: 'topic_reply', title: 'Two' },
    ]);
  });

  it('lists the boards of some visibilities (an array of an enum)', async () => {
    await connection.db.insert(boards).values([
      { slug: 'open', name: 'Open', description: '', kind: 'qa', visibility: 'public', position: 1 },
      { slug: 'inside', name: 'Inside', description: '', kind: 'qa', visibility: 'members', position: 2 },
    ]);
    const listed = await createBoardsRepository(connection.db).listByVisibility(['public']);
    expect(listed.map((board) => board.slug)).toEqual(['open']);
  });
});

import { and, eq, gt, sql } from 'drizzle-orm';
import { uploads, type Database } from '@townhall/db';

export type NewUpload = { id: string; uploaderId: number; contentType: string; name: string | null; data: Uint8Array };

export function createUploadsRepository(db: Database) {
  return {
    /** Bytes `uploaderId` stored since `since` (their daily allowance), from the uploader's index. */
    async bytesSince(uploaderId: number, since: Date): Promise<number> {
      const [row] = await db
        .select({ total: sql<number>`coalesce(sum(${uploads.byteSize}), 0)::bigint` })
        .from(uploads)
        .where(and(eq(uploads.uploaderId, uploaderId), gt(uploads.createdAt, since)));
      return Number(row?.total ?? 0);
    },

    async insert(upload: NewUpload): Promise<void> {
      await db.insert(uploads).values({ ...upload, byteSize: upload.data.length });
    },

    /** An image to serve, if there is one with this id and kind. */
    async find(id: string, contentType: string): Promise<{ data: Uint8Array; name: string | null } | null> {
      const [row] = await db
        .select({ data: uploads.data, name: uploads.name })
        .from(uploads)
        .where(and(eq(uploads.id, id), eq(uploads.contentType, contentType)));
      return row ?? null;
    },
  };
}

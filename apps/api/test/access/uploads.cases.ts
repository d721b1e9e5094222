import { uploads } from '@townhall/db';
import type { AccessCaseFile } from './access-case.ts';

/** A 1×1 PNG. */
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const storedId = 'accessmatrixaccessmatrixaa';

export const uploadsCases: AccessCaseFile = {
  async setup(ctx) {
    await ctx.t.db.insert(uploads).values({ id: storedId, uploaderId: ctx.people.get('customer')!.id, contentType: 'image/png', byteSize: png.length, data: png });
  },
  cases: [
    {
      name: 'upload an image',
      method: 'POST',
      route: '/api/uploads',
      url: () => '/api/uploads?name=matrix.png',
      body: () => png,
      headers: { 'content-type': 'image/png' },
      access: { action: 'upload.create' },
      success: 201,
    },
    { name: 'an uploaded image', method: 'GET', route: '/api/uploads/{file}', url: () => `/api/uploads/${storedId}.png`, access: 'public', success: 200 },
  ],
};

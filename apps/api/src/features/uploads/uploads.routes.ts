import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { randomBytes } from 'node:crypto';
import { Type } from 'typebox';
import { ErrorBody, UploadFileParams, UploadQuery, UploadResult } from '@townhall/contracts';
import { imageMarkdown, imageTypes, sniffImageType, stripImageMetadata, type ImageType } from '@townhall/domain';
import { AppError } from '../../errors.ts';
import { createUploadsRepository } from './uploads.repository.ts';

export type UploadsRoutesOptions = {
  maxBytes: number;
  dailyBytesPerPerson: number;
  uploadsPerMinute: number;
};

const day = 24 * 60 * 60 * 1000;
const typeOfExtension = new Map(Object.entries(imageTypes).map(([type, extension]) => [extension, type as ImageType]));
const megabytes = (bytes: number) => `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;

/**
 * Images attached to posts: uploaded as the request's raw bytes (what a browser's `fetch` of a
 * File sends), kept only if their bytes are a PNG, JPEG, GIF or WebP (never SVG, which can carry
 * script), stored without their metadata, and served under an unguessable address.
 */
export const uploadsRoutes: FastifyPluginAsyncTypebox<UploadsRoutesOptions> = async (app, options) => {
  const repository = createUploadsRepository(app.db);
  // The body is read as bytes whatever image type the browser names; the bytes decide the kind.
  app.addContentTypeParser(
    [...Object.keys(imageTypes), 'application/octet-stream'],
    { parseAs: 'buffer', bodyLimit: options.maxBytes },
    (_request, body, done) => done(null, body),
  );

  app.post(
    '/uploads',
    {
      config: {
        access: { action: 'upload.create' },
        rateLimit: { max: options.uploadsPerMinute, timeWindow: '1 minute', keyGenerator: (request) => `upload:${request.viewer.user?.id ?? request.ip}` },
      },
      bodyLimit: options.maxBytes,
      schema: {
        tags: ['uploads'],
        summary: 'Upload an image (PNG, JPEG, GIF or WebP) as the raw body, to show in a post; its metadata is removed',
        querystring: UploadQuery,
        response: { 201: UploadResult, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 413: ErrorBody, 415: ErrorBody, 429: ErrorBody },
      },
    },
    async (request, reply) => {
      const body = request.body;
      if (!Buffer.isBuffer(body) || body.length === 0) {
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the image itself as the body, with its type (image/png, image/jpeg, image/gif or image/webp)');
      }
      const type = sniffImageType(body);
      if (!type) throw new AppError('UNSUPPORTED_IMAGE', 'This file is not a PNG, JPEG, GIF or WebP image');
      const stripped = stripImageMetadata(type, body);
      if (!stripped.ok) throw new AppError('UNSUPPORTED_IMAGE', `This image cannot be read: ${stripped.reason}`);
      const uploader = request.viewer.user!;
      const used = await repository.bytesSince(uploader.id, new Date(app.clock.now().getTime() - day));
      if (used + stripped.bytes.length > options.dailyBytesPerPerson) {
        throw new AppError('UPLOAD_QUOTA_EXCEEDED', `You have uploaded ${megabytes(used)} in the last 24 hours, and ${megabytes(options.dailyBytesPerPerson)} is the most; try again later`);
      }
      const id = encodeBase32LowerCaseNoPadding(randomBytes(16));
      const name = request.query.name?.trim() || null;
      await repository.insert({ id, uploaderId: uploader.id, contentType: type, name, data: stripped.bytes });
      const url = `/api/uploads/${id}.${imageTypes[type]}`;
      return reply.status(201).send({ id, url, markdown: imageMarkdown({ name, url }), contentType: type, byteSize: stripped.bytes.length });
    },
  );

  app.get(
    '/uploads/:file',
    {
      // Whoever has the address: it is only ever in the posts that show it (see README, Uploads).
      config: { access: 'public' },
      schema: {
        tags: ['uploads'],
        summary: 'An uploaded image',
        params: UploadFileParams,
        // Sent as the image's bytes (a Buffer is never serialized); the schema documents it.
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (request, reply) => {
      const [id, extension] = request.params.file.split('.') as [string, string];
      const type = typeOfExtension.get(extension as never)!;
      const found = await repository.find(id, type);
      if (!found) throw new AppError('NOT_FOUND', 'There is no such image');
      // Never changes: cached for a year. Opened on its own it is an image, never a document.
      return reply
        .header('content-type', type)
        .header('cache-control', 'public, max-age=31536000, immutable')
        .header('content-security-policy', "default-src 'none'; sandbox; frame-ancestors 'none'")
        .header('content-disposition', 'inline')
        .send(Buffer.from(found.data.buffer, found.data.byteOffset, found.data.byteLength));
    },
  );
};

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody, PreviewBody, PreviewResult } from '@townhall/contracts';
import { createMarkdownRenderer } from './markdown-renderer.ts';

export type PreviewRoutesOptions = { previewsPerMinute: number };

/** Renders Markdown exactly as the write path will, for the preview while writing. */
export const previewRoutes: FastifyPluginAsyncTypebox<PreviewRoutesOptions> = async (app, options) => {
  const markdown = createMarkdownRenderer(app.db);

  app.post(
    '/markdown/preview',
    {
      config: {
        access: { action: 'account.read' },
        rateLimit: { max: options.previewsPerMinute, timeWindow: '1 minute', keyGenerator: (request) => `preview:${request.viewer.user?.id ?? request.ip}` },
      },
      schema: {
        tags: ['posts'],
        summary: 'Preview Markdown as sanitized HTML (signed-in people)',
        body: PreviewBody,
        response: { 200: PreviewResult, 400: ErrorBody, 401: ErrorBody, 429: ErrorBody },
      },
    },
    async (request) => ({ html: await markdown.render(request.body.body) }),
  );
};

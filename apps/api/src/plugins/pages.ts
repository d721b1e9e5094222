import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FastifyInstance, FastifyPluginAsync, InjectOptions } from 'fastify';

/** The request handler adapter-node builds (`build/handler.js`), connect-style. */
export type PagesHandler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/**
 * Headers through which Fastify (the one place that knows about TLS and trusted proxies) tells
 * adapter-node the request's real protocol, host and client address. Set on every page request,
 * overwriting anything a client sent under these names.
 */
export const forwardedToPages = {
  protocol: 'x-townhall-proto',
  host: 'x-townhall-host',
  clientAddress: 'x-townhall-client',
} as const;

/**
 * adapter-node reads its settings from the environment when its handler module loads.
 * `uploadMaxBytes` is the largest image upload (UPLOAD_MAX_MB): images attached in a Markdown field
 * reach the API through the pages (POST /uploads, apps/web), so the pages take bodies a little
 * larger than that (adapter-node's own default, 512 KB, would refuse most screenshots), and a file
 * just over the limit still reaches the API, whose refusal names it. An operator's BODY_SIZE_LIMIT
 * is kept.
 */
export function configurePagesEnvironment(env: NodeJS.ProcessEnv = process.env, { uploadMaxBytes }: { uploadMaxBytes: number }): void {
  env.PROTOCOL_HEADER = forwardedToPages.protocol;
  env.HOST_HEADER = forwardedToPages.host;
  env.ADDRESS_HEADER = forwardedToPages.clientAddress;
  env.BODY_SIZE_LIMIT ??= String(Math.max(512 * 1024, uploadMaxBytes + 1024 * 1024));
}

/** How the pages reach the API in-process: the same instance, through `inject`. */
export const apiTransportKey = Symbol.for('townhall.api');

/**
 * Serves the SvelteKit pages for every path the API does not own, on the same port. Bodies are
 * left unread so SvelteKit parses its own form posts.
 */
export function pagesPlugin(handler: PagesHandler): FastifyPluginAsync {
  return async (pages) => {
    pages.removeAllContentTypeParsers();
    pages.addContentTypeParser('*', (_request, _payload, done) => done(null));
    pages.route({
      method: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
      url: '/*',
      handler: (request, reply) => {
        request.raw.headers[forwardedToPages.protocol] = request.protocol;
        request.raw.headers[forwardedToPages.host] = request.host;
        request.raw.headers[forwardedToPages.clientAddress] = request.ip;
        reply.hijack();
        // The hijacked reply skips Fastify's hooks: the same headers as the API, and SvelteKit adds
        // the page's nonce-based Content-Security-Policy (svelte.config.js).
        reply.raw.setHeader('x-content-type-options', 'nosniff');
        reply.raw.setHeader('referrer-policy', 'strict-origin-when-cross-origin');
        reply.raw.setHeader('x-frame-options', 'DENY');
        handler(request.raw, reply.raw, () => {
          reply.raw.statusCode = 404;
          reply.raw.end('Not found');
        });
      },
    });
  };
}

/**
 * The pages from Vite's dev server (`pnpm dev`): SvelteKit source with hot reload, its HMR
 * websocket on our own HTTP server. Vite is the web app's dependency, so it is resolved from there.
 */
export async function createDevPagesHandler(app: FastifyInstance, webRoot: string): Promise<PagesHandler> {
  const require = createRequire(join(webRoot, 'package.json'));
  const vite = (await import(pathToFileURL(require.resolve('vite')).href)) as typeof import('vite');
  // Vite resolves SSR dependencies (svelte/store…) from the working directory; in a pnpm
  // workspace only the web app's folder sees them. Paths the server needs are already absolute.
  process.chdir(webRoot);
  const server = await vite.createServer({
    root: webRoot,
    server: { middlewareMode: true, hmr: { server: app.server } },
    appType: 'custom',
  });
  app.addHook('onClose', () => server.close());
  return (req, res, next) => server.middlewares(req, res, next);
}

/**
 * What a page's API call gets once the server has begun to shut down: Fastify refuses `inject`
 * from then on, and answers requests that still arrive with 503. A page that was rendering does
 * the same, instead of failing with 500, so that the client or the load balancer tries again.
 */
export const shuttingDownResponse = {
  statusCode: 503,
  headers: { 'content-type': 'application/json; charset=utf-8', 'retry-after': '5' },
  body: JSON.stringify({ error: { code: 'SHUTTING_DOWN', message: 'The server is restarting; try again in a few seconds' } }),
};

/** Lets the SvelteKit server code call this API without a network hop. */
export function exposeApiToPages(app: FastifyInstance): void {
  (globalThis as Record<symbol, unknown>)[apiTransportKey] = {
    inject: async (request: InjectOptions) => {
      try {
        return await app.inject(request);
      } catch (error) {
        if ((error as { code?: unknown }).code === 'FST_ERR_REOPENED_CLOSE_SERVER') return shuttingDownResponse;
        throw error;
      }
    },
  };
}

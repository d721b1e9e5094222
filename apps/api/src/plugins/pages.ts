import type { IncomingMessage, ServerResponse } from 'node:http';
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

/** adapter-node reads its settings from the environment when its handler module loads. */
export function configurePagesEnvironment(env: NodeJS.ProcessEnv = process.env): void {
  env.PROTOCOL_HEADER = forwardedToPages.protocol;
  env.HOST_HEADER = forwardedToPages.host;
  env.ADDRESS_HEADER = forwardedToPages.clientAddress;
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
        handler(request.raw, reply.raw, () => {
          reply.raw.statusCode = 404;
          reply.raw.end('Not found');
        });
      },
    });
  };
}

/** Lets the SvelteKit server code call this API without a network hop. */
export function exposeApiToPages(app: FastifyInstance): void {
  (globalThis as Record<symbol, unknown>)[apiTransportKey] = {
    inject: (request: InjectOptions) => app.inject(request),
  };
}

import fp from 'fastify-plugin';
import { AppError } from '../errors.ts';
import { sessionCookieName } from '../features/auth/session-token.ts';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses state-changing API requests from other sites. Browsers send Sec-Fetch-Site (modern)
 * or at least Origin; a request with neither and without a session cookie is a non-browser API
 * client, which carries no ambient credentials to abuse.
 */
export const sameOriginPlugin = fp(
  async (app) => {
    app.addHook('onRequest', async (request) => {
      if (safeMethods.has(request.method) || !request.url.startsWith('/api/')) return;
      const fetchSite = request.headers['sec-fetch-site'];
      if (fetchSite !== undefined) {
        if (fetchSite !== 'same-origin') {
          throw new AppError('CROSS_ORIGIN_REJECTED', `Cross-site request refused (Sec-Fetch-Site: ${fetchSite})`);
        }
        return;
      }
      const origin = request.headers.origin;
      if (origin !== undefined) {
        let originHost: string | null = null;
        try {
          originHost = new URL(origin).host;
        } catch {
          originHost = null;
        }
        if (originHost === null || originHost !== request.host) {
          throw new AppError('CROSS_ORIGIN_REJECTED', 'Cross-origin request refused: Origin does not match this site');
        }
        return;
      }
      if (request.cookies[sessionCookieName] !== undefined) {
        throw new AppError('CROSS_ORIGIN_REJECTED', 'A request carrying a session cookie must say where it comes from (Origin)');
      }
    });
  },
  { name: 'same-origin' },
);

import { createServer, type IncomingMessage, type Server } from 'node:http';

export type ReceivedHit = { url: string; headers: IncomingMessage['headers']; body: string };

/**
 * A local HTTP server that records every request and answers as `state` says at that moment:
 * a chat service for the webhook tests, or an internal service a webhook must not reach.
 */
export async function startReceiver(initial: { status: number; answer: string; contentType: string }) {
  const hits: ReceivedHit[] = [];
  const state = { ...initial };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      hits.push({ url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(state.status, { 'content-type': state.contentType });
      response.end(state.answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { hits, state, port, base: `http://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

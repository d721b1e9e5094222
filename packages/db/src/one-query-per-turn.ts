import type { PGlite } from '@electric-sql/pglite';

/**
 * Makes PGlite run its queries (outside transactions) one per turn of the event loop, in the order
 * they were asked for. PGlite runs each query synchronously on the process's one thread and hands
 * its lock to the next waiting query within the same turn, so a steady queue of queries kept
 * Node from reading new connections: under 50 clients, the first request on a new connection
 * waited up to 6 s while the requests on open ones went on (the embedded benchmark's p99 of 2–4 s).
 * With a turn between queries, Node reads its sockets in between and requests are served in
 * the order they arrive.
 */
export function oneQueryPerTurn(client: PGlite): void {
  const query = client.query.bind(client);
  let previous: Promise<unknown> = Promise.resolve();
  client.query = ((...args: Parameters<typeof query>) => {
    const run = previous.then(() => new Promise((resolve) => setImmediate(resolve))).then(() => query(...args));
    // The next query waits for this one, whether it fails or not.
    previous = run.catch(() => undefined);
    return run;
  }) as typeof client.query;
}

import { connect, createServer, type Server, type Socket } from 'node:net';

export type CapturedStatement = { text: string; params: (string | null)[] };

/**
 * A TCP proxy in front of PostgreSQL that reads the client side of the wire protocol and records
 * every statement (simple queries, and Parse + Bind of the extended protocol, with their text
 * parameters) while capturing is on. The benchmark uses it to count the statements one request
 * runs and to replay exactly those in the minimal `pg` floor.
 */
export async function startSqlCaptureProxy(target: { host: string; port: number }) {
  let capturing: CapturedStatement[] | null = null;
  const sockets = new Set<Socket>();

  const server: Server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {});
    }
    upstream.pipe(client);
    let buffer = Buffer.alloc(0);
    let started = false;
    let pendingText: string | null = null;
    const named = new Map<string, string>();
    client.on('data', (chunk: Buffer) => {
      upstream.write(chunk);
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        if (!started) {
          if (buffer.length < 4) return;
          const length = buffer.readInt32BE(0);
          if (buffer.length < length) return;
          const code = buffer.readInt32BE(4);
          buffer = buffer.subarray(length);
          // An SSL or GSS request is answered before the real startup message follows.
          if (code !== 80877103 && code !== 80877104) started = true;
          continue;
        }
        if (buffer.length < 5) return;
        const type = String.fromCharCode(buffer[0]!);
        const length = buffer.readInt32BE(1);
        if (buffer.length < 1 + length) return;
        const body = buffer.subarray(5, 1 + length);
        buffer = buffer.subarray(1 + length);
        if (type === 'Q') {
          capturing?.push({ text: body.toString('utf8', 0, body.indexOf(0)), params: [] });
        } else if (type === 'P') {
          const nameEnd = body.indexOf(0);
          const textEnd = body.indexOf(0, nameEnd + 1);
          const text = body.toString('utf8', nameEnd + 1, textEnd);
          // A named statement is parsed once per connection and bound many times after.
          if (nameEnd > 0) named.set(body.toString('utf8', 0, nameEnd), text);
          pendingText = text;
        } else if (type === 'B') {
          const portalEnd = body.indexOf(0);
          const nameEnd = body.indexOf(0, portalEnd + 1);
          const name = body.toString('utf8', portalEnd + 1, nameEnd);
          const text = name === '' ? pendingText : (named.get(name) ?? null);
          if (text === null) continue;
          let at = nameEnd + 1;
          const formats = body.readInt16BE(at);
          at += 2 + formats * 2;
          const count = body.readInt16BE(at);
          at += 2;
          const params: (string | null)[] = [];
          for (let i = 0; i < count; i += 1) {
            const size = body.readInt32BE(at);
            at += 4;
            if (size === -1) params.push(null);
            else {
              params.push(body.toString('utf8', at, at + size));
              at += size;
            }
          }
          capturing?.push({ text, params });
          pendingText = null;
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    start() {
      capturing = [];
    },
    stop(): CapturedStatement[] {
      const captured = capturing ?? [];
      capturing = null;
      return captured;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

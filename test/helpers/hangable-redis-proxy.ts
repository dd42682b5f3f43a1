import net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface HangableRedisProxy {
  /** redis://127.0.0.1:<port> of the proxy. */
  url: string;
  /** From now on every connection, open or new, is accepted and never answered: a hung server, not a refused one. */
  hang(): void;
  close(): Promise<void>;
}

/**
 * A TCP relay in front of a real Redis that can stop answering without closing anything, the way a
 * stalled or partitioned server looks to a client (a stopped one refuses at once, which is another case).
 */
export async function startHangableRedisProxy(upstreamUrl: string): Promise<HangableRedisProxy> {
  const upstream = new URL(upstreamUrl);
  const sockets = new Set<net.Socket>();
  let hung = false;
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const server = net.createServer((client) => {
    track(client);
    // Bytes from a client are read and dropped while hung, so its writes never block or fail.
    if (hung) return void client.on('data', () => {});
    const server = net.connect(Number(upstream.port || 6379), upstream.hostname);
    track(server);
    client.on('data', (chunk) => {
      if (!hung) server.write(chunk);
    });
    server.on('data', (chunk) => {
      if (!hung) client.write(chunk);
    });
    client.on('close', () => server.destroy());
    server.on('close', () => {
      if (!hung) client.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `redis://127.0.0.1:${port}`,
    hang: () => {
      hung = true;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

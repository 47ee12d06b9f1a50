// A TCP proxy in front of a server (here: Postgres) that a test can freeze: while paused, bytes
// already sent wait in the proxy and new connections wait to be connected, the way a database
// behaves when its host stalls (I/O freeze, failover, a long lock): nobody gets an error, every
// query just waits. Resuming delivers everything in order.
import net from 'node:net';

export interface PausableProxy {
  port: number;
  /** The URL with its host and port replaced by the proxy's. */
  urlFor(url: string): string;
  pause(): void;
  resume(): void;
  close(): Promise<void>;
}

export async function startPausableProxy(targetHost: string, targetPort: number): Promise<PausableProxy> {
  let paused = false;
  const waiting: (() => void)[] = [];
  const sockets = new Set<net.Socket>();
  const whenRunning = (go: () => void) => (paused ? waiting.push(go) : go());

  const server = net.createServer((client) => {
    sockets.add(client);
    client.pause();
    whenRunning(() => {
      const upstream = net.connect(targetPort, targetHost);
      sockets.add(upstream);
      const forward = (from: net.Socket, to: net.Socket) => {
        from.on('data', (chunk: Buffer) => {
          if (!paused) return void to.write(chunk);
          from.pause();
          waiting.push(() => {
            to.write(chunk);
            from.resume();
          });
        });
        from.on('end', () => to.end());
        from.on('error', () => to.destroy());
        from.on('close', () => {
          sockets.delete(from);
          to.destroy();
        });
      };
      forward(client, upstream);
      forward(upstream, client);
      client.resume();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    urlFor(url) {
      const parsed = new URL(url);
      parsed.hostname = '127.0.0.1';
      parsed.port = String(port);
      return parsed.toString();
    },
    pause() {
      paused = true;
    },
    resume() {
      paused = false;
      for (const go of waiting.splice(0)) go();
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// A TCP port forwarder: lets containers on a podman bridge reach a server the test runs on
// this namespace's loopback (the bridge's own address is the host as they see it).
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface TcpForwarder {
  close(): Promise<void>;
}

export async function forwardTcp(
  listen: { host: string; port: number },
  to: { host: string; port: number },
): Promise<TcpForwarder> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((incoming) => {
    const outgoing = connect(to.port, to.host);
    for (const socket of [incoming, outgoing]) {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
      socket.once('error', () => {
        incoming.destroy();
        outgoing.destroy();
      });
    }
    incoming.pipe(outgoing).pipe(incoming);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, resolve);
  });
  return {
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

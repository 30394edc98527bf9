/**
 * Endpoints that accept connections and then go quiet, the way a black-holed proxy or a hung
 * server does: 'no-answer' never writes a byte; 'stalled-body' sends a 200's headers and the
 * start of its body, then nothing. Counts the connections still open, to show the client let go.
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export type Silence = 'no-answer' | 'stalled-body';

export interface SilentEndpoint {
  endpoint: string;
  /** Connections accepted so far. */
  accepted(): number;
  /** Connections the client has not closed yet. */
  open(): number;
  close(): Promise<void>;
}

export async function startSilentEndpoint(silence: Silence): Promise<SilentEndpoint> {
  const sockets = new Set<net.Socket>();
  let accepted = 0;
  const server = net.createServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    socket.resume(); // reads (and ignores) the request, so a client's close is seen
    if (silence === 'stalled-body') {
      socket.once('data', () =>
        socket.write('HTTP/1.1 200 OK\r\ncontent-type: text/xml\r\ncontent-length: 4096\r\n\r\n<GetCallerIdentityResponse'),
      );
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    accepted: () => accepted,
    open: () => sockets.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Serves fixed files on another origin than the Faultline server (so CORS is exercised). */
export async function serveFiles(files: Record<string, { type: string; body: string }>) {
  const server = createServer((req, res) => {
    const file = files[new URL(req.url ?? '/', 'http://x').pathname];
    if (!file) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': file.type }).end(file.body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}

import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  json: Record<string, any>;
}

/**
 * A real HTTP receiver for alert tests: records every request; `answer` decides the status (and
 * headers) of each, `hang` keeps requests waiting until the sender gives up.
 */
export async function startReceiver() {
  const received: Received[] = [];
  const state = {
    answer: (): { status: number; headers?: Record<string, string> } => ({ status: 200 }),
    hang: false,
    /** requests left unanswered while `hang` was on */
    hung: 0,
  };
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      if (state.hang) {
        state.hung++;
        return; // never answers
      }
      let json: Record<string, any> = {};
      try {
        json = JSON.parse(body) as Record<string, any>;
      } catch {
        // not JSON: kept as text
      }
      const { status, headers } = state.answer();
      // a 2xx is a message that arrived; a refusal is not counted as received
      if (status >= 200 && status < 300) received.push({ headers: req.headers, body, json });
      res.writeHead(status, headers).end(status < 300 ? 'ok' : 'nope');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return {
    url,
    received,
    state,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

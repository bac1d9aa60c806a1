// A steady stream of SDK-like clients for fault tests: each sends one event at a time over kept-alive
// connections and retries it with the same event_id until the server acknowledges it, as SDKs do.

export interface Answer {
  /** HTTP status, or 0 when the connection failed */
  status: number;
  startedAt: number;
  ms: number;
}

export interface Load {
  /** event ids the server answered 200 for */
  acked: Set<string>;
  /** every event id sent at least once */
  sent: Set<string>;
  answers: Answer[];
  /**
   * Stops the clients. With `finish`, each first retries its current event until it is acknowledged
   * (or `finishMs` passes), so that every id sent ends up acknowledged.
   */
  stop(options?: { finish?: boolean; finishMs?: number }): Promise<void>;
}

const hex32 = () => crypto.randomUUID().replace(/-/g, '');

export function startLoad(url: string, projectId: number, key: string, clients = 8): Load {
  const acked = new Set<string>();
  const sent = new Set<string>();
  const answers: Answer[] = [];
  let running = true;
  let finishing = false;
  let finishBy = Infinity;

  const send = async (id: string, n: number): Promise<number> => {
    const startedAt = performance.now();
    let status = 0;
    try {
      const res = await fetch(`${url}/api/${projectId}/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-faultline-key': key },
        body: JSON.stringify({
          event_id: id,
          exception: {
            values: [
              {
                type: 'TimeoutError',
                value: `checkout ${n % 3} timed out`,
                stack: `TimeoutError: x\n    at charge${n % 3} (/app/src/pay.js:1:1)`,
              },
            ],
          },
          release: '1.0.0',
        }),
        signal: AbortSignal.timeout(20_000),
      });
      status = res.status;
      await res.arrayBuffer();
    } catch {
      status = 0;
    }
    answers.push({ status, startedAt, ms: performance.now() - startedAt });
    return status;
  };

  const loops = Array.from({ length: clients }, async (_, c) => {
    for (let n = c; running; n += clients) {
      const id = hex32();
      sent.add(id);
      for (;;) {
        if (!running && (!finishing || performance.now() > finishBy)) return;
        const status = await send(id, n);
        if (status === 200) {
          acked.add(id);
          break;
        }
        await new Promise((r) => setTimeout(r, status === 0 ? 100 : 25));
      }
    }
  });

  return {
    acked,
    sent,
    answers,
    async stop({ finish = false, finishMs = 15_000 } = {}) {
      finishing = finish;
      finishBy = performance.now() + finishMs;
      running = false;
      await Promise.all(loops);
    },
  };
}

/** Sums issue counts and checks which of `ids` are stored, through the API as a user would. */
export async function storedEvents(
  url: string,
  projectId: number,
  token: string,
  ids: Iterable<string>,
): Promise<{ stored: Set<string>; counted: number }> {
  const auth = { authorization: `Bearer ${token}` };
  const list = (await (
    await fetch(`${url}/api/projects/${projectId}/issues?status=all&limit=100`, { headers: auth })
  ).json()) as { issues: Array<{ count: number }> };
  const counted = list.issues.reduce((n, i) => n + i.count, 0);
  const stored = new Set<string>();
  const all = [...ids];
  for (let i = 0; i < all.length; i += 25) {
    await Promise.all(
      all.slice(i, i + 25).map(async (id) => {
        const res = await fetch(`${url}/api/projects/${projectId}/events/${id}`, { headers: auth });
        await res.arrayBuffer();
        if (res.status === 200) stored.add(id);
      }),
    );
  }
  return { stored, counted };
}

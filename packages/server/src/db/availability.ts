import { sql } from 'drizzle-orm';
import { isUnavailable } from './errors.js';
import { withTimeout } from './timeout.js';
import type { Db } from './types.js';

const PROBE_EVERY_MS = 250;
const PROBE_TIMEOUT_MS = 1000;

/**
 * Whether the database is reachable, as last seen: a circuit breaker. While it is down, ingest
 * answers 503 at once instead of queueing work behind a connection that is not coming (and
 * /healthz says so within its second); a probe runs `select 1` every 250 ms and closes the breaker
 * on the first answer, so recovery takes well under the 5 s an operator would notice. Nothing runs
 * while the database is up.
 */
export function createAvailability(db: Db, log: (message: string) => void = console.error) {
  let up = true;
  let probe: NodeJS.Timeout | null = null;
  let probing = false;

  const check = async () => {
    if (probing) return;
    probing = true;
    try {
      await withTimeout(db.execute(sql`select 1`), PROBE_TIMEOUT_MS, () => new Error('probe timed out'));
      up = true;
      clearInterval(probe!);
      probe = null;
      log('faultline: the database answers again');
    } catch {
      // still down
    } finally {
      probing = false;
    }
  };

  return {
    get up() {
      return up;
    },
    /** Opens the breaker when `err` says the database is away (a timeout counts: it is as good as away). */
    noteFailure(err: unknown, timedOut = false): void {
      if (!up || (!timedOut && !isUnavailable(err))) return;
      up = false;
      log(
        `faultline: the database is unavailable (${(err as Error)?.message ?? err}); answering 503 until it is back`,
      );
      probe = setInterval(() => void check(), PROBE_EVERY_MS);
      probe.unref();
    },
    stop(): void {
      if (probe) clearInterval(probe);
      probe = null;
    },
  };
}

export type Availability = ReturnType<typeof createAvailability>;

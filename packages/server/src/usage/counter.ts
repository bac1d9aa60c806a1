import { sql } from 'drizzle-orm';
import type { Db } from '../db/types.js';

export type UsageKind = 'accepted' | 'rate_limited' | 'dropped';

const FLUSH_EVERY_MS = 10_000;
const HOUR_MS = 3_600_000;

/**
 * Counts what ingest accepted and turned away, per project and hour, in memory, and adds it to
 * usage_hourly every 10 s in one statement: counting a refusal must not cost a write of its own.
 * Several processes each add their share, so the table's sums are exact.
 */
export function createUsageCounter(db: Db, now: () => Date) {
  let pending = new Map<
    string,
    { projectId: number; keyId: number; hour: Date; accepted: number; rate_limited: number; dropped: number }
  >();
  let timer: NodeJS.Timeout | null = null;

  async function flush(): Promise<void> {
    if (!pending.size) return;
    const rows = [...pending.values()];
    pending = new Map();
    try {
      await db.execute(sql`
        insert into usage_hourly (project_id, key_id, hour, accepted, rate_limited, dropped)
        select * from json_to_recordset(${JSON.stringify(rows.map((r) => ({ ...r, hour: r.hour.toISOString() })))}::json)
          as r("projectId" int, "keyId" int, hour timestamptz, accepted bigint, rate_limited bigint, dropped bigint)
        on conflict (project_id, hour, key_id) do update set
          accepted = usage_hourly.accepted + excluded.accepted,
          rate_limited = usage_hourly.rate_limited + excluded.rate_limited,
          dropped = usage_hourly.dropped + excluded.dropped`);
    } catch {
      // the database is away: keep the counts for the next flush
      for (const r of rows) add(r.projectId, r.keyId, r, r.hour);
    }
  }

  function add(
    projectId: number,
    keyId: number,
    counts: Partial<Record<UsageKind, number>>,
    at = now(),
  ): void {
    const hour = new Date(Math.floor(at.getTime() / HOUR_MS) * HOUR_MS);
    const key = `${projectId}:${keyId}:${hour.getTime()}`;
    let row = pending.get(key);
    if (!row) pending.set(key, (row = { projectId, keyId, hour, accepted: 0, rate_limited: 0, dropped: 0 }));
    row.accepted += counts.accepted ?? 0;
    row.rate_limited += counts.rate_limited ?? 0;
    row.dropped += counts.dropped ?? 0;
    if (!timer) {
      timer = setTimeout(() => {
        timer = null;
        void flush();
      }, FLUSH_EVERY_MS);
      timer.unref();
    }
  }

  return {
    /** `keyId`: the public key the events came with (0 when not known) */
    count: (projectId: number, kind: UsageKind, n = 1, keyId = 0) => {
      if (n > 0) add(projectId, keyId, { [kind]: n });
    },
    flush,
  };
}

export type UsageCounter = ReturnType<typeof createUsageCounter>;

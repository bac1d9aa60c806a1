import type { Config } from '../config.js';
import type { Availability } from '../db/availability.js';
import type { Db } from '../db/types.js';
import type { BatchWriter } from '../writer/batch-writer.js';
import type { Principal } from '../auth/principal.js';
import type { Metrics } from './metrics.js';

/** What every route gets: built once in createApp, never global. */
export interface Deps {
  db: Db;
  config: Config;
  writer: BatchWriter;
  metrics: Metrics;
  /** whether the database is reachable (a circuit breaker; see db/availability.ts) */
  availability: Availability;
}

export type Env = {
  Variables: {
    principal: Principal | null | undefined;
    /** on ingest: the project whose key was admitted (what it is refused from here on is counted as dropped) */
    ingestProject: { projectId: number; keyId: number } | undefined;
  };
};

import type { Config } from '../config.js';
import type { Db } from '../db/types.js';
import type { BatchWriter } from '../writer/batch-writer.js';
import type { Principal } from '../auth/principal.js';

/** What every route gets: built once in createApp, never global. */
export interface Deps {
  db: Db;
  config: Config;
  writer: BatchWriter;
}

export type Env = { Variables: { principal: Principal | null | undefined } };

export function findPostgresBin(): string | null;
export function startPostgres(options?: { durable?: boolean }): Promise<{
  url: string;
  port: number;
  stop(): void;
  /** stops the server (pg_ctl stop -m fast), keeping its data */
  pause(): void;
  /** starts it again on the same port and waits until it answers */
  resume(): Promise<void>;
} | null>;

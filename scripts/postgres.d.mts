export function findPostgresBin(): string | null;
export function startPostgres(options?: {
  durable?: boolean;
}): Promise<{ url: string; port: number; stop(): void } | null>;

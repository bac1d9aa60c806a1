export function findPostgresBin(): string | null;
export function startPostgres(): Promise<{ url: string; port: number; stop(): void } | null>;

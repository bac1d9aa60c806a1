// Counters for /metrics (Prometheus text format), kept per process.
export function createMetrics() {
  const counters = new Map<string, number>();
  const key = (name: string, labels?: Record<string, string>) =>
    labels
      ? `${name}{${Object.entries(labels)
          .map(([k, v]) => `${k}="${v.replace(/["\\\n]/g, '_')}"`)
          .join(',')}}`
      : name;
  return {
    inc(name: string, labels?: Record<string, string>, by = 1): void {
      const k = key(name, labels);
      counters.set(k, (counters.get(k) ?? 0) + by);
    },
    lines(): string[] {
      return [...counters].sort().map(([k, v]) => `${k} ${v}`);
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

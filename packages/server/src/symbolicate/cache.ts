import { SourceMapConsumer, type RawSourceMap } from 'source-map';

export interface Parsed {
  consumer: SourceMapConsumer;
  /** original sources as lines, by source name (from sourcesContent) */
  lines: Map<string, string[]>;
  weight: number;
}

/**
 * Parsed source maps by id, least recently used first out, bounded by the size of the maps (their
 * parsed form takes a few times that). A map is parsed once, not per event; evicted consumers are
 * destroyed (source-map keeps their mappings in WebAssembly memory).
 */
export function createConsumerCache(maxBytes: number) {
  const entries = new Map<number, Promise<Parsed>>();
  const weights = new Map<number, number>();
  let total = 0;

  const evict = () => {
    for (const [id, entry] of entries) {
      if (total <= maxBytes || entries.size <= 1) break;
      entries.delete(id);
      total -= weights.get(id) ?? 0;
      weights.delete(id);
      void entry.then((p) => p.consumer.destroy()).catch(() => {});
    }
  };

  return {
    async get(id: number, load: () => Promise<string>): Promise<Parsed> {
      const hit = entries.get(id);
      if (hit) {
        entries.delete(id);
        entries.set(id, hit); // most recently used last
        return hit;
      }
      const parsing = (async () => {
        const text = await load();
        const raw = JSON.parse(text) as RawSourceMap;
        const consumer = await new SourceMapConsumer(raw);
        const lines = new Map<string, string[]>();
        consumer.sources.forEach((source) => {
          const content = consumer.sourceContentFor(source, true);
          if (content) lines.set(source, content.split(/\r?\n/));
        });
        return { consumer, lines, weight: text.length };
      })();
      entries.set(id, parsing);
      parsing.then(
        (p) => {
          weights.set(id, p.weight);
          total += p.weight;
          evict();
        },
        () => entries.delete(id),
      );
      return parsing;
    },
    get size() {
      return entries.size;
    },
  };
}

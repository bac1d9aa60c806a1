import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { events } from '../db/schema.js';
import { startTestServer, type TestServer } from '../testing/index.js';
import { pairwiseScore } from './score.js';

// 766 real events of 18 labelled bugs (../shared/fixtures/grouping-dev): src, minified (no source maps),
// browser-URL and Firefox/Safari builds of three releases. Sent through the real ingest path.
const fixture = readFileSync(new URL('./fixtures/grouping-dev.jsonl', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .map(
    (line) =>
      JSON.parse(line) as Record<string, unknown> & { event_id: string; label_id: string; timestamp: string },
  );

let s: TestServer;
beforeAll(async () => {
  // the fixture's own dates are the clock, so no timestamp is clamped
  s = await startTestServer({ now: () => new Date('2026-11-25T00:00:00Z') });
});
afterAll(() => s.close());

describe('grouping on the labelled fixture', () => {
  it('groups every label into one issue and no two labels together', async () => {
    for (let i = 0; i < fixture.length; i += 100) {
      const res = await s.ingest({ events: fixture.slice(i, i + 100) });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { rejected: unknown[] }).rejected).toEqual([]);
    }
    const rows = await s.database.db
      .select({ eventId: events.eventId, issueId: events.issueId })
      .from(events)
      .where(eq(events.projectId, s.projectId));
    const issueOf = new Map(rows.map((r) => [r.eventId, r.issueId]));
    const score = pairwiseScore(
      fixture.map((e) => ({ label: e.label_id, fingerprint: String(issueOf.get(e.event_id)) })),
    );
    console.log(
      `grouping-dev: precision ${score.precision.toFixed(4)}, recall ${score.recall.toFixed(4)}, F1 ${score.f1.toFixed(4)}, ` +
        `${score.issues} issues for ${score.labels} labels`,
    );
    expect(rows).toHaveLength(fixture.length);
    expect(score.precision).toBeGreaterThanOrEqual(0.99);
    expect(score.recall).toBeGreaterThanOrEqual(0.95);
  });
});

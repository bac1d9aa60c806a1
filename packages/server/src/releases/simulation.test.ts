import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/index.js';
import { eventFor, gaussian, poisson, RECURRING, rng, type Bug } from './simulation.js';

// Deploy health on a simulated timeline: the server's clock is injected and moved minute by minute.
const MINUTE = 60_000;
let clock = new Date('2026-11-20T00:00:00.000Z');
let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ now: () => clock });
});
afterAll(() => s.close());

interface Health {
  verdict: string;
  reason: string;
  new_issues: Array<{ id: number }>;
  regressed_issues: Array<{ id: number; title: string }>;
}

const random = rng(2026);
let release = 'shop@1.0.0';
const extraBugs: Bug[] = [];

/** `minutes` of traffic from the clock on: ~300 requests a minute (noisy: ×e^N(0,0.3)), events sent in batches. */
async function traffic(minutes: number, noisy = true) {
  let batch: object[] = [];
  const flush = async () => {
    for (let i = 0; i < batch.length; i += 100) {
      const res = await s.ingest({ events: batch.slice(i, i + 100) });
      expect(res.status).toBe(200);
    }
    batch = [];
  };
  for (let m = 0; m < minutes; m++) {
    const requests = 300 * (noisy ? Math.exp(0.3 * gaussian(random)) : 1);
    for (const bug of [...RECURRING, ...extraBugs]) {
      for (let i = poisson(random, requests * bug.rate); i > 0; i--) {
        batch.push(eventFor(bug, new Date(clock.getTime() + random() * MINUTE), release, random));
      }
    }
    clock = new Date(clock.getTime() + MINUTE);
    if (batch.length >= 100 || m === minutes - 1) await flush();
  }
}

async function deploy(version: string): Promise<number> {
  release = version;
  const res = await s.api(`/api/projects/${s.projectId}/deploys`, {
    method: 'POST',
    body: JSON.stringify({
      release: version,
      environment: 'production',
      revision: `rev-${version}`,
      deployer: 'ci',
    }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: number }).id;
}

const health = async (id: number) =>
  (await (await s.api(`/api/projects/${s.projectId}/deploys/${id}/health`)).json()) as Health;

describe('deploy health on a simulated timeline', () => {
  it('steady traffic and a clean deploy: pending at first, then healthy', async () => {
    await traffic(90, false);
    const id = await deploy('shop@1.1.0');
    await traffic(5, false);
    expect((await health(id)).verdict).toBe('pending');
    await traffic(15, false);
    const h = await health(id);
    expect(h.verdict, h.reason).toBe('healthy');
  });

  it('a deploy that adds an error at 5% of requests is bad within 10 minutes, and is its suspect deploy', async () => {
    await traffic(60);
    const id = await deploy('shop@1.2.0');
    const broken: Bug = {
      type: 'CheckoutError',
      message: (n) => `Coupon ${n} could not be applied`,
      fn: 'applyCoupon',
      rate: 0.05,
    };
    extraBugs.push(broken);
    let badAfter = -1;
    for (let m = 1; m <= 10 && badAfter < 0; m++) {
      await traffic(1);
      if ((await health(id)).verdict === 'bad') badAfter = m;
    }
    extraBugs.pop();
    expect(badAfter).toBeGreaterThan(0);
    const h = await health(id);
    expect(h.new_issues).toHaveLength(1);
    const issue = (await (
      await s.api(`/api/projects/${s.projectId}/issues/${h.new_issues[0]!.id}`)
    ).json()) as {
      title: string;
      suspect_deploy: { id: number; revision: string; deployer: string };
      first_release: string;
    };
    expect(issue.suspect_deploy).toMatchObject({ id, revision: 'rev-shop@1.2.0', deployer: 'ci' });
    expect(issue.first_release).toBe('shop@1.2.0');
  });

  it('a resolved issue that comes back after a deploy is regressed, and the deploy suspect', async () => {
    await deploy('shop@1.2.1'); // the rollback
    const rare: Bug = {
      type: 'LedgerError',
      message: (n) => `Ledger ${n} out of balance`,
      fn: 'closeLedger',
      rate: 0.001,
    };
    extraBugs.push(rare);
    await traffic(30);
    extraBugs.pop();
    const { issues } = (await (await s.api(`/api/projects/${s.projectId}/issues?query=Ledger`)).json()) as {
      issues: Array<{ id: number }>;
    };
    const ledger = issues[0]!.id;
    await s.api(`/api/projects/${s.projectId}/issues/${ledger}`, {
      method: 'PATCH',
      body: JSON.stringify({ status: 'resolved' }),
    });
    await traffic(60);
    const id = await deploy('shop@1.3.0');
    extraBugs.push(rare);
    await traffic(20);
    extraBugs.pop();
    const h = await health(id);
    expect(h.verdict, h.reason).toBe('suspect');
    expect(h.regressed_issues.map((i) => i.id)).toEqual([ledger]);
    const detail = (await (await s.api(`/api/projects/${s.projectId}/issues/${ledger}`)).json()) as {
      status: string;
      substatus: string;
      suspect_deploy: { id: number };
      history: Array<{ kind: string; release: string | null }>;
    };
    expect(detail).toMatchObject({ status: 'unresolved', substatus: 'regressed', suspect_deploy: { id } });
    expect(detail.history.map((e) => e.kind)).toEqual(['first_seen', 'resolved', 'regressed']);
    expect(detail.history[2]!.release).toBe('shop@1.3.0');
  });

  it('100 clean deploys on noisy traffic give at most 1 false "bad"; 20 bad ones are all caught', async () => {
    const stats = {
      clean: 0,
      falseBad: 0,
      falseSuspect: 0,
      bad: 0,
      caught: 0,
      minutesToDetect: [] as number[],
    };
    for (let d = 0; d < 120; d++) {
      const isBad = d % 6 === 5;
      const id = await deploy(`shop@2.${d}.0`);
      if (isBad)
        extraBugs.push({
          type: `Deploy${d}Error`,
          message: (n) => `Broken in ${d}: ${n}`,
          fn: `feature${d}`,
          rate: 0.05,
        });
      // health is asked each minute for the first 10 after a bad deploy, and at 5, 10, 20 and 39 after a clean one
      const checkpoints = isBad ? [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 20, 39] : [5, 10, 20, 39];
      const verdicts: string[] = [];
      let detectedAt = -1;
      let minute = 0;
      for (const at of checkpoints) {
        await traffic(at - minute);
        minute = at;
        const v = (await health(id)).verdict;
        verdicts.push(v);
        if (v === 'bad' && detectedAt < 0) detectedAt = at;
      }
      await traffic(40 - minute);
      if (isBad) {
        extraBugs.pop();
        stats.bad++;
        if (detectedAt > 0) {
          stats.caught++;
          stats.minutesToDetect.push(detectedAt);
        }
      } else {
        stats.clean++;
        if (verdicts.includes('bad')) stats.falseBad++;
        if (verdicts.includes('suspect')) stats.falseSuspect++;
      }
    }
    const mean = stats.minutesToDetect.reduce((a, b) => a + b, 0) / Math.max(1, stats.minutesToDetect.length);
    console.log(
      `deploy health simulation: ${stats.caught}/${stats.bad} bad deploys detected (mean ${mean.toFixed(1)} min, max ${Math.max(...stats.minutesToDetect)} min); ` +
        `false "bad" on ${stats.falseBad}/${stats.clean} clean deploys, "suspect" on ${stats.falseSuspect}/${stats.clean}`,
    );
    expect(stats.falseBad).toBeLessThanOrEqual(1);
    expect(stats.caught).toBe(stats.bad);
    expect(Math.max(...stats.minutesToDetect)).toBeLessThanOrEqual(10);
  }, 300_000);
});

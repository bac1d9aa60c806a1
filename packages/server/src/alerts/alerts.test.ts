// Alerts end to end: real HTTP receivers, a real SMTP server, the real writer and worker, the clock
// injected so retries and bursts can be driven through simulated minutes.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver } from '../testing/receiver.js';
import { startSmtp } from '../testing/smtp.js';
import { startTestServer, type TestServer } from '../testing/index.js';
import { createAlertWorker } from './worker.js';

let clock = new Date();
const tick = (ms: number) => (clock = new Date(clock.getTime() + ms));
let s: TestServer;
let smtp: Awaited<ReturnType<typeof startSmtp>>;

beforeAll(async () => {
  smtp = await startSmtp();
  s = await startTestServer({
    now: () => clock,
    publicUrl: 'https://faultline.example.com',
    alerts: {
      smtpUrl: smtp.url,
      smtpFrom: 'Faultline <alerts@example.com>',
      blockPrivate: false,
      slackSigningSecret: 'slack-secret',
      pollMs: 50,
      timeoutMs: 1000,
    },
  });
});
afterAll(async () => {
  await s?.close();
  await smtp?.close();
});

interface Project {
  id: number;
  public_key: string;
}

async function newProject(name: string): Promise<Project> {
  const res = await s.api('/api/projects', { method: 'POST', body: JSON.stringify({ name }) });
  expect(res.status).toBe(201);
  return (await res.json()) as Project;
}

async function post<T = any>(path: string, body: unknown, status = 201): Promise<T> {
  const res = await s.api(path, { method: 'POST', body: JSON.stringify(body) });
  const json = (await res.json()) as T;
  expect(res.status, JSON.stringify(json)).toBe(status);
  return json;
}

/** A channel and a rule sending `triggers` to it. */
async function wire(p: Project, channel: object, rule: object = {}) {
  const ch = await post<{ id: number }>(`/api/projects/${p.id}/alert-channels`, { name: 'ops', ...channel });
  await post(`/api/projects/${p.id}/alert-rules`, {
    name: 'all',
    triggers: ['new_issue', 'regression', 'deploy_bad', 'deploy_suspect'],
    channel_ids: [ch.id],
    ...rule,
  });
  return ch;
}

const event = (fn: string, extra: object = {}) => ({
  exception: {
    values: [{ type: 'Error', value: `${fn} broke`, stack: `Error: x\n    at ${fn} (/app/${fn}.js:1:1)` }],
  },
  timestamp: clock.toISOString(),
  environment: 'production',
  ...extra,
});

async function send(p: Project, events: object[]) {
  const res = await s.ingest({ events }, { projectId: p.id, headers: { 'x-faultline-key': p.public_key } });
  expect(res.status).toBe(200);
}

async function deliveries(p: Project) {
  const res = await s.api(`/api/projects/${p.id}/alert-deliveries?limit=200`);
  return ((await res.json()) as { deliveries: Array<Record<string, any>> }).deliveries;
}

describe('alert channels and rules', () => {
  it('a new project starts with one rule (new issue, regression, bad deploy) and no channel', async () => {
    const p = await newProject('Fresh');
    const rules = await (await s.api(`/api/projects/${p.id}/alert-rules`)).json();
    expect(rules).toMatchObject({
      rules: [{ triggers: ['new_issue', 'regression', 'deploy_bad'], channel_ids: [], environments: null }],
    });
    expect(await (await s.api(`/api/projects/${p.id}/alert-channels`)).json()).toEqual({ channels: [] });
  });

  it('refuses bad input with a 400 that says what is wrong', async () => {
    const p = await newProject('Picky');
    const other = await newProject('Other');
    const foreign = await post<{ id: number }>(`/api/projects/${other.id}/alert-channels`, {
      name: 'theirs',
      kind: 'webhook',
      url: 'https://example.com/hook',
    });
    const cases: Array<[string, object, RegExp]> = [
      [
        'alert-channels',
        { name: 'x', kind: 'webhook', url: 'ftp://example.com/x' },
        /^url: must be an http\(s\) URL/,
      ],
      ['alert-channels', { name: 'x', kind: 'slack' }, /^url: a slack channel needs/],
      ['alert-channels', { name: 'x', kind: 'email', emails: ['not-an-address'] }, /^emails\.0: /],
      ['alert-channels', { name: 'x', kind: 'pager', url: 'https://example.com' }, /^kind: must be one of/],
      ['alert-rules', { name: 'r', triggers: ['on_fire'], channel_ids: [] }, /^triggers\.0: must be among/],
      [
        'alert-rules',
        { name: 'r', triggers: ['new_issue'], channel_ids: [foreign.id] },
        /is not a channel of this project/,
      ],
      ['alert-rules', { name: 'r', triggers: ['frequency'], channel_ids: [] }, /^frequency: /],
    ];
    for (const [what, body, message] of cases) {
      const res = await s.api(`/api/projects/${p.id}/${what}`, {
        method: 'POST',
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(message);
    }
    // and another project's channel cannot be reached through this project's URL
    expect(
      (await s.api(`/api/projects/${p.id}/alert-channels/${foreign.id}/test`, { method: 'POST' })).status,
    ).toBe(404);
  });
});

describe('delivery', () => {
  it('a new issue sends exactly one signed message, with the issue and its link', async () => {
    const p = await newProject('Signed');
    const hook = await startReceiver();
    await wire(p, { kind: 'webhook', url: hook.url, secret: 'shh' });
    await send(p, [event('checkout'), event('checkout')]);
    await s.alerts.runOnce();
    await s.alerts.runOnce();
    expect(hook.received).toHaveLength(1);
    const [msg] = hook.received;
    const ts = msg!.headers['x-faultline-timestamp'] as string;
    const expected = createHmac('sha256', 'shh').update(`${ts}.${msg!.body}`).digest('hex');
    expect(msg!.headers['x-faultline-signature']).toBe(`v1=${expected}`);
    expect(msg!.json).toMatchObject({
      trigger: 'new_issue',
      project: { id: p.id, name: 'Signed' },
      environment: 'production',
      issue: { title: 'Error: checkout broke', count: 2 },
    });
    expect(msg!.json.issue.url).toBe(`https://faultline.example.com/p/${p.id}/issues/${msg!.json.issue.id}`);
    // more events of the same issue: no more messages
    await send(p, [event('checkout')]);
    await s.alerts.runOnce();
    expect(hook.received).toHaveLength(1);
    const [d] = await deliveries(p);
    expect(d).toMatchObject({ status: 'delivered', trigger: 'new_issue', attempts: 1, http_status: 200 });
    await hook.close();
  });

  it('50 new issues in one minute make one digest, not 50 messages', async () => {
    const p = await newProject('Bursty');
    const hook = await startReceiver();
    await wire(p, { kind: 'webhook', url: hook.url });
    await send(
      p,
      Array.from({ length: 50 }, (_, i) => event(`burst${i}`)),
    );
    await s.alerts.runOnce();
    await s.alerts.runOnce();
    expect(hook.received).toHaveLength(1);
    expect(hook.received[0]!.json.trigger).toBe('digest');
    expect(hook.received[0]!.json.messages).toHaveLength(50);
    await hook.close();
  });

  it('a receiver down for 2 minutes gets every message once, in order, when it is back', async () => {
    const p = await newProject('Patient');
    const hook = await startReceiver();
    const healthy = await startReceiver();
    const down = await wire(p, { kind: 'webhook', url: hook.url });
    // a second channel on the same rule: the one that fails never holds it up
    const up = await post<{ id: number }>(`/api/projects/${p.id}/alert-channels`, {
      name: 'up',
      kind: 'webhook',
      url: healthy.url,
    });
    const { rules } = (await (await s.api(`/api/projects/${p.id}/alert-rules`)).json()) as {
      rules: Array<{ id: number; name: string }>;
    };
    const all = rules.find((r) => r.name === 'all')!;
    const patched = await s.api(`/api/projects/${p.id}/alert-rules/${all.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ channel_ids: [down.id, up.id] }),
    });
    expect(patched.status).toBe(200);
    hook.state.answer = () => ({ status: 500 });
    for (const fn of ['first', 'second', 'third']) {
      await send(p, [event(fn)]);
      await s.alerts.runOnce();
    }
    for (let t = 0; t < 120; t += 10) {
      tick(10_000);
      await s.alerts.runOnce();
    }
    expect(hook.received).toHaveLength(0);
    expect(healthy.received.map((r) => r.json.issue.title)).toEqual([
      'Error: first broke',
      'Error: second broke',
      'Error: third broke',
    ]);
    const failing = (await deliveries(p)).filter((d) => d.channel_id === down.id);
    expect(failing.every((d) => d.status === 'pending')).toBe(true);
    expect(failing.find((d) => d.attempts > 1)?.error).toMatch(/HTTP 500/);
    hook.state.answer = () => ({ status: 200 });
    for (let i = 0; i < 10 && hook.received.length < 3; i++) {
      tick(60_000);
      await s.alerts.runOnce();
    }
    const titles = hook.received.flatMap((r) =>
      r.json.trigger === 'digest' ? r.json.messages.map((m: any) => m.issue.title) : [r.json.issue.title],
    );
    expect(titles).toEqual(['Error: first broke', 'Error: second broke', 'Error: third broke']);
    expect((await deliveries(p)).every((d) => d.status === 'delivered')).toBe(true);
    await hook.close();
    await healthy.close();
  });

  it('a 429 waits for its Retry-After; a hanging receiver is cut off and retried', async () => {
    const p = await newProject('Limited');
    const hook = await startReceiver();
    await wire(p, { kind: 'webhook', url: hook.url });
    hook.state.answer = () => ({ status: 429, headers: { 'retry-after': '120' } });
    await send(p, [event('limited')]);
    await s.alerts.runOnce();
    hook.state.answer = () => ({ status: 200 });
    tick(60_000);
    await s.alerts.runOnce();
    expect(hook.received).toHaveLength(0); // not before the 2 minutes asked for
    tick(61_000);
    await s.alerts.runOnce();
    expect(hook.received).toHaveLength(1);

    hook.state.hang = true;
    await send(p, [event('hanging')]);
    const started = Date.now();
    await s.alerts.runOnce();
    expect(Date.now() - started).toBeLessThan(5000); // cut off after timeoutMs (1 s here)
    const [hung] = await deliveries(p);
    expect(hung).toMatchObject({ status: 'pending', attempts: 1 });
    expect(hung!.error).toMatch(/no answer within/);
    hook.state.hang = false;
    tick(10_000);
    await s.alerts.runOnce();
    expect(hook.received.map((r) => r.json.issue.title)).toContain('Error: hanging broke');
    await hook.close();
  });

  it('sends Slack, Discord and Teams their own shapes, and email with text and HTML parts', async () => {
    const p = await newProject('Shapes');
    const slack = await startReceiver();
    const discord = await startReceiver();
    const teams = await startReceiver();
    const ids = [];
    for (const [kind, r] of [
      ['slack', slack],
      ['discord', discord],
      ['teams', teams],
    ] as const)
      ids.push(
        (await post<{ id: number }>(`/api/projects/${p.id}/alert-channels`, { name: kind, kind, url: r.url }))
          .id,
      );
    ids.push(
      (
        await post<{ id: number }>(`/api/projects/${p.id}/alert-channels`, {
          name: 'mail',
          kind: 'email',
          emails: ['oncall@example.com'],
        })
      ).id,
    );
    await post(`/api/projects/${p.id}/alert-rules`, {
      name: 'all',
      triggers: ['new_issue'],
      channel_ids: ids,
    });
    await send(p, [event('shapes', { release: 'shop@1.2.3' })]);
    await s.alerts.runOnce();

    const sl = slack.received[0]!.json;
    expect(sl.text).toBe('New issue: Error: shapes broke');
    expect(JSON.stringify(sl.blocks)).toContain('*Release:* shop@1.2.3');
    expect(JSON.stringify(sl.blocks)).toContain(`https://faultline.example.com/p/${p.id}/issues/`);
    expect(discord.received[0]!.json.embeds[0]).toMatchObject({ title: 'New issue: Error: shapes broke' });
    const card = teams.received[0]!.json.attachments[0];
    expect(card.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(card.content.type).toBe('AdaptiveCard');
    const mail = smtp.mails.find((m) => m.raw.includes('shapes broke'))!;
    expect(mail.to).toEqual(['oncall@example.com']);
    expect(mail.raw).toMatch(/Subject: \[Faultline\] New issue: Error: shapes broke/);
    expect(mail.raw).toMatch(/Content-Type: text\/plain/);
    expect(mail.raw).toMatch(/Content-Type: text\/html/);
    for (const r of [slack, discord, teams]) await r.close();
  });

  it('a regression always alerts; environments filter; frequency alerts only while the issue is open', async () => {
    const p = await newProject('Regress');
    const hook = await startReceiver();
    await wire(p, { kind: 'webhook', url: hook.url }, { environments: ['production'] });
    await send(p, [event('comeback'), event('stagingOnly', { environment: 'staging' })]);
    await s.alerts.runOnce();
    expect(hook.received.map((r) => r.json.issue.title)).toEqual(['Error: comeback broke']);
    const issueId = hook.received[0]!.json.issue.id;
    const patch = await s.api(`/api/projects/${p.id}/issues/${issueId}`, {
      method: 'PATCH',
      body: JSON.stringify({ status: 'resolved' }),
    });
    expect(patch.status).toBe(200);
    tick(60_000);
    await send(p, [event('comeback')]); // within the 30-minute throttle, but a regression
    await s.alerts.runOnce();
    expect(hook.received.map((r) => r.json.trigger)).toEqual(['new_issue', 'regression']);

    // frequency: 5 events in 10 minutes; an ignored issue says nothing, an open one does
    const { channels } = (await (await s.api(`/api/projects/${p.id}/alert-channels`)).json()) as {
      channels: Array<{ id: number }>;
    };
    await post(`/api/projects/${p.id}/alert-rules`, {
      name: 'noisy',
      triggers: ['frequency'],
      frequency: { count: 5, minutes: 10 },
      channel_ids: [channels[0]!.id],
    });
    await send(p, [event('noisy')]);
    const noisy = (
      (await (await s.api(`/api/projects/${p.id}/issues?query=noisy`)).json()) as {
        issues: Array<{ id: number }>;
      }
    ).issues[0]!;
    await s.api(`/api/projects/${p.id}/issues/${noisy.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ status: 'ignored' }),
    });
    await send(
      p,
      Array.from({ length: 6 }, () => event('noisy')),
    );
    tick(5_000);
    await s.alerts.runOnce();
    expect(hook.received.filter((r) => r.json.trigger === 'frequency')).toHaveLength(0);
    await s.api(`/api/projects/${p.id}/issues/${noisy.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ status: 'unresolved' }),
    });
    tick(11 * 60_000);
    await send(
      p,
      Array.from({ length: 6 }, () => event('noisy')),
    );
    tick(5_000);
    await s.alerts.runOnce();
    const frequent = hook.received.filter((r) => r.json.trigger === 'frequency');
    expect(frequent).toHaveLength(1);
    expect(frequent[0]!.json).toMatchObject({
      issue: { title: 'Error: noisy broke' },
      detail: '6 events in 10 minutes',
    });
    await hook.close();
  });

  it('a deploy that turns bad sends one deploy_bad message naming the suspect issue', async () => {
    const p = await newProject('Deployed');
    const hook = await startReceiver();
    await wire(p, { kind: 'webhook', url: hook.url }, { triggers: ['deploy_bad'] });
    const deployedAt = new Date(clock.getTime() - 6 * 60_000);
    await post(`/api/projects/${p.id}/deploys`, {
      release: 'shop@2.0.0',
      environment: 'production',
      finished_at: deployedAt.toISOString(),
    });
    // a new error that keeps coming after the deploy: 12 events over 6 minutes
    await send(
      p,
      Array.from({ length: 12 }, (_, i) =>
        event('afterDeploy', { timestamp: new Date(deployedAt.getTime() + 30_000 * (i + 1)).toISOString() }),
      ),
    );
    tick(5_000);
    await s.alerts.runOnce();
    tick(5_000);
    await s.alerts.runOnce();
    expect(hook.received).toHaveLength(1);
    expect(hook.received[0]!.json).toMatchObject({
      trigger: 'deploy_bad',
      deploy: { release: 'shop@2.0.0', verdict: 'bad', suspects: [{ title: 'Error: afterDeploy broke' }] },
    });
    expect(hook.received[0]!.json.deploy.reason).toMatch(/afterDeploy/);
    await hook.close();
  });

  it('two workers on one database send each message once', async () => {
    const p = await newProject('Twice');
    const hook = await startReceiver();
    await wire(p, { kind: 'webhook', url: hook.url });
    const other = createAlertWorker({ db: s.database.db, config: s.config, baseUrl: () => s.url });
    for (let i = 0; i < 4; i++) {
      await send(p, [event(`twice${i}`)]);
      await Promise.all([s.alerts.runOnce(), other.runOnce(), s.alerts.runOnce(), other.runOnce()]);
    }
    tick(60_000);
    await Promise.all([s.alerts.runOnce(), other.runOnce()]);
    const titles = hook.received.flatMap((r) =>
      r.json.trigger === 'digest' ? r.json.messages.map((m: any) => m.issue.title) : [r.json.issue.title],
    );
    expect(titles.sort()).toEqual([0, 1, 2, 3].map((i) => `Error: twice${i} broke`));
    await other.stop();
    await hook.close();
  });

  it('"send test message" answers with how the delivery went; private targets can be refused', async () => {
    const p = await newProject('Tested');
    const hook = await startReceiver();
    const ch = await post<{ id: number }>(`/api/projects/${p.id}/alert-channels`, {
      name: 'hook',
      kind: 'webhook',
      url: hook.url,
    });
    expect(await post(`/api/projects/${p.id}/alert-channels/${ch.id}/test`, {}, 200)).toEqual({
      status: 'delivered',
      http_status: 200,
    });
    expect(hook.received[0]!.json.trigger).toBe('test');
    const channels = (await (await s.api(`/api/projects/${p.id}/alert-channels`)).json()) as {
      channels: any[];
    };
    expect(channels.channels[0].last_delivery).toMatchObject({ status: 'delivered', http_status: 200 });

    const blocking = await startTestServer({ alerts: { ...s.config.alerts, blockPrivate: true } });
    try {
      const res = await blocking.api(`/api/projects/${blocking.projectId}/alert-channels`, {
        method: 'POST',
        body: JSON.stringify({
          name: 'local',
          kind: 'webhook',
          url: hook.url.replace('127.0.0.1', 'localhost'),
        }),
      });
      const { id } = (await res.json()) as { id: number };
      const test = await blocking.api(`/api/projects/${blocking.projectId}/alert-channels/${id}/test`, {
        method: 'POST',
      });
      expect(await test.json()).toMatchObject({
        status: 'failed',
        error: expect.stringMatching(/private address/),
      });
      expect(hook.received).toHaveLength(1);
    } finally {
      await blocking.close();
      await hook.close();
    }
  });
});

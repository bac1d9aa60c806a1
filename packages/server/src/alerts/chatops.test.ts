// The Slack slash command against the real server: signatures, and a command that changes an issue.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig, startTestServer, type TestServer } from '../testing/index.js';

const clock = new Date();
let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({
    now: () => clock,
    alerts: { ...defaultConfig().alerts, slackSigningSecret: 'slack-secret' },
  });
});
afterAll(() => s?.close());

async function newProject(name: string) {
  const res = await s.api('/api/projects', { method: 'POST', body: JSON.stringify({ name }) });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: number; public_key: string };
}

async function send(p: { id: number; public_key: string }, events: object[]) {
  const res = await s.ingest({ events }, { projectId: p.id, headers: { 'x-faultline-key': p.public_key } });
  expect(res.status).toBe(200);
}

const event = (fn: string) => ({
  exception: {
    values: [{ type: 'Error', value: `${fn} broke`, stack: `Error: x\n    at ${fn} (/app/${fn}.js:1:1)` }],
  },
  timestamp: clock.toISOString(),
});

describe('Slack slash command', () => {
  const slash = (text: string, { secret = 'slack-secret', at = Math.floor(clock.getTime() / 1000) } = {}) => {
    const body = new URLSearchParams({ text, user_name: 'ada', command: '/faultline' }).toString();
    const sig = `v0=${createHmac('sha256', secret).update(`v0:${at}:${body}`).digest('hex')}`;
    return fetch(`${s.url}/api/chatops/slack`, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(at),
        'x-slack-signature': sig,
      },
    });
  };

  it('resolves an issue with a good signature; a bad or stale one is a 401 and changes nothing', async () => {
    const p = await newProject('Chatty');
    await send(p, [event('chatty')]);
    const list = (await (await s.api(`/api/projects/${p.id}/issues?query=chatty`)).json()) as {
      issues: Array<{ id: number }>;
    };
    const id = list.issues[0]!.id;
    const status = async () =>
      ((await (await s.api(`/api/projects/${p.id}/issues/${id}`)).json()) as { status: string }).status;

    expect((await slash(`resolve ${id}`, { secret: 'wrong' })).status).toBe(401);
    expect((await slash(`resolve ${id}`, { at: Math.floor(clock.getTime() / 1000) - 600 })).status).toBe(401);
    expect(await status()).toBe('unresolved');

    const ok = await slash(`resolve ${id}`);
    expect(ok.status).toBe(200);
    const answer = (await ok.json()) as { response_type: string; text: string };
    expect(answer).toMatchObject({ response_type: 'in_channel' });
    expect(answer.text).toMatch(new RegExp(`ada resolved #${id}`));
    expect(await status()).toBe('resolved');

    const help = (await (await slash('help')).json()) as { text: string; blocks: unknown[] };
    expect(JSON.stringify(help.blocks)).toContain('resolve <issue id>');
    const issues = (await (await slash('issues chatty')).json()) as { text: string };
    expect(issues.text).toMatch(/No open issues in Chatty/);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startReceiver } from '@faultline/server/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, startServerProcess, type ServerProcess } from './helpers/process.js';

// An alert survives the crash of the process that was sending it: the server is killed (SIGKILL)
// while the receiver holds the request, and the restarted server delivers it, once.
const dataDir = mkdtempSync(join(tmpdir(), 'faultline-alerts-crash-'));
const TOKEN = 'flt_alerts_crash_test_token';
const running: ServerProcess[] = [];
afterAll(() => {
  for (const p of running) p.child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

const until = async (what: string, check: () => boolean | Promise<boolean>, timeoutMs: number) => {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

describe('alerts across a crash', () => {
  it('a message in flight when the server is killed is delivered after the restart, once', async () => {
    const hook = await startReceiver();
    const port = String(await freePort());
    const env = { PORT: port, FAULTLINE_DATA_DIR: dataDir, FAULTLINE_ADMIN_TOKEN: TOKEN };
    const first = await startServerProcess(env, 60_000);
    running.push(first);
    const api = (path: string, init: RequestInit = {}) =>
      fetch(`${first.url}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      });
    const channel = (await (
      await api('/api/projects/1/alert-channels', {
        method: 'POST',
        body: JSON.stringify({ name: 'hook', kind: 'webhook', url: hook.url }),
      })
    ).json()) as { id: number };
    const { rules } = (await (await api('/api/projects/1/alert-rules')).json()) as {
      rules: Array<{ id: number }>;
    };
    const wired = await api(`/api/projects/1/alert-rules/${rules[0]!.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ channel_ids: [channel.id] }),
    });
    expect(wired.status).toBe(200);

    hook.state.hang = true;
    const { projects } = (await (await api('/api/projects')).json()) as {
      projects: Array<{ id: number; public_key: string }>;
    };
    const sent = await fetch(`${first.url}/api/1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-faultline-key': projects[0]!.public_key },
      body: JSON.stringify({ message: 'crash course', level: 'error' }),
    });
    expect(sent.status).toBe(200);
    await until('the message to reach the receiver', () => hook.state.hung > 0, 20_000);
    first.child.kill('SIGKILL');
    await first.exited;
    expect(hook.received).toHaveLength(0);

    hook.state.hang = false;
    const second = await startServerProcess(env, 60_000);
    running.push(second);
    // the dead process's claim on the channel runs out (20 s), then the message goes out again
    await until('the message after the restart', () => hook.received.length > 0, 60_000);
    expect(hook.received[0]!.json).toMatchObject({ trigger: 'new_issue', issue: { title: 'crash course' } });
    await new Promise((r) => setTimeout(r, 2000));
    expect(hook.received).toHaveLength(1);
    const deliveries = (await (
      await fetch(`${second.url}/api/projects/1/alert-deliveries`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      })
    ).json()) as { deliveries: Array<{ status: string; attempts: number }> };
    expect(deliveries.deliveries).toEqual([expect.objectContaining({ status: 'delivered' })]);
    second.child.kill('SIGTERM');
    await second.exited;
    await hook.close();
  }, 180_000);
});

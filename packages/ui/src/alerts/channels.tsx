import { useState } from 'preact/hooks';
import { api, type AlertChannel, type AlertTest } from '../api.js';
import { ago } from '../format.js';

const KINDS = ['slack', 'webhook', 'discord', 'teams', 'email'] as const;

/** The channels: add or edit one, send it a test message, see its last delivery. */
export function Channels({
  base,
  channels,
  changed,
}: {
  base: string;
  channels: AlertChannel[];
  changed: () => void;
}) {
  const [editing, setEditing] = useState<AlertChannel | null>(null);
  const [kind, setKind] = useState<string>('slack');
  const [error, setError] = useState<string | null>(null);
  const [tests, setTests] = useState<Record<number, AlertTest | 'sending'>>({});

  const save = async (e: SubmitEvent) => {
    e.preventDefault();
    const form = new FormData(e.target as HTMLFormElement);
    const value = (k: string) => String(form.get(k) ?? '').trim();
    const body = {
      name: value('name'),
      kind,
      ...(kind === 'email'
        ? {
            emails: value('emails')
              .split(/[\s,]+/)
              .filter(Boolean),
            url: null,
          }
        : { url: value('url'), emails: null }),
      ...(kind === 'webhook' && value('secret') ? { secret: value('secret') } : {}),
    };
    try {
      await api(editing ? `${base}/alert-channels/${editing.id}` : `${base}/alert-channels`, {
        method: editing ? 'PATCH' : 'POST',
        json: body,
      });
      setError(null);
      setEditing(null);
      (e.target as HTMLFormElement).reset();
      changed();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const test = async (c: AlertChannel) => {
    setTests((t) => ({ ...t, [c.id]: 'sending' }));
    try {
      const result = await api<AlertTest>(`${base}/alert-channels/${c.id}/test`, { method: 'POST' });
      setTests((t) => ({ ...t, [c.id]: result }));
    } catch (err) {
      setTests((t) => ({ ...t, [c.id]: { status: 'failed', error: (err as Error).message } }));
    }
    changed();
  };
  const remove = async (c: AlertChannel) => {
    if (!confirm(`Delete the channel "${c.name}"? Rules stop sending to it.`)) return;
    await api(`${base}/alert-channels/${c.id}`, { method: 'DELETE' }).catch((err: Error) =>
      setError(err.message),
    );
    changed();
  };

  return (
    <section class="panel">
      <h2>Channels</h2>
      {!channels.length && <p class="muted">No channel yet: add one, then name it in a rule below.</p>}
      <div class="table-scroll">
        <table class="plain channels">
          {channels.map((c) => {
            const t = tests[c.id];
            return (
              <tr key={c.id}>
                <td>
                  <b>{c.name}</b> <span class="badge">{c.kind}</span>
                  {c.signed && <span class="muted small"> signed</span>}
                </td>
                <td class="muted small target">{c.kind === 'email' ? c.emails?.join(', ') : c.url}</td>
                <td class="small">
                  {c.last_delivery ? (
                    <span
                      class={c.last_delivery.status === 'delivered' ? 'ok' : 'error'}
                      title={c.last_delivery.at}
                    >
                      {c.last_delivery.status} {ago(c.last_delivery.at)}
                      {c.last_delivery.http_status ? ` (HTTP ${c.last_delivery.http_status})` : ''}
                      {c.last_delivery.error ? `: ${c.last_delivery.error}` : ''}
                    </span>
                  ) : (
                    <span class="muted">nothing sent yet</span>
                  )}
                </td>
                <td class="actions-cell">
                  <button onClick={() => void test(c)} disabled={t === 'sending'}>
                    {t === 'sending' ? 'Sending…' : 'Send test'}
                  </button>
                  <button
                    class="link"
                    onClick={() => {
                      setEditing(c);
                      setKind(c.kind);
                    }}
                  >
                    Edit
                  </button>
                  <button class="link" onClick={() => void remove(c)}>
                    Delete
                  </button>
                  {t && t !== 'sending' && (
                    <span
                      class={`small test-result ${t.status === 'delivered' ? 'ok' : 'error'}`}
                      role="status"
                    >
                      test {t.status}
                      {t.error ? `: ${t.error}` : ''}
                    </span>
                  )}
                </td>
              </tr>
            );
          })}
        </table>
      </div>
      <h3>{editing ? `Edit ${editing.name}` : 'Add a channel'}</h3>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <form class="row wrap" onSubmit={save} key={editing?.id ?? 'new'}>
        <input
          name="name"
          required
          placeholder="name, e.g. #ops"
          aria-label="Channel name"
          defaultValue={editing?.name ?? ''}
        />
        <select
          aria-label="Kind"
          value={kind}
          onChange={(e) => setKind((e.target as HTMLSelectElement).value)}
        >
          {KINDS.map((k) => (
            <option value={k}>{k}</option>
          ))}
        </select>
        {kind === 'email' ? (
          <input
            name="emails"
            required
            placeholder="oncall@example.com, …"
            aria-label="Email addresses"
            defaultValue={editing?.emails?.join(', ') ?? ''}
          />
        ) : (
          <input
            name="url"
            required
            type="url"
            class="wide"
            placeholder={kind === 'slack' ? 'https://hooks.slack.com/services/…' : 'https://…'}
            aria-label="URL"
            defaultValue={editing?.url ?? ''}
          />
        )}
        {kind === 'webhook' && (
          <input name="secret" placeholder="signing secret (optional)" aria-label="Signing secret" />
        )}
        <button type="submit">{editing ? 'Save' : 'Add channel'}</button>
        {editing && (
          <button type="button" class="link" onClick={() => setEditing(null)}>
            Cancel
          </button>
        )}
      </form>
    </section>
  );
}

import { useState } from 'preact/hooks';
import { api, type AlertChannel, type AlertRule } from '../api.js';

const TRIGGERS: Array<[AlertRule['triggers'][number], string]> = [
  ['new_issue', 'new issue'],
  ['regression', 'regression'],
  ['spike', 'spike'],
  ['frequency', 'N events in M minutes'],
  ['deploy_bad', 'bad deploy'],
  ['deploy_suspect', 'suspect deploy'],
];
const LEVELS = ['', 'debug', 'info', 'warning', 'error', 'fatal'];

/** The rules: what sends to which channels; add, edit, enable or disable. */
export function Rules({
  base,
  rules,
  channels,
  changed,
}: {
  base: string;
  rules: AlertRule[];
  channels: AlertChannel[];
  changed: () => void;
}) {
  const [editing, setEditing] = useState<AlertRule | null>(null);
  const [error, setError] = useState<string | null>(null);
  const channelName = (id: number) => channels.find((c) => c.id === id)?.name ?? `#${id}`;

  const save = async (e: SubmitEvent) => {
    e.preventDefault();
    const form = new FormData(e.target as HTMLFormElement);
    const triggers = form.getAll('trigger').map(String);
    const count = Number(form.get('count') || 0);
    const minutes = Number(form.get('minutes') || 0);
    const body = {
      name: String(form.get('name') ?? '').trim(),
      triggers,
      frequency: triggers.includes('frequency') ? { count, minutes } : null,
      environments: String(form.get('environments') ?? '')
        .split(/[\s,]+/)
        .filter(Boolean),
      min_level: String(form.get('min_level') ?? '') || null,
      channel_ids: form.getAll('channel').map(Number),
      throttle_minutes: Number(form.get('throttle') || 30),
    };
    try {
      await api(editing ? `${base}/alert-rules/${editing.id}` : `${base}/alert-rules`, {
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
  const toggle = async (r: AlertRule) => {
    await api(`${base}/alert-rules/${r.id}`, { method: 'PATCH', json: { enabled: !r.enabled } }).catch(
      (err: Error) => setError(err.message),
    );
    changed();
  };
  const remove = async (r: AlertRule) => {
    if (!confirm(`Delete the rule "${r.name}"?`)) return;
    await api(`${base}/alert-rules/${r.id}`, { method: 'DELETE' }).catch((err: Error) =>
      setError(err.message),
    );
    changed();
  };
  const r = editing;

  return (
    <section class="panel">
      <h2>Rules</h2>
      <div class="table-scroll">
        <table class="plain">
          {rules.map((rule) => (
            <tr key={rule.id} class={rule.enabled ? '' : 'muted'}>
              <td>
                <label>
                  <input
                    type="checkbox"
                    checked={rule.enabled}
                    onChange={() => void toggle(rule)}
                    aria-label={`Enable ${rule.name}`}
                  />{' '}
                  <b>{rule.name}</b>
                </label>
              </td>
              <td class="small">
                {rule.triggers.map((t) => TRIGGERS.find(([k]) => k === t)?.[1] ?? t).join(', ')}
                {rule.frequency && ` (${rule.frequency.count} in ${rule.frequency.minutes} min)`}
              </td>
              <td class="small muted">
                {rule.environments?.join(', ') ?? 'all environments'}
                {rule.min_level && ` · ${rule.min_level} and up`} · at most every {rule.throttle_minutes} min
                per issue
              </td>
              <td class="small">
                {rule.channel_ids.length ? (
                  rule.channel_ids.map(channelName).join(', ')
                ) : (
                  <span class="error">no channel</span>
                )}
              </td>
              <td class="actions-cell">
                <button class="link" onClick={() => setEditing(rule)}>
                  Edit
                </button>
                <button class="link" onClick={() => void remove(rule)}>
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </table>
      </div>
      <h3>{r ? `Edit ${r.name}` : 'Add a rule'}</h3>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <form class="rule-form" onSubmit={save} key={r?.id ?? 'new'}>
        <input
          name="name"
          required
          placeholder="name, e.g. production errors"
          aria-label="Rule name"
          defaultValue={r?.name ?? ''}
        />
        <fieldset>
          <legend>When</legend>
          {TRIGGERS.map(([k, label]) => (
            <label>
              <input
                type="checkbox"
                name="trigger"
                value={k}
                defaultChecked={r?.triggers.includes(k) ?? k === 'new_issue'}
              />{' '}
              {label}
            </label>
          ))}
          <label>
            N{' '}
            <input
              name="count"
              type="number"
              min="1"
              class="tiny"
              defaultValue={String(r?.frequency?.count ?? 100)}
              aria-label="Events"
            />
          </label>
          <label>
            M{' '}
            <input
              name="minutes"
              type="number"
              min="1"
              max="1440"
              class="tiny"
              defaultValue={String(r?.frequency?.minutes ?? 60)}
              aria-label="Minutes"
            />
          </label>
        </fieldset>
        <fieldset>
          <legend>Only</legend>
          <input
            name="environments"
            placeholder="environments (empty: all)"
            aria-label="Environments"
            defaultValue={r?.environments?.join(', ') ?? ''}
          />
          <select name="min_level" aria-label="Minimum level" defaultValue={r?.min_level ?? ''}>
            {LEVELS.map((l) => (
              <option value={l}>{l ? `${l} and up` : 'any level'}</option>
            ))}
          </select>
          <label>
            at most every{' '}
            <input
              name="throttle"
              type="number"
              min="0"
              class="tiny"
              defaultValue={String(r?.throttle_minutes ?? 30)}
              aria-label="Throttle minutes"
            />{' '}
            min per issue
          </label>
        </fieldset>
        <fieldset>
          <legend>Send to</legend>
          {!channels.length && <span class="muted small">add a channel first</span>}
          {channels.map((c) => (
            <label>
              <input
                type="checkbox"
                name="channel"
                value={String(c.id)}
                defaultChecked={r?.channel_ids.includes(c.id) ?? false}
              />{' '}
              {c.name}
            </label>
          ))}
        </fieldset>
        <div class="row">
          <button type="submit">{r ? 'Save rule' : 'Add rule'}</button>
          {r && (
            <button type="button" class="link" onClick={() => setEditing(null)}>
              Cancel
            </button>
          )}
        </div>
      </form>
    </section>
  );
}

import { useState } from 'preact/hooks';
import { api, type Project, type ProjectKey } from './api.js';
import { CopyButton } from './copy.js';
import { ago } from './format.js';
import { navigate } from './router.js';
import { useApi } from './use-api.js';
import { ErrorLine } from './error-line.js';

/** Public keys: several at once, each labelled; rotating = add one, deploy it, revoke the old one. */
export function KeysPanel({ project, admin }: { project: Project; admin: boolean }) {
  const keys = useApi<{ keys: ProjectKey[] }>(`/api/projects/${project.id}/keys`);
  const [error, setError] = useState<string | null>(null);
  const run = async (work: () => Promise<unknown>) => {
    setError(null);
    await work().catch((err: Error) => setError(err.message));
    keys.reload();
  };
  const active = (keys.data?.keys ?? []).filter((k) => !k.revoked_at);
  return (
    <section class="panel">
      <h2>Keys (DSNs)</h2>
      <ErrorLine error={error} />
      <div class="table-scroll">
        <table class="plain keys">
          <tr>
            <th>Label</th>
            <th>DSN</th>
            <th class="num">Events 24 h</th>
            <th>Created</th>
            <th />
          </tr>
          {(keys.data?.keys ?? []).map((k) => (
            <tr key={k.id} class={k.revoked_at ? 'revoked' : ''}>
              <td>{k.label}</td>
              <td>
                <code class="dsn-cell">{k.dsn}</code> {!k.revoked_at && <CopyButton text={k.dsn} />}
              </td>
              <td
                class="num"
                title={`${k.usage_24h.rate_limited} rate-limited, ${k.usage_24h.dropped} dropped`}
              >
                {k.usage_24h.accepted}
              </td>
              <td class="muted">{ago(k.created_at)}</td>
              <td>
                {k.revoked_at ? (
                  <span class="muted">revoked {ago(k.revoked_at)}</span>
                ) : (
                  admin && (
                    <button
                      class="link"
                      onClick={() =>
                        confirm(
                          `Revoke the key "${k.label}"?${active.length === 1 ? ' It is the only active key: the project will receive no more events.' : ''} Apps still using it get 401 within seconds.`,
                        ) &&
                        void run(() => api(`/api/projects/${project.id}/keys/${k.id}`, { method: 'DELETE' }))
                      }
                    >
                      Revoke
                    </button>
                  )
                )}
              </td>
            </tr>
          ))}
        </table>
      </div>
      {admin && (
        <form
          class="row"
          onSubmit={(e) => {
            e.preventDefault();
            const form = e.currentTarget as HTMLFormElement;
            const label = String(new FormData(form).get('label')).trim();
            void run(async () => {
              await api(`/api/projects/${project.id}/keys`, { method: 'POST', json: label ? { label } : {} });
              form.reset();
            });
          }}
        >
          <input name="label" placeholder="label, e.g. web 2026-12" aria-label="Key label" />
          <button type="submit">Add key</button>
        </form>
      )}
      <p class="muted small">
        To rotate a leaked key: add a key, deploy your app with its DSN, then revoke the old key.
      </p>
    </section>
  );
}

/** Rename, and delete with the project's name typed as confirmation. */
export function ProjectPanel({ project, onChanged }: { project: Project; onChanged: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const [typed, setTyped] = useState('');
  const save = async (change: Record<string, unknown>): Promise<boolean> => {
    setError(null);
    try {
      await api(`/api/projects/${project.id}`, { method: 'PATCH', json: change });
      onChanged();
      return true;
    } catch (err) {
      setError((err as Error).message);
      return false;
    }
  };
  const rename = (e: SubmitEvent) => {
    e.preventDefault();
    void save({ name: String(new FormData(e.currentTarget as HTMLFormElement).get('name')).trim() });
  };
  const remove = async () => {
    setError(null);
    try {
      await api(`/api/projects/${project.id}`, { method: 'DELETE' });
      onChanged();
      navigate('/', true);
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <section class="panel">
      <h2>Project</h2>
      <ErrorLine error={error} />
      <label class="check">
        {/* the box keeps the click while the change is saved (a controlled box would flip back until
            the project list reloads); it is rebuilt from the server's value when that arrives */}
        <input
          type="checkbox"
          key={String(!!project.settings.auto_resolve_on_deploy)}
          defaultChecked={!!project.settings.auto_resolve_on_deploy}
          onChange={(e) => {
            const box = e.currentTarget as HTMLInputElement;
            void save({ settings: { auto_resolve_on_deploy: box.checked } }).then((saved) => {
              if (!saved) box.checked = !box.checked; // not saved: show what is true
            });
          }}
        />
        Resolve the issues open in an environment when a deploy to it is recorded (they come back as
        regressions if they happen again)
      </label>
      <form class="row" onSubmit={rename}>
        <input
          name="name"
          required
          defaultValue={project.name}
          key={project.name}
          aria-label="Project name"
        />
        <button type="submit">Rename</button>
      </form>
      <h3>Delete this project</h3>
      <p class="muted small">
        Its events, issues, releases, deploys, source maps, alerts and keys are removed. This cannot be
        undone. Type <b>{project.name}</b> to confirm.
      </p>
      <div class="row">
        <input
          value={typed}
          onInput={(e) => setTyped((e.target as HTMLInputElement).value)}
          aria-label="Type the project name to confirm"
          placeholder={project.name}
        />
        <button class="danger" disabled={typed !== project.name} onClick={() => void remove()}>
          Delete project
        </button>
      </div>
    </section>
  );
}

/** A new project: it opens on its settings, where its DSN is. */
export function NewProjectPanel({ onCreated }: { onCreated: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const create = async (e: SubmitEvent) => {
    e.preventDefault();
    const name = String(new FormData(e.currentTarget as HTMLFormElement).get('name')).trim();
    setError(null);
    try {
      const project = await api<Project>('/api/projects', { method: 'POST', json: { name } });
      onCreated();
      navigate(`/p/${project.id}/settings`);
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <section class="panel">
      <h2>New project</h2>
      <ErrorLine error={error} />
      <form class="row" onSubmit={create}>
        <input
          name="name"
          required
          maxLength={100}
          placeholder="name, e.g. shop-web"
          aria-label="New project name"
        />
        <button type="submit">Create project</button>
      </form>
    </section>
  );
}

import { StoragePanel } from './storage-panel.js';
import { useState } from 'preact/hooks';
import { api, type Me, type Project, type Sourcemap, type Token } from './api.js';
import { PasswordPanel } from './password.js';
import { KeysPanel, NewProjectPanel, ProjectPanel } from './project-settings.js';
import { CopyButton } from './copy.js';
import { ago } from './format.js';
import { useApi } from './use-api.js';

export function SettingsPage({
  project,
  projects,
  me,
  onProjectsChanged,
}: {
  project: Project;
  projects: Project[];
  me: NonNullable<Me['user']> | null;
  onProjectsChanged: () => void;
}) {
  const admin = me?.role === 'owner' || me?.role === 'admin';
  const projectName = (id: number) => projects.find((p) => p.id === id)?.name ?? `#${id}`;
  // an admin sees every token; anyone else the tokens they created
  const tokenList = useApi<{ tokens: Token[] }>('/api/tokens');
  const mapList = useApi<{ sourcemaps: Sourcemap[] }>(`/api/projects/${project.id}/sourcemaps`);
  const tokens = tokenList.data?.tokens ?? [];
  const maps = mapList.data?.sourcemaps ?? [];
  const [created, setCreated] = useState<{ id: number; token: string } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const createToken = async (e: SubmitEvent) => {
    e.preventDefault();
    const form = new FormData(e.target as HTMLFormElement);
    try {
      const r = await api<{ id: number; token: string }>('/api/tokens', {
        method: 'POST',
        json: {
          name: String(form.get('name')),
          scopes: [String(form.get('scope'))],
          project_ids: [project.id],
        },
      });
      setCreated({ id: r.id, token: r.token });
      (e.target as HTMLFormElement).reset();
      tokenList.reload();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const revoke = async (t: Token) => {
    if (!confirm(`Revoke the token "${t.name}"? Whatever uses it stops working.`)) return;
    await api(`/api/tokens/${t.id}`, { method: 'DELETE' }).catch((err: Error) => setError(err.message));
    if (created?.id === t.id) setCreated(null); // its secret is now worthless
    tokenList.reload();
  };

  const node = `import { init } from '@faultline/sdk';\n\ninit({ dsn: '${project.dsn}', release: process.env.RELEASE });`;
  // served by this Faultline at /sdk/v1/, from any page: a classic script that defines window.Faultline
  const origin = new URL(project.dsn).origin;
  const browser = `<script src="${origin}/sdk/v1/faultline.min.js" crossorigin="anonymous"></script>\n<script>\n  Faultline.init({ dsn: '${project.dsn}', release: 'RELEASE' });\n</script>`;

  return (
    <section class="settings">
      <section class="panel">
        <h2>DSN</h2>
        <div class="dsn">
          <code>{project.dsn}</code>
          <CopyButton text={project.dsn} />
        </div>
        <p class="muted small">The same DSN works for unmodified Sentry SDKs.</p>
        <h3>Node</h3>
        <pre class="code-block">{node}</pre>
        <h3>Browser, without a bundler</h3>
        <pre class="code-block" data-snippet="browser">
          {browser}
        </pre>
        <p class="muted small">
          Put it first in the page's head, and replace <code>RELEASE</code> with the version you deploy (the
          one your source maps are uploaded for). With a bundler, <code>npm install @faultline/sdk</code> and
          call <code>init</code> from <code>'@faultline/sdk'</code> as for Node.
        </p>
      </section>
      <KeysPanel project={project} admin={admin} />
      <StoragePanel project={project} admin={admin} onChanged={onProjectsChanged} />
      <section class="panel">
        <h2>API tokens</h2>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        {created && (
          <p class="notice">
            New token, shown this once: <code>{created.token}</code> <CopyButton text={created.token} />
          </p>
        )}
        <form class="row" onSubmit={createToken}>
          <input name="name" required placeholder="name, e.g. ci" aria-label="Token name" />
          <select name="scope" aria-label="Scope">
            <option value="project:write">project:write</option>
            <option value="project:read">project:read</option>
          </select>
          <button type="submit">Create token</button>
        </form>
        <div class="table-scroll">
          <table class="plain">
            <tr>
              <th>Name</th>
              <th>Scopes</th>
              <th>Projects</th>
              <th>Created</th>
              <th>Last used</th>
              <th />
            </tr>
            {tokens.map((t) => (
              <tr key={t.id}>
                <td>{t.name}</td>
                <td>{t.scopes.join(', ')}</td>
                <td class="muted">{t.project_ids ? t.project_ids.map(projectName).join(', ') : 'all'}</td>
                <td class="muted">{ago(t.created_at)}</td>
                <td class="muted">{t.last_used_at ? ago(t.last_used_at) : 'never'}</td>
                <td>
                  <button class="link" onClick={() => revoke(t)}>
                    Revoke
                  </button>
                </td>
              </tr>
            ))}
          </table>
        </div>
      </section>
      <section class="panel">
        <h2>Source maps</h2>
        {!maps.length ? (
          <p class="muted">
            None uploaded. Use <code>faultline sourcemaps upload dist --release R</code>.
          </p>
        ) : (
          <div class="table-scroll">
            <table class="plain">
              <tr>
                <th>Release</th>
                <th>File</th>
                <th class="num">Size</th>
                <th>Uploaded</th>
                <th />
              </tr>
              {maps.map((m) => (
                <tr>
                  <td>{m.release}</td>
                  <td>
                    <code>{m.url}</code>
                  </td>
                  <td class="num">{m.size < 1024 ? `${m.size} B` : `${Math.round(m.size / 1024)} KB`}</td>
                  <td class="muted">{ago(m.created_at)}</td>
                  <td>
                    <button
                      class="link"
                      aria-label={`Delete the source map of ${m.url} (${m.release})`}
                      onClick={() =>
                        confirm(
                          `Delete the source map of ${m.url} for ${m.release}? Events stay as they were.`,
                        ) &&
                        void api(`/api/projects/${project.id}/sourcemaps/${m.id}`, { method: 'DELETE' })
                          .catch((err: Error) => setError(err.message))
                          .then(() => mapList.reload())
                      }
                    >
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </table>
          </div>
        )}
      </section>
      {admin && <ProjectPanel project={project} onChanged={onProjectsChanged} />}
      {admin && <NewProjectPanel onCreated={onProjectsChanged} />}
      {me && <PasswordPanel />}
    </section>
  );
}

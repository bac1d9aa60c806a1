import { useState } from 'preact/hooks';
import { api, type Invite, type Me, type Member, type NewInvite } from './api.js';
import { CopyButton } from './copy.js';
import { ago } from './format.js';
import { useApi } from './use-api.js';
import { ErrorLine } from './error-line.js';

const ROLES = ['owner', 'admin', 'member', 'viewer'] as const;
const MEANING: Record<(typeof ROLES)[number], string> = {
  owner: 'everything, including owners',
  admin: 'everything',
  member: 'triage, deploys, source maps, alerts',
  viewer: 'read only',
};

/** Members: who is in, with which role; invites (a link to copy, emailed too when SMTP is set). */
export function MembersPage({ me }: { me: NonNullable<Me['user']> }) {
  const admin = me.role === 'owner' || me.role === 'admin';
  const users = useApi<{ users: Member[] }>('/api/users');
  const invites = useApi<{ invites: Invite[] }>(admin ? '/api/users/invites' : null);
  const [created, setCreated] = useState<NewInvite | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async (work: () => Promise<unknown>) => {
    setError(null);
    try {
      await work();
    } catch (err) {
      setError((err as Error).message);
    }
    users.reload();
    invites.reload();
  };
  const invite = (e: SubmitEvent) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    void run(async () => {
      const r = await api<NewInvite>('/api/users/invites', {
        method: 'POST',
        json: { email: String(data.get('email')), role: String(data.get('role')) },
      });
      setCreated(r);
      form.reset();
    });
  };

  return (
    <section class="settings">
      <section class="panel">
        <h2>Members</h2>
        <ErrorLine error={error} />
        <div class="table-scroll">
          <table class="plain members">
            <tr>
              <th>Name</th>
              <th>Email</th>
              <th>Role</th>
              <th>Joined</th>
              <th />
            </tr>
            {(users.data?.users ?? []).map((u) => (
              <tr key={u.id}>
                <td>{u.name || '—'}</td>
                <td>{u.email}</td>
                <td>
                  {admin ? (
                    <select
                      aria-label={`Role of ${u.email}`}
                      value={u.role}
                      onChange={(e) => {
                        const role = (e.target as HTMLSelectElement).value;
                        void run(() => api(`/api/users/${u.id}`, { method: 'PATCH', json: { role } }));
                      }}
                    >
                      {ROLES.map((r) => (
                        <option value={r}>{r}</option>
                      ))}
                    </select>
                  ) : (
                    u.role
                  )}
                </td>
                <td class="muted">{ago(u.created_at)}</td>
                <td>
                  {admin && u.id !== me.id && (
                    <button
                      class="link"
                      onClick={() =>
                        confirm(`Remove ${u.email}? Their sessions end and their API tokens stop working.`) &&
                        void run(() => api(`/api/users/${u.id}`, { method: 'DELETE' }))
                      }
                    >
                      Remove
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </table>
        </div>
        <p class="muted small">
          {ROLES.map((r) => (
            <span class="role-meaning">
              <b>{r}</b>: {MEANING[r]}.{' '}
            </span>
          ))}
        </p>
      </section>
      {admin && (
        <section class="panel">
          <h2>Invite</h2>
          {created && (
            <p class="notice" data-invite-url={created.invite_url}>
              Invite link for {created.email} (works once, for 7 days
              {created.emailed ? '; also sent by email' : ''}): <code>{created.invite_url}</code>{' '}
              <CopyButton text={created.invite_url} />
            </p>
          )}
          <form class="row" onSubmit={invite}>
            <input name="email" type="email" required placeholder="email" aria-label="Email to invite" />
            <select name="role" aria-label="Role" defaultValue="member">
              {ROLES.filter((r) => r !== 'owner' || me.role === 'owner').map((r) => (
                <option value={r}>{r}</option>
              ))}
            </select>
            <button type="submit">Create invite</button>
          </form>
          {!!invites.data?.invites.length && (
            <table class="plain">
              <tr>
                <th>Pending</th>
                <th>Role</th>
                <th>Expires</th>
                <th />
              </tr>
              {invites.data.invites.map((i) => (
                <tr key={i.id}>
                  <td>{i.email}</td>
                  <td>{i.role}</td>
                  <td class="muted">{new Date(i.expires_at).toLocaleDateString()}</td>
                  <td>
                    <button
                      class="link"
                      onClick={() => void run(() => api(`/api/users/invites/${i.id}`, { method: 'DELETE' }))}
                    >
                      Revoke
                    </button>
                  </td>
                </tr>
              ))}
            </table>
          )}
        </section>
      )}
    </section>
  );
}

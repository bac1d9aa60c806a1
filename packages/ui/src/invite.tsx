import { useState } from 'preact/hooks';
import { api } from './api.js';
import { useApi } from './use-api.js';

/** The page an invite link opens: choose a password (and a name), and you are in. */
export function AcceptInvite({ token, onAccepted }: { token: string; onAccepted: () => void }) {
  const info = useApi<{ email: string; role: string; expires_at: string }>(
    `/api/auth/invites/${encodeURIComponent(token)}`,
  );
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api('/api/auth/accept-invite', {
        method: 'POST',
        json: { token, password, ...(name.trim() ? { name: name.trim() } : {}) },
      });
      onAccepted();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  if (info.error)
    return (
      <div class="login card">
        <h1>Faultline</h1>
        <p class="error" role="alert">
          This invite cannot be used: {info.error} Ask whoever invited you for a new link.
        </p>
        <a href="/">Log in instead</a>
      </div>
    );
  if (!info.data) return <div class="center muted">Loading invite…</div>;
  return (
    <form class="login card" onSubmit={submit}>
      <h1>Join Faultline</h1>
      <p>
        You are invited as <b>{info.data.role}</b> with the email <b>{info.data.email}</b>.
      </p>
      <label>
        Your name
        <input
          autoComplete="name"
          value={name}
          onInput={(e) => setName((e.target as HTMLInputElement).value)}
        />
      </label>
      <label>
        Choose a password (10 characters or more)
        <input
          type="password"
          autoComplete="new-password"
          required
          minLength={10}
          value={password}
          onInput={(e) => setPassword((e.target as HTMLInputElement).value)}
        />
      </label>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" class="primary" disabled={busy}>
        {busy ? 'Joining…' : 'Join'}
      </button>
    </form>
  );
}

import { useState } from 'preact/hooks';
import { api } from './api.js';
import { ErrorLine } from './error-line.js';

/** Change your own password; your other sessions end. */
export function PasswordPanel() {
  const [state, setState] = useState<{ error?: string; done?: boolean }>({});
  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    setState({});
    try {
      await api('/api/auth/password', {
        method: 'POST',
        json: { current_password: String(data.get('current')), new_password: String(data.get('next')) },
      });
      form.reset();
      setState({ done: true });
    } catch (err) {
      setState({ error: (err as Error).message });
    }
  };
  return (
    <section class="panel">
      <h2>Your password</h2>
      <ErrorLine error={state.error} />
      {state.done && <p class="notice">Password changed. Your other sessions were logged out.</p>}
      <form class="row" onSubmit={submit}>
        <input
          name="current"
          type="password"
          required
          autoComplete="current-password"
          placeholder="current password"
          aria-label="Current password"
        />
        <input
          name="next"
          type="password"
          required
          minLength={10}
          autoComplete="new-password"
          placeholder="new password (10+ characters)"
          aria-label="New password"
        />
        <button type="submit">Change password</button>
      </form>
    </section>
  );
}

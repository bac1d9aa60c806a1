import type { Event } from '../../api.js';
import { Panel } from './panels.js';
import { ContextsPanel, KeyValues, RequestPanel, UserPanel } from './event-context.js';
import { Exception } from './stacktrace.js';

/** One event: its exceptions (thrown first), breadcrumbs, request, user, contexts and raw JSON. */
export function EventBody({ event, raw }: { event: Event; raw: boolean }) {
  const values = event.exception?.values ?? [];
  return (
    <section class="event">
      {event.message && !values.length && <pre class="message">{event.message}</pre>}
      {values.length > 1 && (
        <p class="muted small">Exception chain: the error thrown is shown first, then what caused it.</p>
      )}
      {[...values].reverse().map((v) => (
        <Exception value={v} raw={raw} />
      ))}
      {event.breadcrumbs.length > 0 && (
        <Panel title="Breadcrumbs">
          <table class="crumbs">
            {event.breadcrumbs.map((b) => (
              <tr>
                <td class="muted small">{b.timestamp ? new Date(b.timestamp).toLocaleTimeString() : ''}</td>
                <td class={`level level-${b.level ?? 'info'}`}>{b.level ?? 'info'}</td>
                <td>{b.category}</td>
                <td>
                  {b.message}
                  {b.data && <code class="muted small"> {JSON.stringify(b.data)}</code>}
                </td>
              </tr>
            ))}
          </table>
        </Panel>
      )}
      {Object.keys(event.tags).length > 0 && (
        <Panel title="Tags of this event">
          <KeyValues entries={Object.entries(event.tags)} label="Tags of this event" />
        </Panel>
      )}
      {event.request && <RequestPanel request={event.request} />}
      {event.user && <UserPanel user={event.user} />}
      {event.contexts && <ContextsPanel contexts={event.contexts} />}
      <details class="panel">
        <summary>Raw JSON</summary>
        <pre class="json">{JSON.stringify(event, null, 2)}</pre>
      </details>
    </section>
  );
}

import type { AlertChannel, AlertDelivery } from '../api.js';
import { ago } from '../format.js';

/** What was sent lately, and what failed and why. */
export function Deliveries({
  deliveries,
  channels,
}: {
  deliveries: AlertDelivery[];
  channels: AlertChannel[];
}) {
  const channelName = (id: number) => channels.find((c) => c.id === id)?.name ?? `#${id}`;
  return (
    <section class="panel">
      <h2>Recent deliveries</h2>
      {!deliveries.length ? (
        <p class="muted">Nothing sent yet.</p>
      ) : (
        <div class="table-scroll">
          <table class="plain deliveries">
            <tr>
              <th>When</th>
              <th>Channel</th>
              <th>What</th>
              <th>Status</th>
              <th class="num">Attempts</th>
              <th>Error</th>
            </tr>
            {deliveries.map((d) => (
              <tr key={d.id}>
                <td class="muted" title={d.created_at}>
                  {ago(d.created_at)}
                </td>
                <td>{channelName(d.channel_id)}</td>
                <td>
                  {d.trigger.replace('_', ' ')}
                  {d.issue_id !== undefined && <span class="muted"> · issue {d.issue_id}</span>}
                  {d.digest_of !== undefined && d.digest_of !== d.id && (
                    <span class="muted"> · in a digest</span>
                  )}
                </td>
                <td class={d.status === 'failed' ? 'error' : d.status === 'delivered' ? 'ok' : 'muted'}>
                  {d.status}
                </td>
                <td class="num">{d.attempts}</td>
                <td class="small error">{d.error ?? ''}</td>
              </tr>
            ))}
          </table>
        </div>
      )}
    </section>
  );
}

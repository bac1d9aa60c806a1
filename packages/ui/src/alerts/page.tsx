import type { AlertChannel, AlertDelivery, AlertRule, Project } from '../api.js';
import { useApi } from '../use-api.js';
import { Channels } from './channels.js';
import { Deliveries } from './deliveries.js';
import { Rules } from './rules.js';

/** Where a project's alerts go (channels), what sends them (rules), and what was sent (deliveries). */
export function AlertsPage({ project }: { project: Project }) {
  const base = `/api/projects/${project.id}`;
  const channels = useApi<{ channels: AlertChannel[] }>(`${base}/alert-channels`);
  const rules = useApi<{ rules: AlertRule[] }>(`${base}/alert-rules`);
  const deliveries = useApi<{ deliveries: AlertDelivery[] }>(`${base}/alert-deliveries?limit=50`);
  const error = channels.error ?? rules.error;
  if (error)
    return (
      <p class="error pad" role="alert">
        {error}
      </p>
    );
  if (!channels.data || !rules.data) return <p class="muted pad">Loading alerts…</p>;
  const changed = () => {
    channels.reload();
    rules.reload();
    deliveries.reload();
  };
  return (
    <section class="alerts">
      <Channels base={base} channels={channels.data.channels} changed={changed} />
      <Rules base={base} rules={rules.data.rules} channels={channels.data.channels} changed={changed} />
      <Deliveries deliveries={deliveries.data?.deliveries ?? []} channels={channels.data.channels} />
    </section>
  );
}

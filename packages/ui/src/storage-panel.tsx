import { useState } from 'preact/hooks';
import { api, type Project, type Usage } from './api.js';
import { ErrorLine } from './error-line.js';
import { ago, compact, plural } from './format.js';
import { useApi } from './use-api.js';

const size = (bytes: number) =>
  bytes >= 1 << 30
    ? `${(bytes / (1 << 30)).toFixed(1)} GB`
    : bytes >= 1 << 20
      ? `${(bytes / (1 << 20)).toFixed(1)} MB`
      : `${Math.round(bytes / 1024)} KB`;

/** What the project stores (events per day, kept `retention_days`), what ingest took and refused. */
export function StoragePanel({
  project,
  admin,
  onChanged,
}: {
  project: Project;
  admin: boolean;
  onChanged: () => void;
}) {
  const usage = useApi<Usage>(`/api/projects/${project.id}/usage`);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const u = usage.data;
  const save = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setSaved(false);
    const form = new FormData(e.currentTarget as HTMLFormElement);
    try {
      await api(`/api/projects/${project.id}`, {
        method: 'PATCH',
        body: JSON.stringify({
          retention_days: Number(form.get('days')),
          max_events: Number(form.get('max')),
          settings: {
            rate_limit_per_second: Number(form.get('rate') || 0),
            spike_protection: form.get('spikes') === 'on',
          },
        }),
      });
      setSaved(true);
      onChanged();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <section class="panel">
      <h2>Storage and retention</h2>
      <ErrorLine error={error ?? usage.error} />
      {u && (
        <>
          <p>
            {plural(u.stored_events, 'event')} stored ({size(u.stored_bytes)})
            {u.oldest_event_at && <>, the oldest {ago(u.oldest_event_at)}</>}. Last 24 hours:{' '}
            {compact(u.accepted_24h)} accepted, {compact(u.rate_limited_24h)} rate-limited,{' '}
            {compact(u.dropped_24h)} dropped.
          </p>
          <StoredChart days={u.stored_by_day} />
        </>
      )}
      {admin ? (
        <form class="row" onSubmit={save}>
          <label class="check" for="retention-days">
            Keep events for
          </label>
          <input
            id="retention-days"
            name="days"
            type="number"
            min={1}
            max={3650}
            required
            class="tiny"
            defaultValue={String(project.retention_days)}
            key={project.retention_days}
          />
          <span>days, at most</span>
          <input
            aria-label="Events kept at most"
            name="max"
            type="number"
            min={10}
            required
            class="narrow"
            defaultValue={String(project.max_events)}
            key={project.max_events}
          />
          <span>events; takes at most</span>
          <input
            aria-label="Events per second at most"
            name="rate"
            type="number"
            min={0}
            class="tiny"
            defaultValue={String(project.settings.rate_limit_per_second ?? 0)}
            key={`rate${project.settings.rate_limit_per_second}`}
          />
          <span>events per second (0: no limit, per server process)</span>
          <label class="check">
            <input
              type="checkbox"
              name="spikes"
              defaultChecked={project.settings.spike_protection ?? false}
              key={`spikes${project.settings.spike_protection}`}
            />
            Spike protection: refuse what goes beyond 10× the last hour's rate
          </label>
          <button type="submit">Save</button>
          {saved && <span class="ok">Saved</span>}
        </form>
      ) : (
        <p class="muted">
          Events are kept {plural(project.retention_days, 'day')}, at most {compact(project.max_events)}.
        </p>
      )}
      <p class="muted small">
        Older events are removed a day at a time. Over the cap, each issue keeps its first, latest and
        regression events and a sample of the rest. Issue counts, charts and tags stay exact.
      </p>
    </section>
  );
}

/** Events stored per day received, as bars (an SVG path: cheap, and readable as text by its label). */
function StoredChart({ days }: { days: Array<[string, number]> }) {
  if (!days.length) return null;
  const max = Math.max(1, ...days.map(([, n]) => n));
  const width = Math.max(days.length * 6, 60);
  let d = '';
  days.forEach(([, n], i) => {
    d += `M${i * 6 + 3} 40V${(40 - Math.max(1, (n / max) * 38)).toFixed(1)}`;
  });
  const first = days[0]![0].slice(0, 10);
  const last = days[days.length - 1]![0].slice(0, 10);
  return (
    <svg
      class="stored-chart"
      viewBox={`0 0 ${width} 40`}
      preserveAspectRatio="none"
      role="img"
      aria-label={`events stored per day from ${first} to ${last}, at most ${max} a day`}
    >
      <path d={d} />
    </svg>
  );
}

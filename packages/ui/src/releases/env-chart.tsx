import type { Deploy } from '../api.js';
import { EventsChart, type Series } from '../chart.js';
import type { Range } from '../range.js';
import { useApi } from '../use-api.js';

const NO_DATA: Series = [];

/** An environment's event rate over the range, with deploys drawn on it. */
export function EnvironmentChart({
  base,
  env,
  deploys,
  range,
}: {
  base: string;
  env: string;
  deploys: Deploy[];
  range: Range;
}) {
  // each chart loads on its own: one failing shows its error where it belongs
  const rate = useApi<{ stats: Partial<Record<Range, Series>> }>(
    `${base}/stats?environment=${encodeURIComponent(env)}&range=${range}`,
    { keep: true },
  );
  if (rate.error) return <p class="error">The error rate did not load: {rate.error}</p>;
  // until the new range's answer is in, the chart shows the range it has data for
  const [shown, series] = (Object.entries(rate.data?.stats ?? {})[0] ?? [range, NO_DATA]) as [Range, Series];
  return (
    <EventsChart
      series={series}
      range={shown}
      markers={deploys.map((d) => ({ at: new Date(d.finished_at).getTime(), label: d.release }))}
    />
  );
}

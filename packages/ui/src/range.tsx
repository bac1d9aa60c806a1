import { withQuery, navigate, type Route } from './router.js';

export const RANGES = ['1h', '24h', '7d', '30d'] as const;
export type Range = (typeof RANGES)[number];
export const RANGE_WORDS: Record<Range, string> = {
  '1h': 'the last hour',
  '24h': '24 hours',
  '7d': '7 days',
  '30d': '30 days',
};

/** The chart range of the URL (`?range=`), 24 hours when it names none or one not known. */
export const rangeOf = (route: Route): Range => {
  const r = route.query.get('range');
  return (RANGES as readonly string[]).includes(r ?? '') ? (r as Range) : '24h';
};

/** 1h / 24h / 7d / 30d: the range lives in the URL, so a shared link shows the same chart. */
export function RangePicker({ route }: { route: Route }) {
  const current = rangeOf(route);
  return (
    <div class="segmented" role="group" aria-label="Time range">
      {RANGES.map((r) => (
        <button
          key={r}
          aria-pressed={r === current}
          onClick={() => navigate(withQuery(route, { range: r === '24h' ? undefined : r }), true)}
        >
          {r}
        </button>
      ))}
    </div>
  );
}

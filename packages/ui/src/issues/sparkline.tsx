import { plural } from '../format.js';

/**
 * 24 hourly bars as one SVG path: a single node per row keeps a list of 100 issues cheap to render
 * (24 <rect>s per row would be 2,400 nodes).
 */
export function Sparkline({ series }: { series: Array<[string, number]> }) {
  const max = Math.max(1, ...series.map(([, n]) => n));
  let d = '';
  let total = 0;
  series.forEach(([, n], i) => {
    total += n;
    // an hour with any event stays visible next to a busy one
    if (n) d += `M${i * 3 + 1} 18V${(18 - Math.max(2, (n / max) * 17)).toFixed(1)}`;
  });
  return (
    <svg
      class="spark"
      viewBox="0 0 72 18"
      width="72"
      height="18"
      aria-label={`${plural(total, 'event')} in 24h`}
    >
      <path class="base" d="M0 17.5H72" />
      {d && <path d={d} />}
    </svg>
  );
}

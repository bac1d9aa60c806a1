/** 24 hourly bars as inline SVG: cheap enough for 100 rows. */
export function Sparkline({ series }: { series: Array<[string, number]> }) {
  const max = Math.max(1, ...series.map(([, n]) => n));
  return (
    <svg
      class="spark"
      viewBox="0 0 48 16"
      width="48"
      height="16"
      aria-label={`${series.reduce((a, [, n]) => a + n, 0)} events in 24h`}
    >
      {series.map(([, n], i) => (
        <rect x={i * 2} y={16 - (n / max) * 16} width="1.5" height={(n / max) * 16} />
      ))}
    </svg>
  );
}

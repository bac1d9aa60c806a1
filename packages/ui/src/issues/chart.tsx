import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface Marker {
  at: number; // ms
  label: string;
}

/** Events over time as bars, deploys as labelled vertical lines (a uPlot draw hook). */
export function EventsChart({ series, markers }: { series: Array<[string, number]>; markers: Marker[] }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!el.current) return;
    const xs = series.map(([t]) => new Date(t).getTime() / 1000);
    const ys = series.map(([, n]) => n);
    const css = getComputedStyle(document.documentElement);
    const accent = css.getPropertyValue('--accent').trim() || '#4f6bed';
    const deployColor = css.getPropertyValue('--deploy').trim() || '#d97706';
    const text = css.getPropertyValue('--muted').trim() || '#888';
    const drawMarkers = (u: uPlot) => {
      const { ctx } = u;
      ctx.save();
      ctx.strokeStyle = deployColor;
      ctx.fillStyle = deployColor;
      ctx.lineWidth = 1.5 * devicePixelRatio;
      ctx.font = `${11 * devicePixelRatio}px system-ui, sans-serif`;
      for (const m of markers) {
        const x = u.valToPos(m.at / 1000, 'x', true);
        if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) continue;
        ctx.beginPath();
        ctx.setLineDash([4 * devicePixelRatio, 3 * devicePixelRatio]);
        ctx.moveTo(x, u.bbox.top);
        ctx.lineTo(x, u.bbox.top + u.bbox.height);
        ctx.stroke();
        ctx.fillText(m.label, x + 4 * devicePixelRatio, u.bbox.top + 12 * devicePixelRatio);
      }
      ctx.restore();
    };
    const plot = new uPlot(
      {
        width: el.current.clientWidth || 600,
        height: 140,
        legend: { show: false },
        cursor: { y: false },
        scales: { x: { time: true } },
        axes: [
          { stroke: text, grid: { show: false } },
          { stroke: text, size: 40, grid: { stroke: 'rgba(128,128,128,0.15)' } },
        ],
        series: [
          {},
          {
            label: 'events',
            stroke: accent,
            fill: `${accent}55`,
            paths: uPlot.paths.bars!({ size: [0.7, 40] }),
            points: { show: false },
          },
        ],
        hooks: { draw: [drawMarkers] },
      },
      [xs, ys],
      el.current,
    );
    const resize = () => plot.setSize({ width: el.current?.clientWidth ?? 600, height: 140 });
    addEventListener('resize', resize);
    return () => {
      removeEventListener('resize', resize);
      plot.destroy();
    };
  }, [series, markers]);
  // the deploys drawn (inside the chart's time range), readable without looking at the canvas
  const from = series.length ? new Date(series[0]![0]).getTime() : 0;
  const to = series.length ? new Date(series[series.length - 1]![0]).getTime() + 3_600_000 : 0;
  const shown = markers.filter((m) => m.at >= from && m.at <= to).map((m) => m.label);
  return (
    <div
      ref={el}
      class="chart"
      data-markers={shown.join(' ')}
      aria-label={`Events over the last 24 hours${shown.length ? `, deploys: ${shown.join(', ')}` : ''}`}
    />
  );
}

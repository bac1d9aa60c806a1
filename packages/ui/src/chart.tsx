import { useEffect, useRef, useState } from 'preact/hooks';
import type uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { plural } from './format.js';
import { RANGE_WORDS, type Range } from './range.js';
import { clusterMarkers, type Marker } from './markers.js';

export type { Marker } from './markers.js';
export type Series = Array<[string, number]>;

/** Width of one bucket: the step between the series' points (a minute, an hour or a day). */
const bucketSeconds = (series: Series) =>
  series.length > 1 ? (new Date(series[1]![0]).getTime() - new Date(series[0]![0]).getTime()) / 1000 : 3600;

const when = (s: number) => new Date(s * 1000).toLocaleString([], { dateStyle: 'short', timeStyle: 'short' });

/**
 * Events over time as bars, deploys as dashed lines with labels that never overlap (deploys close
 * together share one label, "3 deploys"). Dragging across the chart zooms into that span;
 * "Reset zoom" or a double click goes back.
 */
export function EventsChart({
  series,
  markers,
  range = '24h',
}: {
  series: Series;
  markers: Marker[];
  range?: Range;
}) {
  const el = useRef<HTMLDivElement>(null);
  const [zoom, setZoom] = useState<[number, number] | null>(null);
  // a new range or new data starts unzoomed
  useEffect(() => setZoom(null), [series]);

  useEffect(() => {
    const root = el.current;
    if (!root) return;
    let plot: uPlot | undefined;
    let gone = false;
    // a bar stands in the middle of its bucket, and the axis runs to the end of the last one, so a
    // deploy made minutes ago is drawn rather than falling off the right edge
    const step = bucketSeconds(series);
    const xs = series.map(([t]) => new Date(t).getTime() / 1000 + step / 2);
    const full: [number, number] = [(xs[0] ?? 0) - step / 2, (xs[xs.length - 1] ?? 0) + step / 2];
    const shown = zoom ?? full;
    const ys = series.map(([, n]) => n);
    const css = getComputedStyle(document.documentElement);
    const accent = css.getPropertyValue('--accent').trim() || '#4f6bed';
    const deployColor = css.getPropertyValue('--deploy').trim() || '#d97706';
    const text = css.getPropertyValue('--muted').trim() || '#888';

    const drawMarkers = (u: uPlot) => {
      const { ctx } = u;
      const dpr = devicePixelRatio;
      ctx.save();
      ctx.strokeStyle = deployColor;
      ctx.fillStyle = deployColor;
      ctx.lineWidth = 1.5 * dpr;
      ctx.font = `${11 * dpr}px system-ui, sans-serif`;
      ctx.textAlign = 'left'; // uPlot leaves its axis text settings on the context
      ctx.textBaseline = 'alphabetic';
      const left = u.bbox.left;
      const right = left + u.bbox.width;
      const visible = markers
        .map((m) => ({ ...m, x: u.valToPos(m.at / 1000, 'x', true) }))
        .filter((m) => m.x >= left && m.x <= right);
      const clusters = clusterMarkers(visible, (label) => ctx.measureText(label).width, 6 * dpr);
      const pad = 4 * dpr;
      const line = 13 * dpr;
      const taken: Array<Array<[number, number]>> = []; // per label row, the x spans already used
      for (const c of clusters) {
        ctx.setLineDash([4 * dpr, 3 * dpr]);
        for (const x of c.xs) {
          ctx.beginPath();
          ctx.moveTo(x, u.bbox.top);
          ctx.lineTo(x, u.bbox.top + u.bbox.height);
          ctx.stroke();
        }
        // right of its line, or left when it would run off the plot, on the first free row
        const width = ctx.measureText(c.label).width;
        const x = c.xs[0]!;
        const lx = x + pad + width <= right ? x + pad : Math.max(left, x - pad - width);
        let row = taken.findIndex((spans) => spans.every(([a, b]) => lx + width + pad < a || lx > b + pad));
        if (row < 0) row = taken.push([]) - 1;
        taken[row]!.push([lx, lx + width]);
        ctx.fillText(c.label, lx, u.bbox.top + line * (row + 1) - 2 * dpr);
      }
      ctx.restore();
      // what the canvas shows, readable without looking at pixels (tests, screen readers)
      const labels = clusters.map((c) => c.label);
      root.dataset.markers = labels.join(' ');
      const [from, to] = [u.scales.x?.min ?? shown[0], u.scales.x?.max ?? shown[1]];
      const total = series.reduce((a, [t, n]) => {
        const x = new Date(t).getTime() / 1000 + step / 2;
        return x >= from && x <= to ? a + n : a;
      }, 0);
      const span = zoom ? `from ${when(from)} to ${when(to)}` : `in ${RANGE_WORDS[range]}`;
      root.setAttribute(
        'aria-label',
        `${plural(total, 'event')} ${span}${
          clusters.length ? `; deploys: ${clusters.map((c) => c.title).join(', ')}` : ''
        }`,
      );
    };

    const draw = (uPlot: typeof import('uplot')) =>
      new uPlot(
        {
          width: root.clientWidth || 600,
          height: 140,
          legend: { show: false },
          // drag to select a span: it becomes the zoom (setSelect below), not uPlot's own
          cursor: { y: false, drag: { x: true, y: false, setScale: false } },
          scales: {
            x: { time: true, range: () => shown },
            // bars start at zero, or a 3-event hour looks a tenth of a 6-event one
            y: { range: (_u, _min, max) => [0, Math.max(2, Math.ceil((max ?? 0) * 1.15))] },
          },
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
          hooks: {
            draw: [drawMarkers],
            setSelect: [
              (u) => {
                const { left, width } = u.select;
                if (width < 4) return;
                const from = u.posToVal(left, 'x');
                const to = u.posToVal(left + width, 'x');
                u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
                // at least one bucket wide: narrower shows nothing more
                if (to - from >= step) setZoom([from, to]);
              },
            ],
          },
        },
        // an empty bucket draws nothing, not a flat bar on the axis
        [xs, ys.map((n) => n || null)],
        root.querySelector<HTMLElement>('.plot')!,
      );
    // uPlot is loaded with the first chart: the issue list, the page most loads land on, does without it
    void import('uplot').then(({ default: uPlot }) => {
      if (!gone) plot = draw(uPlot);
    });
    const resize = () => plot?.setSize({ width: root.clientWidth || 600, height: 140 });
    const reset = () => setZoom(null);
    addEventListener('resize', resize);
    root.addEventListener('dblclick', reset);
    return () => {
      gone = true;
      removeEventListener('resize', resize);
      root.removeEventListener('dblclick', reset);
      plot?.destroy();
    };
  }, [series, markers, range, zoom]);

  return (
    <div class="chart-box">
      <div ref={el} class="chart" role="img" data-zoomed={zoom ? 'true' : undefined}>
        <div class="plot" />
      </div>
      {zoom && (
        <button class="link small reset-zoom" onClick={() => setZoom(null)}>
          Reset zoom
        </button>
      )}
    </div>
  );
}

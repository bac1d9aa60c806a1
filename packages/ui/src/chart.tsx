import { useEffect, useRef } from 'preact/hooks';
import type uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { plural } from './format.js';

export interface Marker {
  at: number; // ms
  label: string;
}

/** Events over time as bars, deploys as labelled vertical lines (a uPlot draw hook). */
export function EventsChart({ series, markers }: { series: Array<[string, number]>; markers: Marker[] }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const root = el.current;
    if (!root) return;
    let plot: uPlot | undefined;
    let gone = false;
    // a bar stands in the middle of its hour, and the axis runs to the end of the last hour, so a deploy
    // made minutes ago is drawn rather than falling off the right edge
    const xs = series.map(([t]) => new Date(t).getTime() / 1000 + 1800);
    const range: [number, number] = [(xs[0] ?? 0) - 1800, (xs[xs.length - 1] ?? 0) + 1800];
    const ys = series.map(([, n]) => n);
    const css = getComputedStyle(document.documentElement);
    const accent = css.getPropertyValue('--accent').trim() || '#4f6bed';
    const deployColor = css.getPropertyValue('--deploy').trim() || '#d97706';
    const text = css.getPropertyValue('--muted').trim() || '#888';
    const drawMarkers = (u: uPlot) => {
      const { ctx } = u;
      const drawn: string[] = [];
      ctx.save();
      ctx.strokeStyle = deployColor;
      ctx.fillStyle = deployColor;
      ctx.lineWidth = 1.5 * devicePixelRatio;
      ctx.font = `${11 * devicePixelRatio}px system-ui, sans-serif`;
      ctx.textAlign = 'left'; // uPlot leaves its axis text settings on the context
      ctx.textBaseline = 'alphabetic';
      const pad = 4 * devicePixelRatio;
      const line = 13 * devicePixelRatio;
      const taken: Array<Array<[number, number]>> = []; // per label row, the x spans already used
      for (const m of [...markers].sort((a, b) => a.at - b.at)) {
        const x = u.valToPos(m.at / 1000, 'x', true);
        if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) continue;
        ctx.beginPath();
        ctx.setLineDash([4 * devicePixelRatio, 3 * devicePixelRatio]);
        ctx.moveTo(x, u.bbox.top);
        ctx.lineTo(x, u.bbox.top + u.bbox.height);
        ctx.stroke();
        // the label goes right of its line, or left of it when it would run off the plot, on the
        // first row where it overlaps no other label (deploys minutes apart stay readable)
        const width = ctx.measureText(m.label).width;
        const right = x + pad + width <= u.bbox.left + u.bbox.width;
        const lx = right ? x + pad : x - pad - width;
        let row = taken.findIndex((spans) => spans.every(([a, b]) => lx + width + pad < a || lx > b + pad));
        if (row < 0) row = taken.push([]) - 1;
        taken[row]!.push([lx, lx + width]);
        ctx.fillText(m.label, lx, u.bbox.top + line * (row + 1) - 2 * devicePixelRatio);
        drawn.push(m.label);
      }
      ctx.restore();
      // what the canvas shows, readable without looking at pixels (tests, screen readers)
      root.dataset.markers = drawn.join(' ');
      const total = ys.reduce((a, n) => a + n, 0);
      root.setAttribute(
        'aria-label',
        `${plural(total, 'event')} in 24 hours${drawn.length ? `; deploys: ${drawn.join(', ')}` : ''}`,
      );
    };
    const draw = (uPlot: typeof import('uplot')) =>
      new uPlot(
        {
          width: root.clientWidth || 600,
          height: 140,
          legend: { show: false },
          cursor: { y: false },
          scales: {
            x: { time: true, range: () => range },
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
          hooks: { draw: [drawMarkers] },
        },
        // an empty hour draws nothing, not a flat bar on the axis
        [xs, ys.map((n) => n || null)],
        root,
      );
    // uPlot is loaded with the first chart: the issue list, the page most loads land on, does without it
    void import('uplot').then(({ default: uPlot }) => {
      if (!gone) plot = draw(uPlot);
    });
    const resize = () => plot?.setSize({ width: root.clientWidth || 600, height: 140 });
    addEventListener('resize', resize);
    return () => {
      gone = true;
      removeEventListener('resize', resize);
      plot?.destroy();
    };
  }, [series, markers]);
  return <div ref={el} class="chart" role="img" />;
}

import { useLayoutEffect, useRef, useState } from 'preact/hooks';

// rows in the first paint of a page load: what a 900 px high window shows (~10 rows); the rest follow in
// the next frame. Cold (fresh JIT) the rows and their first layout cost ~1 ms each, so 12 rows paint
// ~20 ms sooner than 30 did (bench/ui: median 36 ms vs 54 ms from data to pixels).
// Once warm, all rows render at once (~12 ms for 100).
const FIRST_PAINT = 12;

/**
 * How many of `rows` to render: the first screenful, then all of them a frame later. Records for
 * bench/ui: data in hand ("issues:data", marked by useApi) → first rows painted ("issues:render")
 * and → all rows painted ("issues:all").
 */
export function useProgressiveRows(rows: unknown[] | null): number {
  const [shown, setShown] = useState(FIRST_PAINT);
  const measuringRef = useRef<'first' | 'all' | null>(null);
  useLayoutEffect(() => {
    // new rows (the caller marked "issues:data" as they arrived): measure their first paint
    if (rows && performance.getEntriesByName('issues:data').length) measuringRef.current = 'first';
  }, [rows]);
  useLayoutEffect(() => {
    if (!rows) return;
    const partial = shown < rows.length;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => {
        if (measuringRef.current === 'first') {
          performance.measure('issues:render', 'issues:data');
          measuringRef.current = 'all';
        }
        if (measuringRef.current === 'all' && !partial) {
          performance.measure('issues:all', 'issues:data');
          performance.clearMarks('issues:data');
          measuringRef.current = null;
        }
        if (partial) setShown(Infinity);
      });
    });
    return () => (cancelAnimationFrame(frame), clearTimeout(timer));
  }, [rows, shown]);
  return shown;
}

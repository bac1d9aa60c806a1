import { useLayoutEffect, useRef, useState } from 'preact/hooks';

// rows in the first paint of a page load: more than a tall screen holds; the rest follow in the next
// frame. Cold (fresh JIT) 100 rows take ~60 ms in Preact and the DOM, so the screen fills ~20 ms sooner.
// Once warm, all rows render at once (~12 ms for 100).
const FIRST_PAINT = 30;

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

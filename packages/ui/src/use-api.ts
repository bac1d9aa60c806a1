import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { api } from './api.js';

export interface ApiState<T> {
  /** the answer for `url` (with `keep`, the previous URL's answer until the new one arrives) */
  data: T | null;
  /** the URL `data` answered */
  dataUrl: string | null;
  error: string | null;
  /** a request for `url` is under way */
  loading: boolean;
  /** fetch `url` again (after a change); `loading` is true from this call on */
  reload: () => void;
}

interface Loaded<T> {
  url: string | null;
  data: T | null;
  error: string | null;
  /** the reload count the answer belongs to */
  asked: number;
}

/**
 * Every data fetch of the UI. An answer is shown only for the URL it was asked for and only if no
 * newer request was made since: a slow answer to an old filter never replaces a newer one (the
 * request it belongs to is aborted). `keep` shows the previous answer, marked loading, meanwhile;
 * without it, another URL shows nothing until its own answer arrives.
 */
export function useApi<T>(
  url: string | null,
  {
    keep = false,
    mark,
  }: { keep?: boolean; /** a performance mark set as the answer arrives */ mark?: string } = {},
): ApiState<T> {
  const [loaded, setLoaded] = useState<Loaded<T>>({ url: null, data: null, error: null, asked: 0 });
  const [asked, setAsked] = useState(0);
  const latestRef = useRef(0);

  useEffect(() => {
    if (url === null) return;
    const n = ++latestRef.current;
    const abort = new AbortController();
    api<T>(url, { signal: abort.signal }).then(
      (data) => {
        if (n !== latestRef.current) return;
        if (mark) performance.mark(mark);
        setLoaded({ url, data, error: null, asked });
      },
      (e: Error) => {
        if (abort.signal.aborted || n !== latestRef.current) return;
        setLoaded((prev) => ({ url, data: prev.url === url ? prev.data : null, error: e.message, asked }));
      },
    );
    return () => abort.abort();
  }, [url, asked, mark]);

  const reload = useCallback(() => setAsked((a) => a + 1), []);
  const current = loaded.url === url;
  return {
    data: current || keep ? loaded.data : null,
    dataUrl: current || keep ? loaded.url : null,
    error: current ? loaded.error : null,
    // from a URL change or a reload() call until the answer to it is in
    loading: url !== null && (!current || loaded.asked !== asked),
    reload,
  };
}

/**
 * A ref that holds the latest committed value: for event handlers that must not see an old render.
 * Updated in a layout effect, i.e. in the same task as the render, before any later event.
 */
export function useLatest<T>(value: T) {
  const ref = useRef(value);
  useLayoutEffect(() => {
    ref.current = value;
  });
  return ref;
}

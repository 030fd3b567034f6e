/**
 * Load data for a page: loading / error / data, a reload for "retry", stale responses ignored.
 * When the page's GET was sent early (lib/preload.ts) and its answer is already here, the first
 * render has the data (api/client.ts `settledNow`): no skeleton, no second render of the page.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { settledNow, takeEarly } from '../api/client.ts';

export interface AsyncState<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  reload: () => void;
  setData: (update: (previous: T | undefined) => T | undefined) => void;
}

export function useAsync<T>(load: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[]): AsyncState<T> {
  // Read once, at the first render: the early answer, if it is already here.
  const [early] = useState(() => settledNow(() => load(new AbortController().signal)));
  const [data, setDataState] = useState<T | undefined>(early?.value);
  const [error, setError] = useState<Error | undefined>(undefined);
  const [loading, setLoading] = useState(!early);
  const [attempt, setAttempt] = useState(0);
  const loader = useRef(load);
  loader.current = load;
  const skip = useRef(early);

  useEffect(() => {
    if (skip.current) {
      // The first render showed the early answer: take it (a reload asks the server).
      takeEarly(skip.current.key);
      skip.current = undefined;
      return;
    }
    const controller = new AbortController();
    setLoading(true);
    setError(undefined);
    loader.current(controller.signal).then(
      (value) => {
        if (controller.signal.aborted) return;
        setDataState(value);
        setLoading(false);
      },
      (cause: unknown) => {
        if (controller.signal.aborted) return;
        setError(cause instanceof Error ? cause : new Error(String(cause)));
        setLoading(false);
      },
    );
    return () => controller.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  const setData = useCallback((update: (previous: T | undefined) => T | undefined) => setDataState(update), []);
  return { data, error, loading, reload, setData };
}

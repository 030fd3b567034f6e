/** Page state kept in the URL (filters, sort, page), so links and the back button keep it. */
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

export type QueryPatch = Record<string, string | number | readonly string[] | null | undefined>;

export function useQueryState() {
  const [params, setParams] = useSearchParams();
  const get = useCallback((key: string) => params.get(key) ?? undefined, [params]);
  const getAll = useCallback((key: string) => params.getAll(key), [params]);
  const getNumber = useCallback(
    (key: string, fallback: number) => {
      const value = Number(params.get(key));
      return params.has(key) && Number.isFinite(value) ? value : fallback;
    },
    [params],
  );
  const set = useCallback(
    (patch: QueryPatch, options: { resetPage?: boolean } = { resetPage: true }) => {
      setParams(
        (previous) => {
          const next = new URLSearchParams(previous);
          for (const [key, value] of Object.entries(patch)) {
            next.delete(key);
            if (value === undefined || value === null || value === '') continue;
            if (Array.isArray(value)) for (const v of value) next.append(key, v);
            else next.set(key, String(value));
          }
          if (options.resetPage && !('page' in patch)) next.delete('page');
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );
  const key = params.toString();
  return useMemo(() => ({ params, get, getAll, getNumber, set, key }), [params, get, getAll, getNumber, set, key]);
}

import type { RunPage, RunQuery, RunSummary } from '@flowgate/server/studio-contract';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, queryString } from '../api/client.ts';
import { describeError } from '../ui/describe-error.ts';

export interface RunPages {
  runs: RunSummary[];
  /** More runs match: "Load more" fetches the next page with this cursor. */
  hasMore: boolean;
  loading: boolean;
  error: string | null;
  loadMore(): void;
}

const PAGE_SIZE = 50;

/**
 * The runs matching a query, newest first, one page at a time (cursor pagination). A new query starts over;
 * answers to an older query are dropped, so typing fast never shows a stale list.
 */
export function useRunPages(projectId: string, query: RunQuery | null): RunPages {
  const [runs, setRuns] = useState<RunSummary[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const generation = useRef(0);
  const key = query === null ? null : queryString(query);

  const fetchPage = useCallback(
    async (after: string | null, append: boolean) => {
      if (key === null) return;
      const mine = generation.current;
      setLoading(true);
      try {
        const suffix = `${key === '' ? '?' : `${key}&`}${new URLSearchParams({
          limit: String(PAGE_SIZE),
          ...(after ? { cursor: after } : {}),
        })}`;
        const page = await api<RunPage>('GET', `/projects/${encodeURIComponent(projectId)}/runs${suffix}`);
        if (mine !== generation.current) return;
        setRuns((current) => (append ? [...current, ...page.runs] : page.runs));
        setCursor(page.nextCursor);
        setError(null);
      } catch (cause) {
        if (mine === generation.current) setError(describeError(cause));
      } finally {
        if (mine === generation.current) setLoading(false);
      }
    },
    [projectId, key],
  );

  useEffect(() => {
    generation.current += 1;
    setRuns([]);
    setCursor(null);
    void fetchPage(null, false);
  }, [fetchPage]);

  return {
    runs,
    hasMore: cursor !== null,
    loading,
    error,
    loadMore: () => {
      if (cursor && !loading) void fetchPage(cursor, true);
    },
  };
}

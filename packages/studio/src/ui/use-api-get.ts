import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../api/client.ts';
import { describeError } from './describe-error.ts';

export interface ApiResource<T> {
  data: T | undefined;
  /** The sentence of the last failed load, null when it succeeded. */
  error: string | null;
  loading: boolean;
  /** Loads again (after a change); resolves when that load is done, never rejects. */
  reload(): Promise<void>;
  /** Replaces the data locally (after a change whose answer is the new state). */
  setData(next: T): void;
}

/** GETs a Studio API path and keeps the answer; a null path loads nothing. Answers for an older path are dropped. */
export function useApiGet<T>(path: string | null): ApiResource<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(path !== null);
  const [version, setVersion] = useState(0);
  const waiters = useRef<(() => void)[]>([]);

  useEffect(() => {
    // `version` is read so that reload() (which bumps it) loads again.
    if (path === null || version < 0) return;
    let current = true;
    setLoading(true);
    api<T>('GET', path)
      .then((answer) => {
        if (!current) return;
        setData(answer);
        setError(null);
      })
      .catch((cause: unknown) => {
        if (current) setError(describeError(cause));
      })
      .finally(() => {
        if (!current) return;
        setLoading(false);
        const pending = waiters.current;
        waiters.current = [];
        for (const resolve of pending) resolve();
      });
    return () => {
      current = false;
    };
  }, [path, version]);

  const reload = useCallback(
    () =>
      new Promise<void>((resolve) => {
        waiters.current.push(resolve);
        setVersion((value) => value + 1);
      }),
    [],
  );
  return { data, error, loading, reload, setData };
}

import type { ReactNode } from 'react';
import { Alert } from './Alert.tsx';
import { Loading } from './Loading.tsx';
import type { ApiResource } from './use-api-get.ts';

interface LoadedProps<T> {
  resource: ApiResource<T>;
  /** Names what failed to load: "The API keys". */
  what: string;
  children(data: T): ReactNode;
}

/** A resource's data once loaded; "Loading…" before, and the error (above the last data, if any) when it fails. */
export function Loaded<T>({ resource, what, children }: LoadedProps<T>) {
  return (
    <>
      {resource.error ? <Alert title={`${what} could not be loaded`}>{resource.error}</Alert> : null}
      {resource.data === undefined ? resource.error ? null : <Loading /> : children(resource.data)}
    </>
  );
}

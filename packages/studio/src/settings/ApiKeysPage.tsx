import type { ApiKeyView } from '@flowgate/server/studio-contract';
import { useState } from 'react';
import { api } from '../api/client.ts';
import { useProject } from '../app/Layout.tsx';
import { ConfirmDialog } from '../ui/ConfirmDialog.tsx';
import { type Column, DataTable } from '../ui/DataTable.tsx';
import { EmptyState } from '../ui/EmptyState.tsx';
import { formatRelativeTime, formatTime } from '../ui/format-time.ts';
import { Loaded } from '../ui/Loaded.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { useToast } from '../ui/Toast.tsx';
import { useApiGet } from '../ui/use-api-get.ts';
import { CreateApiKeyDialog } from './CreateApiKeyDialog.tsx';
import { KeyStatusBadge } from './key-status-badge.tsx';

/** Settings → API Keys: create (shown once), list, revoke. */
export function ApiKeysPage() {
  const { project } = useProject();
  const keysPath = `/projects/${project.id}/keys`;
  const keys = useApiGet<ApiKeyView[]>(keysPath);
  const toast = useToast();
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiKeyView | null>(null);

  const columns: Column<ApiKeyView>[] = [
    { key: 'name', header: 'Name', cell: (key) => key.name },
    { key: 'key', header: 'Key', className: 'mono nowrap', cell: (key) => `${key.prefix}…${key.lastFour}` },
    { key: 'scopes', header: 'Scopes', cell: (key) => key.scopes.join(', ') },
    { key: 'created', header: 'Created', className: 'nowrap', cell: (key) => formatTime(key.createdAt) },
    {
      key: 'used',
      header: 'Last used',
      className: 'nowrap',
      cell: (key) => <span title={formatTime(key.lastUsedAt)}>{formatRelativeTime(key.lastUsedAt)}</span>,
    },
    {
      key: 'expires',
      header: 'Expires',
      className: 'nowrap',
      cell: (key) => (key.expiresAt === null ? 'Never' : formatTime(key.expiresAt)),
    },
    { key: 'status', header: 'Status', cell: (key) => <KeyStatusBadge status={key.status} /> },
    {
      key: 'actions',
      header: <span className="visually-hidden">Actions</span>,
      cell: (key) =>
        key.status === 'revoked' ? null : (
          <button
            type="button"
            className="button danger-outline small"
            aria-label={`Revoke ${key.name}`}
            onClick={() => setRevoking(key)}
          >
            Revoke
          </button>
        ),
    },
  ];

  async function revoke(key: ApiKeyView) {
    await api<ApiKeyView>('POST', `${keysPath}/${encodeURIComponent(key.id)}/revoke`);
    await keys.reload();
    toast.show(`“${key.name}” is revoked: requests with it now get 401.`);
  }

  const createButton = (
    <button type="button" className="button" onClick={() => setCreating(true)}>
      Create a New API Key
    </button>
  );

  return (
    <>
      <PageHeader
        title="API Keys"
        description="Your apps send a key as Authorization: Bearer … with the x-project-id header. A new or revoked key takes effect at once — no redeploy."
        actions={createButton}
      />
      <Loaded resource={keys} what="The API keys">
        {(rows) => (
          <DataTable
            caption="API keys"
            testId="api-keys"
            columns={columns}
            rows={rows}
            rowKey={(key) => key.id}
            empty={
              <EmptyState title="No API keys yet">
                Create a key for each app or environment that calls this project, so each can be revoked
                alone.
              </EmptyState>
            }
          />
        )}
      </Loaded>
      <CreateApiKeyDialog
        projectId={project.id}
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={() => void keys.reload()}
      />
      <ConfirmDialog
        open={revoking !== null}
        title={`Revoke “${revoking?.name ?? ''}”?`}
        confirmLabel="Revoke key"
        onClose={() => setRevoking(null)}
        onConfirm={() => (revoking ? revoke(revoking) : Promise.resolve())}
      >
        <p>
          Every request made with <code>{revoking ? `${revoking.prefix}…${revoking.lastFour}` : ''}</code>{' '}
          will fail with 401 from now on. This cannot be undone: an app that still uses it needs a new key.
        </p>
      </ConfirmDialog>
    </>
  );
}

import type { CredentialView } from '@flowgate/server/studio-contract';
import { useState } from 'react';
import { api } from '../api/client.ts';
import { useProject } from '../app/Layout.tsx';
import { Badge } from '../ui/Badge.tsx';
import { ConfirmDialog } from '../ui/ConfirmDialog.tsx';
import { type Column, DataTable } from '../ui/DataTable.tsx';
import { EmptyState } from '../ui/EmptyState.tsx';
import { formatTime } from '../ui/format-time.ts';
import { Loaded } from '../ui/Loaded.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { useToast } from '../ui/Toast.tsx';
import { useApiGet } from '../ui/use-api-get.ts';
import { CredentialDialog } from './CredentialDialog.tsx';
import { providerLabel } from './credential-providers.ts';

/** Settings → Model Credentials: which provider and key each LLM node uses. */
export function CredentialsPage() {
  const { project } = useProject();
  const path = `/projects/${project.id}/credentials`;
  const credentials = useApiGet<CredentialView[]>(path);
  const toast = useToast();
  const [editing, setEditing] = useState<'new' | CredentialView | null>(null);
  const [deleting, setDeleting] = useState<CredentialView | null>(null);

  async function remove(credential: CredentialView) {
    await api('DELETE', `${path}/${encodeURIComponent(credential.name)}`);
    await credentials.reload();
    toast.show(`Credential “${credential.name}” deleted.`);
  }

  const columns: Column<CredentialView>[] = [
    { key: 'name', header: 'Name', cell: (credential) => credential.name },
    {
      key: 'provider',
      header: 'Provider',
      className: 'nowrap',
      cell: (credential) => providerLabel(credential.provider),
    },
    {
      key: 'baseUrl',
      header: 'Base URL',
      className: 'mono',
      cell: (credential) => credential.baseUrl ?? '—',
    },
    {
      key: 'model',
      header: 'Default model',
      className: 'mono',
      cell: (credential) => credential.defaultModel ?? '—',
    },
    {
      key: 'key',
      header: 'API key',
      cell: (credential) => (credential.hasApiKey ? <Badge tone="ok">Stored</Badge> : <Badge>None</Badge>),
    },
    {
      key: 'updated',
      header: 'Updated',
      className: 'nowrap',
      cell: (credential) => formatTime(credential.updatedAt),
    },
    {
      key: 'actions',
      header: <span className="visually-hidden">Actions</span>,
      cell: (credential) => (
        <div className="button-row nowrap">
          <button
            type="button"
            className="button secondary small"
            aria-label={`Edit ${credential.name}`}
            onClick={() => setEditing(credential)}
          >
            Edit
          </button>
          <button
            type="button"
            className="button danger-outline small"
            aria-label={`Delete ${credential.name}`}
            onClick={() => setDeleting(credential)}
          >
            Delete
          </button>
        </div>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title="Model Credentials"
        description="The LLM providers your flows call. A node's model config names a credential; when this project has none of that name, the credential of the same provider is used, then the default model."
        actions={
          <button type="button" className="button" onClick={() => setEditing('new')}>
            Add a credential
          </button>
        }
      />
      <Loaded resource={credentials} what="The model credentials">
        {(rows) => (
          <DataTable
            caption="Model credentials"
            columns={columns}
            rows={rows}
            rowKey={(credential) => credential.name}
            empty={
              <EmptyState title="No model credentials yet">
                Flows with LLM nodes fail at run time, naming the credential to add, until one is set.
              </EmptyState>
            }
          />
        )}
      </Loaded>
      <CredentialDialog
        projectId={project.id}
        target={editing}
        existing={credentials.data?.map((credential) => credential.name) ?? []}
        onClose={() => setEditing(null)}
        onSaved={(credential) => {
          const added = editing === 'new';
          setEditing(null);
          void credentials.reload();
          toast.show(
            added ? `Credential “${credential.name}” added.` : `Credential “${credential.name}” saved.`,
          );
        }}
      />
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete “${deleting?.name ?? ''}”?`}
        confirmLabel="Delete credential"
        onClose={() => setDeleting(null)}
        onConfirm={() => (deleting ? remove(deleting) : Promise.resolve())}
      >
        <p>LLM nodes that use it will look for another credential of the same provider, or fail naming it.</p>
      </ConfirmDialog>
    </>
  );
}

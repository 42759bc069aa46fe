import type { SecretView } from '@flowgate/server/studio-contract';
import { useState } from 'react';
import { api } from '../api/client.ts';
import { useProject } from '../app/Layout.tsx';
import { ConfirmDialog } from '../ui/ConfirmDialog.tsx';
import { type Column, DataTable } from '../ui/DataTable.tsx';
import { EmptyState } from '../ui/EmptyState.tsx';
import { formatTime } from '../ui/format-time.ts';
import { Loaded } from '../ui/Loaded.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { useToast } from '../ui/Toast.tsx';
import { useApiGet } from '../ui/use-api-get.ts';
import { SecretDialog } from './SecretDialog.tsx';

/** Settings → Secrets: named values flows read as {{secrets.project.NAME}}; set, replace, delete, never shown. */
export function SecretsPage() {
  const { project } = useProject();
  const path = `/projects/${project.id}/secrets`;
  const secrets = useApiGet<SecretView[]>(path);
  const toast = useToast();
  const [editing, setEditing] = useState<'new' | string | null>(null);
  const [deleting, setDeleting] = useState<SecretView | null>(null);

  async function remove(secret: SecretView) {
    await api('DELETE', `${path}/${encodeURIComponent(secret.name)}`);
    await secrets.reload();
    toast.show(`Secret “${secret.name}” deleted.`);
  }

  const columns: Column<SecretView>[] = [
    { key: 'name', header: 'Name', className: 'mono', cell: (secret) => secret.name },
    {
      key: 'template',
      header: 'In a flow',
      className: 'mono nowrap',
      cell: (secret) => `{{secrets.project.${secret.name}}}`,
    },
    { key: 'value', header: 'Value', cell: () => <span className="muted">•••••••• (hidden)</span> },
    {
      key: 'updated',
      header: 'Updated',
      className: 'nowrap',
      cell: (secret) => formatTime(secret.updatedAt),
    },
    {
      key: 'actions',
      header: <span className="visually-hidden">Actions</span>,
      cell: (secret) => (
        <div className="button-row nowrap">
          <button
            type="button"
            className="button secondary small"
            aria-label={`Replace the value of ${secret.name}`}
            onClick={() => setEditing(secret.name)}
          >
            Replace
          </button>
          <button
            type="button"
            className="button danger-outline small"
            aria-label={`Delete ${secret.name}`}
            onClick={() => setDeleting(secret)}
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
        title="Secrets"
        description="Tokens and passwords your flows need (an HTTP node's header, a code node's credentials). Values are encrypted and never shown again; a change takes effect on the next run, no redeploy."
        actions={
          <button type="button" className="button" onClick={() => setEditing('new')}>
            Add a secret
          </button>
        }
      />
      <Loaded resource={secrets} what="The secrets">
        {(rows) => (
          <DataTable
            caption="Secrets"
            columns={columns}
            rows={rows}
            rowKey={(secret) => secret.name}
            empty={
              <EmptyState title="No secrets yet">
                Add one, then write its template in a node's field.
              </EmptyState>
            }
          />
        )}
      </Loaded>
      <SecretDialog
        projectId={project.id}
        target={editing}
        existing={secrets.data?.map((secret) => secret.name) ?? []}
        onClose={() => setEditing(null)}
        onSaved={(secret, replaced) => {
          setEditing(null);
          void secrets.reload();
          toast.show(
            replaced ? `The value of “${secret.name}” is replaced.` : `Secret “${secret.name}” added.`,
          );
        }}
      />
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete “${deleting?.name ?? ''}”?`}
        confirmLabel="Delete secret"
        onClose={() => setDeleting(null)}
        onConfirm={() => (deleting ? remove(deleting) : Promise.resolve())}
      >
        <p>
          Flows that read <code>{`{{secrets.project.${deleting?.name ?? ''}}}`}</code> will get an empty value
          from the next run on. This cannot be undone.
        </p>
      </ConfirmDialog>
    </>
  );
}

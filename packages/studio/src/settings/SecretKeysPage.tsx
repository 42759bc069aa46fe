import type { CreatedSecretKeyView, SecretKeyView } from '@flowgate/server/studio-contract';
import { useState } from 'react';
import { api } from '../api/client.ts';
import { useProject } from '../app/Layout.tsx';
import { ConfirmDialog } from '../ui/ConfirmDialog.tsx';
import { type Column, DataTable } from '../ui/DataTable.tsx';
import { describeError } from '../ui/describe-error.ts';
import { EmptyState } from '../ui/EmptyState.tsx';
import { formatTime } from '../ui/format-time.ts';
import { Loaded } from '../ui/Loaded.tsx';
import { Modal } from '../ui/Modal.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { useToast } from '../ui/Toast.tsx';
import { useApiGet } from '../ui/use-api-get.ts';
import { KeyStatusBadge } from './key-status-badge.tsx';
import { SecretShownOnce } from './SecretShownOnce.tsx';

/** Settings → Secret Keys: the HS256 secrets your backend signs access tokens with. */
export function SecretKeysPage() {
  const { project } = useProject();
  const path = `/projects/${project.id}/secret-keys`;
  const secretKeys = useApiGet<SecretKeyView[]>(path);
  const toast = useToast();
  const [created, setCreated] = useState<CreatedSecretKeyView | null>(null);
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<SecretKeyView | null>(null);

  async function create() {
    setCreating(true);
    try {
      setCreated(await api<CreatedSecretKeyView>('POST', path));
      await secretKeys.reload();
    } catch (cause) {
      toast.show(`No secret key was created: ${describeError(cause)}`, 'danger');
    } finally {
      setCreating(false);
    }
  }

  async function revoke(secretKey: SecretKeyView) {
    await api<SecretKeyView>('POST', `${path}/${encodeURIComponent(secretKey.id)}/revoke`);
    await secretKeys.reload();
    toast.show('The secret key is revoked: tokens signed with it are refused.');
  }

  const columns: Column<SecretKeyView>[] = [
    { key: 'id', header: 'ID', className: 'mono', cell: (secretKey) => secretKey.id },
    {
      key: 'created',
      header: 'Created',
      className: 'nowrap',
      cell: (secretKey) => formatTime(secretKey.createdAt),
    },
    {
      key: 'revoked',
      header: 'Revoked',
      className: 'nowrap',
      cell: (secretKey) => formatTime(secretKey.revokedAt),
    },
    { key: 'status', header: 'Status', cell: (secretKey) => <KeyStatusBadge status={secretKey.status} /> },
    {
      key: 'actions',
      header: <span className="visually-hidden">Actions</span>,
      cell: (secretKey) =>
        secretKey.status === 'revoked' ? null : (
          <button
            type="button"
            className="button danger-outline small"
            aria-label={`Revoke secret key ${secretKey.id}`}
            onClick={() => setRevoking(secretKey)}
          >
            Revoke
          </button>
        ),
    },
  ];

  return (
    <>
      <PageHeader
        title="Secret Keys"
        description={
          <>
            For browsers and mobile apps: your backend signs a short-lived access token (JWT, HS256, claim{' '}
            <code>project_id</code>) with a secret key, and the client sends it as{' '}
            <code>X-Lamatic-Signature</code> instead of an API key.
          </>
        }
        actions={
          <button type="button" className="button" disabled={creating} onClick={() => void create()}>
            {creating ? 'Creating…' : 'Create a secret key'}
          </button>
        }
      />
      <Loaded resource={secretKeys} what="The secret keys">
        {(rows) => (
          <DataTable
            caption="Secret keys"
            columns={columns}
            rows={rows}
            rowKey={(secretKey) => secretKey.id}
            empty={
              <EmptyState title="No secret keys yet">
                Create one when a browser or phone app must call your flows without holding an API key.
              </EmptyState>
            }
          />
        )}
      </Loaded>
      <Modal open={created !== null} title="Your new secret key" onClose={() => setCreated(null)}>
        {created ? (
          <div className="form">
            <SecretShownOnce label="secret key" secret={created.secret} testId="created-secret-key" />
            <div className="form-actions">
              <button type="button" className="button" onClick={() => setCreated(null)}>
                Done
              </button>
            </div>
          </div>
        ) : null}
      </Modal>
      <ConfirmDialog
        open={revoking !== null}
        title="Revoke this secret key?"
        confirmLabel="Revoke secret key"
        onClose={() => setRevoking(null)}
        onConfirm={() => (revoking ? revoke(revoking) : Promise.resolve())}
      >
        <p>Access tokens signed with it will be refused with 403 from now on. This cannot be undone.</p>
      </ConfirmDialog>
    </>
  );
}

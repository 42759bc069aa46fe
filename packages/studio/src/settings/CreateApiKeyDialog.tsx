import type { ApiKeyScope, CreateApiKeyRequest, CreatedApiKeyView } from '@flowgate/server/studio-contract';
import { type FormEvent, useState } from 'react';
import { api } from '../api/client.ts';
import { Alert } from '../ui/Alert.tsx';
import { describeError, fieldErrorsOf } from '../ui/describe-error.ts';
import { SelectField, TextField } from '../ui/Field.tsx';
import { FormActions } from '../ui/FormActions.tsx';
import { Modal } from '../ui/Modal.tsx';
import { API_KEY_SCOPES } from './api-key-scopes.ts';
import { EXPIRY_OPTIONS, type ExpiryChoice, expiresInFor } from './expiry-options.ts';
import { SecretShownOnce } from './SecretShownOnce.tsx';

interface CreateApiKeyDialogProps {
  projectId: string;
  open: boolean;
  onClose(): void;
  /** Told as soon as the key exists (the list refreshes behind the dialog). */
  onCreated(created: CreatedApiKeyView): void;
}

/** Creates an API key, then shows it once with its copy button until the dialog is closed. */
export function CreateApiKeyDialog({ projectId, open, onClose, onCreated }: CreateApiKeyDialogProps) {
  const [created, setCreated] = useState<CreatedApiKeyView | null>(null);
  function close() {
    setCreated(null);
    onClose();
  }
  return (
    <Modal open={open} title={created ? 'Your new API key' : 'Create a New API Key'} onClose={close}>
      {created ? (
        <div className="form">
          <SecretShownOnce label="API key" secret={created.secret} testId="created-api-key" />
          <p className="muted flush">
            Send it as <code>Authorization: Bearer …</code>. It works at once — no redeploy needed.
          </p>
          <div className="form-actions">
            <button type="button" className="button" onClick={close}>
              Done
            </button>
          </div>
        </div>
      ) : (
        <CreateApiKeyForm
          projectId={projectId}
          onCancel={close}
          onCreated={(answer) => {
            setCreated(answer);
            onCreated(answer);
          }}
        />
      )}
    </Modal>
  );
}

interface FormProblems {
  name?: string | undefined;
  expiresIn?: string | undefined;
  scopes?: string | undefined;
}

function CreateApiKeyForm({
  projectId,
  onCancel,
  onCreated,
}: {
  projectId: string;
  onCancel(): void;
  onCreated(created: CreatedApiKeyView): void;
}) {
  const [name, setName] = useState('');
  const [expiry, setExpiry] = useState<ExpiryChoice>('never');
  const [custom, setCustom] = useState('');
  const [scopes, setScopes] = useState<ApiKeyScope[]>(API_KEY_SCOPES.map((item) => item.scope));
  const [problems, setProblems] = useState<FormProblems>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const expiresIn = expiresInFor(expiry, custom);
    const found: FormProblems = {
      name: name.trim() === '' ? 'Name the key after what uses it, e.g. "Production backend".' : undefined,
      expiresIn: expiresIn.error,
      scopes: scopes.length === 0 ? 'Pick at least one scope: a key without any can do nothing.' : undefined,
    };
    setProblems(found);
    setError(null);
    if (found.name || found.expiresIn || found.scopes) return;
    setBusy(true);
    try {
      const request: CreateApiKeyRequest = { name: name.trim(), scopes };
      if (expiresIn.expiresIn) request.expiresIn = expiresIn.expiresIn;
      onCreated(await api<CreatedApiKeyView>('POST', `/projects/${projectId}/keys`, request));
    } catch (cause) {
      const fields = fieldErrorsOf(cause);
      setProblems({ name: fields.name, expiresIn: fields.expiresIn, scopes: fields.scopes });
      if (!fields.name && !fields.expiresIn && !fields.scopes) setError(describeError(cause));
      setBusy(false);
    }
  }

  function toggle(scope: ApiKeyScope, on: boolean) {
    setScopes((current) =>
      API_KEY_SCOPES.map((item) => item.scope).filter((item) =>
        item === scope ? on : current.includes(item),
      ),
    );
  }

  return (
    <form className="form" onSubmit={(event) => void submit(event)} noValidate>
      <TextField
        label="Name"
        name="name"
        value={name}
        onChange={setName}
        error={problems.name}
        required
        autoFocus
        placeholder="Production backend"
        hint="Shown in the key list and in Logs, next to each request it made."
      />
      <SelectField<ExpiryChoice>
        label="Expires"
        name="expiry"
        value={expiry}
        options={EXPIRY_OPTIONS}
        onChange={setExpiry}
        error={expiry === 'custom' ? null : problems.expiresIn}
      />
      {expiry === 'custom' ? (
        <TextField
          label="Expires after"
          name="expiresIn"
          value={custom}
          onChange={setCustom}
          error={problems.expiresIn}
          placeholder="12h"
          hint="A whole number and a unit: s, m, h or d (90s, 15m, 12h, 30d)."
          monospace
        />
      ) : null}
      <fieldset className="fieldset">
        <legend>Scopes</legend>
        {API_KEY_SCOPES.map((item) => (
          <label className="checkbox" key={item.scope}>
            <input
              type="checkbox"
              name="scopes"
              value={item.scope}
              checked={scopes.includes(item.scope)}
              onChange={(event) => toggle(item.scope, event.target.checked)}
            />
            <span>
              {item.label} <code className="muted">{item.scope}</code>
              <span className="field-hint"> — {item.description}</span>
            </span>
          </label>
        ))}
        {problems.scopes ? (
          <p className="field-error" role="alert">
            {problems.scopes}
          </p>
        ) : null}
      </fieldset>
      {error ? <Alert>{error}</Alert> : null}
      <FormActions busy={busy} busyLabel="Creating…" submitLabel="Create key" onCancel={onCancel} />
    </form>
  );
}

import type {
  CredentialProvider,
  CredentialView,
  PutCredentialRequest,
} from '@flowgate/server/studio-contract';
import { type FormEvent, useState } from 'react';
import { api } from '../api/client.ts';
import { Alert } from '../ui/Alert.tsx';
import { describeError, fieldErrorsOf } from '../ui/describe-error.ts';
import { SelectField, TextField } from '../ui/Field.tsx';
import { FormActions } from '../ui/FormActions.tsx';
import { Modal } from '../ui/Modal.tsx';
import { CREDENTIAL_PROVIDERS, checkBaseUrl } from './credential-providers.ts';

interface CredentialDialogProps {
  projectId: string;
  /** null = closed; 'new' = add; a credential = edit it. */
  target: 'new' | CredentialView | null;
  existing: readonly string[];
  onClose(): void;
  onSaved(credential: CredentialView): void;
}

/** Adds or edits a model credential. The API key is write-only: empty on an edit keeps the stored one. */
export function CredentialDialog({ projectId, target, existing, onClose, onSaved }: CredentialDialogProps) {
  const editing = target !== null && target !== 'new' ? target : null;
  return (
    <Modal
      open={target !== null}
      title={editing ? `Edit “${editing.name}”` : 'Add a model credential'}
      onClose={onClose}
    >
      <CredentialForm
        projectId={projectId}
        editing={editing}
        existing={existing}
        onCancel={onClose}
        onSaved={onSaved}
      />
    </Modal>
  );
}

type Problems = Partial<Record<'name' | 'provider' | 'baseUrl' | 'apiKey' | 'defaultModel', string | null>>;

function CredentialForm({
  projectId,
  editing,
  existing,
  onCancel,
  onSaved,
}: {
  projectId: string;
  editing: CredentialView | null;
  existing: readonly string[];
  onCancel(): void;
  onSaved(credential: CredentialView): void;
}) {
  const [name, setName] = useState(editing?.name ?? '');
  const [provider, setProvider] = useState<CredentialProvider>(editing?.provider ?? 'openai');
  const [baseUrl, setBaseUrl] = useState(editing?.baseUrl ?? '');
  const [apiKey, setApiKey] = useState('');
  const [defaultModel, setDefaultModel] = useState(editing?.defaultModel ?? '');
  const [problems, setProblems] = useState<Problems>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const compatible = provider === 'openai-compatible';
  const modelHint = CREDENTIAL_PROVIDERS.find((item) => item.value === provider)?.modelHint ?? '';

  function check(): Problems {
    const trimmed = name.trim();
    return {
      name:
        trimmed === ''
          ? 'Name the credential, e.g. "OpenAI production"; imported flows look credentials up by name.'
          : editing === null && existing.includes(trimmed)
            ? `“${trimmed}” exists already: edit it from its row.`
            : null,
      baseUrl: compatible ? checkBaseUrl(baseUrl) : null,
      apiKey:
        editing === null && !compatible && apiKey.trim() === ''
          ? 'Paste the provider’s API key; it is stored encrypted and never shown again.'
          : null,
    };
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = check();
    setProblems(found);
    setError(null);
    if (Object.values(found).some(Boolean)) return;
    setBusy(true);
    const request: PutCredentialRequest = { provider };
    if (compatible) request.baseUrl = baseUrl.trim();
    if (apiKey.trim() !== '') request.apiKey = apiKey.trim();
    if (defaultModel.trim() !== '') request.defaultModel = defaultModel.trim();
    try {
      const path = `/projects/${projectId}/credentials/${encodeURIComponent(name.trim())}`;
      onSaved(await api<CredentialView>('PUT', path, request));
    } catch (cause) {
      const fields = fieldErrorsOf(cause);
      setProblems(fields);
      if (Object.keys(fields).length === 0) setError(describeError(cause));
      setBusy(false);
    }
  }

  return (
    <form className="form" onSubmit={(event) => void submit(event)} noValidate>
      {editing === null ? (
        <TextField
          label="Name"
          name="name"
          value={name}
          onChange={setName}
          error={problems.name}
          required
          autoFocus
          placeholder="OpenAI production"
          hint="A flow's model config names a credential; when none matches, the one of the same provider is used."
        />
      ) : null}
      <SelectField<CredentialProvider>
        label="Provider"
        name="provider"
        value={provider}
        options={CREDENTIAL_PROVIDERS}
        onChange={setProvider}
        error={problems.provider}
      />
      {compatible ? (
        <TextField
          label="Base URL"
          name="baseUrl"
          type="url"
          value={baseUrl}
          onChange={setBaseUrl}
          error={problems.baseUrl}
          required
          monospace
          placeholder="http://127.0.0.1:11434/v1"
          hint="The URL that ends before /chat/completions."
        />
      ) : null}
      <TextField
        label="API key"
        name="apiKey"
        type="password"
        autoComplete="off"
        value={apiKey}
        onChange={setApiKey}
        error={problems.apiKey}
        required={editing === null && !compatible}
        monospace
        hint={
          editing?.hasApiKey
            ? 'A key is stored. Leave this empty to keep it, or paste a new one to replace it.'
            : compatible
              ? 'Leave empty if the server needs none (a local Ollama).'
              : 'Write-only: stored encrypted, never shown again.'
        }
      />
      <TextField
        label="Default model"
        name="defaultModel"
        value={defaultModel}
        onChange={setDefaultModel}
        error={problems.defaultModel}
        monospace
        placeholder={modelHint}
        hint="Used by nodes whose model config is a placeholder (as in many imported kits). Optional."
      />
      {error ? <Alert>{error}</Alert> : null}
      <FormActions
        busy={busy}
        busyLabel="Saving…"
        submitLabel={editing ? 'Save changes' : 'Add credential'}
        onCancel={onCancel}
      />
    </form>
  );
}

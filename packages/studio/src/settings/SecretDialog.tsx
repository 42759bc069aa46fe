import type { PutSecretRequest, SecretView } from '@flowgate/server/studio-contract';
import { type FormEvent, useState } from 'react';
import { api } from '../api/client.ts';
import { Alert } from '../ui/Alert.tsx';
import { describeError, fieldErrorsOf } from '../ui/describe-error.ts';
import { Field, TextField } from '../ui/Field.tsx';
import { FormActions } from '../ui/FormActions.tsx';
import { Modal } from '../ui/Modal.tsx';
import { checkSecretName } from './secret-name.ts';

interface SecretDialogProps {
  projectId: string;
  /** null = closed; 'new' = add one; a name = replace that secret's value. */
  target: 'new' | string | null;
  existing: readonly string[];
  onClose(): void;
  onSaved(secret: SecretView, replaced: boolean): void;
}

/** Sets a secret's value (new or replacing). The value is write-only: never read back. */
export function SecretDialog({ projectId, target, existing, onClose, onSaved }: SecretDialogProps) {
  const replacing = target !== null && target !== 'new';
  return (
    <Modal
      open={target !== null}
      title={replacing ? `Replace “${target}”` : 'Add a secret'}
      onClose={onClose}
    >
      <SecretForm
        projectId={projectId}
        fixedName={replacing ? target : null}
        existing={existing}
        onCancel={onClose}
        onSaved={onSaved}
      />
    </Modal>
  );
}

function SecretForm({
  projectId,
  fixedName,
  existing,
  onCancel,
  onSaved,
}: {
  projectId: string;
  fixedName: string | null;
  existing: readonly string[];
  onCancel(): void;
  onSaved(secret: SecretView, replaced: boolean): void;
}) {
  const [name, setName] = useState(fixedName ?? '');
  const [value, setValue] = useState('');
  const [problems, setProblems] = useState<{ name?: string | null; value?: string | null }>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const trimmed = name.trim();
    const nameProblem =
      fixedName === null && existing.includes(trimmed)
        ? `“${trimmed}” exists already: use Replace on its row to change its value.`
        : checkSecretName(trimmed);
    const found = { name: nameProblem, value: value === '' ? 'Type or paste the value.' : null };
    setProblems(found);
    setError(null);
    if (found.name || found.value) return;
    setBusy(true);
    try {
      const request: PutSecretRequest = { value };
      const saved = await api<SecretView>(
        'PUT',
        `/projects/${projectId}/secrets/${encodeURIComponent(trimmed)}`,
        request,
      );
      onSaved(saved, fixedName !== null);
    } catch (cause) {
      const fields = fieldErrorsOf(cause);
      setProblems({ name: fields.name ?? null, value: fields.value ?? null });
      if (!fields.name && !fields.value) setError(describeError(cause));
      setBusy(false);
    }
  }

  return (
    <form className="form" onSubmit={(event) => void submit(event)} noValidate>
      {fixedName === null ? (
        <TextField
          label="Name"
          name="name"
          value={name}
          onChange={setName}
          error={problems.name}
          required
          autoFocus
          monospace
          placeholder="CRM_TOKEN"
          hint={
            <>
              Flows read it as <code>{`{{secrets.project.${name.trim() || 'NAME'}}}`}</code>.
            </>
          }
        />
      ) : null}
      <Field
        label={fixedName === null ? 'Value' : 'New value'}
        error={problems.value}
        required
        hint="Stored encrypted. It is never shown again, not even here."
      >
        {(control) => (
          <textarea
            {...control}
            name="value"
            className="input mono"
            value={value}
            // biome-ignore lint/a11y/noAutofocus: the dialog opens on the value when the name is fixed.
            autoFocus={fixedName !== null}
            data-autofocus={fixedName !== null ? true : undefined}
            autoComplete="off"
            spellCheck={false}
            onChange={(event) => setValue(event.target.value)}
          />
        )}
      </Field>
      {error ? <Alert>{error}</Alert> : null}
      <FormActions
        busy={busy}
        busyLabel="Saving…"
        submitLabel={fixedName === null ? 'Add secret' : 'Replace value'}
        onCancel={onCancel}
      />
    </form>
  );
}

import type { CreateProjectRequest, ProjectView } from '@flowgate/server/studio-contract';
import { type FormEvent, useState } from 'react';
import { api } from '../api/client.ts';
import { Alert } from '../ui/Alert.tsx';
import { describeError, fieldErrorsOf } from '../ui/describe-error.ts';
import { TextField } from '../ui/Field.tsx';
import { FormActions } from '../ui/FormActions.tsx';
import { Modal } from '../ui/Modal.tsx';

interface CreateProjectDialogProps {
  open: boolean;
  onClose(): void;
  onCreated(project: ProjectView): void;
}

const MAX_NAME_LENGTH = 100;

/** Asks for a project's name and creates it. */
export function CreateProjectDialog({ open, onClose, onCreated }: CreateProjectDialogProps) {
  return (
    <Modal open={open} title="Create a project" onClose={onClose}>
      <CreateProjectForm onCancel={onClose} onCreated={onCreated} />
    </Modal>
  );
}

function CreateProjectForm({
  onCancel,
  onCreated,
}: {
  onCancel(): void;
  onCreated(project: ProjectView): void;
}) {
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const trimmed = name.trim();
    const problem =
      trimmed === ''
        ? 'Give the project a name, e.g. "Support bot".'
        : trimmed.length > MAX_NAME_LENGTH
          ? `The name has ${trimmed.length} characters; keep it to ${MAX_NAME_LENGTH}.`
          : null;
    setNameError(problem);
    setError(null);
    if (problem) return;
    setBusy(true);
    try {
      const request: CreateProjectRequest = { name: trimmed };
      onCreated(await api<ProjectView>('POST', '/projects', request));
    } catch (cause) {
      const fields = fieldErrorsOf(cause);
      if (fields.name) setNameError(fields.name);
      else setError(describeError(cause));
      setBusy(false);
    }
  }

  return (
    <form className="form" onSubmit={(event) => void submit(event)} noValidate>
      <p className="muted">
        A project holds flows, their deployments, API keys, secrets and logs. Each has its own Project ID and
        GraphQL endpoint.
      </p>
      <TextField
        label="Project name"
        name="name"
        value={name}
        onChange={setName}
        error={nameError}
        required
        autoFocus
        placeholder="Support bot"
      />
      {error ? <Alert>{error}</Alert> : null}
      <FormActions busy={busy} busyLabel="Creating…" submitLabel="Create project" onCancel={onCancel} />
    </form>
  );
}

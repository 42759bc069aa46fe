import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert } from '../ui/Alert.tsx';
import { describeError, fieldErrorsOf } from '../ui/describe-error.ts';
import { TextField } from '../ui/Field.tsx';
import { FormActions } from '../ui/FormActions.tsx';
import { Modal } from '../ui/Modal.tsx';
import { flowApi } from './flow-api.ts';
import { flowIdFromName, newFlowDefinition } from './new-flow.ts';

const FLOW_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$/;

/** Names a new flow (its id follows the name unless edited) and opens it in the editor. */
export function NewFlowDialog({
  projectId,
  open,
  onClose,
}: {
  projectId: string;
  open: boolean;
  onClose(): void;
}) {
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [flowId, setFlowId] = useState('');
  const [idEdited, setIdEdited] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const effectiveId = idEdited ? flowId : flowIdFromName(name);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (name.trim() === '') found.name = 'Give the flow a name, e.g. "Support bot".';
    if (!FLOW_ID.test(effectiveId)) {
      found.id =
        'Use letters, digits, - and _ (up to 80), starting with a letter or digit, e.g. support-bot.';
    }
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    setError(null);
    try {
      await flowApi.create(projectId, newFlowDefinition(effectiveId, name.trim()));
      onClose();
      void navigate(`/projects/${projectId}/flows/${encodeURIComponent(effectiveId)}`);
    } catch (cause) {
      setErrors(fieldErrorsOf(cause));
      setError(describeError(cause));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal open={open} title="New flow" onClose={onClose} size="small">
      <form className="form" onSubmit={(event) => void submit(event)} noValidate>
        <p className="muted">
          It starts as an API Request trigger answered by an API Response; add nodes between them.
        </p>
        <TextField label="Name" value={name} onChange={setName} error={errors.name} required autoFocus />
        <TextField
          label="Flow ID"
          value={effectiveId}
          onChange={(value) => {
            setIdEdited(true);
            setFlowId(value);
          }}
          hint="Clients send it as workflowId; it cannot change later."
          error={errors.id ?? errors['definition.id']}
          monospace
          required
        />
        {error && <Alert>{error}</Alert>}
        <FormActions submitLabel="Create flow" busyLabel="Creating…" busy={busy} onCancel={onClose} />
      </form>
    </Modal>
  );
}

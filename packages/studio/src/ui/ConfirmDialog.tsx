import { type ReactNode, useState } from 'react';
import { Alert } from './Alert.tsx';
import { describeError } from './describe-error.ts';
import { Modal } from './Modal.tsx';

interface ConfirmDialogProps {
  open: boolean;
  title: string;
  /** What will happen, in plain words (and whether it can be undone). */
  children: ReactNode;
  confirmLabel: string;
  tone?: 'danger' | 'primary';
  /** Runs the action; the dialog stays open and shows the error if it throws, and closes when it resolves. */
  onConfirm(): Promise<void>;
  onClose(): void;
}

/** Asks before an action that cannot be undone. Cancel has the focus first, so Enter never destroys by accident. */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  tone = 'danger',
  onConfirm,
  onClose,
}: ConfirmDialogProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      onClose();
    } catch (cause) {
      setError(describeError(cause));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={open}
      title={title}
      size="small"
      onClose={() => {
        setError(null);
        onClose();
      }}
      footer={
        <>
          {/* biome-ignore lint/a11y/noAutofocus: a dialog that destroys opens on Cancel, so Enter is safe. */}
          <button type="button" className="button secondary" onClick={onClose} autoFocus data-autofocus>
            Cancel
          </button>
          <button
            type="button"
            className={tone === 'danger' ? 'button danger' : 'button'}
            disabled={busy}
            onClick={() => void confirm()}
          >
            {busy ? 'Working…' : confirmLabel}
          </button>
        </>
      }
    >
      <div className="confirm-text">{children}</div>
      {error ? <Alert>{error}</Alert> : null}
    </Modal>
  );
}

interface FormActionsProps {
  /** The submit button's words, e.g. "Create key". */
  submitLabel: string;
  /** Shown on the submit button while the request runs, e.g. "Creating…". */
  busyLabel: string;
  busy: boolean;
  onCancel(): void;
}

/** A dialog form's Cancel and submit buttons, right-aligned. */
export function FormActions({ submitLabel, busyLabel, busy, onCancel }: FormActionsProps) {
  return (
    <div className="form-actions">
      <button type="button" className="button secondary" onClick={onCancel}>
        Cancel
      </button>
      <button type="submit" className="button" disabled={busy}>
        {busy ? busyLabel : submitLabel}
      </button>
    </div>
  );
}

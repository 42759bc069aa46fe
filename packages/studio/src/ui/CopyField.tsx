import { useId, useRef } from 'react';
import { CopyButton } from './CopyButton.tsx';

interface CopyFieldProps {
  label: string;
  value: string;
  hint?: string;
  /** A test id for the value, e.g. "project-id". */
  testId?: string;
}

/** A read-only value (an id, a URL, a key) in monospace with a copy button. */
export function CopyField({ label, value, hint, testId }: CopyFieldProps) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  return (
    <div className="field copy-field">
      <label htmlFor={id}>{label}</label>
      <div className="copy-row">
        <input
          ref={input}
          id={id}
          className="input mono"
          readOnly
          value={value}
          data-testid={testId}
          onFocus={(event) => event.target.select()}
          aria-describedby={hint ? `${id}-hint` : undefined}
        />
        <CopyButton value={value} label={`Copy ${label}`} target={input} />
      </div>
      {hint ? (
        <div className="field-hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
    </div>
  );
}

import { useRef } from 'react';
import { CopyButton } from '../ui/CopyButton.tsx';

interface SecretShownOnceProps {
  /** What it is, e.g. "API key". */
  label: string;
  secret: string;
  testId?: string;
}

/** A freshly made secret, the only time it can be read, with its copy button and the warning. */
export function SecretShownOnce({ label, secret, testId }: SecretShownOnceProps) {
  const value = useRef<HTMLElement>(null);
  return (
    <div className="secret-once">
      <p className="secret-warning" role="alert">
        Copy it now — you won't see it again.
      </p>
      <span className="visually-hidden">Your new {label}:</span>
      <code ref={value} className="secret-value" data-testid={testId}>
        {secret}
      </code>
      <div className="button-row">
        <CopyButton value={secret} label={`Copy the ${label}`} target={value} autoFocus />
      </div>
      <p className="muted flush">
        Flowgate keeps only a hash of it. If you lose it, revoke it and create a new one.
      </p>
    </div>
  );
}

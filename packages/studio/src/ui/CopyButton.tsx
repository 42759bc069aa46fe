import { type RefObject, useEffect, useState } from 'react';
import { copyText } from './copy-text.ts';

interface CopyButtonProps {
  value: string;
  /** Says what is copied, for screen readers and the tooltip: "Copy Project ID". */
  label?: string;
  /** Where the text is shown: selected when the clipboard is refused. */
  target?: RefObject<Element | null>;
  className?: string;
  /** Takes the focus when shown (a secret shown once: Enter copies it). */
  autoFocus?: boolean;
}

const RESET_MS = 2000;

/** Copies `value`; says "Copied" for two seconds, or "Press Ctrl+C" with the text selected when copying is refused. */
export function CopyButton({ value, label = 'Copy', target, className, autoFocus }: CopyButtonProps) {
  const [state, setState] = useState<'idle' | 'copied' | 'selected'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = window.setTimeout(() => setState('idle'), RESET_MS);
    return () => window.clearTimeout(timer);
  }, [state]);
  const text = state === 'copied' ? 'Copied' : state === 'selected' ? 'Press Ctrl+C' : 'Copy';
  return (
    <>
      <button
        type="button"
        className={`button secondary copy-button${state === 'copied' ? ' is-copied' : ''} ${className ?? ''}`}
        aria-label={state === 'idle' ? label : `${label}: ${text}`}
        title={label}
        // biome-ignore lint/a11y/noAutofocus: only for a secret shown once, so the keyboard lands on its copy button.
        autoFocus={autoFocus}
        data-autofocus={autoFocus ? true : undefined}
        onClick={() => void copyText(value, target?.current ?? null).then(setState)}
      >
        <CopyIcon copied={state === 'copied'} />
        {text}
      </button>
      <span className="visually-hidden" role="status">
        {state === 'copied'
          ? 'Copied to the clipboard.'
          : state === 'selected'
            ? 'Selected: press Ctrl+C to copy.'
            : ''}
      </span>
    </>
  );
}

/** Two stacked sheets, or a tick once copied (drawn, so no font has to have the glyph). */
function CopyIcon({ copied }: { copied: boolean }) {
  return (
    <svg
      aria-hidden="true"
      width="14"
      height="14"
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.6"
    >
      {copied ? (
        <path d="M3 8.5l3.2 3L13 4.5" strokeLinecap="round" strokeLinejoin="round" />
      ) : (
        <>
          <rect x="5.5" y="5.5" width="8" height="8" rx="1.5" />
          <path d="M10.5 3.5v-.5A1.5 1.5 0 0 0 9 1.5H3A1.5 1.5 0 0 0 1.5 3v6A1.5 1.5 0 0 0 3 10.5h.5" />
        </>
      )}
    </svg>
  );
}

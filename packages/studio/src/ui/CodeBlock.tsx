import { useRef } from 'react';
import { CopyButton } from './CopyButton.tsx';

interface CodeBlockProps {
  code: string;
  /** What the code is, e.g. "curl request": names the copy button and the scroll region. */
  label: string;
  testId?: string;
}

/** Monospace code that scrolls sideways inside its box (never the page), with a copy button. */
export function CodeBlock({ code, label, testId }: CodeBlockProps) {
  const pre = useRef<HTMLPreElement>(null);
  return (
    <section className="code-block" aria-label={label}>
      <div className="code-toolbar">
        <CopyButton value={code} label={`Copy ${label}`} target={pre} />
      </div>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard to scroll it. */}
      <pre ref={pre} tabIndex={0} data-testid={testId}>
        <code>{code}</code>
      </pre>
    </section>
  );
}
